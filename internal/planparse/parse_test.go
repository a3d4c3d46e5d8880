package planparse

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

// shape prints an item tree compactly: "I(1(-,-),2),II".
func shape(items []*Item) string {
	var parts []string
	for _, it := range items {
		s := it.Label
		if len(it.Children) > 0 {
			s += "(" + shape(it.Children) + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ",")
}

func mustParse(t *testing.T, text string) *Document {
	t.Helper()
	d, err := ParseText(text)
	if err != nil {
		t.Fatalf("ParseText: %v", err)
	}
	return d
}

func TestHeader(t *testing.T) {
	tests := []struct {
		name string
		text string
		want Header
	}{
		{
			name: "spread over lines with type line",
			text: `ỦY
BAN NHÂN DÂN
TỈNH QUẢNG NINH
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 56/KH-UBND
Quảng Ninh, ngày 13 tháng 4 năm 2021

KẾ HOẠCH
Triển khai công tác trẻ em và bình đẳng giới
trên địa bàn tỉnh năm 2021

Căn cứ Luật Trẻ em năm 2016; Thực hiện Kế hoạch số 12/KH-UBND ngày 03/3/2021 của UBND tỉnh, Ủy ban nhân dân tỉnh ban hành Kế hoạch như sau:

I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức về quyền trẻ em.
`,
			want: Header{
				Issuer: "ỦY BAN NHÂN DÂN TỈNH QUẢNG NINH", Number: "56/KH-UBND", Place: "Quảng Ninh",
				Date: "2021-04-13", Type: "KẾ HOẠCH",
				Title:    "Triển khai công tác trẻ em và bình đẳng giới trên địa bàn tỉnh năm 2021",
				Guidance: "12/KH-UBND",
			},
		},
		{
			name: "table cells with parent body, no type line",
			text: `UBND TỈNH QUẢNG NINH | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ GIAO THÔNG VẬN TẢI | Độc lập - Tự do - Hạnh phúc
Số: 15/KH-SGTVT | Quảng Ninh, ngày 20 tháng 02 năm 2024

Triển khai công tác trẻ em và bình đẳng giới năm 2024

Thực hiện văn bản số 240/LĐTBXH-TE&BĐG ngày 24/01/2024 của Sở Lao động - Thương binh và Xã hội, Sở Giao thông vận tải xây dựng Kế hoạch như sau:

I. MỤC TIÊU
`,
			want: Header{
				ParentIssuer: "UBND TỈNH QUẢNG NINH", Issuer: "SỞ GIAO THÔNG VẬN TẢI",
				Number: "15/KH-SGTVT", Place: "Quảng Ninh", Date: "2024-02-20",
				Title:    "Triển khai công tác trẻ em và bình đẳng giới năm 2024",
				Guidance: "240/LĐTBXH-TE&BĐG",
			},
		},
		{
			name: "two cells copied onto one line, title starting with Thực hiện",
			text: `ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN TIÊN YÊN Độc lập - Tự do - Hạnh phúc
Số: 08/KH-UBND Tiên Yên, ngày 5 tháng 3 năm 2023
KẾ HOẠCH
Thực hiện công tác bình đẳng giới năm 2023
Căn cứ Kế hoạch số 3/KH-UBND ngày 10/01/2023 của UBND tỉnh;
1. Tuyên truyền
`,
			want: Header{
				Issuer: "ỦY BAN NHÂN DÂN HUYỆN TIÊN YÊN", Number: "08/KH-UBND", Place: "Tiên Yên",
				Date: "2023-03-05", Type: "KẾ HOẠCH", Title: "Thực hiện công tác bình đẳng giới năm 2023",
				Guidance: "3/KH-UBND",
			},
		},
		{
			name: "issuer, type and capitalised title only",
			text: `SỞ GIAO THÔNG VẬN TẢI
KẾ HOẠCH
TUYÊN TRUYỀN AN TOÀN GIAO THÔNG CHO TRẺ EM NĂM 2024
Mục tiêu 1: Giảm tai nạn giao thông cho trẻ em
`,
			want: Header{Issuer: "SỞ GIAO THÔNG VẬN TẢI", Type: "KẾ HOẠCH", Title: "TUYÊN TRUYỀN AN TOÀN GIAO THÔNG CHO TRẺ EM NĂM 2024"},
		},
		{
			name: "web page title carrying the plan's number",
			text: `Kế hoạch số 15/KH-SGTVT ngày 20/02/2024 triển khai công tác trẻ em năm 2024

21/02/2024 08:30

1. Tuyên truyền Luật Trẻ em.
`,
			want: Header{Number: "15/KH-SGTVT", Date: "2024-02-20", Type: "KẾ HOẠCH",
				Title: "Kế hoạch số 15/KH-SGTVT ngày 20/02/2024 triển khai công tác trẻ em năm 2024"},
		},
		{
			name: "wrapped preamble is not a title",
			text: `Sở Giao thông Vận tải Quảng Ninh xây dựng
Kế hoạch thực hiện công tác trẻ em như sau:

1. Tuyên truyền
`,
			want: Header{},
		},
		{
			name: "no header at all",
			text: "I. MỤC TIÊU\n1. Bảo vệ trẻ em\n",
			want: Header{},
		},
		{
			name: "date written with slashes, draft number",
			text: `SỞ GIAO THÔNG VẬN TẢI | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Số:     /KH-SGTVT | Hạ Long, ngày 9/1/2025
KẾ HOẠCH
Công tác bình đẳng giới năm 2025
I. MỤC TIÊU
`,
			want: Header{Issuer: "SỞ GIAO THÔNG VẬN TẢI", Number: "/KH-SGTVT", Place: "Hạ Long", Date: "2025-01-09",
				Type: "KẾ HOẠCH", Title: "Công tác bình đẳng giới năm 2025"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.text)
			if d.Header != tt.want {
				t.Errorf("header\n got %+v\nwant %+v", d.Header, tt.want)
			}
		})
	}
}

