package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

const planCols = `p.id, p.org_id, o.code, o.name, o.path, p.year_from, p.year_to, p.issuer, p.parent_issuer, p.number, p.place,
	COALESCE(p.issued_on, ''), p.doc_type, p.title, p.guidance, COALESCE(p.guidance_doc_id, 0), p.preamble, p.status, p.status_comment,
	COALESCE(p.submitted_by, 0), COALESCE(su.username, ''), COALESCE(au.username, ''), COALESCE(p.copied_from, 0),
	p.signer_title, p.signer_name, p.recipients, p.version, p.created_at, p.updated_at`

const planFrom = ` FROM plans p JOIN org_units o ON o.id = p.org_id
	LEFT JOIN users su ON su.id = p.submitted_by LEFT JOIN users au ON au.id = p.approved_by`

func scanPlan(row interface{ Scan(...any) error }) (domain.Plan, error) {
	var p domain.Plan
	var created, updated int64
	var recipients string
	h := &p.Header
	err := row.Scan(&p.ID, &p.OrgID, &p.OrgCode, &p.OrgName, &p.OrgPath, &p.YearFrom, &p.YearTo, &h.Issuer, &h.ParentIssuer,
		&h.Number, &h.Place, &h.Date, &h.Type, &h.Title, &h.Guidance, &p.GuidanceDocID, &p.Preamble, &p.Status, &p.StatusComment,
		&p.SubmittedByID, &p.SubmittedBy, &p.ApprovedBy, &p.CopiedFrom, &p.Signer.Title, &p.Signer.Name, &recipients,
		&p.Version, &created, &updated)
	p.CreatedAt, p.UpdatedAt = fromMicro(created), fromMicro(updated)
	if recipients != "" {
		p.Signer.Recipients = strings.Split(recipients, "\n")
	}
	return p, err
}

func planSearch(p domain.Plan) string {
	return vntext.Fold(p.Header.Number + " " + p.Header.Title + " " + p.Header.Guidance)
}

// Plan returns a plan's header (no items). Callers check scope with OrgPath.
func (s *Store) Plan(ctx context.Context, id int64) (domain.Plan, error) {
	p, err := scanPlan(s.r.QueryRowContext(ctx, "SELECT "+planCols+planFrom+" WHERE p.id = $1", id))
	return p, mapErr(err)
}

func planInTx(ctx context.Context, tx *sql.Tx, id int64) (domain.Plan, error) {
	p, err := scanPlan(tx.QueryRowContext(ctx, "SELECT "+planCols+planFrom+" WHERE p.id = $1", id))
	return p, mapErr(err)
}

// PlanFilter narrows the plan list.
type PlanFilter struct {
	// Ancestors are exact unit paths whose plans are readable beside the
	// scope: the agencies above a user's own unit.
	Ancestors []string
	OrgPath   string // a subtree
	Year      int    // plans covering this year
	Status    domain.PlanStatus
	Search    string
}

// Plans lists the plans of the units in scope, newest year first, each with
// its progress over trackable leaf items.
func (s *Store) Plans(ctx context.Context, sc domain.Scope, f PlanFilter, p Page) ([]domain.PlanSummary, int, error) {
	q := &query{}
	q.add(planFrom, " WHERE (", q.scope("o.path", sc))
	for _, a := range f.Ancestors {
		q.add(" OR o.path = ", q.arg(a))
	}
	q.add(")")
	if f.OrgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(f.OrgPath+"%"))
	}
	if f.Year != 0 {
		y := q.arg(f.Year)
		q.add(" AND p.year_from <= ", y, " AND p.year_to >= ", y)
	}
	if f.Status != "" {
		q.add(" AND p.status = ", q.arg(string(f.Status)))
	}
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND p.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q.add(" ORDER BY p.year_from DESC, o.name, p.id DESC")
	q.page(p.Normalize(50))
	plans, err := scanAll(ctx, s.r, "SELECT "+planCols+q.String(), q.args, scanPlan)
	if err != nil || len(plans) == 0 {
		return nil, total, err
	}
	out := make([]domain.PlanSummary, len(plans))
	today := s.today()
	for i, pl := range plans {
		out[i].Plan = pl
		items, err := s.planItems(ctx, s.r, pl.ID)
		if err != nil {
			return nil, 0, err
		}
		out[i].Rollup = domain.RollupOf(items, today)
		out[i].ItemCount = countItems(items)
	}
	return out, total, nil
}

