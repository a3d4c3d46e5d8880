package ical

import (
	"bytes"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	stamp = time.Date(2026, 5, 20, 3, 4, 5, 0, time.UTC)
	hanoi = time.FixedZone("+07", 7*3600)
)

// write returns c written and unfolded, one content line an element.
func write(t *testing.T, c Calendar) []string {
	t.Helper()
	var b bytes.Buffer
	if err := Write(&b, c); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return unfold(t, b.String())
}

// eventLines returns the content lines of the first VEVENT in lines.
func eventLines(t *testing.T, lines []string) []string {
	t.Helper()
	i, j := slices.Index(lines, "BEGIN:VEVENT"), slices.Index(lines, "END:VEVENT")
	if i < 0 || j < i {
		t.Fatalf("no VEVENT in %q", lines)
	}
	return lines[i+1 : j]
}

func TestWrite(t *testing.T) {
	c := Calendar{
		Name:        "Lịch công tác – Sở Giao thông Vận tải",
		Description: "Họp, hội nghị; tập huấn",
		Events: []Event{{
			UID:         "event-42@tebdg",
			Summary:     "Hội nghị triển khai Tháng hành động vì trẻ em",
			Description: "Chủ trì: Giám đốc Sở\nThành phần: các phòng, ban; đơn vị trực thuộc",
			Location:    "Hội trường tầng 3, 20 Lê Lợi",
			URL:         "https://tebdg.example/events/42",
			Categories:  []string{"Hội nghị", "Trẻ em", " ", "Ngày lễ, kỷ niệm"},
			Start:       time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC),
			End:         time.Date(2026, 6, 1, 11, 30, 0, 0, hanoi),
			Stamp:       stamp,
			Modified:    time.Date(2026, 5, 19, 10, 0, 0, 0, hanoi),
			Status:      StatusConfirmed,
			Sequence:    2,
			Alarm:       30 * time.Minute,
		}},
	}
	want := []string{
		"BEGIN:VCALENDAR",
		"VERSION:2.0",
		"PRODID:-//tebdg//tebdg//VI",
		"CALSCALE:GREGORIAN",
		"METHOD:PUBLISH",
		"X-WR-CALNAME:Lịch công tác – Sở Giao thông Vận tải",
		`X-WR-CALDESC:Họp\, hội nghị\; tập huấn`,
		"X-WR-TIMEZONE:Asia/Ho_Chi_Minh",
		"REFRESH-INTERVAL;VALUE=DURATION:PT1H",
		"X-PUBLISHED-TTL:PT1H",
		"BEGIN:VTIMEZONE",
		"TZID:Asia/Ho_Chi_Minh",
		"BEGIN:STANDARD",
		"DTSTART:19700101T000000",
		"TZOFFSETFROM:+0700",
		"TZOFFSETTO:+0700",
		"TZNAME:ICT",
		"END:STANDARD",
		"END:VTIMEZONE",
		"BEGIN:VEVENT",
		"UID:event-42@tebdg",
		"DTSTAMP:20260520T030405Z",
		"DTSTART;TZID=Asia/Ho_Chi_Minh:20260601T080000",
		"DTEND;TZID=Asia/Ho_Chi_Minh:20260601T113000",
		"SUMMARY:Hội nghị triển khai Tháng hành động vì trẻ em",
		`DESCRIPTION:Chủ trì: Giám đốc Sở\nThành phần: các phòng\, ban\; đơn vị trực thuộc`,
		`LOCATION:Hội trường tầng 3\, 20 Lê Lợi`,
		"URL:https://tebdg.example/events/42",
		`CATEGORIES:Hội nghị,Trẻ em,Ngày lễ\, kỷ niệm`,
		"STATUS:CONFIRMED",
		"SEQUENCE:2",
		"LAST-MODIFIED:20260519T030000Z",
		"BEGIN:VALARM",
		"ACTION:DISPLAY",
		"TRIGGER:-PT30M",
		"DESCRIPTION:Hội nghị triển khai Tháng hành động vì trẻ em",
		"END:VALARM",
		"END:VEVENT",
		"END:VCALENDAR",
	}
	got := write(t, c)
	if !slices.Equal(got, want) {
		t.Errorf("Write gave\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestWriteMinimal checks what an event with only the required fields and
// an empty calendar write: no empty properties, LAST-MODIFIED from Stamp,
// and the default PRODID.
func TestWriteMinimal(t *testing.T) {
	got := write(t, Calendar{ProdID: " ", Events: []Event{{
		UID: "u1", Summary: "Hạn nộp báo cáo", Start: time.Date(2026, 6, 30, 17, 0, 0, 0, hanoi), Stamp: stamp,
		Description: "\r\n", Categories: []string{"", "\x00"}, URL: "\n",
	}}})
	want := []string{
		"UID:u1",
		"DTSTAMP:20260520T030405Z",
		"DTSTART;TZID=Asia/Ho_Chi_Minh:20260630T170000",
		"SUMMARY:Hạn nộp báo cáo",
		"LAST-MODIFIED:20260520T030405Z",
	}
	if ev := eventLines(t, got); !slices.Equal(ev, want) {
		t.Errorf("event lines %q, want %q", ev, want)
	}
	if !slices.Contains(got, "PRODID:"+DefaultProdID) {
		t.Errorf("no default PRODID in %q", got)
	}
	for _, l := range got {
		if strings.HasPrefix(l, "X-WR-CAL") {
			t.Errorf("unexpected %q", l)
		}
	}

	empty := write(t, Calendar{ProdID: "-//Sở GTVT//Lịch, tuần//VI"})
	if !slices.Contains(empty, `PRODID:-//Sở GTVT//Lịch\, tuần//VI`) || !slices.Contains(empty, "BEGIN:VTIMEZONE") || slices.Contains(empty, "BEGIN:VEVENT") {
		t.Errorf("empty calendar: %q", empty)
	}
}

func TestWriteTimes(t *testing.T) {
	ny := time.FixedZone("-05", -5*3600)
	for _, tc := range []struct {
		name       string
		start, end time.Time
		allDay     bool
		want       []string // DTSTART and DTEND lines
	}{
		{"utc to vietnam", time.Date(2026, 6, 1, 1, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 2, 0, 0, 0, time.UTC), false,
			[]string{"DTSTART;TZID=Asia/Ho_Chi_Minh:20260601T080000", "DTEND;TZID=Asia/Ho_Chi_Minh:20260601T090000"}},
		{"crossing midnight", time.Date(2026, 12, 31, 16, 30, 0, 0, time.UTC), time.Date(2026, 12, 31, 17, 30, 0, 0, time.UTC), false,
			[]string{"DTSTART;TZID=Asia/Ho_Chi_Minh:20261231T233000", "DTEND;TZID=Asia/Ho_Chi_Minh:20270101T003000"}},
		{"other zone", time.Date(2026, 5, 31, 20, 0, 0, 0, ny), time.Time{}, false,
			[]string{"DTSTART;TZID=Asia/Ho_Chi_Minh:20260601T080000"}},
		{"same second", time.Date(2026, 6, 1, 8, 0, 0, 100, hanoi), time.Date(2026, 6, 1, 8, 0, 0, 900, hanoi), false,
			[]string{"DTSTART;TZID=Asia/Ho_Chi_Minh:20260601T080000"}},
		{"fractions dropped", time.Date(2026, 6, 1, 8, 0, 0, 999999999, hanoi), time.Date(2026, 6, 1, 8, 0, 1, 5, hanoi), false,
			[]string{"DTSTART;TZID=Asia/Ho_Chi_Minh:20260601T080000", "DTEND;TZID=Asia/Ho_Chi_Minh:20260601T080001"}},
		{"one day", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), true,
			[]string{"DTSTART;VALUE=DATE:20260601", "DTEND;VALUE=DATE:20260602"}},
		{"one day, no end", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Time{}, true,
			[]string{"DTSTART;VALUE=DATE:20260601", "DTEND;VALUE=DATE:20260602"}},
		{"action month", time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), true,
			[]string{"DTSTART;VALUE=DATE:20260601", "DTEND;VALUE=DATE:20260701"}},
		{"across the new year", time.Date(2026, 12, 15, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), true,
			[]string{"DTSTART;VALUE=DATE:20261215", "DTEND;VALUE=DATE:20270101"}},
		{"29 February", time.Date(2028, 2, 29, 0, 0, 0, 0, time.UTC), time.Time{}, true,
			[]string{"DTSTART;VALUE=DATE:20280229", "DTEND;VALUE=DATE:20280301"}},
		{"dates as given", time.Date(2026, 5, 31, 23, 0, 0, 0, ny), time.Date(2026, 6, 1, 23, 59, 0, 0, hanoi), true,
			[]string{"DTSTART;VALUE=DATE:20260531", "DTEND;VALUE=DATE:20260602"}},
		{"end earlier in the day", time.Date(2026, 6, 1, 22, 0, 0, 0, hanoi), time.Date(2026, 6, 1, 6, 0, 0, 0, hanoi), true,
			[]string{"DTSTART;VALUE=DATE:20260601", "DTEND;VALUE=DATE:20260602"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ev := eventLines(t, write(t, Calendar{Events: []Event{{
				UID: "u", Summary: "s", Start: tc.start, End: tc.end, AllDay: tc.allDay, Stamp: stamp,
			}}}))
			var got []string
			for _, l := range ev {
				if strings.HasPrefix(l, "DTSTART") || strings.HasPrefix(l, "DTEND") {
					got = append(got, l)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestWriteRefused(t *testing.T) {
	start := time.Date(2026, 6, 1, 8, 0, 0, 0, hanoi)
	ok := Event{UID: "ok", Summary: "Họp", Start: start, Stamp: stamp}
	for _, tc := range []struct {
		name  string
		edit  func(*Event)
		err   error
		inMsg string
	}{
		{"no UID", func(e *Event) { e.UID = " \x00" }, ErrNoUID, `("Họp")`},
		{"no summary", func(e *Event) { e.Summary = "\t\r\n" }, ErrNoSummary, `(UID "bad")`},
		{"no start", func(e *Event) { e.Start = time.Time{} }, ErrNoStart, `(UID "bad")`},
		{"no stamp", func(e *Event) { e.Stamp = time.Time{} }, ErrNoStamp, "no stamp"},
		{"end before start", func(e *Event) { e.End = start.Add(-time.Second) }, ErrEndBeforeStart, "end before start"},
		{"all-day end before start", func(e *Event) { e.AllDay, e.End = true, start.AddDate(0, 0, -1) }, ErrEndBeforeStart, "Events[1]"},
		{"status", func(e *Event) { e.Status = "confirmed" }, ErrStatus, "status"},
		{"sequence", func(e *Event) { e.Sequence = -1 }, ErrSequence, "sequence"},
		{"year 10000", func(e *Event) { e.Start = time.Date(9999, 12, 31, 20, 0, 0, 0, time.UTC) }, ErrTimeRange, "1–9999"},
		{"all-day to year 10000", func(e *Event) {
			e.AllDay, e.Start = true, time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
		}, ErrTimeRange, "1–9999"},
		{"modified in year 0", func(e *Event) { e.Modified = time.Date(0, 6, 1, 0, 0, 0, 0, time.UTC) }, ErrTimeRange, "1–9999"},
		{"duplicate UID", func(e *Event) { e.UID = "ok" }, ErrDuplicateUID, `(UID "ok")`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bad := ok
			bad.UID = "bad"
			tc.edit(&bad)
			var b bytes.Buffer
			err := Write(&b, Calendar{Events: []Event{ok, bad, {}}})
			var ee *EventError
			if !errors.As(err, &ee) || !errors.Is(err, tc.err) || ee.Index != 1 {
				t.Fatalf("Write error %v, want an *EventError at 1 for %v", err, tc.err)
			}
			if !strings.Contains(err.Error(), tc.inMsg) {
				t.Errorf("error %q does not contain %q", err, tc.inMsg)
			}
			if b.Len() != 0 {
				t.Errorf("Write wrote %d bytes before failing", b.Len())
			}
		})
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

var errFull = errors.New("disk full")

func (w *failWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		k := w.n
		w.n = 0
		return k, errFull
	}
	w.n -= len(p)
	return len(p), nil
}

func TestWriteWriterError(t *testing.T) {
	c := feed(2000)
	for _, n := range []int{0, 100, flushAt + 10} {
		if err := Write(&failWriter{n: n}, c); !errors.Is(err, errFull) {
			t.Errorf("Write to a writer failing after %d bytes: %v", n, err)
		}
	}
}

func TestWriteStable(t *testing.T) {
	var a, b bytes.Buffer
	c := feed(300)
	if err := Write(&a, c); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, c); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same calendar gave different bytes")
	}
	lines := unfold(t, a.String())
	if n := strings.Count(a.String(), "BEGIN:VEVENT\r\n"); n != 300 {
		t.Errorf("%d events written, want 300", n)
	}
	if lines[len(lines)-1] != "END:VCALENDAR" {
		t.Errorf("last line %q", lines[len(lines)-1])
	}
}
