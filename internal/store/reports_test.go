package store_test

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// catalogue builds sex and age categories, a few indicators and a
// quarterly template asking agencies of QN.
func catalogue(t *testing.T, s *store.Store) domain.Template {
	t.Helper()
	for _, c := range []domain.Category{
		{Code: "sex", Name: "Giới tính", Options: []domain.CategoryOption{{Code: "male", Name: "Nam"}, {Code: "female", Name: "Nữ"}}},
		{Code: "age", Name: "Nhóm tuổi", Options: []domain.CategoryOption{{Code: "under16", Name: "Dưới 16"}, {Code: "adult", Name: "Từ 16"}}},
	} {
		if _, err := s.SaveCategory(ctx, alice, c, 0); err != nil {
			t.Fatal(err)
		}
	}
	for _, ind := range []domain.Indicator{
		{Code: "PART", Name: "Người tham dự", Unit: "người", ValueType: domain.TypeInteger, Aggregation: domain.AggSum, Categories: []string{"sex", "age"}},
		{Code: "LEAD", Name: "Lãnh đạo", Unit: "người", ValueType: domain.TypeInteger, Aggregation: domain.AggLast},
		{Code: "LEADW", Name: "Lãnh đạo nữ", Unit: "người", ValueType: domain.TypeInteger, Aggregation: domain.AggLast, LTE: "LEAD"},
		{Code: "PCT", Name: "Tỷ lệ nữ lãnh đạo", Unit: "%", ValueType: domain.TypePercentage, Aggregation: domain.AggRatio, Numerator: "LEADW", Denominator: "LEAD", Factor: 100},
	} {
		if _, err := s.SaveIndicator(ctx, alice, ind, 0); err != nil {
			t.Fatalf("%s: %v", ind.Code, err)
		}
	}
	tpl, err := s.SaveTemplate(ctx, alice, domain.Template{Code: "BC-QUY", Name: "Báo cáo quý", OrgCode: "QN", PeriodType: "quarterly",
		PeriodRule: "decree09", DeadlineDays: 2, ReporterKinds: []domain.OrgKind{domain.KindAgency}, Indicators: []string{"PART", "LEAD", "LEADW", "PCT"},
		Sections: []string{"Kết quả"}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestCatalogueRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		catalogue(t, s)
		bad := []struct {
			ind   domain.Indicator
			field string
		}{
			{domain.Indicator{Code: "R1", Name: "Tỷ lệ", ValueType: domain.TypePercentage, Aggregation: domain.AggRatio}, "numerator"},
			{domain.Indicator{Code: "R2", Name: "Tỷ lệ", ValueType: domain.TypePercentage, Aggregation: domain.AggRatio, Numerator: "NOPE", Denominator: "LEAD"}, "numerator"},
			{domain.Indicator{Code: "X1", Name: "X", ValueType: domain.TypeInteger, Aggregation: domain.AggSum, Categories: []string{"area"}}, "categories"},
			{domain.Indicator{Code: "X2", Name: "X", ValueType: "float", Aggregation: domain.AggSum}, "value_type"},
			{domain.Indicator{Code: "PART", Name: "X", ValueType: domain.TypeInteger, Aggregation: domain.AggSum}, "code"},
			{domain.Indicator{Code: "X3", Name: "Ghi chú", ValueType: domain.TypeText, Aggregation: domain.AggSum}, "aggregation"},
		}
		for _, b := range bad {
			_, err := s.SaveIndicator(ctx, alice, b.ind, 0)
			wantCode(t, err, errs.Invalid, b.field)
		}
		_, err := s.SaveCategory(ctx, alice, domain.Category{Code: "area", Name: "Khu vực", Options: []domain.CategoryOption{{Code: "urban", Name: "Thành thị"}}}, 0)
		wantCode(t, err, errs.Invalid, "options")
		_, err = s.SaveTemplate(ctx, alice, domain.Template{Code: "BC-X", Name: "X", OrgCode: "QN", PeriodType: "weekly", ReporterKinds: []domain.OrgKind{domain.KindAgency}, Indicators: []string{"PART"}}, 0)
		wantCode(t, err, errs.Invalid, "period_type")
		_, err = s.SaveTemplate(ctx, alice, domain.Template{Code: "BC-X", Name: "X", OrgCode: "QN", PeriodType: "monthly", ReporterKinds: []domain.OrgKind{domain.KindAgency}, Indicators: []string{"NOPE"}}, 0)
		wantCode(t, err, errs.Invalid, "indicators")
		ind, _ := s.Indicator(ctx, "PART")
		if len(ind.Combos) != 4 || ind.Combos[1].Code != "male_adult" || ind.Combos[2].Name != "Nữ, Dưới 16" {
			t.Errorf("combos %+v", ind.Combos)
		}
	})
}

