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
