package plans

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The activity log: units record what they did under their plan items, with
// who took part and the evidence; indicators are computed from it.

type activitiesData struct {
	Items    []domain.Activity
	Totals   domain.ActivityTotals
	Units    []domain.OrgUnit
	Org      string
	Year     int
	Years    []int
	Type     string
	Query    string
	Types    []domain.ActivityType
	Pager    web.Pager
	CanAdd   bool
	ItemID   int64
	ItemName string
}

// handleActivities lists activities in reach, filtered by unit, year,
// type and words.
func (s *Handler) handleActivities(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	q := r.URL.Query()
	d := activitiesData{Org: q.Get("org"), Type: q.Get("type"), Query: web.TrimTo(q.Get("q"), 200), Types: domain.ActivityTypes,
		CanAdd: !auth.EventWriteScope(u).Empty()}
	this := agenda.Today(s.Now()).Year()
	for y := this + 1; y >= this-5; y-- {
		d.Years = append(d.Years, y)
	}
	d.Year = this
	if v := q.Get("year"); v != "" {
		y, err := strconv.Atoi(v)
		if err != nil || y < 2000 || y > 2100 {
			s.Fail(w, r, errs.Field("year", "năm không hợp lệ", "not a valid year"))
			return
		}
		d.Year = y
	}
	if d.Type != "" && !domain.ActivityType(d.Type).Valid() {
		s.Fail(w, r, errs.Field("type", "loại hoạt động không hợp lệ", "unknown kind of activity"))
		return
	}
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = web.SortUnits(units, web.State(r).Lang)
	f := store.ActivityFilter{Scope: auth.ReadScope(u), From: strconv.Itoa(d.Year) + "-01-01", To: strconv.Itoa(d.Year) + "-12-31",
		Type: domain.ActivityType(d.Type), Search: d.Query}
	if d.Org != "" {
		o, err := s.store.OrgUnit(r.Context(), d.Org)
		if err != nil || !auth.CanRead(u, o) {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		f.OrgPath = o.Path
	}
	if v := q.Get("item"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		it, err := s.store.PlanItem(r.Context(), id)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		f.PlanItemID, d.ItemID, d.ItemName = id, id, it.Heading()
		f.From, f.To = "", ""
	}
	pg := web.ListPage(r, 50)
	if d.Items, d.Totals, err = s.store.Activities(r.Context(), f, pg); err != nil {
		s.Fail(w, r, err)
		return
	}
	if web.Downloading(r) {
		s.SendTable(w, r, "hoat-dong-"+strconv.Itoa(d.Year), activitiesTable(d.Items, web.State(r).Lang))
		return
	}
	d.Pager = web.NewPager(r, pg, d.Totals.Count)
	p := s.NewPage(r, "", "activities")
	p.Title = p.T("Nhật ký hoạt động", "Activity log")
	p.Data = d
	s.Render(w, r, http.StatusOK, "activities", p)
}

type activityPageData struct {
	Activity domain.Activity
	New      bool
	CanEdit  bool
	Units    []domain.OrgUnit
	Items    []domain.Task
	Files    []domain.Attachment
	Types    []domain.ActivityType
	Channels []domain.Option
	Targets  []domain.Option
}

func (s *Handler) activityPage(w http.ResponseWriter, r *http.Request, status int, d activityPageData, ferr error) {
	u := *web.State(r).User
	if d.CanEdit {
		var err error
		if d.Units, err = s.LoggableUnits(r, u); err != nil {
			s.Fail(w, r, err)
			return
		}
		// The plan items of plans in effect that the user's units carry out,
		// and the activity's own item even when its plan is not in effect,
		// so saving the form keeps it.
		if d.Items, err = s.store.Tasks(r.Context(), auth.ReadScope(u), store.TaskFilter{}, 500); err != nil {
			s.Fail(w, r, err)
			return
		}
		if id := d.Activity.PlanItemID; id != 0 && !slices.ContainsFunc(d.Items, func(t domain.Task) bool { return t.Item.ID == id }) {
			if it, err := s.store.PlanItem(r.Context(), id); err == nil {
				if pl, err := s.store.Plan(r.Context(), it.PlanID); err == nil {
					d.Items = append([]domain.Task{{Item: it, Plan: pl}}, d.Items...)
				}
			}
		}
	}
	d.Types, d.Channels, d.Targets = domain.ActivityTypes, domain.Channels, domain.TargetGroups
	p := s.NewPage(r, "", "activities")
	if d.New {
		p.Title = p.T("Ghi nhận hoạt động", "Log an activity")
	} else {
		p.Title = d.Activity.Title
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		p.Form.Values = activityFormValues(d.Activity)
	}
	p.Data = d
	s.Render(w, r, status, "activity", p)
}

// activityFormValues fills the form from an activity.
func activityFormValues(a domain.Activity) map[string][]string {
	n := func(v int) string {
		if v == 0 {
			return ""
		}
		return strconv.Itoa(v)
	}
	v := map[string][]string{"org": {a.OrgCode}, "item": {""}, "type": {string(a.Type)}, "title": {a.Title}, "place": {a.Place},
		"start": {web.DMY(a.Start)}, "end": {""}, "products": {a.Products}, "outcome": {a.Outcome},
		"male_under16": {n(a.Participants.MaleChildren)}, "female_under16": {n(a.Participants.FemaleChildren)},
		"male_adult": {n(a.Participants.MaleAdults)}, "female_adult": {n(a.Participants.FemaleAdults)}, "total": {n(a.Participants.Total)},
		"channels": a.Channels, "targets": a.Targets}
	if a.PlanItemID != 0 {
		v["item"] = []string{strconv.FormatInt(a.PlanItemID, 10)}
	}
	if a.End != "" && a.End != a.Start {
		v["end"] = []string{web.DMY(a.End)}
	}
	if a.Cost != 0 {
		v["cost"] = []string{vntext.FormatInt(a.Cost)}
	}
	return v
}

// activityFromForm reads the activity form.
func activityFromForm(r *http.Request) (domain.Activity, error) {
	f := r.PostForm
	a := domain.Activity{Type: domain.ActivityType(f.Get("type")), Title: f.Get("title"), Place: f.Get("place"), Products: f.Get("products"),
		Outcome: f.Get("outcome"), Channels: f["channels"], Targets: f["targets"]}
	var l errs.List
	if v := f.Get("item"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			l = append(l, errs.Field("item", "mục kế hoạch không hợp lệ", "not a valid plan item"))
		}
		a.PlanItemID = id
	}
	var err error
	if a.Start, err = web.ParseDay(f.Get("start")); err != nil || a.Start == "" {
		l = append(l, errs.Field("start", "nhập ngày, dạng dd/mm/yyyy", "enter the date as dd/mm/yyyy"))
	}
	if a.End, err = web.ParseDay(f.Get("end")); err != nil {
		l = append(l, errs.Field("end", "ngày kết thúc không hợp lệ", "not a valid end date"))
	}
	count := func(name string) int {
		v := strings.TrimSpace(f.Get(name))
		if v == "" {
			return 0
		}
		n, err := vntext.ParseInt(v)
		if err != nil || n < 0 || n > domain.MaxParticipants {
			l = append(l, errs.Field("participants", "số người tham gia phải là số nguyên không âm", "participant counts must be whole and not negative"))
			return 0
		}
		return int(n)
	}
	p := &a.Participants
	p.MaleChildren, p.FemaleChildren = count("male_under16"), count("female_under16")
	p.MaleAdults, p.FemaleAdults, p.Total = count("male_adult"), count("female_adult"), count("total")
	if v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(f.Get("cost")), "đ")); v != "" {
		n, err := vntext.ParseInt(v)
		if err != nil || n < 0 {
			l = append(l, errs.Field("cost", "kinh phí là số tiền, ví dụ 2.500.000", "the cost is an amount, e.g. 2.500.000"))
		}
		a.Cost = n
	}
	return a, l.Err()
}

