package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// change is one audited write transaction. Methods of the store that change
// data run inside s.audited and call record for every row they change, so a
// change and its audit rows commit or roll back together.
type change struct {
	tx      *sql.Tx
	actor   domain.Actor
	at      time.Time
	entries []domain.AuditEntry
	dialect Dialect // for writes that differ by engine (the search index)
}

// record adds an audit row. before and after are marshalled to JSON; nil
// means "none" (a creation has no before, a removal no after).
func (c *change) record(action, entity, entityID string, org orgRef, before, after any) error {
	e := domain.AuditEntry{
		ActorID: c.actor.UserID, Actor: c.actor.Username, Client: c.actor.Client,
		Action: action, Entity: entity, EntityID: entityID,
		OrgID: org.id, Org: org.code, At: c.at,
	}
	var err error
	if e.Before, err = jsonOrEmpty(before); err != nil {
		return err
	}
	if e.After, err = jsonOrEmpty(after); err != nil {
		return err
	}
	c.entries = append(c.entries, e)
	return nil
}

// orgRef names the org unit an audit row belongs to.
type orgRef struct {
	id   int64
	code string
}

func refOf(o domain.OrgUnit) orgRef { return orgRef{o.ID, o.Code} }

func jsonOrEmpty(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", errs.Wrap(err, "audit json")
	}
	return string(b), nil
}

// audited runs fn in a write transaction that first takes the audit chain's
// head row, then appends the rows fn recorded. Taking the head first orders
// all audited writers the same way, so they cannot deadlock, and makes the
// chain's order the commit order even with several instances on PostgreSQL.
func (s *Store) audited(ctx context.Context, actor domain.Actor, fn func(c *change) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		lock := "SELECT seq, hash FROM audit_head WHERE id = 1"
		if s.dialect == Postgres {
			lock += " FOR UPDATE"
		}
		var seq int64
		var hash string
		if err := tx.QueryRowContext(ctx, lock).Scan(&seq, &hash); err != nil {
			return err
		}
		c := &change{tx: tx, actor: actor, at: s.now().UTC().Truncate(time.Microsecond), dialect: s.dialect}
		if err := fn(c); err != nil {
			return err
		}
		if len(c.entries) == 0 {
			return nil
		}
		for _, e := range c.entries {
			seq++
			e.Seq, e.PrevHash = seq, hash
			e.Hash = e.ComputeHash()
			hash = e.Hash
			var orgID any
			if e.OrgID != 0 {
				orgID = e.OrgID
			}
			var actorID any
			if e.ActorID != 0 {
				actorID = e.ActorID
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO audit_log
				(seq, at, actor_id, actor, action, entity, entity_id, org_id, org, before_json, after_json, client, prev_hash, hash)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
				e.Seq, micro(e.At), actorID, e.Actor, e.Action, e.Entity, e.EntityID, orgID, e.Org,
				e.Before, e.After, e.Client, e.PrevHash, e.Hash); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", seq, hash)
		return err
	})
}

// AuditFilter narrows the audit page.
type AuditFilter struct {
	Actor    string // user name
	Action   string // exact action, or an entity prefix like "orgunit."
	Entity   string
	EntityID string
	OrgPath  string // a subtree to keep
	From, To time.Time
}

const auditCols = `a.seq, a.at, COALESCE(a.actor_id, 0), a.actor, a.action, a.entity, a.entity_id,
	COALESCE(a.org_id, 0), a.org, a.before_json, a.after_json, a.client, a.prev_hash, a.hash`

func scanAudit(row interface{ Scan(...any) error }) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var at int64
	err := row.Scan(&e.Seq, &at, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID,
		&e.OrgID, &e.Org, &e.Before, &e.After, &e.Client, &e.PrevHash, &e.Hash)
	e.At = fromMicro(at)
	return e, err
}

// AuditEntries lists audit rows in the scope, newest first. Rows that belong
// to no org unit (system changes) are seen only with a scope reaching all.
func (s *Store) AuditEntries(ctx context.Context, sc domain.Scope, f AuditFilter, p Page) ([]domain.AuditEntry, int, error) {
	p = p.Normalize(50)
	q := &query{}
	q.add(" FROM audit_log a LEFT JOIN org_units o ON o.id = a.org_id WHERE ")
	cond := q.scope("o.path", sc)
	if sc.All {
		cond = "1=1"
	}
	q.add(cond)
	if f.Actor != "" {
		q.add(" AND a.actor = ", q.arg(f.Actor))
	}
	if f.Action != "" {
		if f.Action[len(f.Action)-1] == '.' {
			q.add(" AND a.action LIKE ", q.arg(f.Action+"%"))
		} else {
			q.add(" AND a.action = ", q.arg(f.Action))
		}
	}
	if f.Entity != "" {
		q.add(" AND a.entity = ", q.arg(f.Entity))
	}
	if f.EntityID != "" {
		q.add(" AND a.entity_id = ", q.arg(f.EntityID))
	}
	if f.OrgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(f.OrgPath+"%"))
	}
	if !f.From.IsZero() {
		q.add(" AND a.at >= ", q.arg(micro(f.From)))
	}
	if !f.To.IsZero() {
		q.add(" AND a.at < ", q.arg(micro(f.To)))
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q.add(" ORDER BY a.seq DESC")
	q.page(p)
	out, err := scanAll(ctx, s.r, "SELECT "+auditCols+q.String(), q.args, scanAudit)
	return out, total, err
}

// AuditEntry returns one row by sequence number, if the scope reaches it.
func (s *Store) AuditEntry(ctx context.Context, sc domain.Scope, seq int64) (domain.AuditEntry, error) {
	q := &query{}
	q.add("SELECT ", auditCols, " FROM audit_log a LEFT JOIN org_units o ON o.id = a.org_id WHERE a.seq = ", q.arg(seq))
	if !sc.All {
		q.add(" AND ", q.scope("o.path", sc))
	}
	e, err := scanAudit(s.r.QueryRowContext(ctx, q.String(), q.args...))
	return e, mapErr(err)
}

// ChainBreak says where the audit chain is broken.
type ChainBreak struct {
	Seq    int64
	Reason string
}

func (b *ChainBreak) Error() string { return fmt.Sprintf("audit row %d: %s", b.Seq, b.Reason) }

// VerifyAudit walks the whole chain in order and returns the number of rows
// checked, and a *ChainBreak for the first row that does not fit: a gap in
// the sequence, a previous hash that does not match, or a hash that does not
// match the row's contents.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	const batch = 5000
	var last int64
	prev := ""
	for {
		rows, err := scanAll(ctx, s.r, "SELECT "+auditCols+" FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2",
			[]any{last, batch}, scanAudit)
		if err != nil {
			return last, err
		}
		for _, e := range rows {
			switch {
			case e.Seq != last+1:
				return last, &ChainBreak{last + 1, "row missing (next row is " + strconv.FormatInt(e.Seq, 10) + ")"}
			case e.PrevHash != prev:
				return last, &ChainBreak{e.Seq, "previous hash does not match the row before"}
			case e.ComputeHash() != e.Hash:
				return last, &ChainBreak{e.Seq, "contents do not match the row's hash"}
			}
			last, prev = e.Seq, e.Hash
		}
		if len(rows) < batch {
			break
		}
	}
	var headSeq int64
	var headHash string
	if err := s.r.QueryRowContext(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&headSeq, &headHash); err != nil {
		return last, mapErr(err)
	}
	if headSeq != last || headHash != prev {
		return last, &ChainBreak{last + 1, fmt.Sprintf("the chain ends at row %d but its head says %d: rows were removed from the end", last, headSeq)}
	}
	return last, nil
}
