package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
)

// RollupQuery asks for the stored values of indicators over an org
// subtree and a date range, optionally split by child subtrees or by
// sub-periods. Values count when their period lies wholly inside the range,
// so months roll up into their quarter and quarters into their year.
type RollupQuery struct {
	IndicatorIDs []int64
	// LastIDs are the indicators among them whose latest values are asked
	// for (last-value aggregation): finding those takes a second scan, done
	// only for them.
	LastIDs []int64
	// OrgPath is the subtree; "" (or the path of a root unit, which holds
	// every value) means no filter on units.
	OrgPath    string
	Start, End string          // YYYY-MM-DD, inclusive
	ByOrg      []string        // paths of subtrees to split by (children of OrgPath)
	ByPeriod   []period.Period // sub-periods to split by
	// Structure is StructureToday (the default) or StructureThen: which
	// organisation the figures follow across reorganisations.
	Structure string
}

// Rollup computes the raw aggregates with one grouped scan of the covering
// index, and a second one for the latest values, on either engine.
func (s *Store) Rollup(ctx context.Context, rq RollupQuery) ([]domain.RollupCell, error) {
	if len(rq.IndicatorIDs) == 0 {
		return nil, nil
	}
	groupBy := groupPrefix(rq)
	placed, err := s.placements(ctx, rq)
	if err != nil {
		return nil, err
	}
	q := &query{}
	group := rollupGroup(q, rq)
	where := rollupWhere(q, rq, "v") + excludePlaced(q, placed, "v")
	q.add(`SELECT v.indicator_id, `, group, `, v.combo, SUM(v.value), COUNT(v.value), MIN(v.value), MAX(v.value)
		FROM data_values v`, joinOrgs(rq, "v"), ` WHERE `, where, ` GROUP BY v.indicator_id, `, groupBy(group), `v.combo`)
	cells, err := scanAll(ctx, s.r, q.String(), q.args, scanAggCell)
	if err != nil {
		return nil, err
	}
	if len(rq.LastIDs) > 0 {
		if cells, err = s.rollupLast(ctx, rq, placed, cells); err != nil {
			return nil, err
		}
	}
	if len(placed) == 0 {
		return cells, nil
	}
	extra, err := s.rollupPlaced(ctx, rq, placed)
	if err != nil {
		return nil, err
	}
	return mergeCells(cells, extra), nil
}

// rollupLast fills the latest values into cells.
func (s *Store) rollupLast(ctx context.Context, rq RollupQuery, placed []placement, cells []domain.RollupCell) ([]domain.RollupCell, error) {
	groupBy := groupPrefix(rq)
	// Latest values: for each unit, option and group, the value of its
	// last period in the range; summed over units.
	lq := rq
	lq.IndicatorIDs = rq.LastIDs
	q2 := &query{}
	g2 := rollupGroup(q2, lq)
	w2 := rollupWhere(q2, lq, "v") + excludePlaced(q2, placed, "v")
	grpSel := "0"
	if len(rq.ByOrg) > 0 || len(rq.ByPeriod) > 0 {
		grpSel = "grp"
	}
	q2.add(`SELECT indicator_id, `, grpSel, `, combo, SUM(value) FROM (
		SELECT v.indicator_id, `, g2, ` AS grp, v.org_id, v.combo, v.value, v.period_end,
			MAX(v.period_end) OVER (PARTITION BY v.indicator_id, `, groupBy(g2), `v.org_id, v.combo) AS last_end
		FROM data_values v`, joinOrgs(lq, "v"), ` WHERE `, w2, `) x WHERE period_end = last_end GROUP BY indicator_id, `, groupBy("grp"), `combo`)
	lasts, err := scanAll(ctx, s.r, q2.String(), q2.args, scanLastCell)
	if err != nil {
		return nil, err
	}
	// Every latest value's cell is among the sums: the rows are a subset.
	return mergeCells(cells, lasts), nil
}

// groupPrefix writes a group expression into GROUP BY and PARTITION BY
// lists. Without a split there is none: a bare 0 in GROUP BY would name
// the first column on both engines.
func groupPrefix(rq RollupQuery) func(string) string {
	split := len(rq.ByOrg) > 0 || len(rq.ByPeriod) > 0
	return func(g string) string {
		if split {
			return g + ", "
		}
		return ""
	}
}

