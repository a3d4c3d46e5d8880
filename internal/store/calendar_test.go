package store_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

func vnTime(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, vntext.Location)
}

func TestEventsCalendar(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		health, _ := s.OrgUnit(ctx, "QN-SYT")
		// An end before the start, and an empty title, are refused with
		// nothing saved.
		_, err := s.CreateEvent(ctx, alice, agency, domain.Event{Title: "", Start: vnTime(2026, 6, 1, 14, 0), End: vnTime(2026, 6, 1, 9, 0)})
		if fs := errs.Fields(err); len(fs) != 2 || fs[0].Field != "title" || fs[1].Field != "end" {
			t.Fatalf("bad event: %v", err)
		}
		meeting, err := s.CreateEvent(ctx, alice, agency, domain.Event{Title: "Họp triển khai Tháng hành động vì trẻ em",
			Start: vnTime(2026, 6, 1, 8, 0), End: vnTime(2026, 6, 1, 11, 30), Place: "Phòng họp tầng 3", Chair: "Giám đốc Sở", Public: true})
		if err != nil || meeting.Kind != domain.EventMeeting || meeting.Version != 1 || meeting.OrgCode != "QN-SGTVT" {
			t.Fatalf("create: %v %+v", err, meeting)
		}
		if _, err := s.CreateEvent(ctx, alice, tts, domain.Event{Title: "Kiểm tra xe đưa đón học sinh", Kind: domain.EventInspection,
			AllDay: true, Start: vnTime(2026, 6, 2, 0, 0), End: vnTime(2026, 6, 3, 0, 0)}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateEvent(ctx, alice, health, domain.Event{Title: "Họp Sở Y tế", Start: vnTime(2026, 6, 2, 14, 0), End: vnTime(2026, 6, 2, 16, 0)}); err != nil {
			t.Fatal(err)
		}
		week := store.EventFilter{From: vnTime(2026, 6, 1, 0, 0), To: vnTime(2026, 6, 8, 0, 0)}
		count := func(f store.EventFilter) int {
			t.Helper()
			evs, err := s.Events(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			return len(evs)
		}
		all, sgtvt, public := week, week, week
		all.Scope = domain.Scope{All: true}
		sgtvt.Scope = domain.Scope{Paths: []string{agency.Path}}
		public.Scope, public.PublicOnly = domain.Scope{All: true}, true
		if n := count(all); n != 3 {
			t.Errorf("whole province: %d events", n)
		}
		if n := count(sgtvt); n != 2 {
			t.Errorf("the agency's subtree: %d events", n)
		}
		if n := count(public); n != 1 {
			t.Errorf("public: %d events", n)
		}
		// The day after the week sees none of them; the inspection's second
		// day is seen from a filter starting that day.
		later := all
		later.From, later.To = vnTime(2026, 6, 3, 0, 0), vnTime(2026, 6, 4, 0, 0)
		if n := count(later); n != 1 {
			t.Errorf("on 3/6: %d events", n)
		}

		// A change made from a stale form is refused; cancelling is kept
		// on the calendar and audited as a cancellation.
		upd := meeting
		upd.Place = "Hội trường"
		_, err = s.UpdateEvent(ctx, alice, meeting.ID, 0, upd)
		wantCode(t, err, errs.Conflict, "")
		upd.Cancelled = true
		got, err := s.UpdateEvent(ctx, alice, meeting.ID, meeting.Version, upd)
		if err != nil || !got.Cancelled || got.Place != "Hội trường" || got.Version != 2 {
			t.Fatalf("cancel: %v %+v", err, got)
		}
		if n := count(all); n != 2 {
			t.Errorf("cancelled events are hidden by default: %d", n)
		}
		withCancelled := all
		withCancelled.Cancelled = true
		if n := count(withCancelled); n != 3 {
			t.Errorf("with cancelled: %d", n)
		}
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "event."}, store.Page{})
		actions := map[string]int{}
		for _, r := range rows {
			actions[r.Action]++
		}
		if actions["event.create"] != 3 || actions["event.cancel"] != 1 {
			t.Errorf("audit: %v", actions)
		}
		wantCode(t, s.DeleteEvent(ctx, alice, meeting.ID, 1), errs.Conflict, "")
		if err := s.DeleteEvent(ctx, alice, meeting.ID, 2); err != nil {
			t.Fatal(err)
		}
		_, err = s.Event(ctx, meeting.ID)
		wantCode(t, err, errs.NotFound, "")
	})
}

