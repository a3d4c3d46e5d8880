package store

import (
	"context"
	"database/sql"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Calendar feeds: a secret address per user (their units' calendar and
// deadlines) or per org unit, for calendar programs that cannot sign in.
// Only the secret's SHA-256 is kept; the address is shown when made, and a
// revoked address answers 404 like one that never existed. All of a user's
// addresses end when their password is changed or reset (endCredentials).

const feedCols = `f.id, f.user_id, COALESCE(f.org_id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''), f.created_at,
	COALESCE(f.last_used_at, 0), f.revoked_at IS NOT NULL`

func scanFeed(row interface{ Scan(...any) error }) (domain.Feed, error) {
	var f domain.Feed
	var created, used int64
	err := row.Scan(&f.ID, &f.UserID, &f.OrgID, &f.OrgCode, &f.OrgName, &created, &used, &f.Revoked)
	f.CreatedAt = fromMicro(created)
	if used != 0 {
		f.LastUsedAt = fromMicro(used)
	}
	return f, err
}

// CreateFeed keeps a new feed address's hash; org nil makes the user's own
// feed.
func (s *Store) CreateFeed(ctx context.Context, actor domain.Actor, u domain.User, org *domain.OrgUnit, hash string) (domain.Feed, error) {
	var out domain.Feed
	err := s.audited(ctx, actor, func(c *change) error {
		var orgID any
		what := map[string]any{"feed": "user"}
		if org != nil {
			orgID = org.ID
			what = map[string]any{"feed": "org", "org": org.Code}
		}
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO feed_tokens (user_id, org_id, secret_hash, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, u.ID, orgID, hash, micro(c.at)).Scan(&id); err != nil {
			return err
		}
		var err error
		if out, err = scanFeed(c.tx.QueryRowContext(ctx, "SELECT "+feedCols+
			" FROM feed_tokens f LEFT JOIN org_units o ON o.id = f.org_id WHERE f.id = $1", id)); err != nil {
			return err
		}
		what["id"] = id
		return c.record("feed.create", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, what)
	})
	return out, err
}

// Feeds lists a user's feed addresses that still work.
func (s *Store) Feeds(ctx context.Context, userID int64) ([]domain.Feed, error) {
	return scanAll(ctx, s.r, "SELECT "+feedCols+` FROM feed_tokens f LEFT JOIN org_units o ON o.id = f.org_id
		WHERE f.user_id = $1 AND f.revoked_at IS NULL ORDER BY f.id`, []any{userID}, scanFeed)
}

// RevokeFeed ends a user's feed address.
func (s *Store) RevokeFeed(ctx context.Context, actor domain.Actor, u domain.User, id int64) error {
	return s.audited(ctx, actor, func(c *change) error {
		res, err := c.tx.ExecContext(ctx, "UPDATE feed_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
			micro(c.at), id, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return c.record("feed.revoke", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, map[string]any{"id": id}, nil)
	})
}

// FeedBySecret returns the live feed a secret opens and its user, who must
// still be enabled; anything else is NotFound.
func (s *Store) FeedBySecret(ctx context.Context, hash string) (domain.Feed, domain.User, error) {
	f, err := scanFeed(s.r.QueryRowContext(ctx, "SELECT "+feedCols+` FROM feed_tokens f LEFT JOIN org_units o ON o.id = f.org_id
		JOIN users u ON u.id = f.user_id WHERE f.secret_hash = $1 AND f.revoked_at IS NULL AND u.disabled_at IS NULL`, hash))
	if err != nil {
		return f, domain.User{}, mapErr(err)
	}
	u, err := s.User(ctx, f.UserID)
	if err != nil {
		return f, u, err
	}
	// Calendar programs poll every hour or so; note the use at most hourly.
	if now := s.now(); f.LastUsedAt.IsZero() || now.Sub(f.LastUsedAt) > time.Hour {
		_ = s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE feed_tokens SET last_used_at = $1 WHERE id = $2", micro(now), f.ID)
			return err
		})
	}
	return f, u, nil
}
