package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/orgtime"
	"tebdg/internal/vntext"
)

// A reorganisation is prepared with what it would move, applied once in
// one audited transaction (the claim on its 'prepared' state makes a
// second instance's attempt find nothing to do), and read back as the
// timeline that analytics and the org-unit pages follow.

const reorgCols = `r.id, r.kind, r.effective, r.body, r.decision, COALESCE(r.legal_doc_id, 0), r.note, o.code, o.path,
	r.status, r.changes, r.moved, r.failure, r.created_at, r.applied_at, r.version,
	cu.full_name, cuo.name, au.full_name, auo.name`

const reorgFrom = ` FROM reorganisations r JOIN org_units o ON o.id = r.org_id
	LEFT JOIN users cu ON cu.id = r.created_by LEFT JOIN org_units cuo ON cuo.id = cu.org_id
	LEFT JOIN users au ON au.id = r.applied_by LEFT JOIN org_units auo ON auo.id = au.org_id`

// reorgBody is what the body column keeps: the act's shape.
type reorgBody struct {
	Units  []string           `json:"units"`
	Into   domain.ReorgInto   `json:"into"`
	Parts  []domain.ReorgPart `json:"parts,omitempty"`
	Name   string             `json:"name,omitempty"`
	NameEN string             `json:"name_en,omitempty"`
	Parent string             `json:"parent,omitempty"`
}

func scanReorg(row interface{ Scan(...any) error }) (domain.Reorganisation, error) {
	var r domain.Reorganisation
	var body, changes, moved, failure string
	var created int64
	var applied sql.NullInt64
	var cn, cu, an, au sql.NullString
	if err := row.Scan(&r.ID, &r.Kind, &r.Effective, &body, &r.Decision, &r.LegalDoc, &r.Note, &r.Org, &r.OrgPath,
		&r.Status, &changes, &moved, &failure, &created, &applied, &r.Version, &cn, &cu, &an, &au); err != nil {
		return r, err
	}
	var b reorgBody
	if err := json.Unmarshal([]byte(body), &b); err != nil {
		return r, err
	}
	r.Units, r.Into, r.Parts, r.Name, r.NameEN, r.Parent = b.Units, b.Into, b.Parts, b.Name, b.NameEN, b.Parent
	if changes != "" {
		if err := json.Unmarshal([]byte(changes), &r.Changes); err != nil {
			return r, err
		}
	}
	if moved != "" {
		if err := json.Unmarshal([]byte(moved), &r.Moved); err != nil {
			return r, err
		}
	}
	r.Failure = failure
	r.CreatedAt = fromMicro(created)
	if applied.Valid {
		t := fromMicro(applied.Int64)
		r.AppliedAt = &t
	}
	r.CreatedBy, r.AppliedBy = who(cn, cu), who(an, au)
	return r, nil
}

// Reorganisation returns one act. Callers check scope with OrgPath.
func (s *Store) Reorganisation(ctx context.Context, id int64) (domain.Reorganisation, error) {
	r, err := scanReorg(s.r.QueryRowContext(ctx, "SELECT "+reorgCols+reorgFrom+" WHERE r.id = $1", id))
	return r, mapErr(err)
}

// ReorgFilter narrows the list of acts.
type ReorgFilter struct {
	Status domain.ReorgStatus
	Unit   string // a code: acts that concern it
}

// Reorganisations lists the acts a scope reaches, newest date first.
func (s *Store) Reorganisations(ctx context.Context, sc domain.Scope, f ReorgFilter) ([]domain.Reorganisation, error) {
	q := &query{}
	q.add("SELECT ", reorgCols, reorgFrom, " WHERE ", q.scope("o.path", sc))
	if f.Status != "" {
		q.add(" AND r.status = ", q.arg(string(f.Status)))
	}
	q.add(" ORDER BY r.effective DESC, r.id DESC")
	out, err := scanAll(ctx, s.r, q.String(), q.args, scanReorg)
	if err != nil || f.Unit == "" {
		return out, err
	}
	code := domain.NormalizeCode(f.Unit)
	return slices.DeleteFunc(out, func(r domain.Reorganisation) bool { return !slices.Contains(r.Concerns(), code) }), nil
}

// Timeline is every applied act as the timeline reads it, with the acts.
func (s *Store) Timeline(ctx context.Context) (orgtime.Timeline, []domain.Reorganisation, error) {
	acts, err := scanAll(ctx, s.r, "SELECT "+reorgCols+reorgFrom+" WHERE r.status = 'applied' ORDER BY r.effective, r.id", nil, scanReorg)
	if err != nil {
		return orgtime.Timeline{}, nil, err
	}
	evs := make([]orgtime.Event, len(acts))
	for i, a := range acts {
		evs[i] = a.Event(a.ID)
	}
	t, err := orgtime.New(evs)
	return t, acts, err
}

