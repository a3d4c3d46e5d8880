package registries

import (
	"bytes"
	"errors"
	"net/http"
	"slices"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/sheet"
	"tebdg/internal/store"
	"tebdg/internal/upload"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Bulk import of a registry from a spreadsheet or CSV: every row is checked
// and every fault listed before anything is saved, and a file with any
// fault imports nothing.

type importRow struct {
	Line   int
	Title  string
	Org    string
	Errors []string
}

type registryImportData struct {
	Reg      domain.Registry
	Units    []domain.OrgUnit
	Columns  []importColumn
	Rows     []importRow // the preview
	Good     int
	Bad      int
	FileErrs []string
	Blob     string // the uploaded file, kept for the second step
	Name     string
	Org      string
}

type importColumn struct {
	Label, Note string
	Required    bool
}

// importColumns describes the columns an import reads.
func importColumns(reg domain.Registry, lang string) []importColumn {
	cols := []importColumn{{Label: web.PickLang(lang, "Đơn vị", "Unit"), Note: web.PickLang(lang, "mã đơn vị, ví dụ QN-SGTVT-TTS; trống: đơn vị chọn bên dưới",
		"a unit code such as QN-SGTVT-TTS; empty: the unit chosen below")}}
	for _, f := range reg.Fields {
		note := ""
		switch f.Type {
		case domain.FDate:
			note = web.PickLang(lang, "ngày dd/mm/yyyy", "a date, dd/mm/yyyy")
		case domain.FInt, domain.FMoney:
			note = web.PickLang(lang, "số nguyên", "a whole number")
		case domain.FSelect, domain.FMulti:
			var names []string
			for _, o := range f.Options {
				names = append(names, o.Label(lang))
			}
			note = strings.Join(names, "; ")
			if f.Type == domain.FMulti {
				note = web.PickLang(lang, "một hay nhiều, cách nhau bởi dấu chấm phẩy: ", "one or more, separated by semicolons: ") + note
			}
		case domain.FPoint:
			note = web.PickLang(lang, "vĩ độ, kinh độ", "latitude, longitude")
		case domain.FCheck:
			continue // checklists are filled in the application
		}
		cols = append(cols, importColumn{Label: f.FieldLabel(lang), Note: note, Required: f.Required})
	}
	return cols
}

func (s *Handler) importPage(w http.ResponseWriter, r *http.Request, status int, d registryImportData) {
	u := *web.State(r).User
	var err error
	if d.Units, err = s.LoggableUnits(r, u); err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "", "registries")
	p.Title = p.T("Nhập từ tệp: ", "Import: ") + d.Reg.DisplayName(p.Lang)
	d.Columns = importColumns(d.Reg, p.Lang)
	if d.Org == "" {
		d.Org = u.OrgCode
	}
	p.Data = d
	s.Render(w, r, status, "registry_import", p)
}

