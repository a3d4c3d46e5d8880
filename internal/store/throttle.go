package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"time"
)

// Failed sign-ins are counted under keys the caller chooses (the web side
// uses a name and address pair, the address, and the name). Each key holds
// one row: the failures of its current run, when the run began and when
// its last failure was. Which keys, how long a run lasts and how long to
// make someone wait is the caller's policy; the store counts, in the
// database, so every instance sees the same counts.

// LoginCount is what is known of one key's current run.
type LoginCount struct {
	Failures    int
	First, Last time.Time // zero when Failures is 0
}

// LoginKey is a key to count under. A run that began before Since is over:
// it reads as no failures, and the next failure begins a new run.
type LoginKey struct {
	Key   string
	Since time.Time
}

// ChargeLoginAttempt decides on a sign-in attempt and counts it, in one
// transaction. It reads each key's run and passes them to wait; when wait
// answers more than zero the attempt is refused and nothing is written.
// Otherwise the attempt is counted as a failure under every key at once,
// before the password is checked, and SettleLoginAttempt takes it back when
// the password proves right. Counting first, with the rows locked, keeps a
// burst of parallel guesses from all reading the same count and all getting
// through.
func (s *Store) ChargeLoginAttempt(ctx context.Context, keys []LoginKey, wait func(map[string]LoginCount) time.Duration) (time.Duration, error) {
	// Locking in key order means two attempts on overlapping keys cannot
	// deadlock on PostgreSQL.
	keys = slices.Clone(keys)
	slices.SortFunc(keys, func(a, b LoginKey) int { return strings.Compare(a.Key, b.Key) })
	now := s.now()
	var refused time.Duration
	err := s.write(ctx, func(tx *sql.Tx) error {
		counts := make(map[string]LoginCount, len(keys))
		for _, k := range keys {
			q := "SELECT failures, first_at, last_at FROM login_throttle WHERE key = $1"
			if s.dialect == Postgres {
				// A row to lock must exist; one made here and then refused
				// goes away with the rollback. SQLite needs neither: its
				// write transactions already run one at a time.
				if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, first_at, last_at)
					VALUES ($1, 0, $2, $2) ON CONFLICT (key) DO NOTHING`, k.Key, micro(now)); err != nil {
					return err
				}
				q += " FOR UPDATE"
			}
			var n int
			var first, last int64
			switch err := tx.QueryRowContext(ctx, q, k.Key).Scan(&n, &first, &last); {
			case err == sql.ErrNoRows:
			case err != nil:
				return err
			case n > 0 && first >= micro(k.Since):
				counts[k.Key] = LoginCount{Failures: n, First: fromMicro(first), Last: fromMicro(last)}
			}
		}
		if refused = wait(counts); refused > 0 {
			return errRefused // rolls back what was locked above
		}
		for _, k := range keys {
			c := counts[k.Key]
			if c.Failures == 0 {
				c.First = now
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO login_throttle (key, failures, first_at, last_at) VALUES ($1, $2, $3, $4)
				ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, last_at = excluded.last_at`,
				k.Key, c.Failures+1, micro(c.First), micro(now)); err != nil {
				return err
			}
		}
		return nil
	})
	if refused > 0 {
		return refused, nil
	}
	return 0, err
}

// errRefused rolls back a refused attempt's transaction; it never leaves
// ChargeLoginAttempt.
var errRefused = errors.New("sign-in attempt refused")

// SettleLoginAttempt takes back the failure ChargeLoginAttempt counted for
// an attempt whose password was right: keys in clear are forgotten whole,
// keys in refund lose that one failure.
func (s *Store) SettleLoginAttempt(ctx context.Context, clear, refund []string) error {
	// One pass in key order, the order ChargeLoginAttempt locks in.
	forget := map[string]bool{}
	for _, k := range clear {
		forget[k] = true
	}
	keys := slices.Sorted(slices.Values(append(slices.Clone(clear), refund...)))
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, k := range slices.Compact(keys) {
			q := "UPDATE login_throttle SET failures = failures - 1 WHERE key = $1 AND failures > 0"
			if forget[k] {
				q = "DELETE FROM login_throttle WHERE key = $1"
			}
			if _, err := tx.ExecContext(ctx, q, k); err != nil {
				return err
			}
		}
		return nil
	})
}

// SweepLoginFailures drops the keys whose last failure is before before.
func (s *Store) SweepLoginFailures(ctx context.Context, before time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM login_throttle WHERE last_at < $1", micro(before))
		return err
	})
}
