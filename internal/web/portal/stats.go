package portal

import (
	"html/template"
	"net/http"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/svgchart"
	"tebdg/internal/vntext"
)

// Visit statistics of the portal for its editors.

// statsDays is how far back the statistics look.
const statsDays = 30

type statsDay struct {
	Day      string // YYYY-MM-DD
	Views    int64
	Visitors int64
}

type topPost struct {
	domain.Post
	Period int64 // views in the window
	Public bool
}

type portalStatsData struct {
	Totals domain.VisitTotals
	Days   []statsDay // newest first
	Chart  template.HTML
	Top    []topPost
	From   string
	Sum    int64
}

// handlePortalStats shows the site's views and visitors per day for the last
// 30 days, today's and all-time totals, and the most read posts of the
// user's units. Visits are counted for the whole site; only the list of
// posts is limited to the user's reach.
func (s *Handler) handlePortalStats(w http.ResponseWriter, r *http.Request) {
	_, sc, err := portalGate(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ctx := r.Context()
	now := s.Now().In(vntext.Location)
	todayDay := now.Format(time.DateOnly)
	first := now.AddDate(0, 0, -(statsDays - 1))
	d := portalStatsData{From: first.Format(time.DateOnly)}
	if d.Totals, err = s.store.Visits(ctx, todayDay); err != nil {
		s.Fail(w, r, err)
		return
	}
	days, err := s.store.ViewsByDay(ctx, d.From)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	byDay := map[string]domain.DayViews{}
	for _, v := range days {
		byDay[v.Day] = v
	}
	p := s.newPage(r, "", "portal-stats")
	p.Title = p.T("Thống kê truy cập", "Visitor statistics")
	// Every day of the window, with the quiet ones as zeros, so the chart's
	// axis is time and not just the days that had visits.
	chart := svgchart.Chart{Title: p.T("Lượt xem mỗi ngày, 30 ngày qua", "Views per day, last 30 days"),
		Desc:   p.T("Số lượt xem trang của cổng thông tin theo ngày.", "Page views of the portal by day."),
		Series: []svgchart.Series{{Name: p.T("Lượt xem", "Views")}}, Lang: p.Lang}
	for i := range statsDays {
		day := first.AddDate(0, 0, i)
		key := day.Format(time.DateOnly)
		v := byDay[key]
		chart.Labels = append(chart.Labels, day.Format("02/01"))
		chart.Series[0].Values = append(chart.Series[0].Values, float64(v.Views))
		d.Days = append([]statsDay{{Day: key, Views: v.Views, Visitors: v.Visitors}}, d.Days...)
		d.Sum += v.Views
	}
	d.Chart = svgchart.Bars(chart)
	posts, counts, err := s.store.TopPosts(ctx, sc, d.From, 10)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for i, post := range posts {
		d.Top = append(d.Top, topPost{Post: post, Period: counts[i], Public: post.Public(s.Now())})
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "portal_stats", p)
}
