package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/casecrypt"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
)

// The confidential case register. The store seals what names a person
// before it reaches the database and opens it only for a reader the
// register lets see the case; every opening is an audit row. A case no
// reader may see is, to them, a case that does not exist: errs.NotFound.
//
// The audit rows of cases (entity "case") say which case, who, when and
// why, never what the case holds, and are left out of the general audit
// pages: a case's access history is shown to its supervisor alone.

// caseEntity is the audit entity of the register's rows.
const caseEntity = "case"

// breakGlassFor is how long a break-glass opening lasts.
const breakGlassFor = 24 * time.Hour

// ErrNoCaseKey says the deployment has no master key for the register.
var ErrNoCaseKey = errs.New(errs.Unavailable,
	"sổ vụ việc bảo mật chưa có khóa chính (TEBDG_CASE_KEY_FILE, --case-key-file): liên hệ quản trị hệ thống",
	"the confidential case register has no master key (TEBDG_CASE_KEY_FILE, --case-key-file): ask the system administrator")

// ring returns the master keys, loading them on first use.
func (s *Store) ring() (casecrypt.Keyring, error) {
	if k := s.caseKeys.Load(); k != nil {
		return *k, nil
	}
	return s.reloadRing()
}

// reloadRing reads the keys again: after another instance rotated them,
// a case wrapped by a key this one has not seen yet makes it look.
func (s *Store) reloadRing() (casecrypt.Keyring, error) {
	if s.caseKeyLoad == nil {
		return casecrypt.Keyring{}, ErrNoCaseKey
	}
	k, err := s.caseKeyLoad()
	if err != nil {
		return casecrypt.Keyring{}, err
	}
	if k.Empty() {
		return casecrypt.Keyring{}, ErrNoCaseKey
	}
	s.caseKeys.Store(&k)
	return k, nil
}

// unwrap opens a case's data key with the ring, reloading it once when
// the key is not in it.
func (s *Store) unwrap(wrapped []byte) (casecrypt.DataKey, error) {
	ring, err := s.ring()
	if err != nil {
		return casecrypt.DataKey{}, err
	}
	k, err := ring.Unwrap(wrapped)
	if errors.Is(err, casecrypt.ErrWrongKey) {
		if ring, err = s.reloadRing(); err == nil {
			k, err = ring.Unwrap(wrapped)
		}
	}
	return k, err
}

// aad binds a sealed field to its case and place.
func aad(caseID int64, field string) []byte {
	return []byte("case/" + strconv.FormatInt(caseID, 10) + "/" + field)
}

// caseBody is what the body_sealed column holds.
type caseBody struct {
	Subject  domain.CaseSubject  `json:"s"`
	Reporter domain.CaseReporter `json:"r"`
	Summary  string              `json:"m"`
	Measures string              `json:"x,omitempty"`
	DV       []string            `json:"d,omitempty"`
}

func sealJSON(k casecrypt.DataKey, v any, ad []byte) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return k.Seal(b, ad), nil
}

func sealText(k casecrypt.DataKey, text string, ad []byte) []byte {
	if text == "" {
		return nil
	}
	return k.Seal([]byte(text), ad)
}

func openText(k casecrypt.DataKey, sealed, ad []byte) (string, error) {
	if len(sealed) == 0 {
		return "", nil
	}
	b, err := k.Open(sealed, ad)
	return string(b), err
}

// caseVisible is the condition on a case row c that holds when the reader
// sees it: assigned to it, supervising its unit, or within a break-glass
// opening. The org unit of the row is o.
func caseVisible(q *query, rd domain.CaseReader, now time.Time) string {
	if rd.UserID == 0 {
		return "1=0"
	}
	uid := q.arg(rd.UserID)
	cond := "(c.id IN (SELECT w.case_id FROM case_workers w WHERE w.user_id = " + uid + ")" +
		" OR c.id IN (SELECT g.case_id FROM case_break_glass g WHERE g.user_id = " + uid + " AND g.until_at > " + q.arg(micro(now)) + ")"
	if !rd.Supervises.Empty() {
		cond += " OR " + q.scope("o.path", rd.Supervises)
	}
	return cond + ")"
}

// CaseFilter narrows the register's list.
type CaseFilter struct {
	Status  domain.CaseStatus // "" for open and closed
	Overdue bool
	Org     string // a unit's path: its subtree
	Number  string // exact
	// Hashes are keyed name hashes (NameHashes), matched as written or
	// folded. nil: no search by name; empty: a search that matches nothing
	// (a name of no letters).
	Hashes []string
	Mine   bool // only the cases the reader is assigned to
	// Purpose is why the list is read ("list", "search", "export"), for
	// the audit row.
	Purpose string
}

// NameHashes are the keyed hashes of a name under every key of the ring,
// so a search finds cases a rotation has not reached yet.
func (s *Store) NameHashes(name string) ([]string, error) {
	ring, err := s.reloadRing() // afresh: a rotation re-hashes the names under the new key
	if err != nil {
		return nil, err
	}
	var out []string
	for _, m := range ring.Keys() {
		e, f := m.NameHashes(name)
		if e != "" {
			out = append(out, e, f)
		}
	}
	return out, nil
}

