package sheet

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"hash/crc32"
	"io"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// workbook returns the bytes of a workbook that build fills in; it starts
// with one sheet, "Sheet1".
func workbook(t testing.TB, build func(f *excelize.File)) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	build(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// must fails the test on an error of the library building a workbook.
func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// style adds a cell style with the number format code (or built-in id)
// to f.
func style(t testing.TB, f *excelize.File, code string, id int) int {
	t.Helper()
	s := &excelize.Style{NumFmt: id}
	if code != "" {
		s.CustomNumFmt = &code
	}
	st, err := f.NewStyle(s)
	must(t, err)
	return st
}

// patchZip rewrites the part name of a zip with edit, as a program other
// than the one building the test workbooks would have written it.
func patchZip(t testing.TB, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		must(t, err)
		body, err := io.ReadAll(rc)
		must(t, err)
		if zf.Name == name {
			found = true
			before := string(body)
			body = []byte(edit(before))
			if string(body) == before {
				t.Fatalf("the edit left %s unchanged:\n%s", name, before)
			}
		}
		w, err := zw.Create(zf.Name)
		must(t, err)
		_, err = w.Write(body)
		must(t, err)
	}
	must(t, zw.Close())
	if !found {
		t.Fatalf("no part %s", name)
	}
	return buf.Bytes()
}

// replaceOnce replaces old in s with new, failing the test unless s holds
// old once.
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if n := strings.Count(s, old); n != 1 {
		t.Fatalf("%q is %d times in the part", old, n)
	}
	return strings.Replace(s, old, new, 1)
}

// handovers is a workbook of helmet handovers as an agency keeps it: a
// first sheet with dates in three formats, numbers, a formula, Vietnamese
// text and a gap, and a second sheet.
func handovers(t testing.TB) []byte {
	data := workbook(t, func(f *excelize.File) {
		const s = "Sheet1"
		must(t, f.SetSheetName(s, "Bàn giao mũ"))
		const s1 = "Bàn giao mũ"
		shortDate := style(t, f, "", 14)
		vnDate := style(t, f, "dd/mm/yyyy", 0)
		dateTime := style(t, f, `[$-42A]dd/mm/yyyy\ hh:mm`, 0)
		longDate := style(t, f, `"Ngày "dd" tháng "mm" năm "yyyy`, 0)
		money := style(t, f, "", 3)
		timeOnly := style(t, f, "", 20)
		rows := [][]any{
			{"STT", "Tên trường", "Ngày bàn giao", "Số mũ", "Thành tiền", "Ghi chú", nil},
			{1, "Tiểu học Hoà Bình", time.Date(2024, 9, 5, 0, 0, 0, 0, time.UTC), 120, nil, "Đủ", nil},
			{},
			{2, "  THCS Lê Lợi  ", time.Date(2024, 9, 6, 8, 30, 0, 0, time.UTC), 75, nil, nil, nil},
			{3, "Mầm non Sen Hồng", time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC), 0.5, nil, "chưa rõ ngày", nil},
			{4, "Ho\u0300a Bi\u0300nh", "đầu tháng 10", 1234567, nil, time.Date(2024, 10, 1, 8, 15, 0, 0, time.UTC), nil},
		}
		for i, r := range rows {
			cell, err := excelize.CoordinatesToCellName(1, i+1)
			must(t, err)
			must(t, f.SetSheetRow(s1, cell, &r))
		}
		must(t, f.SetCellStyle(s1, "C2", "C2", shortDate))
		must(t, f.SetCellStyle(s1, "C4", "C4", dateTime))
		must(t, f.SetCellStyle(s1, "C5", "C5", vnDate))
		must(t, f.SetCellStyle(s1, "C6", "C6", longDate)) // text: stays as written
		must(t, f.SetCellStyle(s1, "E2", "E2", money))
		must(t, f.SetCellStyle(s1, "F6", "F6", timeOnly))
		must(t, f.SetCellFormula(s1, "E2", "D2*150000"))
		must(t, f.SetCellFormula(s1, "F4", `"Bổ sung "&D4`))
		// A styled but empty cell far right does not widen the table.
		must(t, f.SetCellStyle(s1, "J1", "J6", money))

		_, err := f.NewSheet("Quỹ")
		must(t, err)
		must(t, f.SetSheetRow("Quỹ", "B3", &[]any{"Họ tên", "Số tiền"}))
		must(t, f.SetSheetRow("Quỹ", "B4", &[]any{"Trần Văn Cường", 500000}))
	})
	// The library writes formulas without the value Excel would have
	// computed and saved with them.
	return patchZip(t, data, "xl/worksheets/sheet1.xml", func(s string) string {
		s = replaceOnce(t, s, `<c r="E2" s="5" t="str"><f>D2*150000</f></c>`, `<c r="E2" s="5"><f>D2*150000</f><v>18000000</v></c>`)
		return replaceOnce(t, s, `<f>&#34;Bổ sung &#34;&amp;D4</f></c>`, `<f>&#34;Bổ sung &#34;&amp;D4</f><v>Bổ sung 75</v></c>`)
	})
}

