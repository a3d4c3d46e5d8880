package docx

import (
	"archive/zip"
	"io"
	"strings"
	"time"

	"tebdg/internal/errs"
)

// Sentinel errors, for errors.Is: *errs.Error, errs.Invalid, with a
// Vietnamese and an English message for the person exporting the document.
var (
	// ErrNoIssuer: Document.Issuer is empty; the decree makes the issuing
	// body a mandatory part of every document.
	ErrNoIssuer = errs.New(errs.Invalid, "thiếu cơ quan ban hành", "issuing body missing")
	// ErrNoTitle: Document.Title (trích yếu) is empty.
	ErrNoTitle = errs.New(errs.Invalid, "thiếu trích yếu nội dung văn bản", "title missing")
)

// Document is one administrative document.
type Document struct {
	ParentIssuer string // "UBND TỈNH QUẢNG NINH"; may be empty; printed in caps
	Issuer       string // "SỞ GIAO THÔNG VẬN TẢI"; required; printed in bold caps
	Number       string // "15/KH-SGTVT", printed "Số: 15/KH-SGTVT"; empty → "Số: ……" (a draft)
	Place        string // "Quảng Ninh"
	// Date is the document's date; only its calendar day is printed. The
	// zero time gives the draft form "…, ngày …… tháng …… năm 20..". It also
	// dates the package metadata (docProps/core.xml).
	Date  time.Time
	Type  string // "KẾ HOẠCH", "BÁO CÁO"; printed in bold caps; empty → no line
	Title string // trích yếu; required; "\n" breaks the line
	// To lists the "Kính gửi:" recipients of a report: one is centred on the
	// line, several go one to a line under it. None → no line.
	To     []string
	Blocks []Block
	// Appendices (phụ lục) come after the signature, each from a new page.
	Appendices  [][]Block
	Recipients  []string // Nơi nhận, without the "- " and ";" the list adds
	SignerTitle []string // {"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"}; printed in bold caps
	SignerName  string
	// Letter lays the document out as an official letter (công văn): no
	// type line, the title ("V/v …", trích yếu) under the number in the
	// header's left column instead of centred above the body.
	Letter bool
	// Language is "vi" (the default) or "en". English changes the fixed
	// words ("No.", "To:", "Recipients:") and prints the national name,
	// the motto and the date line in English ("Quang Ninh, 10 February
	// 2024"); every other text is printed as given.
	Language string
}

// BlockKind says what a Block is.
type BlockKind int

// The kinds of Block.
const (
	Heading BlockKind = iota
	Paragraph
	Bullet
	TableBlock
	PageBreak
)

// Block is one element of the body.
type Block struct {
	Kind BlockKind
	// Level is a heading's level, 1 to 4 (I. / 1. / 2.1. / a)), printed
	// bold, bold, bold italic and italic; or a bullet's, 1 or 2 (- / +).
	// Values outside the range are brought to the nearest end.
	Level int
	// Label is rendered as written, with ". " added unless it ends in
	// punctuation or is a bullet sign: "I" → "I. ", "2.1" → "2.1. ",
	// "a)" → "a) ", "-" → "- ". A bullet without a label gets "-" at level 1
	// and "+" at level 2.
	Label string
	// Text may hold "\n" between paragraphs of the same block; the label goes
	// on the first. Blank lines are dropped, as are the spaces around each
	// paragraph, which the first-line indent replaces.
	Text  string
	Table *Table // for TableBlock; nil → nothing is written
}

// Table is a bordered table of the body: assignments, figures.
type Table struct {
	Header []string   // printed bold and centred, and repeated on every page
	Rows   [][]string // rows shorter than the widest are padded with empty cells
	Widths []int      // relative column widths; nil, a wrong count or a value below 1 → equal
	// Align is per column: "left", "right" or "center". A column left
	// unset ("") puts figures ("1.234", "12,5%") on the right and text on
	// the left.
	Align []string
	Bold  []bool // per row of Rows: bold rows (totals)
}

// zipTime dates every zip entry, so that the same Document always gives the
// same bytes. 1980-01-01 is the earliest time the zip format can hold.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// Write writes d to w as a .docx file. It returns ErrNoIssuer or ErrNoTitle,
// before writing anything, when those parts are missing, and otherwise only
// the errors of w.
func Write(w io.Writer, d Document) error {
	d = d.sanitized()
	if strings.TrimSpace(d.Issuer) == "" {
		return ErrNoIssuer
	}
	if strings.TrimSpace(d.Title) == "" {
		return ErrNoTitle
	}
	zw := zip.NewWriter(w)
	for _, p := range packageParts(&d) {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if _, err := fw.Write(p.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// sanitized returns a copy of d whose every text is safe to write (see
// sanitize); the caller's slices are not changed.
func (d Document) sanitized() Document {
	d.ParentIssuer = sanitize(d.ParentIssuer)
	d.Issuer = sanitize(d.Issuer)
	d.Number = sanitize(d.Number)
	d.Place = sanitize(d.Place)
	d.Type = sanitize(d.Type)
	d.Title = sanitize(d.Title)
	d.To = sanitizeAll(d.To)
	d.Recipients = sanitizeAll(d.Recipients)
	d.SignerTitle = sanitizeAll(d.SignerTitle)
	d.SignerName = sanitize(d.SignerName)
	d.Blocks = sanitizeBlocks(d.Blocks)
	apps := make([][]Block, len(d.Appendices))
	for i, a := range d.Appendices {
		apps[i] = sanitizeBlocks(a)
	}
	d.Appendices = apps
	return d
}

// sanitizeBlocks returns a safe copy of blocks.
func sanitizeBlocks(in []Block) []Block {
	blocks := make([]Block, len(in))
	for i, b := range in {
		b.Label = sanitize(b.Label)
		b.Text = sanitize(b.Text)
		if b.Table != nil {
			t := *b.Table
			t.Header = sanitizeAll(t.Header)
			t.Rows = make([][]string, len(b.Table.Rows))
			for j, r := range b.Table.Rows {
				t.Rows[j] = sanitizeAll(r)
			}
			b.Table = &t
		}
		blocks[i] = b
	}
	return blocks
}

// english reports whether the document is to be written in English: "en",
// or a tag such as "en-GB".
func (d *Document) english() bool {
	l := strings.ToLower(strings.TrimSpace(d.Language))
	return l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
}
