package admin

import (
	"net/http"
	"strconv"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The registry of legal documents: list, detail with the plans citing the
// document, add and correct.

type legalListData struct {
	Docs    []domain.LegalDoc
	Types   []string
	Query   string
	Type    string
	Pager   web.Pager
	CanEdit bool
}

func (s *Handler) handleLegalList(w http.ResponseWriter, r *http.Request) {
	p := s.NewPage(r, "", "legal")
	p.Title = p.T("Văn bản", "Legal documents")
	q := r.URL.Query()
	d := legalListData{Query: web.TrimTo(q.Get("q"), 200), Type: q.Get("type"), CanEdit: auth.CanEditLegalDocs(*web.State(r).User)}
	pg := web.ListPage(r, 50)
	docs, total, err := s.store.LegalDocs(r.Context(), store.LegalFilter{Search: d.Query, Type: d.Type}, pg)
	if err == nil {
		d.Types, err = s.store.LegalDocTypes(r.Context())
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if web.Downloading(r) {
		s.SendTable(w, r, "van-ban", legalTable(docs, p.Lang))
		return
	}
	d.Docs, d.Pager = docs, web.NewPager(r, pg, total)
	p.Data = d
	s.Render(w, r, http.StatusOK, "legal", p)
}

type legalDocData struct {
	Doc      domain.LegalDoc
	Plans    []domain.Plan
	CanEdit  bool
	New      bool
	Statuses []string
	Types    []string
}

var legalTypes = []string{"Luật", "Bộ luật", "Nghị quyết", "Nghị định", "Quyết định", "Chỉ thị", "Thông tư", "Kế hoạch", "Công văn", "Hướng dẫn", "Chương trình", "Đề án"}

func (s *Handler) legalPage(w http.ResponseWriter, r *http.Request, status int, d legalDocData, err error) {
	p := s.NewPage(r, "", "legal")
	p.Title = d.Doc.Name()
	if d.New {
		p.Title = p.T("Thêm văn bản", "Add a document")
	}
	d.Statuses, d.Types = domain.LegalStatuses, legalTypes
	d.CanEdit = auth.CanEditLegalDocs(*web.State(r).User)
	if err != nil {
		p.Refuse(r, err)
	} else {
		doc := d.Doc
		for k, v := range map[string]string{"type": doc.Type, "number": doc.Number, "issuer": doc.Issuer, "date": doc.Date,
			"title": doc.Title, "status": doc.Status, "link": doc.Link} {
			p.Form.Values.Set(k, v)
		}
		if doc.Year != 0 {
			p.Form.Values.Set("year", strconv.Itoa(doc.Year))
		}
	}
	p.Data = d
	s.Render(w, r, status, "legal_doc", p)
}

func (s *Handler) handleLegalShow(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	doc, err := s.store.LegalDoc(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	u := *web.State(r).User
	sc, _ := auth.PlanReadScope(u)
	citing, err := s.store.PlansCiting(r.Context(), sc, id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.legalPage(w, r, http.StatusOK, legalDocData{Doc: doc, Plans: citing}, nil)
}

func (s *Handler) handleLegalNew(w http.ResponseWriter, r *http.Request) {
	if !auth.CanEditLegalDocs(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	s.legalPage(w, r, http.StatusOK, legalDocData{New: true, Doc: domain.LegalDoc{Status: "in_force"}}, nil)
}

func legalFromForm(r *http.Request) (domain.LegalDoc, error) {
	d := domain.LegalDoc{Type: r.PostFormValue("type"), Number: r.PostFormValue("number"), Issuer: r.PostFormValue("issuer"),
		Title: r.PostFormValue("title"), Status: r.PostFormValue("status"), Link: r.PostFormValue("link")}
	var err error
	if d.Date, err = web.ParseDay(r.PostFormValue("date")); err != nil {
		return d, errs.Field("date", "ngày ban hành không hợp lệ (dd/mm/yyyy)", "not a valid date (dd/mm/yyyy)")
	}
	if y := r.PostFormValue("year"); y != "" {
		if d.Year, err = strconv.Atoi(y); err != nil {
			return d, errs.Field("year", "năm không hợp lệ", "not a valid year")
		}
	}
	return d, nil
}

func (s *Handler) handleLegalCreate(w http.ResponseWriter, r *http.Request) {
	if !auth.CanEditLegalDocs(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	err := web.ParseForm(r)
	var doc domain.LegalDoc
	if err == nil {
		if doc, err = legalFromForm(r); err == nil {
			doc, err = s.store.CreateLegalDoc(r.Context(), web.State(r).Actor(), doc)
		}
	}
	if err != nil {
		s.legalPage(w, r, web.StatusOf(errs.CodeOf(err)), legalDocData{New: true}, err)
		return
	}
	web.RedirectFlash(w, r, "/app/legal/"+strconv.FormatInt(doc.ID, 10), "created")
}

func (s *Handler) handleLegalUpdate(w http.ResponseWriter, r *http.Request) {
	if !auth.CanEditLegalDocs(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	old, err := s.store.LegalDoc(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var version int
	if err = web.ParseForm(r); err == nil {
		version, err = web.FormInt(r, "version")
	}
	var doc domain.LegalDoc
	if err == nil {
		if doc, err = legalFromForm(r); err == nil {
			_, err = s.store.UpdateLegalDoc(r.Context(), web.State(r).Actor(), id, version, doc)
		}
	}
	if err != nil {
		s.legalPage(w, r, web.StatusOf(errs.CodeOf(err)), legalDocData{Doc: old}, err)
		return
	}
	web.RedirectFlash(w, r, "/app/legal/"+strconv.FormatInt(id, 10), "saved")
}