// Cases lists the cases the reader sees, those due soonest first, with the
// subject's name opened for each case of the page. The list is an audit
// row of its own (which cases were shown).
func (s *Store) Cases(ctx context.Context, actor domain.Actor, rd domain.CaseReader, f CaseFilter, p Page) ([]domain.CaseSummary, int, error) {
	p = p.Normalize(50)
	now := s.now()
	q := &query{}
	q.add(" FROM cases c JOIN org_units o ON o.id = c.org_id WHERE ", caseVisible(q, rd, now), " AND c.status <> 'anonymised'")
	if f.Status != "" {
		q.add(" AND c.status = ", q.arg(string(f.Status)))
	}
	if f.Overdue {
		q.add(" AND c.status = 'open' AND c.next_due < ", q.arg(micro(now)))
	}
	if f.Org != "" {
		q.add(" AND o.path LIKE ", q.arg(f.Org+"%"))
	}
	if f.Number != "" {
		q.add(" AND c.number = ", q.arg(strings.ToUpper(strings.TrimSpace(f.Number))))
	}
	if f.Mine {
		q.add(" AND c.id IN (SELECT w.case_id FROM case_workers w WHERE w.user_id = ", q.arg(rd.UserID), ")")
	}
	if f.Hashes != nil {
		if len(f.Hashes) == 0 {
			return nil, 0, nil
		}
		in := inList(q, f.Hashes)
		q.add(" AND (c.name_exact IN (", in, ") OR c.name_folded IN (", in, "))")
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	// The page's ids first, sorted on the narrow columns alone; then
	// their rows with the sealed names, so the sort never carries blobs.
	q.add(` ORDER BY CASE WHEN c.status = 'open' THEN 0 ELSE 1 END, CASE WHEN c.next_due IS NULL THEN 1 ELSE 0 END, c.next_due, c.received_at DESC, c.id DESC`)
	q.page(p)
	pageIDs, err := scanAll(ctx, s.r, "SELECT c.id"+q.String(), q.args, func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil || len(pageIDs) == 0 {
		return nil, total, err
	}
	q = &query{}
	uid := q.arg(rd.UserID)
	in := make([]string, len(pageIDs))
	for i, id := range pageIDs {
		in[i] = q.arg(id)
	}
	type row struct {
		sum     domain.CaseSummary
		path    string
		orgID   int64
		worker  int
		wrapped []byte
		name    []byte
		due     sql.NullInt64
		rcv     int64
	}
	fetched, err := scanAll(ctx, s.r, `SELECT c.id, c.number, o.id, o.code, o.name, o.path, c.kind, c.risk, c.status, c.received_at,
		c.next_step, c.next_due, c.wrapped_key, c.name_sealed,
		(SELECT COUNT(*) FROM case_workers w WHERE w.case_id = c.id AND w.user_id = `+uid+`)
		FROM cases c JOIN org_units o ON o.id = c.org_id WHERE c.id IN (`+strings.Join(in, ",")+")",
		q.args, func(r interface{ Scan(...any) error }) (row, error) {
			var x row
			err := r.Scan(&x.sum.ID, &x.sum.Number, &x.orgID, &x.sum.OrgCode, &x.sum.OrgName, &x.path, &x.sum.Kind, &x.sum.Risk, &x.sum.Status,
				&x.rcv, &x.sum.Next, &x.due, &x.wrapped, &x.name, &x.worker)
			return x, err
		})
	if err != nil {
		return nil, 0, err
	}
	byID := make(map[int64]row, len(fetched))
	for _, x := range fetched {
		byID[x.sum.ID] = x
	}
	rows := make([]row, 0, len(pageIDs))
	for _, id := range pageIDs {
		if x, ok := byID[id]; ok {
			rows = append(rows, x)
		}
	}
	out := make([]domain.CaseSummary, len(rows))
	ids := make([]int64, len(rows))
	orgIDs := make([]int64, len(rows))
	glass := make([]bool, len(rows))
	for i, x := range rows {
		x.sum.ReceivedAt = fromMicro(x.rcv)
		if x.due.Valid {
			x.sum.NextDue = fromMicro(x.due.Int64)
		}
		k, err := s.unwrap(x.wrapped)
		if err != nil {
			return nil, 0, err
		}
		if x.sum.Name, err = openText(k, x.name, aad(x.sum.ID, "name")); err != nil {
			return nil, 0, err
		}
		x.sum.Supervised = rd.Supervises.Reaches(x.path)
		out[i], ids[i], orgIDs[i], glass[i] = x.sum, x.sum.ID, x.orgID, !x.sum.Supervised && x.worker == 0
	}
	// Each case shown (its name read) is a reading of it, in its access
	// history like an opening.
	if f.Purpose == "" {
		f.Purpose = "list"
	}
	if len(ids) > 0 {
		err = s.audited(ctx, actor, func(c *change) error {
			for i, id := range ids {
				if err := c.record("case.read", caseEntity, strconv.FormatInt(id, 10), orgRef{orgIDs[i], out[i].OrgCode}, nil,
					map[string]any{"purpose": f.Purpose, "break_glass": glass[i]}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return out, total, err
}

// caseRow is a case as its row holds it, still sealed.
type caseRow struct {
	c       domain.Case
	wrapped []byte
	body    []byte
	worker  int // the reader's assignments to it: 0 or 1
}

func (s *Store) caseRowWhere(ctx context.Context, db querier, cond string, args ...any) (caseRow, error) {
	return s.caseRowFor(ctx, db, 0, cond, args...)
}

// caseRowFor is caseRowWhere that also tells whether the user reader is
// assigned to the case (x.worker), in the same query.
func (s *Store) caseRowFor(ctx context.Context, db querier, reader int64, cond string, args ...any) (caseRow, error) {
	var x caseRow
	var rcv, created int64
	var first, closed, createdBy sql.NullInt64
	args = append(args, reader)
	err := db.QueryRowContext(ctx, `SELECT c.id, c.number, c.org_id, o.code, o.path, o.name, c.kind, c.source, c.received_at, c.risk, c.status,
		c.sex, c.age_group, c.first_action, c.closed_at, c.close_reason, c.created_by, c.created_at, c.version, c.wrapped_key, c.body_sealed,
		(SELECT COUNT(*) FROM case_workers w WHERE w.case_id = c.id AND w.user_id = $`+strconv.Itoa(len(args))+`)
		FROM cases c JOIN org_units o ON o.id = c.org_id WHERE `+cond, args...).Scan(
		&x.c.ID, &x.c.Number, &x.c.OrgID, &x.c.OrgCode, &x.c.OrgPath, &x.c.OrgName, &x.c.Kind, &x.c.Source, &rcv, &x.c.Risk, &x.c.Status,
		&x.c.Subject.Sex, &x.c.AgeGroup, &first, &closed, &x.c.CloseReason, &createdBy, &created, &x.c.Version, &x.wrapped, &x.body, &x.worker)
	if err != nil {
		return x, mapErr(err)
	}
	x.c.ReceivedAt = fromMicro(rcv)
	if first.Valid {
		x.c.FirstAction = fromMicro(first.Int64)
	}
	if closed.Valid {
		x.c.ClosedAt = fromMicro(closed.Int64)
	}
	x.c.CreatedBy = createdBy.Int64
	return x, nil
}

// caseAccess tells how rd reaches case id: the case's row when they see
// it, errs.NotFound when they do not (or it does not exist).
func (s *Store) caseAccess(ctx context.Context, db querier, rd domain.CaseReader, id int64) (caseRow, domain.CaseFile, error) {
	q := &query{}
	cond := "c.id = " + q.arg(id) + " AND c.status <> 'anonymised' AND " + caseVisible(q, rd, s.now())
	x, err := s.caseRowFor(ctx, db, rd.UserID, cond, q.args...)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return x, domain.CaseFile{}, caseNotFound()
		}
		return x, domain.CaseFile{}, err
	}
	return x, domain.CaseFile{Supervisor: rd.Supervises.Reaches(x.c.OrgPath), Worker: x.worker > 0}, nil
}

func caseNotFound() error {
	return errs.New(errs.NotFound, "không tìm thấy vụ việc", "case not found")
}

// CreateCase takes in a case for the unit org: it gets its number (the
// province's code, the year, the next sequence of the year), its own data
// key, and its taker as lead worker.
func (s *Store) CreateCase(ctx context.Context, actor domain.Actor, org domain.OrgUnit, c domain.Case, hs period.Holidays) (domain.Case, error) {
	if err := c.Validate(s.now()); err != nil {
		return c, err
	}
	// The keys are read afresh for each intake, so a case taken in after
	// a rotation by another process is wrapped by the new key.
	ring, err := s.reloadRing()
	if err != nil {
		return c, err
	}
	master := ring.Current()
	next, due, _ := domain.NextStep(c.ReceivedAt, nil, hs)
	err = s.audited(ctx, actor, func(ch *change) error {
		var prefix string
		root := org.Path
		if i := strings.Index(strings.TrimPrefix(root, "/"), "/"); i >= 0 {
			root = root[:i+2]
		}
		if err := ch.tx.QueryRowContext(ctx, "SELECT code FROM org_units WHERE path = $1", root).Scan(&prefix); err != nil {
			return mapErr(err)
		}
		year := c.ReceivedAt.In(vntext.Location).Year()
		var seq int
		if err := ch.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(number_seq), 0) + 1 FROM cases WHERE number_prefix = $1 AND number_year = $2", prefix, year).Scan(&seq); err != nil {
			return mapErr(err)
		}
		c.Number = domain.FormatCaseNumber(prefix, year, seq)
		c.Status = domain.CaseOpen
		now := micro(ch.at)
		if err := ch.tx.QueryRowContext(ctx, `INSERT INTO cases (number, number_prefix, number_year, number_seq, org_id, kind, source, received_at,
			risk, status, sex, age_group, next_step, next_due, created_by, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11, $12, $13, $14, $15, $15) RETURNING id`,
			c.Number, prefix, year, seq, org.ID, string(c.Kind), string(c.Source), micro(c.ReceivedAt), string(c.Risk),
			c.Subject.Sex, c.AgeGroup, string(next.Code), nullTime(due), nullIfZero(actor.UserID), now).Scan(&c.ID); err != nil {
			return mapErr(err)
		}
		if err := s.sealCase(ctx, ch.tx, master, &c); err != nil {
			return err
		}
		if actor.UserID != 0 {
			if _, err := ch.tx.ExecContext(ctx, "INSERT INTO case_workers (case_id, user_id, lead) VALUES ($1, $2, 1)", c.ID, actor.UserID); err != nil {
				return mapErr(err)
			}
		}
		c.OrgID, c.OrgCode, c.OrgPath, c.Version = org.ID, org.Code, org.Path, 1
		return ch.record("case.create", caseEntity, strconv.FormatInt(c.ID, 10), refOf(org), nil, caseFacts(c))
	})
	return c, err
}

// sealCase makes the case's data key and writes its sealed fields and
// name hashes.
func (s *Store) sealCase(ctx context.Context, tx *sql.Tx, master casecrypt.MasterKey, c *domain.Case) error {
	k, wrapped := master.NewDataKey()
	body, err := sealJSON(k, caseBody{Subject: c.Subject, Reporter: c.Reporter, Summary: c.Summary, Measures: c.Measures, DV: c.DVMeasures}, aad(c.ID, "body"))
	if err != nil {
		return err
	}
	exact, folded := master.NameHashes(c.Subject.FullName)
	_, err = tx.ExecContext(ctx, "UPDATE cases SET wrapped_key = $1, name_sealed = $2, body_sealed = $3, name_exact = $4, name_folded = $5 WHERE id = $6",
		wrapped, sealText(k, c.Subject.FullName, aad(c.ID, "name")), body, exact, folded, c.ID)
	return mapErr(err)
}

// caseFacts is what an audit row of a case may say: nothing that names or
// describes a person.
func caseFacts(c domain.Case) map[string]any {
	return map[string]any{"number": c.Number, "kind": c.Kind, "source": c.Source, "risk": c.Risk, "status": c.Status}
}

func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return micro(t)
}

// OpenCase opens a case for the reader, with everything it holds, and
// writes the reading to the audit trail with its purpose (page, api,
// export, letter). A reader who may not see it gets errs.NotFound.
func (s *Store) OpenCase(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, purpose string) (domain.CaseFile, error) {
	x, f, err := s.caseAccess(ctx, s.r, rd, id)
	if err != nil {
		return f, err
	}
	k, err := s.unwrap(x.wrapped)
	if err != nil {
		return f, err
	}
	var body caseBody
	b, err := k.Open(x.body, aad(id, "body"))
	if err != nil {
		return f, err
	}
	if err := json.Unmarshal(b, &body); err != nil {
		return f, errs.Wrap(err, "case body")
	}
	sex := x.c.Subject.Sex
	x.c.Subject, x.c.Reporter, x.c.Summary, x.c.Measures, x.c.DVMeasures = body.Subject, body.Reporter, body.Summary, body.Measures, body.DV
	x.c.Subject.Sex = sex
	f.Case = x.c
	if err := s.loadCaseParts(ctx, k, &f); err != nil {
		return f, err
	}
	err = s.audited(ctx, actor, func(c *change) error {
		return c.record("case.read", caseEntity, strconv.FormatInt(id, 10), orgRef{x.c.OrgID, x.c.OrgCode}, nil,
			map[string]any{"purpose": purpose, "break_glass": f.BreakGlass()})
	})
	return f, err
}

// whoCols names a user as people are shown: full name and unit.
const whoJoin = " LEFT JOIN users u ON u.id = %s LEFT JOIN org_units uo ON uo.id = u.org_id"

func who(name, unit sql.NullString) string {
	if !name.Valid {
		return ""
	}
	if unit.String == "" {
		return name.String
	}
	return name.String + " (" + unit.String + ")"
}

func (s *Store) loadCaseParts(ctx context.Context, k casecrypt.DataKey, f *domain.CaseFile) error {
	id := f.Case.ID
	steps, err := scanAll(ctx, s.r, `SELECT s.step, s.done_at, u.full_name, uo.name, s.note_sealed FROM case_steps s`+
		strings.Replace(whoJoin, "%s", "s.done_by", 1)+` WHERE s.case_id = $1 ORDER BY s.done_at, s.step`, []any{id},
		func(r interface{ Scan(...any) error }) (domain.CaseStep, error) {
			var st domain.CaseStep
			var at int64
			var name, unit sql.NullString
			var note []byte
			if err := r.Scan(&st.Step, &at, &name, &unit, &note); err != nil {
				return st, err
			}
			st.DoneAt, st.By = fromMicro(at), who(name, unit)
			var err error
			st.Note, err = openText(k, note, aad(id, "step/"+string(st.Step)))
			return st, err
		})
	if err != nil {
		return err
	}
	// In the procedure's order: steps recorded at one moment, or dated
	// back, still read assessment first and closure last.
	slices.SortStableFunc(steps, func(a, b domain.CaseStep) int { return stepIndex(a.Step) - stepIndex(b.Step) })
	f.Case.Steps = steps
	f.Workers, err = scanAll(ctx, s.r, `SELECT w.user_id, u.full_name, uo.name, w.lead FROM case_workers w
		JOIN users u ON u.id = w.user_id JOIN org_units uo ON uo.id = u.org_id WHERE w.case_id = $1 ORDER BY w.lead DESC, u.full_name`,
		[]any{id}, func(r interface{ Scan(...any) error }) (domain.CaseWorker, error) {
			var w domain.CaseWorker
			var lead int
			err := r.Scan(&w.UserID, &w.FullName, &w.Unit, &lead)
			w.Lead = lead == 1
			return w, err
		})
	if err != nil {
		return err
	}
	f.Notes, err = scanAll(ctx, s.r, `SELECT n.id, n.kind, n.at, u.full_name, uo.name, n.text_sealed, n.due_on, n.done_at FROM case_notes n`+
		strings.Replace(whoJoin, "%s", "n.by_id", 1)+` WHERE n.case_id = $1 ORDER BY n.at DESC, n.id DESC`,
		[]any{id}, func(r interface{ Scan(...any) error }) (domain.CaseNote, error) {
			var n domain.CaseNote
			var at int64
			var done sql.NullInt64
			var name, unit sql.NullString
			var text []byte
			if err := r.Scan(&n.ID, &n.Kind, &at, &name, &unit, &text, &n.Due, &done); err != nil {
				return n, err
			}
			n.At, n.By = fromMicro(at), who(name, unit)
			if done.Valid {
				n.DoneAt = fromMicro(done.Int64)
			}
			var err error
			n.Text, err = openText(k, text, aad(id, "note/"+strconv.FormatInt(n.ID, 10)))
			return n, err
		})
	if err != nil {
		return err
	}
	f.Documents, err = scanAll(ctx, s.r, `SELECT d.id, d.at, u.full_name, uo.name, d.content_type, d.size, d.name_sealed FROM case_files d`+
		strings.Replace(whoJoin, "%s", "d.by_id", 1)+` WHERE d.case_id = $1 ORDER BY d.at DESC, d.id DESC`,
		[]any{id}, func(r interface{ Scan(...any) error }) (domain.CaseDocument, error) {
			var d domain.CaseDocument
			var at int64
			var name, unit sql.NullString
			var sealed []byte
			if err := r.Scan(&d.ID, &at, &name, &unit, &d.ContentType, &d.Size, &sealed); err != nil {
				return d, err
			}
			d.At, d.By = fromMicro(at), who(name, unit)
			var err error
			d.Name, err = openText(k, sealed, aad(id, "file-name/"+strconv.FormatInt(d.ID, 10)))
			return d, err
		})
	if err != nil {
		return err
	}
	if f.Consents, err = s.consents(ctx, s.r, id); err != nil {
		return err
	}
	f.Referrals, err = scanAll(ctx, s.r, `SELECT r.id, r.service_id, v.name, r.service_kind, r.scope, r.consent_ids, r.sent_at, u.full_name, uo.name,
		r.status, r.response_sealed, r.answered_at FROM case_referrals r JOIN services v ON v.id = r.service_id`+
		strings.Replace(whoJoin, "%s", "r.by_id", 1)+` WHERE r.case_id = $1 ORDER BY r.sent_at DESC, r.id DESC`,
		[]any{id}, func(r interface{ Scan(...any) error }) (domain.Referral, error) {
			var x domain.Referral
			var scope, consents string
			var sent int64
			var answered sql.NullInt64
			var name, unit sql.NullString
			var resp []byte
			if err := r.Scan(&x.ID, &x.ServiceID, &x.ServiceName, &x.ServiceKind, &scope, &consents, &sent, &name, &unit, &x.Status, &resp, &answered); err != nil {
				return x, err
			}
			_ = json.Unmarshal([]byte(scope), &x.Scope)
			_ = json.Unmarshal([]byte(consents), &x.ConsentIDs)
			x.SentAt, x.SentBy = fromMicro(sent), who(name, unit)
			if answered.Valid {
				x.AnsweredAt = fromMicro(answered.Int64)
			}
			var err error
			x.Response, err = openText(k, resp, aad(id, "referral/"+strconv.FormatInt(x.ID, 10)))
			return x, err
		})
	return err
}

func stepIndex(c domain.CaseStepCode) int {
	return slices.IndexFunc(domain.CaseSteps, func(d domain.CaseStepDef) bool { return d.Code == c })
}

func (s *Store) consents(ctx context.Context, db querier, caseID int64) ([]domain.Consent, error) {
	return scanAll(ctx, db, `SELECT c.id, c.given_by, c.at, c.service_kind, c.scope, u.full_name, uo.name, c.withdrawn_at FROM case_consents c`+
		strings.Replace(whoJoin, "%s", "c.by_id", 1)+` WHERE c.case_id = $1 ORDER BY c.at, c.id`,
		[]any{caseID}, func(r interface{ Scan(...any) error }) (domain.Consent, error) {
			var c domain.Consent
			var at int64
			var withdrawn sql.NullInt64
			var scope string
			var name, unit sql.NullString
			err := r.Scan(&c.ID, &c.GivenBy, &at, &c.Service, &scope, &name, &unit, &withdrawn)
			_ = json.Unmarshal([]byte(scope), &c.Scope)
			c.At, c.Recorded = fromMicro(at), who(name, unit)
			if withdrawn.Valid {
				c.Withdrawn = fromMicro(withdrawn.Int64)
			}
			return c, err
		})
}

// caseChange runs fn on case id in an audited transaction, when the
// reader may see it and it is open (or, with closedToo, closed).
func (s *Store) caseChange(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, closedToo bool,
	fn func(ch *change, x caseRow, f domain.CaseFile, k casecrypt.DataKey) error) error {
	return s.audited(ctx, actor, func(ch *change) error {
		x, f, err := s.caseAccess(ctx, ch.tx, rd, id)
		if err != nil {
			return err
		}
		if f.BreakGlass() {
			return errs.New(errs.Forbidden, "truy cập khẩn cấp chỉ để xem vụ việc, không để ghi: hãy liên hệ người giám sát của vụ việc", "a break-glass opening reads the case, it does not change it: reach the case's supervisor")
		}
		if x.c.Status != domain.CaseOpen && !closedToo {
			return errs.New(errs.Conflict, "vụ việc đã đóng: mở lại trước khi ghi tiếp", "the case is closed: reopen it before recording more")
		}
		k, err := s.unwrap(x.wrapped)
		if err != nil {
			return err
		}
		return fn(ch, x, f, k)
	})
}

func (s *Store) recordCase(ch *change, x caseRow, action string, after any) error {
	return ch.record(action, caseEntity, strconv.FormatInt(x.c.ID, 10), orgRef{x.c.OrgID, x.c.OrgCode}, nil, after)
}

// RecordCaseStep records a step of the procedure done at doneAt, with its
// note, and moves the case's next step on.
func (s *Store) RecordCaseStep(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, step domain.CaseStepCode,
	doneAt time.Time, note string, hs period.Holidays) error {
	note = strings.TrimSpace(note)
	if len([]rune(note)) > 20000 {
		return errs.Field("note", "ghi chú dài quá 20.000 ký tự", "the note is longer than 20,000 characters")
	}
	return s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, _ domain.CaseFile, k casecrypt.DataKey) error {
		done, err := scanAll(ctx, ch.tx, "SELECT step, done_at FROM case_steps WHERE case_id = $1", []any{id},
			func(r interface{ Scan(...any) error }) (domain.CaseStep, error) {
				var st domain.CaseStep
				var at int64
				err := r.Scan(&st.Step, &at)
				st.DoneAt = fromMicro(at)
				return st, err
			})
		if err != nil {
			return err
		}
		if err := domain.CheckStepOrder(step, done); err != nil {
			return err
		}
		if doneAt.IsZero() {
			doneAt = ch.at
		}
		if doneAt.Before(x.c.ReceivedAt) || doneAt.After(ch.at.Add(5*time.Minute)) {
			return errs.Field("done_at", "thời điểm hoàn thành phải sau khi tiếp nhận và không ở tương lai", "the step is done after the case was received and not in the future")
		}
		if _, err := ch.tx.ExecContext(ctx, "INSERT INTO case_steps (case_id, step, done_at, done_by, note_sealed) VALUES ($1, $2, $3, $4, $5)",
			id, string(step), micro(doneAt), nullIfZero(actor.UserID), sealText(k, note, aad(id, "step/"+string(step)))); err != nil {
			return mapErr(err)
		}
		done = append(done, domain.CaseStep{Step: step, DoneAt: doneAt})
		next, due, _ := domain.NextStep(x.c.ReceivedAt, done, hs)
		// The first assessment dates the first response, which the
		// aggregates time.
		var first any
		if step == domain.StepAssess {
			first = micro(doneAt)
		}
		if _, err := ch.tx.ExecContext(ctx, `UPDATE cases SET next_step = $1, next_due = $2, updated_at = $3, version = version + 1,
			first_action = COALESCE(first_action, $4) WHERE id = $5`, string(next.Code), nullTime(due), micro(ch.at), first, id); err != nil {
			return mapErr(err)
		}
		late := false
		if d, _ := domain.CaseStepOf(step); !d.Due(x.c.ReceivedAt, hs).IsZero() {
			late = doneAt.After(d.Due(x.c.ReceivedAt, hs))
		}
		return s.recordCase(ch, x, "case.step", map[string]any{"step": step, "late": late})
	})
}

