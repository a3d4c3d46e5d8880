package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// chromium finds the browser: TEBDG_CHROMIUM, else Debian's. Without one the
// browser tests skip, except under CI=true, where that is a failure.
func chromium(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("TEBDG_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("CI=true but no Chromium: install Debian's chromium or set TEBDG_CHROMIUM")
	}
	t.Skip("no Chromium found (set TEBDG_CHROMIUM)")
	return ""
}

// browser gives the test a tab of its own in a browser context of its own
// (its own cookies, storage and cache, as a fresh profile has), closed when
// the test ends. The tabs share one headless Chromium per test binary,
// started at the first call: starting one takes seconds.
func browser(t *testing.T) context.Context {
	t.Helper()
	parent, err := sharedChromium(chromium(t))
	if err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	ctx, cancel := chromedp.NewContext(parent, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	// The first call opens the tab, which lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a chromium tab: %v", err)
	}
	return ctx
}

// chromiumProc is the test binary's Chromium, with nothing that reaches the
// network beyond the tests' own servers.
var chromiumProc struct {
	sync.Mutex
	ctx    context.Context // its first tab, which holds the browser
	cancel func()
	dir    string
}

func sharedChromium(path string) (context.Context, error) {
	c := &chromiumProc
	c.Lock()
	defer c.Unlock()
	if c.ctx != nil {
		return c.ctx, nil
	}
	dir, err := os.MkdirTemp("", "tebdg-chromium-")
	if err != nil {
		return nil, err
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(dir),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("lang", "vi-VN"),
		chromedp.Flag("accept-lang", "vi-VN,vi"),
		chromedp.WindowSize(1366, 768),
	}
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	// The first call starts the browser, which lives as long as ctx.
	if err := chromedp.Do(ctx); err != nil {
		cancelC()
		cancelA()
		_ = os.RemoveAll(dir)
		return nil, err
	}
	c.ctx, c.dir = ctx, dir
	c.cancel = func() { cancelC(); cancelA() }
	return ctx, nil
}

// closeChromium stops the shared Chromium, if one was started.
func closeChromium() {
	c := &chromiumProc
	c.Lock()
	defer c.Unlock()
	if c.ctx == nil {
		return
	}
	c.cancel()
	_ = os.RemoveAll(c.dir)
	c.ctx = nil
}

// shots saves screenshots of a page at desktop and phone width under
// $TEBDG_SCREENSHOTS, in a folder per engine, for a person to look at.
type shots struct {
	t   *testing.T
	dir string
}

func newShots(t *testing.T, engine store.Dialect) *shots {
	dir := os.Getenv("TEBDG_SCREENSHOTS")
	if dir != "" {
		dir = filepath.Join(dir, string(engine))
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return &shots{t: t, dir: dir}
}

func (s *shots) take(ctx context.Context, name string) {
	s.t.Helper()
	if s.dir == "" {
		return
	}
	for _, v := range []struct {
		suffix string
		w, h   int64
		mobile bool
	}{{"desktop", 1366, 768, false}, {"phone", 390, 844, true}} {
		opts := []chromedp.EmulateViewportOption{}
		if v.mobile {
			opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait)
		}
		err := chromedp.Do(ctx, chromedp.EmulateViewport(v.w, v.h, opts...), chromedp.Sleep(50*time.Millisecond))
		var shot page.CaptureScreenshotResult
		if err == nil {
			// The whole page as PNG, as chromedp.FullScreenshot(100) takes
			// it, but compressed for speed rather than size.
			shot, err = chromedp.Call(ctx, page.CaptureScreenshot, page.CaptureScreenshotParams{
				Format: page.CaptureScreenshotFormatPng, CaptureBeyondViewport: new(true), FromSurface: new(true), OptimizeForSpeed: new(true),
			})
		}
		if err != nil {
			s.t.Fatalf("screenshot %s: %v", name, err)
		}
		if err := os.WriteFile(filepath.Join(s.dir, name+"-"+v.suffix+".png"), shot.Data, 0o644); err != nil {
			s.t.Fatal(err)
		}
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1366, 768)); err != nil {
		s.t.Fatal(err)
	}
}

