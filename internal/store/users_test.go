package store_test

import (
	"errors"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func mustUser(t *testing.T, s *store.Store, name string, role domain.Role, org string) domain.User {
	t.Helper()
	u, err := s.CreateUser(ctx, alice, domain.UserInput{Username: name, Org: org, Role: role}, "hash-"+name, false)
	if err != nil {
		t.Fatalf("create user %s: %v", name, err)
	}
	return u
}

func TestCreateUserAndAssignments(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "Nguyen.Van.A", domain.RoleReporter, "QN-SGTVT-TTS")
		if u.Username != "nguyen.van.a" || len(u.Assignments) != 1 || u.Assignments[0].OrgCode != "QN-SGTVT-TTS" {
			t.Fatalf("user = %+v", u)
		}
		_, err := s.CreateUser(ctx, alice, domain.UserInput{Username: "NGUYEN.VAN.A", Org: "QN", Role: domain.RoleViewer}, "h", false)
		wantCode(t, err, errs.Invalid, "username")
		_, err = s.CreateUser(ctx, alice, domain.UserInput{Username: "b", Org: "QN", Role: domain.RoleViewer}, "h", false)
		wantCode(t, err, errs.Invalid, "username")
		_, err = s.CreateUser(ctx, alice, domain.UserInput{Username: "bob", Org: "NOPE", Role: domain.RoleViewer}, "h", false)
		wantCode(t, err, errs.Invalid, "org")
		_, err = s.CreateUser(ctx, alice, domain.UserInput{Username: "bob", Org: "QN", Role: "boss"}, "h", false)
		wantCode(t, err, errs.Invalid, "role")

		u, err = s.AddAssignment(ctx, alice, u.ID, domain.RoleViewer, "QN-SYT", "")
		if err != nil || len(u.Assignments) != 2 {
			t.Fatalf("add: %v %+v", err, u.Assignments)
		}
		_, err = s.AddAssignment(ctx, alice, u.ID, domain.RoleViewer, "QN-SYT", "")
		wantCode(t, err, errs.Invalid, "role")
		u, err = s.RemoveAssignment(ctx, alice, u.ID, u.Assignments[0].ID)
		if err != nil || len(u.Assignments) != 1 || u.Assignments[0].OrgCode != "QN-SYT" {
			t.Fatalf("remove: %v %+v", err, u.Assignments)
		}
		_, err = s.RemoveAssignment(ctx, alice, u.ID, u.Assignments[0].ID)
		wantCode(t, err, errs.Invalid, "role") // the last one stays

		listed, total, err := s.Users(ctx, domain.Scope{All: true}, store.UserFilter{Search: "nguyen van"}, store.Page{})
		if err != nil || total != 1 || listed[0].ID != u.ID || len(listed[0].Assignments) != 1 {
			t.Errorf("search users: %v %d %+v", err, total, listed)
		}
	})
}

func TestLastAdminStays(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		root := mustUser(t, s, "root", domain.RoleAdmin, "QN")
		_, err := s.SetDisabled(ctx, alice, root.ID, root.Version, true)
		wantCode(t, err, errs.Conflict, "")
		root, _ = s.AddAssignment(ctx, alice, root.ID, domain.RoleViewer, "QN", "")
		_, err = s.RemoveAssignment(ctx, alice, root.ID, root.Assignments[0].ID)
		wantCode(t, err, errs.Conflict, "")
		second := mustUser(t, s, "second", domain.RoleAdmin, "QN")
		if _, err := s.SetDisabled(ctx, alice, root.ID, root.Version, true); err != nil {
			t.Fatalf("with another admin, disabling works: %v", err)
		}
		_, err = s.SetDisabled(ctx, alice, second.ID, second.Version, true)
		wantCode(t, err, errs.Conflict, "")
	})
}

