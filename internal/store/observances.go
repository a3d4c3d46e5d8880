package store

import (
	"context"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/observance"
)

// Observances an agency adds to the national ones, and how long before an
// observance its preparation starts.

const observanceCols = `r.id, r.code, r.name, r.name_en, r.spec, r.programme,
	COALESCE(o.id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''), COALESCE(o.path, ''), r.active, r.version`

func scanObservance(row interface{ Scan(...any) error }) (domain.LocalObservance, error) {
	var lo domain.LocalObservance
	var code, name, nameEN, programme string
	if err := row.Scan(&lo.ID, &code, &name, &nameEN, &lo.Spec, &programme, &lo.OrgID, &lo.OrgCode, &lo.OrgName, &lo.OrgPath, &lo.Active, &lo.Version); err != nil {
		return lo, err
	}
	// A stored rule was checked when saved; parsing it again gives its
	// dates without a second copy of them in the table.
	r, err := observance.ParseRule(code, name, nameEN, lo.Spec)
	if err != nil {
		r = observance.Rule{Code: code, Name: name, NameEN: nameEN, Local: true}
	}
	r.Programme = programme
	lo.Rule = r
	return lo, nil
}

// LocalObservances lists the observances added in the application.
func (s *Store) LocalObservances(ctx context.Context, activeOnly bool) ([]domain.LocalObservance, error) {
	stmt := "SELECT " + observanceCols + " FROM observance_rules r LEFT JOIN org_units o ON o.id = r.org_id"
	if activeOnly {
		stmt += " WHERE r.active = TRUE"
	}
	return scanAll(ctx, s.r, stmt+" ORDER BY r.code", nil, scanObservance)
}

// LocalObservance returns one observance added in the application.
func (s *Store) LocalObservance(ctx context.Context, id int64) (domain.LocalObservance, error) {
	lo, err := scanObservance(s.r.QueryRowContext(ctx, "SELECT "+observanceCols+
		" FROM observance_rules r LEFT JOIN org_units o ON o.id = r.org_id WHERE r.id = $1", id))
	return lo, mapErr(err)
}

// ObservanceRules returns the rules in force: the national ones and the
// active local ones.
func (s *Store) ObservanceRules(ctx context.Context) ([]observance.Rule, error) {
	local, err := s.LocalObservances(ctx, true)
	if err != nil {
		return nil, err
	}
	rules := observance.Builtin()
	for _, lo := range local {
		if lo.Rule.Kind != "" {
			rules = append(rules, lo.Rule)
		}
	}
	return rules, nil
}

// SaveObservance adds a local observance (id 0) or changes one read at
// version. Its code may not be one of the national observances'. org is
// the owner of a new one; a change keeps the owner it had.
func (s *Store) SaveObservance(ctx context.Context, actor domain.Actor, id int64, version int, code, name, nameEN, spec, programme string, org *domain.OrgUnit, active bool) (domain.LocalObservance, error) {
	// The rule's errors are already field errors (*errs.Error).
	r, err := observance.ParseRule(code, name, nameEN, spec)
	if err != nil {
		return domain.LocalObservance{}, err
	}
	r.Programme = programme
	if err := r.Validate(); err != nil {
		return domain.LocalObservance{}, err
	}
	for _, b := range observance.Builtin() {
		if b.Code == r.Code {
			return domain.LocalObservance{}, errs.Fieldf("code", "mã %s đã dùng cho một ngày lễ quốc gia", "%s is the code of a national observance", r.Code)
		}
	}
	var out domain.LocalObservance
	err = s.audited(ctx, actor, func(c *change) error {
		var orgID any
		ref := orgRef{}
		if org != nil {
			orgID, ref = org.ID, refOf(*org)
		}
		after := map[string]any{"code": r.Code, "name": r.Name, "name_en": r.NameEN, "spec": spec, "programme": programme, "active": active}
		if id == 0 {
			if err := c.tx.QueryRowContext(ctx, `INSERT INTO observance_rules (code, name, name_en, spec, programme, org_id, active, version,
				created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8) RETURNING id`,
				r.Code, r.Name, r.NameEN, spec, programme, orgID, active, micro(c.at)).Scan(&id); err != nil {
				return err
			}
			if err := c.record("observance.create", "observance", r.Code, ref, nil, after); err != nil {
				return err
			}
		} else {
			old, err := scanObservance(c.tx.QueryRowContext(ctx, "SELECT "+observanceCols+
				" FROM observance_rules r LEFT JOIN org_units o ON o.id = r.org_id WHERE r.id = $1", id))
			if err != nil {
				return mapErr(err)
			}
			if old.Version != version {
				return errs.ErrStale
			}
			ref = orgRef{}
			if old.OrgID != 0 {
				ref = orgRef{old.OrgID, old.OrgCode}
			}
			if _, err := c.tx.ExecContext(ctx, `UPDATE observance_rules SET code = $1, name = $2, name_en = $3, spec = $4, programme = $5,
				active = $6, version = version + 1, updated_at = $7 WHERE id = $8`,
				r.Code, r.Name, r.NameEN, spec, programme, active, micro(c.at), id); err != nil {
				return err
			}
			before := map[string]any{"code": old.Rule.Code, "name": old.Rule.Name, "name_en": old.Rule.NameEN, "spec": old.Spec,
				"programme": old.Rule.Programme, "active": old.Active}
			if err := c.record("observance.update", "observance", r.Code, ref, before, after); err != nil {
				return err
			}
		}
		var err error
		out, err = scanObservance(c.tx.QueryRowContext(ctx, "SELECT "+observanceCols+
			" FROM observance_rules r LEFT JOIN org_units o ON o.id = r.org_id WHERE r.id = $1", id))
		return err
	})
	return out, err
}

// ObservancePrep returns the preparation days set in the application, by
// observance code; observances absent use their default.
func (s *Store) ObservancePrep(ctx context.Context) (map[string]int, error) {
	type row struct {
		code string
		days int
	}
	rows, err := scanAll(ctx, s.r, "SELECT code, days FROM observance_prep", nil, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.code, &x.days)
	})
	out := map[string]int{}
	for _, r := range rows {
		out[r.code] = r.days
	}
	return out, err
}

// SetObservancePrep sets how many days before an observance its
// preparation reminder comes (0: none).
func (s *Store) SetObservancePrep(ctx context.Context, actor domain.Actor, code string, days int) error {
	if days < 0 || days > 366 {
		return errs.Field("days", "số ngày chuẩn bị từ 0 đến 366", "preparation days must be 0 to 366")
	}
	return s.audited(ctx, actor, func(c *change) error {
		var before any
		var old int
		if err := c.tx.QueryRowContext(ctx, "SELECT days FROM observance_prep WHERE code = $1", code).Scan(&old); err == nil {
			before = map[string]any{"days": old}
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO observance_prep (code, days, updated_at) VALUES ($1, $2, $3)
			ON CONFLICT (code) DO UPDATE SET days = excluded.days, updated_at = excluded.updated_at`, code, days, micro(c.at)); err != nil {
			return err
		}
		return c.record("observance.prep", "observance", code, orgRef{}, before, map[string]any{"days": days})
	})
}
