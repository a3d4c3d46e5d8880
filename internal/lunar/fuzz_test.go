package lunar

import (
	"testing"
	"time"
)

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"15/8", "15/8/2025", "1/6n/2025", "1/6 nhuận/2025", "30/12", "1/12/2100", "0/0/0", "1/6 (Nhuận)/2025", "1/6nhua\u0323\u0302n/2025"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if d != (Date{}) {
				t.Fatalf("ParseDate(%q) = %v with error %v", s, d, err)
			}
			return
		}
		if d.Day < 1 || d.Day > 30 || d.Month < 1 || d.Month > 12 {
			t.Fatalf("ParseDate(%q) = %#v", s, d)
		}
		if d.Year != 0 {
			if _, err := ToSolar(d); err != nil {
				t.Fatalf("ParseDate(%q) = %v, which ToSolar refuses: %v", s, d, err)
			}
		}
		// What String writes, ParseDate reads back.
		again, err := ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("ParseDate(%q) = %v, %v; from %q", d.String(), again, err, s)
		}
	})
}

func FuzzToSolar(f *testing.F) {
	f.Add(15, 8, 2025, false)
	f.Add(1, 6, 2025, true)
	f.Add(30, 12, 2100, false)
	f.Add(-1, -1, -1, true)
	f.Fuzz(func(t *testing.T, day, month, year int, leap bool) {
		d := Date{Day: day, Month: month, Year: year, Leap: leap}
		tm, err := ToSolar(d)
		if err != nil {
			return
		}
		back, err := FromSolar(tm)
		if err != nil || back != d {
			t.Fatalf("FromSolar(ToSolar(%v) = %v) = %v, %v", d, tm, back, err)
		}
	})
}

func FuzzFromSolar(f *testing.F) {
	f.Add(int64(0))
	f.Add(int64(-25567))
	f.Add(int64(47846))
	f.Fuzz(func(t *testing.T, days int64) {
		if days > 1<<40 || days < -(1<<40) {
			return // beyond time.Time's arithmetic
		}
		tm := time.Unix(days*86400, 0).UTC()
		d, err := FromSolar(tm)
		if err != nil {
			return
		}
		back, err := ToSolar(d)
		if err != nil || !back.Equal(tm) {
			t.Fatalf("ToSolar(FromSolar(%v) = %v) = %v, %v", tm, d, back, err)
		}
	})
}
