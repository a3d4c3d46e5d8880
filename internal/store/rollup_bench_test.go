package store_test

// Roll-up benchmarks over a generated province (over a million values):
// a province-year of a whole template, on each engine, next to the bare SQL
// aggregate of the same rows. Generating the data takes minutes, so it is
// kept between runs: SQLite in $TMPDIR/tebdg-bench-province.db, PostgreSQL
// in the schema bench_province of $TEBDG_TEST_POSTGRES.

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"tebdg/internal/analytics"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/store"
)

func benchStore(b *testing.B, engine store.Dialect) *store.Store {
	b.Helper()
	ctx := context.Background()
	var u string
	switch engine {
	case store.SQLite:
		u = "sqlite:" + filepath.Join(os.TempDir(), "tebdg-bench-province.db")
	case store.Postgres:
		u = benchSchemaURL(b, "bench_province", false)
	}
	s, err := store.Open(ctx, u, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	units, _, err := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Inactive: true}, nil)
	if err != nil {
		b.Fatal(err)
	}
	if len(units) == 0 {
		b.Logf("generating the province data set on %s (minutes, once)…", engine)
		sum, err := demo.Generate(ctx, s, demo.ProvinceScale, 1)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("%d values in %s", sum.Values, sum.Took)
	}
	return s
}

// benchSchemaURL is $TEBDG_TEST_POSTGRES with its own schema, made if
// missing, or made afresh (and dropped after the benchmark) when fresh.
func benchSchemaURL(b *testing.B, schema string, fresh bool) string {
	b.Helper()
	ctx := context.Background()
	base := os.Getenv("TEBDG_TEST_POSTGRES")
	if base == "" {
		b.Skip("TEBDG_TEST_POSTGRES not set")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		b.Fatal(err)
	}
	if fresh {
		_, _ = admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
		b.Cleanup(func() {
			_, _ = admin.ExecContext(ctx, "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
			_ = admin.Close()
		})
	} else {
		defer func() { _ = admin.Close() }()
	}
	if _, err := admin.ExecContext(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		b.Fatal(err)
	}
	pu, _ := url.Parse(base)
	q := pu.Query()
	q.Set("search_path", schema)
	pu.RawQuery = q.Encode()
	return pu.String()
}

func BenchmarkRollupProvinceYear(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			s := benchStore(b, engine)
			ctx := context.Background()
			t, err := s.Template(ctx, "G-THANG")
			if err != nil {
				b.Fatal(err)
			}
			inds, err := s.Indicators(ctx, store.IndicatorFilter{Codes: t.Indicators})
			if err != nil {
				b.Fatal(err)
			}
			all := map[string]domain.Indicator{}
			var ids, lasts []int64
			for _, ind := range inds {
				all[ind.Code] = ind
				ids = append(ids, ind.ID)
				if ind.Aggregation == domain.AggLast {
					lasts = append(lasts, ind.ID)
				}
			}
			year, _ := period.Parse("2025", period.Decree09)
			// P01 is the root of the province data set, so the roll-up
			// needs no unit filter, as the web layer decides too.
			rq := store.RollupQuery{IndicatorIDs: ids, LastIDs: lasts, Start: year.Start.Format(time.DateOnly), End: year.End.Format(time.DateOnly)}
			var values int
			var rollup time.Duration
			for b.Loop() {
				start := time.Now()
				cells, err := s.Rollup(ctx, rq)
				if err != nil {
					b.Fatal(err)
				}
				ac := make([]analytics.Cell, len(cells))
				codes := map[int64]string{}
				for _, ind := range inds {
					codes[ind.ID] = ind.Code
				}
				for i, c := range cells {
					ac[i] = analytics.Cell{Indicator: codes[c.IndicatorID], Group: c.Group, Combo: c.Combo, Sum: c.Sum, Count: c.Count, Min: c.Min, Max: c.Max, Last: c.Last}
					values += c.Count
				}
				_ = analytics.Compute(inds, all, ac, 1, "sex", nil)
				rollup += time.Since(start)
			}
			// The bare aggregate: the same rows summed by one GROUP BY, no
			// subtree filter, no latest values, no semantics.
			var ph []string
			args := []any{rq.Start, rq.End}
			for _, id := range ids {
				args = append(args, id)
				ph = append(ph, "$"+strconv.Itoa(len(args)))
			}
			bare := "SELECT indicator_id, combo, SUM(value), COUNT(*) FROM data_values WHERE period_start >= $1 AND period_end <= $2 AND indicator_id IN (" +
				strings.Join(ph, ",") + ") GROUP BY indicator_id, combo"
			db := s.RawDB()
			var bareTotal time.Duration
			n := 0
			for range 5 {
				start := time.Now()
				rows, err := db.QueryContext(ctx, bare, args...)
				if err != nil {
					b.Fatal(err)
				}
				for rows.Next() {
					n++
				}
				if err := rows.Err(); err != nil {
					b.Fatal(err)
				}
				_ = rows.Close() //nolint:sqlclosecheck // closed before the clock stops, not at return
				bareTotal += time.Since(start)
			}
			per := rollup / time.Duration(b.N)
			bareMean := bareTotal / 5
			b.ReportMetric(float64(per.Microseconds())/1000, "ms/rollup")
			b.ReportMetric(float64(bareMean.Microseconds())/1000, "ms/bare-sql")
			b.ReportMetric(float64(per)/float64(bareMean), "ratio")
			b.ReportMetric(float64(values/b.N), "values-rolled-up")
		})
	}
}