func TestReportSaveLockAndWorkflow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		tpl := catalogue(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		p, _ := period.Parse("2025Q1", period.Decree09)
		inds, _ := s.Indicators(ctx, store.IndicatorFilter{})
		id := map[string]int64{}
		for _, i := range inds {
			id[i.Code] = i.ID
		}
		v := func(x float64) *float64 { return &x }
		cells := []store.CellInput{
			{IndicatorID: id["PART"], Indicator: "PART", Combo: "male_under16", Value: v(12)},
			{IndicatorID: id["PART"], Indicator: "PART", Combo: "female_under16", Value: v(15)},
			{IndicatorID: id["LEAD"], Indicator: "LEAD", Value: v(40)},
			{IndicatorID: id["LEADW"], Indicator: "LEADW", Value: v(9)},
		}
		// The store, not only the form, refuses figures for a period that
		// has not begun.
		later, _ := period.Parse(strconv.Itoa(s.Now().Year()+1)+"Q1", period.Decree09)
		if _, err := s.SaveReport(ctx, alice, tpl, org, later, "", 0, cells, nil); !errors.Is(err, domain.ErrPeriodNotBegun) {
			t.Errorf("save for a period not begun: %v", err)
		}
		rep, err := s.SaveReport(ctx, alice, tpl, org, p, "2025-03-18", 0, cells, map[string]string{"Kết quả": "Tốt"})
		if err != nil || rep.Status != domain.ReportDraft || rep.Version != 2 {
			t.Fatalf("first save: %v %+v", err, rep)
		}
		// Saving again with the version first read is refused.
		_, err = s.SaveReport(ctx, alice, tpl, org, p, "2025-03-18", 1, cells, nil)
		if !errors.Is(err, errs.ErrStale) {
			t.Errorf("stale save: %v", err)
		}
		// Clearing a cell removes the value; the audit row lists the change.
		cells[1].Value = nil
		if rep, err = s.SaveReport(ctx, alice, tpl, org, p, "2025-03-18", rep.Version, cells, nil); err != nil {
			t.Fatal(err)
		}
		vals, _ := s.Values(ctx, []int64{id["PART"]}, org.ID, []string{"2025Q1"})
		if len(vals) != 1 {
			t.Errorf("values after clearing one: %+v", vals)
		}
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "report.save"}, store.Page{})
		if len(rows) != 2 || rows[0].EntityID != "BC-QUY/QN-SGTVT/2025Q1" {
			t.Errorf("audit %+v", rows)
		}
		_, err = s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportAccept, "")
		wantCode(t, err, errs.Conflict, "") // a draft is not accepted
		rep, err = s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportSubmit, "")
		if err != nil || rep.Status != domain.ReportSubmitted || rep.SubmittedAt.IsZero() {
			t.Fatalf("submit: %v %+v", err, rep)
		}
		_, err = s.SaveReport(ctx, alice, tpl, org, p, "2025-03-18", rep.Version, cells, nil)
		wantCode(t, err, errs.Conflict, "") // locked
		_, err = s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportReturn, " ")
		wantCode(t, err, errs.Invalid, "comment")
		if rep, err = s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportAccept, ""); err != nil || rep.Status != domain.ReportAccepted {
			t.Fatalf("accept: %v", err)
		}
		_, err = s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportReopen, "")
		wantCode(t, err, errs.Invalid, "comment")
		if rep, err = s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportReopen, "Sửa số liệu quý I"); err != nil || rep.Status != domain.ReportDraft {
			t.Fatalf("reopen: %v", err)
		}
		if _, err := s.SaveReport(ctx, alice, tpl, org, p, "2025-03-18", rep.Version, cells, nil); err != nil {
			t.Errorf("save after reopening: %v", err)
		}
	})
}

