package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

const orgCols = `o.id, o.code, o.name, o.name_en, o.kind, COALESCE(o.parent_id, 0), COALESCE(p.code, ''),
	o.path, COALESCE(o.active_from, ''), COALESCE(o.active_to, ''), o.version, o.created_at, o.updated_at`

const orgFrom = ` FROM org_units o LEFT JOIN org_units p ON p.id = o.parent_id`

func scanOrg(row interface{ Scan(...any) error }) (domain.OrgUnit, error) {
	var o domain.OrgUnit
	var created, updated int64
	err := row.Scan(&o.ID, &o.Code, &o.Name, &o.NameEN, &o.Kind, &o.ParentID, &o.ParentCode,
		&o.Path, &o.ActiveFrom, &o.ActiveTo, &o.Version, &created, &updated)
	o.CreatedAt, o.UpdatedAt = fromMicro(created), fromMicro(updated)
	o.Depth = strings.Count(o.Path, "/") - 2
	return o, err
}

func orgSearch(o domain.OrgUnit) string {
	return vntext.Fold(o.Code + " " + o.Name + " " + o.NameEN)
}

// OrgUnit returns the unit with the given code. It does not check scope:
// callers do, with the unit's Path.
func (s *Store) OrgUnit(ctx context.Context, code string) (domain.OrgUnit, error) {
	o, err := scanOrg(s.r.QueryRowContext(ctx, "SELECT "+orgCols+orgFrom+" WHERE o.code = $1", domain.NormalizeCode(code)))
	return o, mapErr(err)
}

// OrgUnitByID returns the unit with the given id.
func (s *Store) OrgUnitByID(ctx context.Context, id int64) (domain.OrgUnit, error) {
	o, err := scanOrg(s.r.QueryRowContext(ctx, "SELECT "+orgCols+orgFrom+" WHERE o.id = $1", id))
	return o, mapErr(err)
}

func orgInTx(ctx context.Context, tx *sql.Tx, code string) (domain.OrgUnit, error) {
	o, err := scanOrg(tx.QueryRowContext(ctx, "SELECT "+orgCols+orgFrom+" WHERE o.code = $1", code))
	return o, mapErr(err)
}

// OrgFilter narrows a list of org units.
type OrgFilter struct {
	Search   string // words matched against code and names, accents ignored
	Kind     domain.OrgKind
	Under    string // a path: keep only this subtree
	Inactive bool   // include units no longer active
	Today    string // YYYY-MM-DD, for Inactive=false
}

// OrgUnits lists the units a scope reaches, ordered by depth and name. A nil
// page lists them all (a province has a few hundred).
func (s *Store) OrgUnits(ctx context.Context, sc domain.Scope, f OrgFilter, p *Page) ([]domain.OrgUnit, int, error) {
	q := &query{}
	q.add(orgFrom, " WHERE ", q.scope("o.path", sc))
	if f.Kind != "" {
		q.add(" AND o.kind = ", q.arg(string(f.Kind)))
	}
	if f.Under != "" {
		q.add(" AND o.path LIKE ", q.arg(f.Under+"%"))
	}
	if !f.Inactive {
		today := f.Today
		if today == "" {
			today = s.now().In(vntext.Location).Format("2006-01-02")
		}
		q.add(" AND (o.active_to IS NULL OR o.active_to >= ", q.arg(today), ")")
	}
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND o.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
	total := -1
	if p != nil {
		if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+q.String(), q.args...).Scan(&total); err != nil {
			return nil, 0, mapErr(err)
		}
	}
	q.add(" ORDER BY LENGTH(o.path), o.name, o.code")
	if p != nil {
		q.page(p.Normalize(100))
	}
	out, err := scanAll(ctx, s.r, "SELECT "+orgCols+q.String(), q.args, scanOrg)
	if total < 0 {
		total = len(out)
	}
	return out, total, err
}

