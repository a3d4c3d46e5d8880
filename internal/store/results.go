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

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Results reports, the indicators plan items are measured by, and the
// register of outgoing documents that numbers what leaders sign.

// linkIndicators records, for a new item, the indicators it is measured by.
// Codes the catalogue does not hold are refused by name.
func linkIndicators(ctx context.Context, c *change, itemID int64, codes []string) error {
	for _, code := range codes {
		var id int64
		if err := c.tx.QueryRowContext(ctx, "SELECT id FROM indicators WHERE code = $1", code).Scan(&id); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return errs.Fieldf("indicators", "không có chỉ số mã %s", "there is no indicator with code %s", code)
			}
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "INSERT INTO plan_item_indicators (item_id, indicator_id) VALUES ($1, $2) ON CONFLICT DO NOTHING",
			itemID, id); err != nil {
			return err
		}
	}
	return nil
}

// SetItemIndicators replaces the indicators an item is measured by. Like an
// assignment it does not change the plan's text, so an approved plan keeps
// its approval.
func (s *Store) SetItemIndicators(ctx context.Context, actor domain.Actor, id int64, version int, codes []string) (domain.PlanItem, error) {
	var clean []string
	for _, c := range codes {
		c = strings.ToUpper(strings.TrimSpace(c))
		if c != "" && !slices.Contains(clean, c) {
			clean = append(clean, c)
		}
	}
	return s.changeItem(ctx, actor, id, version, "item.indicators", func(c *change, _ domain.Plan, it *domain.PlanItem) error {
		if !it.Kind.Trackable() && it.Kind != domain.KindObjective {
			return errs.Field("indicators", "chỉ gắn chỉ số cho mục tiêu, nhiệm vụ hoặc hoạt động", "only objectives, tasks and activities are measured by indicators")
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM plan_item_indicators WHERE item_id = $1", id); err != nil {
			return err
		}
		it.Indicators = clean
		return linkIndicators(ctx, c, id, clean)
	})
}

const resultsCols = `r.id, r.kind, r.owner_id, r.programme, r.period, r.status, r.texts, r.number, r.issued_on, r.comment, r.due_on,
	COALESCE(r.submitted_by, 0), COALESCE(su.full_name, ''), COALESCE(au.full_name, ''), COALESCE(vu.full_name, ''), r.version, r.updated_at`

const resultsFrom = ` FROM results_reports r LEFT JOIN users su ON su.id = r.submitted_by
	LEFT JOIN users au ON au.id = r.approved_by LEFT JOIN users vu ON vu.id = r.reviewed_by`

const resultsByKey = " WHERE r.kind = $1 AND r.owner_id = $2 AND r.programme = $3 AND r.period = $4"

func keyArgs(k domain.ResultsKey) []any {
	return []any{k.Kind, k.OwnerID, string(k.Programme), k.Period}
}

func scanResults(row interface{ Scan(...any) error }) (domain.ResultsReport, error) {
	var r domain.ResultsReport
	var texts, prog string
	var updated int64
	err := row.Scan(&r.ID, &r.Key.Kind, &r.Key.OwnerID, &prog, &r.Key.Period, &r.Status, &texts, &r.Number, &r.IssuedOn, &r.Comment, &r.DueOn,
		&r.SubmittedByID, &r.SubmittedBy, &r.ApprovedBy, &r.ReviewedBy, &r.Version, &updated)
	if err != nil {
		return r, err
	}
	r.Key.Programme = domain.Programme(prog)
	r.UpdatedAt = fromMicro(updated)
	r.Texts = map[string]string{}
	_ = json.Unmarshal([]byte(texts), &r.Texts) // written only by this file, always an object
	return r, nil
}

// ResultsReport returns the stored part of a drafted report. One never
// saved comes back as a draft without an ID.
func (s *Store) ResultsReport(ctx context.Context, key domain.ResultsKey) (domain.ResultsReport, error) {
	r, err := scanResults(s.r.QueryRowContext(ctx, "SELECT "+resultsCols+resultsFrom+resultsByKey, keyArgs(key)...))
	if errors.Is(err, sql.ErrNoRows) {
		return domain.ResultsReport{Key: key, Status: domain.ResultsDraft, Texts: map[string]string{}}, nil
	}
	return r, mapErr(err)
}