func TestWrappedPreambleKept(t *testing.T) {
	d := mustParse(t, "Sở Giao thông Vận tải Quảng Ninh xây dựng\nKế hoạch thực hiện công tác trẻ em như sau:\n\n1. Tuyên truyền\n")
	want := "Sở Giao thông Vận tải Quảng Ninh xây dựng Kế hoạch thực hiện công tác trẻ em như sau:"
	if d.Preamble != want {
		t.Errorf("preamble = %q, want %q", d.Preamble, want)
	}
	if got := shape(d.Items); got != "1" {
		t.Errorf("items = %s, want 1", got)
	}
}

func TestHierarchy(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{
			name: "outline of a plan",
			text: "I. MỤC TIÊU\n1. Trẻ em\n- một\n- hai\n2. Bình đẳng giới\n- ba\nII. NHIỆM VỤ\n1. Tuyên truyền\n- bốn\n+ năm\n+ sáu\n2. Truyền thông\n2.1. Nội dung\na) Trẻ em:\n- bảy\nb) Bình đẳng giới:\n- tám\n2.2. Hình thức\n- chín\n3. Bồi dưỡng\n",
			want: "I(1(-,-),2(-)),II(1(-(+,+)),2(2.1(a)(-),b)(-)),2.2(-)),3)",
		},
		{
			name: "a kind keeps the level of its first appearance",
			// a) appeared above "-"; under 2. it comes after a "-" but is
			// still that "-"'s sibling, not its child.
			text: "1. Một\na) x\n- y\n2. Hai\n- z\na) w\n",
			want: "1(a)(-)),2(-,a))",
		},
		{
			name: "named items",
			text: "Mục tiêu 1: Giảm tai nạn\nChỉ tiêu 1: Tỷ lệ 90%\nChỉ tiêu 2: Tỷ lệ 95%\nMục tiêu 2: Bình đẳng giới\nChỉ tiêu 3: Tỷ lệ 30%\n",
			want: "Mục tiêu 1(Chỉ tiêu 1,Chỉ tiêu 2),Mục tiêu 2(Chỉ tiêu 3)",
		},
		{
			name: "I after H is a letter, not a Roman numeral",
			text: "G. Bảy\nH. Tám\nI. Chín\n",
			want: "G,H,I",
		},
		{
			name: "Roman numerals after a letter list above them",
			text: "I. Một\nA. Phần a\nB. Phần b\nII. Hai\n",
			want: "I(A,B),II",
		},
		{
			name: "indentation alone does not nest",
			text: "- Một\n        - Hai\n  - Ba\n",
			want: "-,-,-",
		},
		{
			name: "letters in Vietnamese order",
			text: "1. Nội dung\na) một\nb) hai\nc) ba\nd) bốn\nđ) năm\ne) sáu\n",
			want: "1(a),b),c),d),đ),e))",
		},
		{
			name: "bullets of Word lists",
			text: "1. Một\n• chấm\n◦ vòng\n◦ vòng\n• chấm\n",
			want: "1(•(◦,◦),•)",
		},
		{
			name: "2.1 first seen after a bullet still sits under 2",
			text: "1. Một\n2. Hai\n- x\n2.1. Con\n- y\n2.2. Con nữa\n",
			want: "1,2(-,2.1(-),2.2)",
		},
		{
			name: "three-level decimals",
			text: "1. A\n1.1. B\n1.1.1. C\n1.1.2. D\n1.2. E\n2. F\n",
			want: "1(1.1(1.1.1,1.1.2),1.2),2",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := shape(mustParse(t, tt.text).Items); got != tt.want {
				t.Errorf("tree = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestItemTitleAndText(t *testing.T) {
	tests := []struct {
		name, text      string
		title, itemText string
	}{
		{"heading", "2.1. Nội dung tập trung\n", "Nội dung tập trung", "Nội dung tập trung"},
		{"heading with colon", "a) Lĩnh vực trẻ em:\n", "Lĩnh vực trẻ em", "Lĩnh vực trẻ em:"},
		{"named", "Chỉ tiêu 1: Tỷ lệ trẻ em được tiếp cận đạt 65% vào năm 2025.\n", "Tỷ lệ trẻ em được tiếp cận đạt 65% vào năm 2025", "Tỷ lệ trẻ em được tiếp cận đạt 65% vào năm 2025."},
		{"short bullet: first sentence", "- Tổ chức hội thi an toàn giao thông. Mời các trường tham gia.\n", "Tổ chức hội thi an toàn giao thông", "Tổ chức hội thi an toàn giao thông. Mời các trường tham gia."},
		{"short bullet: up to colon", "- Phối hợp tuyên truyền: phòng ngừa xâm hại trẻ em.\n", "Phối hợp tuyên truyền", "Phối hợp tuyên truyền: phòng ngừa xâm hại trẻ em."},
		{"long bullet: no title", "- " + strings.Repeat("Tăng cường công tác tuyên truyền, ", 5) + "bảo vệ trẻ em.\n", "", strings.Repeat("Tăng cường công tác tuyên truyền, ", 5) + "bảo vệ trẻ em."},
		{"abbreviation is not a sentence end", "- Tổ chức tại TP. Hạ Long. Sau đó tổng kết.\n", "Tổ chức tại TP. Hạ Long", "Tổ chức tại TP. Hạ Long. Sau đó tổng kết."},
		{"label alone on its line", "I.\nMỤC TIÊU\n", "MỤC TIÊU", "MỤC TIÊU"},
		{"double spaces collapsed", "-   Hỗ trợ trẻ em có hoàn cảnh  đặc biệt.\n", "Hỗ trợ trẻ em có hoàn cảnh đặc biệt", "Hỗ trợ trẻ em có hoàn cảnh đặc biệt."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.text)
			if len(d.Items) != 1 {
				t.Fatalf("items: %s", shape(d.Items))
			}
			it := d.Items[0]
			if it.Title != tt.title {
				t.Errorf("title = %q, want %q", it.Title, tt.title)
			}
			if it.Text != tt.itemText {
				t.Errorf("text = %q, want %q", it.Text, tt.itemText)
			}
		})
	}
}

func TestWrappedLines(t *testing.T) {
	text := `1. Tiếp tục triển khai thực hiện các chỉ thị, nghị quyết của
tỉnh về trẻ em và bình đẳng giới

- Căn cứ Nghị quyết số 28/NQ-CP ngày
03/3/2021 của Chính phủ, tổ chức tuyên truyền.
Tổ chức hội thi cho học sinh.

Thời gian: Quý II/2024

- Tổ chức kiểm tra điều kiện an toàn các phương tiện đưa đón của
Sở Giáo dục và Đào tạo.

2.1. Nội dung tập trung
Tuyên truyền các văn bản mới.
3. Ba
4. Bốn
5. Năm
`
	d := mustParse(t, text)
	if got, want := shape(d.Items), "1(-,-,2.1),3,4,5"; got != want {
		t.Fatalf("tree = %s, want %s", got, want)
	}
	one := d.Items[0]
	tests := []struct {
		name, got, want string
	}{
		{"heading wrapped mid-sentence", one.Title, "Tiếp tục triển khai thực hiện các chỉ thị, nghị quyết của tỉnh về trẻ em và bình đẳng giới"},
		{"reference wrapped after ngày; sentence end starts a paragraph; blank line keeps a paragraph",
			one.Children[0].Text, "Căn cứ Nghị quyết số 28/NQ-CP ngày 03/3/2021 của Chính phủ, tổ chức tuyên truyền.\nTổ chức hội thi cho học sinh.\nThời gian: Quý II/2024"},
		{"long line continued by a capital", one.Children[1].Text, "Tổ chức kiểm tra điều kiện an toàn các phương tiện đưa đón của Sở Giáo dục và Đào tạo."},
		{"short heading is not continued by a capitalised sentence", one.Children[2].Text, "Nội dung tập trung\nTuyên truyền các văn bản mới."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.got, tt.want)
		}
	}
	if len(d.References) != 1 || d.References[0].Number != "28/NQ-CP" || d.References[0].Date != "2021-03-03" || d.References[0].Line != 4 {
		t.Errorf("references = %+v, want 28/NQ-CP dated 2021-03-03 on line 4", d.References)
	}
	if got := one.Children[0].Deadlines; len(got) != 1 || got[0].Text != "Quý II/2024" || got[0].Start != "2024-04-01" || got[0].End != "2024-06-30" {
		t.Errorf("deadlines = %+v", got)
	}
}

