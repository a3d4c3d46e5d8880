package remind_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/mail"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// The drills below run the schedulers on the real clock with leases of a
// fraction of a second, so that a slow mail server outlasts a lease the
// way a real one outlasts five minutes.

// officer fills a store with the one recipient the drills need, the
// province's focal officer, in place of the whole demo.
func officer(t testing.TB, s *store.Store) {
	t.Helper()
	admin := domain.Actor{Username: "admin"}
	if _, err := s.CreateOrgUnit(ctx, admin, domain.OrgUnitInput{Code: "QN", Name: "Tỉnh Quảng Ninh", Kind: domain.KindProvince}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateUser(ctx, admin, domain.UserInput{Username: "manager", FullName: "Nguyễn Thị Hoa",
		Email: "manager@quangninh.tebdg.example", Org: "QN", Role: domain.RoleManager}, "not a hash", false); err != nil {
		t.Fatal(err)
	}
}

// planMails puts n e-mail reminders for the demo's focal officer in the
// outbox, due a minute ago, and returns their subjects.
func planMails(t *testing.T, s *store.Store, prefix string, n int) map[string]bool {
	t.Helper()
	manager, err := s.UserByUsername(ctx, "manager")
	if err != nil {
		t.Fatal(err)
	}
	subjects := map[string]bool{}
	var rs []store.NewReminder
	for i := range n {
		subj := fmt.Sprintf("Còn 3 ngày: nhiệm vụ %s %d", prefix, i)
		subjects[subj] = true
		rs = append(rs, store.NewReminder{UserID: manager.ID, Kind: domain.RemindDeadline, Channel: store.ChannelEmail,
			Key: fmt.Sprintf("%s:%d", prefix, i), DueAt: time.Now().Add(-time.Minute), Subject: subj, Body: "Hạn: 16/12/2026",
			Link: "/app/tasks"})
	}
	if got, err := s.PlanReminders(ctx, rs); err != nil || got != n {
		t.Fatalf("plan: %d %v", got, err)
	}
	return subjects
}

// byMessageID counts received messages by their Message-ID, as a receiving
// server that drops duplicates sees them.
func byMessageID(msgs []received) map[string]int {
	out := map[string]int{}
	for _, m := range msgs {
		out[m.msg.Header.Get("Message-Id")]++
	}
	return out
}

// storedIDs maps the subject of each e-mail reminder in a status to the
// Message-ID stored with it.
func storedIDs(t *testing.T, s *store.Store, status string) map[string]string {
	t.Helper()
	rs, err := s.Reminders(ctx, status, false, 1000)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rs {
		if r.Channel == store.ChannelEmail {
			out[r.Subject] = r.MessageID
		}
	}
	return out
}

// The drill: two instances on one database, a mail server that takes
// longer to answer each message than a claim's lease, and more reminders
// than one batch; the second instance starts its pass when the first one's
// claims would have run out. The schedulers extend their claims while they
// wait, so neither takes what the other is sending: the server receives
// each reminder exactly once, under the Message-ID stored with it, at the
// domain of the sender's address.
func TestSlowMailServerTwoSchedulersSendEachOnce(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s1, s2 := twoInstances(t, engine, officer)
			srv := startSMTP(t)
			const n = 6
			const lease, delay = 500 * time.Millisecond, 800 * time.Millisecond
			srv.slow(delay)
			subjects := planMails(t, s1, "drill", n)
			mailer := sender(t, srv.addr)

			ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
			defer cancel()
			var wg sync.WaitGroup
			results := make([]remind.Result, 2)
			for i, st := range []*store.Store{s1, s2} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					time.Sleep(time.Duration(i) * (lease + 200*time.Millisecond))
					sc := &remind.Scheduler{Store: st, Mailer: mailer, From: from, BaseURL: "https://tebdg.quangninh.example",
						Worker: fmt.Sprintf("instance-%d", i), Batch: 2, Lease: lease, Renew: lease / 8}
					for ctx.Err() == nil {
						res, err := sc.Deliver(ctx, time.Now())
						if err != nil {
							t.Errorf("instance %d: %v", i, err)
							return
						}
						results[i].Delivered += res.Delivered
						results[i].Skipped += res.Skipped
						stats, err := st.ReminderStats(ctx)
						if err != nil {
							t.Error(err)
							return
						}
						if stats[store.ChannelEmail][store.ReminderSent] == n {
							return
						}
						time.Sleep(20 * time.Millisecond)
					}
				}()
			}
			wg.Wait()
			if ctx.Err() != nil {
				t.Fatalf("the drill did not finish: %+v", results)
			}
			got := srv.received()
			ids := byMessageID(got)
			if len(got) != n || len(ids) != n {
				t.Errorf("the server received %d messages under %d Message-IDs, want %d of each (%v)", len(got), len(ids), n, ids)
			}
			for id, k := range ids {
				if k != 1 {
					t.Errorf("%s received %d times", id, k)
				}
				if !strings.HasSuffix(id, "@quangninh.tebdg.example>") {
					t.Errorf("Message-ID %s is not at the sender's domain", id)
				}
			}
			stored := storedIDs(t, s1, store.ReminderSent)
			for _, m := range got {
				subj := decode(t, m.msg.Header.Get("Subject"))
				if !subjects[subj] {
					t.Errorf("unexpected message %q", subj)
				}
				if want := "<" + stored[subj] + ">"; m.msg.Header.Get("Message-Id") != want {
					t.Errorf("%q went as %s, the outbox holds %s", subj, m.msg.Header.Get("Message-Id"), want)
				}
			}
			if results[0].Delivered == 0 || results[1].Delivered == 0 || results[0].Delivered+results[1].Delivered != n {
				t.Errorf("delivered by each instance: %+v", results)
			}
		})
	}
}