// handleActivityNew shows the form, filled from a plan item when one is
// named (?item=).
func (s *Handler) handleActivityNew(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if auth.EventWriteScope(u).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	d := activityPageData{New: true, CanEdit: true}
	a := &d.Activity
	a.OrgCode, a.Type, a.Start = u.OrgCode, domain.ActCommunication, s.Today()
	if v := r.URL.Query().Get("item"); v != "" {
		if id, err := strconv.ParseInt(v, 10, 64); err == nil {
			if it, err := s.store.PlanItem(r.Context(), id); err == nil {
				a.PlanItemID, a.Title = it.ID, it.Heading()
				if it.Lead != "" {
					if lead, err := s.store.OrgUnit(r.Context(), it.Lead); err == nil && auth.CanWriteEvents(u, lead.Path) {
						a.OrgCode = lead.Code
					}
				}
			}
		}
	}
	s.activityPage(w, r, http.StatusOK, d, nil)
}

// saveActivity creates or updates an activity from the form.
func (s *Handler) saveActivity(w http.ResponseWriter, r *http.Request, old *domain.Activity) {
	u := *web.State(r).User
	if err := web.ParseMultipart(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	d := activityPageData{New: old == nil, CanEdit: true}
	if old != nil {
		d.Activity = *old
	}
	a, ferr := activityFromForm(r)
	org, oerr := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if oerr != nil || !auth.CanWriteEvents(u, org.Path) {
		ferr = errs.Join(ferr, errs.Field("org", "chọn đơn vị bạn được ghi nhận hoạt động", "choose a unit you may log activities for"))
	}
	files, uerr := web.UploadedFiles(r, "files")
	ferr = errs.Join(ferr, uerr)
	var id int64
	if old != nil {
		id = old.ID
	}
	version, verr := web.EditVersion(r, old != nil)
	ferr = errs.Join(ferr, verr)
	if ferr == nil {
		var saved domain.Activity
		saved, ferr = s.store.SaveActivity(r.Context(), web.State(r).Actor(), id, version, org, a, files)
		if ferr == nil {
			flash := "saved"
			if old == nil {
				flash = "activity_logged"
			}
			web.RedirectFlash(w, r, "/app/activities/"+strconv.FormatInt(saved.ID, 10), flash)
			return
		}
	}
	if old != nil {
		d.Files, _ = s.store.Files(r.Context(), "activity", old.ID)
	}
	s.activityPage(w, r, web.StatusOf(errs.CodeOf(ferr)), d, ferr)
}

func (s *Handler) handleActivityCreate(w http.ResponseWriter, r *http.Request) {
	if auth.EventWriteScope(*web.State(r).User).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	s.saveActivity(w, r, nil)
}

// loadActivity loads an activity the user may read; others get 404.
func (s *Handler) loadActivity(r *http.Request) (domain.Activity, error) {
	return web.Load(r, s.store.Activity, func(u domain.User, a domain.Activity) bool { return auth.ReadScope(u).Reaches(a.OrgPath) })
}

func (s *Handler) handleActivityShow(w http.ResponseWriter, r *http.Request) {
	a, err := s.loadActivity(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := activityPageData{Activity: a, CanEdit: auth.CanWriteEvents(*web.State(r).User, a.OrgPath)}
	if d.Files, err = s.store.Files(r.Context(), "activity", a.ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.activityPage(w, r, http.StatusOK, d, nil)
}

// writableActivity loads an activity the user may change: 404 beyond their
// reach, 403 where they only read it.
func (s *Handler) writableActivity(r *http.Request) (domain.Activity, error) {
	a, err := s.loadActivity(r)
	if err != nil {
		return a, err
	}
	return a, web.Allow(auth.CanWriteEvents(*web.State(r).User, a.OrgPath))
}

func (s *Handler) handleActivityUpdate(w http.ResponseWriter, r *http.Request) {
	a, err := s.writableActivity(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.saveActivity(w, r, &a)
}

func (s *Handler) handleActivityDelete(w http.ResponseWriter, r *http.Request) {
	a, err := s.writableActivity(r)
	if err == nil {
		err = web.DeleteVersion(r, func(ctx context.Context, by domain.Actor, version int) error {
			return s.store.DeleteActivity(ctx, by, a.ID, version)
		})
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/activities", "deleted")
}
