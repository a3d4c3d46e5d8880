package results

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/docx"
	"tebdg/internal/domain"
	"tebdg/internal/markup"
	"tebdg/internal/tablefile"
)

// Document lays the draft out as an official document (Decree 30/2020):
// the header with "Kính gửi", the opening sentence, sections I–V, the
// signature with Nơi nhận, and the appendix of figures on its own page.
func Document(d Draft) docx.Document {
	doc := docx.Document{ParentIssuer: d.Header.ParentIssuer, Issuer: d.Header.Issuer, Number: d.Header.Number,
		Place: d.Header.Place, Type: d.Header.Type, Title: d.Header.Title, To: d.Header.To,
		Recipients: d.Signer.Recipients, SignerTitle: d.Signer.Title, SignerName: d.Signer.Name}
	if t, err := time.Parse(time.DateOnly, d.Header.Date); err == nil {
		doc.Date = t
	}
	add := func(b ...docx.Block) { doc.Blocks = append(doc.Blocks, b...) }
	add(docx.Block{Kind: docx.Paragraph, Text: d.Opening})
	switch d.Kind {
	case domain.KindGuidance, domain.KindPlanGuidance:
		// A letter's body is numbered paragraphs, without headings.
		doc.Letter = true
		for _, s := range d.Sections {
			for _, f := range s.Facts {
				add(docx.Block{Kind: docx.Paragraph, Text: f})
			}
			add(textBlocks(s.Text)...)
		}
		if d.Closing != "" {
			add(docx.Block{Kind: docx.Paragraph, Text: d.Closing})
		}
		return doc
	case domain.KindObservance:
		for _, s := range d.Sections {
			add(docx.Block{Kind: docx.Heading, Level: 1, Label: s.Key, Text: strings.ToUpper(s.Title)})
			for _, f := range s.Facts {
				add(docx.Block{Kind: docx.Bullet, Level: 1, Text: f})
			}
			if len(s.Items) > 0 {
				add(docx.Block{Kind: docx.TableBlock, Table: &docx.Table{Header: ObservanceHeader, Rows: ObservanceRows(s.Items),
					Widths: []int{1, 9, 4, 4, 3}, Align: []string{"center"}}})
			}
			add(textBlocks(s.Text)...)
		}
		return doc
	}
	for _, s := range d.Sections {
		add(docx.Block{Kind: docx.Heading, Level: 1, Label: s.Key, Text: strings.ToUpper(s.Title)})
		switch s.Key {
		case domain.SectionResults:
			// The officer's overview comes before the item-by-item account.
			add(textBlocks(s.Text)...)
			if d.Kind == domain.KindSummary {
				add(agencyBlocks(s.Items)...)
			} else {
				add(resultBlocks(s.Items)...)
			}
			if len(s.Facts) > 0 {
				add(docx.Block{Kind: docx.Paragraph, Text: "Các hoạt động khác:"})
				for _, f := range s.Facts {
					add(docx.Block{Kind: docx.Bullet, Level: 1, Text: f})
				}
			}
		default:
			for _, f := range s.Facts {
				add(docx.Block{Kind: docx.Bullet, Level: 1, Text: f})
			}
			add(textBlocks(s.Text)...)
		}
	}
	if len(d.Appendix) > 0 {
		table := &docx.Table{Header: AppendixHeader, Rows: AppendixRows(d.Appendix), Widths: []int{1, 9, 2, 3, 3, 3}}
		if d.Kind == domain.KindSummary {
			rows, bold := SummaryRows(d.Appendix)
			table = &docx.Table{Header: SummaryHeader, Rows: rows, Bold: bold, Widths: []int{1, 9, 2, 3, 2}}
		}
		doc.Appendices = [][]docx.Block{{
			{Kind: docx.Heading, Level: 1, Text: "PHỤ LỤC\nSỐ LIỆU KẾT QUẢ THỰC HIỆN " + strings.ToUpper(d.PeriodLabel)},
			{Kind: docx.Paragraph, Text: "(Kèm theo Báo cáo" + numberRef(d.Header.Number) + " của " + d.Header.Unit + ")"},
			{Kind: docx.TableBlock, Table: table},
		}}
	}
	return doc
}

// DOCX writes the draft as a .docx file.
func DOCX(w io.Writer, d Draft) error { return docx.Write(w, Document(d)) }

func numberRef(n string) string {
	if n == "" {
		return ""
	}
	return " số " + n
}

