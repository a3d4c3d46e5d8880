package documents

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/observance"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The coordinator's letter asking for a template's reports of a period, at
// /app/templates/{code}/guidance/{period}, and an agency's plan for an
// observance, at /app/plans/{id}/observances/{year}/{code}.

// guidanceDoc is the letter as a drafted document: issued by the unit of
// the template's coordinators, addressed to the units that report on it.
func (s *Handler) guidanceDoc(r *http.Request) (*drafted, error) {
	ctx := r.Context()
	u := *web.State(r).User
	t, err := s.store.Template(ctx, r.PathValue("code"))
	if err != nil {
		return nil, err
	}
	rule, _ := period.ParseRule(t.PeriodRule)
	typ, _ := period.ParseType(t.PeriodType)
	per, err := period.Parse(r.PathValue("period"), rule)
	if err != nil || per.Type != typ {
		return nil, errs.Fieldf("period", "kỳ báo cáo không hợp lệ cho mẫu này (%s)", "not a period of this template (%s)", t.PeriodType)
	}
	units, err := s.store.CoordinatorUnits(ctx, t.OrgPath, t.Programme)
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, errs.ErrNotFound
	}
	issuer := units[0]
	if !auth.CanCoordinate(u, t.OrgPath, t.Programme) && !auth.CanWritePlans(u, issuer.Path) {
		return nil, errs.ErrNotFound
	}
	lang := web.State(r).Lang
	d := &drafted{Key: domain.ResultsKey{Kind: domain.KindGuidance, OwnerID: t.ID, Period: per.ID},
		Issuer: domain.Issuer{OrgID: issuer.ID, OrgCode: issuer.Code}, IssuerPath: issuer.Path, Nav: "templates", Period: per,
		Base:    "/app/templates/" + t.Code + "/guidance/" + per.ID,
		Heading: web.PickLang(lang, "Công văn đề nghị báo cáo", "Letter asking for reports") + " · " + t.DisplayName(lang),
		Crumbs: []crumb{{"/app/templates", web.PickLang(lang, "Mẫu báo cáo", "Templates")},
			{"/app/templates/" + t.Code + "/completeness?period=" + per.ID, web.PickLang(lang, "Tình hình báo cáo", "Completeness")}},
		PageURL: "/app/templates/" + t.Code + "/guidance", Title: results.GuidanceTitle(t, per), DocType: "Công văn",
		FileName: "cong-van-" + strings.ToLower(t.Code) + "-" + strings.ToLower(per.ID),
		CanWrite: func(u domain.User) bool { return auth.CanCoordinate(u, t.OrgPath, t.Programme) && u.OrgID == issuer.ID }}
	for y := per.Year() - 1; y <= per.Year()+1; y++ {
		if ps, err := period.List(typ, y, rule); err == nil {
			d.Periods = append(d.Periods, ps...)
		}
	}
	d.Build = func(r *http.Request) (results.Draft, domain.ResultsReport, error) {
		ctx := r.Context()
		stored, err := s.store.ResultsReport(ctx, d.Key)
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		hs, err := s.store.HolidaySet(ctx)
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		orgs, err := s.store.ExpectedOrgs(ctx, t, per.End.Format(time.DateOnly))
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		parent, place := s.reports.ProvinceOf(r, issuer)
		in := results.GuidanceInput{ParentIssuer: parent, Issuer: issuer.Name, Place: place, Template: t, Period: per, Stored: stored,
			DueOn: per.Deadline(t.DeadlineDays, hs).Format(time.DateOnly)}
		if in.SignerTitle, err = s.signerTitle(ctx, issuer); err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		if owner, err := s.store.OrgUnitByID(ctx, t.OrgID); err == nil && owner.Kind == domain.KindProvince {
			in.Scope = "Ủy ban nhân dân " + results.LowerFirst(owner.Name)
		}
		for _, o := range web.SortUnits(orgs, "vi") {
			if o.ID != issuer.ID {
				in.To = append(in.To, o.Name)
			}
		}
		inds, err := s.store.Indicators(ctx, store.IndicatorFilter{Codes: t.Indicators})
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		byCode := map[string]domain.Indicator{}
		for _, ind := range inds {
			byCode[ind.Code] = ind
		}
		for _, code := range t.Indicators { // in the template's order
			if ind, ok := byCode[code]; ok {
				in.Indicators = append(in.Indicators, ind)
			}
		}
		return results.Guidance(in), stored, nil
	}
	return d, nil
}

