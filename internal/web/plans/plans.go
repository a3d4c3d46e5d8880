package plans

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/observance"
	"tebdg/internal/planparse"
	"tebdg/internal/plans"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Plans: the list, the importer (paste or upload → preview → save), the
// plan page with its workflow, exports and copies.

type planListData struct {
	Plans    []domain.PlanSummary
	Pager    web.Pager
	Query    string
	Year     string
	Status   string
	Statuses []domain.PlanStatus
	CanWrite bool
}

func (s *Handler) handlePlanList(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	p := s.NewPage(r, "", "plans")
	p.Title = p.T("Kế hoạch", "Plans")
	q := r.URL.Query()
	d := planListData{Query: web.TrimTo(q.Get("q"), 200), Year: q.Get("year"), Status: q.Get("status"),
		Statuses: []domain.PlanStatus{domain.PlanDraft, domain.PlanSubmitted, domain.PlanApproved, domain.PlanSent, domain.PlanReturned},
		CanWrite: !auth.OrgWriteScope(u).Empty()}
	sc, anc := auth.PlanReadScope(u)
	f := store.PlanFilter{Ancestors: anc, Search: d.Query, Status: domain.PlanStatus(d.Status)}
	if y, err := strconv.Atoi(d.Year); err == nil {
		f.Year = y
	}
	pg := web.PageOf(r, 50)
	list, total, err := s.store.Plans(r.Context(), sc, f, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Plans, d.Pager = list, web.NewPager(r, pg, total)
	p.Data = d
	s.Render(w, r, http.StatusOK, "plans", p)
}

type planImportData struct {
	Units []domain.OrgUnit
	Year  int
}

// planUnits lists the units u may write plans for.
func (s *Handler) planUnits(r *http.Request, u domain.User, lang string) ([]domain.OrgUnit, error) {
	units, _, err := s.store.OrgUnits(r.Context(), auth.OrgWriteScope(u), store.OrgFilter{}, nil)
	return web.SortUnits(units, lang), err
}

func (s *Handler) handlePlanImportForm(w http.ResponseWriter, r *http.Request) {
	s.planImportForm(w, r, http.StatusOK, nil)
}

func (s *Handler) planImportForm(w http.ResponseWriter, r *http.Request, status int, err error) {
	u := *web.State(r).User
	if auth.OrgWriteScope(u).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	p := s.NewPage(r, "", "plans")
	p.Title = p.T("Nhập kế hoạch từ văn bản", "Import a plan from a document")
	units, uerr := s.planUnits(r, u, p.Lang)
	if uerr != nil {
		s.Fail(w, r, uerr)
		return
	}
	year := s.Now().In(vntext.Location).Year()
	if err != nil {
		p.Form.Values = r.PostForm
		if r.MultipartForm != nil {
			p.Form.Values = r.MultipartForm.Value
		}
		p.Form.SetErr(err, p.Lang)
	} else {
		p.Form.Values.Set("year", strconv.Itoa(year))
		if len(units) > 0 {
			p.Form.Values.Set("org", firstAgency(units))
		}
	}
	p.Data = planImportData{Units: units, Year: year}
	s.Render(w, r, status, "plan_import", p)
}

func firstAgency(units []domain.OrgUnit) string {
	for _, o := range units {
		if o.Kind == domain.KindAgency {
			return o.Code
		}
	}
	return units[0].Code
}

// planSource reads the plan's text from the form: an uploaded .docx or .txt
// file, else the pasted text.
func planSource(r *http.Request) (string, error) {
	if r.MultipartForm != nil {
		if fhs := r.MultipartForm.File["file"]; len(fhs) > 0 && fhs[0].Size > 0 {
			return fileText(fhs[0])
		}
	}
	text := r.FormValue("text")
	if strings.TrimSpace(text) == "" {
		return "", errs.Field("text", "hãy dán nội dung kế hoạch hoặc chọn tệp .docx", "paste the plan's text or choose a .docx file")
	}
	if len(text) > planparse.MaxSize {
		return "", &errs.Error{Code: errs.TooLarge, Field: "text", VI: "văn bản quá lớn, tối đa 5 MB", EN: "the text is larger than 5 MB"}
	}
	return text, nil
}

func fileText(fh *multipart.FileHeader) (string, error) {
	if fh.Size > planparse.MaxSize {
		return "", &errs.Error{Code: errs.TooLarge, Field: "file", VI: "tệp lớn quá 5 MB", EN: "the file is larger than 5 MB"}
	}
	f, err := fh.Open()
	if err != nil {
		return "", errs.Field("file", "không đọc được tệp", "the file could not be read")
	}
	defer func() { _ = f.Close() }()
	data, err := io.ReadAll(io.LimitReader(f, planparse.MaxSize+1))
	if err != nil {
		return "", errs.Field("file", "không đọc được tệp", "the file could not be read")
	}
	if strings.EqualFold(path.Ext(fh.Filename), ".txt") {
		return string(data), nil
	}
	text, err := planparse.DOCXText(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return "", parseError("file", err)
	}
	return text, nil
}

// parseError names the form field a parser's error is about. The error is
// an *errs.Error with its code and both messages; a copy gets the field, so
// the package's sentinel is left as it is, and keeps err as its cause, so
// errors.Is still finds the sentinel.
func parseError(field string, err error) error {
	e := *errs.As(err)
	e.Field, e.Err = field, err
	return &e
}

// importTarget reads and checks the unit and years of an import.
func (s *Handler) importTarget(r *http.Request, u domain.User) (domain.OrgUnit, int, int, error) {
	var l errs.List
	code := domain.NormalizeCode(r.FormValue("org"))
	o, err := s.store.OrgUnit(r.Context(), code)
	if code == "" || err != nil || !auth.CanRead(u, o) {
		l = append(l, errs.Field("org", "chọn đơn vị ban hành kế hoạch", "choose the unit that issues the plan"))
	} else if !auth.CanWritePlans(u, o.Path) {
		return o, 0, 0, errs.ErrNoAccess
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.FormValue("year")))
	if err != nil || year < 2000 || year > 2100 {
		l = append(l, errs.Field("year", "năm phải từ 2000 đến 2100", "the year must be 2000 to 2100"))
	}
	yearTo := year
	if v := strings.TrimSpace(r.FormValue("year_to")); v != "" {
		if yearTo, err = strconv.Atoi(v); err != nil || yearTo < year || yearTo > year+10 {
			l = append(l, errs.Field("year_to", "năm kết thúc phải từ năm bắt đầu đến tối đa 10 năm sau", "the last year must be from the first year to 10 years after it"))
		}
	}
	return o, year, yearTo, l.Err()
}

