package period

import "time"

// Parse reads any year from MinYear to MaxYear: periods are listed and read
// across that whole span. Figures are taken for fewer: an import or a data
// entry form accepts the periods of DataYears only, so that a mistyped
// 1900Q1 or 2205 does not file figures under a year no report concerns.

// FirstDataYear is the first year figures are taken for. The reports of
// the programmes tebdg carries begin well after it, so an earlier year is
// a typing mistake.
const FirstDataYear = 2000

// Years is a span of years, both ends included. The zero Years bounds
// nothing.
type Years struct{ First, Last int }

// DataYears is the span of years figures are taken for at now: from
// FirstDataYear to the year after now's (the coming year's first figures
// may be prepared ahead, none further). now's year is read in now's
// location: pass the time in Vietnam.
func DataYears(now time.Time) Years { return Years{First: FirstDataYear, Last: now.Year() + 1} }

// Contains reports whether year y is in the span.
func (ys Years) Contains(y int) bool {
	if ys == (Years{}) {
		return true
	}
	return ys.First <= y && y <= ys.Last
}

// Year is the year p is named after: 2025 for 2025Q1, even under Decree
// 09 where that quarter starts on 15 December 2024. It is 0 for a Period
// whose id is not one Parse reads.
func (p Period) Year() int {
	k, err := parseID(p.ID)
	if err != nil {
		return 0
	}
	return k.year
}