func TestShouldJoin(t *testing.T) {
	tests := []struct {
		prev, cur string
		want      bool
	}{
		{"Nghị quyết số 28/NQ-CP ngày", "03/3/2021 của Chính phủ", true},
		{"các đơn vị tổ chức", "thực hiện tốt", true},
		{"Kết thúc câu.", "Câu mới", false},
		{"biển chỉ dẫn...", "tại các khu vực", true},
		{"Lĩnh vực trẻ em:", "tuyên truyền", true},
		{"một dòng", "- Gạch đầu dòng", false},
		{"1. Đối với công tác trẻ em", "Tăng cường", false},
		{"Phối hợp với Sở Lao động -", "Thương binh và Xã hội", true},
		{"ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NINH", true},
		{"Tổ chức kiểm tra điều kiện an toàn các phương tiện của", "Sở Giáo dục", true},
		{"Tổ chức kiểm tra điều kiện an toàn các phương tiện của", "Căn cứ Luật Trẻ em", false},
		{"A | B", "C", false},
	}
	for _, tt := range tests {
		if got := shouldJoin(tt.prev, tt.cur, false); got != tt.want {
			t.Errorf("shouldJoin(%q, %q) = %v, want %v", tt.prev, tt.cur, got, tt.want)
		}
	}
}

