package planparse

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// withinTime fails the fuzz input if fn does not return in time: the parser
// must never loop forever, and every step of it is meant to be linear.
func withinTime(t *testing.T, d time.Duration, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn()
	}()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("no result after %v", d)
	}
}

func checkItems(t *testing.T, items []*Item, lines int) {
	t.Helper()
	for _, it := range items {
		if it.Line < 1 || it.Line > lines {
			t.Fatalf("item %q on line %d, outside 1..%d", it.Label, it.Line, lines)
		}
		if it.Label == "" || it.Children == nil {
			t.Fatalf("item without label or with nil children: %+v", it)
		}
		checkItems(t, it.Children, lines)
	}
}

func checkDocument(t *testing.T, d *Document, lines int) {
	t.Helper()
	if d.Items == nil || d.References == nil {
		t.Fatal("nil items or references")
	}
	checkItems(t, d.Items, lines)
	for _, r := range d.References {
		if r.Line < 1 || r.Line > lines || r.Type == "" {
			t.Fatalf("bad reference %+v (lines 1..%d)", r, lines)
		}
	}
	if _, err := json.Marshal(d); err != nil {
		t.Fatalf("json: %v", err)
	}
}

func FuzzParseText(f *testing.F) {
	f.Add(readSample(f))
	for _, s := range []string{
		"",
		"I. MỤC TIÊU\n1. Trẻ em\n- một\n+ hai\n",
		"ỦY\nBAN NHÂN DÂN\nTỈNH QUẢNG NINH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 56/KH-UBND\nQuảng Ninh, ngày 13 tháng 4 năm 2021\nKẾ HOẠCH\nTriển khai năm 2021\n",
		"A | B | C\nSố: 1/KH | x, ngày 1/1/2020\n",
		"Nghị quyết số 28/NQ-CP ngày\n03/3/2021\r\n",
		"Mục tiêu 1:\nChỉ tiêu 2: x\nI.\n",
		"từ ngày 15 tháng 11 đến ngày 15 tháng 12 hàng năm; Quý IV/2024; trước ngày 31/2",
		"Ke\u0302\u0301 hoa\u0323ch\u00a0\u200b\ufeff",
		"1. a\n\nNơi nhận:\n- x",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		withinTime(t, 10*time.Second, func() {
			d, err := ParseText(s)
			if err != nil {
				if d != nil {
					t.Fatal("document with error")
				}
				return
			}
			norm, _ := Normalize(s)
			checkDocument(t, d, strings.Count(norm, "\n")+1)
		})
	})
}

func FuzzParseDOCX(f *testing.F) {
	f.Add(buildDOCX(f, p("KẾ HOẠCH")+pn(1, 0, "MỤC TIÊU")+pn(1, 1, "Trẻ em")+pn(1, 3, "Nghị định số 130/2021/NĐ-CP"), planNumbering, ""))
	f.Add(buildDOCX(f, `<w:tbl><w:tr>`+cell(p("A"), p("B"))+cell(p("C"))+`</w:tr></w:tbl>`, "", ""))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte("not a zip at all"))
	f.Fuzz(func(t *testing.T, b []byte) {
		withinTime(t, 10*time.Second, func() {
			d, err := ParseDOCX(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				if d != nil {
					t.Fatal("document with error")
				}
				return
			}
			text, err := DOCXText(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				t.Fatalf("ParseDOCX succeeded but DOCXText failed: %v", err)
			}
			norm, _ := Normalize(text)
			checkDocument(t, d, strings.Count(norm, "\n")+1)
		})
	})
}

func FuzzExtractReferences(f *testing.F) {
	for _, s := range []string{
		"Nghị định số 130/2021/NĐ-CP ngày 30/12/2021 của Chính phủ về quy định xử phạt;",
		"Luật trẻ em (2016); Bộ Luật Lao động sửa đổi năm 2019",
		"văn bản số 240/LĐTBXH-TE&BĐG ngày 24/01/2024 của Sở Lao động- Thương binh và Xã hội hướng dẫn",
		`Quyết định số 1591/QĐ-TTg "Phê duyệt`,
		"QĐ số 1/QĐ-UBND ngày 13 tháng 4 năm 2021 của UBND tỉnh v/v",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		withinTime(t, 10*time.Second, func() {
			refs := ExtractReferences(s)
			if refs == nil {
				t.Fatal("nil references")
			}
			norm, err := Normalize(s)
			lines := strings.Count(norm, "\n") + 1
			seen := map[string]bool{}
			for _, r := range refs {
				if err != nil || r.Line < 1 || r.Line > lines || r.Type == "" {
					t.Fatalf("bad reference %+v", r)
				}
				if r.Number != "" {
					k := fold(r.Number)
					if seen[k] {
						t.Fatalf("number %q twice", r.Number)
					}
					seen[k] = true
				}
			}
			ExtractDeadlines(s, 2024)
			ExtractObservances(s)
		})
	})
}

// FuzzDOCXXML mutates the XML inside a valid zip: byte mutations of a whole
// .docx mostly break the zip's checksums and never reach the XML reader and
// the list numbering.
func FuzzDOCXXML(f *testing.F) {
	f.Add(p("KẾ HOẠCH")+pn(1, 0, "MỤC TIÊU")+pn(1, 1, "Trẻ em")+pn(1, 2, "a")+pn(1, 3, "b")+pn(2, 1, "c")+pn(4, 0, "d"), planNumbering)
	f.Add(`<w:tbl><w:tr>`+cell(p("A"), `<w:tbl><w:tr>`+cell(p("B"))+`</w:tr></w:tbl>`)+`</w:tr></w:tbl>`, "")
	f.Add(`<w:p><w:pPr><w:pStyle w:val="X"/><w:numPr><w:ilvl w:val="8"/><w:numId w:val="9"/></w:numPr></w:pPr><w:r><w:t>x</w:t><w:br/></w:r></w:p>`,
		`<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="8"><w:start w:val="-5"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%9%1%%"/></w:lvl></w:abstractNum><w:num w:numId="9"><w:abstractNumId w:val="0"/></w:num>`)
	f.Fuzz(func(t *testing.T, body, numbering string) {
		b := zipFiles(t, docxFiles(body, numbering, `<w:style w:type="paragraph" w:styleId="X"><w:basedOn w:val="X"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>`))
		withinTime(t, 10*time.Second, func() {
			d, err := ParseDOCX(bytes.NewReader(b), int64(len(b)))
			if err != nil {
				return
			}
			text, _ := DOCXText(bytes.NewReader(b), int64(len(b)))
			norm, _ := Normalize(text)
			checkDocument(t, d, strings.Count(norm, "\n")+1)
		})
	})
}
