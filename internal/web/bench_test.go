package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/web"
	"tebdg/internal/web/site"
)

// benchItems is a plan of sections with tasks and activities under each,
// assigned and due; the tasks and activities measured by the indicators
// given.
func benchItems(sections, tasks, acts int, taskInds, actInds []string) []*domain.PlanItem {
	var items []*domain.PlanItem
	for s := range sections {
		sec := &domain.PlanItem{Label: string(rune('I' + s)), Title: fmt.Sprintf("Phần %d", s+1), Kind: domain.KindSection}
		for t := range tasks {
			task := &domain.PlanItem{Label: fmt.Sprint(t + 1), Title: fmt.Sprintf("Nhiệm vụ %d.%d: tuyên truyền, kiểm tra, rà soát", s+1, t+1), Kind: domain.KindTask,
				Lead: "QN-SGTVT-TTS", Deadline: domain.Deadline{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}, Indicators: taskInds}
			for a := range acts {
				task.Children = append(task.Children, &domain.PlanItem{Label: "-", Kind: domain.KindActivity, Lead: "QN-SGTVT-VP",
					Text:     fmt.Sprintf("Hoạt động %d.%d.%d: tổ chức hội nghị, tập huấn cho công chức, viên chức và người lao động về phòng, chống tai nạn thương tích cho trẻ em", s+1, t+1, a+1),
					Supports: []domain.OrgRef{{Code: "QN-SGTVT-KHTC"}}, Deadline: domain.Deadline{End: "2024-09-30"}, Indicators: actInds})
			}
			sec.Children = append(sec.Children, task)
		}
		items = append(items, sec)
	}
	return items
}

// A plan page with 500 items, server time measured in-process (budget:
// 50 ms).
func BenchmarkPlanPage500Items(b *testing.B) {
	st := storetest.Open(b, store.SQLite, store.Options{})
	h := auth.NewHasher(auth.TestParams)
	if _, err := demo.Seed(ctx, st, h); err != nil {
		b.Fatal(err)
	}
	items := benchItems(5, 9, 10, nil, nil)
	p, err := st.ImportPlan(ctx, demo.Actor, domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, Header: domain.PlanHeader{Title: "Kế hoạch 500 mục"}}, items, nil)
	if err != nil {
		b.Fatal(err)
	}
	s, err := site.New(web.Config{Hasher: h}, st)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.PostForm(srv.URL+"/login", url.Values{"username": {"manager"}, "password": {demo.Password}})
	if err != nil {
		b.Fatal(err)
	}
	_ = res.Body.Close()
	cookie := res.Cookies()
	req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/app/plans/%d", p.ID), nil)
	for _, c := range cookie {
		req.AddCookie(c)
	}
	var times []time.Duration
	size := 0
	for b.Loop() {
		w := httptest.NewRecorder()
		start := time.Now()
		s.ServeHTTP(w, req)
		times = append(times, time.Since(start))
		if w.Code != 200 {
			b.Fatalf("status %d", w.Code)
		}
		size = w.Body.Len()
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
	b.ReportMetric(float64(size)/1024, "KB-page")
}

// Saving the data-entry form of a quarterly report with every cell filled
// (budget: 50 ms).
func BenchmarkReportSave(b *testing.B) {
	st := storetest.Open(b, store.SQLite, store.Options{})
	h := auth.NewHasher(auth.TestParams)
	if _, err := demo.Seed(ctx, st, h); err != nil {
		b.Fatal(err)
	}
	s, err := site.New(web.Config{Hasher: h}, st)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(s)
	defer srv.Close()
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := noFollow.PostForm(srv.URL+"/login", url.Values{"username": {"manager"}, "password": {demo.Password}})
	if err != nil {
		b.Fatal(err)
	}
	_ = res.Body.Close()
	cookies := res.Cookies()
	t, _ := st.Template(ctx, "BC-TEBDG-QUY")
	inds, _ := st.Indicators(ctx, store.IndicatorFilter{Codes: t.Indicators})
	path := "/app/reports/BC-TEBDG-QUY/QN-SGTVT/2024Q1"
	rep, _ := st.Report(ctx, t.ID, mustOrgID(b, st, "QN-SGTVT"), "2024Q1")
	// Reopen the accepted report so it can be saved again and again.
	rep, err = st.TransitionReport(ctx, demo.Actor, rep.ID, rep.Version, store.ReportReopen, "benchmark")
	if err != nil {
		b.Fatal(err)
	}
	version := rep.Version
	var times []time.Duration
	i := 0
	for b.Loop() {
		i++
		form := url.Values{"version": {fmt.Sprint(version)}, "n|0": {"Kết quả quý I"}}
		for _, ind := range inds {
			for _, c := range ind.Combos {
				form.Set("v|"+ind.Code+"|"+c.Code, fmt.Sprint(10+i%7))
			}
		}
		req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		for _, c := range cookies {
			req.AddCookie(c)
		}
		w := httptest.NewRecorder()
		start := time.Now()
		s.ServeHTTP(w, req)
		times = append(times, time.Since(start))
		if w.Code != http.StatusSeeOther {
			b.Fatalf("save: %d %s", w.Code, w.Body.String())
		}
		version++
	}
	slices.Sort(times)
	b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
}

