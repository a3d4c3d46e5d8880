package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

var formTokenRe = regexp.MustCompile(`name="t" value="([^"]+)"`)

func formToken(t *testing.T, r resp) string {
	t.Helper()
	m := formTokenRe.FindStringSubmatch(r.body)
	if r.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("feedback form: %d, no time stamp", r.StatusCode)
	}
	return m[1]
}

// The feedback page is cached like the portal's others, but each visitor
// gets a time stamp made when they opened it: a message sent at once with
// it is refused, the same message after a person's writing time is kept,
// and a made-up stamp is refused.
func TestFeedbackFormStampFreshPerVisitor(t *testing.T) {
	storetest.Run(t, testFeedbackFormStampFreshPerVisitor)
}

func testFeedbackFormStampFreshPerVisitor(t *testing.T, engine store.Dialect) {
	e, clock := newEnvClock(t, engine)
	c := e.client()
	first := c.get("/feedback")
	clock.Advance(time.Second)
	second := c.get("/feedback")
	tok1, tok2 := formToken(t, first), formToken(t, second)
	if tok1 == tok2 {
		t.Fatalf("two visitors a second apart got the same time stamp %s", tok1)
	}
	// Still one cached page: the rest of the answer is the same, and its
	// validator too (within one half hour).
	if strings.Replace(first.body, tok1, tok2, 1) != second.body {
		t.Error("the two answers differ beyond the time stamp")
	}
	if cc := second.Header.Get("Cache-Control"); cc != "private, max-age=60" {
		t.Errorf("Cache-Control %q: a shared cache would hand one stamp to many", cc)
	}
	msg := func(tok string) url.Values {
		return url.Values{"name": {"Phụ huynh"}, "subject": {"Lịch tiêm chủng"}, "message": {"Xin hỏi lịch tiêm chủng tháng này."}, "t": {tok}}
	}
	count := func() int {
		_, n, _ := e.store.FeedbackList(ctx, store.FeedbackFilter{Scope: domain.Scope{All: true}}, store.Page{})
		return n
	}
	before := count()
	if r := c.post("/feedback", msg(tok2)); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "quá nhanh") {
		t.Errorf("sent at once: %d, want 400 too quickly", r.StatusCode)
	}
	// Made up: a stamp from long enough ago with a wrong signature, and a
	// real signature on another moment.
	ts, mac, _ := strings.Cut(tok2, ".")
	for _, forged := range []string{
		strings.TrimSuffix(ts, "0") + "1." + mac,
		"1000000000000." + mac,
		ts + "." + strings.Repeat("0", len(mac)),
		"abc",
	} {
		if r := c.post("/feedback", msg(forged)); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hết hạn") {
			t.Errorf("forged %q: %d, want 400", forged, r.StatusCode)
		}
	}
	if count() != before {
		t.Fatal("a refused message was kept")
	}
	clock.Advance(3 * time.Second)
	if r := c.post("/feedback", msg(tok2)); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after writing time: %d %s", r.StatusCode, r.body)
	}
	if count() != before+1 {
		t.Error("the message was not kept")
	}
	// A form left open longer than two hours has expired.
	clock.Advance(2*time.Hour + time.Second)
	if r := c.post("/feedback", msg(tok1)); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hết hạn") {
		t.Errorf("two hours old: %d, want 400 expired", r.StatusCode)
	}
}

// A browser revalidating its copy of the form gets 304 (keeping its own,
// older stamp) only while that stamp is young; later it gets a fresh page.
func TestFeedbackFormRevalidation(t *testing.T) { storetest.Run(t, testFeedbackFormRevalidation) }

func testFeedbackFormRevalidation(t *testing.T, engine store.Dialect) {
	e, clock := newEnvClock(t, engine)
	c := e.client()
	// Start just after a half-hour boundary, as a browser would see it.
	now := clock.Now()
	clock.Advance(now.Truncate(30 * time.Minute).Add(30*time.Minute + time.Second).Sub(now))
	first := c.get("/feedback")
	tag := first.Header.Get("ETag")
	cond := func() resp {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/feedback", nil)
		req.Header.Set("If-None-Match", tag)
		return c.do(req)
	}
	clock.Advance(10 * time.Minute)
	if r := cond(); r.StatusCode != http.StatusNotModified {
		t.Errorf("ten minutes later: %d, want 304", r.StatusCode)
	}
	clock.Advance(25 * time.Minute)
	r := cond()
	if r.StatusCode != http.StatusOK || r.Header.Get("ETag") == tag || formToken(t, r) == formToken(t, first) {
		t.Errorf("35 minutes later: %d with ETag %s, want a fresh page", r.StatusCode, r.Header.Get("ETag"))
	}
}

// A change this server did not make (another instance, a command) reaches
// its cached pages and the parts every page shares within about a second,
// not after the cache's minute.
func TestPortalSeesChangesMadeElsewhere(t *testing.T) {
	storetest.Run(t, testPortalSeesChangesMadeElsewhere)
}

func testPortalSeesChangesMadeElsewhere(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	post := samplePost(t, e)
	home := c.get("/")
	mustContain(t, "home", home.body, post.Title, "Sở Giao thông Vận tải")
	c.get("/") // served from memory now
	if _, err := e.store.MovePost(ctx, demo.Actor, post.ID, post.Version, domain.PostArchived, time.Time{}); err != nil {
		t.Fatal(err)
	}
	org, err := e.store.OrgUnit(ctx, "QN-SGTVT")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.store.UpdateOrgUnit(ctx, demo.Actor, org.Code, org.Version, store.OrgUnitUpdate{Name: "Sở Xây dựng tỉnh", NameEN: org.NameEN, Kind: org.Kind}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	for {
		r := c.get("/")
		if !strings.Contains(r.body, post.Title) && strings.Contains(r.body, "Sở Xây dựng tỉnh") {
			break
		}
		if time.Since(start) > 2*time.Second {
			t.Fatalf("home still shows the archived post or the old name after %v", time.Since(start))
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("seen after %v", time.Since(start).Round(time.Millisecond))
}
