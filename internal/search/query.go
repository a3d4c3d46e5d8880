// Package search is the portal's full-text search: what the database
// engines index, how a search box becomes a query for each of them, how the
// candidates they return are ranked, and how results are shown with the
// searched words marked.
//
// SQLite (FTS5) and PostgreSQL (tsvector) tokenize and fold text in their
// own ways, so neither is left to do it: both index the words Index gives,
// already folded by vntext, and both are asked for the words Parse gives,
// folded the same way. Whatever a reader types, with or without tones, in
// either tone placement, NFC or NFD, both engines then find the same
// documents. Ranking happens here, in Go, so the order agrees as well.
//
// Everything here is pure: no I/O and no shared state.
package search

import (
	"iter"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// MaxQueryRunes is the longest search a box takes, in runes. A longer text
// is pasted, not typed, and would only cost the engines time.
const MaxQueryRunes = 200

// MaxTerms is how many words a query keeps, counting the words of its
// phrases. It bounds the size of the engines' queries and the cost of
// ranking; the words after it are ignored.
const MaxTerms = 12

// Index is what both engines store for a text: its tokens joined by single
// spaces. A token longer than MaxQueryRunes runes is left out: no query can
// ask for it, and PostgreSQL would drop a lexeme over 2047 bytes where
// SQLite keeps it, so leaving it out keeps the two indexes alike.
func Index(text string) string {
	toks := vntext.Tokens(text)
	kept := toks[:0]
	for _, t := range toks {
		if len(t) <= MaxQueryRunes || utf8.RuneCountInString(t) <= MaxQueryRunes {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, " ")
}

// Query is a parsed search box.
type Query struct {
	Terms   []string   // folded tokens, in order, deduplicated, each required (AND)
	Phrases [][]string // folded token sequences from "quoted parts", each required in order
	Exact   []string   // the user's words as typed, NFC + NormalizeTones + lower-case, for ranking exact-diacritic matches
	Raw     string     // the query as given, trimmed
}

// Parse reads a search box. An empty (or blank) query gives a zero Query
// and no error, for the caller to show its empty page.
//
// Words are folded as Index folds them, so "duoi nuoc", "Đuối Nước" and
// "đuối nước" are the same query. Text in double quotes (straight or
// typographic, as phones type them) is a phrase; a quote left open is closed
// at the end, since the reader plainly meant the rest as one phrase. A
// quoted single word is just a term. Repeated words and phrases count once,
// and words past MaxTerms are ignored.
//
// Exact holds the query's words in their written form, for Score to prefer
// documents spelt as the reader spelt them; it is empty when the query has
// no diacritic at all, because a reader who types "duoi nuoc" has said
// nothing about which tones were meant.
//
// The errors are field errors on "q": invalid UTF-8, more than
// MaxQueryRunes runes, and nothing to search for (only punctuation).
func Parse(q string) (Query, error) {
	if !utf8.ValidString(q) {
		return Query{}, errs.Field("q", "từ khóa chứa ký tự không hợp lệ", "the search text holds invalid characters")
	}
	raw := strings.TrimSpace(q)
	if raw == "" {
		return Query{}, nil
	}
	if utf8.RuneCountInString(raw) > MaxQueryRunes {
		return Query{}, errs.Fieldf("q", "từ khóa dài quá %d ký tự", "the search text is longer than %d characters", MaxQueryRunes)
	}
	out := Query{Raw: raw}
	budget := MaxTerms
	addTerm := func(t string) {
		if budget > 0 && !contains(out.Terms, t) {
			out.Terms = append(out.Terms, t)
			budget--
		}
	}
	quoted := false
	for part := range splitQuotes(raw) {
		toks := vntext.Tokens(part)
		if quoted && len(toks) > 1 {
			toks = toks[:min(len(toks), budget)]
			switch {
			case len(toks) == 1:
				addTerm(toks[0])
			case len(toks) > 1 && !containsPhrase(out.Phrases, toks):
				out.Phrases = append(out.Phrases, toks)
				budget -= len(toks)
			}
		} else {
			for _, t := range toks {
				addTerm(t)
			}
		}
		quoted = !quoted
	}
	if out.Empty() {
		return Query{}, errs.Field("q", "nhập từ cần tìm: chữ hoặc số", "type the words to find: letters or digits")
	}
	out.Exact = exactWords(raw, out)
	return out, nil
}

// isQuote reports whether r opens or closes a phrase. Besides the ASCII
// quote, phones and word processors turn it into typographic quotes, which
// readers then paste into the box.
func isQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '＂':
		return true
	}
	return false
}

