package sheet

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/unicode/norm"
)

// fuzzLimits are small, so that the fuzzer can reach them.
var fuzzLimits = Limits{MaxBytes: 1 << 16, MaxRows: 6, MaxColumns: 5}

// checkTable holds what every Read must keep, whatever the input: a table
// within the limits, or Errors with both messages and no table.
func checkTable(t *testing.T, got Table, err error, limits Limits) {
	t.Helper()
	if err != nil {
		var es Errors
		if !errors.As(err, &es) || len(es) == 0 {
			t.Fatalf("error of an unexpected kind %T: %v", err, err)
		}
		for _, e := range es {
			if e.Message == "" || e.MessageEN == "" || e.Row < 0 {
				t.Fatalf("bad error %+v", e)
			}
		}
		if !reflect.DeepEqual(got, Table{}) {
			t.Fatalf("a table came back with the error %v", err)
		}
		return
	}
	if len(got.Header) == 0 || len(got.Header) > limits.MaxColumns {
		t.Fatalf("header of %d columns", len(got.Header))
	}
	for _, h := range got.Header {
		if h == "" || h != strings.TrimSpace(h) {
			t.Fatalf("header cell %q", h)
		}
	}
	if len(got.Rows) > limits.MaxRows {
		t.Fatalf("%d rows over the limit of %d", len(got.Rows), limits.MaxRows)
	}
	prev := got.HeaderLine
	if prev < 1 {
		t.Fatalf("header line %d", prev)
	}
	for _, r := range got.Rows {
		if r.Line <= prev {
			t.Fatalf("row %d after row %d", r.Line, prev)
		}
		prev = r.Line
		if len(r.Cells) != len(got.Header) {
			t.Fatalf("row %d has %d cells for %d columns", r.Line, len(r.Cells), len(got.Header))
		}
		empty := true
		for _, c := range r.Cells {
			if c != strings.TrimSpace(c) {
				t.Fatalf("cell %q not trimmed", c)
			}
			empty = empty && c == ""
		}
		if empty {
			t.Fatalf("empty row %d kept", r.Line)
		}
	}
}

func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"Trường,Địa điểm\nHoà Bình,Cầu Đỏ\n",
		"\uFEFFHọ tên;Số tiền\r\nAn;1.500.000\r\n;\r\n\"Bình\r\nB\";\"2\"\"\"\n",
		"A\tB\n1\t2\t3\n",
		"\n\n,A,,\n1,2\n,,\n1\n1\n1\n1\n1\n1\n1\n",
		"A,,B\n", "A,a\n", "A,B\n\"x\n", "A\n\xff\n", "\x00", "", "PK\x03\x04", "PK\x05\x06",
		"<html><table>", "x\ry\rz",
	} {
		f.Add([]byte(s))
	}
	f.Add(utf16Bytes("Họ tên\tNăm\r\nAn\t2015\r\n", false))
	f.Add(utf16Bytes("Họ tên,Năm\nAn,2015\n", true))
	f.Add([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	small := workbook(f, func(x *excelize.File) {
		_ = x.SetSheetRow("Sheet1", "B2", &[]any{"Ngày", "Số", "Tên"})
		_ = x.SetSheetRow("Sheet1", "B3", &[]any{time.Date(2024, 9, 5, 0, 0, 0, 0, time.UTC), 1.5, "Hoà"})
	})
	f.Add(small)
	f.Add(small[:len(small)-30])
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := Read(bytes.NewReader(data), fuzzLimits)
		checkTable(t, got, err, fuzzLimits)
	})
}