// phoneViewport is a 390 px phone held upright.
func phoneViewport() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait)
}

// phoneFits returns a check that the page, shown on a 390 px phone, needs
// no sideways scrolling; what names the page in the failure.
func phoneFits(ctx context.Context, t *testing.T) func(what string) {
	return func(what string) {
		t.Helper()
		if err := chromedp.Do(ctx, phoneViewport()); err != nil {
			t.Fatal(err)
		}
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[int64](`document.documentElement.scrollWidth`))
		if err != nil {
			t.Fatal(err)
		}
		if wide > 390 {
			t.Errorf("%s is %d px wide on a 390 px phone", what, wide)
		}
	}
}

type css = chromedp.CSS

func signIn(base, user string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Navigate(base+"/login"),
		chromedp.WaitVisible(css(`#f-username`)),
		chromedp.SendKeys(css(`#f-username`), user),
		chromedp.SendKeys(css(`#f-password`), demo.Password),
		chromedp.Submit(css(`#f-password`)),
		// The sign-in page has a heading too: wait for what only the
		// application has.
		chromedp.WaitVisible(css(`form[action="/logout"]`)),
	)
}

func signOut() chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.Click(css(`form[action="/logout"] button`)),
		chromedp.WaitVisible(css(`#f-username`)),
	)
}

