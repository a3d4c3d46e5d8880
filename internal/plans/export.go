package plans

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/docx"
	"tebdg/internal/domain"
	"tebdg/internal/tablefile"
	"tebdg/internal/vntext"
)

// DOCX writes the plan as an official document (Decree 30/2020 layout):
// the header, the preamble, the item tree with its labels as written and,
// after the text, the assignment table; after the signature, Phụ lục 01 of
// the documents it carries out.
func DOCX(w io.Writer, p domain.Plan, lang, today string) error {
	d := docx.Document{
		ParentIssuer: p.Header.ParentIssuer, Issuer: p.Header.Issuer, Number: p.Header.Number,
		Place: p.Header.Place, Type: p.Header.Type, Title: p.Header.Title,
		Recipients: p.Signer.Recipients, SignerName: p.Signer.Name, Language: lang,
	}
	if d.Issuer == "" {
		d.Issuer = p.OrgName
	}
	if d.Type == "" {
		d.Type = "KẾ HOẠCH"
	}
	if p.Header.Date != "" {
		if t, err := time.Parse(time.DateOnly, p.Header.Date); err == nil {
			d.Date = t
		}
	}
	if p.Signer.Title != "" {
		d.SignerTitle = strings.Split(p.Signer.Title, "\n")
	}
	if len(d.Recipients) == 0 {
		d.Recipients = []string{"Như trên", "Lưu: VT"}
		if lang == "en" {
			d.Recipients = []string{"As above", "Archive"}
		}
	}
	if p.Preamble != "" {
		d.Blocks = append(d.Blocks, docx.Block{Kind: docx.Paragraph, Text: p.Preamble})
	}
	domain.Walk(p.Items, func(it *domain.PlanItem, depth int) {
		b := docx.Block{Label: it.Label, Text: itemText(it)}
		switch {
		case IsBullet(it.Label):
			b.Kind, b.Level = docx.Bullet, 1
			if it.Label == "+" {
				b.Level = 2
			}
		case it.Kind == domain.KindNote && it.Label == "":
			b.Kind = docx.Paragraph
		default:
			b.Kind, b.Level = docx.Heading, headingLevel(it.Label, depth)
		}
		d.Blocks = append(d.Blocks, b)
	})
	if rows := AssignmentRows(p, lang, today); len(rows) > 0 {
		title := "PHÂN CÔNG THỰC HIỆN"
		if lang == "en" {
			title = "ASSIGNMENTS"
		}
		d.Blocks = append(d.Blocks, docx.Block{Kind: docx.Heading, Level: 1, Text: title},
			docx.Block{Kind: docx.TableBlock, Table: &docx.Table{
				Header: assignmentHeader(lang)[:5], Rows: trimCols(rows, 5), Widths: []int{2, 12, 5, 5, 4},
				// The numbering is centred as a table's "STT" column is: left
				// to itself "4.1" would pass for a figure and go right.
				Align: []string{"center"},
			}})
	}
	if refs := DirectivesAppendix(p, lang); refs != nil {
		d.Appendices = append(d.Appendices, refs)
	}
	return docx.Write(w, d)
}

// DirectivesAppendix is the plan's "Phụ lục 01": the directives and other
// documents it carries out, from the legal registry, oldest first, with
// number, date, issuer and what each is about. nil when it cites none.
func DirectivesAppendix(p domain.Plan, lang string) []docx.Block {
	if len(p.References) == 0 {
		return nil
	}
	refs := slices.Clone(p.References)
	slices.SortStableFunc(refs, func(a, b domain.LegalDoc) int { return strings.Compare(docDay(a), docDay(b)) })
	rows := make([][]string, len(refs))
	for i, d := range refs {
		day := ""
		if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
			day = vntext.FormatDate(t)
		} else if d.Year != 0 {
			day = strconv.Itoa(d.Year)
		}
		rows[i] = []string{strconv.Itoa(i + 1), d.Name(), day, d.Issuer, d.Title}
	}
	head := []string{"STT", "Văn bản", "Ngày ban hành", "Cơ quan ban hành", "Trích yếu nội dung"}
	title := "PHỤ LỤC 01\nCÁC VĂN BẢN CHỈ ĐẠO VỀ CÔNG TÁC TRẺ EM, BÌNH ĐẲNG GIỚI"
	with := "(Kèm theo Kế hoạch"
	if p.Header.Number != "" {
		with += " số " + p.Header.Number
	}
	with += " của " + p.OrgName
	if lang == "en" {
		head = []string{"No.", "Document", "Issued", "Issuer", "Subject"}
		title, with = "APPENDIX 01\nDIRECTIVES ON CHILDREN AND GENDER EQUALITY", "(Attached to plan "+p.Header.Number
	}
	return []docx.Block{
		{Kind: docx.Heading, Level: 1, Text: title},
		{Kind: docx.Paragraph, Text: with + ")"},
		{Kind: docx.TableBlock, Table: &docx.Table{Header: head, Rows: rows, Widths: []int{1, 5, 3, 4, 8}, Align: []string{"center"}}},
	}
}

// docDay orders documents by their day, those known only by year at the
// start of it.
func docDay(d domain.LegalDoc) string {
	if d.Date != "" {
		return d.Date
	}
	if d.Year != 0 {
		return strconv.Itoa(d.Year)
	}
	return ""
}

// IsBullet reports whether an item's label is a bullet sign, which numbers
// nothing.
func IsBullet(label string) bool {
	return label == "-" || label == "+" || label == "•" || label == "*"
}

