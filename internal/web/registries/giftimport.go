package registries

import (
	"bytes"
	"errors"
	"net/http"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/sheet"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Importing staff children from a spreadsheet, as the union or the office
// keeps them: every row checked and shown before anything is saved, and a
// file with any fault imports nothing.

type childImportData struct {
	Rows     []importRow
	FileErrs []string
	Good     int
	Bad      int
	Blob     string
	Name     string
}

var childColumns = []sheet.Column{
	{Field: "org", Aliases: []string{"Đơn vị", "Mã đơn vị", "Unit"}, Required: true},
	{Field: "staff", Aliases: []string{"Họ tên cán bộ", "Cán bộ", "Cha, mẹ", "Họ tên cha, mẹ", "Parent"}, Required: true},
	{Field: "name", Aliases: []string{"Họ tên cháu", "Họ và tên cháu", "Child"}, Required: true},
	{Field: "birth", Aliases: []string{"Ngày sinh", "Date of birth"}, Required: true},
	{Field: "sex", Aliases: []string{"Giới tính", "Sex"}, Required: true},
	{Field: "special", Aliases: []string{"Hoàn cảnh đặc biệt", "Special circumstances"}},
	{Field: "special_note", Aliases: []string{"Hoàn cảnh", "Circumstances"}},
	{Field: "achievement", Aliases: []string{"Thành tích", "Thành tích học tập", "Achievement"}},
}

func (s *Handler) handleStaffChildrenImport(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if auth.ChildrenScope(u).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if err := web.ParseMultipart(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.State(r).Lang
	var d childImportData
	data, blob, name, err := s.importUpload(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if data == nil {
		d.FileErrs = []string{web.PickLang(lang, "hãy chọn tệp Excel (.xlsx) hoặc CSV", "choose an Excel (.xlsx) or CSV file")}
		s.renderChildImport(w, r, http.StatusBadRequest, d)
		return
	}
	d.Blob, d.Name = blob, name
	rows, tooLarge := s.checkChildImport(r, u, data, &d, lang)
	if len(d.FileErrs) > 0 || d.Bad > 0 || r.PostFormValue("action") != "import" {
		status := http.StatusOK
		switch {
		case tooLarge:
			status = http.StatusRequestEntityTooLarge
		case len(d.FileErrs) > 0 || d.Bad > 0:
			status = http.StatusBadRequest
		}
		s.renderChildImport(w, r, status, d)
		return
	}
	if _, err := s.store.ImportStaffChildren(r.Context(), web.State(r).Actor(), rows, d.Name); err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/gifts/children", "imported")
}

func (s *Handler) checkChildImport(r *http.Request, u domain.User, data []byte, d *childImportData, lang string) ([]domain.StaffChild, bool) {
	tbl, err := sheet.Read(bytes.NewReader(data), sheet.Limits{MaxBytes: 5 << 20, MaxRows: 5000})
	var cols map[string]int
	if err == nil {
		cols, err = sheet.Columns(tbl.Header, childColumns)
	}
	if err != nil {
		var es sheet.Errors
		if errors.As(err, &es) {
			for _, e := range es {
				d.FileErrs = append(d.FileErrs, web.PickLang(lang, e.Message, e.MessageEN))
			}
		} else {
			d.FileErrs = []string{errs.As(err).Message(lang)}
		}
		return nil, sheet.IsTooLarge(err)
	}
	units := map[string]domain.OrgUnit{}
	now := s.store.Now()
	var out []domain.StaffChild
	for _, row := range tbl.Rows {
		get := func(f string) string { return strings.TrimSpace(row.Get(cols, f)) }
		pr := importRow{Line: row.Line, Title: get("name")}
		code := strings.ToUpper(get("org"))
		o, ok := units[code]
		if !ok {
			o, err = s.store.OrgUnit(r.Context(), code)
			if err == nil {
				units[code] = o
			}
		}
		switch {
		case code == "" || o.ID == 0:
			pr.Errors = append(pr.Errors, web.PickLang(lang, "Đơn vị: không có đơn vị mã ", "Unit: there is no unit ")+code)
		case !auth.CanSeeChildren(u, o.Path):
			pr.Errors = append(pr.Errors, web.PickLang(lang, "Đơn vị: bạn không quản lý hồ sơ của đơn vị ", "Unit: you do not keep the records of ")+code)
		}
		pr.Org = code
		birth, berr := web.ParseDay(get("birth"))
		if berr != nil {
			birth = "invalid"
		}
		sex := map[string]string{"nam": "male", "male": "male", "nu": "female", "female": "female"}[vntext.Fold(get("sex"))]
		special := map[string]bool{"co": true, "x": true, "yes": true, "1": true}[vntext.Fold(get("special"))]
		c := domain.StaffChild{OrgID: o.ID, OrgCode: o.Code, Staff: get("staff"), Name: get("name"), Birth: birth, Sex: sex, Special: special,
			SpecialNote: get("special_note"), Achievement: get("achievement")}
		for _, e := range errs.Fields(c.Validate(now)) {
			pr.Errors = append(pr.Errors, e.Message(lang))
		}
		if len(pr.Errors) > 0 {
			d.Bad++
		} else {
			d.Good++
		}
		d.Rows = append(d.Rows, pr)
		out = append(out, c)
	}
	if len(tbl.Rows) == 0 {
		d.FileErrs = append(d.FileErrs, web.PickLang(lang, "tệp không có dòng dữ liệu nào", "the file has no data rows"))
	}
	return out, false
}

func (s *Handler) renderChildImport(w http.ResponseWriter, r *http.Request, status int, d childImportData) {
	p := s.newPage(r, "", "gifts")
	p.Title = p.T("Nhập danh sách con cán bộ", "Import staff children")
	w.Header().Set("Cache-Control", "no-store")
	p.Data = d
	s.Render(w, r, status, "gift_children_import", p)
}
