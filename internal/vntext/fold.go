// Package vntext holds the Vietnamese text rules the rest of tebdg relies on:
// folding for search, one spelling for tone placement, URL slugs, and the
// Vietnamese way of writing numbers, money and dates.
//
// Everything here is pure: no I/O, no global state that callers can change.
package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// foldTableSize bounds the rune table. It reaches past U+1EFF, where the
// precomposed Vietnamese letters live, and through General Punctuation
// (U+2000–U+206F), where the odd spaces and zero-width characters that come
// with text pasted from Word and web pages live. Runes above it are rare in
// our text and take a slower path.
const foldTableSize = 0x2070

// foldDrop marks table entries whose rune disappears from folded text.
// U+FFFF is a noncharacter, never meant to appear in text, so it is free
// for this use (and is itself dropped).
const foldDrop = 0xFFFF

// foldTable maps each rune below foldTableSize to its folded rune (uint16 is
// enough: every lower-case form of a rune in range is below U+FFFF, which
// init checks). It halves the table to 16 KB so the hot part stays in cache.
var foldTable [foldTableSize]uint16

func init() {
	for r := rune(0); r < foldTableSize; r++ {
		f := foldSlow(r)
		if f != foldDrop && (f < 0 || f >= foldDrop) {
			// A Unicode upgrade could in theory break the uint16 assumption;
			// failing loudly at start-up beats folding wrongly forever.
			panic("vntext: fold table cannot hold the lower case of " + string(r))
		}
		foldTable[r] = uint16(f)
	}
}

// isFoldedMark reports whether r is a combining diacritic that folding
// removes. This is what makes NFD input (a letter followed by its marks) fold
// like NFC input. The overlays U+0334–U+0338 are kept: they are not accents
// but change meaning ("=" + U+0338 is "≠").
func isFoldedMark(r rune) bool {
	switch {
	case r >= 0x0300 && r <= 0x036F:
		return r < 0x0334 || r > 0x0338
	case r >= 0x1AB0 && r <= 0x1AFF, r >= 0x1DC0 && r <= 0x1DFF:
		return true
	}
	return false
}

// isInvisible reports whether r is a zero-width character that folding
// drops. Such characters arrive inside words from copy and paste and would
// otherwise make "trẻ" and "tr\u200bẻ" different search terms.
func isInvisible(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return false
}

// foldSlow computes the folded form of one rune from the Unicode tables. It
// builds foldTable and serves runes above it. It returns ' ' for every kind
// of space (so the caller can collapse runs) and foldDrop for runes that
// vanish.
func foldSlow(r rune) rune {
	switch {
	case unicode.IsSpace(r):
		return ' '
	case isInvisible(r) || isFoldedMark(r):
		return foldDrop
	case r == 'đ' || r == 'Đ':
		// Đ is a letter of its own with a stroke, not d plus a mark, so
		// Unicode has no decomposition for it; everyone searching in
		// Vietnamese nevertheless types it as d.
		return 'd'
	}
	l := unicode.ToLower(r)
	// A rune whose canonical decomposition is a base followed only by
	// diacritics folds to that base: ấ → a, ư → u, and also é, ü, å, so a
	// foreign name folds the same whether typed precomposed or not (the base
	// need not be a letter: Greek ΅ is ¨ with an accent, and its NFD form
	// folds to ¨).
	var buf [utf8.UTFMax]byte
	n := utf8.EncodeRune(buf[:], l)
	dec := norm.NFD.Properties(buf[:n]).Decomposition()
	if len(dec) == 0 {
		return l
	}
	base, size := utf8.DecodeRune(dec)
	for rest := dec[size:]; len(rest) > 0; {
		m, sz := utf8.DecodeRune(rest)
		if !isFoldedMark(m) {
			return l
		}
		rest = rest[sz:]
	}
	return unicode.ToLower(base)
}

// foldRune is the per-rune step of Fold.
func foldRune(r rune) rune {
	if r < foldTableSize {
		return rune(foldTable[r])
	}
	switch {
	case unicode.IsSpace(r):
		return ' '
	case isInvisible(r):
		return foldDrop
	}
	// Some runes above the table lower-case into it: the Kelvin sign K to k,
	// the Ångström sign Å to å, which must then lose its ring like any å.
	l := unicode.ToLower(r)
	if l < foldTableSize {
		return rune(foldTable[l])
	}
	return l
}

// Fold returns s in the form used to compare text in search: lower case,
// without any tone or vowel mark (ă â ê ô ơ ư and the five tones on every
// vowel, upper and lower case), with đ and Đ as d, with every run of white
// space (including no-break and other Unicode spaces) as one ASCII space and
// none at either end. Zero-width characters are removed. Punctuation is kept,
// since callers tokenize in their own way.
//
// NFC and NFD input fold alike, so text typed on any keyboard matches:
// Fold("Đuối Nước") == "duoi nuoc", and "Hoà Bình" and "Hòa Bình" both fold
// to "hoa binh". Invalid UTF-8 bytes become U+FFFD.
//
// Fold looks each rune up in a table and allocates at most once; text that is
// already folded is returned without allocating.
func Fold(s string) string {
	if isFolded(s) {
		return s
	}
	var b strings.Builder
	// Folding shrinks Vietnamese text (a 3-byte ấ becomes a 1-byte a), so
	// len(s) is nearly always enough; the rare rune whose lower case is
	// longer in UTF-8 only costs a regrowth.
	b.Grow(len(s))
	space := false
	for _, r := range s {
		f := foldRune(r)
		switch f {
		case foldDrop:
			continue
		case ' ':
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		if f < utf8.RuneSelf {
			b.WriteByte(byte(f))
		} else {
			b.WriteRune(f)
		}
	}
	return b.String()
}

// isFolded reports whether s is plain ASCII that Fold would return
// unchanged. Search terms and identifiers often are, and then Fold costs a
// single scan and no allocation.
func isFolded(s string) bool {
	prevSpace := true // a leading space is not folded
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf, c >= 'A' && c <= 'Z':
			return false
		case c == ' ':
			if prevSpace {
				return false
			}
			prevSpace = true
		case c == '\t', c == '\n', c == '\v', c == '\f', c == '\r':
			return false
		default:
			prevSpace = false
		}
	}
	return len(s) == 0 || !prevSpace
}

// Tokens folds s and splits it into words: maximal runs of letters and
// digits (combining marks that Fold keeps, as in scripts other than Latin,
// stay with their letter). Everything else separates words, so
// Tokens("240/LĐTBXH-TE&BĐG") is ["240" "ldtbxh" "te" "bdg"]. A text without
// any word gives an empty slice.
func Tokens(s string) []string {
	f := Fold(s)
	// The tokens are substrings of f, so the slice is the only other
	// allocation; words are mostly separated by single spaces, which gives
	// its usual size.
	out := make([]string, 0, strings.Count(f, " ")+1)
	start := -1 // byte offset of the current token, or -1 between tokens
	for i := 0; i < len(f); {
		r, size := rune(f[i]), 1
		if r >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(f[i:])
		}
		switch sep := isTokenSeparator(r); {
		case sep && start >= 0:
			out = append(out, f[start:i])
			start = -1
		case !sep && start < 0:
			start = i
		}
		i += size
	}
	if start >= 0 {
		out = append(out, f[start:])
	}
	return out
}

func isTokenSeparator(r rune) bool {
	if r < utf8.RuneSelf {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}
	return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
}