// splitQuotes yields the parts of s between quotes: outside, inside,
// outside and so on, including empty parts, so that the parity of a part
// tells whether it was quoted.
func splitQuotes(s string) iter.Seq[string] {
	return func(yield func(string) bool) {
		start := 0
		for i, r := range s {
			if isQuote(r) {
				if !yield(s[start:i]) {
					return
				}
				start = i + utf8.RuneLen(r)
			}
		}
		yield(s[start:])
	}
}

// exactWords returns the written form of the query's words that the query
// kept, or nil when none of them carries a diacritic (see Parse).
func exactWords(raw string, q Query) []string {
	type word struct{ exact, fold string }
	var list []word
	marked := false
	for w := range words(raw) {
		s := raw[w.start:w.end]
		f := vntext.Fold(s)
		if f == "" {
			continue // only marks or invisible characters: not a token
		}
		e := exactForm(s)
		marked = marked || e != f
		list = append(list, word{e, f})
	}
	if !marked {
		return nil
	}
	var out []string
	for _, w := range list {
		if len(out) < MaxTerms && !contains(out, w.exact) && q.has(w.fold) {
			out = append(out, w.exact)
		}
	}
	return out
}

// has reports whether t is one of q's terms or a word of one of its phrases.
func (q Query) has(t string) bool {
	if contains(q.Terms, t) {
		return true
	}
	for _, p := range q.Phrases {
		if contains(p, t) {
			return true
		}
	}
	return false
}

// exactForm is a word as its writer spelt it, in the one form that compares
// equal however it was typed: without the invisible runes folding also
// removes (zero-width characters pasted into words), NFC with the tone
// placed by one rule (NormalizeTones), lower case.
func exactForm(w string) string {
	if strings.ContainsFunc(w, isInvisible) {
		w = strings.Map(func(r rune) rune {
			if isInvisible(r) {
				return -1
			}
			return r
		}, w)
	}
	return strings.ToLower(vntext.NormalizeTones(w))
}

// lowerEqual reports whether the word w in lower case is e, which saves
// putting w in exact form when it is written as the reader wrote it, the
// usual case.
func lowerEqual(w, e string) bool {
	for _, r := range w {
		c, size := utf8.DecodeRuneInString(e)
		if size == 0 || unicode.ToLower(r) != c {
			return false
		}
		e = e[size:]
	}
	return e == ""
}

// isInvisible reports whether r is part of a word without being a letter,
// digit or mark: what foldInWord admits because folding removes it.
func isInvisible(r rune) bool {
	return r >= utf8.RuneSelf && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) && isWordRune(r)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func containsPhrase(list [][]string, p []string) bool {
	for _, x := range list {
		if len(x) == len(p) && hasSequence(x, p) {
			return true
		}
	}
	return false
}

// Empty reports whether q asks for nothing, so no engine should be asked.
func (q Query) Empty() bool { return len(q.Terms) == 0 && len(q.Phrases) == 0 }

// FTS5 is the MATCH expression for SQLite: every term and phrase as an FTS5
// string, joined by " AND ": `"duoi" AND "nuoc"`, `"an toan giao thong"`.
// Strings keep FTS5 from reading a word as an operator (AND, NOT, NEAR) or
// a column name. Tokens hold only letters and digits, but a double quote is
// still escaped by doubling, so that a Query built by hand cannot break the
// expression. An empty query gives "".
func (q Query) FTS5() string {
	parts := make([]string, 0, len(q.Terms)+len(q.Phrases))
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	for _, t := range q.Terms {
		if t != "" {
			parts = append(parts, quote(t))
		}
	}
	for _, p := range q.Phrases {
		if s := strings.Join(nonEmpty(p), " "); s != "" {
			parts = append(parts, quote(s))
		}
	}
	return strings.Join(parts, " AND ")
}