type planPreviewData struct {
	Org      domain.OrgUnit
	Year     int
	YearTo   int
	Text     string
	Doc      *planparse.Document
	Items    []*domain.PlanItem
	Refs     []domain.ItemRef
	Count    int
	Sections int
}

// handlePlanImportPreview parses the pasted text or uploaded file and shows
// what would be saved: the header, the tree with kinds, deadlines and
// observances, and the documents cited. Nothing is saved yet.
func (s *Handler) handlePlanImportPreview(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseMultipart(r); err != nil {
		s.planImportForm(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	org, year, yearTo, err := s.importTarget(r, u)
	if errs.Is(err, errs.Forbidden) {
		s.Fail(w, r, err)
		return
	}
	text, serr := planSource(r)
	if err == nil {
		err = serr
	}
	var doc *planparse.Document
	if err == nil {
		if doc, err = planparse.ParseText(text); err != nil {
			err = parseError("text", err)
		}
	}
	if err != nil {
		s.planImportForm(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	norm, _ := planparse.Normalize(text)
	p := s.NewPage(r, "", "plans")
	p.Title = p.T("Xem trước kế hoạch", "Plan preview")
	pl, items, refs := plans.FromDocument(doc, org.Code, year, yearTo)
	d := planPreviewData{Org: org, Year: year, YearTo: yearTo, Text: norm, Doc: doc, Items: items, Refs: refs}
	domain.Walk(items, func(it *domain.PlanItem, _ int) {
		d.Count++
		if it.Kind == domain.KindSection {
			d.Sections++
		}
	})
	h := pl.Header
	for k, v := range map[string]string{"title": h.Title, "number": h.Number, "date": h.Date, "place": h.Place,
		"issuer": h.Issuer, "parent_issuer": h.ParentIssuer, "type": h.Type, "guidance": h.Guidance} {
		p.Form.Values.Set(k, v)
	}
	if p.Form.Get("issuer") == "" {
		p.Form.Values.Set("issuer", strings.ToUpper(org.Name))
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "plan_preview", p)
}

// handlePlanImportSave parses the previewed text again and saves the plan
// with the header as the user corrected it.
func (s *Handler) handlePlanImportSave(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.planImportForm(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	org, year, yearTo, err := s.importTarget(r, u)
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		s.planImportForm(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	doc, err := planparse.ParseText(r.PostFormValue("text"))
	if err != nil {
		s.planImportForm(w, r, http.StatusBadRequest, parseError("text", err))
		return
	}
	pl, items, refs := plans.FromDocument(doc, org.Code, year, yearTo)
	pl.Header = headerFromForm(r)
	saved, err := s.store.ImportPlan(r.Context(), web.State(r).Actor(), pl, items, refs)
	if err != nil {
		p := s.NewPage(r, "", "plans")
		p.Title = p.T("Xem trước kế hoạch", "Plan preview")
		norm, _ := planparse.Normalize(r.PostFormValue("text"))
		p.Data = planPreviewData{Org: org, Year: year, YearTo: yearTo, Text: norm, Doc: doc, Items: items, Refs: refs}
		p.Refuse(r, err)
		s.Render(w, r, web.StatusOf(errs.CodeOf(err)), "plan_preview", p)
		return
	}
	web.RedirectFlash(w, r, "/app/plans/"+strconv.FormatInt(saved.ID, 10), "created")
}

func headerFromForm(r *http.Request) domain.PlanHeader {
	date := strings.TrimSpace(r.PostFormValue("date"))
	if t, err := vntext.ParseDate(date); err == nil {
		date = t.Format(time.DateOnly)
	}
	return domain.PlanHeader{
		Title: r.PostFormValue("title"), Number: r.PostFormValue("number"), Date: date,
		Place: r.PostFormValue("place"), Issuer: r.PostFormValue("issuer"), ParentIssuer: r.PostFormValue("parent_issuer"),
		Type: r.PostFormValue("type"), Guidance: r.PostFormValue("guidance"),
	}
}

// loadPlan loads a plan the user may read; others get 404.
func (s *Handler) loadPlan(r *http.Request) (domain.Plan, error) {
	return web.Load(r, s.store.PlanTree, auth.CanReadPlan)
}

type planRow struct {
	*domain.PlanItem
	Shown domain.ItemStatus
}

type planPageData struct {
	Plan       domain.Plan
	Rows       []planRow
	Sections   []plans.SectionProgress
	Total      domain.Rollup
	Revisions  []domain.Revision
	Today      string
	FormName   string
	Kinds      []domain.ItemKind
	CanEdit    bool
	CanSubmit  bool
	CanApprove bool
	CanSend    bool
	CanReturn  bool
	CanDelete  bool
	NextYear   int
	// Observances are the days and months the plan's items are tied to:
	// each has a plan of its own to draft.
	Observances []observance.Event
}

// WorkflowURL and WorkflowVersion are where the page's workflow forms post.
func (d planPageData) WorkflowURL() string {
	return "/app/plans/" + strconv.FormatInt(d.Plan.ID, 10) + "/workflow"
}
func (d planPageData) WorkflowVersion() int { return d.Plan.Version }

func (s *Handler) planPage(w http.ResponseWriter, r *http.Request, status int, formName string, err error) {
	pl, lerr := s.loadPlan(r)
	if lerr != nil {
		s.Fail(w, r, lerr)
		return
	}
	u := *web.State(r).User
	p := s.NewPage(r, "", "plans")
	p.Title = pl.Header.Title
	d := planPageData{Plan: pl, Today: s.Today(), FormName: formName, Kinds: domain.ItemKinds,
		NextYear: pl.YearTo + 1}
	domain.Walk(pl.Items, func(it *domain.PlanItem, _ int) {
		d.Rows = append(d.Rows, planRow{PlanItem: it, Shown: it.DisplayStatus(d.Today)})
	})
	d.Sections = plans.BySection(pl.Items, d.Today)
	d.Total = domain.RollupOf(pl.Items, d.Today)
	edit := auth.CanEditPlan(u, pl)
	d.CanEdit = edit && pl.Status.Editable()
	d.CanSubmit = d.CanEdit
	d.CanApprove = pl.Status == domain.PlanSubmitted && canApprove(u, pl)
	d.CanSend = edit && pl.Status == domain.PlanApproved
	d.CanReturn = edit && (pl.Status == domain.PlanSubmitted || pl.Status == domain.PlanApproved) ||
		pl.Status == domain.PlanSent && auth.CanReturnSentPlan(u, pl)
	d.CanDelete = edit && pl.Status == domain.PlanDraft && pl.SubmittedByID == 0
	revs, rerr := s.store.PlanRevisions(r.Context(), pl.ID)
	if rerr != nil {
		s.Fail(w, r, rerr)
		return
	}
	d.Revisions = revs[:min(len(revs), 5)]
	obs, oerr := s.planObservances(r, pl)
	if oerr != nil {
		s.Fail(w, r, oerr)
		return
	}
	d.Observances = obs
	if err != nil {
		p.Refuse(r, err)
	}
	p.Data = d
	s.Render(w, r, status, "plan", p)
}

// planObservances lists the observances of the plan's first year its
// items are tied to, in date order.
func (s *Handler) planObservances(r *http.Request, pl domain.Plan) ([]observance.Event, error) {
	tied := map[string]bool{}
	domain.Walk(pl.Items, func(it *domain.PlanItem, _ int) {
		if it.Observance != "" {
			tied[it.Observance] = true
		}
	})
	if len(tied) == 0 {
		return nil, nil
	}
	rules, err := s.store.ObservanceRules(r.Context())
	if err != nil {
		return nil, err
	}
	var out []observance.Event
	for _, ev := range observance.Year(rules, pl.YearFrom) {
		if tied[ev.Code] {
			out = append(out, ev)
		}
	}
	return out, nil
}

// canApprove: a manager of the plan's unit who did not submit it.
func canApprove(u domain.User, p domain.Plan) bool {
	return auth.CanApprove(u, p.OrgPath, p.SubmittedByID)
}

func (s *Handler) handlePlanShow(w http.ResponseWriter, r *http.Request) {
	s.planPage(w, r, http.StatusOK, "", nil)
}

// planChange runs one of the plan page's forms after checking the right.
func (s *Handler) planChange(w http.ResponseWriter, r *http.Request, formName, flash string,
	allowed func(u domain.User, p domain.Plan) bool, apply func(p domain.Plan, version int) (string, error)) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !allowed(*web.State(r).User, pl) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	var version int
	if err = web.ParseForm(r); err == nil {
		version, err = web.FormInt(r, "version")
	}
	to := "/app/plans/" + strconv.FormatInt(pl.ID, 10)
	if err == nil {
		var next string
		if next, err = apply(pl, version); next != "" {
			to = next
		}
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		s.planPage(w, r, web.StatusOf(errs.CodeOf(err)), formName, err)
		return
	}
	web.RedirectFlash(w, r, to, flash)
}

func (s *Handler) handlePlanUpdate(w http.ResponseWriter, r *http.Request) {
	s.planChange(w, r, "header", "saved", auth.CanEditPlan, func(p domain.Plan, version int) (string, error) {
		upd := p
		upd.Header = headerFromForm(r)
		upd.Preamble = r.PostFormValue("preamble")
		upd.Signer = domain.PlanSigner{Title: r.PostFormValue("signer_title"), Name: r.PostFormValue("signer_name"),
			Recipients: web.Lines(r.PostFormValue("recipients"))}
		var err error
		if upd.YearFrom, err = strconv.Atoi(r.PostFormValue("year")); err != nil {
			return "", errs.Field("year", "năm không hợp lệ", "not a valid year")
		}
		if upd.YearTo, err = strconv.Atoi(r.PostFormValue("year_to")); err != nil {
			upd.YearTo = upd.YearFrom
		}
		_, err = s.store.UpdatePlan(r.Context(), web.State(r).Actor(), p.ID, version, upd)
		return "", err
	})
}

// handlePlanWorkflow takes a step: submit, approve, send or return.
func (s *Handler) handlePlanWorkflow(w http.ResponseWriter, r *http.Request) {
	action := domain.PlanAction(r.FormValue("action"))
	allowed := func(u domain.User, p domain.Plan) bool {
		switch action {
		case domain.ActSubmit, domain.ActSend:
			return auth.CanEditPlan(u, p)
		case domain.ActApprove:
			return canApprove(u, p) || auth.CanEditPlan(u, p) // the store names the submitter's case
		case domain.ActReturn:
			if p.Status == domain.PlanSent {
				return auth.CanReturnSentPlan(u, p)
			}
			return auth.CanEditPlan(u, p)
		}
		return false
	}
	flash := map[domain.PlanAction]string{domain.ActSubmit: "submitted", domain.ActApprove: "approved",
		domain.ActSend: "sent", domain.ActReturn: "returned"}[action]
	s.planChange(w, r, "workflow", flash, allowed, func(p domain.Plan, version int) (string, error) {
		if action == domain.ActApprove && !canApprove(*web.State(r).User, p) {
			if p.SubmittedByID == web.State(r).User.ID {
				return "", errs.New(errs.Forbidden, "người trình không tự phê duyệt kế hoạch của mình: cần một lãnh đạo khác của cơ quan",
					"the person who submitted a plan cannot approve it: another manager of the agency must")
			}
			return "", errs.ErrNoAccess
		}
		_, err := s.store.TransitionPlan(r.Context(), web.State(r).Actor(), p.ID, version, action, r.PostFormValue("comment"))
		return "", err
	})
}

func (s *Handler) handlePlanCopy(w http.ResponseWriter, r *http.Request) {
	s.planChange(w, r, "copy", "copied", auth.CanEditPlan, func(p domain.Plan, _ int) (string, error) {
		year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
		if err != nil || year < 2000 || year > 2100 {
			return "", errs.Field("copy_year", "năm phải từ 2000 đến 2100", "the year must be 2000 to 2100")
		}
		cp, err := s.store.CopyPlan(r.Context(), web.State(r).Actor(), p.ID, year, year+p.YearTo-p.YearFrom)
		if err != nil {
			return "", err
		}
		return "/app/plans/" + strconv.FormatInt(cp.ID, 10), nil
	})
}

func (s *Handler) handlePlanDelete(w http.ResponseWriter, r *http.Request) {
	s.planChange(w, r, "delete", "deleted", auth.CanEditPlan, func(p domain.Plan, version int) (string, error) {
		return "/app/plans", s.store.DeletePlan(r.Context(), web.State(r).Actor(), p.ID, version)
	})
}

// handlePlanExport sends the plan as DOCX (the official document) or XLSX
// (the assignment table).
func (s *Handler) handlePlanExport(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	var buf bytes.Buffer
	name := "ke-hoach-" + strconv.Itoa(pl.YearFrom) + "-" + strings.ToLower(pl.OrgCode)
	lang := web.State(r).Lang
	switch format {
	case "docx":
		err = plans.DOCX(&buf, pl, "vi", s.Today())
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	case "xlsx":
		err = plans.XLSX(&buf, pl, lang, s.Today())
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name = "phan-cong-" + strconv.Itoa(pl.YearFrom) + "-" + strings.ToLower(pl.OrgCode)
	default:
		s.Fail(w, r, errs.Field("format", "định dạng phải là docx hoặc xlsx", "format must be docx or xlsx"))
		return
	}
	if err != nil {
		w.Header().Del("Content-Type")
		s.Fail(w, r, errs.Wrap(err, "export"))
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.`+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}