// AddCaseNote adds a note, a support-plan task (with its deadline) or the
// record of a document to a case.
func (s *Store) AddCaseNote(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, kind, text, due string) (int64, error) {
	text = strings.TrimSpace(text)
	var l errs.List
	switch kind {
	case "note", "task":
	default:
		l = append(l, errs.Field("kind", "loại ghi chép là ghi chú hoặc việc của kế hoạch hỗ trợ", "the kind is a note or a support-plan task"))
	}
	if text == "" {
		l = append(l, errs.Field("text", "nhập nội dung", "enter the text"))
	} else if len([]rune(text)) > 20000 {
		l = append(l, errs.Field("text", "nội dung dài quá 20.000 ký tự", "the text is longer than 20,000 characters"))
	}
	if due != "" {
		if _, err := time.Parse(time.DateOnly, due); err != nil {
			l = append(l, errs.Field("due", "hạn viết dạng YYYY-MM-DD", "write the deadline as YYYY-MM-DD"))
		}
	}
	if err := l.Err(); err != nil {
		return 0, err
	}
	var nid int64
	err := s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, _ domain.CaseFile, k casecrypt.DataKey) error {
		if err := ch.tx.QueryRowContext(ctx, "INSERT INTO case_notes (case_id, kind, at, by_id, due_on) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			id, kind, micro(ch.at), nullIfZero(actor.UserID), due).Scan(&nid); err != nil {
			return mapErr(err)
		}
		if _, err := ch.tx.ExecContext(ctx, "UPDATE case_notes SET text_sealed = $1 WHERE id = $2",
			k.Seal([]byte(text), aad(id, "note/"+strconv.FormatInt(nid, 10))), nid); err != nil {
			return mapErr(err)
		}
		return s.recordCase(ch, x, "case.note", map[string]any{"kind": kind, "note": nid})
	})
	return nid, err
}

