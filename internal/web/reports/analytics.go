package reports

import (
	"bytes"
	"html/template"
	"net/http"
	"sort"
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

// figureQuery asks for the figures of indicators over a unit's subtree and
// a period, optionally split by child units or by sub-periods, and by a
// category.
type figureQuery struct {
	Indicators []domain.Indicator
	Org        domain.OrgUnit
	Period     period.Period
	ByOrg      []domain.OrgUnit
	ByPeriod   []period.Period
	By         string
}

// figures computes them: the store sums, analytics applies each
// indicator's aggregation.
func (s *Handler) figures(r *http.Request, q figureQuery) ([]analytics.Value, error) {
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
		ByPeriod: q.ByPeriod}
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

type summaryRow struct {
	Ind    domain.Indicator
	Total  string
	Male   string
	Female string
}

type dashboardData struct {
	Programme  string
	Org        domain.OrgUnit
	Units      []domain.OrgUnit
	Year       int
	Years      []int
	Indicators []domain.Indicator
	Selected   domain.Indicator
	Summary    []summaryRow
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
// sex and its ranking of units, each chart with its table.
func (s *Handler) handleDashboard(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.newPage(r, "", "analytics")
	p.Title = p.T("Tổng hợp số liệu", "Figures")
	q := r.URL.Query()
	d := dashboardData{Programme: q.Get("programme")}
	if d.Programme != string(domain.ProgrammeGender) {
		d.Programme = string(domain.ProgrammeChildren)
	}
	now := s.Now().In(vntext.Location)
	d.Year = now.Year()
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 2000 && y <= 2100 {
		d.Year = y
	}
	for y := now.Year() + 1; y >= now.Year()-5; y-- {
		d.Years = append(d.Years, y)
	}
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
	for _, ind := range inds {
		if ind.ValueType.Numeric() && ind.ValueType != domain.TypeYesNo {
			d.Indicators = append(d.Indicators, ind)
		}
	}
	if len(d.Indicators) == 0 {
		p.Data = d
		s.Render(w, r, http.StatusOK, "dashboard", p)
		return
	}
	d.Selected = d.Indicators[0]
	for _, ind := range d.Indicators {
		if ind.Code == domain.NormalizeCode(q.Get("indicator")) {
			d.Selected = ind
		}
	}
	year, _ := period.Parse(strconv.Itoa(d.Year), period.Decree09)
	vals, err := s.figures(r, figureQuery{Indicators: d.Indicators, Org: d.Org, Period: year, By: "sex"})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	unit := func(code string) domain.Indicator {
		for _, i := range d.Indicators {
			if i.Code == code {
				return i
			}
		}
		return domain.Indicator{}
	}
	rows := map[string]*summaryRow{}
	for _, ind := range d.Indicators {
		rows[ind.Code] = &summaryRow{Ind: ind}
		d.Summary = append(d.Summary, summaryRow{Ind: ind})
	}
	for _, v := range vals {
		if !v.OK {
			continue
		}
		txt := fmtValue(unit(v.Indicator), v.Value)
		switch v.Category {
		case analytics.Total:
			rows[v.Indicator].Total = txt
		case "male":
			rows[v.Indicator].Male = txt
		case "female":
			rows[v.Indicator].Female = txt
		}
	}
	for i := range d.Summary {
		d.Summary[i] = *rows[d.Summary[i].Ind.Code]
	}
	// The chosen indicator: trend by quarter, with a line per sex when it
	// has one.
	quarters := year.SubPeriods(period.Quarterly)
	tvals, err := s.figures(r, figureQuery{Indicators: []domain.Indicator{d.Selected}, Org: d.Org, Period: year, ByPeriod: quarters, By: "sex"})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var labels []string
	for _, qp := range quarters {
		labels = append(labels, qp.Label(p.Lang))
	}
	series := map[string]*svgchart.Series{}
	order := []string{analytics.Total, "male", "female"}
	names := map[string]string{analytics.Total: p.T("Tổng số", "Total"), "male": p.T("Nam", "Male"), "female": p.T("Nữ", "Female")}
	for _, v := range tvals {
		sr := series[v.Category]
		if sr == nil {
			sr = &svgchart.Series{Name: names[v.Category], Values: make([]float64, len(quarters)), Missing: make([]bool, len(quarters))}
			series[v.Category] = sr
		}
		sr.Values[v.Group], sr.Missing[v.Group] = v.Value, !v.OK
	}
	var trend []svgchart.Series
	for _, k := range order {
		if sr := series[k]; sr != nil {
			trend = append(trend, *sr)
		}
	}
	name := d.Selected.DisplayName(p.Lang)
	chart := svgchart.Chart{Title: name + " · " + year.Label(p.Lang), Labels: labels, Series: trend, Unit: d.Selected.Unit, Lang: p.Lang,
		Desc: p.T("Diễn biến theo quý trong năm", "The trend by quarter in the year")}
	d.Trend, d.TrendTable = svgchart.Line(chart), svgchart.Table(chart)
	if series["male"] != nil {
		d.HasSex = true
		sex := chart
		sex.Title = name + " · " + p.T("theo giới tính", "by sex")
		sex.Series = []svgchart.Series{*series["male"], *series["female"]}
		sex.Stacked = true
		sex.Desc = p.T("Nam và nữ theo quý", "Men and women by quarter")
		d.BySex, d.BySexTable = svgchart.Bars(sex), svgchart.Table(sex)
	}
	children, err := s.childUnits(r, d.Org, p.Lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if len(children) > 0 {
		uvals, err := s.figures(r, figureQuery{Indicators: []domain.Indicator{d.Selected}, Org: d.Org, Period: year, ByOrg: children})
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		// A ranking: units by their figure, largest first, units without
		// data last.
		type ranked struct {
			name string
			v    float64
			ok   bool
		}
		rs := make([]ranked, len(children))
		for i, c := range children {
			rs[i].name = c.DisplayName(p.Lang)
		}
		for _, v := range uvals {
			rs[v.Group].v, rs[v.Group].ok = v.Value, v.OK
		}
		sort.SliceStable(rs, func(i, j int) bool { return rs[i].ok && (!rs[j].ok || rs[i].v > rs[j].v) })
		sr := svgchart.Series{Name: name}
		var ulabels []string
		for _, x := range rs {
			ulabels = append(ulabels, x.name)
			sr.Values, sr.Missing = append(sr.Values, x.v), append(sr.Missing, !x.ok)
		}
		uc := svgchart.Chart{Title: name + " · " + p.T("theo đơn vị", "by unit"), Labels: ulabels, Series: []svgchart.Series{sr},
			Unit: d.Selected.Unit, Lang: p.Lang, Desc: p.T("So sánh các đơn vị trong năm", "The units compared over the year")}
		d.ByUnit, d.UnitTable = svgchart.HBars(uc), svgchart.Table(uc)
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "dashboard", p)
}

// pivot dimensions.
const (
	dimIndicator = "indicator"
	dimOrg       = "org"
	dimPeriod    = "period"
	dimCategory  = "category"
)

type pivotData struct {
	Org        domain.OrgUnit
	Units      []domain.OrgUnit
	Indicators []domain.Indicator
	Chosen     map[string]bool
	PeriodID   string
	Rows, Cols string
	Header     []string
	Lines      []pivotLine
	Query      string
}

type pivotLine struct {
	Label  string
	Values []string
}

// buildPivot computes a table whose rows and columns are two of: the
// indicators, the child units of the org, the sub-periods of the period,
// and the options of the sex category.
func (s *Handler) buildPivot(r *http.Request, lang string) (pivotData, error) {
	u := *web.State(r).User
	q := r.URL.Query()
	d := pivotData{Rows: q.Get("rows"), Cols: q.Get("cols"), PeriodID: q.Get("period"), Chosen: map[string]bool{}, Query: r.URL.RawQuery}
	if d.Rows == "" {
		d.Rows = dimIndicator
	}
	if d.Cols == "" || d.Cols == d.Rows {
		d.Cols = dimPeriod
		if d.Rows == dimPeriod {
			d.Cols = dimIndicator
		}
	}
	valid := map[string]bool{dimIndicator: true, dimOrg: true, dimPeriod: true, dimCategory: true}
	if !valid[d.Rows] || !valid[d.Cols] {
		return d, errs.Field("rows", "chiều của bảng không hợp lệ", "unknown table dimension")
	}
	var err error
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
	var chosen []domain.Indicator
	for _, ind := range all {
		if ind.ValueType.Numeric() {
			d.Indicators = append(d.Indicators, ind)
		}
	}
	for _, c := range q["ind"] {
		d.Chosen[domain.NormalizeCode(c)] = true
	}
	for _, ind := range d.Indicators {
		if d.Chosen[ind.Code] || len(d.Chosen) == 0 && len(chosen) < 5 {
			chosen = append(chosen, ind)
			d.Chosen[ind.Code] = true
		}
	}
	if d.PeriodID == "" {
		d.PeriodID = strconv.Itoa(s.Now().In(vntext.Location).Year())
	}
	rule, _ := period.ParseRule(q.Get("rule"))
	per, err := period.Parse(d.PeriodID, rule)
	if err != nil {
		return d, errs.Field("period", "kỳ không hợp lệ (ví dụ 2025, 2025Q1, 202503)", "not a valid period (e.g. 2025, 2025Q1, 202503)")
	}
	var subs []period.Period
	for _, t := range []period.Type{period.Quarterly, period.Monthly} {
		if subs = per.SubPeriods(t); len(subs) > 1 {
			break
		}
	}
	if len(subs) == 0 {
		subs = []period.Period{per}
	}
	children, err := s.childUnits(r, d.Org, lang)
	if err != nil {
		return d, err
	}
	if len(children) == 0 {
		children = []domain.OrgUnit{d.Org}
	}
	options := []string{analytics.Total, "male", "female"}
	optName := map[string]string{analytics.Total: web.PickLang(lang, "Tổng số", "Total"), "male": web.PickLang(lang, "Nam", "Male"), "female": web.PickLang(lang, "Nữ", "Female")}
	labels := func(dim string) []string {
		var out []string
		switch dim {
		case dimIndicator:
			for _, ind := range chosen {
				out = append(out, ind.DisplayName(lang)+" ("+ind.Unit+")")
			}
		case dimOrg:
			for _, c := range children {
				out = append(out, c.DisplayName(lang))
			}
		case dimPeriod:
			for _, sp := range subs {
				out = append(out, sp.Label(lang))
			}
		case dimCategory:
			for _, o := range options {
				out = append(out, optName[o])
			}
		}
		return out
	}
	rowLabels, colLabels := labels(d.Rows), labels(d.Cols)
	d.Header = colLabels
	grid := make([][]string, len(rowLabels))
	for i := range grid {
		grid[i] = make([]string, len(colLabels))
	}
	fq := figureQuery{Indicators: chosen, Org: d.Org, Period: per}
	uses := func(dim string) bool { return d.Rows == dim || d.Cols == dim }
	if uses(dimCategory) {
		fq.By = "sex"
	}
	// At most one of org and period can split one query; when both are
	// dimensions, the org split is done with one query per unit.
	orgRuns := []domain.OrgUnit{d.Org}
	if uses(dimOrg) && uses(dimPeriod) {
		orgRuns = children
		fq.ByPeriod = subs
	} else if uses(dimOrg) {
		fq.ByOrg = children
	} else if uses(dimPeriod) {
		fq.ByPeriod = subs
	}
	indIdx := map[string]int{}
	for i, ind := range chosen {
		indIdx[ind.Code] = i
	}
	optIdx := map[string]int{}
	for i, o := range options {
		optIdx[o] = i
	}
	for oi, org := range orgRuns {
		q := fq
		q.Org = org
		vals, err := s.figures(r, q)
		if err != nil {
			return d, err
		}
		for _, v := range vals {
			pos := map[string]int{dimIndicator: indIdx[v.Indicator], dimCategory: optIdx[v.Category]}
			if len(orgRuns) > 1 {
				pos[dimOrg], pos[dimPeriod] = oi, v.Group
			} else {
				pos[dimOrg], pos[dimPeriod] = v.Group, v.Group
			}
			if !uses(dimCategory) && v.Category != analytics.Total {
				continue
			}
			ri, ci := pos[d.Rows], pos[d.Cols]
			if ri < len(grid) && ci < len(colLabels) && v.OK {
				grid[ri][ci] = fmtValue(chosen[indIdx[v.Indicator]], v.Value)
			}
		}
	}
	for i, l := range rowLabels {
		d.Lines = append(d.Lines, pivotLine{Label: l, Values: grid[i]})
	}
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
		{dimIndicator, p.T("Chỉ số", "Indicator")}, {dimOrg, p.T("Đơn vị", "Unit")},
		{dimPeriod, p.T("Kỳ", "Period")}, {dimCategory, p.T("Giới tính", "Sex")},
	}}
}

type dimOption struct{ Code, Name string }