// dyingMailer sends for real and then takes its instance's database away,
// as an instance that dies right after the server's acceptance would,
// before it can mark the reminder sent.
type dyingMailer struct {
	next remind.Mailer
	die  func()
}

func (d *dyingMailer) Send(ctx context.Context, m mail.Message) error {
	err := d.next.Send(ctx, m)
	if err == nil {
		d.die()
	}
	return err
}

// An instance that dies between the server's acceptance and the mark: its
// claim keeps the reminder from the other instance until the lease ends,
// and the copy the other then sends carries the same Message-ID, which is
// the one stored with the reminder, so a receiving server that drops a
// Message-ID it has already seen keeps one.
func TestSenderDiesAfterAcceptRetryReusesMessageID(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s1, s2 := twoInstances(t, engine, officer)
			srv := startSMTP(t)
			planMails(t, s1, "dies", 1)
			const lease = 5 * time.Second
			a := &remind.Scheduler{Store: s1, From: from, Worker: "a", Lease: lease,
				Mailer: &dyingMailer{next: sender(t, srv.addr), die: func() { _ = s1.Close() }}}
			now := time.Now()
			if _, err := a.Deliver(ctx, now); err == nil || !strings.Contains(err.Error(), "not marked sent") {
				t.Fatalf("the dying instance: %v", err)
			}
			first := srv.received()
			if len(first) != 1 {
				t.Fatalf("received %d", len(first))
			}
			sending := storedIDs(t, s2, store.ReminderSending)
			if len(sending) != 1 {
				t.Fatalf("held: %v", sending)
			}
			b := &remind.Scheduler{Store: s2, Mailer: sender(t, srv.addr), From: from, Worker: "b", Lease: lease}
			if res, err := b.Deliver(ctx, now); err != nil || res.Delivered != 0 {
				t.Fatalf("under the dead instance's claim: %+v %v", res, err)
			}
			if res, err := b.Deliver(ctx, now.Add(lease+time.Second)); err != nil || res.Delivered != 1 {
				t.Fatalf("after the lease: %+v %v", res, err)
			}
			got := srv.received()
			if len(got) != 2 {
				t.Fatalf("received %d, want the copy and its retry", len(got))
			}
			for _, id := range sending {
				for i, m := range got {
					if m.msg.Header.Get("Message-Id") != "<"+id+">" {
						t.Errorf("copy %d went as %s, the outbox holds <%s>", i+1, m.msg.Header.Get("Message-Id"), id)
					}
				}
			}
			if ids := byMessageID(got); len(ids) != 1 {
				t.Errorf("a deduplicating server keeps %d of them: %v", len(ids), ids)
			}
			if sent := storedIDs(t, s2, store.ReminderSent); len(sent) != 1 {
				t.Errorf("not marked sent after the retry: %v", sent)
			}
			if res, err := b.Deliver(ctx, now.Add(time.Hour)); err != nil || res.Delivered != 0 || len(srv.received()) != 2 {
				t.Errorf("sent a third time: %+v %v", res, err)
			}
		})
	}
}

