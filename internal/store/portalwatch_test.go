package store_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// clock is a test clock that starts now and moves only when told.
type clock struct{ off atomic.Int64 }

func (c *clock) Now() time.Time          { return time.Now().Add(time.Duration(c.off.Load())) }
func (c *clock) Advance(d time.Duration) { c.off.Add(int64(d)) }

// twoStores opens two stores on one fresh database, as two instances do.
func twoStores(t *testing.T, engine store.Dialect, u string, now func() time.Time) (*store.Store, *store.Store) {
	t.Helper()
	open := func() *store.Store {
		s, err := store.Open(ctx, u, store.Options{Now: now})
		if err != nil {
			t.Fatalf("open %s: %v", engine, err)
		}
		t.Cleanup(func() { _ = s.Close() })
		if err := s.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		return s
	}
	return open(), open()
}

// Every change to what the portal shows moves the generation, in its own
// transaction; changes the public cannot see do not, so they leave the
// page caches alone.
func TestPortalGeneration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		public := domain.Actor{Username: "public", Client: "192.0.2.9"}
		var draft, post domain.Post
		var fb domain.Feedback
		steps := []struct {
			name  string
			moves bool
			do    func() error
		}{
			{"a draft is written", false, func() (err error) {
				draft, err = s.SavePost(ctx, alice, 0, 0, org, domain.Post{Category: "tin-tuc", Title: "Bản nháp", Body: "Chưa đăng"}, nil, nil)
				return err
			}},
			{"the draft is edited", false, func() (err error) {
				draft.Title = "Bản nháp sửa"
				draft, err = s.SavePost(ctx, alice, draft.ID, draft.Version, org, draft, nil, nil)
				return err
			}},
			{"a post is published", true, func() (err error) {
				post, err = s.MovePost(ctx, alice, draft.ID, draft.Version, domain.PostPublished, time.Time{})
				return err
			}},
			{"its views are counted", false, func() error {
				return s.CountViews(ctx, "2024-02-10", map[int64]int64{0: 3, post.ID: 2}, []string{"abc"})
			}},
			{"the published post is edited", true, func() (err error) {
				post.Title = "Tin đã sửa"
				post, err = s.SavePost(ctx, alice, post.ID, post.Version, org, post, nil, nil)
				return err
			}},
			{"a stale edit is refused", false, func() error {
				_, err := s.SavePost(ctx, alice, post.ID, post.Version-1, org, post, nil, nil)
				if err == nil {
					return fmt.Errorf("a stale edit was saved")
				}
				return nil
			}},
			{"the post is archived", true, func() (err error) {
				post, err = s.MovePost(ctx, alice, post.ID, post.Version, domain.PostArchived, time.Time{})
				return err
			}},
			{"a citizen writes", false, func() (err error) {
				fb, err = s.AddFeedback(ctx, public, org, domain.Feedback{Subject: "Áo phao", Message: "Bến đò thiếu áo phao."})
				return err
			}},
			{"the answer is published", true, func() (err error) {
				fb, err = s.AnswerFeedback(ctx, alice, fb.ID, fb.Version, "Đã bổ sung.", true)
				return err
			}},
			{"a hotline is added", true, func() error {
				_, err := s.SaveService(ctx, alice, 0, 0, org, domain.Service{Kind: domain.SvcHotline, Organization: "Tổng đài", Name: "Tổng đài 111",
					Phone: "111", Active: true})
				return err
			}},
			{"the links are changed", true, func() error {
				return s.SetPortalLinks(ctx, alice, []domain.PortalLink{{Name: "Cổng Chính phủ", URL: "https://chinhphu.vn"}})
			}},
			{"a secret is made", false, func() error {
				_, err := s.Secret(ctx, "portal-generation-test")
				return err
			}},
			{"an agency is renamed", true, func() error {
				_, err := s.UpdateOrgUnit(ctx, alice, org.Code, org.Version, store.OrgUnitUpdate{Name: "Sở Xây dựng", Kind: org.Kind})
				return err
			}},
		}
		for _, st := range steps {
			before, err := s.PortalGeneration(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if err := st.do(); err != nil {
				t.Fatalf("%s: %v", st.name, err)
			}
			after, err := s.PortalGeneration(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if moved := after != before; moved != st.moves {
				t.Errorf("%s: generation %d → %d, want moved %v", st.name, before, after, st.moves)
			}
		}
	})
}

