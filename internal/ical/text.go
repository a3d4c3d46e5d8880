package ical

import (
	"io"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxLine is the longest a physical line may be, in octets and without its
// CRLF, as RFC 5545 §3.1 asks of every feed.
const maxLine = 75

// flushAt is how many bytes the encoder gathers before writing them, so
// that a feed of a thousand events takes a few dozen writes, not thousands.
const flushAt = 32 << 10

// encoder builds content lines and writes them folded. The first error of w
// is kept and stops further writes.
type encoder struct {
	w    io.Writer
	line []byte // the content line being built, unfolded
	buf  []byte // folded lines not yet written
	err  error
}

// begin starts a content line with name, which may carry parameters
// ("DTSTART;VALUE=DATE").
func (e *encoder) begin(name string) {
	e.line = append(append(e.line[:0], name...), ':')
}

// end folds the line begun and queues it.
func (e *encoder) end() {
	e.buf = appendFolded(e.buf, e.line)
	if len(e.buf) >= flushAt {
		e.flush()
	}
}

func (e *encoder) flush() {
	if e.err == nil && len(e.buf) > 0 {
		_, e.err = e.w.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

// raw writes a line whose value is written as is: the package's own
// keywords and numbers.
func (e *encoder) raw(name, value string) {
	e.begin(name)
	e.line = append(e.line, value...)
	e.end()
}

// text writes a line whose value is TEXT.
func (e *encoder) text(name, value string) {
	e.begin(name)
	e.line = appendText(e.line, value)
	e.end()
}

// local writes t as a local time of Asia/Ho_Chi_Minh; name carries the
// TZID parameter.
func (e *encoder) local(name string, t time.Time) {
	e.begin(name)
	e.line = t.In(vietnam).AppendFormat(e.line, localTime)
	e.end()
}

// utc writes t in UTC.
func (e *encoder) utc(name string, t time.Time) {
	e.begin(name)
	e.line = t.UTC().AppendFormat(e.line, utcTime)
	e.end()
}

// dropped reports whether r is left out of text: the control characters,
// which RFC 5545 does not allow in a value, except newline (kept as a line
// break) and tab.
func dropped(r rune) bool {
	return r != '\n' && r != '\t' && unicode.IsControl(r)
}

// blank reports whether s has nothing to show once written: it is empty or
// holds only white space and dropped characters.
func blank(s string) bool {
	for _, r := range s {
		if !dropped(r) && !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// appendText appends s as a TEXT value (RFC 5545 §3.3.11): backslash,
// semicolon and comma are escaped with a backslash, newline is written
// "\n", other control characters are dropped, and each byte that is not
// UTF-8 becomes U+FFFD.
func appendText(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			switch {
			case c == '\\' || c == ';' || c == ',':
				dst = append(dst, '\\', c)
			case c == '\n':
				dst = append(dst, '\\', 'n')
			case !dropped(rune(c)):
				dst = append(dst, c)
			}
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = utf8.AppendRune(dst, utf8.RuneError)
		case !dropped(r):
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// appendURI appends s as a URI value, which has no escapes: every control
// character is dropped, newline and tab too, and each byte that is not
// UTF-8 becomes U+FFFD.
func appendURI(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			dst = utf8.AppendRune(dst, utf8.RuneError)
		case !unicode.IsControl(r):
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// appendFolded appends line, which must be UTF-8, with its CRLF, folded
// (RFC 5545 §3.1) so that no physical line is longer than maxLine octets:
// each continuation line starts with a space, which counts in its length
// and which unfolding removes.
//
// A fold never splits a character. It also avoids, where it can, falling
// next to white space, just after a backslash or before a combining mark
// (Vietnamese typed on some systems carries its tone marks as separate
// characters). Unfolding the RFC's way
// gives the same text wherever the fold falls, but a client that trimmed
// the ends of physical lines, or unescaped them before unfolding, would
// lose or garble nothing at a fold between two plain characters.
func appendFolded(dst, line []byte) []byte {
	limit := maxLine
	for len(line) > limit {
		n := foldAt(line, limit)
		dst = append(dst, line[:n]...)
		dst = append(dst, '\r', '\n', ' ')
		line = line[n:]
		limit = maxLine - 1
	}
	dst = append(dst, line...)
	return append(dst, '\r', '\n')
}

// foldAt returns where to fold line, longer than limit: the best place
// among the last few up to limit, else the last character boundary.
func foldAt(line []byte, limit int) int {
	const lookBack = 8
	for n := limit; n > 0 && n > limit-lookBack; n-- {
		if utf8.RuneStart(line[n]) && !space(line[n]) && !space(line[n-1]) && line[n-1] != '\\' && !mark(line[n:]) {
			return n
		}
	}
	for n := limit; n > 0; n-- {
		if utf8.RuneStart(line[n]) {
			return n
		}
	}
	return limit // not UTF-8; cannot happen with what the encoder builds
}

func space(c byte) bool { return c == ' ' || c == '\t' }

// mark reports whether b starts with a combining mark.
func mark(b []byte) bool {
	r, _ := utf8.DecodeRune(b)
	return unicode.Is(unicode.Mn, r)
}
