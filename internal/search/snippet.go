package search

import (
	"cmp"
	"html/template"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ellipsis marks where a snippet leaves out text.
const ellipsis = "…"

// Snippet returns about n runes of text around the part that best matches
// q, for a list of results: the window holding the most distinct terms and
// phrases of q (the earliest of equals), with a little context before it,
// cut at word boundaries with "…" where text was left out. It is
// HTML-escaped, every word that matches a term or belongs to a matched
// phrase is wrapped in <mark>…</mark>, and runs of white space are one
// space, as a snippet is shown on one line. Words keep their diacritics as
// written, and a word typed in NFD is marked whole, with its marks.
//
// When nothing matches, the snippet is the start of the text. It may
// exceed n by a word, when a match or the first word is longer than the
// window; n < 1 gives "".
func Snippet(q Query, text string, n int) template.HTML {
	if n < 1 {
		return ""
	}
	text = validUTF8(text)
	m := newMatcher(q)
	return m.snippet(text, n, m.find(text, n))
}

// snippet is Snippet once the hits are found.
func (m *matcher) snippet(text string, n int, hits []hit) template.HTML {
	var start, end int
	if len(hits) == 0 {
		start, end = opening(text, n)
	} else {
		from, to, _ := m.best(hits, n)
		start, end = around(text, from, to, n)
	}
	var b strings.Builder
	b.Grow(end - start + 32)
	if strings.LastIndexFunc(text[:start], isWordRune) >= 0 {
		b.WriteString(ellipsis)
	}
	render(&b, text, start, end, merge(hits), true)
	if strings.IndexFunc(text[end:], isWordRune) >= 0 {
		b.WriteString(ellipsis)
	}
	return template.HTML(b.String()) //nolint:gosec // text is escaped by render; the only tags are its <mark>s
}

// Highlight escapes a short text, such as a title, and marks the words
// that match q as Snippet does, without cutting it or touching its spaces.
func Highlight(q Query, text string) template.HTML {
	text = validUTF8(text)
	m := newMatcher(q)
	var b strings.Builder
	b.Grow(len(text) + 32)
	render(&b, text, 0, len(text), merge(m.find(text, 0)), false)
	return template.HTML(b.String()) //nolint:gosec // text is escaped by render; the only tags are its <mark>s
}

// validUTF8 replaces invalid bytes, so that what is shown is valid UTF-8
// whatever was stored.
func validUTF8(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// hit is a place where a text matches the query: one word for a term, the
// words of one occurrence for a phrase.
type hit struct {
	item int // which term, or len(terms) + which phrase
	span
}

// find returns the hits of the query in text, by where they start. Words
// are folded one by one, so each hit maps straight back to the text as
// written.
//
// With n > 0, for a snippet of n runes, it stops reading once the window
// best chooses is settled: a window holding every term and phrase, that
// ends before the words read so far. No later window can be chosen over it
// and the hits inside it and before it are all known; reading on for as
// many words as the longest phrase also finds any phrase that starts in
// the window, whose words there must be marked. A long document with an
// early match is then hardly read at all. With n = 0 it reads everything.
func (m *matcher) find(text string, n int) []hit {
	items := len(m.terms) + len(m.phrases)
	if items == 0 {
		return nil
	}
	var hits []hit
	var found uint64 // bit i: item i has a hit
	recent := m.newRecent()
	seen, check := 0, 64 // tokens read; when to look for a settled window next
	left := -1           // tokens still to read once the window is settled
	for w, id := range m.tokens(text) {
		if left == 0 {
			break
		}
		if left > 0 {
			left--
		}
		recent.push(id, w)
		if seen++; id >= 0 {
			if id < len(m.terms) {
				hits = append(hits, hit{id, w})
				found |= 1 << id
			}
			for j, p := range m.phrases {
				if sp, ok := recent.phrase(p); ok {
					hits = append(hits, hit{len(m.terms) + j, sp})
					found |= 1 << (len(m.terms) + j)
				}
			}
		}
		// Looking costs a sort and a pass over the hits, so it is done
		// after 64, 128, 256… tokens: reading at most twice as far as
		// needed, for a cost that grows little with the text.
		if n > 0 && left < 0 && seen == check {
			check *= 2
			if bits.OnesCount64(found) == items {
				sortHits(hits)
				if from, _, c := m.best(hits, n); c == items && from.rstart+n <= w.rend {
					left = m.longest
				}
			}
		}
	}
	sortHits(hits)
	return hits
}

// sortHits orders hits by where they start: a phrase is found at its last
// word, after any term inside it.
func sortHits(hits []hit) {
	slices.SortStableFunc(hits, func(a, b hit) int { return cmp.Compare(a.start, b.start) })
}

// best chooses the window of n runes for a snippet: the one starting at a
// hit that holds the most distinct terms and phrases (count of them), the
// earliest of equals. It returns the hit it starts at and the hit in it
// that ends last (the first one again when it holds no other).
func (m *matcher) best(hits []hit, n int) (from, to hit, count int) {
	all := len(m.terms) + len(m.phrases)
	for i, h := range hits {
		limit := h.rstart + n
		items := uint64(1) << h.item
		last := h
		for _, g := range hits[i+1:] {
			if g.rstart >= limit {
				break
			}
			if g.rend <= limit {
				items |= 1 << g.item
				if g.rend > last.rend {
					last = g
				}
			}
		}
		if c := bits.OnesCount64(items); c > count {
			from, to, count = h, last, c
			if c == all {
				break // no later window can hold more
			}
		}
	}
	return from, to, count
}

// around returns the byte offsets of the snippet holding the hits from
// from to to: n runes less what they take, shared out as context, a third
// before and the rest after (more before when the text ends first), then
// cut back to whole words.
func around(text string, from, to hit, n int) (start, end int) {
	slack := max(n-(to.rend-from.rstart), 0)
	before := min(slack/3, from.rstart)
	end, got := forward(text, to.end, slack-before)
	if got < slack-before {
		before = min(slack-got, from.rstart)
	}
	start = back(text, from.start, before)
	return snapStart(text, start, from.start), snapEnd(text, end, to.end)
}

// opening returns the byte offsets of the first n runes of text, from its
// first visible character, cut back to whole words. A first word longer
// than n is cut inside, after any marks of its last letter.
func opening(text string, n int) (start, end int) {
	start = strings.IndexFunc(text, func(r rune) bool { return !unicode.IsSpace(r) })
	if start < 0 {
		return 0, 0
	}
	end, _ = forward(text, start, n)
	if cut := snapEnd(text, end, start); cut > start && strings.IndexFunc(text[start:cut], isWordRune) >= 0 {
		return start, cut
	}
	for end < len(text) {
		r, size := utf8.DecodeRuneInString(text[end:])
		if !unicode.IsMark(r) {
			break
		}
		end += size
	}
	return start, end
}

// back returns the offset k runes before i, or 0.
func back(text string, i, k int) int {
	for ; k > 0 && i > 0; k-- {
		_, size := utf8.DecodeLastRuneInString(text[:i])
		i -= size
	}
	return i
}

// forward returns the offset k runes after i, or the end of text, and how
// many runes it moved.
func forward(text string, i, k int) (int, int) {
	moved := 0
	for ; moved < k && i < len(text); moved++ {
		_, size := utf8.DecodeRuneInString(text[i:])
		i += size
	}
	return i, moved
}

// snapStart moves a snippet's start s forward to the start of a word, no
// further than limit (itself the start of a word), and then back over an
// opening bracket or quote right before it. At the start of the text only
// white space is skipped: nothing else is cut there.
func snapStart(text string, s, limit int) int {
	if s == 0 {
		return len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
	}
	if r, _ := utf8.DecodeLastRuneInString(text[:s]); isWordRune(r) {
		s = skip(text, s, limit, true) // inside a word: past its end
	}
	s = skip(text, s, limit, false)
	for k := 0; k < 3 && s > 0; k++ {
		r, size := utf8.DecodeLastRuneInString(text[:s])
		if !unicode.In(r, unicode.Ps, unicode.Pi) && r != '"' && r != '\'' {
			break
		}
		s -= size
	}
	return s
}

// skip moves i forward over word runes (word) or other runes (!word), no
// further than limit.
func skip(text string, i, limit int, word bool) int {
	for i < limit {
		r, size := utf8.DecodeRuneInString(text[i:])
		if isWordRune(r) != word {
			break
		}
		i += size
	}
	return i
}

// snapEnd moves a snippet's end e back to the end of a word, no further
// than limit (itself the end of a word or the start of the snippet), and
// then forward over closing punctuation right after it, so that a
// sentence keeps its full stop and a bracket its closing half. At the end
// of the text only white space is cut.
func snapEnd(text string, e, limit int) int {
	if e == len(text) {
		return max(len(strings.TrimRightFunc(text, unicode.IsSpace)), limit)
	}
	if r, _ := utf8.DecodeRuneInString(text[e:]); isWordRune(r) {
		e = skipBack(text, e, limit, true) // inside a word: before its start
	}
	e = skipBack(text, e, limit, false)
	for k := 0; k < 3 && e < len(text); k++ {
		r, size := utf8.DecodeRuneInString(text[e:])
		if !unicode.IsPunct(r) || unicode.In(r, unicode.Ps, unicode.Pi, unicode.Pd) {
			break
		}
		e += size
	}
	return e
}

// skipBack moves i back over word runes (word) or other runes (!word), no
// further than limit.
func skipBack(text string, i, limit int, word bool) int {
	for i > limit {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if isWordRune(r) != word {
			break
		}
		i -= size
	}
	return i
}

// merge turns hits, ordered by start, into the disjoint stretches of text
// to mark. A word is marked when a stretch covers it.
func merge(hits []hit) []span {
	var out []span
	for _, h := range hits {
		if k := len(out) - 1; k >= 0 && h.start < out[k].end {
			out[k].end = max(out[k].end, h.end)
			continue
		}
		out = append(out, h.span)
	}
	return out
}

// render writes text[start:end] escaped, with every word inside marks
// wrapped in <mark>, and with white space collapsed when collapse is set.
// start and end must not fall inside a word that marks covers.
func render(b *strings.Builder, text string, start, end int, marks []span, collapse bool) {
	done, k := start, 0
	for w := range words(text[start:end]) {
		ws, we := start+w.start, start+w.end
		for k < len(marks) && marks[k].end <= ws {
			k++
		}
		if k == len(marks) {
			break
		}
		if marks[k].start <= ws && we <= marks[k].end {
			writeText(b, text[done:ws], collapse)
			b.WriteString("<mark>")
			writeText(b, text[ws:we], false)
			b.WriteString("</mark>")
			done = we
		}
	}
	writeText(b, text[done:end], collapse)
}

// htmlEscaper escapes what html/template escapes in text, and turns NUL,
// which browsers handle inconsistently, into U+FFFD.
var htmlEscaper = strings.NewReplacer(
	"&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "\x00", "\uFFFD")

// writeText writes s escaped, with each run of white space as one space
// when collapse is set.
func writeText(b *strings.Builder, s string, collapse bool) {
	for collapse {
		i := strings.IndexFunc(s, unicode.IsSpace)
		if i < 0 {
			break
		}
		_, _ = htmlEscaper.WriteString(b, s[:i])
		b.WriteByte(' ')
		s = strings.TrimLeftFunc(s[i:], unicode.IsSpace)
	}
	_, _ = htmlEscaper.WriteString(b, s)
}