// escapeLike escapes LIKE's wildcards in a user's word.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// CreateOrgUnit adds a unit under in.Parent (a root when empty). The caller
// has checked that the actor may write under the parent.
func (s *Store) CreateOrgUnit(ctx context.Context, actor domain.Actor, in domain.OrgUnitInput) (domain.OrgUnit, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.OrgUnit{}, err
	}
	var out domain.OrgUnit
	err := s.audited(ctx, actor, func(c *change) error {
		var err error
		out, err = createOrgInTx(ctx, c, in)
		return err
	})
	return out, err
}

// createOrgInTx adds a checked unit inside a change and records it.
func createOrgInTx(ctx context.Context, c *change, in domain.OrgUnitInput) (domain.OrgUnit, error) {
	var parent domain.OrgUnit
	var parentID any
	if in.Parent != "" {
		var err error
		if parent, err = orgInTx(ctx, c.tx, in.Parent); err != nil {
			if errs.Is(err, errs.NotFound) {
				return parent, errs.Fieldf("parent", "không có đơn vị cấp trên mã %s", "there is no parent unit with code %s", in.Parent)
			}
			return parent, err
		}
		parentID = parent.ID
	}
	now := micro(c.at)
	var from any
	if in.ActiveFrom != "" {
		from = in.ActiveFrom
	}
	o := domain.OrgUnit{Code: in.Code, Name: in.Name, NameEN: in.NameEN, Kind: in.Kind}
	var id int64
	err := c.tx.QueryRowContext(ctx, `INSERT INTO org_units
		(code, name, name_en, kind, parent_id, path, search, active_from, version, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, '', $6, $7, 1, $8, $8) RETURNING id`,
		in.Code, in.Name, in.NameEN, string(in.Kind), parentID, orgSearch(o), from, now).Scan(&id)
	if err != nil {
		if errs.Is(mapErr(err), errs.Exists) {
			return o, errs.Fieldf("code", "mã %s đã được dùng cho đơn vị khác", "code %s is already used by another unit", in.Code)
		}
		return o, err
	}
	path := "/" + strconv.FormatInt(id, 10) + "/"
	if parent.ID != 0 {
		path = parent.Path + strconv.FormatInt(id, 10) + "/"
	}
	if _, err := c.tx.ExecContext(ctx, "UPDATE org_units SET path = $1 WHERE id = $2", path, id); err != nil {
		return o, err
	}
	out, err := orgInTx(ctx, c.tx, in.Code)
	if err != nil {
		return out, err
	}
	return out, c.record("orgunit.create", "orgunit", out.Code, refOf(out), nil, out)
}

// OrgUnitUpdate holds the fields a rename changes.
type OrgUnitUpdate struct {
	Name, NameEN string
	Kind         domain.OrgKind
}

func (upd *OrgUnitUpdate) validate() error {
	upd.Name, upd.NameEN = domain.CleanText(upd.Name), domain.CleanText(upd.NameEN)
	var l errs.List
	if e := domain.ValidateName("name", upd.Name, true); e != nil {
		l = append(l, e)
	}
	if e := domain.ValidateName("name_en", upd.NameEN, false); e != nil {
		l = append(l, e)
	}
	if !upd.Kind.Valid() {
		l = append(l, errs.Field("kind", "chọn loại đơn vị", "choose the kind of unit"))
	}
	return l.Err()
}

// UpdateOrgUnit renames a unit or changes its kind. version is the version
// the user saw: if someone saved in between, the edit is refused with
// errs.ErrStale and their change is kept.
func (s *Store) UpdateOrgUnit(ctx context.Context, actor domain.Actor, code string, version int, upd OrgUnitUpdate) (domain.OrgUnit, error) {
	return s.PatchOrgUnit(ctx, actor, code, version, OrgUnitPatch{Update: &upd})
}

// MoveOrgUnit gives a unit a new parent, carrying its subtree along. A move
// under itself or one of its descendants is refused: it would make a cycle.
func (s *Store) MoveOrgUnit(ctx context.Context, actor domain.Actor, code string, version int, newParent string) (domain.OrgUnit, error) {
	return s.PatchOrgUnit(ctx, actor, code, version, OrgUnitPatch{Parent: &newParent})
}