func text(ctx context.Context, t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(css(sel)))
	if err != nil {
		t.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

func TestBrowserRolesSeeTheirHomePages(t *testing.T) {
	storetest.RunParallel(t, testBrowserRolesSeeTheirHomePages)
}

func testBrowserRolesSeeTheirHomePages(t *testing.T, engine store.Dialect) {
	ctx := browser(t)
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/"), chromedp.WaitVisible(css(`#f-username`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "01-login")
	want := map[string][]string{
		"admin":       {"Quản trị hệ thống", "Tạo tài khoản người dùng", "25"},
		"coordinator": {"Cơ quan điều phối", "Tỉnh Quảng Ninh"},
		"manager":     {"Cán bộ đầu mối", "Sở Giao thông Vận tải", "Thêm đơn vị trực thuộc"},
		"reporter":    {"Cán bộ đơn vị", "Thanh tra Sở"},
		"viewer":      {"Xem", "Sở Giao thông Vận tải"},
		"editor":      {"Biên tập cổng thông tin"},
	}
	for _, l := range demo.Logins {
		if err := chromedp.Do(ctx, signIn(base, l.Username)); err != nil {
			t.Fatalf("%s signs in: %v", l.Username, err)
		}
		body := text(ctx, t, "main")
		for _, w := range want[l.Username] {
			if !strings.Contains(body, w) {
				t.Errorf("%s's home lacks %q", l.Username, w)
			}
		}
		nav := text(ctx, t, "nav.sidenav")
		if hasUsers := strings.Contains(nav, "Người dùng"); hasUsers != (l.Role == "admin") {
			t.Errorf("%s: Users in navigation = %v", l.Username, hasUsers)
		}
		sh.take(ctx, "02-home-"+l.Username)
		if err := chromedp.Do(ctx, signOut()); err != nil {
			t.Fatalf("%s signs out: %v", l.Username, err)
		}
		if got := text(ctx, t, ".flash"); !strings.Contains(got, "đã đăng xuất") {
			t.Errorf("after sign-out: %q", got)
		}
	}
	// Signed out, the application is closed.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/orgunits"), chromedp.WaitVisible(css(`#f-username`))); err != nil {
		t.Fatal(err)
	}
	url, err := chromedp.Run(ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(url, "/login?next=") {
		t.Errorf("signed-out visit ends at %s", url)
	}
}

func TestBrowserCreateUnitAndFindItsAuditRow(t *testing.T) {
	storetest.RunParallel(t, testBrowserCreateUnitAndFindItsAuditRow)
}

func testBrowserCreateUnitAndFindItsAuditRow(t *testing.T, engine store.Dialect) {
	ctx := browser(t)
	m := startMain(t, engine)
	base := m.URL()
	sh := newShots(t, engine)
	if err := chromedp.Do(ctx, signIn(base, "admin")); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/app/orgunits"), chromedp.WaitVisible(css(`.tree`))); err != nil {
		t.Fatal(err)
	}
	sh.take(ctx, "03-orgunits")

	// A form with mistakes comes back with the fields marked.
	err := chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/orgunits/new?parent=QN-SGTVT"),
		chromedp.WaitVisible(css(`#f-code`)),
		chromedp.SendKeys(css(`#f-code`), "sai mã"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.error-summary`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if s := text(ctx, t, ".error-summary"); !strings.Contains(s, "mã chỉ gồm chữ không dấu") || !strings.Contains(s, "chưa nhập tên") {
		t.Errorf("error summary: %q", s)
	}
	sh.take(ctx, "04-orgunit-new-errors")

	err = chromedp.Do(ctx,
		chromedp.SetValue(css(`#f-code`), "QN-SGTVT-BATGT"),
		chromedp.SendKeys(css(`#f-name`), "Ban An toàn giao thông"),
		chromedp.SendKeys(css(`#f-name_en`), "Traffic Safety Board"),
		chromedp.Click(css(`form.form button[type=submit]`)),
		chromedp.WaitVisible(css(`.flash`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if h1 := text(ctx, t, "main h1"); h1 != "Ban An toàn giao thông" {
		t.Errorf("unit page title %q", h1)
	}
	sh.take(ctx, "05-orgunit")

	err = chromedp.Do(ctx,
		chromedp.Navigate(base+"/app/audit"),
		chromedp.WaitVisible(css(`table.data`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	first := text(ctx, t, "table.data tbody tr")
	if !strings.Contains(first, "Tạo đơn vị") || !strings.Contains(first, "QN-SGTVT-BATGT") || !strings.Contains(first, "admin") {
		t.Errorf("newest audit row: %q", first)
	}
	sh.take(ctx, "06-audit")
	err = chromedp.Do(ctx,
		chromedp.Click(css(`table.data tbody tr a`)),
		chromedp.WaitVisible(css(`table.diff`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	if d := text(ctx, t, "table.diff"); !strings.Contains(d, "Traffic Safety Board") {
		t.Errorf("audit row detail: %q", d)
	}
	sh.take(ctx, "07-audit-entry")

	for _, p := range []struct{ path, name string }{
		{"/app/users", "08-users"}, {"/app/users/3", "09-user"}, {"/app/account", "10-account"},
	} {
		if err := chromedp.Do(ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(css(`main h1`))); err != nil {
			t.Fatal(err)
		}
		sh.take(ctx, p.name)
	}
}

// A page on another site that posts a form to tebdg: the browser sends it,
// tebdg refuses it, nothing is created.
func TestBrowserCrossSiteFormIsRefused(t *testing.T) {
	storetest.RunParallel(t, testBrowserCrossSiteFormIsRefused)
}

func testBrowserCrossSiteFormIsRefused(t *testing.T, engine store.Dialect) {
	ctx := browser(t)
	m := startMain(t, engine)
	base := m.URL()
	if err := chromedp.Do(ctx, signIn(base, "admin")); err != nil {
		t.Fatal(err)
	}
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = fmt.Fprintf(w, `<!doctype html><form method="post" action="%s/app/orgunits">
<input name="code" value="QN-EVIL"><input name="name" value="Evil"><input name="kind" value="unit"><input name="parent" value="QN">
<button id="go" type="submit">go</button></form>`, base)
	}))
	defer evil.Close()
	// localhost and 127.0.0.1 are different sites to the browser.
	evilURL := strings.Replace(evil.URL, "127.0.0.1", "localhost", 1)
	err := chromedp.Do(ctx,
		chromedp.Navigate(evilURL),
		chromedp.WaitVisible(css(`#go`)),
		chromedp.Click(css(`#go`)),
		chromedp.WaitVisible(css(`main`)),
	)
	if err != nil {
		t.Fatal(err)
	}
	body := text(ctx, t, "main")
	if !strings.Contains(body, "yêu cầu từ trang web khác đã bị từ chối") || !strings.Contains(body, "403") {
		t.Errorf("cross-site post answered: %q", body)
	}
	if _, err := m.Store().OrgUnit(context.Background(), "QN-EVIL"); err == nil {
		t.Error("the cross-site form created a unit")
	}
}
