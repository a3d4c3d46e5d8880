package store

import (
	"context"
	"strconv"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// PlanItem returns one item with its supporting units.
func (s *Store) PlanItem(ctx context.Context, id int64) (domain.PlanItem, error) {
	it, err := scanItem(s.r.QueryRowContext(ctx, "SELECT "+itemCols+itemFrom+" WHERE i.id = $1", id))
	if err != nil {
		return domain.PlanItem{}, mapErr(err)
	}
	it.Supports, err = scanAll(ctx, s.r, `SELECT o.id, o.code, o.name FROM plan_item_supports s JOIN org_units o ON o.id = s.org_id
		WHERE s.item_id = $1 ORDER BY o.name`, []any{id}, func(row interface{ Scan(...any) error }) (domain.OrgRef, error) {
		var o domain.OrgRef
		return o, row.Scan(&o.ID, &o.Code, &o.Name)
	})
	return *it, err
}

// changeItem loads an item and its plan in the transaction, checks the
// item's version, applies fn and records before and after.
func (s *Store) changeItem(ctx context.Context, actor domain.Actor, id int64, version int, action string,
	fn func(c *change, p domain.Plan, it *domain.PlanItem) error) (domain.PlanItem, error) {
	var out domain.PlanItem
	err := s.audited(ctx, actor, func(c *change) error {
		before, err := scanItem(c.tx.QueryRowContext(ctx, "SELECT "+itemCols+itemFrom+" WHERE i.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if version >= 0 && before.Version != version {
			return errs.ErrStale
		}
		p, err := planInTx(ctx, c.tx, before.PlanID)
		if err != nil {
			return err
		}
		cp := *before
		if err := fn(c, p, &cp); err != nil {
			return err
		}
		if action != "item.delete" {
			if _, err := c.tx.ExecContext(ctx, "UPDATE plan_items SET version = version + 1, updated_at = $1 WHERE id = $2", micro(c.at), id); err != nil {
				return err
			}
			after, err := scanItem(c.tx.QueryRowContext(ctx, "SELECT "+itemCols+itemFrom+" WHERE i.id = $1", id))
			if err != nil {
				return mapErr(err)
			}
			out = *after
		}
		// The plan's version tracks its text and structure, which the
		// approval is about; assignments and progress change it only in
		// updated_at, so a report from a unit never makes a manager's
		// workflow step stale.
		if action == "item.update" || action == "item.move" || action == "item.delete" {
			if err := bumpPlan(ctx, c, p.ID); err != nil {
				return err
			}
		} else if _, err := c.tx.ExecContext(ctx, "UPDATE plans SET updated_at = $1 WHERE id = $2", micro(c.at), p.ID); err != nil {
			return err
		}
		var after any = out
		if action == "item.delete" {
			after = nil
		}
		return c.record(action, "plan_item", strconv.FormatInt(id, 10), orgRef{p.OrgID, p.OrgCode}, itemAudit(before), after)
	})
	return out, err
}

// itemAudit is what the audit trail keeps of an item: itself, not its
// subtree.
func itemAudit(it *domain.PlanItem) domain.PlanItem {
	cp := *it
	cp.Children = nil
	return cp
}

var errNotEditable = errs.New(errs.Conflict, "kế hoạch đã trình hoặc đã phê duyệt: hãy trả lại để sửa nội dung",
	"the plan is submitted or approved: return it to change its contents")

// AddItem adds an item under parentID (0: at the top) after the sibling
// afterID (0: at the end).
func (s *Store) AddItem(ctx context.Context, actor domain.Actor, planID, parentID, afterID int64, in domain.ItemInput) (domain.PlanItem, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.PlanItem{}, err
	}
	var out domain.PlanItem
	err := s.audited(ctx, actor, func(c *change) error {
		p, err := planInTx(ctx, c.tx, planID)
		if err != nil {
			return err
		}
		if !p.Status.Editable() {
			return errNotEditable
		}
		if parentID != 0 {
			var n int
			if err := c.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM plan_items WHERE id = $1 AND plan_id = $2", parentID, planID).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return errs.Field("parent", "mục cấp trên không thuộc kế hoạch này", "the parent item is not in this plan")
			}
		}
		siblings, err := siblingIDs(ctx, c, planID, parentID)
		if err != nil {
			return err
		}
		pos := len(siblings)
		for i, sid := range siblings {
			if sid == afterID {
				pos = i + 1
			}
		}
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO plan_items (plan_id, parent_id, position, label, title, body, kind, status,
			progress, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'not_started', 0, 1, $8, $8) RETURNING id`,
			planID, nullIfZero(parentID), pos, in.Label, in.Title, in.Text, string(in.Kind), micro(c.at)).Scan(&id); err != nil {
			return err
		}
		order := append(append(append([]int64{}, siblings[:pos]...), id), siblings[pos:]...)
		if err := renumber(ctx, c, order); err != nil {
			return err
		}
		if err := bumpPlan(ctx, c, planID); err != nil {
			return err
		}
		it, err := scanItem(c.tx.QueryRowContext(ctx, "SELECT "+itemCols+itemFrom+" WHERE i.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		out = *it
		return c.record("item.create", "plan_item", strconv.FormatInt(id, 10), orgRef{p.OrgID, p.OrgCode}, nil, out)
	})
	return out, err
}

func siblingIDs(ctx context.Context, c *change, planID, parentID int64) ([]int64, error) {
	q := "SELECT id FROM plan_items WHERE plan_id = $1 AND parent_id IS NULL ORDER BY position, id"
	args := []any{planID}
	if parentID != 0 {
		q = "SELECT id FROM plan_items WHERE plan_id = $1 AND parent_id = $2 ORDER BY position, id"
		args = append(args, parentID)
	}
	return scanAll(ctx, c.tx, q, args, func(row interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, row.Scan(&id)
	})
}

func renumber(ctx context.Context, c *change, order []int64) error {
	for i, id := range order {
		if _, err := c.tx.ExecContext(ctx, "UPDATE plan_items SET position = $1 WHERE id = $2", i, id); err != nil {
			return err
		}
	}
	return nil
}

// UpdateItem changes an item's label, title, text and kind.
func (s *Store) UpdateItem(ctx context.Context, actor domain.Actor, id int64, version int, in domain.ItemInput) (domain.PlanItem, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.PlanItem{}, err
	}
	return s.changeItem(ctx, actor, id, version, "item.update", func(c *change, p domain.Plan, it *domain.PlanItem) error {
		if !p.Status.Editable() {
			return errNotEditable
		}
		_, err := c.tx.ExecContext(ctx, "UPDATE plan_items SET label = $1, title = $2, body = $3, kind = $4 WHERE id = $5",
			in.Label, in.Title, in.Text, string(in.Kind), id)
		return err
	})
}

// Assignment is who does an item and by when.
type Assignment struct {
	Lead       string   // org code, "" for none
	Supports   []string // org codes
	Deadline   domain.Deadline
	Observance string
}

// AssignItem sets an item's lead and supporting units and its deadline.
// Assignments may change at any step: units change hands during the year.
func (s *Store) AssignItem(ctx context.Context, actor domain.Actor, id int64, version int, a Assignment) (domain.PlanItem, error) {
	d := &a.Deadline
	d.Text = domain.CleanText(d.Text)
	var l errs.List
	for _, f := range []struct{ name, v string }{{"deadline_start", d.Start}, {"deadline_end", d.End}} {
		if f.v != "" {
			if _, err := domain.ParseISODate(f.v); err != nil {
				l = append(l, errs.Field(f.name, "hạn không phải là ngày hợp lệ", "the deadline is not a valid date"))
			}
		}
	}
	if d.Start != "" && d.End != "" && d.End < d.Start {
		l = append(l, errs.Field("deadline_end", "ngày kết thúc trước ngày bắt đầu", "the end is before the start"))
	}
	if d.Start != "" && d.End == "" {
		d.End = d.Start
	}
	if len([]rune(d.Text)) > 200 {
		l = append(l, errs.Field("deadline_text", "mô tả thời hạn quá dài", "the deadline text is too long"))
	}
	if len(a.Supports) > 50 {
		l = append(l, errs.Field("supports", "quá nhiều đơn vị phối hợp", "too many supporting units"))
	}
	if err := l.Err(); err != nil {
		return domain.PlanItem{}, err
	}
	return s.changeItem(ctx, actor, id, version, "item.assign", func(c *change, p domain.Plan, it *domain.PlanItem) error {
		leadID, err := orgIDOf(ctx, c, a.Lead)
		if err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, `UPDATE plan_items SET lead_org_id = $1, deadline_text = $2, deadline_start = $3,
			deadline_end = $4, recurring = $5, observance = $6 WHERE id = $7`,
			nullIfZero(leadID), d.Text, nullIfEmpty(d.Start), nullIfEmpty(d.End), d.Recurring, strings.TrimSpace(a.Observance), id); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM plan_item_supports WHERE item_id = $1", id); err != nil {
			return err
		}
		for _, code := range a.Supports {
			oid, err := orgIDOf(ctx, c, code)
			if err != nil {
				return errs.Fieldf("supports", "không có đơn vị mã %s", "there is no unit with code %s", code)
			}
			if oid == leadID {
				continue
			}
			if _, err := c.tx.ExecContext(ctx, "INSERT INTO plan_item_supports (item_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", id, oid); err != nil {
				return err
			}
		}
		return nil
	})
}

// Item moves.
const (
	MoveUp      = "up"
	MoveDown    = "down"
	MoveIndent  = "indent"  // become the last child of the sibling above
	MoveOutdent = "outdent" // become the sibling after the parent
)

// MoveItem moves an item (with its subtree) among its siblings or a level
// up or down.
func (s *Store) MoveItem(ctx context.Context, actor domain.Actor, id int64, version int, op string) (domain.PlanItem, error) {
	return s.changeItem(ctx, actor, id, version, "item.move", func(c *change, p domain.Plan, it *domain.PlanItem) error {
		if !p.Status.Editable() {
			return errNotEditable
		}
		siblings, err := siblingIDs(ctx, c, p.ID, it.ParentID)
		if err != nil {
			return err
		}
		i := 0
		for k, sid := range siblings {
			if sid == id {
				i = k
			}
		}
		cannot := errs.Field("move", "không thể di chuyển mục theo hướng này", "the item cannot move that way")
		switch op {
		case MoveUp, MoveDown:
			j := i - 1
			if op == MoveDown {
				j = i + 1
			}
			if j < 0 || j >= len(siblings) {
				return cannot
			}
			siblings[i], siblings[j] = siblings[j], siblings[i]
			return renumber(ctx, c, siblings)
		case MoveIndent:
			if i == 0 {
				return cannot
			}
			newParent := siblings[i-1]
			children, err := siblingIDs(ctx, c, p.ID, newParent)
			if err != nil {
				return err
			}
			if _, err := c.tx.ExecContext(ctx, "UPDATE plan_items SET parent_id = $1, position = $2 WHERE id = $3", newParent, len(children), id); err != nil {
				return err
			}
			return renumber(ctx, c, append(siblings[:i:i], siblings[i+1:]...))
		case MoveOutdent:
			if it.ParentID == 0 {
				return cannot
			}
			var grand int64
			if err := c.tx.QueryRowContext(ctx, "SELECT COALESCE(parent_id, 0) FROM plan_items WHERE id = $1", it.ParentID).Scan(&grand); err != nil {
				return err
			}
			uncles, err := siblingIDs(ctx, c, p.ID, grand)
			if err != nil {
				return err
			}
			var order []int64
			for _, u := range uncles {
				order = append(order, u)
				if u == it.ParentID {
					order = append(order, id)
				}
			}
			if _, err := c.tx.ExecContext(ctx, "UPDATE plan_items SET parent_id = $1 WHERE id = $2", nullIfZero(grand), id); err != nil {
				return err
			}
			if err := renumber(ctx, c, order); err != nil {
				return err
			}
			return renumber(ctx, c, append(siblings[:i:i], siblings[i+1:]...))
		}
		return errs.Field("move", "thao tác không hợp lệ", "unknown move")
	})
}

// DeleteItem removes an item and everything under it.
func (s *Store) DeleteItem(ctx context.Context, actor domain.Actor, id int64, version int) error {
	_, err := s.changeItem(ctx, actor, id, version, "item.delete", func(c *change, p domain.Plan, it *domain.PlanItem) error {
		if !p.Status.Editable() {
			return errNotEditable
		}
		ids := []int64{id}
		for frontier := []int64{id}; len(frontier) > 0; {
			var next []int64
			for _, f := range frontier {
				kids, err := siblingIDs(ctx, c, p.ID, f)
				if err != nil {
					return err
				}
				next = append(next, kids...)
			}
			ids = append(ids, next...)
			frontier = next
		}
		// Children first, so no row points at a removed parent.
		for k := len(ids) - 1; k >= 0; k-- {
			for _, stmt := range []string{
				"DELETE FROM attachments WHERE owner_kind = 'item_update' AND owner_id IN (SELECT id FROM plan_item_updates WHERE item_id = $1)",
				"DELETE FROM plan_item_updates WHERE item_id = $1",
				"DELETE FROM plan_item_supports WHERE item_id = $1",
				"DELETE FROM plan_refs WHERE item_id = $1",
				"DELETE FROM plan_items WHERE id = $1",
			} {
				if _, err := c.tx.ExecContext(ctx, stmt, ids[k]); err != nil {
					return err
				}
			}
		}
		siblings, err := siblingIDs(ctx, c, p.ID, it.ParentID)
		if err != nil {
			return err
		}
		return renumber(ctx, c, siblings)
	})
	return err
}

// ReportProgress records a progress report with its evidence files and sets
// the item's status and progress. Progress is tracked once a plan is in
// effect (approved or sent).
func (s *Store) ReportProgress(ctx context.Context, actor domain.Actor, id int64, version int, status domain.ItemStatus,
	progress int, comment string, files []NewFile) (domain.PlanItem, error) {
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	var l errs.List
	if !status.Valid() {
		l = append(l, errs.Field("status", "chọn trạng thái", "choose a status"))
	}
	if progress < 0 || progress > 100 {
		l = append(l, errs.Field("progress", "tiến độ phải từ 0 đến 100%", "progress must be 0 to 100%"))
	}
	if status == domain.ItemDone && progress != 100 {
		progress = 100
	}
	if len([]rune(comment)) > domain.MaxCommentLen {
		l = append(l, errs.Fieldf("comment", "nhận xét dài quá %d ký tự", "the comment is longer than %d characters", domain.MaxCommentLen))
	}
	if len(files) > 10 {
		l = append(l, errs.Field("files", "tối đa 10 tệp mỗi lần", "at most 10 files at a time"))
	}
	if err := l.Err(); err != nil {
		return domain.PlanItem{}, err
	}
	return s.changeItem(ctx, actor, id, version, "item.progress", func(c *change, p domain.Plan, it *domain.PlanItem) error {
		if !p.Status.InEffect() {
			return errs.New(errs.Conflict, "chỉ báo cáo tiến độ khi kế hoạch đã được phê duyệt", "progress is reported once the plan is approved")
		}
		if !it.Kind.Trackable() {
			return errs.Field("status", "mục này không theo dõi tiến độ", "this item does not track progress")
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE plan_items SET status = $1, progress = $2 WHERE id = $3", string(status), progress, id); err != nil {
			return err
		}
		var uid int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO plan_item_updates (item_id, user_id, username, status, progress, comment, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, id, nullIfZero(c.actor.UserID), c.actor.Username, string(status),
			progress, comment, micro(c.at)).Scan(&uid); err != nil {
			return err
		}
		for _, f := range files {
			if _, err := putFile(ctx, c, "item_update", uid, f); err != nil {
				return err
			}
		}
		return nil
	})
}

// ItemUpdates lists an item's progress reports, newest first, with files.
func (s *Store) ItemUpdates(ctx context.Context, itemID int64) ([]domain.ItemUpdate, error) {
	ups, err := scanAll(ctx, s.r, `SELECT id, username, status, progress, comment, created_at FROM plan_item_updates
		WHERE item_id = $1 ORDER BY created_at DESC, id DESC`, []any{itemID}, func(row interface{ Scan(...any) error }) (domain.ItemUpdate, error) {
		var u domain.ItemUpdate
		var at int64
		err := row.Scan(&u.ID, &u.Username, &u.Status, &u.Progress, &u.Comment, &at)
		u.CreatedAt = fromMicro(at)
		return u, err
	})
	if err != nil || len(ups) == 0 {
		return ups, err
	}
	files, err := scanAll(ctx, s.r, "SELECT "+attachmentCols+` FROM attachments a WHERE a.owner_kind = 'item_update'
		AND a.owner_id IN (SELECT id FROM plan_item_updates WHERE item_id = $1) ORDER BY a.id`, []any{itemID}, scanAttachment)
	if err != nil {
		return nil, err
	}
	byID := map[int64]*domain.ItemUpdate{}
	for i := range ups {
		byID[ups[i].ID] = &ups[i]
	}
	for _, f := range files {
		if u := byID[f.OwnerID]; u != nil {
			u.Files = append(u.Files, f)
		}
	}
	return ups, nil
}

// TaskFilter narrows the task list.
type TaskFilter struct {
	DueBefore string // YYYY-MM-DD: deadline on or before
	Open      bool   // not done or cancelled
	OrgPath   string // items led or supported by units in this subtree
}

// Tasks lists the trackable items of plans in effect that units in the
// scope lead or support, by deadline: at most limit, itself at most
// MaxExport.
func (s *Store) Tasks(ctx context.Context, sc domain.Scope, f TaskFilter, limit int) ([]domain.Task, error) {
	q := &query{}
	q.add(`SELECT `, itemCols, `, `, planCols, `,
		CASE WHEN `, q.scope("lo.path", sc), ` THEN 'lead' ELSE 'support' END`,
		itemFrom, ` JOIN plans p ON p.id = i.plan_id JOIN org_units o ON o.id = p.org_id
		LEFT JOIN users su ON su.id = p.submitted_by LEFT JOIN users au ON au.id = p.approved_by
		WHERE p.status IN ('approved', 'sent') AND i.kind IN ('task', 'activity')
		AND (`, q.scope("lo.path", sc), ` OR EXISTS (SELECT 1 FROM plan_item_supports sp JOIN org_units so ON so.id = sp.org_id
			WHERE sp.item_id = i.id AND `, q.scope("so.path", sc), `))`)
	if f.OrgPath != "" {
		a := q.arg(f.OrgPath + "%")
		q.add(" AND (lo.path LIKE ", a, " OR EXISTS (SELECT 1 FROM plan_item_supports sp JOIN org_units so ON so.id = sp.org_id WHERE sp.item_id = i.id AND so.path LIKE ", a, "))")
	}
	if f.Open {
		q.add(" AND i.status IN ('not_started', 'in_progress')")
	}
	if f.DueBefore != "" {
		q.add(" AND i.deadline_end IS NOT NULL AND i.deadline_end <= ", q.arg(f.DueBefore))
	}
	q.add(" ORDER BY COALESCE(i.deadline_end, '9999'), p.id, i.position LIMIT ", q.arg(max(1, min(limit, MaxExport))))
	return scanAll(ctx, s.r, q.String(), q.args, func(row interface{ Scan(...any) error }) (domain.Task, error) {
		var t domain.Task
		it := &t.Item
		p := &t.Plan
		h := &p.Header
		var updated, created, pupdated int64
		var recipients string
		err := row.Scan(&it.ID, &it.PlanID, &it.ParentID, &it.Position, &it.Label, &it.Title, &it.Text, &it.Kind,
			&it.LeadOrgID, &it.Lead, &it.LeadName, &it.Deadline.Text, &it.Deadline.Start, &it.Deadline.End, &it.Deadline.Recurring,
			&it.Observance, &it.Status, &it.Progress, &it.Version, &updated,
			&p.ID, &p.OrgID, &p.OrgCode, &p.OrgName, &p.OrgPath, &p.YearFrom, &p.YearTo, &h.Issuer, &h.ParentIssuer,
			&h.Number, &h.Place, &h.Date, &h.Type, &h.Title, &h.Guidance, &p.GuidanceDocID, &p.Preamble, &p.Status, &p.StatusComment,
			&p.SubmittedByID, &p.SubmittedBy, &p.ApprovedBy, &p.CopiedFrom, &p.Signer.Title, &p.Signer.Name, &recipients,
			&p.Version, &created, &pupdated, &t.Role)
		it.UpdatedAt = fromMicro(updated)
		return t, err
	})
}
