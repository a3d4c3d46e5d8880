package planparse

import (
	"regexp"
	"sort"
	"strings"
)

// scanner finds the matches of a pattern in folded text quickly. Go's
// regexp engine cannot skip ahead to a pattern like `\b(nghi dinh|chi thi|…)`
// and runs its automaton at every byte, which made a 30 KB plan take over
// 15 ms. A scanner instead looks for the words a match must start with
// (strings.Index is fast), and runs the pattern anchored on a short window at
// each of them. It returns the same leftmost, non-overlapping matches as
// FindAll, provided every match starts with one of the keys and is shorter
// than the window.
type scanner struct {
	keys   []string
	re     *regexp.Regexp // anchored
	window int
	need   []string // when set, every match contains one of these: skip texts without any
}

// needing returns s restricted to texts that contain one of the literals.
func (s scanner) needing(lits ...string) scanner {
	s.need = lits
	return s
}

// newScanner compiles pattern anchored. A literal space in pattern or keys
// stands for any run of whitespace, line breaks included, since a copied
// text may wrap between any two words ("Chỉ" / "thị số 28-CT/TW"); keys are
// therefore searched by their first word only.
func newScanner(pattern string, window int, keys ...string) scanner {
	seen := map[string]bool{}
	var first []string
	for _, k := range keys {
		w := strings.Fields(k)[0]
		if !seen[w] {
			seen[w] = true
			first = append(first, w)
		}
	}
	return scanner{keys: first, re: regexp.MustCompile(`^(?:` + flexSpace(pattern) + `)`), window: window}
}

// flexSpace turns each literal space of a pattern into \s+.
func flexSpace(pattern string) string {
	return strings.ReplaceAll(pattern, " ", `\s+`)
}

// candidates returns the positions in f where a key starts at a word start.
func (s scanner) candidates(f string) []int {
	var pos []int
	for _, k := range s.keys {
		word := isWordByte(k[0])
		for from := 0; ; {
			i := strings.Index(f[from:], k)
			if i < 0 {
				break
			}
			i += from
			if !word || i == 0 || !isWordByte(f[i-1]) {
				pos = append(pos, i)
			}
			from = i + 1
		}
	}
	sort.Ints(pos)
	return pos
}

// findAll returns submatch indexes into f, as FindAllStringSubmatchIndex does.
func (s scanner) findAll(f string) [][]int {
	if len(s.need) > 0 && !containsAny(f, s.need) {
		return nil
	}
	var out [][]int
	end, last := 0, -1
	for _, p := range s.candidates(f) {
		if p < end || p == last {
			continue
		}
		last = p
		w := f[p:min(len(f), p+s.window)]
		m := s.re.FindStringSubmatchIndex(w)
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += p
			}
		}
		out = append(out, m)
		end = m[1]
	}
	return out
}

// matchAt runs an anchored pattern at f[p:], on a bounded window: matching an
// anchored pattern against the whole rest of a long text costs time in
// proportion to that rest.
func matchAt(re *regexp.Regexp, f string, p, window int) []int {
	m := re.FindStringSubmatchIndex(f[p:min(len(f), p+window)])
	if m == nil {
		return nil
	}
	for i := range m {
		if m[i] >= 0 {
			m[i] += p
		}
	}
	return m
}

var digitKeys = []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}

func containsAny(s string, lits []string) bool {
	for _, l := range lits {
		if strings.Contains(s, l) {
			return true
		}
	}
	return false
}
