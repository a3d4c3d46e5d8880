package docx

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// buf accumulates XML. Appending to a byte slice by hand rather than going
// through encoding/xml's Encoder keeps a sample-sized plan far below a
// millisecond and lets the element order follow the OOXML schema exactly.
type buf struct{ b []byte }

func (x *buf) raw(s string) { x.b = append(x.b, s...) }

func (x *buf) int(n int) { x.b = strconv.AppendInt(x.b, int64(n), 10) }

// attrInt writes ` name="n"`.
func (x *buf) attrInt(name string, n int) {
	x.b = append(x.b, ' ')
	x.b = append(x.b, name...)
	x.b = append(x.b, `="`...)
	x.int(n)
	x.b = append(x.b, '"')
}

// esc writes s as XML character data. s must have gone through sanitize, so
// only the markup characters are left to escape; quotes are escaped too so
// that the same function serves attribute values.
func (x *buf) esc(s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var rep string
		switch s[i] {
		case '&':
			rep = "&amp;"
		case '<':
			rep = "&lt;"
		case '>':
			rep = "&gt;"
		case '"':
			rep = "&quot;"
		default:
			continue
		}
		x.b = append(x.b, s[last:i]...)
		x.b = append(x.b, rep...)
		last = i + 1
	}
	x.b = append(x.b, s[last:]...)
}

// xmlChar reports whether r may appear in an XML 1.0 document at all: a
// part holding any other character is not well-formed and Word refuses it.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	default:
		return r >= 0x10000 && r <= utf8.MaxRune
	}
}

// sanitize makes s safe to write: bytes that are not UTF-8 become U+FFFD
// (so the reader sees that something was there), characters XML 1.0 forbids
// are dropped, and Windows and old Mac line ends become "\n", the one line
// break the writers understand. Clean strings, the usual case, are returned
// as they are without allocating.
func sanitize(s string) string {
	clean := true
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c < utf8.RuneSelf {
			i++
			continue
		}
		if c == '\t' || c == '\n' {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if c == '\r' || r == utf8.RuneError && n == 1 || !xmlChar(r) {
			clean = false
			break
		}
		i += n
	}
	if clean {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r == '\r':
			b.WriteByte('\n')
			if i+1 < len(s) && s[i+1] == '\n' {
				n++
			}
		case xmlChar(r):
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

func sanitizeAll(ss []string) []string {
	if ss == nil {
		return nil
	}
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = sanitize(s)
	}
	return out
}

// rf is a run's format. Sizes are in half-points, as w:sz counts them.
type rf struct {
	b, i bool
	sz   int
}

func (x *buf) rPr(f rf) {
	x.raw("<w:rPr>")
	if f.b {
		x.raw("<w:b/><w:bCs/>")
	}
	if f.i {
		x.raw("<w:i/><w:iCs/>")
	}
	if f.sz > 0 {
		x.raw("<w:sz")
		x.attrInt("w:val", f.sz)
		x.raw("/><w:szCs")
		x.attrInt("w:val", f.sz)
		x.raw("/>")
	}
	x.raw("</w:rPr>")
}

// run writes one w:r holding s. A "\n" becomes a line break and a "\t" a
// tab, because inside w:t Word shows either as a plain space.
func (x *buf) run(f rf, s string) {
	if s == "" {
		return
	}
	x.raw("<w:r>")
	x.rPr(f)
	for s != "" {
		i := strings.IndexAny(s, "\n\t")
		if i < 0 {
			x.t(s)
			break
		}
		if i > 0 {
			x.t(s[:i])
		}
		if s[i] == '\n' {
			x.raw("<w:br/>")
		} else {
			x.raw("<w:tab/>")
		}
		s = s[i+1:]
	}
	x.raw("</w:r>")
}

// t writes a w:t that keeps its leading, trailing and repeated spaces, which
// Word would otherwise collapse.
func (x *buf) t(s string) {
	x.raw(`<w:t xml:space="preserve">`)
	x.esc(s)
	x.raw("</w:t>")
}

// pf is a paragraph's format. Lengths are in twips (1/20 pt); sizes in
// half-points. Zero values leave the property out, so the style's applies.
type pf struct {
	style    string
	keepNext bool
	rule     bool // a bottom border: the paragraph draws a horizontal rule
	before   int
	after    int
	line     int    // line spacing, in 240ths of a line for "auto", twips otherwise
	lineRule string // "auto", "exact" or "atLeast"
	left     int
	right    int
	first    int
	jc       string // "left", "center", "right", "both"
	markSz   int    // size of the paragraph mark, which sets an empty paragraph's height
}

// pPr writes the paragraph properties in the schema's order (pStyle,
// keepNext, pBdr, spacing, ind, jc, rPr).
func (x *buf) pPr(p pf) {
	x.raw("<w:pPr>")
	if p.style != "" {
		x.raw(`<w:pStyle w:val="`)
		x.raw(p.style)
		x.raw(`"/>`)
	}
	if p.keepNext {
		x.raw("<w:keepNext/>")
	}
	if p.rule {
		x.raw(`<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="auto"/></w:pBdr>`)
	}
	x.raw("<w:spacing")
	x.attrInt("w:before", p.before)
	x.attrInt("w:after", p.after)
	if p.line > 0 {
		x.attrInt("w:line", p.line)
		x.raw(` w:lineRule="`)
		x.raw(p.lineRule)
		x.raw(`"`)
	}
	x.raw("/>")
	if p.left != 0 || p.right != 0 || p.first != 0 {
		x.raw("<w:ind")
		x.attrInt("w:left", p.left)
		x.attrInt("w:right", p.right)
		if p.first != 0 {
			x.attrInt("w:firstLine", p.first)
		}
		x.raw("/>")
	}
	if p.jc != "" {
		x.raw(`<w:jc w:val="`)
		x.raw(p.jc)
		x.raw(`"/>`)
	}
	if p.markSz > 0 {
		x.rPr(rf{sz: p.markSz})
	}
	x.raw("</w:pPr>")
}

// para writes a paragraph holding one run.
func (x *buf) para(p pf, f rf, s string) {
	x.raw("<w:p>")
	x.pPr(p)
	x.run(f, s)
	x.raw("</w:p>")
}