func TestReadXLSX(t *testing.T) {
	data := handovers(t)
	got, err := Read(bytes.NewReader(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	want := Table{
		Header:     []string{"STT", "Tên trường", "Ngày bàn giao", "Số mũ", "Thành tiền", "Ghi chú"},
		HeaderLine: 1,
		Sheet:      "Bàn giao mũ",
		Rows: []Row{
			row(2, "1", "Tiểu học Hoà Bình", "2024-09-05", "120", "18,000,000", "Đủ"),
			row(4, "2", "THCS Lê Lợi", "2024-09-06 08:30", "75", "", "Bổ sung 75"),
			row(5, "3", "Mầm non Sen Hồng", "2025-01-02", "0.5", "", "chưa rõ ngày"),
			row(6, "4", "Ho\u0300a Bi\u0300nh", "đầu tháng 10", "1234567", "", "08:15"),
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Read\n got %+v\nwant %+v", got, want)
	}

	for _, name := range []string{"Quỹ", "quy", " QUỸ "} {
		got, err = Read(bytes.NewReader(data), Limits{Sheet: name})
		if err != nil {
			t.Fatalf("sheet %q: %v", name, err)
		}
		want = Table{Header: []string{"Họ tên", "Số tiền"}, HeaderLine: 3, Sheet: "Quỹ", Rows: []Row{row(4, "Trần Văn Cường", "500000")}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("sheet %q\n got %+v\nwant %+v", name, got, want)
		}
	}

	got, err = Read(bytes.NewReader(data), Limits{Sheet: "Trang 3"})
	es := wantErr(t, got, err, 0, `không có trang tính "Trang 3"; các trang có trong tệp: "Bàn giao mũ", "Quỹ"`)
	if es[0].Field != "sheet" {
		t.Errorf("Field = %q, want sheet", es[0].Field)
	}
}

// A cell holding a date in a format of Excel's own, or a workbook from
// LibreOffice, must read as the same date.
func TestReadXLSXDateFormats(t *testing.T) {
	day := time.Date(2021, 4, 13, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		code string
		id   int
		want string
	}{
		{"", 14, "2021-04-13"},
		{"", 15, "2021-04-13"},
		{"", 17, "2021-04-13"},
		{"", 22, "2021-04-13 00:00"},
		{"", 0, "44299"},
		{"", 1, "44299"},
		{"d/m/yyyy", 0, "2021-04-13"},
		{"DD/MM/YYYY", 0, "2021-04-13"},
		{"[$-F800]dddd, mmmm dd, yyyy", 0, "2021-04-13"},
		{"yyyy-mm-dd h:mm:ss", 0, "2021-04-13 00:00:00"},
		{"mmm-yy", 0, "2021-04-13"},
		{`#,##0" đ"`, 0, "44,299 đ"},
		{"0.00E+00", 0, "4.43E+04"},
		{"[h]:mm", 0, "1063176:00"},
		{"General", 0, "44299"},
	}
	for _, tt := range tests {
		data := workbook(t, func(f *excelize.File) {
			must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Ngày", "Tên"}))
			must(t, f.SetSheetRow("Sheet1", "A2", &[]any{day, "An"}))
			must(t, f.SetCellStyle("Sheet1", "A2", "A2", style(t, f, tt.code, tt.id)))
		})
		got, err := Read(bytes.NewReader(data), Limits{})
		if err != nil {
			t.Fatalf("%q %d: %v", tt.code, tt.id, err)
		}
		if len(got.Rows) != 1 || got.Rows[0].Cells[0] != tt.want {
			t.Errorf("format %q (id %d): rows %+v, want %q", tt.code, tt.id, got.Rows, tt.want)
		}
	}
}

func TestIsoFormat(t *testing.T) {
	codes := map[int]string{
		164: `dd/mm/yyyy`, 165: `h:mm`, 166: `"day "0`, 167: `\d0`, 168: `[Red]0;[Blue]-0`,
		169: `_-* #,##0\ "₫"_-`, 170: `mm:ss`, 171: `dd/mm/yy hh:mm AM/PM`, 14: `yyyy-mm-dd`, 172: `"unclosed`, 173: `[unclosed`,
	}
	for id, want := range map[int]string{
		14: "yyyy-mm-dd", 22: "yyyy-mm-dd hh:mm", 20: "", 0: "", 49: "", 3: "", 58: "yyyy-mm-dd",
		164: "yyyy-mm-dd", 165: "", 166: "", 167: "", 168: "", 169: "", 170: "", 171: "yyyy-mm-dd hh:mm", 172: "", 173: "", 999: "",
	} {
		if got := isoFormat(id, codes); got != want {
			t.Errorf("isoFormat(%d %q) = %q, want %q", id, codes[id], got, want)
		}
	}
}

func TestReadXLSXFirstVisibleSheet(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		must(t, f.SetCellValue("Sheet1", "A1", "danh mục ẩn"))
		_, err := f.NewSheet("Danh sách")
		must(t, err)
		must(t, f.SetSheetRow("Danh sách", "A1", &[]any{"Họ tên", "Năm sinh"}))
		must(t, f.SetSheetRow("Danh sách", "A2", &[]any{"Lò Thị Mai", 2014}))
		f.SetActiveSheet(1)
		must(t, f.SetSheetVisible("Sheet1", false))
	})
	got, err := Read(bytes.NewReader(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Sheet != "Danh sách" || len(got.Rows) != 1 || got.Rows[0].Cells[0] != "Lò Thị Mai" {
		t.Errorf("read %+v, want the visible sheet", got)
	}
}

func TestReadXLSXFaults(t *testing.T) {
	good := handovers(t)
	one := func(build func(f *excelize.File)) []byte { return workbook(t, build) }
	var odd bytes.Buffer
	zw := zip.NewWriter(&odd)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte("<w:document/>"))
	must(t, zw.Close())
	var xlsb bytes.Buffer
	zw = zip.NewWriter(&xlsb)
	w, _ = zw.Create("xl/workbook.bin")
	_, _ = w.Write([]byte{0x83, 0x01, 0x00})
	must(t, zw.Close())
	var ods bytes.Buffer
	zw = zip.NewWriter(&ods)
	w, _ = zw.Create("mimetype")
	_, _ = w.Write([]byte("application/vnd.oasis.opendocument.spreadsheet"))
	must(t, zw.Close())
	damaged := bytes.Clone(good)
	for i := len(damaged) / 3; i < len(damaged)/2; i++ {
		damaged[i] ^= 0x5A
	}
	tests := []struct {
		name string
		in   []byte
		row  int
		vi   string
	}{
		{"cut short", good[:len(good)/2], 0, "tệp Excel bị hỏng"},
		{"damaged inside", damaged, 0, "tệp Excel bị hỏng"},
		{"bad workbook part", patchZip(t, good, "xl/workbook.xml", func(string) string { return "<workbook" }), 0, "tệp Excel bị hỏng"},
		{"only a zip signature", []byte("PK\x03\x04"), 0, "tệp Excel bị hỏng"},
		{"empty zip", []byte("PK\x05\x06" + strings.Repeat("\x00", 18)), 0, "không phải bảng tính"},
		{"a Word file", odd.Bytes(), 0, "không phải bảng tính"},
		{"LibreOffice", ods.Bytes(), 0, ".ods"},
		{"binary workbook", xlsb.Bytes(), 0, ".xlsb"},
		{"no sheets", patchZip(t, good, "xl/workbook.xml", func(s string) string {
			i, j := strings.Index(s, "<sheets>"), strings.Index(s, "</sheets>")
			return s[:i] + s[j+len("</sheets>"):]
		}), 0, "không có trang tính nào"},
		{"empty sheet", one(func(*excelize.File) {}), 0, `trang tính "Sheet1" trống`},
		{"sheet of empty text", one(func(f *excelize.File) {
			must(t, f.SetCellValue("Sheet1", "B2", "   "))
		}), 0, "trống"},
		{"header gap", one(func(f *excelize.File) {
			must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"STT", nil, "Họ tên"}))
		}), 2, "để trống ô ở cột B"},
		{"header twice", one(func(f *excelize.File) {
			must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Họ và tên", "Ngày sinh", "họ  VÀ  tên:"}))
		}), 1, "có ở cả cột A và cột C"},
		{"data beyond the header", one(func(f *excelize.File) {
			must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"Họ tên", "Số tiền"}))
			must(t, f.SetSheetRow("Sheet1", "A2", &[]any{"An", 100}))
			must(t, f.SetCellValue("Sheet1", "E3", "ghi chú lạc"))
		}), 3, "có dữ liệu ở cột E, ngoài các cột có tiêu đề (A–B)"},
		{"a title row", one(func(f *excelize.File) {
			must(t, f.SetCellValue("Sheet1", "A1", "DANH SÁCH ĐIỂM NGUY HIỂM"))
			must(t, f.SetSheetRow("Sheet1", "A3", &[]any{"Trường", "Địa điểm"}))
		}), 1, "chỉ có một ô"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(tt.in), Limits{})
			wantErr(t, got, err, tt.row, tt.vi)
		})
	}
}

