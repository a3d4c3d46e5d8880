package lunar

import (
	"math"
	"sync/atomic"
	"time"
)

// Range of the calendar. The lower end is lunar 1/1/1900; the upper end is a
// solar date because callers mostly come with solar dates, so lunar year 2100
// is served only up to 2100-12-31.
const (
	MinYear = 1900 // first lunar (and solar) year served
	MaxYear = 2100 // last lunar (and solar) year served
)

var (
	minJDN = jdnFromCivil(1900, 1, 31)
	maxJDN = jdnFromCivil(2100, 12, 31)
)

// vnTZ is the offset of Vietnam's calendar meridian (105°E) in hours.
const vnTZ = 7

// calc computes calendar months for a time zone. The package serves only
// UTC+7; other offsets exist so that tests can show the same astronomy
// yielding China's calendar (UTC+8) where the two differ.
type calc struct{ tz float64 }

// dayOf returns the Julian Day Number of the local civil day that holds the
// instant jde. Julian days start at noon, hence the half day.
func (c calc) dayOf(jde float64) int {
	ut := jde - deltaT(jde)
	return int(math.Floor(ut + 0.5 + c.tz/24))
}

// dayStart returns the instant (JDE) of the local midnight that begins the
// civil day jdn.
func (c calc) dayStart(jdn int) float64 {
	ut := float64(jdn) - 0.5 - c.tz/24
	return ut + deltaT(ut)
}

// newMoonDay returns the local civil day of new moon k: the first day of a
// lunar month.
func (c calc) newMoonDay(k int) int { return c.dayOf(newMoonJDE(k)) }

// month11 returns the number k of the new moon that begins month 11 of the
// lunar year ending near the solar year y: the month whose days hold the day
// of the December solstice of y.
func (c calc) month11(y int) int {
	sol := solsticeJDE(y)
	day := c.dayOf(sol)
	k := int(math.Floor((sol - newMoon0) / synodicMonth))
	for c.newMoonDay(k) > day {
		k--
	}
	for c.newMoonDay(k+1) <= day {
		k++
	}
	return k
}

// sector returns which 30° sector of longitude the Sun is in at the start of
// the local day jdn; it changes exactly on the days that hold a principal
// term.
func (c calc) sector(jdn int) int {
	return int(sunLongitude(c.dayStart(jdn)) / 30)
}

// month is one lunar month while a year table is being built.
type month struct {
	start int // JDN of day 1
	num   int // 1…12
	leap  bool
	year  int // lunar year the month belongs to
}

// span returns the months from month 11 of lunar year y−1 up to, not
// including, month 11 of lunar year y, appended to out. Between the two solstices there are 12 or 13 month starts; with 13, the
// first month without a principal term is the leap month and repeats the
// number of the month before it.
func (c calc) span(y int, out []month) []month {
	k0, k1 := c.month11(y-1), c.month11(y)
	starts := make([]int, 0, 14)
	for k := k0; k <= k1; k++ {
		starts = append(starts, c.newMoonDay(k))
	}
	n := k1 - k0
	leapAt := -1
	if n == 13 {
		// Month i holds no principal term when the Sun is in the same
		// sector at its first day and at the next month's first day.
		// Month 0 holds the solstice, so the search starts at 1.
		sec := c.sector(starts[1])
		for i := 1; i < n; i++ {
			next := c.sector(starts[i+1])
			if sec == next {
				leapAt = i
				break
			}
			sec = next
		}
	}
	num, year := 11, y-1
	for i := range n {
		leap := i == leapAt
		if i > 0 && !leap {
			num++
			if num == 13 {
				num, year = 1, y
			}
		}
		out = append(out, month{start: starts[i], num: num, leap: leap, year: year})
	}
	return out
}

// yearInfo is the month table of one lunar year.
type yearInfo struct {
	// start[i] is the first day (JDN) of the i-th month of the year in order
	// (a leap month right after the month it repeats); start[n] is the first
	// day of the next year.
	start [14]int
	n     int // number of months: 12, or 13 with a leap month
	leap  int // number of the leap month, 0 if none
}

