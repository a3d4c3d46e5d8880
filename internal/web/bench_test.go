package web_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/web"
)

// A plan page with 500 items, server time measured in-process (budget:
// 50 ms).
func BenchmarkPlanPage500Items(b *testing.B) {
	st := storetest.Open(b, store.SQLite, store.Options{})
	h := auth.NewHasher(auth.TestParams)
	if _, err := demo.Seed(ctx, st, h); err != nil {
		b.Fatal(err)
	}
	var items []*domain.PlanItem
	for s := range 5 {
		sec := &domain.PlanItem{Label: string(rune('I' + s)), Title: fmt.Sprintf("Phần %d", s+1), Kind: domain.KindSection}
		for t := range 9 {
			task := &domain.PlanItem{Label: fmt.Sprint(t + 1), Title: fmt.Sprintf("Nhiệm vụ %d.%d: tuyên truyền, kiểm tra, rà soát", s+1, t+1), Kind: domain.KindTask,
				Lead: "QN-SGTVT-TTS", Deadline: domain.Deadline{Text: "Quý II/2024", Start: "2024-04-01", End: "2024-06-30"}}
			for a := range 10 {
				task.Children = append(task.Children, &domain.PlanItem{Label: "-", Kind: domain.KindActivity, Lead: "QN-SGTVT-VP",
					Text:     fmt.Sprintf("Hoạt động %d.%d.%d: tổ chức hội nghị, tập huấn cho công chức, viên chức và người lao động về phòng, chống tai nạn thương tích cho trẻ em", s+1, t+1, a+1),
					Supports: []domain.OrgRef{{Code: "QN-SGTVT-KHTC"}}, Deadline: domain.Deadline{End: "2024-09-30"}})
			}
			sec.Children = append(sec.Children, task)
		}
		items = append(items, sec)
	}
	p, err := st.ImportPlan(ctx, demo.Actor, domain.Plan{OrgCode: "QN-SGTVT", YearFrom: 2024, Header: domain.PlanHeader{Title: "Kế hoạch 500 mục"}}, items, nil)
	if err != nil {
		b.Fatal(err)
	}
	s, err := web.New(web.Config{Hasher: h}, st)
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
