package store_test

import (
	"strconv"
	"sync"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// The register numbers what leaders approve: the series goes on from the
// number an imported plan carries, never gives a number twice, and keeps a
// report's number when it is returned and approved again.
func TestRegisterNumbersApprovedReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		year := s.Now().Year()
		// The imported plan's own number is in the register (it has no
		// date here, so it is not: a number needs its year).
		docs, err := s.OutgoingDocs(ctx, f.plan.OrgID, 0, "", "")
		if err != nil || len(docs) != 0 {
			t.Fatalf("register of an undated plan: %v %v", docs, err)
		}
		approve := func(periodID string) domain.ResultsReport {
			t.Helper()
			r, err := s.SaveResultsText(ctx, f.manager, domain.PlanResults(f.plan.ID, periodID), domain.IssuerOfPlan(f.plan), 0, "III", "Đánh giá "+periodID)
			if err != nil {
				t.Fatal(err)
			}
			if r, err = s.TransitionResults(ctx, f.manager, domain.PlanResults(f.plan.ID, periodID), domain.IssuerOfPlan(f.plan), r.Version, store.ResultsTransition{Action: domain.ResultsSubmit}); err != nil {
				t.Fatal(err)
			}
			if _, err := s.TransitionResults(ctx, f.manager, domain.PlanResults(f.plan.ID, periodID), domain.IssuerOfPlan(f.plan), r.Version, store.ResultsTransition{Action: domain.ResultsApprove}); !errs.Is(err, errs.Forbidden) {
				t.Fatalf("the submitter approved: %v", err)
			}
			if r, err = s.TransitionResults(ctx, f.leader, domain.PlanResults(f.plan.ID, periodID), domain.IssuerOfPlan(f.plan), r.Version,
				store.ResultsTransition{Action: domain.ResultsApprove, Title: "Báo cáo " + periodID, Signer: "Lãnh đạo"}); err != nil {
				t.Fatal(err)
			}
			return r
		}
		q1, q2 := approve("2024Q1"), approve("2024Q2")
		if q1.Number != "1/BC-SGTVT" || q2.Number != "2/BC-SGTVT" {
			t.Fatalf("numbers %q %q", q1.Number, q2.Number)
		}
		// Returned and approved again, the report keeps its number.
		r, err := s.TransitionResults(ctx, f.manager, domain.PlanResults(f.plan.ID, "2024Q1"), domain.IssuerOfPlan(f.plan), q1.Version, store.ResultsTransition{Action: domain.ResultsReturn})
		if err == nil {
			t.Fatal("a return without a comment passes")
		}
		wantCode(t, err, errs.Invalid, "comment")
		if r, err = s.TransitionResults(ctx, f.manager, domain.PlanResults(f.plan.ID, "2024Q1"), domain.IssuerOfPlan(f.plan), q1.Version, store.ResultsTransition{Action: domain.ResultsReturn, Comment: "Bổ sung số liệu"}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.SaveResultsText(ctx, f.manager, domain.PlanResults(f.plan.ID, "2024Q1"), domain.IssuerOfPlan(f.plan), r.Version, "III", "Đã bổ sung"); err != nil {
			t.Fatalf("a returned report is edited again: %v", err)
		}
		r, _ = s.ResultsReport(ctx, domain.PlanResults(f.plan.ID, "2024Q1"))
		r, _ = s.TransitionResults(ctx, f.manager, domain.PlanResults(f.plan.ID, "2024Q1"), domain.IssuerOfPlan(f.plan), r.Version, store.ResultsTransition{Action: domain.ResultsSubmit})
		if r, err = s.TransitionResults(ctx, f.leader, domain.PlanResults(f.plan.ID, "2024Q1"), domain.IssuerOfPlan(f.plan), r.Version, store.ResultsTransition{Action: domain.ResultsApprove}); err != nil || r.Number != "1/BC-SGTVT" {
			t.Fatalf("approved again: %q %v", r.Number, err)
		}
		docs, err = s.OutgoingDocs(ctx, f.plan.OrgID, year, "", "")
		if err != nil || len(docs) != 2 || docs[0].Seq != 1 || docs[1].Seq != 2 || docs[1].Title != "Báo cáo 2024Q2" {
			t.Fatalf("register %+v %v", docs, err)
		}
		revs, err := s.ResultsRevisions(ctx, q1.ID)
		if err != nil || len(revs) != 2 || revs[0].Text != "Đã bổ sung" || revs[1].ByUnit != "Sở Giao thông Vận tải" {
			t.Errorf("revisions %+v %v", revs, err)
		}
	})
}

