package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// Two instances on one PostgreSQL, as behind a load balancer: they migrate
// at the same time without harm, share sessions and sign-in throttling, and
// their writes form one unbroken audit chain.
func TestTwoInstancesShareOnePostgreSQL(t *testing.T) {
	if os.Getenv("TEBDG_TEST_POSTGRES") == "" {
		if os.Getenv("CI") == "true" {
			t.Fatal("CI=true but TEBDG_TEST_POSTGRES is not set")
		}
		t.Skip("TEBDG_TEST_POSTGRES not set")
	}
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
