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
	"tebdg/internal/markup"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
	"tebdg/internal/web/reports"
)

// The coordinator's summary of the agencies' reports for a programme and a
// period, at /app/summaries/{org}/{programme}/{period}: org is the unit
// whose agencies are summed up (the province), programme "children",
// "gender" or "all". It is issued by the unit of the coordinators over org
// for that programme, so everyone who opens it finds the same report.

// summaryCtx is a summary's place: what it sums up and who issues it.
type summaryCtx struct {
	Scope, Issuer domain.OrgUnit
	Programme     domain.Programme
	Period        period.Period
	Key           domain.ResultsKey
}

func (c summaryCtx) base() string {
	prog := string(c.Programme)
	if prog == "" {
		prog = "all"
	}
	return "/app/summaries/" + c.Scope.Code + "/" + prog + "/" + c.Period.ID
}

func (c summaryCtx) issuer() domain.Issuer {
	return domain.Issuer{OrgID: c.Issuer.ID, OrgCode: c.Issuer.Code}
}

// loadSummary reads the path and checks that the user may read the summary:
// its coordinators, and the managers of its issuing unit (who approve it).
func (s *Handler) loadSummary(r *http.Request) (summaryCtx, error) {
	var c summaryCtx
	u := *web.State(r).User
	scope, err := s.store.OrgUnit(r.Context(), r.PathValue("org"))
	if err != nil {
		return c, errs.ErrNotFound
	}
	c.Scope = scope
	switch prog := r.PathValue("programme"); prog {
	case "all":
	case string(domain.ProgrammeChildren), string(domain.ProgrammeGender):
		c.Programme = domain.Programme(prog)
	default:
		return c, errs.Field("programme", "chương trình phải là children, gender hoặc all", "the programme must be children, gender or all")
	}
	if c.Period, err = period.Parse(r.PathValue("period"), period.Decree09); err != nil || c.Period.Type == period.Monthly {
		return c, errs.Field("period", "kỳ báo cáo không hợp lệ: dùng 2024Q1, 2024S1, 2024N9 hoặc 2024", "invalid period; use 2024Q1, 2024S1, 2024N9 or 2024")
	}
	units, err := s.store.CoordinatorUnits(r.Context(), scope.Path, c.Programme)
	if err != nil {
		return c, err
	}
	if len(units) == 0 {
		return c, errs.ErrNotFound // nobody coordinates here: there is no summary to make
	}
	c.Issuer = units[0]
	if !auth.CanCoordinate(u, scope.Path, c.Programme) && !auth.CanWritePlans(u, c.Issuer.Path) {
		return c, errs.ErrNotFound
	}
	c.Key = domain.ResultsKey{Kind: domain.KindSummary, OwnerID: c.Issuer.ID, Programme: c.Programme, Period: c.Period.ID}
	return c, nil
}

// summaryDoc is the summary as a drafted document of the area's pages.
func (s *Handler) summaryDoc(r *http.Request) (*drafted, error) {
	c, err := s.loadSummary(r)
	if err != nil {
		return nil, err
	}
	prog := string(c.Programme)
	if prog == "" {
		prog = "all"
	}
	lang := web.State(r).Lang
	d := &drafted{Key: c.Key, Issuer: c.issuer(), IssuerPath: c.Issuer.Path, Base: c.base(), Nav: "reports", Period: c.Period,
		Heading: web.PickLang(lang, "Báo cáo tổng hợp", "Summary report") + " · " + c.Scope.DisplayName(lang),
		Crumbs:  []crumb{{"/app/reports", web.PickLang(lang, "Báo cáo định kỳ", "Periodic reports")}},
		PageURL: "/app/summaries", Hidden: map[string]string{"org": c.Scope.Code, "programme": prog},
		Title: results.SummaryTitle(c.Programme, c.Period, c.Scope.Name), FileName: "bao-cao-tong-hop-" + strings.ToLower(c.Scope.Code) + "-" + strings.ToLower(c.Period.ID),
		// A coordinator of the programme over the scope who works at the
		// issuing unit writes it.
		CanWrite: func(u domain.User) bool {
			return auth.CanCoordinate(u, c.Scope.Path, c.Programme) && u.OrgID == c.Issuer.ID
		},
		Build: func(r *http.Request) (results.Draft, domain.ResultsReport, error) { return s.summaryDraft(r, c) }}
	for y := c.Period.Year() - 2; y <= s.Now().Year(); y++ {
		d.Periods = append(d.Periods, periodsOfYear(y)...)
	}
	return d, nil
}

