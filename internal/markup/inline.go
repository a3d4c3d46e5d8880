package markup

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// inline writes inline source as HTML, or as plain text when html is false.
// Every tag it opens it closes before returning, so nesting is always
// proper whatever the source.
type inline struct {
	b      *strings.Builder
	html   bool
	inLink bool // inside link text: no nested links or autolinks
}

func (in *inline) text(s string) {
	if in.html {
		escape(in.b, s)
	} else {
		in.b.WriteString(s)
	}
}

func (in *inline) tag(s string) {
	if in.html {
		in.b.WriteString(s)
	}
}

// wrap writes s between the tags open and close, parsed one level deeper.
func (in *inline) wrap(open, s, closeTag string, depth int) {
	in.tag(open)
	in.run(s, depth+1)
	in.tag(closeTag)
}

// run parses and writes s. Literal text accumulates from start and is
// written whenever a construct begins.
func (in *inline) run(s string, depth int) {
	var (
		start  int
		sc     scan
		flush  = func(i int) { in.text(s[start:i]) }
		active = depth < maxInlineDepth
	)
	if active {
		sc.init(s)
	}
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]):
			flush(i)
			start = i + 1 // the escaped character starts the next literal run
			i += 2
			continue
		case c == '\n':
			flush(i)
			if in.html {
				in.b.WriteString("<br>\n")
			} else {
				in.b.WriteString("\n")
			}
			i++
			start = i
			continue
		case !active:
		case c == '`':
			n := runLen(s, i)
			if end := sc.codeEnd(i+n, n); end >= 0 {
				flush(i)
				in.tag("<code>")
				in.text(codeText(s[i+n : end]))
				in.tag("</code>")
				i = end + n
				start = i
			} else {
				i += n
			}
			continue
		case c == '*' || c == '_':
			if j, ok := in.emphasis(s, i, &sc, depth, flush); ok {
				i, start = j, j
				continue
			}
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			if text, dest, end, ok := sc.link(s, i+1); ok {
				flush(i)
				alt := plain(text)
				if u, safe := safeURL(dest); safe && in.html {
					in.b.WriteString(`<img src="`)
					escape(in.b, u)
					in.b.WriteString(`" alt="`)
					escape(in.b, alt)
					in.b.WriteString(`" loading="lazy">`)
				} else {
					in.text(alt) // plain text, or an image whose URL is refused
				}
				i, start = end, end
				continue
			}
		case c == '[' && !in.inLink:
			if text, dest, end, ok := sc.link(s, i); ok {
				flush(i)
				in.link(text, dest, depth)
				i, start = end, end
				continue
			}
		case (c == 'h' || c == 'H') && !in.inLink:
			if end := autolinkEnd(s, i); end > i {
				flush(i)
				in.link("", s[i:end], depth)
				i, start = end, end
				continue
			}
		}
		i++
	}
	flush(len(s))
}

// link writes a link to dest showing text, or showing dest itself, as
// typed, when text is empty (bare URLs and "[](…)"). A URL that is not
// allowed leaves only what would have been shown.
func (in *inline) link(text, dest string, depth int) {
	u, safe := safeURL(dest)
	if safe && in.html {
		in.b.WriteString(`<a href="`)
		escape(in.b, u)
		if hasPrefixFold(u, "http") {
			// The link leaves the portal: the other site learns neither
			// the post it came from nor gets a handle on this window.
			in.b.WriteString(`" rel="noopener noreferrer">`)
		} else {
			in.b.WriteString(`">`)
		}
	}
	if text == "" {
		in.text(dest)
	} else {
		in.inLink = true
		in.run(text, depth+1)
		in.inLink = false
	}
	if safe && in.html {
		in.b.WriteString("</a>")
	}
}

// emphasis writes **strong**, __strong__, *em* or _em_ opening at i and
// returns the index after its closer, or false when i opens nothing.
// Underscores inside a word (file_name) never open or close emphasis.
func (in *inline) emphasis(s string, i int, sc *scan, depth int, flush func(int)) (int, bool) {
	c := s[i]
	if c == '_' && i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) {
			return 0, false
		}
	}
	width := 1
	if runLen(s, i) >= 2 {
		width = 2
	}
	if i+width >= len(s) || isSpaceByte(s[i+width]) {
		return 0, false
	}
	end := sc.emphasisEnd(i+width, c, width)
	if end < 0 {
		return 0, false
	}
	flush(i)
	if width == 2 {
		in.wrap("<strong>", s[i+2:end], "</strong>", depth)
	} else {
		in.wrap("<em>", s[i+1:end], "</em>", depth)
	}
	return end + width, true
}

// scan holds what run learns about s once, so that a body full of
// unmatched "*", "`" or "[" costs linear time rather than quadratic.
type scan struct {
	s        string
	closeOf  []int        // index of the "]" or ")" matching each "[" or "(", or -1
	noCloser map[int]bool // delimiter kinds known to have no closer further on
}

func (sc *scan) init(s string) {
	sc.s = s
	if !strings.ContainsAny(s, "[(") {
		return
	}
	sc.closeOf = make([]int, len(s))
	var brackets, parens []int
	for i := 0; i < len(s); i++ {
		sc.closeOf[i] = -1
		switch s[i] {
		case '\\':
			if i+1 < len(s) {
				i++
				sc.closeOf[i] = -1
			}
		case '\n':
			parens = parens[:0] // a URL never spans lines
		case '[':
			brackets = append(brackets, i)
		case '(':
			parens = append(parens, i)
		case ']':
			if n := len(brackets); n > 0 {
				sc.closeOf[brackets[n-1]] = i
				brackets = brackets[:n-1]
			}
		case ')':
			if n := len(parens); n > 0 {
				sc.closeOf[parens[n-1]] = i
				parens = parens[:n-1]
			}
		}
	}
}

