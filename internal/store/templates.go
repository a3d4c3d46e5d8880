package store

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
)

const templateCols = `t.id, t.code, t.name, t.name_en, t.programme, t.org_id, o.code, o.name, o.path, t.period_type, t.period_rule,
	t.deadline_days, t.reporter_kinds, t.sections, t.active, t.version`

func scanTemplate(row interface{ Scan(...any) error }) (domain.Template, error) {
	var t domain.Template
	var kinds, sections string
	err := row.Scan(&t.ID, &t.Code, &t.Name, &t.NameEN, &t.Programme, &t.OrgID, &t.OrgCode, &t.OrgName, &t.OrgPath,
		&t.PeriodType, &t.PeriodRule, &t.DeadlineDays, &kinds, &sections, &t.Active, &t.Version)
	for _, k := range strings.Split(kinds, ",") {
		if k != "" {
			t.ReporterKinds = append(t.ReporterKinds, domain.OrgKind(k))
		}
	}
	_ = json.Unmarshal([]byte(sections), &t.Sections)
	return t, err
}

// Templates lists the report templates, with their indicators and named
// reporting units.
func (s *Store) Templates(ctx context.Context) ([]domain.Template, error) {
	return s.templates(ctx, s.r, "")
}

// Template returns one template by code.
func (s *Store) Template(ctx context.Context, code string) (domain.Template, error) {
	ts, err := s.templates(ctx, s.r, domain.NormalizeCode(code))
	if err != nil {
		return domain.Template{}, err
	}
	if len(ts) == 0 {
		return domain.Template{}, errs.ErrNotFound
	}
	return ts[0], nil
}

func (s *Store) templates(ctx context.Context, db querier, code string) ([]domain.Template, error) {
	q := "SELECT " + templateCols + " FROM report_templates t JOIN org_units o ON o.id = t.org_id"
	var args []any
	if code != "" {
		q += " WHERE t.code = $1"
		args = append(args, code)
	}
	ts, err := scanAll(ctx, db, q+" ORDER BY t.programme, t.code", args, scanTemplate)
	if err != nil {
		return nil, err
	}
	for i := range ts {
		t := &ts[i]
		if t.Indicators, err = scanAll(ctx, db, `SELECT i.code FROM template_indicators ti JOIN indicators i ON i.id = ti.indicator_id
			WHERE ti.template_id = $1 ORDER BY ti.position`, []any{t.ID}, scanString); err != nil {
			return nil, err
		}
		if t.ReporterOrgs, err = scanAll(ctx, db, `SELECT o.code FROM template_orgs tor JOIN org_units o ON o.id = tor.org_id
			WHERE tor.template_id = $1 ORDER BY o.code`, []any{t.ID}, scanString); err != nil {
			return nil, err
		}
	}
	return ts, nil
}

func scanString(row interface{ Scan(...any) error }) (string, error) {
	var s string
	return s, row.Scan(&s)
}

func validateTemplate(t *domain.Template) error {
	t.Code = domain.NormalizeCode(t.Code)
	t.Name, t.NameEN = domain.CleanText(t.Name), domain.CleanText(t.NameEN)
	var l errs.List
	if e := domain.ValidateCode("code", t.Code); e != nil {
		l = append(l, e)
	}
	if e := domain.ValidateName("name", t.Name, true); e != nil {
		l = append(l, e)
	}
	if _, err := period.ParseType(t.PeriodType); err != nil {
		l = append(l, errs.Field("period_type", "chọn kỳ báo cáo", "choose the reporting period"))
	}
	if _, err := period.ParseRule(t.PeriodRule); err != nil {
		l = append(l, errs.Field("period_rule", "chọn cách chốt số liệu", "choose the cut-off rule"))
	}
	if t.PeriodRule == "" {
		t.PeriodRule = string(period.Decree09)
	}
	if t.DeadlineDays < 0 || t.DeadlineDays > 60 {
		l = append(l, errs.Field("deadline_days", "hạn gửi từ 0 đến 60 ngày làm việc sau ngày chốt số liệu", "the deadline is 0 to 60 working days after the cut-off"))
	}
	if len(t.Indicators) == 0 {
		l = append(l, errs.Field("indicators", "chọn ít nhất một chỉ số", "choose at least one indicator"))
	}
	if len(t.ReporterKinds) == 0 && len(t.ReporterOrgs) == 0 {
		l = append(l, errs.Field("reporter_kinds", "chọn loại đơn vị phải báo cáo hoặc danh sách đơn vị", "choose which kinds of unit report, or list them"))
	}
	for _, k := range t.ReporterKinds {
		if !k.Valid() {
			l = append(l, errs.Field("reporter_kinds", "loại đơn vị không hợp lệ", "unknown kind of unit"))
		}
	}
	var secs []string
	for _, sct := range t.Sections {
		if sct = domain.CleanText(sct); sct != "" {
			secs = append(secs, sct)
		}
	}
	t.Sections = secs
	if t.Sections == nil {
		t.Sections = []string{}
	}
	if !t.Programme.Valid() {
		l = append(l, errs.Field("programme", "lĩnh vực không hợp lệ", "unknown programme"))
	}
	return l.Err()
}

