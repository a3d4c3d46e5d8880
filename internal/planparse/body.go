package planparse

import (
	"regexp"
	"strings"
	"unicode"
)

// line is one physical line of the normalised text.
type line struct {
	num     int    // 1-based
	text    string // trimmed
	lb      label
	isLabel bool
}

func isLowerLetter(r rune) bool { return unicode.IsLower(r) }

// wrapMinRunes: a line at least this long that ends without punctuation was
// most likely cut by a web page's column width, so the next line continues it
// even when that line starts with a capital (Vietnamese capitalises proper
// nouns mid-sentence: "… của Chính phủ", "… tỉnh Quảng Ninh").
const wrapMinRunes = 40

// shouldJoin decides whether cur is the wrapped continuation of prev (two
// physical lines with no blank line between them). The rule: never when cur
// starts a numbered or bulleted item or either is a table row; always when
// cur starts with a lower-case letter; never when prev ends a sentence or
// clause (. ; : ! ? …), unless the document separates its paragraphs with
// blank lines (blankParagraphs), where a single line break is always a wrap;
// otherwise yes when cur starts with a digit ("ngày" / "03/3/2021"); no when
// it starts a capitalised sentence opener ("Căn cứ", "Thực hiện"); yes when
// prev ends with a comma or dash, when prev is long enough to have been
// wrapped, or when both are capitalised header text.
func shouldJoin(prev, cur string, blankParagraphs bool) bool {
	if prev == "" || cur == "" || strings.Contains(prev, "|") || strings.Contains(cur, "|") {
		return false
	}
	if _, ok := parseLabel(cur); ok {
		return false
	}
	if isLowerLetter(firstRune(cur)) {
		// No paragraph of a Vietnamese document starts in lower case, so
		// this is a wrap even after "." "…" ":" or ";".
		return true
	}
	if endsSentence(prev) && !blankParagraphs {
		return false
	}
	if startsLowerOrDigit(cur) {
		return true
	}
	if isPreambleStart(fold(cur)) {
		// "Căn cứ …", "Thực hiện …" with a capital open a new sentence.
		return false
	}
	switch lastRune(prev) {
	case ',', '-', '–', '(', '/':
		return true
	}
	if runeLen(prev) >= wrapMinRunes || (blankParagraphs && endsSentence(prev)) {
		return true
	}
	return isUpperLine(prev) && isUpperLine(cur)
}

// blankParagraphs reports whether the document separates its items with
// blank lines, as web pages and the sample do: then a line break with no
// blank line is a wrap, whatever punctuation precedes it. It needs at least
// three items, nine in ten of them after a blank line.
func blankParagraphs(ls []line, from, to int) bool {
	items, afterBlank := 0, 0
	for i := from + 1; i < to; i++ {
		if ls[i].isLabel {
			items++
			if ls[i-1].text == "" {
				afterBlank++
			}
		}
	}
	return items >= 3 && afterBlank*10 >= items*9
}

// logical is a paragraph rebuilt from wrapped physical lines.
type logical struct {
	line    int // index of its first physical line
	parts   []string
	lb      label
	isLabel bool
}

func (l *logical) text() string { return collapseSpace(joinWrapped(l.parts)) }

// brokenNumber matches a line that ends inside a document number, at its
// "/" or "-" ("… Nghị quyết số 28/NQ-"), folded.
var brokenNumber = regexp.MustCompile(`\d{1,5}(?:[/-][0-9a-z&]+)*[/-]$`)

