package store_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestActivitiesAndTheirFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		f := newPlanFixture(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		health, _ := s.OrgUnit(ctx, "QN-SYT")
		// Bad input, all named at once, nothing saved.
		_, err := s.SaveActivity(ctx, f.manager, 0, 0, agency, domain.Activity{Type: "party", Start: "2024-13-01",
			Participants: domain.Participants{MaleChildren: 10, FemaleChildren: 5, Total: 20}}, nil)
		fields := map[string]bool{}
		for _, e := range errs.Fields(err) {
			fields[e.Field] = true
		}
		if !fields["title"] || !fields["type"] || !fields["start"] || !fields["participants"] {
			t.Fatalf("bad activity: %v", err)
		}
		// A date outside the plan's year.
		_, err = s.SaveActivity(ctx, f.manager, 0, 0, agency, domain.Activity{Type: domain.ActTraining, Title: "Tập huấn", Start: "2023-12-30",
			PlanItemID: f.taskID}, nil)
		wantCode(t, err, errs.Invalid, "start")
		add := func(org domain.OrgUnit, typ domain.ActivityType, day string, p domain.Participants, cost int64) domain.Activity {
			t.Helper()
			a, err := s.SaveActivity(ctx, f.manager, 0, 0, org, domain.Activity{Type: typ, Title: "Hoạt động " + day, Start: day,
				PlanItemID: f.taskID, Participants: p, Cost: cost, Channels: []string{"meeting", "meeting"}}, []store.NewFile{
				{Name: "anh.png", ContentType: "image/png", Data: []byte("\x89PNG\r\n\x1a\n" + day)}})
			if err != nil {
				t.Fatal(err)
			}
			return a
		}
		a1 := add(agency, domain.ActCommunication, "2024-03-20", domain.Participants{MaleChildren: 100, FemaleChildren: 90, MaleAdults: 5, FemaleAdults: 7}, 3_000_000)
		add(tts, domain.ActCommunication, "2024-04-02", domain.Participants{Total: 50}, 0)
		add(tts, domain.ActTraining, "2024-05-15", domain.Participants{MaleAdults: 20, FemaleAdults: 25}, 9_000_000)
		add(health, domain.ActCommunication, "2024-04-10", domain.Participants{FemaleChildren: 300}, 0)
		if a1.PlanID != f.plan.ID || a1.Participants.Total != 202 || len(a1.Channels) != 1 || a1.Version != 1 {
			t.Errorf("saved: %+v", a1)
		}
		files, _ := s.Files(ctx, "activity", a1.ID)
		if len(files) != 1 {
			t.Errorf("evidence: %d", len(files))
		}
		// Lists filter by subtree, period and type, with totals.
		list, tot, err := s.Activities(ctx, store.ActivityFilter{Scope: domain.Scope{All: true}, OrgPath: agency.Path, From: "2024-01-01", To: "2024-12-31"}, store.Page{})
		if err != nil || len(list) != 3 || tot.Count != 3 || tot.Participants != 297 || tot.Cost != 12_000_000 || list[0].Start != "2024-05-15" {
			t.Fatalf("list: %v %+v %+v", err, tot, list)
		}
		_, tot, _ = s.Activities(ctx, store.ActivityFilter{Scope: domain.Scope{Paths: []string{tts.Path}}, Type: domain.ActCommunication}, store.Page{})
		if tot.Count != 1 {
			t.Errorf("the inspectorate's communication: %d", tot.Count)
		}
		// Figures for indicators: the agency's first half of 2024.
		fig := func(src string, org domain.OrgUnit) domain.Figures {
			t.Helper()
			rs, ok, err := domain.ParseSource(src)
			if err != nil || !ok {
				t.Fatalf("%s: %v", src, err)
			}
			out, err := s.RecordFigures(ctx, rs, org.Path, "2024-01-01", "2024-06-30")
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
		if got := fig("records:activities.count?type=communication", agency); got.Total != 2 {
			t.Errorf("communication sessions: %+v", got)
		}
		p := fig("records:activities.participants", agency)
		if p.Total != 297 || p.Male != 125 || p.Female != 122 {
			t.Errorf("participants: %+v", p)
		}
		if v, ok := p.For("female_under16"); !ok || v != 90 {
			t.Errorf("girls: %v %v", v, ok)
		}
		if got := fig("records:activities.cost?type=training", agency); got.Total != 9_000_000 {
			t.Errorf("training cost: %+v", got)
		}
		if got := fig("records:activities.count", domain.OrgUnit{}); got.Total != 4 {
			t.Errorf("everywhere: %+v", got)
		}
		// A stale edit is refused; a delete takes the evidence with it.
		a1.Title = "Tuyên truyền an toàn giao thông"
		_, err = s.SaveActivity(ctx, f.manager, a1.ID, 0, agency, a1, nil)
		wantCode(t, err, errs.Conflict, "")
		if _, err := s.SaveActivity(ctx, f.manager, a1.ID, 1, agency, a1, nil); err != nil {
			t.Fatal(err)
		}
		if err := s.DeleteActivity(ctx, f.manager, a1.ID, 2); err != nil {
			t.Fatal(err)
		}
		if files, _ := s.Files(ctx, "activity", a1.ID); len(files) != 0 {
			t.Errorf("evidence left: %d", len(files))
		}
	})
}