// FuzzXLSXCell reads workbooks holding a number under any number
// format: whatever the library makes of it, Read must not fail on a sound
// workbook, and a date format must give an ISO date.
func FuzzXLSXCell(f *testing.F) {
	f.Add(44299.0, "dd/mm/yyyy", "Hoà Bình")
	f.Add(-1.0, "yyyy", "")
	f.Add(1e300, "d", " ")
	f.Add(0.5, "h:mm", "x")
	f.Add(2958466.0, "[$-42A]dddd dd mmmm yyyy", "")
	f.Add(12.5, `#,##0.00" đ";[Red]-#,##0`, "a")
	f.Add(1.0, `"unclosed`, "b")
	f.Fuzz(func(t *testing.T, num float64, code, text string) {
		x := excelize.NewFile()
		defer func() { _ = x.Close() }()
		st, err := x.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			t.Skip("the library refuses the format")
		}
		var buf bytes.Buffer
		for _, err := range []error{
			x.SetSheetRow("Sheet1", "A1", &[]any{"Giá trị", "Chữ"}),
			x.SetCellFloat("Sheet1", "A2", num, -1, 64),
			x.SetCellStr("Sheet1", "B2", text),
			x.SetCellStyle("Sheet1", "A2", "B2", st),
			x.Write(&buf),
		} {
			if err != nil {
				t.Skip("the library cannot write this workbook:", err)
			}
		}
		got, err := Read(&buf, Limits{})
		if err != nil {
			t.Fatalf("a sound workbook: %v", err)
		}
		checkTable(t, got, err, Limits{}.withDefaults())
		layout := map[string]string{
			"yyyy-mm-dd":          time.DateOnly,
			"yyyy-mm-dd hh:mm":    "2006-01-02 15:04",
			"yyyy-mm-dd hh:mm:ss": time.DateTime,
		}[isoFormat(164, map[int]string{164: code})]
		// Excel has no dates before 1900 nor after 9999, and takes 1900
		// for a leap year: serial 60 is 29 February 1900.
		if layout == "" || len(got.Rows) == 0 || num < 1 || num >= 2958466 || num >= 60 && num < 61 {
			return
		}
		if v := got.Rows[0].Cells[0]; !validTime(layout, v) {
			t.Errorf("%v under %q reads %q, not in the form %s", num, code, v, layout)
		}
	})
}

func validTime(layout, v string) bool {
	_, err := time.Parse(layout, v)
	return err == nil
}

// latin reports whether s is written in the letters Vietnamese uses, in
// which NFC and NFD text fold alike.
func latin(s string) bool {
	for _, r := range s {
		if r >= 0x250 && (r < 0x300 || r > 0x36F) && (r < 0x1E00 || r > 0x1EFF) {
			return false
		}
	}
	return true
}

func FuzzColumns(f *testing.F) {
	f.Add("Tên trường|ĐỊA ĐIỂM|Mức độ|Ghi chú", "Trường", "Tên trường", "Địa điểm")
	f.Add("Ten truong||:|Tên trường", "tên  trường:", "", "!!!")
	f.Add("\u00a0|\xff|Ho\u0323 te\u0302n", "Họ tên", "HỌ TÊN", "Ho ten")
	f.Fuzz(func(t *testing.T, header, a, b, c string) {
		h := strings.Split(header, "|")
		want := []Column{
			{Field: "x", Aliases: []string{a, b}, Required: true},
			{Field: "y", Aliases: []string{c}},
			{Field: "z", Aliases: []string{b, c}, Required: true},
		}
		got, err := Columns(h, want)
		var es Errors
		if err != nil && !errors.As(err, &es) {
			t.Fatalf("error of an unexpected kind %T", err)
		}
		for _, e := range es {
			if e.Message == "" || e.MessageEN == "" {
				t.Fatalf("bad error %+v", e)
			}
		}
		at := map[int]string{}
		for field, i := range got {
			if i < 0 || i >= len(h) {
				t.Fatalf("%s at %d of %d", field, i, len(h))
			}
			if other, ok := at[i]; ok {
				t.Fatalf("%s and %s both at %d", field, other, i)
			}
			at[i] = field
			var ok bool
			for _, w := range want {
				if w.Field == field {
					for _, a := range w.Aliases {
						ok = ok || key(a) == key(h[i]) && key(a) != ""
					}
				}
			}
			if !ok {
				t.Fatalf("%s at %q, which is none of its aliases", field, h[i])
			}
		}
		if err == nil {
			for _, w := range want {
				if _, ok := got[w.Field]; w.Required && !ok {
					t.Fatalf("required %s missing without an error", w.Field)
				}
			}
		}
		// The same text typed on another keyboard gives the same answer.
		if !latin(header + a + b + c) {
			return
		}
		nfd := make([]string, len(h))
		for i, s := range h {
			nfd[i] = norm.NFD.String(s)
		}
		got2, err2 := Columns(nfd, want)
		if !reflect.DeepEqual(got, got2) || (err == nil) != (err2 == nil) {
			t.Fatalf("NFD header: %v, %v; NFC: %v, %v", got2, err2, got, err)
		}
	})
}
