package reports

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/analytics"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/svgchart"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// FigureQuery asks for the figures of indicators over a unit's subtree and
// a period, optionally split by child units or by sub-periods, and by a
// category.
type FigureQuery struct {
	Indicators []domain.Indicator
	Org        domain.OrgUnit
	Period     period.Period
	ByOrg      []domain.OrgUnit
	ByPeriod   []period.Period
	By         string
	// Structure is store.StructureToday (the default) or StructureThen.
	Structure string
}

// parseStructure reads ?structure=: today (the default) or then.
func parseStructure(v string) (string, error) {
	switch v {
	case "", store.StructureToday:
		return store.StructureToday, nil
	case store.StructureThen:
		return store.StructureThen, nil
	}
	return "", errs.Field("structure", "structure là today (cơ cấu hiện nay) hoặc then (cơ cấu tại thời điểm số liệu)",
		"structure is today (today's structure) or then (the structure of the figures' time)")
}

// Figures computes them: the store sums, analytics applies each
// indicator's aggregation.
func (s *Handler) Figures(r *http.Request, q FigureQuery) ([]analytics.Value, error) {
	ctx := r.Context()
	all, err := s.store.Indicators(ctx, store.IndicatorFilter{})
	if err != nil {
		return nil, err
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range all {
		byCode[ind.Code] = ind
	}
	need := map[string]bool{}
	var add func(code string)
	add = func(code string) {
		if need[code] {
			return
		}
		need[code] = true
		ind := byCode[code]
		if ind.Aggregation == domain.AggRatio {
			add(ind.Numerator)
			add(ind.Denominator)
		}
	}
	for _, ind := range q.Indicators {
		add(ind.Code)
	}
	rq := store.RollupQuery{OrgPath: q.Org.Path, Start: q.Period.Start.Format(time.DateOnly), End: q.Period.End.Format(time.DateOnly),
		ByPeriod: q.ByPeriod, Structure: q.Structure}
	if q.Org.ParentID == 0 {
		rq.OrgPath = "" // a root holds every value: no filter to apply
	}
	codeOf := map[int64]string{}
	for code := range need {
		ind := byCode[code]
		if ind.Aggregation != domain.AggRatio && ind.ValueType.Numeric() {
			rq.IndicatorIDs = append(rq.IndicatorIDs, ind.ID)
			codeOf[ind.ID] = code
			if ind.Aggregation == domain.AggLast {
				rq.LastIDs = append(rq.LastIDs, ind.ID)
			}
		}
	}
	for _, o := range q.ByOrg {
		rq.ByOrg = append(rq.ByOrg, o.Path)
	}
	raw, err := s.store.Rollup(ctx, rq)
	if err != nil {
		return nil, err
	}
	cells := make([]analytics.Cell, len(raw))
	for i, c := range raw {
		cells[i] = analytics.Cell{Indicator: codeOf[c.IndicatorID], Group: c.Group, Combo: c.Combo, Sum: c.Sum, Count: c.Count,
			Min: c.Min, Max: c.Max, Last: c.Last}
	}
	cats, err := s.store.Categories(ctx)
	if err != nil {
		return nil, err
	}
	catMap := map[string]domain.Category{}
	for _, c := range cats {
		catMap[c.Code] = c
	}
	groups := max(len(q.ByOrg), len(q.ByPeriod), 1)
	return analytics.Compute(q.Indicators, byCode, cells, groups, q.By, catMap), nil
}

// childUnitsAt lists the units right below o that the user reaches, by
// the structure asked for: today's active ones, or those that stood there
// on day.
func (s *Handler) childUnitsAt(r *http.Request, o domain.OrgUnit, lang, structure, day string) ([]domain.OrgUnit, error) {
	if structure != store.StructureThen {
		return s.childUnits(r, o, lang)
	}
	units, err := s.store.ChildrenThen(r.Context(), o, day)
	u := *web.State(r).User
	var out []domain.OrgUnit
	for _, x := range units {
		if auth.CanRead(u, x) {
			out = append(out, x)
		}
	}
	return web.SortUnits(out, lang), err
}

// childUnits lists the active units right below o that the user reaches.
func (s *Handler) childUnits(r *http.Request, o domain.OrgUnit, lang string) ([]domain.OrgUnit, error) {
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(*web.State(r).User), store.OrgFilter{Under: o.Path}, nil)
	var out []domain.OrgUnit
	for _, u := range units {
		if u.ParentID == o.ID {
			out = append(out, u)
		}
	}
	return web.SortUnits(out, lang), err
}

