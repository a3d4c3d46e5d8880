package period

import (
	"testing"
	"time"
)

func TestDataYears(t *testing.T) {
	vn := time.FixedZone("ICT", 7*3600)
	// 31/12/2025 20:00 UTC is already 2026 in Vietnam: the span follows
	// the clock it is given, in that clock's place.
	late := time.Date(2025, 12, 31, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		now         time.Time
		first, last int
	}{
		{time.Date(2025, 6, 1, 9, 0, 0, 0, vn), 2000, 2026},
		{late, 2000, 2026},
		{late.In(vn), 2000, 2027},
		{time.Date(2000, 1, 1, 0, 0, 0, 0, vn), 2000, 2001},
	}
	for _, tt := range tests {
		if got := DataYears(tt.now); got != (Years{tt.first, tt.last}) {
			t.Errorf("DataYears(%v) = %v; want %d–%d", tt.now, got, tt.first, tt.last)
		}
	}
}

func TestYearsContains(t *testing.T) {
	ys := Years{2000, 2026}
	for y, want := range map[int]bool{1900: false, 1999: false, 2000: true, 2025: true, 2026: true, 2027: false, 2100: false} {
		if got := ys.Contains(y); got != want {
			t.Errorf("%v.Contains(%d) = %v; want %v", ys, y, got, want)
		}
	}
	if !(Years{}).Contains(1900) {
		t.Error("the zero Years bounds something")
	}
}

// A period is named after its year whatever its dates: Decree 09's first
// quarter and its year start in December of the year before.
func TestPeriodYear(t *testing.T) {
	for id, want := range map[string]int{"2025": 2025, "2025Q1": 2025, "202501": 2025, "2025S2": 2025, "2025N9": 2025, "1900Q1": 1900, "2100": 2100} {
		p, err := Parse(id, Decree09)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Year(); got != want {
			t.Errorf("%s.Year() = %d; want %d", id, got, want)
		}
	}
	if got := (Period{}).Year(); got != 0 {
		t.Errorf("zero Period's Year() = %d", got)
	}
	// Periods are still parsed over the whole span: the bound is the
	// caller's.
	if _, err := Parse("1900Q1", Decree09); err != nil {
		t.Errorf("Parse(1900Q1): %v", err)
	}
}
