package remind_test

import (
	"fmt"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// A scheduler pass with 100,000 reminders pending in the outbox (budget:
// 200 ms): 99,000 not yet due, and 1,000 due now that the pass delivers in
// the application. Also the pass when none is due, which is what most
// passes are.
func BenchmarkPass100kPending(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s := seeded(b, engine)
			users, err := s.ActiveUsers(ctx)
			if err != nil {
				b.Fatal(err)
			}
			now := time.Date(2026, 12, 13, 8, 30, 0, 0, time.UTC)
			plan := func(prefix string, n int, due time.Time) {
				var rs []store.NewReminder
				for i := range n {
					u := users[i%len(users)]
					rs = append(rs, store.NewReminder{UserID: u.ID, Kind: domain.RemindDeadline, Channel: store.ChannelApp,
						Key: fmt.Sprintf("%s:%d", prefix, i), DueAt: due.Add(time.Duration(i) * time.Second), Subject: "Còn 3 ngày: nhiệm vụ " + fmt.Sprint(i),
						Body: "Hạn: 16/12/2026", Link: "/app/tasks"})
				}
				if _, err := s.PlanReminders(ctx, rs); err != nil {
					b.Fatal(err)
				}
			}
			plan("future", 99000, now.Add(24*time.Hour))
			sched := &remind.Scheduler{Store: s, Worker: "bench", Now: func() time.Time { return now }, Batch: 200}
			var busy, idle time.Duration
			delivered := 0
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				plan(fmt.Sprintf("due%d", i), 1000, now.Add(-time.Hour))
				b.StartTimer()
				start := time.Now()
				res, err := sched.Pass(ctx)
				if err != nil {
					b.Fatal(err)
				}
				busy += time.Since(start)
				delivered += res.Delivered
				start = time.Now()
				if res, err := sched.Pass(ctx); err != nil || res.Delivered != 0 {
					b.Fatalf("idle pass: %+v %v", res, err)
				}
				idle += time.Since(start)
			}
			b.ReportMetric(float64(busy.Microseconds())/1000/float64(b.N), "ms/pass-1000-due")
			b.ReportMetric(float64(idle.Microseconds())/1000/float64(b.N), "ms/pass-none-due")
			b.ReportMetric(float64(delivered)/float64(b.N), "delivered/pass")
		})
	}
}
