package calendar

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/agenda"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/lunar"
	"tebdg/internal/observance"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// Observance days and action months: the year's list with lunar dates and
// preparation days, and the local observances coordinators add. A local
// observance is kept by the coordinators over the unit that proposed it;
// one for the whole province, and the national ones' preparation days, by
// the province's coordinators (and admins).

type observanceRow struct {
	Event     observance.Event
	Lunar     string // "15/8 âm lịch, năm Bính Ngọ"
	Weekday   string
	Prep      int
	PrepStart time.Time
	Local     bool
	Days      int  // of a range
	CanPrep   bool // the user sets its preparation days
}

type observancesData struct {
	Year      int
	Rows      []observanceRow
	Local     []domain.LocalObservance
	CanEdit   bool           // the user keeps some local observances
	CanShared bool           // and those of the whole province
	Mine      map[int64]bool // the local observances the user may change
	Units     []domain.OrgUnit
	Edit      *domain.LocalObservance
	// Plan is the year's plan in effect of a unit the user plans for:
	// each observance links to the plan for it drafted from that plan.
	Plan *domain.PlanSummary
}

// observanceOwner is the path and name of whoever keeps the observance
// with the given code: its unit for a local one, the province (SharedOwner)
// for a national one or one of the whole province.
func observanceOwner(local []domain.LocalObservance, code string) (path, name string) {
	for _, lo := range local {
		if lo.Rule.Code == code {
			return lo.OrgPath, lo.OrgName
		}
	}
	return auth.SharedOwner, ""
}

func (s *Handler) observancesPage(w http.ResponseWriter, r *http.Request, status int, year int, ferr error) {
	ctx := r.Context()
	u := *web.State(r).User
	rules, err := s.store.ObservanceRules(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	set, err := s.store.ObservancePrep(ctx)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	prep := agenda.PrepDays(rules, set)
	local := map[string]bool{}
	for _, r := range rules {
		local[r.Code] = r.Local
	}
	d := observancesData{Year: year, CanEdit: auth.CanEditCatalogue(u), CanShared: web.CanEditShared(u), Mine: map[int64]bool{}}
	if d.CanEdit {
		if d.Local, err = s.store.LocalObservances(ctx, false); err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, lo := range d.Local {
			d.Mine[lo.ID] = auth.CanEditCatalogueOf(u, lo.OrgPath)
		}
		units, _, err := s.store.OrgUnits(ctx, auth.CatalogueScope(u), store.OrgFilter{}, nil)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		d.Units = web.SortUnits(units, web.State(r).Lang)
	}
	if !auth.OrgWriteScope(u).Empty() {
		sc, anc := auth.PlanReadScope(u)
		plans, _, err := s.store.Plans(ctx, sc, store.PlanFilter{Ancestors: anc, Year: year}, store.Page{Limit: 50})
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for i := range plans {
			if plans[i].Status.InEffect() && auth.CanEditPlan(u, plans[i].Plan) {
				d.Plan = &plans[i]
				break
			}
		}
	}
	for _, ev := range observance.Year(rules, year) {
		row := observanceRow{Event: ev, Weekday: weekdaysVI[ev.Start.Weekday()], Prep: prep[ev.Code], Local: local[ev.Code],
			Days: int(ev.End.Sub(ev.Start).Hours()/24) + 1}
		if d.CanEdit {
			owner, _ := observanceOwner(d.Local, ev.Code)
			row.CanPrep = auth.CanEditCatalogueOf(u, owner)
		}
		if row.Prep > 0 {
			row.PrepStart = ev.Start.AddDate(0, 0, -row.Prep)
		}
		if ev.Lunar {
			if ld, err := lunar.FromSolar(ev.Start); err == nil {
				row.Lunar = strconv.Itoa(ld.Day) + "/" + strconv.Itoa(ld.Month) + " âm lịch, năm " + lunar.YearName(ld.Year)
			}
		}
		d.Rows = append(d.Rows, row)
	}
	p := s.NewPage(r, "", "calendar")
	p.Title = p.Tf("Ngày lễ, ngày kỷ niệm và tháng hành động năm %d", "Observances in %d", year)
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "observances", p)
}