func TestDisableEndsSessionsAndTokens(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "reporter", domain.RoleReporter, "QN-SGTVT-TTS")
		if err := s.CreateSession(ctx, alice, "sess-1", "", u, "test"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.IssueToken(ctx, alice, u, store.TokenInput{Name: "ci", Hash: "tok-1", Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.TokenUser(ctx, "tok-1"); err != nil {
			t.Fatalf("token before disabling: %v", err)
		}
		off, err := s.SetDisabled(ctx, alice, u.ID, u.Version, true)
		if err != nil || !off.Disabled {
			t.Fatalf("disable: %v %+v", err, off)
		}
		_, _, err = s.SessionUser(ctx, "sess-1", time.Hour, time.Hour)
		wantCode(t, err, errs.NotFound, "")
		_, _, err = s.TokenUser(ctx, "tok-1")
		wantCode(t, err, errs.NotFound, "")
		_, err = s.SetDisabled(ctx, alice, u.ID, u.Version, false)
		if !errors.Is(err, errs.ErrStale) {
			t.Errorf("enable with the old version: %v, want ErrStale", err)
		}
		on, err := s.SetDisabled(ctx, alice, u.ID, off.Version, false)
		if err != nil || on.Disabled {
			t.Fatalf("enable: %v", err)
		}
		if _, _, err := s.TokenUser(ctx, "tok-1"); err != nil {
			t.Errorf("token after enabling again: %v", err)
		}
	})
}

func TestSetPasswordEndsOtherSessions(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		for _, id := range []string{"a", "b", "c"} {
			if err := s.CreateSession(ctx, alice, id, "", u, ""); err != nil {
				t.Fatal(err)
			}
		}
		self := domain.Actor{UserID: u.ID, Username: u.Username}
		if err := s.SetPassword(ctx, self, u.ID, "new-hash", false, "b"); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.UserSessions(ctx, u.ID); n != 1 {
			t.Errorf("%d sessions left, want only the one that changed the password", n)
		}
		got, _ := s.User(ctx, u.ID)
		if got.PasswordHash != "new-hash" || got.MustChangePassword {
			t.Errorf("after change: %+v", got)
		}
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "user.password_change"}, store.Page{})
		if len(rows) != 1 || rows[0].Actor != "manager" {
			t.Errorf("audit: %+v", rows)
		}
		if err := s.SetPassword(ctx, alice, u.ID, "reset-hash", true, ""); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.UserSessions(ctx, u.ID); n != 0 {
			t.Errorf("an admin's reset left %d sessions", n)
		}
		got, _ = s.User(ctx, u.ID)
		if !got.MustChangePassword {
			t.Error("after a reset the user must choose a new password")
		}
	})
}

func TestSessionTimeouts(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
			s := storetest.Open(t, engine, store.Options{Now: func() time.Time { return now }})
			province(t, s)
			u := mustUser(t, s, "viewer", domain.RoleViewer, "QN")
			if err := s.CreateSession(ctx, alice, "s1", "", u, "ua"); err != nil {
				t.Fatal(err)
			}
			idle, absolute := 30*time.Minute, 12*time.Hour
			check := func(when string, ok bool) {
				t.Helper()
				_, got, err := s.SessionUser(ctx, "s1", idle, absolute)
				if ok && (err != nil || got.ID != u.ID) {
					t.Errorf("%s: session should be live: %v", when, err)
				}
				if !ok && !errs.Is(err, errs.NotFound) {
					t.Errorf("%s: session should have ended, got %v", when, err)
				}
			}
			// Used every 25 minutes, it lives until the absolute limit.
			for i := 0; i < 28; i++ {
				now = now.Add(25 * time.Minute)
				check("active use", now.Sub(time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)) <= absolute)
				if err := s.TouchSession(ctx, "s1"); err != nil {
					t.Fatal(err)
				}
			}
			if err := s.CreateSession(ctx, alice, "s2", "", u, "ua"); err != nil {
				t.Fatal(err)
			}
			now = now.Add(31 * time.Minute)
			_, _, err := s.SessionUser(ctx, "s2", idle, absolute)
			wantCode(t, err, errs.NotFound, "")
			n, err := s.SweepSessions(ctx, idle, absolute)
			if err != nil || n != 2 {
				t.Errorf("sweep removed %d, %v; want both", n, err)
			}
		})
	}
}
