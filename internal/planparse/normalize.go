package planparse

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Vietnamese composition is done by hand with this small table instead of
// golang.org/x/text/unicode/norm: the module does not require x/text, and
// Vietnamese needs only 12 vowels × 6 tones × 2 cases. Each row is one vowel
// in NFC: without tone, then huyền, sắc, ngã, hỏi, nặng.
var vnRows = [12]string{
	"aàáãảạ", "ăằắẵẳặ", "âầấẫẩậ",
	"eèéẽẻẹ", "êềếễểệ",
	"iìíĩỉị",
	"oòóõỏọ", "ôồốỗổộ", "ơờớỡởợ",
	"uùúũủụ", "ưừứữửự",
	"yỳýỹỷỵ",
}

// vnRowParts gives each row's base letter and vowel modifier (circumflex,
// breve or horn) as combining marks, so NFD sequences can be recomposed.
var vnRowParts = [12]struct{ base, mod rune }{
	{'a', 0}, {'a', '\u0306'}, {'a', '\u0302'},
	{'e', 0}, {'e', '\u0302'},
	{'i', 0},
	{'o', 0}, {'o', '\u0302'}, {'o', '\u031B'},
	{'u', 0}, {'u', '\u031B'},
	{'y', 0},
}

// vnTones are the combining tone marks in row order (0: no tone).
var vnTones = [6]rune{0, '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}

// vnLetter is a Vietnamese vowel split into base letter, modifier and tone.
type vnLetter struct{ base, mod, tone rune }

var (
	vnDecompose = map[rune]vnLetter{}
	vnCompose   = map[vnLetter]rune{}
	// foldLow and foldExt map every Vietnamese letter with marks, in both
	// cases, to its bare lower-case ASCII letter (đ → d): foldLow for
	// U+0000–U+024F, foldExt for Latin Extended Additional U+1E00–U+1EFF.
	// Arrays, not a map: folding runs on every character of a plan.
	foldLow [0x250]rune
	foldExt [0x100]rune
)

func setFold(r, f rune) {
	switch {
	case r < 0x250:
		foldLow[r] = f
	case r >= 0x1E00 && r < 0x1F00:
		foldExt[r-0x1E00] = f
	}
}

func init() {
	for i, row := range vnRows {
		p := vnRowParts[i]
		j := 0
		for _, r := range row {
			lo := vnLetter{p.base, p.mod, vnTones[j]}
			up := vnLetter{unicode.ToUpper(p.base), p.mod, vnTones[j]}
			R := unicode.ToUpper(r)
			vnDecompose[r], vnCompose[lo] = lo, r
			vnDecompose[R], vnCompose[up] = up, R
			setFold(r, p.base)
			setFold(R, p.base)
			j++
		}
	}
	setFold('đ', 'd')
	setFold('Đ', 'd')
}

func isVNModifier(r rune) bool { return r == '\u0302' || r == '\u0306' || r == '\u031B' }

func isVNTone(r rune) bool {
	switch r {
	case '\u0300', '\u0301', '\u0303', '\u0309', '\u0323':
		return true
	}
	return false
}

// canonicalMark maps the deprecated tone marks U+0340/U+0341 to their
// canonical equivalents, as NFC would.
func canonicalMark(r rune) rune {
	switch r {
	case '\u0340':
		return '\u0300'
	case '\u0341':
		return '\u0301'
	}
	return r
}

// composeVN recomposes Vietnamese letters written as a base letter (possibly
// itself precomposed) followed by combining modifier and tone marks, in any
// order. Sequences that do not form a Vietnamese letter are left as they are.
func composeVN(s string) string {
	// U+0300–U+036F start with byte 0xCC or 0xCD: without them there is
	// nothing to compose.
	if strings.IndexByte(s, 0xCC) < 0 && strings.IndexByte(s, 0xCD) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		parts, ok := vnDecompose[r]
		if !ok {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		cur, j := parts, i+n
		for j < len(s) {
			m, mn := utf8.DecodeRuneInString(s[j:])
			m = canonicalMark(m)
			next := cur
			switch {
			case isVNModifier(m) && cur.mod == 0:
				next.mod = m
			case isVNTone(m) && cur.tone == 0:
				next.tone = m
			default:
				mn = 0
			}
			if mn == 0 {
				break
			}
			if _, ok := vnCompose[next]; !ok {
				break
			}
			cur, j = next, j+mn
		}
		if cur == parts {
			b.WriteString(s[i : i+n])
			i += n
			continue
		}
		b.WriteRune(vnCompose[cur])
		i = j
	}
	return b.String()
}

// Normalize prepares text for parsing: it checks that it is UTF-8 text and
// not binary, turns every line ending (CRLF, CR, U+2028, form feed) into
// "\n", every space-like character (tab, no-break space, …) into a space,
// drops zero-width characters and the BOM, composes Vietnamese letters to
// NFC and trims the end of each line. The result has one line per input line.
func Normalize(text string) (string, error) {
	if len(text) > MaxSize {
		return "", ErrTooLarge
	}
	if !utf8.ValidString(text) {
		return "", ErrNotText
	}
	var b strings.Builder
	b.Grow(len(text))
	bad, total := 0, 0
	for i := 0; i < len(text); {
		if c := text[i]; c >= 0x20 && c < 0x7F {
			// Printable ASCII, most of any text: copied as it is.
			b.WriteByte(c)
			i++
			total++
			continue
		}
		r, n := utf8.DecodeRuneInString(text[i:])
		i += n
		total++
		switch {
		case r == '\r':
			if i < len(text) && text[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\f' || r == '\v' || r == 0x85 || r == 0x2028 || r == 0x2029:
			b.WriteByte('\n')
		case r == 0:
			// A NUL byte never occurs in a text someone pasted; it does in
			// every binary format.
			return "", ErrNotText
		case r == '\t' || unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case r == 0x200B || r == 0x200C || r == 0x200D || r == 0x2060 || r == 0xFEFF ||
			r == 0x00AD || r == 0x200E || r == 0x200F || (r >= 0x202A && r <= 0x202E):
			// zero-width, soft hyphen, BOM and direction marks: invisible.
		case r >= 0xF000 && r <= 0xF0FF:
			// Word's Symbol/Wingdings bullets copied as private-use glyphs.
			b.WriteRune(symbolBullet(r))
		case unicode.IsControl(r) || r == utf8.RuneError:
			bad++
		default:
			b.WriteRune(r)
		}
	}
	// A few stray control characters are dropped; many mean binary junk.
	if bad >= 2 && bad*50 > total {
		return "", ErrNotText
	}
	s := composeVN(b.String())
	s = trimLineEnds(s)
	if strings.TrimSpace(s) == "" {
		return "", ErrEmpty
	}
	return s, nil
}

// symbolBullet maps the private-use code points of Word's symbol fonts to the
// bullet a reader sees.
func symbolBullet(r rune) rune {
	switch r {
	case 0xF0A7:
		return '▪'
	case 0xF0D8:
		return '➢'
	case 0xF0FC:
		return '✓'
	case 0xF02D:
		return '-'
	}
	return '•'
}

func trimLineEnds(s string) string {
	if !strings.Contains(s, " \n") && !strings.HasSuffix(s, " ") {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// foldRune lower-cases r and strips Vietnamese marks (đ → d), mapping one
// rune to exactly one rune so positions can be mapped back.
func foldRune(r rune) rune {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}
	switch {
	case r < 0x250:
		if f := foldLow[r]; f != 0 {
			return f
		}
	case r >= 0x1E00 && r < 0x1F00:
		if f := foldExt[r-0x1E00]; f != 0 {
			return f
		}
	}
	return unicode.ToLower(r)
}

// fold returns s lower-cased and without diacritics, for matching words the
// way Vietnamese readers do: "Luật trẻ em" matches "LUẬT TRẺ EM" and "luat tre em".
func fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		b.WriteRune(foldRune(r))
	}
	return b.String()
}

// foldedText is a folded string with, for each of its bytes, the offset of
// the corresponding byte in the original, so that a match found in the
// folded text can be cut from the original as written.
type foldedText struct {
	s   string
	off []int // len(s)+1 entries; off[len(s)] == len(original)
}

func foldOffsets(orig string) foldedText {
	var b strings.Builder
	b.Grow(len(orig))
	off := make([]int, 0, len(orig)+1)
	var buf [utf8.UTFMax]byte
	for i, r := range orig {
		f := foldRune(r)
		if f < utf8.RuneSelf {
			b.WriteByte(byte(f))
			off = append(off, i)
			continue
		}
		n := utf8.EncodeRune(buf[:], f)
		b.Write(buf[:n])
		for k := 0; k < n; k++ {
			off = append(off, i)
		}
	}
	off = append(off, len(orig))
	return foldedText{s: b.String(), off: off}
}

// orig returns the original text for the folded byte range [a, b).
func (f foldedText) orig(text string, a, b int) string {
	return text[f.off[a]:f.off[b]]
}

func runeLen(s string) int { return utf8.RuneCountInString(s) }

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// isUpperLine reports whether s has letters and none of them lower-case,
// as header blocks ("ỦY BAN NHÂN DÂN") are written.
func isUpperLine(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			letters++
		}
	}
	return letters >= 2
}

// endsSentence reports whether a line ends a sentence or a clause, so that
// the next line cannot be its wrapped continuation.
func endsSentence(s string) bool {
	s = strings.TrimRight(s, " \"”’'»")
	switch lastRune(s) {
	case '.', ';', ':', '!', '?', '…':
		return true
	}
	return false
}
