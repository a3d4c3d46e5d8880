package documents

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/analytics"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
	"tebdg/internal/web/reports"
)

// loadPlan loads the plan of the path's {id} with its tree; a plan the user
// may not read is not found.
func (s *Handler) loadPlan(r *http.Request) (domain.Plan, error) {
	return web.Load(r, s.store.PlanTree, auth.CanReadPlan)
}

// periodOf reads the report's period: ?period= (or the path's {period}),
// by default the plan's last year. Results are reported by quarter, six
// months, nine months and year (Decree 09/2019 cut-offs), within the plan's
// years.
func periodOf(r *http.Request, pl domain.Plan) (period.Period, error) {
	id := r.PathValue("period")
	if id == "" {
		id = r.URL.Query().Get("period")
	}
	if id == "" {
		id = strconv.Itoa(pl.YearTo)
	}
	p, err := period.Parse(id, period.Decree09)
	if err != nil {
		return p, errs.Field("period", "kỳ báo cáo không hợp lệ: dùng 2024Q1, 2024S1, 2024N9 hoặc 2024", "invalid period; use 2024Q1, 2024S1, 2024N9 or 2024")
	}
	if p.Type == period.Monthly {
		return p, errs.Field("period", "báo cáo kết quả lập theo quý, 6 tháng, 9 tháng hoặc năm", "results are reported by quarter, six months, nine months or year")
	}
	if y := p.Year(); y < pl.YearFrom || y > pl.YearTo {
		return p, errs.Fieldf("period", "kỳ báo cáo nằm ngoài thời gian của kế hoạch (%s)", "the period is outside the plan's years (%s)", pl.YearsText())
	}
	return p, nil
}

// periodsOf lists the periods a plan can report on, year by year.
func periodsOf(pl domain.Plan) []period.Period {
	var out []period.Period
	for y := pl.YearFrom; y <= pl.YearTo; y++ {
		out = append(out, periodsOfYear(y)...)
	}
	return out
}

