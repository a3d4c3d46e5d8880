package ical

import (
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

func TestAppendText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Họp giao ban", "Họp giao ban"},
		{"a,b;c\\d", `a\,b\;c\\d`},
		{"dòng 1\ndòng 2", `dòng 1\ndòng 2`},
		{"dòng 1\r\ndòng 2", `dòng 1\ndòng 2`},
		{"a\rb", "ab"},
		{"cột\tcột", "cột\tcột"},
		{"giờ: 08:00 \"A\"", "giờ: 08:00 \"A\""},
		{"\x00\x01\x1b[0m\x7f", "[0m"},
		{"C1\u0085\u009f.", "C1."},
		{"\\n", `\\n`},
		{"a\xffb", "a\uFFFDb"},
		{"\xe1\xba", "\uFFFD\uFFFD"},
		{"Tháng hành động vì trẻ em, năm 2026; toàn quốc", `Tháng hành động vì trẻ em\, năm 2026\; toàn quốc`},
		{"\u2028\uFEFF", "\u2028\uFEFF"},
	} {
		if got := string(appendText(nil, tc.in)); got != tc.want {
			t.Errorf("appendText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestAppendURI(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://tebdg.example/events/42?a=1,2;b", "https://tebdg.example/events/42?a=1,2;b"},
		{"https://x/\r\n\ty", "https://x/y"},
		{"https://x/\xff", "https://x/\uFFFD"},
		{"\n", ""},
	} {
		if got := string(appendURI(nil, tc.in)); got != tc.want {
			t.Errorf("appendURI(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestBlank(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"", true},
		{" \t\n\r", true},
		{"\x00\u0085\u00a0", true},
		{"a", false},
		{" đ ", false},
		{"\xff", false},
	} {
		if got := blank(tc.in); got != tc.want {
			t.Errorf("blank(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

// unfold joins folded physical lines the RFC 5545 way, checking on the way
// that each one ends in CRLF and is at most maxLine octets of UTF-8.
func unfold(t *testing.T, folded string) []string {
	t.Helper()
	if !strings.HasSuffix(folded, "\r\n") {
		t.Fatalf("%q does not end in CRLF", folded)
	}
	var lines []string
	var line strings.Builder
	for i, p := range strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n") {
		if len(p) > maxLine {
			t.Fatalf("physical line of %d octets: %q", len(p), p)
		}
		if !utf8.ValidString(p) {
			t.Fatalf("physical line not UTF-8: %q", p)
		}
		if strings.ContainsAny(p, "\r\n") {
			t.Fatalf("bare CR or LF in %q", p)
		}
		if rest, ok := strings.CutPrefix(p, " "); ok && i > 0 {
			line.WriteString(rest)
			continue
		}
		if i > 0 {
			lines = append(lines, line.String())
			line.Reset()
		}
		line.WriteString(p)
	}
	return append(lines, line.String())
}

func TestAppendFolded(t *testing.T) {
	long := "DESCRIPTION:" + strings.Repeat("Tháng hành động vì trẻ em. ", 12)
	for _, tc := range []struct {
		name, line string
		physical   int // lines written
	}{
		{"empty", "", 1},
		{"short", "SUMMARY:Họp", 1},
		{"75 octets", strings.Repeat("a", 75), 1},
		{"76 octets", strings.Repeat("a", 76), 2},
		{"75+74 octets", strings.Repeat("a", 75+74), 2},
		{"75+74+1 octets", strings.Repeat("a", 75+74+1), 3},
		{"two-byte letters", "SUMMARY:" + strings.Repeat("đ", 100), 3},
		{"three-byte letters", "SUMMARY:" + strings.Repeat("ộ", 100), 5},
		{"four-byte", strings.Repeat("😀", 40), 3},
		{"combining marks", "SUMMARY:" + strings.Repeat("a\u0302\u0301", 60), 5},
		{"spaces", strings.Repeat(" ", 200), 3},
		{"escapes", strings.Repeat(`\,\;\\\n`, 30), 4},
		{"vietnamese", long, 7},
	} {
		t.Run(tc.name, func(t *testing.T) {
			folded := string(appendFolded(nil, []byte(tc.line)))
			if n := strings.Count(folded, "\r\n"); n != tc.physical {
				t.Errorf("%d physical lines, want %d:\n%s", n, tc.physical, folded)
			}
			lines := unfold(t, folded)
			if len(lines) != 1 || lines[0] != tc.line {
				t.Errorf("unfolds to %q, want %q", lines, tc.line)
			}
		})
	}
}

// TestFoldPlace checks that folds keep off white space, backslashes and
// combining marks when a plain boundary is near.
func TestFoldPlace(t *testing.T) {
	for _, line := range []string{
		"DESCRIPTION:" + strings.Repeat("Ngày Quốc tế Thiếu nhi\\, ", 20),
		"SUMMARY:" + strings.Repeat("Nga\u0300y Quô\u0301c tê\u0301 ", 20),
	} {
		physical := strings.Split(strings.TrimSuffix(string(appendFolded(nil, []byte(line))), "\r\n"), "\r\n")
		for i := 1; i < len(physical); i++ {
			before, after := physical[i-1], strings.TrimPrefix(physical[i], " ")
			r, _ := utf8.DecodeRuneInString(after)
			if strings.HasSuffix(before, " ") || strings.HasSuffix(before, "\\") || strings.HasPrefix(after, " ") || unicode.Is(unicode.Mn, r) {
				t.Errorf("fold between %q and %q", before, after)
			}
		}
	}
}

func TestAppendDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "PT0S"},
		{time.Millisecond, "PT0S"},
		{30 * time.Second, "PT30S"},
		{15 * time.Minute, "PT15M"},
		{15*time.Minute + 1500*time.Millisecond, "PT15M1S"},
		{time.Hour, "PT1H"},
		{time.Hour + 30*time.Second, "PT1H0M30S"},
		{90 * time.Minute, "PT1H30M"},
		{24 * time.Hour, "P1D"},
		{7 * 24 * time.Hour, "P7D"},
		{24*time.Hour + 15*time.Minute, "P1DT15M"},
		{39*time.Hour + 5*time.Second, "P1DT15H0M5S"},
	} {
		if got := string(appendDuration(nil, tc.d)); got != tc.want {
			t.Errorf("appendDuration(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
