package sheet

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"tebdg/internal/errs"
)

// utf16Bytes encodes s as Excel's "Unicode Text" does: UTF-16 with a byte
// order mark.
func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	put := func(u uint16) {
		if bigEndian {
			b.WriteByte(byte(u >> 8))
			b.WriteByte(byte(u))
		} else {
			b.WriteByte(byte(u))
			b.WriteByte(byte(u >> 8))
		}
	}
	put(0xFEFF)
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return b.Bytes()
}

func row(line int, cells ...string) Row { return Row{Line: line, Cells: cells} }

func TestReadCSV(t *testing.T) {
	hazards := "Trường,Địa điểm,Mức độ\nTiểu học Hoà Bình,Ngã ba Cầu Đỏ,Cao\nTHCS Lê Lợi,Dốc Bà Chúa,Trung bình\n"
	hazardRows := []Row{
		row(2, "Tiểu học Hoà Bình", "Ngã ba Cầu Đỏ", "Cao"),
		row(3, "THCS Lê Lợi", "Dốc Bà Chúa", "Trung bình"),
	}
	hazardHeader := []string{"Trường", "Địa điểm", "Mức độ"}
	tests := []struct {
		name   string
		in     []byte
		header []string
		line   int // of the header
		rows   []Row
	}{
		{"UTF-8", []byte(hazards), hazardHeader, 1, hazardRows},
		{"UTF-8 with BOM", []byte("\uFEFF" + hazards), hazardHeader, 1, hazardRows},
		{"Windows line ends", []byte(strings.ReplaceAll(hazards, "\n", "\r\n")), hazardHeader, 1, hazardRows},
		{"old Mac line ends", []byte(strings.ReplaceAll(hazards, "\n", "\r")), hazardHeader, 1, hazardRows},
		{"no line end at the end", []byte(strings.TrimSuffix(hazards, "\n")), hazardHeader, 1, hazardRows},
		{"semicolons of a Vietnamese Excel",
			[]byte("Họ tên;Số tiền;Ghi chú\nNguyễn Văn A;1.500.000;đóng 2 lần, tháng 3\nTrần Thị B;200.000;\n"),
			[]string{"Họ tên", "Số tiền", "Ghi chú"}, 1,
			[]Row{row(2, "Nguyễn Văn A", "1.500.000", "đóng 2 lần, tháng 3"), row(3, "Trần Thị B", "200.000", "")}},
		{"a comma in quotes does not decide the separator",
			[]byte("\"Họ, tên\";Năm sinh\nLê C;2015\n"),
			[]string{"Họ, tên", "Năm sinh"}, 1, []Row{row(2, "Lê C", "2015")}},
		{"UTF-16 LE with tabs (Excel Unicode Text)",
			utf16Bytes("Họ tên\tNăm sinh\r\nĐặng Thuỳ Dương\t2016\r\n", false),
			[]string{"Họ tên", "Năm sinh"}, 1, []Row{row(2, "Đặng Thuỳ Dương", "2016")}},
		{"UTF-16 BE",
			utf16Bytes("Họ tên,Năm sinh\nĐặng Thuỳ Dương,2016\n", true),
			[]string{"Họ tên", "Năm sinh"}, 1, []Row{row(2, "Đặng Thuỳ Dương", "2016")}},
		{"quoted line breaks make no new row",
			[]byte("Địa điểm,Mô tả\nCầu Đỏ,\"Khúc cua gấp\r\nkhông có biển báo\"\n\"Dốc\nBà Chúa\",Dốc dài\nChợ Mới,Đông xe\n"),
			[]string{"Địa điểm", "Mô tả"}, 1,
			[]Row{row(2, "Cầu Đỏ", "Khúc cua gấp\nkhông có biển báo"), row(3, "Dốc\nBà Chúa", "Dốc dài"), row(4, "Chợ Mới", "Đông xe")}},
		{"ragged rows are padded, empty extra cells dropped",
			[]byte("A,B,C\n1\n1,2\n1,2,3,,\n"),
			[]string{"A", "B", "C"}, 1,
			[]Row{row(2, "1", "", ""), row(3, "1", "2", ""), row(4, "1", "2", "3")}},
		{"empty rows are skipped but counted",
			[]byte("A,B\n\n1,2\n,\n  ,\t\n3,4\n\n\n"),
			[]string{"A", "B"}, 1,
			[]Row{row(3, "1", "2"), row(6, "3", "4")}},
		{"the header is the first row with text",
			[]byte("\n,,\n\nA,B,,\n1,2\n"),
			[]string{"A", "B"}, 4, []Row{row(5, "1", "2")}},
		{"cells are trimmed",
			[]byte(" Tên trường ,\u00a0Xã\u00a0\n  Hoà Bình ,\" Tân Phú \"\n"),
			[]string{"Tên trường", "Xã"}, 1, []Row{row(2, "Hoà Bình", "Tân Phú")}},
		{"one column", []byte("Họ tên\nA\nB\n"), []string{"Họ tên"}, 1, []Row{row(2, "A"), row(3, "B")}},
		{"header only", []byte("A;B\n"), []string{"A", "B"}, 1, nil},
		{"doubled quotes", []byte("Tên\n\"Trường \"\"Hoa Sen\"\"\"\n"), []string{"Tên"}, 1, []Row{row(2, "Trường \"Hoa Sen\"")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(tt.in), Limits{})
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			if !reflect.DeepEqual(got.Header, tt.header) || got.HeaderLine != tt.line {
				t.Errorf("header %q on line %d, want %q on line %d", got.Header, got.HeaderLine, tt.header, tt.line)
			}
			if !reflect.DeepEqual(got.Rows, tt.rows) {
				t.Errorf("rows\n got %+v\nwant %+v", got.Rows, tt.rows)
			}
			if got.Sheet != "" {
				t.Errorf("Sheet = %q for CSV", got.Sheet)
			}
		})
	}
}

