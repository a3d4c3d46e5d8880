package markup

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// splitLines cleans src and splits it into lines. Line endings become "\n",
// invalid UTF-8 becomes U+FFFD, and control characters other than tab and
// newline are dropped: they have no meaning in a post and would make the
// text unusable in XML feeds.
func splitLines(src string) []string {
	if !utf8.ValidString(src) {
		src = strings.ToValidUTF8(src, "\uFFFD")
	}
	src = strings.ReplaceAll(src, "\r\n", "\n")
	src = strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, src)
	return strings.Split(src, "\n")
}

// Block kinds.
const (
	bPara = iota
	bHeading
	bRule
	bCode
	bQuote
	bList
	bTable
)

// block is one block of the post. Inline text is kept as source and parsed
// when written, since HTML and Text need it in different forms.
type block struct {
	kind    int
	level   int      // heading: 2, 3 or 4
	text    string   // paragraph, heading: inline source; code: content
	kids    []*block // quote: content
	ordered bool     // list
	start   int      // ordered list: first number
	items   []item   // list
	rows    [][]string
}

// item is one list item: its inline source and an optional nested list.
type item struct {
	text string
	sub  *block
}

// parseBlocks splits lines into blocks; depth counts enclosing quotes.
func parseBlocks(lines []string, depth int) []*block {
	var out []*block
	for i := 0; i < len(lines); {
		_, rest := indentOf(lines[i])
		if strings.TrimSpace(rest) == "" {
			i++
			continue
		}
		if fence := fenceOf(rest); fence != "" {
			var code []string
			for i++; i < len(lines); i++ {
				_, r := indentOf(lines[i])
				if strings.HasPrefix(r, fence) && strings.Trim(strings.TrimSpace(r), fence[:1]) == "" {
					i++
					break
				}
				code = append(code, lines[i])
			}
			out = append(out, &block{kind: bCode, text: strings.Join(code, "\n")})
			continue
		}
		if level, text, ok := headingOf(rest); ok {
			if text != "" {
				out = append(out, &block{kind: bHeading, level: level, text: text})
			}
			i++
			continue
		}
		if isRule(rest) {
			out = append(out, &block{kind: bRule})
			i++
			continue
		}
		if rest[0] == '>' && depth < maxQuoteDepth {
			var inner []string
			for ; i < len(lines); i++ {
				_, r := indentOf(lines[i])
				if !strings.HasPrefix(r, ">") {
					break
				}
				inner = append(inner, strings.TrimPrefix(r[1:], " "))
			}
			out = append(out, &block{kind: bQuote, kids: parseBlocks(inner, depth+1)})
			continue
		}
		if isTableStart(lines, i) {
			t := &block{kind: bTable}
			head := splitRow(lines[i])
			t.rows = append(t.rows, head)
			for i += 2; i < len(lines); i++ {
				if !strings.HasPrefix(strings.TrimSpace(lines[i]), "|") {
					break
				}
				row := splitRow(lines[i])
				// Every row gets the header's width, so the columns line up.
				for len(row) < len(head) {
					row = append(row, "")
				}
				t.rows = append(t.rows, row[:len(head)])
			}
			out = append(out, t)
			continue
		}
		if _, ok := markerOf(lines[i]); ok {
			var l *block
			l, i = parseList(lines, i, false, depth)
			out = append(out, l)
			continue
		}
		var para []string
		for ; i < len(lines); i++ {
			if strings.TrimSpace(lines[i]) == "" || (len(para) > 0 && interrupts(lines, i, depth)) {
				break
			}
			para = append(para, strings.TrimSpace(lines[i]))
		}
		out = append(out, &block{kind: bPara, text: strings.Join(para, "\n")})
	}
	return out
}

// interrupts reports whether line i starts a block that ends a paragraph or
// list item before it. An ordered list interrupts only when it starts at 1,
// so that a sentence wrapped before "2024. " stays a sentence.
func interrupts(lines []string, i, depth int) bool {
	_, rest := indentOf(lines[i])
	if fenceOf(rest) != "" || isRule(rest) || isTableStart(lines, i) ||
		(strings.HasPrefix(rest, ">") && depth < maxQuoteDepth) {
		return true
	}
	if _, _, ok := headingOf(rest); ok {
		return true
	}
	m, ok := markerOf(lines[i])
	return ok && (!m.ordered || m.num == 1)
}

