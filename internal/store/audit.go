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
// The head also names the key the chain is under: a store holding another
// key, or none, refuses to write rather than fork the chain.
func (s *Store) audited(ctx context.Context, actor domain.Actor, fn func(c *change) error) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		seq, hash, keyID, err := s.lockHead(ctx, tx)
		if err != nil {
			return err
		}
		c := &change{tx: tx, actor: actor, at: s.now().UTC().Truncate(time.Microsecond), dialect: s.dialect}
		if err := fn(c); err != nil {
			return err
		}
		return s.appendAudit(ctx, tx, c.entries, seq, hash, keyID)
	})
}

// lockHead takes the chain's head row for the rest of the transaction and
// checks that this store may extend the chain.
func (s *Store) lockHead(ctx context.Context, tx *sql.Tx) (seq int64, hash, keyID string, err error) {
	lock := "SELECT seq, hash, key_id FROM audit_head WHERE id = 1"
	if s.dialect == Postgres {
		lock += " FOR UPDATE"
	}
	if err := tx.QueryRowContext(ctx, lock).Scan(&seq, &hash, &keyID); err != nil {
		return 0, "", "", err
	}
	if keyID != "" && keyID != s.keyID {
		return 0, "", "", s.keyRefusal(keyID)
	}
	return seq, hash, keyID, nil
}

// keyRefusal explains why this store cannot write to a chain kept under
// the key with fingerprint want.
func (s *Store) keyRefusal(want string) error {
	if s.keyID == "" {
		return errs.Newf(errs.Conflict,
			"chuỗi nhật ký kiểm tra của cơ sở dữ liệu này được khoá bằng khoá có dấu vân tay %s, nhưng chương trình chạy không có khoá: hãy cho khoá đó (--audit-key-file, TEBDG_AUDIT_KEY_FILE hoặc TEBDG_AUDIT_KEY)",
			"this database's audit chain is kept under the key with fingerprint %s, but the program runs without a key: give that key (--audit-key-file, TEBDG_AUDIT_KEY_FILE or TEBDG_AUDIT_KEY)",
			want)
	}
	return errs.Newf(errs.Conflict,
		"chuỗi nhật ký kiểm tra của cơ sở dữ liệu này được khoá bằng khoá có dấu vân tay %s, còn khoá được cho có dấu vân tay %s: mọi máy chủ dùng chung cơ sở dữ liệu phải dùng cùng một khoá, nếu không chuỗi sẽ bị tách đôi",
		"this database's audit chain is kept under the key with fingerprint %s, but the key given has fingerprint %s: every instance on one database must share one key, or the chain would fork",
		want, s.keyID)
}

// appendAudit chains entries after the head (seq, hash) and moves the head.
// With a key every row is an HMAC under it, and the head is bound to it.
func (s *Store) appendAudit(ctx context.Context, tx *sql.Tx, entries []domain.AuditEntry, seq int64, hash, keyID string) error {
	if len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		seq++
		e.Seq, e.PrevHash, e.KeyID = seq, hash, s.keyID
		if s.key != nil {
			e.Hash = e.ComputeMAC(s.key)
		} else {
			e.Hash = e.ComputeHash()
		}
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
			(seq, at, actor_id, actor, action, entity, entity_id, org_id, org, before_json, after_json, client, prev_hash, hash, key_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
			e.Seq, micro(e.At), actorID, e.Actor, e.Action, e.Entity, e.EntityID, orgID, e.Org,
			e.Before, e.After, e.Client, e.PrevHash, e.Hash, e.KeyID); err != nil {
			return err
		}
	}
	_, err := tx.ExecContext(ctx, "UPDATE audit_head SET seq = $1, hash = $2, key_id = $3 WHERE id = 1", seq, hash, s.keyID)
	return err
}

// auditKeyMigration is the schema version that added key_id.
const auditKeyMigration = 9

// systemActor names the program itself in the audit trail.
var systemActor = domain.Actor{Username: "tebdg", Client: "local"}

