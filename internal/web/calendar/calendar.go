package calendar

import (
	"net/http"
	"strconv"
	"time"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/lunar"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The work calendar: the week laid out like the printed "Lịch công tác
// tuần" (each day split into morning and afternoon, with who chairs, who
// attends and where), and a month grid with lunar dates. Deadlines of
// tasks and reports, observances and the days to start preparing for them
// are shown beside the events.

var weekdaysVI = [7]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// calDay is one day of a calendar view.
type calDay struct {
	Date      time.Time // a calendar date
	ISO       string
	Weekday   string
	Lunar     string // "12/10", the month shown on its first day
	LunarHigh bool   // the 1st or the 15th of the lunar month
	Today     bool
	Holiday   bool
	InMonth   bool
	AllDay    []domain.Event
	Morning   []domain.Event
	Afternoon []domain.Event // and the evening
	Entries   []agenda.Entry
}

// Empty reports whether nothing falls on the day.
func (d calDay) Empty() bool {
	return len(d.AllDay)+len(d.Morning)+len(d.Afternoon)+len(d.Entries) == 0
}

// weekRow is one row of the printed weekly calendar: an event (or none)
// in a half day. The first row of a day carries the day and how many rows
// it spans; the first row of a half day likewise.
type weekRow struct {
	Day         *calDay
	DaySpan     int
	Session     string // "morning" or "afternoon"
	SessionSpan int
	Event       *domain.Event
}

// weekRows lays the days out as rows: all-day events and morning ones in
// the morning, the rest in the afternoon, at least one row each.
func weekRows(days []calDay) []weekRow {
	var out []weekRow
	for i := range days {
		d := &days[i]
		morning := append(append([]domain.Event{}, d.AllDay...), d.Morning...)
		first := len(out)
		for _, half := range []struct {
			name   string
			events []domain.Event
		}{{"morning", morning}, {"afternoon", d.Afternoon}} {
			start := len(out)
			if len(half.events) == 0 {
				out = append(out, weekRow{Session: half.name})
			}
			for j := range half.events {
				out = append(out, weekRow{Session: half.name, Event: &half.events[j]})
			}
			out[start].SessionSpan = len(out) - start
		}
		out[first].Day, out[first].DaySpan = d, len(out)-first
	}
	return out
}

type calendarData struct {
	Rows       []weekRow
	Org        domain.OrgUnit // the unit shown ("" code: everything in reach)
	Units      []domain.OrgUnit
	Days       []calDay
	Weeks      [][]calDay // the month grid
	From, To   time.Time
	Prev, Next string
	Title      string
	Week       int
	Month      string // YYYY-MM
	CanAdd     bool
	Today      string
	Public     bool // the citizens' page: public events only, no links into the application
}

// calendarOrg picks the unit a calendar shows: the one asked for, or the
// user's own unit, or everything in reach.
func (s *Handler) calendarOrg(r *http.Request, u domain.User, units []domain.OrgUnit) (domain.OrgUnit, error) {
	code := r.URL.Query().Get("org")
	if code == "" && !r.URL.Query().Has("org") {
		code = u.OrgCode
	}
	if code == "" {
		return domain.OrgUnit{}, nil
	}
	for _, o := range units {
		if o.Code == code {
			return o, nil
		}
	}
	if r.URL.Query().Has("org") {
		return domain.OrgUnit{}, errs.ErrNotFound
	}
	return domain.OrgUnit{}, nil
}

// calendarDays fills the days from..to (calendar dates, inclusive) with
// the events and entries the user may see for org.
func (s *Handler) calendarDays(r *http.Request, u domain.User, org domain.OrgUnit, from, to time.Time) ([]calDay, error) {
	ctx := r.Context()
	sc := auth.ReadScope(u)
	// Cancelled events stay on the calendar, marked, so those who planned
	// around them see the change.
	f := store.EventFilter{From: web.DayStart(from), To: web.DayStart(to.AddDate(0, 0, 1)), Scope: sc, Cancelled: true}
	if org.Code != "" {
		f.OrgPath = org.Path
		for _, a := range auth.AncestorsOf(org.Path) {
			if auth.CanReadCalendar(u, a) {
				f.Ancestors = append(f.Ancestors, a)
			}
		}
	} else {
		f.Ancestors = web.UserAncestors(u)
	}
	events, err := s.store.Events(ctx, f)
	if err != nil {
		return nil, err
	}
	today := agenda.Today(s.Now())
	entries, err := agenda.All(ctx, s.store, from, to, today)
	if err != nil {
		return nil, err
	}
	show := sc
	if org.Code != "" {
		show = domain.Scope{Paths: []string{org.Path}}
	}
	var keep []agenda.Entry
	for _, e := range entries {
		if e.Visible(sc) && e.Visible(show) {
			keep = append(keep, e)
		}
	}
	hs, err := s.store.HolidaySet(ctx)
	if err != nil {
		return nil, err
	}
	return layoutDays(from, to, today, events, keep, hs), nil
}

// layoutDays places events and entries on the days from..to: all-day
// events (and later days of longer ones), mornings and afternoons.
func layoutDays(from, to, today time.Time, events []domain.Event, entries []agenda.Entry, hs period.HolidaySet) []calDay {
	var days []calDay
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		cd := calDay{Date: d, ISO: d.Format(time.DateOnly), Weekday: weekdaysVI[d.Weekday()], Today: d.Equal(today), Holiday: hs.IsHoliday(d)}
		if ld, err := lunar.FromSolar(d); err == nil {
			cd.Lunar = strconv.Itoa(ld.Day)
			if ld.Day == 1 {
				cd.Lunar += "/" + strconv.Itoa(ld.Month)
				if ld.Leap {
					cd.Lunar += "n"
				}
			}
			cd.LunarHigh = ld.Day == 1 || ld.Day == 15
		}
		start, end := web.DayStart(d), web.DayStart(d.AddDate(0, 0, 1))
		for _, e := range events {
			if !e.Start.Before(end) || e.End.Before(start) || !e.AllDay && e.End.Equal(start) && e.Start.Before(start) {
				continue // not on this day
			}
			switch {
			case e.AllDay || e.Start.Before(start): // the whole day, or a later day of a longer event
				cd.AllDay = append(cd.AllDay, e)
			case e.Session(vntext.Location) == "morning":
				cd.Morning = append(cd.Morning, e)
			default:
				cd.Afternoon = append(cd.Afternoon, e)
			}
		}
		for _, e := range entries {
			// A long observance (an action month) is shown on its first
			// day and on the first day of the view, not on every day.
			if e.Day(d) && (e.Start.Equal(e.End) || d.Equal(e.Start) || d.Equal(from)) {
				cd.Entries = append(cd.Entries, e)
			}
		}
		days = append(days, cd)
	}
	return days
}