func TestTrailer(t *testing.T) {
	tests := []struct {
		name, text, tree, lastText string
	}{
		{
			name:     "web furniture after the last item",
			text:     "1. Một\n- Việc cuối cùng.\n\n   Nội dung chi tiết, Tại đây!Gửi ý kiến phản hồi\n\nTìm kiếm theo chuyên mục\n\nTin Nóng\nTin tiêu điểm\nThống kê truy cập\nHôm nay: 834\n",
			tree:     "1(-)",
			lastText: "Việc cuối cùng.",
		},
		{
			name:     "one short line after the last item is kept",
			text:     "1. Một\n- Tổ chức hội thi:\nThời gian: Quý II/2024\n",
			tree:     "1(-)",
			lastText: "Tổ chức hội thi:\nThời gian: Quý II/2024",
		},
		{
			name:     "signature block",
			text:     "1. Một\n- Việc cuối cùng.\n\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn An\n",
			tree:     "1(-)",
			lastText: "Việc cuối cùng.",
		},
		{
			name:     "recipients block",
			text:     "1. Một\n- Việc cuối cùng.\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n",
			tree:     "1(-)",
			lastText: "Việc cuối cùng.",
		},
		{
			name:     "a marker alone is enough",
			text:     "1. Một\n- Việc cuối cùng.\nGửi ý kiến phản hồi\n",
			tree:     "1(-)",
			lastText: "Việc cuối cùng.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := mustParse(t, tt.text)
			if got := shape(d.Items); got != tt.tree {
				t.Fatalf("tree = %s, want %s", got, tt.tree)
			}
			last := d.Items[0].Children[0]
			if last.Text != tt.lastText {
				t.Errorf("last item text = %q, want %q", last.Text, tt.lastText)
			}
		})
	}
}

