package planparse

import "testing"

func TestParseLabel(t *testing.T) {
	tests := []struct {
		in               string
		ok               bool
		text, kind, rest string
	}{
		{"I. MỤC TIÊU, YÊU CẦU", true, "I", "roman", "MỤC TIÊU, YÊU CẦU"},
		{"II) NHIỆM VỤ", true, "II)", "roman", "NHIỆM VỤ"},
		{"IV- TỔ CHỨC THỰC HIỆN", true, "IV", "roman", "TỔ CHỨC THỰC HIỆN"},
		{"III.KINH PHÍ", true, "III", "roman", "KINH PHÍ"},
		{"1. Đối với công tác trẻ em", true, "1", "dec.", "Đối với công tác trẻ em"},
		{"1.Đối với công tác trẻ em", true, "1", "dec.", "Đối với công tác trẻ em"},
		{"2) Tổ chức hội thi", true, "2)", "dec)", "Tổ chức hội thi"},
		{"2.1. Nội dung tập trung", true, "2.1", "dec2", "Nội dung tập trung"},
		{"2.1 Nội dung tập trung", true, "2.1", "dec2", "Nội dung tập trung"},
		{"2.1.3. Tuyên truyền", true, "2.1.3", "dec3", "Tuyên truyền"},
		{"a) Lĩnh vực trẻ em:", true, "a)", "letter", "Lĩnh vực trẻ em:"},
		{"đ) Lĩnh vực khác", true, "đ)", "letter", "Lĩnh vực khác"},
		{"b. Lĩnh vực bình đẳng giới", true, "b", "letter", "Lĩnh vực bình đẳng giới"},
		{"A. PHẦN CHUNG", true, "A", "Letter", "PHẦN CHUNG"},
		{"ii) Mục thứ hai", true, "ii)", "romanlower", "Mục thứ hai"},
		{"(1) Tuyên truyền", true, "(1)", "(dec)", "Tuyên truyền"},
		{"(b) Tập huấn", true, "(b)", "(letter)", "Tập huấn"},
		{"- Tăng cường sự lãnh đạo", true, "-", "dash", "Tăng cường sự lãnh đạo"},
		{"-Tăng cường", true, "-", "dash", "Tăng cường"},
		{"– Gạch ngang dài", true, "–", "dash", "Gạch ngang dài"},
		{"+ Tuyên truyền, hướng dẫn", true, "+", "plus", "Tuyên truyền, hướng dẫn"},
		{"• Chấm tròn", true, "•", "dot", "Chấm tròn"},
		{"* Ghi chú", true, "*", "star", "Ghi chú"},
		{"- 100% cán bộ được tập huấn", true, "-", "dash", "100% cán bộ được tập huấn"},
		{"Mục tiêu 1: Giảm tỷ lệ trẻ em bị tai nạn", true, "Mục tiêu 1", "named:muc tieu", "Giảm tỷ lệ trẻ em bị tai nạn"},
		{"Chỉ tiêu 2: Tỷ lệ 65% vào năm 2025", true, "Chỉ tiêu 2", "named:chi tieu", "Tỷ lệ 65% vào năm 2025"},
		{"Nhiệm vụ 3. Kiểm tra", true, "Nhiệm vụ 3", "named:nhiem vu", "Kiểm tra"},
		{"CHỈ TIÊU 4 – Giảm đuối nước", true, "CHỈ TIÊU 4", "named:chi tieu", "Giảm đuối nước"},
		{"Phần II", true, "Phần II", "named:phan", ""},
		// Not labels.
		{"10/02/2024 15:16", false, "", "", ""},
		{"10 trẻ em được hỗ trợ", false, "", "", ""},
		{"2024. Năm bản lề", false, "", "", ""},
		{"2.5 triệu đồng", false, "", "", ""},
		{"12.000 lượt người", false, "", "", ""},
		{"-------", false, "", "", ""},
		{"* * *", false, "", "", ""},
		{"-5 độ", false, "", "", ""},
		{"(Có Phụ lục 01 gửi kèm theo).", false, "", "", ""},
		{"Mục tiêu 2 của kế hoạch", false, "", "", ""},
		{"Phần việc còn lại", false, "", "", ""},
		{"Số: 56/KH-UBND", false, "", "", ""},
		{"Tin Nóng", false, "", "", ""},
		{"V/v triển khai", false, "", "", ""},
		{"Vì sự tiến bộ", false, "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := parseLabel(tt.in)
			if ok != tt.ok {
				t.Fatalf("parseLabel(%q) ok = %v, want %v (%+v)", tt.in, ok, tt.ok, got)
			}
			if !ok {
				return
			}
			if got.text != tt.text || got.kind != tt.kind || got.rest != tt.rest {
				t.Errorf("parseLabel(%q) = %q %q %q, want %q %q %q", tt.in, got.text, got.kind, got.rest, tt.text, tt.kind, tt.rest)
			}
		})
	}
}

func TestVNPredecessor(t *testing.T) {
	tests := []struct{ in, want rune }{{'đ', 'd'}, {'e', 'đ'}, {'g', 'e'}, {'i', 'h'}, {'k', 'i'}, {'I', 'H'}, {'X', 'V'}, {'a', 0}}
	for _, tt := range tests {
		if got := vnPredecessor(tt.in); got != tt.want {
			t.Errorf("vnPredecessor(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