func TestImportValues(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		tpl := catalogue(t, s)
		inds, _ := s.Indicators(ctx, store.IndicatorFilter{})
		id := map[string]int64{}
		for _, i := range inds {
			id[i.Code] = i.ID
		}
		sgtvt, _ := s.OrgUnit(ctx, "QN-SGTVT")
		syt, _ := s.OrgUnit(ctx, "QN-SYT")
		q1, _ := period.Parse("2025Q1", period.Decree09)
		q2, _ := period.Parse("2025Q2", period.Decree09)
		v := func(x float64) *float64 { return &x }
		rows := []store.ImportValue{
			{Row: 1, IndicatorID: id["PART"], Indicator: "PART", Org: sgtvt, Period: q1, Combo: "male_adult", Value: v(20)},
			{Row: 2, IndicatorID: id["PART"], Indicator: "PART", Org: syt, Period: q1, Combo: "female_adult", Value: v(30)},
			{Row: 3, IndicatorID: id["LEAD"], Indicator: "LEAD", Org: syt, Period: q2, Value: v(50)},
		}
		due := func(p period.Period) string { return p.End.AddDate(0, 0, 3).Format(time.DateOnly) }
		res, errsList, err := s.ImportValues(ctx, alice, tpl, rows, due, true)
		if err != nil || len(errsList) != 0 || res.Imported != 3 {
			t.Fatalf("dry run: %+v %v %v", res, errsList, err)
		}
		if reps, _ := s.Reports(ctx, store.ReportFilter{TemplateID: tpl.ID}); len(reps) != 0 {
			t.Fatalf("a dry run wrote %d reports", len(reps))
		}
		if res, _, err = s.ImportValues(ctx, alice, tpl, rows, due, false); err != nil || res.Imported != 3 {
			t.Fatalf("import: %+v %v", res, err)
		}
		// The same values again change nothing.
		res, _, err = s.ImportValues(ctx, alice, tpl, rows, due, false)
		if err != nil || res.Unchanged != 3 || res.Imported+res.Updated != 0 {
			t.Errorf("re-import: %+v %v", res, err)
		}
		// A submitted report refuses the whole batch.
		rep, _ := s.Report(ctx, tpl.ID, syt.ID, "2025Q1")
		if _, err := s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportSubmit, ""); err != nil {
			t.Fatal(err)
		}
		rows[0].Value = v(99)
		res, errsList, err = s.ImportValues(ctx, alice, tpl, rows, due, false)
		if err != nil || len(errsList) != 1 || errsList[0].Row != 2 {
			t.Fatalf("locked: %+v %v", errsList, err)
		}
		vals, _ := s.Values(ctx, []int64{id["PART"]}, sgtvt.ID, []string{"2025Q1"})
		if vals[store.ValueKey{IndicatorID: id["PART"], OrgID: sgtvt.ID, Period: "2025Q1", Combo: "male_adult"}].Value != 20 {
			t.Errorf("a refused batch changed a value: %+v", vals)
		}
	})
}

// The same generated data gives the same roll-ups on both engines, and
// both match sums worked out in Go from the raw values.
func TestRollupSameOnBothEngines(t *testing.T) {
	small := demo.Scale{Provinces: 1, Agencies: 3, UnitsPer: 2, Communes: 4, Indicators: 12, FirstYear: 2024, Years: 2}
	type answer map[string]float64
	results := map[store.Dialect]answer{}
	storetest.Run(t, func(t *testing.T, engine store.Dialect) {
		s := storetest.Open(t, engine, store.Options{})
		if _, err := demo.Generate(ctx, s, small, 7); err != nil {
			t.Fatal(err)
		}
		inds, _ := s.Indicators(ctx, store.IndicatorFilter{})
		var ids, lasts []int64
		code := map[int64]string{}
		for _, i := range inds {
			if i.Computed() {
				continue
			}
			ids = append(ids, i.ID)
			code[i.ID] = i.Code
			if i.Aggregation == domain.AggLast {
				lasts = append(lasts, i.ID)
			}
		}
		ag, _ := s.OrgUnit(ctx, "P01-A02")
		year, _ := period.Parse("2025", period.Decree09)
		quarters := year.SubPeriods(period.Quarterly)
		ans := answer{}
		for name, rq := range map[string]store.RollupQuery{
			"province": {IndicatorIDs: ids, LastIDs: lasts, Start: "2024-12-15", End: "2025-12-14"},
			"agency":   {IndicatorIDs: ids, LastIDs: lasts, OrgPath: ag.Path, Start: "2024-12-15", End: "2025-12-14"},
			"quarters": {IndicatorIDs: ids, LastIDs: lasts, Start: "2024-12-15", End: "2025-12-14", ByPeriod: quarters},
			"units":    {IndicatorIDs: ids, Start: "2023-12-15", End: "2025-12-14", ByOrg: []string{ag.Path}},
		} {
			cells, err := s.Rollup(ctx, rq)
			if err != nil {
				t.Fatalf("%s %s: %v", engine, name, err)
			}
			for _, c := range cells {
				k := fmt.Sprintf("%s|%s|%d|%s", name, code[c.IndicatorID], c.Group, c.Combo)
				ans[k+"|sum"] = math.Round(c.Sum*1e6) / 1e6
				ans[k+"|count"] = float64(c.Count)
				ans[k+"|min"], ans[k+"|max"] = c.Min, c.Max
				ans[k+"|last"] = math.Round(c.Last*1e6) / 1e6
			}
		}
		// A check in Go: the province total of G01 over 2025 from the raw
		// monthly values.
		var raw float64
		months := year.SubPeriods(period.Monthly)
		units, _, _ := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{}, nil)
		g01, _ := s.Indicator(ctx, "G01")
		var pids []string
		for _, m := range months {
			pids = append(pids, m.ID)
		}
		for _, u := range units {
			vals, _ := s.Values(ctx, []int64{g01.ID}, u.ID, pids)
			for _, v := range vals {
				raw += v.Value
			}
		}
		got := ans["province|G01|0|male|sum"] + ans["province|G01|0|female|sum"]
		if math.Abs(got-raw) > 1e-6 || raw == 0 {
			t.Errorf("%s: province G01 sum %v, raw values add to %v", engine, got, raw)
		}
		results[engine] = ans
	})
	if len(results) < 2 {
		return
	}
	a, b := results[store.SQLite], results[store.Postgres]
	var keys []string
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	if len(a) != len(b) {
		t.Errorf("SQLite gave %d figures, PostgreSQL %d", len(a), len(b))
	}
	diff := 0
	for _, k := range keys {
		if a[k] != b[k] {
			if diff < 10 {
				t.Errorf("%s: SQLite %v, PostgreSQL %v", k, a[k], b[k])
			}
			diff++
		}
	}
	t.Logf("%d figures compared", len(keys))
}

