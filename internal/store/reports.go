package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
)

const reportCols = `r.id, r.template_id, t.code, r.org_id, o.code, o.name, o.path, r.period_id, r.period_start, r.period_end, r.due_on,
	r.status, r.narrative, r.comment, COALESCE(r.submitted_at, 0), COALESCE(NULLIF(su.full_name, ''), su.username, ''), COALESCE(NULLIF(ru.full_name, ''), ru.username, ''), r.version, r.updated_at`

const reportFrom = ` FROM reports r JOIN report_templates t ON t.id = r.template_id JOIN org_units o ON o.id = r.org_id
	LEFT JOIN users su ON su.id = r.submitted_by LEFT JOIN users ru ON ru.id = r.reviewed_by`

func scanReport(row interface{ Scan(...any) error }) (domain.Report, error) {
	var r domain.Report
	var narrative string
	var submitted, updated int64
	err := row.Scan(&r.ID, &r.TemplateID, &r.Template, &r.OrgID, &r.OrgCode, &r.OrgName, &r.OrgPath, &r.Period, &r.Start, &r.End,
		&r.DueOn, &r.Status, &narrative, &r.Comment, &submitted, &r.SubmittedBy, &r.ReviewedBy, &r.Version, &updated)
	r.Narrative = map[string]string{}
	_ = json.Unmarshal([]byte(narrative), &r.Narrative)
	if submitted != 0 {
		r.SubmittedAt = fromMicro(submitted)
	}
	r.UpdatedAt = fromMicro(updated)
	return r, err
}

// Report returns the report of a template for a unit and period, or
// NotFound when nothing was saved yet.
func (s *Store) Report(ctx context.Context, templateID, orgID int64, periodID string) (domain.Report, error) {
	r, err := scanReport(s.r.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+
		" WHERE r.template_id = $1 AND r.org_id = $2 AND r.period_id = $3", templateID, orgID, periodID))
	return r, mapErr(err)
}

// ReportByID returns a report by id.
func (s *Store) ReportByID(ctx context.Context, id int64) (domain.Report, error) {
	r, err := scanReport(s.r.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.id = $1", id))
	return r, mapErr(err)
}

// ReportFilter narrows a list of reports.
type ReportFilter struct {
	TemplateID int64
	Period     string
	OrgPath    string
	Status     domain.ReportStatus
	From, To   string // period_start within [From, To]
}

// Reports lists reports by period and unit.
func (s *Store) Reports(ctx context.Context, f ReportFilter) ([]domain.Report, error) {
	q := &query{}
	q.add(reportFrom, " WHERE 1=1")
	if f.TemplateID != 0 {
		q.add(" AND r.template_id = ", q.arg(f.TemplateID))
	}
	if f.Period != "" {
		q.add(" AND r.period_id = ", q.arg(f.Period))
	}
	if f.OrgPath != "" {
		q.add(" AND o.path LIKE ", q.arg(f.OrgPath+"%"))
	}
	if f.Status != "" {
		q.add(" AND r.status = ", q.arg(string(f.Status)))
	}
	if f.From != "" {
		q.add(" AND r.period_start >= ", q.arg(f.From))
	}
	if f.To != "" {
		q.add(" AND r.period_start <= ", q.arg(f.To))
	}
	q.add(" ORDER BY r.period_start DESC, o.name LIMIT 5000")
	return scanAll(ctx, s.r, "SELECT "+reportCols+q.String(), q.args, scanReport)
}

// ValueKey names one cell.
type ValueKey struct {
	IndicatorID int64
	OrgID       int64
	Period      string
	Combo       string
}

// Values returns the stored values of indicators for one unit and a list of
// periods: the period being entered, the one before, the same one last year
// and the history the form compares with.
func (s *Store) Values(ctx context.Context, indicatorIDs []int64, orgID int64, periods []string) (map[ValueKey]domain.StoredValue, error) {
	out := map[ValueKey]domain.StoredValue{}
	if len(indicatorIDs) == 0 || len(periods) == 0 {
		return out, nil
	}
	q := &query{}
	var ip, pp []string
	for _, id := range indicatorIDs {
		ip = append(ip, q.arg(id))
	}
	for _, p := range periods {
		pp = append(pp, q.arg(p))
	}
	q.add(`SELECT indicator_id, period_id, combo, COALESCE(value, 0), text_value, computed, reason FROM data_values
		WHERE indicator_id IN (`, strings.Join(ip, ","), `) AND period_id IN (`, strings.Join(pp, ","), `) AND org_id = `, q.arg(orgID))
	type row struct {
		k ValueKey
		v domain.StoredValue
	}
	rows, err := scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		x.k.OrgID = orgID
		return x, r.Scan(&x.k.IndicatorID, &x.k.Period, &x.k.Combo, &x.v.Value, &x.v.Text, &x.v.Computed, &x.v.Reason)
	})
	for _, r := range rows {
		out[r.k] = r.v
	}
	return out, err
}

