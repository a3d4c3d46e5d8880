package store

import (
	"context"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Figures computed from records for indicators: over an org subtree and a
// range of days, in total and, where the records say, by sex and age.

// RecordFigures computes a source's figure over the units under orgPath
// (every unit when empty) and the days from..to (YYYY-MM-DD, inclusive).
func (s *Store) RecordFigures(ctx context.Context, src domain.RecordSource, orgPath, from, to string) (domain.Figures, error) {
	var f domain.Figures
	q := &query{}
	under := func(col string) string {
		if orgPath == "" {
			return "1=1"
		}
		return col + " LIKE " + q.arg(orgPath+"%")
	}
	kinds := func(col string) string {
		if len(src.Types) == 0 {
			return "1=1"
		}
		return col + " IN (" + inList(q, src.Types) + ")"
	}
	var dest []any
	switch src.Metric {
	case "activities.count", "activities.cost", "activities.participants":
		sel := "COUNT(*)"
		switch src.Metric {
		case "activities.cost":
			sel = "COALESCE(SUM(a.cost), 0)"
		case "activities.participants":
			sel = `COALESCE(SUM(a.participants), 0), COALESCE(SUM(a.male_children), 0), COALESCE(SUM(a.female_children), 0),
				COALESCE(SUM(a.male_adults), 0), COALESCE(SUM(a.female_adults), 0)`
			dest = []any{&f.MaleChildren, &f.FemaleChildren, &f.MaleAdults, &f.FemaleAdults}
			f.BySex, f.ByAge = true, true
		}
		q.add("SELECT ", sel, " FROM activities a JOIN org_units o ON o.id = a.org_id WHERE a.start_on >= ", q.arg(from),
			" AND a.start_on <= ", q.arg(to), " AND ", under("o.path"), " AND ", kinds("a.type"))
	case "hazards.reported", "sites.found", "inspections.count", "inspections.violations", "helmets.recipients", "fund.amount", "hazards.fixed":
		kind := map[string]domain.RegistryKind{"hazards.reported": domain.RegHazard, "hazards.fixed": domain.RegHazard, "sites.found": domain.RegRiskSite,
			"inspections.count": domain.RegInspection, "inspections.violations": domain.RegInspection, "helmets.recipients": domain.RegHelmet,
			"fund.amount": domain.RegFund}[src.Metric]
		sel := "COUNT(*)"
		switch src.Metric {
		case "inspections.violations":
			sel = "COALESCE(SUM(r.n_count), 0)"
		case "fund.amount":
			sel = "COALESCE(SUM(r.amount), 0)"
		case "helmets.recipients":
			sel = "COALESCE(SUM(r.n_total), 0), COALESCE(SUM(r.n_male), 0), COALESCE(SUM(r.n_female), 0)"
			dest = []any{&f.Male, &f.Female}
			f.BySex = true
		}
		date := "r.on_date"
		if src.Metric == "hazards.fixed" {
			date = "r.done_on"
		}
		q.add("SELECT ", sel, " FROM registry_records r JOIN org_units o ON o.id = r.org_id WHERE r.kind = ", q.arg(string(kind)),
			" AND ", date, " >= ", q.arg(from), " AND ", date, " <= ", q.arg(to), " AND ", under("o.path"), " AND ", kinds("r.category"))
	case "sites.reviewed", "signs.added":
		sel := "COUNT(*)"
		if src.Metric == "signs.added" {
			sel = "COALESCE(SUM(e.n_count), 0)"
		}
		q.add("SELECT ", sel, ` FROM registry_entries e JOIN registry_records r ON r.id = e.record_id JOIN org_units o ON o.id = r.org_id
			WHERE e.kind = 'review' AND e.on_date >= `, q.arg(from), " AND e.on_date <= ", q.arg(to), " AND ", under("o.path"))
	case "gifts.children":
		q.add(`SELECT COUNT(*), COALESCE(SUM(CASE WHEN c.sex = 'male' THEN 1 ELSE 0 END), 0), COALESCE(SUM(CASE WHEN c.sex = 'female' THEN 1 ELSE 0 END), 0)
			FROM gift_recipients x JOIN gift_rounds g ON g.id = x.round_id JOIN staff_children c ON c.id = x.child_id
			JOIN org_units o ON o.id = c.org_id
			WHERE x.given_on IS NOT NULL AND g.round_on >= `, q.arg(from), " AND g.round_on <= ", q.arg(to), " AND ", under("o.path"))
		dest = []any{&f.Male, &f.Female}
		f.BySex = true
	default:
		stmt, ok := caseFigures(q, src.Metric, under, kinds, from, to)
		if !ok {
			return f, errs.Fieldf("source", "không có số liệu hồ sơ %q", "there is no record figure %q", src.Metric)
		}
		q.add(stmt)
		dest = []any{&f.Male, &f.Female}
		f.BySex = true
	}
	if err := s.r.QueryRowContext(ctx, q.String(), q.args...).Scan(append([]any{&f.Total}, dest...)...); err != nil {
		return f, mapErr(err)
	}
	if f.ByAge {
		f.Male, f.Female = f.MaleChildren+f.MaleAdults, f.FemaleChildren+f.FemaleAdults
	}
	return f, nil
}
