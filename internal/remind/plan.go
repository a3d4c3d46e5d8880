// Package remind plans and delivers reminders: a task or report falling
// due, work gone overdue, the week ahead on Monday morning, and the day to
// start preparing for an observance. It runs inside `tebdg serve`; with
// several instances on one PostgreSQL database every reminder still goes
// out once (see package store's outbox).
//
// A reminder is planned at the moment it is due, not in advance, so one
// for a report that has been sent meanwhile is never planned. A pass plans
// what has come due since a window back (36 hours: a server down overnight
// still sends the morning's reminders, one down for a week does not flood
// people with stale ones), then delivers what is due, in batches.
package remind

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/agenda"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// Reminder times, in Vietnam: the working day starts at 07:30.
const (
	morningHour, morningMinute = 8, 0
	digestHour, digestMinute   = 7, 30
	overdueRepeats             = 4 // the day after, then weekly
)

// at is the instant of a calendar date at h:m in Vietnam.
func at(day time.Time, h, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, vntext.Location)
}

// occasion is one reminder for one user before it gets a channel.
type occasion struct {
	kind    domain.ReminderKind
	key     string
	due     time.Time
	subject string
	body    string
	link    string
}

// Plan adds to the outbox the reminders whose moment came in the window
// before now, for every enabled user by their choices, and returns how
// many were new.
func (s *Scheduler) Plan(ctx context.Context, now time.Time) (int, error) {
	since := now.Add(-s.window())
	today := agenda.Today(now)
	users, err := s.Store.ActiveUsers(ctx)
	if err != nil {
		return 0, err
	}
	prefs, err := s.Store.AllReminderPrefs(ctx)
	if err != nil {
		return 0, err
	}
	// Deadlines far enough back to cover the last overdue repeat, and
	// ahead to cover the earliest reminder anyone asked for.
	from := today.AddDate(0, 0, -(7*(overdueRepeats-1) + 3))
	to := today.AddDate(0, 0, domain.MaxDaysBefore+1)
	tasks, err := agenda.Tasks(ctx, s.Store, from, to, today)
	if err != nil {
		return 0, err
	}
	duties, err := agenda.ReportDuties(ctx, s.Store, from, to, today, true)
	if err != nil {
		return 0, err
	}
	deadlines := tasks
	for _, d := range duties {
		deadlines = append(deadlines, d.Entry())
	}
	obs, err := agenda.Observances(ctx, s.Store, agenda.Today(since), today)
	if err != nil {
		return 0, err
	}
	var events []domain.Event
	if isDigestDay(since, now) {
		weekStart := mondayOf(today)
		events, err = s.Store.Events(ctx, store.EventFilter{From: at(weekStart, 0, 0), To: at(weekStart.AddDate(0, 0, 7), 0, 0),
			Scope: domain.Scope{All: true}})
		if err != nil {
			return 0, err
		}
	}
	caseDue, err := s.casesDue(ctx, since, now)
	if err != nil {
		return 0, err
	}
	var out []store.NewReminder
	for _, u := range users {
		if len(u.Assignments) == 0 {
			continue
		}
		var mine []agenda.Entry
		for _, e := range deadlines {
			if e.Actionable(u) {
				mine = append(mine, e)
			}
		}
		lang := u.Lang
		for _, p := range prefs[u.ID] {
			if !p.InApp && !(p.Email && u.Email != "" && s.Mailer != nil) {
				continue
			}
			var occs []occasion
			switch p.Kind {
			case domain.RemindDeadline:
				occs = deadlineOccasions(mine, p.DaysBefore, since, now, lang)
				occs = append(occs, caseOccasions(u, caseDue, p.Kind, since, now, lang)...)
			case domain.RemindOverdue:
				occs = overdueOccasions(mine, since, now, lang)
				occs = append(occs, caseOccasions(u, caseDue, p.Kind, since, now, lang)...)
			case domain.RemindDigest:
				occs = digestOccasions(u, mine, events, since, now, lang)
			case domain.RemindObservance:
				for _, e := range obs {
					if e.Kind == agenda.KindPrep && e.Actionable(u) {
						if o, ok := prepOccasion(e, since, now, lang); ok {
							occs = append(occs, o)
						}
					}
				}
			}
			for _, o := range occs {
				r := store.NewReminder{UserID: u.ID, Kind: o.kind, Key: o.key, DueAt: o.due, Subject: o.subject, Body: o.body, Link: o.link}
				if p.InApp {
					r.Channel = store.ChannelApp
					out = append(out, r)
				}
				if p.Email && u.Email != "" && s.Mailer != nil {
					r.Channel = store.ChannelEmail
					out = append(out, r)
				}
			}
		}
	}
	alerts, err := s.breakGlassAlerts(ctx, users, since, now)
	if err != nil {
		return 0, err
	}
	return s.Store.PlanReminders(ctx, append(out, alerts...))
}

func inWindow(t, since, now time.Time) bool { return t.After(since) && !t.After(now) }

func pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// daysEN is a count of days in English.
func daysEN(n int) string {
	if n == 1 {
		return "1 day"
	}
	return strconv.Itoa(n) + " days"
}

func dmy(d time.Time) string { return d.Format("02/01/2006") }

func title(e agenda.Entry, lang string) string { return e.Subject(lang) }

