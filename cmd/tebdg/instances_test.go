package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// Two instances on one PostgreSQL, as behind a load balancer: they migrate
// at the same time without harm, share sessions and sign-in throttling,
// the portal's cache follows changes made through either, feedback limits
// count on both, and their writes form one unbroken audit chain.
func TestTwoInstancesShareOnePostgreSQL(t *testing.T) {
	storetest.Require(t, store.Postgres)
	dbURL := storetest.URL(t, store.Postgres)
	var a, b *Main
	var wg sync.WaitGroup
	wg.Go(func() { a = startMainAt(t, dbURL, false) })
	wg.Go(func() { b = startMainAt(t, dbURL, false) })
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	if _, err := demo.Seed(context.Background(), a.Store(), auth.NewHasher(auth.TestParams)); err != nil {
		t.Fatal(err)
	}

	// Signed in through A, the same cookie works on B.
	jar, _ := cookiejar.New(nil)
	c := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	r, err := c.PostForm(a.URL()+"/login", url.Values{"username": {"manager"}, "password": {demo.Password}})
	if err != nil || r.StatusCode != http.StatusSeeOther {
		t.Fatalf("sign in on A: %v %v", r.StatusCode, err)
	}
	_ = r.Body.Close()
	ua, _ := url.Parse(a.URL())
	ub, _ := url.Parse(b.URL())
	jar.SetCookies(ub, jar.Cookies(ua))
	r, err = c.Get(b.URL() + "/app/")
	if err != nil || r.StatusCode != http.StatusOK {
		t.Fatalf("session from A on B: %v %v", r.StatusCode, err)
	}
	_ = r.Body.Close()

	// Failures on A count on B.
	other := &http.Client{CheckRedirect: c.CheckRedirect}
	for i := range 5 {
		r, _ := other.PostForm(a.URL()+"/login", url.Values{"username": {"viewer"}, "password": {fmt.Sprint("wrong-", i)}})
		_ = r.Body.Close()
	}
	r, _ = other.PostForm(b.URL()+"/login", url.Values{"username": {"viewer"}, "password": {demo.Password}})
	_ = r.Body.Close()
	if r.StatusCode != http.StatusTooManyRequests {
		t.Errorf("sixth attempt on the other instance: %d", r.StatusCode)
	}

	// The portal: a post archived through A leaves B's cached home page,
	// and a unit renamed leaves B's menu, within a second or two, not
	// after B's cache's minute.
	get := func(base, path string) string {
		t.Helper()
		r, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		defer func() { _ = r.Body.Close() }()
		b, _ := io.ReadAll(r.Body)
		if r.StatusCode != http.StatusOK {
			t.Fatalf("GET %s%s: %d", base, path, r.StatusCode)
		}
		return string(b)
	}
	within := func(what string, ok func(home string) bool) {
		t.Helper()
		start := time.Now()
		for !ok(get(b.URL(), "/")) {
			if time.Since(start) > 2*time.Second {
				t.Fatalf("%s: B's home page still shows it after %v", what, time.Since(start))
			}
			time.Sleep(20 * time.Millisecond)
		}
		t.Logf("%s: B's home page follows after %v", what, time.Since(start).Round(time.Millisecond))
	}
	ctx := context.Background()
	posts, _, err := a.Store().Posts(ctx, store.PostFilter{Public: true, Now: time.Now(), Search: "Kế hoạch triển khai"}, store.Page{})
	if err != nil || len(posts) == 0 {
		t.Fatalf("the demo's sample post: %v", err)
	}
	post := posts[0]
	if home := get(b.URL(), "/"); !strings.Contains(home, post.Title) {
		t.Fatalf("B's home page lacks the sample post %q", post.Title)
	}
	get(b.URL(), "/") // now from B's memory
	r, err = c.PostForm(a.URL()+fmt.Sprintf("/app/posts/%d/status", post.ID), url.Values{"to": {"archived"}, "version": {fmt.Sprint(post.Version)}})
	if err != nil || r.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive on A: %v %v", r.StatusCode, err)
	}
	_ = r.Body.Close()
	within("an archived post", func(home string) bool { return !strings.Contains(home, post.Title) })
	org, err := a.Store().OrgUnit(ctx, "QN-SGTVT")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Store().UpdateOrgUnit(ctx, demo.Actor, org.Code, org.Version,
		store.OrgUnitUpdate{Name: "Sở Xây dựng (thử)", NameEN: org.NameEN, Kind: org.Kind}); err != nil {
		t.Fatal(err)
	}
	within("a renamed agency", func(home string) bool { return strings.Contains(home, "Sở Xây dựng (thử)") })

	// Feedback from one address counts on both: five messages kept,
	// alternating, then the sixth is refused wherever it goes.
	for i := range 6 {
		m := a
		if i%2 == 1 {
			m = b
		}
		r, err := other.PostForm(m.URL()+"/feedback", url.Values{"subject": {fmt.Sprint("Câu hỏi ", i+1)}, "message": {"Xin hỏi lịch tiếp dân."}})
		if err != nil {
			t.Fatal(err)
		}
		_ = r.Body.Close()
		want := http.StatusSeeOther
		if i == 5 {
			want = http.StatusTooManyRequests
		}
		if r.StatusCode != want {
			t.Errorf("message %d through %s: %d, want %d", i+1, m.URL(), r.StatusCode, want)
		}
	}

	// Writes through both at once keep one chain.
	var wg2 sync.WaitGroup
	for i := range 20 {
		m := a
		if i%2 == 1 {
			m = b
		}
		wg2.Go(func() {
			body := fmt.Sprintf(`{"code":"QN-SGTVT-P%02d","name":"Tổ %d","kind":"unit","parent":"QN-SGTVT"}`, i, i)
			req, _ := http.NewRequest(http.MethodPost, m.URL()+"/api/v1/orgunits", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			r, err := c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			_ = r.Body.Close()
			if r.StatusCode != http.StatusCreated {
				t.Errorf("create through %s: %d", m.URL(), r.StatusCode)
			}
		})
	}
	wg2.Wait()
	if n, err := a.Store().VerifyAudit(context.Background()); err != nil {
		t.Errorf("audit chain: %d rows, %v", n, err)
	}
}
