package web_test

import (
	"io"
	"net/http"
	"regexp"
	"strings"
	"testing"

	ics "github.com/arran4/golang-ical"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// Each event of the iCalendar feed says its kind once: "Chuẩn bị: Ngày
// Quốc tế Thiếu nhi (01/06/…)", not "Chuẩn bị: Chuẩn bị: …"; the calendar
// page shows the kind beside the title the same way.
func TestCalendarSummariesNameTheirKindOnce(t *testing.T) {
	storetest.Run(t, testCalendarSummariesNameTheirKindOnce)
}

func testCalendarSummariesNameTheirKindOnce(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/calendar.ics?org=QN-SGTVT", nil)
	req.Header.Set("Authorization", "Bearer "+e.token("manager"))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	cal, err := ics.ParseCalendar(strings.NewReader(string(body)))
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("calendar.ics: %d %v", res.StatusCode, err)
	}
	prep := 0
	for _, ev := range cal.Events() {
		s := ev.GetProperty(ics.ComponentPropertySummary).Value
		kind, rest, ok := strings.Cut(s, ": ")
		if ok && strings.HasPrefix(rest, kind+": ") {
			t.Errorf("summary repeats its kind: %q", s)
		}
		if kind == "Chuẩn bị" {
			prep++
		}
	}
	if prep == 0 {
		t.Fatalf("the feed has no preparation entry to check (%d events)", len(cal.Events()))
	}
	page := e.signedIn("manager").get("/app/calendar")
	if regexp.MustCompile(`entry-kind">Chuẩn bị</span>\s*(<a[^>]*>)?Chuẩn bị:`).MatchString(page.body) {
		t.Errorf("the calendar page repeats the kind of a preparation")
	}
}