// CellInput is one cell of a save: a number or a text, or nothing (clear).
type CellInput struct {
	IndicatorID int64
	Indicator   string
	Combo       string
	Value       *float64
	Text        string
	Computed    bool
	Reason      string
}

// SaveReport stores a unit's values and narrative for a template and
// period, creating the report as a draft on its first save. version is the
// report's version the form was opened at (0 for a new report). A
// submitted or accepted report cannot change.
func (s *Store) SaveReport(ctx context.Context, actor domain.Actor, t domain.Template, org domain.OrgUnit, p period.Period,
	dueOn string, version int, cells []CellInput, narrative map[string]string) (domain.Report, error) {
	var out domain.Report
	err := s.audited(ctx, actor, func(c *change) error {
		r, err := s.reportForWrite(ctx, c, t, org, p, dueOn, version)
		if err != nil {
			return err
		}
		changes, err := writeCells(ctx, c, r.ID, org.ID, p, cells)
		if err != nil {
			return err
		}
		nb, _ := json.Marshal(narrative)
		if _, err := c.tx.ExecContext(ctx, "UPDATE reports SET narrative = $1, version = version + 1, updated_at = $2 WHERE id = $3",
			string(nb), micro(c.at), r.ID); err != nil {
			return err
		}
		if out, err = scanReport(c.tx.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.id = $1", r.ID)); err != nil {
			return mapErr(err)
		}
		return c.record("report.save", "report", reportEntity(t.Code, org.Code, p.ID), orgRef{org.ID, org.Code},
			nil, map[string]any{"changed": changes, "narrative": narrative})
	})
	return out, err
}

func reportEntity(template, org, periodID string) string {
	return template + "/" + org + "/" + periodID
}