func countItems(items []*domain.PlanItem) int {
	n := 0
	domain.Walk(items, func(*domain.PlanItem, int) { n++ })
	return n
}

func (s *Store) today() string { return s.now().In(vntext.Location).Format(time.DateOnly) }

// PlanTree returns a plan with its whole item tree, the supporting units of
// each item and the documents it cites.
func (s *Store) PlanTree(ctx context.Context, id int64) (domain.Plan, error) {
	p, err := s.Plan(ctx, id)
	if err != nil {
		return p, err
	}
	if p.Items, err = s.planItems(ctx, s.r, id); err != nil {
		return p, err
	}
	p.References, err = scanAll(ctx, s.r, "SELECT "+legalCols+` FROM legal_docs d
		WHERE d.id IN (SELECT legal_doc_id FROM plan_refs WHERE plan_id = $1) ORDER BY COALESCE(d.issued_on, ''), d.doc_type`,
		[]any{id}, scanLegal)
	return p, err
}

const itemCols = `i.id, i.plan_id, COALESCE(i.parent_id, 0), i.position, i.label, i.title, i.body, i.kind,
	COALESCE(i.lead_org_id, 0), COALESCE(lo.code, ''), COALESCE(lo.name, ''), i.deadline_text, COALESCE(i.deadline_start, ''),
	COALESCE(i.deadline_end, ''), i.recurring, i.observance, i.status, i.progress, i.version, i.updated_at`

const itemFrom = ` FROM plan_items i LEFT JOIN org_units lo ON lo.id = i.lead_org_id`

func scanItem(row interface{ Scan(...any) error }) (*domain.PlanItem, error) {
	it := &domain.PlanItem{}
	var updated int64
	err := row.Scan(&it.ID, &it.PlanID, &it.ParentID, &it.Position, &it.Label, &it.Title, &it.Text, &it.Kind,
		&it.LeadOrgID, &it.Lead, &it.LeadName, &it.Deadline.Text, &it.Deadline.Start, &it.Deadline.End, &it.Deadline.Recurring,
		&it.Observance, &it.Status, &it.Progress, &it.Version, &updated)
	it.UpdatedAt = fromMicro(updated)
	return it, err
}

