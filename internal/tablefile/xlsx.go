package tablefile

import (
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Number formats. Excel draws "," and "." in a format with the reader's own
// separators, so on a Vietnamese Windows "#,##0" shows 1.234.567 and
// "#,##0.0#" shows 12,5; the dates are written out so that they read
// dd/mm/yyyy whatever the computer's settings.
const (
	fmtInteger  = "#,##0"
	fmtDecimal  = "#,##0.0#"
	fmtMoney    = `#,##0" đ"`
	fmtPercent  = "0%"
	fmtPercentD = "0.0%"
	fmtDate     = `dd\/mm\/yyyy`
	fmtDateTime = `dd\/mm\/yyyy hh:mm`
)

// excelEpoch is day 0 of Excel's serial dates (taking its 1900 leap-year
// error into account for every date after February 1900).
var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// XLSX writes t as a workbook of one sheet, headers in lang. Rows are
// streamed, so a list of tens of thousands of rows stays small in memory.
func XLSX(w io.Writer, t Table, lang string) error {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	sheet := sheetName(t.Title)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	if err := f.SetDocProps(&excelize.DocProperties{Title: t.Title, Language: lang}); err != nil {
		return err
	}
	// Printed, every page carries the title and its number.
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{
		OddHeader: "&C&\"Times New Roman,Bold\"" + escapeHF(t.Title), OddFooter: "&C&P/&N",
	}); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	for i, c := range t.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.width()); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = excelize.Cell{StyleID: st.head, Value: c.Header(lang)}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return err
	}
	for r, row := range t.Rows {
		cells := make([]any, len(t.Columns))
		if err := t.each(row, func(i int, c Column, x value) { cells[i] = st.cell(c.Kind, x) }); err != nil {
			return err
		}
		name, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(name, cells); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return f.Write(w)
}

// styles are the workbook's cell styles, by what they show.
type styles struct {
	head, text, integer, decimal, money, percent, percentD, date, dateTime int
}

// SetCell writes v at column col, row row (both from 1) of sheet, in the
// style given: what the official spreadsheets written cell by cell (the
// assignment table, a report's appendix) do for every cell.
func SetCell(f *excelize.File, sheet string, col, row int, v any, style int) error {
	name, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		return err
	}
	if err := f.SetCellValue(sheet, name, v); err != nil {
		return err
	}
	return f.SetCellStyle(sheet, name, name, style)
}

// Borders is the thin grey border every cell of an official table has,
// shared by the spreadsheets written elsewhere (the assignment table, a
// report's appendix).
func Borders() []excelize.Border {
	var border []excelize.Border
	for _, side := range []string{"left", "right", "top", "bottom"} {
		border = append(border, excelize.Border{Type: side, Color: "8A94A3", Style: 1})
	}
	return border
}

func newStyles(f *excelize.File) (styles, error) {
	// Times New Roman, as official documents are set.
	font := excelize.Font{Family: "Times New Roman", Size: 12}
	border := Borders()
	var st styles
	var err error
	add := func(to *int, s excelize.Style) {
		if err != nil {
			return
		}
		bold := s.Font != nil && s.Font.Bold
		s.Font, s.Border = &excelize.Font{Family: font.Family, Size: font.Size, Bold: bold}, border
		if s.Alignment == nil {
			s.Alignment = &excelize.Alignment{Vertical: "top", Horizontal: "right"}
		}
		*to, err = f.NewStyle(&s)
	}
	add(&st.head, excelize.Style{
		Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true},
	})
	add(&st.text, excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	add(&st.integer, excelize.Style{CustomNumFmt: ptr(fmtInteger)})
	add(&st.decimal, excelize.Style{CustomNumFmt: ptr(fmtDecimal)})
	add(&st.money, excelize.Style{CustomNumFmt: ptr(fmtMoney)})
	add(&st.percent, excelize.Style{CustomNumFmt: ptr(fmtPercent)})
	add(&st.percentD, excelize.Style{CustomNumFmt: ptr(fmtPercentD)})
	add(&st.date, excelize.Style{CustomNumFmt: ptr(fmtDate), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	add(&st.dateTime, excelize.Style{CustomNumFmt: ptr(fmtDateTime), Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "center"}})
	return st, err
}

func ptr(s string) *string { return &s }

// cell is one cell for the stream writer: a number, an Excel date serial, or
// text stored as a string (never as a formula, whatever it starts with).
func (st styles) cell(k Kind, v value) excelize.Cell {
	if v.empty {
		style := st.text
		if k != Text {
			style = st.integer
		}
		return excelize.Cell{StyleID: style}
	}
	switch k {
	case Integer:
		return excelize.Cell{StyleID: st.integer, Value: v.num}
	case Number:
		if v.whole {
			return excelize.Cell{StyleID: st.integer, Value: v.num}
		}
		return excelize.Cell{StyleID: st.decimal, Value: v.num}
	case Money:
		return excelize.Cell{StyleID: st.money, Value: v.num}
	case Percent:
		if v.whole {
			return excelize.Cell{StyleID: st.percent, Value: v.num / 100}
		}
		return excelize.Cell{StyleID: st.percentD, Value: v.num / 100}
	case Date:
		return excelize.Cell{StyleID: st.date, Value: serial(v.at)}
	case DateTime:
		return excelize.Cell{StyleID: st.dateTime, Value: serial(v.at)}
	}
	return excelize.Cell{StyleID: st.text, Value: v.text}
}

// serial is a wall-clock time as an Excel date serial: days since the
// epoch, the time of day as the fraction.
func serial(t time.Time) float64 {
	return t.Sub(excelEpoch).Hours() / 24
}

// escapeHF keeps "&" in a title from being read as a header code.
func escapeHF(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		if r == '&' {
			out = append(out, '&')
		}
		out = append(out, r)
	}
	return string(out)
}
