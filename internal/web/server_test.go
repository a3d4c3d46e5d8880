package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/web"
	"tebdg/internal/web/site"
)

var ctx = context.Background()

// env is a running server on the demo province, with a database of its
// own on one engine.
type env struct {
	t     *testing.T
	srv   *httptest.Server
	store *store.Store
}

// demoProvince is the demo province, filled once per engine and copied for each
// test: filling it takes seconds, a copy milliseconds.
var demoProvince = &storetest.Template{Name: "demo province", Fill: func(ctx context.Context, s *store.Store) error {
	_, err := demo.Seed(ctx, s, auth.NewHasher(auth.TestParams))
	return err
}}

// TestMain drops the demo's template databases once the tests are done.
func TestMain(m *testing.M) {
	code := m.Run()
	demoProvince.Drop()
	os.Exit(code)
}

// newEnv is a server on the demo province on engine; tests run it on each
// engine in turn with storetest.Run.
func newEnv(t *testing.T, engine store.Dialect) *env {
	t.Helper()
	return envWith(t, engine, store.Options{}, nil)
}

// envWith is the demo province served on engine, with the store's options
// and the server's configuration as the test sets them (config may be nil).
func envWith(t *testing.T, engine store.Dialect, opts store.Options, config func(*web.Config)) *env {
	t.Helper()
	st := demoProvince.Open(t, engine, opts)
	cfg := web.Config{Version: "test", Hasher: auth.NewHasher(auth.TestParams)}
	if config != nil {
		config(&cfg)
	}
	s, err := site.New(cfg, st)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return &env{t: t, srv: srv, store: st}
}

// testClock is the store's clock in a test: now, moved on when told.
type testClock struct{ off atomic.Int64 }

func (c *testClock) Now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *testClock) Advance(d time.Duration) { c.off.Add(int64(d)) }

// newEnvClock is newEnv with a clock the test moves.
func newEnvClock(t *testing.T, engine store.Dialect) (*env, *testClock) {
	t.Helper()
	c := &testClock{}
	return envWith(t, engine, store.Options{Now: c.Now}, nil), c
}

// client is a browser: it keeps cookies, does not follow redirects, and
// sends the Origin and Sec-Fetch-Site a browser sends for a same-site form.
type client struct {
	e    *env
	http *http.Client
	// crossSite makes state changes look as if another site sent them.
	crossSite bool
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, http: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

type resp struct {
	*http.Response
	body string
}

func (c *client) do(req *http.Request) resp {
	c.e.t.Helper()
	if req.Method != http.MethodGet {
		if c.crossSite {
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			req.Header.Set("Origin", "https://evil.example")
		} else {
			req.Header.Set("Sec-Fetch-Site", "same-origin")
			req.Header.Set("Origin", c.e.srv.URL)
		}
	}
	r, err := c.http.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	b, _ := io.ReadAll(r.Body)
	return resp{r, string(b)}
}

func (c *client) get(path string) resp {
	req, _ := http.NewRequest(http.MethodGet, c.e.srv.URL+path, nil)
	return c.do(req)
}

func (c *client) post(path string, form url.Values) resp {
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.do(req)
}

func (c *client) login(username string) {
	c.e.t.Helper()
	r := c.post("/login", url.Values{"username": {username}, "password": {demo.Password}})
	if r.StatusCode != http.StatusSeeOther {
		c.e.t.Fatalf("login %s: %d %s", username, r.StatusCode, r.body)
	}
}

func (e *env) signedIn(username string) *client {
	c := e.client()
	c.login(username)
	return c
}

// api calls the JSON API with a bearer token.
func (e *env) api(token, method, path, body string) (int, map[string]any) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	req.Header.Set("Content-Type", "application/json")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	var out map[string]any
	raw, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("%s %s: not JSON (%d): %s", method, path, r.StatusCode, raw)
	}
	return r.StatusCode, out
}

// token makes an API token for a demo user, as "tebdg token create" does.
func (e *env) token(username string) string {
	e.t.Helper()
	u, err := e.store.UserByUsername(ctx, username)
	if err != nil {
		e.t.Fatal(err)
	}
	secret, hash := auth.NewSecret("tebdg_")
	if _, err := e.store.IssueToken(ctx, demo.Actor, u, store.TokenInput{Name: "test", Hash: hash, Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife}); err != nil {
		e.t.Fatal(err)
	}
	return secret
}

func mustContain(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(body, p) {
			t.Errorf("%s: missing %q", what, p)
		}
	}
}

func mustNotContain(t *testing.T, what, body string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(body, p) {
			t.Errorf("%s: should not show %q", what, p)
		}
	}
}

func (e *env) cfgHasher() *auth.Hasher { return auth.NewHasher(auth.TestParams) }