// planItems loads a plan's items as a tree, in document order, with their
// supporting units and indicators: four queries whatever the plan's size.
func (s *Store) planItems(ctx context.Context, db querier, planID int64) ([]*domain.PlanItem, error) {
	items, err := scanAll(ctx, db, "SELECT "+itemCols+itemFrom+" WHERE i.plan_id = $1 ORDER BY i.position, i.id", []any{planID}, scanItem)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]*domain.PlanItem, len(items))
	for _, it := range items {
		it.Children = []*domain.PlanItem{}
		byID[it.ID] = it
	}
	type support struct {
		item int64
		org  domain.OrgRef
	}
	sups, err := scanAll(ctx, db, `SELECT s.item_id, o.id, o.code, o.name FROM plan_item_supports s
		JOIN plan_items i ON i.id = s.item_id JOIN org_units o ON o.id = s.org_id WHERE i.plan_id = $1 ORDER BY o.name`,
		[]any{planID}, func(row interface{ Scan(...any) error }) (support, error) {
			var sp support
			return sp, row.Scan(&sp.item, &sp.org.ID, &sp.org.Code, &sp.org.Name)
		})
	if err != nil {
		return nil, err
	}
	for _, sp := range sups {
		if it := byID[sp.item]; it != nil {
			it.Supports = append(it.Supports, sp.org)
		}
	}
	last, err := scanAll(ctx, db, `SELECT u.item_id, u.comment FROM plan_item_updates u JOIN plan_items i ON i.id = u.item_id
		WHERE i.plan_id = $1 AND u.comment <> '' ORDER BY u.created_at, u.id`, []any{planID},
		func(row interface{ Scan(...any) error }) (support, error) {
			var sp support
			return sp, row.Scan(&sp.item, &sp.org.Name)
		})
	if err != nil {
		return nil, err
	}
	for _, c := range last {
		if it := byID[c.item]; it != nil {
			it.LastComment = c.org.Name
		}
	}
	type measure struct {
		item int64
		code string
	}
	measures, err := scanAll(ctx, db, `SELECT m.item_id, d.code FROM plan_item_indicators m JOIN plan_items i ON i.id = m.item_id
		JOIN indicators d ON d.id = m.indicator_id WHERE i.plan_id = $1 ORDER BY d.code`, []any{planID},
		func(row interface{ Scan(...any) error }) (measure, error) {
			var m measure
			return m, row.Scan(&m.item, &m.code)
		})
	if err != nil {
		return nil, err
	}
	for _, m := range measures {
		if it := byID[m.item]; it != nil {
			it.Indicators = append(it.Indicators, m.code)
		}
	}
	var roots []*domain.PlanItem
	for _, it := range items {
		if parent := byID[it.ParentID]; parent != nil {
			parent.Children = append(parent.Children, it)
		} else {
			roots = append(roots, it)
		}
	}
	domain.Walk(roots, func(it *domain.PlanItem, d int) { it.Depth = d })
	return roots, nil
}

// ImportPlan creates a plan with its item tree and the documents it cites,
// adding unknown documents to the registry, and keeps revision 1.
func (s *Store) ImportPlan(ctx context.Context, actor domain.Actor, p domain.Plan, items []*domain.PlanItem, refs []domain.ItemRef) (domain.Plan, error) {
	if err := p.Validate(); err != nil {
		return p, err
	}
	if err := validateTree(items); err != nil {
		return p, err
	}
	action := "plan.import"
	if len(items) == 0 {
		action = "plan.create"
	}
	var id int64
	err := s.audited(ctx, actor, func(c *change) error {
		var err error
		if id, err = insertPlan(ctx, c, p); err != nil {
			return err
		}
		head, err := planInTx(ctx, c.tx, id)
		if err != nil {
			return err
		}
		if err := registerImported(ctx, c, head, id); err != nil {
			return err
		}
		if err := insertItems(ctx, c, id, 0, items); err != nil {
			return err
		}
		for _, r := range refs {
			docID, err := ensureLegalDoc(ctx, c, r.Doc)
			if err != nil {
				continue // a citation the parser half-read is not worth failing the import
			}
			var itemID int64
			if r.Item != nil {
				itemID = r.Item.ID
			}
			if _, err := c.tx.ExecContext(ctx, `INSERT INTO plan_refs (plan_id, legal_doc_id, item_id) VALUES ($1, $2, $3)
				ON CONFLICT DO NOTHING`, id, docID, itemID); err != nil {
				return err
			}
		}
		if p.Header.Guidance != "" {
			if _, err := c.tx.ExecContext(ctx, `UPDATE plans SET guidance_doc_id = (SELECT d.id FROM legal_docs d
				JOIN plan_refs r ON r.legal_doc_id = d.id WHERE r.plan_id = $1 AND d.number = $2 LIMIT 1) WHERE id = $1`,
				id, p.Header.Guidance); err != nil {
				return err
			}
		}
		saved, err := planInTx(ctx, c.tx, id)
		if err != nil {
			return err
		}
		if err := s.snapshot(ctx, c, id, "import"); err != nil {
			return err
		}
		summary := map[string]any{"plan": saved, "items": countItems(items), "references": len(refs)}
		return c.record(action, "plan", strconv.FormatInt(id, 10), orgRef{saved.OrgID, saved.OrgCode}, nil, summary)
	})
	if err != nil {
		return p, err
	}
	return s.Plan(ctx, id)
}