// resultsForWrite reads the report of key in the transaction, creating it
// when version is 0 and none exists; a wrong version is stale.
func resultsForWrite(ctx context.Context, c *change, key domain.ResultsKey, version int) (domain.ResultsReport, error) {
	read := func() (domain.ResultsReport, error) {
		return scanResults(c.tx.QueryRowContext(ctx, "SELECT "+resultsCols+resultsFrom+resultsByKey, keyArgs(key)...))
	}
	r, err := read()
	switch {
	case errors.Is(err, sql.ErrNoRows) && version == 0:
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO results_reports (kind, owner_id, programme, period, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $5)`, key.Kind, key.OwnerID, string(key.Programme), key.Period, micro(c.at)); err != nil {
			return r, mapErr(err)
		}
		return read()
	case errors.Is(err, sql.ErrNoRows):
		return r, errs.ErrStale
	case err != nil:
		return r, err
	case r.Version != version:
		return r, errs.ErrStale
	}
	return r, nil
}

// SaveResultsText stores the officer's text of one section of the report
// of key, issued by iss, keeps it as a revision with its author, and
// audits it.
func (s *Store) SaveResultsText(ctx context.Context, actor domain.Actor, key domain.ResultsKey, iss domain.Issuer, version int, section, text string) (domain.ResultsReport, error) {
	if !domain.ValidSection(section) {
		return domain.ResultsReport{}, errs.Field("section", "không có mục này trong báo cáo", "the report has no such section")
	}
	text, err := domain.CheckSectionText(text)
	if err != nil {
		return domain.ResultsReport{}, err
	}
	var out domain.ResultsReport
	err = s.audited(ctx, actor, func(c *change) error {
		old, err := resultsForWrite(ctx, c, key, version)
		if err != nil {
			return err
		}
		if !old.Status.Editable() {
			return errs.New(errs.Conflict, "báo cáo đã trình hoặc đã duyệt: hãy trả lại để sửa", "the report is submitted or approved: return it to change it")
		}
		texts := map[string]string{}
		for k, v := range old.Texts {
			texts[k] = v
		}
		if text == "" {
			delete(texts, section)
		} else {
			texts[section] = text
		}
		js, _ := json.Marshal(texts)
		if _, err := c.tx.ExecContext(ctx, "UPDATE results_reports SET texts = $1, version = version + 1, updated_at = $2 WHERE id = $3",
			string(js), micro(c.at), old.ID); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO results_revisions (report_id, version, section, body, user_id, created_at)
			VALUES ($1, $2, $3, $4, $5, $6)`, old.ID, old.Version+1, section, text, nullIfZero(actor.UserID), micro(c.at)); err != nil {
			return err
		}
		if out, err = scanResults(c.tx.QueryRowContext(ctx, "SELECT "+resultsCols+resultsFrom+" WHERE r.id = $1", old.ID)); err != nil {
			return err
		}
		return c.record("results.text", "results_report", strconv.FormatInt(old.ID, 10), orgRef{iss.OrgID, iss.OrgCode},
			map[string]any{"period": key.Period, "section": section, "text": old.Texts[section]},
			map[string]any{"period": key.Period, "section": section, "text": text})
	})
	return out, err
}

// SetResultsDue sets a letter's deadline for what it asks (day is
// YYYY-MM-DD, or "" to clear it), while the letter may still change.
func (s *Store) SetResultsDue(ctx context.Context, actor domain.Actor, key domain.ResultsKey, iss domain.Issuer, version int, day string) (domain.ResultsReport, error) {
	if day != "" {
		if _, err := domain.ParseISODate(day); err != nil {
			return domain.ResultsReport{}, errs.Field("due_on", "ngày không hợp lệ", "not a valid date")
		}
	}
	var out domain.ResultsReport
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := resultsForWrite(ctx, c, key, version)
		if err != nil {
			return err
		}
		if !old.Status.Editable() {
			return errs.New(errs.Conflict, "văn bản đã trình hoặc đã duyệt: hãy trả lại để sửa", "the document is submitted or approved: return it to change it")
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE results_reports SET due_on = $1, version = version + 1, updated_at = $2 WHERE id = $3",
			day, micro(c.at), old.ID); err != nil {
			return err
		}
		if out, err = scanResults(c.tx.QueryRowContext(ctx, "SELECT "+resultsCols+resultsFrom+" WHERE r.id = $1", old.ID)); err != nil {
			return err
		}
		return c.record("results.due", "results_report", strconv.FormatInt(old.ID, 10), orgRef{iss.OrgID, iss.OrgCode},
			map[string]any{"due_on": old.DueOn}, map[string]any{"due_on": day})
	})
	return out, err
}

