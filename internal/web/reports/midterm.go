package reports

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/docx"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// The mid-term review (đánh giá giữa kỳ) of a multi-year programme: the
// targets page as the document a unit sends, each indicator's baseline,
// yearly figures, target and per cent reached, and what was and was not
// reached, for the officer to explain.

// midtermDocument lays the targets view out as a report.
func midtermDocument(d targetsData, parent, place string) docx.Document {
	field := "trẻ em"
	if d.Programme == string(domain.ProgrammeGender) {
		field = "bình đẳng giới"
	}
	span := strconv.Itoa(d.From) + "–" + strconv.Itoa(d.To)
	doc := docx.Document{ParentIssuer: parent, Issuer: strings.ToUpper(d.Org.Name), Place: place, Type: "BÁO CÁO",
		Title:      "Đánh giá giữa kỳ việc thực hiện các mục tiêu về " + field + " giai đoạn " + span,
		Recipients: []string{"Như trên", "Lưu: VT"}}
	doc.Blocks = append(doc.Blocks,
		docx.Block{Kind: docx.Paragraph, Text: d.Org.Name + " báo cáo kết quả thực hiện các mục tiêu, chỉ tiêu về " + field +
			" giai đoạn " + span + " như sau:"},
		docx.Block{Kind: docx.Heading, Level: 1, Label: "I", Text: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU"})
	head := []string{"STT", "Chỉ số", "Đơn vị tính", "Cơ sở"}
	for _, y := range d.Years {
		head = append(head, strconv.Itoa(y))
	}
	head = append(head, "Mục tiêu "+strconv.Itoa(d.To), "% so với mục tiêu")
	var rows [][]string
	var reached, missed []string
	goals := 0
	for i, row := range d.Rows {
		cells := []string{strconv.Itoa(i + 1), row.Ind.Name, row.Ind.Unit, row.Baseline}
		cells = append(cells, row.Actual...)
		pct := ""
		if row.PercentV != nil {
			pct = vntext.FormatDecimal(*row.PercentV, 1) + "%"
		}
		rows = append(rows, append(cells, row.Target, pct))
		if !row.HasGoal {
			continue
		}
		goals++
		if row.Reached {
			reached = append(reached, row.Ind.Name)
		} else {
			missed = append(missed, row.Ind.Name+" ("+withPct(row, pct)+")")
		}
	}
	widths := []int{1, 8, 2, 2}
	for range d.Years {
		widths = append(widths, 2)
	}
	doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.TableBlock, Table: &docx.Table{Header: head, Rows: rows,
		Widths: append(widths, 2, 2), Align: []string{"center"}}},
		docx.Block{Kind: docx.Heading, Level: 1, Label: "II", Text: "ĐÁNH GIÁ CHUNG"})
	if goals == 0 {
		doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.Paragraph, Text: "Chưa có chỉ số nào được giao mục tiêu cho năm " + strconv.Itoa(d.To) + "."})
	} else {
		doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.Paragraph,
			Text: "Đến nay đã đạt " + strconv.Itoa(len(reached)) + "/" + strconv.Itoa(goals) + " chỉ tiêu được giao cho năm " + strconv.Itoa(d.To) + "."})
		for _, m := range missed {
			doc.Blocks = append(doc.Blocks, docx.Block{Kind: docx.Bullet, Level: 1, Text: "Chưa đạt: " + m + "."})
		}
	}
	doc.Blocks = append(doc.Blocks,
		docx.Block{Kind: docx.Heading, Level: 1, Label: "III", Text: "NHIỆM VỤ, GIẢI PHÁP GIAI ĐOẠN TIẾP THEO"},
		docx.Block{Kind: docx.Paragraph, Text: "Tiếp tục thực hiện các chỉ tiêu chưa đạt nêu tại mục II."})
	return doc
}

func withPct(row targetRow, pct string) string {
	last := ""
	for i := len(row.Actual) - 1; i >= 0; i-- {
		if row.Actual[i] != "" {
			last = row.Actual[i]
			break
		}
	}
	if last == "" {
		return "chưa có số liệu, mục tiêu " + row.Target
	}
	s := "đạt " + last + "/" + row.Target
	if pct != "" {
		s += ", " + pct
	}
	return s
}

// sendMidterm answers the targets view as the mid-term review's DOCX.
func (s *Handler) sendMidterm(w http.ResponseWriter, r *http.Request, d targetsData) {
	parent, place := s.ProvinceOf(r, d.Org)
	var buf bytes.Buffer
	if err := docx.Write(&buf, midtermDocument(d, parent, place)); err != nil {
		s.Fail(w, r, errs.Wrap(err, "export"))
		return
	}
	name := "danh-gia-giua-ky-" + d.Programme + "-" + strings.ToLower(d.Org.Code) + "-" + strconv.Itoa(d.From) + "-" + strconv.Itoa(d.To)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`.docx"`)
	w.Header().Set("Content-Length", strconv.Itoa(buf.Len()))
	_, _ = w.Write(buf.Bytes())
}
