package markup

import (
	"html"
	"strings"

	"tebdg/internal/errs"
)

// Constructs Check refuses. Tag names are those that run script, load
// other documents or styles, or change how the page around them works.
var (
	unsafeTags    = []string{"script", "iframe", "object", "embed", "style", "link", "meta", "form", "svg", "math", "base"}
	unsafeSchemes = []string{"javascript:", "vbscript:", "data:"}
)

// Check refuses bodies that carry unsafe HTML or script so the editor gets
// a clear message: returns nil or an *errs.Error made with errs.Field("body",
// vi, en).
//
// It reads the body the way a careless consumer might: entities decoded,
// NUL and other control characters dropped, letters folded to lower case,
// blanks inside URLs ignored. It refuses only what looks like a tag or a
// link, so "<3" or "online=" in ordinary text pass, and so does harmless
// HTML such as "<b>", which HTML shows as text.
func Check(src string) error {
	v := strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0x7f {
			return -1
		}
		return r
	}, src)
	v = strings.ToLower(html.UnescapeString(v))
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '<':
			if vi, en := checkTag(v, i); vi != "" {
				return refuse(vi, en)
			}
		case ']':
			if strings.HasPrefix(v[i+1:], "(") {
				if s := unsafeScheme(v[i+2:]); s != "" {
					return refuse("liên kết dùng "+s, "link using "+s)
				}
			}
		}
	}
	return nil
}

func refuse(vi, en string) error {
	return errs.Field("body",
		"nội dung có mã HTML hoặc script không an toàn ("+vi+"): hãy xóa đi",
		"the body holds unsafe HTML or script ("+en+"): remove it")
}

// checkTag looks at the tag that may start at v[i] == '<' and describes
// what is unsafe in it, or returns "".
func checkTag(v string, i int) (vi, en string) {
	j := i + 1
	for j < len(v) && (isSpaceByte(v[j]) || v[j] == '\r' || v[j] == '/') {
		j++
	}
	k := j
	for k < len(v) && isASCIIAlnum(v[k]) {
		k++
	}
	for _, t := range unsafeTags {
		if v[j:k] == t {
			return "thẻ <" + t + ">", "<" + t + "> tag"
		}
	}
	// Attributes matter only where a browser sees a tag: "<" then a
	// letter, or "</" then a letter.
	t := i + 1
	if t < len(v) && v[t] == '/' {
		t++
	}
	if t >= len(v) || !isASCIILetter(v[t]) {
		return "", ""
	}
	end := k
	for end < len(v) && v[end] != '>' && v[end] != '<' {
		end++
	}
	attrs := v[k:end]
	for p := 0; p < len(attrs); p++ {
		switch {
		case attrs[p] == '=':
			if s := unsafeScheme(attrs[p+1:]); s != "" {
				return "liên kết dùng " + s, "link using " + s
			}
		case strings.HasPrefix(attrs[p:], "on") && p > 0 && strings.IndexByte(" \t\n\r/\"'", attrs[p-1]) >= 0:
			// The longest event names are under 30 letters; the bound keeps
			// "ononon…" from costing quadratic time.
			q := p + 2
			for q < len(attrs) && q-p < 30 && isASCIILetter(attrs[q]) {
				q++
			}
			e := q
			for e < len(attrs) && (isSpaceByte(attrs[e]) || attrs[e] == '\r') {
				e++
			}
			if q > p+2 && e < len(attrs) && attrs[e] == '=' {
				name := attrs[p:q]
				return "thuộc tính sự kiện " + name, name + " event attribute"
			}
		}
	}
	return "", ""
}

// unsafeScheme returns the refused scheme that the URL starting s uses,
// or "". Blanks, control characters and the quotes or "<" that may wrap a
// URL are skipped.
func unsafeScheme(s string) string {
	var b []byte
	for i := 0; i < len(s) && len(b) < len("javascript:"); i++ {
		c := s[i]
		if c <= ' ' || c == 0x7f || (len(b) == 0 && strings.IndexByte("<\"'`", c) >= 0) {
			continue
		}
		b = append(b, c)
	}
	for _, scheme := range unsafeSchemes {
		if strings.HasPrefix(string(b), scheme) {
			return scheme
		}
	}
	return ""
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

func isASCIIAlnum(c byte) bool { return isASCIILetter(c) || '0' <= c && c <= '9' }
