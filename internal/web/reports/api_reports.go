package reports

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/dvs"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// handleAPIPeriods lists the reporting periods of a year.
func (s *Handler) handleAPIPeriods(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	typ, err := period.ParseType(q.Get("type"))
	if err != nil {
		s.Fail(w, r, errs.Field("type", "type phải là monthly, quarterly, sixmonthly, ninemonthly hoặc yearly", "type must be monthly, quarterly, sixmonthly, ninemonthly or yearly"))
		return
	}
	rule, err := period.ParseRule(q.Get("rule"))
	if err != nil {
		s.Fail(w, r, errs.Field("rule", "rule phải là decree09 hoặc calendar", "rule must be decree09 or calendar"))
		return
	}
	year, err := strconv.Atoi(q.Get("year"))
	if err != nil || year < period.MinYear || year > period.MaxYear {
		s.Fail(w, r, errs.Field("year", "năm phải từ 1900 đến 2100", "year must be 1900 to 2100"))
		return
	}
	ps, err := period.List(typ, year, rule)
	if err != nil {
		e := *errs.As(err)
		e.Field = "year"
		s.Fail(w, r, &e)
		return
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"periods": ps})
}

func (s *Handler) handleAPIIndicatorList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	f := store.IndicatorFilter{Programme: domain.Programme(q.Get("programme")), Search: web.TrimTo(q.Get("q"), 200)}
	if !f.Programme.Valid() {
		s.Fail(w, r, errs.Field("programme", "lĩnh vực không hợp lệ", "unknown programme"))
		return
	}
	inds, err := s.store.Indicators(r.Context(), f)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	pg := web.PageOf(r, 100)
	total := len(inds)
	from := min(pg.Offset(), total)
	web.WriteJSON(w, http.StatusOK, web.NewList(inds[from:min(from+pg.Limit, total)], total))
}

func (s *Handler) handleAPIIndicatorCreate(w http.ResponseWriter, r *http.Request) {
	// Indicators are shared by the whole province (see auth.SharedOwner).
	if err := web.MayEditCatalogue(*web.State(r).User, auth.SharedOwner, ""); err != nil {
		s.Fail(w, r, err)
		return
	}
	var in indicatorInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	if in.Factor == 0 {
		in.Factor = 1
	}
	ind, err := s.store.SaveIndicator(r.Context(), web.State(r).Actor(), in.indicator(), 0)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusCreated, ind)
}

// indicatorInput is an indicator as a client sends it: what the server
// sets (active, version, updated_at) is refused, as on every resource.
type indicatorInput struct {
	Code        string             `json:"code"`
	Name        string             `json:"name"`
	NameEN      string             `json:"name_en"`
	Definition  string             `json:"definition"`
	Unit        string             `json:"unit"`
	ValueType   domain.ValueType   `json:"value_type"`
	Programme   domain.Programme   `json:"programme"`
	Aggregation domain.Aggregation `json:"aggregation"`
	Categories  []string           `json:"categories"`
	Numerator   string             `json:"numerator"`
	Denominator string             `json:"denominator"`
	Factor      float64            `json:"factor"`
	Min         *float64           `json:"min"`
	Max         *float64           `json:"max"`
	LTE         string             `json:"lte"`
	Source      string             `json:"source"`
}

func (in indicatorInput) indicator() domain.Indicator {
	return domain.Indicator{Code: in.Code, Name: in.Name, NameEN: in.NameEN, Definition: in.Definition, Unit: in.Unit,
		ValueType: in.ValueType, Programme: in.Programme, Aggregation: in.Aggregation, Categories: in.Categories,
		Numerator: in.Numerator, Denominator: in.Denominator, Factor: in.Factor, Min: in.Min, Max: in.Max, LTE: in.LTE,
		Source: in.Source, Active: true}
}

