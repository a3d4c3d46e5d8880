package store_test

import (
	"sync"
	"testing"
	"time"

	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestLoginThrottleCounts(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
			now := start
			s := storetest.Open(t, engine, store.Options{Now: func() time.Time { return now }})
			keys := func() []store.LoginKey {
				return []store.LoginKey{{Key: "pair:a", Since: now.Add(-24 * time.Hour)}, {Key: "addr:1", Since: now.Add(-15 * time.Minute)}}
			}
			// peek reads the counts through a refused attempt, which writes nothing.
			peek := func() map[string]store.LoginCount {
				t.Helper()
				var got map[string]store.LoginCount
				if _, err := s.ChargeLoginAttempt(ctx, keys(), func(m map[string]store.LoginCount) time.Duration {
					got = m
					return time.Hour
				}); err != nil {
					t.Fatal(err)
				}
				return got
			}
			allow := func(map[string]store.LoginCount) time.Duration { return 0 }
			for range 3 {
				if wait, err := s.ChargeLoginAttempt(ctx, keys(), allow); err != nil || wait != 0 {
					t.Fatalf("charge: %v %v", wait, err)
				}
				now = now.Add(time.Minute)
			}
			got := peek()
			want := store.LoginCount{Failures: 3, First: start, Last: start.Add(2 * time.Minute)}
			if got["pair:a"] != want || got["addr:1"] != want {
				t.Fatalf("after three: %+v", got)
			}
			// A refused attempt answers the wait and counts nothing.
			wait, err := s.ChargeLoginAttempt(ctx, keys(), func(map[string]store.LoginCount) time.Duration { return 42 * time.Second })
			if err != nil || wait != 42*time.Second {
				t.Errorf("refused: %v %v", wait, err)
			}
			if got := peek(); got["pair:a"].Failures != 3 {
				t.Errorf("a refused attempt was counted: %+v", got)
			}
			// A good password forgets the pair and takes its one failure
			// back from the address.
			if _, err := s.ChargeLoginAttempt(ctx, keys(), allow); err != nil {
				t.Fatal(err)
			}
			if err := s.SettleLoginAttempt(ctx, []string{"pair:a"}, []string{"addr:1"}); err != nil {
				t.Fatal(err)
			}
			if got := peek(); got["pair:a"].Failures != 0 || got["addr:1"].Failures != 3 {
				t.Errorf("after a good password: %+v", got)
			}
			// Past its Since a run is over and the next failure begins anew.
			now = now.Add(16 * time.Minute)
			if got := peek(); got["addr:1"].Failures != 0 {
				t.Errorf("an old run still counts: %+v", got)
			}
			if _, err := s.ChargeLoginAttempt(ctx, keys(), allow); err != nil {
				t.Fatal(err)
			}
			if got := peek()["addr:1"]; got.Failures != 1 || !got.First.Equal(now) {
				t.Errorf("new run: %+v", got)
			}
			// The sweep drops keys by their last failure.
			if err := s.SweepLoginFailures(ctx, now.Add(time.Second)); err != nil {
				t.Fatal(err)
			}
			if got := peek(); len(got) != 0 {
				t.Errorf("the sweep left %+v", got)
			}
		})
	}
}

// Parallel attempts cannot all read the same count: with room for three
// failures, a burst of twenty lets exactly three through, on either engine
// (and so across instances sharing a PostgreSQL).
func TestLoginThrottleBurst(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s := storetest.Open(t, engine, store.Options{})
			keys := []store.LoginKey{{Key: "pair:admin 10.0.0.9"}, {Key: "addr:10.0.0.9"}, {Key: "name:admin"}}
			var mu sync.Mutex
			allowed := 0
			var wg sync.WaitGroup
			for range 20 {
				wg.Go(func() {
					wait, err := s.ChargeLoginAttempt(ctx, keys, func(m map[string]store.LoginCount) time.Duration {
						if m["pair:admin 10.0.0.9"].Failures >= 3 {
							return time.Minute
						}
						return 0
					})
					if err != nil {
						t.Error(err)
						return
					}
					if wait == 0 {
						mu.Lock()
						allowed++
						mu.Unlock()
					}
				})
			}
			wg.Wait()
			if allowed != 3 {
				t.Errorf("%d of 20 parallel attempts got through; want 3", allowed)
			}
		})
	}
}