func TestReportFiles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		tpl := catalogue(t, s)
		org, _ := s.OrgUnit(ctx, "QN-SGTVT")
		p, _ := period.Parse("2025Q2", period.Decree09)
		file := func(name string) store.NewFile {
			return store.NewFile{Name: name, ContentType: "text/plain", Data: []byte("Biên bản " + name)}
		}
		// Attaching to a report not started creates it as a draft.
		rep, err := s.AttachReportFiles(ctx, alice, tpl, org, p, "2025-06-18", []store.NewFile{file("bien-ban.txt")})
		if err != nil || rep.ID == 0 || rep.Status != domain.ReportDraft {
			t.Fatalf("attach: %v %+v", err, rep)
		}
		_, err = s.AttachReportFiles(ctx, alice, tpl, org, p, "2025-06-18", nil)
		wantCode(t, err, errs.Invalid, "files")
		// Twenty files at most: a batch that would pass it adds nothing.
		var many []store.NewFile
		for i := range 20 {
			many = append(many, file(fmt.Sprintf("anh-%02d.txt", i)))
		}
		_, err = s.AttachReportFiles(ctx, alice, tpl, org, p, "2025-06-18", many)
		wantCode(t, err, errs.Invalid, "files")
		files, _ := s.ReportFiles(ctx, rep.ID)
		if len(files) != 1 || files[0].Filename != "bien-ban.txt" {
			t.Fatalf("after refused batch: %+v", files)
		}
		// Another report's file cannot be removed through this one.
		other, _ := s.OrgUnit(ctx, "QN-SYT")
		orep, err := s.AttachReportFiles(ctx, alice, tpl, other, p, "2025-06-18", []store.NewFile{file("khac.txt")})
		if err != nil {
			t.Fatal(err)
		}
		ofiles, _ := s.ReportFiles(ctx, orep.ID)
		wantCode(t, s.RemoveReportFile(ctx, alice, tpl, org, p, ofiles[0].ID), errs.NotFound, "")
		// A submitted report takes no files and keeps those it has.
		if _, err := s.TransitionReport(ctx, alice, rep.ID, rep.Version, store.ReportSubmit, ""); err != nil {
			t.Fatal(err)
		}
		_, err = s.AttachReportFiles(ctx, alice, tpl, org, p, "2025-06-18", []store.NewFile{file("muon.txt")})
		wantCode(t, err, errs.Conflict, "")
		wantCode(t, s.RemoveReportFile(ctx, alice, tpl, org, p, files[0].ID), errs.Conflict, "")
		rows, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "report.attach"}, store.Page{})
		if len(rows) != 2 {
			t.Errorf("audit rows: %d", len(rows))
		}
	})
}