// Leaders approving at the same moment get consecutive numbers, each once.
func TestRegisterUnderConcurrentApprovals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		periods := []string{"2024Q1", "2024Q2", "2024Q3", "2024Q4", "2024S1", "2024N9", "2024"}
		versions := map[string]int{}
		for _, p := range periods {
			r, err := s.TransitionResults(ctx, f.manager, domain.PlanResults(f.plan.ID, p), domain.IssuerOfPlan(f.plan), 0, store.ResultsTransition{Action: domain.ResultsSubmit})
			if err != nil {
				t.Fatal(err)
			}
			versions[p] = r.Version
		}
		var wg sync.WaitGroup
		numbers := make(chan string, len(periods))
		for _, p := range periods {
			wg.Add(1)
			go func() {
				defer wg.Done()
				r, err := s.TransitionResults(ctx, f.leader, domain.PlanResults(f.plan.ID, p), domain.IssuerOfPlan(f.plan), versions[p], store.ResultsTransition{Action: domain.ResultsApprove})
				if err != nil {
					t.Error(p, err)
					return
				}
				numbers <- r.Number
			}()
		}
		wg.Wait()
		close(numbers)
		seen := map[string]bool{}
		for n := range numbers {
			if seen[n] {
				t.Errorf("number %s given twice", n)
			}
			seen[n] = true
		}
		for i := 1; i <= len(periods); i++ {
			if !seen[strconv.Itoa(i)+"/BC-SGTVT"] {
				t.Errorf("number %d skipped: %v", i, seen)
			}
		}
	})
}

// An imported plan's number goes in the register, and importing it again
// does not make it a second document.
func TestRegisterKeepsImportedNumbers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		p := domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2025, Header: domain.PlanHeader{Title: "Kế hoạch năm 2025", Number: "15/KH-SGTVT",
			Date: "2025-02-10", Type: "KẾ HOẠCH"}}
		for range 2 {
			if _, err := s.ImportPlan(ctx, f.manager, p, nil, nil); err != nil {
				t.Fatal(err)
			}
		}
		docs, err := s.OutgoingDocs(ctx, f.plan.OrgID, 2025, "", "")
		if err != nil || len(docs) != 1 || docs[0].Number != "15/KH-SGTVT" || docs[0].Type != "Kế hoạch" || docs[0].Seq != 15 {
			t.Fatalf("register %+v %v", docs, err)
		}
		if docs, _ := s.OutgoingDocs(ctx, f.plan.OrgID, 2025, "2025-03-01", ""); len(docs) != 0 {
			t.Errorf("issued-from filter: %+v", docs)
		}
	})
}

// The indicators an item is measured by are kept with it, copied with the
// plan, and refused when the catalogue has no such code.
func TestItemIndicators(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		coord := domain.Actor{UserID: 0, Username: "system"}
		for _, code := range []string{"KT-XE", "KT-VP"} {
			if _, err := s.SaveIndicator(ctx, coord, domain.Indicator{Code: code, Name: "Chỉ số " + code, Unit: "lượt", ValueType: domain.TypeInteger,
				Aggregation: domain.AggSum, Source: domain.SourceEntered, Active: true}, 0); err != nil {
				t.Fatal(err)
			}
		}
		it, err := s.PlanItem(ctx, f.actID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.SetItemIndicators(ctx, f.manager, it.ID, it.Version, []string{"KHONG-CO"}); err == nil {
			t.Fatal("an unknown indicator is linked")
		} else {
			wantCode(t, err, errs.Invalid, "indicators")
		}
		if _, err := s.SetItemIndicators(ctx, f.manager, it.ID, it.Version, []string{"kt-xe", " KT-VP", "KT-XE"}); err != nil {
			t.Fatal(err)
		}
		cp, err := s.CopyPlan(ctx, f.manager, f.plan.ID, 2025, 2025)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range []int64{f.plan.ID, cp.ID} {
			tree, _ := s.PlanTree(ctx, id)
			got := tree.Items[1].Children[0].Children[0].Indicators
			if len(got) != 2 || got[0] != "KT-VP" || got[1] != "KT-XE" {
				t.Errorf("plan %d: indicators %v", id, got)
			}
		}
		sec, _ := s.PlanItem(ctx, f.sectionID)
		if _, err := s.SetItemIndicators(ctx, f.manager, sec.ID, sec.Version, []string{"KT-XE"}); err == nil {
			t.Error("a section is measured by an indicator")
		}
	})
}