// bindAuditKey ties the database to the store's key when it is first run
// with one, so a second instance started with another key refuses at once
// instead of at its first write. A chain that already has plain SHA-256
// rows gets a keyed row now: it covers them through its previous hash, and
// from then on a chain without keyed rows can only be a rewrite.
func (s *Store) bindAuditKey(ctx context.Context) error {
	if s.key == nil {
		return nil
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		seq, hash, keyID, err := s.lockHead(ctx, tx)
		if err != nil || keyID == s.keyID {
			return err
		}
		if seq == 0 {
			_, err := tx.ExecContext(ctx, "UPDATE audit_head SET key_id = $1 WHERE id = 1", s.keyID)
			return err
		}
		after, err := jsonOrEmpty(map[string]any{"key_id": s.keyID, "plain_rows": seq})
		if err != nil {
			return err
		}
		e := domain.AuditEntry{Actor: systemActor.Username, Client: systemActor.Client, Action: "audit.key",
			Entity: "audit", EntityID: s.keyID, After: after, At: s.now().UTC().Truncate(time.Microsecond)}
		return s.appendAudit(ctx, tx, []domain.AuditEntry{e}, seq, hash, keyID)
	})
}

// AuditKeyID returns the fingerprint of the key the database's audit chain
// is bound to, or "" when it is bound to none (a database from before keys,
// not yet migrated, or never run with one). It only reads, so the command
// line can ask before deciding whether a new key may be made.
func (s *Store) AuditKeyID(ctx context.Context) (string, error) {
	v, err := s.schemaVersionRead(ctx)
	if err != nil || v < auditKeyMigration {
		return "", err
	}
	var keyID string
	err = s.r.QueryRowContext(ctx, "SELECT key_id FROM audit_head WHERE id = 1").Scan(&keyID)
	return keyID, mapErr(err)
}

