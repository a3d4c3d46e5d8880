package store_test

import (
	"strings"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// A token lasts the life it was made with, carries its scope, and after
// its expiry opens nothing, while its owner still sees it, marked expired.
func TestTokenExpiryAndScope(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
			now := start
			s := storetest.Open(t, engine, store.Options{Now: func() time.Time { return now }})
			province(t, s)
			u := mustUser(t, s, "reporter", domain.RoleReporter, "QN-SGTVT-TTS")

			read, err := s.IssueToken(ctx, alice, u, store.TokenInput{Name: "bảng số liệu", Hash: "h-read", Scope: domain.TokenRead, Life: 30 * 24 * time.Hour})
			if err != nil {
				t.Fatal(err)
			}
			if want := start.Add(30 * 24 * time.Hour); !read.ExpiresAt.Equal(want) || read.Scope != domain.TokenRead || !read.Live() {
				t.Errorf("read token = %+v, want scope read, live, expiring %v", read, want)
			}
			def, err := s.IssueToken(ctx, alice, u, store.TokenInput{Name: "ci", Hash: "h-default", Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife})
			if err != nil {
				t.Fatal(err)
			}
			if want := start.Add(90 * 24 * time.Hour); !def.ExpiresAt.Equal(want) || def.Scope != domain.TokenReadWrite {
				t.Errorf("default token = %+v, want read-write expiring %v", def, want)
			}

			now = start.Add(10 * time.Minute)
			tok, got, err := s.TokenUser(ctx, "h-read")
			if err != nil || got.ID != u.ID || tok.Scope != domain.TokenRead {
				t.Fatalf("TokenUser before expiry: %+v %+v %v", tok, got, err)
			}
			toks, _ := s.Tokens(ctx, u.ID)
			if len(toks) != 2 || !toks[1].LastUsedAt.Equal(now) || !toks[0].LastUsedAt.IsZero() {
				t.Errorf("last used: %+v", toks)
			}

			now = read.ExpiresAt
			_, _, err = s.TokenUser(ctx, "h-read")
			wantCode(t, err, errs.NotFound, "")
			if _, _, err := s.TokenUser(ctx, "h-default"); err != nil {
				t.Errorf("the 90-day token still works on day 30: %v", err)
			}
			toks, _ = s.Tokens(ctx, u.ID)
			if len(toks) != 2 || !toks[1].Expired || toks[1].Live() || toks[0].Expired {
				t.Errorf("listing after day 30: %+v", toks)
			}
			rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "token.create"}, store.Page{})
			if len(rows) != 2 || !strings.Contains(rows[1].After, `"scope":"read"`) || !strings.Contains(rows[1].After, `"expires_at":"2026-04-01T08:00:00Z"`) {
				t.Errorf("audit of token.create: %+v", rows)
			}

			// Bad input names its field and saves nothing.
			for _, tt := range []struct {
				in    store.TokenInput
				field string
			}{
				{store.TokenInput{Hash: "x1", Scope: "admin", Life: store.DefaultTokenLife}, "scope"},
				{store.TokenInput{Hash: "x2", Scope: domain.TokenRead, Life: time.Hour}, "expires"},
				{store.TokenInput{Hash: "x3", Scope: domain.TokenRead, Life: 366 * 24 * time.Hour}, "expires"},
				{store.TokenInput{Name: strings.Repeat("a", 300), Hash: "x4", Scope: domain.TokenRead, Life: store.DefaultTokenLife}, "name"},
			} {
				_, err := s.IssueToken(ctx, alice, u, tt.in)
				wantCode(t, err, errs.Invalid, tt.field)
			}
			if toks, _ := s.Tokens(ctx, u.ID); len(toks) != 2 {
				t.Errorf("refused tokens were saved: %d tokens", len(toks))
			}
		})
	}
}

