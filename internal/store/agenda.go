package store

import (
	"context"
	"strings"
	"tebdg/internal/domain"
)

// DueItems lists the trackable items of plans in effect whose deadline ends
// from from to to (YYYY-MM-DD, inclusive), open ones only when openOnly.
// Units are given by path so callers can match them against any scope.
func (s *Store) DueItems(ctx context.Context, from, to string, openOnly bool) ([]domain.DueItem, error) {
	q := &query{}
	q.add(`SELECT i.id, i.plan_id, p.title, o.code, i.label, i.title, i.deadline_text, COALESCE(i.deadline_start, ''), i.deadline_end,
		i.status, i.progress, COALESCE(lo.code, ''), COALESCE(lo.name, ''), COALESCE(lo.path, ''),
		COALESCE((SELECT `, s.stringAgg("so.path", "' '"), ` FROM plan_item_supports sp JOIN org_units so ON so.id = sp.org_id
			WHERE sp.item_id = i.id), '')
		FROM plan_items i JOIN plans p ON p.id = i.plan_id JOIN org_units o ON o.id = p.org_id
		LEFT JOIN org_units lo ON lo.id = i.lead_org_id
		WHERE p.status IN ('approved', 'sent') AND i.kind IN ('task', 'activity')
		AND i.deadline_end >= `, q.arg(from), ` AND i.deadline_end <= `, q.arg(to))
	if openOnly {
		q.add(" AND i.status IN ('not_started', 'in_progress')")
	}
	q.add(" ORDER BY i.deadline_end, i.plan_id, i.position")
	return scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (domain.DueItem, error) {
		var d domain.DueItem
		var supports string
		err := r.Scan(&d.ID, &d.PlanID, &d.PlanTitle, &d.PlanOrgCode, &d.Label, &d.Title, &d.DeadlineText, &d.Start, &d.End,
			&d.Status, &d.Progress, &d.LeadCode, &d.LeadName, &d.LeadPath, &supports)
		d.SupportPaths = strings.Fields(supports)
		return d, err
	})
}

// stringAgg is the engine's aggregate joining strings with a separator.
func (s *Store) stringAgg(expr, sep string) string {
	if s.dialect == Postgres {
		return "STRING_AGG(" + expr + ", " + sep + ")"
	}
	return "GROUP_CONCAT(" + expr + ", " + sep + ")"
}
