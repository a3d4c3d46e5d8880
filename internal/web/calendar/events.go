package calendar

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Events of the work calendar: add, see, change, cancel, delete.

type eventPageData struct {
	Event   domain.Event
	New     bool
	CanEdit bool
	Units   []domain.OrgUnit // where the user may add events
	Kinds   []domain.EventKind
	OrgCode string
}

// writableUnits lists the units where u may add events.
func (s *Handler) writableUnits(r *http.Request, u domain.User) ([]domain.OrgUnit, error) {
	sc := auth.EventWriteScope(u)
	if sc.Empty() {
		return nil, nil
	}
	units, _, err := s.store.OrgUnits(r.Context(), sc, store.OrgFilter{}, nil)
	return web.SortUnits(units, web.State(r).Lang), err
}

// eventFromForm reads the event form: a date (dd/mm/yyyy) and times
// (HH:MM) in Vietnam's time, or whole days.
func eventFromForm(r *http.Request) (domain.Event, error) {
	e := domain.Event{
		Title: r.PostFormValue("title"), Kind: domain.EventKind(r.PostFormValue("kind")),
		Place: r.PostFormValue("place"), Chair: r.PostFormValue("chair"), Participants: r.PostFormValue("participants"),
		Notes: r.PostFormValue("notes"), Public: r.PostFormValue("public") != "", Cancelled: r.PostFormValue("cancelled") != "",
		AllDay: r.PostFormValue("all_day") != "",
	}
	var l errs.List
	day, err := web.ParseDay(r.PostFormValue("date"))
	switch {
	case err != nil:
		l = append(l, errs.Field("date", "ngày không hợp lệ: ghi dd/mm/yyyy", "not a valid date: write dd/mm/yyyy"))
	case day == "":
		l = append(l, errs.Field("date", "nhập ngày", "enter the date"))
	}
	endDay, err := web.ParseDay(r.PostFormValue("end_date"))
	if err != nil {
		l = append(l, errs.Field("end_date", "ngày kết thúc không hợp lệ: ghi dd/mm/yyyy", "not a valid end date: write dd/mm/yyyy"))
	}
	if endDay == "" {
		endDay = day
	}
	clock := func(field, v, def string) (int, int) {
		v = strings.TrimSpace(v)
		if v == "" {
			v = def
		}
		if v == "" {
			return 0, 0 // no end time: the end of the half day, below
		}
		t, err := time.Parse("15:04", strings.Replace(strings.ReplaceAll(v, "h", ":"), ".", ":", 1))
		if err != nil {
			if t2, err2 := time.Parse("15:", strings.ReplaceAll(v, "h", ":")); err2 == nil {
				return t2.Hour(), 0
			}
			l = append(l, errs.Field(field, "giờ không hợp lệ: ghi dạng 08:00 hoặc 14h30", "not a valid time: write 08:00 or 14h30"))
			return 0, 0
		}
		return t.Hour(), t.Minute()
	}
	sh, sm := clock("start_time", r.PostFormValue("start_time"), "08:00")
	eh, em := clock("end_time", r.PostFormValue("end_time"), "")
	if err := l.Err(); err != nil {
		return e, err
	}
	d, _ := time.Parse(time.DateOnly, day)
	ed, _ := time.Parse(time.DateOnly, endDay)
	loc := vntext.Location
	if e.AllDay {
		e.Start = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		e.End = time.Date(ed.Year(), ed.Month(), ed.Day(), 0, 0, 0, 0, loc)
		return e, nil
	}
	e.Start = time.Date(d.Year(), d.Month(), d.Day(), sh, sm, 0, 0, loc)
	if strings.TrimSpace(r.PostFormValue("end_time")) == "" {
		// Without an end time a morning meeting lasts the morning, an
		// afternoon one the afternoon.
		eh, em = 11, 30
		if sh >= 12 {
			eh, em = 17, 0
		}
		if sh >= 17 || sh == 11 && sm > 30 {
			eh, em = sh+1, sm
			if eh > 23 {
				eh, em = 23, 59
			}
		}
	}
	e.End = time.Date(ed.Year(), ed.Month(), ed.Day(), eh, em, 0, 0, loc)
	return e, nil
}

// checkEvent validates an event read from a form, keeping the form's own
// problems (a date that could not be read) and adding the others, so the
// form shows every problem at once.
func checkEvent(e *domain.Event, formErr error) error {
	var l errs.List
	for _, fe := range errs.Fields(e.Validate()) {
		// The form asks for a date and times, not instants.
		switch fe.Field {
		case "start", "end":
			if formErr != nil {
				continue
			}
			c := *fe
			c.Field = map[string]string{"start": "date", "end": "end_time"}[fe.Field]
			if e.AllDay && fe.Field == "end" {
				c.Field = "end_date"
			}
			fe = &c
		}
		l = append(l, fe)
	}
	return errs.Join(formErr, l.Err())
}

func (s *Handler) eventPage(w http.ResponseWriter, r *http.Request, status int, d eventPageData, ferr error) {
	p := s.NewPage(r, "", "calendar")
	if d.New {
		p.Title = p.T("Thêm lịch công tác", "Add an event")
	} else {
		p.Title = d.Event.Title
	}
	d.Kinds = domain.EventKinds
	if ferr != nil {
		p.Refuse(r, ferr)
	} else {
		p.Form.Values = eventFormValues(d.Event, d.OrgCode)
	}
	p.Data = d
	s.Render(w, r, status, "event", p)
}