func TestSeparator(t *testing.T) {
	tests := []struct {
		text string
		want rune
	}{
		{"a,b,c", ','},
		{"a;b;c", ';'},
		{"a\tb\tc", '\t'},
		{"a", ','},
		{"a;b,c", ','}, // a tie keeps the comma
		{"\"a;b;c\",d", ','},
		{",,,\n;;;\na;b\n", ';'}, // lines without text do not decide
		{"\"x\ny;z\";w\nq,r,s,t", ';'},
	}
	for _, tt := range tests {
		if got := separator(tt.text); got != tt.want {
			t.Errorf("separator(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestColumnName(t *testing.T) {
	for i, want := range map[int]string{0: "A", 1: "B", 25: "Z", 26: "AA", 27: "AB", 51: "AZ", 52: "BA", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnName(i); got != want {
			t.Errorf("columnName(%d) = %q, want %q", i, got, want)
		}
	}
}

// wantErr checks that err is Errors whose first entry is at row and has
// both messages, the Vietnamese one holding vi, and returns the entries.
func wantErr(t *testing.T, got Table, err error, row int, vi string) []Error {
	t.Helper()
	var es Errors
	if !errors.As(err, &es) || len(es) == 0 {
		t.Fatalf("error %v (%T), want Errors", err, err)
	}
	if !reflect.DeepEqual(got, Table{}) {
		t.Errorf("a table came back with the error: %+v", got)
	}
	e := es[0]
	if e.Row != row {
		t.Errorf("error at row %d, want %d: %v", e.Row, row, e)
	}
	if !strings.Contains(e.Message, vi) {
		t.Errorf("message %q does not say %q", e.Message, vi)
	}
	if e.MessageEN == "" || e.Message == e.MessageEN {
		t.Errorf("error without an English message: %+v", e)
	}
	return es
}

func TestReadCSVFaults(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		row  int
		vi   string
	}{
		{"empty file", nil, 0, "tệp trống"},
		{"only a BOM", []byte("\uFEFF"), 0, "tệp trống"},
		{"only blank lines", []byte("\r\n \n\t\n"), 0, "tệp trống"},
		{"no row with text", []byte(",,\n , \n\"\",\"\"\n"), 0, "không có dòng tiêu đề"},
		{"empty header cell between named ones", []byte("STT,,Họ tên,\n1,x,An\n"), 1, "để trống ô ở cột B"},
		{"two empty header cells", []byte("\nSTT;;;Họ tên\n"), 2, "cột B, C"},
		{"duplicate header", []byte("Họ tên,Ngày sinh,HỌ TÊN\n"), 1, "có ở cả cột A và cột C"},
		{"duplicate header in NFD", []byte("Ho\u0323 te\u0302n,Họ tên\n"), 1, "có ở cả cột A và cột B"},
		{"text beyond the header", []byte("Họ tên,Số tiền\nAn,1,500,000\n"), 2, "có dữ liệu ở cột C"},
		{"a title above the column names", []byte("DANH SÁCH ĐÓNG GÓP QUỸ\nHọ tên,Số tiền\nAn,100\n"), 1, "chỉ có một ô"},
		{"unclosed quote", []byte("A,B\n1,2\n\"3,4\n5,6\n"), 3, "ngoặc kép"},
		{"bare quote", []byte("A,B\n1,Trường \"Hoa Sen\"\n"), 2, "ngoặc kép"},
		{"Windows code page", []byte("Tên\nAn\nTr\xead\xf2ng\n"), 3, "UTF-8"},
		{"UTF-16 cut short", utf16Bytes("Tên,Tuổi\n", false)[:7], 0, "UTF-16"},
		{"UTF-16 without its mark", utf16Bytes("Tên,Tuổi\n", false)[2:], 0, "không phải văn bản CSV"},
		{"binary", []byte("\x00\x01\x02\x03"), 0, "không phải văn bản CSV"},
		{"old Excel", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), 0, "hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng .xlsx hoặc .csv"},
		{"web page named .xls", []byte("<html><body><table><tr><td>Tên</td></tr></table></body></html>"), 0, "trang web"},
		{"Excel 2003 XML", []byte("\uFEFF<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"), 0, "trang web"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Read(bytes.NewReader(tt.in), Limits{})
			wantErr(t, got, err, tt.row, tt.vi)
			if IsTooLarge(err) {
				t.Errorf("IsTooLarge for %v", err)
			}
		})
	}
}

