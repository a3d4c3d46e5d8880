package portal

import (
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/search"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Search "by category, content and date", as the sample portal offers it:
// accents optional, ranked, highlighted, the same on both engines.

// searchRequest is a search as asked for in a query string.
type searchRequest struct {
	Q, Category, Kind, From, To string
	ByDate                      bool
	Page                        store.Page
	Filter                      store.SearchFilter
}

// readSearch checks a search's parameters. Every problem is a field error
// in both languages.
func (s *Handler) readSearch(r *http.Request) (searchRequest, error) {
	v := r.URL.Query()
	sr := searchRequest{Q: v.Get("q"), Category: v.Get("category"), Kind: v.Get("kind"), From: v.Get("from"), To: v.Get("to"),
		ByDate: v.Get("sort") == "date", Page: web.PageOf(r, 10)}
	var l errs.List
	q, err := search.Parse(sr.Q)
	if err != nil {
		l = append(l, errs.As(err))
	}
	if sr.Category != "" {
		cats, err := s.store.PostCategories(r.Context())
		if err != nil {
			return sr, err
		}
		found := sr.Category == "dich-vu"
		for _, c := range cats {
			found = found || c.Code == sr.Category
		}
		if !found {
			l = append(l, errs.Field("category", "không có chuyên mục này", "no such category"))
		}
	}
	switch sr.Kind {
	case "", store.DocPost, store.DocDocument, store.DocService:
	default:
		l = append(l, errs.Field("kind", "loại kết quả không hợp lệ", "unknown kind of result"))
	}
	day := func(field, val string) string {
		if val == "" {
			return ""
		}
		t, err := vntext.ParseDate(val)
		if err != nil || t.Year() < 1900 || t.Year() > 2100 {
			l = append(l, errs.Field(field, "ngày không hợp lệ: dùng dạng ngày/tháng/năm, từ năm 1900 đến 2100",
				"not a valid date: use day/month/year, between 1900 and 2100"))
			return ""
		}
		return t.Format(time.DateOnly)
	}
	from, to := day("from", sr.From), day("to", sr.To)
	if from != "" && to != "" && from > to {
		l = append(l, errs.Field("to", "ngày kết thúc trước ngày bắt đầu", "the end date is before the start date"))
	}
	if sr.Page.Number > 1000 {
		l = append(l, errs.Field("page", "trang không hợp lệ", "not a valid page"))
	}
	sr.Filter = store.SearchFilter{Query: q, Kind: sr.Kind, Category: sr.Category, From: from, To: to, ByDate: sr.ByDate}
	return sr, l.Err()
}

// searchHit is a result as shown and as the API returns it.
type searchHit struct {
	Kind    string        `json:"kind"`
	ID      string        `json:"id"`
	Title   string        `json:"title"`
	URL     string        `json:"url"`
	Snippet string        `json:"snippet"`
	Date    string        `json:"date,omitempty"`
	TitleHL template.HTML `json:"-"`
	HTML    template.HTML `json:"-"`
}

func hitURL(h domain.SearchHit) string {
	switch h.Kind {
	case store.DocPost:
		return "/posts/" + h.Ref + "/" + domain.PostSlug(h.Title)
	case store.DocDocument:
		return "/documents/" + h.Ref
	}
	return "/directory#service-" + h.Ref
}

func (s *Handler) runSearch(r *http.Request, sr searchRequest) ([]searchHit, int, error) {
	hits, total, err := s.store.Search(r.Context(), sr.Filter, sr.Page)
	if err != nil {
		return nil, 0, err
	}
	out := make([]searchHit, len(hits))
	for i, h := range hits {
		snip := search.Snippet(sr.Filter.Query, h.Body, 220)
		out[i] = searchHit{Kind: h.Kind, ID: h.Ref, Title: h.Title, URL: hitURL(h), Date: h.Day, Snippet: string(snip),
			TitleHL: search.Highlight(sr.Filter.Query, h.Title), HTML: snip}
	}
	return out, total, nil
}

type searchPageData struct {
	Req        searchRequest
	Hits       []searchHit
	Total      int
	Ranked     int // how many are ranked by relevance when there are more
	Pager      web.Pager
	Categories []domain.PostCategory
	Searched   bool
	SortByDate string
	SortByRank string
}

// handlePortalSearch is the search page. A bad query answers 400 with the
// form and the message, never a half result.
func (s *Handler) handlePortalSearch(w http.ResponseWriter, r *http.Request) {
	s.countVisit(r)
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = p.T("Tìm kiếm", "Search")
	sr, err := s.readSearch(r)
	p.Portal.Query = sr.Q
	p.Portal.Section = "search"
	for k, v := range r.URL.Query() {
		p.Form.Values[k] = v
	}
	d := searchPageData{Req: sr, Categories: p.Portal.Categories}
	status := http.StatusOK
	if err != nil {
		p.Form.SetErr(err, p.Lang)
		status = web.StatusOf(errs.CodeOf(err))
	} else if !sr.Filter.Query.Empty() {
		d.Searched = true
		d.Hits, d.Total, err = s.runSearch(r, sr)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		pg := sr.Page.Normalize(10)
		shown := d.Total
		if !sr.ByDate && shown > store.MaxRanked {
			shown, d.Ranked = store.MaxRanked, store.MaxRanked
		}
		d.Pager = web.NewPager(r, pg, shown)
		p.Title = p.Tf("Tìm “%s”", "Search “%s”", sr.Q)
	}
	v := r.URL.Query()
	v.Del("page")
	v.Set("sort", "date")
	d.SortByDate = "/search?" + v.Encode()
	v.Del("sort")
	d.SortByRank = "/search?" + v.Encode()
	p.Data = d
	w.Header().Set("Cache-Control", "no-cache")
	s.Render(w, r, status, "portal_search", p)
}

// handleAPISearch is GET /api/v1/search: the public search as JSON. It
// needs no token: it finds public content only.
func (s *Handler) handleAPISearch(w http.ResponseWriter, r *http.Request) {
	sr, err := s.readSearch(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	hits := []searchHit{}
	total := 0
	if !sr.Filter.Query.Empty() {
		if hits, total, err = s.runSearch(r, sr); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	for i := range hits {
		hits[i].URL = s.BaseURL(r) + hits[i].URL
	}
	web.WriteJSON(w, http.StatusOK, map[string]any{"total": total, "hits": hits})
}

type documentData struct {
	Doc domain.LegalDoc
}

// handlePortalDocument shows a legal document of the registry to citizens:
// its citation, issuer, date, status and link to the official text.
func (s *Handler) handlePortalDocument(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	doc, err := s.store.LegalDoc(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p, err := s.publicPage(r, doc.Name())
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Portal.Section = "van-ban"
	if doc.Link != "" {
		if u, err := url.Parse(doc.Link); err != nil || (u.Scheme != "https" && u.Scheme != "http") {
			doc.Link = ""
		}
	}
	p.Data = documentData{Doc: doc}
	s.Render(w, r, http.StatusOK, "portal_document", p)
}