func TestLocalObservancesAndPreparation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		_, err := s.SaveObservance(ctx, alice, 0, 0, "ngay-thanh-lap-tinh", "Ngày thành lập tỉnh", "", "31/2", "", nil, true)
		wantCode(t, err, errs.Invalid, "spec")
		_, err = s.SaveObservance(ctx, alice, 0, 0, "mid-autumn", "Trung thu", "", "15/8 âm lịch", "", nil, true)
		wantCode(t, err, errs.Invalid, "code")
		qn, _ := s.OrgUnit(ctx, "QN")
		lo, err := s.SaveObservance(ctx, alice, 0, 0, "ngay-thanh-lap-tinh", "Ngày thành lập tỉnh Quảng Ninh", "Province founding day", "30/10", "", &qn, true)
		if err != nil || lo.Rule.Month != 10 || lo.Rule.Day != 30 || lo.OrgCode != "QN" {
			t.Fatalf("save: %v %+v", err, lo)
		}
		rules, _ := s.ObservanceRules(ctx)
		found := false
		for _, r := range rules {
			found = found || r.Code == "ngay-thanh-lap-tinh"
		}
		if !found || len(rules) < 14 {
			t.Errorf("rules in force: %d, local found %v", len(rules), found)
		}
		// Taken out of use, it leaves the rules in force.
		if _, err := s.SaveObservance(ctx, alice, lo.ID, lo.Version, lo.Rule.Code, lo.Rule.Name, lo.Rule.NameEN, lo.Spec, "", &qn, false); err != nil {
			t.Fatal(err)
		}
		rules, _ = s.ObservanceRules(ctx)
		for _, r := range rules {
			if r.Code == "ngay-thanh-lap-tinh" {
				t.Error("an observance out of use is still in force")
			}
		}
		// One observance read alone names its owner, whom the handlers
		// check before a change.
		got, err := s.LocalObservance(ctx, lo.ID)
		if err != nil || got.Active || got.OrgID != qn.ID || got.OrgPath != qn.Path || got.OrgName != qn.Name {
			t.Errorf("LocalObservance: %v %+v", err, got)
		}
		_, err = s.LocalObservance(ctx, lo.ID+1000)
		wantCode(t, err, errs.NotFound, "")
		wantCode(t, s.SetObservancePrep(ctx, alice, "childrens-day", 400), errs.Invalid, "days")
		if err := s.SetObservancePrep(ctx, alice, "childrens-day", 20); err != nil {
			t.Fatal(err)
		}
		if err := s.SetObservancePrep(ctx, alice, "childrens-day", 25); err != nil {
			t.Fatal(err)
		}
		prep, _ := s.ObservancePrep(ctx)
		if prep["childrens-day"] != 25 {
			t.Errorf("prep: %v", prep)
		}
	})
}

func TestFeedAddresses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		own, err := s.CreateFeed(ctx, alice, u, nil, "hash-own")
		if err != nil || own.OrgID != 0 {
			t.Fatalf("own feed: %v %+v", err, own)
		}
		org, err := s.CreateFeed(ctx, alice, u, &agency, "hash-org")
		if err != nil || org.OrgCode != "QN-SGTVT" {
			t.Fatalf("org feed: %v %+v", err, org)
		}
		f, fu, err := s.FeedBySecret(ctx, "hash-org")
		if err != nil || f.ID != org.ID || fu.Username != "manager" {
			t.Fatalf("lookup: %v %+v", err, f)
		}
		_, _, err = s.FeedBySecret(ctx, "hash-unknown")
		wantCode(t, err, errs.NotFound, "")
		// Another user cannot revoke it; its owner can, and then it is gone.
		other := mustUser(t, s, "other", domain.RoleManager, "QN-SYT")
		wantCode(t, s.RevokeFeed(ctx, alice, other, org.ID), errs.NotFound, "")
		if err := s.RevokeFeed(ctx, alice, u, org.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.FeedBySecret(ctx, "hash-org")
		wantCode(t, err, errs.NotFound, "")
		feeds, _ := s.Feeds(ctx, u.ID)
		if len(feeds) != 1 || feeds[0].ID != own.ID {
			t.Errorf("live feeds: %+v", feeds)
		}
		// A disabled user's feeds stop too.
		if _, err := s.SetDisabled(ctx, alice, u.ID, u.Version, true); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.FeedBySecret(ctx, "hash-own")
		wantCode(t, err, errs.NotFound, "")
	})
}

