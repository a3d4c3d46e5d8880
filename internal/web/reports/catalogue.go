package reports

import (
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The indicator catalogue, categories, report templates and the holiday
// table: read by everyone, kept by the coordinators of the unit that owns
// an entry (the province for indicators, categories and holidays, which
// every unit shares) and by admins; see auth.CanEditCatalogueOf.

type indicatorListData struct {
	Indicators []domain.Indicator
	Programme  string
	Query      string
	CanEdit    bool
}

func (s *Handler) handleIndicatorList(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "", "indicators")
	p.Title = p.T("Chỉ số", "Indicators")
	q := r.URL.Query()
	d := indicatorListData{Programme: q.Get("programme"), Query: web.TrimTo(q.Get("q"), 200), CanEdit: web.CanEditShared(*web.State(r).User)}
	inds, err := s.store.Indicators(r.Context(), store.IndicatorFilter{Programme: domain.Programme(d.Programme), Search: d.Query})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Indicators = inds
	p.Data = d
	s.Render(w, r, http.StatusOK, "indicators", p)
}

type indicatorPageData struct {
	Indicator    domain.Indicator
	New          bool
	CanEdit      bool
	Categories   []domain.Category
	All          []domain.Indicator
	Types        []domain.ValueType
	Aggregations []domain.Aggregation
	Programmes   []domain.Programme
	Chosen       map[string]bool
	Metrics      []domain.Metric
	Kinds        []domain.Option // every kind a record source can be filtered by
	SourceTypes  map[string]bool
}

