package documents

import (
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/tablefile"
	"tebdg/internal/web"
)

// registerData is the register of outgoing documents of a unit and year.
type registerData struct {
	Org   domain.OrgUnit
	Units []domain.OrgUnit
	Year  int
	Years []int // the selector's, newest first
	Docs  []domain.OutgoingDoc
}

// registerDocs is the register the request asks for.
func (s *Handler) registerDocs(r *http.Request) (domain.OrgUnit, int, []domain.OutgoingDoc, error) {
	o, year, err := s.registerQuery(r)
	if err != nil {
		return o, year, nil, err
	}
	docs, err := s.store.OutgoingDocs(r.Context(), o.ID, year, "", "")
	return o, year, docs, err
}

// registerQuery reads ?org= (default: the user's own unit) and ?year=
// (default: this year), checking that the user reaches the unit.
func (s *Handler) registerQuery(r *http.Request) (domain.OrgUnit, int, error) {
	u := *web.State(r).User
	q := r.URL.Query()
	code := q.Get("org")
	if code == "" {
		code = u.OrgCode
	}
	o, err := s.store.OrgUnit(r.Context(), code)
	if err != nil || !auth.CanRead(u, o) {
		return o, 0, errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", code)
	}
	year := s.Now().Year()
	if y := q.Get("year"); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil || n < 2000 || n > 2100 {
			return o, 0, errs.Field("year", "năm phải từ 2000 đến 2100", "the year must be 2000 to 2100")
		}
		year = n
	}
	return o, year, nil
}

// handleRegister shows the register (sổ đăng ký văn bản đi), or sends it
// as XLSX or CSV with ?format=.
func (s *Handler) handleRegister(w http.ResponseWriter, r *http.Request) {
	o, year, docs, err := s.registerDocs(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "plans")
	if web.Downloading(r) {
		s.SendTable(w, r, "so-van-ban-di-"+strings.ToLower(o.Code)+"-"+strconv.Itoa(year), registerTable(docs, o, year, p.Lang))
		return
	}
	units, _, err := s.store.OrgUnits(r.Context(), auth.ReadScope(*web.State(r).User), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var agencies []domain.OrgUnit
	for _, u := range units {
		if u.Kind == domain.KindAgency || u.ID == o.ID {
			agencies = append(agencies, u)
		}
	}
	p.Title = p.T("Sổ đăng ký văn bản đi", "Register of outgoing documents") + " · " + o.DisplayName(p.Lang) + " · " + strconv.Itoa(year)
	d := registerData{Org: o, Units: web.SortUnits(agencies, p.Lang), Year: year, Docs: docs}
	for y := max(s.Now().Year(), year) + 1; y >= min(2020, year); y-- {
		d.Years = append(d.Years, y)
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "register", p)
}

// registerTable is the register as a download, columned as the clerk's
// book is.
func registerTable(docs []domain.OutgoingDoc, o domain.OrgUnit, year int, lang string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Sổ văn bản đi ", "Outgoing documents ") + strconv.Itoa(year), Columns: []tablefile.Column{
		{VI: "Số, ký hiệu", EN: "Number", Kind: tablefile.Text, Width: 18},
		{VI: "Ngày văn bản", EN: "Date", Kind: tablefile.Date},
		{VI: "Loại văn bản", EN: "Type", Kind: tablefile.Text, Width: 14},
		{VI: "Trích yếu nội dung", EN: "Title", Kind: tablefile.Text, Width: 70},
		{VI: "Người ký", EN: "Signed by", Kind: tablefile.Text, Width: 24},
		{VI: "Đơn vị", EN: "Unit", Kind: tablefile.Text, Width: 28},
	}}
	for _, d := range docs {
		t.Rows = append(t.Rows, []any{d.Number, d.IssuedOn, d.Type, d.Title, d.Signer, o.DisplayName(lang)})
	}
	return t
}

// handleAPIRegister lists the register as JSON.
func (s *Handler) handleAPIRegister(w http.ResponseWriter, r *http.Request) {
	_, _, docs, err := s.registerDocs(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if docs == nil {
		docs = []domain.OutgoingDoc{}
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(docs, len(docs)))
}