// SetOrgUnitActiveTo deactivates a unit after activeTo (YYYY-MM-DD, its
// last active day), or reactivates it when activeTo is "".
func (s *Store) SetOrgUnitActiveTo(ctx context.Context, actor domain.Actor, code string, version int, activeTo string) (domain.OrgUnit, error) {
	return s.PatchOrgUnit(ctx, actor, code, version, OrgUnitPatch{ActiveTo: &activeTo})
}

// OrgUnitPatch is a set of changes to one unit, applied together in one
// transaction: all of them or none. A nil member is left alone.
type OrgUnitPatch struct {
	Update   *OrgUnitUpdate
	Parent   *string // new parent code
	ActiveTo *string // "" reactivates
}

// action names the change for the audit trail.
func (p OrgUnitPatch) action() string {
	switch {
	case p.Update == nil && p.Parent == nil && p.ActiveTo != nil && *p.ActiveTo == "":
		return "orgunit.reactivate"
	case p.Update == nil && p.Parent == nil && p.ActiveTo != nil:
		return "orgunit.deactivate"
	case p.Update == nil && p.Parent != nil && p.ActiveTo == nil:
		return "orgunit.move"
	}
	return "orgunit.update"
}

// PatchOrgUnit applies a patch after checking the version.
func (s *Store) PatchOrgUnit(ctx context.Context, actor domain.Actor, code string, version int, p OrgUnitPatch) (domain.OrgUnit, error) {
	if p.Update == nil && p.Parent == nil && p.ActiveTo == nil {
		return domain.OrgUnit{}, errs.New(errs.Invalid, "không có thay đổi nào", "nothing to change")
	}
	if p.Update != nil {
		if err := p.Update.validate(); err != nil {
			return domain.OrgUnit{}, err
		}
	}
	if p.Parent != nil {
		*p.Parent = domain.NormalizeCode(*p.Parent)
		if *p.Parent == "" {
			return domain.OrgUnit{}, errs.Field("parent", "chọn đơn vị cấp trên mới", "choose the new parent unit")
		}
	}
	if p.ActiveTo != nil && *p.ActiveTo != "" {
		if _, err := domain.ParseISODate(*p.ActiveTo); err != nil {
			return domain.OrgUnit{}, errs.Field("active_to", "ngày không hợp lệ", "not a valid date")
		}
	}
	return s.changeOrg(ctx, actor, code, version, p.action(), func(c *change, o domain.OrgUnit) error {
		if p.Update != nil {
			if err := renameOrg(ctx, c, o, *p.Update); err != nil {
				return err
			}
		}
		if p.Parent != nil {
			if err := moveOrg(ctx, c, o, *p.Parent); err != nil {
				return err
			}
		}
		if p.ActiveTo != nil {
			if err := setActiveTo(ctx, c, o, *p.ActiveTo); err != nil {
				return err
			}
		}
		_, err := c.tx.ExecContext(ctx, "UPDATE org_units SET version = version + 1, updated_at = $1 WHERE id = $2", micro(c.at), o.ID)
		return err
	})
}

func renameOrg(ctx context.Context, c *change, o domain.OrgUnit, upd OrgUnitUpdate) error {
	o.Name, o.NameEN, o.Kind = upd.Name, upd.NameEN, upd.Kind
	_, err := c.tx.ExecContext(ctx, "UPDATE org_units SET name = $1, name_en = $2, kind = $3, search = $4 WHERE id = $5",
		o.Name, o.NameEN, string(o.Kind), orgSearch(o), o.ID)
	return err
}