func (s *Handler) indicatorPage(w http.ResponseWriter, r *http.Request, status int, d indicatorPageData, err error) {
	p := s.newPage(r, "", "indicators")
	p.Title = d.Indicator.DisplayName(p.Lang)
	if d.New {
		p.Title = p.T("Thêm chỉ số", "New indicator")
	}
	var lerr error
	if d.Categories, lerr = s.store.Categories(r.Context()); lerr == nil {
		d.All, lerr = s.store.Indicators(r.Context(), store.IndicatorFilter{})
	}
	if lerr != nil {
		s.Fail(w, r, lerr)
		return
	}
	d.Types, d.Aggregations, d.Programmes = domain.ValueTypes, domain.Aggregations, append([]domain.Programme{""}, domain.Programmes...)
	d.CanEdit = web.CanEditShared(*web.State(r).User)
	d.Chosen = map[string]bool{}
	d.Metrics = domain.Metrics()
	seen := map[string]bool{}
	for _, m := range d.Metrics {
		for _, k := range domain.MetricKinds(m.Code) {
			if !seen[k.Code] {
				seen[k.Code] = true
				d.Kinds = append(d.Kinds, k)
			}
		}
	}
	d.SourceTypes = map[string]bool{}
	ind := d.Indicator
	if err != nil {
		p.Refuse(r, err)
		for _, c := range r.PostForm["categories"] {
			d.Chosen[c] = true
		}
		for _, c := range r.PostForm["source_types"] {
			d.SourceTypes[c] = true
		}
	} else {
		if src, ok, _ := domain.ParseSource(ind.Source); ok {
			p.Form.Values.Set("source", src.Metric)
			for _, t := range src.Types {
				d.SourceTypes[t] = true
			}
		}
		for k, v := range map[string]string{"code": ind.Code, "name": ind.Name, "name_en": ind.NameEN, "definition": ind.Definition,
			"unit": ind.Unit, "value_type": string(ind.ValueType), "programme": string(ind.Programme), "aggregation": string(ind.Aggregation),
			"numerator": ind.Numerator, "denominator": ind.Denominator, "lte": ind.LTE, "factor": fmtFloat(ind.Factor)} {
			p.Form.Values.Set(k, v)
		}
		if ind.Min != nil {
			p.Form.Values.Set("min", fmtFloat(*ind.Min))
		}
		if ind.Max != nil {
			p.Form.Values.Set("max", fmtFloat(*ind.Max))
		}
		if ind.Active || d.New {
			p.Form.Values.Set("active", "1")
		}
		for _, c := range ind.Categories {
			d.Chosen[c] = true
		}
	}
	p.Data = d
	s.Render(w, r, status, "indicator", p)
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

func (s *Handler) handleIndicatorShow(w http.ResponseWriter, r *http.Request) {
	ind, err := s.store.Indicator(r.Context(), r.PathValue("code"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.indicatorPage(w, r, http.StatusOK, indicatorPageData{Indicator: ind}, nil)
}

func (s *Handler) handleIndicatorNew(w http.ResponseWriter, r *http.Request) {
	if err := web.MayEditCatalogue(*web.State(r).User, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.indicatorPage(w, r, http.StatusOK, indicatorPageData{New: true, Indicator: domain.Indicator{ValueType: domain.TypeInteger,
		Aggregation: domain.AggSum, Factor: 1, Active: true}}, nil)
}

func indicatorFromForm(r *http.Request) (domain.Indicator, error) {
	ind := domain.Indicator{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
		Definition: r.PostFormValue("definition"), Unit: r.PostFormValue("unit"), ValueType: domain.ValueType(r.PostFormValue("value_type")),
		Programme: domain.Programme(r.PostFormValue("programme")), Aggregation: domain.Aggregation(r.PostFormValue("aggregation")),
		Numerator: r.PostFormValue("numerator"), Denominator: r.PostFormValue("denominator"), LTE: r.PostFormValue("lte"),
		Categories: r.PostForm["categories"], Active: r.PostFormValue("active") != "", Factor: 1, Source: domain.SourceEntered}
	if m := r.PostFormValue("source"); m != "" && m != domain.SourceEntered {
		ind.Source = domain.RecordSource{Metric: m, Types: r.PostForm["source_types"]}.String()
	}
	var l errs.List
	num := func(field string) *float64 {
		v := strings.TrimSpace(r.PostFormValue(field))
		if v == "" {
			return nil
		}
		f, err := web.ParseNumber(v)
		if err != nil {
			l = append(l, errs.Field(field, "không phải là số", "not a number"))
			return nil
		}
		return &f
	}
	ind.Min, ind.Max = num("min"), num("max")
	if f := num("factor"); f != nil {
		ind.Factor = *f
	}
	return ind, l.Err()
}

func (s *Handler) handleIndicatorSave(w http.ResponseWriter, r *http.Request) {
	if err := web.MayEditCatalogue(*web.State(r).User, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	code := r.PathValue("code")
	isNew := code == ""
	var version int
	err := web.ParseForm(r)
	if err == nil && !isNew {
		version, err = web.FormInt(r, "version")
	}
	var ind domain.Indicator
	if err == nil {
		if ind, err = indicatorFromForm(r); err == nil {
			if !isNew {
				ind.Code = code
			}
			ind, err = s.store.SaveIndicator(r.Context(), web.State(r).Actor(), ind, version)
		}
	}
	if err != nil {
		old := domain.Indicator{Code: code}
		if !isNew {
			if o, lerr := s.store.Indicator(r.Context(), code); lerr == nil {
				old = o
			}
		}
		s.indicatorPage(w, r, web.StatusOf(errs.CodeOf(err)), indicatorPageData{Indicator: old, New: isNew}, err)
		return
	}
	web.RedirectFlash(w, r, "/app/indicators/"+ind.Code, "saved")
}

type categoriesData struct {
	Categories []domain.Category
	CanEdit    bool
	Editing    string
}

// optionLines shows a category's options one per line, "code | Tên | Name".
func optionLines(c domain.Category) string {
	var b strings.Builder
	for _, o := range c.Options {
		b.WriteString(o.Code + " | " + o.Name + " | " + o.NameEN + "\n")
	}
	return b.String()
}

func parseOptionLines(s string) []domain.CategoryOption {
	var out []domain.CategoryOption
	for _, line := range web.Lines(s) {
		parts := strings.Split(line, "|")
		for len(parts) < 3 {
			parts = append(parts, "")
		}
		out = append(out, domain.CategoryOption{Code: strings.TrimSpace(parts[0]), Name: strings.TrimSpace(parts[1]), NameEN: strings.TrimSpace(parts[2])})
	}
	return out
}

// OptionLines is for the categories template.
func (p *page) OptionLines(c domain.Category) string { return optionLines(c) }

func (s *Handler) categoriesPage(w http.ResponseWriter, r *http.Request, status int, editing string, err error) {
	p := s.newPage(r, "", "indicators")
	p.Title = p.T("Nhóm phân tổ", "Categories")
	cats, lerr := s.store.Categories(r.Context())
	if lerr != nil {
		s.Fail(w, r, lerr)
		return
	}
	if err != nil {
		p.Refuse(r, err)
	}
	p.Data = categoriesData{Categories: cats, CanEdit: web.CanEditShared(*web.State(r).User), Editing: editing}
	s.Render(w, r, status, "categories", p)
}

func (s *Handler) handleCategories(w http.ResponseWriter, r *http.Request) {
	s.categoriesPage(w, r, http.StatusOK, "", nil)
}

func (s *Handler) handleCategorySave(w http.ResponseWriter, r *http.Request) {
	if err := web.MayEditCatalogue(*web.State(r).User, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	err := web.ParseForm(r)
	code := r.PostFormValue("code")
	if err == nil {
		version, _ := strconv.Atoi(r.PostFormValue("version"))
		c := domain.Category{Code: code, Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
			Options: parseOptionLines(r.PostFormValue("options"))}
		_, err = s.store.SaveCategory(r.Context(), web.State(r).Actor(), c, version)
	}
	if err != nil {
		s.categoriesPage(w, r, web.StatusOf(errs.CodeOf(err)), code, err)
		return
	}
	web.RedirectFlash(w, r, "/app/categories", "saved")
}

type templateListData struct {
	Templates []domain.Template
	CanEdit   bool
}

func (s *Handler) handleTemplateList(w http.ResponseWriter, r *http.Request) {
	p := s.newPage(r, "", "templates")
	p.Title = p.T("Mẫu báo cáo", "Report templates")
	ts, err := s.store.Templates(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Data = templateListData{Templates: ts, CanEdit: auth.CanEditCatalogue(*web.State(r).User)}
	s.Render(w, r, http.StatusOK, "templates", p)
}

type templatePageData struct {
	Template    domain.Template
	New         bool
	CanEdit     bool
	Indicators  []domain.Indicator
	Units       []domain.OrgUnit
	Kinds       []domain.OrgKind
	PeriodTypes []period.Type
	Programmes  []domain.Programme
	Chosen      map[string]bool
	Kind        map[string]bool
	Named       map[string]bool
}

func (s *Handler) templatePage(w http.ResponseWriter, r *http.Request, status int, d templatePageData, err error) {
	p := s.newPage(r, "", "templates")
	p.Title = d.Template.DisplayName(p.Lang)
	if d.New {
		p.Title = p.T("Thêm mẫu báo cáo", "New report template")
	}
	u := *web.State(r).User
	// A new template may be for any unit u coordinates; an existing one
	// is changed by the coordinators over the unit that asks for it.
	if d.New {
		d.CanEdit = auth.CanEditCatalogue(u)
	} else {
		d.CanEdit = auth.CanEditCatalogueOf(u, d.Template.OrgPath)
	}
	var lerr error
	if d.Indicators, lerr = s.store.Indicators(r.Context(), store.IndicatorFilter{}); lerr == nil && d.CanEdit {
		var units []domain.OrgUnit
		units, _, lerr = s.store.OrgUnits(r.Context(), auth.CatalogueScope(u), store.OrgFilter{}, nil)
		d.Units = web.SortUnits(units, p.Lang)
	}
	if lerr != nil {
		s.Fail(w, r, lerr)
		return
	}
	d.Kinds, d.PeriodTypes = domain.OrgKinds, period.Types
	d.Programmes = append([]domain.Programme{""}, domain.Programmes...)
	d.Chosen, d.Kind, d.Named = map[string]bool{}, map[string]bool{}, map[string]bool{}
	t := d.Template
	if err != nil {
		p.Refuse(r, err)
		t.Indicators, t.ReporterOrgs = r.PostForm["indicators"], r.PostForm["reporter_orgs"]
		t.ReporterKinds = nil
		for _, k := range r.PostForm["reporter_kinds"] {
			t.ReporterKinds = append(t.ReporterKinds, domain.OrgKind(k))
		}
	} else {
		for k, v := range map[string]string{"code": t.Code, "name": t.Name, "name_en": t.NameEN, "programme": string(t.Programme),
			"org": t.OrgCode, "period_type": t.PeriodType, "period_rule": t.PeriodRule, "deadline_days": strconv.Itoa(t.DeadlineDays),
			"sections": strings.Join(t.Sections, "\n")} {
			p.Form.Values.Set(k, v)
		}
		if t.Active || d.New {
			p.Form.Values.Set("active", "1")
		}
	}
	for _, c := range t.Indicators {
		d.Chosen[c] = true
	}
	for _, k := range t.ReporterKinds {
		d.Kind[string(k)] = true
	}
	for _, c := range t.ReporterOrgs {
		d.Named[c] = true
	}
	p.Data = d
	s.Render(w, r, status, "template", p)
}

func (s *Handler) handleTemplateShow(w http.ResponseWriter, r *http.Request) {
	t, err := s.store.Template(r.Context(), r.PathValue("code"))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.templatePage(w, r, http.StatusOK, templatePageData{Template: t}, nil)
}

func (s *Handler) handleTemplateNew(w http.ResponseWriter, r *http.Request) {
	if !auth.CanEditCatalogue(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	s.templatePage(w, r, http.StatusOK, templatePageData{New: true, Template: domain.Template{PeriodType: string(period.Quarterly),
		PeriodRule: string(period.Decree09), DeadlineDays: 2, Active: true, ReporterKinds: []domain.OrgKind{domain.KindAgency},
		Sections: []string{"Kết quả đạt được", "Tồn tại, hạn chế", "Phương hướng, nhiệm vụ"}}}, nil)
}

func (s *Handler) handleTemplateSave(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if !auth.CanEditCatalogue(u) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	code := r.PathValue("code")
	isNew := code == ""
	if !isNew {
		old, err := s.store.Template(r.Context(), code)
		if err == nil {
			err = web.MayEditCatalogue(u, old.OrgPath, old.OrgName)
		}
		if err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	var version int
	err := web.ParseForm(r)
	if err == nil && !isNew {
		version, err = web.FormInt(r, "version")
	}
	var t domain.Template
	if err == nil {
		days, derr := strconv.Atoi(strings.TrimSpace(r.PostFormValue("deadline_days")))
		if derr != nil {
			err = errs.Field("deadline_days", "hạn gửi là số ngày làm việc", "the deadline is a number of working days")
		}
		t = domain.Template{Code: r.PostFormValue("code"), Name: r.PostFormValue("name"), NameEN: r.PostFormValue("name_en"),
			Programme: domain.Programme(r.PostFormValue("programme")), OrgCode: r.PostFormValue("org"),
			PeriodType: r.PostFormValue("period_type"), PeriodRule: r.PostFormValue("period_rule"), DeadlineDays: days,
			Sections: web.Lines(r.PostFormValue("sections")), Indicators: r.PostForm["indicators"], ReporterOrgs: r.PostForm["reporter_orgs"],
			Active: r.PostFormValue("active") != ""}
		for _, k := range r.PostForm["reporter_kinds"] {
			t.ReporterKinds = append(t.ReporterKinds, domain.OrgKind(k))
		}
		if !isNew {
			t.Code = code
		}
		if err == nil {
			org, oerr := s.store.OrgUnit(r.Context(), t.OrgCode)
			if oerr != nil || !auth.CanRead(u, org) {
				err = errs.Field("org", "chọn đơn vị giao báo cáo", "choose the unit that asks for the report")
			} else if ferr := web.MayEditCatalogue(u, org.Path, org.Name); ferr != nil {
				// The unit asking for a template is its owner: nobody
				// makes one for, or moves one to, a unit beyond their
				// own coordination.
				s.Fail(w, r, ferr)
				return
			}
		}
		if err == nil {
			t, err = s.store.SaveTemplate(r.Context(), web.State(r).Actor(), t, version)
		}
	}
	if err != nil {
		old := domain.Template{Code: code}
		if !isNew {
			if o, lerr := s.store.Template(r.Context(), code); lerr == nil {
				old = o
			}
		}
		s.templatePage(w, r, web.StatusOf(errs.CodeOf(err)), templatePageData{Template: old, New: isNew}, err)
		return
	}
	web.RedirectFlash(w, r, "/app/templates/"+t.Code, "saved")
}

type holidaysData struct {
	Holidays []domain.Holiday
	Year     int
	CanEdit  bool
}

func (s *Handler) holidaysPage(w http.ResponseWriter, r *http.Request, status int, err error) {
	p := s.newPage(r, "", "templates")
	p.Title = p.T("Ngày nghỉ lễ", "Holidays")
	year, _ := strconv.Atoi(r.URL.Query().Get("year"))
	if year < 2000 || year > 2100 {
		year, _ = strconv.Atoi(s.Today()[:4])
	}
	hs, lerr := s.store.Holidays(r.Context(), year)
	if lerr != nil {
		s.Fail(w, r, lerr)
		return
	}
	if err != nil {
		p.Refuse(r, err)
	}
	p.Data = holidaysData{Holidays: hs, Year: year, CanEdit: web.CanEditShared(*web.State(r).User)}
	s.Render(w, r, status, "holidays", p)
}

func (s *Handler) handleHolidays(w http.ResponseWriter, r *http.Request) {
	s.holidaysPage(w, r, http.StatusOK, nil)
}

func (s *Handler) handleHolidayAdd(w http.ResponseWriter, r *http.Request) {
	if err := web.MayEditCatalogue(*web.State(r).User, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	err := web.ParseForm(r)
	var day string
	if err == nil {
		if day, err = web.ParseDay(r.PostFormValue("day")); err != nil || day == "" {
			err = errs.Field("day", "ngày không hợp lệ (dd/mm/yyyy)", "not a valid date (dd/mm/yyyy)")
		}
	}
	if err == nil {
		err = s.store.AddHoliday(r.Context(), web.State(r).Actor(), day, r.PostFormValue("name"))
	}
	if err != nil {
		s.holidaysPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, "/app/holidays?year="+day[:4], "saved")
}

func (s *Handler) handleHolidayDelete(w http.ResponseWriter, r *http.Request) {
	// Holidays are the province's: one removed moves every unit's
	// working-day deadlines.
	if err := web.MayEditCatalogue(*web.State(r).User, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	day := r.PathValue("day")
	if err := s.store.DeleteHoliday(r.Context(), web.State(r).Actor(), day); err != nil {
		s.Fail(w, r, err)
		return
	}
	y := "2000"
	if len(day) >= 4 {
		y = day[:4]
	}
	web.RedirectFlash(w, r, "/app/holidays?year="+y, "deleted")
}