// A scheduled post changes nothing in its row when its time comes; taking
// it into the index moves the generation, once.
func TestPortalGenerationDuePost(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			c := &clock{}
			s := storetest.Open(t, engine, store.Options{Now: c.Now})
			province(t, s)
			org, _ := s.OrgUnit(ctx, "QN-SGTVT")
			publish(t, s, org, "tin-tuc", "Tin hẹn giờ", "Nội dung", c.Now().Add(time.Hour))
			before, _ := s.PortalGeneration(ctx)
			if n, err := s.IndexDuePosts(ctx, c.Now().Add(-time.Hour)); n != 0 || err != nil {
				t.Fatalf("not yet due: %d %v", n, err)
			}
			if g, _ := s.PortalGeneration(ctx); g != before {
				t.Errorf("moved before the post was due")
			}
			c.Advance(2 * time.Hour)
			if n, err := s.IndexDuePosts(ctx, c.Now().Add(-3*time.Hour)); n != 1 || err != nil {
				t.Fatalf("due: %d %v", n, err)
			}
			if g, _ := s.PortalGeneration(ctx); g == before {
				t.Errorf("a post that became due did not move the generation")
			}
		})
	}
}

// On PostgreSQL a watcher hears another instance's change at commit, and
// comes back after losing its connection.
func TestWatchPortal(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			u := storetest.URL(t, engine)
			name := ""
			if engine == store.Postgres {
				pu, _ := url.Parse(u)
				q := pu.Query()
				name = "watch-" + q.Get("search_path")
				q.Set("application_name", name)
				pu.RawQuery = q.Encode()
				u = pu.String()
			}
			a, b := twoStores(t, engine, u, nil)
			wctx, stop := context.WithCancel(ctx)
			heard := make(chan struct{}, 16)
			done := make(chan struct{})
			go func() {
				defer close(done)
				b.WatchPortal(wctx, func() { heard <- struct{}{} })
			}()
			t.Cleanup(func() { stop(); <-done })
			if engine == store.SQLite {
				// One instance serves a file: nothing to listen to, and
				// the watcher ends at once.
				select {
				case <-done:
				case <-time.After(2 * time.Second):
					t.Error("the watcher on SQLite did not return")
				}
				return
			}
			wait := func(what string) {
				t.Helper()
				select {
				case <-heard:
				case <-time.After(5 * time.Second):
					t.Fatalf("%s: not heard", what)
				}
			}
			quiet := func(what string) {
				t.Helper()
				select {
				case <-heard:
					t.Errorf("%s: heard", what)
				case <-time.After(300 * time.Millisecond):
				}
			}
			wait("listening") // a catch-up call once listening
			start := time.Now()
			province(t, a)
			wait("a unit created on the other instance")
			if d := time.Since(start); d > time.Second {
				t.Errorf("heard after %v", d)
			}
			// One notice per transaction: let the others of province() arrive.
			for settled := false; !settled; {
				select {
				case <-heard:
				case <-time.After(300 * time.Millisecond):
					settled = true
				}
			}
			org, _ := a.OrgUnit(ctx, "QN-SGTVT")
			if _, err := a.AddFeedback(ctx, domain.Actor{Username: "public"}, org, domain.Feedback{Subject: "Hỏi", Message: "Câu hỏi"}); err != nil {
				t.Fatal(err)
			}
			quiet("a message no one sees yet")

			// Its connection is cut: it comes back, catches up, and hears
			// the next change.
			db, err := sql.Open("pgx", u)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = db.Close() }()
			var killed int
			if err := db.QueryRowContext(ctx, "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = $1",
				name+" portal watch").Scan(&killed); err != nil || killed != 1 {
				t.Fatalf("cut the watcher: %d %v", killed, err)
			}
			wait("back after the cut")
			publish(t, a, org, "tin-tuc", "Tin sau khi nối lại", "Nội dung", time.Time{})
			wait("a post published after the cut")
		})
	}
}