// analyticsOrg reads ?org= (default: the top of the user's reach).
func (s *Handler) analyticsOrg(r *http.Request, u domain.User) (domain.OrgUnit, error) {
	code := r.URL.Query().Get("org")
	if code == "" {
		units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{}, nil)
		if err != nil || len(units) == 0 {
			return domain.OrgUnit{}, errs.ErrNotFound
		}
		return units[0], nil
	}
	o, err := s.store.OrgUnit(r.Context(), code)
	if err != nil || !auth.CanRead(u, o) {
		return o, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", code)
	}
	return o, nil
}

type dashboardData struct {
	Programme  string
	Org        domain.OrgUnit
	Units      []domain.OrgUnit
	Year       int
	Years      []int
	Indicators []domain.Indicator
	Selected   domain.Indicator
	Summary    []analytics.SummaryRow
	Trend      template.HTML
	TrendTable template.HTML
	BySex      template.HTML
	BySexTable template.HTML
	ByUnit     template.HTML
	UnitTable  template.HTML
	HasSex     bool
}

// handleDashboard is the programme dashboard: every indicator's figures
// for the year, and for the chosen one its trend by quarter, its split by
// sex and its ranking of units, each chart with its table. It loads the
// figures; analytics.Dashboard lays them out.
func (s *Handler) handleDashboard(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.newPage(r, "", "analytics")
	p.Title = p.T("Tổng hợp số liệu", "Figures")
	q := r.URL.Query()
	d := dashboardData{Programme: string(analytics.DashboardProgramme(q.Get("programme")))}
	d.Year, d.Years = analytics.DashboardYears(s.Now().In(vntext.Location), q.Get("year"))
	var err error
	if d.Org, err = s.analyticsOrg(r, u); err != nil {
		s.Fail(w, r, err)
		return
	}
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
	if d.Indicators = analytics.Charted(inds); len(d.Indicators) == 0 {
		p.Data = d
		s.Render(w, r, http.StatusOK, "dashboard", p)
		return
	}
	d.Selected = analytics.Choose(d.Indicators, q.Get("indicator"))
	year, _ := period.Parse(strconv.Itoa(d.Year), period.Decree09)
	in := analytics.DashboardInput{Lang: p.Lang, Indicators: d.Indicators, Selected: d.Selected, Year: year,
		Quarters: year.SubPeriods(period.Quarterly)}
	selected := []domain.Indicator{d.Selected}
	if in.Figures, err = s.Figures(r, FigureQuery{Indicators: d.Indicators, Org: d.Org, Period: year, By: "sex"}); err == nil {
		in.Trend, err = s.Figures(r, FigureQuery{Indicators: selected, Org: d.Org, Period: year, ByPeriod: in.Quarters, By: "sex"})
	}
	if err == nil {
		in.Units, err = s.childUnits(r, d.Org, p.Lang)
	}
	if err == nil && len(in.Units) > 0 {
		in.ByUnit, err = s.Figures(r, FigureQuery{Indicators: selected, Org: d.Org, Period: year, ByOrg: in.Units})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	v := analytics.Dashboard(in)
	d.Summary = v.Summary
	d.Trend, d.TrendTable = svgchart.Line(v.Trend), svgchart.Table(v.Trend)
	if v.BySex != nil {
		d.HasSex = true
		d.BySex, d.BySexTable = svgchart.Bars(*v.BySex), svgchart.Table(*v.BySex)
	}
	if v.ByUnit != nil {
		d.ByUnit, d.UnitTable = svgchart.HBars(*v.ByUnit), svgchart.Table(*v.ByUnit)
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "dashboard", p)
}

type pivotData struct {
	Org        domain.OrgUnit
	Units      []domain.OrgUnit
	Indicators []domain.Indicator
	Chosen     map[string]bool
	PeriodID   string
	Rows, Cols string
	Header     []string
	Lines      []analytics.PivotLine
	Query      string
	Structure  string
}

// buildPivot loads the figures of a table whose rows and columns are two
// of: the indicators, the child units of the org, the sub-periods of the
// period, and the options of the sex category; analytics.Pivot lays them
// out.
func (s *Handler) buildPivot(r *http.Request, lang string) (pivotData, error) {
	u := *web.State(r).User
	q := r.URL.Query()
	d := pivotData{PeriodID: q.Get("period"), Query: r.URL.RawQuery, Chosen: map[string]bool{}}
	var err error
	if d.Rows, d.Cols, err = analytics.PivotDims(q.Get("rows"), q.Get("cols")); err != nil {
		return d, err
	}
	if d.Org, err = s.analyticsOrg(r, u); err != nil {
		return d, err
	}
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		return d, err
	}
	d.Units = web.SortUnits(units, lang)
	all, err := s.store.Indicators(r.Context(), store.IndicatorFilter{Active: true})
	if err != nil {
		return d, err
	}
	pv := analytics.Pivot{Rows: d.Rows, Cols: d.Cols, Lang: lang, Org: d.Org}
	d.Indicators, pv.Indicators, d.Chosen = analytics.PivotIndicators(all, q["ind"])
	if d.PeriodID == "" {
		d.PeriodID = strconv.Itoa(s.Now().In(vntext.Location).Year())
	}
	rule, _ := period.ParseRule(q.Get("rule"))
	per, err := period.Parse(d.PeriodID, rule)
	if err != nil {
		return d, errs.Field("period", "kỳ không hợp lệ (ví dụ 2025, 2025Q1, 202503)", "not a valid period (e.g. 2025, 2025Q1, 202503)")
	}
	pv.Periods = analytics.PivotPeriods(per)
	if d.Structure, err = parseStructure(q.Get("structure")); err != nil {
		return d, err
	}
	if pv.Units, err = s.childUnitsAt(r, d.Org, lang, d.Structure, per.Start.Format(time.DateOnly)); err != nil {
		return d, err
	}
	var results [][]analytics.Value
	for _, pq := range pv.Queries() {
		vals, err := s.Figures(r, FigureQuery{Indicators: pv.Indicators, Org: pq.Org, Period: per, ByOrg: pq.ByOrg, ByPeriod: pq.ByPeriod, By: pq.By,
			Structure: d.Structure})
		if err != nil {
			return d, err
		}
		results = append(results, vals)
	}
	d.Header, d.Lines = pv.Table(results)
	return d, nil
}