// summaryDraft loads what the summary is drafted from and drafts it.
func (s *Handler) summaryDraft(r *http.Request, c summaryCtx) (results.Draft, domain.ResultsReport, error) {
	ctx := r.Context()
	stored, err := s.store.ResultsReport(ctx, c.Key)
	if err != nil {
		return results.Draft{}, stored, err
	}
	from, to := c.Period.Start.Format(time.DateOnly), c.Period.End.Format(time.DateOnly)
	parent, place := s.reports.ProvinceOf(r, c.Issuer)
	in := results.SummaryInput{Programme: c.Programme, Period: c.Period, ParentIssuer: parent, Issuer: c.Issuer.Name, Place: place,
		Scope: c.Scope.Name, Stored: stored}
	if in.Signer.Title, err = s.signerTitle(ctx, c.Issuer); err != nil {
		return results.Draft{}, stored, err
	}
	if c.Scope.Kind == domain.KindProvince {
		in.To = []string{"Ủy ban nhân dân " + results.LowerFirst(c.Scope.Name)}
	}
	templates, err := s.summaryTemplates(ctx, c)
	if err != nil {
		return results.Draft{}, stored, err
	}
	var agencies []domain.OrgUnit
	for _, t := range templates {
		orgs, err := s.store.ExpectedOrgs(ctx, t, to)
		if err != nil {
			return results.Draft{}, stored, err
		}
		for _, o := range orgs {
			if !slices.ContainsFunc(agencies, func(a domain.OrgUnit) bool { return a.ID == o.ID }) {
				agencies = append(agencies, o)
			}
		}
	}
	agencies = web.SortUnits(agencies, "vi")
	if in.Agencies, in.Late, err = s.agencyLines(ctx, c, templates, agencies); err != nil {
		return results.Draft{}, stored, err
	}
	if in.Figures, err = s.summaryFigures(r, c, templates, agencies); err != nil {
		return results.Draft{}, stored, err
	}
	if in.Issued, err = s.store.OutgoingDocs(ctx, c.Issuer.ID, 0, from, to); err != nil {
		return results.Draft{}, stored, err
	}
	d := results.BuildSummary(in)
	return d, stored, nil
}

// summaryTemplates are the active templates of the scope for the
// programme: a summary of one programme takes the templates of both too.
func (s *Handler) summaryTemplates(ctx context.Context, c summaryCtx) ([]domain.Template, error) {
	all, err := s.store.Templates(ctx)
	if err != nil {
		return nil, err
	}
	var out []domain.Template
	for _, t := range all {
		if t.Active && strings.HasPrefix(t.OrgPath, c.Scope.Path) && (c.Programme == "" || t.Programme == "" || t.Programme == c.Programme) {
			out = append(out, t)
		}
	}
	return out, nil
}

