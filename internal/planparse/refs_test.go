package planparse

import (
	"fmt"
	"testing"
)

func TestExtractReferences(t *testing.T) {
	tests := []struct {
		name string
		text string
		want []Reference
	}{
		{"decree with số and date", "Nghị định số 130/2021/NĐ-CP ngày 30/12/2021",
			[]Reference{{Type: "Nghị định", Number: "130/2021/NĐ-CP", Date: "2021-12-30", Line: 1}}},
		{"decree without số, zero-padded month", "theo Nghị định 56/2017/NĐ-CP ngày 09/05/2017 của Chính Phủ",
			[]Reference{{Type: "Nghị định", Number: "56/2017/NĐ-CP", Date: "2017-05-09", Issuer: "Chính phủ", Line: 1}}},
		{"party directive", "Chỉ thị số 28-CT/TW ngày 25/12/2023 của Bộ Chính trị",
			[]Reference{{Type: "Chỉ thị", Number: "28-CT/TW", Date: "2023-12-25", Issuer: "Bộ Chính trị", Line: 1}}},
		{"resolution of the National Assembly", "Nghị quyết số 121/2020/QH14 ngày 19/6/2020",
			[]Reference{{Type: "Nghị quyết", Number: "121/2020/QH14", Date: "2020-06-19", Line: 1}}},
		{"decision of the Prime Minister", "Quyết định số 1591/QĐ-TTg ngày 08/12/2023 của Thủ tướng Chính phủ",
			[]Reference{{Type: "Quyết định", Number: "1591/QĐ-TTg", Date: "2023-12-08", Issuer: "Thủ tướng Chính phủ", Line: 1}}},
		{"directive of the Prime Minister", "Chỉ thị số 31/CT-TTg ngày 21/12/2023",
			[]Reference{{Type: "Chỉ thị", Number: "31/CT-TTg", Date: "2023-12-21", Line: 1}}},
		{"no date", "Nghị định số 82/2020/NĐ-CP quy định xử phạt vi phạm hành chính; ",
			[]Reference{{Type: "Nghị định", Number: "82/2020/NĐ-CP", Title: "Quy định xử phạt vi phạm hành chính", Line: 1}}},
		{"law by name with year in brackets", "Luật trẻ em (2016)",
			[]Reference{{Type: "Luật", Title: "Luật Trẻ em", Year: 2016, Line: 1}}},
		{"laws by name", "Luật bình đẳng giới; Luật phòng chống bạo lực gia đình",
			[]Reference{{Type: "Luật", Title: "Luật Bình đẳng giới", Line: 1}, {Type: "Luật", Title: "Luật Phòng, chống bạo lực gia đình", Line: 1}}},
		{"code amended in a year", "Bộ Luật Lao động sửa đổi năm 2019",
			[]Reference{{Type: "Bộ luật", Title: "Bộ luật Lao động", Year: 2019, Line: 1}}},
		{"law by name with number", "Luật Trẻ em số 102/2016/QH13",
			[]Reference{{Type: "Luật", Title: "Luật Trẻ em", Number: "102/2016/QH13", Line: 1}}},
		{"văn bản is an official letter", "Thực hiện văn bản số 240/LĐTBXH-TE&BĐG ngày 24/01/2024 của Sở Lao động- Thương binh và Xã hội hướng dẫn triển khai công tác trẻ em.",
			[]Reference{{Type: "Công văn", Number: "240/LĐTBXH-TE&BĐG", Date: "2024-01-24", Issuer: "Sở Lao động- Thương binh và Xã hội", Title: "Hướng dẫn triển khai công tác trẻ em", Line: 1}}},
		{"plan", "theo Kế hoạch số 15/KH-SGTVT.",
			[]Reference{{Type: "Kế hoạch", Number: "15/KH-SGTVT", Line: 1}}},
		{"date in words", "Kế hoạch số 56/KH-UBND ngày 13 tháng 4 năm 2021 của UBND tỉnh về việc triển khai công tác trẻ em",
			[]Reference{{Type: "Kế hoạch", Number: "56/KH-UBND", Date: "2021-04-13", Issuer: "UBND tỉnh", Title: "Triển khai công tác trẻ em", Line: 1}}},
		{"wrapped after ngày", "Nghị quyết số 28/NQ-CP ngày\n03/3/2021 của Chính phủ",
			[]Reference{{Type: "Nghị quyết", Number: "28/NQ-CP", Date: "2021-03-03", Issuer: "Chính phủ", Line: 1}}},
		// A number broken at a line's end, as Word wraps a narrow column.
		{"number wrapped after a hyphen", "Nghị quyết số 28/NQ-\nCP ngày 01/3/2021 của Chính phủ",
			[]Reference{{Type: "Nghị quyết", Number: "28/NQ-CP", Date: "2021-03-01", Issuer: "Chính phủ", Line: 1}}},
		{"number wrapped after a slash, indented", "theo Nghị định số 130/2021/\n    NĐ-CP ngày 30/12/2021",
			[]Reference{{Type: "Nghị định", Number: "130/2021/NĐ-CP", Date: "2021-12-30", Line: 1}}},
		{"number wrapped with CRLF", "Chỉ thị số 28-CT/\r\nTW ngày 25/12/2023 của Bộ Chính trị",
			[]Reference{{Type: "Chỉ thị", Number: "28-CT/TW", Date: "2023-12-25", Issuer: "Bộ Chính trị", Line: 1}}},
		{"a hyphen before a blank line ends the number", "Kế hoạch số 15/KH-\n\nCP là đoạn khác",
			[]Reference{{Type: "Kế hoạch", Number: "15/KH", Line: 1}}},
		{"circular and abbreviations with số", "Thông tư số 12/2022/TT-BLĐTBXH; QĐ số 45/QĐ-UBND; CT 12/CT-UBND",
			[]Reference{{Type: "Thông tư", Number: "12/2022/TT-BLĐTBXH", Line: 1}, {Type: "Quyết định", Number: "45/QĐ-UBND", Line: 1}}},
		{"quoted title", `Quyết định số 1591/QĐ-TTg "Phê duyệt chương trình chăm sóc trẻ em"; tiếp theo`,
			[]Reference{{Type: "Quyết định", Number: "1591/QĐ-TTg", Title: "Phê duyệt chương trình chăm sóc trẻ em", Line: 1}}},
		{"dedupe by number, keep first position, fill date later", "Nghị định 130/2021/NĐ-CP; Luật Trẻ em.\nNghị định số 130/2021/NĐ-CP ngày 30/12/2021; luật trẻ em năm 2016",
			[]Reference{{Type: "Nghị định", Number: "130/2021/NĐ-CP", Date: "2021-12-30", Line: 1}, {Type: "Luật", Title: "Luật Trẻ em", Year: 2016, Line: 1}}},
		{"upper case, line numbers", "\n\nNGHỊ ĐỊNH SỐ 09/2019/NĐ-CP NGÀY 24/01/2019",
			[]Reference{{Type: "Nghị định", Number: "09/2019/NĐ-CP", Date: "2019-01-24", Line: 3}}},
		{"invalid date is dropped, reference kept", "Nghị định số 1/2020/NĐ-CP ngày 31/02/2020",
			[]Reference{{Type: "Nghị định", Number: "1/2020/NĐ-CP", Line: 1}}},
		{"not references", "các nghị định, pháp luật trẻ em, kế hoạch 2021-2025, Luật sư, luật pháp", []Reference{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractReferences(tt.text)
			if fmt.Sprintf("%+v", got) != fmt.Sprintf("%+v", tt.want) {
				t.Errorf("ExtractReferences(%q)\n got %+v\nwant %+v", tt.text, got, tt.want)
			}
		})
	}
}