// SaveTemplate creates (version 0) or changes a report template. A
// template's period type cannot change once reports exist, since their
// values belong to periods of that type.
func (s *Store) SaveTemplate(ctx context.Context, actor domain.Actor, t domain.Template, version int) (domain.Template, error) {
	if err := validateTemplate(&t); err != nil {
		return t, err
	}
	err := s.audited(ctx, actor, func(c *change) error {
		org, err := orgInTx(ctx, c.tx, domain.NormalizeCode(t.OrgCode))
		if err != nil {
			return errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", t.OrgCode)
		}
		var kinds []string
		for _, k := range t.ReporterKinds {
			kinds = append(kinds, string(k))
		}
		secs, _ := json.Marshal(t.Sections)
		var before any
		if version == 0 {
			err = c.tx.QueryRowContext(ctx, `INSERT INTO report_templates (code, name, name_en, programme, org_id, period_type, period_rule,
				deadline_days, reporter_kinds, sections, active, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, TRUE, 1, $11, $11) RETURNING id`,
				t.Code, t.Name, t.NameEN, string(t.Programme), org.ID, t.PeriodType, t.PeriodRule, t.DeadlineDays,
				strings.Join(kinds, ","), string(secs), micro(c.at)).Scan(&t.ID)
			if errs.Is(mapErr(err), errs.Exists) {
				return errs.Fieldf("code", "đã có mẫu báo cáo mã %s", "there is already a template %s", t.Code)
			}
			if err != nil {
				return err
			}
		} else {
			olds, err := s.templates(ctx, c.tx, t.Code)
			if err != nil {
				return err
			}
			if len(olds) == 0 {
				return errs.ErrNotFound
			}
			old := olds[0]
			if old.Version != version {
				return errs.ErrStale
			}
			before, t.ID = old, old.ID
			if old.PeriodType != t.PeriodType || old.PeriodRule != t.PeriodRule {
				var n int
				if err := c.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM reports WHERE template_id = $1", t.ID).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return errs.Fieldf("period_type", "không đổi được kỳ báo cáo: đã có %d báo cáo", "the period cannot change: %d reports exist", n)
				}
			}
			if _, err := c.tx.ExecContext(ctx, `UPDATE report_templates SET name = $1, name_en = $2, programme = $3, org_id = $4, period_type = $5,
				period_rule = $6, deadline_days = $7, reporter_kinds = $8, sections = $9, active = $10, version = version + 1, updated_at = $11
				WHERE id = $12`, t.Name, t.NameEN, string(t.Programme), org.ID, t.PeriodType, t.PeriodRule, t.DeadlineDays,
				strings.Join(kinds, ","), string(secs), t.Active, micro(c.at), t.ID); err != nil {
				return err
			}
			for _, stmt := range []string{"DELETE FROM template_indicators WHERE template_id = $1", "DELETE FROM template_orgs WHERE template_id = $1"} {
				if _, err := c.tx.ExecContext(ctx, stmt, t.ID); err != nil {
					return err
				}
			}
		}
		for i, code := range t.Indicators {
			res, err := c.tx.ExecContext(ctx, `INSERT INTO template_indicators (template_id, indicator_id, position)
				SELECT $1, id, $2 FROM indicators WHERE code = $3 ON CONFLICT DO NOTHING`, t.ID, i, domain.NormalizeCode(code))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return errs.Fieldf("indicators", "không có chỉ số mã %s (hoặc bị lặp)", "there is no indicator %s (or it is repeated)", code)
			}
		}
		for _, code := range t.ReporterOrgs {
			o, err := orgInTx(ctx, c.tx, domain.NormalizeCode(code))
			if err != nil || !o.Under(org.Path) {
				return errs.Fieldf("reporter_orgs", "đơn vị %s không thuộc %s", "unit %s is not under %s", code, org.Name)
			}
			if _, err := c.tx.ExecContext(ctx, "INSERT INTO template_orgs (template_id, org_id) VALUES ($1, $2) ON CONFLICT DO NOTHING", t.ID, o.ID); err != nil {
				return err
			}
		}
		out, err := s.templates(ctx, c.tx, t.Code)
		if err != nil {
			return err
		}
		t = out[0]
		action := "template.create"
		if before != nil {
			action = "template.update"
		}
		return c.record(action, "template", t.Code, orgRef{org.ID, org.Code}, before, t)
	})
	return t, err
}