// schemaVersionRead is the schema version, read without migrating; 0 for a
// database never migrated.
func (s *Store) schemaVersionRead(ctx context.Context) (int, error) {
	if s.dialect == Postgres {
		// Only SQLite's Open makes the table; a new PostgreSQL schema lacks it.
		var exists bool
		if err := s.r.QueryRowContext(ctx, "SELECT to_regclass('schema_migrations') IS NOT NULL").Scan(&exists); err != nil || !exists {
			return 0, mapErr(err)
		}
	}
	var v sql.NullInt64
	err := s.r.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v)
	return int(v.Int64), mapErr(err)
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
	COALESCE(a.org_id, 0), a.org, a.before_json, a.after_json, a.client, a.prev_hash, a.hash, a.key_id`

// auditColsBeforeKeys reads a database from before key_id, which a check
// may be given since it does not migrate.
const auditColsBeforeKeys = `a.seq, a.at, COALESCE(a.actor_id, 0), a.actor, a.action, a.entity, a.entity_id,
	COALESCE(a.org_id, 0), a.org, a.before_json, a.after_json, a.client, a.prev_hash, a.hash, ''`

func scanAudit(row interface{ Scan(...any) error }) (domain.AuditEntry, error) {
	var e domain.AuditEntry
	var at int64
	err := row.Scan(&e.Seq, &at, &e.ActorID, &e.Actor, &e.Action, &e.Entity, &e.EntityID,
		&e.OrgID, &e.Org, &e.Before, &e.After, &e.Client, &e.PrevHash, &e.Hash, &e.KeyID)
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
	// The case register's rows are the case's access history, shown to
	// its supervisor alone (CaseAccessLog), never here.
	q.add(cond, " AND a.entity <> 'case'")
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
	q.add("SELECT ", auditCols, " FROM audit_log a LEFT JOIN org_units o ON o.id = a.org_id WHERE a.seq = ", q.arg(seq),
		" AND a.entity <> 'case'")
	if !sc.All {
		q.add(" AND ", q.scope("o.path", sc))
	}
	e, err := scanAudit(s.r.QueryRowContext(ctx, q.String(), q.args...))
	return e, mapErr(err)
}

// ChainBreak says where the audit chain is broken.
type ChainBreak struct {
	Seq    int64
	Reason string // in English
	VI     string // the same in Vietnamese
}

func (b *ChainBreak) Error() string {
	return fmt.Sprintf("dòng nhật ký %d: %s (audit row %d: %s)", b.Seq, b.VI, b.Seq, b.Reason)
}

// AuditKeyError says the chain cannot be checked with the key given, or
// that the key given has never chained it. Want and Got are fingerprints:
// of the key the chain is under, and of the key given ("" for none).
type AuditKeyError struct {
	Seq       int64 // the first row under Want; 0 when no row names it
	Want, Got string
}

func (k *AuditKeyError) Error() string {
	const give = "--audit-key-file, TEBDG_AUDIT_KEY_FILE, TEBDG_AUDIT_KEY"
	switch {
	case k.Want == "":
		return fmt.Sprintf("không dòng nào của chuỗi nhật ký được khoá bằng khoá có dấu vân tay %s: cơ sở dữ liệu chưa từng chạy với khoá này, hoặc các dòng đã bị viết lại khi không có khoá"+
			" (no audit row is chained under the key with fingerprint %s: the database never ran with this key, or its rows were rewritten without it)", k.Got, k.Got)
	case k.Got == "":
		return fmt.Sprintf("dòng nhật ký %d được khoá bằng khoá có dấu vân tay %s: cần có khoá đó để kiểm tra (%s)"+
			" (audit row %d is chained under the key with fingerprint %s: that key is needed to check it (%s))", k.Seq, k.Want, give, k.Seq, k.Want, give)
	case k.Seq == 0:
		return fmt.Sprintf("cơ sở dữ liệu gắn với khoá có dấu vân tay %s, còn khoá được cho có dấu vân tay %s"+
			" (the database is bound to the key with fingerprint %s; the key given has fingerprint %s)", k.Want, k.Got, k.Want, k.Got)
	default:
		return fmt.Sprintf("dòng nhật ký %d được khoá bằng khoá có dấu vân tay %s, còn khoá được cho có dấu vân tay %s"+
			" (audit row %d is chained under the key with fingerprint %s; the key given has fingerprint %s)", k.Seq, k.Want, k.Got, k.Seq, k.Want, k.Got)
	}
}

// AuditReport is what a check of the whole chain found.
type AuditReport struct {
	Rows  int64              // rows checked
	Head  domain.AuditAnchor // the last row, to write down outside the system
	Plain int64              // rows with plain SHA-256, from before the key
	KeyID string             // fingerprint of the key the other rows are under
}

// VerifyAudit checks the whole chain with the store's key and returns the
// number of rows checked; see CheckAudit.
func (s *Store) VerifyAudit(ctx context.Context) (int64, error) {
	r, err := s.CheckAudit(ctx, nil)
	return r.Rows, err
}

// CheckAudit walks the whole chain in order. It returns a *ChainBreak for
// the first row that does not fit (a gap in the sequence, a previous hash
// that does not match, a hash that does not match the row's contents, a
// plain row after keyed ones), and an *AuditKeyError when the rows are
// under a key the store was not given. Rows from before the key verify
// with plain SHA-256; once one row is keyed all later ones must be, so
// rewriting rows as plain ones shows. Given a key, a chain with rows but
// none under it is refused: that is what a rewrite without the key looks
// like. Given an anchor written down earlier, row anchor.Seq must still
// carry anchor.Hash, which even someone holding the key cannot fake.
func (s *Store) CheckAudit(ctx context.Context, anchor *domain.AuditAnchor) (AuditReport, error) {
	var rep AuditReport
	v, err := s.schemaVersionRead(ctx)
	if err != nil {
		return rep, err
	}
	cols, headSQL := auditCols, "SELECT seq, hash, key_id FROM audit_head WHERE id = 1"
	if v < auditKeyMigration {
		cols, headSQL = auditColsBeforeKeys, "SELECT seq, hash, '' FROM audit_head WHERE id = 1"
	}
	const batch = 5000
	var last int64
	prev, prevKey := "", ""
	for {
		rows, err := scanAll(ctx, s.r, "SELECT "+cols+" FROM audit_log a WHERE a.seq > $1 ORDER BY a.seq LIMIT $2",
			[]any{last, batch}, scanAudit)
		if err != nil {
			return rep, err
		}
		for _, e := range rows {
			if brk := s.checkRow(e, last, prev, prevKey); brk != nil {
				return rep, brk
			}
			if anchor != nil && e.Seq == anchor.Seq && e.Hash != anchor.Hash {
				return rep, &ChainBreak{e.Seq,
					fmt.Sprintf("its hash is %s but the anchor kept outside the system says %s: the chain was rewritten up to this row", e.Hash, anchor.Hash),
					fmt.Sprintf("mã băm của dòng là %s nhưng mốc lưu ngoài hệ thống ghi %s: chuỗi đã bị viết lại đến dòng này", e.Hash, anchor.Hash)}
			}
			if e.KeyID == "" {
				rep.Plain++
			}
			last, prev, prevKey = e.Seq, e.Hash, e.KeyID
			rep.Rows, rep.Head, rep.KeyID = last, domain.AuditAnchor{Seq: last, Hash: prev}, prevKey
		}
		if len(rows) < batch {
			break
		}
	}
	var headSeq int64
	var headHash, headKey string
	if err := s.r.QueryRowContext(ctx, headSQL).Scan(&headSeq, &headHash, &headKey); err != nil {
		return rep, mapErr(err)
	}
	switch {
	case headSeq != last || headHash != prev:
		return rep, &ChainBreak{last + 1,
			fmt.Sprintf("the chain ends at row %d but its head says %d: rows were removed from the end", last, headSeq),
			fmt.Sprintf("chuỗi kết thúc ở dòng %d nhưng đầu chuỗi ghi %d: các dòng cuối đã bị xoá", last, headSeq)}
	case last > 0 && headKey != prevKey:
		return rep, &ChainBreak{last,
			fmt.Sprintf("the chain's head is bound to the key with fingerprint %q but its last row to %q: rows were rewritten without the key", headKey, prevKey),
			fmt.Sprintf("đầu chuỗi gắn với khoá có dấu vân tay %q nhưng dòng cuối gắn với %q: các dòng đã bị viết lại khi không có khoá", headKey, prevKey)}
	case last == 0 && headKey != "" && s.keyID != "" && headKey != s.keyID:
		return rep, &AuditKeyError{Want: headKey, Got: s.keyID}
	case last > 0 && s.key != nil && rep.Plain == last:
		return rep, &AuditKeyError{Got: s.keyID}
	case anchor != nil && anchor.Seq > last:
		return rep, &ChainBreak{last + 1,
			fmt.Sprintf("the anchor kept outside the system names row %d but the chain ends at row %d: rows were removed", anchor.Seq, last),
			fmt.Sprintf("mốc lưu ngoài hệ thống ghi dòng %d nhưng chuỗi kết thúc ở dòng %d: các dòng đã bị xoá", anchor.Seq, last)}
	}
	return rep, nil
}

// checkRow checks one row against the one before it (last, prev, prevKey).
func (s *Store) checkRow(e domain.AuditEntry, last int64, prev, prevKey string) error {
	switch {
	case e.Seq != last+1:
		return &ChainBreak{last + 1, "row missing (next row is " + strconv.FormatInt(e.Seq, 10) + ")",
			"thiếu dòng (dòng tiếp theo là " + strconv.FormatInt(e.Seq, 10) + ")"}
	case e.PrevHash != prev:
		return &ChainBreak{e.Seq, "previous hash does not match the row before", "mã băm trước không khớp với dòng trước"}
	case e.KeyID == "" && prevKey != "":
		return &ChainBreak{e.Seq, "the row has a plain SHA-256 hash after rows chained under a key: it was rewritten without the key",
			"dòng chỉ có mã băm SHA-256 thường sau các dòng đã khoá: dòng đã bị viết lại khi không có khoá"}
	case e.KeyID == "":
		if e.ComputeHash() != e.Hash {
			return &ChainBreak{e.Seq, "contents do not match the row's hash", "nội dung không khớp với mã băm của dòng"}
		}
	case prevKey != "" && e.KeyID != prevKey:
		return &ChainBreak{e.Seq, fmt.Sprintf("the row names the key with fingerprint %s but the rows before it %s: a chain has one key", e.KeyID, prevKey),
			fmt.Sprintf("dòng ghi khoá có dấu vân tay %s nhưng các dòng trước ghi %s: một chuỗi chỉ có một khoá", e.KeyID, prevKey)}
	case e.KeyID != s.keyID:
		return &AuditKeyError{Seq: e.Seq, Want: e.KeyID, Got: s.keyID}
	case e.ComputeMAC(s.key) != e.Hash:
		return &ChainBreak{e.Seq, "contents do not match the row's hash", "nội dung không khớp với mã băm của dòng"}
	}
	return nil
}

// AuditKeyFingerprint is the fingerprint of the store's audit key, "" for
// none, for the log: instances on one database must show the same.
func (s *Store) AuditKeyFingerprint() string { return s.keyID }
