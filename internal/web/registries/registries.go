package registries

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/geo"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The field registries, all built from their descriptions in package
// domain: lists with filters, records with their workflow, photos and
// entries, a map export, spreadsheets in and out.

// checkPoint reads coordinates for domain.CheckValues: within Vietnam.
func checkPoint(s string) (string, string, string) {
	p, ok, err := geo.Parse(s)
	if err != nil {
		var fe *geo.FieldError
		if errors.As(err, &fe) {
			return "", fe.Message, fe.MessageEN
		}
		return "", "tọa độ không đọc được: ghi vĩ độ, kinh độ như 20.9517, 107.0733", "the coordinates cannot be read: write latitude, longitude like 20.9517, 107.0733"
	}
	if !ok {
		return "", "", ""
	}
	if fe := geo.Check("point", p); fe != nil {
		return "", fe.Message, fe.MessageEN
	}
	return p.String(), "", ""
}

// loadRegistry resolves {kind}.
func loadRegistry(r *http.Request) (domain.Registry, error) {
	reg, ok := domain.RegistryOf(domain.RegistryKind(r.PathValue("kind")))
	if !ok {
		return reg, errs.ErrNotFound
	}
	return reg, nil
}

type registriesData struct {
	Registries []domain.Registry
	Counts     map[domain.RegistryKind]map[string]int
}

// Total counts a registry's records.
func (d registriesData) Total(k domain.RegistryKind) int {
	n := 0
	for _, c := range d.Counts[k] {
		n += c
	}
	return n
}

// handleRegistries lists the registries with how many records each holds.
func (s *Handler) handleRegistries(w http.ResponseWriter, r *http.Request) {
	counts, err := s.store.RecordCounts(r.Context(), auth.ReadScope(*web.State(r).User))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "", "registries")
	p.Title = p.T("Sổ theo dõi", "Registries")
	p.Data = registriesData{Registries: domain.Registries, Counts: counts}
	s.Render(w, r, http.StatusOK, "registries", p)
}

type registryListData struct {
	Reg      domain.Registry
	Records  []domain.Record
	Total    int
	Pager    web.Pager
	Units    []domain.OrgUnit
	Filter   store.RecordFilter
	Org      string
	From, To string
	Columns  []domain.RegistryField
	Category *domain.RegistryField
	CanAdd   bool
	Query    string
	Figures  []registryFigure
	Period   string
}

// registryFigure is one of a registry's figures for the list's period.
type registryFigure struct {
	Metric domain.Metric
	Value  domain.Figures
}

// recordFilter reads a list's filters.
func (s *Handler) recordFilter(r *http.Request, u domain.User, reg domain.Registry) (store.RecordFilter, string, error) {
	q := r.URL.Query()
	f := store.RecordFilter{Kind: reg.Kind, Scope: auth.ReadScope(u), Status: q.Get("status"), Category: q.Get("category"), Search: web.TrimTo(q.Get("q"), 200)}
	if f.Status != "" {
		if _, ok := reg.Status(f.Status); !ok {
			return f, "", errs.Field("status", "trạng thái không hợp lệ", "unknown state")
		}
	}
	var err error
	if f.From, err = web.ParseDay(q.Get("from")); err != nil {
		return f, "", errs.Field("from", "ngày không hợp lệ", "not a valid date")
	}
	if f.To, err = web.ParseDay(q.Get("to")); err != nil {
		return f, "", errs.Field("to", "ngày không hợp lệ", "not a valid date")
	}
	code := q.Get("org")
	if code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) {
			return f, "", errs.ErrNotFound
		}
		f.OrgPath = o.Path
	}
	return f, code, nil
}

