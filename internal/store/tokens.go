package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Token lifetimes: every token ends, so one forgotten in a script or a
// leaked configuration file stops working on its own.
const (
	DefaultTokenLife = 90 * 24 * time.Hour
	MaxTokenLife     = 365 * 24 * time.Hour
)

// TokenLives are the lifetimes the account page offers, in days.
var TokenLives = []int{30, 90, 365}

// ParseTokenLife reads a token's lifetime written as days, "90d", from 1
// to 365 days. field names the input in the error.
func ParseTokenLife(field, s string) (time.Duration, error) {
	bad := errs.Fieldf(field, "thời hạn %q không hợp lệ: ghi số ngày từ 1 đến 365 kèm chữ d, ví dụ 30d, 90d, 365d",
		"the lifetime %q is not valid: write the number of days from 1 to 365 followed by d, e.g. 30d, 90d, 365d", vntext.Truncate(s, 20))
	digits, ok := strings.CutSuffix(strings.TrimSpace(s), "d")
	// Four digits are plenty for 365 and keep Atoi far from overflowing;
	// Atoi alone would also take a sign.
	if !ok || digits == "" || len(digits) > 4 || strings.Trim(digits, "0123456789") != "" {
		return 0, bad
	}
	days, _ := strconv.Atoi(digits)
	life := time.Duration(days) * 24 * time.Hour
	if days < 1 || life > MaxTokenLife {
		return 0, bad
	}
	return life, nil
}

const tokenCols = `t.id, t.user_id, t.name, t.scope, t.created_at, t.expires_at, COALESCE(t.last_used_at, 0), COALESCE(t.revoked_at, 0)` //nolint:gosec // column names, no secret

func (s *Store) scanToken(row interface{ Scan(...any) error }) (domain.Token, error) {
	var t domain.Token
	var scope string
	var created, expires, used, revoked int64
	if err := row.Scan(&t.ID, &t.UserID, &t.Name, &scope, &created, &expires, &used, &revoked); err != nil {
		return t, err
	}
	t.Scope, t.CreatedAt, t.ExpiresAt = domain.TokenScope(scope), fromMicro(created), fromMicro(expires)
	if used != 0 {
		t.LastUsedAt = fromMicro(used)
	}
	if revoked != 0 {
		t.RevokedAt, t.Revoked = fromMicro(revoked), true
	}
	t.Expired = !s.now().Before(t.ExpiresAt)
	return t, nil
}

// TokenInput is a token to make. Hash is the SHA-256 of the secret; Life
// how long it lasts from now.
type TokenInput struct {
	Name  string
	Hash  string
	Scope domain.TokenScope
	Life  time.Duration
}

// IssueToken stores a new token's hash for a user, with its scope and
// expiry.
func (s *Store) IssueToken(ctx context.Context, actor domain.Actor, u domain.User, in TokenInput) (domain.Token, error) {
	in.Name = domain.CleanText(in.Name)
	var l errs.List
	if e := domain.ValidateName("name", in.Name, false); e != nil {
		l = append(l, e)
	}
	if _, ok := domain.ParseTokenScope(string(in.Scope)); !ok {
		l = append(l, errs.Field("scope", "chọn phạm vi của mã: chỉ đọc (read) hoặc đọc và ghi (read-write)",
			"choose the token's scope: read or read-write"))
	}
	if in.Life < 24*time.Hour || in.Life > MaxTokenLife {
		l = append(l, errs.Field("expires", "thời hạn của mã phải từ 1 đến 365 ngày", "a token lasts from 1 to 365 days"))
	}
	if err := l.Err(); err != nil {
		return domain.Token{}, err
	}
	if in.Hash == "" {
		return domain.Token{}, errs.New(errs.Internal, "thiếu mã băm của mã truy cập", "the token's hash is missing")
	}
	var t domain.Token
	err := s.audited(ctx, actor, func(c *change) error {
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO api_tokens (user_id, token_hash, name, scope, created_at, expires_at)
			VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, u.ID, in.Hash, in.Name, string(in.Scope), micro(c.at), micro(c.at.Add(in.Life))).Scan(&id); err != nil {
			return err
		}
		var err error
		if t, err = s.scanToken(c.tx.QueryRowContext(ctx, "SELECT "+tokenCols+" FROM api_tokens t WHERE t.id = $1", id)); err != nil {
			return err
		}
		return c.record("token.create", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil,
			map[string]any{"token_id": t.ID, "name": t.Name, "scope": t.Scope, "expires_at": t.ExpiresAt})
	})
	return t, err
}

// TokenUser returns the live token a hash names and its user, who must be
// enabled, and notes when the token was last used (at most once a minute,
// to spare writes). A token unknown, revoked or past its expiry is
// NotFound alike: the caller answers all three the same way.
func (s *Store) TokenUser(ctx context.Context, hash string) (domain.Token, domain.User, error) {
	now := s.now()
	t, err := s.scanToken(s.r.QueryRowContext(ctx, "SELECT "+tokenCols+` FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2 AND u.disabled_at IS NULL`, hash, micro(now)))
	if err != nil {
		return t, domain.User{}, mapErr(err)
	}
	if t.LastUsedAt.IsZero() || now.Sub(t.LastUsedAt) > time.Minute {
		_ = s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2", micro(now), t.ID)
			return err
		})
		t.LastUsedAt = now
	}
	u, err := s.User(ctx, t.UserID)
	return t, u, err
}

// Tokens lists a user's tokens, newest first, live or not, so their owner
// sees what ended and when.
func (s *Store) Tokens(ctx context.Context, userID int64) ([]domain.Token, error) {
	return scanAll(ctx, s.r, "SELECT "+tokenCols+" FROM api_tokens t WHERE t.user_id = $1 ORDER BY t.id DESC", []any{userID}, s.scanToken)
}

// RevokeToken stops a token of the user u for good. A token of another
// user is NotFound, so one user cannot end another's tokens by guessing
// ids.
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
