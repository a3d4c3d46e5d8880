package remind_test

import (
	"strings"
	"testing"
	"time"

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
