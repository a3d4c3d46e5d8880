// Package ical writes calendars as iCalendar text (RFC 5545), the feeds that
// staff subscribe to in Outlook, Thunderbird and Google Calendar to see an
// agency's activities, deadlines and observance days beside their own
// appointments.
//
// Every time of day is written in Vietnam's zone, Asia/Ho_Chi_Minh, with the
// zone's definition in the feed, so that a meeting at 08:00 in Hà Nội stays
// at 08:00 whatever zone the reader's computer is set to. Vietnam has kept
// UTC+7 without daylight saving since 1975, so the package uses a fixed
// offset and needs no time-zone database on the server. All-day events
// (observance days, action months) are written as dates, which every client
// shows on the same days wherever it is.
//
// Feeds are refreshed by polling: the feed asks for a refresh every hour
// (REFRESH-INTERVAL, X-PUBLISHED-TTL), and each event keeps its UID from one
// feed to the next so that a changed activity replaces the old copy in the
// reader's calendar instead of appearing twice.
//
// The package is pure (no I/O beyond the io.Writer it is given, no clock)
// and uses the standard library only: the same Calendar always gives the
// same bytes.
package ical

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Calendar is one feed.
type Calendar struct {
	Name        string // shown as the calendar's name, e.g. "Lịch công tác – Sở Giao thông Vận tải"; may be empty
	Description string // may be empty
	ProdID      string // the product that made the feed; empty → DefaultProdID
	Events      []Event
}

// DefaultProdID names tebdg as the maker of a feed whose ProdID is empty.
const DefaultProdID = "-//tebdg//tebdg//VI"

// Event is one event of a feed. Its text fields, like the Calendar's, may
// hold any text: control characters other than newline and tab are dropped
// ("\r" too, so that the "\r\n" line ends of a web form come out as "\n"),
// and each byte that is not UTF-8 becomes U+FFFD.
type Event struct {
	// UID identifies the event across feeds and must stay the same when the
	// event changes, e.g. "event-42@tebdg"; required, and unique in the
	// Calendar.
	UID         string
	Summary     string // the title; required
	Description string // "\n" breaks the line
	Location    string
	URL         string // a link back to the event in tebdg; control characters are dropped
	Categories  []string
	// Start and End are instants, written as local times of
	// Asia/Ho_Chi_Minh to the second. A zero End, or one in the same second
	// as Start, makes an event without duration (a deadline).
	//
	// For an AllDay event only the calendar dates of Start and End, as
	// given, count, and End is the last day, inclusive: 1–30 June is
	// Start 1 June, End 30 June. A zero End makes a one-day event.
	Start, End time.Time
	AllDay     bool
	// Stamp is when this version of the event was made, usually its last
	// change; required, as every event of a published feed carries one.
	Stamp time.Time
	// Modified is when the event was last changed; zero → Stamp.
	Modified time.Time
	Status   string // "", StatusConfirmed, StatusTentative or StatusCancelled
	// Sequence counts the changes that matter to attendees (time, place);
	// not negative. Zero is not written.
	Sequence int
	// Alarm, when positive, reminds the reader that long before the start,
	// to the second. For an all-day event the start is midnight where the
	// reader is.
	Alarm time.Duration
}

// Values of Event.Status.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Reasons an event is refused, for errors.Is on the error Write returns.
var (
	ErrNoUID          = errors.New("no UID")
	ErrDuplicateUID   = errors.New("the UID of an earlier event")
	ErrNoSummary      = errors.New("no summary")
	ErrNoStart        = errors.New("no start")
	ErrEndBeforeStart = errors.New("end before start")
	ErrNoStamp        = errors.New("no stamp")
	ErrTimeRange      = errors.New("a time outside the years 1–9999")
	ErrStatus         = errors.New("status not CONFIRMED, TENTATIVE, CANCELLED or empty")
	ErrSequence       = errors.New("negative sequence")
)

// EventError is an event that Write refuses, named by its place in
// Calendar.Events and by its UID or, lacking one, its summary, so that the
// message can point a user to the activity at fault.
type EventError struct {
	Index   int // in Calendar.Events
	UID     string
	Summary string
	Err     error // one of the Err values of this package
}

