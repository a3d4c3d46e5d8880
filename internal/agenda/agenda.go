// Package agenda gathers what falls on the calendar besides the events
// people enter: the deadlines of plan tasks, the deadlines of periodic
// reports, observance days and action months, and the day preparation for
// each observance should start. The work calendar, the home page, the
// calendar feeds and the reminder scheduler all read them from here, so a
// deadline is the same everywhere.
//
// Entries carry the paths of the units they concern; callers keep those a
// user may see (Visible) or must act on (Actionable).
package agenda

import (
	"context"
	"sort"
	"strconv"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/lunar"
	"tebdg/internal/observance"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
)

// Kinds of entry.
const (
	KindTask       = "task"       // a plan task or activity falls due
	KindReport     = "report"     // a periodic report falls due
	KindObservance = "observance" // an observance day or action month
	KindPrep       = "prep"       // preparation for an observance starts
)

// Entry is one thing on a day (or run of days) of the calendar. Dates are
// calendar dates at 00:00 UTC, like period and observance dates.
type Entry struct {
	Kind       string
	Key        string // stable across runs: "task:12", "report:BC-QUY/QN-SGTVT/2026Q4", "observance:mid-autumn:2026"
	Title      string // Vietnamese; what the entry is about, without its kind, which views show beside it
	TitleEN    string
	Detail     string // the plan a task belongs to, the unit that reports …
	DetailEN   string
	Start, End time.Time
	OrgPath    string   // the unit that must act ("" for observances: everyone)
	OrgCode    string   //
	OrgName    string   //
	Supports   []string // paths of supporting units
	URL        string   // a path in the application
	Status     string   // of the task or report
	Overdue    bool
	Lunar      string // "15/8 âm lịch" for an observance on a lunar date
	Programme  string
}

// Subject is the entry's title where it stands alone, as a reminder's
// subject: a preparation says what it prepares for ("Chuẩn bị: …"), since
// its title alone would read as the observance itself. Views that show the
// kind beside the title (the calendar, the iCalendar feed) use Title.
func (e Entry) Subject(lang string) string {
	t := e.Title
	if lang == "en" && e.TitleEN != "" {
		t = e.TitleEN
	}
	if e.Kind == KindPrep {
		if lang == "en" {
			return "Prepare: " + t
		}
		return "Chuẩn bị: " + t
	}
	return t
}

// Day reports whether the entry is on day d (a calendar date).
func (e Entry) Day(d time.Time) bool { return !d.Before(e.Start) && !d.After(e.End) }

// Visible reports whether the entry is for everyone or for a unit the
// scope reaches.
func (e Entry) Visible(sc domain.Scope) bool {
	if e.OrgPath == "" || sc.Reaches(e.OrgPath) {
		return true
	}
	for _, p := range e.Supports {
		if sc.Reaches(p) {
			return true
		}
	}
	return false
}

// Actionable reports whether u is among those who must act on the entry:
// the managers and staff of its unit (or a supporting unit). Observances
// concern everyone who plans work: managers, staff and coordinators.
func (e Entry) Actionable(u domain.User) bool {
	if e.OrgPath == "" {
		return u.HasRole(domain.RoleManager) || u.HasRole(domain.RoleReporter) || u.HasRole(domain.RoleCoordinator)
	}
	if auth.IsAdmin(u) {
		return false // admins keep the system, not the work
	}
	if auth.CanEnterReport(u, e.OrgPath) {
		return true
	}
	for _, p := range e.Supports {
		if auth.CanEnterReport(u, p) {
			return true
		}
	}
	return false
}

// date turns a YYYY-MM-DD into a calendar date.
func date(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}
	}
	return t
}

// Today is the calendar date in Vietnam at instant now.
func Today(now time.Time) time.Time {
	n := now.In(vntext.Location)
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}

// Tasks returns the deadlines of open plan tasks from from to to.
func Tasks(ctx context.Context, st *store.Store, from, to, today time.Time) ([]Entry, error) {
	items, err := st.DueItems(ctx, from.Format(time.DateOnly), to.Format(time.DateOnly), true)
	if err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(items))
	for _, it := range items {
		due := date(it.End)
		title := it.Title
		if it.Label != "" {
			title = it.Label + " " + title
		}
		out = append(out, Entry{Kind: KindTask, Key: "task:" + strconv.FormatInt(it.ID, 10), Title: title, TitleEN: title,
			Detail: it.PlanTitle, DetailEN: it.PlanTitle, Start: due, End: due,
			OrgPath: it.LeadPath, OrgCode: it.LeadCode, OrgName: it.LeadName, Supports: it.SupportPaths,
			URL:    "/app/plans/" + strconv.FormatInt(it.PlanID, 10) + "/items/" + strconv.FormatInt(it.ID, 10),
			Status: it.Status, Overdue: due.Before(today)})
	}
	return out, nil
}

