package main

import (
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"github.com/chromedp/chromedp"

	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

// The work calendar in the browser: the focal officer reads the week laid
// out like the printed weekly calendar, adds a meeting, sees the month with
// lunar dates and the year's observances, makes a calendar address that a
// calendar program can read, and revokes it; the reminders land in the
// notifications.
func TestBrowserCalendarEventsFeedsAndNotifications(t *testing.T) {
	storetest.RunParallel(t, testBrowserCalendarEventsFeedsAndNotifications)
}

func testBrowserCalendarEventsFeedsAndNotifications(t *testing.T, engine store.Dialect) {
	ctx, cancel := context.WithTimeout(browser(t), 3*time.Minute)
	defer cancel()
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)

	if err := chromedp.Do(ctx, signIn(base, "manager"),
		chromedp.Navigate(base+"/app/calendar"),
		chromedp.WaitVisible(css(`table.week`)),
	); err != nil {
		t.Fatal(err)
	}
	week := text(ctx, t, "table.week")
	for _, want := range []string{"Thứ Hai", "Sáng", "Chiều", "Giao ban Lãnh đạo Sở tuần", "Phòng họp tầng 3", "Âm lịch"} {
		if !strings.Contains(week, want) {
			t.Errorf("the week lacks %q", want)
		}
	}
	sh.take(ctx, "31-calendar-week")

	// Add a meeting on Friday afternoon of this week.
	now := time.Now().In(vntext.Location)
	friday := now.AddDate(0, 0, (int(time.Friday)-int(now.Weekday())+7)%7)
	if now.Weekday() == time.Saturday || now.Weekday() == time.Sunday {
		friday = now.AddDate(0, 0, -((int(now.Weekday()) + 2) % 7))
	}
	if err := chromedp.Do(ctx,
		chromedp.Click(css(`.page-head a.button`)),
		chromedp.WaitVisible(css(`#f-title`)),
		chromedp.SendKeys(css(`#f-title`), "Họp rà soát kế hoạch Tháng hành động vì trẻ em"),
		chromedp.SetValue(css(`#f-date`), vntext.FormatDate(friday)),
		chromedp.SetValue(css(`#f-start_time`), "14h00"),
		chromedp.SendKeys(css(`#f-place`), "Phòng họp tầng 2"),
		chromedp.SendKeys(css(`#f-chair`), "Phó Giám đốc Nguyễn Văn Thắng"),
		chromedp.SendKeys(css(`#f-participants`), "Cán bộ đầu mối các phòng"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
	); err != nil {
		t.Fatalf("%v: %s", err, text(context.WithoutCancel(ctx), t, "main"))
	}
	if s := text(ctx, t, "table.week"); !strings.Contains(s, "Họp rà soát kế hoạch Tháng hành động vì trẻ em") || !strings.Contains(s, "14:00–17:00") {
		t.Errorf("the new meeting is not in the week as expected")
	}
	sh.take(ctx, "32-calendar-week-added")

	// An end before the start is refused with a message on the field.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/events/new"),
		chromedp.WaitVisible(css(`#f-title`)),
		chromedp.SendKeys(css(`#f-title`), "Họp thử"),
		chromedp.SetValue(css(`#f-date`), vntext.FormatDate(friday)),
		chromedp.SetValue(css(`#f-start_time`), "15:00"),
		chromedp.SetValue(css(`#f-end_time`), "09:00"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.error-summary`)),
	); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".error-summary"); !strings.Contains(s, "kết thúc phải sau") {
		t.Errorf("end before start: %q", s)
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/calendar/month"), chromedp.WaitVisible(css(`table.month`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "33-calendar-month")
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/observances?year=2026"), chromedp.WaitVisible(css(`main table.data`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main table.data"); !strings.Contains(s, "Tết Trung thu") || !strings.Contains(s, "25/09/2026") || !strings.Contains(s, "15/8 âm lịch") {
		t.Errorf("observances of 2026 lack Trung thu on 25/09/2026")
	}
	sh.take(ctx, "34-observances")

	// A calendar address for the department, read as a calendar program
	// would, then revoked.
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/account/reminders"),
		chromedp.WaitVisible(css(`#feeds`)),
		chromedp.SetValue(css(`#feeds select`), "QN-SGTVT"),
		chromedp.Click(css(`#feeds button[type=submit]`)),
		chromedp.WaitVisible(css(`#new-feed`)),
	); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "35-feeds")
	feed := text(ctx, t, "#new-feed")
	if !regexp.MustCompile(`^http://127\.0\.0\.1:\d+/feeds/cal_[A-Za-z0-9_-]+\.ics$`).MatchString(feed) {
		t.Fatalf("feed address %q", feed)
	}
	res, err := http.Get(feed)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	if res.StatusCode != 200 || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("feed: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
	if err != nil {
		t.Fatalf("an iCalendar library cannot read the feed: %v", err)
	}
	found := false
	for _, ev := range cal.Events() {
		if p := ev.GetProperty(ics.ComponentPropertySummary); p != nil && p.Value == "Họp rà soát kế hoạch Tháng hành động vì trẻ em" {
			found = true
			if loc := ev.GetProperty(ics.ComponentPropertyLocation); loc == nil || loc.Value != "Phòng họp tầng 2" {
				t.Errorf("location in the feed: %v", loc)
			}
			if st := ev.GetProperty(ics.ComponentPropertyDtStart); st == nil || !strings.HasSuffix(st.Value, "T140000") {
				t.Errorf("start in the feed: %v", st)
			}
		}
	}
	if !found {
		t.Errorf("the feed lacks the new meeting (%d events)", len(cal.Events()))
	}
	if err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/account/reminders"),
		chromedp.WaitVisible(css(`#feeds table`)),
	); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.confirm = () => true, true`)); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(css(`#feeds table button`)), chromedp.WaitVisible(css(`.flash`))); err != nil {
		t.Fatal(err)
	}
	if res, err := http.Get(feed); err != nil || res.StatusCode != http.StatusNotFound {
		t.Errorf("a revoked feed answers %v %v", res.StatusCode, err)
	} else {
		_ = res.Body.Close()
	}

	// Reminders: three days before the quarter's report is due, the
	// scheduler's pass puts it in the department's notifications.
	st := m.Store()
	bg := context.Background()
	tpl, err := st.Template(bg, "BC-TEBDG-QUY")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := st.HolidaySet(bg)
	if err != nil {
		t.Fatal(err)
	}
	q := period.Containing(period.Quarterly, period.Decree09, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	due := q.Deadline(tpl.DeadlineDays, hs)
	at := time.Date(due.Year(), due.Month(), due.Day()-3, 8, 30, 0, 0, vntext.Location)
	sched := m.Reminders()
	sched.Now = func() time.Time { return at }
	if _, err := sched.Pass(bg); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/notifications"), chromedp.WaitVisible(css(`main h1`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Còn 3 ngày: Báo cáo kết quả công tác trẻ em và bình đẳng giới (quý)") ||
		!strings.Contains(s, "Hạn: "+vntext.FormatDate(due)) {
		t.Errorf("no deadline reminder among the notifications: %q", s)
	}
	if s := text(ctx, t, ".sidenav"); !regexp.MustCompile(`Thông báo \d+`).MatchString(s) {
		t.Errorf("the navigation does not count unread notifications: %q", s)
	}
	sh.take(ctx, "36-notifications")

	// The agency's public calendar, as citizens see it.
	if err := chromedp.Do(ctx, signOut(), chromedp.Navigate(base+"/calendar/QN-SGTVT"), chromedp.WaitVisible(css(`table.week`))); err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, "main"); !strings.Contains(s, "Tập huấn kiến thức, kỹ năng an toàn giao thông") || strings.Contains(s, "Giao ban Lãnh đạo Sở tuần") {
		t.Errorf("the public calendar shows the wrong events")
	}
	sh.take(ctx, "37-calendar-public")
}