// scanAggCell reads a row of sums, counts, minima and maxima.
func scanAggCell(row interface{ Scan(...any) error }) (domain.RollupCell, error) {
	var c domain.RollupCell
	var sum, mn, mx *float64
	err := row.Scan(&c.IndicatorID, &c.Group, &c.Combo, &sum, &c.Count, &mn, &mx)
	c.Sum, c.Min, c.Max = deref(sum), deref(mn), deref(mx)
	return c, err
}

// scanLastCell reads a row of latest values.
func scanLastCell(row interface{ Scan(...any) error }) (domain.RollupCell, error) {
	var c domain.RollupCell
	var sum *float64
	err := row.Scan(&c.IndicatorID, &c.Group, &c.Combo, &sum)
	c.Last = deref(sum)
	return c, err
}

// rollupPlaced sums the placed values into their groups with their
// weights, latest values included.
func (s *Store) rollupPlaced(ctx context.Context, rq RollupQuery, placed []placement) ([]domain.RollupCell, error) {
	var in []placement
	for _, p := range placed {
		if p.grp >= 0 {
			in = append(in, p)
		}
	}
	if len(in) == 0 {
		return nil, nil
	}
	base := rq
	base.OrgPath, base.ByOrg = "", nil
	q := &query{}
	q.add(placedTable(q, in))
	grp := "m.grp"
	if len(rq.ByPeriod) > 0 {
		grp = rollupGroup(q, base)
	}
	where := rollupWhere(q, base, "v") + placedUnits(q, in, "v")
	q.add(`SELECT v.indicator_id, `, grp, `, v.combo, SUM(v.value * m.w), COUNT(v.value), MIN(v.value * m.w), MAX(v.value * m.w)
		FROM data_values v JOIN m ON m.org = v.org_id AND v.period_start >= m.f AND v.period_start < m.t
		WHERE `, where, ` GROUP BY v.indicator_id, `, grp, `, v.combo`)
	cells, err := scanAll(ctx, s.r, q.String(), q.args, scanAggCell)
	if err != nil || len(rq.LastIDs) == 0 {
		return cells, err
	}
	lq := base
	lq.IndicatorIDs = rq.LastIDs
	q2 := &query{}
	q2.add(placedTable(q2, in))
	g2 := "m.grp"
	if len(rq.ByPeriod) > 0 {
		g2 = rollupGroup(q2, lq)
	}
	w2 := rollupWhere(q2, lq, "v") + placedUnits(q2, in, "v")
	q2.add(`SELECT indicator_id, grp, combo, SUM(value * w) FROM (
		SELECT v.indicator_id, `, g2, ` AS grp, v.org_id, v.combo, v.value, m.w, v.period_end,
			MAX(v.period_end) OVER (PARTITION BY v.indicator_id, `, g2, `, v.org_id, v.combo) AS last_end
		FROM data_values v JOIN m ON m.org = v.org_id AND v.period_start >= m.f AND v.period_start < m.t
		WHERE `, w2, `) x WHERE period_end = last_end GROUP BY indicator_id, grp, combo`)
	lasts, err := scanAll(ctx, s.r, q2.String(), q2.args, scanLastCell)
	if err != nil {
		return nil, err
	}
	return mergeCells(cells, lasts), nil
}

// mergeCells adds the cells of b into a, cell by cell.
func mergeCells(a, b []domain.RollupCell) []domain.RollupCell {
	type key struct {
		ind   int64
		group int
		combo string
	}
	idx := map[key]int{}
	for i, c := range a {
		idx[key{c.IndicatorID, c.Group, c.Combo}] = i
	}
	for _, c := range b {
		k := key{c.IndicatorID, c.Group, c.Combo}
		i, ok := idx[k]
		if !ok {
			idx[k] = len(a)
			a = append(a, c)
			continue
		}
		x := &a[i]
		switch {
		case c.Count == 0:
		case x.Count == 0:
			x.Min, x.Max = c.Min, c.Max
		default:
			x.Min, x.Max = min(x.Min, c.Min), max(x.Max, c.Max)
		}
		x.Sum += c.Sum
		x.Count += c.Count
		x.Last += c.Last
	}
	return a
}

