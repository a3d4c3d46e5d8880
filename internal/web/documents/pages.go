package documents

import (
	"bytes"
	"html/template"
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// crumb is one step of the page's breadcrumbs.
type crumb struct{ Href, Text string }

// resultsData is what the page of a drafted report shows: a plan's results
// report or a coordinator's summary, which share the page.
type resultsData struct {
	Crumbs    []crumb
	Heading   string
	Base      string            // the report's address: its forms and exports hang under it
	PageURL   string            // where the period selector goes
	Hidden    map[string]string // the selector's other fields
	Period    period.Period
	Periods   []period.Period
	Draft     results.Draft
	Stored    domain.ResultsReport
	Revisions []domain.ResultsRevision
	// Preview is the section being previewed and its text as HTML.
	Preview     string
	PreviewHTML template.HTML
	// Linked are the periodic reports of the same period that go with a
	// plan's results report to the coordinator.
	Linked     []linkedReport
	CanEdit    bool
	CanApprove bool
	CanSend    bool
	CanReview  bool
	CanReturn  bool
}

// SectionHTML renders what the officer wrote in a section, the same safe
// Markdown as the portal's posts.
func (d resultsData) SectionHTML(key string) template.HTML { return markup.HTML(d.Stored.Texts[key]) }

// Activity and figure lines as the document prints them.
func (d resultsData) ActivityLine(a results.Activity) string { return results.ActivityLine(a) }
func (d resultsData) FigureLine(f results.Figure) string     { return results.FigureLine(f) }
func (d resultsData) AssignmentLine(it results.Item) string  { return results.AssignmentLine(it) }

func (s *Handler) handleResults(w http.ResponseWriter, r *http.Request) {
	s.resultsPage(w, r, http.StatusOK, nil)
}

// resultsPage renders the page; err, when set, is a refused form shown on it.
func (s *Handler) resultsPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	per, err := periodOf(r, pl)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "plans")
	d := resultsData{Period: per, Periods: periodsOf(pl), Heading: p.T("Báo cáo kết quả thực hiện kế hoạch", "Results report"),
		Crumbs:  []crumb{{"/app/plans", p.T("Kế hoạch", "Plans")}, {"/app/plans/" + strconv.FormatInt(pl.ID, 10), pl.Header.Title}},
		Base:    "/app/plans/" + strconv.FormatInt(pl.ID, 10) + "/results/" + per.ID,
		PageURL: "/app/plans/" + strconv.FormatInt(pl.ID, 10) + "/results"}
	if d.Draft, d.Stored, err = s.draft(r, pl, per); err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.Stored.ID != 0 {
		if d.Revisions, err = s.store.ResultsRevisions(r.Context(), d.Stored.ID); err != nil {
			s.Fail(w, r, err)
			return
		}
		d.Revisions = d.Revisions[:min(len(d.Revisions), 20)]
	}
	if d.Linked, err = s.linkedReports(r.Context(), pl, per); err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	edit := auth.CanEditPlan(u, pl)
	st := d.Stored.Status
	d.CanEdit = edit && st.Editable()
	d.CanApprove = st == domain.ResultsSubmitted && auth.CanApprove(u, pl.OrgPath, d.Stored.SubmittedByID)
	d.CanSend = edit && st == domain.ResultsApproved
	d.CanReview = st == domain.ResultsSent && auth.CanReviewReport(u, pl.OrgPath) && !strings.HasPrefix(u.OrgCode, pl.OrgCode)
	d.CanReturn = edit && (st == domain.ResultsSubmitted || st == domain.ResultsApproved) || d.CanReview
	p.Title = p.T("Báo cáo kết quả", "Results report") + " · " + per.Label(p.Lang) + " · " + pl.Header.Title
	s.renderDoc(w, r, p, status, &d, ferr)
}

// renderDoc renders a drafted report's page, with the refused form or the
// preview asked for.
func (s *Handler) renderDoc(w http.ResponseWriter, r *http.Request, p *web.Page, status int, d *resultsData, ferr error) {
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	if key := r.PostFormValue("section"); ferr == nil && r.Method == http.MethodPost && r.PostFormValue("action") == "preview" {
		d.Preview, d.PreviewHTML = key, markup.HTML(r.PostFormValue("text"))
		p.Form.Values = r.PostForm
	}
	p.Data = *d
	s.Render(w, r, status, "results", p)
}

