package store

import (
	"context"
	"database/sql"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/period"
)

// BulkReport is one report with its values, for loading generated data
// sets (benchmarks, training copies) faster than the forms could.
type BulkReport struct {
	TemplateID int64
	OrgID      int64
	Period     period.Period
	DueOn      string
	Status     domain.ReportStatus
	Values     []BulkValue
}

// BulkValue is one value of a BulkReport.
type BulkValue struct {
	IndicatorID int64
	Combo       string
	Value       float64
}

// BulkLoad writes reports and their values in large transactions with
// multi-row inserts. It writes one audit row for the whole load, naming
// what was loaded, instead of one per report: it is for generated data.
func (s *Store) BulkLoad(ctx context.Context, actor domain.Actor, what string, reports []BulkReport) (int, error) {
	const perTx = 400
	total := 0
	for start := 0; start < len(reports); start += perTx {
		batch := reports[start:min(start+perTx, len(reports))]
		err := s.write(ctx, func(tx *sql.Tx) error {
			now := micro(s.now())
			var ids []int64
			for _, r := range batch {
				var id int64
				if err := tx.QueryRowContext(ctx, `INSERT INTO reports (template_id, org_id, period_id, period_start, period_end, due_on,
					status, submitted_at, version, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1, $8, $8) RETURNING id`,
					r.TemplateID, r.OrgID, r.Period.ID, r.Period.Start.Format(time.DateOnly), r.Period.End.Format(time.DateOnly),
					r.DueOn, string(r.Status), now).Scan(&id); err != nil {
					return err
				}
				ids = append(ids, id)
			}
			vals := make([]ImportValue, 0, len(batch)*64)
			var rids []int64
			for i, r := range batch {
				for _, v := range r.Values {
					val := v.Value
					vals = append(vals, ImportValue{IndicatorID: v.IndicatorID, Org: domain.OrgUnit{ID: r.OrgID}, Period: r.Period, Combo: v.Combo, Value: &val})
					rids = append(rids, ids[i])
				}
			}
			total += len(vals)
			ptrs := make([]*ImportValue, len(vals))
			at := make(map[*ImportValue]int64, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
				at[ptrs[i]] = rids[i]
			}
			return s.upsertValues(ctx, tx, ptrs, func(v *ImportValue) int64 { return at[v] }, now)
		})
		if err != nil {
			return total, err
		}
	}
	err := s.audited(ctx, actor, func(c *change) error {
		return c.record("datavalues.import", "bulk", what, orgRef{}, nil, map[string]any{"reports": len(reports), "values": total})
	})
	return total, err
}

// BulkActivities writes generated activities (each with its OrgID set) in
// large multi-row inserts, with one audit row for the load.
func (s *Store) BulkActivities(ctx context.Context, actor domain.Actor, what string, acts []domain.Activity) (int, error) {
	const perInsert = 400
	now := micro(s.now())
	for start := 0; start < len(acts); start += perInsert * 10 {
		batch := acts[start:min(start+perInsert*10, len(acts))]
		err := s.write(ctx, func(tx *sql.Tx) error {
			for i := 0; i < len(batch); i += perInsert {
				chunk := batch[i:min(i+perInsert, len(batch))]
				var b strings.Builder
				args := make([]any, 0, len(chunk)*14)
				b.WriteString(`INSERT INTO activities (org_id, type, title, start_on, end_on, channels, targets, male_children, female_children,
					male_adults, female_adults, participants, cost, search, created_at, updated_at) VALUES `)
				for j, a := range chunk {
					if j > 0 {
						b.WriteString(", ")
					}
					b.WriteString("(")
					for k := 1; k <= 14; k++ {
						b.WriteString("$" + strconv.Itoa(len(args)+k) + ", ")
					}
					b.WriteString("$" + strconv.Itoa(len(args)+15) + ", $" + strconv.Itoa(len(args)+15) + ")")
					p := a.Participants
					args = append(args, a.OrgID, string(a.Type), a.Title, a.Start, a.End, strings.Join(a.Channels, " "), strings.Join(a.Targets, " "),
						p.MaleChildren, p.FemaleChildren, p.MaleAdults, p.FemaleAdults, p.Total, a.Cost, activitySearch(a), now)
				}
				if _, err := tx.ExecContext(ctx, b.String(), args...); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return start, err
		}
	}
	if s.dialect == Postgres {
		// Fresh statistics, so the planner knows the table is large before
		// autovacuum gets to it.
		if _, err := s.w.ExecContext(ctx, "ANALYZE activities"); err != nil {
			return len(acts), err
		}
	}
	return len(acts), s.audited(ctx, actor, func(c *change) error {
		return c.record("activity.bulk", "activities", what, orgRef{}, nil, map[string]any{"activities": len(acts)})
	})
}