// ExpectedOrgs lists the active units that must report on a template: those
// under its unit whose kind it names, and those it names one by one.
func (s *Store) ExpectedOrgs(ctx context.Context, t domain.Template, day string) ([]domain.OrgUnit, error) {
	units, _, err := s.OrgUnits(ctx, domain.Scope{Paths: []string{t.OrgPath}}, OrgFilter{Today: day}, nil)
	if err != nil {
		return nil, err
	}
	named := map[string]bool{}
	for _, c := range t.ReporterOrgs {
		named[c] = true
	}
	var out []domain.OrgUnit
	for _, o := range units {
		if named[o.Code] {
			out = append(out, o)
			continue
		}
		for _, k := range t.ReporterKinds {
			if o.Kind == k && o.ID != t.OrgID {
				out = append(out, o)
				break
			}
		}
	}
	return out, nil
}

// Holidays lists the holidays of a year (0: all), by day.
func (s *Store) Holidays(ctx context.Context, year int) ([]domain.Holiday, error) {
	q, args := "SELECT day, name FROM holidays ORDER BY day", []any(nil)
	if year != 0 {
		q, args = "SELECT day, name FROM holidays WHERE day >= $1 AND day < $2 ORDER BY day", []any{fmt.Sprintf("%04d-01-01", year), fmt.Sprintf("%04d-01-01", year+1)}
	}
	return scanAll(ctx, s.r, q, args, func(row interface{ Scan(...any) error }) (domain.Holiday, error) {
		var h domain.Holiday
		return h, row.Scan(&h.Day, &h.Name)
	})
}

// HolidaySet is the holiday table as the period package reads it.
func (s *Store) HolidaySet(ctx context.Context) (period.HolidaySet, error) {
	hs, err := s.Holidays(ctx, 0)
	set := period.HolidaySet{}
	for _, h := range hs {
		set[h.Day] = true
	}
	return set, err
}

// AddHoliday adds a day off.
func (s *Store) AddHoliday(ctx context.Context, actor domain.Actor, day, name string) error {
	name = domain.CleanText(name)
	if _, err := time.Parse(time.DateOnly, day); err != nil {
		return errs.Field("day", "ngày không hợp lệ", "not a valid date")
	}
	if e := domain.ValidateName("name", name, true); e != nil {
		return e
	}
	return s.audited(ctx, actor, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, "INSERT INTO holidays (day, name, created_at) VALUES ($1, $2, $3)", day, name, micro(c.at)); err != nil {
			if errs.Is(mapErr(err), errs.Exists) {
				return errs.Field("day", "ngày này đã là ngày nghỉ", "this day is already a holiday")
			}
			return err
		}
		return c.record("holiday.create", "holiday", day, orgRef{}, nil, domain.Holiday{Day: day, Name: name})
	})
}

// DeleteHoliday removes a day off.
func (s *Store) DeleteHoliday(ctx context.Context, actor domain.Actor, day string) error {
	return s.audited(ctx, actor, func(c *change) error {
		var name string
		if err := c.tx.QueryRowContext(ctx, "SELECT name FROM holidays WHERE day = $1", day).Scan(&name); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "DELETE FROM holidays WHERE day = $1", day); err != nil {
			return err
		}
		return c.record("holiday.delete", "holiday", day, orgRef{}, domain.Holiday{Day: day, Name: name}, nil)
	})
}