func (s *Handler) handleRegistryImportForm(w http.ResponseWriter, r *http.Request) {
	reg, err := loadRegistry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if auth.EventWriteScope(*web.State(r).User).Empty() {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	s.importPage(w, r, http.StatusOK, registryImportData{Reg: reg})
}

// optionCode finds the option a cell names, by code or by name in either
// language, tones and case folded.
func optionCode(opts []domain.Option, cell string) (string, bool) {
	k := vntext.Fold(cell)
	for _, o := range opts {
		if cell == o.Code || vntext.Fold(o.Name) == k || vntext.Fold(o.NameEN) == k {
			return o.Code, true
		}
	}
	return "", false
}

// handleRegistryImport checks an uploaded file and shows every row's
// faults; with action=import and no fault, it saves all rows at once.
func (s *Handler) handleRegistryImport(w http.ResponseWriter, r *http.Request) {
	reg, u, err := writableRegistry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseMultipart(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.State(r).Lang
	d := registryImportData{Reg: reg, Org: r.PostFormValue("org")}
	data, blob, name, err := s.importUpload(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if data == nil {
		d.FileErrs = []string{web.PickLang(lang, "hãy chọn tệp Excel (.xlsx) hoặc CSV", "choose an Excel (.xlsx) or CSV file")}
		s.importPage(w, r, http.StatusBadRequest, d)
		return
	}
	d.Blob, d.Name = blob, name
	defOrg, _ := s.store.OrgUnit(r.Context(), d.Org)
	rows, preview, fileErrs, tooLarge := s.checkImport(r, u, reg, data, defOrg, lang)
	d.Rows, d.FileErrs = preview, fileErrs
	for _, pr := range preview {
		if len(pr.Errors) > 0 {
			d.Bad++
		} else {
			d.Good++
		}
	}
	if len(fileErrs) > 0 || d.Bad > 0 || r.PostFormValue("action") != "import" {
		status := http.StatusOK
		switch {
		case tooLarge:
			status = http.StatusRequestEntityTooLarge
		case len(fileErrs) > 0 || d.Bad > 0:
			status = http.StatusBadRequest
		}
		s.importPage(w, r, status, d)
		return
	}
	if _, err := s.store.ImportRecords(r.Context(), web.State(r).Actor(), reg, rows, d.Name); err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/registries/"+string(reg.Kind), "imported")
}

// checkImport reads and checks every row. It returns the rows to save,
// the preview with each row's faults, the faults of the file itself, and
// whether the file was over a limit.
func (s *Handler) checkImport(r *http.Request, u domain.User, reg domain.Registry, data []byte, defOrg domain.OrgUnit, lang string) ([]store.NewRecord, []importRow, []string, bool) {
	msg := func(e sheet.Error) string { return web.PickLang(lang, e.Message, e.MessageEN) }
	fileErrs := func(err error) []string {
		var es sheet.Errors
		if errors.As(err, &es) {
			var out []string
			for _, e := range es {
				out = append(out, msg(e))
			}
			return out
		}
		return []string{err.Error()}
	}
	tbl, err := sheet.Read(bytes.NewReader(data), sheet.Limits{MaxBytes: 10 << 20, MaxRows: 5000})
	if err != nil {
		return nil, nil, fileErrs(err), sheet.IsTooLarge(err)
	}
	want := []sheet.Column{{Field: "org", Aliases: []string{"Đơn vị", "Unit", "org", "Mã đơn vị"}}}
	var fields []domain.RegistryField
	for _, f := range reg.Fields {
		if f.Type == domain.FCheck {
			continue
		}
		fields = append(fields, f)
		want = append(want, sheet.Column{Field: f.Name, Aliases: []string{f.Label, f.LabelEN, f.Name}, Required: f.Required})
	}
	cols, err := sheet.Columns(tbl.Header, want)
	if err != nil {
		return nil, nil, fileErrs(err), false
	}
	if len(tbl.Rows) == 0 {
		return nil, nil, []string{web.PickLang(lang, "tệp không có dòng dữ liệu nào", "the file has no data rows")}, false
	}
	units := map[string]domain.OrgUnit{}
	var out []store.NewRecord
	var preview []importRow
	for _, row := range tbl.Rows {
		cell := func(field string) string {
			if i, ok := cols[field]; ok && i < len(row.Cells) {
				return row.Cells[i]
			}
			return ""
		}
		pr := importRow{Line: row.Line}
		fail := func(field, vi, en string) {
			label := field
			if f, ok := reg.Field(field); ok {
				label = f.FieldLabel(lang)
			} else if field == "org" {
				label = web.PickLang(lang, "Đơn vị", "Unit")
			}
			pr.Errors = append(pr.Errors, label+": "+web.PickLang(lang, vi, en))
		}
		org := defOrg
		if code := strings.ToUpper(cell("org")); code != "" {
			o, ok := units[code]
			if !ok {
				var err error
				if o, err = s.store.OrgUnit(r.Context(), code); err != nil {
					fail("org", "không có đơn vị mã "+code, "there is no unit "+code)
				}
				units[code] = o
			}
			org = o
		}
		if org.ID != 0 && !auth.CanWriteEvents(u, org.Path) {
			fail("org", "bạn không ghi sổ cho đơn vị "+org.Code, "you do not record for "+org.Code)
		} else if org.ID == 0 && cell("org") == "" {
			fail("org", "thiếu đơn vị: ghi mã đơn vị hoặc chọn đơn vị mặc định", "no unit: write a unit code or choose a default unit")
		}
		v := domain.RecordValues{}
		for _, f := range fields {
			raw := cell(f.Name)
			switch f.Type {
			case domain.FDate:
				if raw != "" {
					day, err := web.ParseDay(raw)
					if err != nil {
						fail(f.Name, "ngày không hợp lệ (dd/mm/yyyy)", "not a valid date (dd/mm/yyyy)")
						continue
					}
					raw = day
				}
			case domain.FSelect:
				if raw != "" {
					code, ok := optionCode(f.Options, raw)
					if !ok {
						fail(f.Name, "không phải một lựa chọn: "+raw, "not one of the choices: "+raw)
						continue
					}
					raw = code
				}
			case domain.FMulti:
				var codes []string
				for _, part := range strings.FieldsFunc(raw, func(c rune) bool { return c == ';' || c == ',' || c == '\n' }) {
					code, ok := optionCode(f.Options, strings.TrimSpace(part))
					if !ok {
						fail(f.Name, "không phải một lựa chọn: "+part, "not one of the choices: "+part)
						continue
					}
					codes = append(codes, code)
				}
				raw = strings.Join(codes, " ")
			}
			v[f.Name] = raw
		}
		for _, e := range errs.Fields(domain.CheckValues(fields, v, checkPoint)) {
			if !slices.ContainsFunc(pr.Errors, func(s string) bool { return strings.HasPrefix(s, labelOf(reg, e.Field, lang)+":") }) {
				pr.Errors = append(pr.Errors, labelOf(reg, e.Field, lang)+": "+e.Message(lang))
			}
		}
		pr.Title, pr.Org = v[reg.Title], org.Code
		preview = append(preview, pr)
		out = append(out, store.NewRecord{Org: org, Values: v})
	}
	return out, preview, nil, false
}

func labelOf(reg domain.Registry, field, lang string) string {
	if f, ok := reg.Field(field); ok {
		return f.FieldLabel(lang)
	}
	return field
}

// handleRegistryTemplate sends an empty spreadsheet with the columns an
// import reads.
func (s *Handler) handleRegistryTemplate(w http.ResponseWriter, r *http.Request) {
	reg, err := loadRegistry(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.State(r).Lang
	var header []string
	for _, c := range importColumns(reg, lang) {
		header = append(header, c.Label)
	}
	var buf bytes.Buffer
	if err := web.ListXLSX(&buf, sheetName(reg), header, nil); err != nil {
		s.Fail(w, r, errs.Wrap(err, "import template"))
		return
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="mau-nhap-`+string(reg.Kind)+`.xlsx"`)
	_, _ = w.Write(buf.Bytes())
}

// importUpload reads the spreadsheet of a two-step import: uploaded now
// (and kept as a blob for the confirming step) or, on that step, the blob
// kept from the preview. No file gives nil data and no error.
func (s *Handler) importUpload(r *http.Request) (data []byte, blob, name string, err error) {
	unreadable := errs.Field("file", "không đọc được tệp", "the file could not be read")
	if r.MultipartForm != nil && len(r.MultipartForm.File["file"]) > 0 {
		fh := r.MultipartForm.File["file"][0]
		f, err := fh.Open()
		if err != nil {
			return nil, "", "", unreadable
		}
		defer func() { _ = f.Close() }()
		var buf bytes.Buffer
		if _, err := buf.ReadFrom(f); err != nil {
			return nil, "", "", unreadable
		}
		blob, err := s.store.PutBlob(r.Context(), buf.Bytes(), "application/octet-stream")
		return buf.Bytes(), blob, upload.CleanName(fh.Filename), err
	}
	if sha := r.PostFormValue("blob"); len(sha) == 64 {
		data, err := s.store.AttachmentData(r.Context(), sha)
		if err != nil {
			return nil, "", "", errs.Field("file", "tệp đã tải lên không còn, hãy chọn lại", "the uploaded file is gone: choose it again")
		}
		return data, sha, web.TrimTo(r.PostFormValue("name"), 200), nil
	}
	return nil, "", "", nil
}
