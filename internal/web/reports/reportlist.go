package reports

import (
	"net/http"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

type reportsData struct {
	Duties    []web.DueReport
	Reviewing []domain.Template
	Today     string
	// Coordinating are the units whose agencies the user's summary report
	// covers, for the year Year.
	Coordinating []domain.OrgUnit
	Year         int
}

// handleReports lists what the user reports, and the templates whose
// reports they review.
func (s *Handler) handleReports(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.newPage(r, "", "reports")
	p.Title = p.T("Báo cáo định kỳ", "Periodic reports")
	d := reportsData{Today: s.Today()}
	var err error
	if d.Duties, err = s.ReportDuties(r, u, false); err != nil {
		s.Fail(w, r, err)
		return
	}
	templates, err := s.store.Templates(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, t := range templates {
		if auth.CanReviewUnder(u, t.OrgPath) {
			d.Reviewing = append(d.Reviewing, t)
		}
	}
	d.Year = s.Now().Year()
	for _, a := range u.Assignments {
		if a.Role == domain.RoleCoordinator {
			if o, err := s.store.OrgUnit(r.Context(), a.OrgCode); err == nil {
				d.Coordinating = append(d.Coordinating, o)
			}
		}
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "reports", p)
}

type completenessRow struct {
	Org    domain.OrgUnit
	Report *domain.Report
	Status domain.ReportStatus
	OnTime bool
	Late   bool
	URL    string
}

type completenessData struct {
	Template                        domain.Template
	Period                          period.Period
	Periods                         []period.Period
	DueOn                           string
	Rows                            []completenessRow
	Expected, OnTime, Late, Missing int
	Accepted, Submitted, Draft, Ret int
	Percent, PercentOnTime          int
	Today                           string
	// CanGuide: the user coordinates the template's programme and may
	// draft the letter asking for its reports.
	CanGuide bool
}

// handleCompleteness shows, for a template and period, which units were
// expected to report and who did so on time, late, or not at all.
func (s *Handler) handleCompleteness(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	t, err := s.store.Template(r.Context(), r.PathValue("code"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !auth.CanReviewUnder(u, t.OrgPath) && !auth.CanRead(u, domain.OrgUnit{Path: t.OrgPath}) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	typ, _ := period.ParseType(t.PeriodType)
	rule, _ := period.ParseRule(t.PeriodRule)
	now := s.Now().In(vntext.Location)
	cur := period.Containing(typ, rule, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	p := cur.Prev()
	if id := r.URL.Query().Get("period"); id != "" {
		if p, err = period.Parse(id, rule); err != nil || p.Type != typ {
			s.Fail(w, r, errs.Field("period", "kỳ báo cáo không hợp lệ", "not a valid period"))
			return
		}
	}
	hs, err := s.store.HolidaySet(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := completenessData{Template: t, Period: p, DueOn: p.Deadline(t.DeadlineDays, hs).Format(time.DateOnly), Today: s.Today()}
	d.CanGuide = auth.CanCoordinate(u, t.OrgPath, t.Programme)
	for q, i := cur, 0; i < 8; q, i = q.Prev(), i+1 {
		d.Periods = append(d.Periods, q)
	}
	orgs, err := s.store.ExpectedOrgs(r.Context(), t, d.Today)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	reports, err := s.store.Reports(r.Context(), store.ReportFilter{TemplateID: t.ID, Period: p.ID})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	byOrg := map[string]*domain.Report{}
	for i := range reports {
		byOrg[reports[i].OrgCode] = &reports[i]
	}
	for _, o := range orgs {
		if !auth.CanRead(u, o) && !auth.CanReviewReport(u, o.Path) {
			continue
		}
		row := completenessRow{Org: o, Report: byOrg[o.Code], Status: domain.ReportNotStarted,
			URL: "/app/reports/" + t.Code + "/" + o.Code + "/" + p.ID}
		d.Expected++
		if row.Report != nil {
			row.Status = row.Report.Status
		}
		switch {
		case row.Report != nil && !row.Report.SubmittedAt.IsZero() && row.Status != domain.ReportDraft:
			if row.Report.Late(d.Today) {
				row.Late = true
				d.Late++
			} else {
				row.OnTime = true
				d.OnTime++
			}
		default:
			d.Missing++
		}
		switch row.Status {
		case domain.ReportAccepted:
			d.Accepted++
		case domain.ReportSubmitted:
			d.Submitted++
		case domain.ReportReturned:
			d.Ret++
		case domain.ReportDraft:
			d.Draft++
		}
		d.Rows = append(d.Rows, row)
	}
	if d.Expected > 0 {
		d.Percent = (d.OnTime + d.Late) * 100 / d.Expected
		d.PercentOnTime = d.OnTime * 100 / d.Expected
	}
	if web.Downloading(r) {
		s.SendTable(w, r, "tinh-hinh-gui-"+t.Code+"-"+p.ID, completenessTable(d, web.State(r).Lang))
		return
	}
	pg := s.newPage(r, "", "reports")
	pg.Title = pg.T("Tình hình gửi báo cáo", "Completeness") + " · " + t.DisplayName(pg.Lang)
	pg.Data = d
	s.Render(w, r, http.StatusOK, "completeness", pg)
}
