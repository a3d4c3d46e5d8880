package vntext

import (
	"testing"
	"unicode/utf8"
)

func TestTruncate(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"đuối nước", 5, "đuối "},
		{"đuối nước", 9, "đuối nước"},
		{"đuối nước", 50, "đuối nước"},
		{"abc", 0, ""},
		{"", 3, ""},
		{"Mozilla/5.0", 7, "Mozilla"},
	}
	for _, tt := range tests {
		if got := Truncate(tt.in, tt.n); got != tt.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// Whatever is cut, the result is a prefix of at most n characters and
// valid wherever the input was.
func FuzzTruncate(f *testing.F) {
	f.Add("Sở Giao thông Vận tải", 3)
	f.Fuzz(func(t *testing.T, s string, n int) {
		n %= 300
		got := Truncate(s, n)
		if len(got) > len(s) || s[:len(got)] != got || (n >= 0 && utf8.RuneCountInString(got) > n) {
			t.Fatalf("Truncate(%q, %d) = %q", s, n, got)
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Truncate(%q, %d) = %q is not valid UTF-8", s, n, got)
		}
	})
}