// A password change ends, in the same transaction, the user's other
// sessions, every token and every secret feed address, and says so in the
// audit trail; an admin's reset ends all sessions too. New tokens made
// afterwards work.
func TestPasswordChangeRevokesTokensAndFeeds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		u := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		other := mustUser(t, s, "viewer", domain.RoleViewer, "QN")
		for _, id := range []string{"a", "b"} {
			if err := s.CreateSession(ctx, alice, id, "", u, ""); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := s.IssueToken(ctx, alice, u, store.TokenInput{Name: "ci", Hash: "tok-u", Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.IssueToken(ctx, alice, other, store.TokenInput{Name: "ci", Hash: "tok-other", Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife}); err != nil {
			t.Fatal(err)
		}
		org, err := s.OrgUnit(ctx, "QN-SGTVT")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateFeed(ctx, alice, u, nil, "feed-own"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.CreateFeed(ctx, alice, u, &org, "feed-org"); err != nil {
			t.Fatal(err)
		}

		self := domain.Actor{UserID: u.ID, Username: u.Username}
		if err := s.SetPassword(ctx, self, u.ID, "new-hash", false, "b"); err != nil {
			t.Fatal(err)
		}
		if _, got, err := s.SessionUser(ctx, "b", time.Hour, time.Hour); err != nil || got.ID != u.ID {
			t.Errorf("the session that changed the password must stay: %v", err)
		}
		_, _, err = s.SessionUser(ctx, "a", time.Hour, time.Hour)
		wantCode(t, err, errs.NotFound, "")
		_, _, err = s.TokenUser(ctx, "tok-u")
		wantCode(t, err, errs.NotFound, "")
		for _, f := range []string{"feed-own", "feed-org"} {
			_, _, err := s.FeedBySecret(ctx, f)
			wantCode(t, err, errs.NotFound, "")
		}
		if feeds, _ := s.Feeds(ctx, u.ID); len(feeds) != 0 {
			t.Errorf("feeds still listed as working: %+v", feeds)
		}
		toks, _ := s.Tokens(ctx, u.ID)
		if len(toks) != 1 || !toks[0].Revoked || toks[0].RevokedAt.IsZero() {
			t.Errorf("token after the change: %+v", toks)
		}
		if _, _, err := s.TokenUser(ctx, "tok-other"); err != nil {
			t.Errorf("another user's token must not end: %v", err)
		}
		for action, want := range map[string]string{
			"token.revoke":   `"reason":"user.password_change"`,
			"feed.revoke":    `"reason":"user.password_change"`,
			"session.logout": `"sessions":1`,
		} {
			rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: action, EntityID: "manager"}, store.Page{})
			if len(rows) != 1 || !strings.Contains(rows[0].Before+rows[0].After, want) || rows[0].Actor != "manager" {
				t.Errorf("audit %s: %+v, want one row by manager with %s", action, rows, want)
			}
		}

		// A new token works until the admin's reset, which also ends the
		// session that was kept.
		if _, err := s.IssueToken(ctx, self, u, store.TokenInput{Name: "mới", Hash: "tok-new", Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife}); err != nil {
			t.Fatal(err)
		}
		if _, _, err := s.TokenUser(ctx, "tok-new"); err != nil {
			t.Fatalf("a token made after the change: %v", err)
		}
		if _, err := s.CreateFeed(ctx, self, u, nil, "feed-new"); err != nil {
			t.Fatal(err)
		}
		if err := s.SetPassword(ctx, alice, u.ID, "reset-hash", true, ""); err != nil {
			t.Fatal(err)
		}
		if n, _ := s.UserSessions(ctx, u.ID); n != 0 {
			t.Errorf("an admin's reset left %d sessions", n)
		}
		_, _, err = s.TokenUser(ctx, "tok-new")
		wantCode(t, err, errs.NotFound, "")
		_, _, err = s.FeedBySecret(ctx, "feed-new")
		wantCode(t, err, errs.NotFound, "")
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "token.revoke", EntityID: "manager"}, store.Page{})
		if len(rows) != 2 || rows[0].Actor != "alice" || !strings.Contains(rows[0].After, `"reason":"user.password_reset"`) {
			t.Errorf("audit of the reset: %+v", rows)
		}
	})
}

// Only the token's own user (or an admin acting on that user) can revoke
// it: naming another user's token id is NotFound.
func TestRevokeTokenOfAnotherUser(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		owner := mustUser(t, s, "manager", domain.RoleManager, "QN-SGTVT")
		other := mustUser(t, s, "viewer", domain.RoleViewer, "QN")
		tok, err := s.IssueToken(ctx, alice, owner, store.TokenInput{Name: "ci", Hash: "tok-1", Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife})
		if err != nil {
			t.Fatal(err)
		}
		err = s.RevokeToken(ctx, domain.Actor{UserID: other.ID, Username: other.Username}, other, tok.ID)
		wantCode(t, err, errs.NotFound, "")
		if _, _, err := s.TokenUser(ctx, "tok-1"); err != nil {
			t.Fatalf("the token must still work: %v", err)
		}
		if err := s.RevokeToken(ctx, alice, owner, tok.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = s.TokenUser(ctx, "tok-1")
		wantCode(t, err, errs.NotFound, "")
		wantCode(t, s.RevokeToken(ctx, alice, owner, tok.ID), errs.NotFound, "")
	})
}

func TestParseTokenLife(t *testing.T) {
	tests := []struct {
		in   string
		days int // 0: refused
	}{
		{"30d", 30}, {"90d", 90}, {"365d", 365}, {"1d", 1}, {" 7d ", 7}, {"090d", 90},
		{"", 0}, {"d", 0}, {"90", 0}, {"0d", 0}, {"366d", 0}, {"-5d", 0}, {"+5d", 0}, {"1.5d", 0},
		{"90D", 0}, {"3w", 0}, {"99999d", 0}, {"٣d", 0}, {"90d d", 0},
	}
	for _, tt := range tests {
		got, err := store.ParseTokenLife("expires", tt.in)
		switch {
		case tt.days == 0 && (err == nil || errs.As(err).Field != "expires"):
			t.Errorf("ParseTokenLife(%q) = %v, %v; want an error about expires", tt.in, got, err)
		case tt.days != 0 && (err != nil || got != time.Duration(tt.days)*24*time.Hour):
			t.Errorf("ParseTokenLife(%q) = %v, %v; want %d days", tt.in, got, err, tt.days)
		}
	}
}

func FuzzParseTokenLife(f *testing.F) {
	for _, s := range []string{"30d", "365d", "0d", "-1d", "1e3d", strings.Repeat("9", 30) + "d"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		life, err := store.ParseTokenLife("expires", s)
		if err != nil {
			if errs.As(err).Field != "expires" {
				t.Errorf("ParseTokenLife(%q): error without its field: %v", s, err)
			}
			return
		}
		if life < 24*time.Hour || life > store.MaxTokenLife || life%(24*time.Hour) != 0 {
			t.Errorf("ParseTokenLife(%q) = %v: not a whole number of days from 1 to 365", s, life)
		}
	})
}

func TestParseTokenScope(t *testing.T) {
	for in, want := range map[string]domain.TokenScope{"read": domain.TokenRead, "read-write": domain.TokenReadWrite, " read ": domain.TokenRead} {
		if got, ok := domain.ParseTokenScope(in); !ok || got != want {
			t.Errorf("ParseTokenScope(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"", "write", "READ", "rw", "admin"} {
		if _, ok := domain.ParseTokenScope(in); ok {
			t.Errorf("ParseTokenScope(%q) accepted", in)
		}
	}
}