// CompleteCaseTask marks a support-plan task done.
func (s *Store) CompleteCaseTask(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, noteID int64) error {
	return s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, _ domain.CaseFile, _ casecrypt.DataKey) error {
		res, err := ch.tx.ExecContext(ctx, "UPDATE case_notes SET done_at = $1 WHERE id = $2 AND case_id = $3 AND kind = 'task' AND done_at IS NULL",
			micro(ch.at), noteID, id)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "không có việc này, hoặc việc đã xong", "no such task, or it is done already")
		}
		return s.recordCase(ch, x, "case.task-done", map[string]any{"note": noteID})
	})
}

// Refer refers the case to a service of the directory. The consents given
// with it are recorded first, in the same transaction; then the case's
// active consents must include everyone the law asks, or nothing is
// saved. The referral carries the parts all of them agreed to share.
func (s *Store) Refer(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, serviceID int64, given []domain.Consent) (domain.Referral, error) {
	var ref domain.Referral
	now := s.now()
	for i := range given {
		if err := given[i].Validate(now); err != nil {
			return ref, err
		}
	}
	svc, err := s.Service(ctx, serviceID)
	if err != nil || !svc.Active {
		return ref, errs.Field("service", "chọn một dịch vụ đang hoạt động trong danh bạ", "choose an active service of the directory")
	}
	err = s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, _ domain.CaseFile, k casecrypt.DataKey) error {
		for _, c := range given {
			if c.Service == "" {
				c.Service = svc.Kind
			}
			if err := s.insertConsent(ctx, ch, x, c); err != nil {
				return err
			}
		}
		all, err := s.consents(ctx, ch.tx, id)
		if err != nil {
			return err
		}
		body, err := s.caseBodyOf(k, x)
		if err != nil {
			return err
		}
		scope, err := domain.CheckConsents(body.Subject.BirthDate, ch.at, svc.Kind, all)
		if err != nil {
			return err
		}
		var ids []int64
		for _, c := range all {
			if c.Active() && (c.Service == svc.Kind || c.Service == "") {
				ids = append(ids, c.ID)
			}
		}
		sj, _ := json.Marshal(scope)
		ij, _ := json.Marshal(ids)
		if err := ch.tx.QueryRowContext(ctx, `INSERT INTO case_referrals (case_id, service_id, service_kind, scope, consent_ids, sent_at, by_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, svc.ID, string(svc.Kind), string(sj), string(ij), micro(ch.at),
			nullIfZero(actor.UserID)).Scan(&ref.ID); err != nil {
			return mapErr(err)
		}
		ref.ServiceID, ref.ServiceName, ref.ServiceKind, ref.Scope, ref.ConsentIDs = svc.ID, svc.Name, svc.Kind, scope, ids
		ref.SentAt, ref.Status = ch.at, domain.ReferralSent
		return s.recordCase(ch, x, "case.refer", map[string]any{"referral": ref.ID, "service": svc.ID, "scope": scope})
	})
	return ref, err
}

func (s *Store) caseBodyOf(k casecrypt.DataKey, x caseRow) (caseBody, error) {
	var body caseBody
	b, err := k.Open(x.body, aad(x.c.ID, "body"))
	if err == nil {
		err = json.Unmarshal(b, &body)
	}
	return body, err
}

func (s *Store) insertConsent(ctx context.Context, ch *change, x caseRow, c domain.Consent) error {
	sj, _ := json.Marshal(c.Scope)
	var cid int64
	if err := ch.tx.QueryRowContext(ctx, `INSERT INTO case_consents (case_id, given_by, at, service_kind, scope, by_id)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, x.c.ID, string(c.GivenBy), micro(c.At), string(c.Service), string(sj),
		nullIfZero(ch.actor.UserID)).Scan(&cid); err != nil {
		return mapErr(err)
	}
	return s.recordCase(ch, x, "case.consent", map[string]any{"consent": cid, "given_by": c.GivenBy, "service_kind": c.Service, "scope": c.Scope})
}

