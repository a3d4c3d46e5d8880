package docx

import (
	"bytes"
	"errors"
	"path"
	"strings"
	"testing"
	"time"

	"tebdg/internal/errs"
)

func TestPackageParts(t *testing.T) {
	p := write(t, sampleDoc())
	if got := p.order[0]; got != "[Content_Types].xml" {
		t.Errorf("first entry %q, want [Content_Types].xml", got)
	}
	for _, name := range p.order {
		if _, err := parseXML(p.parts[name]); err != nil {
			t.Errorf("%s is not well-formed: %v", name, err)
		}
	}

	types := p.xml(t, "[Content_Types].xml")
	overrides := map[string]string{}
	for _, o := range types.children("Override") {
		overrides[strings.TrimPrefix(o.get("PartName"), "/")] = o.get("ContentType")
	}
	defaults := map[string]bool{}
	for _, d := range types.children("Default") {
		defaults[d.get("Extension")] = true
	}
	for name := range overrides {
		if _, ok := p.parts[name]; !ok {
			t.Errorf("[Content_Types].xml lists %s, which the package lacks", name)
		}
	}
	for _, name := range p.order {
		if name == "[Content_Types].xml" {
			continue
		}
		ext := path.Ext(name)
		if ext == ".xml" && overrides[name] == "" {
			t.Errorf("%s has no Override in [Content_Types].xml", name)
		}
		if overrides[name] == "" && !defaults[strings.TrimPrefix(ext, ".")] {
			t.Errorf("%s has no content type", name)
		}
	}
	if got, want := overrides["word/document.xml"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"; got != want {
		t.Errorf("document.xml content type %q, want %q", got, want)
	}

	// Every relationship points at a part that exists, and every r:id the
	// document uses is declared.
	targets := func(rels, dir string) map[string]string {
		out := map[string]string{}
		for _, r := range p.xml(t, rels).children("Relationship") {
			target := path.Join(dir, r.get("Target"))
			if _, ok := p.parts[target]; !ok {
				t.Errorf("%s: %s points at %s, which the package lacks", rels, r.get("Id"), target)
			}
			out[r.get("Id")] = target
		}
		return out
	}
	if got := targets("_rels/.rels", ""); len(got) != 3 {
		t.Errorf("package relationships: %v, want document, core and app", got)
	}
	docRels := targets("word/_rels/document.xml.rels", "word")
	for _, ref := range p.body(t).all("headerReference") {
		if docRels[ref.get("id")] == "" {
			t.Errorf("headerReference %s is not declared", ref.get("id"))
		}
	}

	core := p.xml(t, "docProps/core.xml")
	for field, want := range map[string]string{
		"title":    "Triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024",
		"creator":  "tebdg",
		"created":  "2024-02-09T17:00:00Z", // 10/02/2024 00:00 in Vietnam
		"modified": "2024-02-09T17:00:00Z",
		"language": "vi-VN",
	} {
		if got := textOrAttr(core.child(field)); got != want {
			t.Errorf("core.xml %s = %q, want %q", field, got, want)
		}
	}
	if got := core.child("created").get("type"); got != "dcterms:W3CDTF" {
		t.Errorf("created xsi:type %q, want dcterms:W3CDTF", got)
	}
	if got := p.xml(t, "docProps/app.xml").child("Application").text; got != "tebdg" {
		t.Errorf("app.xml Application %q, want tebdg", got)
	}
	for name, f := range p.files {
		if !f.Modified.Equal(zipTime) {
			t.Errorf("%s modified %v, want the fixed %v", name, f.Modified, zipTime)
		}
	}
}

func textOrAttr(n *node) string {
	if n == nil {
		return "<missing>"
	}
	return n.text
}

func TestDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Write(&a, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	if err := Write(&b, sampleDoc()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same document differ")
	}
}

