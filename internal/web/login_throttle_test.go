package web_test

import (
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/web"
)

// clock is a time the test moves by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// newProxiedEnv is newEnv behind a trusted proxy on loopback, so each
// request can say which client address it comes from, and on a clock the
// test moves. The clock starts today, on the whole second, so that the
// demo province is the day's copy.
func newProxiedEnv(t *testing.T, engine store.Dialect) (*env, *clock) {
	t.Helper()
	c := &clock{now: time.Now().UTC().Truncate(time.Second)}
	e := envWith(t, engine, store.Options{Now: c.Now}, func(cfg *web.Config) {
		cfg.TrustedProxies = []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
	})
	return e, c
}

// loginFrom signs in as if from the client address addr.
func (e *env) loginFrom(addr, username, password string) resp {
	req, _ := http.NewRequest(http.MethodPost, e.srv.URL+"/login",
		strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", addr)
	return e.client().do(req)
}

func retryAfter(t *testing.T, r resp) int {
	t.Helper()
	n, err := strconv.Atoi(r.Header.Get("Retry-After"))
	if err != nil {
		t.Fatalf("Retry-After %q", r.Header.Get("Retry-After"))
	}
	return n
}

// The issue: five wrong passwords for one name locked every user behind
// the same address (an office behind one NAT) for 15 minutes, and anyone
// could keep a known name locked from anywhere.
func TestLoginThrottleHoldsOnlyTheFailingPair(t *testing.T) {
	storetest.Run(t, testLoginThrottleHoldsOnlyTheFailingPair)
}

func testLoginThrottleHoldsOnlyTheFailingPair(t *testing.T, engine store.Dialect) {
	e, _ := newProxiedEnv(t, engine)
	const office, home = "203.0.113.7", "198.51.100.20"
	for i := range 5 {
		if r := e.loginFrom(office, "manager", "wrong-"+strconv.Itoa(i)); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	// The pair that failed waits, even with the right password.
	r := e.loginFrom(office, "manager", demo.Password)
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the failing pair: %d", r.StatusCode)
	}
	if secs := retryAfter(t, r); secs != 29 {
		t.Errorf("Retry-After %d, want 29 (15 min / 32, rounded up)", secs)
	}
	mustContain(t, "throttled page", r.body, "Đăng nhập sai quá nhiều lần", "29 giây")
	// A colleague behind the same address signs in.
	if r := e.loginFrom(office, "viewer", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another user from the same address: %d", r.StatusCode)
	}
	// The same name from another address signs in: failures elsewhere
	// never refuse a right password from an address that has not failed.
	if r := e.loginFrom(home, "manager", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the same name from another address: %d", r.StatusCode)
	}
}

// Past the free failures each one doubles the wait, up to the window; the
// right password after waiting signs in and clears the count.
func TestLoginBackoffDoublesThenClears(t *testing.T) {
	storetest.Run(t, testLoginBackoffDoublesThenClears)
}

func testLoginBackoffDoublesThenClears(t *testing.T, engine store.Dialect) {
	e, clk := newProxiedEnv(t, engine)
	const addr = "203.0.113.8"
	for range 5 {
		e.loginFrom(addr, "manager", "wrong")
	}
	var waits []int
	for range 7 {
		r := e.loginFrom(addr, "manager", "wrong")
		if r.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("while waiting: %d", r.StatusCode)
		}
		secs := retryAfter(t, r)
		waits = append(waits, secs)
		clk.add(time.Duration(secs) * time.Second)
		if r := e.loginFrom(addr, "manager", "wrong"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("after waiting %d s: %d", secs, r.StatusCode)
		}
	}
	want := []int{29, 57, 113, 225, 450, 900, 900}
	if !slices.Equal(waits, want) {
		t.Errorf("waits %v, want %v", waits, want)
	}
	r := e.loginFrom(addr, "manager", "wrong")
	mustContain(t, "long wait", r.body, "15 phút")
	clk.add(15 * time.Minute)
	if r := e.loginFrom(addr, "manager", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("right password after the wait: %d", r.StatusCode)
	}
	// Cleared: the next mistake is free again.
	e.loginFrom(addr, "manager", "wrong")
	if r := e.loginFrom(addr, "manager", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Errorf("after one new mistake: %d", r.StatusCode)
	}
}

// An address guessing across many names backs off once it passes the
// address ceiling (ten times the per-pair limit), for the names it failed
// for; a name it never tried still signs in with the right password.
func TestLoginAddressCeiling(t *testing.T) { storetest.Run(t, testLoginAddressCeiling) }

func testLoginAddressCeiling(t *testing.T, engine store.Dialect) {
	e, _ := newProxiedEnv(t, engine)
	const addr = "203.0.113.9"
	for i := range 50 {
		if r := e.loginFrom(addr, "guess"+strconv.Itoa(i%25), "wrong"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.StatusCode)
		}
	}
	r := e.loginFrom(addr, "guess3", "wrong")
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("past the address ceiling: %d", r.StatusCode)
	}
	mustContain(t, "address ceiling", r.body, "từ địa chỉ mạng của bạn")
	if secs := retryAfter(t, r); secs < 1 || secs > 29 {
		t.Errorf("Retry-After %d", secs)
	}
	if r := e.loginFrom(addr, "manager", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a name this address never failed for: %d", r.StatusCode)
	}
}

// Guessing the admin's password from many addresses holds those addresses
// back once the name passes its ceiling, but the admin, from an address
// with no failures, still signs in.
func TestLoginAdminCannotBeLockedOut(t *testing.T) { storetest.Run(t, testLoginAdminCannotBeLockedOut) }

func testLoginAdminCannotBeLockedOut(t *testing.T, engine store.Dialect) {
	e, _ := newProxiedEnv(t, engine)
	for i := range 50 {
		if r := e.loginFrom("192.0.2."+strconv.Itoa(i+1), "admin", "wrong"); r.StatusCode != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i+1, r.StatusCode)
		}
	}
	r := e.loginFrom("192.0.2.1", "admin", "wrong")
	if r.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("a guessing address past the name's ceiling: %d", r.StatusCode)
	}
	mustContain(t, "name ceiling", r.body, "với tên này, từ nhiều nơi")
	if r := e.loginFrom("198.51.100.1", "admin", demo.Password); r.StatusCode != http.StatusSeeOther {
		t.Errorf("the admin from a clean address: %d", r.StatusCode)
	}
}

// Parallel guesses cannot all read the same count: of twenty at once for
// one pair, no more than the five free failures reach the password check.
func TestLoginBurstIsCounted(t *testing.T) { storetest.Run(t, testLoginBurstIsCounted) }

func testLoginBurstIsCounted(t *testing.T, engine store.Dialect) {
	e, _ := newProxiedEnv(t, engine)
	var mu sync.Mutex
	statuses := map[int]int{}
	var wg sync.WaitGroup
	for range 20 {
		wg.Go(func() {
			r := e.loginFrom("203.0.113.10", "manager", "wrong")
			mu.Lock()
			statuses[r.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	if statuses[http.StatusUnauthorized] != 5 || statuses[http.StatusTooManyRequests] != 15 {
		t.Errorf("statuses %v; want 5 × 401 and 15 × 429", statuses)
	}
}