func validateTree(items []*domain.PlanItem) error {
	var l errs.List
	n := 0
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		n++
		in := domain.ItemInput{Label: it.Label, Title: it.Title, Text: it.Text, Kind: it.Kind}
		in.Normalize()
		if err := in.Validate(); err != nil && len(l) < 10 {
			for _, e := range errs.Fields(err) {
				l = append(l, errs.Fieldf(e.Field, "mục %q: %s", "item %q: %s", it.Label, e.VI))
			}
		}
		it.Label, it.Title, it.Text = in.Label, in.Title, in.Text
		if !it.Status.Valid() {
			it.Status = domain.ItemNotStarted
		}
	})
	if n > 5000 {
		l = append(l, errs.New(errs.Invalid, "kế hoạch có quá 5.000 mục", "the plan has more than 5,000 items"))
	}
	return l.Err()
}

func insertPlan(ctx context.Context, c *change, p domain.Plan) (int64, error) {
	org, err := orgInTx(ctx, c.tx, p.OrgCode)
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return 0, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", p.OrgCode)
		}
		return 0, err
	}
	var id int64
	h := p.Header
	err = c.tx.QueryRowContext(ctx, `INSERT INTO plans (org_id, year_from, year_to, issuer, parent_issuer, number, place, issued_on,
		doc_type, title, guidance, preamble, status, copied_from, signer_title, signer_name, recipients, search, version, created_by, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 'draft', $13, $14, $15, $16, $17, 1, $18, $19, $19) RETURNING id`,
		org.ID, p.YearFrom, p.YearTo, h.Issuer, h.ParentIssuer, h.Number, h.Place, nullIfEmpty(h.Date), h.Type, h.Title, h.Guidance,
		p.Preamble, nullIfZero(p.CopiedFrom), p.Signer.Title, p.Signer.Name, strings.Join(p.Signer.Recipients, "\n"), planSearch(p),
		nullIfZero(c.actor.UserID), micro(c.at)).Scan(&id)
	return id, err
}

// insertItems writes a subtree in document order, setting each item's ID.
func insertItems(ctx context.Context, c *change, planID, parentID int64, items []*domain.PlanItem) error {
	for pos, it := range items {
		leadID, err := orgIDOf(ctx, c, it.Lead)
		if err != nil {
			return err
		}
		err = c.tx.QueryRowContext(ctx, `INSERT INTO plan_items (plan_id, parent_id, position, label, title, body, kind, lead_org_id,
			deadline_text, deadline_start, deadline_end, recurring, observance, status, progress, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, 1, $16, $16) RETURNING id`,
			planID, nullIfZero(parentID), pos, it.Label, it.Title, it.Text, string(it.Kind), nullIfZero(leadID),
			it.Deadline.Text, nullIfEmpty(it.Deadline.Start), nullIfEmpty(it.Deadline.End), it.Deadline.Recurring,
			it.Observance, string(it.Status), it.Progress, micro(c.at)).Scan(&it.ID)
		if err != nil {
			return err
		}
		for _, sp := range it.Supports {
			oid, err := orgIDOf(ctx, c, sp.Code)
			if err != nil {
				return err
			}
			if _, err := c.tx.ExecContext(ctx, "INSERT INTO plan_item_supports (item_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
				it.ID, oid); err != nil {
				return err
			}
		}
		if err := linkIndicators(ctx, c, it.ID, it.Indicators); err != nil {
			return err
		}
		if err := insertItems(ctx, c, planID, it.ID, it.Children); err != nil {
			return err
		}
	}
	return nil
}

func orgIDOf(ctx context.Context, c *change, code string) (int64, error) {
	if code == "" {
		return 0, nil
	}
	o, err := orgInTx(ctx, c.tx, domain.NormalizeCode(code))
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			return 0, errs.Fieldf("lead", "không có đơn vị mã %s", "there is no unit with code %s", code)
		}
		return 0, err
	}
	return o.ID, nil
}

