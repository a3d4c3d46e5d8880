package analytics

import (
	"reflect"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/svgchart"
)

var (
	kids = domain.Indicator{Code: "KIDS", Name: "Trẻ em được hỗ trợ", NameEN: "Children supported", Unit: "trẻ",
		ValueType: domain.TypeInteger, Categories: []string{"sex"}}
	rate = domain.Indicator{Code: "RATE", Name: "Tỷ lệ", NameEN: "Rate", Unit: "%", ValueType: domain.TypePercentage}
)

func year(t *testing.T, id string) period.Period {
	t.Helper()
	p, err := period.Parse(id, period.Decree09)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestFormatValue(t *testing.T) {
	tests := []struct {
		typ  domain.ValueType
		v    float64
		want string
	}{
		{domain.TypeInteger, 1234567, "1.234.567"},
		{domain.TypeMoney, 2500000.7, "2.500.000"},
		{domain.TypeYesNo, 1, "có"},
		{domain.TypeYesNo, 0, "không"},
		{domain.TypeNumber, 40, "40"},
		{domain.TypePercentage, 12.5, "12,50"},
	}
	for _, tt := range tests {
		if got := FormatValue(domain.Indicator{ValueType: tt.typ}, tt.v); got != tt.want {
			t.Errorf("FormatValue(%s, %v) = %q, want %q", tt.typ, tt.v, got, tt.want)
		}
	}
}

func TestDashboardChoices(t *testing.T) {
	now := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		asked string
		want  int
	}{{"", 2025}, {"2023", 2023}, {"1999", 2025}, {"2101", 2025}, {"abc", 2025}} {
		if got, _ := DashboardYears(now, tt.asked); got != tt.want {
			t.Errorf("DashboardYears(%q) = %d, want %d", tt.asked, got, tt.want)
		}
	}
	if _, years := DashboardYears(now, ""); !reflect.DeepEqual(years, []int{2026, 2025, 2024, 2023, 2022, 2021, 2020}) {
		t.Errorf("years offered = %v", years)
	}
	if DashboardProgramme("gender") != domain.ProgrammeGender || DashboardProgramme("x") != domain.ProgrammeChildren ||
		DashboardProgramme("") != domain.ProgrammeChildren {
		t.Error("DashboardProgramme")
	}
	yes := domain.Indicator{Code: "YES", ValueType: domain.TypeYesNo}
	text := domain.Indicator{Code: "TXT", ValueType: domain.TypeText}
	charted := Charted([]domain.Indicator{yes, kids, text, rate})
	if len(charted) != 2 || charted[0].Code != "KIDS" || charted[1].Code != "RATE" {
		t.Errorf("Charted = %+v", charted)
	}
	if Choose(charted, "rate").Code != "RATE" || Choose(charted, "NOPE").Code != "KIDS" || Choose(charted, "").Code != "KIDS" {
		t.Error("Choose")
	}
}

