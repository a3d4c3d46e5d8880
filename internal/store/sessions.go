package store

import (
	"context"
	"database/sql"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/vntext"
)

// CreateSession records a sign-in. replaced is the hash of the session the
// browser held before (or ""), which ends here: a new id at every sign-in
// means an id planted before sign-in is worth nothing after it.
func (s *Store) CreateSession(ctx context.Context, actor domain.Actor, idHash, replaced string, u domain.User, userAgent string) error {
	return s.audited(ctx, actor, func(c *change) error {
		if replaced != "" {
			if _, err := c.tx.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = $1", replaced); err != nil {
				return err
			}
		}
		now := micro(c.at)
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO sessions (id_hash, user_id, created_at, last_seen_at, client, user_agent)
			VALUES ($1, $2, $3, $3, $4, $5)`, idHash, u.ID, now, actor.Client, vntext.Truncate(userAgent, 300)); err != nil {
			return err
		}
		return c.record("session.login", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, nil)
	})
}

// SessionUser returns the session and its user, or NotFound when the session
// is unknown, idle longer than idle, older than absolute, or its user is
// disabled.
func (s *Store) SessionUser(ctx context.Context, idHash string, idle, absolute time.Duration) (domain.Session, domain.User, error) {
	now := s.now()
	var sess domain.Session
	var created, seen int64
	err := s.r.QueryRowContext(ctx, `SELECT s.id_hash, s.user_id, s.created_at, s.last_seen_at
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.id_hash = $1 AND s.last_seen_at >= $2 AND s.created_at >= $3 AND u.disabled_at IS NULL`,
		idHash, micro(now.Add(-idle)), micro(now.Add(-absolute))).Scan(&sess.IDHash, &sess.UserID, &created, &seen)
	if err != nil {
		return sess, domain.User{}, mapErr(err)
	}
	sess.CreatedAt, sess.LastSeenAt = fromMicro(created), fromMicro(seen)
	u, err := s.User(ctx, sess.UserID)
	return sess, u, err
}

// TouchSession moves a session's idle clock forward.
func (s *Store) TouchSession(ctx context.Context, idHash string) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2", micro(s.now()), idHash)
		return err
	})
}

// EndSession signs a session out.
func (s *Store) EndSession(ctx context.Context, actor domain.Actor, idHash string, u domain.User) error {
	return s.audited(ctx, actor, func(c *change) error {
		res, err := c.tx.ExecContext(ctx, "DELETE FROM sessions WHERE id_hash = $1", idHash)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		return c.record("session.logout", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, nil)
	})
}

// UserSessions counts a user's live sessions.
func (s *Store) UserSessions(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM sessions WHERE user_id = $1", userID).Scan(&n)
	return n, mapErr(err)
}

// SweepSessions removes sessions past either timeout. Several instances may
// run it at once: deleting twice is harmless.
func (s *Store) SweepSessions(ctx context.Context, idle, absolute time.Duration) (int64, error) {
	now := s.now()
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2",
			micro(now.Add(-idle)), micro(now.Add(-absolute)))
		if err == nil {
			n, _ = res.RowsAffected()
		}
		return err
	})
	return n, err
}
