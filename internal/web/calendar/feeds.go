package calendar

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/ical"
	"tebdg/internal/lunar"
	"tebdg/internal/observance"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// Calendar feeds (iCalendar) and the calendar API: lunar dates and the
// year's observances.

// feedSpan is what a feed holds: two months back (a deadline just missed
// stays visible) and a year ahead.
const (
	feedBack  = 60
	feedAhead = 366
)

// buildFeed makes the iCalendar of what the scope reaches: its events,
// the deadlines of its units and the observances.
func (s *Handler) buildFeed(r *http.Request, name string, sc domain.Scope, orgPath string, ancestors []string) (ical.Calendar, error) {
	ctx := r.Context()
	now := s.Now()
	today := agenda.Today(now)
	from, to := today.AddDate(0, 0, -feedBack), today.AddDate(0, 0, feedAhead)
	f := store.EventFilter{From: web.DayStart(from), To: web.DayStart(to), Scope: sc, OrgPath: orgPath, Ancestors: ancestors, Cancelled: true, Limit: 5000}
	events, err := s.store.Events(ctx, f)
	if err != nil {
		return ical.Calendar{}, err
	}
	entries, err := agenda.All(ctx, s.store, from, to, today)
	if err != nil {
		return ical.Calendar{}, err
	}
	base := s.BaseURL(r)
	host := "tebdg"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	cal := ical.Calendar{Name: name, Description: "TE&BĐG – " + name}
	for _, e := range events {
		var desc []string
		if e.Chair != "" {
			desc = append(desc, "Chủ trì: "+e.Chair)
		}
		if e.Participants != "" {
			desc = append(desc, "Thành phần: "+e.Participants)
		}
		if e.Notes != "" {
			desc = append(desc, e.Notes)
		}
		desc = append(desc, "Đơn vị: "+e.OrgName)
		ev := ical.Event{UID: "event-" + strconv.FormatInt(e.ID, 10) + "@" + host, Summary: e.Title, Description: strings.Join(desc, "\n"),
			Location: e.Place, URL: base + "/app/events/" + strconv.FormatInt(e.ID, 10), Categories: []string{e.Kind.Label("vi")},
			Start: e.Start, End: e.End, AllDay: e.AllDay, Stamp: e.Updated, Sequence: e.Version - 1, Status: ical.StatusConfirmed}
		if e.Cancelled {
			ev.Status = ical.StatusCancelled
		}
		cal.Events = append(cal.Events, ev)
	}
	show := sc
	if orgPath != "" {
		show = domain.Scope{Paths: []string{orgPath}}
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !e.Visible(sc) || !e.Visible(show) {
			continue
		}
		uid := strings.NewReplacer(":", "-", "/", "-").Replace(e.Key) + "@" + host
		if seen[uid] {
			continue
		}
		seen[uid] = true
		v := web.EntryCard{P: &web.Page{Lang: "vi"}, E: e}
		desc := v.Detail()
		if e.Lunar != "" {
			desc = strings.TrimSpace(desc + "\n" + e.Lunar)
		}
		ev := ical.Event{UID: uid, Summary: v.KindLabel() + ": " + e.Title, Description: desc, Start: e.Start, End: e.End, AllDay: true,
			Stamp: now.Truncate(time.Hour), Categories: []string{v.KindLabel()}}
		if e.URL != "" {
			ev.URL = base + e.URL
		}
		cal.Events = append(cal.Events, ev)
	}
	return cal, nil
}

// calendarAncestors lists the units above path whose events u may read.
func calendarAncestors(u domain.User, path string) []string {
	var out []string
	for _, a := range auth.AncestorsOf(path) {
		if auth.CanReadCalendar(u, a) {
			out = append(out, a)
		}
	}
	return out
}

func writeFeed(w http.ResponseWriter, cal ical.Calendar, filename string) error {
	var buf bytes.Buffer
	if err := ical.Write(&buf, cal); err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/calendar; charset=utf-8")
	h.Set("Content-Disposition", `inline; filename="`+filename+`"`)
	h.Set("Cache-Control", "private, max-age=900")
	_, _ = w.Write(buf.Bytes())
	return nil
}