func (s *Handler) handlePivot(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "", "analytics")
	p.Title = p.T("Bảng tổng hợp", "Pivot table")
	d, err := s.buildPivot(r, p.Lang)
	status := http.StatusOK
	if err != nil {
		if !errs.Is(err, errs.Invalid) {
			s.Fail(w, r, err)
			return
		}
		p.Form.SetErr(err, p.Lang)
		status = http.StatusBadRequest
	}
	p.Form.Values = r.URL.Query()
	p.Data = d
	s.Render(w, r, status, "pivot", p)
}

// handlePivotXLSX sends the pivot table as a spreadsheet.
func (s *Handler) handlePivotXLSX(w http.ResponseWriter, r *http.Request) {
	lang := web.State(r).Lang
	d, err := s.buildPivot(r, lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sheet := "Sheet1"
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	_ = f.SetCellValue(sheet, "A1", d.Org.DisplayName(lang)+" · "+d.PeriodID)
	_ = f.SetCellStyle(sheet, "A1", "A1", bold)
	for j, h := range d.Header {
		cell, _ := excelize.CoordinatesToCellName(j+2, 3)
		_ = f.SetCellValue(sheet, cell, h)
		_ = f.SetCellStyle(sheet, cell, cell, bold)
	}
	for i, line := range d.Lines {
		cell, _ := excelize.CoordinatesToCellName(1, i+4)
		_ = f.SetCellValue(sheet, cell, line.Label)
		for j, v := range line.Values {
			c, _ := excelize.CoordinatesToCellName(j+2, i+4)
			if n, err := web.ParseNumber(v); err == nil && v != "" {
				_ = f.SetCellValue(sheet, c, n)
			} else {
				_ = f.SetCellValue(sheet, c, v)
			}
		}
	}
	_ = f.SetColWidth(sheet, "A", "A", 50)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		s.Fail(w, r, errs.Wrap(err, "xlsx"))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="tong-hop-`+strings.ToLower(d.Org.Code)+`-`+d.PeriodID+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

// dimChoice is what the "dims" partial renders.
type dimChoice struct {
	Options []dimOption
	Current string
}

// Dims lists the pivot dimensions with the current one.
func (p *page) Dims(current string) dimChoice {
	return dimChoice{Current: current, Options: []dimOption{
		{analytics.DimIndicator, p.T("Chỉ số", "Indicator")}, {analytics.DimOrg, p.T("Đơn vị", "Unit")},
		{analytics.DimPeriod, p.T("Kỳ", "Period")}, {analytics.DimCategory, p.T("Giới tính", "Sex")},
	}}
}

type dimOption struct{ Code, Name string }
