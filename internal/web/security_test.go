package web_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	storetest.Run(t, testSecurityHeadersOnEveryResponse)
}

func testSecurityHeadersOnEveryResponse(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("admin")
	for _, path := range []string{"/login", "/healthz", "/app/", "/app/orgunits", "/nope", "/api/v1/me"} {
		r := c.get(path)
		h := r.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("Referrer-Policy") == "" {
			t.Errorf("%s: nosniff %q, referrer %q", path, h.Get("X-Content-Type-Options"), h.Get("Referrer-Policy"))
		}
		if strings.HasPrefix(path, "/app/") && h.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q, want no-store", path, h.Get("Cache-Control"))
		}
	}
}

func TestSignedOutPagesRedirectToLogin(t *testing.T) {
	storetest.Run(t, testSignedOutPagesRedirectToLogin)
}

func testSignedOutPagesRedirectToLogin(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	for _, path := range []string{"/app/", "/app/orgunits", "/app/users/1", "/app/audit?actor=x"} {
		r := c.get(path)
		if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/login") {
			t.Errorf("%s: %d → %q", path, r.StatusCode, r.Header.Get("Location"))
		}
	}
	r := c.get("/app/orgunits/QN-SGTVT")
	if loc := r.Header.Get("Location"); loc != "/login?next=%2Fapp%2Forgunits%2FQN-SGTVT" {
		t.Errorf("next = %q", loc)
	}
	// After signing in the user lands where they were going, never elsewhere.
	for next, want := range map[string]string{"/app/orgunits/QN-SGTVT": "/app/orgunits/QN-SGTVT", "https://evil.example/": "/app/", "//evil.example": "/app/"} {
		r = c.post("/login", url.Values{"username": {"admin"}, "password": {demo.Password}, "next": {next}})
		if r.Header.Get("Location") != want {
			t.Errorf("next %q → %q, want %q", next, r.Header.Get("Location"), want)
		}
	}
}

func TestSessionCookieAndRotation(t *testing.T) { storetest.Run(t, testSessionCookieAndRotation) }

func testSessionCookieAndRotation(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	// A session id planted before sign-in (session fixation) is worthless.
	old := e.client()
	old.login("viewer")
	var planted *http.Cookie
	for _, ck := range old.http.Jar.Cookies(mustURL(e.srv.URL)) {
		if ck.Name == "tebdg_session" {
			planted = ck
		}
	}
	c.http.Jar.SetCookies(mustURL(e.srv.URL), []*http.Cookie{planted})
	r := c.post("/login", url.Values{"username": {"manager"}, "password": {demo.Password}})
	set := r.Header.Get("Set-Cookie")
	if !strings.Contains(set, "HttpOnly") || !strings.Contains(set, "SameSite=Lax") || strings.Contains(set, planted.Value) {
		t.Fatalf("Set-Cookie %q", set)
	}
	if got := old.get("/app/"); got.StatusCode != http.StatusSeeOther {
		t.Errorf("the replaced session still works: %d", got.StatusCode)
	}
	if got := c.get("/app/"); got.StatusCode != http.StatusOK || !strings.Contains(got.body, "Phạm Văn Long") {
		t.Errorf("new session: %d", got.StatusCode)
	}
	// Signing out ends the session on the server, not just in the browser.
	cookies := c.http.Jar.Cookies(mustURL(e.srv.URL))
	c.post("/logout", nil)
	replay := e.client()
	replay.http.Jar.SetCookies(mustURL(e.srv.URL), cookies)
	if got := replay.get("/app/"); got.StatusCode != http.StatusSeeOther {
		t.Errorf("a signed-out session still works: %d", got.StatusCode)
	}
}

func TestWrongPasswordAndThrottling(t *testing.T) { storetest.Run(t, testWrongPasswordAndThrottling) }