// handleFeed answers a secret feed address. A revoked or unknown secret,
// or an org unit its user no longer reaches, is 404.
func (s *Handler) handleFeed(w http.ResponseWriter, r *http.Request) {
	secret, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || secret == "" {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	feed, u, err := s.store.FeedBySecret(r.Context(), auth.HashSecret(secret))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var cal ical.Calendar
	var name string
	if feed.OrgID != 0 {
		org, err := s.store.OrgUnitByID(r.Context(), feed.OrgID)
		if err != nil || !auth.CanRead(u, org) {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		cal, err = s.buildFeed(r, "Lịch công tác – "+org.Name, auth.ReadScope(u), org.Path, calendarAncestors(u, org.Path))
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		name = strings.ToLower(org.Code)
	} else {
		// The user's own feed: the units they work for.
		var sc domain.Scope
		for _, a := range u.Assignments {
			sc.Add(a.OrgPath)
		}
		who := u.FullName
		if who == "" {
			who = u.Username
		}
		if cal, err = s.buildFeed(r, "Lịch của "+who, sc, "", web.UserAncestors(u)); err != nil {
			s.Fail(w, r, err)
			return
		}
		name = u.Username
	}
	if err := writeFeed(w, cal, "tebdg-"+name+".ics"); err != nil {
		s.Fail(w, r, errs.Wrap(err, "feed"))
	}
}

// handleAPICalendarICS answers GET /api/v1/calendar.ics?org=CODE for a
// signed-in client: an org unit's calendar, or without org the units of
// the user.
func (s *Handler) handleAPICalendarICS(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	code := r.URL.Query().Get("org")
	var cal ical.Calendar
	var err error
	name := u.Username
	if code == "" {
		var sc domain.Scope
		for _, a := range u.Assignments {
			sc.Add(a.OrgPath)
		}
		cal, err = s.buildFeed(r, "Lịch của "+u.Username, sc, "", web.UserAncestors(u))
	} else {
		org, oerr := s.store.OrgUnit(r.Context(), code)
		if oerr != nil || !auth.CanRead(u, org) {
			s.Fail(w, r, errs.Fieldf("org", "không có đơn vị mã %s trong phạm vi của bạn", "no unit %s in your reach", code))
			return
		}
		name = strings.ToLower(org.Code)
		cal, err = s.buildFeed(r, "Lịch công tác – "+org.Name, auth.ReadScope(u), org.Path, calendarAncestors(u, org.Path))
	}
	if err == nil {
		err = writeFeed(w, cal, "tebdg-"+name+".ics")
	}
	if err != nil {
		s.Fail(w, r, err)
	}
}

// handleAPILunar converts a solar date to Vietnam's lunar calendar.
func (s *Handler) handleAPILunar(w http.ResponseWriter, r *http.Request) {
	v := r.URL.Query().Get("date")
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		s.Fail(w, r, errs.Fieldf("date", "ngày %q không hợp lệ: ghi dạng YYYY-MM-DD", "%q is not a date: write YYYY-MM-DD", v))
		return
	}
	ld, err := lunar.FromSolar(t)
	if err != nil {
		s.Fail(w, r, errs.Field("date", "ngày nằm ngoài khoảng 31/01/1900 – 31/12/2100 của lịch âm", "the date is outside the lunar calendar's range, 1900-01-31 to 2100-12-31"))
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{
		"date":  t.Format(time.DateOnly),
		"lunar": ld,
		"can_chi": map[string]string{
			"year": lunar.YearName(ld.Year), "month": lunar.MonthName(ld), "day": lunar.DayName(t),
		},
		"text": ld.String() + " âm lịch",
	})
}

// handleAPICalendar lists a year's observances: the national ones and the
// local ones in force.
func (s *Handler) handleAPICalendar(w http.ResponseWriter, r *http.Request) {
	year, err := s.yearParam(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if r.URL.Query().Get("year") == "" {
		s.Fail(w, r, errs.Field("year", "thiếu năm (year=YYYY)", "the year is missing (year=YYYY)"))
		return
	}
	rules, err := s.store.ObservanceRules(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	events := observance.Year(rules, year)
	if events == nil {
		events = []observance.Event{}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"year": year, "events": events})
}
