package analytics

import (
	"reflect"
	"slices"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
)

func TestPivotDims(t *testing.T) {
	tests := []struct {
		rows, cols         string
		wantRows, wantCols string
		bad                bool
	}{
		{"", "", DimIndicator, DimPeriod, false},
		{DimOrg, "", DimOrg, DimPeriod, false},
		{DimPeriod, "", DimPeriod, DimIndicator, false},
		{DimPeriod, DimPeriod, DimPeriod, DimIndicator, false}, // the same twice: columns change
		{DimCategory, DimOrg, DimCategory, DimOrg, false},
		{"colour", "", "colour", DimPeriod, true},
		{DimOrg, "colour", DimOrg, "colour", true},
	}
	for _, tt := range tests {
		rows, cols, err := PivotDims(tt.rows, tt.cols)
		if rows != tt.wantRows || cols != tt.wantCols || (err != nil) != tt.bad {
			t.Errorf("PivotDims(%q, %q) = %q, %q, %v", tt.rows, tt.cols, rows, cols, err)
		}
		if err != nil && !errs.Is(err, errs.Invalid) {
			t.Errorf("PivotDims(%q, %q): %v is not a refusal of the input", tt.rows, tt.cols, err)
		}
	}
}

func TestPivotIndicators(t *testing.T) {
	var all []domain.Indicator
	for _, c := range []string{"A", "B", "T", "C", "D", "E", "F"} {
		typ := domain.TypeInteger
		if c == "T" {
			typ = domain.TypeText
		}
		all = append(all, domain.Indicator{Code: c, ValueType: typ})
	}
	codes := func(inds []domain.Indicator) []string {
		var out []string
		for _, i := range inds {
			out = append(out, i.Code)
		}
		return out
	}
	offered, chosen, marked := PivotIndicators(all, nil)
	if got := codes(offered); !slices.Equal(got, []string{"A", "B", "C", "D", "E", "F"}) {
		t.Errorf("offered = %v", got)
	}
	if got := codes(chosen); !slices.Equal(got, []string{"A", "B", "C", "D", "E"}) || len(marked) != 5 || marked["F"] {
		t.Errorf("none asked: chosen %v, marked %v", got, marked)
	}
	_, chosen, marked = PivotIndicators(all, []string{"f", "b", "t"})
	if got := codes(chosen); !slices.Equal(got, []string{"B", "F"}) || !marked["F"] || !marked["B"] {
		t.Errorf("asked f, b, t: chosen %v, marked %v", got, marked)
	}
}

func TestPivotPeriods(t *testing.T) {
	tests := []struct{ id, first, last string }{
		{"2025", "2025Q1", "2025Q4"},
		{"2025Q2", "202504", "202506"},
		{"202503", "202503", "202503"},
	}
	for _, tt := range tests {
		subs := PivotPeriods(year(t, tt.id))
		if len(subs) == 0 || subs[0].ID != tt.first || subs[len(subs)-1].ID != tt.last {
			t.Errorf("PivotPeriods(%s) = %+v", tt.id, subs)
		}
	}
}

// figureTable stands for the store and Compute: it answers a query with
// the figures of known, keyed by indicator, unit, period and category,
// laid out as Compute lays them (per indicator, group and category).
type figureTable map[string]float64

func (f figureTable) answer(p Pivot, per period.Period, q PivotQuery) []Value {
	groups := max(len(q.ByOrg), len(q.ByPeriod), 1)
	var out []Value
	for _, ind := range p.Indicators {
		cats := []string{Total}
		if q.By == "sex" && slices.Contains(ind.Categories, "sex") {
			cats = append(cats, "male", "female")
		}
		for g := range groups {
			unit, pid := q.Org.Code, per.ID
			if q.ByOrg != nil {
				unit = q.ByOrg[g].Code
			}
			if q.ByPeriod != nil {
				pid = q.ByPeriod[g].ID
			}
			for _, c := range cats {
				v, ok := f[ind.Code+"|"+unit+"|"+pid+"|"+c]
				out = append(out, Value{Indicator: ind.Code, Group: g, Category: c, Value: v, OK: ok})
			}
		}
	}
	return out
}

