package upload

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestCleanName(t *testing.T) {
	long := strings.Repeat("Kế hoạch ", 40) + ".pdf"
	tests := []struct{ in, want string }{
		{"Kế hoạch 2024.pdf", "Kế hoạch 2024.pdf"},
		{`C:\Users\van.thu\Desktop\bao-cao.docx`, "bao-cao.docx"},
		{"../../etc/passwd.txt", "passwd.txt"},
		// The name that shows as "afdp.exe.jpg" keeps no override.
		{"a\u202egpj.exe.pdf", "agpj.exe.pdf"},
		{"\u202a\u202b\u202c\u202d\u202eten.pdf", "ten.pdf"},
		{"\u2066\u2067\u2068\u2069ten.pdf", "ten.pdf"},
		{"te\u200bn\u200d.pdf", "ten.pdf"},
		{"\ufeffbom.txt", "bom.txt"},
		{"a\u2028b\u2029c.txt", "abc.txt"},
		{"line\r\nbreak\t.pdf", "linebreak.pdf"},
		{`say "hi".pdf`, "say hi.pdf"},
		{"a\u00a0b.pdf", "a b.pdf"},
		{"  trailing dots... ", "trailing dots"},
		// Decomposed marks (as a Mac sends them) become the composed letters.
		{"Ke\u0302\u0301 hoa\u0323ch.pdf", "Kế hoạch.pdf"},
		{"bad\xffutf8.pdf", "badutf8.pdf"},
		{"", ""},
		{"\u202e", ""},
	}
	for _, tt := range tests {
		if got := CleanName(tt.in); got != tt.want {
			t.Errorf("CleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	got := CleanName(long)
	if len(got) > MaxNameBytes || !strings.HasSuffix(got, ".pdf") || !utf8.ValidString(got) || !strings.HasPrefix(got, "Kế hoạch") {
		t.Errorf("long name cut to %q (%d bytes)", got, len(got))
	}
}

// Whatever a browser sends, the kept name is short, valid UTF-8, has no
// path, and no character that can reorder or hide what is shown.
func FuzzCleanName(f *testing.F) {
	for _, s := range []string{"a\u202egpj.exe.pdf", `C:\x\y.docx`, "Ke\u0302\u0301.pdf", strings.Repeat("đ", 300) + ".xlsx", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := CleanName(in)
		if len(got) > MaxNameBytes || !utf8.ValidString(got) || strings.ContainsAny(got, `/\"`) {
			t.Fatalf("CleanName(%q) = %q", in, got)
		}
		for _, r := range got {
			if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
				t.Fatalf("CleanName(%q) = %q keeps %U", in, got, r)
			}
		}
		if again := CleanName(got); again != got {
			t.Fatalf("CleanName is not stable: %q → %q → %q", in, got, again)
		}
	})
}
