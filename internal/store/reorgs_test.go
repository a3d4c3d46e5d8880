package store_test

import (
	"math"
	"sync"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/orgtime"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

const mergerDecision = "Quyết định số 512/QĐ-UBND ngày 25/02/2025 của UBND tỉnh Quảng Ninh"

// reorgWorld is the province of the tests with the Department of
// Construction beside Transport, and quarterly PART values: Transport 5,
// its Inspectorate 10, Construction 7 and Health 3 a quarter, 2024–2025.
func reorgWorld(t *testing.T, s *store.Store) (domain.Template, int64) {
	t.Helper()
	province(t, s)
	mustOrg(t, s, "QN-SXD", "Sở Xây dựng", domain.KindAgency, "QN")
	tpl := catalogue(t, s)
	ind, err := s.Indicator(ctx, "PART")
	if err != nil {
		t.Fatal(err)
	}
	per := map[string]float64{"QN-SGTVT": 5, "QN-SGTVT-TTS": 10, "QN-SXD": 7, "QN-SYT": 3}
	var rows []store.ImportValue
	for code, x := range per {
		o, _ := s.OrgUnit(ctx, code)
		for _, q := range []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2025Q1", "2025Q2", "2025Q3", "2025Q4"} {
			if code == "QN-SGTVT" && q > "2025Q1" {
				continue // the department ended on 28/02/2025
			}
			if code == "QN-SGTVT-TTS" && q == "2025Q1" {
				continue
			}
			p, _ := period.Parse(q, period.Decree09)
			v := x
			rows = append(rows, store.ImportValue{Row: len(rows) + 1, IndicatorID: ind.ID, Indicator: "PART", Org: o, Period: p, Combo: "male_adult", Value: &v})
		}
	}
	due := func(p period.Period) string { return p.End.AddDate(0, 0, 3).Format(time.DateOnly) }
	if _, bad, err := s.ImportValues(ctx, alice, tpl, rows, due, false); err != nil || len(bad) != 0 {
		t.Fatalf("values: %v %v", bad, err)
	}
	return tpl, ind.ID
}

// partBy sums PART over a year for the subtrees of units, by a structure.
func partBy(t *testing.T, s *store.Store, ind int64, year, structure string, under string, units ...string) map[string]float64 {
	t.Helper()
	p, _ := period.Parse(year, period.Decree09)
	rq := store.RollupQuery{IndicatorIDs: []int64{ind}, Start: p.Start.Format(time.DateOnly), End: p.End.Format(time.DateOnly), Structure: structure}
	if under != "" {
		o, err := s.OrgUnit(ctx, under)
		if err != nil {
			t.Fatal(err)
		}
		rq.OrgPath = o.Path
	}
	for _, u := range units {
		o, err := s.OrgUnit(ctx, u)
		if err != nil {
			t.Fatal(err)
		}
		rq.ByOrg = append(rq.ByOrg, o.Path)
	}
	cells, err := s.Rollup(ctx, rq)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]float64{}
	for _, c := range cells {
		name := under
		if len(units) > 0 {
			name = units[c.Group]
		}
		out[name] += math.Round(c.Sum*1e6) / 1e6
	}
	return out
}

func sameFigures(t *testing.T, what string, got, want map[string]float64) {
	t.Helper()
	for k, w := range want {
		if math.Abs(got[k]-w) > 1e-6 {
			t.Errorf("%s: %s = %v, want %v (all: %v)", what, k, got[k], w, got)
		}
	}
	for k, g := range got {
		if _, ok := want[k]; !ok && g != 0 {
			t.Errorf("%s: unexpected %s = %v", what, k, g)
		}
	}
}