func TestReminderPreferences(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		prefs, err := s.ReminderPrefs(ctx, u.ID)
		if err != nil || len(prefs) != len(domain.ReminderKinds) || prefs[0].DaysBefore != 3 {
			t.Fatalf("defaults: %v %+v", err, prefs)
		}
		err = s.SetReminderPrefs(ctx, alice, u, []domain.ReminderPref{{Kind: domain.RemindDeadline, InApp: true, DaysBefore: 45}})
		wantCode(t, err, errs.Invalid, "days_before")
		if err := s.SetReminderPrefs(ctx, alice, u, []domain.ReminderPref{{Kind: domain.RemindDeadline, InApp: false, Email: true, DaysBefore: 7}}); err != nil {
			t.Fatal(err)
		}
		if err := s.Unsubscribe(ctx, u.ID, domain.RemindDeadline, "192.0.2.9"); err != nil {
			t.Fatal(err)
		}
		prefs, _ = s.ReminderPrefs(ctx, u.ID)
		if p := prefs[0]; p.Kind != domain.RemindDeadline || p.Email || p.InApp || p.DaysBefore != 7 {
			t.Errorf("after unsubscribing: %+v", p)
		}
		wantCode(t, s.Unsubscribe(ctx, u.ID, "nonsense", ""), errs.NotFound, "")
	})
}

func newReminders(users []int64, n int, due time.Time) []store.NewReminder {
	var rs []store.NewReminder
	for i := range n {
		rs = append(rs, store.NewReminder{UserID: users[i%len(users)], Kind: domain.RemindDeadline, Channel: store.ChannelApp,
			Key: fmt.Sprintf("deadline:task:%d", i), DueAt: due, Subject: fmt.Sprintf("Còn 3 ngày: nhiệm vụ %d", i), Link: "/app/tasks"})
	}
	return rs
}

