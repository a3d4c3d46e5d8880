package planparse

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"testing"

	"tebdg/internal/errs"
)

const wNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"`

// zipFiles writes files into a zip in name order, so outputs are stable.
func zipFiles(t testing.TB, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, files[n]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxFiles returns the parts of a minimal .docx holding body, with
// numbering and styles parts when given.
func docxFiles(body, numbering, styles string) map[string]string {
	f := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
		"_rels/.rels":         `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
		"word/document.xml":   `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ` + wNS + `><w:body>` + body + `<w:sectPr/></w:body></w:document>`,
	}
	if numbering != "" {
		f["word/numbering.xml"] = `<?xml version="1.0" encoding="UTF-8"?><w:numbering ` + wNS + `>` + numbering + `</w:numbering>`
	}
	if styles != "" {
		f["word/styles.xml"] = `<?xml version="1.0" encoding="UTF-8"?><w:styles ` + wNS + `>` + styles + `</w:styles>`
	}
	return f
}

func buildDOCX(t testing.TB, body, numbering, styles string) []byte {
	return zipFiles(t, docxFiles(body, numbering, styles))
}

// p is a paragraph of one run; pn a numbered one.
func p(text string) string {
	return `<w:p><w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func pn(numID, ilvl int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr></w:pPr><w:r><w:t>%s</w:t></w:r></w:p>`, ilvl, numID, text)
}

func cell(paras ...string) string {
	return `<w:tc><w:tcPr><w:tcW w:w="4000" w:type="dxa"/></w:tcPr>` + strings.Join(paras, "") + `</w:tc>`
}

func lvl(ilvl int, format, text string) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="1"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/><w:lvlJc w:val="left"/></w:lvl>`, ilvl, format, text)
}

// planNumbering: list 1 is the plan outline (I., 1., a), -), list 2 a
// legal-style decimal list (1., 1.1.), list 3 Word's default bullets.
var planNumbering = `<w:abstractNum w:abstractNumId="0">` +
	lvl(0, "upperRoman", "%1.") + lvl(1, "decimal", "%2.") + lvl(2, "lowerLetter", "%3)") + lvl(3, "bullet", "-") +
	`</w:abstractNum><w:abstractNum w:abstractNumId="1">` +
	lvl(0, "decimal", "%1.") + lvl(1, "decimal", "%1.%2.") +
	`</w:abstractNum><w:abstractNum w:abstractNumId="2">` +
	lvl(0, "bullet", "\uF0B7") + lvl(1, "bullet", "o") +
	`</w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>` +
	`<w:num w:numId="4"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>`

func TestDOCXText(t *testing.T) {
	tests := []struct {
		name, body, numbering, styles, want string
	}{
		{
			name: "runs, tabs and breaks",
			body: `<w:p><w:r><w:t>Kế </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>hoạch</w:t></w:r><w:r><w:tab/><w:t>năm</w:t><w:br/><w:t>2024</w:t></w:r></w:p>` +
				p("Đoạn hai"),
			want: "Kế hoạch\tnăm\n2024\n\nĐoạn hai\n\n",
		},
		{
			name: "tab stops in paragraph properties are not text",
			body: `<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr><w:r><w:t>A</w:t></w:r></w:p>`,
			want: "A\n\n",
		},
		{
			name: "header table flattened row by row",
			body: `<w:tbl><w:tr>` +
				cell(p("ỦY BAN NHÂN DÂN"), p("TỈNH QUẢNG NINH"), p(""), p("Số: 56/KH-UBND")) +
				cell(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), p("Độc lập - Tự do - Hạnh phúc"), p("Quảng Ninh, ngày 13 tháng 4 năm 2021")) +
				`</w:tr></w:tbl>` + p("KẾ HOẠCH"),
			want: "ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH QUẢNG NINH | Độc lập - Tự do - Hạnh phúc\nSố: 56/KH-UBND | Quảng Ninh, ngày 13 tháng 4 năm 2021\n\nKẾ HOẠCH\n\n",
		},
		{
			name:      "list numbering rendered as labels",
			numbering: planNumbering,
			body: pn(1, 0, "MỤC TIÊU") + pn(1, 1, "Trẻ em") + pn(1, 2, "Lĩnh vực một") + pn(1, 3, "việc một") + pn(1, 2, "Lĩnh vực hai") +
				pn(1, 1, "Bình đẳng giới") + pn(1, 0, "NHIỆM VỤ") + pn(1, 1, "Tuyên truyền") +
				pn(2, 0, "Một") + pn(2, 1, "Một chấm một") + pn(2, 1, "Một chấm hai") + pn(2, 0, "Hai") + pn(2, 1, "Hai chấm một") +
				pn(3, 0, "chấm") + pn(3, 1, "vòng"),
			want: "I. MỤC TIÊU\n\n1. Trẻ em\n\na) Lĩnh vực một\n\n- việc một\n\nb) Lĩnh vực hai\n\n2. Bình đẳng giới\n\nII. NHIỆM VỤ\n\n1. Tuyên truyền\n\n" +
				"1. Một\n\n1.1. Một chấm một\n\n1.2. Một chấm hai\n\n2. Hai\n\n2.1. Hai chấm một\n\n• chấm\n\n◦ vòng\n\n",
		},
		{
			name:      "instances of one list continue; startOverride restarts",
			numbering: planNumbering,
			body:      pn(2, 0, "a") + pn(2, 0, "b") + p("chen") + pn(2, 0, "c") + pn(4, 0, "lại từ đầu") + pn(4, 0, "tiếp"),
			want:      "1. a\n\n2. b\n\nchen\n\n3. c\n\n1. lại từ đầu\n\n2. tiếp\n\n",
		},
		{
			name:      "numbering from the paragraph style, following basedOn",
			numbering: planNumbering,
			styles: `<w:style w:type="paragraph" w:styleId="PlanList"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>` +
				`<w:style w:type="paragraph" w:styleId="PlanList2"><w:basedOn w:val="PlanList"/><w:pPr><w:numPr><w:ilvl w:val="1"/></w:numPr></w:pPr></w:style>`,
			body: `<w:p><w:pPr><w:pStyle w:val="PlanList"/></w:pPr><w:r><w:t>Một</w:t></w:r></w:p>` +
				`<w:p><w:pPr><w:pStyle w:val="PlanList2"/></w:pPr><w:r><w:t>Con</w:t></w:r></w:p>`,
			want: "1. Một\n\n1.1. Con\n\n",
		},
		{
			name:      "numId 0 removes numbering; empty numbered paragraphs still count",
			numbering: planNumbering,
			body:      pn(2, 0, "") + pn(2, 0, "hai") + pn(0, 0, "không số"),
			want:      "2. hai\n\nkhông số\n\n",
		},
		{
			name: "deleted text, fallback content and field codes are not read",
			body: `<w:p><w:r><w:t>Giữ </w:t></w:r><w:del w:id="1"><w:r><w:delText>bỏ </w:delText></w:r></w:del>` +
				`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>` +
				`<mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t> hộp</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t> hộp</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>`,
			want: "Giữ 3 hộp\n\n",
		},
		{
			name: "nested table inside a cell",
			body: `<w:tbl><w:tr>` + cell(p("Ngoài"), `<w:tbl><w:tr>`+cell(p("A"))+cell(p("B"))+`</w:tr></w:tbl>`) + cell(p("Phải")) + `</w:tr></w:tbl>`,
			want: "Ngoài | Phải\nA | B | \n\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := buildDOCX(t, tt.body, tt.numbering, tt.styles)
			got, err := DOCXText(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("DOCXText\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestParseDOCX(t *testing.T) {
	body := `<w:tbl><w:tr>` +
		cell(p("UBND TỈNH QUẢNG NINH"), p("SỞ GIAO THÔNG VẬN TẢI"), p("Số: 15/KH-SGTVT")) +
		cell(p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), p("Độc lập - Tự do - Hạnh phúc"), p("Quảng Ninh, ngày 20 tháng 02 năm 2024")) +
		`</w:tr></w:tbl>` +
		p("KẾ HOẠCH") + p("Triển khai công tác trẻ em và bình đẳng giới năm 2024") +
		p("Thực hiện văn bản số 240/LĐTBXH-TE&amp;BĐG ngày 24/01/2024 của Sở Lao động - Thương binh và Xã hội, Sở Giao thông vận tải xây dựng Kế hoạch như sau:") +
		pn(1, 0, "MỤC TIÊU, YÊU CẦU") + pn(1, 1, "Đối với công tác trẻ em") + pn(1, 3, "Tăng cường tuyên truyền Luật trẻ em (2016).") +
		pn(1, 0, "NHIỆM VỤ VÀ GIẢI PHÁP") + pn(1, 1, "Tuyên truyền") + pn(1, 2, "Lĩnh vực trẻ em:") +
		pn(1, 3, "Phòng chống đuối nước ngay trong đầu quý 2/2024.") + pn(1, 2, "Lĩnh vực bình đẳng giới:") +
		pn(1, 3, "Hưởng ứng Tháng hành động vì bình đẳng giới.") +
		`<w:tbl><w:tr>` + cell(p("Nơi nhận:"), p("- Như trên;")) + cell(p("KT. GIÁM ĐỐC"), p("PHÓ GIÁM ĐỐC")) + `</w:tr></w:tbl>`
	b := buildDOCX(t, body, planNumbering, "")
	d, err := ParseDOCX(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	wantH := Header{ParentIssuer: "UBND TỈNH QUẢNG NINH", Issuer: "SỞ GIAO THÔNG VẬN TẢI", Number: "15/KH-SGTVT",
		Place: "Quảng Ninh", Date: "2024-02-20", Type: "KẾ HOẠCH",
		Title: "Triển khai công tác trẻ em và bình đẳng giới năm 2024", Guidance: "240/LĐTBXH-TE&BĐG"}
	if d.Header != wantH {
		t.Errorf("header\n got %+v\nwant %+v", d.Header, wantH)
	}
	if got, want := shape(d.Items), "I(1(-)),II(1(a)(-),b)(-)))"; got != want {
		t.Errorf("tree = %s, want %s", got, want)
	}
	drown := d.Items[1].Children[0].Children[0].Children[0]
	if len(drown.Deadlines) != 1 || drown.Deadlines[0].Start != "2024-04-01" {
		t.Errorf("deadlines = %+v", drown.Deadlines)
	}
	if got := d.Items[1].Children[0].Children[1].Children[0].Observances; len(got) != 1 || got[0] != "gender-equality-month" {
		t.Errorf("observances = %v", got)
	}
	if len(d.References) != 2 || d.References[0].Type != "Công văn" || d.References[1].Title != "Luật Trẻ em" {
		t.Errorf("references = %+v", d.References)
	}
}

func TestParseDOCXMainPartFromRelationships(t *testing.T) {
	f := docxFiles(p("1. Một việc"), "", "")
	f["word/main.xml"] = f["word/document.xml"]
	delete(f, "word/document.xml")
	f["_rels/.rels"] = strings.Replace(f["_rels/.rels"], "word/document.xml", "/word/main.xml", 1)
	b := zipFiles(t, f)
	d, err := ParseDOCX(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	if got := shape(d.Items); got != "1" {
		t.Errorf("tree = %s", got)
	}
}

func TestParseDOCXErrors(t *testing.T) {
	noBody := zipFiles(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/styles.xml": "<styles/>"})
	noBodyElement := zipFiles(t, map[string]string{"word/document.xml": `<w:document ` + wNS + `/>`})
	brokenXML := zipFiles(t, map[string]string{"word/document.xml": `<w:document ` + wNS + `><w:body><w:p>`})
	badRels := zipFiles(t, map[string]string{"_rels/.rels": "<Relationships><", "word/document.xml": ""})
	empty := buildDOCX(t, p("   "), "", "")
	tests := []struct {
		name string
		data []byte
		size int64 // 0: len(data)
		want error
	}{
		{"not a zip", []byte("Kế hoạch năm 2024, đây không phải tệp .docx"), 0, ErrNotDOCX},
		{"zero bytes", []byte{}, 0, ErrNotDOCX},
		{"zip without word/document.xml", noBody, 0, ErrNoBody},
		{"document without body", noBodyElement, 0, ErrNoBody},
		{"broken XML", brokenXML, 0, ErrNotDOCX},
		{"broken relationships", badRels, 0, ErrNotDOCX},
		{"empty document", empty, 0, ErrEmpty},
		{"over MaxSize", []byte("PK"), MaxSize + 1, ErrTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			size := tt.size
			if size == 0 {
				size = int64(len(tt.data))
			}
			d, err := ParseDOCX(bytes.NewReader(tt.data), size)
			if !errors.Is(err, tt.want) || d != nil {
				t.Errorf("got %v, %v; want %v", d, err, tt.want)
			}
			// A wrapped zip or XML failure still shows the sentinel's code
			// and messages, not its cause.
			if e, want := errs.As(err), errs.As(tt.want); e.Code != want.Code || e.VI != want.VI || e.EN != want.EN {
				t.Errorf("errs.As gives %q %q (%s), want %q %q (%s)", e.VI, e.EN, e.Code, want.VI, want.EN, want.Code)
			}
		})
	}
}

// TestParseDOCXZipBomb: a document.xml of 51 MB deflates to a few tens of
// kilobytes; it must be refused, not inflated.
func TestParseDOCXZipBomb(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 51 MB part")
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.Create("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.WriteString(w, `<w:document `+wNS+`><w:body><w:p><w:r><w:t>`)
	chunk := bytes.Repeat([]byte("a"), 1<<20)
	for i := 0; i < 51; i++ {
		_, _ = w.Write(chunk)
	}
	_, _ = io.WriteString(w, `</w:t></w:r></w:p></w:body></w:document>`)
	_ = zw.Close()
	if buf.Len() > MaxSize {
		t.Fatalf("bomb is %d bytes, over MaxSize: the test would not reach the unzip limit", buf.Len())
	}
	_, err = ParseDOCX(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
	if e := errs.As(err); e.Code != errs.TooLarge || !strings.Contains(e.VI, "giải nén quá lớn, tối đa 50 MB") || !strings.Contains(e.EN, "too large when unzipped, at most 50 MB") {
		t.Errorf("errs.As gives %q %q (%s)", e.VI, e.EN, e.Code)
	}
}

// TestBudgetReader checks the counted limit itself, which guards parts whose
// zip headers understate their size.
func TestBudgetReader(t *testing.T) {
	z := &zipParts{left: 10}
	r := &budgetReader{r: strings.NewReader(strings.Repeat("x", 11)), z: z}
	_, err := io.ReadAll(r)
	if !errors.Is(err, ErrTooLarge) {
		t.Errorf("11 bytes with a budget of 10: got %v, want ErrTooLarge", err)
	}
	z = &zipParts{left: 10}
	r = &budgetReader{r: strings.NewReader(strings.Repeat("x", 10)), z: z}
	if b, err := io.ReadAll(r); err != nil || len(b) != 10 {
		t.Errorf("10 bytes with a budget of 10: got %d, %v", len(b), err)
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n      int
		format string
		want   string
	}{
		{3, "decimal", "3"}, {3, "decimalZero", "03"}, {1, "lowerLetter", "a"}, {26, "lowerLetter", "z"},
		{27, "lowerLetter", "aa"}, {2, "upperLetter", "B"}, {4, "upperRoman", "IV"}, {9, "lowerRoman", "ix"},
		{5, "none", ""}, {7, "ordinal", "7"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.n, tt.format); got != tt.want {
			t.Errorf("formatNumber(%d, %q) = %q, want %q", tt.n, tt.format, got, tt.want)
		}
	}
}