func mustOrgID(b *testing.B, st *store.Store, code string) int64 {
	o, err := st.OrgUnit(ctx, code)
	if err != nil {
		b.Fatal(err)
	}
	return o.ID
}

// Importing a data value set of 100,000 values through the API, on each
// engine (budget: 5 s).
func BenchmarkImport100k(b *testing.B) {
	for _, engine := range storetest.Engines(b) {
		b.Run(string(engine), func(b *testing.B) {
			st := storetest.Open(b, engine, store.Options{})
			sc := demo.ProvinceScale
			sc.OnlyCatalog = true
			if _, err := demo.Generate(ctx, st, sc, 1); err != nil {
				b.Fatal(err)
			}
			admin, err := st.CreateUser(ctx, demo.Actor, domain.UserInput{Username: "admin", Org: "P01", Role: domain.RoleAdmin}, "x", false)
			if err != nil {
				b.Fatal(err)
			}
			secret, hash := auth.NewSecret("tebdg_")
			if _, err := st.IssueToken(ctx, demo.Actor, admin, store.TokenInput{Name: "bench", Hash: hash, Scope: domain.TokenReadWrite, Life: store.DefaultTokenLife}); err != nil {
				b.Fatal(err)
			}
			s, err := site.New(web.Config{Hasher: auth.NewHasher(auth.TestParams)}, st)
			if err != nil {
				b.Fatal(err)
			}
			t, _ := st.Template(ctx, "G-THANG")
			inds, _ := st.Indicators(ctx, store.IndicatorFilter{Codes: t.Indicators})
			orgs, _ := st.ExpectedOrgs(ctx, t, "2025-06-01")
			months, _ := period.List(period.Monthly, 2024, period.Decree09)
			var values []map[string]string
		fill:
			for _, m := range months {
				for _, o := range orgs {
					for _, ind := range inds {
						for _, c := range ind.Combos {
							values = append(values, map[string]string{"dataElement": ind.Code, "period": m.ID, "orgUnit": o.Code,
								"categoryOptionCombo": c.Code, "value": fmt.Sprint(len(values) % 97)})
							if len(values) == 100000 {
								break fill
							}
						}
					}
				}
			}
			body, _ := json.Marshal(map[string]any{"dataSet": "G-THANG", "dataValues": values})
			var took time.Duration
			for b.Loop() {
				req := httptest.NewRequest(http.MethodPost, "/api/v1/dataValueSets", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+secret)
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				start := time.Now()
				s.ServeHTTP(w, req)
				took += time.Since(start)
				if w.Code != 200 {
					b.Fatalf("import: %d %.300s", w.Code, w.Body.String())
				}
			}
			b.ReportMetric(took.Seconds()/float64(b.N), "s/import")
			b.ReportMetric(float64(len(values)), "values")
		})
	}
}

// The public pages of a portal with 20,000 posts, server time measured in-process:
// from the page cache (budget 3 ms median) and rendered afresh each time
// (budget 15 ms), with the page size (budget 100 KB before images).
func BenchmarkPortalPages(b *testing.B) {
	var err error
	st := storetest.Open(b, store.SQLite, store.Options{})
	h := auth.NewHasher(auth.TestParams)
	if _, err := demo.Seed(ctx, st, h); err != nil {
		b.Fatal(err)
	}
	// A portal some years old: 20,000 more posts over the agencies and
	// categories, every tenth hot, every fiftieth featured.
	cats := []string{"tin-tuc", "thong-bao", "van-ban", "tre-em", "binh-dang-gioi"}
	agencies := []string{"QN-SGTVT", "QN-SLDTBXH", "QN-SGDDT", "QN-SYT"}
	orgs := map[string]domain.OrgUnit{}
	for _, code := range agencies {
		if orgs[code], err = st.OrgUnit(ctx, code); err != nil {
			b.Fatal(err)
		}
	}
	from := time.Date(2016, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := range 20_000 {
		p := domain.Post{Category: cats[i%len(cats)], Title: fmt.Sprintf("Tin số %d về công tác trẻ em và bình đẳng giới", i),
			Summary: "Tóm tắt bài viết về phòng, chống đuối nước và an toàn giao thông cho trẻ em.",
			Body:    strings.Repeat("Nội dung bài viết về bảo vệ, chăm sóc trẻ em. ", 40), Status: domain.PostPublished,
			PublishAt: from.Add(time.Duration(i) * 3 * time.Hour), Hot: i%10 == 0, Featured: i%50 == 0}
		if _, err := st.SavePost(ctx, demo.Actor, 0, 0, orgs[agencies[i%len(agencies)]], p, nil, nil); err != nil {
			b.Fatal(err)
		}
	}
	s, err := site.New(web.Config{Hasher: h}, st)
	if err != nil {
		b.Fatal(err)
	}
	posts, _, err := st.Posts(ctx, store.PostFilter{Public: true, Now: time.Now(), Search: "Kế hoạch triển khai"}, store.Page{})
	if err != nil || len(posts) == 0 {
		b.Fatal("no sample post", err)
	}
	for _, page := range []struct{ name, path string }{{"home", "/"}, {"article", posts[0].URL()}, {"category", "/category/tre-em?page=3"},
		{"agency", "/agencies/QN-SGTVT"}, {"search", "/search?q=duoi+nuoc"}} {
		for _, cached := range []bool{true, false} {
			if page.name == "search" && cached {
				continue // searches are never cached
			}
			name := page.name + "/uncached"
			if cached {
				name = page.name + "/cached"
			}
			b.Run(name, func(b *testing.B) {
				var times []time.Duration
				size := 0
				for i := 0; b.Loop(); i++ {
					path := page.path
					if !cached && page.name != "search" {
						path += "?n=" + fmt.Sprint(i) // a new address each time: a cache miss
					}
					req := httptest.NewRequest(http.MethodGet, path, nil)
					req.Header.Set("User-Agent", "Mozilla/5.0 (Windows NT 10.0) Chrome/120.0")
					w := httptest.NewRecorder()
					start := time.Now()
					s.ServeHTTP(w, req)
					times = append(times, time.Since(start))
					if w.Code != 200 {
						b.Fatalf("%s: status %d", path, w.Code)
					}
					size = w.Body.Len()
				}
				slices.Sort(times)
				b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "median-ms")
				b.ReportMetric(float64(times[len(times)*95/100].Microseconds())/1000, "p95-ms")
				b.ReportMetric(float64(size)/1024, "KB")
			})
		}
	}
}