// reportForWrite returns the report, created as a draft if absent, after
// checking the version and that it can still change.
func (s *Store) reportForWrite(ctx context.Context, c *change, t domain.Template, org domain.OrgUnit, p period.Period, dueOn string, version int) (domain.Report, error) {
	r, err := scanReport(c.tx.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+
		" WHERE r.template_id = $1 AND r.org_id = $2 AND r.period_id = $3", t.ID, org.ID, p.ID))
	switch {
	case err == nil:
		if version >= 0 && r.Version != version {
			return r, errs.ErrStale
		}
		return r, r.Editable(c.at)
	case errs.Is(mapErr(err), errs.NotFound):
		if version > 0 {
			return r, errs.ErrStale
		}
		if err := (domain.Report{Start: p.Start.Format(time.DateOnly)}).Editable(c.at); err != nil {
			return r, err
		}
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO reports (template_id, org_id, period_id, period_start, period_end, due_on,
			status, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'draft', 1, $7, $7) RETURNING id`,
			t.ID, org.ID, p.ID, p.Start.Format("2006-01-02"), p.End.Format("2006-01-02"), dueOn, micro(c.at)).Scan(&id); err != nil {
			return r, err
		}
		r, err = scanReport(c.tx.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.id = $1", id))
		return r, mapErr(err)
	}
	return r, err
}

// cellChange is what the audit trail keeps of a save.
type cellChange struct {
	Indicator string `json:"indicator"`
	Combo     string `json:"combo,omitempty"`
	Before    string `json:"before"`
	After     string `json:"after"`
	Reason    string `json:"reason,omitempty"`
}

func fmtCell(v *float64, text string, exists bool) string {
	switch {
	case !exists:
		return ""
	case text != "":
		return text
	case v != nil:
		return strconv.FormatFloat(*v, 'f', -1, 64)
	}
	return ""
}

// writeCells upserts and clears cells, and returns the ones that changed.
func writeCells(ctx context.Context, c *change, reportID, orgID int64, p period.Period, cells []CellInput) ([]cellChange, error) {
	var changes []cellChange
	start, end := p.Start.Format("2006-01-02"), p.End.Format("2006-01-02")
	for _, cell := range cells {
		var old domain.StoredValue
		var oldV *float64
		exists := true
		err := c.tx.QueryRowContext(ctx, `SELECT value, text_value, computed, reason FROM data_values
			WHERE indicator_id = $1 AND org_id = $2 AND period_id = $3 AND combo = $4`, cell.IndicatorID, orgID, p.ID, cell.Combo).
			Scan(&oldV, &old.Text, &old.Computed, &old.Reason)
		if errs.Is(mapErr(err), errs.NotFound) {
			exists = false
		} else if err != nil {
			return nil, err
		}
		before := fmtCell(oldV, old.Text, exists)
		if cell.Value == nil && cell.Text == "" {
			if exists {
				if _, err := c.tx.ExecContext(ctx, "DELETE FROM data_values WHERE indicator_id = $1 AND org_id = $2 AND period_id = $3 AND combo = $4",
					cell.IndicatorID, orgID, p.ID, cell.Combo); err != nil {
					return nil, err
				}
				changes = append(changes, cellChange{Indicator: cell.Indicator, Combo: cell.Combo, Before: before})
			}
			continue
		}
		after := fmtCell(cell.Value, cell.Text, true)
		if exists && after == before && old.Computed == cell.Computed && old.Reason == cell.Reason {
			continue
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO data_values (indicator_id, org_id, period_id, combo, period_start, period_end,
			value, text_value, report_id, computed, reason, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
			ON CONFLICT (indicator_id, org_id, period_id, combo) DO UPDATE SET value = excluded.value, text_value = excluded.text_value,
			report_id = excluded.report_id, computed = excluded.computed, reason = excluded.reason, updated_at = excluded.updated_at`,
			cell.IndicatorID, orgID, p.ID, cell.Combo, start, end, cell.Value, cell.Text, nullIfZero(reportID), cell.Computed,
			cell.Reason, micro(c.at)); err != nil {
			return nil, err
		}
		changes = append(changes, cellChange{Indicator: cell.Indicator, Combo: cell.Combo, Before: before, After: after, Reason: cell.Reason})
	}
	return changes, nil
}

// Report workflow actions.
const (
	ReportSubmit = "submit"
	ReportAccept = "accept"
	ReportReturn = "return"
	ReportReopen = "reopen"
)

// TransitionReport takes a review step: a unit submits; the level above
// accepts (which locks the data) or returns it with a comment; a
// coordinator reopens an accepted report with a reason.
func (s *Store) TransitionReport(ctx context.Context, actor domain.Actor, id int64, version int, action, comment string) (domain.Report, error) {
	comment = strings.TrimSpace(comment)
	if (action == ReportReturn || action == ReportReopen) && comment == "" {
		return domain.Report{}, errs.Field("comment", "hãy ghi lý do", "say why")
	}
	if len([]rune(comment)) > domain.MaxCommentLen {
		return domain.Report{}, errs.Fieldf("comment", "ý kiến dài quá %d ký tự", "the comment is longer than %d characters", domain.MaxCommentLen)
	}
	var out domain.Report
	err := s.audited(ctx, actor, func(c *change) error {
		var err error
		out, err = reportStep(ctx, c, id, version, action, comment)
		return err
	})
	return out, err
}

