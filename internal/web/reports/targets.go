package reports

import (
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/analytics"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The multi-year view: for each indicator of a programme, its baseline,
// its target for the last year and the actual figure of every year, as a
// mid-term review of a five-year programme reads them.

type targetRow struct {
	Ind      domain.Indicator
	Baseline string
	Target   string
	Actual   []string
	Reached  bool
	HasGoal  bool
	// The same figures as numbers, for the download (nil: no figure).
	BaselineV, TargetV *float64
	ActualV            []*float64
	// PercentV is the latest figure as a share of the target (nil: no
	// target, or no figure yet).
	PercentV *float64
}

type targetsData struct {
	Programme string
	Org       domain.OrgUnit
	Units     []domain.OrgUnit
	From, To  int
	Years     []int
	Rows      []targetRow
	CanEdit   bool
}

func (s *Handler) targetsPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	u := *web.State(r).User
	p := s.newPage(r, "", "analytics")
	p.Title = p.T("Mục tiêu nhiều năm", "Multi-year targets")
	q := r.URL.Query()
	d := targetsData{Programme: q.Get("programme"), From: 2021, To: 2025}
	if d.Programme != string(domain.ProgrammeGender) {
		d.Programme = string(domain.ProgrammeChildren)
	}
	if f, err := strconv.Atoi(q.Get("from")); err == nil && f >= 2000 && f <= 2100 {
		d.From = f
	}
	if t, err := strconv.Atoi(q.Get("to")); err == nil && t >= d.From && t <= d.From+10 {
		d.To = t
	}
	var err error
	if d.Org, err = s.analyticsOrg(r, u); err != nil {
		s.Fail(w, r, err)
		return
	}
	// A unit's targets are kept by the coordinators over it.
	d.CanEdit = auth.CanEditCatalogueOf(u, d.Org.Path)
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = web.SortUnits(units, p.Lang)
	inds, err := s.store.Indicators(r.Context(), store.IndicatorFilter{Programme: domain.Programme(d.Programme), Active: true})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var numeric []domain.Indicator
	for _, ind := range inds {
		if ind.ValueType.Numeric() && ind.ValueType != domain.TypeYesNo {
			numeric = append(numeric, ind)
		}
	}
	var years []period.Period
	for y := d.From; y <= d.To; y++ {
		d.Years = append(d.Years, y)
		yp, _ := period.Parse(strconv.Itoa(y), period.Decree09)
		years = append(years, yp)
	}
	whole := years[0]
	whole.End = years[len(years)-1].End
	vals, err := s.Figures(r, FigureQuery{Indicators: numeric, Org: d.Org, Period: whole, ByPeriod: years})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	targets, err := s.store.Targets(r.Context(), d.Org.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	actual := map[string][]string{}
	actualV := map[string][]*float64{}
	last := map[string]*float64{}
	for _, v := range vals {
		if v.Category != analytics.Total {
			continue
		}
		if actual[v.Indicator] == nil {
			actual[v.Indicator] = make([]string, len(years))
			actualV[v.Indicator] = make([]*float64, len(years))
		}
		if v.OK {
			for _, ind := range numeric {
				if ind.Code == v.Indicator {
					actual[v.Indicator][v.Group] = fmtValue(ind, v.Value)
					x := v.Value
					actualV[v.Indicator][v.Group] = &x
				}
			}
			if v.Group == len(years)-1 || last[v.Indicator] == nil {
				x := v.Value
				last[v.Indicator] = &x
			}
		}
	}
	for _, ind := range numeric {
		row := targetRow{Ind: ind, Actual: actual[ind.Code], ActualV: actualV[ind.Code]}
		if row.Actual == nil {
			row.Actual, row.ActualV = make([]string, len(years)), make([]*float64, len(years))
		}
		if t, ok := targets[ind.ID][d.To]; ok {
			if t[0] != nil {
				row.Baseline, row.BaselineV = fmtValue(ind, *t[0]), t[0]
			}
			if t[1] != nil {
				row.Target, row.TargetV, row.HasGoal = fmtValue(ind, *t[1]), t[1], true
				row.Reached = last[ind.Code] != nil && *last[ind.Code] >= *t[1]
				if l := last[ind.Code]; l != nil && *t[1] != 0 {
					pct := *l / *t[1] * 100
					row.PercentV = &pct
				}
			}
		}
		d.Rows = append(d.Rows, row)
	}
	if r.URL.Query().Get("format") == "docx" && ferr == nil {
		s.sendMidterm(w, r, d)
		return
	}
	if web.Downloading(r) && ferr == nil {
		s.SendTable(w, r, "muc-tieu-"+d.Programme+"-"+strings.ToLower(d.Org.Code), targetsTable(d, p.Lang))
		return
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "targets", p)
}

func (s *Handler) handleTargets(w http.ResponseWriter, r *http.Request) {
	s.targetsPage(w, r, http.StatusOK, nil)
}

// handleTargetSet stores an indicator's baseline and target for the last
// year of the view.
func (s *Handler) handleTargetSet(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if !auth.CanEditCatalogue(u) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	ind, err := s.store.Indicator(r.Context(), r.PostFormValue("indicator"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	org, err := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if err != nil || !auth.CanRead(u, org) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	if err := web.MayEditCatalogue(u, org.Path, org.Name); err != nil {
		s.Fail(w, r, err)
		return
	}
	year, err := strconv.Atoi(r.PostFormValue("year"))
	if err != nil || year < 2000 || year > 2100 {
		s.targetsPage(w, r, http.StatusBadRequest, errs.Field("year", "năm không hợp lệ", "not a valid year"))
		return
	}
	num := func(field string) (*float64, error) {
		v := strings.TrimSpace(r.PostFormValue(field))
		if v == "" {
			return nil, nil
		}
		f, err := web.ParseNumber(v)
		if err != nil {
			return nil, errs.Field(field, "không phải là số", "not a number")
		}
		return &f, nil
	}
	base, err := num("baseline")
	var target *float64
	if err == nil {
		target, err = num("target")
	}
	if err == nil {
		err = s.store.SetTarget(r.Context(), web.State(r).Actor(), ind, org, year, base, target)
	}
	if err != nil {
		s.targetsPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, "/app/analytics/targets?"+r.URL.RawQuery, "saved")
}
