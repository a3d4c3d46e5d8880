package store

import (
	"context"
	"database/sql"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Token is an API token of a user. Only its SHA-256 is stored: the token
// itself is shown once, when it is made.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt time.Time
	Revoked    bool
}

// CreateToken stores a new token's hash for a user.
func (s *Store) CreateToken(ctx context.Context, actor domain.Actor, u domain.User, name, hash string) (Token, error) {
	name = domain.CleanText(name)
	if e := domain.ValidateName("name", name, false); e != nil {
		return Token{}, e
	}
	t := Token{UserID: u.ID, Name: name}
	err := s.audited(ctx, actor, func(c *change) error {
		t.CreatedAt = c.at
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, created_at)
			VALUES ($1, $2, $3, $4) RETURNING id`, u.ID, hash, name, micro(c.at)).Scan(&t.ID); err != nil {
			return err
		}
		return c.record("token.create", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, map[string]any{"token_id": t.ID, "name": name})
	})
	return t, err
}

// UserByToken returns the enabled user a live token belongs to, and notes
// when the token was last used (at most once a minute, to spare writes).
func (s *Store) UserByToken(ctx context.Context, hash string) (domain.User, error) {
	var id, uid int64
	var last *int64
	err := s.r.QueryRowContext(ctx, `SELECT t.id, t.user_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.disabled_at IS NULL`, hash).Scan(&id, &uid, &last)
	if err != nil {
		return domain.User{}, mapErr(err)
	}
	now := s.now()
	if last == nil || now.Sub(fromMicro(*last)) > time.Minute {
		_ = s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", micro(now), id)
			return err
		})
	}
	return s.User(ctx, uid)
}

// Tokens lists a user's tokens, newest first.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]Token, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, user_id, name, created_at, COALESCE(last_used_at, 0), revoked_at IS NOT NULL
		FROM api_tokens WHERE user_id = $1 ORDER BY id DESC`, userID)
	if err != nil {
		return nil, mapErr(err)
	}
	defer func() { _ = rows.Close() }()
	var out []Token
	for rows.Next() {
		var t Token
		var created, last int64
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &created, &last, &t.Revoked); err != nil {
			return nil, mapErr(err)
		}
		t.CreatedAt = fromMicro(created)
		if last != 0 {
			t.LastUsedAt = fromMicro(last)
		}
		out = append(out, t)
	}
	return out, mapErr(rows.Err())
}

// RevokeToken stops a token of the user u for good.
func (s *Store) RevokeToken(ctx context.Context, actor domain.Actor, u domain.User, tokenID int64) error {
	return s.audited(ctx, actor, func(c *change) error {
		res, err := c.tx.ExecContext(ctx, "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL",
			micro(c.at), tokenID, u.ID)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.ErrNotFound
		}
		return c.record("token.revoke", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, map[string]any{"token_id": tokenID})
	})
}