func point(s string) (string, string, string) { return s, "", "" }

func TestRegistryRecordsWorkflowAndFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		hazards, _ := domain.RegistryOf(domain.RegHazard)
		v := domain.RecordValues{"school": "", "hazard_types": "flying", "reported_on": "2024-02-30", "point": "21.0, 107.0", "unknown": "x"}
		err := domain.CheckValues(hazards.Fields, v, point)
		fields := map[string]bool{}
		for _, e := range errs.Fields(err) {
			fields[e.Field] = true
		}
		if !fields["school"] || !fields["hazard_types"] || !fields["reported_on"] || v["unknown"] != "" {
			t.Fatalf("bad hazard: %v %v", err, v)
		}
		v = domain.RecordValues{"school": "Trường THCS Hồng Hải", "hazard_types": "no_crossing speeding", "reported_on": "2024-03-12", "point": "20.9546, 107.0964"}
		if err := domain.CheckValues(hazards.Fields, v, point); err != nil {
			t.Fatal(err)
		}
		rec, err := s.SaveRecord(ctx, alice, hazards, 0, 0, store.NewRecord{Org: agency, Values: v}, nil)
		if err != nil || rec.Status != "reported" || rec.Lat == nil || *rec.Lat != 20.9546 || rec.Title != "Trường THCS Hồng Hải" {
			t.Fatalf("save: %v %+v", err, rec)
		}
		// Only the workflow's next states; fixed records count as fixed.
		_, err = s.MoveRecord(ctx, alice, hazards, rec.ID, rec.Version, "verified", "")
		wantCode(t, err, errs.Conflict, "")
		if rec, err = s.MoveRecord(ctx, alice, hazards, rec.ID, rec.Version, "fixed", "Đã kẻ vạch"); err != nil {
			t.Fatal(err)
		}
		if rec, err = s.MoveRecord(ctx, alice, hazards, rec.ID, rec.Version, "verified", ""); err != nil || rec.Status != "verified" {
			t.Fatalf("verify: %v", err)
		}
		today := time.Now().Format(time.DateOnly)
		figs := func(src, from, to string) float64 {
			t.Helper()
			rs, _, err := domain.ParseSource(src)
			if err != nil {
				t.Fatal(err)
			}
			f, err := s.RecordFigures(ctx, rs, agency.Path, from, to)
			if err != nil {
				t.Fatal(err)
			}
			return f.Total
		}
		if n := figs("records:hazards.fixed", today[:4]+"-01-01", today[:4]+"-12-31"); n != 1 {
			t.Errorf("fixed this year: %v", n)
		}
		if n := figs("records:hazards.reported", "2024-01-01", "2024-12-31"); n != 1 {
			t.Errorf("reported in 2024: %v", n)
		}
		// Helmets by sex, fund amounts, inspections and their violations.
		save := func(kind domain.RegistryKind, org domain.OrgUnit, v domain.RecordValues) domain.Record {
			t.Helper()
			reg, _ := domain.RegistryOf(kind)
			if err := domain.CheckValues(reg.Fields, v, point); err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			r, err := s.SaveRecord(ctx, alice, reg, 0, 0, store.NewRecord{Org: org, Values: v}, nil)
			if err != nil {
				t.Fatal(err)
			}
			return r
		}
		save(domain.RegHelmet, agency, domain.RecordValues{"given_on": "2024-09-03", "commune": "Đồn Đạc", "school": "TH&THCS Đồn Đạc", "boys": "182", "girls": "168"})
		save(domain.RegFund, agency, domain.RecordValues{"given_on": "2024-06-05", "amount": "45.000.000"})
		save(domain.RegInspection, tts, domain.RecordValues{"inspected_on": "2024-08-20", "subject_type": "school_vehicle", "subject": "14B-123.45", "violations": "2"})
		save(domain.RegInspection, tts, domain.RecordValues{"inspected_on": "2024-08-21", "subject_type": "boat", "subject": "QN-5678", "violations": "1"})
		rs, _, _ := domain.ParseSource("records:helmets.recipients")
		h, _ := s.RecordFigures(ctx, rs, agency.Path, "2024-01-01", "2024-12-31")
		if h.Total != 350 || h.Male != 182 || h.Female != 168 {
			t.Errorf("helmets: %+v", h)
		}
		if n := figs("records:fund.amount", "2024-01-01", "2024-12-31"); n != 45_000_000 {
			t.Errorf("fund: %v", n)
		}
		if n := figs("records:inspections.count?type=school_vehicle", "2024-01-01", "2024-12-31"); n != 1 {
			t.Errorf("school-vehicle inspections: %v", n)
		}
		if n := figs("records:inspections.violations", "2024-01-01", "2024-12-31"); n != 3 {
			t.Errorf("violations: %v", n)
		}
		// A risk site's reviews add signs.
		sites, _ := domain.RegistryOf(domain.RegRiskSite)
		site := save(domain.RegRiskSite, agency, domain.RecordValues{"name": "Suối Khe Tâm", "site_type": "river", "commune": "Thanh Sơn", "found_on": "2024-05-28"})
		review, _ := sites.Entry("review")
		for i, day := range []string{"2024-05-28", "2024-11-02"} {
			if err := s.AddEntry(ctx, alice, sites, site, review, domain.RecordValues{"reviewed_on": day, "signs_added": fmt.Sprint(2 + i)}); err != nil {
				t.Fatal(err)
			}
		}
		if n := figs("records:signs.added", "2024-01-01", "2024-06-30"); n != 2 {
			t.Errorf("signs added in the first half: %v", n)
		}
		if n := figs("records:sites.reviewed", "2024-01-01", "2024-12-31"); n != 2 {
			t.Errorf("reviews: %v", n)
		}
		entries, _ := s.Entries(ctx, site.ID)
		if len(entries) != 2 || entries[1].Values["signs_added"] != "3" {
			t.Errorf("entries: %+v", entries)
		}
		// Lists by category, state, search; counts per registry.
		list, total, err := s.Records(ctx, store.RecordFilter{Kind: domain.RegInspection, Scope: domain.Scope{All: true}, Category: "boat"}, store.Page{Limit: 10})
		if err != nil || total != 1 || list[0].Title != "QN-5678" {
			t.Errorf("boats: %v %d", err, total)
		}
		_, total, _ = s.Records(ctx, store.RecordFilter{Kind: domain.RegHazard, Scope: domain.Scope{All: true}, Search: "hong hai"}, store.Page{Limit: 10})
		if total != 1 {
			t.Errorf("search without tones: %d", total)
		}
		counts, _ := s.RecordCounts(ctx, domain.Scope{Paths: []string{tts.Path}})
		if counts[domain.RegInspection]["open"] != 2 || counts[domain.RegHazard] != nil {
			t.Errorf("counts for the inspectorate: %v", counts)
		}
		// An import is all or nothing.
		good := store.NewRecord{Org: agency, Values: domain.RecordValues{"given_on": "2024-10-01", "amount": "1000000"}}
		fund, _ := domain.RegistryOf(domain.RegFund)
		if n, err := s.ImportRecords(ctx, alice, fund, []store.NewRecord{good, good}, "quy.xlsx"); err != nil || n != 2 {
			t.Fatalf("import: %d %v", n, err)
		}
		if n := figs("records:fund.amount", "2024-01-01", "2024-12-31"); n != 47_000_000 {
			t.Errorf("fund after the import: %v", n)
		}
	})
}

func TestStaffChildrenAndGiftRounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		_, err := s.SaveStaffChild(ctx, alice, 0, 0, tts, domain.StaffChild{Staff: "Lê Minh Tuấn", Name: "", Birth: "2099-01-01", Sex: "x"})
		if len(errs.Fields(err)) != 3 {
			t.Fatalf("bad child: %v", err)
		}
		add := func(name, birth, sex string, special bool) domain.StaffChild {
			t.Helper()
			c, err := s.SaveStaffChild(ctx, alice, 0, 0, tts, domain.StaffChild{Staff: "Lê Minh Tuấn", Name: name, Birth: birth, Sex: sex, Special: special})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		sixteenThatDay := add("Lê Gia Bảo", "2009-10-06", "male", false) // Trung thu 2025 is 6/10/2025
		fifteen := add("Lê Thu Trang", "2009-10-07", "female", true)
		leap := add("Phạm Bảo Ngọc", "2012-02-29", "female", false)
		g, err := s.SaveGiftRound(ctx, alice, 0, 0, agency, domain.GiftRound{Name: "Quà Tết Trung thu 2025", Spec: "15/8 âm lịch", Year: 2025, GiftValue: 150000})
		if err != nil || g.Date != "2025-10-06" {
			t.Fatalf("round: %v %+v", err, g)
		}
		_, err = s.SaveGiftRound(ctx, alice, 0, 0, agency, domain.GiftRound{Name: "x", Spec: "1/6-30/6", Year: 2025})
		wantCode(t, err, errs.Invalid, "spec")
		recs, err := s.Recipients(ctx, g)
		if err != nil || len(recs) != 3 {
			t.Fatalf("recipients: %v %d", err, len(recs))
		}
		eligible := map[string]bool{}
		for _, r := range recs {
			eligible[r.Child.Name] = r.Eligible
		}
		if eligible[sixteenThatDay.Name] || !eligible[fifteen.Name] || !eligible[leap.Name] {
			t.Errorf("eligibility on 6/10/2025: %v", eligible)
		}
		if !recs[0].Eligible || recs[len(recs)-1].Eligible {
			t.Errorf("eligible children come first: %+v", recs)
		}
		// A child who is 16 cannot be given a gift; an eligible one can.
		wantCode(t, s.MarkRecipient(ctx, alice, g, sixteenThatDay, false, "", true), errs.Invalid, "given")
		if err := s.MarkRecipient(ctx, alice, g, fifteen, true, "Hoàn cảnh đặc biệt", true); err != nil {
			t.Fatal(err)
		}
		if err := s.MarkRecipient(ctx, alice, g, leap, false, "", true); err != nil {
			t.Fatal(err)
		}
		rs, _, _ := domain.ParseSource("records:gifts.children")
		f, _ := s.RecordFigures(ctx, rs, agency.Path, "2025-01-01", "2025-12-31")
		if f.Total != 2 || f.Female != 2 || f.Male != 0 {
			t.Errorf("gifts given: %+v", f)
		}
		// A closed round takes no more marks.
		g.Status = "closed"
		if g, err = s.SaveGiftRound(ctx, alice, g.ID, g.Version, agency, g); err != nil {
			t.Fatal(err)
		}
		wantCode(t, s.MarkRecipient(ctx, alice, g, leap, false, "", false), errs.Conflict, "")
		// What the audit keeps of a child is no name.
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "child."}, store.Page{})
		for _, r := range rows {
			if containsAny(r.After+r.Before, "Lê Gia Bảo", "Lê Thu Trang", "Phạm Bảo Ngọc") {
				t.Errorf("a child's name in the audit trail: %s", r.After)
			}
		}
	})
}

func containsAny(s string, subs ...string) bool {
	for _, x := range subs {
		if strings.Contains(s, x) {
			return true
		}
	}
	return false
}
