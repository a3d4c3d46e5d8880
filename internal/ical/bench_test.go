package ical

import (
	"io"
	"strconv"
	"testing"
	"time"
)

// feed returns a calendar of n events like an agency's year: meetings with
// a description and a place, and every fifth one an all-day observance.
func feed(n int) Calendar {
	c := Calendar{Name: "Lịch công tác – Sở Giao thông Vận tải", Description: "Lịch công tác tuần của Sở"}
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, hanoi)
	for i := range n {
		ev := Event{
			UID:         "event-" + strconv.Itoa(i) + "@tebdg",
			Summary:     "Hội nghị sơ kết công tác bảo vệ, chăm sóc trẻ em và bình đẳng giới, lần " + strconv.Itoa(i),
			Description: "Chủ trì: Phó Giám đốc Sở.\nThành phần: Văn phòng Sở; các phòng, ban chuyên môn; đại diện Hội Liên hiệp Phụ nữ tỉnh.\nChuẩn bị: Phòng Kế hoạch – Tài chính.",
			Location:    "Phòng họp tầng 2, trụ sở Sở Giao thông Vận tải",
			URL:         "https://tebdg.example/events/" + strconv.Itoa(i),
			Categories:  []string{"Hội nghị", "Trẻ em"},
			Start:       start.Add(time.Duration(i) * 4 * time.Hour),
			End:         start.Add(time.Duration(i)*4*time.Hour + 2*time.Hour),
			Stamp:       stamp,
			Status:      StatusConfirmed,
			Alarm:       15 * time.Minute,
		}
		if i%5 == 0 {
			ev.Summary = "Tháng hành động vì trẻ em"
			ev.AllDay = true
			ev.End = ev.Start.AddDate(0, 0, 29)
			ev.Alarm = 0
		}
		c.Events = append(c.Events, ev)
	}
	return c
}

// BenchmarkWrite1000 writes a feed of 1,000 events, which every subscribed
// client fetches again each hour.
func BenchmarkWrite1000(b *testing.B) {
	c := feed(1000)
	n := 0
	if err := Write(countWriter{&n}, c); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(n))
	b.ReportAllocs()
	for b.Loop() {
		if err := Write(io.Discard, c); err != nil {
			b.Fatal(err)
		}
	}
}

type countWriter struct{ n *int }

func (w countWriter) Write(p []byte) (int, error) {
	*w.n += len(p)
	return len(p), nil
}