func (e *EventError) Error() string {
	name := "UID " + strconv.Quote(e.UID)
	if blank(e.UID) {
		name = strconv.Quote(e.Summary)
	}
	return fmt.Sprintf("ical: Events[%d] (%s): %v", e.Index, name, e.Err)
}

func (e *EventError) Unwrap() error { return e.Err }

// vietnam is Asia/Ho_Chi_Minh. Its name, as written in the VTIMEZONE, is
// the one clients look up in their own zone database.
var vietnam = time.FixedZone("ICT", 7*60*60)

const tzid = "Asia/Ho_Chi_Minh"

// vtimezone defines tzid for the feed: one offset, +07:00, for all time.
// It is written even in a feed without timed events, which keeps such a
// feed valid (a calendar needs at least one component).
var vtimezone = []string{
	"BEGIN:VTIMEZONE",
	"TZID:" + tzid,
	"BEGIN:STANDARD",
	"DTSTART:19700101T000000",
	"TZOFFSETFROM:+0700",
	"TZOFFSETTO:+0700",
	"TZNAME:ICT",
	"END:STANDARD",
	"END:VTIMEZONE",
}

// Write writes c to w as an iCalendar feed, with CRLF line ends and lines
// folded at 75 octets. It checks every event before writing anything and
// returns an *EventError for the first one at fault; otherwise it returns
// only the errors of w.
func Write(w io.Writer, c Calendar) error {
	if err := check(c.Events); err != nil {
		return err
	}
	e := &encoder{w: w}
	e.raw("BEGIN", "VCALENDAR")
	e.raw("VERSION", "2.0")
	prodID := c.ProdID
	if blank(prodID) {
		prodID = DefaultProdID
	}
	e.text("PRODID", prodID)
	e.raw("CALSCALE", "GREGORIAN")
	e.raw("METHOD", "PUBLISH")
	if !blank(c.Name) {
		e.text("X-WR-CALNAME", c.Name)
	}
	if !blank(c.Description) {
		e.text("X-WR-CALDESC", c.Description)
	}
	e.raw("X-WR-TIMEZONE", tzid)
	e.raw("REFRESH-INTERVAL;VALUE=DURATION", "PT1H")
	e.raw("X-PUBLISHED-TTL", "PT1H")
	for _, l := range vtimezone {
		e.line = append(e.line[:0], l...)
		e.end()
	}
	for i := range c.Events {
		e.event(&c.Events[i])
	}
	e.raw("END", "VCALENDAR")
	e.flush()
	return e.err
}

// check returns the first event that cannot be written, as an *EventError.
func check(events []Event) error {
	seen := make(map[string]bool, len(events))
	var uid []byte
	for i := range events {
		ev := &events[i]
		err := checkEvent(ev)
		if err == nil {
			// UIDs are compared as written.
			uid = appendText(uid[:0], ev.UID)
			if seen[string(uid)] {
				err = ErrDuplicateUID
			}
			seen[string(uid)] = true
		}
		if err != nil {
			return &EventError{Index: i, UID: ev.UID, Summary: ev.Summary, Err: err}
		}
	}
	return nil
}

func checkEvent(ev *Event) error {
	switch {
	case blank(ev.UID):
		return ErrNoUID
	case blank(ev.Summary):
		return ErrNoSummary
	case ev.Start.IsZero():
		return ErrNoStart
	case ev.Stamp.IsZero():
		return ErrNoStamp
	case ev.Sequence < 0:
		return ErrSequence
	}
	switch ev.Status {
	case "", StatusConfirmed, StatusTentative, StatusCancelled:
	default:
		return ErrStatus
	}
	if !ev.End.IsZero() {
		before := ev.End.Before(ev.Start)
		if ev.AllDay {
			before = date(ev.End).Before(date(ev.Start))
		}
		if before {
			return ErrEndBeforeStart
		}
	}
	ok := writable(ev.Stamp.UTC()) && writable(ev.Modified.UTC())
	if ev.AllDay {
		ok = ok && writable(date(ev.Start)) && writable(lastDay(ev).AddDate(0, 0, 1))
	} else {
		ok = ok && writable(ev.Start.In(vietnam)) && writable(ev.End.In(vietnam))
	}
	if !ok {
		return ErrTimeRange
	}
	return nil
}