func moveOrg(ctx context.Context, c *change, o domain.OrgUnit, newParent string) error {
	parent, err := orgInTx(ctx, c.tx, newParent)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return errs.Fieldf("parent", "không có đơn vị mã %s", "there is no unit with code %s", newParent)
		}
		return err
	}
	if strings.HasPrefix(parent.Path, o.Path) {
		return errs.Field("parent", "không thể chuyển một đơn vị vào chính nó hoặc vào đơn vị cấp dưới của nó",
			"a unit cannot be moved under itself or under one of its own descendants")
	}
	if parent.ActiveTo != "" && o.ActiveTo == "" {
		return errs.Field("parent", "đơn vị cấp trên mới đã ngừng hoạt động", "the new parent unit is inactive")
	}
	if parent.ID == o.ParentID {
		return errs.Field("parent", "đơn vị đã thuộc đơn vị cấp trên này", "the unit is already under this parent")
	}
	newPath := parent.Path + strconv.FormatInt(o.ID, 10) + "/"
	if _, err := c.tx.ExecContext(ctx, `UPDATE org_units SET path = CAST($1 AS TEXT) || SUBSTR(path, $2)
		WHERE path LIKE $3`, newPath, len(o.Path)+1, o.Path+"%"); err != nil {
		return err
	}
	_, err = c.tx.ExecContext(ctx, "UPDATE org_units SET parent_id = $1 WHERE id = $2", parent.ID, o.ID)
	return err
}

// setActiveTo ends or restores a unit's activity. A unit that still has
// active units under it cannot end: their work would be orphaned. A unit
// cannot come back under an inactive parent.
func setActiveTo(ctx context.Context, c *change, o domain.OrgUnit, activeTo string) error {
	if activeTo == "" {
		if o.ActiveTo == "" {
			return errs.Field("active_to", "đơn vị đang hoạt động", "the unit is already active")
		}
		var ended int
		if err := c.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reorganisations WHERE status = 'applied' AND changes LIKE $1 ESCAPE '\'`,
			`%"code":"`+escapeLike(o.Code)+`","ended":true%`).Scan(&ended); err != nil {
			return err
		}
		if ended > 0 {
			return errs.Field("active_to", "đơn vị đã kết thúc theo một quyết định sắp xếp tổ chức: công việc của đơn vị do đơn vị kế thừa đảm nhận",
				"a reorganisation ended this unit: its successor carries on its work")
		}
		if o.ParentID != 0 {
			var parentTo *string
			if err := c.tx.QueryRowContext(ctx, "SELECT active_to FROM org_units WHERE id = $1", o.ParentID).Scan(&parentTo); err != nil {
				return err
			}
			if parentTo != nil {
				return errs.Field("active_to", "đơn vị cấp trên đã ngừng hoạt động: hãy cho đơn vị cấp trên hoạt động lại trước",
					"the parent unit is inactive: reactivate it first")
			}
		}
		_, err := c.tx.ExecContext(ctx, "UPDATE org_units SET active_to = NULL WHERE id = $1", o.ID)
		return err
	}
	if o.ActiveFrom != "" && activeTo < o.ActiveFrom {
		return errs.Field("active_to", "ngày kết thúc trước ngày bắt đầu hoạt động", "the end date is before the unit's start date")
	}
	var n int
	if err := c.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM org_units
		WHERE parent_id = $1 AND (active_to IS NULL OR active_to > $2)`, o.ID, activeTo).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return errs.Fieldf("active_to", "còn %d đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc ngừng hoạt động các đơn vị đó trước",
			"%d units under it are still active: move or deactivate them first", n)
	}
	_, err := c.tx.ExecContext(ctx, "UPDATE org_units SET active_to = $1 WHERE id = $2", activeTo, o.ID)
	return err
}

// changeOrg loads a unit, checks the version, applies fn, and records the
// before and after states.
func (s *Store) changeOrg(ctx context.Context, actor domain.Actor, code string, version int, action string,
	fn func(c *change, o domain.OrgUnit) error) (domain.OrgUnit, error) {
	var out domain.OrgUnit
	err := s.audited(ctx, actor, func(c *change) error {
		before, err := orgInTx(ctx, c.tx, domain.NormalizeCode(code))
		if err != nil {
			return err
		}
		if before.Version != version {
			return errs.ErrStale
		}
		if err := fn(c, before); err != nil {
			return err
		}
		if out, err = orgInTx(ctx, c.tx, before.Code); err != nil {
			return err
		}
		return c.record(action, "orgunit", out.Code, refOf(out), before, out)
	})
	return out, err
}