// ResultsTransition is a workflow step on a drafted report. Approval needs
// what the register writes: the document's title and signer.
type ResultsTransition struct {
	Action  string
	Comment string
	Title   string // the report's trích yếu, for the register
	Signer  string
	DocType string // "Báo cáo" (the default), "Công văn", "Kế hoạch": the series it is numbered in
	// Linked are the periodic reports of the same unit and period that go
	// with the report: sent with it, accepted or returned with it, in the
	// same transaction, so the coordinator never holds one without the
	// other.
	Linked []int64
}

// TransitionResults takes a workflow step. Approval gives the report the
// next number of its issuer's series for the year (BC for a report), in the same
// transaction, so a number is never given twice nor skipped; a return needs
// a comment and clears the approval, but a number once given stays the
// report's.
func (s *Store) TransitionResults(ctx context.Context, actor domain.Actor, key domain.ResultsKey, iss domain.Issuer, version int, t ResultsTransition) (domain.ResultsReport, error) {
	t.Comment = strings.TrimSpace(t.Comment)
	if t.Action == domain.ResultsReturn && t.Comment == "" {
		return domain.ResultsReport{}, errs.Field("comment", "hãy ghi lý do trả lại", "say why the report is returned")
	}
	if len([]rune(t.Comment)) > domain.MaxCommentLen {
		return domain.ResultsReport{}, errs.Fieldf("comment", "ý kiến dài quá %d ký tự", "the comment is longer than %d characters", domain.MaxCommentLen)
	}
	var out domain.ResultsReport
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := resultsForWrite(ctx, c, key, version)
		if err != nil {
			return err
		}
		next, err := old.Status.Next(t.Action)
		if err != nil {
			return err
		}
		set := "status = $1"
		args := []any{string(next)}
		add := func(col string, v any) {
			args = append(args, v)
			set += ", " + col + " = $" + strconv.Itoa(len(args))
		}
		switch t.Action {
		case domain.ResultsSubmit:
			if key.Kind == domain.KindPlanGuidance && old.DueOn == "" {
				return errs.Field("due_on", "hãy đặt hạn gửi kế hoạch trước khi trình", "set the deadline for the plans before submitting")
			}
			add("submitted_by", nullIfZero(actor.UserID))
			add("comment", "")
		case domain.ResultsApprove:
			if old.SubmittedByID != 0 && old.SubmittedByID == actor.UserID {
				return errs.New(errs.Forbidden, "người trình không tự duyệt báo cáo của mình: cần một lãnh đạo khác của cơ quan",
					"the person who submitted a report cannot approve it: another manager of the agency must")
			}
			add("approved_by", nullIfZero(actor.UserID))
			if old.Number == "" {
				day := c.at.In(vntext.Location).Format(time.DateOnly)
				docType := t.DocType
				if docType == "" {
					docType = "Báo cáo"
				}
				doc, err := registerNext(ctx, c, iss, docType, t.Title, t.Signer, day, "results", old.ID)
				if err != nil {
					return err
				}
				add("number", doc.Number)
				add("issued_on", day)
			}
		case domain.ResultsAccept:
			add("reviewed_by", nullIfZero(actor.UserID))
		case domain.ResultsReturn:
			add("comment", t.Comment)
			add("reviewed_by", nullIfZero(actor.UserID))
			set += ", approved_by = NULL"
		}
		add("updated_at", micro(c.at))
		args = append(args, old.ID)
		// set names only the constant columns above; every value is an argument.
		if _, err := c.tx.ExecContext(ctx, "UPDATE results_reports SET "+set+", version = version + 1 WHERE id = $"+strconv.Itoa(len(args)), args...); err != nil { //nolint:gosec // see above
			return err
		}
		if out, err = scanResults(c.tx.QueryRowContext(ctx, "SELECT "+resultsCols+resultsFrom+" WHERE r.id = $1", old.ID)); err != nil {
			return err
		}
		if err := stepLinked(ctx, c, t, old.Status); err != nil {
			return err
		}
		return c.record("results."+t.Action, "results_report", strconv.FormatInt(old.ID, 10), orgRef{iss.OrgID, iss.OrgCode},
			map[string]any{"period": key.Period, "status": old.Status}, map[string]any{"period": key.Period, "status": out.Status, "number": out.Number, "comment": t.Comment})
	})
	return out, err
}

