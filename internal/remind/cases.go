package remind

import (
	"context"
	"slices"
	"strconv"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// Reminders of the case register: a step of the procedure falling due and
// gone past its time limit, to the case's workers and the supervisors
// over its unit. They name the case by its number and the step, never a
// person: "Vụ việc QN-2025-0012: bước … đến hạn lúc 10:00 07/12/2026".

// caseWarning is how long before a step's limit its reminder comes: the
// 12-hour first assessment is reminded at intake's end of shift, the
// working-day limits on the morning of their last day.
const caseWarning = 4 * time.Hour

// casesDue are the cases whose next step falls due around the window.
func (s *Scheduler) casesDue(ctx context.Context, since, now time.Time) ([]store.CaseDue, error) {
	return s.Store.CasesDue(ctx, since.Add(-caseWarning), now.Add(caseWarning+time.Minute))
}

// caseOccasions are u's reminders of the cases due, of the kind asked.
func caseOccasions(u domain.User, due []store.CaseDue, kind domain.ReminderKind, since, now time.Time, lang string) []occasion {
	var out []occasion
	for _, d := range due {
		if !slices.Contains(d.Workers, u.ID) && !auth.CanSuperviseCase(u, d.OrgPath) {
			continue
		}
		step := d.Step.Label(lang)
		when := d.Due.In(vntext.Location).Format("15:04 02/01/2006")
		link := "/app/cases/" + strconv.FormatInt(d.CaseID, 10)
		switch kind {
		case domain.RemindDeadline:
			if m := d.Due.Add(-caseWarning); inWindow(m, since, now) {
				out = append(out, occasion{kind: kind, key: "case:" + strconv.FormatInt(d.CaseID, 10) + ":" + string(d.Step) + ":due", due: m,
					subject: pick(lang, "Vụ việc "+d.Number+": bước đến hạn lúc "+when, "Case "+d.Number+" has a step due at "+when),
					body:    pick(lang, "Bước “"+step+"” của vụ việc "+d.Number+" đến hạn lúc "+when+".", "The step “"+step+"” of case "+d.Number+" is due at "+when+"."),
					link:    link})
			}
		case domain.RemindOverdue:
			if inWindow(d.Due, since, now) {
				out = append(out, occasion{kind: kind, key: "case:" + strconv.FormatInt(d.CaseID, 10) + ":" + string(d.Step) + ":overdue", due: d.Due,
					subject: pick(lang, "Vụ việc "+d.Number+": quá thời hạn luật định", "Case "+d.Number+" is past its time limit"),
					body:    pick(lang, "Bước “"+step+"” của vụ việc "+d.Number+" đã quá hạn lúc "+when+".", "The step “"+step+"” of case "+d.Number+" went past its limit at "+when+"."),
					link:    link})
			}
		}
	}
	return out
}

// breakGlassAlerts tell the supervisors of a case's unit, in the
// application, that someone opened it by break-glass: who and when, the
// reason in its access history.
func (s *Scheduler) breakGlassAlerts(ctx context.Context, users []domain.User, since, now time.Time) ([]store.NewReminder, error) {
	alerts, paths, err := s.Store.BreakGlassOpenings(ctx, since, now)
	if err != nil || len(alerts) == 0 {
		return nil, err
	}
	var out []store.NewReminder
	for _, u := range users {
		for i, a := range alerts {
			if !auth.CanSuperviseCase(u, paths[i]) {
				continue
			}
			when := a.At.In(vntext.Location).Format("15:04 02/01/2006")
			out = append(out, store.NewReminder{UserID: u.ID, Kind: domain.RemindCaseAlert, Channel: store.ChannelApp,
				Key: "break-glass:" + strconv.FormatInt(a.ID, 10), DueAt: a.At,
				Subject: pick(u.Lang, "Vụ việc "+a.Number+" được mở theo truy cập khẩn cấp", "Case "+a.Number+" was opened by break-glass"),
				Body: pick(u.Lang, a.Who+" đã mở vụ việc "+a.Number+" lúc "+when+"; lý do ở lịch sử truy cập của vụ việc.",
					a.Who+" opened case "+a.Number+" at "+when+"; the reason is in the case's access history."),
				Link: "/app/cases/" + strconv.FormatInt(a.CaseID, 10) + "/access"})
		}
	}
	return out, nil
}
