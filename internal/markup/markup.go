// Package markup renders the bodies of public portal posts. Editors write
// them in a small, safe subset of Markdown: HTML turns that into markup that
// cannot carry script, Text and Summary derive plain text for search and
// feeds, and Check gives the editor a clear refusal when a body tries to
// smuggle HTML or script in.
//
// Safety does not rest on Check: HTML escapes every character of the source
// that it does not itself turn into a tag, and writes only a fixed set of
// tags and attributes, so a body that skipped Check still renders harmlessly.
// Check exists so that an editor who pastes a script learns it was refused
// instead of seeing it silently shown as text.
//
// Everything here is pure: no I/O, no state that changes.
package markup

import (
	"html"
	"html/template"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// Nesting limits. They keep the recursion shallow and the cost of a hostile
// body (thousands of ">" or "*") linear; real posts never come near them.
const (
	maxQuoteDepth  = 4
	maxInlineDepth = 8
)

// HTML renders src (Markdown subset) to safe HTML.
func HTML(src string) template.HTML {
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	writeBlocks(&b, parseBlocks(splitLines(src), 0))
	return template.HTML(b.String()) //nolint:gosec // every byte of src went through escape; the tags are writeBlocks' own
}

// Text is the plain text of src: markup removed, blocks separated by "\n",
// for search indexing and feeds.
func Text(src string) string {
	var lines []string
	textBlocks(&lines, parseBlocks(splitLines(src), 0))
	// An empty list item or table row would only add a blank line.
	lines = slices.DeleteFunc(lines, func(l string) bool { return l == "" })
	return strings.Join(lines, "\n")
}

// Summary is the first about n runes of Text(src), cut at a word boundary,
// with "…" appended when cut. Line breaks become spaces, since a summary is
// shown as one run of text.
func Summary(src string, n int) string {
	if n <= 0 {
		return ""
	}
	t := strings.Join(strings.Fields(Text(src)), " ")
	if utf8.RuneCountInString(t) <= n {
		return t
	}
	cut := 0
	for range n {
		_, size := utf8.DecodeRuneInString(t[cut:])
		cut += size
	}
	head := t[:cut]
	if t[cut] != ' ' {
		// The cut falls inside a word: drop the part of it, unless the
		// whole head is one word, which is better cut than lost.
		if sp := strings.LastIndexByte(head, ' '); sp > 0 {
			head = head[:sp]
		}
	}
	// A summary ending in "năm 2024, …" reads worse than "năm 2024…".
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return r == ' ' || r == ',' || r == ';' || r == ':' || r == '-' || r == '–' || r == '('
	})
	return head + "…"
}

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

// writeBlocks writes blocks as HTML, one block per line.
func writeBlocks(b *strings.Builder, blocks []*block) {
	in := inline{b: b, html: true}
	for _, k := range blocks {
		switch k.kind {
		case bPara:
			b.WriteString("<p>")
			in.run(k.text, 0)
			b.WriteString("</p>\n")
		case bHeading:
			tag := "h" + strconv.Itoa(k.level)
			b.WriteString("<" + tag + ">")
			in.run(k.text, 0)
			b.WriteString("</" + tag + ">\n")
		case bRule:
			b.WriteString("<hr>\n")
		case bCode:
			b.WriteString("<pre><code>")
			escape(b, k.text)
			b.WriteString("</code></pre>\n")
		case bQuote:
			b.WriteString("<blockquote>\n")
			writeBlocks(b, k.kids)
			b.WriteString("</blockquote>\n")
		case bList:
			writeList(b, k)
		case bTable:
			b.WriteString("<table>\n<thead>\n")
			for r, row := range k.rows {
				cell := "td"
				switch r {
				case 0:
					cell = "th"
				case 1:
					b.WriteString("</thead>\n<tbody>\n")
				}
				b.WriteString("<tr>")
				for _, c := range row {
					b.WriteString("<" + cell + ">")
					in.run(c, 0)
					b.WriteString("</" + cell + ">")
				}
				b.WriteString("</tr>\n")
			}
			if len(k.rows) > 1 {
				b.WriteString("</tbody>\n</table>\n")
			} else {
				b.WriteString("</thead>\n</table>\n")
			}
		}
	}
}