func TestPageSetup(t *testing.T) {
	p := write(t, sampleDoc())
	sect := p.body(t).child("sectPr")
	if sect == nil {
		t.Fatal("no sectPr at the end of the body")
	}
	size := sect.child("pgSz")
	if w, h := size.getInt("w"), size.getInt("h"); w != 11906 || h != 16838 {
		t.Errorf("page %d × %d twips, want A4 11906 × 16838", w, h)
	}
	if o := size.get("orient"); o != "" && o != "portrait" {
		t.Errorf("orientation %q, want portrait", o)
	}
	mar := sect.child("pgMar")
	// The decree's ranges, in millimetres (Appendix I, part II.5).
	for _, c := range []struct {
		side    string
		lo, hi  float64
		wantTwp int
	}{
		{"top", 20, 25, 1134},
		{"bottom", 20, 25, 1134},
		{"left", 30, 35, 1701},
		{"right", 15, 20, 1134},
	} {
		tw := mar.getInt(c.side)
		if got := mm(tw); got < c.lo-0.1 || got > c.hi+0.1 {
			t.Errorf("%s margin %.1f mm, want %g–%g mm", c.side, got, c.lo, c.hi)
		}
		if tw != c.wantTwp {
			t.Errorf("%s margin %d twips, want %d", c.side, tw, c.wantTwp)
		}
	}
	if hd := mar.getInt("header"); hd <= 0 || hd >= mar.getInt("top") {
		t.Errorf("header distance %d, want inside the top margin %d", hd, mar.getInt("top"))
	}

	// Page numbers from page 2: a distinct, empty first-page header, and a
	// default header holding a centred PAGE field.
	if !on(sect.child("titlePg")) {
		t.Error("titlePg not set: the first page would show its number")
	}
	rels := map[string]string{}
	for _, r := range p.xml(t, "word/_rels/document.xml.rels").children("Relationship") {
		rels[r.get("Id")] = "word/" + r.get("Target")
	}
	headers := map[string]string{}
	for _, ref := range sect.children("headerReference") {
		headers[ref.get("type")] = rels[ref.get("id")]
	}
	if headers["default"] == "" || headers["first"] == "" || headers["default"] == headers["first"] {
		t.Fatalf("header references %v, want distinct default and first", headers)
	}
	def := p.xml(t, headers["default"])
	var instr string
	for _, it := range def.all("instrText") {
		instr += it.text
	}
	if strings.TrimSpace(instr) != "PAGE" {
		t.Errorf("default header field %q, want PAGE", instr)
	}
	if len(def.all("fldChar")) != 3 {
		t.Errorf("default header has %d fldChar, want begin, separate, end", len(def.all("fldChar")))
	}
	hp := paraOf(def.child("p"))
	if hp.jc != "center" || hp.sz < 26 || hp.sz > 28 {
		t.Errorf("page number paragraph jc %q size %d, want centred 13–14 pt", hp.jc, hp.sz)
	}
	first := p.xml(t, headers["first"])
	if got := textOf(first); got != "" || len(first.all("instrText")) != 0 {
		t.Errorf("first-page header holds %q, want nothing", got)
	}
}

func TestFonts(t *testing.T) {
	p := write(t, sampleDoc())
	styles := p.xml(t, "word/styles.xml")
	def := styles.child("docDefaults").child("rPrDefault").child("rPr")
	rf := def.child("rFonts")
	for _, a := range []string{"ascii", "hAnsi", "cs", "eastAsia"} {
		if got := rf.get(a); got != "Times New Roman" {
			t.Errorf("default font %s = %q, want Times New Roman", a, got)
		}
	}
	if got := def.child("sz").getInt("val"); got != 28 {
		t.Errorf("default size %d half-points, want 28 (14 pt)", got)
	}
	var normal *node
	for _, s := range styles.children("style") {
		if s.get("styleId") == "Normal" {
			normal = s
		}
	}
	if normal == nil || normal.child("rPr").child("rFonts").get("ascii") != "Times New Roman" || normal.child("rPr").child("sz").getInt("val") != 28 {
		t.Error("Normal style is not Times New Roman 14 pt")
	}
	for _, part := range []string{"word/styles.xml", "word/document.xml", "word/header1.xml", "word/header2.xml"} {
		for _, f := range p.xml(t, part).all("rFonts") {
			for _, a := range f.attr {
				if a.Value != "Times New Roman" {
					t.Errorf("%s names font %s=%q", part, a.Name.Local, a.Value)
				}
			}
		}
	}
	// Every paragraph style the document uses is defined.
	defined := map[string]bool{}
	for _, s := range styles.children("style") {
		defined[s.get("styleId")] = true
	}
	for _, part := range []string{"word/document.xml", "word/header1.xml", "word/header2.xml"} {
		for _, ps := range p.xml(t, part).all("pStyle") {
			if !defined[ps.get("val")] {
				t.Errorf("%s uses undefined style %q", part, ps.get("val"))
			}
		}
	}
}