func TestReminderOutbox(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		now := vnTime(2026, 12, 13, 8, 0)
		rs := newReminders([]int64{u.ID}, 3, now)
		// Planned twice (two instances, or two passes), kept once.
		if n, err := s.PlanReminders(ctx, rs); err != nil || n != 3 {
			t.Fatalf("plan: %d %v", n, err)
		}
		if n, err := s.PlanReminders(ctx, rs); err != nil || n != 0 {
			t.Fatalf("plan again: %d %v", n, err)
		}
		// Not yet due: nothing to claim.
		if got, _ := s.ClaimReminders(ctx, "a", now.Add(-time.Minute), time.Minute, 10); len(got) != 0 {
			t.Fatalf("claimed early: %d", len(got))
		}
		a, err := s.ClaimReminders(ctx, "a", now, 5*time.Minute, 2)
		if err != nil || len(a) != 2 || a[0].Email != u.Email || a[0].Subject != "Còn 3 ngày: nhiệm vụ 0" {
			t.Fatalf("claim a: %v %+v", err, a)
		}
		b, _ := s.ClaimReminders(ctx, "b", now, 5*time.Minute, 10)
		if len(b) != 1 {
			t.Fatalf("b claims what a holds: %d", len(b))
		}
		// a delivers one; its other claim runs out (a stopped) and b takes it.
		if n, err := s.DeliverInAppBatch(ctx, a[:1], now); err != nil || n != 1 {
			t.Fatalf("deliver: %d %v", n, err)
		}
		// Delivering it again (a second instance, a retry) adds nothing.
		if n, err := s.DeliverInAppBatch(ctx, a[:1], now); err != nil || n != 0 {
			t.Fatalf("deliver again: %d %v", n, err)
		}
		if _, err := s.DeliverInAppBatch(ctx, b, now); err != nil {
			t.Fatal(err)
		}
		again, _ := s.ClaimReminders(ctx, "b", now.Add(6*time.Minute), 5*time.Minute, 10)
		if len(again) != 1 || again[0].ID != a[1].ID {
			t.Fatalf("after a's lease: %+v", again)
		}
		if _, err := s.DeliverInAppBatch(ctx, again, now.Add(6*time.Minute)); err != nil {
			t.Fatal(err)
		}
		notes, _ := s.Notifications(ctx, u.ID, false, 10)
		if len(notes) != 3 {
			t.Fatalf("notifications: %d", len(notes))
		}
		if n, _ := s.UnreadCount(ctx, u.ID); n != 3 {
			t.Errorf("unread: %d", n)
		}
		if err := s.MarkRead(ctx, u.ID, notes[0].ID); err != nil {
			t.Fatal(err)
		}
		other := mustUser(t, s, "other", domain.RoleManager, "QN-SYT")
		wantCode(t, s.MarkRead(ctx, other.ID, notes[1].ID), errs.NotFound, "")
		if n, _ := s.UnreadCount(ctx, u.ID); n != 2 {
			t.Errorf("unread after one read: %d", n)
		}
		if err := s.MarkRead(ctx, u.ID, 0); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.UnreadCount(ctx, u.ID); n != 0 {
			t.Errorf("unread after all read: %d", n)
		}

		// E-mail failures: a temporary one waits for its retry, a permanent
		// one stays failed for admins until they retry.
		mails := newReminders([]int64{u.ID}, 2, now)
		for i := range mails {
			mails[i].Channel = store.ChannelEmail
		}
		if _, err := s.PlanReminders(ctx, mails); err != nil {
			t.Fatal(err)
		}
		m, _ := s.ClaimReminders(ctx, "a", now, time.Minute, 10)
		if len(m) != 2 {
			t.Fatalf("claim mails: %d", len(m))
		}
		if _, err := s.FailClaimed(ctx, m[0], now, now.Add(5*time.Minute), "451 try later"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.FailClaimed(ctx, m[1], now, time.Time{}, "550 no such user"); err != nil {
			t.Fatal(err)
		}
		if got, _ := s.ClaimReminders(ctx, "a", now.Add(4*time.Minute), time.Minute, 10); len(got) != 0 {
			t.Errorf("retried before its time: %d", len(got))
		}
		retry, _ := s.ClaimReminders(ctx, "a", now.Add(5*time.Minute), time.Minute, 10)
		if len(retry) != 1 || retry[0].Attempts != 1 || retry[0].LastError != "451 try later" {
			t.Fatalf("retry: %+v", retry)
		}
		if err := s.MarkReminderSent(ctx, retry[0].ID, now.Add(5*time.Minute)); err != nil {
			t.Fatal(err)
		}
		stats, _ := s.ReminderStats(ctx)
		if stats[store.ChannelEmail][store.ReminderSent] != 1 || stats[store.ChannelEmail][store.ReminderFailed] != 1 || stats[store.ChannelApp][store.ReminderSent] != 3 {
			t.Errorf("stats: %v", stats)
		}
		failed, _ := s.Reminders(ctx, store.ReminderFailed, false, 10)
		if len(failed) != 1 || failed[0].LastError != "550 no such user" {
			t.Errorf("failed list: %+v", failed)
		}
		if n, err := s.RetryFailedReminders(ctx, alice); err != nil || n != 1 {
			t.Fatalf("retry failed: %d %v", n, err)
		}
		if got, _ := s.ClaimReminders(ctx, "a", time.Now().Add(time.Minute), time.Minute, 10); len(got) != 1 || got[0].Attempts != 0 {
			t.Errorf("after an admin's retry: %+v", got)
		}
	})
}

// Workers claiming at once from one outbox never take the same reminder.
func TestReminderClaimsAreExclusive(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		var users []int64
		for i := range 5 {
			users = append(users, mustUser(t, s, fmt.Sprintf("user%d", i), domain.RoleReporter, "QN-SGTVT").ID)
		}
		now := vnTime(2026, 12, 13, 8, 0)
		if _, err := s.PlanReminders(ctx, newReminders(users, 600, now)); err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		seen := map[int64]string{}
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				name := fmt.Sprintf("w%d", w)
				for {
					got, err := s.ClaimReminders(ctx, name, now, time.Minute, 25)
					if err != nil {
						t.Error(err)
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, r := range got {
						if prev, dup := seen[r.ID]; dup {
							t.Errorf("reminder %d claimed by %s and %s", r.ID, prev, name)
						}
						seen[r.ID] = name
					}
					mu.Unlock()
				}
			}()
		}
		wg.Wait()
		if len(seen) != 600 {
			t.Errorf("claimed %d of 600", len(seen))
		}
	})
}