func TestReadXLSXLimits(t *testing.T) {
	data := workbook(t, func(f *excelize.File) {
		must(t, f.SetSheetRow("Sheet1", "A1", &[]any{"STT", "Họ tên", "Năm sinh"}))
		for i := 2; i <= 6; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i*2)
			must(t, f.SetSheetRow("Sheet1", cell, &[]any{i - 1, "An", 2015}))
		}
	})
	if got, err := Read(bytes.NewReader(data), Limits{MaxRows: 5}); err != nil || len(got.Rows) != 5 {
		t.Fatalf("5 rows under a limit of 5: %v", err)
	}
	got, err := Read(bytes.NewReader(data), Limits{MaxRows: 4})
	wantErr(t, got, err, 12, "hơn 4 dòng dữ liệu")
	if !IsTooLarge(err) {
		t.Errorf("IsTooLarge(%v) = false", err)
	}
	got, err = Read(bytes.NewReader(data), Limits{MaxColumns: 2})
	wantErr(t, got, err, 1, "3 cột")
	got, err = Read(bytes.NewReader(data), Limits{MaxBytes: int64(len(data) - 1)})
	wantErr(t, got, err, 0, "tệp lớn hơn")
}

// bomb returns a zip of a workbook whose sheet unpacks to size bytes of
// spaces; lie makes the zip declare the sheet as a small one.
func bomb(t testing.TB, size int, lie bool) []byte {
	t.Helper()
	good := workbook(t, func(f *excelize.File) {
		must(t, f.SetCellValue("Sheet1", "A1", "Tên"))
	})
	zr, err := zip.NewReader(bytes.NewReader(good), int64(len(good)))
	must(t, err)
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := zf.Open()
		must(t, err)
		w, err := zw.Create(zf.Name)
		must(t, err)
		_, err = io.Copy(w, rc)
		must(t, err)
	}
	body := bytes.Repeat([]byte(" "), size)
	var packed bytes.Buffer
	fw, err := flate.NewWriter(&packed, flate.BestCompression)
	must(t, err)
	_, err = fw.Write(body)
	must(t, err)
	must(t, fw.Close())
	h := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(body), CompressedSize64: uint64(packed.Len()), UncompressedSize64: uint64(size)}
	if lie {
		h.UncompressedSize64 = 1000
	}
	w, err := zw.CreateRaw(h)
	must(t, err)
	_, err = w.Write(packed.Bytes())
	must(t, err)
	must(t, zw.Close())
	return out.Bytes()
}