func find(items []*Item, line int) *Item {
	for _, it := range items {
		if it.Line == line {
			return it
		}
		if f := find(it.Children, line); f != nil {
			return f
		}
	}
	return nil
}

func TestSample(t *testing.T) {
	d := mustParse(t, readSample(t))
	want := Header{Date: "2024-02-10", Type: "KẾ HOẠCH", Guidance: "240/LĐTBXH-TE&BĐG",
		Title: "Kế hoạch triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024"}
	if d.Header != want {
		t.Errorf("header\n got %+v\nwant %+v", d.Header, want)
	}
	if !strings.HasPrefix(d.Preamble, "Thực hiện văn bản số 240/LĐTBXH-TE&BĐG ngày 24/01/2024") {
		t.Errorf("preamble = %q", d.Preamble)
	}
	wantTree := "I(1(-,-),2(-,-))," +
		"II(1(-,-(+,+,+,+)),2(2.1(a)(-,-,-,-),b)(-,-,-)),2.2(-,-,-)),3(-,-,-,-),4(4.1(-,-,-,-),4.2(-,-)))"
	if got := shape(d.Items); got != wantTree {
		t.Errorf("tree\n got %s\nwant %s", got, wantTree)
	}
	tests := []struct {
		line         int
		label, title string
	}{
		{9, "I", "MỤC TIÊU, YÊU CẦU"},
		{11, "1", "Đối với công tác trẻ em"},
		{41, "2.1", "Nội dung tập trung"},
		{43, "a)", "Lĩnh vực trẻ em"},
		{45, "-", "Tuyên truyền, phổ biến, thực hiện có hiệu quả văn bản của Trung ương về trẻ em"},
		{31, "+", ""},
		{63, "2.2", "Đối tượng và hình thức tuyên truyền"},
		{93, "4.2", "Lĩnh vực bình đẳng giới"},
	}
	for _, tt := range tests {
		it := find(d.Items, tt.line)
		if it == nil {
			t.Errorf("no item on line %d", tt.line)
			continue
		}
		if it.Label != tt.label || it.Title != tt.title {
			t.Errorf("line %d: %q %q, want %q %q", tt.line, it.Label, it.Title, tt.label, tt.title)
		}
	}
	note := find(d.Items, 57)
	if note == nil || !strings.HasSuffix(note.Text, "\n(Có Phụ lục 01 Các văn bản chỉ đạo của tỉnh về công tác trẻ em, bình đẳng giới gửi kèm theo).") {
		t.Errorf("the appendix note should end the text of the item on line 57: %+v", note)
	}
	last := find(d.Items, 97)
	if last == nil || strings.Contains(last.Text, "\n") || strings.Contains(last.Text, "Tin Nóng") {
		t.Errorf("web furniture must not reach the last item: %+v", last)
	}
	drown := find(d.Items, 89)
	wantDL := []Deadline{{Text: "ngay trong đầu quý 2/2024", Start: "2024-04-01", End: "2024-04-30"}}
	if drown == nil || len(drown.Deadlines) != 1 || drown.Deadlines[0] != wantDL[0] {
		t.Errorf("deadlines on line 89 = %+v, want %+v", drown, wantDL)
	}
}