// changePlan loads a plan in the transaction and checks the version.
func changePlan(ctx context.Context, c *change, id int64, version int) (domain.Plan, error) {
	p, err := planInTx(ctx, c.tx, id)
	if err != nil {
		return p, err
	}
	if version >= 0 && p.Version != version {
		return p, errs.ErrStale
	}
	return p, nil
}

func bumpPlan(ctx context.Context, c *change, id int64) error {
	_, err := c.tx.ExecContext(ctx, "UPDATE plans SET version = version + 1, updated_at = $1 WHERE id = $2", micro(c.at), id)
	return err
}

// UpdatePlan changes a plan's header, years and signature block. Only a
// draft or returned plan can change.
func (s *Store) UpdatePlan(ctx context.Context, actor domain.Actor, id int64, version int, upd domain.Plan) (domain.Plan, error) {
	if err := upd.Validate(); err != nil {
		return upd, err
	}
	var out domain.Plan
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := changePlan(ctx, c, id, version)
		if err != nil {
			return err
		}
		if !old.Status.Editable() {
			return errs.New(errs.Conflict, "kế hoạch đã trình hoặc đã phê duyệt: hãy trả lại để sửa", "the plan is submitted or approved: return it to edit")
		}
		h := upd.Header
		if _, err := c.tx.ExecContext(ctx, `UPDATE plans SET year_from = $1, year_to = $2, issuer = $3, parent_issuer = $4, number = $5,
			place = $6, issued_on = $7, doc_type = $8, title = $9, guidance = $10, signer_title = $11, signer_name = $12,
			recipients = $13, search = $14, preamble = $15 WHERE id = $16`,
			upd.YearFrom, upd.YearTo, h.Issuer, h.ParentIssuer, h.Number, h.Place, nullIfEmpty(h.Date), h.Type, h.Title, h.Guidance,
			upd.Signer.Title, upd.Signer.Name, strings.Join(upd.Signer.Recipients, "\n"), planSearch(upd), upd.Preamble, id); err != nil {
			return err
		}
		if err := bumpPlan(ctx, c, id); err != nil {
			return err
		}
		if out, err = planInTx(ctx, c.tx, id); err != nil {
			return err
		}
		return c.record("plan.update", "plan", strconv.FormatInt(id, 10), orgRef{out.OrgID, out.OrgCode}, old, out)
	})
	return out, err
}

// TransitionPlan takes a workflow step. The store enforces the order of
// steps and that the approver is not the submitter; who may act at all is
// the policy's question, asked by the handler. A return needs a comment.
func (s *Store) TransitionPlan(ctx context.Context, actor domain.Actor, id int64, version int, a domain.PlanAction, comment string) (domain.Plan, error) {
	comment = strings.TrimSpace(comment)
	if a == domain.ActReturn && comment == "" {
		return domain.Plan{}, errs.Field("comment", "hãy ghi lý do trả lại", "say why the plan is returned")
	}
	if len([]rune(comment)) > domain.MaxCommentLen {
		return domain.Plan{}, errs.Fieldf("comment", "ý kiến dài quá %d ký tự", "the comment is longer than %d characters", domain.MaxCommentLen)
	}
	var out domain.Plan
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := changePlan(ctx, c, id, version)
		if err != nil {
			return err
		}
		next, err := old.Status.Next(a)
		if err != nil {
			return err
		}
		switch a {
		case domain.ActSubmit:
			_, err = c.tx.ExecContext(ctx, "UPDATE plans SET status = $1, submitted_by = $2, approved_by = NULL, status_comment = '' WHERE id = $3",
				string(next), nullIfZero(actor.UserID), id)
		case domain.ActApprove:
			if old.SubmittedByID != 0 && old.SubmittedByID == actor.UserID {
				return errs.New(errs.Forbidden, "người trình không tự phê duyệt kế hoạch của mình: cần một lãnh đạo khác của cơ quan",
					"the person who submitted a plan cannot approve it: another manager of the agency must")
			}
			_, err = c.tx.ExecContext(ctx, "UPDATE plans SET status = $1, approved_by = $2 WHERE id = $3", string(next), nullIfZero(actor.UserID), id)
		case domain.ActSend:
			_, err = c.tx.ExecContext(ctx, "UPDATE plans SET status = $1 WHERE id = $2", string(next), id)
		case domain.ActReturn:
			_, err = c.tx.ExecContext(ctx, "UPDATE plans SET status = $1, status_comment = $2, approved_by = NULL WHERE id = $3",
				string(next), comment, id)
		}
		if err != nil {
			return err
		}
		if err := bumpPlan(ctx, c, id); err != nil {
			return err
		}
		if err := s.snapshot(ctx, c, id, string(a)+": "+comment); err != nil {
			return err
		}
		if out, err = planInTx(ctx, c.tx, id); err != nil {
			return err
		}
		return c.record("plan."+string(a), "plan", strconv.FormatInt(id, 10), orgRef{out.OrgID, out.OrgCode},
			map[string]any{"status": old.Status}, map[string]any{"status": out.Status, "comment": comment})
	})
	return out, err
}