func TestHeaderTable(t *testing.T) {
	p := write(t, sampleDoc())
	body := p.body(t)
	if body.kids[0].name.Local != "tbl" {
		t.Fatalf("the body starts with %s, want the header table", body.kids[0].name.Local)
	}
	tbl := body.kids[0]
	for _, side := range tbl.child("tblPr").child("tblBorders").kids {
		if v := side.get("val"); v != "nil" && v != "none" {
			t.Errorf("header table border %s = %q, want none", side.name.Local, v)
		}
	}
	rows := cellParas(tbl)
	if len(rows) != 2 || len(rows[0]) != 2 || len(rows[1]) != 2 {
		t.Fatalf("header table shape %d rows, want 2 × 2", len(rows))
	}
	left, right := rows[0][0], rows[0][1]
	if len(left) != 3 || len(right) != 3 {
		t.Fatalf("header cells hold %d and %d paragraphs, want 3 and 3", len(left), len(right))
	}
	type want struct {
		text         string
		b, i         bool
		szLo, szHigh int
	}
	for _, c := range []struct {
		what string
		got  para
		want want
	}{
		{"parent body", left[0], want{"UBND TỈNH QUẢNG NINH", false, false, 24, 26}},
		{"issuer", left[1], want{"SỞ GIAO THÔNG VẬN TẢI", true, false, 24, 26}},
		{"national name", right[0], want{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", true, false, 24, 26}},
		{"motto", right[1], want{"Độc lập - Tự do - Hạnh phúc", true, false, 26, 28}},
		{"number", rows[1][0][0], want{"Số: 15/KH-SGTVT", false, false, 26, 26}},
		{"date line", rows[1][1][0], want{"Quảng Ninh, ngày 10 tháng 02 năm 2024", false, true, 26, 28}},
	} {
		g := c.got
		if g.text != c.want.text || g.b != c.want.b || g.i != c.want.i || g.sz < c.want.szLo || g.sz > c.want.szHigh || g.jc != "center" || g.mixedFormats {
			t.Errorf("%s: %q bold %v italic %v size %d jc %q, want %q bold %v italic %v size %d–%d centred",
				c.what, g.text, g.b, g.i, g.sz, g.jc, c.want.text, c.want.b, c.want.i, c.want.szLo, c.want.szHigh)
		}
	}

	// The rules: under the issuer a third to a half of its line, under the
	// motto as long as the motto. "SỞ GIAO THÔNG VẬN TẢI" in 12 pt bold is
	// 3052 twips wide; the motto in 13 pt bold 3184 (TestBoldWidth).
	ruleWidth := func(pr para, cell int) int { return cell - 2*headCellM - pr.left - pr.right }
	iss, mot := left[2], right[2]
	if !iss.border || iss.text != "" {
		t.Errorf("under the issuer: %+v, want an empty bordered paragraph", iss)
	}
	if w := ruleWidth(iss, headLeftW); w < 3052/3 || w > 3052/2 || abs(iss.left-iss.right) > 1 {
		t.Errorf("issuer rule %d twips (indents %d, %d), want centred, 1017–1526", w, iss.left, iss.right)
	}
	if !mot.border || mot.text != "" {
		t.Errorf("under the motto: %+v, want an empty bordered paragraph", mot)
	}
	if w := ruleWidth(mot, headRightW); abs(w-3184) > 2 || abs(mot.left-mot.right) > 1 {
		t.Errorf("motto rule %d twips (indents %d, %d), want centred, 3184", w, mot.left, mot.right)
	}
}

func abs(n int) int { return max(n, -n) }

func TestTypeAndTitle(t *testing.T) {
	d := sampleDoc()
	d.Type = "kế hoạch"
	p := write(t, d)
	body := p.body(t)
	ps := body.kids[1:4]
	typ, title, rule := paraOf(ps[0]), paraOf(ps[1]), paraOf(ps[2])
	if typ.text != "KẾ HOẠCH" || !typ.b || typ.sz < 26 || typ.sz > 28 || typ.jc != "center" {
		t.Errorf("type line %+v, want KẾ HOẠCH bold 13–14 pt centred, in caps whatever the input", typ)
	}
	if title.text != d.Title || !title.b || title.sz < 26 || title.sz > 28 || title.jc != "center" {
		t.Errorf("title %+v, want bold 13–14 pt centred", title)
	}
	if !rule.border || rule.text != "" {
		t.Errorf("after the title %+v, want the rule", rule)
	}
	tw := boldWidth(d.Title, 28)
	if w := textW - rule.left - rule.right; w < tw/3 || w > tw/2 {
		t.Errorf("title rule %d twips, want a third to a half of the title's %d", w, tw)
	}

	// A multi-line title keeps its breaks; a type left empty prints no line.
	d.Type = ""
	d.Title = "Về việc A\nvà B"
	body = write(t, d).body(t)
	if got := paraOf(body.kids[1]); got.text != "Về việc A\nvà B" || !got.b {
		t.Errorf("without a type, the first paragraph is %+v, want the two-line title", got)
	}
}

func TestBodyBlocks(t *testing.T) {
	d := Document{Issuer: "Sở X", Title: "T", Blocks: []Block{
		{Kind: Heading, Level: 1, Label: "I", Text: "MỤC TIÊU, YÊU CẦU"},
		{Kind: Heading, Level: 2, Label: "1", Text: "Đối với công tác trẻ em"},
		{Kind: Heading, Level: 3, Label: "2.1", Text: "Nội dung tập trung"},
		{Kind: Heading, Level: 4, Label: "a)", Text: "Lĩnh vực trẻ em:"},
		{Kind: Bullet, Level: 1, Label: "-", Text: "Tuyên truyền"},
		{Kind: Bullet, Level: 2, Label: "+", Text: "Rà soát  biển báo"},
		{Kind: Bullet, Level: 2, Text: "không nhãn"},
		{Kind: Bullet, Level: 1, Text: "  đoạn một \n\n   đoạn hai  "},
		{Kind: Paragraph, Text: "Trên đây là Kế hoạch."},
		{Kind: Heading, Level: 0, Label: "Mục tiêu 1:", Text: "Giảm tai nạn"},
		{Kind: Heading, Level: 9, Label: "b", Text: ""},
		{Kind: Paragraph, Text: "a\tb"},
	}}
	got := bodyParas(write(t, d).body(t))[1:] // after the title
	type want struct {
		text  string
		b, i  bool
		style string
	}
	wants := []want{
		{"I. MỤC TIÊU, YÊU CẦU", true, false, "Heading1"},
		{"1. Đối với công tác trẻ em", true, false, "Heading2"},
		{"2.1. Nội dung tập trung", true, true, "Heading3"},
		{"a) Lĩnh vực trẻ em:", false, true, "Heading4"},
		{"- Tuyên truyền", false, false, ""},
		{"+ Rà soát  biển báo", false, false, ""},
		{"+ không nhãn", false, false, ""},
		{"- đoạn một", false, false, ""},
		{"đoạn hai", false, false, ""},
		{"Trên đây là Kế hoạch.", false, false, ""},
		{"Mục tiêu 1: Giảm tai nạn", true, false, "Heading1"},
		{"b.", false, true, "Heading4"},
		{"a\tb", false, false, ""},
	}
	if len(got) != len(wants) {
		var texts []string
		for _, g := range got {
			texts = append(texts, g.text)
		}
		t.Fatalf("body paragraphs %q, want %d", texts, len(wants))
	}
	for i, w := range wants {
		g := got[i]
		if g.text != w.text || g.b != w.b || g.i != w.i || g.style != w.style {
			t.Errorf("paragraph %d: %q bold %v italic %v style %q, want %q bold %v italic %v style %q", i, g.text, g.b, g.i, g.style, w.text, w.b, w.i, w.style)
		}
		// Body text: justified, 1.27 cm first-line indent, 6 pt before,
		// lines no tighter than single, 14 pt.
		if g.jc != "both" || g.first != 720 || g.before != 120 || g.lineRule != "auto" || g.line < 240 || g.line > 360 || g.sz != 28 {
			t.Errorf("paragraph %q: jc %q first %d before %d line %d %s size %d, want both 720 120 240–360 auto 28",
				g.text, g.jc, g.first, g.before, g.line, g.lineRule, g.sz)
		}
		if (w.style != "") != g.keepNext {
			t.Errorf("paragraph %q keepNext %v, want it on headings only", g.text, g.keepNext)
		}
	}
}

func TestPageBreakAndEmptyTables(t *testing.T) {
	d := Document{Issuer: "Sở X", Title: "T", Blocks: []Block{
		{Kind: Paragraph, Text: "một"},
		{Kind: PageBreak},
		{Kind: TableBlock},
		{Kind: TableBlock, Table: &Table{}},
		{Kind: Paragraph, Text: "hai"},
	}}
	body := write(t, d).body(t)
	if n := len(body.children("tbl")); n != 1 {
		t.Errorf("%d tables, want only the header table", n)
	}
	breaks := 0
	for _, br := range body.all("br") {
		if br.get("type") == "page" {
			breaks++
		}
	}
	if breaks != 1 {
		t.Errorf("%d page breaks, want 1", breaks)
	}
}

func TestBodyTable(t *testing.T) {
	tbl := &Table{
		Header: []string{"TT", "Nhiệm vụ", "Đơn vị", "Số lượng"},
		Rows: [][]string{
			{"1", "Kiểm tra xe đưa đón", "Thanh tra Sở", "1.200"},
			{"2", "Rà soát biển báo", "Cảng vụ"}, // short: padded
			{"", "Tổng cộng", "", "12,5%"},
		},
		Widths: []int{1, 5, 3, 2},
		Align:  []string{"center", "", "left", ""},
		Bold:   []bool{false, false, true},
	}
	d := Document{Issuer: "Sở X", Title: "T", Blocks: []Block{
		{Kind: TableBlock, Table: tbl},
		{Kind: TableBlock, Table: &Table{Rows: [][]string{{"x"}}}},
	}}
	body := write(t, d).body(t)
	// Two tables in a row must stay two: something must separate them.
	for i := 1; i < len(body.kids); i++ {
		if body.kids[i].name.Local == "tbl" && body.kids[i-1].name.Local == "tbl" {
			t.Errorf("body elements %d and %d are adjacent tables, which Word merges", i-1, i)
		}
	}
	tables := body.children("tbl")
	if len(tables) != 3 {
		t.Fatalf("%d tables, want header, two body tables (no foot)", len(tables))
	}
	tn := tables[1]
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		if got := tn.child("tblPr").child("tblBorders").child(side).get("val"); got != "single" {
			t.Errorf("border %s = %q, want single", side, got)
		}
	}
	var cols []int
	sum := 0
	for _, gc := range tn.child("tblGrid").children("gridCol") {
		cols = append(cols, gc.getInt("w"))
		sum += gc.getInt("w")
	}
	if sum != textW || len(cols) != 4 || cols[1] != textW*5/11 {
		t.Errorf("columns %v (sum %d), want 1:5:3:2 of %d", cols, sum, textW)
	}
	trs := tn.children("tr")
	if !on(trs[0].child("trPr").child("tblHeader")) {
		t.Error("the header row does not repeat on each page")
	}
	for _, tr := range trs[1:] {
		if on(tr.child("trPr").child("tblHeader")) {
			t.Error("a data row is marked as header")
		}
	}
	rows := cellParas(tn)
	want := [][]struct {
		text string
		jc   string
		b    bool
	}{
		{{"TT", "center", true}, {"Nhiệm vụ", "center", true}, {"Đơn vị", "center", true}, {"Số lượng", "center", true}},
		{{"1", "center", false}, {"Kiểm tra xe đưa đón", "left", false}, {"Thanh tra Sở", "left", false}, {"1.200", "right", false}},
		{{"2", "center", false}, {"Rà soát biển báo", "left", false}, {"Cảng vụ", "left", false}, {"", "right", false}},
		{{"", "center", true}, {"Tổng cộng", "left", true}, {"", "left", true}, {"12,5%", "right", true}},
	}
	for r := range want {
		if len(rows[r]) != 4 {
			t.Fatalf("row %d has %d cells, want 4", r, len(rows[r]))
		}
		for c, w := range want[r] {
			g := rows[r][c][0]
			jc := g.jc
			if w.text == "" && g.text == "" {
				jc = w.jc // an empty cell's alignment does not show
			}
			if g.text != w.text || jc != w.jc || (g.text != "" && (g.b != w.b || g.sz != 24)) {
				t.Errorf("cell %d,%d: %q jc %q bold %v size %d, want %q %q bold %v 12 pt", r, c, g.text, g.jc, g.b, g.sz, w.text, w.jc, w.b)
			}
		}
	}
}

func TestFoot(t *testing.T) {
	d := sampleDoc()
	d.Recipients = []string{"- Sở Lao động - TB&XH (b/c);", "Lãnh đạo Sở", "  ", "Lưu: VT, VP."}
	body := write(t, d).body(t)
	tables := body.children("tbl")
	foot := tables[len(tables)-1]
	for _, side := range foot.child("tblPr").child("tblBorders").kids {
		if v := side.get("val"); v != "nil" && v != "none" {
			t.Errorf("foot table border %s = %q, want none", side.name.Local, v)
		}
	}
	rows := cellParas(foot)
	left, right := rows[0][0], rows[0][1]
	if h := left[0]; h.text != "Nơi nhận:" || !h.b || !h.i || h.sz != 24 {
		t.Errorf("list heading %+v, want Nơi nhận: 12 pt bold italic", h)
	}
	wantItems := []string{"- Sở Lao động - TB&XH (b/c);", "- Lãnh đạo Sở;", "- Lưu: VT, VP."}
	if len(left)-1 != len(wantItems) {
		t.Fatalf("%d recipients, want %d", len(left)-1, len(wantItems))
	}
	for i, w := range wantItems {
		if g := left[i+1]; g.text != w || g.sz != 22 || g.b || g.i {
			t.Errorf("recipient %d: %q size %d bold %v italic %v, want %q 11 pt plain", i, g.text, g.sz, g.b, g.i, w)
		}
	}
	wantSign := []string{"KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn An"}
	if len(right) != len(wantSign) {
		t.Fatalf("signature block %d paragraphs, want %d", len(right), len(wantSign))
	}
	for i, w := range wantSign {
		if g := right[i]; g.text != w || !g.b || g.sz < 26 || g.sz > 28 || g.jc != "center" {
			t.Errorf("signature line %d: %+v, want %q bold 13–14 pt centred", i, g, w)
		}
	}
	if sp := right[2].before; sp < 1134 {
		t.Errorf("room for the signature %d twips, want at least 2 cm", sp)
	}
	if left[0].before != right[0].before {
		t.Errorf("Nơi nhận starts %d twips down, the signature %d: want them level", left[0].before, right[0].before)
	}

	// No recipients and no signer: no foot at all.
	d = Document{Issuer: "Sở X", Title: "T"}
	if n := len(write(t, d).body(t).children("tbl")); n != 1 {
		t.Errorf("%d tables for a document without foot, want 1", n)
	}
}

func TestKinhGui(t *testing.T) {
	d := Document{Issuer: "Sở X", Title: "T", Type: "BÁO CÁO", To: []string{"Sở Y tế tỉnh Quảng Ninh"}}
	ps := bodyParas(write(t, d).body(t))
	if g := ps[2]; g.text != "Kính gửi: Sở Y tế tỉnh Quảng Ninh" || g.jc != "center" || g.b {
		t.Errorf("one recipient: %+v, want a centred plain Kính gửi line", g)
	}
	d.To = []string{"Sở Y tế", "", "Sở Nội vụ;"}
	ps = bodyParas(write(t, d).body(t))
	var got []string
	for _, p := range ps[2:] {
		got = append(got, p.text)
	}
	want := []string{"Kính gửi:", "- Sở Y tế;", "- Sở Nội vụ."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("several recipients %q, want %q", got, want)
	}
	d.To = nil
	for _, p := range bodyParas(write(t, d).body(t)) {
		if strings.HasPrefix(p.text, "Kính gửi") {
			t.Error("a Kính gửi line without recipients")
		}
	}
}

func TestEnglish(t *testing.T) {
	d := sampleDoc()
	d.Language = "en"
	d.To = []string{"Department of Health"}
	p := write(t, d)
	body := p.body(t)
	rows := cellParas(body.children("tbl")[0])
	for _, c := range []struct{ got, want string }{
		{rows[0][1][0].text, "SOCIALIST REPUBLIC OF VIETNAM"},
		{rows[0][1][1].text, "Independence - Freedom - Happiness"},
		{rows[1][0][0].text, "No. 15/KH-SGTVT"},
		{rows[1][1][0].text, "Quang Ninh, 10 February 2024"},
		{bodyParas(body)[2].text, "To: Department of Health"},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
	tables := body.children("tbl")
	if got := cellParas(tables[len(tables)-1])[0][0][0].text; got != "Recipients:" {
		t.Errorf("list heading %q, want Recipients:", got)
	}
	if w := rows[0][1][2]; headRightW-2*headCellM-w.left-w.right != boldWidth("Independence - Freedom - Happiness", 26) {
		t.Errorf("the English motto's rule is not as long as the motto")
	}
	if got := p.xml(t, "docProps/core.xml").child("language").text; got != "en-GB" {
		t.Errorf("language %q, want en-GB", got)
	}
}

func TestDraft(t *testing.T) {
	d := sampleDoc()
	d.Number = "  "
	d.Date = time.Time{}
	p := write(t, d)
	rows := cellParas(p.body(t).children("tbl")[0])
	if got, want := rows[1][0][0].text, "Số: ……"; got != want {
		t.Errorf("number %q, want %q", got, want)
	}
	if got, want := rows[1][1][0].text, "Quảng Ninh, ngày …… tháng …… năm 20.."; got != want {
		t.Errorf("date line %q, want %q", got, want)
	}
	if got := p.xml(t, "docProps/core.xml").child("created").text; got != "1980-01-01T00:00:00Z" {
		t.Errorf("created %q, want the fixed epoch", got)
	}
}

func TestEscapingAndControlCharacters(t *testing.T) {
	d := Document{
		Issuer: "Sở <GTVT> & \"Cảng\"",
		Title:  "A & B <C> 'D'\x01\x0bE\uFFFE",
		Blocks: []Block{
			{Kind: Paragraph, Text: "x\x00y\tz\r\nw\xffv\rk"},
			{Kind: Paragraph, Text: "hai  khoảng ]]> &amp;"},
		},
		Recipients: []string{"a\x1fb"},
	}
	p := write(t, d)
	body := p.body(t)
	rows := cellParas(body.children("tbl")[0])
	if got, want := rows[0][0][0].text, "SỞ <GTVT> & \"CẢNG\""; got != want {
		t.Errorf("issuer %q, want %q", got, want)
	}
	var got []string
	for _, ps := range bodyParas(body) {
		got = append(got, ps.text)
	}
	want := []string{"A & B <C> 'D'E", "xy\tz", "w\uFFFDv", "k", "hai  khoảng ]]> &amp;"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("texts %q, want %q", got, want)
	}
	tables := body.children("tbl")
	if got := cellParas(tables[len(tables)-1])[0][0][1].text; got != "- ab." {
		t.Errorf("recipient %q, want %q", got, "- ab.")
	}
	if got := p.xml(t, "docProps/core.xml").child("title").text; got != "A & B <C> 'D'E" {
		t.Errorf("core title %q", got)
	}
	for _, tt := range body.all("t") {
		if tt.get("space") != "preserve" {
			t.Fatalf("a w:t without xml:space=preserve: %q", tt.text)
		}
	}
}

func TestErrors(t *testing.T) {
	const (
		noIssuerVI, noIssuerEN = "thiếu cơ quan ban hành", "issuing body missing"
		noTitleVI, noTitleEN   = "thiếu trích yếu nội dung văn bản", "title missing"
	)
	for _, c := range []struct {
		name   string
		d      Document
		want   error
		vi, en string
	}{
		{"no issuer", Document{Title: "T"}, ErrNoIssuer, noIssuerVI, noIssuerEN},
		{"blank issuer", Document{Issuer: " \t\x01\n", Title: "T"}, ErrNoIssuer, noIssuerVI, noIssuerEN},
		{"no title", Document{Issuer: "Sở X"}, ErrNoTitle, noTitleVI, noTitleEN},
		{"blank title", Document{Issuer: "Sở X", Title: "\x00 \r\n"}, ErrNoTitle, noTitleVI, noTitleEN},
	} {
		var b bytes.Buffer
		err := Write(&b, c.d)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, err, c.want)
		}
		if e := errs.As(err); e.Code != errs.Invalid || e.Message("vi") != c.vi || e.Message("en") != c.en {
			t.Errorf("%s: %s %q / %q, want invalid %q / %q", c.name, e.Code, e.Message("vi"), e.Message("en"), c.vi, c.en)
		}
		if b.Len() != 0 {
			t.Errorf("%s: %d bytes written before the error", c.name, b.Len())
		}
	}
	if err := Write(failWriter{}, sampleDoc()); !errors.Is(err, errDiskFull) {
		t.Errorf("a failing writer gives %v, want its error", err)
	}
}