func (s *Handler) handleRegistryList(w http.ResponseWriter, r *http.Request) {
	reg, err := loadRegistry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	f, code, err := s.recordFilter(r, u, reg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := registryListData{Reg: reg, Filter: f, Org: code, From: dmyOrEmpty(f.From), To: dmyOrEmpty(f.To), Query: f.Search,
		CanAdd: !auth.EventWriteScope(u).Empty()}
	for _, fl := range reg.Fields {
		if fl.List {
			d.Columns = append(d.Columns, fl)
		}
	}
	if reg.Category != "" {
		c, _ := reg.Field(reg.Category)
		d.Category = &c
	}
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = web.SortUnits(units, web.State(r).Lang)
	pg := web.PageOf(r, 50)
	if d.Records, d.Total, err = s.store.Records(r.Context(), f, pg); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Pager = web.NewPager(r, pg, d.Total)
	if d.Figures, d.Period, err = s.registryFigures(r, u, reg, f); err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "", "registries")
	p.Title = reg.DisplayName(p.Lang)
	p.Data = d
	s.Render(w, r, http.StatusOK, "registry_list", p)
}

func dmyOrEmpty(day string) string {
	if day == "" {
		return ""
	}
	return web.DMY(day)
}

// FieldValue shows a record's field in the page's language.
func (p *page) FieldValue(f domain.RegistryField, v domain.RecordValues) string {
	raw := v[f.Name]
	if raw == "" {
		return ""
	}
	switch f.Type {
	case domain.FDate:
		return web.DMY(raw)
	case domain.FInt:
		n, _ := strconv.ParseInt(raw, 10, 64)
		return vntext.FormatInt(n)
	case domain.FMoney:
		n, _ := strconv.ParseInt(raw, 10, 64)
		return vntext.FormatInt(n) + " đ"
	case domain.FSelect:
		return f.OptionLabel(raw, p.Lang)
	case domain.FMulti:
		var out []string
		for _, c := range strings.Fields(raw) {
			out = append(out, f.OptionLabel(c, p.Lang))
		}
		return strings.Join(out, "; ")
	case domain.FCheck:
		var out []string
		for _, pair := range strings.Fields(raw) {
			c, level, _ := strings.Cut(pair, "=")
			lv := ""
			for _, l := range domain.CheckLevels() {
				if l.Code == level {
					lv = l.Label(p.Lang)
				}
			}
			out = append(out, f.OptionLabel(c, p.Lang)+": "+lv)
		}
		return strings.Join(out, "; ")
	}
	return raw
}

// MapLink is the map address of a record's coordinates ("" without).
func (p *page) MapLink(rec domain.Record) string {
	if rec.Lat == nil || rec.Lon == nil {
		return ""
	}
	return geo.Point{Lat: *rec.Lat, Lon: *rec.Lon}.MapURL()
}

// StatusOf names a record's state.
func (p *page) StatusOf(reg domain.Registry, code string) string {
	if st, ok := reg.Status(code); ok {
		return st.StatusLabel(p.Lang)
	}
	return code
}

type recordPageData struct {
	Reg      domain.Registry
	Record   domain.Record
	New      bool
	CanEdit  bool
	Units    []domain.OrgUnit
	Files    []domain.Attachment
	Entries  []domain.Entry
	Next     []domain.Status
	EntryErr map[string]bool // the entry form that came back with errors
}

// EntriesOf lists a record's entries of a kind.
func (d recordPageData) EntriesOf(kind string) []domain.Entry {
	var out []domain.Entry
	for _, e := range d.Entries {
		if e.Kind == kind {
			out = append(out, e)
		}
	}
	return out
}

// formField is one input of a record form for the "regfield" partial,
// with its labels and choices in the page's language.
type formField struct {
	domain.RegistryField
	Prefix string // "f_" for the record, "e_KIND_" for an entry
	Value  string
	Err    string
	Values []string // multi: the codes chosen
	Checks map[string]string
	Levels []domain.Option
}

// Chosen reports whether a multi-choice option is chosen.
func (f formField) Chosen(code string) bool { return slices.Contains(f.Values, code) }

// localized gives a field its labels and options in lang.
func localized(f domain.RegistryField, lang string) domain.RegistryField {
	f.Label, f.Hint = f.FieldLabel(lang), f.FieldHint(lang)
	opts := make([]domain.Option, len(f.Options))
	for i, o := range f.Options {
		opts[i] = domain.Option{Code: o.Code, Name: o.Label(lang)}
	}
	f.Options = opts
	return f
}

