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
			const rowsPerInsert = 400
			var q strings.Builder
			var args []any
			flush := func() error {
				if len(args) == 0 {
					return nil
				}
				_, err := tx.ExecContext(ctx, q.String(), args...)
				q.Reset()
				args = args[:0]
				return err
			}
			for i, r := range batch {
				start, end := r.Period.Start.Format(time.DateOnly), r.Period.End.Format(time.DateOnly)
				for _, v := range r.Values {
					if len(args) == 0 {
						q.WriteString(`INSERT INTO data_values (indicator_id, org_id, period_id, combo, period_start, period_end, value,
							report_id, updated_at) VALUES `)
					} else {
						q.WriteString(", ")
					}
					n := len(args)
					q.WriteString("(")
					for k := 1; k <= 9; k++ {
						if k > 1 {
							q.WriteString(", ")
						}
						q.WriteString("$" + strconv.Itoa(n+k))
					}
					q.WriteString(")")
					args = append(args, v.IndicatorID, r.OrgID, r.Period.ID, v.Combo, start, end, v.Value, ids[i], now)
					total++
					if len(args) >= rowsPerInsert*9 {
						if err := flush(); err != nil {
							return err
						}
					}
				}
			}
			return flush()
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