var errDiskFull = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestInputUntouched(t *testing.T) {
	row := []string{"a\x00"}
	d := Document{Issuer: "X", Title: "T", Recipients: []string{"r\x01"}, Blocks: []Block{{Kind: TableBlock, Table: &Table{Rows: [][]string{row}}}}}
	write(t, d)
	if row[0] != "a\x00" || d.Recipients[0] != "r\x01" {
		t.Error("Write changed the caller's document")
	}
}

// A letter (công văn) carries its trích yếu under its number, "V/v" first,
// and no type line nor centred title above the body.
func TestLetter(t *testing.T) {
	d := sampleDoc()
	d.Letter, d.Type, d.Title, d.Number = true, "", "báo cáo kết quả công tác trẻ em năm 2024", "12/SLDTBXH"
	p := write(t, d)
	rows := cellParas(p.body(t).children("tbl")[0])
	if got := rows[1][0][0].text; got != "Số: 12/SLDTBXH" {
		t.Errorf("number %q", got)
	}
	if got := rows[1][0][1].text; got != "V/v báo cáo kết quả công tác trẻ em năm 2024" {
		t.Errorf("trích yếu %q", got)
	}
	for _, para := range p.body(t).children("p") {
		if strings.Contains(para.text, "báo cáo kết quả công tác trẻ em năm 2024") {
			t.Errorf("the title is printed again in the body: %q", para.text)
		}
	}
	if letterTitle("V/v mời họp") != "V/v mời họp" {
		t.Error("a title with V/v gets a second one")
	}
}
