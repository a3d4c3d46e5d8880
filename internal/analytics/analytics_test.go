package analytics

import (
	"testing"

	"tebdg/internal/domain"
)

var (
	sex  = domain.Category{Code: "sex", Options: []domain.CategoryOption{{Code: "male"}, {Code: "female"}}}
	age  = domain.Category{Code: "age", Options: []domain.CategoryOption{{Code: "under16"}, {Code: "adult"}}}
	cats = map[string]domain.Category{"sex": sex, "age": age}
	inds = map[string]domain.Indicator{
		"PART":    {Code: "PART", Aggregation: domain.AggSum, Categories: []string{"sex", "age"}},
		"AVG":     {Code: "AVG", Aggregation: domain.AggAverage},
		"MIN":     {Code: "MIN", Aggregation: domain.AggMin},
		"MAX":     {Code: "MAX", Aggregation: domain.AggMax},
		"LEAD":    {Code: "LEAD", Aggregation: domain.AggLast},
		"LEADW":   {Code: "LEADW", Aggregation: domain.AggLast},
		"PCT":     {Code: "PCT", Aggregation: domain.AggRatio, Numerator: "LEADW", Denominator: "LEAD", Factor: 100},
		"PCTSEX":  {Code: "PCTSEX", Aggregation: domain.AggRatio, Numerator: "PART", Denominator: "LEAD", Factor: 1},
		"NODATA":  {Code: "NODATA", Aggregation: domain.AggSum},
		"ZERODEN": {Code: "ZERODEN", Aggregation: domain.AggRatio, Numerator: "LEADW", Denominator: "NODATA", Factor: 100},
	}
	cells = []Cell{
		{Indicator: "PART", Combo: "male_under16", Sum: 10, Count: 2, Min: 4, Max: 6},
		{Indicator: "PART", Combo: "male_adult", Sum: 20, Count: 2, Min: 8, Max: 12},
		{Indicator: "PART", Combo: "female_under16", Sum: 15, Count: 2, Min: 5, Max: 10},
		{Indicator: "PART", Combo: "female_adult", Sum: 25, Count: 2, Min: 10, Max: 15},
		{Indicator: "AVG", Sum: 30, Count: 4, Min: 5, Max: 10},
		{Indicator: "MIN", Sum: 30, Count: 4, Min: 5, Max: 10},
		{Indicator: "MAX", Sum: 30, Count: 4, Min: 5, Max: 10},
		{Indicator: "LEAD", Sum: 120, Count: 4, Last: 40},
		{Indicator: "LEADW", Sum: 40, Count: 4, Last: 12},
	}
)

func TestCompute(t *testing.T) {
	tests := []struct {
		ind, by, cat string
		want         float64
		ok           bool
	}{
		{"PART", "", Total, 70, true},
		{"PART", "sex", "male", 30, true},
		{"PART", "sex", "female", 40, true},
		{"PART", "age", "under16", 25, true},
		{"AVG", "", Total, 7.5, true},
		{"MIN", "", Total, 5, true},
		{"MAX", "", Total, 10, true},
		{"LEAD", "", Total, 40, true}, // last values, not the sum over periods
		// 12 of 40 leaders are women: 30%, from the summed parts, not an
		// average of the units' percentages.
		{"PCT", "", Total, 30, true},
		{"PCTSEX", "sex", "female", 1, true}, // 40 / 40
		{"NODATA", "", Total, 0, false},
		{"ZERODEN", "", Total, 0, false},
	}
	for _, tt := range tests {
		vals := Compute([]domain.Indicator{inds[tt.ind]}, inds, cells, 1, tt.by, cats)
		found := false
		for _, v := range vals {
			if v.Category == tt.cat {
				found = true
				if v.Value != tt.want || v.OK != tt.ok {
					t.Errorf("%s by %q %s = %v (%v), want %v (%v)", tt.ind, tt.by, tt.cat, v.Value, v.OK, tt.want, tt.ok)
				}
			}
		}
		if !found {
			t.Errorf("%s by %q: no %s value in %+v", tt.ind, tt.by, tt.cat, vals)
		}
	}
	// Splitting by a category an indicator lacks gives its total only.
	if vals := Compute([]domain.Indicator{inds["AVG"]}, inds, cells, 1, "sex", cats); len(vals) != 1 || vals[0].Category != Total {
		t.Errorf("AVG by sex = %+v", vals)
	}
}

func TestComputeGroups(t *testing.T) {
	cs := []Cell{{Indicator: "PART", Group: 0, Combo: "male_adult", Sum: 3, Count: 1}, {Indicator: "PART", Group: 2, Combo: "female_adult", Sum: 5, Count: 1}}
	vals := Compute([]domain.Indicator{inds["PART"]}, inds, cs, 3, "", cats)
	want := []struct {
		g  int
		v  float64
		ok bool
	}{{0, 3, true}, {1, 0, false}, {2, 5, true}}
	if len(vals) != 3 {
		t.Fatalf("%+v", vals)
	}
	for i, w := range want {
		if vals[i].Group != w.g || vals[i].Value != w.v || vals[i].OK != w.ok {
			t.Errorf("group %d = %+v", i, vals[i])
		}
	}
}

func TestUnusual(t *testing.T) {
	tests := []struct {
		v    float64
		hist []float64
		want bool
	}{
		{10, []float64{8, 10, 12, 9}, false},
		{40, []float64{8, 10, 12, 9}, true}, // over 3× the median 9.5
		{2, []float64{8, 10, 12, 9}, true},  // under a third
		{40, []float64{10}, false},          // not enough history
		{5, []float64{0, 0, 0}, false},      // small numbers after zeros
		{500, []float64{0, 0, 0, 0}, true},  // a sudden large figure
	}
	for _, tt := range tests {
		if got := Unusual(tt.v, tt.hist); got != tt.want {
			t.Errorf("Unusual(%v, %v) = %v", tt.v, tt.hist, got)
		}
	}
	if Median([]float64{3, 1, 2}) != 2 || Median([]float64{4, 1, 3, 2}) != 2.5 || Median(nil) != 0 {
		t.Error("Median")
	}
}
