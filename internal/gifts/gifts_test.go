package gifts

import (
	"errors"
	"testing"
	"time"

	"tebdg/internal/errs"
)

func d(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 0, 0, 0, 0, time.UTC) }

func TestEligibility(t *testing.T) {
	june1 := d(2026, 6, 1)
	for _, tt := range []struct {
		name string
		dob  time.Time
		day  time.Time
		age  int
		ok   bool
	}{
		{"born exactly 16 years before the round: not a child that day", d(2010, 6, 1), june1, 16, false},
		{"16 tomorrow: still a child", d(2010, 6, 2), june1, 15, true},
		{"turned 16 yesterday", d(2010, 5, 31), june1, 16, false},
		{"a baby born that day", june1, june1, 0, true},
		{"not yet born", d(2026, 6, 2), june1, -1, false},
		{"born on 29 February, round on 28 February of a common year: the birthday", d(2008, 2, 29), d(2025, 2, 28), 17, false},
		{"born on 28 February 2010, the day before the 16th birthday", d(2010, 2, 28), d(2026, 2, 27), 15, true},
		{"born on 29 February 2012, round on 28 February 2028 (a leap year): not yet 16", d(2012, 2, 29), d(2028, 2, 28), 15, true},
		{"born on 29 February 2012, round on 29 February 2028: 16", d(2012, 2, 29), d(2028, 2, 29), 16, false},
		{"born on 1 March 2011, round on 28 February 2027", d(2011, 3, 1), d(2027, 2, 28), 15, true},
		{"times of day do not count", time.Date(2010, 6, 1, 23, 59, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 1, 0, 0, time.UTC), 16, false},
	} {
		if got := AgeOn(tt.dob, tt.day); got != tt.age {
			t.Errorf("%s: age %d, want %d", tt.name, got, tt.age)
		}
		if got := Eligible(tt.dob, tt.day); got != tt.ok {
			t.Errorf("%s: eligible %v", tt.name, got)
		}
	}
	if got := TurnsSixteen(d(2012, 2, 29)); got != d(2028, 2, 29) {
		t.Errorf("turns 16: %v", got)
	}
	if got := TurnsSixteen(d(2009, 2, 28)); got != d(2025, 2, 28) {
		t.Errorf("turns 16: %v", got)
	}
}

// A round on a lunar date: Trung thu moves in the solar calendar, and so
// does who is still a child on it.
func TestRoundOnALunarDate(t *testing.T) {
	for _, tt := range []struct {
		spec string
		year int
		want time.Time
	}{
		{"1/6", 2026, d(2026, 6, 1)},
		{"15/8 âm lịch", 2024, d(2024, 9, 17)},
		{"15/8 âm lịch", 2025, d(2025, 10, 6)},
		{"15/8 âm lịch", 2026, d(2026, 9, 25)},
	} {
		got, err := RoundDate(tt.spec, tt.year)
		if err != nil || !got.Equal(tt.want) {
			t.Errorf("%s %d: %v %v", tt.spec, tt.year, got, err)
		}
	}
	// Trung thu 2025 fell on 6/10/2025: a child born on 20/9/2009 had
	// turned 16 a fortnight before; one born on 1/10/2010 was 14.
	mid, _ := RoundDate("15/8 âm lịch", 2025)
	if Eligible(d(2009, 9, 20), mid) {
		t.Error("16 on 20/9/2025, before Trung thu on 6/10/2025: not eligible")
	}
	if !Eligible(d(2010, 10, 1), mid) {
		t.Error("14 on 6/10/2025: eligible")
	}
	// Born on 1/10/2009: 15 at Trung thu 2024 (17/9/2024), 16 at Trung
	// thu 2025: the lunar date decides.
	mid24, _ := RoundDate("15/8 âm lịch", 2024)
	if !Eligible(d(2009, 10, 1), mid24) || Eligible(d(2009, 10, 1), mid) {
		t.Error("born 1/10/2009: eligible in 2024, not in 2025")
	}
	// Each refusal is a field error on spec in both languages: a range is
	// ErrSpec, the rest observance.ParseRule's own errors.
	for _, tt := range []struct{ spec, vi, en string }{
		{"1/6-30/6", "ngày không đọc được", "the date cannot be read"},
		{"", "chưa nhập ngày; ghi ngày như 8/3, 15/8 âm lịch hoặc 15/11-15/12", "the date is empty; write the date like 8/3, 15/8 âm lịch or 15/11-15/12"},
		{"31/2", "tháng 2 không có ngày 31 (ngày phải từ 1 đến 29)", "month 2 has no day 31 (days run from 1 to 29)"},
	} {
		_, err := RoundDate(tt.spec, 2026)
		if e := errs.As(err); err == nil || e.Code != errs.Invalid || e.Field != "spec" || e.VI != tt.vi || e.EN != tt.en {
			t.Errorf("%q: %v, want invalid spec\n vi %q\n en %q", tt.spec, err, tt.vi, tt.en)
		}
	}
	if _, err := RoundDate("1/6-30/6", 2026); !errors.Is(err, ErrSpec) {
		t.Errorf("a range: %v, want ErrSpec", err)
	}
	if _, err := RoundDate("ngày mai", 2026); !errs.Is(err, errs.Invalid) {
		t.Errorf("ngày mai: %v", err)
	}
}

// Eligibility ends once: a child eligible on a day was eligible on every
// day from birth to then, and is never eligible again after turning 16.
func FuzzEligible(f *testing.F) {
	f.Add(int64(0), int64(0))
	f.Add(int64(5844), int64(100))
	f.Add(int64(-20000), int64(3))
	f.Fuzz(func(t *testing.T, dobDays, offset int64) {
		if dobDays < -80000 || dobDays > 80000 || offset < 0 || offset > 10000 {
			return
		}
		dob := d(2000, 1, 1).AddDate(0, 0, int(dobDays))
		day := dob.AddDate(0, 0, int(offset))
		later := day.AddDate(0, 0, 1)
		if !Eligible(dob, day) && Eligible(dob, later) {
			t.Fatalf("eligible again: born %v, not on %v, again on %v", dob, day, later)
		}
		if Eligible(dob, day) != day.Before(TurnsSixteen(dob)) {
			t.Fatalf("born %v, on %v: eligible %v, turns 16 %v", dob, day, Eligible(dob, day), TurnsSixteen(dob))
		}
	})
}
