package plans

import (
	"io"
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/planparse"
	"tebdg/internal/plans"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// handleAPIPlanParse parses a plan without saving it: a plain-text body, or
// a .docx (or .txt) as the multipart field "file".
func (s *Handler) handleAPIPlanParse(w http.ResponseWriter, r *http.Request) {
	var text string
	if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		if err := web.ParseMultipart(r); err != nil {
			s.Fail(w, r, err)
			return
		}
		fhs := r.MultipartForm.File["file"]
		if len(fhs) == 0 {
			s.Fail(w, r, errs.Field("file", "thiếu tệp trong trường file", "the multipart field file is missing"))
			return
		}
		var err error
		if text, err = fileText(fhs[0]); err != nil {
			s.Fail(w, r, err)
			return
		}
	} else {
		body, err := io.ReadAll(io.LimitReader(r.Body, planparse.MaxSize+1))
		if err != nil {
			s.Fail(w, r, &errs.Error{Code: errs.TooLarge, VI: "văn bản quá lớn, tối đa 5 MB", EN: "the text is larger than 5 MB"})
			return
		}
		if len(body) > planparse.MaxSize {
			s.Fail(w, r, planparse.ErrTooLarge)
			return
		}
		text = string(body)
	}
	doc, err := planparse.ParseText(text)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if doc.Items == nil {
		doc.Items = []*planparse.Item{}
	}
	if doc.References == nil {
		doc.References = []planparse.Reference{}
	}
	web.WriteJSON(w, http.StatusOK, doc)
}

func (s *Handler) handleAPIPlanList(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	sc, anc := auth.PlanReadScope(u)
	f := store.PlanFilter{Ancestors: anc}
	q := r.URL.Query()
	if code := q.Get("org"); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) && !auth.CanReadPlan(u, domain.Plan{OrgPath: o.Path}) {
			s.Fail(w, r, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", code))
			return
		}
		f.OrgPath = o.Path
	}
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			s.Fail(w, r, errs.Field("year", "năm phải từ 2000 đến 2100", "the year must be 2000 to 2100"))
			return
		}
		f.Year = n
	}
	list, total, err := s.store.Plans(r.Context(), sc, f, web.PageOf(r, 50))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	type item struct {
		domain.Plan
		Progress int `json:"progress"`
		Items    int `json:"item_count"`
	}
	out := make([]item, len(list))
	for i, p := range list {
		out[i] = item{Plan: p.Plan, Progress: p.Rollup.Progress, Items: p.ItemCount}
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total))
}

// apiPlanInput is the body of POST /api/v1/plans: a header, and optionally
// the plan's text to import as its item tree.
type apiPlanInput struct {
	Org      string            `json:"org"`
	Year     int               `json:"year"`
	YearTo   int               `json:"year_to"`
	Header   domain.PlanHeader `json:"header"`
	Preamble string            `json:"preamble"`
	Text     string            `json:"text"`
}

func (s *Handler) handleAPIPlanCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	var in apiPlanInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	o, err := s.store.OrgUnit(r.Context(), in.Org)
	if err != nil || !auth.CanRead(u, o) {
		s.Fail(w, r, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", in.Org))
		return
	}
	if !auth.CanWritePlans(u, o.Path) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	p := domain.Plan{OrgCode: o.Code, YearFrom: in.Year, YearTo: in.YearTo, Header: in.Header, Preamble: in.Preamble}
	var items []*domain.PlanItem
	var refs []domain.ItemRef
	if strings.TrimSpace(in.Text) != "" {
		doc, err := planparse.ParseText(in.Text)
		if err != nil {
			s.Fail(w, r, parseError("text", err))
			return
		}
		var parsed domain.Plan
		parsed, items, refs = plans.FromDocument(doc, o.Code, in.Year, in.YearTo)
		if p.Header.Title == "" {
			p.Header = parsed.Header
		}
		if p.Preamble == "" {
			p.Preamble = parsed.Preamble
		}
	}
	saved, err := s.store.ImportPlan(r.Context(), web.State(r).Actor(), p, items, refs)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	tree, err := s.store.PlanTree(r.Context(), saved.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/plans/"+strconv.FormatInt(saved.ID, 10))
	web.WriteJSON(w, http.StatusCreated, tree)
}

func (s *Handler) handleAPIPlanGet(w http.ResponseWriter, r *http.Request) {
	p, err := s.loadPlan(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if p.Items == nil {
		p.Items = []*domain.PlanItem{}
	}
	web.WriteJSON(w, http.StatusOK, p)
}

// handleAPIPlanExport is the API's form of the page's export links.
func (s *Handler) handleAPIPlanExport(w http.ResponseWriter, r *http.Request) {
	if f := r.URL.Query().Get("format"); f != "docx" && f != "xlsx" {
		s.Fail(w, r, errs.Field("format", "định dạng phải là docx hoặc xlsx", "format must be docx or xlsx"))
		return
	}
	s.handlePlanExport(w, r)
}
