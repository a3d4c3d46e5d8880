package tablefile_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/tablefile"
	"tebdg/internal/vntext"
)

func sample() tablefile.Table {
	half := 12.5
	return tablefile.Table{
		Title: "Nhật ký hoạt động: 2024/Q2",
		Columns: []tablefile.Column{
			{VI: "Hoạt động", EN: "Activity", Kind: tablefile.Text, Width: 40},
			{VI: "Ngày", EN: "Date", Kind: tablefile.Date},
			{VI: "Người tham gia", EN: "Participants", Kind: tablefile.Integer},
			{VI: "Kinh phí", EN: "Cost", Kind: tablefile.Money},
			{VI: "Tỷ lệ", EN: "Share", Kind: tablefile.Number},
			{VI: "Tiến độ", EN: "Progress", Kind: tablefile.Percent},
			{VI: "Gửi lúc", EN: "Sent", Kind: tablefile.DateTime},
		},
		Rows: [][]any{
			{"Tập huấn an toàn giao thông", "2024-04-15", 1234567, int64(25000000), &half, 40,
				time.Date(2024, 7, 15, 2, 30, 0, 0, time.UTC)}, // 09:30 in Vietnam
			{"=HYPERLINK(\"x\")", time.Date(2024, 12, 31, 0, 0, 0, 0, vntext.Location), 0, int64(0), (*float64)(nil), 12.5, time.Time{}},
			{"- gạch đầu dòng\ndòng hai"},
		},
	}
}

func TestXLSX(t *testing.T) {
	var buf bytes.Buffer
	if err := tablefile.XLSX(&buf, sample(), "vi"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	sheet := f.GetSheetName(0)
	if sheet != "Nhật ký hoạt động 2024 Q2" {
		t.Errorf("sheet %q: the title's : and / are not allowed in a sheet name", sheet)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Hoạt động", "Ngày", "Người tham gia", "Kinh phí", "Tỷ lệ", "Tiến độ", "Gửi lúc"},
		{"Tập huấn an toàn giao thông", "15/04/2024", "1,234,567", "25,000,000 đ", "12.5", "40%", "15/07/2024 09:30"},
		{"=HYPERLINK(\"x\")", "31/12/2024", "0", "0 đ", "", "12.5%"},
		{"- gạch đầu dòng\ndòng hai"},
	}
	// excelize renders "," and "." as an English Excel would; a Vietnamese
	// one shows the same format as 1.234.567 and 12,5.
	for i, w := range want {
		if i >= len(rows) || strings.Join(rows[i], "|") != strings.Join(w, "|") {
			t.Errorf("row %d: %q\nwant   %q", i+1, at(rows, i), w)
		}
	}
	for _, c := range []struct {
		cell string
		typ  excelize.CellType
	}{{"A3", excelize.CellTypeInlineString}, {"B2", excelize.CellTypeUnset}, {"C2", excelize.CellTypeUnset}, {"F2", excelize.CellTypeUnset}} {
		// Numbers and dates are stored as numbers (no type attribute);
		// text as text, even when it looks like a formula.
		if typ, _ := f.GetCellType(sheet, c.cell); typ != c.typ {
			t.Errorf("%s is of type %v, want %v", c.cell, typ, c.typ)
		}
	}
	if v, _ := f.GetCellFormula(sheet, "A3"); v != "" {
		t.Errorf("A3 holds the formula %q", v)
	}
	if raw, _ := f.GetCellValue(sheet, "F2", excelize.Options{RawCellValue: true}); raw != "0.4" {
		t.Errorf("40%% is stored as %q, want 0.4", raw)
	}
	if raw, _ := f.GetCellValue(sheet, "B2", excelize.Options{RawCellValue: true}); raw != "45397" {
		t.Errorf("15/04/2024 is stored as %q, want Excel's serial 45397", raw)
	}
	panes, err := f.GetPanes(sheet)
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("panes %+v %v: the header row should stay in view", panes, err)
	}
	if w, _ := f.GetColWidth(sheet, "A"); w != 40 {
		t.Errorf("column A is %v wide, want the 40 asked", w)
	}
	if w, _ := f.GetColWidth(sheet, "B"); w != 12 {
		t.Errorf("a date column is %v wide, want 12", w)
	}
	style, _ := f.GetCellStyle(sheet, "A1")
	if s, err := f.GetStyle(style); err != nil || s.Font == nil || !s.Font.Bold {
		t.Errorf("the header is not bold: %+v %v", s, err)
	}
}

func TestXLSXInEnglish(t *testing.T) {
	var buf bytes.Buffer
	if err := tablefile.XLSX(&buf, sample(), "en"); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := f.GetCellValue(f.GetSheetName(0), "G1"); v != "Sent" {
		t.Errorf("G1 %q", v)
	}
}

func TestCSV(t *testing.T) {
	var buf bytes.Buffer
	if err := tablefile.CSV(&buf, sample(), "vi"); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	if !bytes.HasPrefix(b, []byte("\xef\xbb\xbf")) {
		t.Fatal("no byte order mark: Excel would not read the file as UTF-8")
	}
	if !bytes.Contains(b, []byte("\r\n")) {
		t.Error("lines do not end in CRLF")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Hoạt động", "Ngày", "Người tham gia", "Kinh phí", "Tỷ lệ", "Tiến độ", "Gửi lúc"},
		{"Tập huấn an toàn giao thông", "15/04/2024", "1234567", "25000000", "12,5", "40%", "15/07/2024 09:30"},
		{"'=HYPERLINK(\"x\")", "31/12/2024", "0", "0", "", "12,5%", ""},
		{"'- gạch đầu dòng\ndòng hai", "", "", "", "", "", ""},
	}
	for i, w := range want {
		if i >= len(recs) || strings.Join(recs[i], "|") != strings.Join(w, "|") {
			t.Errorf("record %d: %q\nwant      %q", i+1, at(recs, i), w)
		}
	}
}

func TestWrongValues(t *testing.T) {
	for _, c := range []struct {
		kind tablefile.Kind
		v    any
	}{
		{tablefile.Text, 12},
		{tablefile.Integer, "12"},
		{tablefile.Integer, 1.5},
		{tablefile.Money, 2.5},
		{tablefile.Date, "15/04/2024"},
		{tablefile.Date, 45397},
		{tablefile.DateTime, "2024-04-15"},
		{tablefile.Percent, "40%"},
	} {
		tbl := tablefile.Table{Title: "x", Columns: []tablefile.Column{{VI: "Cột", Kind: c.kind}}, Rows: [][]any{{c.v}}}
		if err := tablefile.XLSX(&bytes.Buffer{}, tbl, "vi"); err == nil || !strings.Contains(err.Error(), "Cột") {
			t.Errorf("XLSX of %T %v in kind %d: %v", c.v, c.v, c.kind, err)
		}
		if err := tablefile.CSV(&bytes.Buffer{}, tbl, "vi"); err == nil {
			t.Errorf("CSV of %T %v in kind %d: no error", c.v, c.v, c.kind)
		}
	}
}

func TestSafe(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "Sở GTVT": "Sở GTVT", "=1+1": "'=1+1", "+84 912": "'+84 912", "-": "'-", "@SUM(A1)": "'@SUM(A1)", "\tx": "'\tx", "1-2": "1-2",
	} {
		if got := tablefile.Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func at(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}
