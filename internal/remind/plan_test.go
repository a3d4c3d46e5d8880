package remind

import (
	"testing"
	"time"

	"tebdg/internal/agenda"
)

// Reminders come at 08:00 in Vietnam, and only those whose moment falls in
// the window of the pass.
func TestDeadlineAndOverdueMoments(t *testing.T) {
	due := time.Date(2026, 12, 16, 0, 0, 0, 0, time.UTC)
	e := agenda.Entry{Kind: agenda.KindReport, Key: "report:BC/QN/2026Q4", Title: "Báo cáo quý", TitleEN: "Quarterly report", Start: due, End: due,
		URL: "/app/reports/BC/QN/2026Q4"}
	eight := func(d time.Time) time.Time { return at(d, 8, 0) }
	for _, tt := range []struct {
		name      string
		since     time.Time
		now       time.Time
		daysBefor int
		keys      []string
	}{
		{"three days before, just after 8", eight(due.AddDate(0, 0, -3)).Add(-time.Minute), eight(due.AddDate(0, 0, -3)).Add(time.Minute), 3,
			[]string{"deadline:report:BC/QN/2026Q4:2026-12-16:3"}},
		{"three days before, before 8", eight(due.AddDate(0, 0, -3)).Add(-2 * time.Hour), eight(due.AddDate(0, 0, -3)).Add(-time.Minute), 3, nil},
		{"on the day", eight(due).Add(-time.Hour), eight(due), 3, []string{"deadline:report:BC/QN/2026Q4:2026-12-16:0"}},
		{"a server down overnight catches up both", eight(due.AddDate(0, 0, -1)).Add(-36 * time.Hour), eight(due), 1,
			[]string{"deadline:report:BC/QN/2026Q4:2026-12-16:0", "deadline:report:BC/QN/2026Q4:2026-12-16:1"}},
		{"no days before: only on the day", eight(due.AddDate(0, 0, -3)).Add(-time.Hour), eight(due.AddDate(0, 0, -3)), 0, nil},
	} {
		got := deadlineOccasions([]agenda.Entry{e}, tt.daysBefor, tt.since, tt.now, "vi")
		var keys []string
		for _, o := range got {
			keys = append(keys, o.key)
		}
		if len(keys) != len(tt.keys) {
			t.Errorf("%s: %v", tt.name, keys)
			continue
		}
		for i := range keys {
			if keys[i] != tt.keys[i] && !(len(keys) == 2 && keys[1-i] == tt.keys[i]) {
				t.Errorf("%s: %v", tt.name, keys)
			}
		}
	}
	// Overdue: the day after, then weekly, four times in all.
	e.Overdue = true
	var moments []string
	for d := 0; d < 40; d++ {
		day := due.AddDate(0, 0, d)
		for _, o := range overdueOccasions([]agenda.Entry{e}, eight(day).Add(-24*time.Hour), eight(day), "en") {
			moments = append(moments, o.due.Format("02/01")+" "+o.subject)
		}
	}
	want := []string{"17/12 1 day overdue: Quarterly report", "24/12 8 days overdue: Quarterly report", "31/12 15 days overdue: Quarterly report",
		"07/01 22 days overdue: Quarterly report"}
	if len(moments) != len(want) {
		t.Fatalf("overdue reminders: %v", moments)
	}
	for i := range want {
		if moments[i] != want[i] {
			t.Errorf("overdue %d: %q, want %q", i, moments[i], want[i])
		}
	}
}
