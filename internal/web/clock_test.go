package web_test

import (
	"strings"
	"testing"
	"time"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// TestPagesStandOnTheServersClock: with Config.Now set, the pages count
// today from it, not from the machine, so a test (or a demo) can stand on a
// date: the week before Tết 2025 here.
func TestPagesStandOnTheServersClock(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine store.Dialect) {
		day := time.Date(2025, 1, 27, 9, 0, 0, 0, vntext.Location)
		e := envWith(t, engine, store.Options{}, func(c *web.Config) { c.Now = func() time.Time { return day } })
		c := e.client()
		c.login("manager")
		week := c.get("/app/calendar")
		if week.StatusCode != 200 || !strings.Contains(week.body, "tuần 5") || !strings.Contains(week.body, "27/01/2025") {
			t.Errorf("the calendar does not open on the week of 27/01/2025: %d\n%s", week.StatusCode, week.body)
		}
		month := c.get("/app/calendar/month")
		if !strings.Contains(month.body, "Lịch tháng 1/2025") {
			t.Errorf("the month calendar does not open on January 2025:\n%s", month.body)
		}
	})
}
