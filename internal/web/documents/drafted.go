package documents

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/results"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The pages of every drafted document (a plan's results report, the
// coordinator's summary, the guidance letter, the observance plan) are the
// same: the draft with the officer's editors, approval by a leader of the
// issuing unit who did not submit it, numbering, DOCX and XLSX, and for a
// results report the coordinator's review. Each kind says only where it
// is, who writes and reviews it and how it is drafted.

// drafted is one drafted document as its pages see it.
type drafted struct {
	Key        domain.ResultsKey
	Issuer     domain.Issuer
	IssuerPath string // its leaders approve
	Base       string // the page; forms and exports hang under it
	Nav        string
	Heading    string
	Crumbs     []crumb
	Period     period.Period
	Periods    []period.Period // the selector's choices; none: no selector
	PageURL    string
	Hidden     map[string]string
	Title      string // the trích yếu the register writes
	DocType    string // the register's type, "" for a report
	SetsDue    bool   // a letter with a deadline the officer sets
	FileName   string // without extension
	CanWrite   func(u domain.User) bool
	// CanReview, when set, is who accepts or returns the document once
	// sent (the coordinator of a results report); nil: it leaves tebdg.
	CanReview func(u domain.User) bool
	// Linked, when set, lists the periodic reports that go with it.
	Linked func(r *http.Request) ([]linkedReport, error)
	// Closed, when set, refuses every change with its reason.
	Closed error
	// Build drafts the document; it returns what is stored of it too, read
	// once for both.
	Build func(r *http.Request) (results.Draft, domain.ResultsReport, error)
}

// reviews reports whether u may accept or return the document st.
func (doc *drafted) reviews(u domain.User, st domain.ResultsReport) bool {
	return doc.CanReview != nil && st.Status == domain.ResultsSent && doc.CanReview(u)
}

// docHandlers serves the pages of a kind of drafted document.
type docHandlers struct {
	s    *Handler
	load func(r *http.Request) (*drafted, error)
}

func (h docHandlers) page(w http.ResponseWriter, r *http.Request) { h.render(w, r, http.StatusOK, nil) }

