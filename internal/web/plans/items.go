package plans

import (
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/observance"
	"tebdg/internal/planparse"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// Plan items: the item page with its forms (text, assignment, structure,
// progress with evidence), and the files of progress reports.

type itemPageData struct {
	Plan        domain.Plan
	Item        *domain.PlanItem
	Path        []*domain.PlanItem // ancestors, top first
	Shown       domain.ItemStatus
	Updates     []domain.ItemUpdate
	Units       []domain.OrgUnit // candidates for lead and support
	Kinds       []domain.ItemKind
	Statuses    []domain.ItemStatus
	Observances []observance.Rule
	CanEdit     bool // text and structure
	CanAssign   bool
	CanReport   bool
	FormName    string
	Supporting  map[string]bool
	Activities  []domain.Activity // logged under the item
	ActTotals   domain.ActivityTotals
	CanLog      bool
	// Indicators are the catalogue's active indicators, for the choice of
	// those the item is measured by; Measures marks the chosen ones.
	Indicators []domain.Indicator
	Measures   map[string]bool
	CanMeasure bool
}

// findItem locates an item in a plan's tree with its ancestors.
func findItem(items []*domain.PlanItem, id int64) (*domain.PlanItem, []*domain.PlanItem) {
	var path []*domain.PlanItem
	var found *domain.PlanItem
	var walk func(its []*domain.PlanItem) bool
	walk = func(its []*domain.PlanItem) bool {
		for _, it := range its {
			if it.ID == id {
				found = it
				return true
			}
			path = append(path, it)
			if walk(it.Children) {
				return true
			}
			path = path[:len(path)-1]
		}
		return false
	}
	walk(items)
	return found, path
}

// loadItem loads the plan (which the user must be able to read) and the
// item in it.
func (s *Handler) loadItem(r *http.Request) (domain.Plan, *domain.PlanItem, []*domain.PlanItem, error) {
	pl, err := s.loadPlan(r)
	if err != nil {
		return pl, nil, nil, err
	}
	id, err := web.PathID(r, "item")
	if err != nil {
		return pl, nil, nil, err
	}
	it, path := findItem(pl.Items, id)
	if it == nil {
		return pl, nil, nil, errs.ErrNotFound
	}
	return pl, it, path, nil
}

// canReport applies the progress policy, which needs the paths of the lead
// and supporting units.
func (s *Handler) canReport(r *http.Request, u domain.User, pl domain.Plan, it *domain.PlanItem) bool {
	var lead string
	if it.LeadOrgID != 0 {
		if o, err := s.store.OrgUnitByID(r.Context(), it.LeadOrgID); err == nil {
			lead = o.Path
		}
	}
	var sups []string
	for _, sp := range it.Supports {
		if o, err := s.store.OrgUnitByID(r.Context(), sp.ID); err == nil {
			sups = append(sups, o.Path)
		}
	}
	return auth.CanReportProgress(u, pl, *it, lead, sups)
}

func (s *Handler) itemPage(w http.ResponseWriter, r *http.Request, status int, formName string, ferr error) {
	pl, it, path, err := s.loadItem(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	p := s.NewPage(r, "", "plans")
	p.Title = it.Heading()
	d := itemPageData{Plan: pl, Item: it, Path: path, Shown: it.DisplayStatus(s.Today()), Kinds: domain.ItemKinds,
		Statuses: domain.ItemStatuses, Observances: observance.Builtin(), FormName: formName, Supporting: map[string]bool{}}
	edit := auth.CanEditPlan(u, pl)
	d.CanEdit = edit && pl.Status.Editable()
	d.CanAssign = edit && it.Kind.Trackable()
	d.CanReport = pl.Status.InEffect() && it.Kind.Trackable() && s.canReport(r, u, pl, it)
	for _, sp := range it.Supports {
		d.Supporting[sp.Code] = true
	}
	if d.CanAssign {
		units, _, err := s.store.OrgUnits(r.Context(), domain.Scope{Paths: []string{pl.OrgPath}}, store.OrgFilter{}, nil)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		d.Units = web.SortUnits(units, p.Lang)
	}
	if d.Activities, d.ActTotals, err = s.store.Activities(r.Context(), store.ActivityFilter{Scope: auth.ReadScope(u), PlanItemID: it.ID},
		store.Page{Number: 1, Limit: 10}); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.CanLog = it.Kind.Trackable() && !auth.EventWriteScope(u).Empty()
	d.Measures = map[string]bool{}
	for _, c := range it.Indicators {
		d.Measures[c] = true
	}
	if it.Kind.Trackable() || it.Kind == domain.KindObjective {
		if d.Indicators, err = s.store.Indicators(r.Context(), store.IndicatorFilter{Active: true}); err != nil {
			s.Fail(w, r, err)
			return
		}
		d.CanMeasure = edit
	}
	if d.Updates, err = s.store.ItemUpdates(r.Context(), it.ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "plan_item", p)
}

func (s *Handler) handleItemShow(w http.ResponseWriter, r *http.Request) {
	s.itemPage(w, r, http.StatusOK, "", nil)
}

func itemURL(pl domain.Plan, id int64) string {
	return "/app/plans/" + strconv.FormatInt(pl.ID, 10) + "/items/" + strconv.FormatInt(id, 10)
}

// itemChange runs one of the item page's forms.
func (s *Handler) itemChange(w http.ResponseWriter, r *http.Request, formName, flash string,
	allowed func(u domain.User, pl domain.Plan, it *domain.PlanItem) bool,
	apply func(pl domain.Plan, it *domain.PlanItem, version int) (string, error)) {
	pl, it, _, err := s.loadItem(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !allowed(*web.State(r).User, pl, it) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	var version int
	if err = web.ParseMultipart(r); err == nil {
		version, err = strconv.Atoi(strings.TrimSpace(r.FormValue("version")))
		if err != nil {
			err = errs.Field("version", "giá trị không hợp lệ", "not a valid number")
		}
	}
	to := itemURL(pl, it.ID)
	if err == nil {
		var next string
		if next, err = apply(pl, it, version); next != "" {
			to = next
		}
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		s.itemPage(w, r, web.StatusOf(errs.CodeOf(err)), formName, err)
		return
	}
	web.RedirectFlash(w, r, to, flash)
}

func canEditText(u domain.User, pl domain.Plan, _ *domain.PlanItem) bool {
	return auth.CanEditPlan(u, pl)
}

func itemInput(r *http.Request) domain.ItemInput {
	return domain.ItemInput{Label: r.FormValue("label"), Title: r.FormValue("title"), Text: r.FormValue("text"),
		Kind: domain.ItemKind(r.FormValue("kind"))}
}

// handleItemIndicators sets the indicators the item is measured by: the
// figures its results report shows under it.
func (s *Handler) handleItemIndicators(w http.ResponseWriter, r *http.Request) {
	s.itemChange(w, r, "indicators", "saved", canEditText, func(pl domain.Plan, it *domain.PlanItem, version int) (string, error) {
		_, err := s.store.SetItemIndicators(r.Context(), web.State(r).Actor(), it.ID, version, r.Form["indicators"])
		return "", err
	})
}

func (s *Handler) handleItemUpdate(w http.ResponseWriter, r *http.Request) {
	s.itemChange(w, r, "text", "saved", canEditText, func(pl domain.Plan, it *domain.PlanItem, version int) (string, error) {
		_, err := s.store.UpdateItem(r.Context(), web.State(r).Actor(), it.ID, version, itemInput(r))
		return "", err
	})
}

func (s *Handler) handleItemAssign(w http.ResponseWriter, r *http.Request) {
	s.itemChange(w, r, "assign", "saved", canEditText, func(pl domain.Plan, it *domain.PlanItem, version int) (string, error) {
		a := store.Assignment{Lead: r.FormValue("lead"), Supports: r.Form["supports"], Observance: r.FormValue("observance"),
			Deadline: domain.Deadline{Text: r.FormValue("deadline_text"), Recurring: r.FormValue("recurring") != ""}}
		var l errs.List
		for _, f := range []struct {
			name string
			dst  *string
		}{{"deadline_start", &a.Deadline.Start}, {"deadline_end", &a.Deadline.End}} {
			v, err := web.ParseDay(r.FormValue(f.name))
			if err != nil {
				l = append(l, errs.Field(f.name, "hạn không phải là ngày hợp lệ (dd/mm/yyyy)", "the deadline is not a valid date (dd/mm/yyyy)"))
			}
			*f.dst = v
		}
		if err := l.Err(); err != nil {
			return "", err
		}
		// A deadline typed only as words ("Quý III/2025", "trước 15/4")
		// gets its dates read from the words, in the plan's year.
		if a.Deadline.Text != "" && a.Deadline.Start == "" && a.Deadline.End == "" {
			if hints := planparse.ExtractDeadlines(a.Deadline.Text, pl.YearFrom); len(hints) > 0 {
				a.Deadline.Start, a.Deadline.End = hints[0].Start, hints[0].End
				a.Deadline.Recurring = a.Deadline.Recurring || hints[0].Recurring
			}
		}
		// Lead and supporting units must be inside the plan's unit.
		for _, code := range append([]string{a.Lead}, a.Supports...) {
			if code == "" {
				continue
			}
			o, err := s.store.OrgUnit(r.Context(), code)
			if err != nil || !o.Under(pl.OrgPath) {
				return "", errs.Fieldf("lead", "đơn vị %s không thuộc %s", "unit %s is not part of %s", code, pl.OrgName)
			}
		}
		if a.Observance != "" && !knownObservance(a.Observance) {
			return "", errs.Field("observance", "ngày lễ, sự kiện không có trong danh mục", "unknown observance")
		}
		_, err := s.store.AssignItem(r.Context(), web.State(r).Actor(), it.ID, version, a)
		return "", err
	})
}

func knownObservance(code string) bool {
	for _, o := range observance.Builtin() {
		if o.Code == code {
			return true
		}
	}
	return false
}

func (s *Handler) handleItemMove(w http.ResponseWriter, r *http.Request) {
	s.itemChange(w, r, "structure", "saved", canEditText, func(pl domain.Plan, it *domain.PlanItem, version int) (string, error) {
		_, err := s.store.MoveItem(r.Context(), web.State(r).Actor(), it.ID, version, r.FormValue("op"))
		return "", err
	})
}

func (s *Handler) handleItemDelete(w http.ResponseWriter, r *http.Request) {
	s.itemChange(w, r, "structure", "deleted", canEditText, func(pl domain.Plan, it *domain.PlanItem, version int) (string, error) {
		return "/app/plans/" + strconv.FormatInt(pl.ID, 10), s.store.DeleteItem(r.Context(), web.State(r).Actor(), it.ID, version)
	})
}

// handleItemAdd adds an item: under the item given as parent, or after a
// sibling.
func (s *Handler) handleItemAdd(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !auth.CanEditPlan(*web.State(r).User, pl) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.planPage(w, r, web.StatusOf(errs.CodeOf(err)), "add", err)
		return
	}
	parent, _ := strconv.ParseInt(r.PostFormValue("parent"), 10, 64)
	after, _ := strconv.ParseInt(r.PostFormValue("after"), 10, 64)
	it, err := s.store.AddItem(r.Context(), web.State(r).Actor(), pl.ID, parent, after, itemInput(r))
	if err != nil {
		if parent != 0 || after != 0 {
			r.SetPathValue("item", strconv.FormatInt(max(parent, after), 10))
			s.itemPage(w, r, web.StatusOf(errs.CodeOf(err)), "add", err)
			return
		}
		s.planPage(w, r, web.StatusOf(errs.CodeOf(err)), "add", err)
		return
	}
	web.RedirectFlash(w, r, itemURL(pl, it.ID), "created")
}

// handleItemProgress records a progress report with evidence files. Each
// file's type is decided by its content; a file that is not an image, PDF,
// Word, Excel or text file, or is over 5 MB, is refused with nothing saved.
func (s *Handler) handleItemProgress(w http.ResponseWriter, r *http.Request) {
	s.itemChange(w, r, "progress", "reported",
		func(u domain.User, pl domain.Plan, it *domain.PlanItem) bool { return s.canReport(r, u, pl, it) },
		func(pl domain.Plan, it *domain.PlanItem, version int) (string, error) {
			progress, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(r.FormValue("progress"), "%")))
			if err != nil {
				return "", errs.Field("progress", "tiến độ là một số từ 0 đến 100", "progress is a number from 0 to 100")
			}
			files, err := web.UploadedFiles(r, "files")
			if err != nil {
				return "", err
			}
			_, err = s.store.ReportProgress(r.Context(), web.State(r).Actor(), it.ID, version, domain.ItemStatus(r.FormValue("status")),
				progress, r.FormValue("comment"), files)
			return "", err
		})
}