func TestSampleReferences(t *testing.T) {
	d := mustParse(t, readSample(t))
	want := []Reference{
		{Type: "Công văn", Number: "240/LĐTBXH-TE&BĐG", Date: "2024-01-24", Issuer: "Sở Lao động- Thương binh và Xã hội", Title: "Hướng dẫn triển khai công tác trẻ em và bình đẳng giới năm 2024", Line: 5},
		{Type: "Luật", Title: "Luật Trẻ em", Year: 2016, Line: 45},
		{Type: "Nghị định", Number: "56/2017/NĐ-CP", Date: "2017-05-09", Issuer: "Chính phủ", Title: "Hướng dẫn thực hiện một số điều của Luật trẻ em", Line: 45},
		{Type: "Nghị định", Number: "130/2021/NĐ-CP", Date: "2021-12-30", Issuer: "Chính phủ", Title: "Quy định xử phạt vi phạm hành chính trong lĩnh vực bảo trợ, trợ giúp xã hội và trẻ em", Line: 45},
		{Type: "Nghị quyết", Number: "121/2020/QH14", Date: "2020-06-19", Title: "Tiếp tục tăng cường hiệu lực, hiệu quả việc thực hiện chính sách, pháp luật về phòng, chống xâm hại trẻ em", Line: 45},
		{Type: "Chỉ thị", Number: "28-CT/TW", Date: "2023-12-25", Issuer: "Bộ Chính trị", Title: "Tăng cường công tác chăm sóc, giáo dục và bảo vệ trẻ em đáp ứng yêu cầu phát triển đất nước phồn vinh, hạnh phúc", Line: 45},
		{Type: "Chỉ thị", Number: "31/CT-TTg", Date: "2023-12-21", Title: "Tăng cường công tác bảo đảm trật tự, an toàn giao thông cho lứa tuổi học sinh trong tình hình mới", Line: 45},
		{Type: "Quyết định", Number: "1591/QĐ-TTg", Date: "2023-12-08", Issuer: "Thủ tướng Chính phủ", Title: "Phê duyệt chương trình Chăm sóc sức khỏe tâm thần trẻ em, chăm sóc trẻ em mồ côi giai đoạn 2023- 2030", Line: 45},
		{Type: "Luật", Title: "Luật Bình đẳng giới", Line: 55},
		{Type: "Bộ luật", Title: "Bộ luật Lao động", Year: 2019, Line: 55},
		{Type: "Luật", Title: "Luật Phòng, chống bạo lực gia đình", Line: 55},
		{Type: "Nghị định", Number: "125/2021/NĐ-CP", Date: "2021-12-28", Title: "Quy định xử phạt vi phạm hành chính trong lĩnh vực bình đẳng giới", Line: 55},
		{Type: "Nghị định", Number: "82/2020/NĐ-CP", Title: "Quy định xử phạt vi phạm hành chính trong lĩnh vực bổ trợ tư pháp, hành chính tư pháp", Line: 55},
	}
	if len(d.References) != len(want) {
		t.Errorf("got %d references, want %d", len(d.References), len(want))
	}
	for i := range min(len(want), len(d.References)) {
		if d.References[i] != want[i] {
			t.Errorf("reference %d\n got %+v\nwant %+v", i, d.References[i], want[i])
		}
	}
}

func TestParseTextErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     error
	}{
		{"empty", "", ErrEmpty},
		{"whitespace only", "  \r\n\t \u00a0\n", ErrEmpty},
		{"binary junk", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", ErrNotText},
		{"invalid UTF-8", "Kế ho\xe1\xba", ErrNotText},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := ParseText(tt.in)
			if !errors.Is(err, tt.want) || d != nil {
				t.Errorf("got %v, %v; want nil, %v", d, err, tt.want)
			}
		})
	}
}

