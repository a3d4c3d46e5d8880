package reports

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/analytics"
	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/reportgrid"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Periodic reports: the list of what each user reports and reviews, the
// data-entry form with its validation and workflow, and completeness.

// reportCtx is what a report page needs to know.
type reportCtx struct {
	Template   domain.Template
	Org        domain.OrgUnit
	Period     period.Period
	Indicators []domain.Indicator
	Report     domain.Report // zero ID when nothing saved yet
	DueOn      string
}

// loadReportCtx resolves /app/reports/{template}/{org}/{period} for a user
// who may read the unit's data; others get 404.
func (s *Handler) loadReportCtx(r *http.Request) (reportCtx, error) {
	ctx := r.Context()
	var rc reportCtx
	var err error
	if rc.Template, err = s.store.Template(ctx, r.PathValue("template")); err != nil {
		return rc, err
	}
	if rc.Org, err = s.store.OrgUnit(ctx, r.PathValue("org")); err != nil {
		return rc, err
	}
	u := *web.State(r).User
	if !auth.CanRead(u, rc.Org) && !auth.CanReviewReport(u, rc.Org.Path) {
		return rc, errs.ErrNotFound
	}
	if !rc.Org.Under(rc.Template.OrgPath) {
		return rc, errs.ErrNotFound
	}
	rule, _ := period.ParseRule(rc.Template.PeriodRule)
	if rc.Period, err = period.Parse(r.PathValue("period"), rule); err != nil || string(rc.Period.Type) != rc.Template.PeriodType {
		return rc, errs.New(errs.NotFound, "kỳ báo cáo không hợp lệ với mẫu này", "not a period of this template")
	}
	if rc.Indicators, err = s.templateIndicators(r, rc.Template); err != nil {
		return rc, err
	}
	if rc.DueOn, err = s.dueOn(r, rc.Template, rc.Period); err != nil {
		return rc, err
	}
	rc.Report, err = s.store.Report(ctx, rc.Template.ID, rc.Org.ID, rc.Period.ID)
	if errs.Is(err, errs.NotFound) {
		rc.Report = domain.Report{Status: domain.ReportNotStarted, Period: rc.Period.ID, DueOn: rc.DueOn, Narrative: map[string]string{}}
		err = nil
	}
	return rc, err
}

// templateIndicators returns a template's indicators in its order.
func (s *Handler) templateIndicators(r *http.Request, t domain.Template) ([]domain.Indicator, error) {
	inds, err := s.store.Indicators(r.Context(), store.IndicatorFilter{Codes: t.Indicators})
	if err != nil {
		return nil, err
	}
	by := map[string]domain.Indicator{}
	for _, i := range inds {
		by[i.Code] = i
	}
	out := make([]domain.Indicator, 0, len(t.Indicators))
	for _, c := range t.Indicators {
		out = append(out, by[c])
	}
	return out, nil
}

// dueOn is the report deadline: the template's working days after the
// period's cut-off, skipping weekends and the holiday table.
func (s *Handler) dueOn(r *http.Request, t domain.Template, p period.Period) (string, error) {
	hs, err := s.store.HolidaySet(r.Context())
	if err != nil {
		return "", err
	}
	return p.Deadline(t.DeadlineDays, hs).Format(time.DateOnly), nil
}

type reportPageData struct {
	reportCtx
	Groups     []reportgrid.Group
	Computed   []domain.Indicator
	Sections   []string
	Narrative  map[string]string
	CanEdit    bool
	CanSubmit  bool
	CanReview  bool
	CanReopen  bool
	Open       bool   // the period has begun
	Outside    string // why no figures are taken for the period's year, when none are
	Late       bool
	Prev, Next string
	Warnings   int
	Today      string
	FormName   string
	Files      []domain.Attachment
}

// computedCells computes, for the indicators of a form that come from
// records, each cell's figure over the unit's subtree and the period.
func (s *Handler) computedCells(r *http.Request, rc reportCtx) (map[string]float64, error) {
	out := map[string]float64{}
	for _, ind := range rc.Indicators {
		src, ok, err := domain.ParseSource(ind.Source)
		if err != nil || !ok {
			continue
		}
		figs, err := s.store.RecordFigures(r.Context(), src, rc.Org.Path, rc.Period.Start.Format(time.DateOnly), rc.Period.End.Format(time.DateOnly))
		if err != nil {
			return nil, err
		}
		for _, c := range ind.Combos {
			if v, ok := figs.For(c.Code); ok {
				out[reportgrid.CellName(ind.Code, c.Code)] = v
			}
		}
	}
	return out, nil
}

