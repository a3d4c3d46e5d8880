package docx

import (
	"testing"
	"time"
)

func TestDateLine(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, ict) }
	for _, c := range []struct {
		place  string
		date   time.Time
		vi, en string
	}{
		// Days 1–9 and months 1–2 take a leading zero, nothing else does.
		{"Quảng Ninh", day(2024, 2, 10), "Quảng Ninh, ngày 10 tháng 02 năm 2024", "Quang Ninh, 10 February 2024"},
		{"Quảng Ninh", day(2024, 2, 5), "Quảng Ninh, ngày 05 tháng 02 năm 2024", "Quang Ninh, 5 February 2024"},
		{"Hạ Long", day(2025, 3, 3), "Hạ Long, ngày 03 tháng 3 năm 2025", "Ha Long, 3 March 2025"},
		{"Hà Nội", day(2025, 1, 1), "Hà Nội, ngày 01 tháng 01 năm 2025", "Ha Noi, 1 January 2025"},
		{"Đà Nẵng", day(2025, 9, 9), "Đà Nẵng, ngày 09 tháng 9 năm 2025", "Da Nang, 9 September 2025"},
		{"Huế", day(2025, 10, 20), "Huế, ngày 20 tháng 10 năm 2025", "Hue, 20 October 2025"},
		{"Cần Thơ", day(2025, 11, 1), "Cần Thơ, ngày 01 tháng 11 năm 2025", "Can Tho, 1 November 2025"},
		{"Vũng Tàu", day(2025, 12, 31), "Vũng Tàu, ngày 31 tháng 12 năm 2025", "Vung Tau, 31 December 2025"},
		{"Quảng Ninh", time.Time{}, "Quảng Ninh, ngày …… tháng …… năm 20..", "Quang Ninh, …… …… 20.."},
		{"", day(2024, 6, 1), "……, ngày 01 tháng 6 năm 2024", "……, 1 June 2024"},
		// decomposed marks, as text from some Mac and web sources has them
		{"Qua\u0309ng Ninh", day(2024, 2, 29), "Qua\u0309ng Ninh, ngày 29 tháng 02 năm 2024", "Quang Ninh, 29 February 2024"},
	} {
		if got := dateLine(c.place, c.date, false); got != c.vi {
			t.Errorf("dateLine(%q, %v, vi) = %q, want %q", c.place, c.date, got, c.vi)
		}
		if got := dateLine(c.place, c.date, true); got != c.en {
			t.Errorf("dateLine(%q, %v, en) = %q, want %q", c.place, c.date, got, c.en)
		}
	}
}

func TestLabelPrefix(t *testing.T) {
	for _, c := range []struct{ label, want string }{
		{"I", "I. "},
		{"IV", "IV. "},
		{"1", "1. "},
		{"2.1", "2.1. "},
		{"2.1.", "2.1. "},
		{"a)", "a) "},
		{"a", "a. "},
		{"-", "- "},
		{"+", "+ "},
		{"•", "• "},
		{"Mục tiêu 1:", "Mục tiêu 1: "},
		{" 3 ", "3. "},
		{"", ""},
		{"  ", ""},
	} {
		if got := labelPrefix(c.label); got != c.want {
			t.Errorf("labelPrefix(%q) = %q, want %q", c.label, got, c.want)
		}
	}
}