// FormFields builds a form's inputs from fields, with the submitted or
// stored values and the errors.
func (p *page) FormFields(fields []domain.RegistryField, prefix string, stored domain.RecordValues, fromForm bool) []formField {
	var out []formField
	var levels []domain.Option
	for _, l := range domain.CheckLevels() {
		levels = append(levels, domain.Option{Code: l.Code, Name: l.Label(p.Lang)})
	}
	for _, f := range fields {
		ff := formField{RegistryField: localized(f, p.Lang), Prefix: prefix, Err: p.Form.Err(f.Name), Levels: levels}
		if fromForm {
			ff.Value = p.Form.Get(prefix + f.Name)
			ff.Values = p.Form.Values[prefix+f.Name]
			ff.Checks = map[string]string{}
			for _, o := range f.Options {
				ff.Checks[o.Code] = p.Form.Get(prefix + f.Name + "_" + o.Code)
			}
		} else {
			raw := stored[f.Name]
			ff.Value = raw
			if f.Type == domain.FDate && raw != "" {
				ff.Value = web.DMY(raw)
			}
			if f.Type == domain.FInt || f.Type == domain.FMoney {
				if n, err := strconv.ParseInt(raw, 10, 64); err == nil {
					ff.Value = vntext.FormatInt(n)
				}
			}
			ff.Values = strings.Fields(raw)
			ff.Checks = map[string]string{}
			for _, pair := range strings.Fields(raw) {
				c, l, _ := strings.Cut(pair, "=")
				ff.Checks[c] = l
			}
		}
		out = append(out, ff)
	}
	return out
}

// valuesFromForm reads fields from a form: dates typed dd/mm/yyyy become
// YYYY-MM-DD, multi-choices and checklists are gathered.
func valuesFromForm(r *http.Request, fields []domain.RegistryField, prefix string) (domain.RecordValues, error) {
	v := domain.RecordValues{}
	var l errs.List
	for _, f := range fields {
		name := prefix + f.Name
		switch f.Type {
		case domain.FMulti:
			v[f.Name] = strings.Join(r.PostForm[name], " ")
		case domain.FCheck:
			var pairs []string
			for _, o := range f.Options {
				if lv := r.PostFormValue(name + "_" + o.Code); lv != "" {
					pairs = append(pairs, o.Code+"="+lv)
				}
			}
			v[f.Name] = strings.Join(pairs, " ")
		case domain.FDate:
			day, err := web.ParseDay(r.PostFormValue(name))
			if err != nil {
				l = append(l, errs.Field(f.Name, "ngày không hợp lệ: ghi dd/mm/yyyy", "not a valid date: write dd/mm/yyyy"))
			}
			v[f.Name] = day
		default:
			v[f.Name] = r.PostFormValue(name)
		}
	}
	return v, l.Err()
}

// checkRecordForm validates a record form's values.
func checkRecordForm(fields []domain.RegistryField, v domain.RecordValues, formErr error) error {
	var l errs.List
	for _, e := range errs.Fields(domain.CheckValues(fields, v, checkPoint)) {
		skip := false
		for _, fe := range errs.Fields(formErr) {
			skip = skip || fe.Field == e.Field
		}
		if !skip {
			l = append(l, e)
		}
	}
	return errs.Join(formErr, l.Err())
}

