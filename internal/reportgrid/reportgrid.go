// Package reportgrid lays out the data-entry grid of a periodic report:
// one table per set of option combinations, a cell per indicator and
// combination with the value stored or typed, last period's and last
// year's, the figure computed from records, and a warning when a value is
// far from the unit's history. It is pure: the handler loads the values
// and gives them here.
package reportgrid

import (
	"tebdg/internal/analytics"
	"tebdg/internal/domain"
	"tebdg/internal/period"
)

// History is how many past periods a value is compared with.
const History = 4

// CellName is the form field of an indicator's cell for a combination.
func CellName(ind, combo string) string { return "v|" + ind + "|" + combo }

// ReasonName is the form field of the reason a cell differs from records.
func ReasonName(ind, combo string) string { return "r|" + ind + "|" + combo }

// Key names one stored value of the report's unit.
type Key struct {
	IndicatorID int64
	Period      string
	Combo       string
}

// Periods lists the periods whose values the grid of p shows: the History
// periods before it (the first is the previous one), p itself and the same
// period last year.
func Periods(p period.Period) []string {
	var out []string
	for q, i := p.Prev(), 0; i < History; q, i = q.Prev(), i+1 {
		out = append(out, q.ID)
	}
	return append(out, p.ID, p.SameLastYear().ID)
}

// Cell is one input of the grid.
type Cell struct {
	Name     string // form field
	Combo    domain.Combo
	Value    string // what the input shows
	Prev     string // last period's value
	LastYear string // the same period last year
	Err      string
	Warn     string // "unusual": far from the unit's history
	// Computed is the figure computed from records, for indicators that
	// come from them; a value that differs needs a Reason.
	Computed   string
	HasRecords bool
	Reason     string
	ReasonName string
}

// Row is an indicator's cells, with their total when it has several.
type Row struct {
	Ind   domain.Indicator
	Cells []Cell
	Total string
}

// Group is one table of the form: indicators sharing the same option
// combinations, so the columns line up.
type Group struct {
	Combos []domain.Combo
	Rows   []Row
	Sum    bool // show a total column
}

// Input is what the grid is laid out from.
type Input struct {
	Indicators []domain.Indicator // the template's, in its order
	Period     period.Period
	Values     map[Key]domain.StoredValue // over Periods(Period)
	Computed   map[string]float64         // figures from records, by CellName
	// Posted, when not nil, is the form the user sent: the inputs show
	// what they typed, read with Parse.
	Posted   map[string]string
	Parse    func(string) (float64, error)
	CellErrs map[string]string // messages by CellName
	CanEdit  bool              // an empty cell starts from the records
}

// Grid is the laid-out form.
type Grid struct {
	Groups   []Group
	Computed []domain.Indicator // not entered: computed from others
	Warnings int                // cells marked unusual
}

// Build lays out the grid with stored values, the previous period's, last
// year's, and warnings for values far from the unit's history. When
// in.Posted is not nil the inputs show what the user typed.
func Build(in Input) Grid {
	var g Grid
	prev, lastYear := in.Period.Prev(), in.Period.SameLastYear()
	hist := Periods(in.Period)[:History]
	get := func(ind domain.Indicator, p, combo string) (string, float64, bool) {
		v, ok := in.Values[Key{IndicatorID: ind.ID, Period: p, Combo: combo}]
		if !ok {
			return "", 0, false
		}
		if ind.ValueType == domain.TypeText {
			return v.Text, 0, true
		}
		return analytics.FormatValue(ind, v.Value), v.Value, true
	}
	groupIdx := map[string]int{}
	for _, ind := range in.Indicators {
		if ind.Computed() {
			g.Computed = append(g.Computed, ind)
			continue
		}
		key := ""
		for _, c := range ind.Combos {
			key += c.Code + ","
		}
		gi, ok := groupIdx[key]
		if !ok {
			gi = len(g.Groups)
			groupIdx[key] = gi
			g.Groups = append(g.Groups, Group{Combos: ind.Combos, Sum: len(ind.Combos) > 1})
		}
		row := Row{Ind: ind}
		total, numeric := 0.0, ind.ValueType.Numeric() && ind.ValueType != domain.TypeYesNo
		for _, c := range ind.Combos {
			cell := Cell{Name: CellName(ind.Code, c.Code), Combo: c}
			cur, curV, have := get(ind, in.Period.ID, c.Code)
			cell.Value = cur
			if cv, ok := in.Computed[cell.Name]; ok {
				cell.HasRecords, cell.Computed, cell.ReasonName = true, analytics.FormatValue(ind, cv), ReasonName(ind.Code, c.Code)
				if stored, ok := in.Values[Key{IndicatorID: ind.ID, Period: in.Period.ID, Combo: c.Code}]; ok {
					cell.Reason = stored.Reason
				}
				// Not entered yet: the form starts from the records.
				if !have && in.CanEdit {
					cell.Value, curV, have = cell.Computed, cv, true
				}
				if in.Posted != nil {
					cell.Reason = in.Posted[cell.ReasonName]
				}
			}
			cell.Prev, _, _ = get(ind, prev.ID, c.Code)
			cell.LastYear, _, _ = get(ind, lastYear.ID, c.Code)
			if in.Posted != nil {
				cell.Value = in.Posted[cell.Name]
				if v, err := in.Parse(cell.Value); err == nil {
					curV, have = v, cell.Value != ""
				} else {
					have = false
				}
			}
			cell.Err = in.CellErrs[cell.Name]
			if have && numeric {
				total += curV
				var history []float64
				for _, h := range hist {
					if _, hv, ok := get(ind, h, c.Code); ok {
						history = append(history, hv)
					}
				}
				if analytics.Unusual(curV, history) {
					cell.Warn = "unusual"
					g.Warnings++
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		if numeric && len(ind.Combos) > 1 {
			row.Total = analytics.FormatValue(ind, total)
		}
		g.Groups[gi].Rows = append(g.Groups[gi].Rows, row)
	}
	return g
}
