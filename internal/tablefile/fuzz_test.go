package tablefile_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode/utf8"

	"tebdg/internal/sheet"
	"tebdg/internal/tablefile"
)

// FuzzRoundTrip writes any text and number as XLSX and as CSV and reads the
// files back with the reader of uploads: what the application downloads,
// it must be able to read again, cell for cell.
func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{"Sở Giao thông Vận tải", "=1+1", "a,b;c\"d", "dòng một\ndòng hai", "'quoted", "  x  ", "ệ ở ữ"} {
		f.Add(s, int64(1234567), "2024-04-15")
	}
	f.Fuzz(func(t *testing.T, text string, n int64, day string) {
		tbl := tablefile.Table{Title: text, Columns: []tablefile.Column{
			{VI: "Nội dung", Kind: tablefile.Text}, {VI: "Số", Kind: tablefile.Integer}, {VI: "Ngày", Kind: tablefile.Date},
		}, Rows: [][]any{{text, n, day}}}
		var x, c bytes.Buffer
		errX, errC := tablefile.XLSX(&x, tbl, "vi"), tablefile.CSV(&c, tbl, "vi")
		if (errX == nil) != (errC == nil) {
			t.Fatalf("XLSX says %v, CSV says %v", errX, errC)
		}
		if errX != nil {
			if !strings.Contains(errX.Error(), "not a date") {
				t.Fatalf("only a bad date may be refused: %v", errX)
			}
			return
		}
		if !readable(text) || n > 1<<53 || n < -(1<<53) {
			return // a float64 cell cannot hold it exactly; XML cannot hold the text
		}
		for name, b := range map[string][]byte{"xlsx": x.Bytes(), "csv": c.Bytes()} {
			got, err := sheet.Read(bytes.NewReader(b), sheet.Limits{})
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(got.Rows) != 1 {
				t.Fatalf("%s: %d rows", name, len(got.Rows))
			}
			// The reader trims cells; CSV text that could pass for a
			// formula keeps the apostrophe Safe put before it.
			want := strings.TrimSpace(text)
			if name == "csv" {
				want = strings.TrimSpace(tablefile.Safe(text))
			}
			if cell := got.Rows[0].Cells[0]; cell != want {
				t.Errorf("%s: the text reads back as %q, want %q", name, cell, want)
			}
		}
	})
}

// readable is text a workbook can hold and a reader gives back as it was:
// valid UTF-8, line breaks but no other control characters, and some
// letter, since the reader trims cells and skips empty rows.
func readable(s string) bool {
	if !utf8.ValidString(s) || strings.TrimSpace(s) == "" {
		return false
	}
	for _, r := range s {
		if r < ' ' && r != '\n' || r == '\r' || r == 0x7f || r == utf8.RuneError || r >= 0xfffe || r >= 0xd800 && r < 0xe000 {
			return false
		}
	}
	return true
}