// handleSection saves the officer's text of one section, or shows it as it
// will read ("Xem trước") without saving.
func (s *Handler) handleSection(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.Allow(auth.CanEditPlan(*web.State(r).User, pl)); err != nil {
		s.Fail(w, r, err)
		return
	}
	if !pl.Status.InEffect() {
		s.Fail(w, r, errPlanNotInEffect)
		return
	}
	per, err := periodOf(r, pl)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	key := r.PathValue("section")
	r.PostForm.Set("section", key)
	text := r.PostFormValue("text")
	if err := markupCheck(text); err != nil {
		s.resultsPage(w, r, http.StatusUnprocessableEntity, err)
		return
	}
	if r.PostFormValue("action") == "preview" {
		s.resultsPage(w, r, http.StatusOK, nil)
		return
	}
	version, err := web.FormInt(r, "version")
	if err == nil {
		_, err = s.store.SaveResultsText(r.Context(), web.State(r).Actor(), domain.PlanResults(pl.ID, per.ID), domain.IssuerOfPlan(pl), version, key, text)
	}
	if err != nil {
		s.resultsPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, resultsURL(pl, per)+"#s-"+key, "saved")
}

// errPlanNotInEffect refuses to write the results of a plan not yet
// approved: there is nothing carried out to report on.
var errPlanNotInEffect = errs.New(errs.Conflict, "kế hoạch chưa được phê duyệt nên chưa lập báo cáo kết quả thực hiện",
	"the plan is not approved yet: there are no results to report")

// markupCheck refuses unsafe markup in a section's text, naming the field.
func markupCheck(text string) error {
	err := markup.Check(text)
	if e, ok := err.(*errs.Error); ok && e.Field == "body" {
		cp := *e
		cp.Field = "text"
		return &cp
	}
	return err
}

func resultsURL(pl domain.Plan, per period.Period) string {
	return "/app/plans/" + strconv.FormatInt(pl.ID, 10) + "/results?period=" + per.ID
}

// handleWorkflow takes a step: submit, approve (which numbers the report),
// send, accept, return.
func (s *Handler) handleWorkflow(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	per, err := periodOf(r, pl)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	stored, err := s.store.ResultsReport(r.Context(), domain.PlanResults(pl.ID, per.ID))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if !pl.Status.InEffect() {
		s.Fail(w, r, errPlanNotInEffect)
		return
	}
	action := r.PostFormValue("action")
	edit := auth.CanEditPlan(u, pl)
	review := auth.CanReviewReport(u, pl.OrgPath) && !strings.HasPrefix(u.OrgCode, pl.OrgCode)
	var allowed bool
	switch action {
	case domain.ResultsSubmit, domain.ResultsSend:
		allowed = edit
	case domain.ResultsApprove:
		allowed = auth.CanApprove(u, pl.OrgPath, stored.SubmittedByID)
	case domain.ResultsAccept:
		allowed = review && stored.Status == domain.ResultsSent
	case domain.ResultsReturn:
		allowed = edit && stored.Status != domain.ResultsSent || review && stored.Status == domain.ResultsSent
	default:
		s.Fail(w, r, errs.Field("action", "thao tác không hợp lệ", "unknown action"))
		return
	}
	if err := web.Allow(allowed); err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.FormInt(r, "version")
	if err == nil {
		t := store.ResultsTransition{Action: action, Comment: r.PostFormValue("comment"), Title: results.Title(pl, per), Signer: u.FullName}
		var linked []linkedReport
		if linked, err = s.linkedReports(r.Context(), pl, per); err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, l := range linked {
			t.Linked = append(t.Linked, l.Report.ID)
		}
		_, err = s.store.TransitionResults(r.Context(), web.State(r).Actor(), domain.PlanResults(pl.ID, per.ID), domain.IssuerOfPlan(pl), version, t)
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		s.resultsPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	web.RedirectFlash(w, r, resultsURL(pl, per), "results-"+action)
}

// handleExport sends the report as DOCX or its appendix of figures as XLSX.
func (s *Handler) handleExport(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	per, err := periodOf(r, pl)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.export(w, r, pl, per, r.URL.Query().Get("format"))
}

func (s *Handler) export(w http.ResponseWriter, r *http.Request, pl domain.Plan, per period.Period, format string) {
	if format != "docx" && format != "xlsx" {
		s.Fail(w, r, errs.Field("format", "định dạng phải là docx hoặc xlsx", "format must be docx or xlsx"))
		return
	}
	d, _, err := s.draft(r, pl, per)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var buf bytes.Buffer
	name := "bao-cao-ket-qua-" + strings.ToLower(pl.OrgCode) + "-" + strings.ToLower(per.ID)
	if format == "docx" {
		err = results.DOCX(&buf, d)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	} else {
		err = results.AppendixXLSX(&buf, d)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name = "phu-luc-so-lieu-" + strings.ToLower(pl.OrgCode) + "-" + strings.ToLower(per.ID)
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

// handleAPIResults answers the draft as JSON, or with format=docx|xlsx the
// document.
func (s *Handler) handleAPIResults(w http.ResponseWriter, r *http.Request) {
	pl, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	per, err := periodOf(r, pl)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if f := r.URL.Query().Get("format"); f != "" && f != "json" {
		s.export(w, r, pl, per, f)
		return
	}
	d, _, err := s.draft(r, pl, per)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.WriteJSON(w, http.StatusOK, d)
}
