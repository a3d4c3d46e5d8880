package ical_test

import (
	"bytes"
	"fmt"
	"strings"
	"time"

	"tebdg/internal/ical"
)

// A feed of one meeting and one action month. The feed's lines end in CRLF,
// shown here as plain line ends; the long description is folded onto a
// line that starts with a space.
func ExampleWrite() {
	vn := time.FixedZone("ICT", 7*3600)
	stamp := time.Date(2026, 5, 20, 9, 0, 0, 0, vn)
	c := ical.Calendar{
		Name: "Lịch công tác – Sở Giao thông Vận tải",
		Events: []ical.Event{
			{
				UID:         "event-42@tebdg",
				Summary:     "Họp triển khai Tháng hành động vì trẻ em",
				Description: "Chủ trì: Giám đốc Sở; thành phần: các phòng, ban.\nChuẩn bị: Văn phòng Sở.",
				Location:    "Phòng họp tầng 2",
				Start:       time.Date(2026, 5, 28, 8, 0, 0, 0, vn),
				End:         time.Date(2026, 5, 28, 10, 30, 0, 0, vn),
				Stamp:       stamp,
				Alarm:       15 * time.Minute,
			},
			{
				UID:        "observance-children-action-month-2026@tebdg",
				Summary:    "Tháng hành động vì trẻ em",
				Categories: []string{"Ngày lễ, kỷ niệm"},
				Start:      time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC),
				End:        time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC), // the last day
				AllDay:     true,
				Stamp:      stamp,
			},
		},
	}
	var b bytes.Buffer
	if err := ical.Write(&b, c); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Print(strings.ReplaceAll(b.String(), "\r\n", "\n"))
	// Output:
	// BEGIN:VCALENDAR
	// VERSION:2.0
	// PRODID:-//tebdg//tebdg//VI
	// CALSCALE:GREGORIAN
	// METHOD:PUBLISH
	// X-WR-CALNAME:Lịch công tác – Sở Giao thông Vận tải
	// X-WR-TIMEZONE:Asia/Ho_Chi_Minh
	// REFRESH-INTERVAL;VALUE=DURATION:PT1H
	// X-PUBLISHED-TTL:PT1H
	// BEGIN:VTIMEZONE
	// TZID:Asia/Ho_Chi_Minh
	// BEGIN:STANDARD
	// DTSTART:19700101T000000
	// TZOFFSETFROM:+0700
	// TZOFFSETTO:+0700
	// TZNAME:ICT
	// END:STANDARD
	// END:VTIMEZONE
	// BEGIN:VEVENT
	// UID:event-42@tebdg
	// DTSTAMP:20260520T020000Z
	// DTSTART;TZID=Asia/Ho_Chi_Minh:20260528T080000
	// DTEND;TZID=Asia/Ho_Chi_Minh:20260528T103000
	// SUMMARY:Họp triển khai Tháng hành động vì trẻ em
	// DESCRIPTION:Chủ trì: Giám đốc Sở\; thành phần: các phòng\, ba
	//  n.\nChuẩn bị: Văn phòng Sở.
	// LOCATION:Phòng họp tầng 2
	// LAST-MODIFIED:20260520T020000Z
	// BEGIN:VALARM
	// ACTION:DISPLAY
	// TRIGGER:-PT15M
	// DESCRIPTION:Họp triển khai Tháng hành động vì trẻ em
	// END:VALARM
	// END:VEVENT
	// BEGIN:VEVENT
	// UID:observance-children-action-month-2026@tebdg
	// DTSTAMP:20260520T020000Z
	// DTSTART;VALUE=DATE:20260601
	// DTEND;VALUE=DATE:20260701
	// SUMMARY:Tháng hành động vì trẻ em
	// CATEGORIES:Ngày lễ\, kỷ niệm
	// LAST-MODIFIED:20260520T020000Z
	// END:VEVENT
	// END:VCALENDAR
}