// draft loads every fact the report is drafted from and drafts it.
func (s *Handler) draft(r *http.Request, pl domain.Plan, per period.Period, templates []domain.Template) (results.Draft, domain.ResultsReport, error) {
	ctx := r.Context()
	stored, err := s.store.ResultsReport(ctx, domain.PlanResults(pl.ID, per.ID))
	if err != nil {
		return results.Draft{}, stored, err
	}
	in := results.Input{Plan: pl, Period: per, Today: s.Today(), Stored: stored}
	from, to := per.Start.Format(time.DateOnly), per.End.Format(time.DateOnly)
	if in.Activities, in.Evidence, err = s.store.PlanActivities(ctx, pl.ID, from, to); err != nil {
		return results.Draft{}, stored, err
	}
	if in.To, err = s.addressees(ctx, pl, templates); err != nil {
		return results.Draft{}, stored, err
	}
	codes := []string{}
	for _, t := range templates {
		for _, c := range t.Indicators {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	}
	in.Appendix = slices.Clone(codes)
	domain.Walk(pl.Items, func(it *domain.PlanItem, _ int) {
		for _, c := range it.Indicators {
			if !slices.Contains(codes, c) {
				codes = append(codes, c)
			}
		}
	})
	if in.Figures, err = s.figures(r, pl, per, codes); err != nil {
		return results.Draft{}, stored, err
	}
	if in.Issued, err = s.store.OutgoingDocs(ctx, pl.OrgID, 0, from, to); err != nil {
		return results.Draft{}, stored, err
	}
	if in.Late, err = s.lateReports(ctx, pl, per, templates); err != nil {
		return results.Draft{}, stored, err
	}
	if per.Type == period.Yearly {
		if in.Next, err = s.nextPlan(r, pl, per.Year()+1); err != nil {
			return results.Draft{}, stored, err
		}
	}
	return results.Build(in), stored, nil
}

// linkedReport is a periodic report that goes with a results report.
type linkedReport struct {
	Report   domain.Report
	Template domain.Template
	URL      string
}

// linkedReports finds the plan's unit's periodic reports of exactly the
// results report's period (the yearly report with the year's results, the
// quarter's with the quarter's): they go to the coordinator together.
func (s *Handler) linkedReports(ctx context.Context, pl domain.Plan, per period.Period, templates []domain.Template) ([]linkedReport, error) {
	var out []linkedReport
	for _, t := range templates {
		list, err := s.store.Reports(ctx, store.ReportFilter{TemplateID: t.ID, Period: per.ID, OrgPath: pl.OrgPath})
		if err != nil {
			return nil, err
		}
		for _, rp := range list {
			if rp.OrgID == pl.OrgID {
				out = append(out, linkedReport{Report: rp, Template: t, URL: "/app/reports/" + t.Code + "/" + pl.OrgCode + "/" + per.ID})
			}
		}
	}
	return out, nil
}

// signerTitle is the title the unit signs with: that of its latest plan,
// nil when it has none on record.
func (s *Handler) signerTitle(ctx context.Context, org domain.OrgUnit) ([]string, error) {
	plans, _, err := s.store.Plans(ctx, domain.Scope{Paths: []string{org.Path}}, store.PlanFilter{OrgPath: org.Path}, store.Page{Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, p := range plans {
		if p.OrgID == org.ID && p.Signer.Title != "" {
			return strings.Split(p.Signer.Title, "\n"), nil
		}
	}
	return nil, nil
}

// templatesOf lists the active templates the plan's unit reports on.
func (s *Handler) templatesOf(ctx context.Context, pl domain.Plan, day string) ([]domain.Template, error) {
	all, err := s.store.Templates(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.Template
	for _, t := range all {
		if !t.Active {
			continue
		}
		orgs, err := s.store.ExpectedOrgs(ctx, t, day)
		if err != nil {
			return nil, err
		}
		for _, o := range orgs {
			if o.ID == pl.OrgID {
				out = append(out, t)
				break
			}
		}
	}
	return out, nil
}

// addressees are the units that coordinate the plan's unit: the home units
// of its coordinators, else the units that own its templates.
func (s *Handler) addressees(ctx context.Context, pl domain.Plan, templates []domain.Template) ([]string, error) {
	units, err := s.store.CoordinatorUnits(ctx, pl.OrgPath, "")
	if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range units {
		if u.ID != pl.OrgID {
			out = append(out, u.Name)
		}
	}
	if len(out) == 0 {
		for _, t := range templates {
			if !slices.Contains(out, t.OrgName) {
				out = append(out, t.OrgName)
			}
		}
	}
	return out, nil
}

// figures computes each indicator's figure for the plan's unit and its
// subtree over the period and the same period a year before, with the
// year's target.
func (s *Handler) figures(r *http.Request, pl domain.Plan, per period.Period, codes []string) (map[string]results.Figure, error) {
	out := map[string]results.Figure{}
	if len(codes) == 0 {
		return out, nil
	}
	ctx := r.Context()
	all, err := s.store.Indicators(ctx, store.IndicatorFilter{Codes: codes})
	if err != nil {
		return nil, err
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range all {
		byCode[ind.Code] = ind
	}
	var inds []domain.Indicator
	for _, c := range codes {
		if ind, ok := byCode[c]; ok && ind.ValueType.Numeric() {
			inds = append(inds, ind)
		}
	}
	org, err := s.store.OrgUnitByID(ctx, pl.OrgID)
	if err != nil {
		return nil, err
	}
	last := per.SameLastYear()
	whole := last
	whole.End = per.End
	vals, err := s.reports.Figures(r, reports.FigureQuery{Indicators: inds, Org: org, Period: whole, ByPeriod: []period.Period{per, last}})
	if err != nil {
		return nil, err
	}
	targets, err := s.store.Targets(ctx, pl.OrgID)
	if err != nil {
		return nil, err
	}
	for _, ind := range inds {
		f := results.Figure{Code: ind.Code, Name: ind.Name, Unit: ind.Unit}
		var value *float64
		for _, v := range vals {
			if v.Indicator != ind.Code || v.Category != analytics.Total || !v.OK {
				continue
			}
			x := v.Value
			switch v.Group {
			case 0:
				f.Value, value = analytics.FormatValue(ind, x), &x
			case 1:
				f.LastYear = analytics.FormatValue(ind, x)
			}
		}
		if t, ok := targets[ind.ID][per.Year()]; ok && t[1] != nil {
			f.Target = analytics.FormatValue(ind, *t[1])
			// A yearly target is judged on the year's report only: a
			// quarter is not expected to reach it.
			f.Missed = per.Type == period.Yearly && (value == nil || *value < *t[1])
		}
		out[ind.Code] = f
	}
	return out, nil
}

// lateReports lists the unit's periodic reports of the period that were
// sent after their due day, or not at all though due.
func (s *Handler) lateReports(ctx context.Context, pl domain.Plan, per period.Period, templates []domain.Template) ([]string, error) {
	today := s.Today()
	hs, err := s.store.HolidaySet(ctx)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, t := range templates {
		rule, _ := period.ParseRule(t.PeriodRule)
		typ, _ := period.ParseType(t.PeriodType)
		list, err := s.store.Reports(ctx, store.ReportFilter{TemplateID: t.ID, OrgPath: pl.OrgPath})
		if err != nil {
			return nil, err
		}
		byPeriod := map[string]domain.Report{}
		for _, rp := range list {
			if rp.OrgID == pl.OrgID {
				byPeriod[rp.Period] = rp
			}
		}
		for _, sub := range per.SubPeriods(typ) {
			if sub.Rule != rule {
				if p2, err := period.Parse(sub.ID, rule); err == nil {
					sub = p2
				}
			}
			due := sub.Deadline(t.DeadlineDays, hs).Format(time.DateOnly)
			rp, ok := byPeriod[sub.ID]
			switch {
			case ok && !rp.SubmittedAt.IsZero() && rp.Late(today):
				out = append(out, "Báo cáo “"+t.Name+"” "+sub.Label("vi")+" gửi ngày "+vntext.FormatDate(rp.SubmittedAt.In(vntext.Location))+
					", chậm so với hạn "+web.DMY(due)+".")
			case (!ok || rp.SubmittedAt.IsZero()) && due < today:
				out = append(out, "Báo cáo “"+t.Name+"” "+sub.Label("vi")+" chưa gửi, đã quá hạn "+web.DMY(due)+".")
			}
		}
	}
	return out, nil
}

// nextPlan returns the unit's plan for year, when it has one the user may
// read.
func (s *Handler) nextPlan(r *http.Request, pl domain.Plan, year int) (*domain.Plan, error) {
	u := *web.State(r).User
	sc, anc := auth.PlanReadScope(u)
	list, _, err := s.store.Plans(r.Context(), sc, store.PlanFilter{Ancestors: anc, OrgPath: pl.OrgPath, Year: year}, store.Page{Limit: 20})
	if err != nil {
		return nil, err
	}
	for _, p := range list {
		if p.OrgID == pl.OrgID && p.ID != pl.ID {
			tree, err := s.store.PlanTree(r.Context(), p.ID)
			if err != nil {
				return nil, err
			}
			return &tree, nil
		}
	}
	return nil, nil
}
