package store

import (
	"context"
	"database/sql"
	"encoding/hex"
	"strings"
	"time"

	"tebdg/internal/casecrypt"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// The register's aggregates, its retention and its key rotation: the
// parts of the register that read no name.

// CaseStats are the aggregates of the cases received from..to (inclusive
// days, YYYY-MM-DD in Vietnam's time) in the subtree of org, broken down
// by the units directly under it.
func (s *Store) CaseStats(ctx context.Context, org domain.OrgUnit, from, to time.Time, lang string) (domain.CaseStats, error) {
	children, err := scanAll(ctx, s.r, "SELECT code, name, path FROM org_units WHERE parent_id = $1 ORDER BY code", []any{org.ID},
		func(r interface{ Scan(...any) error }) ([3]string, error) {
			var x [3]string
			return x, r.Scan(&x[0], &x[1], &x[2])
		})
	if err != nil {
		return domain.CaseStats{}, err
	}
	areas := []domain.Area{{Code: org.Code, Name: org.Name}}
	for _, c := range children {
		areas = append(areas, domain.Area{Code: c[0], Name: c[1]})
	}
	end := to.AddDate(0, 0, 1)
	facts, err := scanAll(ctx, s.r, `SELECT c.kind, c.sex, c.age_group, o.path, c.received_at, c.first_action, c.closed_at
		FROM cases c JOIN org_units o ON o.id = c.org_id WHERE o.path LIKE $1 AND c.received_at >= $2 AND c.received_at < $3`,
		[]any{org.Path + "%", micro(from), micro(end)}, func(r interface{ Scan(...any) error }) (domain.CaseFact, error) {
			var f domain.CaseFact
			var path string
			var rcv int64
			var first, closed sql.NullInt64
			if err := r.Scan(&f.Kind, &f.Sex, &f.AgeGroup, &path, &rcv, &first, &closed); err != nil {
				return f, err
			}
			f.Received, f.Area = fromMicro(rcv), org.Code
			for _, c := range children {
				if strings.HasPrefix(path, c[2]) {
					f.Area = c[0]
				}
			}
			if first.Valid {
				f.FirstAction = fromMicro(first.Int64)
			}
			if closed.Valid {
				f.Closed = fromMicro(closed.Int64)
			}
			return f, nil
		})
	if err != nil {
		return domain.CaseStats{}, err
	}
	refs := map[domain.ServiceKind]int{}
	rows, err := s.r.QueryContext(ctx, `SELECT r.service_kind, COUNT(*) FROM case_referrals r JOIN cases c ON c.id = r.case_id
		JOIN org_units o ON o.id = c.org_id WHERE o.path LIKE $1 AND r.sent_at >= $2 AND r.sent_at < $3 GROUP BY r.service_kind`,
		org.Path+"%", micro(from), micro(end))
	if err != nil {
		return domain.CaseStats{}, mapErr(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var k domain.ServiceKind
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return domain.CaseStats{}, mapErr(err)
		}
		refs[k] = n
	}
	if err := rows.Err(); err != nil {
		return domain.CaseStats{}, mapErr(err)
	}
	st := domain.BuildCaseStats(facts, refs, areas, lang)
	st.Org = org.Code
	return st, nil
}

// caseFigures is RecordFigures for the register's metrics: exact counts
// for the unit's own report (see domain.CaseMetrics).
func caseFigures(q *query, metric string, under func(string) string, kinds func(string) string, from, to string) (string, bool) {
	fromAt, err1 := time.ParseInLocation(time.DateOnly, from, vntext.Location)
	toAt, err2 := time.ParseInLocation(time.DateOnly, to, vntext.Location)
	if err1 != nil || err2 != nil {
		return "", false
	}
	lo, hi := q.arg(micro(fromAt)), q.arg(micro(toAt.AddDate(0, 0, 1)))
	sexes := `COUNT(*), COALESCE(SUM(CASE WHEN c.sex = 'male' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN c.sex = 'female' THEN 1 ELSE 0 END), 0)`
	base := " FROM cases c JOIN org_units o ON o.id = c.org_id WHERE "
	switch metric {
	case "cases.received":
		return "SELECT " + sexes + base + "c.received_at >= " + lo + " AND c.received_at < " + hi + " AND " + under("o.path") + " AND " + kinds("c.kind"), true
	case "cases.closed":
		return "SELECT " + sexes + base + "c.closed_at >= " + lo + " AND c.closed_at < " + hi + " AND " + under("o.path") + " AND " + kinds("c.kind"), true
	case "cases.referred":
		return "SELECT " + sexes + base + "c.id IN (SELECT r.case_id FROM case_referrals r WHERE r.sent_at >= " + lo + " AND r.sent_at < " + hi +
			") AND " + under("o.path") + " AND " + kinds("c.kind"), true
	}
	return "", false
}

// CaseRetention is a closed case past the retention time.
type CaseRetention struct {
	ID       int64
	Number   string
	Org      string
	ClosedAt time.Time
}

// CasesPastRetention lists the closed cases closed before cutoff, oldest
// first.
func (s *Store) CasesPastRetention(ctx context.Context, cutoff time.Time) ([]CaseRetention, error) {
	return scanAll(ctx, s.r, `SELECT c.id, c.number, o.code, c.closed_at FROM cases c JOIN org_units o ON o.id = c.org_id
		WHERE c.status = 'closed' AND c.closed_at < $1 ORDER BY c.closed_at, c.id`, []any{micro(cutoff)},
		func(r interface{ Scan(...any) error }) (CaseRetention, error) {
			var x CaseRetention
			var at int64
			err := r.Scan(&x.ID, &x.Number, &x.Org, &at)
			x.ClosedAt = fromMicro(at)
			return x, err
		})
}

// AnonymiseCase wipes what names a person from a closed case: its key,
// sealed fields, name hashes, notes, steps' notes, consents' links and
// referrals' answers. What the aggregates count stays. A case reopened
// since it was listed is left alone.
func (s *Store) AnonymiseCase(ctx context.Context, actor domain.Actor, id int64, cutoff time.Time) error {
	return s.audited(ctx, actor, func(ch *change) error {
		x, err := s.caseRowWhere(ctx, ch.tx, "c.id = $1", id)
		if err != nil {
			return err
		}
		if x.c.Status != domain.CaseClosed || !x.c.ClosedAt.Before(cutoff) {
			return errs.New(errs.Conflict, "vụ việc không còn trong diện ẩn danh", "the case is no longer due for anonymisation")
		}
		for _, stmt := range []string{
			"UPDATE cases SET status = 'anonymised', wrapped_key = NULL, name_sealed = NULL, body_sealed = NULL, name_exact = '', name_folded = '', updated_at = $2, version = version + 1 WHERE id = $1",
			"UPDATE case_steps SET note_sealed = NULL WHERE case_id = $1",
			"DELETE FROM case_notes WHERE case_id = $1",
			"DELETE FROM case_files WHERE case_id = $1",
			"UPDATE case_referrals SET response_sealed = NULL WHERE case_id = $1",
			"UPDATE case_break_glass SET reason_sealed = NULL WHERE case_id = $1",
			"DELETE FROM case_workers WHERE case_id = $1",
		} {
			args := []any{id}
			if strings.Contains(stmt, "$2") {
				args = append(args, micro(ch.at))
			}
			if _, err := ch.tx.ExecContext(ctx, stmt, args...); err != nil {
				return mapErr(err)
			}
		}
		return s.recordCase(ch, x, "case.anonymise", map[string]any{"number": x.c.Number})
	})
}

// CaseKeyUse counts the cases wrapped by each master key, by fingerprint.
// The database groups them by the fingerprint a wrapped key carries (its
// bytes 2 to 9, see casecrypt.WrappedBy), so a server checking its keys at
// start reads one row per key, not one per case.
func (s *Store) CaseKeyUse(ctx context.Context) (map[string]int, error) {
	out := map[string]int{}
	rows, err := s.r.QueryContext(ctx, "SELECT substr(wrapped_key, 2, 8), COUNT(*) FROM cases WHERE wrapped_key IS NOT NULL GROUP BY substr(wrapped_key, 2, 8)")
	if err != nil {
		return nil, mapErr(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var id []byte
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			return nil, mapErr(err)
		}
		out[hex.EncodeToString(id)] += n
	}
	return out, mapErr(rows.Err())
}

// RotateCaseKeys re-wraps every case not wrapped by ring's current key and
// recomputes its name hashes under it, a batch of cases per transaction,
// so the register stays in use throughout. ring must hold the keys the
// cases are wrapped by. progress is told how far it has come.
func (s *Store) RotateCaseKeys(ctx context.Context, ring casecrypt.Keyring, progress func(done, total int)) (int, error) {
	cur := ring.Current()
	fp := cur.Fingerprint()
	ids, err := scanAll(ctx, s.r, "SELECT id, wrapped_key FROM cases WHERE wrapped_key IS NOT NULL ORDER BY id", nil,
		func(r interface{ Scan(...any) error }) (int64, error) {
			var id int64
			var w []byte
			if err := r.Scan(&id, &w); err != nil {
				return 0, err
			}
			if casecrypt.WrappedBy(w) == fp {
				return 0, nil
			}
			return id, nil
		})
	if err != nil {
		return 0, err
	}
	todo := ids[:0]
	for _, id := range ids {
		if id != 0 {
			todo = append(todo, id)
		}
	}
	const batch = 200
	done := 0
	for start := 0; start < len(todo); start += batch {
		part := todo[start:min(start+batch, len(todo))]
		err := s.audited(ctx, domain.SystemActor, func(ch *change) error {
			for _, id := range part {
				var w, name []byte
				var version int
				if err := ch.tx.QueryRowContext(ctx, "SELECT wrapped_key, name_sealed, version FROM cases WHERE id = $1", id).Scan(&w, &name, &version); err != nil {
					return mapErr(err)
				}
				if w == nil || casecrypt.WrappedBy(w) == fp {
					continue
				}
				k, err := ring.Unwrap(w)
				if err != nil {
					return err
				}
				old, _ := ring.Find(casecrypt.WrappedBy(w))
				nw, err := casecrypt.Rewrap(old, cur, w)
				if err != nil {
					return err
				}
				plain, err := openText(k, name, aad(id, "name"))
				if err != nil {
					return err
				}
				exact, folded := cur.NameHashes(plain)
				if _, err := ch.tx.ExecContext(ctx, "UPDATE cases SET wrapped_key = $1, name_exact = $2, name_folded = $3 WHERE id = $4 AND version = $5",
					nw, exact, folded, id, version); err != nil {
					return mapErr(err)
				}
			}
			return ch.record("case.keys-rotate", "case-keys", fp, orgRef{}, nil, map[string]any{"cases": len(part)})
		})
		if err != nil {
			return done, err
		}
		done += len(part)
		if progress != nil {
			progress(done, len(todo))
		}
	}
	s.caseKeys.Store(&ring)
	return done, nil
}

// CaseCount is how many cases the register holds (for the key commands).
func (s *Store) CaseCount(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM cases").Scan(&n)
	return n, mapErr(err)
}

// CaseDue is an open case's next step with a time limit, for reminders:
// its number, never its content.
type CaseDue struct {
	CaseID  int64
	Number  string
	OrgPath string
	Step    domain.CaseStepCode
	Due     time.Time
	Workers []int64
}

// CasesDue lists the open cases whose next step falls due from..to.
func (s *Store) CasesDue(ctx context.Context, from, to time.Time) ([]CaseDue, error) {
	out, err := scanAll(ctx, s.r, `SELECT c.id, c.number, o.path, c.next_step, c.next_due FROM cases c JOIN org_units o ON o.id = c.org_id
		WHERE c.status = 'open' AND c.next_due >= $1 AND c.next_due < $2 ORDER BY c.next_due`, []any{micro(from), micro(to)},
		func(r interface{ Scan(...any) error }) (CaseDue, error) {
			var d CaseDue
			var due int64
			err := r.Scan(&d.CaseID, &d.Number, &d.OrgPath, &d.Step, &due)
			d.Due = fromMicro(due)
			return d, err
		})
	if err != nil || len(out) == 0 {
		return out, err
	}
	byID := map[int64]*CaseDue{}
	q := &query{}
	ids := make([]string, len(out))
	for i := range out {
		byID[out[i].CaseID] = &out[i]
		ids[i] = q.arg(out[i].CaseID)
	}
	q.add("SELECT case_id, user_id FROM case_workers WHERE case_id IN (", strings.Join(ids, ","), ")")
	rows, err := s.r.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return nil, mapErr(err)
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var cid, uid int64
		if err := rows.Scan(&cid, &uid); err != nil {
			return nil, mapErr(err)
		}
		byID[cid].Workers = append(byID[cid].Workers, uid)
	}
	return out, mapErr(rows.Err())
}