// fmtValue writes a figure as the pages show it.
func fmtValue(ind domain.Indicator, v float64) string { return analytics.FormatValue(ind, v) }

// buildEntry loads what the entry grid shows: the stored values of the
// period, the previous ones and last year's, and the figures from records;
// reportgrid.Build lays them out. When posted is not nil the inputs show
// what the user typed.
func (s *Handler) buildEntry(r *http.Request, d *reportPageData, posted map[string]string, cellErrs map[string]string) error {
	rc := d.reportCtx
	var ids []int64
	for _, ind := range rc.Indicators {
		ids = append(ids, ind.ID)
	}
	stored, err := s.store.Values(r.Context(), ids, rc.Org.ID, reportgrid.Periods(rc.Period))
	if err != nil {
		return err
	}
	computed, err := s.computedCells(r, rc)
	if err != nil {
		return err
	}
	vals := make(map[reportgrid.Key]domain.StoredValue, len(stored))
	for k, v := range stored {
		vals[reportgrid.Key{IndicatorID: k.IndicatorID, Period: k.Period, Combo: k.Combo}] = v
	}
	g := reportgrid.Build(reportgrid.Input{Indicators: rc.Indicators, Period: rc.Period, Values: vals, Computed: computed,
		Posted: posted, Parse: web.ParseNumber, CellErrs: cellErrs, CanEdit: d.CanEdit})
	d.Groups, d.Computed, d.Warnings = g.Groups, g.Computed, g.Warnings
	return nil
}