func TestMergerMovesWorkAndFiguresFollowEitherStructure(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, ind := reorgWorld(t, s)
		u, err := s.CreateUser(ctx, alice, domain.UserInput{Username: "long", FullName: "Phạm Văn Long", Org: "QN-SGTVT", Role: domain.RoleManager}, "h", false)
		if err != nil {
			t.Fatal(err)
		}
		before := map[string]map[string]float64{
			"2024": partBy(t, s, ind, "2024", store.StructureToday, "QN", "QN-SGTVT", "QN-SXD", "QN-SYT"),
		}
		sameFigures(t, "2024 before the merger", before["2024"], map[string]float64{"QN-SGTVT": 60, "QN-SXD": 28, "QN-SYT": 12})

		// Bad acts are refused with the field named and nothing saved.
		_, err = s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Merge, Effective: "2025-03-01",
			Units: []string{"QN-SGTVT", "QN-NOWHERE"}, Into: domain.ReorgInto{Code: "QN-SXD"}, Decision: mergerDecision}, nil)
		wantCode(t, err, errs.Invalid, "units")
		_, err = s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Merge, Effective: "2025-03-01",
			Units: []string{"QN-SGTVT"}, Into: domain.ReorgInto{Code: "QN-SXD"}}, nil)
		wantCode(t, err, errs.Invalid, "decision")
		if acts, _ := s.Reorganisations(ctx, domain.Scope{All: true}, store.ReorgFilter{}); len(acts) != 0 {
			t.Fatalf("refused acts were saved: %+v", acts)
		}

		r, err := s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Merge, Effective: "2025-03-01",
			Units: []string{"QN-SGTVT"}, Into: domain.ReorgInto{Code: "QN-SXD"}, Decision: mergerDecision},
			&domain.LegalDoc{Type: "Quyết định", Number: "512/QĐ-UBND", Date: "2025-02-25", Issuer: "UBND tỉnh Quảng Ninh"})
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != domain.ReorgPrepared || r.Org != "QN" || r.LegalDoc == 0 {
			t.Fatalf("prepared: %+v", r)
		}
		preview := map[string]int{}
		for _, m := range r.Preview {
			preview[m.What] = m.Count
		}
		if preview["units"] != 2 || preview["users"] != 1 || preview["roles"] != 1 || preview["templates"] != 0 {
			t.Errorf("preview: %+v", r.Preview)
		}
		// Applied once: two at the same time give one success.
		var wg sync.WaitGroup
		results := make([]error, 2)
		for i := range results {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, results[i] = s.ApplyReorganisation(ctx, alice, r.ID, 0)
			}()
		}
		wg.Wait()
		ok := 0
		for _, err := range results {
			if err == nil {
				ok++
			} else if !errs.Is(err, errs.Conflict) {
				t.Fatalf("second apply: %v", err)
			}
		}
		if ok != 1 {
			t.Fatalf("applied %d times: %v", ok, results)
		}
		if n, err := s.ApplyDueReorganisations(ctx, time.Now()); err != nil || n != 0 {
			t.Fatalf("the scheduler applied %d again: %v", n, err)
		}

		// The department ended the day before, its divisions, its users and
		// their roles are the new one's.
		sgtvt, _ := s.OrgUnit(ctx, "QN-SGTVT")
		sxd, _ := s.OrgUnit(ctx, "QN-SXD")
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		if sgtvt.ActiveTo != "2025-02-28" || sgtvt.ParentCode != "QN-SXD" || tts.ParentCode != "QN-SXD" {
			t.Fatalf("after the merger: %+v %+v", sgtvt, tts)
		}
		moved, _ := s.User(ctx, u.ID)
		if moved.OrgID != sxd.ID || len(moved.Assignments) != 1 || moved.Assignments[0].OrgPath != sxd.Path {
			t.Fatalf("user after the merger: %+v", moved)
		}
		st, err := s.Standing(ctx, sgtvt)
		if err != nil || st.Status != "merged" || len(st.Successor) != 1 || st.Successor[0].Code != "QN-SXD" {
			t.Fatalf("standing: %+v %v", st, err)
		}
		if len(st.History) != 1 || st.History[0].To != "2025-02-28" || st.History[0].Parent != "QN" || st.History[0].Name != "Sở Giao thông Vận tải" {
			t.Errorf("history of the merged department: %+v", st.History)
		}
		tst, _ := s.Standing(ctx, tts)
		if len(tst.History) != 2 || tst.History[0].Parent != "QN-SGTVT" || tst.History[0].To != "2025-02-28" ||
			tst.History[1].From != "2025-03-01" || tst.History[1].Parent != "QN-SXD" {
			t.Errorf("history of the inspectorate: %+v", tst.History)
		}
		// A unit a reorganisation ended does not come back by hand.
		_, err = s.SetOrgUnitActiveTo(ctx, alice, "QN-SGTVT", sgtvt.Version, "")
		wantCode(t, err, errs.Invalid, "active_to")
		// Its old name finds the successor.
		found, _, _ := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Search: "giao thong"}, nil)
		if !contains(codes(found), "QN-SXD") {
			t.Errorf("searching the old name finds %v", codes(found))
		}

		// The hand-computed tables. By today's structure Construction has
		// what Transport reported; by the structure of the time each has its own.
		sameFigures(t, "2024 today", partBy(t, s, ind, "2024", store.StructureToday, "QN", "QN-SXD", "QN-SYT"),
			map[string]float64{"QN-SXD": 88, "QN-SYT": 12})
		sameFigures(t, "2024 then", partBy(t, s, ind, "2024", store.StructureThen, "QN", "QN-SGTVT", "QN-SXD", "QN-SYT"),
			map[string]float64{"QN-SGTVT": 60, "QN-SXD": 28, "QN-SYT": 12})
		sameFigures(t, "2025 today", partBy(t, s, ind, "2025", store.StructureToday, "QN", "QN-SXD", "QN-SYT"),
			map[string]float64{"QN-SXD": 63, "QN-SYT": 12})
		sameFigures(t, "2025 then", partBy(t, s, ind, "2025", store.StructureThen, "QN", "QN-SGTVT", "QN-SXD", "QN-SYT"),
			map[string]float64{"QN-SGTVT": 5, "QN-SXD": 58, "QN-SYT": 12})
		sameFigures(t, "Construction 2024 today", partBy(t, s, ind, "2024", store.StructureToday, "QN-SXD"), map[string]float64{"QN-SXD": 88})
		sameFigures(t, "Construction 2024 then", partBy(t, s, ind, "2024", store.StructureThen, "QN-SXD"), map[string]float64{"QN-SXD": 28})
		// The province total is the same either way: no gap, no double count.
		for _, y := range []string{"2024", "2025"} {
			a := partBy(t, s, ind, y, store.StructureToday, "QN")
			b := partBy(t, s, ind, y, store.StructureThen, "QN")
			if a["QN"] != b["QN"] || a["QN"] == 0 {
				t.Errorf("%s province total: today %v, then %v", y, a, b)
			}
		}
		// Who stood under the province then.
		then, err := s.ChildrenThen(ctx, mustGet(t, s, "QN"), "2024-06-30")
		if err != nil || !contains(codes(then), "QN-SGTVT") {
			t.Errorf("children of the province in 2024: %v %v", codes(then), err)
		}
	})
}

