package plans

import (
	"net/http"
	"strconv"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/plans"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Work views over a plan: the board by quarter, the month-by-month
// timeline, progress by section and by unit, and its versions compared.

type planViewData struct {
	Plan     domain.Plan
	Year     int
	Years    []int
	Today    string
	Quarters []plans.Quarter
	Timeline []plans.TimelineRow
	Months   []int
	Sections []plans.SectionProgress
	Units    []plans.UnitProgress
	Total    domain.Rollup
}

func (s *Handler) planView(w http.ResponseWriter, r *http.Request, name string, title [2]string, fill func(d *planViewData)) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "plans")
	p.Title = p.T(title[0], title[1]) + " · " + pl.Header.Title
	d := planViewData{Plan: pl, Year: pl.YearFrom, Today: s.Today(), Months: []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}}
	for y := pl.YearFrom; y <= pl.YearTo; y++ {
		d.Years = append(d.Years, y)
	}
	if y, err := strconv.Atoi(r.URL.Query().Get("year")); err == nil && y >= pl.YearFrom && y <= pl.YearTo {
		d.Year = y
	}
	fill(&d)
	p.Data = d
	s.Render(w, r, http.StatusOK, name, p)
}

func (s *Handler) handlePlanBoard(w http.ResponseWriter, r *http.Request) {
	s.planView(w, r, "plan_board", [2]string{"Bảng theo quý", "Board by quarter"}, func(d *planViewData) {
		d.Quarters = plans.ByQuarter(d.Plan.Items, d.Year)
	})
}

func (s *Handler) handlePlanTimeline(w http.ResponseWriter, r *http.Request) {
	s.planView(w, r, "plan_timeline", [2]string{"Tiến trình theo tháng", "Month by month"}, func(d *planViewData) {
		d.Timeline = plans.Timeline(d.Plan.Items, d.Year)
	})
}

func (s *Handler) handlePlanProgress(w http.ResponseWriter, r *http.Request) {
	s.planView(w, r, "plan_progress", [2]string{"Tiến độ", "Progress"}, func(d *planViewData) {
		d.Sections = plans.BySection(d.Plan.Items, d.Today)
		d.Units = plans.ByUnit(d.Plan.Items, d.Today)
		d.Total = domain.RollupOf(d.Plan.Items, d.Today)
	})
}

type revisionsData struct {
	Plan      domain.Plan
	Revisions []domain.Revision
	A, B      int
	Changes   []plans.Change
	Compared  bool
}

// handlePlanRevisions lists a plan's kept versions and compares two.
func (s *Handler) handlePlanRevisions(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "plans")
	p.Title = p.T("Các phiên bản", "Versions") + " · " + pl.Header.Title
	revs, err := s.store.PlanRevisions(r.Context(), pl.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := revisionsData{Plan: pl, Revisions: revs}
	q := r.URL.Query()
	if q.Get("a") != "" || q.Get("b") != "" {
		a, errA := strconv.Atoi(q.Get("a"))
		b, errB := strconv.Atoi(q.Get("b"))
		if errA != nil || errB != nil {
			s.Fail(w, r, errs.Field("a", "chọn hai phiên bản để so sánh", "choose two versions to compare"))
			return
		}
		ra, err := s.store.PlanRevision(r.Context(), pl.ID, a)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		var rb domain.Revision
		if b == 0 { // 0: the plan as it is now
			rb.Plan = pl
		} else if rb, err = s.store.PlanRevision(r.Context(), pl.ID, b); err != nil {
			s.Fail(w, r, err)
			return
		}
		d.A, d.B, d.Compared = a, b, true
		d.Changes = plans.Compare(ra.Plan, rb.Plan)
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "plan_revisions", p)
}

type tasksData struct {
	Tasks []domain.Task
	Due   string
	Today string
	Soon  string
}

// handleTasks lists the open work of the user's units in plans in effect:
// overdue, due in the next 30 days, or all.
func (s *Handler) handleTasks(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.NewPage(r, "", "tasks")
	p.Title = p.T("Việc của đơn vị", "My unit's tasks")
	d := tasksData{Due: r.URL.Query().Get("due"), Today: s.Today()}
	d.Soon = s.Now().In(vntext.Location).AddDate(0, 0, 30).Format(time.DateOnly)
	f := store.TaskFilter{Open: true}
	switch d.Due {
	case "overdue":
		f.DueBefore = s.Now().In(vntext.Location).AddDate(0, 0, -1).Format(time.DateOnly)
	case "all":
	default:
		d.Due = "soon"
		f.DueBefore = d.Soon
	}
	limit := 500 // as many as a page can show; a download takes every one
	if web.Downloading(r) {
		limit = store.MaxExport
	}
	tasks, err := s.store.Tasks(r.Context(), auth.ReadScope(u), f, limit)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if web.Downloading(r) {
		s.SendTable(w, r, "viec-"+d.Due, tasksTable(tasks, p.Lang, d.Today))
		return
	}
	d.Tasks = tasks
	p.Data = d
	s.Render(w, r, http.StatusOK, "tasks", p)
}
