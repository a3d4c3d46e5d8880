package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The five tone marks and three vowel marks of Vietnamese, as combining
// characters (what NFD yields).
const (
	toneGrave      = '\u0300' // huyền: à
	toneAcute      = '\u0301' // sắc: á
	toneTilde      = '\u0303' // ngã: ã
	toneHook       = '\u0309' // hỏi: ả
	toneDotBelow   = '\u0323' // nặng: ạ
	markCircumflex = '\u0302' // â ê ô
	markBreve      = '\u0306' // ă
	markHorn       = '\u031B' // ơ ư
)

// modernTones selects the placement rule for the open syllables oa, oe, uy:
// true puts the tone on the second vowel (hoà, khoẻ, thuý), false on the
// first (hòa, khỏe, thúy). It is a constant so the choice is made once, here,
// and is easy to reverse if the project settles on the other style.
const modernTones = true

// NormalizeTones returns s in NFC with the tone mark of every Vietnamese
// syllable placed by one rule, so that texts typed in either of the two
// styles in use compare and display alike: "hòa" and "hoà" both become
// "hoà", "thúy"/"thuý" become "thuý", "khỏe"/"khoẻ" become "khoẻ".
//
// The rule is the one the Ministry of Education and Training set for school
// books in 2018 (Decision 1989/QĐ-BGDĐT): the tone goes on the main vowel of
// the rhyme. In practice, for the vowels of a syllable after its initial
// consonant:
//
//   - a single vowel carries it: má, quý (qu is the initial), giá (gi is
//     the initial), gìn (here i is the vowel, as nothing follows it but n);
//   - otherwise a vowel with its own mark (ă â ê ô ơ ư) carries it, the last
//     one if there are two: tuần, người, nguyễn, thuở, cứu, lửa;
//   - otherwise in three vowels the middle one: ngoài, khuỷu, xoáy;
//   - otherwise, with a final consonant, the second vowel: hoàn, huýt;
//   - otherwise in oa, oe and uy the second vowel, as the first is only a
//     glide before the main vowel: hoà, khoẻ, thuý, uỷ;
//   - otherwise the first vowel: mái, cháu, của, mía, túi.
//
// Upper case is kept letter by letter ("HÒA" → "HOÀ"). A word that is not a
// well-formed Vietnamese syllable (a foreign word such as "café", a word
// with two tone marks, letters Vietnamese does not use) is only put in NFC.
// Invalid UTF-8 bytes become U+FFFD.
func NormalizeTones(s string) string {
	if isASCII(s) {
		return s // no marks at all, and ASCII is already NFC
	}
	var b strings.Builder
	b.Grow(len(s))
	start := -1   // byte offset of the word being collected, or -1
	plain := true // the word so far is ASCII, so it has no tone to move
	for i, r := range s {
		inWord := r < utf8.RuneSelf && ('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') ||
			r >= utf8.RuneSelf && (unicode.IsLetter(r) || start >= 0 && unicode.Is(unicode.Mn, r))
		switch {
		case inWord && start < 0:
			start, plain = i, true
		case !inWord && start >= 0:
			writeWord(&b, s[start:i], plain)
			start = -1
		}
		if inWord {
			plain = plain && r < utf8.RuneSelf
		} else {
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		writeWord(&b, s[start:], plain)
	}
	out := b.String()
	// Words are rewritten precomposed, so text that came in NFC is still
	// NFC and skips the (comparatively slow) normalizer; anything else, such
	// as foreign words in NFD, is put in NFC here.
	if !norm.NFC.IsNormalString(out) {
		out = norm.NFC.String(out)
	}
	return out
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// letterParts is a Vietnamese letter taken apart: its base letter (as
// written, upper or lower case), vowel mark and tone mark (0 for none).
type letterParts struct{ base, mark, tone rune }

// Tables between precomposed Vietnamese letters and their parts. They are
// built from the Unicode tables at start-up rather than typed in, so no
// letter can be missing or mistyped. Working on letters directly, instead of
// decomposing the whole text with the normalizer, makes NormalizeTones
// several times faster.
var (
	decomposeLetter = map[rune]letterParts{}
	composeLetter   = map[letterParts]rune{}
)

func init() {
	tones := []rune{0, toneGrave, toneAcute, toneTilde, toneHook, toneDotBelow}
	for _, base := range "aAeEiIoOuUyY" {
		for _, mark := range []rune{0, markCircumflex, markBreve, markHorn} {
			if mark != 0 && !takesMark(unicode.ToLower(base), mark) {
				continue
			}
			for _, tone := range tones {
				seq := []rune{base}
				for _, m := range []rune{mark, tone} {
					if m != 0 {
						seq = append(seq, m)
					}
				}
				c := []rune(norm.NFC.String(string(seq)))
				if len(c) != 1 {
					panic("vntext: no precomposed form for " + string(seq))
				}
				p := letterParts{base, mark, tone}
				composeLetter[p] = c[0]
				if c[0] != base {
					decomposeLetter[c[0]] = p
				}
			}
		}
	}
}

// letter is one letter of a word, with its parts and its lower-case base
// for the spelling rules.
type letter struct {
	letterParts
	lower rune
}

// writeWord writes word with its tone moved to the place the rule gives,
// every letter precomposed, or unchanged when it is not a Vietnamese
// syllable with a tone. plain says the word is ASCII, and so has no tone.
func writeWord(b *strings.Builder, word string, plain bool) {
	if plain {
		b.WriteString(word)
		return
	}
	var buf [8]letter // longest real syllable is 7 letters (nghiêng)
	letters, tone, ok := splitLetters(word, buf[:0])
	if !ok || tone == 0 {
		b.WriteString(word)
		return
	}
	at, ok := tonePosition(letters)
	if !ok {
		b.WriteString(word)
		return
	}
	for i, l := range letters {
		p := l.letterParts
		p.tone = 0
		if i == at {
			p.tone = tone
		}
		if p.mark == 0 && p.tone == 0 {
			b.WriteRune(p.base)
		} else {
			b.WriteRune(composeLetter[p]) // present: splitLetters checked the parts
		}
	}
}

// splitLetters takes a word apart into letters, whether its letters are
// precomposed, decomposed or a mix (and with marks in any order). It fails
// on anything a Vietnamese syllable cannot hold: too many letters, a letter
// or mark Vietnamese does not use, a mark on a letter that cannot carry it,
// or two tones.
func splitLetters(word string, letters []letter) (_ []letter, tone rune, ok bool) {
	for _, r := range word {
		var p letterParts
		switch {
		case r < utf8.RuneSelf || r == 'đ' || r == 'Đ':
			p.base = r
		case decomposeLetter[r].base != 0:
			p = decomposeLetter[r]
		case unicode.IsLetter(r):
			return nil, 0, false // a letter Vietnamese does not use
		default:
			// A combining mark for the letter before it.
			if len(letters) == 0 {
				return nil, 0, false
			}
			l := &letters[len(letters)-1]
			switch r {
			case markCircumflex, markBreve, markHorn:
				if l.mark != 0 || !takesMark(l.lower, r) {
					return nil, 0, false
				}
				l.mark = r
			case toneGrave, toneAcute, toneTilde, toneHook, toneDotBelow:
				if tone != 0 || !isVowel(l.lower) {
					return nil, 0, false
				}
				l.tone = r
				tone = r
			default:
				return nil, 0, false
			}
			continue
		}
		if len(letters) == cap(letters) {
			return nil, 0, false
		}
		if p.tone != 0 {
			if tone != 0 {
				return nil, 0, false
			}
			tone = p.tone
		}
		letters = append(letters, letter{p, unicode.ToLower(p.base)})
	}
	return letters, tone, true
}

func isVowel(r rune) bool {
	switch r {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// takesMark reports whether Vietnamese writes vowel mark m on base letter r:
// ă â, ê, ô ơ, ư.
func takesMark(r, m rune) bool {
	switch r {
	case 'a':
		return m == markBreve || m == markCircumflex
	case 'e':
		return m == markCircumflex
	case 'o':
		return m == markCircumflex || m == markHorn
	case 'u':
		return m == markHorn
	}
	return false
}

// isOnset reports whether o is an initial consonant of a Vietnamese
// syllable ("" for none). "qu" and "gi" are among them; tonePosition decides
// when the u or i belongs to them.
func isOnset(o string) bool {
	switch o {
	case "", "b", "c", "ch", "d", "đ", "g", "gh", "gi", "h", "k", "kh", "l",
		"m", "n", "ng", "ngh", "nh", "p", "ph", "qu", "r", "s", "t", "th",
		"tr", "v", "x":
		return true
	}
	return false
}

// isCoda reports whether c is a final consonant of a Vietnamese syllable
// ("" for none).
func isCoda(c string) bool {
	switch c {
	case "", "c", "ch", "m", "n", "ng", "nh", "p", "t":
		return true
	}
	return false
}

// tonePosition returns the index of the letter that carries the tone under
// the rule documented on NormalizeTones, or false when the letters do not
// make a Vietnamese syllable.
func tonePosition(letters []letter) (int, bool) {
	var onset [3]rune
	n := 0
	for n < len(letters) && !isVowel(letters[n].lower) {
		if n == len(onset) {
			return 0, false
		}
		onset[n] = letters[n].lower
		n++
	}
	// The u of qu and the i of gi belong to the initial when a vowel follows
	// (quý, giá), but gi followed by no other vowel is g + i (gì, gìn).
	if n == 1 && n+1 < len(letters) && isVowel(letters[n+1].lower) {
		next := letters[n]
		if onset[0] == 'q' && next.lower == 'u' && next.mark == 0 ||
			onset[0] == 'g' && next.lower == 'i' {
			onset[1] = next.lower
			n++
		}
	}
	var key [12]byte
	if !isOnset(string(appendRunes(key[:0], onset[:n]))) {
		return 0, false
	}
	first := n
	for n < len(letters) && isVowel(letters[n].lower) {
		n++
	}
	nucleus := letters[first:n]
	var coda [2]rune
	k := 0
	for ; n < len(letters); n++ {
		if k == len(coda) || isVowel(letters[n].lower) {
			return 0, false
		}
		coda[k] = letters[n].lower
		k++
	}
	if len(nucleus) == 0 || len(nucleus) > 3 || !isCoda(string(appendRunes(key[:0], coda[:k]))) {
		return 0, false
	}
	// A vowel with its own mark is the main vowel (of ươ, uô, iê, yê the
	// second is marked, so the last marked one wins).
	for i := len(nucleus) - 1; i >= 0; i-- {
		if nucleus[i].mark != 0 {
			return first + i, true
		}
	}
	switch {
	case len(nucleus) == 1:
		return first, true
	case len(nucleus) == 3:
		return first + 1, true
	case k > 0:
		return first + 1, true
	}
	v, w := nucleus[0].lower, nucleus[1].lower
	if modernTones && (v == 'o' && (w == 'a' || w == 'e') || v == 'u' && w == 'y') {
		return first + 1, true
	}
	return first, true
}

// appendRunes appends rs to b in UTF-8, to compare a few runes with
// strings: the string(bytes) conversion of a short stack buffer does not
// allocate when it is only compared.
func appendRunes(b []byte, rs []rune) []byte {
	for _, r := range rs {
		b = utf8.AppendRune(b, r)
	}
	return b
}