func TestJSONContract(t *testing.T) {
	tests := []struct {
		name, text string
		contains   []string
		absent     []string
	}{
		{
			name:     "no header, no references",
			text:     "I. MỤC TIÊU\n- Bảo vệ trẻ em.\n",
			contains: []string{`"header":{}`, `"references":[]`, `"children":[]`, `"label":"I"`, `"line":1`, `"line":2`},
			absent:   []string{`null`, `"deadlines"`, `"observances"`, `"preamble"`},
		},
		{
			name:     "fields present when found",
			text:     "Số: 56/KH-UBND\nQuảng Ninh, ngày 13 tháng 4 năm 2021\nKẾ HOẠCH\nCông tác trẻ em năm 2021\n1. Hưởng ứng ngày Quốc tế thiếu nhi trước ngày 01/6.\n",
			contains: []string{`"number":"56/KH-UBND"`, `"date":"2021-04-13"`, `"type":"KẾ HOẠCH"`, `"observances":["childrens-day"]`, `"deadlines":[{"text":"trước ngày 01/6","end":"2021-06-01"}]`},
			absent:   []string{`null`, `"issuer"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := json.Marshal(mustParse(t, tt.text))
			if err != nil {
				t.Fatal(err)
			}
			s := string(b)
			for _, c := range tt.contains {
				if !strings.Contains(s, c) {
					t.Errorf("JSON lacks %s:\n%s", c, s)
				}
			}
			for _, a := range tt.absent {
				if strings.Contains(s, a) {
					t.Errorf("JSON has %s:\n%s", a, s)
				}
			}
		})
	}
}

func TestNFDAndWindowsInput(t *testing.T) {
	// The same plan in NFD with CRLF, no-break spaces and zero-width spaces
	// parses to the same document as the clean NFC text.
	clean := "KẾ HOẠCH\nBảo vệ trẻ em năm 2024\n\nI. MỤC TIÊU\n1. Đối với công tác trẻ em\n- Tuyên truyền Luật trẻ em (2016) trước ngày 15/3.\n"
	var nfd strings.Builder
	for _, r := range clean {
		if p, ok := vnDecompose[r]; ok && (p.mod != 0 || p.tone != 0) {
			nfd.WriteRune(p.base)
			if p.tone == '\u0323' { // canonical order: dot below before circumflex
				nfd.WriteRune(p.tone)
				p.tone = 0
			}
			if p.mod != 0 {
				nfd.WriteRune(p.mod)
			}
			if p.tone != 0 {
				nfd.WriteRune(p.tone)
			}
			continue
		}
		nfd.WriteRune(r)
	}
	messy := "\ufeff" + strings.ReplaceAll(strings.ReplaceAll(nfd.String(), "\n", "\r\n"), "- ", "\u00a0\u00a0-\u00a0\u200b")
	if messy == clean {
		t.Fatal("test input not transformed")
	}
	a, b := mustParse(t, clean), mustParse(t, messy)
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	if string(ja) != string(jb) {
		t.Errorf("NFD/CRLF input parses differently:\n%s\n%s", ja, jb)
	}
	if a.Header.Title != "Bảo vệ trẻ em năm 2024" || len(a.References) != 1 || len(a.Items[0].Children[0].Children[0].Deadlines) != 1 {
		t.Errorf("unexpected parse: %s", ja)
	}
}

// wrap breaks each line of text at width columns, the way a narrow web page
// column does when its text is copied, keeping blank lines.
func wrap(text string, width int) string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		words := strings.Fields(l)
		if len(words) == 0 {
			out = append(out, "")
			continue
		}
		cur := words[0]
		for _, w := range words[1:] {
			if len([]rune(cur))+1+len([]rune(w)) > width {
				out = append(out, cur)
				cur = w
				continue
			}
			cur += " " + w
		}
		out = append(out, cur)
	}
	return strings.Join(out, "\n")
}

// withoutLines drops line numbers, which wrapping changes.
func withoutLines(d *Document) *Document {
	var strip func([]*Item)
	strip = func(its []*Item) {
		for _, it := range its {
			it.Line = 0
			strip(it.Children)
		}
	}
	strip(d.Items)
	for i := range d.References {
		d.References[i].Line = 0
	}
	return d
}

// TestSampleRewrapped re-wraps every paragraph of the sample at widths from
// 45 to 160 columns (blank lines kept) and wants the same document. Below
// about 40 columns a wrapped line is too short to tell from a heading when
// the next line starts with a capital.
func TestSampleRewrapped(t *testing.T) {
	sample := readSample(t)
	want, _ := json.Marshal(withoutLines(mustParse(t, sample)))
	for width := 45; width <= 160; width += 5 {
		wrapped := wrap(sample, width)
		if strings.Count(wrapped, "\n") < strings.Count(sample, "\n")+50 {
			t.Fatalf("width %d: the sample was hardly wrapped", width)
		}
		got, _ := json.Marshal(withoutLines(mustParse(t, wrapped)))
		if string(got) != string(want) {
			t.Errorf("width %d: the wrapped sample parses differently:\n got %s\nwant %s", width, got, want)
		}
	}
}

func TestBlankLineParagraphs(t *testing.T) {
	// Items separated by blank lines: a single line break, even after a
	// full stop, is a wrap of the page's column, but a short heading
	// still does not swallow the capitalised line after it.
	text := "1. Nội dung\nTuyên truyền các văn bản.\n\n- Tổ chức hội thi cho học sinh.\nMời các trường tham gia.\n\n- Hai\n\n- Ba\n"
	d := mustParse(t, text)
	if got, want := shape(d.Items), "1(-,-,-)"; got != want {
		t.Fatalf("tree = %s, want %s", got, want)
	}
	if got, want := d.Items[0].Text, "Nội dung\nTuyên truyền các văn bản."; got != want {
		t.Errorf("heading text = %q, want %q", got, want)
	}
	if got, want := d.Items[0].Children[0].Text, "Tổ chức hội thi cho học sinh. Mời các trường tham gia."; got != want {
		t.Errorf("bullet text = %q, want %q", got, want)
	}
}