func TestReadCSVRowFaultsAll(t *testing.T) {
	in := "Họ tên,Số tiền\nAn,1,5\nBình,2\nChi,3,5\n"
	got, err := Read(strings.NewReader(in), Limits{})
	es := wantErr(t, got, err, 2, "dấu phẩy phải đặt trong ngoặc kép")
	if len(es) != 2 || es[1].Row != 4 {
		t.Errorf("errors %v, want rows 2 and 4", es)
	}
	var b strings.Builder
	b.WriteString("A,B\n")
	for range maxRowErrors + 50 {
		b.WriteString("1,2,3\n")
	}
	_, err = Read(strings.NewReader(b.String()), Limits{})
	var all Errors
	if !errors.As(err, &all) || len(all) != maxRowErrors {
		t.Errorf("%d errors, want Read to stop at %d", len(all), maxRowErrors)
	}
	if s := all.Error(); !strings.Contains(s, "và 80 lỗi khác") {
		t.Errorf("Error() = %q, want it cut after %d", s, errs.RowErrorsShown)
	}
}

func TestReadLimits(t *testing.T) {
	t.Run("bytes", func(t *testing.T) {
		in := strings.Repeat("a", 2049)
		got, err := Read(strings.NewReader(in), Limits{MaxBytes: 2048})
		wantErr(t, got, err, 0, "tệp lớn hơn 2 KB")
		if !IsTooLarge(err) {
			t.Errorf("IsTooLarge(%v) = false", err)
		}
		if _, err := Read(strings.NewReader(in[:2048]), Limits{MaxBytes: 2048}); err != nil {
			t.Errorf("a file of exactly the limit: %v", err)
		}
		_, err = Read(strings.NewReader(in), Limits{MaxBytes: 1000})
		wantErr(t, Table{}, err, 0, "1.000 byte")
	})
	t.Run("default bytes", func(t *testing.T) {
		big := bytes.Repeat([]byte("a,b\n"), DefaultMaxBytes/4+1)
		_, err := Read(bytes.NewReader(big), Limits{})
		wantErr(t, Table{}, err, 0, "10 MB")
	})
	t.Run("rows", func(t *testing.T) {
		in := "A\n1\n\n2\n3\n"
		if got, err := Read(strings.NewReader(in), Limits{MaxRows: 3}); err != nil || len(got.Rows) != 3 {
			t.Fatalf("3 rows under a limit of 3: %v, %v", got.Rows, err)
		}
		got, err := Read(strings.NewReader(in), Limits{MaxRows: 2})
		wantErr(t, got, err, 5, "hơn 2 dòng dữ liệu")
		if !IsTooLarge(err) {
			t.Errorf("IsTooLarge(%v) = false", err)
		}
	})
	t.Run("default rows", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("STT;Họ tên\n")
		for i := range DefaultMaxRows + 1 {
			b.WriteString("1;An\n")
			if i%1000 == 0 {
				b.WriteString(";\n") // empty rows do not count
			}
		}
		_, err := Read(strings.NewReader(b.String()), Limits{})
		wantErr(t, Table{}, err, DefaultMaxRows+1+DefaultMaxRows/1000+1, "hơn 20.000 dòng")
	})
	t.Run("columns", func(t *testing.T) {
		in := "A,B,C,,\n1,2,3\n"
		if _, err := Read(strings.NewReader(in), Limits{MaxColumns: 3}); err != nil {
			t.Fatalf("3 columns under a limit of 3: %v", err)
		}
		got, err := Read(strings.NewReader(in), Limits{MaxColumns: 2})
		wantErr(t, got, err, 1, "3 cột, quá giới hạn 2 cột")
		if !IsTooLarge(err) {
			t.Errorf("IsTooLarge(%v) = false", err)
		}
	})
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }

func TestReadReaderError(t *testing.T) {
	_, err := Read(failingReader{}, Limits{})
	var es Errors
	if err == nil || errors.As(err, &es) || !strings.Contains(err.Error(), "connection reset") {
		t.Errorf("err = %v, want the reader's error", err)
	}
}

func TestRowGet(t *testing.T) {
	r := row(2, "a", "b")
	cols := map[string]int{"x": 1, "bad": 5}
	if r.Get(cols, "x") != "b" || r.Get(cols, "y") != "" || r.Get(cols, "bad") != "" {
		t.Errorf("Get gives %q %q %q", r.Get(cols, "x"), r.Get(cols, "y"), r.Get(cols, "bad"))
	}
}

func TestErrorText(t *testing.T) {
	e := Error{Row: 3, Message: "thiếu tên", MessageEN: "no name"}
	if got := e.Error(); got != "dòng 3: thiếu tên (row 3: no name)" {
		t.Errorf("Error() = %q", got)
	}
	e.Row = 0
	if got := e.Error(); got != "thiếu tên (no name)" {
		t.Errorf("Error() = %q", got)
	}
}