func testWrongPasswordAndThrottling(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	for i := 1; i <= 5; i++ {
		r := c.post("/login", url.Values{"username": {"manager"}, "password": {"wrong-password-" + strconv.Itoa(i)}})
		if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.body, "Sai tên đăng nhập hoặc mật khẩu") {
			t.Fatalf("attempt %d: %d", i, r.StatusCode)
		}
	}
	// The sixth attempt waits, even with the right password: five failures
	// are free, then the wait starts at half a minute and doubles.
	r := c.post("/login", url.Values{"username": {"manager"}, "password": {demo.Password}})
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("6th attempt: %d", r.StatusCode)
	}
	secs, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil || secs < 20 || secs > 29 {
		t.Errorf("Retry-After %q, want about half a minute", r.Header.Get("Retry-After"))
	}
	mustContain(t, "throttled page", r.body, "Đăng nhập sai quá nhiều lần", "giây")
	// Another user from the same address is not held back by them
	// (TestLoginThrottleHoldsOnlyTheFailingPair has the rest).
	r = c.post("/login", url.Values{"username": {"viewer"}, "password": {demo.Password}})
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("another user from the same address: %d", r.StatusCode)
	}
	// An unknown user name answers exactly like a wrong password.
	other := newEnv(t, engine).client()
	r = other.post("/login", url.Values{"username": {"nobody"}, "password": {"whatever-123"}})
	if r.StatusCode != http.StatusUnauthorized || !strings.Contains(r.body, "Sai tên đăng nhập hoặc mật khẩu") {
		t.Errorf("unknown user: %d", r.StatusCode)
	}
}

func TestCrossSiteWritesAreRefused(t *testing.T) { storetest.Run(t, testCrossSiteWritesAreRefused) }

func testCrossSiteWritesAreRefused(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("admin")
	c.crossSite = true
	r := c.post("/app/orgunits", url.Values{"code": {"QN-EVIL"}, "name": {"Evil"}, "kind": {"unit"}, "parent": {"QN"}})
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "yêu cầu từ trang web khác đã bị từ chối") {
		t.Fatalf("cross-site post: %d", r.StatusCode)
	}
	if _, err := e.store.OrgUnit(ctx, "QN-EVIL"); err == nil {
		t.Error("the cross-site post created a unit")
	}
	// An Origin of another host alone is enough to refuse.
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/logout", nil)
	req.Header.Set("Origin", "http://127.0.0.2:1")
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("post with a foreign Origin: %d", res.StatusCode)
	}
	c.crossSite = false
	if r := c.get("/app/"); r.StatusCode != http.StatusOK {
		t.Errorf("the refused sign-out still signed out: %d", r.StatusCode)
	}
}

func TestOversizedFormIsRefused(t *testing.T) { storetest.Run(t, testOversizedFormIsRefused) }

func testOversizedFormIsRefused(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("admin")
	r := c.post("/app/orgunits", url.Values{"code": {"QN-BIG"}, "name": {strings.Repeat("x", 2<<20)}, "kind": {"unit"}, "parent": {"QN"}})
	if r.StatusCode != http.StatusRequestEntityTooLarge {
		t.Errorf("2 MB form: %d", r.StatusCode)
	}
	r = c.post("/app/orgunits", url.Values{"code": {"QN-BIG"}, "name": {strings.Repeat("ư", 300)}, "kind": {"unit"}, "parent": {"QN"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "tên dài quá 200 ký tự") {
		t.Errorf("over-long name: %d", r.StatusCode)
	}
	if _, err := e.store.OrgUnit(ctx, "QN-BIG"); err == nil {
		t.Error("an over-long unit was saved")
	}
}

func TestStaticAssetsAreHashedAndCachedLong(t *testing.T) {
	storetest.Run(t, testStaticAssetsAreHashedAndCachedLong)
}

func testStaticAssetsAreHashedAndCachedLong(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	page := c.get("/login").body
	i := strings.Index(page, "/static/app.")
	if i < 0 {
		t.Fatal("no stylesheet link")
	}
	href := page[i : i+strings.IndexByte(page[i:], '"')]
	r := c.get(href)
	if r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "public, max-age=31536000, immutable" ||
		!strings.HasPrefix(r.Header.Get("Content-Type"), "text/css") {
		t.Errorf("%s: %d %q %q", href, r.StatusCode, r.Header.Get("Cache-Control"), r.Header.Get("Content-Type"))
	}
	if r := c.get("/static/app.0000000000.css"); r.Header.Get("Cache-Control") != "no-cache" {
		t.Errorf("an old hash must not be cached long: %q", r.Header.Get("Cache-Control"))
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
