// Package period computes reporting periods: months, quarters, halves, the
// first nine months and whole years, either as plain calendar periods or with
// the data cut-offs of Decree 09/2019/NĐ-CP, under which figures run from the
// 15th of one month to the 14th of another.
//
// A period is named by an id that is the same under both rules (202501,
// 2025Q1, 2025S1, 2025N9, 2025); the rule decides its dates. Dates are days
// at 00:00 UTC and End is the last day included.
package period

import (
	"fmt"
	"strconv"
	"time"

	"tebdg/internal/errs"
)

// Type is the length of a reporting period.
type Type string

// The period types. NineMonthly is the first nine months of a year only,
// a report Vietnamese agencies make each autumn; it does not repeat within a
// year.
const (
	Monthly     Type = "monthly"
	Quarterly   Type = "quarterly"
	SixMonthly  Type = "sixmonthly"
	NineMonthly Type = "ninemonthly"
	Yearly      Type = "yearly"
)

// Types lists the period types from the shortest to the longest.
var Types = []Type{Monthly, Quarterly, SixMonthly, NineMonthly, Yearly}

// Rule decides where periods start and end.
type Rule string

// The rules. The zero Rule means Decree09 everywhere in this package, since
// that is the rule for official reports.
const (
	// Decree09 is the data cut-off of Decree 09/2019/NĐ-CP: a period named
	// after months m..n runs from the 15th of the month before m to the
	// 14th of n, so 2025Q1 is 2024-12-15..2025-03-14 and year 2025 is
	// 2024-12-15..2025-12-14.
	Decree09 Rule = "decree09"
	// Calendar is the plain calendar: 2025Q1 is 2025-01-01..2025-03-31.
	Calendar Rule = "calendar"
)

// Year bounds for List and Parse. They reject typing mistakes; the
// arithmetic (Next, Containing, …) works outside them.
const (
	MinYear = 1900
	MaxYear = 2100
)

// Period is one reporting period.
type Period struct {
	ID    string
	Type  Type
	Rule  Rule
	Start time.Time // first day, 00:00 UTC
	End   time.Time // last day, 00:00 UTC, included
}

// shape is how a type divides a year: periods of months months each,
// perYear of them counted from January.
type shape struct{ months, perYear int }

func shapeOf(t Type) (shape, bool) {
	switch t {
	case Monthly:
		return shape{1, 12}, true
	case Quarterly:
		return shape{3, 4}, true
	case SixMonthly:
		return shape{6, 2}, true
	case NineMonthly:
		return shape{9, 1}, true
	case Yearly:
		return shape{12, 1}, true
	}
	return shape{}, false
}

// rule resolves the zero Rule to Decree09 and reports unknown rules.
func rule(r Rule) (Rule, bool) {
	switch r {
	case "", Decree09:
		return Decree09, true
	case Calendar:
		return Calendar, true
	}
	return "", false
}

// key identifies a period: its type, rule, the year it is named after, and
// its 1-based place in that year.
type key struct {
	t     Type
	r     Rule
	year  int
	index int
}

// period builds the Period for k; k must be valid.
func (k key) period() Period {
	s, _ := shapeOf(k.t)
	first := time.Month((k.index-1)*s.months + 1) // first month named
	last := first + time.Month(s.months) - 1
	var start, end time.Time
	if k.r == Calendar {
		start = date(k.year, first, 1)
		end = date(k.year, last+1, 0) // day 0 is the last day of the month before
	} else {
		start = date(k.year, first-1, 15) // month 0 is December of the year before
		end = date(k.year, last, 14)
	}
	return Period{ID: k.id(), Type: k.t, Rule: k.r, Start: start, End: end}
}

