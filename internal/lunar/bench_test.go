package lunar

import (
	"testing"
	"time"
)

// resetCache forgets every year table, as in a freshly started process.
func resetCache() {
	for i := range years {
		years[i].Store(nil)
	}
}

// BenchmarkFromSolarAllDaysCold converts every day from 1900-01-31 to
// 2100-12-31 (73,384 days) starting from an empty cache, so one op includes
// building all 201 year tables. The requirement is under 1 s per op.
func BenchmarkFromSolarAllDaysCold(b *testing.B) {
	for b.Loop() {
		resetCache()
		allDays(func(_ int, t time.Time) {
			if _, err := FromSolar(t); err != nil {
				b.Fatal(err)
			}
		})
	}
}

// BenchmarkFromSolarAllDaysWarm is the same with every table already built.
func BenchmarkFromSolarAllDaysWarm(b *testing.B) {
	allDays(func(_ int, t time.Time) { _, _ = FromSolar(t) })
	for b.Loop() {
		allDays(func(_ int, t time.Time) { _, _ = FromSolar(t) })
	}
}

func BenchmarkFromSolar(b *testing.B) {
	t := date(2025, 10, 6)
	_, _ = FromSolar(t)
	for b.Loop() {
		_, _ = FromSolar(t)
	}
}

func BenchmarkToSolar(b *testing.B) {
	d := Date{Day: 15, Month: 8, Year: 2025}
	_, _ = ToSolar(d)
	for b.Loop() {
		_, _ = ToSolar(d)
	}
}

// BenchmarkYearTable measures building one year's table, the cost a cold
// call pays once per year.
func BenchmarkYearTable(b *testing.B) {
	for b.Loop() {
		calc{vnTZ}.year(2025)
	}
}

func BenchmarkParseDate(b *testing.B) {
	for b.Loop() {
		_, _ = ParseDate("1/6 nhuận/2025")
	}
}