// parseList reads the list that starts at line i and returns it with the
// index of the first line after it. Items indented two or more columns past
// the list's own marker form one nested list; deeper markers join that
// nested list, since posts need no more than two levels.
func parseList(lines []string, i int, nested bool, depth int) (*block, int) {
	first, _ := markerOf(lines[i])
	l := &block{kind: bList, ordered: first.ordered, start: first.num}
	sep := "\n" // between an item's lines; "\n\n" after a blank line
	for i < len(lines) {
		if strings.TrimSpace(lines[i]) == "" {
			// A blank line between items does not end the list, so
			// "- a\n\n- b" stays one list, and an indented paragraph
			// after it stays in its item.
			j := i + 1
			for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
				j++
			}
			if nested || j == len(lines) {
				return l, i
			}
			m, ok := markerOf(lines[j])
			if ind, _ := indentOf(lines[j]); ok && m.ordered != l.ordered || !ok && ind < first.indent+2 {
				return l, i
			}
			i, sep = j, "\n\n"
			continue
		}
		m, ok := markerOf(lines[i])
		switch {
		case ok && !nested && m.indent >= first.indent+2 && len(l.items) > 0:
			last := &l.items[len(l.items)-1]
			var sub *block
			sub, i = parseList(lines, i, true, depth)
			if last.sub == nil {
				last.sub = sub
			} else {
				last.sub.items = append(last.sub.items, sub.items...)
			}
		case ok && nested && m.indent < first.indent:
			return l, i
		case ok && m.ordered == l.ordered:
			l.items = append(l.items, item{text: m.text})
			i++
		case ok, interrupts(lines, i, depth):
			return l, i
		default:
			// A continuation line belongs to the last item written, which
			// may be the last item of its nested list.
			last := &l.items[len(l.items)-1]
			if last.sub != nil {
				last = &last.sub.items[len(last.sub.items)-1]
			}
			last.text += sep + strings.TrimSpace(lines[i])
			i++
		}
		sep = "\n"
	}
	return l, i
}

// marker is a list item's marker line.
type marker struct {
	ordered bool
	num     int // ordered: the number
	indent  int // columns before the marker
	text    string
}

// markerOf reads "- x", "* x", "+ x", "1. x" or "1) x". Letters are never
// markers: "a) …" lines in Vietnamese documents are ordinary text.
func markerOf(line string) (marker, bool) {
	ind, rest := indentOf(line)
	if len(rest) < 2 {
		return marker{}, false
	}
	if c := rest[0]; (c == '-' || c == '*' || c == '+') && isBlankByte(rest[1]) {
		return marker{indent: ind, text: strings.TrimSpace(rest[2:])}, true
	}
	n := 0
	for n < len(rest) && n < 10 && '0' <= rest[n] && rest[n] <= '9' {
		n++
	}
	if n == 0 || n > 9 || n+1 >= len(rest) || (rest[n] != '.' && rest[n] != ')') || !isBlankByte(rest[n+1]) {
		return marker{}, false
	}
	num, _ := strconv.Atoi(rest[:n])
	return marker{ordered: true, num: num, indent: ind, text: strings.TrimSpace(rest[n+2:])}, true
}

func isBlankByte(c byte) bool { return c == ' ' || c == '\t' }

// indentOf returns the width of line's leading blanks (a tab reaching the
// next multiple of four) and the rest of the line.
func indentOf(line string) (int, string) {
	w := 0
	for i := 0; i < len(line); i++ {
		switch line[i] {
		case ' ':
			w++
		case '\t':
			w += 4 - w%4
		default:
			return w, line[i:]
		}
	}
	return w, ""
}

// fenceOf returns the fence ("```" or "~~~", as long as written) that rest
// opens, or "".
func fenceOf(rest string) string {
	if !strings.HasPrefix(rest, "```") && !strings.HasPrefix(rest, "~~~") {
		return ""
	}
	n := 3
	for n < len(rest) && rest[n] == rest[0] {
		n++
	}
	return rest[:n]
}

// headingOf reads an ATX heading. "#" and "##" both give h2, because the
// page's h1 is the post title; deeper levels than "####" give h4.
func headingOf(rest string) (level int, text string, ok bool) {
	n := 0
	for n < len(rest) && rest[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || (n < len(rest) && !isBlankByte(rest[n])) {
		return 0, "", false
	}
	text = strings.TrimSpace(rest[n:])
	// A closing run of "#" is decoration, but "C#" keeps its "#".
	if t := strings.TrimRight(text, "#"); t == "" || strings.HasSuffix(t, " ") || strings.HasSuffix(t, "\t") {
		text = strings.TrimSpace(t)
	}
	return min(max(n, 2), 4), text, true
}

// isRule reports a line of three or more "-", "*" or "_", spaces allowed.
func isRule(rest string) bool {
	t := strings.TrimSpace(rest)
	if len(t) < 3 || (t[0] != '-' && t[0] != '*' && t[0] != '_') {
		return false
	}
	n := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case t[0]:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// isTableStart reports a "| a | b |" line followed by a "|---|---|" line.
func isTableStart(lines []string, i int) bool {
	if i+1 >= len(lines) || !strings.HasPrefix(strings.TrimSpace(lines[i]), "|") {
		return false
	}
	sep := strings.TrimSpace(lines[i+1])
	if !strings.HasPrefix(sep, "|") {
		return false
	}
	for _, c := range splitRow(sep) {
		c = strings.TrimSuffix(strings.TrimPrefix(c, ":"), ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// splitRow splits a table row at the "|" not escaped by a backslash. The
// backslash stays, so the inline parser shows "\|" as "|".
func splitRow(line string) []string {
	t := strings.TrimPrefix(strings.TrimSpace(line), "|")
	var cells []string
	start := 0
	for i := 0; i < len(t); i++ {
		switch t[i] {
		case '\\':
			i++
		case '|':
			cells = append(cells, strings.TrimSpace(t[start:i]))
			start = i + 1
		}
	}
	if last := strings.TrimSpace(t[start:]); last != "" || len(cells) == 0 {
		cells = append(cells, last)
	}
	return cells
}
