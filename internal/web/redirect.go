package web

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// LocalPath accepts a redirect target only if it is a path on this site,
// and answers fallback otherwise. Browsers forgive a great deal in a
// Location header: they drop tabs and newlines, read a backslash as a slash
// and "//host" as another site, so "/\t/evil.example" becomes
// "//evil.example". Rather than list what browsers repair, the target must
// be plain: valid UTF-8, no control, format or backslash characters
// anywhere, a single leading slash, and no scheme, host or user once
// parsed.
func LocalPath(p, fallback string) string {
	if p == "" || p[0] != '/' || strings.HasPrefix(p, "//") || !utf8.ValidString(p) {
		return fallback
	}
	if !plain(p) {
		return fallback
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" ||
		!strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") || !plain(u.Path) {
		return fallback
	}
	return p
}

// plain reports whether s holds nothing a browser might drop or reinterpret
// in a Location: no backslash, control, format or space character. The
// decoded path is checked too, so an encoded tab or backslash does not
// pass where the raw one would not.
func plain(s string) bool {
	for _, r := range s {
		if r == '\\' || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || unicode.IsSpace(r) {
			return false
		}
	}
	return true
}
