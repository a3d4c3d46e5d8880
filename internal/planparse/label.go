package planparse

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// label is the numbering at the start of a line.
type label struct {
	text string // as written, without a trailing "." or "-": "I", "2.1", "a)", "-", "Mục tiêu 1"
	kind string // what decides the outline level: "roman", "dec.", "dec)", "dec2", "letter", "dash", "named:muc tieu", …
	rest string // the text after the label
}

// bulletKinds groups bullet characters that writers use interchangeably at
// one level: "-" and "–" are the same bullet typed two ways.
var bulletKinds = map[rune]string{
	'-': "dash", '–': "dash", '—': "dash", '‒': "dash", '−': "dash",
	'+': "plus",
	'•': "dot", '●': "dot", '·': "dot", '∙': "dot", '⁃': "dot",
	'◦': "circle", '○': "circle",
	'▪': "square", '■': "square", '□': "square", '◆': "square", '◇': "square", '❖': "square", '♦': "square",
	'➢': "arrow", '►': "arrow", '▶': "arrow", '→': "arrow", '⇒': "arrow", '➤': "arrow",
	'✓': "check", '✔': "check", '√': "check",
	'*': "star",
}

// isBulletKind reports whether items of this kind are bullets, whose title is
// kept only when short.
func isBulletKind(kind string) bool {
	switch kind {
	case "dash", "plus", "dot", "circle", "square", "arrow", "check", "star":
		return true
	}
	return false
}

// namedKeywords start items written as words ("Mục tiêu 1:", "Chỉ tiêu 2:").
// Longer keywords first: "muc tieu" must win over "muc".
var namedKeywords = []string{
	"muc tieu", "chi tieu", "nhiem vu", "giai phap", "hoat dong",
	"phan", "chuong", "dieu", "muc",
}

// vnAlphabet is the Vietnamese letter order used in lists: a b c d đ e g h i k …
const vnAlphabet = "abcdđeghiklmnopqrstuvxy"

// vnPredecessor returns the letter before r in Vietnamese list order, or 0.
func vnPredecessor(r rune) rune {
	lr := unicode.ToLower(r)
	prev := rune(0)
	for _, c := range vnAlphabet {
		if c == lr {
			if unicode.IsUpper(r) {
				return unicode.ToUpper(prev)
			}
			return prev
		}
		prev = c
	}
	return 0
}

var romanValues = func() map[string]int {
	m := map[string]int{}
	tens := []string{"", "X", "XX", "XXX"}
	ones := []string{"", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"}
	for n := 1; n < 40; n++ {
		m[tens[n/10]+ones[n%10]] = n
	}
	return m
}()

// parseLabel recognises the numbering at the start of a trimmed line.
func parseLabel(s string) (label, bool) {
	if s == "" {
		return label{}, false
	}
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case r >= '0' && r <= '9':
		return parseDecimal(s)
	case r == '(':
		return parseParen(s)
	}
	if kind, ok := bulletKinds[r]; ok {
		return parseBullet(s, n, kind)
	}
	if unicode.IsLetter(r) {
		if lb, ok := parseNamed(s); ok {
			return lb, true
		}
		if unicode.IsUpper(r) {
			return parseUpper(s)
		}
		return parseLower(s)
	}
	return label{}, false
}

// afterLabel checks what follows a label: a space then text, the end of the
// line, or (for sloppy typing such as "1.Đối với") a letter directly.
func afterLabel(s string, allowGlued bool) (rest string, ok bool) {
	if s == "" {
		return "", true
	}
	if s[0] == ' ' {
		return strings.TrimSpace(s), true
	}
	if allowGlued && unicode.IsLetter(firstRune(s)) {
		return s, true
	}
	return "", false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func parseDecimal(s string) (label, bool) {
	var parts []string
	i := 0
	for {
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j == i || j-i > 2 {
			return label{}, false
		}
		parts = append(parts, s[i:j])
		i = j
		if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
			i++
			continue
		}
		break
	}
	if len(parts) > 4 {
		return label{}, false
	}
	var closer byte
	if i < len(s) && (s[i] == '.' || s[i] == ')') {
		closer = s[i]
		i++
	}
	depth := len(parts)
	if depth == 1 && closer == 0 {
		// "10 trẻ em" is a sentence, not an item.
		return label{}, false
	}
	rest, ok := afterLabel(s[i:], closer != 0)
	if !ok {
		return label{}, false
	}
	if depth >= 2 && closer == 0 && !unicode.IsUpper(firstRune(rest)) {
		// "2.1 Nội dung" is a heading, "2.5 triệu đồng" is not.
		return label{}, false
	}
	text := strings.Join(parts, ".")
	kind := "dec" + strconv.Itoa(depth)
	if depth == 1 {
		kind = "dec" + string(closer)
	}
	if closer == ')' {
		text += ")"
	}
	return label{text: text, kind: kind, rest: rest}, true
}