// year builds the table of lunar year y from the two solstice-to-solstice
// spans it overlaps: months 1…10 come from span y, months 11 and 12 from span
// y+1 (either span may hold a leap month belonging to y).
func (c calc) year(y int) yearInfo {
	var buf [28]month
	ms := c.span(y+1, c.span(y, buf[:0]))
	var yi yearInfo
	for _, m := range ms {
		if m.year != y {
			if m.year > y {
				yi.start[yi.n] = m.start
				break
			}
			continue
		}
		yi.start[yi.n] = m.start
		if m.leap {
			yi.leap = m.num
		}
		yi.n++
	}
	return yi
}

// index returns the position of (month, leap) in the year's month order, or
// −1 when the year has no such month.
func (yi *yearInfo) index(month int, leap bool) int {
	if month < 1 || month > 12 {
		return -1
	}
	if leap {
		if month != yi.leap {
			return -1
		}
		return month
	}
	if yi.leap != 0 && month > yi.leap {
		return month
	}
	return month - 1
}

// monthAt is the inverse of index.
func (yi *yearInfo) monthAt(i int) (month int, leap bool) {
	if yi.leap == 0 || i < yi.leap {
		return i + 1, false
	}
	return i, i == yi.leap
}

// years caches the tables: each is computed on first use and never changes,
// so a racing duplicate computation is harmless and an atomic pointer is all
// the locking needed.
var years [MaxYear - MinYear + 1]atomic.Pointer[yearInfo]

// yearTable returns the table of lunar year y, which must be in range.
func yearTable(y int) *yearInfo {
	p := &years[y-MinYear]
	if yi := p.Load(); yi != nil {
		return yi
	}
	yi := calc{vnTZ}.year(y)
	p.Store(&yi)
	return &yi
}

// FromSolar returns the lunar date of the solar calendar date of t. Only the
// year, month and day of t as given are used: no time-zone conversion is
// done, so the caller decides which day it means.
func FromSolar(t time.Time) (Date, error) {
	y, m, d := t.Date()
	if y < MinYear || y > MaxYear {
		return Date{}, ErrOutOfRange
	}
	j := jdnFromCivil(y, int(m), d)
	if j < minJDN || j > maxJDN {
		return Date{}, ErrOutOfRange
	}
	ly := y
	yi := yearTable(ly)
	if j < yi.start[0] {
		ly--
		yi = yearTable(ly)
	}
	i := yi.n - 1
	for j < yi.start[i] {
		i--
	}
	mo, leap := yi.monthAt(i)
	return Date{Day: j - yi.start[i] + 1, Month: mo, Year: ly, Leap: leap}, nil
}

// ToSolar returns 00:00 UTC of the solar date of the lunar date d. It fails
// for a date outside the calendar's range, a Year of 0, a leap flag on a
// month that is not leap that year, and a day past the month's end (30 in a
// 29-day month).
func ToSolar(d Date) (time.Time, error) {
	if d.Year < MinYear || d.Year > MaxYear {
		return time.Time{}, ErrOutOfRange
	}
	yi := yearTable(d.Year)
	i, err := yi.check(d.Year, d.Month, d.Leap)
	if err != nil {
		return time.Time{}, err
	}
	if d.Day < 1 || d.Day > yi.start[i+1]-yi.start[i] {
		return time.Time{}, errDay(d)
	}
	j := yi.start[i] + d.Day - 1
	if j > maxJDN {
		return time.Time{}, ErrOutOfRange
	}
	return time.Unix(int64(j-unixEpochJDN)*86400, 0).UTC(), nil
}

// check returns the index of (month, leap) in year y or the error that says
// why there is none.
func (yi *yearInfo) check(y, month int, leap bool) (int, error) {
	if month < 1 || month > 12 {
		return 0, errMonth(month)
	}
	i := yi.index(month, leap)
	if i < 0 {
		return 0, errNotLeap(y, month)
	}
	return i, nil
}

// MonthLength returns the number of days (29 or 30) of a month of lunar year
// year; leap selects the leap month, which must exist. Every month of lunar
// year 2100 is served, even the days of it that fall after 2100-12-31.
func MonthLength(year, month int, leap bool) (int, error) {
	if year < MinYear || year > MaxYear {
		return 0, ErrOutOfRange
	}
	yi := yearTable(year)
	i, err := yi.check(year, month, leap)
	if err != nil {
		return 0, err
	}
	return yi.start[i+1] - yi.start[i], nil
}

// LeapMonth returns the number of the leap month of lunar year year, or 0
// when the year has none or is outside the calendar's range.
func LeapMonth(year int) int {
	if year < MinYear || year > MaxYear {
		return 0
	}
	return yearTable(year).leap
}