func TestReadXLSXZipBomb(t *testing.T) {
	const size = 64 << 20
	for _, lie := range []bool{false, true} {
		data := bomb(t, size, lie)
		if len(data) > 1<<20 {
			t.Fatalf("the bomb is %d bytes", len(data))
		}
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		got, err := Read(bytes.NewReader(data), Limits{MaxBytes: 1 << 20})
		runtime.ReadMemStats(&after)
		if lie {
			wantErr(t, got, err, 0, "tệp Excel bị hỏng")
		} else {
			wantErr(t, got, err, 0, "khi giải nén lớn hơn 10 MB")
			if !IsTooLarge(err) {
				t.Errorf("IsTooLarge(%v) = false", err)
			}
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > 16<<20 {
			t.Errorf("lie %v: reading the bomb allocated %d MB", lie, grew>>20)
		}
	}
}

func TestCheckPartsWhole(t *testing.T) {
	good := workbook(t, func(f *excelize.File) {
		must(t, f.SetCellValue("Sheet1", "A1", "Tên"))
	})
	big := patchZip(t, good, "xl/styles.xml", func(s string) string {
		return replaceOnce(t, s, "<fonts", strings.Repeat(" ", wholePart)+"<fonts")
	})
	got, err := Read(bytes.NewReader(big), Limits{})
	wantErr(t, got, err, 0, "khi giải nén lớn hơn")
}

// A large worksheet is read as a stream from a temporary file, which must
// give the same rows and then be gone.
func TestReadXLSXLargeSheet(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	const n = 15000
	data := workbook(t, func(f *excelize.File) {
		sw, err := f.NewStreamWriter("Sheet1")
		must(t, err)
		must(t, sw.SetRow("A1", []any{"STT", "Họ tên", "Địa chỉ thường trú của gia đình", "Ghi chú"}))
		for i := 2; i <= n+1; i++ {
			cell, _ := excelize.CoordinatesToCellName(1, i)
			must(t, sw.SetRow(cell, []any{i - 1, "Nguyễn Thị Hồng Nhung " + strings.Repeat("x", i%50), "Thôn Đông, xã Hoà Phú, huyện Chư Păh, tỉnh Gia Lai", "Đã nhận"}))
		}
		must(t, sw.Flush())
	})
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	must(t, err)
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" && zf.UncompressedSize64 <= streamPart {
			t.Fatalf("the sheet is %d bytes, too small to be read from a temporary file", zf.UncompressedSize64)
		}
	}
	got, err := Read(bytes.NewReader(data), Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Rows) != n || got.Rows[n-1].Line != n+1 || got.Rows[n-1].Cells[0] != "15000" {
		t.Errorf("%d rows, the last %+v", len(got.Rows), got.Rows[len(got.Rows)-1])
	}
	// A workbook that fails half-way must not leave its files either.
	broken := patchZip(t, data, "xl/styles.xml", func(string) string { return "<styleSheet" })
	if _, err := Read(bytes.NewReader(broken), Limits{}); err == nil {
		t.Error("a workbook with broken styles read without an error")
	}
	if left, err := os.ReadDir(tmp); err != nil || len(left) > 0 {
		t.Errorf("temporary files left behind: %v %v", left, err)
	}
}
