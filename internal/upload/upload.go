// Package upload decides what an uploaded file is from its content, not its
// name, and refuses what tebdg does not keep: evidence and attachments are
// images, PDF, Word and Excel files, and plain text.
package upload

import (
	"archive/zip"
	"bytes"
	"net/http"
	"path"
	"strings"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// MaxFile is the largest single file accepted.
const MaxFile = 5 << 20

// The content types kept.
const (
	JPEG = "image/jpeg"
	PNG  = "image/png"
	GIF  = "image/gif"
	WebP = "image/webp"
	PDF  = "application/pdf"
	DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	Text = "text/plain; charset=utf-8"
)

// extensions maps each kept type to the file name endings it may carry.
var extensions = map[string][]string{
	JPEG: {".jpg", ".jpeg"},
	PNG:  {".png"},
	GIF:  {".gif"},
	WebP: {".webp"},
	PDF:  {".pdf"},
	DOCX: {".docx"},
	XLSX: {".xlsx"},
	Text: {".txt", ".csv"},
}

// IsImage reports whether a kept type is shown inline as a picture.
func IsImage(ctype string) bool { return strings.HasPrefix(ctype, "image/") }

// Sniff returns the content type of a file whose bytes are data, and an
// error when the content is not a kept type, does not match its name's
// ending, or is too large. The name is used only to check the ending.
func Sniff(name string, data []byte) (string, error) {
	field := "files"
	if len(data) == 0 {
		return "", errs.Fieldf(field, "tệp %s trống", "the file %s is empty", name)
	}
	if len(data) > MaxFile {
		return "", &errs.Error{Code: errs.TooLarge, Field: field,
			VI: "tệp " + name + " lớn quá 5 MB", EN: "the file " + name + " is larger than 5 MB"}
	}
	ctype := detect(data)
	exts, ok := extensions[ctype]
	if !ok {
		return "", errs.Fieldf(field, "tệp %s không thuộc loại được nhận (ảnh, PDF, Word, Excel, văn bản)",
			"the file %s is not a kept type (image, PDF, Word, Excel, text)", name)
	}
	ext := strings.ToLower(path.Ext(name))
	for _, e := range exts {
		if e == ext {
			return ctype, nil
		}
	}
	return "", errs.Fieldf(field, "nội dung tệp %s không khớp với đuôi %s của tên tệp", "the content of %s does not match its ending %s", name, ext)
}

func detect(data []byte) string {
	switch ct := http.DetectContentType(data); {
	case ct == "image/jpeg", ct == "image/png", ct == "image/gif", ct == "image/webp", ct == "application/pdf":
		return ct
	case ct == "application/zip":
		return office(data)
	case strings.HasPrefix(ct, "text/plain") && utf8.Valid(data):
		return Text
	}
	return ""
}

// office tells a .docx from a .xlsx by the parts inside the zip; any other
// zip is refused.
func office(data []byte) string {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return ""
	}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			return DOCX
		case "xl/workbook.xml":
			return XLSX
		}
	}
	return ""
}
