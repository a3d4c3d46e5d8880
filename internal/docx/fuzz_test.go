package docx

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzWrite feeds arbitrary strings into every text field: Write must never
// panic, and what it writes must always be a zip whose parts are all
// well-formed XML, with the title coming back as given (less what XML
// cannot hold).
func FuzzWrite(f *testing.F) {
	f.Add("SỞ GIAO THÔNG VẬN TẢI", "Kế hoạch năm 2024", "- Tuyên truyền", "2.1", "Quảng Ninh", "1.200", 2, int64(1707498000))
	f.Add("<w:t>", "]]>&amp;<!--", "\x00\x01\x0b\r\n\t", ")", "", "\xff\xfe", 0, int64(0))
	f.Add("A\nB", "\uFFFE\uFFFF\U0010FFFF", "a\r\rb", "\"'", "Hà\u0300 Nội", "-", 7, int64(-62135596800))
	f.Add(" ", "x", "", "", "", "", -1, int64(253402300800))
	f.Fuzz(func(t *testing.T, issuer, title, text, label, place, cell string, level int, unix int64) {
		d := Document{
			ParentIssuer: place,
			Issuer:       issuer,
			Number:       label,
			Place:        place,
			Date:         time.Unix(unix, 0),
			Type:         text,
			Title:        title,
			To:           []string{cell, place},
			Blocks: []Block{
				{Kind: Heading, Level: level, Label: label, Text: text},
				{Kind: Bullet, Level: level, Label: label, Text: text},
				{Kind: Paragraph, Text: text},
				{Kind: BlockKind(level), Label: label, Text: title},
				{Kind: TableBlock, Table: &Table{
					Header: []string{cell, text},
					Rows:   [][]string{{cell}, {text, cell, label}},
					Widths: []int{level, 1, 2},
					Align:  []string{cell, "right"},
					Bold:   []bool{true},
				}},
			},
			Recipients:  []string{cell, text, label},
			SignerTitle: []string{label, issuer},
			SignerName:  cell,
			Language:    label,
		}
		var b bytes.Buffer
		err := Write(&b, d)
		if err != nil {
			if !errors.Is(err, ErrNoIssuer) && !errors.Is(err, ErrNoTitle) {
				t.Fatalf("Write: unexpected error %v", err)
			}
			if b.Len() != 0 {
				t.Fatalf("Write failed with %v after writing %d bytes", err, b.Len())
			}
			return
		}
		p, err := readPkg(b.Bytes())
		if err != nil {
			t.Fatalf("the output is not a readable zip: %v", err)
		}
		for _, name := range p.order {
			if _, err := parseXML(p.parts[name]); err != nil {
				t.Fatalf("%s is not well-formed: %v", name, err)
			}
		}
		core, _ := parseXML(p.parts["docProps/core.xml"])
		if got, want := core.child("title").text, strings.Join(strings.Fields(sanitize(title)), " "); got != want {
			t.Fatalf("title came back as %q, want %q", got, want)
		}
	})
}