// DeletePlan removes a draft that was never submitted (a mistaken import).
func (s *Store) DeletePlan(ctx context.Context, actor domain.Actor, id int64, version int) error {
	return s.audited(ctx, actor, func(c *change) error {
		old, err := changePlan(ctx, c, id, version)
		if err != nil {
			return err
		}
		if old.Status != domain.PlanDraft || old.SubmittedByID != 0 {
			return errs.New(errs.Conflict, "chỉ xóa được kế hoạch dự thảo chưa từng trình", "only a draft that was never submitted can be deleted")
		}
		for _, stmt := range []string{
			"DELETE FROM attachments WHERE owner_kind = 'item_update' AND owner_id IN (SELECT u.id FROM plan_item_updates u JOIN plan_items i ON i.id = u.item_id WHERE i.plan_id = $1)",
			"UPDATE plans SET copied_from = NULL WHERE copied_from = $1",
			"DELETE FROM plan_item_supports WHERE item_id IN (SELECT id FROM plan_items WHERE plan_id = $1)",
			"DELETE FROM plan_item_updates WHERE item_id IN (SELECT id FROM plan_items WHERE plan_id = $1)",
			"UPDATE plan_items SET parent_id = NULL WHERE plan_id = $1",
			"DELETE FROM plan_items WHERE plan_id = $1",
			"DELETE FROM plan_refs WHERE plan_id = $1",
			"DELETE FROM plan_revisions WHERE plan_id = $1",
			"DELETE FROM plans WHERE id = $1",
		} {
			if _, err := c.tx.ExecContext(ctx, stmt, id); err != nil {
				return err
			}
		}
		return c.record("plan.delete", "plan", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode}, old, nil)
	})
}

// CopyPlan copies a plan into a new draft for other years: the items and
// assignments are kept, statuses and progress start again, and dated
// deadlines move by the difference in years.
func (s *Store) CopyPlan(ctx context.Context, actor domain.Actor, id int64, yearFrom, yearTo int) (domain.Plan, error) {
	src, err := s.PlanTree(ctx, id)
	if err != nil {
		return src, err
	}
	shift := yearFrom - src.YearFrom
	cp := src
	cp.ID, cp.YearFrom, cp.YearTo, cp.CopiedFrom = 0, yearFrom, yearTo, src.ID
	cp.Header.Number, cp.Header.Date = "", ""
	cp.Header.Title = replaceYear(cp.Header.Title, src.YearFrom, yearFrom)
	if cp.YearTo == 0 {
		cp.YearTo = yearFrom + (src.YearTo - src.YearFrom)
	}
	domain.Walk(cp.Items, func(it *domain.PlanItem, _ int) {
		it.Status, it.Progress = domain.ItemNotStarted, 0
		it.Deadline.Start = shiftYears(it.Deadline.Start, shift)
		it.Deadline.End = shiftYears(it.Deadline.End, shift)
		it.Deadline.Text = replaceYear(it.Deadline.Text, src.YearFrom, yearFrom)
	})
	var refs []domain.ItemRef
	for _, d := range src.References {
		refs = append(refs, domain.ItemRef{Doc: d})
	}
	if err := cp.Validate(); err != nil {
		return cp, err
	}
	var newID int64
	err = s.audited(ctx, actor, func(c *change) error {
		var err error
		if newID, err = insertPlan(ctx, c, cp); err != nil {
			return err
		}
		if err := insertItems(ctx, c, newID, 0, cp.Items); err != nil {
			return err
		}
		for _, r := range refs {
			if _, err := c.tx.ExecContext(ctx, "INSERT INTO plan_refs (plan_id, legal_doc_id, item_id) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING",
				newID, r.Doc.ID); err != nil {
				return err
			}
		}
		if err := s.snapshot(ctx, c, newID, "copy"); err != nil {
			return err
		}
		return c.record("plan.copy", "plan", strconv.FormatInt(newID, 10), orgRef{src.OrgID, src.OrgCode},
			map[string]any{"from_plan": src.ID, "year": src.YearFrom}, map[string]any{"plan": newID, "year": yearFrom})
	})
	if err != nil {
		return cp, err
	}
	return s.Plan(ctx, newID)
}