func writeList(b *strings.Builder, l *block) {
	in := inline{b: b, html: true}
	tag := "ul"
	switch {
	case l.ordered && l.start != 1:
		tag = "ol"
		b.WriteString(`<ol start="` + strconv.Itoa(l.start) + `">` + "\n")
	case l.ordered:
		tag = "ol"
		b.WriteString("<ol>\n")
	default:
		b.WriteString("<ul>\n")
	}
	for _, it := range l.items {
		b.WriteString("<li>")
		in.run(it.text, 0)
		if it.sub != nil {
			b.WriteString("\n")
			writeList(b, it.sub)
		}
		b.WriteString("</li>\n")
	}
	b.WriteString("</" + tag + ">\n")
}

// textBlocks appends the plain text of blocks, a line (or more) per block.
func textBlocks(lines *[]string, blocks []*block) {
	for _, k := range blocks {
		switch k.kind {
		case bPara, bHeading:
			*lines = append(*lines, plain(k.text))
		case bCode:
			*lines = append(*lines, k.text)
		case bQuote:
			textBlocks(lines, k.kids)
		case bList:
			textList(lines, k)
		case bTable:
			for _, row := range k.rows {
				var cells []string
				for _, c := range row {
					if t := plain(c); t != "" {
						cells = append(cells, t)
					}
				}
				*lines = append(*lines, strings.Join(cells, " "))
			}
		}
	}
}

func textList(lines *[]string, l *block) {
	for _, it := range l.items {
		*lines = append(*lines, plain(it.text))
		if it.sub != nil {
			textList(lines, it.sub)
		}
	}
}

// plain is the text of inline source s.
func plain(s string) string {
	var b strings.Builder
	in := inline{b: &b}
	in.run(s, 0)
	return b.String()
}

// escaper escapes the five characters that matter in HTML text and quoted
// attributes. Entities typed in the source are escaped too, so "&amp;"
// shows as typed.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func escape(b *strings.Builder, s string) { _, _ = escaper.WriteString(b, s) }

// inline writes inline source as HTML, or as plain text when html is false.
// Every tag it opens it closes before returning, so nesting is always
// proper whatever the source.
type inline struct {
	b      *strings.Builder
	html   bool
	inLink bool // inside link text: no nested links or autolinks
}

func (in *inline) text(s string) {
	if in.html {
		escape(in.b, s)
	} else {
		in.b.WriteString(s)
	}
}

func (in *inline) tag(s string) {
	if in.html {
		in.b.WriteString(s)
	}
}

// wrap writes s between the tags open and close, parsed one level deeper.
func (in *inline) wrap(open, s, closeTag string, depth int) {
	in.tag(open)
	in.run(s, depth+1)
	in.tag(closeTag)
}

// run parses and writes s. Literal text accumulates from start and is
// written whenever a construct begins.
func (in *inline) run(s string, depth int) {
	var (
		start  int
		sc     scan
		flush  = func(i int) { in.text(s[start:i]) }
		active = depth < maxInlineDepth
	)
	if active {
		sc.init(s)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			flush(i)
			start = i + 1 // the escaped character starts the next literal run
			i += 2
			continue
		case c == '\n':
			flush(i)
			if in.html {
				in.b.WriteString("<br>\n")
			} else {
				in.b.WriteString("\n")
			}
			i++
			start = i
			continue
		case !active:
		case c == '`':
			n := runLen(s, i)
			if end := sc.codeEnd(i+n, n); end >= 0 {
				flush(i)
				in.tag("<code>")
				in.text(codeText(s[i+n : end]))
				in.tag("</code>")
				i = end + n
				start = i
			} else {
				i += n
			}
			continue
		case c == '*' || c == '_':
			if j, ok := in.emphasis(s, i, &sc, depth, flush); ok {
				i, start = j, j
				continue
			}
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if text, dest, end, ok := sc.link(s, i+1); ok {
				flush(i)
				alt := plain(text)
				if u, safe := safeURL(dest); safe && in.html {
					in.b.WriteString(`<img src="`)
					escape(in.b, u)
					in.b.WriteString(`" alt="`)
					escape(in.b, alt)
					in.b.WriteString(`" loading="lazy">`)
				} else {
					in.text(alt) // plain text, or an image whose URL is refused
				}
				i, start = end, end
				continue
			}
		case c == '[' && !in.inLink:
			if text, dest, end, ok := sc.link(s, i); ok {
				flush(i)
				in.link(text, dest, depth)
				i, start = end, end
				continue
			}
		case (c == 'h' || c == 'H') && !in.inLink:
			if end := autolinkEnd(s, i); end > i {
				flush(i)
				in.link("", s[i:end], depth)
				i, start = end, end
				continue
			}
		}
		i++
	}
	flush(len(s))
}