// A year of an indicator split by sex: the summary, the trend by quarter
// with a line per sex, the stacked bars by sex and the units ranked.
func TestDashboard(t *testing.T) {
	y := year(t, "2025")
	quarters := y.SubPeriods(period.Quarterly)
	in := DashboardInput{
		Lang: "en", Indicators: []domain.Indicator{kids, rate}, Selected: kids, Year: y, Quarters: quarters,
		Figures: []Value{
			{Indicator: "KIDS", Category: Total, Value: 1250, OK: true},
			{Indicator: "KIDS", Category: "male", Value: 600, OK: true},
			{Indicator: "KIDS", Category: "female", Value: 650, OK: true},
			{Indicator: "RATE", Category: Total, OK: false},
		},
		Units: []domain.OrgUnit{{Code: "A", Name: "Xã A", NameEN: "Commune A"}, {Code: "B", Name: "Xã B"}, {Code: "C", NameEN: "Commune C"}},
		ByUnit: []Value{
			{Indicator: "KIDS", Group: 0, Category: Total, Value: 300, OK: true},
			{Indicator: "KIDS", Group: 1, Category: Total, OK: false},
			{Indicator: "KIDS", Group: 2, Category: Total, Value: 950, OK: true},
		},
	}
	for g := range quarters {
		q3 := g == 2 // no data in the third quarter
		in.Trend = append(in.Trend,
			Value{Indicator: "KIDS", Group: g, Category: Total, Value: float64(100 * (g + 1)), OK: !q3},
			Value{Indicator: "KIDS", Group: g, Category: "male", Value: float64(40 * (g + 1)), OK: !q3},
			Value{Indicator: "KIDS", Group: g, Category: "female", Value: float64(60 * (g + 1)), OK: !q3})
	}
	v := Dashboard(in)

	wantSummary := []SummaryRow{{Ind: kids, Total: "1.250", Male: "600", Female: "650"}, {Ind: rate}}
	if !reflect.DeepEqual(v.Summary, wantSummary) {
		t.Errorf("summary = %+v\nwant %+v", v.Summary, wantSummary)
	}

	wantTrend := svgchart.Chart{Title: "Children supported · Year 2025", Labels: []string{"Q1 2025", "Q2 2025", "Q3 2025", "Q4 2025"},
		Unit: "trẻ", Lang: "en", Desc: "The trend by quarter in the year",
		Series: []svgchart.Series{
			{Name: "Total", Values: []float64{100, 200, 300, 400}, Missing: []bool{false, false, true, false}},
			{Name: "Male", Values: []float64{40, 80, 120, 160}, Missing: []bool{false, false, true, false}},
			{Name: "Female", Values: []float64{60, 120, 180, 240}, Missing: []bool{false, false, true, false}},
		}}
	if !reflect.DeepEqual(v.Trend, wantTrend) {
		t.Errorf("trend = %+v\nwant %+v", v.Trend, wantTrend)
	}

	if v.BySex == nil {
		t.Fatal("no chart by sex")
	}
	if !v.BySex.Stacked || v.BySex.Title != "Children supported · by sex" || !reflect.DeepEqual(v.BySex.Series, wantTrend.Series[1:]) {
		t.Errorf("by sex = %+v", *v.BySex)
	}

	if v.ByUnit == nil {
		t.Fatal("no ranking of units")
	}
	wantUnits := svgchart.Chart{Title: "Children supported · by unit", Labels: []string{"Commune C", "Commune A", "Xã B"},
		Unit: "trẻ", Lang: "en", Desc: "The units compared over the year",
		Series: []svgchart.Series{{Name: "Children supported", Values: []float64{950, 300, 0}, Missing: []bool{false, false, true}}}}
	if !reflect.DeepEqual(*v.ByUnit, wantUnits) {
		t.Errorf("by unit = %+v\nwant %+v", *v.ByUnit, wantUnits)
	}
}

// An indicator without a split by sex and a unit with nothing below: one
// line, no chart by sex, no ranking; titles in Vietnamese.
func TestDashboardPlain(t *testing.T) {
	y := year(t, "2024")
	quarters := y.SubPeriods(period.Quarterly)
	in := DashboardInput{Lang: "vi", Indicators: []domain.Indicator{rate}, Selected: rate, Year: y, Quarters: quarters,
		Figures: []Value{{Indicator: "RATE", Category: Total, Value: 97.25, OK: true}}}
	for g := range quarters {
		in.Trend = append(in.Trend, Value{Indicator: "RATE", Group: g, Category: Total, Value: 95 + float64(g), OK: true})
	}
	v := Dashboard(in)
	if len(v.Summary) != 1 || v.Summary[0].Total != "97,25" || v.Summary[0].Male != "" {
		t.Errorf("summary = %+v", v.Summary)
	}
	if v.Trend.Title != "Tỷ lệ · Năm 2024" || len(v.Trend.Series) != 1 || v.Trend.Series[0].Name != "Tổng số" ||
		!reflect.DeepEqual(v.Trend.Series[0].Values, []float64{95, 96, 97, 98}) || v.Trend.Labels[0] != "Quý I/2024" {
		t.Errorf("trend = %+v", v.Trend)
	}
	if v.BySex != nil || v.ByUnit != nil {
		t.Errorf("by sex %v, by unit %v: want neither", v.BySex, v.ByUnit)
	}
}