// writable reports whether t, as it will be written, has the four-digit
// year iCalendar allows. The zero time stands for no time and passes.
func writable(t time.Time) bool {
	y := t.Year()
	return 1 <= y && y <= 9999 || t.IsZero()
}

// date returns 00:00 UTC of t's calendar date, as given.
func date(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// lastDay returns the last day of an all-day event.
func lastDay(ev *Event) time.Time {
	if ev.End.IsZero() {
		return date(ev.Start)
	}
	return date(ev.End)
}

// Formats of the times written.
const (
	localTime = "20060102T150405"
	utcTime   = "20060102T150405Z"
	dateOnly  = "20060102"
)

// event writes one VEVENT; ev has passed checkEvent.
func (e *encoder) event(ev *Event) {
	e.raw("BEGIN", "VEVENT")
	e.text("UID", ev.UID)
	e.utc("DTSTAMP", ev.Stamp)
	if ev.AllDay {
		e.begin("DTSTART;VALUE=DATE")
		e.line = date(ev.Start).AppendFormat(e.line, dateOnly)
		e.end()
		// RFC 5545 ends an event at the start of its DTEND, so the day
		// after the last day.
		e.begin("DTEND;VALUE=DATE")
		e.line = lastDay(ev).AddDate(0, 0, 1).AppendFormat(e.line, dateOnly)
		e.end()
	} else {
		start := ev.Start.Truncate(time.Second)
		e.local("DTSTART;TZID="+tzid, start)
		if end := ev.End.Truncate(time.Second); end.After(start) {
			e.local("DTEND;TZID="+tzid, end)
		}
	}
	e.text("SUMMARY", ev.Summary)
	if !blank(ev.Description) {
		e.text("DESCRIPTION", ev.Description)
	}
	if !blank(ev.Location) {
		e.text("LOCATION", ev.Location)
	}
	e.begin("URL")
	n := len(e.line)
	if e.line = appendURI(e.line, ev.URL); len(e.line) > n {
		e.end()
	}
	e.categories(ev.Categories)
	if ev.Status != "" {
		e.raw("STATUS", ev.Status)
	}
	if ev.Sequence > 0 {
		e.begin("SEQUENCE")
		e.line = strconv.AppendInt(e.line, int64(ev.Sequence), 10)
		e.end()
	}
	modified := ev.Modified
	if modified.IsZero() {
		modified = ev.Stamp
	}
	e.utc("LAST-MODIFIED", modified)
	if ev.Alarm > 0 {
		e.raw("BEGIN", "VALARM")
		e.raw("ACTION", "DISPLAY")
		e.begin("TRIGGER")
		e.line = appendDuration(append(e.line, '-'), ev.Alarm)
		e.end()
		e.text("DESCRIPTION", ev.Summary)
		e.raw("END", "VALARM")
	}
	e.raw("END", "VEVENT")
}

// categories writes the non-blank categories as one comma-separated list,
// or nothing when there are none.
func (e *encoder) categories(cats []string) {
	e.begin("CATEGORIES")
	n := len(e.line)
	for _, c := range cats {
		if blank(c) {
			continue
		}
		if len(e.line) > n {
			e.line = append(e.line, ',')
		}
		e.line = appendText(e.line, c)
	}
	if len(e.line) > n {
		e.end()
	}
}

// appendDuration appends d, rounded down to the second, as an RFC 5545
// duration: "P1D", "PT15M", "P1DT1H0M30S". Days are whole days of 24 hours.
func appendDuration(dst []byte, d time.Duration) []byte {
	secs := int64(d / time.Second)
	days, secs := secs/86400, secs%86400
	h, m, s := secs/3600, secs/60%60, secs%60
	dst = append(dst, 'P')
	if days > 0 {
		dst = append(strconv.AppendInt(dst, days, 10), 'D')
		if secs == 0 {
			return dst
		}
	}
	dst = append(dst, 'T')
	// The grammar allows hours, minutes and seconds to be left out only at
	// the ends: 1 hour and 30 seconds is "1H0M30S".
	if h > 0 {
		dst = append(strconv.AppendInt(dst, h, 10), 'H')
	}
	if m > 0 || h > 0 && s > 0 {
		dst = append(strconv.AppendInt(dst, m, 10), 'M')
	}
	if s > 0 || secs == 0 {
		dst = append(strconv.AppendInt(dst, s, 10), 'S')
	}
	return dst
}