func deref(p *float64) float64 {
	if p == nil {
		return 0
	}
	return *p
}

// rollupGroup is the expression naming a row's group.
func rollupGroup(q *query, rq RollupQuery) string {
	switch {
	case len(rq.ByOrg) > 0:
		var b strings.Builder
		b.WriteString("CASE")
		for i, p := range rq.ByOrg {
			b.WriteString(" WHEN o.path LIKE " + q.arg(p+"%") + " THEN " + strconv.Itoa(i))
		}
		b.WriteString(" ELSE -1 END")
		return b.String()
	case len(rq.ByPeriod) > 0:
		var b strings.Builder
		b.WriteString("CASE")
		for i, p := range rq.ByPeriod {
			b.WriteString(" WHEN v.period_start >= " + q.arg(p.Start.Format(time.DateOnly)) +
				" AND v.period_end <= " + q.arg(p.End.Format(time.DateOnly)) + " THEN " + strconv.Itoa(i))
		}
		b.WriteString(" ELSE -1 END")
		return b.String()
	}
	return "0"
}

func joinOrgs(rq RollupQuery, alias string) string {
	if len(rq.ByOrg) > 0 {
		return " JOIN org_units o ON o.id = " + alias + ".org_id"
	}
	return ""
}

func rollupWhere(q *query, rq RollupQuery, v string) string {
	var ids []string
	for _, id := range rq.IndicatorIDs {
		ids = append(ids, q.arg(id))
	}
	w := v + ".indicator_id IN (" + strings.Join(ids, ",") + ") AND " + v + ".period_start >= " + q.arg(rq.Start) +
		" AND " + v + ".period_end <= " + q.arg(rq.End) + " AND " + v + ".value IS NOT NULL"
	if rq.OrgPath != "" {
		w += " AND " + v + ".org_id IN (SELECT id FROM org_units WHERE path LIKE " + q.arg(rq.OrgPath+"%") + ")"
	}
	if len(rq.ByOrg) > 0 || len(rq.ByPeriod) > 0 {
		// Rows outside every group do not count.
		w += " AND " + rollupGroupCond(q, rq)
	}
	return w
}

func rollupGroupCond(q *query, rq RollupQuery) string {
	return rollupGroup(q, rq) + " >= 0"
}

// Targets returns the baselines and targets of indicators for a unit.
func (s *Store) Targets(ctx context.Context, orgID int64) (map[int64]map[int][2]*float64, error) {
	type row struct {
		ind  int64
		year int
		b, t *float64
	}
	rows, err := scanAll(ctx, s.r, "SELECT indicator_id, year, baseline, target FROM indicator_targets WHERE org_id = $1", []any{orgID},
		func(r interface{ Scan(...any) error }) (row, error) {
			var x row
			return x, r.Scan(&x.ind, &x.year, &x.b, &x.t)
		})
	out := map[int64]map[int][2]*float64{}
	for _, r := range rows {
		if out[r.ind] == nil {
			out[r.ind] = map[int][2]*float64{}
		}
		out[r.ind][r.year] = [2]*float64{r.b, r.t}
	}
	return out, err
}

// SetTarget stores a baseline and target of an indicator for a unit and year.
func (s *Store) SetTarget(ctx context.Context, actor domain.Actor, ind domain.Indicator, org domain.OrgUnit, year int, baseline, target *float64) error {
	return s.audited(ctx, actor, func(c *change) error {
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO indicator_targets (indicator_id, org_id, year, baseline, target) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (indicator_id, org_id, year) DO UPDATE SET baseline = excluded.baseline, target = excluded.target`,
			ind.ID, org.ID, year, baseline, target); err != nil {
			return err
		}
		return c.record("target.set", "indicator", ind.Code, orgRef{org.ID, org.Code}, nil,
			map[string]any{"year": year, "baseline": baseline, "target": target})
	})
}