// reportStep takes a review step on report id in the change c. version
// below 0 takes the report as it is: a step that goes with another
// document's (a results report sent with its period's figures) reads it in
// the same transaction.
func reportStep(ctx context.Context, c *change, id int64, version int, action, comment string) (domain.Report, error) {
	var out domain.Report
	actor := c.actor
	r, err := scanReport(c.tx.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.id = $1", id))
	if err != nil {
		return out, mapErr(err)
	}
	if version >= 0 && r.Version != version {
		return out, errs.ErrStale
	}
	from := map[string][]domain.ReportStatus{
		ReportSubmit: {domain.ReportDraft, domain.ReportReturned},
		ReportAccept: {domain.ReportSubmitted},
		ReportReturn: {domain.ReportSubmitted},
		ReportReopen: {domain.ReportAccepted},
	}[action]
	ok := false
	for _, st := range from {
		ok = ok || st == r.Status
	}
	if !ok {
		if action == ReportSubmit && r.Status == domain.ReportSubmitted {
			return out, errs.New(errs.Conflict, "báo cáo đã được gửi rồi", "the report was already submitted")
		}
		return out, errs.New(errs.Conflict, "trạng thái của báo cáo không cho phép thao tác này", "the report's status does not allow this step")
	}
	now := micro(c.at)
	var stmt string
	var args []any
	switch action {
	case ReportSubmit:
		stmt, args = "UPDATE reports SET status = 'submitted', submitted_at = $1, submitted_by = $2, comment = '' WHERE id = $3", []any{now, nullIfZero(actor.UserID), id}
	case ReportAccept:
		stmt, args = "UPDATE reports SET status = 'accepted', reviewed_at = $1, reviewed_by = $2, comment = $3 WHERE id = $4", []any{now, nullIfZero(actor.UserID), comment, id}
	case ReportReturn:
		stmt, args = "UPDATE reports SET status = 'returned', reviewed_at = $1, reviewed_by = $2, comment = $3 WHERE id = $4", []any{now, nullIfZero(actor.UserID), comment, id}
	case ReportReopen:
		stmt, args = "UPDATE reports SET status = 'draft', reviewed_at = $1, reviewed_by = $2, comment = $3 WHERE id = $4", []any{now, nullIfZero(actor.UserID), comment, id}
	default:
		return out, errs.Field("action", "thao tác không hợp lệ", "unknown action")
	}
	if _, err := c.tx.ExecContext(ctx, stmt, args...); err != nil {
		return out, err
	}
	if _, err := c.tx.ExecContext(ctx, "UPDATE reports SET version = version + 1, updated_at = $1 WHERE id = $2", now, id); err != nil {
		return out, err
	}
	if out, err = scanReport(c.tx.QueryRowContext(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.id = $1", id)); err != nil {
		return out, mapErr(err)
	}
	return out, c.record("report."+action, "report", reportEntity(r.Template, r.OrgCode, r.Period), orgRef{r.OrgID, r.OrgCode},
		map[string]any{"status": r.Status}, map[string]any{"status": out.Status, "comment": comment})
}

// ImportValue is one resolved row of a data import.
type ImportValue struct {
	Row         int
	IndicatorID int64
	Indicator   string
	Org         domain.OrgUnit
	Period      period.Period
	Combo       string
	Value       *float64
	Text        string
	Deleted     bool
}

// ImportResult counts what an import did (or, in a dry run, would do).
type ImportResult struct {
	Imported, Updated, Deleted, Unchanged int
}

// RowError is a problem with one row of an import.
type RowError struct {
	Row       int
	Field     string
	Message   string
	MessageEN string
}

// ImportValues writes a batch of values in one transaction: all of them or
// none. Values go into the reports of the template for their units and
// periods, created as drafts when absent; a row for a report that is
// submitted or accepted is refused, and so is the whole batch. A dry run
// checks everything and writes nothing. Writing the same values again
// changes nothing. The work is done in sets, not row by row: one query
// finds the reports, one the values already stored, and multi-row upserts
// write the changes, so 100,000 values take seconds on either engine.
func (s *Store) ImportValues(ctx context.Context, actor domain.Actor, t domain.Template, rows []ImportValue, dueOn func(period.Period) string, dryRun bool) (ImportResult, []RowError, error) {
	var res ImportResult
	var rowErrs []RowError
	errDry := errors.New("dry run")
	type rk struct {
		org    int64
		period string
	}
	err := s.audited(ctx, actor, func(c *change) error {
		// The reports and values the batch touches.
		periods, orgs, inds := map[string]bool{}, map[int64]bool{}, map[int64]bool{}
		for _, v := range rows {
			periods[v.Period.ID], orgs[v.Org.ID], inds[v.IndicatorID] = true, true, true
		}
		q := &query{}
		q.add("SELECT "+reportCols+reportFrom+" WHERE r.template_id = ", q.arg(t.ID), " AND r.period_id IN (", inList(q, keys(periods)), ")")
		existing, err := scanAll(ctx, c.tx, q.String(), q.args, scanReport)
		if err != nil {
			return err
		}
		reports := map[rk]domain.Report{}
		for _, r := range existing {
			reports[rk{r.OrgID, r.Period}] = r
		}
		type vk struct {
			ind, org int64
			period   string
			combo    string
		}
		type stored struct {
			v    *float64
			text string
		}
		old := map[vk]stored{}
		orgIDs := keys(orgs)
		for start := 0; start < len(orgIDs); start += 500 {
			q := &query{}
			q.add(`SELECT indicator_id, org_id, period_id, combo, value, text_value FROM data_values WHERE indicator_id IN (`,
				inList(q, keys(inds)), `) AND period_id IN (`, inList(q, keys(periods)), `) AND org_id IN (`,
				inList(q, orgIDs[start:min(start+500, len(orgIDs))]), `)`)
			type row struct {
				k vk
				s stored
			}
			olds, err := scanAll(ctx, c.tx, q.String(), q.args, func(r interface{ Scan(...any) error }) (row, error) {
				var x row
				return x, r.Scan(&x.k.ind, &x.k.org, &x.k.period, &x.k.combo, &x.s.v, &x.s.text)
			})
			if err != nil {
				return err
			}
			for _, o := range olds {
				old[o.k] = o.s
			}
		}
		reported := map[rk]bool{}
		for _, v := range rows {
			k := rk{v.Org.ID, v.Period.ID}
			if r, ok := reports[k]; ok && !r.Status.Editable() && !reported[k] {
				reported[k] = true
				rowErrs = append(rowErrs, RowError{Row: v.Row, Field: "period",
					Message:   fmt.Sprintf("báo cáo của %s kỳ %s đã gửi hoặc đã được tiếp nhận nên bị khóa", v.Org.Code, v.Period.ID),
					MessageEN: fmt.Sprintf("the report of %s for %s is submitted or accepted and locked", v.Org.Code, v.Period.ID)})
			}
		}
		if len(rowErrs) > 0 {
			return errDry
		}
		// What changes.
		// Pointers, not copies: a row carries its whole unit and period.
		var writes, deletes []*ImportValue
		for i := range rows {
			v := &rows[i]
			o, exists := old[vk{v.IndicatorID, v.Org.ID, v.Period.ID, v.Combo}]
			switch {
			case v.Deleted && !exists:
				res.Unchanged++
			case v.Deleted:
				res.Deleted++
				deletes = append(deletes, v)
			case !exists:
				res.Imported++
				writes = append(writes, v)
			case o.text == v.Text && (o.v == nil && v.Value == nil || o.v != nil && v.Value != nil && math.Abs(*o.v-*v.Value) < 1e-9):
				res.Unchanged++
			default:
				res.Updated++
				writes = append(writes, v)
			}
		}
		if dryRun {
			return errDry
		}
		changed := append(append(make([]*ImportValue, 0, len(writes)+len(deletes)), writes...), deletes...)
		for _, v := range changed {
			k := rk{v.Org.ID, v.Period.ID}
			if _, ok := reports[k]; ok {
				continue
			}
			r, err := s.reportForWrite(ctx, c, t, v.Org, v.Period, dueOn(v.Period), 0)
			if err != nil {
				return err
			}
			reports[k] = r
		}
		now := micro(c.at)
		if err := s.upsertValues(ctx, c.tx, writes, func(v *ImportValue) int64 { return reports[rk{v.Org.ID, v.Period.ID}].ID }, now); err != nil {
			return err
		}
		for _, v := range deletes {
			if _, err := c.tx.ExecContext(ctx, `DELETE FROM data_values WHERE indicator_id = $1 AND org_id = $2 AND period_id = $3
				AND combo = $4`, v.IndicatorID, v.Org.ID, v.Period.ID, v.Combo); err != nil {
				return err
			}
		}
		touched := map[int64]bool{}
		for _, v := range changed {
			id := reports[rk{v.Org.ID, v.Period.ID}].ID
			if touched[id] {
				continue
			}
			touched[id] = true
			if _, err := c.tx.ExecContext(ctx, "UPDATE reports SET version = version + 1, updated_at = $1 WHERE id = $2", now, id); err != nil {
				return err
			}
		}
		return c.record("datavalues.import", "template", t.Code, orgRef{t.OrgID, t.OrgCode}, nil,
			map[string]any{"rows": len(rows), "imported": res.Imported, "updated": res.Updated, "deleted": res.Deleted,
				"unchanged": res.Unchanged, "reports": len(touched)})
	})
	if errors.Is(err, errDry) {
		err = nil
	}
	return res, rowErrs, err
}

// inList adds the values as parameters and returns their placeholders.
func inList[T any](q *query, vals []T) string {
	ph := make([]string, len(vals))
	for i, v := range vals {
		ph[i] = q.arg(v)
	}
	return strings.Join(ph, ",")
}

func keys[K comparable](m map[K]bool) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

const upsertTail = ` ON CONFLICT (indicator_id, org_id, period_id, combo) DO UPDATE SET value = excluded.value,
	text_value = excluded.text_value, report_id = excluded.report_id, computed = FALSE, reason = '',
	updated_at = excluded.updated_at`

const upsertHead = `INSERT INTO data_values (indicator_id, org_id, period_id, combo, period_start, period_end, value, text_value,
	report_id, updated_at, computed, reason) VALUES `

// upsertValues writes many values. The engines want different things:
// SQLite runs in-process, where parsing a statement costs more than running
// it, so one prepared single-row statement is run for each value;
// PostgreSQL is a round trip away, so values go 500 to a statement.
func (s *Store) upsertValues(ctx context.Context, tx *sql.Tx, vals []*ImportValue, reportID func(*ImportValue) int64, now int64) error {
	args := func(v *ImportValue) []any {
		return []any{v.IndicatorID, v.Org.ID, v.Period.ID, v.Combo, v.Period.Start.Format("2006-01-02"),
			v.Period.End.Format("2006-01-02"), v.Value, v.Text, reportID(v), now}
	}
	if s.dialect == SQLite {
		stmt, err := tx.PrepareContext(ctx, upsertHead+"($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, FALSE, '')"+upsertTail)
		if err != nil {
			return err
		}
		defer func() { _ = stmt.Close() }()
		for _, v := range vals {
			if _, err := stmt.ExecContext(ctx, args(v)...); err != nil {
				return err
			}
		}
		return nil
	}
	const perInsert = 500
	for start := 0; start < len(vals); start += perInsert {
		chunk := vals[start:min(start+perInsert, len(vals))]
		var b strings.Builder
		var all []any
		b.WriteString(upsertHead)
		for i, v := range chunk {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString("(")
			for k := 1; k <= 10; k++ {
				b.WriteString("$" + strconv.Itoa(len(all)+k) + ", ")
			}
			b.WriteString("FALSE, '')")
			all = append(all, args(v)...)
		}
		b.WriteString(upsertTail)
		if _, err := tx.ExecContext(ctx, b.String(), all...); err != nil {
			return err
		}
	}
	return nil
}