// Duty is a report a unit owes or owed for one period of a template.
type Duty struct {
	Template domain.Template
	Org      domain.OrgUnit
	Period   period.Period
	Status   domain.ReportStatus
	DueOn    string
	Overdue  bool
	URL      string
}

// Entry is the duty on the calendar.
func (d Duty) Entry() Entry {
	due := date(d.DueOn)
	return Entry{Kind: KindReport, Key: "report:" + d.Template.Code + "/" + d.Org.Code + "/" + d.Period.ID,
		Title: d.Template.Name + " – " + d.Period.Label("vi"), TitleEN: d.Template.DisplayName("en") + " – " + d.Period.Label("en"),
		Detail: d.Org.Name, DetailEN: d.Org.DisplayName("en"), Start: due, End: due,
		OrgPath: d.Org.Path, OrgCode: d.Org.Code, OrgName: d.Org.Name, URL: d.URL, Status: string(d.Status), Overdue: d.Overdue}
}

// ReportDuties lists the reports of every active template whose deadline
// falls from from to to, for every unit expected to send them, with their
// status. With openOnly, reports already submitted or accepted are left
// out. Sorted by deadline.
func ReportDuties(ctx context.Context, st *store.Store, from, to, today time.Time, openOnly bool) ([]Duty, error) {
	return duties(ctx, st, today, openOnly, func(t domain.Template, typ period.Type, rule period.Rule, hs period.HolidaySet) []period.Period {
		// A deadline comes some working days after its period's end, so
		// periods that ended up to two months before from may still fall due.
		var out []period.Period
		for p := period.Containing(typ, rule, from.AddDate(0, 0, -60)); !p.IsZero() && !p.Start.After(to); p = p.Next() {
			if due := p.Deadline(t.DeadlineDays, hs); !due.Before(from) && !due.After(to) {
				out = append(out, p)
			}
		}
		return out
	})
}

// RecentDuties lists, for every active template, the reports of the
// period running today and the two before it: what a unit is working on
// or should have sent.
func RecentDuties(ctx context.Context, st *store.Store, today time.Time, openOnly bool) ([]Duty, error) {
	return duties(ctx, st, today, openOnly, func(_ domain.Template, typ period.Type, rule period.Rule, _ period.HolidaySet) []period.Period {
		cur := period.Containing(typ, rule, today)
		if cur.IsZero() {
			return nil
		}
		return []period.Period{cur.Prev().Prev(), cur.Prev(), cur}
	})
}

// duties lists the duties of each active template for the periods choose
// picks, oldest first.
func duties(ctx context.Context, st *store.Store, today time.Time, openOnly bool,
	choose func(domain.Template, period.Type, period.Rule, period.HolidaySet) []period.Period) ([]Duty, error) {
	templates, err := st.Templates(ctx)
	if err != nil {
		return nil, err
	}
	hs, err := st.HolidaySet(ctx)
	if err != nil {
		return nil, err
	}
	todayStr := today.Format(time.DateOnly)
	var out []Duty
	for _, t := range templates {
		if !t.Active {
			continue
		}
		typ, err := period.ParseType(t.PeriodType)
		if err != nil {
			continue
		}
		rule, _ := period.ParseRule(t.PeriodRule)
		periods := choose(t, typ, rule, hs)
		if len(periods) == 0 {
			continue
		}
		orgs, err := st.ExpectedOrgs(ctx, t, todayStr)
		if err != nil {
			return nil, err
		}
		if len(orgs) == 0 {
			continue
		}
		reports, err := st.Reports(ctx, store.ReportFilter{TemplateID: t.ID, From: periods[0].Start.Format(time.DateOnly)})
		if err != nil {
			return nil, err
		}
		status := map[string]domain.ReportStatus{}
		for _, rep := range reports {
			status[rep.OrgCode+"|"+rep.Period] = rep.Status
		}
		for _, p := range periods {
			due := p.Deadline(t.DeadlineDays, hs).Format(time.DateOnly)
			for _, o := range orgs {
				s, ok := status[o.Code+"|"+p.ID]
				if !ok {
					s = domain.ReportNotStarted
				}
				if openOnly && !s.Editable() {
					continue
				}
				out = append(out, Duty{Template: t, Org: o, Period: p, Status: s, DueOn: due,
					Overdue: s.Editable() && todayStr > due, URL: "/app/reports/" + t.Code + "/" + o.Code + "/" + p.ID})
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].DueOn < out[j].DueOn })
	return out, nil
}

