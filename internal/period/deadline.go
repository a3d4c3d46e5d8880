package period

import (
	"fmt"
	"time"
)

// Holidays tells which days are public holidays. Tết and other lunar
// holidays move every year and the government sets the days off (with
// make-up working days) by decision, so they come from data, not rules.
type Holidays interface {
	IsHoliday(d time.Time) bool
}

// HolidaySet is a Holidays from a set of dates written "2025-01-01".
type HolidaySet map[string]bool

// IsHoliday reports whether d's calendar date, in d's own location, is in
// the set.
func (h HolidaySet) IsHoliday(d time.Time) bool {
	// A stack buffer and the m[string(bytes)] form keep the lookup free of
	// allocations; AddWorkingDays asks about every day it passes.
	var buf [len(time.DateOnly)]byte
	return h[string(d.AppendFormat(buf[:0], time.DateOnly))]
}

// maxNonWorking bounds a run of days off. No calendar has ten years of
// holidays; a Holidays that says so is broken, and looping forever on it
// would hang whatever asked for a deadline.
const maxNonWorking = 3660

// AddWorkingDays returns the day n working days after d, where a working
// day is a Monday to Friday that h does not list (h may be nil). With n = 0
// it returns d itself if d is a working day, else the next working day. A
// negative n counts backwards, n working days before d. The result keeps
// d's time of day and location.
//
// It panics if h leaves no working day for ten years, which only a broken
// Holidays can do.
func AddWorkingDays(d time.Time, n int, h Holidays) time.Time {
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	off := 0
	working := func(t time.Time) bool {
		if wd := t.Weekday(); wd == time.Saturday || wd == time.Sunday || h != nil && h.IsHoliday(t) {
			off++
			if off > maxNonWorking {
				panic(fmt.Sprintf("period: no working day within %d days of %s", maxNonWorking, d.Format(time.DateOnly)))
			}
			return false
		}
		off = 0
		return true
	}
	if n == 0 {
		for !working(d) {
			d = d.AddDate(0, 0, 1)
		}
		return d
	}
	for n > 0 {
		d = d.AddDate(0, 0, step)
		if working(d) {
			n--
		}
	}
	return d
}

// Deadline is the day a report for p is due: workingDays working days after
// the last day of p (see AddWorkingDays).
func (p Period) Deadline(workingDays int, h Holidays) time.Time {
	return AddWorkingDays(p.End, workingDays, h)
}