func (s *Handler) recordPage(w http.ResponseWriter, r *http.Request, status int, d recordPageData, ferr error, entryForm string) {
	u := *web.State(r).User
	if d.CanEdit {
		var err error
		if d.Units, err = s.LoggableUnits(r, u); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	if !d.New {
		from, _ := d.Reg.Status(d.Record.Status)
		for _, code := range from.Next {
			if st, ok := d.Reg.Status(code); ok {
				d.Next = append(d.Next, st)
			}
		}
	}
	d.EntryErr = map[string]bool{}
	if entryForm != "" {
		d.EntryErr[entryForm] = true
	}
	p := s.newPage(r, "", "registries")
	if d.New {
		p.Title = p.T("Thêm vào sổ: ", "Add to: ") + d.Reg.DisplayName(p.Lang)
	} else {
		p.Title = d.Record.Title
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "registry_record", p)
}

// writableRegistry is the registry the path names, for someone who may
// add records to it somewhere.
func writableRegistry(r *http.Request) (domain.Registry, domain.User, error) {
	u := *web.State(r).User
	reg, err := loadRegistry(r)
	if err != nil {
		return reg, u, err
	}
	return reg, u, web.Allow(!auth.EventWriteScope(u).Empty())
}

func (s *Handler) handleRecordNew(w http.ResponseWriter, r *http.Request) {
	reg, u, err := writableRegistry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	rec := domain.Record{OrgCode: u.OrgCode, Values: domain.RecordValues{reg.Date: s.Today()}}
	s.recordPage(w, r, http.StatusOK, recordPageData{Reg: reg, Record: rec, New: true, CanEdit: true}, nil, "")
}

// saveRecord creates (old nil) or updates a record from the form.
func (s *Handler) saveRecord(w http.ResponseWriter, r *http.Request, reg domain.Registry, old *domain.Record) {
	u := *web.State(r).User
	if err := web.ParseMultipart(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	d := recordPageData{Reg: reg, New: old == nil, CanEdit: true}
	if old != nil {
		d.Record = *old
	}
	v, ferr := valuesFromForm(r, reg.Fields, "f_")
	ferr = checkRecordForm(reg.Fields, v, ferr)
	org, oerr := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if oerr != nil || !auth.CanWriteEvents(u, org.Path) {
		ferr = errs.Join(ferr, errs.Field("org", "chọn đơn vị bạn được ghi sổ", "choose a unit you may record for"))
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
		var saved domain.Record
		if saved, ferr = s.store.SaveRecord(r.Context(), web.State(r).Actor(), reg, id, version, store.NewRecord{Org: org, Values: v}, files); ferr == nil {
			flash := "saved"
			if old == nil {
				flash = "record_created"
			}
			web.RedirectFlash(w, r, recordURL(reg, saved.ID), flash)
			return
		}
	}
	if old != nil {
		d.Files, _ = s.store.Files(r.Context(), "record", old.ID)
		d.Entries, _ = s.store.Entries(r.Context(), old.ID)
	}
	s.recordPage(w, r, web.StatusOf(errs.CodeOf(ferr)), d, ferr, "")
}

func recordURL(reg domain.Registry, id int64) string {
	return "/app/registries/" + string(reg.Kind) + "/" + strconv.FormatInt(id, 10)
}

func (s *Handler) handleRecordCreate(w http.ResponseWriter, r *http.Request) {
	reg, err := loadRegistry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if auth.EventWriteScope(*web.State(r).User).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	s.saveRecord(w, r, reg, nil)
}

// loadRecord loads a record the user may read; others get 404.
func (s *Handler) loadRecord(r *http.Request) (domain.Registry, domain.Record, error) {
	reg, err := loadRegistry(r)
	if err != nil {
		return reg, domain.Record{}, err
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		return reg, domain.Record{}, err
	}
	rec, err := s.store.Record(r.Context(), reg.Kind, id)
	if err != nil {
		return reg, rec, err
	}
	if !auth.ReadScope(*web.State(r).User).Reaches(rec.OrgPath) {
		return reg, rec, errs.ErrNotFound
	}
	return reg, rec, nil
}

func (s *Handler) recordDetail(r *http.Request, reg domain.Registry, rec domain.Record) (recordPageData, error) {
	d := recordPageData{Reg: reg, Record: rec, CanEdit: auth.CanWriteEvents(*web.State(r).User, rec.OrgPath)}
	var err error
	if d.Files, err = s.store.Files(r.Context(), "record", rec.ID); err != nil {
		return d, err
	}
	d.Entries, err = s.store.Entries(r.Context(), rec.ID)
	return d, err
}

func (s *Handler) handleRecordShow(w http.ResponseWriter, r *http.Request) {
	reg, rec, err := s.loadRecord(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d, err := s.recordDetail(r, reg, rec)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.recordPage(w, r, http.StatusOK, d, nil, "")
}

// writableRecord loads a record the user may change.
func (s *Handler) writableRecord(w http.ResponseWriter, r *http.Request) (domain.Registry, domain.Record, bool) {
	reg, rec, err := s.loadRecord(r)
	if err != nil {
		s.Fail(w, r, err)
		return reg, rec, false
	}
	if !auth.CanWriteEvents(*web.State(r).User, rec.OrgPath) {
		s.Fail(w, r, errs.ErrNoAccess)
		return reg, rec, false
	}
	return reg, rec, true
}

func (s *Handler) handleRecordUpdate(w http.ResponseWriter, r *http.Request) {
	reg, rec, ok := s.writableRecord(w, r)
	if !ok {
		return
	}
	s.saveRecord(w, r, reg, &rec)
}

// handleRecordMove takes a record to the next state of its workflow.
func (s *Handler) handleRecordMove(w http.ResponseWriter, r *http.Request) {
	reg, rec, ok := s.writableRecord(w, r)
	if !ok {
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.FormInt(r, "version")
	if err == nil {
		_, err = s.store.MoveRecord(r.Context(), web.State(r).Actor(), reg, rec.ID, version, r.PostFormValue("to"), r.PostFormValue("note"))
	}
	if err != nil {
		d, derr := s.recordDetail(r, reg, rec)
		if derr != nil {
			s.Fail(w, r, derr)
			return
		}
		s.recordPage(w, r, web.StatusOf(errs.CodeOf(err)), d, err, "")
		return
	}
	web.RedirectFlash(w, r, recordURL(reg, rec.ID), "moved_state")
}

// handleEntryAdd adds a sign or a review to a record.
func (s *Handler) handleEntryAdd(w http.ResponseWriter, r *http.Request) {
	reg, rec, ok := s.writableRecord(w, r)
	if !ok {
		return
	}
	ek, found := reg.Entry(r.PathValue("entry"))
	if !found {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	v, ferr := valuesFromForm(r, ek.Fields, "e_"+ek.Code+"_")
	ferr = checkRecordForm(ek.Fields, v, ferr)
	if ferr == nil {
		ferr = s.store.AddEntry(r.Context(), web.State(r).Actor(), reg, rec, ek, v)
	}
	if ferr != nil {
		d, err := s.recordDetail(r, reg, rec)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		s.recordPage(w, r, web.StatusOf(errs.CodeOf(ferr)), d, ferr, ek.Code)
		return
	}
	web.RedirectFlash(w, r, recordURL(reg, rec.ID)+"#"+ek.Code, "saved")
}

func (s *Handler) handleEntryDelete(w http.ResponseWriter, r *http.Request) {
	reg, rec, ok := s.writableRecord(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("entry"), 10, 64)
	if err == nil {
		err = s.store.DeleteEntry(r.Context(), web.State(r).Actor(), reg, rec, id)
	} else {
		err = errs.ErrNotFound
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, recordURL(reg, rec.ID), "deleted")
}

func (s *Handler) handleRecordDelete(w http.ResponseWriter, r *http.Request) {
	reg, rec, ok := s.writableRecord(w, r)
	if !ok {
		return
	}
	err := web.DeleteVersion(r, func(ctx context.Context, by domain.Actor, version int) error {
		return s.store.DeleteRecord(ctx, by, reg, rec.ID, version)
	})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/registries/"+string(reg.Kind), "deleted")
}

// sheetName names a registry's sheet (Excel allows 31 characters).
func sheetName(reg domain.Registry) string { return string(reg.Kind) }

// exportColumns are a registry's columns in files: the unit, the state,
// the fields, the coordinates split for spreadsheets.
func exportColumns(reg domain.Registry, lang string) []string {
	cols := []string{web.PickLang(lang, "Đơn vị", "Unit"), web.PickLang(lang, "Trạng thái", "State")}
	for _, f := range reg.Fields {
		cols = append(cols, f.FieldLabel(lang))
	}
	return cols
}

// exportRecords are all the records of the filtered list, for the files
// that carry it out of the application.
func (s *Handler) exportRecords(r *http.Request) (domain.Registry, []domain.Record, error) {
	reg, err := loadRegistry(r)
	if err != nil {
		return reg, nil, err
	}
	f, _, err := s.recordFilter(r, *web.State(r).User, reg)
	if err != nil {
		return reg, nil, err
	}
	recs, _, err := s.store.Records(r.Context(), f, store.Page{})
	return reg, recs, err
}

// handleRegistryXLSX exports the filtered list as a spreadsheet, in the
// columns an import reads back.
func (s *Handler) handleRegistryXLSX(w http.ResponseWriter, r *http.Request) {
	reg, recs, err := s.exportRecords(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &page{&web.Page{Lang: web.State(r).Lang}}
	rows := make([][]string, 0, len(recs))
	for _, rec := range recs {
		row := []string{rec.OrgCode, p.StatusOf(reg, rec.Status)}
		for _, fl := range reg.Fields {
			switch fl.Type {
			case domain.FDate, domain.FInt, domain.FMoney:
				row = append(row, rec.Values[fl.Name]) // as typed back in an import
			default:
				row = append(row, p.FieldValue(fl, rec.Values))
			}
		}
		rows = append(rows, row)
	}
	var buf bytes.Buffer
	if err := web.ListXLSX(&buf, sheetName(reg), exportColumns(reg, p.Lang), rows); err != nil {
		s.Fail(w, r, errs.Wrap(err, "registry export"))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="`+string(reg.Kind)+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

// handleRegistryGeoJSON exports the filtered records that have
// coordinates as GeoJSON, for GIS tools and maps.
func (s *Handler) handleRegistryGeoJSON(w http.ResponseWriter, r *http.Request) {
	reg, recs, err := s.exportRecords(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := &page{&web.Page{Lang: web.State(r).Lang}}
	var feats []geo.Feature
	base := s.BaseURL(r)
	for _, rec := range recs {
		if rec.Lat == nil || rec.Lon == nil {
			continue
		}
		props := map[string]any{"title": rec.Title, "unit": rec.OrgCode, "status": rec.Status, "status_name": p.StatusOf(reg, rec.Status),
			"date": rec.Date, "url": base + recordURL(reg, rec.ID)}
		for _, fl := range reg.Fields {
			if fl.List && rec.Values[fl.Name] != "" && fl.Type != domain.FPoint {
				props[fl.Name] = p.FieldValue(fl, rec.Values)
			}
		}
		feats = append(feats, geo.Feature{ID: strconv.FormatInt(rec.ID, 10), Point: geo.Point{Lat: *rec.Lat, Lon: *rec.Lon}, Properties: props})
	}
	w.Header().Set("Content-Type", "application/geo+json")
	w.Header().Set("Content-Disposition", `attachment; filename="`+string(reg.Kind)+`.geojson"`)
	if err := geo.WriteGeoJSON(w, feats); err != nil {
		s.Log().Error("geojson", "err", err)
	}
}

// registryFigures computes a registry's figures over the list's units and
// dates (this year when no dates are chosen), as indicators would.
func (s *Handler) registryFigures(r *http.Request, u domain.User, reg domain.Registry, f store.RecordFilter) ([]registryFigure, string, error) {
	from, to := f.From, f.To
	if from == "" && to == "" {
		year := s.Today()[:4]
		from, to = year+"-01-01", year+"-12-31"
	}
	var paths []string
	switch {
	case f.OrgPath != "":
		paths = []string{f.OrgPath}
	case f.Scope.All:
		paths = []string{""}
	default:
		paths = f.Scope.Paths
	}
	var out []registryFigure
	for _, m := range reg.Metrics {
		var sum domain.Figures
		for _, path := range paths {
			fig, err := s.store.RecordFigures(r.Context(), domain.RecordSource{Metric: m.Code}, path, from, to)
			if err != nil {
				return nil, "", err
			}
			sum.Total += fig.Total
			sum.Male += fig.Male
			sum.Female += fig.Female
			sum.BySex = fig.BySex
		}
		out = append(out, registryFigure{Metric: m, Value: sum})
	}
	return out, web.DMY(from) + " – " + web.DMY(to), nil
}