// describe is the body of a reminder about a deadline.
func describe(e agenda.Entry, lang string) string {
	var b strings.Builder
	b.WriteString(title(e, lang))
	if d := pick(lang, e.Detail, e.DetailEN); d != "" {
		b.WriteString("\n" + d)
	}
	if e.OrgName != "" && e.Kind == agenda.KindTask {
		b.WriteString("\n" + pick(lang, "Đơn vị chủ trì: ", "Lead unit: ") + e.OrgName)
	}
	b.WriteString("\n" + pick(lang, "Hạn: ", "Due: ") + dmy(e.Start))
	return b.String()
}

// deadlineOccasions are the reminders daysBefore a deadline and on the day.
func deadlineOccasions(entries []agenda.Entry, daysBefore int, since, now time.Time, lang string) []occasion {
	var out []occasion
	for _, e := range entries {
		offsets := []int{0}
		if daysBefore > 0 {
			offsets = append(offsets, daysBefore)
		}
		for _, n := range offsets {
			moment := at(e.Start.AddDate(0, 0, -n), morningHour, morningMinute)
			if !inWindow(moment, since, now) {
				continue
			}
			subject := pick(lang, "Hôm nay đến hạn: ", "Due today: ") + title(e, lang)
			if n > 0 {
				subject = pick(lang, fmt.Sprintf("Còn %d ngày: ", n), daysEN(n)+" left: ") + title(e, lang)
			}
			out = append(out, occasion{kind: domain.RemindDeadline, key: "deadline:" + e.Key + ":" + e.Start.Format(time.DateOnly) + ":" + strconv.Itoa(n),
				due: moment, subject: subject, body: describe(e, lang), link: e.URL})
		}
	}
	return out
}

// overdueOccasions are the reminders the day after a missed deadline and
// weekly after that, a few times.
func overdueOccasions(entries []agenda.Entry, since, now time.Time, lang string) []occasion {
	var out []occasion
	for _, e := range entries {
		if !e.Overdue {
			continue
		}
		for k := range overdueRepeats {
			days := 1 + 7*k
			moment := at(e.Start.AddDate(0, 0, days), morningHour, morningMinute)
			if !inWindow(moment, since, now) {
				continue
			}
			out = append(out, occasion{kind: domain.RemindOverdue, key: "overdue:" + e.Key + ":" + e.Start.Format(time.DateOnly) + ":" + strconv.Itoa(k),
				due: moment, subject: pick(lang, fmt.Sprintf("Quá hạn %d ngày: ", days), daysEN(days)+" overdue: ") + title(e, lang),
				body: describe(e, lang), link: e.URL})
		}
	}
	return out
}

// mondayOf is the Monday of d's week.
func mondayOf(d time.Time) time.Time {
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

// isDigestDay reports whether a Monday-morning digest moment falls in the
// window.
func isDigestDay(since, now time.Time) bool {
	m := at(mondayOf(agenda.Today(now)), digestHour, digestMinute)
	return inWindow(m, since, now)
}

// digestOccasions is the Monday-morning summary of the week: deadlines in
// it, work overdue, and the events of the user's units.
func digestOccasions(u domain.User, entries []agenda.Entry, events []domain.Event, since, now time.Time, lang string) []occasion {
	if !isDigestDay(since, now) {
		return nil
	}
	monday := mondayOf(agenda.Today(now))
	sunday := monday.AddDate(0, 0, 6)
	var overdue, week []string
	for _, e := range entries {
		switch {
		case e.Overdue:
			overdue = append(overdue, "- "+title(e, lang)+" ("+pick(lang, "hạn ", "due ")+dmy(e.Start)+")")
		case !e.Start.Before(monday) && !e.Start.After(sunday):
			week = append(week, "- "+dmy(e.Start)+": "+title(e, lang))
		}
	}
	sc := domain.Scope{}
	for _, a := range u.Assignments {
		sc.Add(a.OrgPath)
	}
	var meetings []string
	for _, ev := range events {
		if sc.Reaches(ev.OrgPath) {
			when := ev.Start.In(vntext.Location).Format("02/01 15:04")
			if ev.AllDay {
				when = ev.Start.In(vntext.Location).Format("02/01")
			}
			line := "- " + when + ": " + ev.Title
			if ev.Place != "" {
				line += " (" + ev.Place + ")"
			}
			meetings = append(meetings, line)
		}
	}
	if len(overdue)+len(week)+len(meetings) == 0 {
		return nil // nothing to say: no mail
	}
	var b strings.Builder
	section := func(head string, lines []string) {
		if len(lines) == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteString("\n\n")
		}
		b.WriteString(head + "\n" + strings.Join(lines, "\n"))
	}
	section(pick(lang, "Quá hạn:", "Overdue:"), overdue)
	section(pick(lang, "Đến hạn trong tuần:", "Due this week:"), week)
	section(pick(lang, "Lịch công tác:", "Events:"), meetings)
	year, wk := monday.ISOWeek()
	return []occasion{{kind: domain.RemindDigest, key: fmt.Sprintf("digest:%d-W%02d", year, wk), due: at(monday, digestHour, digestMinute),
		subject: pick(lang, "Việc trong tuần ", "The week of ") + dmy(monday) + " – " + dmy(sunday),
		body:    b.String(), link: "/app/calendar?week=" + monday.Format(time.DateOnly)}}
}

// prepOccasion is the reminder to start preparing for an observance.
func prepOccasion(e agenda.Entry, since, now time.Time, lang string) (occasion, bool) {
	moment := at(e.Start, morningHour, morningMinute)
	if !inWindow(moment, since, now) {
		return occasion{}, false
	}
	return occasion{kind: domain.RemindObservance, key: e.Key, due: moment, subject: title(e, lang),
		body: pick(lang, e.Detail, e.DetailEN), link: e.URL}, true
}
