package plans

import (
	"net/http"
	"strconv"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The activity log over the JSON API: GET lists what the caller reaches,
// POST logs an activity for a unit whose data the caller enters.

func (s *Handler) handleAPIActivityList(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	q := r.URL.Query()
	f := store.ActivityFilter{Scope: auth.ReadScope(u), Type: domain.ActivityType(q.Get("type")), Search: web.TrimTo(q.Get("q"), 200)}
	var err error
	if f.From, err = web.ParseDay(q.Get("from")); err != nil {
		s.Fail(w, r, errs.Field("from", "ngày không hợp lệ", "not a valid date"))
		return
	}
	if f.To, err = web.ParseDay(q.Get("to")); err != nil {
		s.Fail(w, r, errs.Field("to", "ngày không hợp lệ", "not a valid date"))
		return
	}
	if f.Type != "" && !f.Type.Valid() {
		s.Fail(w, r, errs.Field("type", "loại hoạt động không hợp lệ", "unknown kind of activity"))
		return
	}
	if code := q.Get("org"); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) {
			s.Fail(w, r, errs.Fieldf("org", "không có đơn vị mã %s trong phạm vi của bạn", "no unit %s in your reach", code))
			return
		}
		f.OrgPath = o.Path
	}
	if v := q.Get("plan_item"); v != "" {
		if f.PlanItemID, err = strconv.ParseInt(v, 10, 64); err != nil {
			s.Fail(w, r, errs.Field("plan_item", "mục kế hoạch không hợp lệ", "not a valid plan item"))
			return
		}
	}
	pg := web.PageOf(r, 50)
	items, tot, err := s.store.Activities(r.Context(), f, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(items, tot.Count))
}

// activityInput is an activity as a client sends it.
type activityInput struct {
	Org          string              `json:"org"`
	PlanItem     int64               `json:"plan_item"`
	Type         domain.ActivityType `json:"type"`
	Title        string              `json:"title"`
	Start        string              `json:"start"`
	End          string              `json:"end"`
	Place        string              `json:"place"`
	Channels     []string            `json:"channels"`
	Targets      []string            `json:"target_groups"`
	Participants domain.Participants `json:"participants"`
	Products     string              `json:"products"`
	Cost         int64               `json:"cost_vnd"`
	Outcome      string              `json:"outcome"`
}

func (s *Handler) handleAPIActivityCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	var in activityInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	org, err := s.store.OrgUnit(r.Context(), in.Org)
	if err != nil || !auth.CanWriteEvents(u, org.Path) {
		s.Fail(w, r, errs.Fieldf("org", "bạn không ghi nhận hoạt động cho đơn vị %q", "you do not log activities for %q", in.Org))
		return
	}
	a := domain.Activity{PlanItemID: in.PlanItem, Type: in.Type, Title: in.Title, Start: in.Start, End: in.End, Place: in.Place,
		Channels: in.Channels, Targets: in.Targets, Participants: in.Participants, Products: in.Products, Cost: in.Cost, Outcome: in.Outcome}
	saved, err := s.store.SaveActivity(r.Context(), web.State(r).Actor(), 0, 0, org, a, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, saved)
}
