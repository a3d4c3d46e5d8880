package markup

import (
	"html/template"
	"strconv"
	"strings"
)

// HTML renders src (Markdown subset) to safe HTML.
func HTML(src string) template.HTML {
	var b strings.Builder
	b.Grow(len(src) + len(src)/4)
	writeBlocks(&b, parseBlocks(splitLines(src), 0))
	return template.HTML(b.String()) //nolint:gosec // every byte of src went through escape; the tags are writeBlocks' own
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

// escaper escapes the five characters that matter in HTML text and quoted
// attributes. Entities typed in the source are escaped too, so "&amp;"
// shows as typed.
var escaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")

func escape(b *strings.Builder, s string) { _, _ = escaper.WriteString(b, s) }