// joinWrapped joins the physical lines of one paragraph with a space, except
// where Word wrapped a document number at its separator: "28/NQ-" and "CP"
// join as "28/NQ-CP", the number as it was written. A run of digits alone
// ("giai đoạn 2021-" and "2025") keeps its space, since that is how such
// ranges are often typed and a wrap cannot tell.
func joinWrapped(parts []string) string {
	var b strings.Builder
	for i, p := range parts {
		if i > 0 && !wrappedInNumber(parts[i-1], p) {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

// wrappedInNumber reports whether prev ends and next begins one document
// number (a symbol with letters: "28/NQ-" + "CP", "130/2021/" + "NĐ-CP").
func wrappedInNumber(prev, next string) bool {
	if next == "" {
		return false
	}
	frag := brokenNumber.FindString(fold(prev))
	if frag == "" {
		return false
	}
	tok, _, _ := strings.Cut(fold(next), " ")
	if !isWordByte(tok[0]) {
		return false
	}
	return hasLetter(frag + tok)
}

// logicalLines joins wrapped lines of ls[from:to] into paragraphs. A blank
// line always ends a paragraph.
func logicalLines(ls []line, from, to int) []logical {
	var out []logical
	blank := blankParagraphs(ls, from, to)
	prev := -1
	for i := from; i < to; i++ {
		l := &ls[i]
		if l.text == "" {
			continue
		}
		if n := len(out); n > 0 && prev == i-1 && !l.isLabel {
			cur := &out[n-1]
			labelOnly := cur.isLabel && cur.lb.rest == "" && len(cur.parts) == 0
			if labelOnly || shouldJoin(ls[prev].text, l.text, blank) {
				if labelOnly {
					// "I." alone on its line: the next line is its title.
					cur.lb.rest = l.text
				} else {
					cur.parts = append(cur.parts, l.text)
				}
				prev = i
				continue
			}
		}
		lg := logical{line: i, lb: l.lb, isLabel: l.isLabel}
		if !l.isLabel {
			lg.parts = []string{l.text}
		}
		out = append(out, lg)
		prev = i
	}
	return out
}

// webMarkers are words of web-page furniture and of signature blocks that
// mark short trailing lines as not part of the plan, folded.
var webMarkers = []string{
	"phan hoi", "truy cap", "tim kiem", "tin nong", "tin tieu diem", "lien ket",
	"tai day", "chia se", "ban in", "luot xem", "dau trang", "quay lai", "hom nay",
	"trang chu", "dang nhap", "giam doc", "chu tich", "da ky", "kt.", "tm.", "tl.",
}

// isCrumb reports whether a line looks like navigation or a signature rather
// than plan text: at most 12 words and no sentence-ending punctuation.
func isCrumb(s string) bool {
	if len(strings.Fields(s)) > 12 {
		return false
	}
	switch lastRune(s) {
	case '.', ';', ':', '?', '…':
		return false
	}
	return true
}

// bodyEnd finds where the plan's body ends: at a "Nơi nhận" line (the
// recipients and signature block of an official document), or before the
// trailing web-page junk. The junk rule: after the last numbered or bulleted
// item, take the maximal run of lines at the end of the text that are all
// crumbs (short, no sentence punctuation); drop it when it has at least three
// such lines or one of them holds a web or signature marker. A single short
// line after the last item ("Thời gian: Quý II/2024") is kept.
func bodyEnd(ls []line, start int) int {
	end := len(ls)
	for i := start; i < len(ls); i++ {
		if ls[i].text != "" && !ls[i].isLabel && strings.HasPrefix(fold(ls[i].text), "noi nhan") {
			end = i
			break
		}
	}
	last := start - 1
	for i := start; i < end; i++ {
		if ls[i].isLabel {
			last = i
		}
	}
	runStart, crumbs, marker := -1, 0, false
	for i := end - 1; i > last; i-- {
		t := ls[i].text
		if t == "" {
			continue
		}
		if !isCrumb(t) {
			break
		}
		runStart = i
		crumbs++
		f := fold(t)
		for _, m := range webMarkers {
			if strings.Contains(f, m) {
				marker = true
			}
		}
	}
	if runStart >= 0 && (crumbs >= 3 || marker) {
		end = runStart
	}
	return end
}

// outline keeps label kinds in the order of the document's outline: a kind
// seen for the first time is placed just below the kind of the item it
// appears under, and every later item of that kind sits at that level.
type outline struct{ kinds []string }

func (o *outline) rank(kind string) int {
	for i, k := range o.kinds {
		if k == kind {
			return i
		}
	}
	return -1
}

func (o *outline) insertAfter(kind, after string) {
	at := o.rank(after) + 1 // 0 when after is "" (no parent)
	o.kinds = append(o.kinds, "")
	copy(o.kinds[at+1:], o.kinds[at:])
	o.kinds[at] = kind
}

// decimalParent returns, for a multi-level decimal kind ("dec2" for "2.1."),
// the kind of the nearest open item one level up ("2." or "2)" for dec2,
// "2.1." for dec3): "2.1." belongs under "2." even when it first appears
// after a bullet of "2.". It returns "" for other kinds.
func decimalParent(stack []*openItem, kind string) string {
	if !strings.HasPrefix(kind, "dec") || len(kind) != 4 || kind[3] < '2' || kind[3] > '9' {
		return ""
	}
	up := "dec" + string(kind[3]-1)
	for i := len(stack) - 1; i >= 0; i-- {
		k := stack[i].kind
		if k == up || (up == "dec1" && (k == "dec." || k == "dec)")) {
			return k
		}
	}
	return ""
}

type openItem struct {
	it    *Item
	kind  string
	first string   // the text after the label
	paras []string // following paragraphs
}

// buildTree turns the lines ls[from:to] into the preamble and the item tree.
// The level of an item is decided by its label kind's place in the outline
// (order of first appearance), not by indentation: web copies indent
// arbitrarily, while "2.1." is always below "2." once the document has shown it.
func buildTree(ls []line, from, to int) (preamble []string, items []*Item) {
	items = []*Item{}
	var ol outline
	var stack []*openItem
	var all []*openItem
	for _, lg := range logicalLines(ls, from, to) {
		if !lg.isLabel {
			if len(stack) == 0 {
				preamble = append(preamble, lg.text())
			} else {
				top := stack[len(stack)-1]
				top.paras = append(top.paras, lg.text())
			}
			continue
		}
		kind := lg.lb.kind
		if kind == "roman" && len(lg.lb.text) == 1 {
			// "I." after "H." continues a list of capital letters.
			for _, o := range stack {
				if o.kind == "Letter" && firstRune(o.it.Label) == vnPredecessor(rune(lg.lb.text[0])) {
					kind = "Letter"
				}
			}
		}
		if ol.rank(kind) < 0 {
			after := ""
			if len(stack) > 0 {
				after = stack[len(stack)-1].kind
			}
			if p := decimalParent(stack, kind); p != "" {
				after = p
			}
			ol.insertAfter(kind, after)
		}
		r := ol.rank(kind)
		for len(stack) > 0 && ol.rank(stack[len(stack)-1].kind) >= r {
			stack = stack[:len(stack)-1]
		}
		rest := lg.lb.rest
		if len(lg.parts) > 0 {
			rest = strings.TrimSpace(joinWrapped(append([]string{rest}, lg.parts...)))
		}
		o := &openItem{
			it:    &Item{Label: lg.lb.text, Children: []*Item{}, Line: ls[lg.line].num},
			kind:  kind,
			first: collapseSpace(rest),
		}
		if len(stack) == 0 {
			items = append(items, o.it)
		} else {
			p := stack[len(stack)-1].it
			p.Children = append(p.Children, o.it)
		}
		stack = append(stack, o)
		all = append(all, o)
	}
	for _, o := range all {
		var paras []string
		if o.first != "" {
			paras = append(paras, o.first)
		}
		paras = append(paras, o.paras...)
		o.it.Text = strings.Join(paras, "\n")
		o.it.Title = itemTitle(o.first, isBulletKind(o.kind))
	}
	return preamble, items
}

// bulletTitleMax: a bullet's first sentence longer than this is a task
// description, not a heading, and gets no title.
const bulletTitleMax = 120

// itemTitle is the heading of an item: its first sentence or the text up to
// the first ':' whichever is shorter, without the closing punctuation. For
// bullets it is kept only when short.
func itemTitle(first string, bullet bool) string {
	end := len(first)
	if i := strings.IndexByte(first, ':'); i >= 0 {
		end = i
	}
	if j := sentenceEnd(first); j >= 0 && j < end {
		end = j
	}
	t := strings.TrimRight(strings.TrimSpace(first[:end]), " .;:,")
	if bullet && runeLen(t) > bulletTitleMax {
		return ""
	}
	return t
}

// abbreviations end with a dot that does not end a sentence.
var abbreviations = map[string]bool{
	"TP": true, "Tp": true, "tp": true, "ThS": true, "TS": true, "PGS": true, "GS": true,
	"BS": true, "KS": true, "CN": true, "v.v": true, "St": true, "Th.S": true,
}

// sentenceEnd returns the index of the '.', '!', '?' or '…' that ends the
// first sentence of s (followed by a space and a capital, or by the end), or -1.
func sentenceEnd(s string) int {
	for i := 0; i < len(s); i++ {
		c := s[i]
		size := 1
		switch {
		case c == '.' || c == '!' || c == '?':
		case strings.HasPrefix(s[i:], "…"):
			size = len("…")
		default:
			continue
		}
		j := i + size
		if j == len(s) {
			return i
		}
		if s[j] != ' ' || j+1 >= len(s) {
			continue
		}
		if !unicode.IsUpper(firstRune(s[j+1:])) {
			continue
		}
		if c == '.' {
			w := s[:i]
			if k := strings.LastIndexByte(w, ' '); k >= 0 {
				w = w[k+1:]
			}
			if abbreviations[w] {
				continue
			}
		}
		return i
	}
	return -1
}

// parseNormalized parses text already through Normalize.
func parseNormalized(norm string) *Document {
	raw := strings.Split(norm, "\n")
	ls := make([]line, len(raw))
	for i, r := range raw {
		t := strings.TrimSpace(r)
		ls[i] = line{num: i + 1, text: t}
		if t != "" {
			ls[i].lb, ls[i].isLabel = parseLabel(t)
		}
	}
	hr := parseHeader(ls)
	end := bodyEnd(ls, hr.next)
	pre, items := buildTree(ls, hr.next, end)

	doc := &Document{Header: hr.h, Items: items}
	doc.Preamble = strings.Join(pre, "\n")
	doc.Header.Guidance = guidance(pre)

	// The title of a web copy often carries the plan's own number:
	// "Kế hoạch số 15/KH-SGTVT ngày … về …".
	if doc.Header.Number == "" && doc.Header.Title != "" {
		if refs := extractRefs(doc.Header.Title); len(refs) > 0 && refs[0].Number != "" &&
			strings.HasPrefix(fold(doc.Header.Title), fold(refs[0].Type)) {
			doc.Header.Number = refs[0].Number
			if doc.Header.Date == "" {
				doc.Header.Date = refs[0].Date
			}
		}
	}
	if doc.Header.Date == "" {
		doc.Header.Date = hr.stamp
	}

	refs := extractRefs(strings.Join(raw[:end], "\n"))
	doc.References = refs[:0]
	for _, r := range refs {
		// A document does not cite itself.
		if r.Number != "" && doc.Header.Number != "" && fold(r.Number) == fold(doc.Header.Number) {
			continue
		}
		doc.References = append(doc.References, r)
	}

	year := planYear(doc.Header, hr.stamp)
	var walk func([]*Item)
	walk = func(its []*Item) {
		for _, it := range its {
			f := foldOffsets(it.Text)
			it.Deadlines = deadlinesFolded(it.Text, f, year)
			it.Observances = observancesFolded(f.s)
			walk(it.Children)
		}
	}
	walk(doc.Items)
	return doc
}

// guidance finds the number of the document the plan answers. A clause
// starting "Thực hiện"/"Thi hành"/"Triển khai" names it directly (the first
// numbered reference in it); failing that, the last numbered reference of the
// "Căn cứ" clauses, which go from general laws to the specific guidance.
func guidance(pre []string) string {
	var fromBasis string
	for _, p := range pre {
		for _, clause := range splitClauses(p) {
			clause = strings.TrimSpace(clause)
			f := fold(clause)
			direct := strings.HasPrefix(f, "thuc hien") || strings.HasPrefix(f, "thi hanh") ||
				strings.HasPrefix(f, "trien khai")
			basis := strings.HasPrefix(f, "can cu")
			if !direct && !basis {
				continue
			}
			for _, r := range extractRefs(clause) {
				if r.Number == "" {
					continue
				}
				if direct {
					return r.Number
				}
				fromBasis = r.Number
			}
		}
	}
	return fromBasis
}

func splitClauses(p string) []string {
	return strings.FieldsFunc(p, func(r rune) bool { return r == ';' || r == '\n' })
}