// handleGuidanceIndex sends the period selector's choice to its letter.
func (s *Handler) handleGuidanceIndex(w http.ResponseWriter, r *http.Request) {
	per := r.URL.Query().Get("period")
	if per == "" {
		s.Fail(w, r, errs.Field("period", "chọn kỳ báo cáo", "choose a period"))
		return
	}
	web.Redirect(w, r, "/app/templates/"+r.PathValue("code")+"/guidance/"+per)
}

// observanceDoc is an agency's plan for an observance as a drafted
// document: the activities of its plan tied to the observance, and to the
// days that fall within it (1 June within the Action Month for Children).
func (s *Handler) observanceDoc(r *http.Request) (*drafted, error) {
	ctx := r.Context()
	pl, err := s.loadPlan(r)
	if err != nil {
		return nil, err
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < pl.YearFrom || year > pl.YearTo {
		return nil, errs.Fieldf("year", "năm nằm ngoài thời gian của kế hoạch (%s)", "the year is outside the plan's years (%s)", pl.YearsText())
	}
	rules, err := s.store.ObservanceRules(ctx)
	if err != nil {
		return nil, err
	}
	code := r.PathValue("code")
	events := observance.Year(rules, year)
	var ev *observance.Event
	for i := range events {
		if events[i].Code == code {
			ev = &events[i]
		}
	}
	if ev == nil {
		return nil, errs.Fieldf("code", "không có ngày lễ, sự kiện mã %s", "there is no observance with code %s", code)
	}
	codes := []string{ev.Code}
	for _, e := range events {
		if e.Code != ev.Code && !e.Start.Before(ev.Start) && !e.End.After(ev.End) {
			codes = append(codes, e.Code)
		}
	}
	lang := web.State(r).Lang
	id := strconv.FormatInt(pl.ID, 10)
	d := &drafted{Key: domain.ResultsKey{Kind: domain.KindObservance, OwnerID: pl.ID, Period: strconv.Itoa(year) + ":" + ev.Code},
		Issuer: domain.IssuerOfPlan(pl), IssuerPath: pl.OrgPath, Nav: "plans",
		Base:    "/app/plans/" + id + "/observances/" + strconv.Itoa(year) + "/" + ev.Code,
		Heading: web.PickLang(lang, "Kế hoạch hưởng ứng", "Plan for") + " " + ev.Name,
		Crumbs:  []crumb{{"/app/plans", web.PickLang(lang, "Kế hoạch", "Plans")}, {"/app/plans/" + id, pl.Header.Title}},
		Title:   results.ObservanceTitle(ev.Name, year), DocType: "Kế hoạch",
		FileName: "ke-hoach-" + ev.Code + "-" + strconv.Itoa(year) + "-" + strings.ToLower(pl.OrgCode),
		// Written for a plan in effect, by those who edit it.
		CanWrite: func(u domain.User) bool { return auth.CanEditPlan(u, pl) && pl.Status.InEffect() }}
	d.Period, _ = period.Parse(strconv.Itoa(year), period.Calendar)
	d.Build = func(r *http.Request) (results.Draft, domain.ResultsReport, error) {
		stored, err := s.store.ResultsReport(r.Context(), d.Key)
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		in := results.ObservanceInput{Plan: pl, Name: ev.Name, Start: ev.Start.Format(time.DateOnly), End: ev.End.Format(time.DateOnly),
			Codes: codes, Stored: stored, Year: year}
		templates, err := s.templatesOf(r.Context(), pl, ev.End.Format(time.DateOnly))
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		if in.Addressees, err = s.addressees(r.Context(), pl, templates); err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		return results.Observance(in), stored, nil
	}
	return d, nil
}

// planGuidanceDoc is the coordinator's letter asking the agencies under
// {org} for their plans of {year}, at /app/guidance/{org}/{programme}/{year}.
func (s *Handler) planGuidanceDoc(r *http.Request) (*drafted, error) {
	ctx := r.Context()
	u := *web.State(r).User
	scope, err := s.store.OrgUnit(ctx, r.PathValue("org"))
	if err != nil {
		return nil, errs.ErrNotFound
	}
	var prog domain.Programme
	switch p := r.PathValue("programme"); p {
	case "all":
	case string(domain.ProgrammeChildren), string(domain.ProgrammeGender):
		prog = domain.Programme(p)
	default:
		return nil, errs.Field("programme", "chương trình phải là children, gender hoặc all", "the programme must be children, gender or all")
	}
	year, err := strconv.Atoi(r.PathValue("year"))
	if err != nil || year < 2000 || year > 2100 {
		return nil, errs.Field("year", "năm phải từ 2000 đến 2100", "the year must be 2000 to 2100")
	}
	units, err := s.store.CoordinatorUnits(ctx, scope.Path, prog)
	if err != nil {
		return nil, err
	}
	if len(units) == 0 {
		return nil, errs.ErrNotFound
	}
	issuer := units[0]
	if !auth.CanCoordinate(u, scope.Path, prog) && !auth.CanWritePlans(u, issuer.Path) {
		return nil, errs.ErrNotFound
	}
	lang := web.State(r).Lang
	progPath := r.PathValue("programme")
	d := &drafted{Key: domain.ResultsKey{Kind: domain.KindPlanGuidance, OwnerID: scope.ID, Programme: prog, Period: strconv.Itoa(year)},
		Issuer: domain.Issuer{OrgID: issuer.ID, OrgCode: issuer.Code}, IssuerPath: issuer.Path, Nav: "reports",
		Base:    "/app/guidance/" + scope.Code + "/" + progPath + "/" + strconv.Itoa(year),
		Heading: web.PickLang(lang, "Công văn đề nghị xây dựng kế hoạch", "Letter asking for plans") + " · " + scope.DisplayName(lang),
		Crumbs:  []crumb{{"/app/reports", web.PickLang(lang, "Báo cáo định kỳ", "Periodic reports")}},
		Title:   results.PlanGuidanceTitle(prog, year), DocType: "Công văn", SetsDue: true,
		FileName: "cong-van-ke-hoach-" + strings.ToLower(scope.Code) + "-" + strconv.Itoa(year),
		CanWrite: func(u domain.User) bool { return auth.CanCoordinate(u, scope.Path, prog) && u.OrgID == issuer.ID }}
	d.Period, _ = period.Parse(strconv.Itoa(year), period.Calendar)
	d.Build = func(r *http.Request) (results.Draft, domain.ResultsReport, error) {
		ctx := r.Context()
		stored, err := s.store.ResultsReport(ctx, d.Key)
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		parent, place := s.reports.ProvinceOf(r, issuer)
		in := results.PlanGuidanceInput{ParentIssuer: parent, Issuer: issuer.Name, Place: place, Programme: prog, Year: year,
			Scope: scope.Name, Stored: stored}
		if in.SignerTitle, err = s.signerTitle(ctx, issuer); err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		agencies, _, err := s.store.OrgUnits(ctx, domain.Scope{Paths: []string{scope.Path}}, store.OrgFilter{Under: scope.Path}, nil)
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		for _, a := range web.SortUnits(agencies, "vi") {
			if a.Kind == domain.KindAgency && a.ID != issuer.ID {
				in.To = append(in.To, a.Name)
			}
		}
		inds, err := s.store.Indicators(ctx, store.IndicatorFilter{Programme: prog, Active: true})
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		in.Indicators = inds
		templates, err := s.store.Templates(ctx)
		if err != nil {
			return results.Draft{}, domain.ResultsReport{}, err
		}
		for _, t := range templates {
			if t.Active && strings.HasPrefix(t.OrgPath, scope.Path) && (prog == "" || t.Programme == "" || t.Programme == prog) {
				in.Templates = append(in.Templates, t)
			}
		}
		return results.PlanGuidance(in), stored, nil
	}
	return d, nil
}