// agencyLines writes, for each agency, the state of its reports of the
// period and the first lines of what its latest report says, and lists
// those sent late or not at all.
func (s *Handler) agencyLines(ctx context.Context, c summaryCtx, templates []domain.Template, agencies []domain.OrgUnit) ([]results.Agency, []string, error) {
	today := s.Today()
	hs, err := s.store.HolidaySet(ctx)
	if err != nil {
		return nil, nil, err
	}
	byAgency := map[int64]*results.Agency{}
	out := make([]results.Agency, len(agencies))
	for i, a := range agencies {
		out[i] = results.Agency{Name: a.Name}
		byAgency[a.ID] = &out[i]
	}
	latest := map[int64]domain.Report{}
	latestTpl := map[int64]domain.Template{}
	var late []string
	for _, t := range templates {
		rule, _ := period.ParseRule(t.PeriodRule)
		typ, _ := period.ParseType(t.PeriodType)
		list, err := s.store.Reports(ctx, store.ReportFilter{TemplateID: t.ID, OrgPath: c.Scope.Path,
			From: c.Period.Start.AddDate(0, -1, 0).Format(time.DateOnly), To: c.Period.End.Format(time.DateOnly)})
		if err != nil {
			return nil, nil, err
		}
		have := map[int64]map[string]domain.Report{}
		for _, rp := range list {
			if have[rp.OrgID] == nil {
				have[rp.OrgID] = map[string]domain.Report{}
			}
			have[rp.OrgID][rp.Period] = rp
		}
		type state struct{ accepted, waiting, missing []string }
		states := map[int64]*state{}
		for _, org := range agencies {
			states[org.ID] = &state{}
		}
		for _, sub := range c.Period.SubPeriods(typ) {
			if p2, err := period.Parse(sub.ID, rule); err == nil {
				sub = p2
			}
			due := sub.Deadline(t.DeadlineDays, hs).Format(time.DateOnly)
			for _, org := range agencies {
				st := states[org.ID]
				rp, ok := have[org.ID][sub.ID]
				label := results.LowerFirst(sub.Label("vi"))
				switch {
				case ok && rp.Status == domain.ReportAccepted:
					st.accepted = append(st.accepted, label)
				case ok && rp.Status == domain.ReportSubmitted:
					st.waiting = append(st.waiting, label)
				case due < today:
					st.missing = append(st.missing, label+" (hạn "+web.DMY(due)+")")
					byAgency[org.ID].Missing = true
					late = append(late, org.Name+": báo cáo “"+t.Name+"” "+label+" chưa gửi, quá hạn "+web.DMY(due)+".")
					continue
				default:
					continue // not due yet
				}
				if rp.Late(today) {
					late = append(late, org.Name+": báo cáo “"+t.Name+"” "+label+" gửi ngày "+vntext.FormatDate(rp.SubmittedAt.In(vntext.Location))+
						", chậm so với hạn "+web.DMY(due)+".")
				}
				if prev, seen := latest[org.ID]; !seen || rp.End > prev.End || rp.End == prev.End && rp.Status == domain.ReportAccepted {
					latest[org.ID], latestTpl[org.ID] = rp, t
				}
			}
		}
		for _, org := range agencies {
			st := states[org.ID]
			var parts []string
			if len(st.accepted) > 0 {
				parts = append(parts, "đã tiếp nhận "+strings.Join(st.accepted, ", "))
			}
			if len(st.waiting) > 0 {
				parts = append(parts, "đã gửi, chờ tiếp nhận "+strings.Join(st.waiting, ", "))
			}
			if len(st.missing) > 0 {
				parts = append(parts, "chưa gửi "+strings.Join(st.missing, ", "))
			}
			if len(parts) > 0 {
				ag := byAgency[org.ID]
				ag.Reports = append(ag.Reports, "Báo cáo “"+t.Name+"”: "+strings.Join(parts, "; ")+".")
			}
		}
	}
	for id, rp := range latest {
		t, ag := latestTpl[id], byAgency[id]
		if len(t.Sections) > 0 {
			ag.Results = results.FirstLines(rp.Narrative[t.Sections[0]], 3)
		}
		if len(t.Sections) > 1 {
			ag.Problems = results.FirstLines(rp.Narrative[t.Sections[1]], 2)
		}
	}
	// An agency that sent its plan's results report for the period is
	// summed up by its own assessment too.
	ids := make([]int64, len(agencies))
	for i, org := range agencies {
		ids[i] = org.ID
	}
	sent, err := s.store.SentResults(ctx, ids, c.Period.ID)
	if err != nil {
		return nil, nil, err
	}
	for id, rr := range sent {
		byAgency[id].Assessment = results.FirstLines(markup.Text(rr.Texts[domain.SectionAssessment]), 3)
	}
	return out, late, nil
}

