// Package planparse reads the text of a plan (Kế hoạch) written by a
// Vietnamese public agency and returns its header, its tree of numbered items
// and the legal documents it cites.
//
// It is pure: it reads only what it is given and imports nothing from the
// store or the web layer, so the HTTP handler, the importer and the demo
// loader all share one reading of a plan.
//
// The reader is built for the texts agencies really have: pages copied from
// official web portals (lines wrapped mid-sentence, header blocks flattened
// into cells, web furniture after the body), Word files, NFC or NFD Unicode,
// Windows line endings and invisible characters.
//
// The rules, in the order they apply:
//
//   - Normalize: UTF-8 check (invalid or mostly control characters: not
//     text), one newline per line ending, spaces for tabs and no-break spaces,
//     no zero-width characters, Vietnamese letters composed to NFC.
//   - Header: the lines before the first item, the first preamble sentence
//     ("Căn cứ …", "Thực hiện …", or any line ending in . : ;) or the end of
//     the title. Issuer lines are those before the last formal line (motto,
//     "Số:", "<place>, ngày …") or the type line; cells of "|" rows are split
//     left/right. The title is the run of plain lines after that block.
//   - Body end: a "Nơi nhận" line; then trailing web junk, defined as the
//     maximal run of lines after the last item that are all short (at most
//     12 words) without sentence punctuation, when it has three or more such
//     lines or names web/signature furniture ("phản hồi", "truy cập", "GIÁM
//     ĐỐC", …).
//   - Wrapped lines (see shouldJoin): a line continues the previous one when
//     it is not an item, the previous one does not end a sentence, and it
//     starts in lower case or with a digit, or the previous line is long
//     (≥ 40 characters) or ends with a comma or dash. Blank lines always
//     separate paragraphs.
//   - Hierarchy: by label kind ("I.", "1.", "1)", "2.1.", "a)", "-", "+", "•",
//     "Mục tiêu 1:" …) in the order the document first uses them: a new
//     kind goes just below the kind of the item it first appears under
//     ("2.1." below "2."), and every later item of a known kind closes the
//     deeper ones. Indentation is ignored.
package planparse

import (
	"strings"

	"tebdg/internal/errs"
)

// MaxSize is the largest input accepted, in bytes, for text and for .docx files.
const MaxSize = 5 << 20

// maxUnzipped caps what a .docx may expand to, so that a small zip bomb cannot
// make the server inflate gigabytes.
const maxUnzipped = 50 << 20

// Errors returned to callers, for errors.Is. Each is an *errs.Error with its
// code and its message in Vietnamese and in English, worded for the person
// who gave the text, so a handler shows it as it is (naming the form field
// it came from, which the parser does not know). A .docx error may wrap the
// zip or XML failure behind it; errs.As still finds the sentinel's messages.
var (
	ErrEmpty    = errs.New(errs.Invalid, "văn bản trống", "empty text")
	ErrNotText  = errs.New(errs.Invalid, "không phải văn bản", "not text")
	ErrNotDOCX  = errs.New(errs.Invalid, "không phải tệp .docx", "not a .docx file")
	ErrNoBody   = errs.New(errs.Invalid, "tệp .docx không có nội dung văn bản", "no document body in the .docx")
	ErrTooLarge = errs.New(errs.TooLarge, "văn bản quá lớn, tối đa 5 MB", "too large, at most 5 MB")
)

// Document is a parsed plan.
type Document struct {
	Header Header  `json:"header"`
	Items  []*Item `json:"items"`
	// Preamble keeps the paragraphs between the header and the first item
	// ("Thực hiện văn bản số …", "Sở … xây dựng Kế hoạch … như sau:"), so
	// that no text of the plan is lost; paragraphs are joined with "\n".
	Preamble   string      `json:"preamble,omitempty"`
	References []Reference `json:"references"`
}

// Header holds what the document says about itself. Fields are absent from
// JSON when the text has none.
type Header struct {
	Issuer       string `json:"issuer,omitempty"`
	ParentIssuer string `json:"parent_issuer,omitempty"`
	Number       string `json:"number,omitempty"`
	Place        string `json:"place,omitempty"`
	Date         string `json:"date,omitempty"`
	Type         string `json:"type,omitempty"`
	Title        string `json:"title,omitempty"`
	Guidance     string `json:"guidance,omitempty"`
}

// Item is one numbered or bulleted entry of the plan.
type Item struct {
	Label       string     `json:"label"`
	Title       string     `json:"title"`
	Text        string     `json:"text"`
	Children    []*Item    `json:"children"`
	Deadlines   []Deadline `json:"deadlines,omitempty"`
	Observances []string   `json:"observances,omitempty"`
	Line        int        `json:"line"`
}

// Reference is a legal document cited by the text.
type Reference struct {
	Type   string `json:"type"`
	Number string `json:"number,omitempty"`
	Title  string `json:"title,omitempty"`
	Year   int    `json:"year,omitempty"`
	Date   string `json:"date,omitempty"`
	Issuer string `json:"issuer,omitempty"`
	Line   int    `json:"line"`
}

// Deadline is a time hint found in an item's text.
type Deadline struct {
	Text      string `json:"text"`
	Start     string `json:"start,omitempty"`
	End       string `json:"end,omitempty"`
	Recurring bool   `json:"recurring,omitempty"`
}

// ParseText parses a plan given as plain text. Item and reference lines count
// lines of the normalised text (see Normalize), which has as many lines as
// the input except that a lone "\r" also ends a line.
func ParseText(text string) (*Document, error) {
	norm, err := Normalize(text)
	if err != nil {
		return nil, err
	}
	return parseNormalized(norm), nil
}

// ExtractReferences finds the legal documents cited in text, deduplicated by
// number (laws cited by name: by title), in order of first appearance.
// Lines are 1-based lines of text.
func ExtractReferences(text string) []Reference {
	norm, err := Normalize(text)
	if err != nil {
		return []Reference{}
	}
	return extractRefs(norm)
}

// ExtractDeadlines finds deadline hints in text. year is the plan year, used
// for dates and periods written without one; 0 when unknown, in which case
// such hints keep their text but have no dates.
func ExtractDeadlines(text string, year int) []Deadline {
	norm, err := Normalize(text)
	if err != nil {
		return nil
	}
	return extractDeadlines(norm, year)
}

// ExtractObservances returns the codes of the observance days and action
// months that text names, in order of first appearance.
func ExtractObservances(text string) []string {
	norm, err := Normalize(text)
	if err != nil {
		return nil
	}
	return extractObservances(norm)
}

// collapseSpace joins the words of s with single spaces: output text should
// not carry the indentation and double spaces of web copies.
func collapseSpace(s string) string {
	// Most paragraphs have nothing to collapse; strings.Fields is slow on
	// non-ASCII text, so check first.
	if s == "" || (s[0] != ' ' && s[len(s)-1] != ' ' && !strings.Contains(s, "  ") &&
		!strings.ContainsAny(s, "\n\t\r")) {
		return s
	}
	return strings.Join(strings.Fields(s), " ")
}