// The feedback limit: a sliding window of kept messages per address,
// shared by every instance on the database, and no address kept.
func TestFeedbackLimit(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			c := &clock{}
			u := storetest.URL(t, engine)
			a, b := twoStores(t, engine, u, c.Now)
			province(t, a)
			org, _ := a.OrgUnit(ctx, "QN-SGTVT")
			count := func() int {
				_, n, err := a.FeedbackList(ctx, store.FeedbackFilter{Scope: domain.Scope{All: true}}, store.Page{})
				if err != nil {
					t.Fatal(err)
				}
				return n
			}
			send := func(s *store.Store, client string) error {
				t.Helper()
				_, err := s.SendFeedback(ctx, domain.Actor{Username: "public", Client: client}, org,
					domain.Feedback{Subject: "Hỏi", Message: "Câu hỏi"}, store.FeedbackLimit{Client: client, Max: 3, Window: time.Minute})
				return err
			}
			retry := func(err error) time.Duration {
				if !errs.Is(err, errs.Throttled) {
					t.Fatalf("want throttled, got %v", err)
				}
				return errs.As(err).RetryAfter
			}
			for i, s := range []*store.Store{a, b, a} {
				if err := send(s, "192.0.2.7"); err != nil {
					t.Fatalf("message %d: %v", i+1, err)
				}
				c.Advance(time.Second)
			}
			// A message refused for its content does not count.
			if _, err := a.SendFeedback(ctx, domain.Actor{Username: "public"}, org, domain.Feedback{},
				store.FeedbackLimit{Client: "192.0.2.9", Max: 1, Window: time.Minute}); !errs.Is(err, errs.Invalid) {
				t.Fatalf("empty message: %v", err)
			}
			if err := send(b, "192.0.2.9"); err != nil {
				t.Errorf("after a refused message: %v", err)
			}
			c.Advance(7 * time.Second) // 10 s after the first
			// The clock runs on as well: 50 s less the test's own time.
			if wait := retry(send(b, "192.0.2.7")); wait < 49*time.Second || wait > 50*time.Second {
				t.Errorf("4th, on the other instance: wait %v, want 50s", wait)
			}
			if wait := retry(a.CheckFeedbackLimit(ctx, store.FeedbackLimit{Client: "192.0.2.7", Max: 3, Window: time.Minute})); wait < 49*time.Second || wait > 50*time.Second {
				t.Errorf("checked: wait %v, want 50s", wait)
			}
			if err := send(b, "2001:db8::7"); err != nil {
				t.Errorf("another address is limited too: %v", err)
			}
			if n := count(); n != 5 {
				t.Errorf("%d messages kept, want 5", n)
			}
			c.Advance(50 * time.Second) // the first is a minute old, the others not yet
			if err := send(a, "192.0.2.7"); err != nil {
				t.Errorf("the window does not slide: %v", err)
			}
			retry(send(a, "192.0.2.7"))
			// Only keyed hashes, and only those of the window.
			raw, driver := u, "pgx"
			if engine == store.SQLite {
				driver, raw = "sqlite", strings.TrimPrefix(u, "sqlite:")
			}
			db, err := sql.Open(driver, raw)
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = db.Close() }()
			rows, err := db.QueryContext(ctx, "SELECT sender FROM feedback_sends")
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = rows.Close() }()
			n := 0
			for rows.Next() {
				var sender string
				_ = rows.Scan(&sender)
				if strings.Contains(sender, "192.0.2") || strings.Contains(sender, "2001:db8") || len(sender) != 32 {
					t.Errorf("kept: %q", sender)
				}
				n++
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
			if n != 5 { // two left in the window and the new one, the two other addresses
				t.Errorf("%d rows kept, want 5", n)
			}
			// An address that sends nothing more is forgotten all the same.
			c.Advance(time.Minute)
			if err := b.SweepFeedbackSends(ctx, time.Minute); err != nil {
				t.Fatal(err)
			}
			if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM feedback_sends").Scan(&n); err != nil || n != 0 {
				t.Errorf("after the sweep: %d rows, %v", n, err)
			}
		})
	}
}

// Two instances sending for one address at the same moment keep exactly
// the limit between them.
func TestFeedbackLimitRace(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			a, b := twoStores(t, engine, storetest.URL(t, engine), nil)
			province(t, a)
			org, _ := a.OrgUnit(ctx, "QN-SGTVT")
			var kept, refused atomic.Int32
			var wg sync.WaitGroup
			for i := range 20 {
				s := a
				if i%2 == 1 {
					s = b
				}
				wg.Go(func() {
					_, err := s.SendFeedback(ctx, domain.Actor{Username: "public", Client: "192.0.2.8"}, org, domain.Feedback{Subject: "Hỏi", Message: "Câu hỏi"},
						store.FeedbackLimit{Client: "192.0.2.8", Max: 5, Window: 10 * time.Minute})
					switch {
					case err == nil:
						kept.Add(1)
					case errs.Is(err, errs.Throttled):
						refused.Add(1)
					default:
						t.Error(err)
					}
				})
			}
			wg.Wait()
			if kept.Load() != 5 || refused.Load() != 15 {
				t.Errorf("%d kept, %d refused; want 5 and 15", kept.Load(), refused.Load())
			}
		})
	}
}