// headingLevel follows the outline: I → 1, 1 → 2, 2.1 → 3, a) → 4.
func headingLevel(label string, depth int) int {
	switch {
	case label == "":
		return min(depth+1, 4)
	case strings.HasSuffix(label, ")"):
		return 4
	case strings.Contains(label, "."):
		return 3
	case label[0] >= '0' && label[0] <= '9':
		return 2
	}
	return 1
}

// itemText is what the document prints for an item: its title, then its
// text when the text says more than the title.
func itemText(it *domain.PlanItem) string {
	switch {
	case it.Title == "":
		return it.Text
	case it.Text == "" || strings.HasPrefix(strings.TrimSpace(it.Text), it.Title):
		if it.Text != "" {
			return it.Text
		}
		return it.Title
	}
	return it.Title + "\n" + it.Text
}

func assignmentHeader(lang string) []string {
	if lang == "en" {
		return []string{"No.", "Task", "Lead unit", "Supporting units", "Deadline", "Status", "Progress"}
	}
	return []string{"Mục", "Nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn", "Tình trạng", "Tiến độ"}
}

// AssignmentRows lists the trackable items that have a lead unit or a
// deadline: the table an agency sends its units. today (YYYY-MM-DD) decides
// which open items show as overdue.
//
// Each row is numbered as the plan numbers the item and carries the whole
// wording of the task: the table is signed and sent, so nothing in it may be
// cut short.
func AssignmentRows(p domain.Plan, lang, today string) [][]string {
	var rows [][]string
	var path []*domain.PlanItem
	domain.Walk(p.Items, func(it *domain.PlanItem, depth int) {
		path = append(path[:min(depth, len(path))], it)
		if !it.Kind.Trackable() || it.Lead == "" && it.Deadline.Empty() {
			return
		}
		var sups []string
		for _, s := range it.Supports {
			sups = append(sups, s.Name)
		}
		rows = append(rows, []string{
			Numbering(path), it.Wording(), it.LeadName, strings.Join(sups, "; "),
			DeadlineText(it.Deadline), it.DisplayStatus(today).Label(lang), fmt.Sprintf("%d%%", it.Progress),
		})
	})
	return rows
}

// Numbering is how a reader of the plan finds an item, given the items
// from the top of the tree down to it: its own label ("II", "4", "4.1",
// "a)"), since the plan's labels already say where they stand ("4.1" is
// under "4"). A bullet ("-", "+") names nothing by itself, so it follows the
// label of the nearest numbered item above it: "4.1 -".
func Numbering(path []*domain.PlanItem) string {
	if len(path) == 0 {
		return ""
	}
	own := strings.TrimSpace(path[len(path)-1].Label)
	if own != "" && !IsBullet(own) {
		return own
	}
	for i := len(path) - 2; i >= 0; i-- {
		if l := strings.TrimSpace(path[i].Label); l != "" && !IsBullet(l) {
			return strings.TrimSpace(l + " " + own)
		}
	}
	return own
}

func trimCols(rows [][]string, n int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[:n]
	}
	return out
}

// DeadlineText shows a deadline: the plan's own words, else its dates.
func DeadlineText(d domain.Deadline) string {
	if d.Text != "" {
		return d.Text
	}
	if d.End == "" {
		return ""
	}
	end, err := time.Parse(time.DateOnly, d.End)
	if err != nil {
		return d.End
	}
	if d.Start != "" && d.Start != d.End {
		if start, err := time.Parse(time.DateOnly, d.Start); err == nil {
			return vntext.FormatDate(start) + " – " + vntext.FormatDate(end)
		}
	}
	return vntext.FormatDate(end)
}

// XLSX writes the assignment table of a plan as a spreadsheet: one row per
// trackable item with its lead and supporting units, deadline, status and
// progress, under a title row naming the plan.
func XLSX(w io.Writer, p domain.Plan, lang, today string) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sheet := "Phân công"
	if lang == "en" {
		sheet = "Assignments"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	title, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13, Family: "Times New Roman"}})
	head, _ := f.NewStyle(&excelize.Style{
		Font:      &excelize.Font{Bold: true, Family: "Times New Roman"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
		Border:    tablefile.Borders(),
	})
	cell, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}, Border: tablefile.Borders()})
	num, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}, Border: tablefile.Borders()})

	set := func(col, row int, v any, style int) error { return tablefile.SetCell(f, sheet, col, row, v, style) }
	if err := set(1, 1, p.Header.Title, title); err != nil {
		return err
	}
	sub := p.OrgName
	if p.Header.Number != "" {
		sub += " · " + p.Header.Number
	}
	if err := set(1, 2, sub, cell); err != nil {
		return err
	}
	for i, h := range assignmentHeader(lang) {
		if err := set(i+1, 4, h, head); err != nil {
			return err
		}
	}
	rows := AssignmentRows(p, lang, today)
	for r, row := range rows {
		for c, v := range row {
			var val any = v
			style := cell
			if c == 6 { // progress as a number, so sums and charts work
				var n int
				_, _ = fmt.Sscanf(v, "%d", &n)
				val, style = float64(n)/100, num
			}
			if err := set(c+1, r+5, val, style); err != nil {
				return err
			}
		}
	}
	pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9, Font: &excelize.Font{Family: "Times New Roman"},
		Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right"}, Border: tablefile.Borders()})
	if n := len(rows); n > 0 {
		end, _ := excelize.CoordinatesToCellName(7, n+4)
		if err := f.SetCellStyle(sheet, "G5", end, pct); err != nil {
			return err
		}
	}
	for col, width := range map[string]float64{"A": 10, "B": 60, "C": 28, "D": 32, "E": 22, "F": 16, "G": 10} {
		if err := f.SetColWidth(sheet, col, col, width); err != nil {
			return err
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, Split: false, YSplit: 4, TopLeftCell: "A5", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	_, err := w.Write(buf.Bytes())
	return err
}
