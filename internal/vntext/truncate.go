package vntext

import "unicode/utf8"

// Truncate keeps the first n characters of s (not bytes: a Vietnamese
// letter is two or three bytes, and a cut inside one leaves invalid text).
// It is for values kept or quoted only as a hint, such as a browser's user
// agent, a search query bounded before it reaches the database, or a bad
// input repeated in a message, never for official text.
func Truncate(s string, n int) string {
	if n <= 0 {
		return ""
	}
	if len(s) <= n || utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for k := 0; k < n; k++ {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return s[:i]
}
