package store_test

// Applying a reorganisation at the province demo scale: two departments
// with five years of data (2021–2025) merged, and the roll-ups that follow
// today's structure next to those of the structure of the time. Applying
// changes the data, so each engine works on its own copy of the generated
// province: SQLite a VACUUM INTO copy of the cached file, PostgreSQL a
// schema generated afresh.

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/orgtime"
	"tebdg/internal/period"
	"tebdg/internal/store"
)

func reorgBenchStore(b *testing.B, engine store.Dialect) *store.Store {
	b.Helper()
	ctx := context.Background()
	var u string
	switch engine {
	case store.SQLite:
		src := benchStore(b, engine)
		dst := filepath.Join(b.TempDir(), "reorg.db")
		if _, err := src.RawDB().ExecContext(ctx, "VACUUM INTO '"+dst+"'"); err != nil {
			b.Fatal(err)
		}
		u = "sqlite:" + dst
	case store.Postgres:
		u = benchSchemaURL(b, "bench_reorg", true)
	}
	s, err := store.Open(ctx, u, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = s.Close() })
	if err := s.Migrate(ctx); err != nil {
		b.Fatal(err)
	}
	if engine == store.Postgres {
		if _, err := demo.Generate(ctx, s, demo.ProvinceScale, 1); err != nil {
			b.Fatal(err)
		}
		if _, err := s.RawDB().ExecContext(ctx, "ANALYZE"); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

func BenchmarkApplyMergerProvince(b *testing.B) {
	for _, engine := range []store.Dialect{store.SQLite, store.Postgres} {
		b.Run(string(engine), func(b *testing.B) {
			s := reorgBenchStore(b, engine)
			ctx := context.Background()
			actor := domain.Actor{Username: "bench"}
			act, err := s.PrepareReorganisation(ctx, actor, domain.ReorgInput{Kind: orgtime.Merge, Effective: "2025-03-01",
				Units: []string{"P01-A01", "P01-A02"}, Into: domain.ReorgInto{Code: "P01-NEW", New: &domain.ReorgUnit{Code: "P01-NEW", Name: "Sở mới"}},
				Decision: "Quyết định số 1/QĐ-UBND ngày 01/02/2025"}, nil)
			if err != nil {
				b.Fatal(err)
			}
			moved := 0
			for _, m := range act.Preview {
				moved += m.Count
			}
			var apply time.Duration
			for b.Loop() {
				// One act applies once: the loop runs once.
				start := time.Now()
				if _, err := s.ApplyReorganisation(ctx, actor, act.ID, 0); err != nil {
					b.Fatal(err)
				}
				apply = time.Since(start)
			}
			b.ReportMetric(float64(apply.Milliseconds()), "ms/apply")
			b.ReportMetric(float64(moved), "records-moved")

			// The province's agencies for 2024 by each structure.
			t, err := s.Template(ctx, "G-THANG")
			if err != nil {
				b.Fatal(err)
			}
			inds, err := s.Indicators(ctx, store.IndicatorFilter{Codes: t.Indicators})
			if err != nil {
				b.Fatal(err)
			}
			var ids []int64
			for _, ind := range inds {
				ids = append(ids, ind.ID)
			}
			root, _ := s.OrgUnit(ctx, "P01")
			year, _ := period.Parse("2024", period.Decree09)
			byStructure := func(structure string, units []domain.OrgUnit) time.Duration {
				rq := store.RollupQuery{IndicatorIDs: ids, OrgPath: root.Path, Start: year.Start.Format(time.DateOnly), End: year.End.Format(time.DateOnly),
					Structure: structure}
				for _, u := range units {
					rq.ByOrg = append(rq.ByOrg, u.Path)
				}
				var best time.Duration
				for range 5 {
					start := time.Now()
					if _, err := s.Rollup(ctx, rq); err != nil {
						b.Fatal(err)
					}
					if d := time.Since(start); best == 0 || d < best {
						best = d
					}
				}
				return best
			}
			units, _, err := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Under: root.Path, Kind: domain.KindAgency}, nil)
			if err != nil {
				b.Fatal(err)
			}
			var all []domain.OrgUnit
			for _, u := range units {
				if u.ParentID == root.ID {
					all = append(all, u)
				}
			}
			// The same kind of rows both ways: the departments, as they
			// stood then (both merged ones) and as they stand now.
			stood, err := s.ChildrenThen(ctx, root, year.Start.Format(time.DateOnly))
			if err != nil {
				b.Fatal(err)
			}
			var then []domain.OrgUnit
			for _, u := range stood {
				if u.Kind == domain.KindAgency {
					then = append(then, u)
				}
			}
			today := byStructure(store.StructureToday, all)
			past := byStructure(store.StructureThen, then)
			b.ReportMetric(float64(today.Microseconds())/1000, "ms/rollup-today")
			b.ReportMetric(float64(past.Microseconds())/1000, "ms/rollup-then")
			b.ReportMetric(float64(today)/float64(past), "today/then")
		})
	}
}
