package store

import (
	"context"
	"database/sql"
	"time"
)

// LoginFailures returns, for each key, how many failures it has since
// `since` and when the oldest of them happened.
func (s *Store) LoginFailures(ctx context.Context, keys []string, since time.Time) (map[string]int, map[string]time.Time, error) {
	counts, oldest := map[string]int{}, map[string]time.Time{}
	for _, k := range keys {
		var n int
		var first *int64
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*), MIN(at) FROM login_failures WHERE key = $1 AND at >= $2",
			k, micro(since)).Scan(&n, &first); err != nil {
			return nil, nil, mapErr(err)
		}
		counts[k] = n
		if first != nil {
			oldest[k] = fromMicro(*first)
		}
	}
	return counts, oldest, nil
}

// RecordLoginFailure notes a failed sign-in under each key.
func (s *Store) RecordLoginFailure(ctx context.Context, keys ...string) error {
	now := micro(s.now())
	return s.write(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, "INSERT INTO login_failures (key, at) VALUES ($1, $2)", k, now); err != nil {
				return err
			}
		}
		return nil
	})
}

// ClearLoginFailures forgets the failures of a key (after a good sign-in).
func (s *Store) ClearLoginFailures(ctx context.Context, key string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE key = $1", key)
		return err
	})
}

// SweepLoginFailures drops failures older than before.
func (s *Store) SweepLoginFailures(ctx context.Context, before time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM login_failures WHERE at < $1", micro(before))
		return err
	})
}