func TestPivotTable(t *testing.T) {
	prov := domain.OrgUnit{Code: "P", Name: "Tỉnh P", NameEN: "Province P"}
	units := []domain.OrgUnit{{Code: "A", NameEN: "District A"}, {Code: "B", NameEN: "District B"}}
	y := year(t, "2025")
	quarters := PivotPeriods(y)
	known := figureTable{
		"KIDS|P|2025|total": 1000, "KIDS|P|2025|male": 400, "KIDS|P|2025|female": 600,
		"RATE|P|2025|total":   97.5,
		"KIDS|P|2025Q1|total": 200, "KIDS|P|2025Q2|total": 300, "KIDS|P|2025Q4|total": 500,
		"RATE|P|2025Q1|total": 96,
		"KIDS|A|2025|total":   700, "KIDS|A|2025|male": 300, "KIDS|A|2025|female": 400,
		"KIDS|B|2025|total": 300, "KIDS|B|2025|female": 200,
		"RATE|A|2025|total":   98,
		"KIDS|A|2025Q1|total": 150, "KIDS|B|2025Q1|total": 50, "KIDS|B|2025Q4|total": 250,
	}
	tests := []struct {
		name       string
		rows, cols string
		inds       []domain.Indicator
		units      []domain.OrgUnit
		queries    int
		header     []string
		lines      []PivotLine
	}{
		{"indicators by quarter", DimIndicator, DimPeriod, []domain.Indicator{kids, rate}, units, 1,
			[]string{"Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"},
			[]PivotLine{{"Children supported (trẻ)", []string{"200", "300", "", "500"}}, {"Rate (%)", []string{"96", "", "", ""}}}},
		{"units by sex", DimOrg, DimCategory, []domain.Indicator{kids}, units, 1,
			[]string{"Total", "Male", "Female"},
			[]PivotLine{{"District A", []string{"700", "300", "400"}}, {"District B", []string{"300", "", "200"}}}},
		{"sex by indicator: one without a split by sex has its total only", DimCategory, DimIndicator, []domain.Indicator{kids, rate}, nil, 1,
			[]string{"Children supported (trẻ)", "Rate (%)"},
			[]PivotLine{{"Total", []string{"1.000", "97,50"}}, {"Male", []string{"400", ""}}, {"Female", []string{"600", ""}}}},
		{"units by quarter: a query per unit", DimOrg, DimPeriod, []domain.Indicator{kids}, units, 2,
			[]string{"Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"},
			[]PivotLine{{"District A", []string{"150", "", "", ""}}, {"District B", []string{"50", "", "", "250"}}}},
		{"a single unit by quarter", DimOrg, DimPeriod, []domain.Indicator{kids}, units[1:], 1,
			[]string{"Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"},
			[]PivotLine{{"District B", []string{"50", "", "", "250"}}}},
		{"quarters of a single unit", DimPeriod, DimOrg, []domain.Indicator{kids}, units[1:], 1,
			[]string{"District B"},
			[]PivotLine{{"Q1 2025", []string{"50"}}, {"Q2 2025", []string{""}}, {"Q3 2025", []string{""}}, {"Q4 2025", []string{"250"}}}},
		{"indicators by unit", DimIndicator, DimOrg, []domain.Indicator{kids, rate}, units, 1,
			[]string{"District A", "District B"},
			[]PivotLine{{"Children supported (trẻ)", []string{"700", "300"}}, {"Rate (%)", []string{"98", ""}}}},
		{"no unit below: the org itself", DimOrg, DimIndicator, []domain.Indicator{kids, rate}, nil, 1,
			[]string{"Children supported (trẻ)", "Rate (%)"},
			[]PivotLine{{"Province P", []string{"1.000", "97,50"}}}},
	}
	for _, tt := range tests {
		p := Pivot{Rows: tt.rows, Cols: tt.cols, Lang: "en", Org: prov, Indicators: tt.inds, Units: tt.units, Periods: quarters}
		qs := p.Queries()
		if len(qs) != tt.queries {
			t.Errorf("%s: %d queries %+v, want %d", tt.name, len(qs), qs, tt.queries)
		}
		var results [][]Value
		for _, q := range qs {
			results = append(results, known.answer(p, y, q))
		}
		header, lines := p.Table(results)
		if !slices.Equal(header, tt.header) {
			t.Errorf("%s: header = %q, want %q", tt.name, header, tt.header)
		}
		if !reflect.DeepEqual(lines, tt.lines) {
			t.Errorf("%s: lines = %q\nwant %q", tt.name, lines, tt.lines)
		}
	}
}

func TestPivotQueries(t *testing.T) {
	org := domain.OrgUnit{Code: "P"}
	units := []domain.OrgUnit{{Code: "A"}, {Code: "B"}}
	subs := []period.Period{year(t, "2025Q1"), year(t, "2025Q2")}
	p := Pivot{Rows: DimCategory, Cols: DimOrg, Org: org, Units: units, Periods: subs}
	if qs := p.Queries(); len(qs) != 1 || qs[0].By != "sex" || len(qs[0].ByOrg) != 2 || qs[0].ByPeriod != nil || qs[0].Org.Code != "P" {
		t.Errorf("category × org: %+v", qs)
	}
	p.Rows, p.Cols = DimPeriod, DimOrg
	qs := p.Queries()
	if len(qs) != 2 || qs[0].Org.Code != "A" || qs[1].Org.Code != "B" || len(qs[1].ByPeriod) != 2 || qs[0].ByOrg != nil || qs[0].By != "" {
		t.Errorf("period × org: %+v", qs)
	}
	p.Rows, p.Cols = DimIndicator, DimPeriod
	if qs := p.Queries(); len(qs) != 1 || len(qs[0].ByPeriod) != 2 || qs[0].ByOrg != nil {
		t.Errorf("indicator × period: %+v", qs)
	}
}
