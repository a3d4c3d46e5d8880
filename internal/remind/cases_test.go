package remind_test

import (
	"strings"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// The register's reminders go to a case's worker and its supervisor, by
// the case's number; no one else gets them, and none carries a name.
func TestCaseStepReminders(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine store.Dialect) {
		s := seeded(t, engine)
		srv := startSMTP(t)
		// The demo's newest case came in 3 hours ago: its 12-hour first
		// assessment is due 9 hours from now, reminded 4 hours before.
		now := time.Now().Add(6 * time.Hour)
		sched := &remind.Scheduler{Store: s, Mailer: sender(t, srv.addr), From: from, Worker: "w1", Now: func() time.Time { return now }}
		if _, err := sched.Pass(ctx); err != nil {
			t.Fatal(err)
		}
		got := map[string][]string{}
		for _, m := range srv.received() {
			subj := decode(t, m.msg.Header.Get("Subject"))
			if strings.HasPrefix(subj, "Vụ việc QN-") {
				got[m.to[0]] = append(got[m.to[0]], subj)
				for _, name := range []string{"Vi Thị Ngọc Ánh", "Đào Minh Khôi", "Vi Thi Ngoc Anh"} {
					if strings.Contains(plainText(t, &m), name) || strings.Contains(subj, name) {
						t.Errorf("a case reminder names %s", name)
					}
				}
			}
		}
		for _, who := range []string{"caseworker", "casesupervisor"} {
			subs := got[who+"@quangninh.tebdg.example"]
			due, overdue := false, false
			for _, s := range subs {
				due = due || strings.Contains(s, "bước đến hạn lúc")
				overdue = overdue || strings.Contains(s, "quá thời hạn luật định")
			}
			if !due || !overdue {
				t.Errorf("%s got %q: want a step due and a step past its limit", who, subs)
			}
		}
		for to := range got {
			if !strings.HasPrefix(to, "caseworker@") && !strings.HasPrefix(to, "casesupervisor@") {
				t.Errorf("%s got a case reminder: %v", to, got[to])
			}
		}
	})
}

// A break-glass opening is told to the case's supervisors in the
// application, once, and to no one else.
func TestBreakGlassIsToldToTheSupervisor(t *testing.T) {
	storetest.Run(t, func(t *testing.T, engine store.Dialect) {
		s := seeded(t, engine)
		prov, err := s.UserByUsername(ctx, "provincesupervisor")
		if err != nil {
			t.Fatal(err)
		}
		cs, _, err := s.Cases(ctx, domain.Actor{}, domain.CaseReader{UserID: prov.ID, Supervises: domain.Scope{All: true}}, store.CaseFilter{}, store.Page{Number: 1, Limit: 1})
		if err != nil || len(cs) == 0 {
			t.Fatalf("no demo case: %v", err)
		}
		if _, err := s.BreakGlass(ctx, domain.Actor{UserID: prov.ID, Username: prov.Username}, cs[0].Number, "Trẻ đang ở Trung tâm, cần biết tiền sử", func(string) bool { return true }); err != nil {
			t.Fatal(err)
		}
		now := time.Now().Add(time.Minute)
		sched := &remind.Scheduler{Store: s, Worker: "w1", Now: func() time.Time { return now }}
		for range 2 {
			if _, err := sched.Pass(ctx); err != nil {
				t.Fatal(err)
			}
		}
		for _, who := range []string{"casesupervisor", "caseworker", "provincesupervisor", "admin"} {
			u, _ := s.UserByUsername(ctx, who)
			notes, _ := s.Notifications(ctx, u.ID, false, 100)
			n := 0
			for _, x := range notes {
				if strings.Contains(x.Title, "truy cập khẩn cấp") {
					n++
					if !strings.Contains(x.Body, "Lê Thị Thu") || !strings.HasSuffix(x.Link, "/access") {
						t.Errorf("the alert: %+v", x)
					}
				}
			}
			if want := map[bool]int{true: 1, false: 0}[who == "casesupervisor"]; n != want {
				t.Errorf("%s got %d break-glass alerts, want %d", who, n, want)
			}
		}
	})
}
