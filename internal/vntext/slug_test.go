package vntext

import (
	"strings"
	"testing"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"brief example", "Kế hoạch triển khai công tác trẻ em năm 2024", "ke-hoach-trien-khai-cong-tac-tre-em-nam-2024"},
		{"document number", "Quyết định số 1989/QĐ-BGDĐT", "quyet-dinh-so-1989-qd-bgddt"},
		{"separators collapse and trim", "  --Hello,  World!!--  ", "hello-world"},
		{"NFD input", "Ho\u0300a Bi\u0300nh", "hoa-binh"},
		{"hotline", "Tổng đài 111 – gọi miễn phí", "tong-dai-111-goi-mien-phi"},
		{"letters without ascii form separate", "Straße", "stra-e"},
		{"nothing usable", "中文 — !!!", ""},
		{"empty", "", ""},
		{"exactly the limit", strings.Repeat("a", 75) + " bcd", strings.Repeat("a", 75) + "-bcd"},
		{"cut falls on a boundary", strings.Repeat("trẻ em ", 20), strings.Repeat("tre-em-", 11) + "tre"},
		{"cut inside a word drops the word", strings.Repeat("a", 76) + " bcde", strings.Repeat("a", 76)},
		{"one word longer than the limit", strings.Repeat("b", 100), strings.Repeat("b", 80)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func FuzzSlug(f *testing.F) {
	f.Add("Kế hoạch triển khai công tác trẻ em năm 2024")
	f.Add(strings.Repeat("trẻ em ", 20))
	f.Add("--a--")
	f.Fuzz(func(t *testing.T, s string) {
		got := Slug(s)
		if len(got) > SlugMaxLen {
			t.Errorf("Slug(%q) = %q is %d bytes, over %d", s, got, len(got), SlugMaxLen)
		}
		if strings.HasPrefix(got, "-") || strings.HasSuffix(got, "-") || strings.Contains(got, "--") {
			t.Errorf("Slug(%q) = %q has stray dashes", s, got)
		}
		for i := 0; i < len(got); i++ {
			c := got[i]
			if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
				t.Fatalf("Slug(%q) = %q holds byte %q", s, got, c)
			}
		}
		if Slug(got) != got {
			t.Errorf("Slug(%q) = %q is not stable under Slug", s, got)
		}
	})
}

func BenchmarkSlug(b *testing.B) {
	const title = "Kế hoạch triển khai công tác trẻ em và bình đẳng giới năm 2024 của Sở Giao thông Vận tải tỉnh Quảng Ninh"
	for b.Loop() {
		Slug(title)
	}
}