// lostDB takes its instance's database away as a send begins: the
// scheduler can no longer extend its claim.
type lostDB struct {
	next remind.Mailer
	lose func()
	once sync.Once
	took time.Duration
	err  error
}

func (l *lostDB) Send(ctx context.Context, m mail.Message) error {
	l.once.Do(l.lose)
	start := time.Now()
	l.err = l.next.Send(ctx, m)
	l.took = time.Since(start)
	return l.err
}

// A send that outlasts a claim the scheduler can no longer extend (its
// database is gone) is cut off before the lease ends, not left to talk to
// the server while another instance may take the reminder; that instance
// sends it after the lease with the same Message-ID, in case the first
// attempt reached the server after all.
func TestSendCutOffWhenClaimCannotBeKept(t *testing.T) {
	s1, s2 := twoInstances(t, store.SQLite, officer)
	srv := startSMTP(t)
	const lease, delay = 600 * time.Millisecond, 5 * time.Second
	srv.slow(delay)
	planMails(t, s1, "cut", 1)
	l := &lostDB{next: sender(t, srv.addr), lose: func() { _ = s1.Close() }}
	a := &remind.Scheduler{Store: s1, From: from, Worker: "a", Lease: lease, Renew: lease / 6, Mailer: l}
	now := time.Now()
	res, _ := a.Deliver(ctx, now)
	if res.Delivered != 0 || res.Skipped != 1 {
		t.Errorf("the instance without its database: %+v", res)
	}
	if l.err == nil || !strings.Contains(l.err.Error(), "claim") || l.took >= delay {
		t.Fatalf("the send ended after %v with %v, want cut off before the server's answer", l.took, l.err)
	}
	if l.took >= 2*lease {
		t.Errorf("the send went on %v, past the lease of %v", l.took, lease)
	}
	held := storedIDs(t, s2, store.ReminderSending)
	srv.slow(0)
	b := &remind.Scheduler{Store: s2, Mailer: sender(t, srv.addr), From: from, Worker: "b", Lease: lease}
	if res, err := b.Deliver(ctx, now.Add(2*lease)); err != nil || res.Delivered != 1 {
		t.Fatalf("after the lease: %+v %v", res, err)
	}
	got := srv.received()
	ids := byMessageID(got)
	for _, id := range held {
		if len(got) != 2 || ids["<"+id+">"] != 2 {
			t.Errorf("received %d under %v, want the cut-off copy and its retry under <%s>", len(got), ids, id)
		}
	}
}

// Message-IDs are random, not made from the reminder's number: a new or
// restored database numbers its reminders from 1 again, and a receiving
// server that drops a Message-ID it has seen would drop a new reminder
// that reused an old one's.
func TestMessageIDsNotReusedByAnotherDatabase(t *testing.T) {
	var ids []string
	for range 2 {
		s := storetest.Open(t, store.SQLite, store.Options{})
		officer(t, s)
		srv := startSMTP(t)
		planMails(t, s, "first", 1)
		sc := &remind.Scheduler{Store: s, Mailer: sender(t, srv.addr), From: from, BaseURL: "https://tebdg.quangninh.example", Worker: "w"}
		if res, err := sc.Deliver(ctx, time.Now()); err != nil || res.Delivered != 1 {
			t.Fatalf("deliver: %+v %v", res, err)
		}
		ids = append(ids, srv.received()[0].msg.Header.Get("Message-Id"))
	}
	if ids[0] == ids[1] {
		t.Errorf("two databases' first reminders both went as %s", ids[0])
	}
}