// RecordConsent records a consent for later referrals.
func (s *Store) RecordConsent(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, c domain.Consent) error {
	if err := c.Validate(s.now()); err != nil {
		return err
	}
	return s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, _ domain.CaseFile, _ casecrypt.DataKey) error {
		return s.insertConsent(ctx, ch, x, c)
	})
}

// WithdrawConsent withdraws a consent: the referrals resting on it that
// are not yet answered, and those accepted, stop.
func (s *Store) WithdrawConsent(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, consentID int64) (stopped int, err error) {
	err = s.caseChange(ctx, actor, rd, id, true, func(ch *change, x caseRow, _ domain.CaseFile, _ casecrypt.DataKey) error {
		res, err := ch.tx.ExecContext(ctx, "UPDATE case_consents SET withdrawn_at = $1 WHERE id = $2 AND case_id = $3 AND withdrawn_at IS NULL",
			micro(ch.at), consentID, id)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "không có sự đồng ý này, hoặc đã được rút lại", "no such consent, or it is withdrawn already")
		}
		refs, err := scanAll(ctx, ch.tx, "SELECT id, consent_ids FROM case_referrals WHERE case_id = $1 AND status IN ('sent', 'accepted')", []any{id},
			func(r interface{ Scan(...any) error }) ([2]any, error) {
				var rid int64
				var ids string
				err := r.Scan(&rid, &ids)
				return [2]any{rid, ids}, err
			})
		if err != nil {
			return err
		}
		for _, r := range refs {
			var ids []int64
			_ = json.Unmarshal([]byte(r[1].(string)), &ids)
			for _, c := range ids {
				if c == consentID {
					if _, err := ch.tx.ExecContext(ctx, "UPDATE case_referrals SET status = 'stopped', answered_at = $1 WHERE id = $2", micro(ch.at), r[0]); err != nil {
						return mapErr(err)
					}
					stopped++
					break
				}
			}
		}
		return s.recordCase(ch, x, "case.consent-withdrawn", map[string]any{"consent": consentID, "referrals_stopped": stopped})
	})
	return stopped, err
}

