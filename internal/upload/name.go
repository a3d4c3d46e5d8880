package upload

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// MaxNameBytes is the longest file name kept, in bytes of UTF-8.
const MaxNameBytes = 200

// CleanName turns the name a browser sent with an uploaded file into the
// name tebdg keeps and shows. It keeps the last path element (some
// browsers send C:\Users\…), and drops every control and format character:
// bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) would
// let "a\u202egpj.exe.pdf" show as "afdp.exe.jpg", zero-width characters
// make two names that look alike differ, and quotes and line breaks would
// break a Content-Disposition header. The name is put in NFC, so a
// Vietnamese name typed on a Mac (decomposed marks) is the same name as on
// Windows, spaces and dots at its ends are trimmed (Windows drops them),
// and a name over MaxNameBytes is shortened before its extension, on a
// character boundary.
func CleanName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(name, "")
	name = strings.Map(func(r rune) rune {
		switch {
		case r == '"':
			return -1
		case unicode.IsControl(r), unicode.Is(unicode.Cf, r), unicode.In(r, unicode.Zl, unicode.Zp):
			return -1
		case unicode.IsSpace(r):
			return ' ' // a no-break or ideographic space is shown as a space
		}
		return r
	}, name)
	// After the removal, so marks that a removed character kept apart
	// compose too.
	name = strings.Trim(norm.NFC.String(name), " .")
	if len(name) <= MaxNameBytes {
		return name
	}
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 && len(name)-i <= 10 {
		ext = name[i:]
	}
	stem := name[:len(name)-len(ext)]
	keep := MaxNameBytes - len(ext)
	for keep > 0 && !utf8.RuneStart(stem[keep]) {
		keep--
	}
	return strings.TrimRight(stem[:keep], " .") + ext
}