// PrepareReorganisation records an act to be applied on its date and
// returns it with what applying it now would move. legal is the decision
// as the legal registry knows it (it is added when new).
func (s *Store) PrepareReorganisation(ctx context.Context, actor domain.Actor, in domain.ReorgInput, legal *domain.LegalDoc) (domain.Reorganisation, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.Reorganisation{}, err
	}
	var id int64
	err := s.audited(ctx, actor, func(c *change) error {
		top, err := s.checkAct(ctx, c.tx, in, 0)
		if err != nil {
			return err
		}
		var legalID any
		if legal != nil {
			lid, err := ensureLegalDoc(ctx, c, *legal)
			if err != nil {
				return errs.Field("decision", "không đọc được số hiệu văn bản quyết định", "the decision's number could not be read")
			}
			legalID = lid
		}
		body, err := json.Marshal(reorgBody{Units: in.Units, Into: in.Into, Parts: in.Parts, Name: in.Name, NameEN: in.NameEN, Parent: in.Parent})
		if err != nil {
			return err
		}
		var by any
		if actor.UserID != 0 {
			by = actor.UserID
		}
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO reorganisations
			(kind, effective, body, decision, legal_doc_id, note, org_id, status, created_by, created_at, version)
			VALUES ($1, $2, $3, $4, $5, $6, $7, 'prepared', $8, $9, 1) RETURNING id`,
			string(in.Kind), in.Effective, string(body), in.Decision, legalID, in.Note, top.ID, by, micro(c.at)).Scan(&id); err != nil {
			return err
		}
		return c.record("reorg.prepare", "reorganisation", strconv.FormatInt(id, 10), refOf(top), nil, in)
	})
	if err != nil {
		return domain.Reorganisation{}, err
	}
	return s.ReorganisationWithPreview(ctx, id)
}

// ReorganisationWithPreview is the act with what applying it now would
// move (for a prepared one) or what it moved (for an applied one).
func (s *Store) ReorganisationWithPreview(ctx context.Context, id int64) (domain.Reorganisation, error) {
	r, err := s.Reorganisation(ctx, id)
	if err != nil || r.Status != domain.ReorgPrepared {
		return r, err
	}
	r.Preview, err = previewAct(ctx, s.r, r)
	return r, err
}

// CancelReorganisation withdraws an act not yet applied. version is the
// version the user saw (0: any), as for ApplyReorganisation.
func (s *Store) CancelReorganisation(ctx context.Context, actor domain.Actor, id int64, version int) (domain.Reorganisation, error) {
	err := s.audited(ctx, actor, func(c *change) error {
		before, err := scanReorg(c.tx.QueryRowContext(ctx, "SELECT "+reorgCols+reorgFrom+" WHERE r.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if version != 0 && before.Version != version {
			return errs.ErrStale
		}
		if before.Status != domain.ReorgPrepared {
			return errs.New(errs.Conflict, "chỉ huỷ được việc sắp xếp chưa thực hiện", "only a reorganisation not yet applied can be cancelled")
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE reorganisations SET status = 'cancelled', version = version + 1 WHERE id = $1", id); err != nil {
			return err
		}
		return c.record("reorg.cancel", "reorganisation", strconv.FormatInt(id, 10), orgRefOf(ctx, c.tx, before.Org), before, nil)
	})
	if err != nil {
		return domain.Reorganisation{}, err
	}
	return s.Reorganisation(ctx, id)
}

func orgRefOf(ctx context.Context, tx *sql.Tx, code string) orgRef {
	o, err := orgInTx(ctx, tx, code)
	if err != nil {
		return orgRef{}
	}
	return refOf(o)
}

// ErrNotYetEffective refuses a person's apply before the act's date: the
// scheduler applies it then.
var ErrNotYetEffective = errs.New(errs.Conflict, "chưa đến ngày hiệu lực: hệ thống sẽ tự thực hiện vào ngày đó", "not effective yet: tebdg applies it on its date")

// ApplyReorganisation applies a prepared act now, once (version is the
// version the user saw, 0 for any): a second call (or
// another instance's scheduler) finds it applied and is refused. Nothing
// of it is saved unless all of it is.
func (s *Store) ApplyReorganisation(ctx context.Context, actor domain.Actor, id int64, version int) (domain.Reorganisation, error) {
	today := s.now().In(vntext.Location).Format(time.DateOnly)
	err := s.audited(ctx, actor, func(c *change) error {
		r, err := scanReorg(c.tx.QueryRowContext(ctx, "SELECT "+reorgCols+reorgFrom+" WHERE r.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if version != 0 && r.Version != version {
			return errs.ErrStale
		}
		if r.Effective > today {
			return ErrNotYetEffective
		}
		return s.applyInTx(ctx, c, r)
	})
	if err != nil {
		return domain.Reorganisation{}, err
	}
	return s.Reorganisation(ctx, id)
}

// ApplyDueReorganisations applies, in date order, every prepared act whose
// date has come. An act that cannot be applied (its units changed since it
// was prepared) stays prepared with the reason shown on its page; the
// others go on.
func (s *Store) ApplyDueReorganisations(ctx context.Context, now time.Time) (applied int, err error) {
	today := now.In(vntext.Location).Format(time.DateOnly)
	ids, err := scanAll(ctx, s.r, "SELECT id FROM reorganisations WHERE status = 'prepared' AND effective <= $1 ORDER BY effective, id",
		[]any{today}, func(row interface{ Scan(...any) error }) (int64, error) {
			var id int64
			return id, row.Scan(&id)
		})
	if err != nil {
		return 0, err
	}
	var first error
	for _, id := range ids {
		err := s.audited(ctx, domain.SystemActor, func(c *change) error {
			r, err := scanReorg(c.tx.QueryRowContext(ctx, "SELECT "+reorgCols+reorgFrom+" WHERE r.id = $1", id))
			if err != nil {
				return mapErr(err)
			}
			return s.applyInTx(ctx, c, r)
		})
		switch {
		case err == nil:
			applied++
		case errs.Is(err, errs.Invalid) || errs.Is(err, errs.Conflict):
			// Already applied elsewhere, or no longer possible: say why.
			msg := errs.As(err)
			if _, werr := s.w.ExecContext(ctx, "UPDATE reorganisations SET failure = $1 WHERE id = $2 AND status = 'prepared'",
				msg.Message("vi")+" / "+msg.Message("en"), id); werr != nil && first == nil {
				first = werr
			}
		case first == nil:
			first = err
		}
	}
	return applied, first
}

// applyInTx claims the act and carries it out.
func (s *Store) applyInTx(ctx context.Context, c *change, r domain.Reorganisation) error {
	res, err := c.tx.ExecContext(ctx, `UPDATE reorganisations SET status = 'applied', applied_at = $1, applied_by = $2,
		failure = '', version = version + 1 WHERE id = $3 AND status = 'prepared'`, micro(c.at), nullIfZero(c.actor.UserID), r.ID)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return errs.New(errs.Conflict, "việc sắp xếp này đã được thực hiện hoặc đã huỷ", "this reorganisation has already been applied or was cancelled")
	}
	if _, err := s.checkAct(ctx, c.tx, r.ReorgInput, r.ID); err != nil {
		return err
	}
	a := &applier{ctx: ctx, c: c, r: r, day: r.Effective, last: domain.DayBefore(r.Effective)}
	if err := a.run(); err != nil {
		return err
	}
	changes, err := json.Marshal(a.changes)
	if err != nil {
		return err
	}
	moved, err := json.Marshal(a.moved)
	if err != nil {
		return err
	}
	if _, err := c.tx.ExecContext(ctx, "UPDATE reorganisations SET changes = $1, moved = $2 WHERE id = $3", string(changes), string(moved), r.ID); err != nil {
		return err
	}
	r.Changes, r.Moved, r.Status = a.changes, a.moved, domain.ReorgApplied
	return c.record("reorg.apply", "reorganisation", strconv.FormatInt(r.ID, 10), orgRefOf(ctx, c.tx, r.Org), nil, r)
}

// checkAct checks an act against the units as they stand and against the
// acts already applied, and returns the lowest unit holding all it
// concerns. self is the act's own id when it is being applied.
func (s *Store) checkAct(ctx context.Context, tx *sql.Tx, in domain.ReorgInput, self int64) (domain.OrgUnit, error) {
	var paths []string
	unit := func(field, code string, mustLast bool) (domain.OrgUnit, error) {
		o, err := orgInTx(ctx, tx, code)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return o, errs.Fieldf(field, "không có đơn vị mã %s", "there is no unit with code %s", code)
			}
			return o, err
		}
		if mustLast && o.ActiveTo != "" {
			return o, errs.Fieldf(field, "đơn vị %s đã ngừng hoạt động từ sau ngày %s", "the unit %s stopped after %s", code, o.ActiveTo)
		}
		paths = append(paths, o.Path)
		return o, nil
	}
	for _, code := range in.Units {
		o, err := unit("units", code, true)
		if err != nil {
			return o, err
		}
		if o.ActiveFrom != "" && o.ActiveFrom >= in.Effective {
			return o, errs.Fieldf("units", "đơn vị %s chỉ hoạt động từ %s", "the unit %s is active only from %s", code, o.ActiveFrom)
		}
	}
	switch in.Kind {
	case orgtime.Merge:
		if in.Into.New != nil {
			if _, err := orgInTx(ctx, tx, in.Into.Code); err == nil {
				return domain.OrgUnit{}, errs.Fieldf("into", "mã %s đã được dùng cho đơn vị khác", "code %s is already used by another unit", in.Into.Code)
			}
			parent := in.Into.New.Parent
			if parent == "" {
				parent = in.Units[0]
				first, _ := orgInTx(ctx, tx, parent)
				parent = first.ParentCode
			}
			if parent != "" {
				if _, err := unit("into", parent, true); err != nil {
					return domain.OrgUnit{}, err
				}
			}
		} else if _, err := unit("into", in.Into.Code, true); err != nil {
			return domain.OrgUnit{}, err
		}
	case orgtime.Move:
		if _, err := unit("parent", in.Parent, true); err != nil {
			return domain.OrgUnit{}, err
		}
	case orgtime.Split:
		for _, p := range in.Parts {
			if p.Name == "" {
				if _, err := unit("parts", p.Code, true); err != nil {
					return domain.OrgUnit{}, err
				}
			} else if _, err := orgInTx(ctx, tx, p.Code); err == nil {
				return domain.OrgUnit{}, errs.Fieldf("parts", "mã %s đã được dùng cho đơn vị khác", "code %s is already used by another unit", p.Code)
			}
			if p.Parent != "" {
				if _, err := unit("parts", p.Parent, true); err != nil {
					return domain.OrgUnit{}, err
				}
			}
		}
	}
	// The act must fit the timeline of the acts applied before it.
	evs, err := scanAll(ctx, tx, "SELECT "+reorgCols+reorgFrom+" WHERE r.status = 'applied' AND r.id <> $1", []any{self}, scanReorg)
	if err != nil {
		return domain.OrgUnit{}, err
	}
	all := []orgtime.Event{in.Event(self)}
	for _, e := range evs {
		if e.Effective > in.Effective && slices.ContainsFunc(in.Concerns(), func(c string) bool { return slices.Contains(e.Concerns(), c) }) {
			return domain.OrgUnit{}, errs.Fieldf("effective", "đã có việc sắp xếp đơn vị này hiệu lực từ %s, sau ngày %s", "a later reorganisation of this unit is in force from %s, after %s",
				isoToDMY(e.Effective), isoToDMY(in.Effective))
		}
		all = append(all, e.Event(e.ID))
	}
	if _, err := orgtime.New(all); err != nil {
		return domain.OrgUnit{}, err
	}
	top := commonPath(paths)
	o, err := scanOrg(tx.QueryRowContext(ctx, "SELECT "+orgCols+orgFrom+" WHERE o.path = $1", top))
	return o, mapErr(err)
}

// commonPath is the path of the lowest unit holding every path given.
func commonPath(paths []string) string {
	if len(paths) == 0 {
		return ""
	}
	p := paths[0]
	for _, q := range paths[1:] {
		for !strings.HasPrefix(q, p) {
			p = p[:strings.LastIndex(strings.TrimSuffix(p, "/"), "/")+1]
		}
	}
	if p == "/" || p == "" {
		// Units under different roots: the first root holds the act.
		p = paths[0][:strings.Index(paths[0][1:], "/")+2]
	}
	return p
}

// applier carries out one act inside its transaction and notes what it
// did.
type applier struct {
	ctx       context.Context
	c         *change
	r         domain.Reorganisation
	day, last string // the effective day and the day before it
	changes   []domain.ReorgChange
	moved     []domain.ReorgMove
}

func (a *applier) org(code string) (domain.OrgUnit, error) { return orgInTx(a.ctx, a.c.tx, code) }

func (a *applier) run() error {
	r := a.r
	switch r.Kind {
	case orgtime.Rename:
		o, err := a.org(r.Units[0])
		if err != nil {
			return err
		}
		return a.rename(o, r.Name, r.NameEN)
	case orgtime.Move:
		o, err := a.org(r.Units[0])
		if err != nil {
			return err
		}
		return a.move(o, r.Parent)
	case orgtime.Merge:
		return a.merge()
	case orgtime.Split:
		return a.split()
	case orgtime.Close:
		o, err := a.org(r.Units[0])
		if err != nil {
			return err
		}
		var users int
		if err := a.c.tx.QueryRowContext(a.ctx, "SELECT COUNT(*) FROM users WHERE org_id = $1 AND disabled_at IS NULL", o.ID).Scan(&users); err != nil {
			return err
		}
		if users > 0 {
			return errs.Fieldf("units", "%s còn %d người dùng: hãy chuyển hoặc khoá tài khoản trước khi giải thể",
				"%s still has %d users: move or disable them before closing it", o.Code, users)
		}
		return a.end(o)
	}
	return errs.Field("kind", "loại sắp xếp không hợp lệ", "unknown kind of reorganisation")
}

func (a *applier) bump(id int64) error {
	_, err := a.c.tx.ExecContext(a.ctx, "UPDATE org_units SET version = version + 1, updated_at = $1 WHERE id = $2", micro(a.c.at), id)
	return err
}

// note adds (or completes) the change to a unit.
func (a *applier) note(ch domain.ReorgChange) {
	for i := range a.changes {
		if a.changes[i].Code == ch.Code {
			x := &a.changes[i]
			x.Created = x.Created || ch.Created
			x.Ended = x.Ended || ch.Ended
			if ch.NewParent != "" {
				if x.NewParent == "" {
					x.Parent = ch.Parent
				}
				x.NewParent = ch.NewParent
			}
			if ch.NewName != "" {
				x.Name, x.NameEN, x.NewName = ch.Name, ch.NameEN, ch.NewName
			}
			return
		}
	}
	a.changes = append(a.changes, ch)
}

func (a *applier) rename(o domain.OrgUnit, name, nameEN string) error {
	if nameEN == "" {
		nameEN = o.NameEN
	}
	n := o
	n.Name, n.NameEN = name, nameEN
	// The old names stay searchable: people look for a commune by the name
	// they knew.
	search := orgSearch(n) + " " + vntext.Fold(o.Name+" "+o.NameEN)
	if _, err := a.c.tx.ExecContext(a.ctx, "UPDATE org_units SET name = $1, name_en = $2, search = $3 WHERE id = $4",
		name, nameEN, search, o.ID); err != nil {
		return err
	}
	a.note(domain.ReorgChange{Code: o.Code, Name: o.Name, NameEN: o.NameEN, NewName: name})
	return a.bump(o.ID)
}

func (a *applier) move(o domain.OrgUnit, parent string) error {
	if o.ParentCode == parent {
		return nil
	}
	if err := moveOrg(a.ctx, a.c, o, parent); err != nil {
		return err
	}
	a.note(domain.ReorgChange{Code: o.Code, Parent: o.ParentCode, NewParent: parent})
	return a.bump(o.ID)
}

// activeChildren lists the units right under o still active on the act's
// day.
func (a *applier) activeChildren(o domain.OrgUnit) ([]domain.OrgUnit, error) {
	return scanAll(a.ctx, a.c.tx, "SELECT "+orgCols+orgFrom+" WHERE o.parent_id = $1 AND (o.active_to IS NULL OR o.active_to >= $2) ORDER BY o.code",
		[]any{o.ID, a.day}, scanOrg)
}

// create makes a unit the act brings into being, active from its day.
func (a *applier) create(u domain.ReorgUnit, like domain.OrgUnit) (domain.OrgUnit, error) {
	in := domain.OrgUnitInput{Code: u.Code, Name: u.Name, NameEN: u.NameEN, Kind: u.Kind, Parent: u.Parent, ActiveFrom: a.day}
	if in.Kind == "" {
		in.Kind = like.Kind
	}
	if in.Parent == "" {
		in.Parent = like.ParentCode
	}
	o, err := createOrgInTx(a.ctx, a.c, in)
	if err != nil {
		return o, err
	}
	a.note(domain.ReorgChange{Code: o.Code, Created: true, NewParent: o.ParentCode})
	return o, nil
}

func (a *applier) merge() error {
	r := a.r
	first, err := a.org(r.Units[0])
	if err != nil {
		return err
	}
	var into domain.OrgUnit
	if r.Into.New != nil {
		if into, err = a.create(*r.Into.New, first); err != nil {
			return err
		}
	} else if into, err = a.org(r.Into.Code); err != nil {
		return err
	}
	var names []string
	for _, code := range r.Ends() {
		o, err := a.org(code)
		if err != nil {
			return err
		}
		if err := a.handOver(o, into, nil); err != nil {
			return err
		}
		// The merged unit hangs under its successor from now on, so today's
		// structure counts its figures there; its place before is kept in
		// the act's changes for the structure of that time.
		if o, err = a.org(code); err != nil {
			return err
		}
		if !strings.HasPrefix(o.Path, into.Path) || o.ParentID != into.ID {
			if err := a.move(o, into.Code); err != nil {
				return err
			}
		}
		if o, err = a.org(code); err != nil {
			return err
		}
		if err := a.end(o); err != nil {
			return err
		}
		names = append(names, o.Name, o.NameEN)
	}
	// Merged communes keep their old names searchable under the new one.
	if into, err = a.org(into.Code); err != nil {
		return err
	}
	_, err = a.c.tx.ExecContext(a.ctx, "UPDATE org_units SET search = search || $1 WHERE id = $2",
		" "+vntext.Fold(strings.Join(names, " ")), into.ID)
	if err != nil {
		return err
	}
	return a.bump(into.ID)
}

func (a *applier) split() error {
	r := a.r
	old, err := a.org(r.Units[0])
	if err != nil {
		return err
	}
	children, err := a.activeChildren(old)
	if err != nil {
		return err
	}
	taken := map[string]string{}
	var parts []domain.OrgUnit
	for _, p := range r.Parts {
		var o domain.OrgUnit
		if p.Name != "" {
			o, err = a.create(p.ReorgUnit, old)
		} else {
			o, err = a.org(p.Code)
		}
		if err != nil {
			return err
		}
		parts = append(parts, o)
		for _, t := range p.Takes {
			if !slices.ContainsFunc(children, func(c domain.OrgUnit) bool { return c.Code == t }) {
				return errs.Fieldf("parts", "%s không phải đơn vị trực thuộc %s", "%s is not a unit under %s", t, old.Code)
			}
			taken[t] = o.Code
		}
	}
	for _, ch := range children {
		if taken[ch.Code] == "" {
			return errs.Fieldf("parts", "chưa nêu phần nào nhận đơn vị trực thuộc %s", "say which part takes %s, a unit under the one split", ch.Code)
		}
	}
	// Users, roles and open work go to the first part, the one named to
	// carry on the old unit's business; the units under it to the part
	// that takes each.
	if err := a.handOver(old, parts[0], taken); err != nil {
		return err
	}
	if old, err = a.org(old.Code); err != nil {
		return err
	}
	return a.end(old)
}

// handOver gives the successor what the ending unit holds: the units under
// it (to the part that takes each, when a split says), then its users,
// roles and open work.
func (a *applier) handOver(o, to domain.OrgUnit, takes map[string]string) error {
	children, err := a.activeChildren(o)
	if err != nil {
		return err
	}
	for _, ch := range children {
		dest := to.Code
		if takes != nil && takes[ch.Code] != "" {
			dest = takes[ch.Code]
		}
		if err := a.move(ch, dest); err != nil {
			return err
		}
	}
	if len(children) > 0 {
		a.moved = append(a.moved, domain.ReorgMove{What: "units", From: o.Code, To: to.Code, Count: len(children)})
	}
	for _, m := range recordMoves {
		n, err := execMove(a.ctx, a.c.tx, m, o.ID, to.ID, a.day)
		if err != nil {
			return err
		}
		if n > 0 {
			a.moved = append(a.moved, domain.ReorgMove{What: m.what, From: o.Code, To: to.Code, Count: n})
		}
	}
	return nil
}

// end makes the unit's last day the day before the act.
func (a *applier) end(o domain.OrgUnit) error {
	if err := setActiveTo(a.ctx, a.c, o, a.last); err != nil {
		return err
	}
	a.note(domain.ReorgChange{Code: o.Code, Ended: true})
	return a.bump(o.ID)
}

// recordMove is one kind of record a unit's successor takes over. The
// statements name their values :from, :to, :day (YYYY-MM-DD) and :dayus
// (the day's start in microseconds), bound in order of appearance so each
// engine sees exactly the parameters a statement uses.
type recordMove struct {
	what  string
	count string
	moves []string
}

const openItem = "status NOT IN ('done', 'cancelled')"

var recordMoves = []recordMove{
	{"users", "SELECT COUNT(*) FROM users WHERE org_id = :from",
		[]string{"UPDATE users SET org_id = :to, version = version + 1 WHERE org_id = :from"}},
	{"roles", "SELECT COUNT(*) FROM role_assignments WHERE org_id = :from", []string{
		`UPDATE role_assignments SET org_id = :to WHERE org_id = :from AND NOT EXISTS (SELECT 1 FROM role_assignments x
			WHERE x.user_id = role_assignments.user_id AND x.role = role_assignments.role AND x.programme = role_assignments.programme AND x.org_id = :to)`,
		"DELETE FROM role_assignments WHERE org_id = :from"}},
	{"tasks", "SELECT COUNT(*) FROM plan_items WHERE lead_org_id = :from AND " + openItem,
		[]string{"UPDATE plan_items SET lead_org_id = :to, version = version + 1 WHERE lead_org_id = :from AND " + openItem}},
	{"supports", "SELECT COUNT(*) FROM plan_item_supports WHERE org_id = :from AND item_id IN (SELECT id FROM plan_items WHERE " + openItem + ")", []string{
		`UPDATE plan_item_supports SET org_id = :to WHERE org_id = :from AND item_id IN (SELECT id FROM plan_items WHERE ` + openItem + `)
			AND NOT EXISTS (SELECT 1 FROM plan_item_supports x WHERE x.item_id = plan_item_supports.item_id AND x.org_id = :to)`,
		"DELETE FROM plan_item_supports WHERE org_id = :from AND item_id IN (SELECT id FROM plan_items WHERE " + openItem + ")"}},
	{"reports", "SELECT COUNT(*) FROM reports WHERE org_id = :from AND status IN ('draft', 'returned') AND period_start >= :day", []string{
		`UPDATE reports SET org_id = :to, version = version + 1 WHERE org_id = :from AND status IN ('draft', 'returned') AND period_start >= :day
			AND NOT EXISTS (SELECT 1 FROM reports x WHERE x.template_id = reports.template_id AND x.period_id = reports.period_id AND x.org_id = :to)`}},
	{"values", "SELECT COUNT(*) FROM data_values WHERE org_id = :from AND period_start >= :day", []string{
		`UPDATE data_values SET org_id = :to WHERE org_id = :from AND period_start >= :day
			AND NOT EXISTS (SELECT 1 FROM data_values x WHERE x.indicator_id = data_values.indicator_id AND x.org_id = :to
				AND x.period_id = data_values.period_id AND x.combo = data_values.combo)`}},
	{"reporting", "SELECT COUNT(*) FROM template_orgs WHERE org_id = :from", []string{
		`INSERT INTO template_orgs (template_id, org_id) SELECT template_id, CAST(:to AS BIGINT) FROM template_orgs WHERE org_id = :from
			AND template_id NOT IN (SELECT template_id FROM template_orgs WHERE org_id = :to)`,
		"DELETE FROM template_orgs WHERE org_id = :from"}},
	{"templates", "SELECT COUNT(*) FROM report_templates WHERE org_id = :from",
		[]string{"UPDATE report_templates SET org_id = :to WHERE org_id = :from"}},
	{"services", "SELECT COUNT(*) FROM services WHERE org_id = :from",
		[]string{"UPDATE services SET org_id = :to WHERE org_id = :from"}},
	{"registries", "SELECT COUNT(*) FROM registry_records WHERE org_id = :from",
		[]string{"UPDATE registry_records SET org_id = :to WHERE org_id = :from"}},
	{"staff_children", "SELECT COUNT(*) FROM staff_children WHERE org_id = :from",
		[]string{"UPDATE staff_children SET org_id = :to WHERE org_id = :from"}},
	{"gift_rounds", "SELECT COUNT(*) FROM gift_rounds WHERE org_id = :from AND status = 'open'",
		[]string{"UPDATE gift_rounds SET org_id = :to, version = version + 1 WHERE org_id = :from AND status = 'open'"}},
	{"events", "SELECT COUNT(*) FROM events WHERE org_id = :from AND starts_at >= :dayus",
		[]string{"UPDATE events SET org_id = :to WHERE org_id = :from AND starts_at >= :dayus"}},
	{"cases", "SELECT COUNT(*) FROM cases WHERE org_id = :from AND status <> 'closed'",
		[]string{"UPDATE cases SET org_id = :to WHERE org_id = :from AND status <> 'closed'"}},
	{"feedback", "SELECT COUNT(*) FROM feedback WHERE org_id = :from AND status = 'new'",
		[]string{"UPDATE feedback SET org_id = :to WHERE org_id = :from AND status = 'new'"}},
	{"observances", "SELECT COUNT(*) FROM observance_rules WHERE org_id = :from",
		[]string{"UPDATE observance_rules SET org_id = :to WHERE org_id = :from"}},
}

// bindNamed turns :name values into numbered placeholders in order of
// first appearance.
func bindNamed(stmt string, vals map[string]any) (string, []any) {
	var b strings.Builder
	var args []any
	num := map[string]int{}
	for i := 0; i < len(stmt); {
		if stmt[i] == ':' && i+1 < len(stmt) && stmt[i+1] >= 'a' && stmt[i+1] <= 'z' {
			j := i + 1
			for j < len(stmt) && (stmt[j] >= 'a' && stmt[j] <= 'z') {
				j++
			}
			name := stmt[i+1 : j]
			if v, ok := vals[name]; ok {
				if num[name] == 0 {
					args = append(args, v)
					num[name] = len(args)
				}
				b.WriteString("$" + strconv.Itoa(num[name]))
				i = j
				continue
			}
		}
		b.WriteByte(stmt[i])
		i++
	}
	return b.String(), args
}

func moveVals(from, to int64, day string) map[string]any {
	t, _ := time.ParseInLocation(time.DateOnly, day, vntext.Location)
	return map[string]any{"from": from, "to": to, "day": day, "dayus": micro(t)}
}

// execMove counts what m would move and moves it.
func execMove(ctx context.Context, tx *sql.Tx, m recordMove, from, to int64, day string) (int, error) {
	vals := moveVals(from, to, day)
	stmt, args := bindNamed(m.count, vals)
	var n int
	if err := tx.QueryRowContext(ctx, stmt, args...).Scan(&n); err != nil || n == 0 {
		return n, err
	}
	for _, s := range m.moves {
		stmt, args := bindNamed(s, vals)
		if _, err := tx.ExecContext(ctx, stmt, args...); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// previewAct counts what applying the act now would move.
func previewAct(ctx context.Context, tx querier, r domain.Reorganisation) ([]domain.ReorgMove, error) {
	var to string
	switch r.Kind {
	case orgtime.Merge:
		to = r.Into.Code
	case orgtime.Split:
		to = r.Parts[0].Code
	default:
		return nil, nil
	}
	var out []domain.ReorgMove
	for _, code := range r.Ends() {
		o, err := scanOrg(tx.QueryRowContext(ctx, "SELECT "+orgCols+orgFrom+" WHERE o.code = $1", code))
		if err != nil {
			return nil, mapErr(err)
		}
		var units int
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM org_units WHERE parent_id = $1 AND (active_to IS NULL OR active_to >= $2)",
			o.ID, r.Effective).Scan(&units); err != nil {
			return nil, err
		}
		if units > 0 {
			out = append(out, domain.ReorgMove{What: "units", From: code, To: to, Count: units})
		}
		vals := moveVals(o.ID, 0, r.Effective)
		for _, m := range recordMoves {
			stmt, args := bindNamed(m.count, vals)
			var n int
			if err := tx.QueryRowContext(ctx, stmt, args...).Scan(&n); err != nil {
				return nil, err
			}
			if n > 0 {
				out = append(out, domain.ReorgMove{What: m.what, From: code, To: to, Count: n})
			}
		}
	}
	return out, nil
}

// OrgStanding is where a unit stands today and how it came to: its state,
// its successors if it ended, and its names and parents over time.
type OrgStanding struct {
	Status    string               `json:"status"` // active, inactive, merged, split, closed
	Successor []orgtime.Share      `json:"successor,omitempty"`
	History   []domain.OrgPeriod   `json:"history"`
	Acts      []domain.OrgActEntry `json:"acts,omitempty"`
}

// Standing reads a unit's standing from the applied acts.
func (s *Store) Standing(ctx context.Context, o domain.OrgUnit) (OrgStanding, error) {
	t, acts, err := s.Timeline(ctx)
	if err != nil {
		return OrgStanding{}, err
	}
	today := s.now().In(vntext.Location).Format(time.DateOnly)
	st := OrgStanding{Status: "active"}
	if day, into, ended := t.Ended(o.Code, today); ended {
		st.Successor = into
		for _, a := range acts {
			if a.Effective == day && slices.Contains(a.Ends(), o.Code) {
				st.Status = map[orgtime.Kind]string{orgtime.Merge: "merged", orgtime.Split: "split", orgtime.Close: "closed"}[a.Kind]
			}
		}
	} else if !o.Active(today) {
		st.Status = "inactive"
	}
	// The names the timeline shows: the units of the acts that concern
	// this one, and the parents they had.
	var mine []domain.Reorganisation
	codes := []string{o.ParentCode}
	for _, a := range acts {
		if slices.Contains(a.Concerns(), o.Code) {
			mine = append(mine, a)
			codes = append(codes, a.Concerns()...)
			for _, ch := range a.Changes {
				codes = append(codes, ch.Parent)
			}
		}
	}
	names, err := s.orgNames(ctx, codes)
	if err != nil {
		return st, err
	}
	st.History, st.Acts = domain.OrgTimeline(o, mine, names)
	return st, nil
}

// orgNames maps the units' codes to their names, for timelines.
func (s *Store) orgNames(ctx context.Context, codes []string) (map[string]string, error) {
	q := &query{}
	var list []string
	for _, c := range slices.Compact(slices.Sorted(slices.Values(codes))) {
		if c != "" {
			list = append(list, q.arg(c))
		}
	}
	out := map[string]string{}
	if len(list) == 0 {
		return out, nil
	}
	q.add("SELECT code, name FROM org_units WHERE code IN (", strings.Join(list, ","), ")")
	type pair struct{ code, name string }
	rows, err := scanAll(ctx, s.r, q.String(), q.args,
		func(row interface{ Scan(...any) error }) (pair, error) {
			var p pair
			return p, row.Scan(&p.code, &p.name)
		})
	for _, p := range rows {
		out[p.code] = p.name
	}
	return out, err
}

// isoToDMY writes YYYY-MM-DD as people read it: 01/03/2025.
func isoToDMY(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return vntext.FormatDate(t)
}
