package period

import (
	"testing"
	"time"
)

// tet holds the Tết days off of 2024 (Thursday 8 to Wednesday 14 February)
// and 2025 (Saturday 25 January to Sunday 2 February), and Reunification
// and Labour Day 2025.
func tet(t testing.TB) HolidaySet {
	t.Helper()
	h := HolidaySet{}
	for _, r := range [][2]string{{"2024-02-08", "2024-02-14"}, {"2025-01-25", "2025-02-02"}, {"2025-04-30", "2025-05-01"}} {
		for d := day(t, r[0]); !d.After(day(t, r[1])); d = d.AddDate(0, 0, 1) {
			h[d.Format(time.DateOnly)] = true
		}
	}
	return h
}

func TestAddWorkingDays(t *testing.T) {
	h := tet(t)
	tests := []struct {
		name string
		from string
		n    int
		h    Holidays
		want string
	}{
		{"zero on a working day is that day", "2025-03-14", 0, h, "2025-03-14"},
		{"zero on a Saturday is Monday", "2024-12-14", 0, h, "2024-12-16"},
		{"zero inside Tết is the first day back", "2025-01-29", 0, h, "2025-02-03"},
		{"one over a weekend", "2025-03-14", 1, h, "2025-03-17"},
		{"three in a plain week", "2025-03-10", 3, h, "2025-03-13"},
		{"one over Tết 2025", "2025-01-24", 1, h, "2025-02-03"},
		{"five from a Tết day", "2025-01-31", 5, h, "2025-02-07"},
		{"over 30/4 and 1/5", "2025-04-29", 1, h, "2025-05-02"},
		{"the same days without holidays", "2025-01-24", 1, nil, "2025-01-27"},
		{"a nil HolidaySet is no holidays", "2025-01-24", 1, HolidaySet(nil), "2025-01-27"},
		{"backwards over Tết", "2025-02-03", -1, h, "2025-01-24"},
		{"backwards over a weekend", "2025-03-17", -2, h, "2025-03-13"},
		{"across the new year", "2024-12-27", 3, h, "2025-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddWorkingDays(day(t, tt.from), tt.n, tt.h)
			if got.Format(time.DateOnly) != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format(time.DateOnly), tt.want)
			}
		})
	}
}

func TestAddWorkingDaysKeepsClockAndZone(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	from := time.Date(2025, 1, 24, 17, 0, 0, 0, ict)
	got := AddWorkingDays(from, 1, tet(t))
	if want := time.Date(2025, 2, 3, 17, 0, 0, 0, ict); !got.Equal(want) || got.Location() != ict {
		t.Errorf("got %v, want %v", got, want)
	}
}

type everyDayOff struct{}

func (everyDayOff) IsHoliday(time.Time) bool { return true }

func TestAddWorkingDaysPanicsOnNoWorkingDays(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic for a calendar without working days")
		}
	}()
	AddWorkingDays(day(t, "2025-01-01"), 1, everyDayOff{})
}

func TestDeadline(t *testing.T) {
	h := tet(t)
	tests := []struct {
		id   string
		r    Rule
		days int
		want string
	}{
		{"202402", Decree09, 0, "2024-02-15"}, // ends 14/2/2024, the last Tết day off
		{"202402", Decree09, 3, "2024-02-19"},
		{"202501", Calendar, 5, "2025-02-07"}, // ends 31/1/2025, inside Tết
		{"2025Q1", Decree09, 3, "2025-03-19"},
		{"2024", Decree09, 0, "2024-12-16"}, // ends on a Saturday
		{"2025Q1", Calendar, 10, "2025-04-14"},
	}
	for _, tt := range tests {
		p, err := Parse(tt.id, tt.r)
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Deadline(tt.days, h).Format(time.DateOnly); got != tt.want {
			t.Errorf("%s %s Deadline(%d) = %s, want %s", tt.r, tt.id, tt.days, got, tt.want)
		}
	}
}

func TestHolidaySet(t *testing.T) {
	h := HolidaySet{"2025-01-01": true}
	ict := time.FixedZone("ICT", 7*3600)
	if !h.IsHoliday(time.Date(2025, 1, 1, 0, 30, 0, 0, ict)) {
		t.Error("1/1/2025 00:30 in Vietnam is not a holiday")
	}
	if h.IsHoliday(time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)) {
		t.Error("2/1/2025 is a holiday")
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	h := tet(b)
	d := time.Date(2025, 1, 20, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		AddWorkingDays(d, 10, h)
	}
}