func (h docHandlers) render(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	s := h.s
	doc, err := h.load(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", doc.Nav)
	d := resultsData{Crumbs: doc.Crumbs, Heading: doc.Heading, Base: doc.Base, PageURL: doc.PageURL, Hidden: doc.Hidden,
		Period: doc.Period, Periods: doc.Periods}
	if d.Draft, d.Stored, err = doc.Build(r); err != nil {
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
	if doc.Linked != nil {
		if d.Linked, err = doc.Linked(r); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	u := *web.State(r).User
	edit, st := doc.CanWrite(u) && doc.Closed == nil, d.Stored.Status
	d.CanEdit = edit && st.Editable()
	d.CanApprove = st == domain.ResultsSubmitted && auth.CanApprove(u, doc.IssuerPath, d.Stored.SubmittedByID)
	d.CanSend = edit && st == domain.ResultsApproved
	d.CanReview = doc.reviews(u, d.Stored)
	d.CanReturn = (edit || d.CanApprove) && (st == domain.ResultsSubmitted || st == domain.ResultsApproved) || d.CanReview
	p.Title = doc.Heading + " · " + doc.Period.Label(p.Lang)
	s.renderDoc(w, r, p, status, &d, ferr)
}

// change runs a form of the page after checking the right.
func (h docHandlers) change(w http.ResponseWriter, r *http.Request, allowed func(domain.User, *drafted, domain.ResultsReport) bool,
	apply func(doc *drafted, version int) error) {
	s := h.s
	doc, err := h.load(r)
	if err = web.ThenForm(r, err); err != nil {
		s.Fail(w, r, err)
		return
	}
	stored, err := s.store.ResultsReport(r.Context(), doc.Key)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.Allow(allowed(*web.State(r).User, doc, stored)); err != nil {
		s.Fail(w, r, err)
		return
	}
	if doc.Closed != nil {
		s.Fail(w, r, doc.Closed)
		return
	}
	version, err := web.FormInt(r, "version")
	if err == nil {
		err = apply(doc, version)
	}
	if err != nil {
		if errs.Is(err, errs.Forbidden) {
			s.Fail(w, r, err)
			return
		}
		h.render(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	flash := "saved"
	if r.PathValue("section") == "" {
		flash = "results-" + r.PostFormValue("action")
	}
	web.RedirectFlash(w, r, doc.Base, flash)
}

// section saves the officer's text of a section, or previews it.
func (h docHandlers) section(w http.ResponseWriter, r *http.Request) {
	key := r.PathValue("section")
	if err := web.ParseForm(r); err == nil {
		r.PostForm.Set("section", key)
		if err := markupCheck(r.PostFormValue("text")); err != nil {
			h.render(w, r, http.StatusUnprocessableEntity, err)
			return
		}
		if r.PostFormValue("action") == "preview" {
			h.render(w, r, http.StatusOK, nil)
			return
		}
	}
	h.change(w, r, func(u domain.User, doc *drafted, _ domain.ResultsReport) bool { return doc.CanWrite(u) },
		func(doc *drafted, version int) error {
			_, err := h.s.store.SaveResultsText(r.Context(), web.State(r).Actor(), doc.Key, doc.Issuer, version, key, r.PostFormValue("text"))
			return err
		})
}

// due sets a letter's deadline for what it asks.
func (h docHandlers) due(w http.ResponseWriter, r *http.Request) {
	h.change(w, r, func(u domain.User, doc *drafted, _ domain.ResultsReport) bool { return doc.SetsDue && doc.CanWrite(u) },
		func(doc *drafted, version int) error {
			_, err := h.s.store.SetResultsDue(r.Context(), web.State(r).Actor(), doc.Key, doc.Issuer, version, strings.TrimSpace(r.PostFormValue("due_on")))
			return err
		})
}

// workflow takes a step. A document without a reviewer leaves tebdg once
// sent: nobody accepts it here.
func (h docHandlers) workflow(w http.ResponseWriter, r *http.Request) {
	if err := web.ParseForm(r); err != nil {
		h.s.Fail(w, r, err)
		return
	}
	switch r.PostFormValue("action") {
	case domain.ResultsSubmit, domain.ResultsApprove, domain.ResultsSend, domain.ResultsAccept, domain.ResultsReturn:
	default:
		h.s.Fail(w, r, errs.Field("action", "thao tác không hợp lệ", "unknown action"))
		return
	}
	h.change(w, r, func(u domain.User, doc *drafted, st domain.ResultsReport) bool {
		switch r.PostFormValue("action") {
		case domain.ResultsSubmit, domain.ResultsSend:
			return doc.CanWrite(u)
		case domain.ResultsApprove:
			return auth.CanApprove(u, doc.IssuerPath, st.SubmittedByID)
		case domain.ResultsAccept:
			return doc.reviews(u, st)
		case domain.ResultsReturn:
			if st.Status == domain.ResultsSent {
				return doc.reviews(u, st)
			}
			return doc.CanWrite(u) || auth.CanApprove(u, doc.IssuerPath, st.SubmittedByID)
		}
		return false
	}, func(doc *drafted, version int) error {
		t := store.ResultsTransition{Action: r.PostFormValue("action"), Comment: r.PostFormValue("comment"), Title: doc.Title,
			Signer: web.State(r).User.FullName, DocType: doc.DocType}
		if doc.Linked != nil {
			linked, err := doc.Linked(r)
			if err != nil {
				return err
			}
			for _, l := range linked {
				t.Linked = append(t.Linked, l.Report.ID)
			}
		}
		_, err := h.s.store.TransitionResults(r.Context(), web.State(r).Actor(), doc.Key, doc.Issuer, version, t)
		return err
	})
}

// export sends the document as DOCX, its figures as XLSX, or (the API's
// default) the draft as JSON.
func (h docHandlers) export(w http.ResponseWriter, r *http.Request) {
	s := h.s
	doc, err := h.load(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	format := r.URL.Query().Get("format")
	if format == "" && strings.HasPrefix(r.URL.Path, "/api/") {
		format = "json"
	}
	if format != "docx" && format != "xlsx" && format != "json" {
		s.Fail(w, r, errs.Field("format", "định dạng phải là docx hoặc xlsx", "format must be docx or xlsx"))
		return
	}
	d, _, err := doc.Build(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if format == "json" {
		web.WriteJSON(w, http.StatusOK, d)
		return
	}
	var buf bytes.Buffer
	ctype := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	if format == "docx" {
		err = results.DOCX(&buf, d)
	} else {
		err = results.AppendixXLSX(&buf, d)
		ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	}
	if err != nil {
		s.Fail(w, r, errs.Wrap(err, "export"))
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", `attachment; filename="`+doc.FileName+`.`+format+`"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}

// routes mounts a kind's pages under base ("/app/summaries/{org}/{programme}/{period}")
// and its JSON under api.
func (h docHandlers) routes(m *web.Mux, base, api string) {
	m.App("GET "+base, h.page)
	m.App("POST "+base+"/sections/{section}", h.section)
	m.App("POST "+base+"/workflow", h.workflow)
	m.App("GET "+base+"/export", h.export)
	m.App("POST "+base+"/due", h.due)
	m.API("GET "+api, h.export)
}
