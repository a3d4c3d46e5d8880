package cases

import (
	"net/http"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Intake: a case taken in from a hotline, a walk-in, the police, a
// school, a health facility or the unit's own staff.

type intakeData struct {
	Units     []domain.OrgUnit
	Kinds     []domain.CaseKind
	Sources   []domain.CaseSource
	Risks     []domain.Risk
	DV        []domain.DVMeasure
	Now       string // for the received-at field, in Vietnam's time
	FirstStep domain.CaseStepDef
}

func (s *Handler) intakeUnits(r *http.Request) ([]domain.OrgUnit, error) {
	units, _, err := s.store.OrgUnits(r.Context(), auth.CaseIntakeScope(*web.State(r).User), store.OrgFilter{}, nil)
	return web.SortUnits(units, web.State(r).Lang), err
}

func (s *Handler) handleNew(w http.ResponseWriter, r *http.Request) {
	s.newPageFor(w, r, http.StatusOK, nil)
}

func (s *Handler) newPageFor(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	if err := requireCaseRole(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	units, err := s.intakeUnits(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	now := s.Now().In(vntext.Location).Format("2006-01-02T15:04")
	d := intakeData{Units: units, Kinds: domain.CaseKinds, Sources: domain.CaseSources, Risks: domain.Risks, DV: domain.DVMeasures,
		Now: now, FirstStep: domain.CaseSteps[0]}
	p := s.newPage(r, "")
	p.Title = p.T("Tiếp nhận vụ việc", "Take in a case")
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		p.Form.Values = map[string][]string{"received_at": {now}, "risk": {string(domain.RiskMedium)}, "org": {web.State(r).User.OrgCode}}
	}
	p.Data = d
	s.Render(w, r, status, "case-new", p)
}

// caseFromForm reads the intake form.
func caseFromForm(r *http.Request) (domain.Case, error) {
	f := r.PostFormValue
	c := domain.Case{Kind: domain.CaseKind(f("kind")), Source: domain.CaseSource(f("source")), Risk: domain.Risk(f("risk")),
		Subject: domain.CaseSubject{FullName: f("subject.full_name"), BirthDate: f("subject.birth_date"), Sex: f("subject.sex"),
			Address: f("subject.address"), Phone: f("subject.phone"), IDNumber: f("subject.id_number")},
		Reporter: domain.CaseReporter{Anonymous: f("reporter.anonymous") != "", Name: f("reporter.name"), Contact: f("reporter.contact"), Relation: f("reporter.relation")},
		Summary:  f("summary"), Measures: f("measures"), DVMeasures: r.PostForm["dv_measures"]}
	at, err := parseWhen(f("received_at"))
	if err != nil {
		return c, errs.Field("received_at", "thời điểm tiếp nhận viết dạng ngày và giờ, ví dụ 2025-03-10 14:30", "write when it was received as a date and time, like 2025-03-10 14:30")
	}
	c.ReceivedAt = at
	return c, nil
}

// parseWhen reads a moment as a form or a client writes it: RFC 3339, or
// a date and time (or a date alone) in Vietnam's time.
func parseWhen(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC(), nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", time.DateOnly} {
		if t, err := time.ParseInLocation(layout, v, vntext.Location); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, errs.Field("at", "thời điểm không hợp lệ", "not a valid time")
}

func (s *Handler) handleCreate(w http.ResponseWriter, r *http.Request) {
	if err := requireCaseRole(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	c, err := caseFromForm(r)
	if err == nil {
		c, err = s.create(r, r.PostFormValue("org"), c)
	}
	if err != nil {
		s.newPageFor(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, caseURL(c.ID), "created")
}

// create takes in the case for the unit of code org, which must be one of
// the reader's case units.
func (s *Handler) create(r *http.Request, code string, c domain.Case) (domain.Case, error) {
	u := *web.State(r).User
	if code == "" {
		code = u.OrgCode
	}
	org, err := s.store.OrgUnit(r.Context(), code)
	if err != nil || !auth.CaseIntakeScope(u).Reaches(org.Path) {
		return c, errs.Field("org", "chọn đơn vị bạn tiếp nhận vụ việc cho", "choose a unit you take in cases for")
	}
	hs, err := s.store.HolidaySet(r.Context())
	if err != nil {
		return c, err
	}
	return s.store.CreateCase(r.Context(), web.State(r).Actor(), org, c, hs)
}
