package svgchart

import (
	"encoding/xml"
	"math"
	"strconv"
	"strings"
	"unicode"

	"tebdg/internal/vntext"
)

// charWidth is the average advance of a character in the system sans-serif
// fonts, as a fraction of the font size. Real widths vary (an "m" is wider
// than an "i"), but the layout only needs to know when labels would collide,
// and 0.55 errs on the wide side for Vietnamese text, which is mostly
// lower-case letters.
const charWidth = 0.55

// esc escapes s for XML text and attribute values alike. encoding/xml also
// replaces invalid UTF-8 and characters XML forbids (most C0 controls) with
// U+FFFD, so whatever a user typed into a label, the SVG stays well-formed.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder never fails
	return b.String()
}

// clean collapses runs of white space (including newlines and tabs, which
// would otherwise end up as &#xA; in a one-line label) into single spaces.
func clean(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// textWidth estimates the width in pixels of s set at the given font size.
// Combining marks take no advance: a label typed in decomposed form (e +
// U+0302 + U+0323 for "ệ") is as wide as the precomposed one.
func textWidth(s string, size float64) float64 {
	n := 0
	for _, r := range s {
		if !unicode.Is(unicode.Mn, r) {
			n++
		}
	}
	return float64(n) * charWidth * size
}

// truncate shortens s with "…" so that it fits in maxW pixels, and reports
// whether it did. It cuts only before a base character, so a combining tone
// mark is never separated from its vowel.
func truncate(s string, maxW, size float64) (string, bool) {
	if textWidth(s, size) <= maxW {
		return s, false
	}
	budget := int((maxW / (charWidth * size))) - 1 // room for the "…"
	n, cut := 0, 0
	for i, r := range s {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		if n == budget {
			cut = i
			break
		}
		n++
	}
	if budget <= 0 {
		return "…", true
	}
	return strings.TrimRight(s[:cut], " ") + "…", true
}

// wrap breaks s at spaces into at most maxLines lines of at most maxW
// pixels each. Words that do not fit, and whatever is left after the last
// line, are truncated with "…"; the second result says whether anything was
// lost, so the caller can attach the full text as a tooltip.
func wrap(s string, maxW, size float64, maxLines int) ([]string, bool) {
	words := strings.Fields(s)
	var lines []string
	lost := false
	for i := 0; i < len(words); {
		if len(lines) == maxLines-1 {
			t, cut := truncate(strings.Join(words[i:], " "), maxW, size)
			return append(lines, t), lost || cut
		}
		line := words[i]
		for i++; i < len(words) && textWidth(line+" "+words[i], size) <= maxW; i++ {
			line += " " + words[i]
		}
		t, cut := truncate(line, maxW, size)
		lines = append(lines, t)
		lost = lost || cut
	}
	return lines, lost
}

// formatNumber writes v with the given number of decimals in the reader's
// convention: 1.234,5 in Vietnamese, 1,234.5 in English.
func formatNumber(v float64, decimals int, lang string) string {
	if lang == "en" {
		return formatEN(v, decimals)
	}
	return vntext.FormatDecimal(v, decimals)
}

// formatEN is the English counterpart of vntext.FormatDecimal: ',' between
// thousands, '.' before decimals, and no "-0" for a value that rounds to
// zero. It is small enough that pulling in golang.org/x/text for it would
// cost more than it saves.
func formatEN(v float64, decimals int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return vntext.FormatDecimal(v, decimals) // never reached: callers drop them
	}
	s := strconv.FormatFloat(v, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if strings.Trim(intPart+frac, "0") == "" {
		neg = false
	}
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	return b.String()
}

// f1 writes a coordinate rounded to a tenth of a pixel, which no screen or
// printer can tell apart from the exact value, so the output carries no
// float noise such as 123.45600000000002.
func f1(v float64) string {
	r := math.Round(v*10) / 10
	if r == 0 {
		r = 0 // turns -0 into 0
	}
	return strconv.FormatFloat(r, 'f', -1, 64)
}