func mustGet(t *testing.T, s *store.Store, code string) domain.OrgUnit {
	t.Helper()
	o, err := s.OrgUnit(ctx, code)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestSplitRenameAndAFutureMove(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		_, ind := reorgWorld(t, s)
		// A split's shares must add up to one.
		_, err := s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Split, Effective: "2026-01-01", Units: []string{"QN-SYT"},
			Parts: []domain.ReorgPart{{ReorgUnit: domain.ReorgUnit{Code: "QN-SYT-A", Name: "Sở Y tế"}, Share: 0.5},
				{ReorgUnit: domain.ReorgUnit{Code: "QN-SDS", Name: "Sở Dân số"}, Share: 0.4}}, Decision: mergerDecision}, nil)
		wantCode(t, err, errs.Invalid, "parts")

		split, err := s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Split, Effective: "2026-01-01", Units: []string{"QN-SYT"},
			Parts: []domain.ReorgPart{{ReorgUnit: domain.ReorgUnit{Code: "QN-SYT-A", Name: "Sở Y tế"}, Share: 0.6},
				{ReorgUnit: domain.ReorgUnit{Code: "QN-SDS", Name: "Sở Dân số"}, Share: 0.4}}, Decision: "Quyết định số 7/QĐ-UBND ngày 20/12/2025"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApplyReorganisation(ctx, alice, split.ID, split.Version); err != nil {
			t.Fatal(err)
		}
		// By today's structure the old department's figures are shared by
		// the act's shares; by the structure of the time they are its own.
		sameFigures(t, "2024 today", partBy(t, s, ind, "2024", store.StructureToday, "QN", "QN-SGTVT", "QN-SXD", "QN-SYT-A", "QN-SDS"),
			map[string]float64{"QN-SGTVT": 60, "QN-SXD": 28, "QN-SYT-A": 7.2, "QN-SDS": 4.8})
		sameFigures(t, "2024 then", partBy(t, s, ind, "2024", store.StructureThen, "QN", "QN-SGTVT", "QN-SXD", "QN-SYT"),
			map[string]float64{"QN-SGTVT": 60, "QN-SXD": 28, "QN-SYT": 12})
		sameFigures(t, "one part today", partBy(t, s, ind, "2024", store.StructureToday, "QN-SDS"), map[string]float64{"QN-SDS": 4.8})

		// A rename keeps the old name in the unit's history and search.
		ren, err := s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Rename, Effective: "2026-06-01", Units: []string{"QN-SGTVT-TTS"},
			Name: "Thanh tra Sở Giao thông", Decision: "Quyết định số 9/QĐ-SGTVT ngày 20/05/2026"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApplyReorganisation(ctx, alice, ren.ID, 0); err != nil {
			t.Fatal(err)
		}
		tts := mustGet(t, s, "QN-SGTVT-TTS")
		st, _ := s.Standing(ctx, tts)
		if tts.Name != "Thanh tra Sở Giao thông" || len(st.History) != 2 || st.History[0].Name != "Thanh tra Sở" || st.History[0].To != "2026-05-31" {
			t.Errorf("after the rename: %q %+v", tts.Name, st.History)
		}

		// A move prepared for next year waits for its date: a person cannot
		// apply it early; the scheduler applies it on the day, once.
		mv, err := s.PrepareReorganisation(ctx, alice, domain.ReorgInput{Kind: orgtime.Move, Effective: "2027-01-01", Units: []string{"QN-SGTVT-VP"},
			Parent: "QN-SYT-A", Decision: "Quyết định số 15/QĐ-UBND ngày 01/12/2026"}, nil)
		if err != nil {
			t.Fatal(err)
		}
		clock := func(day string) time.Time {
			d, _ := time.ParseInLocation(time.DateOnly, day, vntext.Location)
			return d.Add(time.Hour)
		}
		early := s.WithClock(func() time.Time { return clock("2026-12-07") })
		if _, err := early.ApplyReorganisation(ctx, alice, mv.ID, 0); !errs.Is(err, errs.Conflict) {
			t.Fatalf("early apply: %v", err)
		}
		if n, err := s.ApplyDueReorganisations(ctx, clock("2026-12-31")); err != nil || n != 0 {
			t.Fatalf("scheduler before the day applied %d: %v", n, err)
		}
		if n, err := s.ApplyDueReorganisations(ctx, clock("2027-01-01")); err != nil || n != 1 {
			t.Fatalf("scheduler on the day applied %d: %v", n, err)
		}
		if n, _ := s.ApplyDueReorganisations(ctx, clock("2027-01-02")); n != 0 {
			t.Fatalf("applied again: %d", n)
		}
		vp := mustGet(t, s, "QN-SGTVT-VP")
		if vp.ParentCode != "QN-SYT-A" {
			t.Fatalf("after the move: %+v", vp)
		}
		// The acts are audited.
		entries, _, err := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "reorg.apply"}, store.Page{Limit: 10})
		if err != nil || len(entries) != 3 {
			t.Errorf("audit of the applied acts: %d %v", len(entries), err)
		}
	})
}