func (s *Handler) yearParam(r *http.Request) (int, error) {
	v := r.URL.Query().Get("year")
	if v == "" {
		return agenda.Today(s.Now()).Year(), nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 1901 || y > 2099 {
		return 0, errs.Field("year", "năm phải từ 1901 đến 2099", "the year must be 1901 to 2099")
	}
	return y, nil
}

// handleObservances lists a year's observances.
func (s *Handler) handleObservances(w http.ResponseWriter, r *http.Request) {
	year, err := s.yearParam(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.observancesPage(w, r, http.StatusOK, year, nil)
}

// observanceForm reads the form of someone who keeps the observance list,
// with the year it was sent from (this year when none is valid).
func (s *Handler) observanceForm(r *http.Request) (domain.User, int, error) {
	u := *web.State(r).User
	if err := web.Allow(auth.CanEditCatalogue(u)); err != nil {
		return u, 0, err
	}
	if err := web.ParseForm(r); err != nil {
		return u, 0, err
	}
	year, _ := strconv.Atoi(r.PostFormValue("year"))
	if year < 1901 || year > 2099 {
		year = agenda.Today(s.Now()).Year()
	}
	return u, year, nil
}

// handleObservanceSave adds or changes a local observance.
func (s *Handler) handleObservanceSave(w http.ResponseWriter, r *http.Request) {
	u, year, err := s.observanceForm(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var id int64
	var version int
	if v := r.PostFormValue("id"); v != "" {
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		if version, err = web.FormInt(r, "version"); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	var org *domain.OrgUnit
	if id != 0 {
		// A change keeps the observance's owner, who must be in reach.
		old, err := s.store.LocalObservance(r.Context(), id)
		if err == nil {
			err = web.MayEditCatalogue(u, old.OrgPath, old.OrgName)
		}
		if err != nil {
			s.Fail(w, r, err)
			return
		}
	} else if code := r.PostFormValue("org"); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) {
			s.observancesPage(w, r, http.StatusBadRequest, year, errs.Field("org", "đơn vị không hợp lệ", "unknown unit"))
			return
		}
		if err := web.MayEditCatalogue(u, o.Path, o.Name); err != nil {
			s.Fail(w, r, err)
			return
		}
		org = &o
	} else if err := web.MayEditCatalogue(u, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	programme := r.PostFormValue("programme")
	if programme != "" && programme != string(domain.ProgrammeChildren) && programme != string(domain.ProgrammeGender) {
		s.observancesPage(w, r, http.StatusBadRequest, year, errs.Field("programme", "lĩnh vực không hợp lệ", "unknown programme"))
		return
	}
	code := strings.ToLower(strings.TrimSpace(r.PostFormValue("code")))
	_, err = s.store.SaveObservance(r.Context(), web.State(r).Actor(), id, version, code, r.PostFormValue("name"), r.PostFormValue("name_en"),
		r.PostFormValue("spec"), programme, org, id == 0 || r.PostFormValue("active") != "")
	if err == nil && r.PostFormValue("prep") != "" {
		days, perr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("prep")))
		if perr != nil {
			err = errs.Field("prep", "số ngày chuẩn bị là một số", "preparation days is a number")
		} else {
			err = s.store.SetObservancePrep(r.Context(), web.State(r).Actor(), code, days)
		}
	}
	if err != nil {
		s.observancesPage(w, r, web.StatusOf(errs.CodeOf(err)), year, err)
		return
	}
	web.RedirectFlash(w, r, "/app/observances?year="+strconv.Itoa(year), "saved")
}

// handleObservancePrep sets how long before an observance preparation
// starts.
func (s *Handler) handleObservancePrep(w http.ResponseWriter, r *http.Request) {
	u, year, err := s.observanceForm(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	code := r.PostFormValue("code")
	rules, err := s.store.ObservanceRules(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	known := false
	for _, ru := range rules {
		known = known || ru.Code == code
	}
	if !known {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	// The national observances' preparation reminds everyone: the
	// province's to set. A local one's is its unit's.
	local, err := s.store.LocalObservances(r.Context(), false)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	owner, ownerName := observanceOwner(local, code)
	if err := web.MayEditCatalogue(u, owner, ownerName); err != nil {
		s.Fail(w, r, err)
		return
	}
	days, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days")))
	if err != nil {
		err = errs.Field("days", "số ngày chuẩn bị là một số từ 0 đến 366", "preparation days is a number from 0 to 366")
	} else {
		err = s.store.SetObservancePrep(r.Context(), web.State(r).Actor(), code, days)
	}
	if err != nil {
		s.observancesPage(w, r, web.StatusOf(errs.CodeOf(err)), year, err)
		return
	}
	web.RedirectFlash(w, r, "/app/observances?year="+strconv.Itoa(year)+"#o-"+code, "saved")
}