// stepLinked takes the periodic reports that go with a results report
// along: sending submits those not yet sent, the coordinator's acceptance
// accepts those waiting, a return of what was sent returns them with the
// same comment. Those already further on are left as they are.
func stepLinked(ctx context.Context, c *change, t ResultsTransition, from domain.ResultsStatus) error {
	var step string
	switch {
	case t.Action == domain.ResultsSend:
		step = ReportSubmit
	case t.Action == domain.ResultsAccept:
		step = ReportAccept
	case t.Action == domain.ResultsReturn && from == domain.ResultsSent:
		step = ReportReturn
	default:
		return nil
	}
	// The statuses a step applies to; reports further on are left as they are.
	applies := map[string][]string{
		ReportSubmit: {string(domain.ReportDraft), string(domain.ReportReturned)},
		ReportAccept: {string(domain.ReportSubmitted)},
		ReportReturn: {string(domain.ReportSubmitted)},
	}[step]
	for _, id := range t.Linked {
		var status string
		if err := c.tx.QueryRowContext(ctx, "SELECT status FROM reports WHERE id = $1", id).Scan(&status); err != nil {
			return mapErr(err)
		}
		if !slices.Contains(applies, status) {
			continue
		}
		if _, err := reportStep(ctx, c, id, -1, step, t.Comment); err != nil {
			return err
		}
	}
	return nil
}

// ResultsRevisions lists a report's saved texts, the newest first, with
// their authors' full names and units.
func (s *Store) ResultsRevisions(ctx context.Context, reportID int64) ([]domain.ResultsRevision, error) {
	return scanAll(ctx, s.r, `SELECT v.version, v.section, v.body, COALESCE(u.full_name, ''), COALESCE(o.name, ''), v.created_at
		FROM results_revisions v LEFT JOIN users u ON u.id = v.user_id LEFT JOIN org_units o ON o.id = u.org_id
		WHERE v.report_id = $1 ORDER BY v.id DESC`, []any{reportID}, func(row interface{ Scan(...any) error }) (domain.ResultsRevision, error) {
		var v domain.ResultsRevision
		var at int64
		err := row.Scan(&v.Version, &v.Section, &v.Text, &v.By, &v.ByUnit, &at)
		v.At = fromMicro(at)
		return v, err
	})
}

// registerNext gives a document the next number of its series for the
// unit and the year of day, and writes it in the register. The audit lock
// every audited write takes first makes MAX+1 safe; the primary key would
// refuse a second writer all the same.
func registerNext(ctx context.Context, c *change, iss domain.Issuer, docType, title, signer, day, ownerKind string, ownerID int64) (domain.OutgoingDoc, error) {
	series := domain.DocSeries(docType)
	year, _ := strconv.Atoi(day[:4])
	var last int
	if err := c.tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(seq), 0) FROM outgoing_docs WHERE org_id = $1 AND year = $2 AND series = $3",
		iss.OrgID, year, series).Scan(&last); err != nil {
		return domain.OutgoingDoc{}, err
	}
	symbol := iss.Symbol
	if symbol == "" {
		symbol = domain.IssuerSymbol(iss.OrgCode)
	}
	d := domain.OutgoingDoc{OrgID: iss.OrgID, OrgCode: iss.OrgCode, Year: year, Series: series, Seq: last + 1, Type: docType,
		Title: title, IssuedOn: day, Signer: signer, OwnerKind: ownerKind, OwnerID: ownerID}
	d.Number = domain.FormatDocNumber(d.Seq, series, symbol)
	if err := insertOutgoing(ctx, c, d); err != nil {
		return d, err
	}
	return d, c.record("register.add", "outgoing_doc", d.Number, orgRef{iss.OrgID, iss.OrgCode}, nil, d)
}

