package analytics

import (
	"sort"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/svgchart"
)

// DashboardYears reads the year a dashboard shows (asked, when it is a
// year between 2000 and 2100, else now's) and the years it offers: next
// year back to five years ago.
func DashboardYears(now time.Time, asked string) (int, []int) {
	year := now.Year()
	if y, err := strconv.Atoi(asked); err == nil && y >= 2000 && y <= 2100 {
		year = y
	}
	var years []int
	for y := now.Year() + 1; y >= now.Year()-5; y-- {
		years = append(years, y)
	}
	return year, years
}

// DashboardProgramme is the programme a dashboard shows: gender equality
// when asked for, else children.
func DashboardProgramme(asked string) domain.Programme {
	if asked == string(domain.ProgrammeGender) {
		return domain.ProgrammeGender
	}
	return domain.ProgrammeChildren
}

// Charted keeps the indicators a dashboard can chart: numbers, not yes/no.
func Charted(inds []domain.Indicator) []domain.Indicator {
	var out []domain.Indicator
	for _, ind := range inds {
		if ind.ValueType.Numeric() && ind.ValueType != domain.TypeYesNo {
			out = append(out, ind)
		}
	}
	return out
}

// Choose returns the indicator of inds with the code asked (in any case),
// or the first one. inds must not be empty.
func Choose(inds []domain.Indicator, asked string) domain.Indicator {
	chosen := inds[0]
	for _, ind := range inds {
		if ind.Code == domain.NormalizeCode(asked) {
			chosen = ind
		}
	}
	return chosen
}

// SummaryRow is one indicator's figures for the year: in total, for men
// and for women, as written ("" when there is no data).
type SummaryRow struct {
	Ind    domain.Indicator
	Total  string
	Male   string
	Female string
}

// DashboardInput is what a dashboard is drawn from: the figures the store
// and Compute gave for the year.
type DashboardInput struct {
	Lang       string
	Indicators []domain.Indicator // those of the summary, as Charted gives them
	Selected   domain.Indicator   // the one charted
	Year       period.Period
	Figures    []Value // Indicators over Year, split by sex
	Quarters   []period.Period
	Trend      []Value // Selected by quarter (group i is Quarters[i]), split by sex
	Units      []domain.OrgUnit
	ByUnit     []Value // Selected by unit (group i is Units[i])
}

// DashboardView is what the dashboard shows: the summary table and the
// charts of the selected indicator. BySex is nil when it has no split by
// sex, ByUnit when there are no units below.
type DashboardView struct {
	Summary []SummaryRow
	Trend   svgchart.Chart
	BySex   *svgchart.Chart
	ByUnit  *svgchart.Chart
}

// Dashboard lays out the programme dashboard: every indicator's figures
// for the year, and for the selected one its trend by quarter (a line per
// sex when it has one), its split by sex and its ranking of units.
func Dashboard(in DashboardInput) DashboardView {
	var v DashboardView
	v.Summary = summary(in.Indicators, in.Figures)
	trend, byCat := trendSeries(in.Trend, len(in.Quarters), in.Lang)
	var labels []string
	for _, qp := range in.Quarters {
		labels = append(labels, qp.Label(in.Lang))
	}
	name := in.Selected.DisplayName(in.Lang)
	v.Trend = svgchart.Chart{Title: name + " · " + in.Year.Label(in.Lang), Labels: labels, Series: trend, Unit: in.Selected.Unit, Lang: in.Lang,
		Desc: pick(in.Lang, "Diễn biến theo quý trong năm", "The trend by quarter in the year")}
	if m, f := byCat["male"], byCat["female"]; m != nil && f != nil {
		sex := v.Trend
		sex.Title = name + " · " + pick(in.Lang, "theo giới tính", "by sex")
		sex.Series = []svgchart.Series{*m, *f}
		sex.Stacked = true
		sex.Desc = pick(in.Lang, "Nam và nữ theo quý", "Men and women by quarter")
		v.BySex = &sex
	}
	if len(in.Units) > 0 {
		uc := ranking(in.Units, in.ByUnit, in.Lang)
		uc.Title = name + " · " + pick(in.Lang, "theo đơn vị", "by unit")
		uc.Series[0].Name = name
		uc.Unit = in.Selected.Unit
		v.ByUnit = &uc
	}
	return v
}

// summary writes each indicator's total, male and female figures.
func summary(inds []domain.Indicator, vals []Value) []SummaryRow {
	rows := map[string]*SummaryRow{}
	for _, ind := range inds {
		rows[ind.Code] = &SummaryRow{Ind: ind}
	}
	for _, v := range vals {
		row := rows[v.Indicator]
		if !v.OK || row == nil {
			continue
		}
		txt := FormatValue(row.Ind, v.Value)
		switch v.Category {
		case Total:
			row.Total = txt
		case "male":
			row.Male = txt
		case "female":
			row.Female = txt
		}
	}
	out := make([]SummaryRow, 0, len(inds))
	for _, ind := range inds {
		out = append(out, *rows[ind.Code])
	}
	return out
}

// trendSeries makes a series of n values per category of vals, the total
// first, then men and women; a value without data is missing, not zero.
func trendSeries(vals []Value, n int, lang string) ([]svgchart.Series, map[string]*svgchart.Series) {
	byCat := map[string]*svgchart.Series{}
	for _, v := range vals {
		sr := byCat[v.Category]
		if sr == nil {
			sr = &svgchart.Series{Name: sexName(v.Category, lang), Values: make([]float64, n), Missing: make([]bool, n)}
			byCat[v.Category] = sr
		}
		sr.Values[v.Group], sr.Missing[v.Group] = v.Value, !v.OK
	}
	var out []svgchart.Series
	for _, k := range sexOptions {
		if sr := byCat[k]; sr != nil {
			out = append(out, *sr)
		}
	}
	return out, byCat
}

// ranking charts units by their figure, largest first, units without data
// last.
func ranking(units []domain.OrgUnit, vals []Value, lang string) svgchart.Chart {
	type ranked struct {
		name string
		v    float64
		ok   bool
	}
	rs := make([]ranked, len(units))
	for i, c := range units {
		rs[i].name = c.DisplayName(lang)
	}
	for _, v := range vals {
		rs[v.Group].v, rs[v.Group].ok = v.Value, v.OK
	}
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].ok && (!rs[j].ok || rs[i].v > rs[j].v) })
	var sr svgchart.Series
	var labels []string
	for _, x := range rs {
		labels = append(labels, x.name)
		sr.Values, sr.Missing = append(sr.Values, x.v), append(sr.Missing, !x.ok)
	}
	return svgchart.Chart{Labels: labels, Series: []svgchart.Series{sr}, Lang: lang,
		Desc: pick(lang, "So sánh các đơn vị trong năm", "The units compared over the year")}
}