// TSQuery is the text for PostgreSQL's to_tsquery('simple', …): terms
// joined by " & ", a phrase as "('a' <-> 'b' <-> 'c')". Every token is a
// quoted lexeme, with quotes and backslashes doubled, so that to_tsquery
// reads it as a word whatever it holds and never fails on the syntax. An
// empty query gives "".
func (q Query) TSQuery() string {
	parts := make([]string, 0, len(q.Terms)+len(q.Phrases))
	for _, t := range q.Terms {
		if t != "" {
			parts = append(parts, lexeme(t))
		}
	}
	for _, p := range q.Phrases {
		ws := nonEmpty(p)
		if len(ws) == 0 {
			continue
		}
		for i, w := range ws {
			ws[i] = lexeme(w)
		}
		parts = append(parts, "("+strings.Join(ws, " <-> ")+")")
	}
	return strings.Join(parts, " & ")
}

var lexemeEscaper = strings.NewReplacer(`'`, `''`, `\`, `\\`)

func lexeme(t string) string { return "'" + lexemeEscaper.Replace(t) + "'" }

// nonEmpty returns a copy of p without empty strings.
func nonEmpty(p []string) []string {
	out := make([]string, 0, len(p))
	for _, w := range p {
		if w != "" {
			out = append(out, w)
		}
	}
	return out
}

// The weights of Score. A word in the title says more about a document
// than the same word in its body; a word spelt with the reader's own
// diacritics more than one that only folds alike; a phrase more than its
// words apart.
const (
	termTitle   = 10
	termBody    = 1
	repeatBody  = 0.1 // per repetition of a term in the body…
	repeatCap   = 5   // …counting at most this many occurrences
	exactTitle  = 6
	exactBody   = 2
	phraseTitle = 8
	phraseBody  = 3
	rawInTitle  = 5
)

// Score ranks a document that matched q by relevance, given its original
// title and body: higher is better. Each term found in the title counts 10
// and in the body 1, with 0.1 more for each repetition in the body up to 5
// occurrences. Each of the reader's words (Exact) found with the same
// diacritics, as a whole word and whatever the tone placement or
// normalization form, adds 6 in the title and 2 in the body. A phrase adds
// 8 in the title and 3 in the body. The query's words appearing together,
// in order, in the title add 5.
//
// The result depends only on its arguments, so the engines' candidates
// rank the same on SQLite and PostgreSQL. Its cost grows with the length
// of the body, unless everything that can count is found early.
func Score(q Query, title, body string) float64 {
	if q.Empty() {
		return 0
	}
	m := newMatcher(q)
	m.addExact(q.Exact)
	t, b := m.tally(title), m.tally(body)
	var s float64
	for i := range m.terms {
		if t.terms[i] > 0 {
			s += termTitle
		}
		if c := b.terms[i]; c > 0 {
			s += termBody + repeatBody*float64(c-1)
		}
	}
	s += phraseTitle*float64(bits.OnesCount64(t.phrases)) + phraseBody*float64(bits.OnesCount64(b.phrases))
	s += exactTitle*float64(bits.OnesCount64(t.exact)) + exactBody*float64(bits.OnesCount64(b.exact))
	if all := vntext.Tokens(q.Raw); len(all) > 0 && hasSequence(vntext.Tokens(title), all) {
		s += rawInTitle
	}
	return s
}

// hasSequence reports whether seq occurs in toks as consecutive tokens.
func hasSequence[T comparable](toks, seq []T) bool {
	for i := 0; i+len(seq) <= len(toks); i++ {
		if slices.Equal(toks[i:i+len(seq)], seq) {
			return true
		}
	}
	return false
}

// tally is what a text holds of a query, as Score weighs it.
type tally struct {
	terms   [maxItems]int // occurrences of each term, up to repeatCap
	phrases uint64        // bit j: phrase j occurs
	exact   uint64        // bit i: exact word i occurs as written
}

// tally reads text for Score. It stops as soon as nothing more can count:
// every term seen repeatCap times, every phrase and exact word found.
func (m *matcher) tally(text string) tally {
	var t tally
	left := len(m.terms) + len(m.phrases) + len(m.exact)
	recent := m.newRecent()
	for w, id := range m.tokens(text) {
		recent.push(id, w)
		if id < 0 {
			continue
		}
		if id < len(m.terms) && t.terms[id] < repeatCap {
			if t.terms[id]++; t.terms[id] == repeatCap {
				left--
			}
		}
		for j, p := range m.phrases {
			if t.phrases&(1<<j) == 0 && recent.ends(p) {
				t.phrases |= 1 << j
				left--
			}
		}
		word, exact := text[w.start:w.end], "" // exact: the word's exact form, made once if needed
		for i, eid := range m.exactIDs {
			if t.exact&(1<<i) != 0 || id != eid {
				continue
			}
			if !lowerEqual(word, m.exact[i]) {
				if exact == "" {
					exact = exactForm(word)
				}
				if exact != m.exact[i] {
					continue
				}
			}
			t.exact |= 1 << i
			left--
		}
		if left == 0 {
			break
		}
	}
	return t
}

// maxItems bounds the terms and phrases together, and the exact words, that
// a matcher looks for, so that the ones found fit in the bits of a uint64.
// Parse keeps far fewer; a Query built by hand with more has the rest
// ignored.
const maxItems = 64

// matcher is a query made ready to find its words in a text as written.
// Every distinct folded word it looks for has a number, its index in
// vocab; the terms come first, so a term's number is its index in terms.
type matcher struct {
	vocab    []string
	terms    []string
	phrases  [][]int  // the numbers of each phrase's words
	exact    []string // for Score: the reader's words as written…
	exactIDs []int    // …and the numbers of their folded forms
	longest  int      // words in the longest phrase
}

// newMatcher prepares q's terms and phrases. Empty and repeated words are
// left out, so a Query built by hand cannot mark or count what it should
// not.
func newMatcher(q Query) matcher {
	var m matcher
	for _, t := range q.Terms {
		if t != "" && len(m.terms) < maxItems && !contains(m.terms, t) {
			m.terms = append(m.terms, t)
			m.vocab = append(m.vocab, t)
		}
	}
	for _, p := range q.Phrases {
		if len(p) == 0 || slices.Contains(p, "") || len(m.terms)+len(m.phrases) == maxItems {
			continue
		}
		ids := make([]int, len(p))
		for k, w := range p {
			ids[k] = m.id(w)
		}
		if !slices.ContainsFunc(m.phrases, func(x []int) bool { return slices.Equal(x, ids) }) {
			m.phrases = append(m.phrases, ids)
			m.longest = max(m.longest, len(ids))
		}
	}
	return m
}

// addExact prepares the exact words of a query, for Score.
func (m *matcher) addExact(exact []string) {
	for _, e := range exact {
		if e != "" && len(m.exact) < maxItems && !contains(m.exact, e) {
			m.exact = append(m.exact, e)
			m.exactIDs = append(m.exactIDs, m.id(vntext.Fold(e)))
		}
	}
}

// id returns the number of the folded word f, adding it to vocab if new.
func (m *matcher) id(f string) int {
	if i := slices.Index(m.vocab, f); i >= 0 {
		return i
	}
	m.vocab = append(m.vocab, f)
	return len(m.vocab) - 1
}

// tokens yields the tokens of text as written, in order, each with the
// number of its folded form, or -1 when it is none of the words looked
// for. It is the sequence vntext.Tokens gives, so phrases match here
// exactly where the engines find them.
func (m *matcher) tokens(text string) iter.Seq2[span, int] {
	return func(yield func(span, int) bool) {
		var buf [64]byte // most words fold into it, so folding allocates nothing
		for w := range words(text) {
			f := appendFold(buf[:0], text[w.start:w.end])
			if len(f) == 0 {
				continue // only runes that folding removes: no token
			}
			id := -1
			for i, v := range m.vocab {
				if string(f) == v {
					id = i
					break
				}
			}
			if !yield(w, id) {
				return
			}
		}
	}
}

// recent holds the last tokens of a text, enough for the longest phrase:
// a phrase occurs where its words are the last tokens, in order.
type recent struct {
	ring []token
	seen int // tokens pushed
}

// token is a token of a text and the number of its folded form (-1 for
// none of the words looked for).
type token struct {
	id int
	span
}

func (m *matcher) newRecent() *recent {
	if m.longest == 0 {
		return &recent{}
	}
	return &recent{ring: make([]token, m.longest)}
}

func (r *recent) push(id int, w span) {
	if len(r.ring) > 0 {
		r.ring[r.seen%len(r.ring)] = token{id, w}
		r.seen++
	}
}

// ends reports whether the last tokens pushed are the words of phrase p.
func (r *recent) ends(p []int) bool {
	_, ok := r.phrase(p)
	return ok
}

// phrase returns the span of the last tokens pushed, from the first word
// of phrase p to the last, when they are the words of p.
func (r *recent) phrase(p []int) (span, bool) {
	if len(p) > len(r.ring) || len(p) > r.seen {
		return span{}, false
	}
	at := r.seen - len(p)
	for k, id := range p {
		if r.ring[(at+k)%len(r.ring)].id != id {
			return span{}, false
		}
	}
	first, last := r.ring[at%len(r.ring)], r.ring[(r.seen-1)%len(r.ring)]
	return first.to(last.span), true
}

// span is a word or a stretch of words of a text: its byte and rune
// offsets.
type span struct{ start, end, rstart, rend int }

// to returns the stretch from the start of s to the end of t.
func (s span) to(t span) span { return span{s.start, t.end, s.rstart, t.rend} }

// words yields the words of s as written, by the rule vntext.Tokens splits
// folded text by: runs of runes that fold to letters, digits and combining
// marks, or that folding removes. So a word folds to exactly the token
// Tokens gives for it, or to "" when it holds nothing but removed runes,
// which Tokens drops.
func words(s string) iter.Seq[span] {
	return func(yield func(span) bool) {
		w := span{start: -1}
		rn := 0 // runes before i
		for i, r := range s {
			switch in := isWordRune(r); {
			case in && w.start < 0:
				w.start, w.rstart = i, rn
			case !in && w.start >= 0:
				w.end, w.rend = i, rn
				if !yield(w) {
					return
				}
				w.start = -1
			}
			rn++
		}
		if w.start >= 0 {
			w.end, w.rend = len(s), rn
			yield(w)
		}
	}
}

// runeTableSize bounds foldTable. It reaches past U+1EFF, where the
// precomposed Vietnamese letters are, and through General Punctuation
// (U+2000–U+206F), so the dashes, quotes and ellipses of ordinary text,
// and the zero-width characters pasted into it, are looked up too.
const runeTableSize = 0x2070

// Entries of foldTable that are not runes. Both are noncharacters, which no
// rune folds to.
const (
	separates = 0xFFFE // the rune separates words
	removed   = 0xFFFF // folding removes the rune, which joins what is around it
)

// foldTable gives for each rune below runeTableSize its folded form within
// a word, or separates or removed. It is built from vntext.Fold itself,
// rune by rune, so folding a word here gives what Fold gives, without the
// allocation Fold makes for each word.
var foldTable [runeTableSize]uint16

func init() {
	for r := rune(0); r < runeTableSize; r++ {
		f := foldInWord(r)
		if f >= separates && f != separates && f != removed {
			// Cannot happen with Unicode as it is; failing at start-up
			// beats folding wrongly.
			panic("search: fold table cannot hold the folded form of " + string(r))
		}
		foldTable[r] = uint16(f)
	}
}

// foldInWord is what becomes of r in a word: the rune vntext.Fold turns it
// into, when that is a letter, digit or combining mark; removed, when Fold
// removes it (a zero-width character, a combining mark, and also an
// unassigned code point among the combining marks), so that it does not
// separate what is around it; otherwise separates, like white space and
// punctuation.
func foldInWord(r rune) rune {
	if unicode.IsSpace(r) {
		return separates
	}
	f := vntext.Fold(string(r))
	if f == "" {
		return removed
	}
	c, _ := utf8.DecodeRuneInString(f)
	if unicode.IsLetter(c) || unicode.IsDigit(c) || unicode.IsMark(c) {
		return c
	}
	return separates
}

func isWordRune(r rune) bool {
	if r < runeTableSize {
		return foldTable[r] != separates
	}
	// A letter, digit or mark folds to one, or is removed.
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) || foldInWord(r) != separates
}

// appendFold appends to b the folded form of the word w, which is what
// vntext.Fold gives for it.
func appendFold(b []byte, w string) []byte {
	for _, r := range w {
		var f rune
		if r < runeTableSize {
			f = rune(foldTable[r])
		} else {
			f = foldInWord(r)
		}
		switch {
		case f == removed, f == separates: // words hold no separators; this only keeps the bytes valid
		case f < utf8.RuneSelf:
			b = append(b, byte(f))
		default:
			b = utf8.AppendRune(b, f)
		}
	}
	return b
}