// AnswerReferral records the receiving service's acceptance or refusal.
func (s *Store) AnswerReferral(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, refID int64, status domain.ReferralStatus, response string) error {
	if status != domain.ReferralAccepted && status != domain.ReferralRefused {
		return errs.Field("status", "trả lời là tiếp nhận hoặc từ chối", "the answer is accepted or refused")
	}
	response = strings.TrimSpace(response)
	return s.caseChange(ctx, actor, rd, id, true, func(ch *change, x caseRow, _ domain.CaseFile, k casecrypt.DataKey) error {
		res, err := ch.tx.ExecContext(ctx, "UPDATE case_referrals SET status = $1, response_sealed = $2, answered_at = $3 WHERE id = $4 AND case_id = $5 AND status = 'sent'",
			string(status), sealText(k, response, aad(id, "referral/"+strconv.FormatInt(refID, 10))), micro(ch.at), refID, id)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			var st string
			if err := ch.tx.QueryRowContext(ctx, "SELECT status FROM case_referrals WHERE id = $1 AND case_id = $2", refID, id).Scan(&st); err != nil {
				return errs.New(errs.NotFound, "không có chuyển gửi này", "no such referral")
			}
			return errs.New(errs.Conflict, "chuyển gửi này không còn chờ trả lời", "this referral is not waiting for an answer")
		}
		return s.recordCase(ch, x, "case.referral-answer", map[string]any{"referral": refID, "status": status})
	})
}

// AssignCaseWorker adds (or, with remove, takes off) a worker of the case:
// only its supervisor may, and only someone whose caseworker or
// supervisor role reaches the case's unit.
func (s *Store) AssignCaseWorker(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, userID int64, remove bool) error {
	return s.caseChange(ctx, actor, rd, id, true, func(ch *change, x caseRow, f domain.CaseFile, _ casecrypt.DataKey) error {
		if !f.Supervisor {
			return errs.New(errs.Forbidden, "chỉ người giám sát của đơn vị mới phân công vụ việc", "only the unit's case supervisor assigns a case")
		}
		if remove {
			if _, err := ch.tx.ExecContext(ctx, "DELETE FROM case_workers WHERE case_id = $1 AND user_id = $2", id, userID); err != nil {
				return mapErr(err)
			}
			return s.recordCase(ch, x, "case.unassign", map[string]any{"user": userID})
		}
		u, err := s.userWhere(ctx, ch.tx, "u.id = $1 AND u.disabled_at IS NULL", userID)
		if err != nil {
			return errs.Field("user", "chọn một người đang hoạt động", "choose an active user")
		}
		if !domain.HoldsCaseRole(u, x.c.OrgPath) {
			return errs.Field("user", "người này không có vai trò quản lý trường hợp tại đơn vị của vụ việc", "this person holds no case role at the case's unit")
		}
		if _, err := ch.tx.ExecContext(ctx, "INSERT INTO case_workers (case_id, user_id, lead) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING", id, userID); err != nil {
			return mapErr(err)
		}
		return s.recordCase(ch, x, "case.assign", map[string]any{"user": userID})
	})
}

// CaseWorkersAvailable lists who may be assigned a case of the unit at
// path: the active users whose case roles reach it.
func (s *Store) CaseWorkersAvailable(ctx context.Context, path string) ([]domain.User, error) {
	users, err := scanAll(ctx, s.r, "SELECT "+userCols+userFrom+` WHERE u.disabled_at IS NULL AND u.id IN (
		SELECT r.user_id FROM role_assignments r JOIN org_units ro ON ro.id = r.org_id
		WHERE r.role IN ('caseworker', 'case-supervisor') AND $1 LIKE ro.path || '%') ORDER BY u.full_name`, []any{path}, scanUser)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*domain.User, len(users))
	for i := range users {
		ptrs[i] = &users[i]
	}
	return users, mapErr(loadAssignments(ctx, s.r, ptrs))
}

// CloseCase closes a case with its reason: its supervisor, or its lead
// worker once every step before closure is done.
func (s *Store) CloseCase(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, reason, note string) error {
	if _, ok := domain.CloseReasonOf(reason); !ok {
		return errs.Field("reason", "chọn lý do đóng hồ sơ", "choose why the case is closed")
	}
	return s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, f domain.CaseFile, k casecrypt.DataKey) error {
		if f.BreakGlass() {
			return errs.New(errs.Forbidden, "truy cập khẩn cấp chỉ để xem, không đóng hồ sơ", "a break-glass opening reads the case, it does not close it")
		}
		if !f.Supervisor {
			var lead int
			err := ch.tx.QueryRowContext(ctx, "SELECT lead FROM case_workers WHERE case_id = $1 AND user_id = $2", id, rd.UserID).Scan(&lead)
			if err != nil && !errors.Is(err, sql.ErrNoRows) {
				return mapErr(err)
			}
			if lead != 1 {
				return errs.New(errs.Forbidden, "chỉ người phụ trách chính hoặc người giám sát mới đóng hồ sơ", "only the case's lead worker or its supervisor closes it")
			}
			done, err := scanAll(ctx, ch.tx, "SELECT step FROM case_steps WHERE case_id = $1", []any{id}, func(r interface{ Scan(...any) error }) (domain.CaseStep, error) {
				var st domain.CaseStep
				return st, r.Scan(&st.Step)
			})
			if err != nil {
				return err
			}
			if next, _, _ := domain.NextStep(x.c.ReceivedAt, done, nil); next.Code != domain.StepClosure {
				return errs.New(errs.Conflict, "chưa hoàn thành bước: "+next.Name+"; trước khi xong các bước, chỉ người giám sát đóng hồ sơ",
					"a step is not done yet: "+next.NameEN+"; before every step is done, only the supervisor closes the case")
			}
		}
		if _, err := ch.tx.ExecContext(ctx, "INSERT INTO case_steps (case_id, step, done_at, done_by, note_sealed) VALUES ($1, 'closure', $2, $3, $4) ON CONFLICT (case_id, step) DO UPDATE SET done_at = excluded.done_at, done_by = excluded.done_by, note_sealed = excluded.note_sealed",
			id, micro(ch.at), nullIfZero(actor.UserID), sealText(k, strings.TrimSpace(note), aad(id, "step/closure"))); err != nil {
			return mapErr(err)
		}
		if _, err := ch.tx.ExecContext(ctx, "UPDATE cases SET status = 'closed', closed_at = $1, close_reason = $2, next_step = '', next_due = NULL, updated_at = $1, version = version + 1 WHERE id = $3",
			micro(ch.at), reason, id); err != nil {
			return mapErr(err)
		}
		return s.recordCase(ch, x, "case.close", map[string]any{"reason": reason})
	})
}

