package planparse

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func BenchmarkParseSample(b *testing.B) {
	s := readSample(b)
	b.SetBytes(int64(len(s)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseText(s); err != nil {
			b.Fatal(err)
		}
	}
}

// benchDOCX builds a .docx of 300 numbered paragraphs in three levels, with
// references and deadlines in the text.
func benchDOCX(b *testing.B) []byte {
	var body strings.Builder
	body.WriteString(p("KẾ HOẠCH") + p("Triển khai công tác trẻ em và bình đẳng giới năm 2024"))
	for i := 0; i < 300; i++ {
		switch {
		case i%30 == 0:
			body.WriteString(pn(1, 0, "NHIỆM VỤ"))
		case i%6 == 0:
			body.WriteString(pn(1, 1, fmt.Sprintf("Nội dung %d", i)))
		default:
			body.WriteString(pn(1, 3, fmt.Sprintf("Tuyên truyền Nghị định số %d/2021/NĐ-CP ngày 30/12/2021 của Chính phủ, hoàn thành trước ngày 15/3; tổ chức trong Tháng hành động vì trẻ em (tháng 6 hằng năm).", i+1)))
		}
	}
	return buildDOCX(b, body.String(), planNumbering, "")
}

func BenchmarkParseDOCX(b *testing.B) {
	data := benchDOCX(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		d, err := ParseDOCX(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			b.Fatal(err)
		}
		if len(d.Items) != 10 {
			b.Fatalf("got %d sections", len(d.Items))
		}
	}
}