// link reads [text](dest) with "[" at i and returns its parts and the index
// after it.
func (sc *scan) link(s string, i int) (text, dest string, end int, ok bool) {
	if sc.closeOf == nil || sc.closeOf[i] < 0 {
		return "", "", 0, false
	}
	k := sc.closeOf[i]
	if k+1 >= len(s) || s[k+1] != '(' || sc.closeOf[k+1] < 0 {
		return "", "", 0, false
	}
	m := sc.closeOf[k+1]
	dest = strings.TrimSpace(s[k+2 : m])
	if strings.HasPrefix(dest, "<") && strings.Contains(dest, ">") {
		dest = dest[1:strings.IndexByte(dest, '>')]
	} else if f := strings.Fields(dest); len(f) > 0 {
		dest = f[0] // what follows is a title, which is not shown
	}
	return s[i+1 : k], unescapePunct(dest), m + 1, true
}

// isASCIIPunct reports the characters a backslash may escape.
func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

func unescapePunct(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && isASCIIPunct(s[i+1]) {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

func runLen(s string, i int) int {
	n := 1
	for i+n < len(s) && s[i+n] == s[i] {
		n++
	}
	return n
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' }

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// codeText is the content of a code span: line breaks become spaces and
// one space of padding on each side is dropped, so that a span holding a
// backtick can be written with a double-backtick fence and blanks.
func codeText(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) >= 2 && s[0] == ' ' && s[len(s)-1] == ' ' && strings.Trim(s, " ") != "" {
		s = s[1 : len(s)-1]
	}
	return s
}

// codeEnd returns the start of the run of exactly n backticks after from
// that closes a code span, or -1.
func (sc *scan) codeEnd(from, n int) int {
	if sc.noCloser[n] {
		return -1
	}
	s := sc.s
	for j := from; j < len(s); {
		if s[j] != '`' {
			j++
			continue
		}
		m := runLen(s, j)
		if m == n {
			return j
		}
		j += m
	}
	sc.failed(n)
	return -1
}

// emphasisEnd returns the index of the closer of width (1 or 2) for
// delimiter c whose content starts at from, or -1. A closer follows a
// non-blank; an underscore closer is not followed by a letter or digit.
// Code spans are skipped, since their content is literal.
func (sc *scan) emphasisEnd(from int, c byte, width int) int {
	key := -(int(c)<<2 | width) // negative keys, apart from code spans' lengths
	if sc.noCloser[key] {
		return -1
	}
	s := sc.s
	for j := from; j < len(s); {
		switch s[j] {
		case '\\':
			j += 2
			continue
		case '`':
			n := runLen(s, j)
			if e := sc.codeEnd(j+n, n); e >= 0 {
				j = e + n
			} else {
				j += n
			}
			continue
		case c:
			n := runLen(s, j)
			if j > from && !isSpaceByte(s[j-1]) && (n == width || (width == 2 && n > 2)) {
				if r, _ := utf8.DecodeRuneInString(s[j+n:]); c != '_' || !isWordRune(r) {
					// Of a longer run, the last two close, so that in
					// "**a *b***" the em closes first.
					return j + n - width
				}
			}
			j += n
			continue
		}
		j++
	}
	sc.failed(key)
	return -1
}

// failed records that the delimiter kind has no closer from here on; a
// later search, starting further on, would find none either.
func (sc *scan) failed(key int) {
	if sc.noCloser == nil {
		sc.noCloser = map[int]bool{}
	}
	sc.noCloser[key] = true
}

// autolinkEnd returns the end of a bare http(s) URL starting at i, or -1.
// Trailing punctuation belongs to the sentence, and a closing parenthesis
// only to the URL when the URL opened one, as in Wikipedia links.
func autolinkEnd(s string, i int) int {
	if i > 0 {
		if r, _ := utf8.DecodeLastRuneInString(s[:i]); isWordRune(r) {
			return -1
		}
	}
	n := 0
	switch {
	case hasPrefixFold(s[i:], "https://"):
		n = 8
	case hasPrefixFold(s[i:], "http://"):
		n = 7
	default:
		return -1
	}
	end, opens, closes := i+n, 0, 0
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if unicode.IsSpace(r) || r == '<' || r == '>' || r == '"' || r == '`' {
			break
		}
		switch r {
		case '(':
			opens++
		case ')':
			closes++
		}
		end += size
	}
	for end > i+n {
		c := s[end-1]
		if strings.IndexByte(".,;:!?'*_]", c) >= 0 || (c == ')' && closes > opens) {
			if c == ')' {
				closes--
			}
			end--
			continue
		}
		break
	}
	if end == i+n || s[i+n] == '/' {
		return -1
	}
	return end
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// safeURL returns the URL to write for dest and whether it is allowed:
// http(s) with a host, mailto:, tel:, or a path on this site. Browsers
// ignore tabs and newlines inside a URL and blanks around it, so those go
// before the scheme is read; "java\tscript:" is then plainly refused.
func safeURL(dest string) (string, bool) {
	u := strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, dest)
	u = strings.TrimFunc(u, unicode.IsSpace)
	if u == "" {
		return "", false
	}
	if u[0] == '/' {
		// "//host" and "/\host" both lead to another site.
		return u, len(u) == 1 || (u[1] != '/' && u[1] != '\\')
	}
	colon := strings.IndexByte(u, ':')
	if colon < 0 {
		return "", false
	}
	rest := u[colon+1:]
	switch strings.ToLower(u[:colon]) {
	case "http", "https":
		return u, strings.HasPrefix(rest, "//") && len(rest) > 2 && rest[2] != '/' && rest[2] != '\\'
	case "mailto", "tel":
		return u, rest != ""
	}
	return "", false
}
