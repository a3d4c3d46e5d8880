package planparse

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"tebdg/internal/errs"
)

func TestVNTableIsNFC(t *testing.T) {
	// Every cell of the composition table must be one code point, or NFD
	// input would be recomposed into something else.
	for _, row := range vnRows {
		if n := utf8.RuneCountInString(row); n != 6 {
			t.Errorf("row %q has %d runes, want 6", row, n)
		}
	}
	if got := len(vnCompose); got != 12*6*2 {
		t.Errorf("composition table has %d letters, want 144", got)
	}
}

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Kế hoạch", "Kế hoạch"},
		// "Kế hoạch" with e + circumflex + acute and o + a + dot below decomposed.
		{"NFD", "Ke\u0302\u0301 hoa\u0323ch", "Kế hoạch"},
		// Marks in the other canonical order (dot below before circumflex: ậ).
		{"NFD dot below first", "ba\u0323\u0302c", "bậc"},
		{"NFD horn then tone", "tru\u031Bo\u031B\u0300ng", "trường"},
		{"precomposed base plus tone", "\u00ea\u0301", "ế"},
		{"deprecated tone mark", "a\u0341", "á"},
		{"not Vietnamese: left alone", "n\u0303 c\u0327", "n\u0303 c\u0327"},
		{"capital NFD", "U\u031B\u0309Y", "ỬY"},
		{"CRLF", "a\r\nb\r\n", "a\nb\n"},
		{"lone CR", "a\rb", "a\nb"},
		{"line separator", "a\u2028b", "a\nb"},
		{"NBSP and tab", "a\u00a0b\tc", "a b c"},
		{"zero width and BOM", "\ufeffa\u200bb\u200dc", "abc"},
		{"soft hyphen", "bình\u00ad đẳng", "bình đẳng"},
		{"trailing spaces trimmed", "a  \nb\u00a0", "a\nb"},
		{"symbol bullet", "\uf0b7 Tuyên truyền", "• Tuyên truyền"},
		{"a stray control char is dropped", "một đoạn văn bản dài có một ký tự lạ\x01 ở giữa", "một đoạn văn bản dài có một ký tự lạ ở giữa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Normalize(tt.in)
			if err != nil {
				t.Fatalf("Normalize(%q): %v", tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Normalize(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestNormalizeKeepsLineCount(t *testing.T) {
	in := "a\r\nb\n\nc\u200b\n"
	got, err := Normalize(in)
	if err != nil {
		t.Fatal(err)
	}
	if g, w := strings.Count(got, "\n"), 4; g != w {
		t.Errorf("lines: got %d newlines, want %d", g, w)
	}
}

func TestNormalizeErrors(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want error
	}{
		{"empty", "", ErrEmpty},
		{"whitespace", " \n\t\r\n\u00a0\u200b\ufeff", ErrEmpty},
		{"invalid UTF-8", "Kế hoạch \xff\xfe", ErrNotText},
		{"NUL byte", "PK\x03\x04\x00\x00", ErrNotText},
		{"control characters", "\x01\x02\x03\x04 ab \x05\x06\x07\x08", ErrNotText},
		{"too large", strings.Repeat("a", MaxSize+1), ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Normalize(tt.in)
			if !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
}

// TestErrorMessages holds each error to its code and its two messages,
// which a handler shows as they are, and checks that errs.As reads them
// through the wrapping a .docx failure gets.
func TestErrorMessages(t *testing.T) {
	tests := []struct {
		name   string
		err    error
		is     error
		code   errs.Code
		vi, en string
	}{
		{"empty", ErrEmpty, ErrEmpty, errs.Invalid, "văn bản trống", "empty text"},
		{"not text", ErrNotText, ErrNotText, errs.Invalid, "không phải văn bản", "not text"},
		{"not a .docx", ErrNotDOCX, ErrNotDOCX, errs.Invalid, "không phải tệp .docx", "not a .docx file"},
		{"no body", ErrNoBody, ErrNoBody, errs.Invalid, "tệp .docx không có nội dung văn bản", "no document body in the .docx"},
		{"too large", ErrTooLarge, ErrTooLarge, errs.TooLarge, "văn bản quá lớn, tối đa 5 MB", "too large, at most 5 MB"},
		{"unzipped too large", errUnzipBudget, ErrTooLarge, errs.TooLarge,
			"nội dung tệp .docx giải nén quá lớn, tối đa 50 MB", ".docx content too large when unzipped, at most 50 MB"},
		{"a .docx failure with its cause", decodeErr(io.ErrUnexpectedEOF), ErrNotDOCX, errs.Invalid, "không phải tệp .docx", "not a .docx file"},
		{"the unzip budget through the XML reader", decodeErr(fmt.Errorf("xml: %w", errUnzipBudget)), ErrTooLarge, errs.TooLarge,
			"nội dung tệp .docx giải nén quá lớn, tối đa 50 MB", ".docx content too large when unzipped, at most 50 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !errors.Is(tt.err, tt.is) {
				t.Errorf("%v is not %v", tt.err, tt.is)
			}
			e := errs.As(tt.err)
			if e.Code != tt.code || e.Message("vi") != tt.vi || e.Message("en") != tt.en {
				t.Errorf("code %q, vi %q, en %q; want %q, %q, %q", e.Code, e.Message("vi"), e.Message("en"), tt.code, tt.vi, tt.en)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Luật Trẻ Em", "luat tre em"},
		{"ĐỘC LẬP - TỰ DO - HẠNH PHÚC", "doc lap - tu do - hanh phuc"},
		{"Nghị định 130/2021/NĐ-CP", "nghi dinh 130/2021/nd-cp"},
		{"ỦY BAN, UỶ BAN", "uy ban, uy ban"},
		{"Quý II", "quy ii"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFoldOffsets(t *testing.T) {
	s := "Số: 56/KH-UBND"
	f := foldOffsets(s)
	if f.s != "so: 56/kh-ubnd" {
		t.Fatalf("folded %q", f.s)
	}
	i := strings.Index(f.s, "56")
	if got := f.orig(s, i, len(f.s)); got != "56/KH-UBND" {
		t.Errorf("orig = %q, want %q", got, "56/KH-UBND")
	}
}
