package docx

import (
	"strconv"
	"strings"
	"time"
)

// draftDots stands for a number or a date not yet given: a draft is printed,
// signed and numbered by the clerk, who writes them in by hand on the dots.
const draftDots = "……"

// viDayMonth writes the day and month of a Vietnamese date line. Decree
// 30/2020 (Appendix I, part I.4) wants a leading zero on days below 10 and on
// months 1 and 2 only, so that "tháng 1" cannot be altered into "tháng 11"
// nor "tháng 2" into "tháng 12"; "tháng 3" to "tháng 9" stay bare.
func viDayMonth(t time.Time) (day, month string) {
	day = strconv.Itoa(t.Day())
	if t.Day() < 10 {
		day = "0" + day
	}
	month = strconv.Itoa(int(t.Month()))
	if t.Month() <= time.February {
		month = "0" + month
	}
	return day, month
}

// dateLine is the place-and-date line of the header: "Quảng Ninh, ngày 10
// tháng 02 năm 2024", or in English "Quang Ninh, 10 February 2024". A zero
// date, or a missing place, gives the dotted draft form.
func dateLine(place string, t time.Time, en bool) string {
	place = strings.TrimSpace(place)
	if en {
		place = latin(place)
	}
	if place == "" {
		place = draftDots
	}
	if en {
		if t.IsZero() {
			return place + ", " + draftDots + " " + draftDots + " 20.."
		}
		return place + ", " + strconv.Itoa(t.Day()) + " " + t.Month().String() + " " + strconv.Itoa(t.Year())
	}
	if t.IsZero() {
		return place + ", ngày " + draftDots + " tháng " + draftDots + " năm 20.."
	}
	day, month := viDayMonth(t)
	return place + ", ngày " + day + " tháng " + month + " năm " + strconv.Itoa(t.Year())
}

// labelPrefix renders a label as written, followed by what separates it
// from the text: "I" → "I. ", "2.1" → "2.1. ", "a)" → "a) ", "-" → "- ".
// A label that already ends in punctuation, and a bullet sign, get only
// the space.
func labelPrefix(label string) string {
	label = strings.TrimSpace(label)
	if label == "" {
		return ""
	}
	switch label {
	case "-", "+", "–", "—", "•", "*", "o", "▪", "◦":
		return label + " "
	}
	switch label[len(label)-1] {
	case '.', ')', ':', ']':
		return label + " "
	}
	return label + ". "
}

// latin strips the Vietnamese marks from s ("Quảng Ninh" → "Quang Ninh"), as
// place names are written in English documents. Decomposed marks (text in
// NFD) are dropped as well.
func latin(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if r >= 0x300 && r <= 0x36F {
			continue
		}
		if base, ok := foldVI[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

// foldVI maps each precomposed Vietnamese letter to its base letter.
var foldVI = func() map[rune]rune {
	groups := []struct {
		base  rune
		marks string
	}{
		{'a', "àáảãạăằắẳẵặâầấẩẫậ"}, {'A', "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ"},
		{'e', "èéẻẽẹêềếểễệ"}, {'E', "ÈÉẺẼẸÊỀẾỂỄỆ"},
		{'i', "ìíỉĩị"}, {'I', "ÌÍỈĨỊ"},
		{'o', "òóỏõọôồốổỗộơờớởỡợ"}, {'O', "ÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢ"},
		{'u', "ùúủũụưừứửữự"}, {'U', "ÙÚỦŨỤƯỪỨỬỮỰ"},
		{'y', "ỳýỷỹỵ"}, {'Y', "ỲÝỶỸỴ"},
		{'d', "đ"}, {'D', "Đ"},
	}
	m := make(map[rune]rune, 140)
	for _, g := range groups {
		for _, r := range g.marks {
			m[r] = g.base
		}
	}
	return m
}()

// timesBold holds the advance widths of Times New Roman Bold (and of
// Liberation Serif Bold, which shares its metrics) for ' ' to '~', in
// thousandths of an em. The header's rules are sized from them: the decree
// wants the motto's rule as long as the motto, and the issuer's and the
// title's between a third and a half of their line.
var timesBold = [95]uint16{
	250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, // ' ' … '/'
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, // '0' … '9'
	333, 333, 570, 570, 570, 500, 930, // ':' … '@'
	722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, // 'A' … 'M'
	722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, // 'N' … 'Z'
	333, 278, 333, 581, 500, 333, // '[' … '`'
	500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, // 'a' … 'm'
	556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, // 'n' … 'z'
	394, 220, 394, 520, // '{' … '~'
}

// boldWidth estimates the width, in twips, of s set in Times New Roman Bold
// at sz half-points. Vietnamese letters count as their base letter, the
// horned ơ and ư a little wider; other characters as half an em.
func boldWidth(s string, sz int) int {
	total := 0
	for _, r := range s {
		switch r {
		case 'ơ', 'ư', 'Ơ', 'Ư', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ', 'ừ', 'ứ', 'ử', 'ữ', 'ự', 'Ờ', 'Ớ', 'Ở', 'Ỡ', 'Ợ', 'Ừ', 'Ứ', 'Ử', 'Ữ', 'Ự':
			total += 50
		}
		if base, ok := foldVI[r]; ok {
			r = base
		}
		if r >= ' ' && r <= '~' {
			total += int(timesBold[r-' '])
		} else if r < 0x300 || r > 0x36F {
			total += 500
		}
	}
	// thousandths of an em × points (sz/2) × 20 twips per point
	return total * sz / 100
}

// longestLine is the widest line of s, as boldWidth measures it.
func longestLine(s string, sz int) int {
	w := 0
	for _, line := range strings.Split(s, "\n") {
		w = max(w, boldWidth(strings.TrimSpace(line), sz))
	}
	return w
}

// shortRule sizes the rule under the issuer or the title: 2/5 of its
// longest line (the decree allows a third to a half), the line being no
// wider than the space it wraps in.
func shortRule(s string, sz, room int) int {
	w := min(longestLine(s, sz), room)
	return max(w*2/5, 567)
}

// cleanItem trims a list entry of the dashes and final punctuation a caller
// may have typed, so that the list adds its own consistently.
func cleanItem(s string) string {
	s = strings.TrimSpace(s)
	s = strings.TrimLeft(s, "-–—+• \t")
	s = strings.TrimRight(s, ";.,: \t")
	return s
}

// listItems renders recipients as the decree writes them: "- A;" on each
// line and "- Z." on the last. Entries left empty after cleaning are dropped.
func listItems(items []string) []string {
	var out []string
	for _, it := range items {
		if c := cleanItem(strings.ReplaceAll(it, "\n", " ")); c != "" {
			out = append(out, "- "+c+";")
		}
	}
	if n := len(out); n > 0 {
		out[n-1] = strings.TrimSuffix(out[n-1], ";") + "."
	}
	return out
}

// isNumber reports whether a table cell holds a figure ("1.234", "12,5%",
// "-3"), which reads best right-aligned.
func isNumber(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	digits := 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.' || r == ',' || r == ' ' || r == '\u00a0':
		case r == '%' && i == len(s)-1:
		case (r == '-' || r == '+' || r == '−') && i == 0:
		default:
			return false
		}
	}
	return digits > 0
}