// link writes a link to dest showing text, or showing dest itself, as
// typed, when text is empty (bare URLs and "[](…)"). A URL that is not
// allowed leaves only what would have been shown.
func (in *inline) link(text, dest string, depth int) {
	u, safe := safeURL(dest)
	if safe && in.html {
		in.b.WriteString(`<a href="`)
		escape(in.b, u)
		if hasPrefixFold(u, "http") {
			// The link leaves the portal: the other site learns neither
			// the post it came from nor gets a handle on this window.
			in.b.WriteString(`" rel="noopener noreferrer">`)
		} else {
			in.b.WriteString(`">`)
		}
	}
	if text == "" {
		in.text(dest)
	} else {
		in.inLink = true
		in.run(text, depth+1)
		in.inLink = false
	}
	if safe && in.html {
		in.b.WriteString("</a>")
	}
}

// emphasis writes **strong**, __strong__, *em* or _em_ opening at i and
// returns the index after its closer, or false when i opens nothing.
// Underscores inside a word (file_name) never open or close emphasis.
func (in *inline) emphasis(s string, i int, sc *scan, depth int, flush func(int)) (int, bool) {
	c := s[i]
	if c == '_' && i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) {
			return 0, false
		}
	}
	width := 1
	if runLen(s, i) >= 2 {
		width = 2
	}
	if i+width >= len(s) || isSpaceByte(s[i+width]) {
		return 0, false
	}
	end := sc.emphasisEnd(i+width, c, width)
	if end < 0 {
		return 0, false
	}
	flush(i)
	if width == 2 {
		in.wrap("<strong>", s[i+2:end], "</strong>", depth)
	} else {
		in.wrap("<em>", s[i+1:end], "</em>", depth)
	}
	return end + width, true
}

// scan holds what run learns about s once, so that a body full of
// unmatched "*", "`" or "[" costs linear time rather than quadratic.
type scan struct {
	s        string
	closeOf  []int        // index of the "]" or ")" matching each "[" or "(", or -1
	noCloser map[int]bool // delimiter kinds known to have no closer further on
}

func (sc *scan) init(s string) {
	sc.s = s
	if !strings.ContainsAny(s, "[(") {
		return
	}
	sc.closeOf = make([]int, len(s))
	var brackets, parens []int
	for i := 0; i < len(s); i++ {
		sc.closeOf[i] = -1
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				sc.closeOf[i] = -1
			}
		case '\n':
			parens = parens[:0] // a URL never spans lines
		case '[':
			brackets = append(brackets, i)
		case '(':
			parens = append(parens, i)
		case ']':
			if n := len(brackets); n > 0 {
				sc.closeOf[brackets[n-1]] = i
				brackets = brackets[:n-1]
			}
		case ')':
			if n := len(parens); n > 0 {
				sc.closeOf[parens[n-1]] = i
				parens = parens[:n-1]
			}
		}
	}
}

// link reads [text](dest) with "[" at i and returns its parts and the index
// after it.
func (sc *scan) link(s string, i int) (text, dest string, end int, ok bool) {
	if sc.closeOf == nil || sc.closeOf[i] < 0 {
		return "", "", 0, false
	}
	k := sc.closeOf[i]
	if k+1 >= len(s) || s[k+1] != '(' || sc.closeOf[k+1] < 0 {
		return "", "", 0, false
	}
	m := sc.closeOf[k+1]
	dest = strings.TrimSpace(s[k+2 : m])
	if strings.HasPrefix(dest, "<") && strings.Contains(dest, ">") {
		dest = dest[1:strings.IndexByte(dest, '>')]
	} else if f := strings.Fields(dest); len(f) > 0 {
		dest = f[0] // what follows is a title, which is not shown
	}
	return s[i+1 : k], unescapePunct(dest), m + 1, true
}