// eventFormValues fills the form from an event.
func eventFormValues(e domain.Event, org string) map[string][]string {
	v := map[string][]string{"org": {org}, "title": {e.Title}, "kind": {string(e.Kind)}, "place": {e.Place}, "chair": {e.Chair},
		"participants": {e.Participants}, "notes": {e.Notes}}
	if !e.Start.IsZero() {
		s := e.Start.In(vntext.Location)
		v["date"] = []string{vntext.FormatDate(s)}
		if !e.AllDay {
			v["start_time"] = []string{s.Format("15:04")}
		}
	}
	if !e.End.IsZero() {
		s, en := e.Start.In(vntext.Location), e.End.In(vntext.Location)
		if e.AllDay || en.YearDay() != s.YearDay() || en.Year() != s.Year() {
			v["end_date"] = []string{vntext.FormatDate(en)}
		}
		if !e.AllDay {
			v["end_time"] = []string{en.Format("15:04")}
		}
	}
	for k, on := range map[string]bool{"all_day": e.AllDay, "public": e.Public, "cancelled": e.Cancelled} {
		if on {
			v[k] = []string{"on"}
		}
	}
	return v
}

// handleEventNew shows the form for a new event.
func (s *Handler) handleEventNew(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	units, err := s.writableUnits(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if len(units) == 0 {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	d := eventPageData{New: true, CanEdit: true, Units: units, OrgCode: r.URL.Query().Get("org")}
	if d.OrgCode == "" {
		d.OrgCode = u.OrgCode
	}
	if day, err := web.ParseDay(r.URL.Query().Get("date")); err == nil && day != "" {
		t, _ := time.Parse(time.DateOnly, day)
		// Only the day: an end time left empty ends with the half day.
		d.Event.Start = time.Date(t.Year(), t.Month(), t.Day(), 8, 0, 0, 0, vntext.Location)
	}
	d.Event.Kind = domain.EventMeeting
	s.eventPage(w, r, http.StatusOK, d, nil)
}

// handleEventCreate adds an event to a unit the user may write for.
func (s *Handler) handleEventCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	units, err := s.writableUnits(r, u)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := eventPageData{New: true, CanEdit: true, Units: units}
	if len(units) == 0 {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	e, ferr := eventFromForm(r)
	org, oerr := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if oerr != nil || !auth.CanWriteEvents(u, org.Path) {
		oerr = errs.Field("org", "chọn đơn vị bạn được thêm lịch", "choose a unit you may add events for")
		ferr = errs.Join(ferr, oerr)
	}
	ferr = checkEvent(&e, ferr)
	if ferr != nil {
		s.eventPage(w, r, web.StatusOf(errs.CodeOf(ferr)), d, ferr)
		return
	}
	saved, err := s.store.CreateEvent(r.Context(), web.State(r).Actor(), org, e)
	if err != nil {
		s.eventPage(w, r, web.StatusOf(errs.CodeOf(err)), d, err)
		return
	}
	web.RedirectFlash(w, r, "/app/calendar?week="+saved.Start.In(vntext.Location).Format(time.DateOnly)+"&org="+org.Code+"#d-"+
		saved.Start.In(vntext.Location).Format(time.DateOnly), "event_created")
}

// loadEvent loads an event the user may read; others get 404.
func (s *Handler) loadEvent(r *http.Request) (domain.Event, error) {
	return web.Load(r, s.store.Event, func(u domain.User, e domain.Event) bool { return auth.CanReadCalendar(u, e.OrgPath) })
}

// handleEventShow shows an event, with the form to change it for those who
// may.
func (s *Handler) handleEventShow(w http.ResponseWriter, r *http.Request) {
	e, err := s.loadEvent(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.eventPage(w, r, http.StatusOK, eventPageData{Event: e, OrgCode: e.OrgCode, CanEdit: auth.CanWriteEvents(*web.State(r).User, e.OrgPath)}, nil)
}

// handleEventUpdate changes (or cancels) an event.
// writableEvent loads an event the user may change: 404 beyond their
// reach, 403 where they only read it.
func (s *Handler) writableEvent(r *http.Request) (domain.Event, error) {
	e, err := s.loadEvent(r)
	if err != nil {
		return e, err
	}
	return e, web.Allow(auth.CanWriteEvents(*web.State(r).User, e.OrgPath))
}

func (s *Handler) handleEventUpdate(w http.ResponseWriter, r *http.Request) {
	old, err := s.writableEvent(r)
	if err = web.ThenForm(r, err); err != nil {
		s.Fail(w, r, err)
		return
	}
	d := eventPageData{Event: old, OrgCode: old.OrgCode, CanEdit: true}
	version, verr := web.FormInt(r, "version")
	e, ferr := eventFromForm(r)
	ferr = errs.Join(checkEvent(&e, ferr), verr)
	if ferr == nil {
		_, ferr = s.store.UpdateEvent(r.Context(), web.State(r).Actor(), old.ID, version, e)
	}
	if ferr != nil {
		s.eventPage(w, r, web.StatusOf(errs.CodeOf(ferr)), d, ferr)
		return
	}
	web.RedirectFlash(w, r, "/app/events/"+strconv.FormatInt(old.ID, 10), "saved")
}

// handleEventDelete removes an event entered by mistake.
func (s *Handler) handleEventDelete(w http.ResponseWriter, r *http.Request) {
	old, err := s.writableEvent(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	err = web.DeleteVersion(r, func(ctx context.Context, by domain.Actor, version int) error {
		return s.store.DeleteEvent(ctx, by, old.ID, version)
	})
	if err != nil {
		s.eventPage(w, r, web.StatusOf(errs.CodeOf(err)), eventPageData{Event: old, OrgCode: old.OrgCode, CanEdit: true}, err)
		return
	}
	web.RedirectFlash(w, r, "/app/calendar?week="+old.Start.In(vntext.Location).Format(time.DateOnly)+"&org="+old.OrgCode, "deleted")
}
