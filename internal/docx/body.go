package docx

import (
	"strings"
)

// Page geometry, in twips (1/1440 inch). A4 portrait; the margins sit inside
// the decree's ranges (top and bottom 20–25 mm, left 30–35 mm, right
// 15–20 mm) at the values most agencies use.
const (
	pageW        = 11906
	pageH        = 16838
	marginTop    = 1134 // 20 mm
	marginBottom = 1134 // 20 mm
	marginLeft   = 1701 // 30 mm
	marginRight  = 1134 // 20 mm
	headerDist   = 567  // 10 mm: the page number sits in the top margin
	textW        = pageW - marginLeft - marginRight

	firstIndent = 720 // 1.27 cm, the body's first-line indent

	// The header table: the left column holds "SỞ GIAO THÔNG VẬN TẢI" in
	// 12 pt bold on one line, the right one "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
	// NAM"; small cell margins leave the text the room it needs.
	headLeftW  = 3780
	headRightW = textW - headLeftW
	headCellM  = 57

	// The foot table: Nơi nhận on the left, the signature on the right.
	footLeftW  = 4082
	footRightW = textW - footLeftW

	// signSpace is the room left above the signer's name for the signature
	// and the seal (about 3 cm).
	signSpace = 1701
)

// Sizes, in half-points.
const (
	sz11 = 22
	sz12 = 24
	sz13 = 26
	sz14 = 28
)

// words holds the fixed words of each language.
type words struct {
	number, to, recipients, nation, motto string
}

