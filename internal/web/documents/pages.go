package documents

import (
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/web"
)

// crumb is one step of the page's breadcrumbs.
type crumb struct{ Href, Text string }

// resultsData is what the page of a drafted report shows: a plan's results
// report or a coordinator's summary, which share the page.
type resultsData struct {
	Crumbs    []crumb
	Heading   string
	Base      string            // the report's address: its forms and exports hang under it
	PageURL   string            // where the period selector goes
	Hidden    map[string]string // the selector's other fields
	Period    period.Period
	Periods   []period.Period
	Draft     results.Draft
	Stored    domain.ResultsReport
	Revisions []domain.ResultsRevision
	// Preview is the section being previewed and its text as HTML.
	Preview     string
	PreviewHTML template.HTML
	// Linked are the periodic reports of the same period that go with a
	// plan's results report to the coordinator.
	Linked     []linkedReport
	CanEdit    bool
	CanApprove bool
	CanSend    bool
	CanReview  bool
	CanReturn  bool
}

// WorkflowURL and WorkflowVersion are where the page's workflow forms post.
func (d resultsData) WorkflowURL() string  { return d.Base + "/workflow" }
func (d resultsData) WorkflowVersion() int { return d.Stored.Version }

// SectionHTML renders what the officer wrote in a section, the same safe
// Markdown as the portal's posts.
func (d resultsData) SectionHTML(key string) template.HTML { return markup.HTML(d.Stored.Texts[key]) }

// Activity and figure lines as the document prints them.
func (d resultsData) ActivityLine(a results.Activity) string { return results.ActivityLine(a) }
func (d resultsData) FigureLine(f results.Figure) string     { return results.FigureLine(f) }
func (d resultsData) AssignmentLine(it results.Item) string  { return results.AssignmentLine(it) }

// resultsDoc is a plan's results report for the period of ?period= (or the
// path's {period}) as a drafted document: written by those who edit the
// plan once it is in effect, approved by its unit's leaders, reviewed by
// the coordinator above, and sent with the period's periodic reports.
func (s *Handler) resultsDoc(r *http.Request) (*drafted, error) {
	pl, err := s.loadPlan(r)
	if err != nil {
		return nil, err
	}
	per, err := periodOf(r, pl)
	if err != nil {
		return nil, err
	}
	// The templates the unit reports on decide the addressee, the appendix,
	// the late reports and the periodic reports that go with it: read once
	// for the request.
	var tpls []domain.Template
	templates := func(r *http.Request) ([]domain.Template, error) {
		if tpls != nil {
			return tpls, nil
		}
		t, err := s.templatesOf(r.Context(), pl, per.End.Format(time.DateOnly))
		if err != nil {
			return nil, err
		}
		tpls = append([]domain.Template{}, t...) // not nil, even when empty: read
		return tpls, nil
	}
	lang := web.State(r).Lang
	id := strconv.FormatInt(pl.ID, 10)
	d := &drafted{Key: domain.PlanResults(pl.ID, per.ID), Issuer: domain.IssuerOfPlan(pl), IssuerPath: pl.OrgPath, Nav: "plans",
		Heading: web.PickLang(lang, "Báo cáo kết quả thực hiện kế hoạch", "Results report"),
		Crumbs:  []crumb{{"/app/plans", web.PickLang(lang, "Kế hoạch", "Plans")}, {"/app/plans/" + id, pl.Header.Title}},
		Base:    "/app/plans/" + id + "/results/" + per.ID, PageURL: "/app/plans/" + id + "/results",
		Period: per, Periods: periodsOf(pl), Title: results.Title(pl, per),
		FileName: "bao-cao-ket-qua-" + strings.ToLower(pl.OrgCode) + "-" + strings.ToLower(per.ID),
		CanWrite: func(u domain.User) bool { return auth.CanEditPlan(u, pl) },
		// The coordinator above reviews it, never the agency itself.
		CanReview: func(u domain.User) bool {
			return auth.CanReviewReport(u, pl.OrgPath) && !strings.HasPrefix(u.OrgCode, pl.OrgCode)
		},
		Linked: func(r *http.Request) ([]linkedReport, error) {
			t, err := templates(r)
			if err != nil {
				return nil, err
			}
			return s.linkedReports(r.Context(), pl, per, t)
		},
		Build: func(r *http.Request) (results.Draft, domain.ResultsReport, error) {
			t, err := templates(r)
			if err != nil {
				return results.Draft{}, domain.ResultsReport{}, err
			}
			return s.draft(r, pl, per, t)
		}}
	if !pl.Status.InEffect() {
		d.Closed = errPlanNotInEffect
	}
	return d, nil
}

// errPlanNotInEffect refuses to write the results of a plan not yet
// approved: there is nothing carried out to report on.
var errPlanNotInEffect = errs.New(errs.Conflict, "kế hoạch chưa được phê duyệt nên chưa lập báo cáo kết quả thực hiện",
	"the plan is not approved yet: there are no results to report")

// renderDoc renders a drafted report's page, with the refused form or the
// preview asked for.
func (s *Handler) renderDoc(w http.ResponseWriter, r *http.Request, p *web.Page, status int, d *resultsData, ferr error) {
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	if key := r.PostFormValue("section"); ferr == nil && r.Method == http.MethodPost && r.PostFormValue("action") == "preview" {
		d.Preview, d.PreviewHTML = key, markup.HTML(r.PostFormValue("text"))
		p.Form.Values = r.PostForm
	}
	p.Data = *d
	s.Render(w, r, status, "results", p)
}

// markupCheck refuses unsafe markup in a section's text, naming the field.
func markupCheck(text string) error {
	err := markup.Check(text)
	var e *errs.Error
	if errors.As(err, &e) && e.Field == "body" {
		cp := *e
		cp.Field = "text"
		return &cp
	}
	return err
}