// summaryFigures rolls the templates' indicators up over the scope, with
// each agency's value and share of the total.
func (s *Handler) summaryFigures(r *http.Request, c summaryCtx, templates []domain.Template, agencies []domain.OrgUnit) ([]results.Figure, error) {
	var codes []string
	for _, t := range templates {
		for _, code := range t.Indicators {
			if !slices.Contains(codes, code) {
				codes = append(codes, code)
			}
		}
	}
	all, err := s.store.Indicators(r.Context(), store.IndicatorFilter{Codes: codes})
	if err != nil {
		return nil, err
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range all {
		byCode[ind.Code] = ind
	}
	var inds []domain.Indicator
	for _, code := range codes {
		if ind, ok := byCode[code]; ok && ind.ValueType.Numeric() {
			inds = append(inds, ind)
		}
	}
	if len(inds) == 0 {
		return nil, nil
	}
	totals, err := s.reports.Figures(r, reports.FigureQuery{Indicators: inds, Org: c.Scope, Period: c.Period})
	if err != nil {
		return nil, err
	}
	parts, err := s.reports.Figures(r, reports.FigureQuery{Indicators: inds, Org: c.Scope, Period: c.Period, ByOrg: agencies})
	if err != nil {
		return nil, err
	}
	var out []results.Figure
	for _, ind := range inds {
		f := results.Figure{Code: ind.Code, Name: ind.Name, Unit: ind.Unit}
		var total float64
		for _, v := range totals {
			if v.Indicator == ind.Code && v.Category == analytics.Total && v.OK {
				total, f.Value = v.Value, analytics.FormatValue(ind, v.Value)
			}
		}
		values := make([]float64, len(agencies))
		shown := make([]string, len(agencies))
		for _, v := range parts {
			if v.Indicator == ind.Code && v.Category == analytics.Total && v.OK && v.Group < len(agencies) {
				values[v.Group], shown[v.Group] = v.Value, analytics.FormatValue(ind, v.Value)
			}
		}
		// A share is meaningful for what adds up across agencies, not for
		// a ratio or the latest count of a stock.
		var shares []string
		if ind.Aggregation == domain.AggSum {
			shares = results.Shares(total, values)
		}
		for i, a := range agencies {
			p := results.Part{Unit: a.Name, Value: shown[i]}
			if shares != nil && shown[i] != "" {
				p.Share = shares[i]
			}
			f.Parts = append(f.Parts, p)
		}
		out = append(out, f)
	}
	return out, nil
}

// handleSummaryIndex sends the period selector's choice to its summary.
func (s *Handler) handleSummaryIndex(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	prog := q.Get("programme")
	if prog == "" {
		prog = "all"
	}
	per := q.Get("period")
	if per == "" {
		per = strconv.Itoa(s.Now().In(vntext.Location).Year())
	}
	org := q.Get("org")
	if org == "" {
		u := *web.State(r).User
		for _, a := range u.Assignments {
			if a.Role == domain.RoleCoordinator {
				org = a.OrgCode
				break
			}
		}
	}
	if org == "" {
		s.Fail(w, r, errs.Field("org", "chọn đơn vị cần tổng hợp", "choose the unit to sum up"))
		return
	}
	web.Redirect(w, r, "/app/summaries/"+org+"/"+prog+"/"+per)
}

// periodsOfYear lists the periods a report of a year can cover.
func periodsOfYear(y int) []period.Period {
	var out []period.Period
	for _, t := range []period.Type{period.Quarterly, period.SixMonthly, period.NineMonthly, period.Yearly} {
		ps, err := period.List(t, y, period.Decree09)
		if err != nil {
			continue
		}
		for _, p := range ps {
			if t == period.SixMonthly && strings.HasSuffix(p.ID, "2") {
				continue // the second half is reported as the year
			}
			out = append(out, p)
		}
	}
	return out
}
