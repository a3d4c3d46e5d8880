package vntext

import "strings"

// SlugMaxLen is the longest slug Slug returns, in bytes. Long titles of
// official documents would otherwise make unwieldy links.
const SlugMaxLen = 80

// Slug returns an ASCII slug for use in URLs: s folded (see Fold), every run
// of characters other than a–z and 0–9 turned into one '-', no '-' at either
// end, at most SlugMaxLen bytes, shortened at a word boundary when it is
// longer. "Kế hoạch triển khai công tác trẻ em năm 2024" gives
// "ke-hoach-trien-khai-cong-tac-tre-em-nam-2024".
//
// Letters that have no ASCII form after folding (other scripts, ß, ø) act
// as separators, so the slug may be empty: callers need a fallback, such as
// the record's id.
func Slug(s string) string {
	f := Fold(s)
	b := make([]byte, 0, min(len(f), SlugMaxLen+1))
	dash := false
	for i := 0; i < len(f) && len(b) <= SlugMaxLen; i++ {
		c := f[i]
		if 'a' <= c && c <= 'z' || '0' <= c && c <= '9' {
			if dash && len(b) > 0 {
				b = append(b, '-')
			}
			dash = false
			b = append(b, c)
			continue
		}
		// Bytes of multi-byte UTF-8 runes are never ASCII alphanumerics,
		// so they land here too and become separators.
		dash = true
	}
	if len(b) > SlugMaxLen {
		// b holds one byte too many, enough to tell whether the cut falls
		// between words (b[SlugMaxLen] == '-') or inside one.
		cut := strings.LastIndexByte(string(b[:SlugMaxLen+1]), '-')
		if cut <= 0 {
			cut = SlugMaxLen // one word longer than the limit: cut inside it
		}
		b = b[:cut]
	}
	return string(b)
}