func insertOutgoing(ctx context.Context, c *change, d domain.OutgoingDoc) error {
	_, err := c.tx.ExecContext(ctx, `INSERT INTO outgoing_docs (org_id, year, series, seq, number, doc_type, title, issued_on, signer,
		owner_kind, owner_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		d.OrgID, d.Year, d.Series, d.Seq, d.Number, d.Type, d.Title, d.IssuedOn, d.Signer, d.OwnerKind, d.OwnerID,
		nullIfZero(c.actor.UserID), micro(c.at))
	return mapErr(err)
}

// registerImported writes in the register the number an imported plan
// already carries ("15/KH-SGTVT", dated), so that the series goes on from
// it. A number the register holds already is left as it is: importing the
// same document twice does not make it two documents.
func registerImported(ctx context.Context, c *change, p domain.Plan, planID int64) error {
	seq, series, ok := domain.ParseDocNumber(p.Header.Number)
	if !ok || len(p.Header.Date) < 4 {
		return nil
	}
	year, err := strconv.Atoi(p.Header.Date[:4])
	if err != nil {
		return nil //nolint:nilerr // a date the plan's header cannot give a year has no place in the register
	}
	docType := p.Header.Type
	if docType == "" {
		docType = "Kế hoạch"
	}
	d := domain.OutgoingDoc{OrgID: p.OrgID, OrgCode: p.OrgCode, Year: year, Series: series, Seq: seq, Number: p.Header.Number,
		Type: capitalFirst(docType), Title: p.Header.Title, IssuedOn: p.Header.Date, Signer: p.Signer.Name, OwnerKind: "plan", OwnerID: planID}
	res, err := c.tx.ExecContext(ctx, `INSERT INTO outgoing_docs (org_id, year, series, seq, number, doc_type, title, issued_on, signer,
		owner_kind, owner_id, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING`,
		d.OrgID, d.Year, d.Series, d.Seq, d.Number, d.Type, d.Title, d.IssuedOn, d.Signer, d.OwnerKind, d.OwnerID,
		nullIfZero(c.actor.UserID), micro(c.at))
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return nil
	}
	return c.record("register.add", "outgoing_doc", d.Number, orgRef{p.OrgID, p.OrgCode}, nil, d)
}

// capitalFirst writes "KẾ HOẠCH" as "Kế hoạch", as the register lists types.
func capitalFirst(s string) string {
	r := []rune(strings.ToLower(s))
	if len(r) > 0 {
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	}
	return string(r)
}

// OutgoingDocs lists a unit's register for a year in number order within
// each series; from and to (YYYY-MM-DD, either empty) bound the issue day.
func (s *Store) OutgoingDocs(ctx context.Context, orgID int64, year int, from, to string) ([]domain.OutgoingDoc, error) {
	q := &query{}
	q.add(`SELECT d.org_id, o.code, d.year, d.series, d.seq, d.number, d.doc_type, d.title, d.issued_on, d.signer, d.owner_kind, d.owner_id
		FROM outgoing_docs d JOIN org_units o ON o.id = d.org_id WHERE d.org_id = `, q.arg(orgID))
	if year != 0 {
		q.add(" AND d.year = ", q.arg(year))
	}
	if from != "" {
		q.add(" AND d.issued_on >= ", q.arg(from))
	}
	if to != "" {
		q.add(" AND d.issued_on <= ", q.arg(to))
	}
	q.add(" ORDER BY d.year, d.issued_on, d.series, d.seq")
	return scanAll(ctx, s.r, q.String(), q.args, func(row interface{ Scan(...any) error }) (domain.OutgoingDoc, error) {
		var d domain.OutgoingDoc
		return d, row.Scan(&d.OrgID, &d.OrgCode, &d.Year, &d.Series, &d.Seq, &d.Number, &d.Type, &d.Title, &d.IssuedOn, &d.Signer,
			&d.OwnerKind, &d.OwnerID)
	})
}

// CoordinatorUnits returns the home units of the active coordinators over
// orgPath for a programme ("" = any): the units a results report or a
// periodic report is addressed to. A coordinator's role sits on the
// province while the officer works at the department that coordinates, and
// the report goes to that department.
func (s *Store) CoordinatorUnits(ctx context.Context, orgPath string, prog domain.Programme) ([]domain.OrgUnit, error) {
	q := &query{}
	q.add(`SELECT `, orgCols, orgFrom, ` WHERE o.id IN (SELECT u.org_id FROM role_assignments a JOIN org_units ro ON ro.id = a.org_id
		JOIN users u ON u.id = a.user_id WHERE a.role = 'coordinator' AND `, q.arg(orgPath), ` LIKE ro.path || '%' AND u.disabled_at IS NULL`)
	if prog != "" {
		q.add(" AND (a.programme = '' OR a.programme = ", q.arg(string(prog)), ")")
	}
	q.add(") ORDER BY o.code")
	return scanAll(ctx, s.r, q.String(), q.args, scanOrg)
}

// SentResults returns, for each of the units, the results report its plan
// sent (or had accepted) for the period, in one query: what a summary of
// their work reads.
func (s *Store) SentResults(ctx context.Context, orgIDs []int64, periodID string) (map[int64]domain.ResultsReport, error) {
	out := map[int64]domain.ResultsReport{}
	if len(orgIDs) == 0 {
		return out, nil
	}
	q := &query{}
	q.add(`SELECT p.org_id, `, resultsCols, resultsFrom, ` JOIN plans p ON p.id = r.owner_id
		WHERE r.kind = `, q.arg(domain.KindPlanResults), ` AND r.period = `, q.arg(periodID), ` AND r.status IN (`,
		q.arg(string(domain.ResultsSent)), `, `, q.arg(string(domain.ResultsAccepted)), `) AND p.org_id IN (`, inList(q, orgIDs), `)
		ORDER BY r.updated_at`)
	type row struct {
		org int64
		r   domain.ResultsReport
	}
	rows, err := scanAll(ctx, s.r, q.String(), q.args, func(sc interface{ Scan(...any) error }) (row, error) {
		var x row
		var texts, prog string
		var updated int64
		err := sc.Scan(&x.org, &x.r.ID, &x.r.Key.Kind, &x.r.Key.OwnerID, &prog, &x.r.Key.Period, &x.r.Status, &texts, &x.r.Number, &x.r.IssuedOn,
			&x.r.Comment, &x.r.DueOn, &x.r.SubmittedByID, &x.r.SubmittedBy, &x.r.ApprovedBy, &x.r.ReviewedBy, &x.r.Version, &updated)
		if err == nil {
			x.r.Key.Programme, x.r.UpdatedAt = domain.Programme(prog), fromMicro(updated)
			x.r.Texts = map[string]string{}
			_ = json.Unmarshal([]byte(texts), &x.r.Texts)
		}
		return x, err
	})
	for _, x := range rows {
		out[x.org] = x.r // the latest sent wins
	}
	return out, err
}

// maxPlanActivities bounds what one results report reads: a plan's year of
// activities is hundreds; more would be an import gone wrong.
const maxPlanActivities = 20000

// PlanActivities returns the activities of a plan that started in from..to
// (YYYY-MM-DD, inclusive), in date order, and how many files each carries
// as evidence: two queries whatever their number.
func (s *Store) PlanActivities(ctx context.Context, planID int64, from, to string) ([]domain.Activity, map[int64]int, error) {
	acts, err := scanAll(ctx, s.r, "SELECT "+activityCols+activityFrom+` WHERE a.plan_id = $1 AND a.start_on >= $2 AND a.start_on <= $3
		ORDER BY a.start_on, a.id LIMIT $4`, []any{planID, from, to, maxPlanActivities}, scanActivity)
	if err != nil {
		return nil, nil, err
	}
	type count struct {
		id int64
		n  int
	}
	counts, err := scanAll(ctx, s.r, `SELECT f.owner_id, COUNT(*) FROM attachments f JOIN activities a ON a.id = f.owner_id
		WHERE f.owner_kind = 'activity' AND a.plan_id = $1 AND a.start_on >= $2 AND a.start_on <= $3 GROUP BY f.owner_id`,
		[]any{planID, from, to}, func(row interface{ Scan(...any) error }) (count, error) {
			var c count
			return c, row.Scan(&c.id, &c.n)
		})
	if err != nil {
		return nil, nil, err
	}
	evidence := make(map[int64]int, len(counts))
	for _, c := range counts {
		evidence[c.id] = c.n
	}
	return acts, evidence, nil
}
