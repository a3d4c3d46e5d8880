package web

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
)

func TestLocalPath(t *testing.T) {
	tests := map[string]string{
		"/app/orgunits?q=a":       "/app/orgunits?q=a",
		"/app/reports?org=QN#top": "/app/reports?org=QN#top",
		"/app/search?q=%C4%91":    "/app/search?q=%C4%91",
		"":                        "/app/",
		"app/":                    "/app/",
		"//evil.example/":         "/app/",
		"/\\evil.example":         "/app/",
		"https://evil/":           "/app/",
		"/app/\r\nSet-Cookie: x":  "/app/",
		// Browsers drop tabs and newlines, so these become //evil.example.
		"/\t/evil.example": "/app/",
		"/\n/evil.example": "/app/",
		"/\r/evil.example": "/app/",
		// A backslash anywhere, not only after the first slash.
		"/app/\\\\evil.example": "/app/",
		"/a\\b":                 "/app/",
		// Other controls, format characters and spaces.
		"/\x00/evil.example":   "/app/",
		"/\x7f/evil.example":   "/app/",
		"/\u202e/evil.example": "/app/",
		"/\u00a0/evil.example": "/app/",
		"/ /evil.example":      "/app/",
		// An encoded second slash decodes to a host-like path.
		"/%2F/evil.example": "/app/",
		"/\xff":             "/app/",
		"http:/evil":        "/app/",
		"/:evil":            "/:evil",
	}
	for in, want := range tests {
		if got := LocalPath(in, "/app/"); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// Whatever a visitor puts in ?next=, the redirect stays on this site: once
// a browser has dropped what it drops and read backslashes as slashes, the
// target is still a path with no host.
func FuzzLocalPath(f *testing.F) {
	for _, s := range []string{"/app/", "//x", "/\\x", "http://x", "/%2f%2fx", "\t/x", "/\t/x", "/\u202e/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got := LocalPath(in, "/app/")
		if got == "/app/" {
			return
		}
		seen := strings.Map(func(r rune) rune {
			switch {
			case r == '\\':
				return '/'
			case unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r):
				return -1
			}
			return r
		}, got)
		u, err := url.Parse(seen)
		if err != nil || u.Host != "" || u.Scheme != "" || !strings.HasPrefix(seen, "/") || strings.HasPrefix(seen, "//") {
			t.Errorf("localPath(%q) = %q leaves the site (a browser reads %q)", in, got, seen)
		}
	})
}