func TestExtractReferencesEmpty(t *testing.T) {
	if got := ExtractReferences(""); got == nil || len(got) != 0 {
		t.Errorf("got %#v, want an empty, non-nil slice", got)
	}
}

// A plan whose reference Word wrapped at the number's hyphen reads, links
// and dates it as if it were on one line, and its item says the number as
// written.
func TestWrappedReferenceInAPlan(t *testing.T) {
	doc, err := ParseText("KẾ HOẠCH\nCông tác trẻ em năm 2024\n\nI. MỤC ĐÍCH\n1. Triển khai Nghị quyết số 28/NQ-\nCP ngày 01/3/2021 của Chính phủ về chiến lược.\n")
	if err != nil {
		t.Fatal(err)
	}
	want := Reference{Type: "Nghị quyết", Number: "28/NQ-CP", Date: "2021-03-01", Issuer: "Chính phủ", Title: "Chiến lược", Line: 5}
	if len(doc.References) != 1 || doc.References[0] != want {
		t.Errorf("references %+v, want %+v", doc.References, want)
	}
	if len(doc.Items) != 1 || len(doc.Items[0].Children) != 1 {
		t.Fatalf("items %+v", doc.Items)
	}
	if got := doc.Items[0].Children[0].Title; got != "Triển khai Nghị quyết số 28/NQ-CP ngày 01/3/2021 của Chính phủ về chiến lược" {
		t.Errorf("item title %q", got)
	}
}

func TestJoinWrapped(t *testing.T) {
	tests := []struct {
		parts []string
		want  string
	}{
		{[]string{"Nghị quyết số 28/NQ-", "CP ngày 01/3/2021"}, "Nghị quyết số 28/NQ-CP ngày 01/3/2021"},
		{[]string{"văn bản số 240/LĐTBXH-", "TE&BĐG"}, "văn bản số 240/LĐTBXH-TE&BĐG"},
		{[]string{"Nghị định 130/2021/", "NĐ-CP"}, "Nghị định 130/2021/NĐ-CP"},
		// A dash that is punctuation, not inside a number, keeps its space.
		{[]string{"Sở Lao động -", "Thương binh và Xã hội"}, "Sở Lao động - Thương binh và Xã hội"},
		// Digits alone may be a range typed "2021- 2025": the space stays.
		{[]string{"các năm 2021-", "2025"}, "các năm 2021- 2025"},
		{[]string{"tuyên truyền,", "vận động"}, "tuyên truyền, vận động"},
		{[]string{"28/NQ-", "- gạch đầu dòng"}, "28/NQ- - gạch đầu dòng"},
	}
	for _, tt := range tests {
		if got := joinWrapped(tt.parts); got != tt.want {
			t.Errorf("joinWrapped(%q) = %q, want %q", tt.parts, got, tt.want)
		}
	}
}