func shiftYears(day string, years int) string {
	if day == "" || years == 0 {
		return day
	}
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return t.AddDate(years, 0, 0).Format(time.DateOnly)
}

// replaceYear changes a year written in a text ("năm 2024" → "năm 2025").
func replaceYear(s string, from, to int) string {
	if from == to {
		return s
	}
	return strings.ReplaceAll(s, strconv.Itoa(from), strconv.Itoa(to))
}

func (s *Store) snapshot(ctx context.Context, c *change, planID int64, note string) error {
	p, err := planInTx(ctx, c.tx, planID)
	if err != nil {
		return err
	}
	if p.Items, err = s.planItems(ctx, c.tx, planID); err != nil {
		return err
	}
	b, err := json.Marshal(p)
	if err != nil {
		return errs.Wrap(err, "snapshot")
	}
	_, err = c.tx.ExecContext(ctx, `INSERT INTO plan_revisions (plan_id, rev, status, note, snapshot, user_id, username, created_at)
		VALUES ($1, (SELECT COALESCE(MAX(rev), 0) + 1 FROM plan_revisions WHERE plan_id = $1), $2, $3, $4, $5, $6, $7)`,
		planID, string(p.Status), strings.TrimSuffix(note, ": "), string(b), nullIfZero(c.actor.UserID), c.actor.Username, micro(c.at))
	return err
}

// PlanRevisions lists a plan's kept versions, newest first.
func (s *Store) PlanRevisions(ctx context.Context, planID int64) ([]domain.Revision, error) {
	return scanAll(ctx, s.r, `SELECT rev, status, note, username, created_at FROM plan_revisions WHERE plan_id = $1 ORDER BY rev DESC`,
		[]any{planID}, func(row interface{ Scan(...any) error }) (domain.Revision, error) {
			var r domain.Revision
			var at int64
			err := row.Scan(&r.Rev, &r.Status, &r.Note, &r.Username, &at)
			r.CreatedAt = fromMicro(at)
			return r, err
		})
}

// PlanRevision returns one kept version with its snapshot.
func (s *Store) PlanRevision(ctx context.Context, planID int64, rev int) (domain.Revision, error) {
	var r domain.Revision
	var at int64
	var snap string
	err := s.r.QueryRowContext(ctx, `SELECT rev, status, note, username, created_at, snapshot FROM plan_revisions
		WHERE plan_id = $1 AND rev = $2`, planID, rev).Scan(&r.Rev, &r.Status, &r.Note, &r.Username, &at, &snap)
	if err != nil {
		return r, mapErr(err)
	}
	r.CreatedAt = fromMicro(at)
	if err := json.Unmarshal([]byte(snap), &r.Plan); err != nil {
		return r, errs.Wrap(err, "revision snapshot")
	}
	return r, nil
}