// Drafting the results report of a 60-item plan with 300 activities, as
// JSON and as DOCX, server time measured in-process (budget: 200 ms).
func BenchmarkResultsReport60Items300Activities(b *testing.B) {
	st := storetest.Open(b, store.SQLite, store.Options{})
	h := auth.NewHasher(auth.TestParams)
	if _, err := demo.Seed(ctx, st, h); err != nil {
		b.Fatal(err)
	}
	items := benchItems(3, 4, 4, []string{"TT-BUOI", "KT-XE"}, []string{"MBH-TRE"})
	p, err := st.ImportPlan(ctx, demo.Actor, domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, Header: domain.PlanHeader{Title: "Kế hoạch 60 mục", Number: "30/KH-SGTVT", Date: "2024-01-15"}}, items, nil)
	if err != nil {
		b.Fatal(err)
	}
	tree, err := st.PlanTree(ctx, p.ID)
	if err != nil {
		b.Fatal(err)
	}
	var leaves []int64
	n := 0
	domain.Walk(tree.Items, func(it *domain.PlanItem, _ int) {
		n++
		if it.Kind == domain.KindActivity {
			leaves = append(leaves, it.ID)
		}
	})
	org, err := st.OrgUnit(ctx, "QN-SGTVT-VP")
	if err != nil {
		b.Fatal(err)
	}
	for i := range 300 {
		day := time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%330).Format(time.DateOnly)
		a := domain.Activity{PlanID: p.ID, PlanItemID: leaves[i%len(leaves)], Type: domain.ActCommunication, Title: fmt.Sprintf("Tuyên truyền an toàn giao thông số %d", i+1),
			Start: day, End: day, Place: "Trường THCS Trọng Điểm", Channels: []string{"meeting"}, Targets: []string{"children"},
			Participants: domain.Participants{MaleChildren: 40, FemaleChildren: 38, MaleAdults: 2, FemaleAdults: 3, Total: 83}, Cost: 1_500_000, Products: "100 tờ rơi"}
		if _, err := st.SaveActivity(ctx, demo.Actor, 0, 0, org, a, nil); err != nil {
			b.Fatal(err)
		}
	}
	s, err := site.New(web.Config{Hasher: h}, st)
	if err != nil {
		b.Fatal(err)
	}
	u, err := st.UserByUsername(ctx, "manager")
	if err != nil {
		b.Fatal(err)
	}
	secret, hash := auth.NewSecret("tebdg_")
	if _, err := st.IssueToken(ctx, demo.Actor, u, store.TokenInput{Name: "bench", Hash: hash, Scope: domain.TokenRead, Life: store.DefaultTokenLife}); err != nil {
		b.Fatal(err)
	}
	for _, format := range []string{"json", "docx"} {
		b.Run(format, func(b *testing.B) {
			req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/plans/%d/results?period=2024&format=%s", p.ID, format), nil)
			req.Header.Set("Authorization", "Bearer "+secret)
			var times []time.Duration
			size := 0
			for b.Loop() {
				w := httptest.NewRecorder()
				start := time.Now()
				s.ServeHTTP(w, req)
				times = append(times, time.Since(start))
				if w.Code != 200 {
					b.Fatalf("status %d %s", w.Code, w.Body.String())
				}
				size = w.Body.Len()
			}
			slices.Sort(times)
			b.ReportMetric(float64(times[len(times)/2].Microseconds())/1000, "ms-median")
			b.ReportMetric(float64(size)/1024, "KB")
			b.ReportMetric(float64(n), "items")
		})
	}
}
