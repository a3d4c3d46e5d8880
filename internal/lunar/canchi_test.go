package lunar

import (
	"testing"
	"time"
)

func TestYearName(t *testing.T) {
	tests := []struct {
		year int
		want string
	}{
		{2024, "Giáp Thìn"},
		{2025, "Ất Tỵ"},
		{2026, "Bính Ngọ"},
		{2023, "Quý Mão"},
		{2000, "Canh Thìn"},
		{1985, "Ất Sửu"},
		{1968, "Mậu Thân"},
		{1900, "Canh Tý"},
		{2100, "Canh Thân"},
		{4, "Giáp Tý"},
		{3, "Quý Hợi"},
		{-56, "Giáp Tý"},
	}
	for _, tt := range tests {
		if got := YearName(tt.year); got != tt.want {
			t.Errorf("YearName(%d) = %q, want %q", tt.year, got, tt.want)
		}
	}
}

func TestMonthName(t *testing.T) {
	tests := []struct {
		d    Date
		want string
	}{
		{Date{Day: 1, Month: 1, Year: 2024}, "Bính Dần"},
		{Date{Day: 1, Month: 11, Year: 2024}, "Bính Tý"},
		{Date{Day: 1, Month: 12, Year: 2024}, "Đinh Sửu"},
		{Date{Day: 1, Month: 1, Year: 2025}, "Mậu Dần"}, // the stems run on across the year
		{Date{Day: 1, Month: 6, Year: 2025}, "Quý Mùi"},
		{Date{Day: 1, Month: 6, Year: 2025, Leap: true}, "Quý Mùi (nhuận)"},
		{Date{Day: 15, Month: 8, Year: 2025}, "Ất Dậu"},
		{Date{Day: 1, Month: 0, Year: 2025}, ""},
		{Date{Day: 1, Month: 13, Year: 2025}, ""},
		{Date{Day: 15, Month: 8}, ""},
	}
	for _, tt := range tests {
		if got := MonthName(tt.d); got != tt.want {
			t.Errorf("MonthName(%v) = %q, want %q", tt.d, got, tt.want)
		}
	}
	// A month's branch is fixed by its number and stems advance one a month.
	prev := ""
	for y := 2020; y <= 2030; y++ {
		for m := 1; m <= 12; m++ {
			name := MonthName(Date{Day: 1, Month: m, Year: y})
			if prev != "" && next(prev) != name {
				t.Fatalf("month %d/%d is %q after %q", m, y, name, prev)
			}
			prev = name
		}
	}
}

// next returns the can chi after s in the 60-name cycle.
func next(s string) string {
	for i := range 60 {
		if canChi(i, i) == s {
			return canChi(i+1, i+1)
		}
	}
	return "?"
}

func TestDayName(t *testing.T) {
	tests := []struct {
		t    time.Time
		want string
	}{
		{date(2000, 1, 1), "Mậu Ngọ"},
		{date(2024, 2, 10), "Giáp Thìn"},
		{date(2025, 1, 29), "Mậu Tuất"},
		{time.Date(2024, 2, 10, 23, 59, 0, 0, time.FixedZone("ICT", 7*3600)), "Giáp Thìn"},
	}
	for _, tt := range tests {
		if got := DayName(tt.t); got != tt.want {
			t.Errorf("DayName(%v) = %q, want %q", tt.t, got, tt.want)
		}
	}
	// Days run through the cycle without a break, back across year 0.
	tm := date(-100, 1, 1)
	prev := DayName(tm)
	for range 100_000 {
		tm = tm.AddDate(0, 0, 1)
		name := DayName(tm)
		if next(prev) != name {
			t.Fatalf("%v is %q after %q", tm, name, prev)
		}
		prev = name
	}
}
