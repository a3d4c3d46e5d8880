package documents

import (
	"bytes"
	"net/http"
	"strconv"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// registerData is the register of outgoing documents of a unit and year.
type registerData struct {
	Org   domain.OrgUnit
	Units []domain.OrgUnit
	Year  int
	Docs  []domain.OutgoingDoc
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
// as XLSX with ?format=xlsx.
func (s *Handler) handleRegister(w http.ResponseWriter, r *http.Request) {
	o, year, err := s.registerQuery(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	docs, err := s.store.OutgoingDocs(r.Context(), o.ID, year, "", "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "plans")
	switch r.URL.Query().Get("format") {
	case "":
	case "xlsx":
		s.registerXLSX(w, r, o, year, docs)
		return
	default:
		s.Fail(w, r, errs.Field("format", "định dạng phải là xlsx", "format must be xlsx"))
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
	p.Data = registerData{Org: o, Units: web.SortUnits(agencies, p.Lang), Year: year, Docs: docs}
	s.Render(w, r, http.StatusOK, "register", p)
}

// registerHeader heads the register's columns, as the clerk's book does.
var registerHeader = []string{"Số, ký hiệu", "Ngày văn bản", "Loại văn bản", "Trích yếu nội dung", "Người ký"}

func (s *Handler) registerXLSX(w http.ResponseWriter, r *http.Request, o domain.OrgUnit, year int, docs []domain.OutgoingDoc) {
	rows := make([][]string, len(docs))
	for i, d := range docs {
		rows[i] = []string{d.Number, web.DMY(d.IssuedOn), d.Type, d.Title, d.Signer}
	}
	var buf bytes.Buffer
	if err := web.ListXLSX(&buf, "So van ban di "+strconv.Itoa(year), registerHeader, rows); err != nil {
		s.Fail(w, r, errs.Wrap(err, "export"))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="so-van-ban-di-`+o.Code+`-`+strconv.Itoa(year)+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

// handleAPIRegister lists the register as JSON.
func (s *Handler) handleAPIRegister(w http.ResponseWriter, r *http.Request) {
	o, year, err := s.registerQuery(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	docs, err := s.store.OutgoingDocs(r.Context(), o.ID, year, "", "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if docs == nil {
		docs = []domain.OutgoingDoc{}
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(docs, len(docs)))
}
