package ical_test

import (
	"bytes"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the parser looks Asia/Ho_Chi_Minh up by name

	goical "github.com/arran4/golang-ical"

	"tebdg/internal/ical"
)

// parse writes c and reads it back with an independent iCalendar parser,
// as a subscribing client would.
func parse(t *testing.T, c ical.Calendar) *goical.Calendar {
	t.Helper()
	var b bytes.Buffer
	if err := ical.Write(&b, c); err != nil {
		t.Fatalf("Write: %v", err)
	}
	cal, err := goical.ParseCalendar(&b)
	if err != nil {
		t.Fatalf("ParseCalendar: %v", err)
	}
	return cal
}

func prop(t *testing.T, ev *goical.VEvent, p goical.ComponentProperty) string {
	t.Helper()
	v := ev.GetProperty(p)
	if v == nil {
		t.Fatalf("event %s has no %s", ev.Id(), p)
	}
	return v.Value
}

func TestParseBack(t *testing.T) {
	stamp := time.Date(2026, 5, 20, 3, 4, 5, 0, time.UTC)
	long := strings.Repeat("Tháng hành động vì trẻ em; phòng, chống bạo lực gia đình\\ ", 8)
	c := ical.Calendar{
		Name:        "Lịch công tác – Sở Giao thông Vận tải, tỉnh Quảng Ninh",
		Description: "Lịch tuần\nCập nhật mỗi giờ",
		Events: []ical.Event{
			{
				UID:         "event-42@tebdg",
				Summary:     "Hội nghị triển khai Tháng hành động vì trẻ em năm 2026",
				Description: "Chủ trì: Giám đốc Sở; Thành phần: các phòng, ban\nGhi chú: mang theo báo cáo \\ số liệu\r\n" + long,
				Location:    "Hội trường tầng 3, số 20 Lê Lợi; TP. Hạ Long",
				URL:         "https://tebdg.example/events/42?tab=a,b;c",
				Categories:  []string{"Hội nghị", "Trẻ em"},
				Start:       time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC),
				End:         time.Date(2026, 6, 1, 4, 30, 0, 0, time.UTC),
				Stamp:       stamp,
				Status:      ical.StatusTentative,
				Sequence:    3,
				Alarm:       time.Hour,
			},
			{
				UID:        "observance-children-action-month-2026@tebdg",
				Summary:    "Tháng hành động vì trẻ em",
				Categories: []string{"Ngày lễ, kỷ niệm"},
				Start:      time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
				End:        time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC),
				AllDay:     true,
				Stamp:      stamp,
			},
		},
	}
	cal := parse(t, c)

	var name, desc, tz string
	for _, p := range cal.CalendarProperties {
		switch p.IANAToken {
		case "X-WR-CALNAME":
			name = p.Value
		case "X-WR-CALDESC":
			desc = p.Value
		case "X-WR-TIMEZONE":
			tz = p.Value
		}
	}
	if name != c.Name || desc != c.Description || tz != "Asia/Ho_Chi_Minh" {
		t.Errorf("calendar name %q, description %q, zone %q", name, desc, tz)
	}

	events := cal.Events()
	if len(events) != 2 {
		t.Fatalf("%d events parsed, want 2", len(events))
	}
	meeting, month := events[0], events[1]

	want := c.Events[0]
	if got := meeting.Id(); got != want.UID {
		t.Errorf("UID %q, want %q", got, want.UID)
	}
	if got := prop(t, meeting, goical.ComponentPropertySummary); got != want.Summary {
		t.Errorf("SUMMARY %q, want %q", got, want.Summary)
	}
	wantDesc := strings.ReplaceAll(want.Description, "\r", "")
	if got := prop(t, meeting, goical.ComponentPropertyDescription); got != wantDesc {
		t.Errorf("DESCRIPTION %q, want %q", got, wantDesc)
	}
	if got := prop(t, meeting, goical.ComponentPropertyLocation); got != want.Location {
		t.Errorf("LOCATION %q, want %q", got, want.Location)
	}
	if got := prop(t, meeting, goical.ComponentPropertyUrl); got != want.URL {
		t.Errorf("URL %q, want %q", got, want.URL)
	}
	if got := prop(t, meeting, goical.ComponentPropertyCategories); got != "Hội nghị,Trẻ em" {
		t.Errorf("CATEGORIES %q", got)
	}
	if got := prop(t, meeting, goical.ComponentPropertyStatus); got != "TENTATIVE" {
		t.Errorf("STATUS %q", got)
	}
	if got := prop(t, meeting, goical.ComponentPropertySequence); got != "3" {
		t.Errorf("SEQUENCE %q", got)
	}
	if p := meeting.GetProperty(goical.ComponentPropertyDtStart); p == nil || p.ICalParameters["TZID"][0] != "Asia/Ho_Chi_Minh" {
		t.Errorf("DTSTART %+v, want a TZID", p)
	}
	start, err := meeting.GetStartAt()
	if err != nil || !start.Equal(want.Start) || start.Hour() != 8 {
		t.Errorf("start %v, %v; want %v, 08:00 local", start, err, want.Start)
	}
	end, err := meeting.GetEndAt()
	if err != nil || !end.Equal(want.End) {
		t.Errorf("end %v, %v; want %v", end, err, want.End)
	}
	if got, err := meeting.GetDtStampTime(); err != nil || !got.Equal(stamp) {
		t.Errorf("DTSTAMP %v, %v", got, err)
	}
	if got, err := meeting.GetLastModifiedAt(); err != nil || !got.Equal(stamp) {
		t.Errorf("LAST-MODIFIED %v, %v", got, err)
	}
	alarms := meeting.Alarms()
	if len(alarms) != 1 {
		t.Fatalf("%d alarms, want 1", len(alarms))
	}
	if p := alarms[0].GetProperty(goical.ComponentPropertyTrigger); p == nil || p.Value != "-PT1H" {
		t.Errorf("TRIGGER %+v", p)
	}

	if got := month.Id(); got != c.Events[1].UID {
		t.Errorf("UID %q", got)
	}
	if got := prop(t, month, goical.ComponentPropertyCategories); got != "Ngày lễ, kỷ niệm" {
		t.Errorf("CATEGORIES %q", got)
	}
	if p := month.GetProperty(goical.ComponentPropertyDtStart); p == nil || p.ICalParameters["VALUE"][0] != "DATE" {
		t.Errorf("DTSTART %+v, want VALUE=DATE", p)
	}
	first, err := month.GetAllDayStartAt()
	if err != nil || first.Format(time.DateOnly) != "2026-06-01" {
		t.Errorf("all-day start %v, %v", first, err)
	}
	after, err := month.GetAllDayEndAt()
	if err != nil || after.Format(time.DateOnly) != "2026-07-01" {
		t.Errorf("all-day end %v, %v; want 2026-07-01, the day after the last", after, err)
	}

	var tzids []string
	for _, co := range cal.Components {
		if tz, ok := co.(*goical.VTimezone); ok {
			tzids = append(tzids, tz.GetProperty(goical.ComponentPropertyTzid).Value)
		}
	}
	if len(tzids) != 1 || tzids[0] != "Asia/Ho_Chi_Minh" {
		t.Errorf("time zones %q", tzids)
	}
}

// TestZone checks the fixed offset against the time-zone database, which
// clients use for Asia/Ho_Chi_Minh, over the years tebdg plans for.
func TestZone(t *testing.T) {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		t.Fatal(err)
	}
	for y := 1976; y <= 2100; y++ {
		for _, m := range []time.Month{1, 7} {
			if _, off := time.Date(y, m, 1, 12, 0, 0, 0, loc).Zone(); off != 7*3600 {
				t.Fatalf("Asia/Ho_Chi_Minh is UTC%+d h on %d-%02d-01", off/3600, y, m)
			}
		}
	}
}