// isASCIIPunct reports the characters a backslash may escape.
func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

func unescapePunct(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func runLen(s string, i int) int {
	n := 1
	for i+n < len(s) && s[i+n] == s[i] {
		n++
	}
	return n
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// codeText is the content of a code span: line breaks become spaces and
// one space of padding on each side is dropped, so that a span holding a
// backtick can be written with a double-backtick fence and blanks.
func codeText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "" {
		s = s[1 : len(s)-1]
	}
	return s
}

// codeEnd returns the start of the run of exactly n backticks after from
// that closes a code span, or -1.
func (sc *scan) codeEnd(from, n int) int {
	if sc.noCloser[n] {
		return -1
	}
	s := sc.s
	for j := from; j < len(s); {
		if s[j] != '`' {
			j++
			continue
		}
		m := runLen(s, j)
		if m == n {
			return j
		}
		j += m
	}
	sc.failed(n)
	return -1
}

// emphasisEnd returns the index of the closer of width (1 or 2) for
// delimiter c whose content starts at from, or -1. A closer follows a
// non-blank; an underscore closer is not followed by a letter or digit.
// Code spans are skipped, since their content is literal.
func (sc *scan) emphasisEnd(from int, c byte, width int) int {
	key := -(int(c)<<2 | width) // negative keys, apart from code spans' lengths
	if sc.noCloser[key] {
		return -1
	}
	s := sc.s
	for j := from; j < len(s); {
		switch s[j] {
		case '\\':
			j += 2
			continue
		case '`':
			n := runLen(s, j)
			if e := sc.codeEnd(j+n, n); e >= 0 {
				j = e + n
			} else {
				j += n
			}
			continue
		case c:
			n := runLen(s, j)
			if j > from && !isSpaceByte(s[j-1]) && (n == width || (width == 2 && n > 2)) {
				if r, _ := utf8.DecodeRuneInString(s[j+n:]); c != '_' || !isWordRune(r) {
					// Of a longer run, the last two close, so that in
					// "**a *b***" the em closes first.
					return j + n - width
				}
			}
			j += n
			continue
		}
		j++
	}
	sc.failed(key)
	return -1
}

// failed records that the delimiter kind has no closer from here on; a
// later search, starting further on, would find none either.
func (sc *scan) failed(key int) {
	if sc.noCloser == nil {
		sc.noCloser = map[int]bool{}
	}
	sc.noCloser[key] = true
}

// autolinkEnd returns the end of a bare http(s) URL starting at i, or -1.
// Trailing punctuation belongs to the sentence, and a closing parenthesis
// only to the URL when the URL opened one, as in Wikipedia links.
func autolinkEnd(s string, i int) int {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) {
			return -1
		}
	}
	n := 0
	switch {
	case hasPrefixFold(s[i:], "https://"):
		n = 8
	case hasPrefixFold(s[i:], "http://"):
		n = 7
	default:
		return -1
	}
	end, opens, closes := i+n, 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || r == '`' {
			break
		}
		switch r {
		case '(':
			opens++
		case ')':
			closes++
		}
		end += size
	}
	for end > i+n {
		c := s[end-1]
		if strings.IndexByte(".,;:!?'*_]", c) >= 0 || (c == ')' && closes > opens) {
			if c == ')' {
				closes--
			}
			end--
			continue
		}
		break
	}
	if end == i+n || s[i+n] == '/' {
		return -1
	}
	return end
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// safeURL returns the URL to write for dest and whether it is allowed:
// http(s) with a host, mailto:, tel:, or a path on this site. Browsers
// ignore tabs and newlines inside a URL and blanks around it, so those go
// before the scheme is read; "java\tscript:" is then plainly refused.
func safeURL(dest string) (string, bool) {
	u := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, dest)
	u = strings.TrimFunc(u, unicode.IsSpace)
	if u == "" {
		return "", false
	}
	if u[0] == '/' {
		// "//host" and "/\host" both lead to another site.
		return u, len(u) == 1 || (u[1] != '/' && u[1] != '\\')
	}
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return "", false
	}
	rest := u[colon+1:]
	switch strings.ToLower(u[:colon]) {
	case "http", "https":
		return u, strings.HasPrefix(rest, "//") && len(rest) > 2 && rest[2] != '/' && rest[2] != '\\'
	case "mailto", "tel":
		return u, rest != ""
	}
	return "", false
}

