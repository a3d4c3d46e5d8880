package web_test

import (
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"tebdg/internal/domain"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

func TestCalendarPagesAndEvents(t *testing.T) { storetest.Run(t, testCalendarPagesAndEvents) }

func testCalendarPagesAndEvents(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	r := m.get("/app/calendar")
	mustOK(t, r)
	mustContain(t, "week", r.body, "Lịch công tác tuần", "Thứ Hai", "Sáng", "Chiều", "Giao ban Lãnh đạo Sở tuần", "Âm lịch")
	// Another week, a month, and bad parameters.
	mustContain(t, "week of 1 June 2026", m.get("/app/calendar?week=2026-06-03&org=QN-SGTVT").body, "01/06/2026", "07/06/2026",
		"Tháng hành động vì trẻ em", "Ngày Quốc tế Thiếu nhi")
	mustContain(t, "month", m.get("/app/calendar/month?month=2026-09").body, "Lịch tháng 9/2026", "Tết Trung thu", "15/8 âm lịch")
	if r := m.get("/app/calendar?week=2026-13-01"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad week: %d", r.StatusCode)
	}
	if r := m.get("/app/calendar/month?month=26-9"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad month: %d", r.StatusCode)
	}
	if r := m.get("/app/calendar?org=QN-NOPE"); r.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown unit: %d", r.StatusCode)
	}

	// A new meeting: bad input is named field by field and nothing saved.
	bad := url.Values{"org": {"QN-SGTVT"}, "title": {""}, "date": {"31/02/2026"}, "start_time": {"25:00"}}
	r = m.post("/app/events", bad)
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad event: %d", r.StatusCode)
	}
	mustContain(t, "bad event", r.body, "nhập nội dung công việc", "ngày không hợp lệ", "giờ không hợp lệ")
	r = m.post("/app/events", url.Values{"org": {"QN-SGTVT"}, "title": {"Họp thử"}, "date": {"05/06/2026"}, "start_time": {"15:00"}, "end_time": {"09:00"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "thời gian kết thúc phải sau thời gian bắt đầu") {
		t.Errorf("end before start: %d", r.StatusCode)
	}
	// A unit outside the user's reach is refused.
	r = m.post("/app/events", url.Values{"org": {"QN-SYT"}, "title": {"Họp"}, "date": {"05/06/2026"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "chọn đơn vị bạn được thêm lịch") {
		t.Errorf("another agency's calendar: %d", r.StatusCode)
	}
	good := url.Values{"org": {"QN-SGTVT"}, "title": {"Lễ phát động Tháng hành động vì trẻ em"}, "kind": {"launch"}, "date": {"01/06/2026"},
		"start_time": {"7h30"}, "place": {"Quảng trường 30/10, TP Hạ Long"}, "chair": {"Giám đốc Sở"}, "public": {"on"}}
	mustOK(t, m.post("/app/events", good))
	agency, _ := e.store.OrgUnit(ctx, "QN-SGTVT")
	evs, _ := e.store.Events(ctx, store.EventFilter{From: time.Date(2026, 6, 1, 0, 0, 0, 0, vntext.Location), To: time.Date(2026, 6, 2, 0, 0, 0, 0, vntext.Location),
		Scope: domain.Scope{Paths: []string{agency.Path}}})
	if len(evs) != 1 || evs[0].Kind != domain.EventLaunch || !evs[0].Public || evs[0].End.In(vntext.Location).Format("15:04") != "11:30" {
		t.Fatalf("saved: %+v", evs)
	}
	ev := evs[0]
	path := "/app/events/" + itoa(ev.ID)
	r = m.get(path)
	mustContain(t, "event page", r.body, "Lễ phát động", "07:30–11:30", "Quảng trường 30/10", "Công khai")
	// Staff of the inspectorate read it but cannot change it; the
	// Department of Health does not see it.
	if r := e.signedIn("reporter").post(path, url.Values{"version": {"1"}, "title": {"x"}, "date": {"01/06/2026"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("a unit's staff changes the agency's event: %d", r.StatusCode)
	}
	if r := e.signedIn("viewer").get("/app/events/new"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a viewer opens the event form: %d", r.StatusCode)
	}
	// A stale form is refused; cancelling keeps it on the calendar, marked.
	upd := url.Values{"version": {"7"}, "title": {ev.Title}, "date": {"01/06/2026"}, "start_time": {"07:30"}, "cancelled": {"on"}}
	if r := m.post(path, upd); r.StatusCode != http.StatusConflict {
		t.Errorf("stale change: %d", r.StatusCode)
	}
	upd.Set("version", "1")
	mustOK(t, m.post(path, upd))
	mustContain(t, "cancelled", m.get("/app/calendar?week=2026-06-01&org=QN-SGTVT").body, "Hoãn, hủy", "Lễ phát động")
	mustOK(t, m.post(path+"/delete", url.Values{"version": {"2"}}))
	if r := m.get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("deleted event: %d", r.StatusCode)
	}
}

func TestObservancesPage(t *testing.T) { storetest.Run(t, testObservancesPage) }

func testObservancesPage(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("coordinator")
	r := c.get("/app/observances?year=2025")
	mustOK(t, r)
	mustContain(t, "2025", r.body, "Tết Trung thu", "06/10/2025", "Tết Nguyên đán", "29/01/2025", "Ngày Quốc tế Thiếu nhi")
	if r := c.get("/app/observances?year=1800"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("year 1800: %d", r.StatusCode)
	}
	// A local observance with a bad date is refused on the date field.
	r = c.post("/app/observances", url.Values{"year": {"2026"}, "code": {"ngay-thanh-lap-tinh"}, "name": {"Ngày thành lập tỉnh"}, "spec": {"30/13"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không có tháng 13") {
		t.Errorf("bad spec: %d", r.StatusCode)
	}
	mustOK(t, c.post("/app/observances", url.Values{"year": {"2026"}, "code": {"ngay-thanh-lap-tinh"}, "name": {"Ngày thành lập tỉnh Quảng Ninh"},
		"spec": {"30/10"}, "prep": {"14"}, "org": {"QN"}}))
	r = c.get("/app/observances?year=2026")
	mustContain(t, "local", r.body, "Ngày thành lập tỉnh Quảng Ninh", "30/10/2026", "16/10/2026")
	mustOK(t, c.post("/app/observances/prep", url.Values{"year": {"2026"}, "code": {"childrens-day"}, "days": {"20"}}))
	mustContain(t, "prep", c.get("/app/observances?year=2026").body, "12/05/2026")
	// Focal officers read the list but do not change it.
	m := e.signedIn("manager")
	if r := m.post("/app/observances/prep", url.Values{"code": {"childrens-day"}, "days": {"3"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("a manager sets preparation days: %d", r.StatusCode)
	}
	if strings.Contains(m.get("/app/observances?year=2026").body, `action="/app/observances/prep"`) {
		t.Error("a manager is offered the preparation form")
	}
}

func TestCalendarAPI(t *testing.T) { storetest.Run(t, testCalendarAPI) }

func testCalendarAPI(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("manager")
	for _, tt := range []struct {
		date          string
		day, month, y int
		leap          bool
	}{
		{"2024-02-10", 1, 1, 2024, false}, // Tết Giáp Thìn
		{"2025-01-29", 1, 1, 2025, false},
		{"2026-02-17", 1, 1, 2026, false},
		{"2024-09-17", 15, 8, 2024, false}, // Trung thu
		{"2025-07-25", 1, 6, 2025, true},   // the leap sixth month of 2025
	} {
		status, out := e.api(tok, "GET", "/api/v1/lunar?date="+tt.date, "")
		l, _ := out["lunar"].(map[string]any)
		if status != 200 || out["date"] != tt.date || l["day"] != float64(tt.day) || l["month"] != float64(tt.month) ||
			l["year"] != float64(tt.y) || l["leap"] != tt.leap {
			t.Errorf("%s: %d %v", tt.date, status, out)
		}
	}
	_, out := e.api(tok, "GET", "/api/v1/lunar?date=2024-02-10", "")
	if cc, _ := out["can_chi"].(map[string]any); cc["year"] != "Giáp Thìn" {
		t.Errorf("can chi: %v", out["can_chi"])
	}
	for _, q := range []string{"", "2024-13-01", "10/02/2024", "1800-01-01", "2101-06-01"} {
		status, out := e.api(tok, "GET", "/api/v1/lunar?date="+q, "")
		if errObj, _ := out["error"].(map[string]any); status != http.StatusBadRequest || errObj["field"] != "date" {
			t.Errorf("date %q: %d %v", q, status, out)
		}
	}
	status, out := e.api(tok, "GET", "/api/v1/calendar?year=2025", "")
	events, _ := out["events"].([]any)
	var midAutumn map[string]any
	for _, ev := range events {
		if m := ev.(map[string]any); m["code"] == "mid-autumn" {
			midAutumn = m
		}
	}
	if status != 200 || out["year"] != float64(2025) || len(events) < 13 || midAutumn["start"] != "2025-10-06" || midAutumn["name"] != "Tết Trung thu" {
		t.Errorf("calendar 2025: %d %v", status, midAutumn)
	}
	for _, q := range []string{"", "abc", "1700"} {
		if status, out := e.api(tok, "GET", "/api/v1/calendar?year="+q, ""); status != http.StatusBadRequest || out["error"].(map[string]any)["field"] != "year" {
			t.Errorf("year %q: %d %v", q, status, out)
		}
	}
	if status, _ := e.api("", "GET", "/api/v1/calendar?year=2025", ""); status != http.StatusUnauthorized {
		t.Errorf("without a token: %d", status)
	}

	// The iCalendar of a unit, read by an independent parser.
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/calendar.ics?org=QN-SGTVT", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("calendar.ics: %d %v", res.StatusCode, err)
	}
	summaries := map[string]bool{}
	for _, ev := range cal.Events() {
		summaries[ev.GetProperty(ics.ComponentPropertySummary).Value] = true
	}
	if !summaries["Giao ban Lãnh đạo Sở tuần"] || !strings.Contains(string(body), "TZID=Asia/Ho_Chi_Minh") {
		t.Errorf("feed lacks the weekly briefing (%d events)", len(summaries))
	}
	req, _ = http.NewRequest("GET", e.srv.URL+"/api/v1/calendar.ics?org=QN-SYT", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	if res, err := http.DefaultClient.Do(req); err != nil || res.StatusCode != http.StatusBadRequest {
		t.Errorf("another agency's feed: %v %v", res.StatusCode, err)
	} else {
		_ = res.Body.Close()
	}
}

func TestFeedAddressesAndUnsubscribe(t *testing.T) { storetest.Run(t, testFeedAddressesAndUnsubscribe) }

func testFeedAddressesAndUnsubscribe(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	r := m.post("/app/account/feeds", url.Values{"org": {""}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("make a feed: %d", r.StatusCode)
	}
	addr := regexp.MustCompile(`/feeds/cal_[A-Za-z0-9_-]+\.ics`).FindString(r.body)
	if addr == "" {
		t.Fatal("no feed address shown")
	}
	res, err := http.Get(e.srv.URL + addr)
	if err != nil || res.StatusCode != 200 || res.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
		t.Fatalf("feed: %v %v", res.StatusCode, err)
	}
	_ = res.Body.Close()
	if r := m.post("/app/account/feeds", url.Values{"org": {"QN-SYT"}}); r.StatusCode != http.StatusBadRequest {
		t.Errorf("a feed of another agency: %d", r.StatusCode)
	}
	u, _ := e.store.UserByUsername(ctx, "manager")
	feeds, _ := e.store.Feeds(ctx, u.ID)
	// Someone else cannot revoke it.
	if r := e.signedIn("leader").post("/app/account/feeds/"+itoa(feeds[0].ID)+"/revoke", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("revoked by another user: %d", r.StatusCode)
	}
	mustOK(t, m.post("/app/account/feeds/"+itoa(feeds[0].ID)+"/revoke", nil))
	if res, _ := http.Get(e.srv.URL + addr); res.StatusCode != http.StatusNotFound {
		t.Errorf("a revoked feed: %d", res.StatusCode)
	}
	if res, _ := http.Get(e.srv.URL + "/feeds/cal_nothing.ics"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown feed: %d", res.StatusCode)
	}

	// Preferences, with a bad number named.
	r = m.post("/app/account/reminders", url.Values{"days_before": {"90"}, "app_deadline": {"on"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "nhắc trước từ 0 đến 30 ngày") {
		t.Errorf("90 days before: %d", r.StatusCode)
	}
	mustOK(t, m.post("/app/account/reminders", url.Values{"days_before": {"5"}, "app_deadline": {"on"}, "email_deadline": {"on"}, "email_digest": {"on"}}))
	prefs, _ := e.store.ReminderPrefs(ctx, u.ID)
	if prefs[0].DaysBefore != 5 || !prefs[0].Email || prefs[1].InApp || !prefs[2].Email {
		t.Errorf("saved prefs: %+v", prefs)
	}

	// The link in an e-mail: opening it changes nothing, confirming stops
	// that kind of e-mail; a forged one is 404.
	secret, _ := e.store.Secret(ctx, "unsubscribe")
	link := remind.UnsubscribePath(secret, u.ID, domain.RemindDigest)
	anon := e.client()
	r = anon.get(link)
	mustOK(t, r)
	mustContain(t, "confirm", r.body, "Ngừng nhận thư nhắc việc loại", "Tổng hợp việc trong tuần")
	if prefs, _ := e.store.ReminderPrefs(ctx, u.ID); !prefs[2].Email {
		t.Fatal("opening the link unsubscribed")
	}
	mustOK(t, anon.post(link, nil))
	if prefs, _ := e.store.ReminderPrefs(ctx, u.ID); prefs[2].Email || !prefs[0].Email {
		t.Errorf("after unsubscribing: %+v", prefs)
	}
	if r := anon.get(strings.Replace(link, "k=digest", "k=deadline", 1)); r.StatusCode != http.StatusNotFound {
		t.Errorf("a link changed to another kind: %d", r.StatusCode)
	}
}

func TestNotificationsAndAdminReminders(t *testing.T) {
	storetest.Run(t, testNotificationsAndAdminReminders)
}

func testNotificationsAndAdminReminders(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	u, _ := e.store.UserByUsername(ctx, "manager")
	now := time.Now()
	if _, err := e.store.PlanReminders(ctx, []store.NewReminder{
		{UserID: u.ID, Kind: domain.RemindDeadline, Channel: store.ChannelApp, Key: "k1", DueAt: now.Add(-time.Minute),
			Subject: "Còn 3 ngày: Báo cáo quý", Body: "Hạn: 16/12/2026", Link: "/app/reports"},
		{UserID: u.ID, Kind: domain.RemindDeadline, Channel: store.ChannelEmail, Key: "k1", DueAt: now.Add(-time.Minute), Subject: "Còn 3 ngày: Báo cáo quý"},
	}); err != nil {
		t.Fatal(err)
	}
	claimed, _ := e.store.ClaimReminders(ctx, "t", now, time.Minute, 10)
	if _, err := e.store.DeliverInAppBatch(ctx, claimed, now); err != nil {
		t.Fatal(err)
	}
	for _, r := range claimed {
		if r.Channel == store.ChannelEmail {
			_, _ = e.store.FailClaimed(ctx, r, now, time.Time{}, "dial tcp 10.0.0.25:587: connection refused")
		}
	}
	m := e.signedIn("manager")
	r := m.get("/app/notifications")
	mustContain(t, "notifications", r.body, "Còn 3 ngày: Báo cáo quý", "Hạn: 16/12/2026", `class="count"`)
	notes, _ := e.store.Notifications(ctx, u.ID, false, 10)
	r = m.post("/app/notifications/read", url.Values{"id": {itoa(notes[0].ID)}, "next": {"/app/reports"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/reports" {
		t.Errorf("open a notification: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if n, _ := e.store.UnreadCount(ctx, u.ID); n != 0 {
		t.Errorf("unread after opening: %d", n)
	}
	// Another user's notification is not theirs to mark.
	if r := e.signedIn("leader").post("/app/notifications/read", url.Values{"id": {itoa(notes[0].ID)}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("someone else's notification: %d", r.StatusCode)
	}
	// An open redirect through "next" goes home instead.
	r = m.post("/app/notifications/read", url.Values{"next": {"https://evil.example/"}})
	if loc := r.Header.Get("Location"); strings.Contains(loc, "evil") {
		t.Errorf("redirected off the site: %s", loc)
	}

	// Admins see the e-mail that failed and why, and put it back.
	if r := m.get("/app/admin/reminders"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a manager opens the outbox: %d", r.StatusCode)
	}
	a := e.signedIn("admin")
	r = a.get("/app/admin/reminders")
	mustContain(t, "outbox", r.body, "Thư không gửi được", "connection refused", "manager@quangninh.tebdg.example", "Chưa cấu hình máy chủ thư")
	mustOK(t, a.post("/app/admin/reminders/retry", nil))
	if failed, _ := e.store.Reminders(ctx, store.ReminderFailed, false, 10); len(failed) != 0 {
		t.Errorf("still failed after a retry: %d", len(failed))
	}
}

// Citizens see an agency's public events without signing in; internal
// meetings, deadlines and preparations stay inside.
func TestPublicCalendar(t *testing.T) { storetest.Run(t, testPublicCalendar) }

func testPublicCalendar(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	mustOK(t, m.post("/app/events", url.Values{"org": {"QN-SGTVT-TTS"}, "title": {"Tuyên truyền an toàn giao thông tại Trường THCS Hồng Hải"},
		"date": {"02/06/2026"}, "start_time": {"08:00"}, "public": {"on"}}))
	mustOK(t, m.post("/app/events", url.Values{"org": {"QN-SGTVT"}, "title": {"Họp nội bộ về nhân sự"}, "date": {"02/06/2026"}, "start_time": {"14:00"}}))
	anon := e.client()
	r := anon.get("/calendar/QN-SGTVT?week=2026-06-01")
	mustOK(t, r)
	mustContain(t, "public week", r.body, "Sở Giao thông Vận tải", "Tuyên truyền an toàn giao thông tại Trường THCS Hồng Hải", "Ngày Quốc tế Thiếu nhi")
	mustNotContain(t, "public week", r.body, "Họp nội bộ về nhân sự", "/app/events/", "Chuẩn bị", "Hạn báo cáo")
	if r := anon.get("/calendar/QN-NOPE"); r.StatusCode != http.StatusNotFound {
		t.Errorf("unknown agency: %d", r.StatusCode)
	}
	if r := anon.get("/calendar/QN-SGTVT?week=yesterday"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad week: %d", r.StatusCode)
	}
}