// handleAPIAnalytics answers one indicator's figure over a unit's subtree
// and a period (rolled up from the periods inside it), in total and, with
// by, by a category's options.
func (s *Handler) handleAPIAnalytics(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	q := r.URL.Query()
	var l errs.List
	ind, err := s.store.Indicator(r.Context(), q.Get("indicator"))
	if err != nil {
		l = append(l, errs.Fieldf("indicator", "không có chỉ số mã %s", "there is no indicator %s", q.Get("indicator")))
	}
	org, err := s.store.OrgUnit(r.Context(), q.Get("org"))
	if err != nil || !auth.CanRead(u, org) {
		l = append(l, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", q.Get("org")))
	}
	rule, err := period.ParseRule(q.Get("rule"))
	if err != nil {
		l = append(l, errs.Field("rule", "rule phải là decree09 hoặc calendar", "rule must be decree09 or calendar"))
	}
	p, err := period.Parse(q.Get("period"), rule)
	if err != nil {
		l = append(l, errs.Field("period", "kỳ không hợp lệ (ví dụ 2025, 2025Q1, 202503)", "not a valid period (e.g. 2025, 2025Q1, 202503)"))
	}
	by := q.Get("by")
	structure, err := parseStructure(q.Get("structure"))
	if err != nil {
		l = append(l, errs.As(err))
	}
	if err := l.Err(); err != nil {
		s.Fail(w, r, err)
		return
	}
	if by != "" {
		cats, err := s.store.Categories(r.Context())
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		known := false
		for _, c := range cats {
			known = known || c.Code == by
		}
		if !known {
			s.Fail(w, r, errs.Fieldf("by", "không có nhóm phân tổ %s", "there is no category %s", by))
			return
		}
	}
	vals, err := s.Figures(r, FigureQuery{Indicators: []domain.Indicator{ind}, Org: org, Period: p, By: by, Structure: structure})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	type row struct {
		Indicator string  `json:"indicator"`
		Org       string  `json:"org"`
		Period    string  `json:"period"`
		Category  string  `json:"category"`
		Value     float64 `json:"value"`
		Structure string  `json:"structure"`
	}
	rows := []row{}
	for _, v := range vals {
		if v.OK {
			rows = append(rows, row{Indicator: v.Indicator, Org: org.Code, Period: p.ID, Category: v.Category, Value: v.Value, Structure: structure})
		}
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"rows": rows})
}

// maxImportRows bounds one import; larger exchanges are split.
const maxImportRows = 200000

type importResponse struct {
	Status      string         `json:"status"`
	DryRun      bool           `json:"dryRun"`
	ImportCount map[string]int `json:"importCount"`
	Conflicts   []conflict     `json:"conflicts"`
	Description string         `json:"description,omitempty"`
}

type conflict struct {
	Row     int    `json:"row"`
	Field   string `json:"field"`
	Object  string `json:"object,omitempty"`
	Message string `json:"message"`
}

