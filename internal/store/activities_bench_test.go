package store_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// activityProvince builds a province of 20 agencies with 10 units each and
// 100,000 activities over five years.
func activityProvince(b *testing.B, engine store.Dialect) (*store.Store, domain.OrgUnit, domain.OrgUnit) {
	b.Helper()
	s := storetest.Open(b, engine, store.Options{})
	actor := domain.Actor{Username: "bench"}
	qn, err := s.CreateOrgUnit(ctx, actor, domain.OrgUnitInput{Code: "PR", Name: "Tỉnh", Kind: domain.KindProvince})
	if err != nil {
		b.Fatal(err)
	}
	var units []domain.OrgUnit
	var first domain.OrgUnit
	for a := range 20 {
		ag, err := s.CreateOrgUnit(ctx, actor, domain.OrgUnitInput{Code: fmt.Sprintf("PR-A%02d", a), Name: "Sở " + strconv.Itoa(a), Kind: domain.KindAgency, Parent: "PR"})
		if err != nil {
			b.Fatal(err)
		}
		if a == 0 {
			first = ag
		}
		units = append(units, ag)
		for u := range 10 {
			un, err := s.CreateOrgUnit(ctx, actor, domain.OrgUnitInput{Code: fmt.Sprintf("PR-A%02d-U%02d", a, u), Name: "Phòng " + strconv.Itoa(u),
				Kind: domain.KindUnit, Parent: ag.Code})
			if err != nil {
				b.Fatal(err)
			}
			units = append(units, un)
		}
	}
	rnd := rand.New(rand.NewPCG(6, 6))
	start := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	acts := make([]domain.Activity, 100_000)
	for i := range acts {
		day := start.AddDate(0, 0, rnd.IntN(5*365)).Format(time.DateOnly)
		p := domain.Participants{MaleChildren: rnd.IntN(200), FemaleChildren: rnd.IntN(200), MaleAdults: rnd.IntN(40), FemaleAdults: rnd.IntN(40)}
		p.Total = p.Split()
		acts[i] = domain.Activity{OrgID: units[rnd.IntN(len(units))].ID, Type: domain.ActivityTypes[rnd.IntN(len(domain.ActivityTypes))],
			Title: "Tuyên truyền an toàn giao thông cho học sinh " + strconv.Itoa(i), Start: day, End: day, Participants: p,
			Cost: int64(rnd.IntN(20)) * 500_000, Channels: []string{"meeting"}, Targets: []string{"children"}}
	}
	if _, err := s.BulkActivities(ctx, actor, "bench", acts); err != nil {
		b.Fatal(err)
	}
	return s, qn, first
}

func median(ds []time.Duration) time.Duration {
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// Listing 100,000 activities filtered by subtree, period and type, first
// page with its totals (budget 50 ms); and an indicator computed from them
// for the whole province and a year (budget 100 ms).
func BenchmarkActivities100k(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			s, province, agency := activityProvince(b, engine)
			f := store.ActivityFilter{Scope: domain.Scope{All: true}, OrgPath: agency.Path, From: "2025-01-01", To: "2025-12-31", Type: domain.ActCommunication}
			src, _, _ := domain.ParseSource("records:activities.participants?type=communication,training")
			var list, figures []time.Duration
			var rows, total int
			var fig domain.Figures
			for b.Loop() {
				t0 := time.Now()
				items, tot, err := s.Activities(ctx, f, store.Page{Number: 1, Limit: 50})
				if err != nil {
					b.Fatal(err)
				}
				list = append(list, time.Since(t0))
				rows, total = len(items), tot.Count
				t0 = time.Now()
				if fig, err = s.RecordFigures(ctx, src, province.Path, "2025-01-01", "2025-12-31"); err != nil {
					b.Fatal(err)
				}
				figures = append(figures, time.Since(t0))
			}
			b.ReportMetric(float64(median(list).Microseconds())/1000, "ms/list")
			b.ReportMetric(float64(median(figures).Microseconds())/1000, "ms/figure")
			b.ReportMetric(float64(total), "matching")
			b.ReportMetric(float64(rows), "rows")
			b.ReportMetric(fig.Total, "participants")
		})
	}
}
