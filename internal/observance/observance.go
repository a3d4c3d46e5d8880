// Package observance lists observance days and action months (ngày lễ,
// ngày kỷ niệm, tháng hành động) and places them on the calendar of a year.
//
// A Rule repeats every year on a fixed solar date ("solar"), a fixed lunar
// date ("lunar", converted with package lunar for Vietnam's calendar), or a
// run of solar days ("range", such as an action month). Builtin returns the
// national observances the children and gender-equality work plans around;
// agencies add local ones, typed into a form and read by ParseRule.
//
// Dates that a year lacks fall back to the month's last day rather than
// vanishing: a solar 29/2 is kept on 28/2 in common years, and a lunar 30th
// on the 29th when that lunar month is short. An observance on a lunar date
// is kept in the regular month only, never again in a leap month of the same
// number (Tết Trung thu is not held twice in a year with a leap 8th month).
package observance

import (
	"cmp"
	"slices"
	"time"

	"tebdg/internal/lunar"
)

// Kinds of rule.
const (
	KindSolar = "solar" // a fixed day of the solar (Gregorian) calendar
	KindLunar = "lunar" // a fixed day of the lunar calendar
	KindRange = "range" // a run of solar days, such as an action month
)

// Programmes a rule may belong to; "" is for observances of both or neither.
const (
	ProgrammeChildren = "children"
	ProgrammeGender   = "gender"
)

// Rule says when an observance recurs. Month and Day are the date (lunar for
// KindLunar); EndMonth and EndDay close a KindRange rule and are 0 for the
// other kinds. A range whose end comes before its start in the year, such as
// 15/12–15/1, crosses the new year: it starts in one year and ends in the
// next. Local marks an observance added by an agency rather than a national
// one.
type Rule struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	NameEN    string `json:"name_en"`
	Kind      string `json:"kind"`
	Month     int    `json:"month"`
	Day       int    `json:"day"`
	EndMonth  int    `json:"end_month,omitempty"`
	EndDay    int    `json:"end_day,omitempty"`
	Programme string `json:"programme,omitempty"`
	Local     bool   `json:"local,omitempty"`
}

// Event is one occurrence of a rule: the solar days from Start to End, both
// inclusive, each at 00:00 UTC (a calendar date, not an instant).
type Event struct {
	Code      string
	Name      string // Vietnamese
	NameEN    string
	Start     time.Time
	End       time.Time
	Programme string
	Lunar     bool // the rule is a lunar date
}

// Year returns the events of rules whose solar start date lies in year,
// sorted by start and then code. A lunar date near the new year may belong to
// the lunar year before or after: each lunar rule is tried in lunar years
// year−1 and year and kept when its solar date falls in year, so "15/12 âm
// lịch" of lunar 2024 (2025-01-14) is an event of 2025, and a rule may even
// occur twice in one solar year (early January and late December) or not at
// all. Lunar rules yield nothing for dates outside 1900-01-31…2100-12-31.
// A range is placed by its start; one that crosses the new year ends in
// year+1. Invalid rules (see Rule.Validate) are skipped.
func Year(rules []Rule, year int) []Event {
	events := make([]Event, 0, len(rules)+1)
	for _, r := range rules {
		if r.Validate() != nil {
			continue
		}
		ev := Event{Code: r.Code, Name: r.Name, NameEN: r.NameEN, Programme: r.Programme}
		switch r.Kind {
		case KindSolar:
			ev.Start = solarDate(year, r.Month, r.Day)
			ev.End = ev.Start
			events = append(events, ev)
		case KindRange:
			ev.Start = solarDate(year, r.Month, r.Day)
			endYear := year
			if r.EndMonth < r.Month || r.EndMonth == r.Month && r.EndDay < r.Day {
				endYear++
			}
			ev.End = solarDate(endYear, r.EndMonth, r.EndDay)
			events = append(events, ev)
		case KindLunar:
			ev.Lunar = true
			for ly := year - 1; ly <= year; ly++ {
				t, ok := lunarDate(ly, r.Month, r.Day)
				if ok && t.Year() == year {
					ev.Start, ev.End = t, t
					events = append(events, ev)
				}
			}
		}
	}
	sortEvents(events)
	return events
}

// Between returns the events of rules that overlap the days from from to to,
// both inclusive, sorted like Year. Only the calendar dates of from and to,
// as given, count. It returns nil when to is before from.
func Between(rules []Rule, from, to time.Time) []Event {
	from, to = day(from), day(to)
	if to.Before(from) {
		return nil
	}
	var events []Event
	// A range that starts in the year before from may still be running.
	for y := from.Year() - 1; y <= to.Year(); y++ {
		for _, ev := range Year(rules, y) {
			if !ev.End.Before(from) && !ev.Start.After(to) {
				events = append(events, ev)
			}
		}
	}
	sortEvents(events)
	return events
}

func sortEvents(events []Event) {
	slices.SortStableFunc(events, func(a, b Event) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.Code, b.Code)
	})
}

// day returns 00:00 UTC of t's calendar date.
func day(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// solarDate returns 00:00 UTC of day/month of year, 29 February falling back
// to the 28th in common years.
func solarDate(year, month, d int) time.Time {
	if month == 2 && d == 29 && !isLeapYear(year) {
		d = 28
	}
	return time.Date(year, time.Month(month), d, 0, 0, 0, 0, time.UTC)
}

func isLeapYear(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// lunarDate returns the solar date of day/month (regular month) of lunar
// year ly, a 30th falling back to the 29th in a short month; ok is false
// outside the lunar calendar's range.
func lunarDate(ly, month, d int) (time.Time, bool) {
	if d == 30 {
		n, err := lunar.MonthLength(ly, month, false)
		if err != nil {
			return time.Time{}, false
		}
		d = n
	}
	t, err := lunar.ToSolar(lunar.Date{Day: d, Month: month, Year: ly})
	return t, err == nil
}