var (
	wordsVI = words{"Số: ", "Kính gửi:", "Nơi nhận:", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"}
	wordsEN = words{"No. ", "To:", "Recipients:", "SOCIALIST REPUBLIC OF VIETNAM", "Independence - Freedom - Happiness"}
)

// body is the paragraph format of body text: justified, first-line indent,
// 6 pt before, 1.15 lines (the decree allows single to 1.5).
var body = pf{before: 120, line: 276, lineRule: "auto", first: firstIndent, jc: "both"}

// headings: the format of each heading level, 1 to 4.
var headings = [5]rf{{}, {b: true, sz: sz14}, {b: true, sz: sz14}, {b: true, i: true, sz: sz14}, {i: true, sz: sz14}}

// tight is the format of header, foot and table paragraphs: single lines, no
// spacing, so that the cells stay compact.
var tight = pf{line: 240, lineRule: "auto"}

// rulePara writes an empty paragraph whose bottom border is a centred
// horizontal rule of width w inside room twips. A bordered empty paragraph
// is the one rule that Word and LibreOffice both draw where it is put,
// without floating shapes; its exact 3 pt height keeps it close under the text, clear of the descenders.
func (x *buf) rulePara(w, room, after int) {
	w = min(w, room)
	left := (room - w) / 2
	x.raw("<w:p>")
	x.pPr(pf{rule: true, after: after, line: 60, lineRule: "exact", left: left, right: room - w - left, markSz: 4})
	x.raw("</w:p>")
}

// documentXML renders word/document.xml.
func documentXML(d *Document) []byte {
	w := wordsVI
	if d.english() {
		w = wordsEN
	}
	x := &buf{b: make([]byte, 0, 8192+2*approxTextLen(d))}
	x.raw(xmlHeader)
	x.raw(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	headerTable(x, d, w)
	titleBlock(x, d, w)
	for i := range d.Blocks {
		block(x, &d.Blocks[i])
	}
	foot(x, d, w)
	// Appendices follow the signature, each on its own page, as the decree
	// places them.
	for i := range d.Appendices {
		block(x, &Block{Kind: PageBreak})
		for j := range d.Appendices[i] {
			block(x, &d.Appendices[i][j])
		}
	}
	// The body ends with a paragraph: Word expects one after a final table,
	// and 1 pt of it cannot push a page over.
	x.raw("<w:p>")
	x.pPr(pf{line: 20, lineRule: "exact", markSz: 2})
	x.raw("</w:p>")
	sectPr(x)
	x.raw("</w:body></w:document>")
	return x.b
}

func approxTextLen(d *Document) int {
	n := 0
	all := d.Blocks
	for _, a := range d.Appendices {
		all = append(all[:len(all):len(all)], a...)
	}
	for _, b := range all {
		n += len(b.Text)
		if b.Table != nil {
			for _, r := range b.Table.Rows {
				for _, c := range r {
					n += len(c) + 200
				}
			}
		}
	}
	return n
}

// borderless opens a table without borders, with fixed column widths so
// that Word and LibreOffice lay it out alike.
func borderless(x *buf, cols []int, cellMargin int) {
	x.raw(`<w:tbl><w:tblPr><w:tblW`)
	x.attrInt("w:w", textW)
	x.raw(` w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		x.raw("<w:" + side + ` w:val="nil"/>`)
	}
	x.raw(`</w:tblBorders><w:tblLayout w:type="fixed"/>`)
	if cellMargin >= 0 {
		x.raw(`<w:tblCellMar><w:left`)
		x.attrInt("w:w", cellMargin)
		x.raw(` w:type="dxa"/><w:right`)
		x.attrInt("w:w", cellMargin)
		x.raw(` w:type="dxa"/></w:tblCellMar>`)
	}
	x.raw("</w:tblPr>")
	grid(x, cols)
}

func grid(x *buf, cols []int) {
	x.raw("<w:tblGrid>")
	for _, c := range cols {
		x.raw("<w:gridCol")
		x.attrInt("w:w", c)
		x.raw("/>")
	}
	x.raw("</w:tblGrid>")
}

func cellStart(x *buf, width int, vAlign string) {
	x.raw("<w:tc><w:tcPr><w:tcW")
	x.attrInt("w:w", width)
	x.raw(` w:type="dxa"/><w:vAlign w:val="`)
	x.raw(vAlign)
	x.raw(`"/></w:tcPr>`)
}

// headerTable writes the two-column header (Decree 30/2020, Appendix I,
// items 1–4 of the layout). The number and the date line sit in a second
// row so that they stay level whatever the names above them take.
func headerTable(x *buf, d *Document, w words) {
	center := tight
	center.jc = "center"
	borderless(x, []int{headLeftW, headRightW}, headCellM)

	x.raw(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	cellStart(x, headLeftW, "top")
	if p := strings.TrimSpace(d.ParentIssuer); p != "" {
		x.para(center, rf{sz: sz12}, strings.ToUpper(p))
	}
	issuer := strings.ToUpper(strings.TrimSpace(d.Issuer))
	x.para(center, rf{b: true, sz: sz12}, issuer)
	room := headLeftW - 2*headCellM
	x.rulePara(shortRule(issuer, sz12, room), room, 0)
	x.raw("</w:tc>")

	cellStart(x, headRightW, "top")
	x.para(center, rf{b: true, sz: sz12}, w.nation)
	x.para(center, rf{b: true, sz: sz13}, w.motto)
	x.rulePara(boldWidth(w.motto, sz13), headRightW-2*headCellM, 0)
	x.raw("</w:tc></w:tr>")

	x.raw(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	num := strings.TrimSpace(d.Number)
	if num == "" {
		num = draftDots
	}
	spaced := center
	spaced.before = 120
	cellStart(x, headLeftW, "top")
	x.para(spaced, rf{sz: sz13}, w.number+num)
	if d.Letter {
		// Decree 30/2020, Appendix I, part II.5b: a letter's trích yếu
		// goes under its number, centred, in 12 pt upright.
		sub := center
		sub.before = 60
		x.para(sub, rf{sz: sz12}, letterTitle(d.Title))
	}
	x.raw("</w:tc>")
	cellStart(x, headRightW, "top")
	x.para(spaced, rf{i: true, sz: sz14}, dateLine(d.Place, d.Date, d.english()))
	x.raw("</w:tc></w:tr></w:tbl>")
}

// letterTitle is a letter's trích yếu as printed: "V/v" before it unless
// it has one.
func letterTitle(t string) string {
	t = strings.TrimSpace(t)
	if strings.HasPrefix(strings.ToLower(t), "v/v") {
		return t
	}
	return "V/v " + t
}

// titleBlock writes the type name, the title with its rule, and the
// "Kính gửi:" recipients.
func titleBlock(x *buf, d *Document, w words) {
	p := pf{keepNext: true, before: 360, line: 240, lineRule: "auto", jc: "center"}
	if !d.Letter {
		if t := strings.TrimSpace(d.Type); t != "" {
			x.para(p, rf{b: true, sz: sz14}, strings.ToUpper(t))
			p.before = 0
		}
		title := strings.TrimSpace(d.Title)
		x.para(p, rf{b: true, sz: sz14}, title)
		x.rulePara(shortRule(title, sz14, textW), textW, 120)
	}

	var to []string
	for _, t := range d.To {
		if c := strings.TrimSpace(strings.ReplaceAll(t, "\n", " ")); c != "" {
			to = append(to, c)
		}
	}
	switch len(to) {
	case 0:
	case 1:
		x.para(pf{before: 240, line: 276, lineRule: "auto", jc: "center"}, rf{sz: sz14}, w.to+" "+to[0])
	default:
		// Several recipients go one to a line under "Kính gửi:", as the
		// decree's model shows.
		x.para(pf{before: 240, line: 276, lineRule: "auto", left: 2268}, rf{sz: sz14}, w.to)
		for _, item := range listItems(to) {
			x.para(pf{line: 276, lineRule: "auto", left: 3402}, rf{sz: sz14}, item)
		}
	}
}

// paragraphs splits a block's text into its paragraphs, dropping blank ones;
// there is always at least one, so a block with only a label still shows.
func paragraphs(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func clamp(v, lo, hi int) int { return max(lo, min(v, hi)) }

// headingStyles are the style ids of heading levels 1–4; a style gives Word's
// navigation pane and LibreOffice's navigator the document's outline.
var headingStyles = [5]string{"", "Heading1", "Heading2", "Heading3", "Heading4"}

func block(x *buf, b *Block) {
	switch b.Kind {
	case TableBlock:
		if b.Table != nil && table(x, b.Table) {
			// A paragraph after every table keeps two tables in a row
			// (or a table and the foot) from merging into one.
			x.raw("<w:p>")
			x.pPr(pf{line: 240, lineRule: "auto", markSz: sz12})
			x.raw("</w:p>")
		}
	case PageBreak:
		x.raw(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
	case Heading:
		lvl := clamp(b.Level, 1, 4)
		p := body
		p.style = headingStyles[lvl]
		p.keepNext = true
		labelled(x, p, headings[lvl], labelPrefix(b.Label), b.Text)
	case Bullet:
		lvl := clamp(b.Level, 1, 2)
		label := strings.TrimSpace(b.Label)
		if label == "" {
			label = "-"
			if lvl == 2 {
				label = "+"
			}
		}
		labelled(x, body, rf{sz: sz14}, labelPrefix(label), b.Text)
	default: // Paragraph, and kinds this version does not know
		labelled(x, body, rf{sz: sz14}, labelPrefix(b.Label), b.Text)
	}
}

// labelled writes a block's paragraphs, the first one led by its label.
func labelled(x *buf, p pf, f rf, prefix, text string) {
	for i, s := range paragraphs(text) {
		if i == 0 {
			s = prefix + s
			if s == prefix {
				s = strings.TrimRight(s, " ")
			}
		}
		x.para(p, f, s)
	}
}

// colWidths turns relative widths into twips that add up to total.
func colWidths(rel []int, n, total int) []int {
	ok := len(rel) == n
	sum := int64(0)
	for _, r := range rel {
		if r < 1 {
			ok = false
		}
		sum += int64(r)
	}
	out := make([]int, n)
	used := 0
	for i := range out {
		if ok {
			out[i] = int(int64(total) * int64(rel[i]) / sum)
		} else {
			out[i] = total / n
		}
		out[i] = max(out[i], 1)
		used += out[i]
	}
	// the rounding's remainder goes to the last column
	out[n-1] = max(out[n-1]+total-used, 1)
	return out
}

// table writes a body table; it reports false, writing nothing, for a table
// without a single column.
func table(x *buf, t *Table) bool {
	n := len(t.Header)
	for _, r := range t.Rows {
		n = max(n, len(r))
	}
	if n == 0 {
		return false
	}
	cols := colWidths(t.Widths, n, textW)
	x.raw(`<w:tbl><w:tblPr><w:tblW`)
	x.attrInt("w:w", textW)
	x.raw(` w:type="dxa"/><w:tblInd w:w="0" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		x.raw("<w:" + side + ` w:val="single" w:sz="4" w:space="0" w:color="auto"/>`)
	}
	x.raw(`</w:tblBorders><w:tblLayout w:type="fixed"/></w:tblPr>`)
	grid(x, cols)

	if len(t.Header) > 0 {
		// tblHeader repeats the row at the top of every page the table
		// runs onto.
		x.raw(`<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>`)
		for c := 0; c < n; c++ {
			cell(x, cols[c], "center", rf{b: true, sz: sz12}, at(t.Header, c))
		}
		x.raw("</w:tr>")
	}
	for r, row := range t.Rows {
		f := rf{sz: sz12, b: r < len(t.Bold) && t.Bold[r]}
		x.raw(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
		for c := 0; c < n; c++ {
			s := at(row, c)
			jc := "left"
			switch strings.ToLower(strings.TrimSpace(at(t.Align, c))) {
			case "right":
				jc = "right"
			case "center", "centre":
				jc = "center"
			case "":
				if isNumber(s) {
					jc = "right"
				}
			}
			cell(x, cols[c], jc, f, s)
		}
		x.raw("</w:tr>")
	}
	x.raw("</w:tbl>")
	return true
}

func at(ss []string, i int) string {
	if i < len(ss) {
		return ss[i]
	}
	return ""
}

// cell writes a table cell; a cell always holds a paragraph, even when
// empty, or Word declares the file damaged.
func cell(x *buf, width int, jc string, f rf, s string) {
	cellStart(x, width, "center")
	p := pf{before: 40, after: 40, line: 240, lineRule: "auto", jc: jc}
	for _, s := range paragraphs(s) {
		x.para(p, f, s)
	}
	x.raw("</w:tc>")
}

// foot writes "Nơi nhận:" with its list and the signature block, side by
// side, starting on the same line as the decree's model has them.
func foot(x *buf, d *Document, w words) {
	items := listItems(d.Recipients)
	var signer []string
	for _, s := range d.SignerTitle {
		if s = strings.TrimSpace(s); s != "" {
			signer = append(signer, strings.ToUpper(s))
		}
	}
	name := strings.TrimSpace(d.SignerName)
	if len(items) == 0 && len(signer) == 0 && name == "" {
		return
	}
	borderless(x, []int{footLeftW, footRightW}, -1)
	// cantSplit keeps the signature and the list on one page.
	x.raw(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	cellStart(x, footLeftW, "top")
	left := tight
	left.jc = "left"
	if len(items) == 0 {
		x.raw("<w:p/>")
	} else {
		first := left
		first.before = 240
		x.para(first, rf{b: true, i: true, sz: sz12}, w.recipients)
		for _, it := range items {
			x.para(left, rf{sz: sz11}, it)
		}
	}
	x.raw("</w:tc>")
	cellStart(x, footRightW, "top")
	center := tight
	center.jc = "center"
	center.before = 240
	for _, s := range signer {
		x.para(center, rf{b: true, sz: sz14}, s)
		center.before = 0
	}
	if name != "" {
		center.before = signSpace
		x.para(center, rf{b: true, sz: sz14}, name)
	} else if len(signer) == 0 {
		x.raw("<w:p/>")
	}
	x.raw("</w:tc></w:tr></w:tbl>")
}

// sectPr writes the section: A4 portrait, the margins, and the headers; the
// first page takes the empty "first" header (titlePg), the others the one
// with the page number, so numbering shows from page 2 on.
func sectPr(x *buf) {
	x.raw(`<w:sectPr><w:headerReference w:type="default" r:id="` + ridHeaderPage + `"/>`)
	x.raw(`<w:headerReference w:type="first" r:id="` + ridHeaderFirst + `"/>`)
	x.raw("<w:pgSz")
	x.attrInt("w:w", pageW)
	x.attrInt("w:h", pageH)
	x.raw("/><w:pgMar")
	x.attrInt("w:top", marginTop)
	x.attrInt("w:right", marginRight)
	x.attrInt("w:bottom", marginBottom)
	x.attrInt("w:left", marginLeft)
	x.attrInt("w:header", headerDist)
	x.attrInt("w:footer", headerDist)
	x.attrInt("w:gutter", 0)
	x.raw(`/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>`)
}
