package store

import (
	"context"

	"tebdg/internal/domain"
)

// endCredentials ends, inside c, every way into u's account that does not
// ask for the password: u's sessions other than keepSession (a session's
// id hash, or "" for all), every API token and every secret calendar feed
// address. A password changes because someone else may know it, and that
// someone may have made any of these while they could sign in. why is the
// audit action that caused it; each kind that had something to end gets
// an audit row naming what ended and why.
func endCredentials(ctx context.Context, c *change, u domain.User, keepSession, why string) error {
	ref := orgRef{u.OrgID, u.OrgCode}
	res, err := c.tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1 AND id_hash <> $2", u.ID, keepSession)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n > 0 {
		if err := c.record("session.logout", "user", u.Username, ref, nil, map[string]any{"sessions": n, "reason": why}); err != nil {
			return err
		}
	}
	tokens, err := revokedIDs(ctx, c, "UPDATE api_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id", u.ID)
	if err != nil {
		return err
	}
	if len(tokens) > 0 {
		if err := c.record("token.revoke", "user", u.Username, ref, nil, map[string]any{"token_ids": tokens, "reason": why}); err != nil {
			return err
		}
	}
	feeds, err := revokedIDs(ctx, c, "UPDATE feed_tokens SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL RETURNING id", u.ID)
	if err != nil {
		return err
	}
	if len(feeds) > 0 {
		return c.record("feed.revoke", "user", u.Username, ref, map[string]any{"ids": feeds, "reason": why}, nil)
	}
	return nil
}

// revokedIDs runs an UPDATE … RETURNING id with the change's time and the
// user, and collects the ids.
func revokedIDs(ctx context.Context, c *change, stmt string, userID int64) ([]int64, error) {
	rows, err := c.tx.QueryContext(ctx, stmt, micro(c.at), userID)
	if err != nil {
		return nil, err
	}
	defer func() { _ = rows.Close() }()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
