package auth

// The rules below follow NIST SP 800-63B: a long minimum length, and
// refusing what attackers try first (common passwords, repeats, sequences,
// the account's own name, the system's name). Rules about character classes
// and forced rotation are left out on purpose: they push people towards
// predictable variations (Password1!, Password2!) and make nobody safer.

// sequences are the orders people type "without thinking": the alphabet,
// the digits (twice, so 9→0 on the keyboard row also counts), and the
// letter rows of a QWERTY keyboard.
var sequences = []string{
	"abcdefghijklmnopqrstuvwxyz", "0123456789", "1234567890",
	"qwertyuiop", "asdfghjkl", "zxcvbnm",
}

// step tells how b follows a: 0 the same character, +1 or -1 the next or
// previous one in a sequence, 2 neither.
func step(a, b rune) int {
	if a == b {
		return 0
	}
	for _, seq := range sequences {
		for i := 0; i+1 < len(seq); i++ {
			x, y := rune(seq[i]), rune(seq[i+1])
			switch {
			case a == x && b == y:
				return 1
			case a == y && b == x:
				return -1
			}
		}
	}
	return 2
}

// minRun is the shortest repeat or sequence that counts ("aaa", "abc",
// "321", "qwe").
const minRun = 3

// maxLoose is how many characters may stand outside repeats and sequences
// for the password still to be refused as one: "qwertyuiopas", "1234567890ab".
const maxLoose = 3

// isSequential reports whether a folded password is made of runs
// (repeats, ascending or descending sequences) but for at most maxLoose
// characters: "123456789012", "abcdefghijkl", "zyxwvutsrqpo", "abc123xyz789".
func isSequential(folded string) bool {
	r := []rune(folded)
	covered := make([]bool, len(r))
	for i := 0; i < len(r); {
		j := i + 1
		if j < len(r) {
			d := step(r[i], r[j])
			for d != 2 && j+1 < len(r) && step(r[j], r[j+1]) == d {
				j++
			}
			if d != 2 {
				j++ // j is now one past the run's end
			}
		}
		if j-i >= minRun {
			for k := i; k < j; k++ {
				covered[k] = true
			}
			// The run's last character may begin the next run (abcba).
			i = j - 1
			continue
		}
		i++
	}
	loose := 0
	for _, c := range covered {
		if !c {
			loose++
		}
	}
	return loose <= maxLoose
}

// minDistinct is the fewest different characters a password must use.
const minDistinct = 5

// isRepetitive reports whether a folded password uses fewer than
// minDistinct different characters ("aaaaaaaaaaa1", "121212121212"), or is
// one piece shorter than MinPasswordLen repeated ("passwordpassword",
// "abcdeabcdeab"): repeating a piece adds almost nothing to what it takes
// to guess the piece.
func isRepetitive(folded string) bool {
	r := []rune(folded)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) < minDistinct {
		return true
	}
	for unit := 1; unit < MinPasswordLen && 2*unit <= len(r); unit++ {
		repeated := true
		for i := unit; i < len(r); i++ {
			if r[i] != r[i%unit] {
				repeated = false
				break
			}
		}
		if repeated {
			return true
		}
	}
	return false
}

// systemName is this system's name folded and without separators, which is
// what TE&BĐG, te&bdg, tebdg and "TE BĐG" all become.
const systemName = "tebdg"
