package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/store"
)

// token create prints the token alone on stdout (the documented contract)
// and its scope and expiry on stderr; --expires and --scope set them, and
// bad values are refused with one line naming the flag, making nothing.
func TestCLITokenCreateExpiryAndScope(t *testing.T) {
	db := tempDB(t)
	cli(t, "", "org", "create", "--db", db, "--code", "qn", "--name", "Tỉnh Quảng Ninh", "--kind", "province")
	cli(t, "", "user", "create", "--db", db, "--username", "dongbo", "--role", "viewer", "--org", "QN")

	expiresRE := regexp.MustCompile(`scope (\S+), expires (\S+)`)
	create := func(want time.Duration, wantScope string, args ...string) string {
		t.Helper()
		before := time.Now()
		code, out, stderr := runCLI(append([]string{"token", "create", "--db", db, "--username", "dongbo"}, args...), "")
		token := strings.TrimSuffix(out, "\n")
		if code != 0 || !strings.HasPrefix(token, "tebdg_") || strings.ContainsAny(token, " \n") {
			t.Fatalf("token create %v: exit %d, stdout %q, stderr %q; want the token alone on stdout", args, code, out, stderr)
		}
		m := expiresRE.FindStringSubmatch(stderr)
		if m == nil {
			t.Fatalf("token create %v: stderr %q does not give scope and expiry", args, stderr)
		}
		at, err := time.Parse(time.RFC3339, m[2])
		if err != nil || m[1] != wantScope || at.Before(before.Add(want).Truncate(time.Second)) || at.After(time.Now().Add(want)) {
			t.Errorf("token create %v: scope %s, expires %s; want %s expiring %v from now", args, m[1], m[2], wantScope, want)
		}
		return token
	}
	rw := create(90*24*time.Hour, "read-write")
	ro := create(30*24*time.Hour, "read", "--expires", "30d", "--scope", "read")
	create(365*24*time.Hour, "read-write", "--expires", "365d", "--name", "đồng bộ DHIS2")

	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"--expires", "0d"}, "--expires"},
		{[]string{"--expires", "400d"}, "--expires"},
		{[]string{"--expires", "90"}, "--expires"},
		{[]string{"--scope", "admin"}, "--scope"},
	} {
		code, out, stderr := runCLI(append([]string{"token", "create", "--db", db, "--username", "dongbo"}, tt.args...), "")
		if code != 2 || out != "" || !strings.Contains(stderr, tt.want) || strings.Count(strings.TrimSpace(stderr), "\n") > 0 {
			t.Errorf("token create %v: exit %d, stdout %q, stderr %q; want exit 2 and one line about %s", tt.args, code, out, stderr, tt.want)
		}
	}

	// The store holds what was printed: three tokens, the read one read-only.
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = st.Close() }()
	for secret, scope := range map[string]domain.TokenScope{rw: domain.TokenReadWrite, ro: domain.TokenRead} {
		tok, u, err := st.TokenUser(context.Background(), auth.HashSecret(secret))
		if err != nil || u.Username != "dongbo" || tok.Scope != scope {
			t.Errorf("token %s…: %+v %v, want dongbo's %s token", secret[:10], tok, err, scope)
		}
	}
	u, _ := st.UserByUsername(context.Background(), "dongbo")
	if toks, _ := st.Tokens(context.Background(), u.ID); len(toks) != 3 || toks[0].Name != "đồng bộ DHIS2" {
		t.Errorf("tokens saved: %+v, want three, the refused ones not among them", toks)
	}
}
