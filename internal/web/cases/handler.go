// Package cases is the confidential case register: intake, the steps of
// the support and intervention procedure, consent and referrals, closure,
// the access history and break-glass, and the aggregates that alone leave
// the register. A case is seen by its assigned caseworkers and the case
// supervisors over its unit; to anyone else it does not exist (404).
package cases

import (
	"embed"
	"io/fs"
	"net/http"
	"strconv"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

//go:embed templates
var templates embed.FS

// Handler serves the register's pages and API.
type Handler struct {
	*web.Server
	store *store.Store
}

// New is the area on the kit k.
func New(k *web.Server) *Handler { return &Handler{Server: k, store: k.Store()} }

// Templates are the area's pages.
func (s *Handler) Templates() fs.FS { return web.Templates(templates) }

// page is the kit's page with the register's labels.
type page struct{ *web.Page }

func (s *Handler) newPage(r *http.Request, title string) *page {
	return &page{s.NewPage(r, title, "cases")}
}

// KindLabel, SourceLabel… name the register's codes in the page's language.
func (p *page) KindLabel(k domain.CaseKind) string           { return k.Label(p.Lang) }
func (p *page) SourceLabel(c domain.CaseSource) string       { return c.Label(p.Lang) }
func (p *page) RiskLabel(r domain.Risk) string               { return r.Label(p.Lang) }
func (p *page) StatusLabel(c domain.CaseStatus) string       { return c.Label(p.Lang) }
func (p *page) StepLabel(c domain.CaseStepCode) string       { return c.Label(p.Lang) }
func (p *page) GiverLabel(g domain.ConsentGiver) string      { return g.Label(p.Lang) }
func (p *page) ReferralLabel(r domain.ReferralStatus) string { return r.Label(p.Lang) }
func (p *page) ServiceKindLabel(k domain.ServiceKind) string { return k.Label(p.Lang) }

// OptionLabel names an option of a list (share parts, age groups, close
// reasons) by its code.
func (p *page) OptionLabel(opts []domain.Option, code string) string {
	for _, o := range opts {
		if o.Code == code {
			return o.Label(p.Lang)
		}
	}
	return code
}

// reader is who reads the register in this request.
func reader(r *http.Request) domain.CaseReader { return auth.CaseReader(*web.State(r).User) }

// caseID reads {id}; a bad one is a case that does not exist.
func caseID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errs.New(errs.NotFound, "không tìm thấy vụ việc", "case not found")
	}
	return id, nil
}

// requireCaseRole refuses the register's pages to users who hold no case
// role: to them the register has nothing.
func requireCaseRole(r *http.Request) error {
	if !auth.WorksCases(*web.State(r).User) {
		return errs.New(errs.NotFound, "không tìm thấy trang", "page not found")
	}
	return nil
}

// open reads the case for this request, with its purpose in the audit
// trail.
func (s *Handler) open(r *http.Request, purpose string) (domain.CaseFile, error) {
	id, err := caseID(r)
	if err != nil {
		return domain.CaseFile{}, err
	}
	return s.store.OpenCase(r.Context(), web.State(r).Actor(), reader(r), id, purpose)
}

// caseURL is the case's page.
func caseURL(id int64) string { return "/app/cases/" + strconv.FormatInt(id, 10) }