func TestSanitize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Kế hoạch số 15", "Kế hoạch số 15"},
		{"a\x00b\x08c\x0bd\x0ce\x0ef\x1fg", "abcdefg"},
		{"tab\tand\nnew", "tab\tand\nnew"},
		{"win\r\nmac\rend", "win\nmac\nend"},
		{"bad\xffbyte\xc3", "bad\uFFFDbyte\uFFFD"},
		{"non-char\uFFFE\uFFFF.", "non-char."},
		{"astral 😀 \U0010FFFD", "astral 😀 \U0010FFFD"},
		{"<&>\"'", "<&>\"'"}, // markup is escaped when written, not here
		{"", ""},
	} {
		if got := sanitize(c.in); got != c.want {
			t.Errorf("sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestEsc(t *testing.T) {
	var x buf
	x.esc(`a<b>&"c'`)
	if got, want := string(x.b), `a&lt;b&gt;&amp;&quot;c'`; got != want {
		t.Errorf("esc = %q, want %q", got, want)
	}
}

func TestBoldWidth(t *testing.T) {
	// Figures added up by hand from Times New Roman Bold's advance widths
	// (thousandths of an em) × size: they match what LibreOffice draws with
	// Liberation Serif Bold, whose widths are the same.
	for _, c := range []struct {
		s    string
		sz   int
		want int
	}{
		{"SỞ GIAO THÔNG VẬN TẢI", 24, 3052},       // 12718 × 24 / 100, Ở counted 50 wider than O
		{"Độc lập - Tự do - Hạnh phúc", 26, 3184}, // 12247, ư counted 50 wider than u
		{"Independence - Freedom - Happiness", 26, 4131},
		{"", 28, 0},
	} {
		if got := boldWidth(c.s, c.sz); got != c.want {
			t.Errorf("boldWidth(%q, %d) = %d, want %d", c.s, c.sz, got, c.want)
		}
	}
}

func TestShortRule(t *testing.T) {
	// 2/5 of the line, the line no wider than its room, never under 1 cm.
	if got := shortRule("SỞ GIAO THÔNG VẬN TẢI", 24, 3666); got != 3052*2/5 {
		t.Errorf("short issuer line: rule %d, want %d", got, 3052*2/5)
	}
	long := "BAN VÌ SỰ TIẾN BỘ CỦA PHỤ NỮ VÀ BẢO VỆ CHĂM SÓC TRẺ EM"
	if got := shortRule(long, 24, 3666); got != 3666*2/5 {
		t.Errorf("wrapping issuer: rule %d, want %d", got, 3666*2/5)
	}
	if got := shortRule("A\nBC", 24, 3666); got != 567 {
		t.Errorf("tiny title: rule %d, want 567", got)
	}
}

func TestListItems(t *testing.T) {
	got := listItems([]string{"Như trên", "- Lãnh đạo Sở;", "", " - ", "Lưu: VT, VP."})
	want := []string{"- Như trên;", "- Lãnh đạo Sở;", "- Lưu: VT, VP."}
	if len(got) != len(want) {
		t.Fatalf("listItems = %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("item %d = %q, want %q", i, got[i], want[i])
		}
	}
	if got := listItems(nil); len(got) != 0 {
		t.Errorf("listItems(nil) = %q", got)
	}
}

func TestIsNumber(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"1.234.567", true}, {"12,5%", true}, {"-3", true}, {" 40 ", true}, {"1 200", true},
		{"", false}, {"%", false}, {"15/4/2024", false}, {"Quý II/2024", false}, {"3-4", false}, {"5%x", false},
	} {
		if got := isNumber(c.s); got != c.want {
			t.Errorf("isNumber(%q) = %v, want %v", c.s, got, c.want)
		}
	}
}

func TestColWidths(t *testing.T) {
	sum := func(ws []int) int {
		n := 0
		for _, w := range ws {
			n += w
		}
		return n
	}
	for _, c := range []struct {
		rel  []int
		n    int
		want []int
	}{
		{nil, 3, []int{3000, 3000, 3000}},
		{[]int{1, 2}, 2, []int{3000, 6000}},
		{[]int{1, 2}, 3, []int{3000, 3000, 3000}},    // wrong count: equal
		{[]int{1, 0, 2}, 3, []int{3000, 3000, 3000}}, // a zero: equal
		{[]int{1, 1, 1, 1, 1, 1, 1}, 7, []int{1285, 1285, 1285, 1285, 1285, 1285, 1290}},
	} {
		got := colWidths(c.rel, c.n, 9000)
		if len(got) != len(c.want) || sum(got) != 9000 {
			t.Errorf("colWidths(%v, %d) = %v, want %v", c.rel, c.n, got, c.want)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("colWidths(%v, %d) = %v, want %v", c.rel, c.n, got, c.want)
				break
			}
		}
	}
}
