package store_test

import (
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// A claim that ran out and was taken by another scheduler is no longer its
// first holder's in any way: it cannot re-check, extend, fail or cancel the
// reminder, so it does not send it; the Message-ID written by the first
// attempt stays whoever sends next; and the mail server's acceptance,
// recorded by whichever holder heard it, stops the other from sending.
func TestReminderClaimTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		now := vnTime(2026, 12, 13, 8, 0)
		mails := newReminders([]int64{u.ID}, 2, now)
		for i := range mails {
			mails[i].Channel = store.ChannelEmail
		}
		if _, err := s.PlanReminders(ctx, mails); err != nil {
			t.Fatal(err)
		}
		const lease = time.Minute
		a, err := s.ClaimReminders(ctx, "same-name", now, lease, 10)
		if err != nil || len(a) != 2 || a[0].Token == "" || a[0].Token != a[1].Token || a[0].MessageID != "" {
			t.Fatalf("claim: %v %+v", err, a)
		}
		// The first attempt writes the Message-ID; a later hold keeps it.
		id, held, err := s.HoldReminder(ctx, a[0], now.Add(10*time.Second), lease, "first@quangninh.gov.vn")
		if err != nil || !held || id != "first@quangninh.gov.vn" {
			t.Fatalf("hold: %q %v %v", id, held, err)
		}
		if id, held, _ := s.HoldReminder(ctx, a[0], now.Add(20*time.Second), lease, "other@quangninh.gov.vn"); !held || id != "first@quangninh.gov.vn" {
			t.Errorf("second hold: %q %v", id, held)
		}
		// Held until 20s+lease: the extensions count, not the claim's own lease.
		if got, _ := s.ClaimReminders(ctx, "b", now.Add(lease+time.Second), lease, 10); len(got) != 1 || got[0].ID != a[1].ID {
			t.Fatalf("after the first lease: %+v", got)
		}
		// a[1] ran out and went to b: a can do nothing with it.
		if _, held, _ := s.HoldReminder(ctx, a[1], now.Add(lease+2*time.Second), lease, "x@quangninh.gov.vn"); held {
			t.Error("a re-checked a claim b has taken")
		}
		if done, err := s.FailClaimed(ctx, a[1], now, now.Add(time.Hour), "451 later"); err != nil || done {
			t.Errorf("a failed b's reminder: %v %v", done, err)
		}
		if done, err := s.CancelClaimed(ctx, a[1], "no address"); err != nil || done {
			t.Errorf("a cancelled b's reminder: %v %v", done, err)
		}
		// Extending a's claims keeps a[0] (held) and not a[1] (b's).
		ids, err := s.ExtendClaims(ctx, a[0].Token, now.Add(lease+3*time.Second), lease)
		if err != nil || len(ids) != 1 || ids[0] != a[0].ID {
			t.Errorf("extend a: %v %v", ids, err)
		}
		// A claim past its lease is not re-checked even if nobody took it.
		if _, held, _ := s.HoldReminder(ctx, a[0], now.Add(3*lease), lease, ""); held {
			t.Error("held a claim that ran out")
		}
		// a heard the server accept a[0] after its lease, and b took it
		// meanwhile: a's record still counts and b does not send.
		b, _ := s.ClaimReminders(ctx, "b", now.Add(3*lease), lease, 1)
		if len(b) != 1 || b[0].ID != a[0].ID || b[0].MessageID != "first@quangninh.gov.vn" {
			t.Fatalf("b's claim: %+v", b)
		}
		if err := s.MarkReminderSent(ctx, a[0].ID, now.Add(3*lease)); err != nil {
			t.Fatal(err)
		}
		if _, held, _ := s.HoldReminder(ctx, b[0], now.Add(3*lease+time.Second), lease, ""); held {
			t.Error("b may send a reminder already sent")
		}
		stats, _ := s.ReminderStats(ctx)
		if stats[store.ChannelEmail][store.ReminderSent] != 1 || stats[store.ChannelEmail][store.ReminderSending] != 1 || stats[store.ChannelEmail][store.ReminderPending] != 0 {
			t.Errorf("stats: %v", stats)
		}
	})
}