// DefaultPrep is how many days before an observance its preparation
// starts, unless an admin set otherwise: an action month needs its plan
// a month ahead (the children's action month plan is asked for in early
// May), a day's events two weeks ahead. Observances absent get a week.
var DefaultPrep = map[string]int{
	"children-action-month":   30,
	"dv-prevention-month":     30,
	"gender-equality-month":   30,
	"childrens-day":           14,
	"mid-autumn":              21, // gifts for staff children are bought and listed ahead
	"drowning-prevention-day": 14,
	"vietnamese-womens-day":   10,
	"womens-day":              10,
	"lunar-new-year":          21,
}

const defaultPrepDays = 7

// PrepDays returns the preparation days of each rule: set ones first,
// then the defaults.
func PrepDays(rules []observance.Rule, set map[string]int) map[string]int {
	out := make(map[string]int, len(rules))
	for _, r := range rules {
		d, ok := set[r.Code]
		if !ok {
			d, ok = DefaultPrep[r.Code]
		}
		if !ok {
			d = defaultPrepDays
		}
		out[r.Code] = d
	}
	return out
}

// Observances returns the observances that overlap from..to and the
// preparation starts that fall in it.
func Observances(ctx context.Context, st *store.Store, from, to time.Time) ([]Entry, error) {
	rules, err := st.ObservanceRules(ctx)
	if err != nil {
		return nil, err
	}
	set, err := st.ObservancePrep(ctx)
	if err != nil {
		return nil, err
	}
	prep := PrepDays(rules, set)
	var out []Entry
	for _, ev := range observance.Between(rules, from, to) {
		e := Entry{Kind: KindObservance, Key: "observance:" + ev.Code + ":" + ev.Start.Format(time.DateOnly),
			Title: ev.Name, TitleEN: ev.NameEN, Start: ev.Start, End: ev.End, Programme: ev.Programme,
			URL: "/app/observances?year=" + strconv.Itoa(ev.Start.Year())}
		if ev.Lunar {
			if ld, err := lunar.FromSolar(ev.Start); err == nil {
				e.Lunar = strconv.Itoa(ld.Day) + "/" + strconv.Itoa(ld.Month) + " âm lịch"
			}
		}
		out = append(out, e)
	}
	// Preparation starts: observances up to the longest preparation after
	// the range whose preparation day is inside it.
	longest := 0
	for _, d := range prep {
		longest = max(longest, d)
	}
	for _, ev := range observance.Between(rules, from, to.AddDate(0, 0, longest)) {
		days := prep[ev.Code]
		if days == 0 {
			continue
		}
		day := ev.Start.AddDate(0, 0, -days)
		if day.Before(from) || day.After(to) {
			continue
		}
		out = append(out, Entry{Kind: KindPrep, Key: "prep:" + ev.Code + ":" + ev.Start.Format(time.DateOnly),
			Title:    ev.Name + " (" + vntext.FormatDate(ev.Start) + ")",
			TitleEN:  ev.NameEN + " (" + ev.Start.Format("02/01/2006") + ")",
			Detail:   "Còn " + strconv.Itoa(days) + " ngày: lập kế hoạch, phân công và chuẩn bị hoạt động",
			DetailEN: strconv.Itoa(days) + " days to go: plan, assign and prepare the activities",
			Start:    day, End: day, Programme: ev.Programme, URL: "/app/observances?year=" + strconv.Itoa(ev.Start.Year())})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}

// All returns every entry from from to to: task and report deadlines still
// open, observances and preparation starts.
func All(ctx context.Context, st *store.Store, from, to, today time.Time) ([]Entry, error) {
	tasks, err := Tasks(ctx, st, from, to, today)
	if err != nil {
		return nil, err
	}
	duties, err := ReportDuties(ctx, st, from, to, today, true)
	if err != nil {
		return nil, err
	}
	obs, err := Observances(ctx, st, from, to)
	if err != nil {
		return nil, err
	}
	out := tasks
	for _, d := range duties {
		out = append(out, d.Entry())
	}
	out = append(out, obs...)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out, nil
}