// parseParen reads "(1)" and "(a)".
func parseParen(s string) (label, bool) {
	end := strings.IndexByte(s, ')')
	if end < 2 || end > 4 {
		return label{}, false
	}
	inner := s[1:end]
	kind := ""
	switch {
	case isDigit(inner[0]):
		for k := 0; k < len(inner); k++ {
			if !isDigit(inner[k]) {
				return label{}, false
			}
		}
		kind = "(dec)"
	default:
		r, n := utf8.DecodeRuneInString(inner)
		if n != len(inner) || !strings.ContainsRune(vnAlphabet, unicode.ToLower(r)) {
			return label{}, false
		}
		kind = "(letter)"
	}
	rest, ok := afterLabel(s[end+1:], false)
	if !ok || rest == "" {
		return label{}, false
	}
	return label{text: s[:end+1], kind: kind, rest: rest}, true
}

func parseBullet(s string, n int, kind string) (label, bool) {
	rest, ok := afterLabel(s[n:], true)
	if !ok || !strings.ContainsFunc(rest, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return label{}, false
	}
	return label{text: s[:n], kind: kind, rest: rest}, true
}

// parseUpper reads Roman numerals "II." "IV)" "III -" and capital letters "A.".
func parseUpper(s string) (label, bool) {
	j := 0
	for j < len(s) && (s[j] == 'I' || s[j] == 'V' || s[j] == 'X') {
		j++
	}
	if j > 0 && romanValues[s[:j]] > 0 && j < len(s) {
		closer, cl := utf8.DecodeRuneInString(s[j:])
		switch closer {
		case '.', ')':
			if rest, ok := afterLabel(s[j+cl:], true); ok {
				text := s[:j]
				if closer == ')' {
					text += ")"
				}
				return label{text: text, kind: "roman", rest: rest}, true
			}
		case '-', '–':
			if rest, ok := afterLabel(s[j+cl:], false); ok && rest != "" {
				return label{text: s[:j], kind: "roman", rest: rest}, true
			}
		}
	}
	r, n := utf8.DecodeRuneInString(s)
	if !strings.ContainsRune(vnAlphabet, unicode.ToLower(r)) || n >= len(s) {
		return label{}, false
	}
	if c := s[n]; c == '.' || c == ')' {
		if rest, ok := afterLabel(s[n+1:], false); ok && rest != "" {
			text := s[:n]
			if c == ')' {
				text += ")"
			}
			return label{text: text, kind: "Letter", rest: rest}, true
		}
	}
	return label{}, false
}

// parseLower reads "a)", "đ)", "b." and lower-case Roman numerals "ii)".
func parseLower(s string) (label, bool) {
	r, n := utf8.DecodeRuneInString(s)
	if n < len(s) && strings.ContainsRune(vnAlphabet, r) {
		if c := s[n]; c == ')' || c == '.' {
			if rest, ok := afterLabel(s[n+1:], false); ok && rest != "" {
				text := s[:n]
				if c == ')' {
					text += ")"
				}
				return label{text: text, kind: "letter", rest: rest}, true
			}
		}
	}
	j := 0
	for j < len(s) && (s[j] == 'i' || s[j] == 'v' || s[j] == 'x') {
		j++
	}
	if j >= 2 && j < len(s) && romanValues[strings.ToUpper(s[:j])] > 0 && (s[j] == ')' || s[j] == '.') {
		if rest, ok := afterLabel(s[j+1:], false); ok && rest != "" {
			text := s[:j]
			if s[j] == ')' {
				text += ")"
			}
			return label{text: text, kind: "romanlower", rest: rest}, true
		}
	}
	return label{}, false
}

// parseNamed reads items that start with a word and a number: "Mục tiêu 1:",
// "Chỉ tiêu 2:", "Nhiệm vụ 3.", "Phần II", case- and diacritic-insensitively.
func parseNamed(s string) (label, bool) {
	switch foldRune(firstRune(s)) {
	case 'm', 'c', 'n', 'g', 'h', 'p', 'd':
	default:
		return label{}, false
	}
	limit := s
	if len(limit) > 80 {
		limit = limit[:80]
		for !utf8.ValidString(limit) {
			limit = limit[:len(limit)-1]
		}
	}
	f := foldOffsets(limit)
	for _, kw := range namedKeywords {
		if !strings.HasPrefix(f.s, kw+" ") {
			continue
		}
		j := len(kw)
		for j < len(f.s) && f.s[j] == ' ' {
			j++
		}
		k := j
		for k < len(f.s) && isDigit(f.s[k]) {
			k++
		}
		switch {
		case k > j+3:
			continue
		case k == j:
			for k < len(f.s) && (f.s[k] == 'i' || f.s[k] == 'v' || f.s[k] == 'x') {
				k++
			}
			if k == j || romanValues[strings.ToUpper(f.s[j:k])] == 0 {
				continue
			}
		}
		m := k
		for m < len(f.s) && f.s[m] == ' ' {
			m++
		}
		rest := ""
		switch {
		case m == len(f.s) && len(limit) == len(s):
			// the label alone on its line; its title follows
		case m < len(f.s) && strings.ContainsRune(":.)-", rune(f.s[m])):
			r, ok := afterLabel(s[f.off[m+1]:], false)
			if !ok {
				continue
			}
			rest = r
		case strings.HasPrefix(f.s[m:], "–"):
			r, ok := afterLabel(s[f.off[m+len("–")]:], false)
			if !ok {
				continue
			}
			rest = r
		default:
			continue
		}
		return label{text: s[:f.off[k]], kind: "named:" + kw, rest: rest}, true
	}
	return label{}, false
}