func date(y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

func (k key) id() string {
	if k.year >= 1000 && k.year <= 9999 {
		// The common case without fmt: ids are built for every period
		// listed or looked up, and this is several times faster.
		var b [6]byte
		y := strconv.AppendInt(b[:0], int64(k.year), 10)
		switch k.t {
		case Monthly:
			return string(append(y, byte('0'+k.index/10), byte('0'+k.index%10)))
		case Quarterly:
			return string(append(y, 'Q', byte('0'+k.index)))
		case SixMonthly:
			return string(append(y, 'S', byte('0'+k.index)))
		case NineMonthly:
			return string(append(y, 'N', '9'))
		}
		return string(y)
	}
	switch k.t {
	case Monthly:
		return fmt.Sprintf("%04d%02d", k.year, k.index)
	case Quarterly:
		return fmt.Sprintf("%04dQ%d", k.year, k.index)
	case SixMonthly:
		return fmt.Sprintf("%04dS%d", k.year, k.index)
	case NineMonthly:
		return fmt.Sprintf("%04dN9", k.year)
	}
	return fmt.Sprintf("%04d", k.year)
}

// shift moves k by n periods of its type, across years as needed.
func (k key) shift(n int) key {
	s, _ := shapeOf(k.t)
	i := k.year*s.perYear + k.index - 1 + n
	k.year, k.index = floorDiv(i, s.perYear), floorMod(i, s.perYear)+1
	return k
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// List returns all periods of type t named after year, in order: 12 months,
// 4 quarters, 2 halves, or the one nine-month or yearly period. Under
// Decree09 the first of them starts in December of the year before.
func List(t Type, year int, r Rule) ([]Period, error) {
	s, ok := shapeOf(t)
	if !ok {
		return nil, typeError(string(t))
	}
	rr, ok := rule(r)
	if !ok {
		return nil, ruleError(string(r))
	}
	if year < MinYear || year > MaxYear {
		return nil, errs.Newf(errs.Invalid, "năm %d phải từ %d đến %d", "the year %d must be between %d and %d", year, MinYear, MaxYear)
	}
	out := make([]Period, s.perYear)
	for i := range out {
		out[i] = key{t: t, r: rr, year: year, index: i + 1}.period()
	}
	return out, nil
}

// Containing returns the period of type t under rule r that holds the
// calendar date of d (read in d's own location; convert to Vietnam's time
// first). Under Decree09 a date from the 15th on belongs to the next month's
// periods: 2024-12-20 is in 202501, 2025Q1 and year 2025.
//
// Nine-month periods leave the end of each year uncovered; for a date there
// (and for an unknown type or rule) Containing returns the zero Period,
// which IsZero reports.
func Containing(t Type, r Rule, d time.Time) Period {
	s, ok := shapeOf(t)
	if !ok {
		return Period{}
	}
	if r, ok = rule(r); !ok {
		return Period{}
	}
	y, m, day := d.Date()
	if r == Decree09 && day >= 15 {
		m++
		if m > time.December {
			m, y = time.January, y+1
		}
	}
	index := (int(m)-1)/s.months + 1
	if index > s.perYear {
		return Period{}
	}
	return key{t: t, r: r, year: y, index: index}.period()
}

// key recovers p's identity from its ID, Type and Rule.
func (p Period) key() (key, bool) {
	r, ok := rule(p.Rule)
	if !ok {
		return key{}, false
	}
	k, err := parseID(p.ID)
	if err != nil || k.t != p.Type {
		return key{}, false
	}
	k.r = r
	return k, true
}

// IsZero reports whether p is the zero Period, which Containing returns
// when no period holds the date.
func (p Period) IsZero() bool { return p.ID == "" }

// String returns p's id.
func (p Period) String() string { return p.ID }

// Contains reports whether the calendar date of d, in d's own location,
// falls within p.
func (p Period) Contains(d time.Time) bool {
	if p.IsZero() {
		return false
	}
	y, m, day := d.Date()
	x := date(y, m, day)
	return !x.Before(p.Start) && !x.After(p.End)
}

// Next returns the period of the same type and rule that follows p: the
// next month, quarter or half; for nine-month and yearly periods, the one of
// the next year. It does not check the year bounds. An invalid p gives the
// zero Period.
func (p Period) Next() Period { return p.shift(1) }

// Prev returns the period before p, as Next does forwards.
func (p Period) Prev() Period { return p.shift(-1) }

// SameLastYear returns the period of the same type, rule and place in the
// year before (2025Q1 → 2024Q1), the usual comparison in reports.
func (p Period) SameLastYear() Period {
	k, ok := p.key()
	if !ok {
		return Period{}
	}
	k.year--
	return k.period()
}

func (p Period) shift(n int) Period {
	k, ok := p.key()
	if !ok {
		return Period{}
	}
	return k.shift(n).period()
}

// SubPeriods returns the periods of type t that together make up p exactly,
// in order: 2025Q1 → 202501, 202502, 202503; 2025 → its four quarters;
// 2025S1 → 2025Q1, 2025Q2; 2025N9 → three quarters or nine months. A period
// is made up of itself (t == p.Type gives [p]), which lets roll-ups treat
// every level alike.
//
// It returns nil when periods of type t do not tile p: a longer type, or one
// that straddles p's bounds (a year has no nine-month tiling, a nine-month
// period no half-year one), or an invalid p or t.
func (p Period) SubPeriods(t Type) []Period {
	k, ok := p.key()
	if !ok {
		return nil
	}
	sub, ok := shapeOf(t)
	if !ok {
		return nil
	}
	s, _ := shapeOf(k.t)
	firstMonth := (k.index-1)*s.months + 1
	if s.months%sub.months != 0 || (firstMonth-1)%sub.months != 0 {
		return nil
	}
	first := (firstMonth-1)/sub.months + 1
	n := s.months / sub.months
	if first+n-1 > sub.perYear {
		return nil
	}
	out := make([]Period, n)
	for i := range out {
		out[i] = key{t: t, r: k.r, year: k.year, index: first + i}.period()
	}
	return out
}