// ReopenCase opens a closed case again: its supervisor only.
func (s *Store) ReopenCase(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, hs period.Holidays) error {
	return s.caseChange(ctx, actor, rd, id, true, func(ch *change, x caseRow, f domain.CaseFile, _ casecrypt.DataKey) error {
		if !f.Supervisor {
			return errs.New(errs.Forbidden, "chỉ người giám sát mới mở lại hồ sơ", "only the case supervisor reopens a case")
		}
		if x.c.Status != domain.CaseClosed {
			return errs.New(errs.Conflict, "vụ việc đang mở", "the case is open")
		}
		if _, err := ch.tx.ExecContext(ctx, "DELETE FROM case_steps WHERE case_id = $1 AND step = 'closure'", id); err != nil {
			return mapErr(err)
		}
		done, err := scanAll(ctx, ch.tx, "SELECT step FROM case_steps WHERE case_id = $1", []any{id}, func(r interface{ Scan(...any) error }) (domain.CaseStep, error) {
			var st domain.CaseStep
			return st, r.Scan(&st.Step)
		})
		if err != nil {
			return err
		}
		next, due, _ := domain.NextStep(x.c.ReceivedAt, done, hs)
		if due.Before(ch.at) {
			due = time.Time{} // the law's limit ran from intake; the reopened case is due when its plan says
		}
		if _, err := ch.tx.ExecContext(ctx, "UPDATE cases SET status = 'open', closed_at = NULL, close_reason = '', next_step = $1, next_due = $2, updated_at = $3, version = version + 1 WHERE id = $4",
			string(next.Code), nullTime(due), micro(ch.at), id); err != nil {
			return mapErr(err)
		}
		return s.recordCase(ch, x, "case.reopen", nil)
	})
}

// BreakGlass opens, for 24 hours, the case of a number the reader does not
// see, with a written reason, when may says they may open a case of its
// unit (see auth.CanBreakGlass). A case they may not open is, to them, not
// found.
func (s *Store) BreakGlass(ctx context.Context, actor domain.Actor, number, reason string, may func(orgPath string) bool) (int64, error) {
	reason = strings.TrimSpace(reason)
	if len([]rune(reason)) < 15 {
		return 0, errs.Field("reason", "ghi rõ lý do (ít nhất 15 ký tự): việc truy cập được báo cho người giám sát của vụ việc", "write the reason (15 characters at least): the case's supervisor is told")
	}
	var id int64
	return id, s.audited(ctx, actor, func(ch *change) error {
		x, err := s.caseRowWhere(ctx, ch.tx, "c.number = $1 AND c.status <> 'anonymised'", strings.ToUpper(strings.TrimSpace(number)))
		if err != nil || !may(x.c.OrgPath) {
			return caseNotFound()
		}
		id = x.c.ID
		k, err := s.unwrap(x.wrapped)
		if err != nil {
			return err
		}
		var gid int64
		if err := ch.tx.QueryRowContext(ctx, "INSERT INTO case_break_glass (case_id, user_id, at, until_at) VALUES ($1, $2, $3, $4) RETURNING id",
			id, actor.UserID, micro(ch.at), micro(ch.at.Add(breakGlassFor))).Scan(&gid); err != nil {
			return mapErr(err)
		}
		if _, err := ch.tx.ExecContext(ctx, "UPDATE case_break_glass SET reason_sealed = $1 WHERE id = $2",
			k.Seal([]byte(reason), aad(id, "break-glass/"+strconv.FormatInt(gid, 10))), gid); err != nil {
			return mapErr(err)
		}
		return s.recordCase(ch, x, "case.break-glass", map[string]any{"until": ch.at.Add(breakGlassFor)})
	})
}

// CaseAccessLog is the case's access history, newest first: every reading
// and change from the audit trail, with the break-glass reasons opened.
// Only the case's supervisor reads it.
func (s *Store) CaseAccessLog(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64) (number string, _ []domain.CaseAccess, _ error) {
	x, f, err := s.caseAccess(ctx, s.r, rd, id)
	if err != nil {
		return "", nil, err
	}
	if !f.Supervisor {
		return "", nil, errs.New(errs.Forbidden, "chỉ người giám sát xem lịch sử truy cập", "only the case supervisor reads the access history")
	}
	k, err := s.unwrap(x.wrapped)
	if err != nil {
		return "", nil, err
	}
	type gl struct {
		user   int64
		at     int64
		reason string
	}
	glass, err := scanAll(ctx, s.r, "SELECT id, user_id, at, reason_sealed FROM case_break_glass WHERE case_id = $1", []any{id},
		func(r interface{ Scan(...any) error }) (gl, error) {
			var g gl
			var gid int64
			var sealed []byte
			if err := r.Scan(&gid, &g.user, &g.at, &sealed); err != nil {
				return g, err
			}
			var err error
			g.reason, err = openText(k, sealed, aad(id, "break-glass/"+strconv.FormatInt(gid, 10)))
			return g, err
		})
	if err != nil {
		return "", nil, err
	}
	out, err := scanAll(ctx, s.r, `SELECT a.at, a.actor_id, u.full_name, uo.name, a.action, a.after_json FROM audit_log a`+
		strings.Replace(whoJoin, "%s", "a.actor_id", 1)+` WHERE a.entity = 'case' AND a.entity_id = $1 ORDER BY a.seq DESC`,
		[]any{strconv.FormatInt(id, 10)}, func(r interface{ Scan(...any) error }) (domain.CaseAccess, error) {
			var e domain.CaseAccess
			var at int64
			var uid sql.NullInt64
			var name, unit sql.NullString
			var after string
			if err := r.Scan(&at, &uid, &name, &unit, &e.Action, &after); err != nil {
				return e, err
			}
			e.At, e.Who = fromMicro(at), who(name, unit)
			var a struct {
				Purpose    string `json:"purpose"`
				BreakGlass bool   `json:"break_glass"`
			}
			_ = json.Unmarshal([]byte(after), &a)
			e.Purpose, e.BreakGlass = a.Purpose, a.BreakGlass || e.Action == "case.break-glass"
			if e.Action == "case.break-glass" {
				for _, g := range glass {
					if g.user == uid.Int64 && g.at == at {
						e.Reason = g.reason
					}
				}
			}
			return e, nil
		})
	if err != nil {
		return "", nil, err
	}
	err = s.audited(ctx, actor, func(c *change) error {
		return s.recordCase(c, x, "case.read", map[string]any{"purpose": "access-history"})
	})
	return x.c.Number, out, err
}

