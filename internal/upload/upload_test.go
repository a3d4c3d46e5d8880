package upload

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"

	"tebdg/internal/errs"
)

func zipWith(names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		_, _ = w.Write([]byte("<x/>"))
	}
	_ = zw.Close()
	return buf.Bytes()
}

var (
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	jpeg = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01")
	pdf  = []byte("%PDF-1.7\n1 0 obj\n")
)

func TestSniff(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		want string
		code errs.Code
	}{
		{"anh.png", png, PNG, ""},
		{"ANH.JPG", jpeg, JPEG, ""},
		{"bien-ban.pdf", pdf, PDF, ""},
		{"ke-hoach.docx", zipWith("[Content_Types].xml", "word/document.xml"), DOCX, ""},
		{"so-lieu.xlsx", zipWith("[Content_Types].xml", "xl/workbook.xml"), XLSX, ""},
		{"ghi-chu.txt", []byte("Biên bản kiểm tra xe đưa đón học sinh"), Text, ""},
		{"anh.pdf", png, "", errs.Invalid},                    // content is not what the name says
		{"tai-lieu.docx", zipWith("a.txt"), "", errs.Invalid}, // a zip that is no Office file
		{"chay.exe", []byte("MZ\x90\x00\x03\x00\x00\x00"), "", errs.Invalid},
		{"trang.html", []byte("<html><script>alert(1)</script></html>"), "", errs.Invalid},
		{"rong.txt", nil, "", errs.Invalid},
		{"lon.pdf", append(append([]byte{}, pdf...), bytes.Repeat([]byte{' '}, MaxFile)...), "", errs.TooLarge},
	}
	for _, tt := range tests {
		got, err := Sniff(tt.name, tt.data)
		if got != tt.want || errs.CodeOf(err) != tt.code {
			t.Errorf("Sniff(%s) = %q, %v; want %q, %q", tt.name, got, err, tt.want, tt.code)
		}
		if err != nil && !strings.Contains(errs.As(err).VI, tt.name) {
			t.Errorf("Sniff(%s): the message does not name the file: %v", tt.name, err)
		}
	}
}

func FuzzSniff(f *testing.F) {
	f.Add("a.png", png)
	f.Add("a.docx", zipWith("word/document.xml"))
	f.Add("a.txt", []byte("xin chào"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		ct, err := Sniff(name, data)
		if err == nil && ct == "" || err != nil && ct != "" {
			t.Fatalf("Sniff(%q) = %q, %v", name, ct, err)
		}
	})
}