func (s *Handler) reportPage(w http.ResponseWriter, r *http.Request, status int, formName string, posted map[string]string, cellErrs map[string]string, ferr error) {
	rc, err := s.loadReportCtx(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	p := s.newPage(r, "", "reports")
	p.Title = rc.Template.DisplayName(p.Lang) + " · " + rc.Period.Label(p.Lang)
	d := reportPageData{reportCtx: rc, Sections: rc.Template.Sections, Narrative: rc.Report.Narrative, Today: s.Today(), FormName: formName}
	d.Open = !rc.Period.Start.After(s.store.Now().In(vntext.Location))
	if d.Open {
		if oerr := s.entryClosed(rc.Period); oerr != nil {
			d.Open, d.Outside = false, errs.As(oerr).Message(p.Lang)
		}
	}
	canEnter := auth.CanEnterReport(u, rc.Org.Path)
	d.CanEdit = canEnter && rc.Report.Status.Editable() && d.Open
	d.CanSubmit = d.CanEdit && rc.Report.ID != 0
	d.CanReview = rc.Report.Status == domain.ReportSubmitted && auth.CanReviewReport(u, rc.Org.Path)
	d.CanReopen = rc.Report.Status == domain.ReportAccepted && auth.CanReopenReport(u, rc.Org.Path)
	d.Late = rc.Report.Late(d.Today)
	d.Prev, d.Next = rc.Period.Prev().ID, rc.Period.Next().ID
	if posted != nil {
		d.Narrative = map[string]string{}
		for i := range d.Sections {
			d.Narrative[d.Sections[i]] = posted["n|"+strconv.Itoa(i)]
		}
	}
	if err := s.buildEntry(r, &d, posted, cellErrs); err != nil {
		s.Fail(w, r, err)
		return
	}
	if rc.Report.ID != 0 {
		if d.Files, err = s.store.ReportFiles(r.Context(), rc.Report.ID); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "report", p)
}

func (s *Handler) handleReportShow(w http.ResponseWriter, r *http.Request) {
	s.reportPage(w, r, http.StatusOK, "", nil, nil, nil)
}

// handleReportSave checks every cell and saves all of them, or none: a
// form with a fault comes back with a message on each cell at fault.
func (s *Handler) handleReportSave(w http.ResponseWriter, r *http.Request) {
	rc, err := s.loadReportCtx(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	if !auth.CanEnterReport(u, rc.Org.Path) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	if cerr := s.entryClosed(rc.Period); cerr != nil {
		s.reportPage(w, r, http.StatusConflict, "entry", nil, nil, cerr)
		return
	}
	if lerr := rc.Report.Editable(s.Now()); lerr != nil {
		s.reportPage(w, r, http.StatusConflict, "entry", nil, nil, lerr)
		return
	}
	version, verr := web.FormInt(r, "version")
	if verr != nil {
		s.Fail(w, r, verr)
		return
	}
	posted := map[string]string{}
	for k := range r.PostForm {
		posted[k] = r.PostFormValue(k)
	}
	computed, err := s.computedCells(r, rc)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	cells, cellErrs := checkCells(rc.Indicators, posted, computed, web.State(r).Lang)
	narrative := map[string]string{}
	for i, sec := range rc.Template.Sections {
		txt := strings.TrimSpace(strings.ReplaceAll(posted["n|"+strconv.Itoa(i)], "\r\n", "\n"))
		if len([]rune(txt)) > 20000 {
			cellErrs["n|"+strconv.Itoa(i)] = web.PickLang(web.State(r).Lang, "nội dung quá dài", "too long")
		}
		if txt != "" {
			narrative[sec] = txt
		}
	}
	if len(cellErrs) > 0 {
		summary := &errs.Error{Code: errs.Invalid,
			VI: "có " + strconv.Itoa(len(cellErrs)) + " ô chưa đúng; chưa có gì được lưu",
			EN: strconv.Itoa(len(cellErrs)) + " cells are wrong; nothing was saved"}
		s.reportPage(w, r, http.StatusBadRequest, "entry", posted, cellErrs, summary)
		return
	}
	_, err = s.store.SaveReport(r.Context(), web.State(r).Actor(), rc.Template, rc.Org, rc.Period, rc.DueOn, version, cells, narrative)
	if err != nil {
		s.reportPage(w, r, web.StatusOf(errs.CodeOf(err)), "entry", posted, nil, err)
		return
	}
	web.RedirectFlash(w, r, reportURL(rc), "saved")
}

// reportForEntry loads a report for a change by someone who enters its
// unit's data, in a period that has begun.
func (s *Handler) reportForEntry(r *http.Request) (reportCtx, error) {
	rc, err := s.loadReportCtx(r)
	if err != nil {
		return rc, err
	}
	if !auth.CanEnterReport(*web.State(r).User, rc.Org.Path) {
		return rc, errs.ErrNoAccess
	}
	return rc, s.entryClosed(rc.Period)
}

// handleReportFiles attaches files to a report (the minutes of a meeting,
// a list of children given gifts, photos of a session). Each file is typed
// by its content and at most 5 MB; a bad file refuses the whole upload.
func (s *Handler) handleReportFiles(w http.ResponseWriter, r *http.Request) {
	rc, err := s.reportForEntry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseMultipart(r); err != nil {
		s.reportPage(w, r, web.StatusOf(errs.CodeOf(err)), "files", nil, nil, err)
		return
	}
	files, err := web.UploadedFiles(r, "files")
	if err == nil {
		_, err = s.store.AttachReportFiles(r.Context(), web.State(r).Actor(), rc.Template, rc.Org, rc.Period, rc.DueOn, files)
	}
	if err != nil {
		s.reportPage(w, r, web.StatusOf(errs.CodeOf(err)), "files", nil, nil, err)
		return
	}
	web.RedirectFlash(w, r, reportURL(rc)+"#files", "files_added")
}

// handleReportFileRemove takes a file off a report that can still change.
func (s *Handler) handleReportFileRemove(w http.ResponseWriter, r *http.Request) {
	rc, err := s.reportForEntry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.store.RemoveReportFile(r.Context(), web.State(r).Actor(), rc.Template, rc.Org, rc.Period, id)
	}
	if err != nil {
		if errs.Is(err, errs.NotFound) {
			s.Fail(w, r, err)
			return
		}
		s.reportPage(w, r, web.StatusOf(errs.CodeOf(err)), "files", nil, nil, err)
		return
	}
	web.RedirectFlash(w, r, reportURL(rc)+"#files", "file_removed")
}

func reportURL(rc reportCtx) string {
	return "/app/reports/" + rc.Template.Code + "/" + rc.Org.Code + "/" + rc.Period.ID
}

// checkCells parses every cell of a posted form against its indicator and
// the cross-indicator rules ("women leaders ≤ leaders"). It returns the
// cells to save and the messages of the cells at fault.
//
// A cell of an indicator computed from records keeps its figure; a value
// that differs from the records needs a reason, which is kept with it.
func checkCells(inds []domain.Indicator, posted map[string]string, computed map[string]float64, lang string) ([]store.CellInput, map[string]string) {
	var cells []store.CellInput
	cellErrs := map[string]string{}
	totals := map[string]float64{}
	for _, ind := range inds {
		if ind.Computed() {
			continue
		}
		for _, c := range ind.Combos {
			name := reportgrid.CellName(ind.Code, c.Code)
			raw := posted[name]
			v, text, e := ind.CheckValue(raw, web.ParseNumber)
			if e != nil {
				cellErrs[name] = e.Message(lang)
				continue
			}
			cell := store.CellInput{IndicatorID: ind.ID, Indicator: ind.Code, Combo: c.Code, Text: text}
			if strings.TrimSpace(raw) != "" && ind.ValueType != domain.TypeText {
				vv := v
				cell.Value = &vv
				totals[ind.Code] += v
			}
			if cv, ok := computed[name]; ok {
				reason := strings.TrimSpace(posted[reportgrid.ReasonName(ind.Code, c.Code)])
				if strings.TrimSpace(raw) == "" {
					// Left empty: the figure from the records stands.
					vv := cv
					cell.Value = &vv
					totals[ind.Code] += cv
				}
				switch {
				case cell.Value != nil && math.Abs(*cell.Value-cv) < 1e-9:
					cell.Computed = true
				case reason == "":
					cellErrs[name] = web.PickLang(lang, "khác số tính từ hồ sơ ("+fmtValue(ind, cv)+"): ghi lý do điều chỉnh",
						"differs from the figure computed from records ("+fmtValue(ind, cv)+"): give the reason")
					continue
				case len([]rune(reason)) > 500:
					cellErrs[name] = web.PickLang(lang, "lý do dài quá 500 ký tự", "the reason is longer than 500 characters")
					continue
				default:
					cell.Reason = reason
				}
			}
			cells = append(cells, cell)
		}
	}
	for _, ind := range inds {
		if ind.LTE == "" {
			continue
		}
		cap, ok := totals[ind.LTE]
		if v, has := totals[ind.Code]; has && ok && v > cap {
			var capName string
			for _, o := range inds {
				if o.Code == ind.LTE {
					capName = o.DisplayName(lang)
				}
			}
			cellErrs[reportgrid.CellName(ind.Code, ind.Combos[0].Code)] = web.PickLang(lang,
				"không được lớn hơn “"+capName+"” ("+vntext.FormatDecimal(cap, -1)+")",
				"must not exceed “"+capName+"” ("+vntext.FormatDecimal(cap, -1)+")")
		}
	}
	return cells, cellErrs
}

// handleReportWorkflow takes a review step on a report.
func (s *Handler) handleReportWorkflow(w http.ResponseWriter, r *http.Request) {
	rc, err := s.loadReportCtx(r)
	if err = web.ThenForm(r, err); err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	action := r.PostFormValue("action")
	allowed := false
	switch action {
	case store.ReportSubmit:
		allowed = auth.CanEnterReport(u, rc.Org.Path)
	case store.ReportAccept, store.ReportReturn:
		allowed = auth.CanReviewReport(u, rc.Org.Path)
	case store.ReportReopen:
		allowed = auth.CanReopenReport(u, rc.Org.Path)
	}
	if !allowed {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if rc.Report.ID == 0 {
		s.reportPage(w, r, http.StatusConflict, "workflow", nil, nil, errs.New(errs.Conflict, "báo cáo chưa có số liệu", "the report has no data yet"))
		return
	}
	version, err := web.FormInt(r, "version")
	if err == nil {
		_, err = s.store.TransitionReport(r.Context(), web.State(r).Actor(), rc.Report.ID, version, action, r.PostFormValue("comment"))
	}
	if err != nil {
		s.reportPage(w, r, web.StatusOf(errs.CodeOf(err)), "workflow", nil, nil, err)
		return
	}
	flash := map[string]string{store.ReportSubmit: "report_submitted", store.ReportAccept: "report_accepted",
		store.ReportReturn: "report_returned", store.ReportReopen: "report_reopened"}[action]
	web.RedirectFlash(w, r, reportURL(rc), flash)
}