func capitalFirst(s string) string {
	r := []rune(s)
	if len(r) > 0 {
		r[0] = []rune(strings.ToUpper(string(r[0])))[0]
	}
	return string(r)
}

// resultBlocks writes section II: each heading of the plan with its label,
// and under each task its assignment and status, what was done and its
// figures.
func resultBlocks(items []Item) []docx.Block {
	var out []docx.Block
	parts := 0
	for _, it := range items {
		if it.Kind == domain.KindSection {
			parts++
		}
	}
	for _, it := range items {
		text := it.Text
		switch {
		case it.Kind == domain.KindSection:
			// The plan's parts (I, II …) would read as the report's own
			// sections: one part needs no heading, several get theirs
			// without the numeral.
			if parts > 1 {
				out = append(out, docx.Block{Kind: docx.Heading, Level: 2, Text: text})
			}
			continue
		case it.Label == "-" || it.Label == "+":
			lvl := 1
			if it.Label == "+" {
				lvl = 2
			}
			out = append(out, docx.Block{Kind: docx.Bullet, Level: lvl, Label: it.Label, Text: text})
		default:
			out = append(out, docx.Block{Kind: docx.Heading, Level: headingLevel(it.Label, it.Depth+1), Label: it.Label, Text: text})
		}
		if !it.Kind.Trackable() {
			for _, f := range it.Figures {
				out = append(out, docx.Block{Kind: docx.Bullet, Level: 2, Text: FigureLine(f)})
			}
			continue
		}
		out = append(out, docx.Block{Kind: docx.Paragraph, Text: AssignmentLine(it)})
		for _, a := range it.Activities {
			out = append(out, docx.Block{Kind: docx.Bullet, Level: 2, Text: ActivityLine(a)})
		}
		for _, f := range it.Figures {
			out = append(out, docx.Block{Kind: docx.Bullet, Level: 2, Text: FigureLine(f)})
		}
		if it.Note != "" {
			out = append(out, docx.Block{Kind: docx.Paragraph, Text: "Ghi nhận của đơn vị: " + it.Note})
		}
	}
	return out
}

// agencyBlocks writes a summary's section II: each agency under its
// number, with what its reports said.
func agencyBlocks(items []Item) []docx.Block {
	var out []docx.Block
	for _, it := range items {
		out = append(out, docx.Block{Kind: docx.Heading, Level: 2, Label: it.Label, Text: it.Text})
		for _, line := range strings.Split(it.Note, "\n") {
			if line != "" {
				out = append(out, docx.Block{Kind: docx.Bullet, Level: 1, Text: line})
			}
		}
	}
	return out
}

