package markup

import (
	"slices"
	"strings"
	"unicode/utf8"
)

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