func (s *Handler) calendarBase(r *http.Request, u domain.User) (*calendarData, error) {
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		return nil, err
	}
	d := &calendarData{Units: web.SortUnits(units, web.State(r).Lang), Today: s.Today()}
	if d.Org, err = s.calendarOrg(r, u, units); err != nil {
		return nil, err
	}
	d.CanAdd = !auth.EventWriteScope(u).Empty()
	return d, nil
}

// handleCalendarWeek shows a week, Monday to Sunday.
func (s *Handler) handleCalendarWeek(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	d, err := s.calendarBase(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.From, err = s.weekOf(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.To = d.From.AddDate(0, 0, 6)
	_, d.Week = d.From.ISOWeek()
	d.Prev, d.Next = d.From.AddDate(0, 0, -7).Format(time.DateOnly), d.From.AddDate(0, 0, 7).Format(time.DateOnly)
	if d.Days, err = s.calendarDays(r, u, d.Org, d.From, d.To); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Rows = weekRows(d.Days)
	p := s.NewPage(r, "", "calendar")
	p.Title = p.Tf("Lịch công tác tuần %d", "Work calendar, week %d", d.Week)
	p.Data = d
	s.Render(w, r, http.StatusOK, "calendar_week", p)
}

// handleCalendarMonth shows a month as a grid of weeks.
func (s *Handler) handleCalendarMonth(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	d, err := s.calendarBase(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	first := agenda.Today(s.Now())
	first = time.Date(first.Year(), first.Month(), 1, 0, 0, 0, 0, time.UTC)
	if q := r.URL.Query().Get("month"); q != "" {
		t, err := time.Parse("2006-01", q)
		if err != nil || t.Year() < 1900 || t.Year() > 2100 {
			s.Fail(w, r, errs.Field("month", "tháng không hợp lệ (YYYY-MM)", "not a valid month (YYYY-MM)"))
			return
		}
		first = t
	}
	last := first.AddDate(0, 1, -1)
	d.From = first.AddDate(0, 0, -((int(first.Weekday()) + 6) % 7))
	d.To = last.AddDate(0, 0, (7-int(last.Weekday()))%7)
	d.Month = first.Format("2006-01")
	d.Prev, d.Next = first.AddDate(0, -1, 0).Format("2006-01"), first.AddDate(0, 1, 0).Format("2006-01")
	days, err := s.calendarDays(r, u, d.Org, d.From, d.To)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for i := 0; i < len(days); i += 7 {
		week := days[i:min(i+7, len(days))]
		for j := range week {
			week[j].InMonth = week[j].Date.Month() == first.Month()
		}
		d.Weeks = append(d.Weeks, week)
	}
	p := s.NewPage(r, "", "calendar")
	p.Title = p.Tf("Lịch tháng %d/%d", "Calendar, %[1]d/%[2]d", int(first.Month()), first.Year())
	p.Data = d
	s.Render(w, r, http.StatusOK, "calendar_month", p)
}

// weekOf reads ?week= (any day of the week, YYYY-MM-DD; default today)
// and returns its Monday.
func (s *Handler) weekOf(r *http.Request) (time.Time, error) {
	day := agenda.Today(s.Now())
	if q := r.URL.Query().Get("week"); q != "" {
		t, err := domain.ParseISODate(q)
		if err != nil {
			return day, errs.Field("week", "ngày không hợp lệ (YYYY-MM-DD)", "not a valid date (YYYY-MM-DD)")
		}
		day = t
	}
	return day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7)), nil
}

// handlePublicCalendar is an agency's public work calendar: the week's
// events marked public, for citizens, without signing in.
func (s *Handler) handlePublicCalendar(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	org, err := s.store.OrgUnit(ctx, r.PathValue("org"))
	if err != nil || org.ActiveTo != "" {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	monday, err := s.weekOf(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	sunday := monday.AddDate(0, 0, 6)
	events, err := s.store.Events(ctx, store.EventFilter{From: web.DayStart(monday), To: web.DayStart(sunday.AddDate(0, 0, 1)),
		Scope: domain.Scope{All: true}, OrgPath: org.Path, PublicOnly: true, Cancelled: true})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	obs, err := agenda.Observances(ctx, s.store, monday, sunday)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var days []agenda.Entry
	for _, e := range obs {
		if e.Kind == agenda.KindObservance { // preparations are the agencies' business
			e.URL = "" // the observance list is inside the application
			days = append(days, e)
		}
	}
	hs, err := s.store.HolidaySet(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := &calendarData{Org: org, From: monday, To: sunday, Today: s.Today(), Public: true}
	_, d.Week = monday.ISOWeek()
	d.Prev, d.Next = monday.AddDate(0, 0, -7).Format(time.DateOnly), monday.AddDate(0, 0, 7).Format(time.DateOnly)
	d.Days = layoutDays(monday, sunday, agenda.Today(s.Now()), events, days, hs)
	d.Rows = weekRows(d.Days)
	// Part of the portal: the same for everyone, with its menu and hotlines.
	p, err := s.portal.PublicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Portal.Section = org.Code
	p.Title = p.Tf("Lịch công tác tuần %d", "Work calendar, week %d", d.Week) + " · " + org.DisplayName(p.Lang)
	p.Data = d
	w.Header().Set("Cache-Control", "public, max-age=300")
	s.Render(w, r, http.StatusOK, "calendar_public", p)
}