// Constructs Check refuses. Tag names are those that run script, load
// other documents or styles, or change how the page around them works.
var (
	unsafeTags    = []string{"script", "iframe", "object", "embed", "style", "link", "meta", "form", "svg", "math", "base"}
	unsafeSchemes = []string{"javascript:", "vbscript:", "data:"}
)

// Check refuses bodies that carry unsafe HTML or script so the editor gets
// a clear message: returns nil or an *errs.Error made with errs.Field("body",
// vi, en).
//
// It reads the body the way a careless consumer might: entities decoded,
// NUL and other control characters dropped, letters folded to lower case,
// blanks inside URLs ignored. It refuses only what looks like a tag or a
// link, so "<3" or "online=" in ordinary text pass, and so does harmless
// HTML such as "<b>", which HTML shows as text.
func Check(src string) error {
	v := strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, src)
	v = strings.ToLower(html.UnescapeString(v))
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '<':
			if vi, en := checkTag(v, i); vi != "" {
				return refuse(vi, en)
			}
		case ']':
			if strings.HasPrefix(v[i+1:], "(") {
				if s := unsafeScheme(v[i+2:]); s != "" {
					return refuse("liên kết dùng "+s, "link using "+s)
				}
			}
		}
	}
	return nil
}

func refuse(vi, en string) error {
	return errs.Field("body",
		"nội dung có mã HTML hoặc script không an toàn ("+vi+"): hãy xóa đi",
		"the body holds unsafe HTML or script ("+en+"): remove it")
}

// checkTag looks at the tag that may start at v[i] == '<' and describes
// what is unsafe in it, or returns "".
func checkTag(v string, i int) (vi, en string) {
	j := i + 1
	for j < len(v) && (isSpaceByte(v[j]) || v[j] == '\r' || v[j] == '/') {
		j++
	}
	k := j
	for k < len(v) && isASCIIAlnum(v[k]) {
		k++
	}
	for _, t := range unsafeTags {
		if v[j:k] == t {
			return "thẻ <" + t + ">", "<" + t + "> tag"
		}
	}
	// Attributes matter only where a browser sees a tag: "<" then a
	// letter, or "</" then a letter.
	t := i + 1
	if t < len(v) && v[t] == '/' {
		t++
	}
	if t >= len(v) || !isASCIILetter(v[t]) {
		return "", ""
	}
	end := k
	for end < len(v) && v[end] != '>' && v[end] != '<' {
		end++
	}
	attrs := v[k:end]
	for p := 0; p < len(attrs); p++ {
		switch {
		case attrs[p] == '=':
			if s := unsafeScheme(attrs[p+1:]); s != "" {
				return "liên kết dùng " + s, "link using " + s
			}
		case strings.HasPrefix(attrs[p:], "on") && p > 0 && strings.IndexByte(" \t\n\r/\"'", attrs[p-1]) >= 0:
			// The longest event names are under 30 letters; the bound keeps
			// "ononon…" from costing quadratic time.
			q := p + 2
			for q < len(attrs) && q-p < 30 && isASCIILetter(attrs[q]) {
				q++
			}
			e := q
			for e < len(attrs) && (isSpaceByte(attrs[e]) || attrs[e] == '\r') {
				e++
			}
			if q > p+2 && e < len(attrs) && attrs[e] == '=' {
				name := attrs[p:q]
				return "thuộc tính sự kiện " + name, name + " event attribute"
			}
		}
	}
	return "", ""
}

// unsafeScheme returns the refused scheme that the URL starting s uses,
// or "". Blanks, control characters and the quotes or "<" that may wrap a
// URL are skipped.
func unsafeScheme(s string) string {
	var b []byte
	for i := 0; i < len(s) && len(b) < len("javascript:"); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || (len(b) == 0 && strings.IndexByte("<\"'`", c) >= 0) {
			continue
		}
		b = append(b, c)
	}
	for _, scheme := range unsafeSchemes {
		if strings.HasPrefix(string(b), scheme) {
			return scheme
		}
	}
	return ""
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }
