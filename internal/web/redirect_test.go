package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// After signing in or switching language the browser goes back where it
// was, but never to another site, however the address is disguised.
func TestRedirectsStayOnThisSite(t *testing.T) { storetest.Run(t, testRedirectsStayOnThisSite) }

func testRedirectsStayOnThisSite(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	for _, next := range []string{"/\t/evil.example", "/%09/evil.example", "/%5C/evil.example", "//evil.example", "/\\evil.example", "https://evil.example/", "/\u202e/evil.example"} {
		c := e.client()
		// The sign-in form carries ?next= into its hidden field.
		r := c.get("/login?next=" + url.QueryEscape(next))
		mustContain(t, "login form for "+next, r.body, `<input type="hidden" name="next" value="">`)
		r = c.post("/login", url.Values{"username": {"manager"}, "password": {demo.Password}, "next": {next}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/" {
			t.Errorf("sign-in with next=%q: %d Location %q, want /app/", next, r.StatusCode, r.Header.Get("Location"))
		}
		r = c.post("/lang", url.Values{"lang": {"en"}, "next": {next}})
		if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/" {
			t.Errorf("language with next=%q: %d Location %q, want /app/", next, r.StatusCode, r.Header.Get("Location"))
		}
	}
	// A real path on this site is kept.
	c := e.client()
	r := c.post("/login", url.Values{"username": {"manager"}, "password": {demo.Password}, "next": {"/app/plans?year=2024"}})
	if got := r.Header.Get("Location"); got != "/app/plans?year=2024" {
		t.Errorf("sign-in to a local page went to %q", got)
	}
}
