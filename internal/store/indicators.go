package store

import (
	"context"
	"slices"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Categories returns every category with its options, by code.
func (s *Store) Categories(ctx context.Context) ([]domain.Category, error) {
	cats, err := scanAll(ctx, s.r, "SELECT id, code, name, name_en, version FROM categories ORDER BY code", nil,
		func(row interface{ Scan(...any) error }) (domain.Category, error) {
			var c domain.Category
			return c, row.Scan(&c.ID, &c.Code, &c.Name, &c.NameEN, &c.Version)
		})
	if err != nil {
		return nil, err
	}
	type opt struct {
		cat int64
		o   domain.CategoryOption
	}
	opts, err := scanAll(ctx, s.r, "SELECT category_id, id, code, name, name_en FROM category_options ORDER BY category_id, position", nil,
		func(row interface{ Scan(...any) error }) (opt, error) {
			var o opt
			return o, row.Scan(&o.cat, &o.o.ID, &o.o.Code, &o.o.Name, &o.o.NameEN)
		})
	if err != nil {
		return nil, err
	}
	for i := range cats {
		for _, o := range opts {
			if o.cat == cats[i].ID {
				cats[i].Options = append(cats[i].Options, o.o)
			}
		}
	}
	return cats, nil
}

// SaveCategory creates a category (version 0) or replaces its names and
// options. An option that stored values use cannot be removed: their
// combination codes would point at nothing.
func (s *Store) SaveCategory(ctx context.Context, actor domain.Actor, c domain.Category, version int) (domain.Category, error) {
	c.Code = strings.ToLower(strings.TrimSpace(c.Code))
	c.Name, c.NameEN = domain.CleanText(c.Name), domain.CleanText(c.NameEN)
	// The options are cleaned below: on a copy, since the caller's slice
	// may be shared (the demo's categories are one package variable).
	c.Options = slices.Clone(c.Options)
	var l errs.List
	if e := domain.ValidateOptionCode("code", c.Code); e != nil {
		l = append(l, e)
	}
	if e := domain.ValidateName("name", c.Name, true); e != nil {
		l = append(l, e)
	}
	seen := map[string]bool{}
	for i := range c.Options {
		o := &c.Options[i]
		o.Code, o.Name, o.NameEN = strings.ToLower(strings.TrimSpace(o.Code)), domain.CleanText(o.Name), domain.CleanText(o.NameEN)
		if e := domain.ValidateOptionCode("options", o.Code); e != nil {
			l = append(l, errs.Fieldf("options", "lựa chọn %q: %s", "option %q: %s", o.Code, e.VI))
		}
		if o.Name == "" {
			l = append(l, errs.Fieldf("options", "lựa chọn %q chưa có tên", "option %q has no name", o.Code))
		}
		if seen[o.Code] || o.Code == "total" {
			l = append(l, errs.Fieldf("options", "mã lựa chọn %q bị trùng hoặc không được dùng", "option code %q is repeated or reserved", o.Code))
		}
		seen[o.Code] = true
	}
	if len(c.Options) < 2 {
		l = append(l, errs.Field("options", "một nhóm phân tổ cần ít nhất hai lựa chọn", "a category needs at least two options"))
	}
	if err := l.Err(); err != nil {
		return c, err
	}
	err := s.audited(ctx, actor, func(ch *change) error {
		var before *domain.Category
		if version == 0 {
			if err := ch.tx.QueryRowContext(ctx, `INSERT INTO categories (code, name, name_en, version, created_at, updated_at)
				VALUES ($1, $2, $3, 1, $4, $4) RETURNING id`, c.Code, c.Name, c.NameEN, micro(ch.at)).Scan(&c.ID); err != nil {
				if errs.Is(mapErr(err), errs.Exists) {
					return errs.Fieldf("code", "đã có nhóm phân tổ mã %s", "there is already a category %s", c.Code)
				}
				return err
			}
		} else {
			var old domain.Category
			if err := ch.tx.QueryRowContext(ctx, "SELECT id, version FROM categories WHERE code = $1", c.Code).Scan(&old.ID, &old.Version); err != nil {
				return err
			}
			if old.Version != version {
				return errs.ErrStale
			}
			c.ID = old.ID
			before = &old
			used, err := scanAll(ctx, ch.tx, "SELECT code FROM category_options WHERE category_id = $1", []any{c.ID},
				func(row interface{ Scan(...any) error }) (string, error) {
					var code string
					return code, row.Scan(&code)
				})
			if err != nil {
				return err
			}
			for _, code := range used {
				if seen[code] {
					continue
				}
				var n int
				if err := ch.tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM data_values v JOIN indicator_categories ic ON ic.indicator_id = v.indicator_id
					WHERE ic.category_id = $1 AND ('_' || v.combo || '_') LIKE $2`, c.ID, "%\\_"+code+"\\_%").Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return errs.Fieldf("options", "không bỏ được lựa chọn %q: đã có %d số liệu dùng nó", "option %q cannot go: %d stored values use it", code, n)
				}
			}
			if _, err := ch.tx.ExecContext(ctx, "UPDATE categories SET name = $1, name_en = $2, version = version + 1, updated_at = $3 WHERE id = $4",
				c.Name, c.NameEN, micro(ch.at), c.ID); err != nil {
				return err
			}
			if _, err := ch.tx.ExecContext(ctx, "DELETE FROM category_options WHERE category_id = $1", c.ID); err != nil {
				return err
			}
		}
		for i, o := range c.Options {
			if _, err := ch.tx.ExecContext(ctx, "INSERT INTO category_options (category_id, code, name, name_en, position) VALUES ($1, $2, $3, $4, $5)",
				c.ID, o.Code, o.Name, o.NameEN, i); err != nil {
				return err
			}
		}
		action := "category.create"
		var b any
		if before != nil {
			action, b = "category.update", before
		}
		return ch.record(action, "category", c.Code, orgRef{}, b, c)
	})
	return c, err
}

const indicatorCols = `i.id, i.code, i.name, i.name_en, i.definition, i.unit, i.value_type, i.programme, i.aggregation,
	COALESCE(n.code, ''), COALESCE(d.code, ''), i.factor, i.min_value, i.max_value, COALESCE(l.code, ''), i.source, i.active, i.version, i.updated_at`

const indicatorFrom = ` FROM indicators i LEFT JOIN indicators n ON n.id = i.numerator_id LEFT JOIN indicators d ON d.id = i.denominator_id
	LEFT JOIN indicators l ON l.id = i.lte_id`

func scanIndicator(row interface{ Scan(...any) error }) (domain.Indicator, error) {
	var ind domain.Indicator
	var updated int64
	err := row.Scan(&ind.ID, &ind.Code, &ind.Name, &ind.NameEN, &ind.Definition, &ind.Unit, &ind.ValueType, &ind.Programme,
		&ind.Aggregation, &ind.Numerator, &ind.Denominator, &ind.Factor, &ind.Min, &ind.Max, &ind.LTE, &ind.Source, &ind.Active,
		&ind.Version, &updated)
	ind.UpdatedAt = fromMicro(updated)
	return ind, err
}

// IndicatorFilter narrows the catalogue.
type IndicatorFilter struct {
	Programme domain.Programme
	Search    string
	Codes     []string
	Active    bool
}

// Indicators lists the catalogue with each indicator's categories and
// option combinations.
func (s *Store) Indicators(ctx context.Context, f IndicatorFilter) ([]domain.Indicator, error) {
	return s.indicators(ctx, s.r, f)
}

func (s *Store) indicators(ctx context.Context, db querier, f IndicatorFilter) ([]domain.Indicator, error) {
	q := &query{}
	q.add(indicatorFrom, " WHERE 1=1")
	if f.Programme != "" {
		q.add(" AND i.programme = ", q.arg(string(f.Programme)))
	}
	if f.Active {
		q.add(" AND i.active")
	}
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND i.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
	if len(f.Codes) > 0 {
		var ph []string
		for _, c := range f.Codes {
			ph = append(ph, q.arg(domain.NormalizeCode(c)))
		}
		q.add(" AND i.code IN (", strings.Join(ph, ","), ")")
	}
	q.add(" ORDER BY i.programme, i.code")
	inds, err := scanAll(ctx, db, "SELECT "+indicatorCols+q.String(), q.args, scanIndicator)
	if err != nil || len(inds) == 0 {
		return inds, err
	}
	cats, err := s.Categories(ctx)
	if err != nil {
		return nil, err
	}
	byID := map[int64]domain.Category{}
	for _, c := range cats {
		byID[c.ID] = c
	}
	type link struct{ ind, cat int64 }
	links, err := scanAll(ctx, db, "SELECT indicator_id, category_id FROM indicator_categories ORDER BY indicator_id, position", nil,
		func(row interface{ Scan(...any) error }) (link, error) {
			var l link
			return l, row.Scan(&l.ind, &l.cat)
		})
	if err != nil {
		return nil, err
	}
	for i := range inds {
		var mine []domain.Category
		for _, l := range links {
			if l.ind == inds[i].ID {
				mine = append(mine, byID[l.cat])
				inds[i].Categories = append(inds[i].Categories, byID[l.cat].Code)
			}
		}
		if inds[i].Categories == nil {
			inds[i].Categories = []string{}
		}
		inds[i].Combos = domain.BuildCombos(mine)
	}
	return inds, nil
}

// Indicator returns one indicator by code.
func (s *Store) Indicator(ctx context.Context, code string) (domain.Indicator, error) {
	inds, err := s.Indicators(ctx, IndicatorFilter{Codes: []string{code}})
	if err != nil {
		return domain.Indicator{}, err
	}
	if len(inds) == 0 {
		return domain.Indicator{}, errs.ErrNotFound
	}
	return inds[0], nil
}

// SaveIndicator creates an indicator (version 0) or changes it. Its
// categories cannot change once values are stored: their combination codes
// are part of every value.
func (s *Store) SaveIndicator(ctx context.Context, actor domain.Actor, ind domain.Indicator, version int) (domain.Indicator, error) {
	if err := ind.Validate(); err != nil {
		return ind, err
	}
	err := s.audited(ctx, actor, func(c *change) error {
		ref := func(code, field string) (any, error) {
			if code == "" {
				return nil, nil
			}
			var id int64
			if err := c.tx.QueryRowContext(ctx, "SELECT id FROM indicators WHERE code = $1", code).Scan(&id); err != nil {
				if errs.Is(mapErr(err), errs.NotFound) {
					return nil, errs.Fieldf(field, "không có chỉ số mã %s", "there is no indicator %s", code)
				}
				return nil, err
			}
			return id, nil
		}
		num, err := ref(ind.Numerator, "numerator")
		if err != nil {
			return err
		}
		den, err := ref(ind.Denominator, "denominator")
		if err != nil {
			return err
		}
		lte, err := ref(ind.LTE, "lte")
		if err != nil {
			return err
		}
		var catIDs []int64
		for _, code := range ind.Categories {
			var id int64
			if err := c.tx.QueryRowContext(ctx, "SELECT id FROM categories WHERE code = $1", code).Scan(&id); err != nil {
				if errs.Is(mapErr(err), errs.NotFound) {
					return errs.Fieldf("categories", "không có nhóm phân tổ mã %s", "there is no category %s", code)
				}
				return err
			}
			catIDs = append(catIDs, id)
		}
		search := vntext.Fold(ind.Code + " " + ind.Name + " " + ind.NameEN)
		var before *domain.Indicator
		if version == 0 {
			err = c.tx.QueryRowContext(ctx, `INSERT INTO indicators (code, name, name_en, definition, unit, value_type, programme, aggregation,
				numerator_id, denominator_id, factor, min_value, max_value, lte_id, source, active, search, version, created_at, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, TRUE, $16, 1, $17, $17) RETURNING id`,
				ind.Code, ind.Name, ind.NameEN, ind.Definition, ind.Unit, string(ind.ValueType), string(ind.Programme), string(ind.Aggregation),
				num, den, ind.Factor, ind.Min, ind.Max, lte, ind.Source, search, micro(c.at)).Scan(&ind.ID)
			if errs.Is(mapErr(err), errs.Exists) {
				return errs.Fieldf("code", "đã có chỉ số mã %s", "there is already an indicator %s", ind.Code)
			}
			if err != nil {
				return err
			}
		} else {
			olds, err := s.indicators(ctx, c.tx, IndicatorFilter{Codes: []string{ind.Code}})
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
			before, ind.ID = &old, old.ID
			if strings.Join(old.Categories, ",") != strings.Join(ind.Categories, ",") {
				var n int
				if err := c.tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM data_values WHERE indicator_id = $1", old.ID).Scan(&n); err != nil {
					return err
				}
				if n > 0 {
					return errs.Fieldf("categories", "không đổi được phân tổ: chỉ số đã có %d số liệu", "the categories cannot change: %d values are stored", n)
				}
			}
			if _, err := c.tx.ExecContext(ctx, `UPDATE indicators SET name = $1, name_en = $2, definition = $3, unit = $4, value_type = $5,
				programme = $6, aggregation = $7, numerator_id = $8, denominator_id = $9, factor = $10, min_value = $11, max_value = $12,
				lte_id = $13, source = $14, active = $15, search = $16, version = version + 1, updated_at = $17 WHERE id = $18`,
				ind.Name, ind.NameEN, ind.Definition, ind.Unit, string(ind.ValueType), string(ind.Programme), string(ind.Aggregation),
				num, den, ind.Factor, ind.Min, ind.Max, lte, ind.Source, ind.Active, search, micro(c.at), ind.ID); err != nil {
				return err
			}
			if _, err := c.tx.ExecContext(ctx, "DELETE FROM indicator_categories WHERE indicator_id = $1", ind.ID); err != nil {
				return err
			}
		}
		for i, id := range catIDs {
			if _, err := c.tx.ExecContext(ctx, "INSERT INTO indicator_categories (indicator_id, category_id, position) VALUES ($1, $2, $3)",
				ind.ID, id, i); err != nil {
				return err
			}
		}
		out, err := s.indicators(ctx, c.tx, IndicatorFilter{Codes: []string{ind.Code}})
		if err != nil {
			return err
		}
		ind = out[0]
		action := "indicator.create"
		var b any
		if before != nil {
			action, b = "indicator.update", before
		}
		return c.record(action, "indicator", ind.Code, orgRef{}, b, ind)
	})
	return ind, err
}