// ObservanceHeader heads an observance plan's table of activities.
var ObservanceHeader = []string{"STT", "Nội dung hoạt động", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"}

// ObservanceRows lays the activities out, one row each, their whole text.
func ObservanceRows(items []Item) [][]string {
	rows := make([][]string, len(items))
	for i, it := range items {
		rows[i] = []string{strconv.Itoa(i + 1), it.Text, it.Lead, strings.Join(it.Supports, ", "), it.Deadline}
	}
	return rows
}

// SummaryHeader heads a summary's table of figures: each indicator's total,
// then each agency's part and share.
var SummaryHeader = []string{"STT", "Chỉ số, cơ quan, đơn vị", "Đơn vị tính", "Số liệu", "Tỷ trọng"}

// SummaryRows lays a summary's figures out: the indicator's row in bold
// with the total, and a row per agency under it.
func SummaryRows(figs []Figure) (rows [][]string, bold []bool) {
	for i, f := range figs {
		rows = append(rows, []string{strconv.Itoa(i + 1), f.Name, f.Unit, f.Value, ""})
		bold = append(bold, true)
		for _, p := range f.Parts {
			rows = append(rows, []string{"", "– " + p.Unit, "", p.Value, p.Share})
			bold = append(bold, false)
		}
	}
	return rows, bold
}

// AssignmentLine is a task's lead and supporting units, deadline, status
// and progress, in one sentence.
func AssignmentLine(it Item) string {
	var parts []string
	if it.Lead != "" {
		parts = append(parts, "Đơn vị chủ trì: "+it.Lead)
	}
	if len(it.Supports) > 0 {
		parts = append(parts, "phối hợp: "+strings.Join(it.Supports, ", "))
	}
	if it.Deadline != "" {
		parts = append(parts, "thời hạn: "+it.Deadline)
	}
	st := "tình trạng: " + strings.ToLower(it.Status.Label("vi"))
	if it.Status != domain.ItemCancelled {
		st += " (" + strconv.Itoa(it.Progress) + "%)"
	}
	parts = append(parts, st)
	if len(it.Activities) == 0 && !it.Parent && it.Status != domain.ItemCancelled {
		parts = append(parts, "chưa ghi nhận hoạt động trong kỳ")
	}
	return capitalFirst(strings.Join(parts, "; ")) + "."
}

// headingLevel follows the plan's outline: I → 1, 1 → 2, 2.1 → 3, a) → 4;
// an item without a label takes its depth.
func headingLevel(label string, depth int) int {
	switch {
	case label == "":
		return min(depth, 4)
	case strings.HasSuffix(label, ")"):
		return 4
	case strings.Contains(label, "."):
		return 3
	case label[0] >= '0' && label[0] <= '9':
		return 2
	}
	return 1
}

// textBlocks turns the officer's Markdown into paragraphs and bullets.
func textBlocks(src string) []docx.Block {
	var out []docx.Block
	for _, line := range strings.Split(markup.Text(src), "\n") {
		line = strings.TrimSpace(line)
		if line != "" {
			out = append(out, docx.Block{Kind: docx.Paragraph, Text: line})
		}
	}
	return out
}

// AppendixHeader heads the table of figures.
var AppendixHeader = []string{"STT", "Chỉ số", "Đơn vị tính", "Kỳ báo cáo", "Cùng kỳ năm trước", "Chỉ tiêu năm"}

// AppendixRows lays the figures out, one row per indicator.
func AppendixRows(figs []Figure) [][]string {
	rows := make([][]string, len(figs))
	for i, f := range figs {
		rows[i] = []string{strconv.Itoa(i + 1), f.Name, f.Unit, f.Value, f.LastYear, f.Target}
	}
	return rows
}

// AppendixXLSX writes the appendix of figures as a spreadsheet: a title
// row naming the report, the header frozen, one row per indicator.
func AppendixXLSX(w io.Writer, d Draft) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	const sheet = "Phụ lục số liệu"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	font := &excelize.Font{Family: "Times New Roman", Size: 12}
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 13, Bold: true},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	head, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman", Size: 12, Bold: true},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}, Border: tablefile.Borders()})
	text, _ := f.NewStyle(&excelize.Style{Font: font, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: tablefile.Borders()})
	num, _ := f.NewStyle(&excelize.Style{Font: font, NumFmt: 3, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}, Border: tablefile.Borders()})
	set := func(col, row int, v any, style int) error { return tablefile.SetCell(f, sheet, col, row, v, style) }
	if err := set(1, 1, "Phụ lục: Số liệu kết quả thực hiện "+d.PeriodLabel+" – "+d.Header.Title, title); err != nil {
		return err
	}
	if err := f.MergeCell(sheet, "A1", "F1"); err != nil {
		return err
	}
	_ = f.SetRowHeight(sheet, 1, 48)
	header := AppendixHeader
	var rows [][]any
	if d.Kind == domain.KindSummary {
		header = SummaryHeader
		texts, _ := SummaryRows(d.Appendix)
		for _, t := range texts {
			rows = append(rows, []any{figValue(t[0]), t[1], t[2], figValue(t[3]), t[4]})
		}
	} else {
		for r, fig := range d.Appendix {
			rows = append(rows, []any{r + 1, fig.Name, fig.Unit, figValue(fig.Value), figValue(fig.LastYear), figValue(fig.Target)})
		}
	}
	for i, h := range header {
		if err := set(i+1, 3, h, head); err != nil {
			return err
		}
	}
	for r, cells := range rows {
		for c, v := range cells {
			style := text
			switch v.(type) {
			case float64, int:
				style = num
			}
			if err := set(c+1, r+4, v, style); err != nil {
				return err
			}
		}
	}
	for col, width := range map[string]float64{"A": 6, "B": 60, "C": 14, "D": 16, "E": 18, "F": 16} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 3, TopLeftCell: "A4", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}

// figValue turns a formatted figure ("1.234", "12,5") back into a number
// for the spreadsheet; text that is not a number stays text.
func figValue(s string) any {
	if s == "" {
		return ""
	}
	plain := strings.ReplaceAll(strings.ReplaceAll(s, ".", ""), ",", ".")
	if v, err := strconv.ParseFloat(plain, 64); err == nil {
		return v
	}
	return s
}
