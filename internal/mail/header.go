package mail

import (
	"bytes"
	"encoding/base64"
	"strings"
	"unicode/utf8"
)

// Line and word limits of RFC 5322 and RFC 2047.
const (
	maxLine = 78 // a header line, without its CRLF
	maxWord = 75 // an encoded word
	// minWord is the longest an encoded word of a single character can be
	// (four UTF-8 bytes, Q-encoded); with less room left on a line the
	// next word starts a new one.
	minWord = len(wordPrefix) + 4*3 + len(wordSuffix)
)

const (
	wordPrefix = "=?utf-8?x?" // x: b or q
	wordSuffix = "?="
)

// header writes header fields, each word preceded by folding white space
// that becomes a line break when the word would pass column 78. A receiver
// unfolds the break back into a single space.
type header struct {
	b    bytes.Buffer
	col  int  // bytes on the current line
	bare bool // the current line holds only the field name
}

func (h *header) begin(name string) {
	h.b.WriteString(name)
	h.b.WriteByte(':')
	h.col = len(name) + 1
	h.bare = true
}

func (h *header) end() { h.b.WriteString("\r\n") }

// field writes a header whose value is one unbreakable word.
func (h *header) field(name, value string) {
	h.begin(name)
	h.word(value)
	h.end()
}

// room is how long a word may be and still fit on the current line after
// its space.
func (h *header) room() int { return maxLine - h.col - 1 }

// word writes a space and w, folding first when w does not fit. A word too
// long for any line is written whole: a long address is better than a
// broken one.
func (h *header) word(w string) {
	if len(w) > h.room() && !h.bare {
		h.b.WriteString("\r\n")
		h.col = 0
	}
	h.b.WriteByte(' ')
	h.b.WriteString(w)
	h.col += 1 + len(w)
	h.bare = false
}

// text writes an unstructured value such as the subject. Plain ASCII that a
// receiver reads back unchanged is written as it is; anything else, and
// Vietnamese above all, as encoded words.
func (h *header) text(s string) {
	if !plainText(s, h.room()) {
		h.encoded(s)
		return
	}
	for _, w := range strings.Split(s, " ") {
		h.word(w)
	}
}

// plainText reports whether s can go into an unstructured header as it is
// and come back unchanged: printable ASCII whose words are separated by
// single spaces (folding turns any run of white space into one), with no
// "=?" that a receiver would take for an encoded word, and whose words each
// fit on a line; the first must fit in first, the room left on the
// current one.
func plainText(s string, first int) bool {
	if s == "" || strings.Contains(s, "=?") || strings.ContainsRune(s, '\t') || !printable(s) {
		return false
	}
	for i, w := range strings.Split(s, " ") {
		if w == "" || len(w) > maxLine-1 || (i == 0 && len(w) > first) {
			return false
		}
	}
	return true
}

// phrase writes a display name: as atoms when it is made of them, as one
// quoted string when it is other printable ASCII, otherwise as encoded
// words.
func (h *header) phrase(s string) {
	switch {
	case s == "":
	case atoms(s):
		for _, w := range strings.Split(s, " ") {
			h.word(w)
		}
	case printable(s) && !strings.ContainsRune(s, '\t') && len(quoted(s)) <= maxLine-1:
		h.word(quoted(s))
	default:
		h.encoded(s)
	}
}

// quoted returns s as an RFC 5322 quoted string.
func quoted(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// atoms reports whether s is words of RFC 5322 atext separated by single
// spaces, each short enough for a line. '=' and '?' are left out so that no
// word can pass for an encoded one.
func atoms(s string) bool {
	for _, w := range strings.Split(s, " ") {
		if w == "" || len(w) > maxLine-2 {
			return false
		}
		for i := 0; i < len(w); i++ {
			if !isAtext(w[i]) {
				return false
			}
		}
	}
	return true
}

func isAtext(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("!#$%&'*+-/^_`{|}~", c) >= 0
}

// addresses writes an address list, one mailbox after another, folding
// between them.
func (h *header) addresses(name string, list []Address) {
	h.begin(name)
	for i, a := range list {
		h.phrase(valid(a.Name))
		w := a.Email
		if a.Name != "" {
			w = "<" + w + ">"
		}
		if i < len(list)-1 {
			w += ","
		}
		h.word(w)
	}
	h.end()
}

// raw writes an extra header's value as given, folding only at single
// spaces between words so that a receiver unfolds it to the same text.
func (h *header) raw(s string) {
	parts := strings.Split(s, " ")
	chunk := parts[0]
	for i := 1; i < len(parts); i++ {
		if parts[i-1] != "" && parts[i] != "" {
			h.word(chunk)
			chunk = parts[i]
			continue
		}
		chunk += " " + parts[i]
	}
	h.word(chunk)
}

// encoded writes s as UTF-8 encoded words, each as long as the room left on
// its line allows, split between characters, never inside one, as RFC 2047
// asks. It picks the shorter of the two encodings for the whole text: Q
// keeps mostly-ASCII text readable, B is shorter for Vietnamese.
func (h *header) encoded(s string) {
	enc := byte('b')
	if qLen(s) <= bLen(len(s)) {
		enc = 'q'
	}
	for s != "" {
		limit := min(h.room(), maxWord)
		if limit < minWord {
			limit = maxWord // the word goes onto a new line
		}
		n := fit(s, enc, limit-len(wordPrefix)-len(wordSuffix))
		h.word(encodeWord(s[:n], enc))
		s = s[n:]
	}
}

// fit returns how many bytes of s, in whole characters, encode into at most
// room bytes; at least one character, which minWord leaves room for.
func fit(s string, enc byte, room int) int {
	n, used := 0, 0
	for n < len(s) {
		_, size := utf8.DecodeRuneInString(s[n:])
		if enc == 'b' {
			used = bLen(n + size)
		} else {
			used += qLen(s[n : n+size])
		}
		if used > room && n > 0 {
			break
		}
		n += size
	}
	return n
}

func encodeWord(s string, enc byte) string {
	var b strings.Builder
	b.WriteString("=?utf-8?")
	b.WriteByte(enc)
	b.WriteByte('?')
	if enc == 'b' {
		b.WriteString(base64.StdEncoding.EncodeToString([]byte(s)))
	} else {
		const hexDigits = "0123456789ABCDEF"
		for i := 0; i < len(s); i++ {
			switch c := s[i]; {
			case c == ' ':
				b.WriteByte('_')
			case qSafe(c):
				b.WriteByte(c)
			default:
				b.WriteByte('=')
				b.WriteByte(hexDigits[c>>4])
				b.WriteByte(hexDigits[c&15])
			}
		}
	}
	b.WriteString(wordSuffix)
	return b.String()
}

// qSafe reports whether c may stand for itself in a Q-encoded word in any
// header, a display name included (RFC 2047, section 5).
func qSafe(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '!' || c == '*' || c == '+' || c == '-' || c == '/'
}

// qLen is the Q-encoded length of s.
func qLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' || qSafe(s[i]) {
			n++
		} else {
			n += 3
		}
	}
	return n
}

// bLen is the B-encoded (base64) length of n bytes.
func bLen(n int) int { return (n + 2) / 3 * 4 }