// BreakGlassAlert is a break-glass opening a case's supervisor has not
// acknowledged yet.
type BreakGlassAlert struct {
	ID     int64
	CaseID int64
	Number string
	Who    string
	At     time.Time
}

// BreakGlassAlerts lists the unacknowledged break-glass openings of the
// cases the supervision scope reaches.
func (s *Store) BreakGlassAlerts(ctx context.Context, sc domain.Scope) ([]BreakGlassAlert, error) {
	if sc.Empty() {
		return nil, nil
	}
	q := &query{}
	q.add(`SELECT g.id, c.id, c.number, u.full_name, uo.name, g.at FROM case_break_glass g JOIN cases c ON c.id = g.case_id
		JOIN org_units o ON o.id = c.org_id JOIN users u ON u.id = g.user_id JOIN org_units uo ON uo.id = u.org_id
		WHERE g.seen_at IS NULL AND `, q.scope("o.path", sc), " ORDER BY g.at DESC")
	return scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (BreakGlassAlert, error) {
		var a BreakGlassAlert
		var name, unit sql.NullString
		var at int64
		err := r.Scan(&a.ID, &a.CaseID, &a.Number, &name, &unit, &at)
		a.Who, a.At = who(name, unit), fromMicro(at)
		return a, err
	})
}

// BreakGlassOpenings lists the break-glass openings made from..to, with
// the path of the case's unit, for the alert to its supervisors.
func (s *Store) BreakGlassOpenings(ctx context.Context, from, to time.Time) ([]BreakGlassAlert, []string, error) {
	type row struct {
		a    BreakGlassAlert
		path string
	}
	rows, err := scanAll(ctx, s.r, `SELECT g.id, c.id, c.number, u.full_name, uo.name, g.at, o.path FROM case_break_glass g JOIN cases c ON c.id = g.case_id
		JOIN org_units o ON o.id = c.org_id JOIN users u ON u.id = g.user_id JOIN org_units uo ON uo.id = u.org_id
		WHERE g.at > $1 AND g.at <= $2 ORDER BY g.at`, []any{micro(from), micro(to)}, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		var name, unit sql.NullString
		var at int64
		err := r.Scan(&x.a.ID, &x.a.CaseID, &x.a.Number, &name, &unit, &at, &x.path)
		x.a.Who, x.a.At = who(name, unit), fromMicro(at)
		return x, err
	})
	if err != nil {
		return nil, nil, err
	}
	alerts, paths := make([]BreakGlassAlert, len(rows)), make([]string, len(rows))
	for i, x := range rows {
		alerts[i], paths[i] = x.a, x.path
	}
	return alerts, paths, nil
}

// AcknowledgeBreakGlass marks a break-glass opening seen by the case's
// supervisor.
func (s *Store) AcknowledgeBreakGlass(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, alertID int64) error {
	return s.caseChange(ctx, actor, rd, id, true, func(ch *change, x caseRow, f domain.CaseFile, _ casecrypt.DataKey) error {
		if !f.Supervisor {
			return errs.New(errs.Forbidden, "chỉ người giám sát xác nhận", "only the case supervisor acknowledges it")
		}
		res, err := ch.tx.ExecContext(ctx, "UPDATE case_break_glass SET seen_at = $1 WHERE id = $2 AND case_id = $3 AND seen_at IS NULL", micro(ch.at), alertID, id)
		if err != nil {
			return mapErr(err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return errs.New(errs.NotFound, "không có cảnh báo này, hoặc đã được xác nhận", "no such alert, or it is acknowledged already")
		}
		return s.recordCase(ch, x, "case.break-glass-seen", map[string]any{"alert": alertID})
	})
}

// HasCaseKeys reports whether the store was given the register's master
// keys, so may take in cases.
func (s *Store) HasCaseKeys() bool { return s.caseKeyLoad != nil }

// AddCaseDocument keeps a document of a case, its name and content sealed.
// The caller has typed and bounded it (web.UploadedFiles).
func (s *Store) AddCaseDocument(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id int64, f NewFile) (int64, error) {
	var fid int64
	err := s.caseChange(ctx, actor, rd, id, false, func(ch *change, x caseRow, _ domain.CaseFile, k casecrypt.DataKey) error {
		if err := ch.tx.QueryRowContext(ctx, "INSERT INTO case_files (case_id, at, by_id, content_type, size) VALUES ($1, $2, $3, $4, $5) RETURNING id",
			id, micro(ch.at), nullIfZero(actor.UserID), f.ContentType, len(f.Data)).Scan(&fid); err != nil {
			return mapErr(err)
		}
		n := strconv.FormatInt(fid, 10)
		if _, err := ch.tx.ExecContext(ctx, "UPDATE case_files SET name_sealed = $1, data_sealed = $2 WHERE id = $3",
			k.Seal([]byte(f.Name), aad(id, "file-name/"+n)), k.Seal(f.Data, aad(id, "file/"+n)), fid); err != nil {
			return mapErr(err)
		}
		return s.recordCase(ch, x, "case.document", map[string]any{"document": fid, "content_type": f.ContentType, "size": len(f.Data)})
	})
	return fid, err
}

// CaseDocumentData opens a document of a case for the reader, the reading
// an audit row.
func (s *Store) CaseDocumentData(ctx context.Context, actor domain.Actor, rd domain.CaseReader, id, fid int64) (domain.CaseDocument, []byte, error) {
	var d domain.CaseDocument
	x, f, err := s.caseAccess(ctx, s.r, rd, id)
	if err != nil {
		return d, nil, err
	}
	var name, data []byte
	if err := s.r.QueryRowContext(ctx, "SELECT id, content_type, size, name_sealed, data_sealed FROM case_files WHERE id = $1 AND case_id = $2", fid, id).
		Scan(&d.ID, &d.ContentType, &d.Size, &name, &data); err != nil {
		return d, nil, errs.New(errs.NotFound, "không có tài liệu này", "no such document")
	}
	k, err := s.unwrap(x.wrapped)
	if err != nil {
		return d, nil, err
	}
	n := strconv.FormatInt(fid, 10)
	if d.Name, err = openText(k, name, aad(id, "file-name/"+n)); err != nil {
		return d, nil, err
	}
	plain, err := k.Open(data, aad(id, "file/"+n))
	if err != nil {
		return d, nil, err
	}
	err = s.audited(ctx, actor, func(c *change) error {
		return s.recordCase(c, x, "case.read", map[string]any{"purpose": "document", "document": fid, "break_glass": f.BreakGlass()})
	})
	return d, plain, err
}

// CaseLoad counts the open cases the reader sees and those past their
// step's time limit, for the home page: counts only, no case is read.
func (s *Store) CaseLoad(ctx context.Context, rd domain.CaseReader) (open, overdue int, err error) {
	now := s.now()
	q := &query{}
	q.add("SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.next_due < ", q.arg(micro(now)), " THEN 1 ELSE 0 END), 0) FROM cases c JOIN org_units o ON o.id = c.org_id WHERE c.status = 'open' AND ",
		caseVisible(q, rd, now))
	err = s.r.QueryRowContext(ctx, q.String(), q.args...).Scan(&open, &overdue)
	return open, overdue, mapErr(err)
}