// handleAPIDataValueSetsImport imports a data value set (DHIS2's JSON, or
// CSV with the same columns) into the reports of its dataSet, all of it or
// nothing: every bad row is listed, with ?dryRun=true nothing is written
// either way.
func (s *Handler) handleAPIDataValueSetsImport(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	lang := web.State(r).Lang
	dry := r.URL.Query().Get("dryRun") == "true"
	ct := r.Header.Get("Content-Type")
	var set dvs.Set
	var err error
	if strings.Contains(ct, "csv") || r.URL.Query().Get("format") == "csv" {
		set, err = dvs.ReadCSV(r.Body, 32<<20)
	} else {
		set, err = dvs.ReadJSON(r.Body, 32<<20)
	}
	// Row-level faults come back with the set: Check lists them with its
	// own, so a dry run shows every bad row at once. Other faults end here.
	var rowLevel dvs.Errors
	if err != nil && !errors.As(err, &rowLevel) {
		status := http.StatusBadRequest
		var se *dvs.SizeError
		if errors.As(err, &se) {
			status = http.StatusRequestEntityTooLarge
		}
		s.importFailed(w, dry, rowErrs(err, lang), status)
		return
	}
	if set.DataSet == "" {
		set.DataSet = strings.ToUpper(r.URL.Query().Get("dataSet"))
	}
	t, terr := s.store.Template(r.Context(), set.DataSet)
	if terr != nil {
		s.Fail(w, r, errs.Fieldf("dataSet", "không có mẫu báo cáo mã %q", "there is no report template %q", set.DataSet))
		return
	}
	rule, _ := period.ParseRule(t.PeriodRule)
	if ce := dvs.Check(set, rule, maxImportRows, s.dataYears()); len(ce) > 0 {
		s.importFailed(w, dry, rowErrs(ce, lang), http.StatusBadRequest)
		return
	}
	rows, conflicts, err := s.resolveImport(r, u, t, rule, set, lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if len(conflicts) > 0 {
		s.importFailed(w, dry, conflicts, http.StatusBadRequest)
		return
	}
	hs, err := s.store.HolidaySet(r.Context())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	res, lockErrs, err := s.store.ImportValues(r.Context(), web.State(r).Actor(), t, rows,
		func(p period.Period) string { return p.Deadline(t.DeadlineDays, hs).Format(time.DateOnly) }, dry)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if len(lockErrs) > 0 {
		var cs []conflict
		for _, e := range lockErrs {
			cs = append(cs, conflict{Row: e.Row, Field: e.Field, Message: web.PickLang(lang, e.Message, e.MessageEN)})
		}
		s.importFailed(w, dry, cs, http.StatusConflict)
		return
	}
	web.WriteJSON(w, http.StatusOK, importResponse{Status: "OK", DryRun: dry, Conflicts: []conflict{},
		ImportCount: map[string]int{"imported": res.Imported, "updated": res.Updated, "deleted": res.Deleted, "ignored": res.Unchanged}})
}

func (s *Handler) importFailed(w http.ResponseWriter, dry bool, cs []conflict, status int) {
	web.WriteJSON(w, status, importResponse{Status: "ERROR", DryRun: dry, Conflicts: cs, ImportCount: map[string]int{},
		Description: fmt.Sprintf("%d dòng có lỗi; không có gì được ghi (%d rows have errors; nothing was written)", len(cs), len(cs))})
}

// rowErrs turns the codec's errors into conflicts.
func rowErrs(err error, lang string) []conflict {
	var out []conflict
	var es dvs.Errors
	if errors.As(err, &es) {
		for _, e := range es {
			out = append(out, conflict{Row: e.Row, Field: e.Field, Message: web.PickLang(lang, e.Message, e.MessageEN)})
		}
		return out
	}
	return []conflict{{Field: "dataValues", Message: errs.As(err).Message(lang)}}
}

// resolveImport checks every row against the catalogue and the caller's
// rights: the indicator belongs to the template, the unit is expected to
// report it and the caller enters its data, the period has begun, the
// combination is one of the indicator's, the value fits the indicator;
// then the cross-indicator rules per unit and period.
func (s *Handler) resolveImport(r *http.Request, u domain.User, t domain.Template, rule period.Rule, set dvs.Set, lang string) ([]store.ImportValue, []conflict, error) {
	ctx := r.Context()
	inds, err := s.templateIndicators(r, t)
	if err != nil {
		return nil, nil, err
	}
	byCode := map[string]domain.Indicator{}
	for _, ind := range inds {
		byCode[ind.Code] = ind
	}
	expected, err := s.store.ExpectedOrgs(ctx, t, s.Today())
	if err != nil {
		return nil, nil, err
	}
	orgs := map[string]domain.OrgUnit{}
	for _, o := range expected {
		orgs[o.Code] = o
	}
	now := s.Now()
	rows := make([]store.ImportValue, 0, len(set.Values))
	var cs []conflict
	bad := func(row int, field, obj, vi, en string) {
		cs = append(cs, conflict{Row: row, Field: field, Object: obj, Message: web.PickLang(lang, vi, en)})
	}
	totals := map[string]float64{}
	typ, _ := period.ParseType(t.PeriodType)
	for _, v := range set.Values {
		ind, ok := byCode[v.DataElement]
		if !ok {
			bad(v.Row, "dataElement", v.DataElement, "chỉ số "+v.DataElement+" không thuộc mẫu "+t.Code, "indicator "+v.DataElement+" is not in template "+t.Code)
			continue
		}
		if ind.Computed() {
			bad(v.Row, "dataElement", v.DataElement, "chỉ số "+v.DataElement+" được tính, không nhập", "indicator "+v.DataElement+" is computed, not entered")
			continue
		}
		org, ok := orgs[v.OrgUnit]
		if !ok {
			bad(v.Row, "orgUnit", v.OrgUnit, "đơn vị "+v.OrgUnit+" không có hoặc không phải báo cáo mẫu này", "unit "+v.OrgUnit+" does not exist or does not report on this template")
			continue
		}
		if !auth.CanEnterReport(u, org.Path) {
			bad(v.Row, "orgUnit", v.OrgUnit, "bạn không nhập số liệu cho đơn vị "+v.OrgUnit, "you do not enter data for "+v.OrgUnit)
			continue
		}
		p, perr := period.Parse(v.Period, rule)
		if perr != nil || p.Type != typ {
			bad(v.Row, "period", v.Period, "kỳ "+v.Period+" không phải kỳ "+t.PeriodType+" của mẫu", "period "+v.Period+" is not a "+t.PeriodType+" period of the template")
			continue
		}
		if p.Start.After(now) {
			bad(v.Row, "period", v.Period, "kỳ "+v.Period+" chưa bắt đầu", "period "+v.Period+" has not begun")
			continue
		}
		comboOK := false
		for _, c := range ind.Combos {
			comboOK = comboOK || c.Code == v.Combo
		}
		if !comboOK {
			bad(v.Row, "categoryOptionCombo", v.Combo, "tổ hợp phân tổ “"+v.Combo+"” không có ở chỉ số "+ind.Code, "option combination “"+v.Combo+"” is not one of "+ind.Code+"'s")
			continue
		}
		iv := store.ImportValue{Row: v.Row, IndicatorID: ind.ID, Indicator: ind.Code, Org: org, Period: p, Combo: v.Combo, Deleted: v.Deleted}
		if !v.Deleted {
			num, text, e := ind.CheckValue(v.Value, func(x string) (float64, error) { return dvs.ParseNumberIn(x, set.Vietnamese) })
			if e != nil {
				bad(v.Row, "value", v.Value, e.VI, e.EN)
				continue
			}
			if text != "" {
				iv.Text = text
			} else {
				iv.Value = &num
				totals[ind.Code+"|"+org.Code+"|"+p.ID] += num
			}
		}
		rows = append(rows, iv)
	}
	for key, v := range totals {
		parts := strings.Split(key, "|")
		ind := byCode[parts[0]]
		if ind.LTE == "" {
			continue
		}
		if limit, ok := totals[ind.LTE+"|"+parts[1]+"|"+parts[2]]; ok && v > limit {
			bad(0, "value", key, fmt.Sprintf("%s của %s kỳ %s (%g) lớn hơn %s (%g)", ind.Code, parts[1], parts[2], v, ind.LTE, limit),
				fmt.Sprintf("%s of %s for %s (%g) exceeds %s (%g)", ind.Code, parts[1], parts[2], v, ind.LTE, limit))
		}
	}
	return rows, cs, nil
}

// handleAPIDataValueSetsExport sends the values of a template's reports for
// a period and a unit (with its subtree when children=true), as JSON or
// CSV.
func (s *Handler) handleAPIDataValueSetsExport(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	q := r.URL.Query()
	t, err := s.store.Template(r.Context(), q.Get("dataSet"))
	if err != nil {
		s.Fail(w, r, errs.Fieldf("dataSet", "không có mẫu báo cáo mã %q", "there is no report template %q", q.Get("dataSet")))
		return
	}
	org, err := s.store.OrgUnit(r.Context(), q.Get("orgUnit"))
	if err != nil || !auth.CanRead(u, org) {
		s.Fail(w, r, errs.Fieldf("orgUnit", "không có đơn vị mã %s", "there is no unit with code %s", q.Get("orgUnit")))
		return
	}
	rule, _ := period.ParseRule(t.PeriodRule)
	p, err := period.Parse(q.Get("period"), rule)
	if err != nil {
		s.Fail(w, r, errs.Field("period", "kỳ không hợp lệ", "not a valid period"))
		return
	}
	inds, err := s.templateIndicators(r, t)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	orgs := []domain.OrgUnit{org}
	if q.Get("children") == "true" {
		sub, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(u), store.OrgFilter{Under: org.Path, Inactive: true}, nil)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		orgs = sub
	}
	var ids []int64
	for _, ind := range inds {
		ids = append(ids, ind.ID)
	}
	set := dvs.Set{DataSet: t.Code}
	periods := []string{p.ID}
	for _, sub := range p.SubPeriods(period.Type(t.PeriodType)) {
		if sub.ID != p.ID {
			periods = append(periods, sub.ID)
		}
	}
	for _, o := range orgs {
		vals, err := s.store.Values(r.Context(), ids, o.ID, periods)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, ind := range inds {
			for _, pid := range periods {
				for _, c := range ind.Combos {
					v, ok := vals[store.ValueKey{IndicatorID: ind.ID, OrgID: o.ID, Period: pid, Combo: c.Code}]
					if !ok {
						continue
					}
					val := v.Text
					if val == "" {
						val = strconv.FormatFloat(v.Value, 'f', -1, 64)
					}
					set.Values = append(set.Values, dvs.Value{DataElement: ind.Code, Period: pid, OrgUnit: o.Code, Combo: c.Code, Value: val})
				}
			}
		}
	}
	if q.Get("format") == "csv" || strings.Contains(r.Header.Get("Accept"), "text/csv") {
		w.Header().Set("Content-Type", "text/csv; charset=utf-8")
		_ = dvs.WriteCSV(w, set)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = dvs.WriteJSON(w, set)
}
