package reports

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/docx"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

var romans = []string{"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"}

// reportTable lays the report's figures out as rows: one per indicator,
// with its option cells and its total.
func (s *Handler) reportTable(r *http.Request, rc reportCtx, lang string) ([]string, [][]string, error) {
	d := reportPageData{reportCtx: rc}
	if err := s.buildEntry(r, &d, nil, nil); err != nil {
		return nil, nil, err
	}
	header := []string{web.PickLang(lang, "STT", "No."), web.PickLang(lang, "Chỉ số", "Indicator"), web.PickLang(lang, "Đơn vị tính", "Unit"),
		web.PickLang(lang, "Số liệu", "Figures"), web.PickLang(lang, "Tổng số", "Total")}
	var rows [][]string
	n := 0
	for _, g := range d.Groups {
		for _, row := range g.Rows {
			n++
			var parts []string
			total := row.Total
			for _, c := range row.Cells {
				if c.Value == "" {
					continue
				}
				if c.Combo.Code == "" {
					total = c.Value
					continue
				}
				name := c.Combo.Name
				if lang == "en" {
					name = c.Combo.NameEN
				}
				parts = append(parts, name+": "+c.Value)
			}
			rows = append(rows, []string{strconv.Itoa(n), row.Ind.DisplayName(lang), row.Ind.Unit, strings.Join(parts, "; "), total})
		}
	}
	return header, rows, nil
}

// ProvinceOf names, for a unit's documents, the province above it: its
// people's committee as the parent issuer ("UBND TỈNH QUẢNG NINH") and its
// name as the place of the date line ("Quảng Ninh").
func (s *Handler) ProvinceOf(r *http.Request, o domain.OrgUnit) (parent, place string) {
	path := strings.Split(strings.Trim(o.Path, "/"), "/")
	for _, idStr := range path[:len(path)-1] {
		id, _ := strconv.ParseInt(idStr, 10, 64)
		if a, err := s.store.OrgUnitByID(r.Context(), id); err == nil && a.Kind == domain.KindProvince {
			place = strings.TrimPrefix(strings.TrimPrefix(a.Name, "Tỉnh "), "Thành phố ")
			parent = "UBND " + strings.ToUpper(a.Name)
		}
	}
	return parent, place
}

// handleReportExport sends a unit's periodic report as the official DOCX
// (Decree 30/2020 layout: "BÁO CÁO", "Kính gửi", the narrative and the
// table of figures) or its form as XLSX.
func (s *Handler) handleReportExport(w http.ResponseWriter, r *http.Request) {
	rc, err := s.loadReportCtx(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := web.State(r).Lang
	header, rows, err := s.reportTable(r, rc, "vi")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	name := "bao-cao-" + strings.ToLower(rc.Template.Code) + "-" + strings.ToLower(rc.Org.Code) + "-" + rc.Period.ID
	var buf bytes.Buffer
	switch r.URL.Query().Get("format") {
	case "docx":
		parent, place := s.ProvinceOf(r, rc.Org)
		doc := docx.Document{ParentIssuer: parent, Issuer: rc.Org.Name, Place: place, Type: "BÁO CÁO",
			Title: rc.Template.Name + "\n" + rc.Period.Label("vi"), To: []string{rc.Template.OrgName},
			Recipients: []string{rc.Template.OrgName, "Lưu: VT"}}
		if !rc.Report.SubmittedAt.IsZero() {
			doc.Date = rc.Report.SubmittedAt.In(vntext.Location)
		}
		for i, sec := range rc.Template.Sections {
			label := strconv.Itoa(i + 1)
			if i < len(romans) {
				label = romans[i]
			}
			doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.Heading, Level: 1, Label: label, Text: strings.ToUpper(sec)})
			if txt := rc.Report.Narrative[sec]; txt != "" {
				doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.Paragraph, Text: txt})
			}
			if i == 0 && len(rows) > 0 {
				doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.TableBlock, Table: &docx.Table{Header: header, Rows: rows,
					Widths: []int{1, 8, 2, 6, 2}}})
			}
		}
		if len(rc.Template.Sections) == 0 && len(rows) > 0 {
			doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.TableBlock, Table: &docx.Table{Header: header, Rows: rows}})
		}
		// The attached files are named at the end, as a paper report lists
		// what it encloses.
		if rc.Report.ID != 0 {
			files, ferr := s.store.ReportFiles(r.Context(), rc.Report.ID)
			if ferr != nil {
				s.Fail(w, r, ferr)
				return
			}
			if len(files) > 0 {
				names := make([]string, len(files))
				for i, f := range files {
					names[i] = f.Filename
				}
				doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.Paragraph, Text: "Tài liệu kèm theo: " + strings.Join(names, "; ") + "."})
			}
		}
		err = docx.Write(&buf, doc)
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
		name += ".docx"
	case "xlsx":
		header, rows, err = s.reportTable(r, rc, lang)
		if err == nil {
			err = tableXLSX(&buf, rc.Template.DisplayName(lang)+" · "+rc.Org.DisplayName(lang)+" · "+rc.Period.Label(lang), header, rows)
		}
		w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
		name += ".xlsx"
	default:
		s.Fail(w, r, errs.Field("format", "định dạng phải là docx hoặc xlsx", "format must be docx or xlsx"))
		return
	}
	if err != nil {
		w.Header().Del("Content-Type")
		s.Fail(w, r, errs.Wrap(err, "report export"))
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	_, _ = w.Write(buf.Bytes())
}

// tableXLSX writes a titled table as a spreadsheet, numbers as numbers.
func tableXLSX(buf *bytes.Buffer, title string, header []string, rows [][]string) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sheet := "Sheet1"
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err := f.SetCellValue(sheet, "A1", title); err != nil {
		return err
	}
	_ = f.SetCellStyle(sheet, "A1", "A1", bold)
	for j, h := range header {
		c, _ := excelize.CoordinatesToCellName(j+1, 3)
		_ = f.SetCellValue(sheet, c, h)
		_ = f.SetCellStyle(sheet, c, c, bold)
	}
	for i, row := range rows {
		for j, v := range row {
			c, _ := excelize.CoordinatesToCellName(j+1, i+4)
			if n, err := web.ParseNumber(v); err == nil && v != "" && j > 0 {
				_ = f.SetCellValue(sheet, c, n)
			} else {
				_ = f.SetCellValue(sheet, c, v)
			}
		}
	}
	_ = f.SetColWidth(sheet, "B", "B", 60)
	_ = f.SetColWidth(sheet, "D", "D", 50)
	return f.Write(buf)
}
