package analytics

import (
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
)

// The dimensions of a pivot table: two of them make its rows and columns.
const (
	DimIndicator = "indicator"
	DimOrg       = "org"
	DimPeriod    = "period"
	DimCategory  = "category"
)

// PivotDims checks the rows and columns asked for: rows default to the
// indicators, columns to the periods (the indicators when the rows are the
// periods), and the two must differ.
func PivotDims(rows, cols string) (string, string, error) {
	if rows == "" {
		rows = DimIndicator
	}
	if cols == "" || cols == rows {
		cols = DimPeriod
		if rows == DimPeriod {
			cols = DimIndicator
		}
	}
	valid := map[string]bool{DimIndicator: true, DimOrg: true, DimPeriod: true, DimCategory: true}
	if !valid[rows] || !valid[cols] {
		return rows, cols, errs.Field("rows", "chiều của bảng không hợp lệ", "unknown table dimension")
	}
	return rows, cols, nil
}

// PivotIndicators returns the indicators a pivot can show (the numeric
// ones of all), those it shows (the ones asked for by code, or the first
// five when none is) and the set of the codes shown.
func PivotIndicators(all []domain.Indicator, asked []string) (offered, chosen []domain.Indicator, marked map[string]bool) {
	marked = map[string]bool{}
	for _, ind := range all {
		if ind.ValueType.Numeric() {
			offered = append(offered, ind)
		}
	}
	for _, c := range asked {
		marked[domain.NormalizeCode(c)] = true
	}
	none := len(marked) == 0 // asked before the defaults are marked
	for _, ind := range offered {
		if marked[ind.Code] || none && len(chosen) < 5 {
			chosen = append(chosen, ind)
			marked[ind.Code] = true
		}
	}
	return offered, chosen, marked
}

// PivotPeriods splits a period into the columns of a pivot: its quarters,
// or else its months, or else the period itself.
func PivotPeriods(per period.Period) []period.Period {
	var subs []period.Period
	for _, t := range []period.Type{period.Quarterly, period.Monthly} {
		if subs = per.SubPeriods(t); len(subs) > 1 {
			break
		}
	}
	if len(subs) == 0 {
		subs = []period.Period{per}
	}
	return subs
}

// Pivot is a table whose rows and columns are two of: the indicators, the
// units below an org, the sub-periods of a period, and the options of the
// sex category.
type Pivot struct {
	Rows, Cols string
	Lang       string
	Org        domain.OrgUnit
	Indicators []domain.Indicator
	Units      []domain.OrgUnit // below Org; none: Org itself
	Periods    []period.Period  // as PivotPeriods gives them
}

// PivotQuery is one computation of figures a pivot needs: Pivot.Indicators
// over Org's subtree, split by units, by periods, and by a category.
type PivotQuery struct {
	Org      domain.OrgUnit
	ByOrg    []domain.OrgUnit
	ByPeriod []period.Period
	By       string
}

// PivotLine is a row of a pivot table: its label and a written figure per
// column ("" when there is no data).
type PivotLine struct {
	Label  string
	Values []string
}

func (p Pivot) uses(dim string) bool { return p.Rows == dim || p.Cols == dim }

func (p Pivot) units() []domain.OrgUnit {
	if len(p.Units) == 0 {
		return []domain.OrgUnit{p.Org}
	}
	return p.Units
}

// Queries lists the computations the table needs. At most one of org and
// period can split one query; when both are dimensions, the org split is
// done with one query per unit.
func (p Pivot) Queries() []PivotQuery {
	q := PivotQuery{Org: p.Org}
	if p.uses(DimCategory) {
		q.By = "sex"
	}
	switch {
	case p.uses(DimOrg) && p.uses(DimPeriod):
		var out []PivotQuery
		for _, u := range p.units() {
			uq := q
			uq.Org, uq.ByPeriod = u, p.Periods
			out = append(out, uq)
		}
		return out
	case p.uses(DimOrg):
		q.ByOrg = p.units()
	case p.uses(DimPeriod):
		q.ByPeriod = p.Periods
	}
	return []PivotQuery{q}
}

// labels are the headings along a dimension.
func (p Pivot) labels(dim string) []string {
	var out []string
	switch dim {
	case DimIndicator:
		for _, ind := range p.Indicators {
			out = append(out, ind.DisplayName(p.Lang)+" ("+ind.Unit+")")
		}
	case DimOrg:
		for _, c := range p.units() {
			out = append(out, c.DisplayName(p.Lang))
		}
	case DimPeriod:
		for _, sp := range p.Periods {
			out = append(out, sp.Label(p.Lang))
		}
	case DimCategory:
		for _, o := range sexOptions {
			out = append(out, sexName(o, p.Lang))
		}
	}
	return out
}

// Table lays out the figures: results[i] are those Compute gave for
// Queries()[i]. It returns the column headings and the rows.
func (p Pivot) Table(results [][]Value) ([]string, []PivotLine) {
	rowLabels, colLabels := p.labels(p.Rows), p.labels(p.Cols)
	grid := make([][]string, len(rowLabels))
	for i := range grid {
		grid[i] = make([]string, len(colLabels))
	}
	indIdx := map[string]int{}
	for i, ind := range p.Indicators {
		indIdx[ind.Code] = i
	}
	optIdx := map[string]int{}
	for i, o := range sexOptions {
		optIdx[o] = i
	}
	perUnit := p.uses(DimOrg) && p.uses(DimPeriod) // as Queries splits them
	for oi, vals := range results {
		for _, v := range vals {
			pos := map[string]int{DimIndicator: indIdx[v.Indicator], DimCategory: optIdx[v.Category]}
			if perUnit {
				pos[DimOrg], pos[DimPeriod] = oi, v.Group
			} else {
				pos[DimOrg], pos[DimPeriod] = v.Group, v.Group
			}
			if !p.uses(DimCategory) && v.Category != Total {
				continue
			}
			ri, ci := pos[p.Rows], pos[p.Cols]
			if ri < len(grid) && ci < len(colLabels) && v.OK {
				grid[ri][ci] = FormatValue(p.Indicators[indIdx[v.Indicator]], v.Value)
			}
		}
	}
	var lines []PivotLine
	for i, l := range rowLabels {
		lines = append(lines, PivotLine{Label: l, Values: grid[i]})
	}
	return colLabels, lines
}
