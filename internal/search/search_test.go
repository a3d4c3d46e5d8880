package search

import (
	"errors"
	"html"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// vowels are the twelve Vietnamese vowel letters, built from a base and a
// combining mark so that a slip in a typed list cannot hide a gap.
var vowels = []string{"a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031b", "u", "u\u031b", "y"}

// tones are the six tones: none, huyền, sắc, hỏi, ngã, nặng.
var tones = []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}

func mustParse(t testing.TB, q string) Query {
	t.Helper()
	p, err := Parse(q)
	if err != nil {
		t.Fatalf("Parse(%q): %v", q, err)
	}
	return p
}

func TestEveryVowelAndTone(t *testing.T) {
	for _, v := range vowels {
		for _, tone := range tones {
			for _, upper := range []bool{false, true} {
				for _, form := range []norm.Form{norm.NFC, norm.NFD} {
					letter := form.String(v + tone)
					plain := v[:1]
					// The letter alone and inside a syllable, where it is
					// most often typed.
					for _, pair := range [][2]string{{letter, plain}, {"t" + letter + "n", "t" + plain + "n"}} {
						word, want := pair[0], pair[1]
						if upper {
							word = strings.ToUpper(word)
						}
						got, bare := mustParse(t, word), mustParse(t, want)
						if !slices.Equal(got.Terms, bare.Terms) || !slices.Equal(got.Terms, []string{want}) {
							t.Errorf("Parse(%+q).Terms = %q, Parse(%q).Terms = %q, want both [%s]", word, got.Terms, want, bare.Terms, want)
						}
						if idx := Index(word); !slices.Contains(strings.Fields(idx), want) {
							t.Errorf("Index(%+q) = %q, lacks %q", word, idx, want)
						}
						// And the unaccented search marks the word whole, as written.
						if got := string(Highlight(bare, word)); got != "<mark>"+word+"</mark>" {
							t.Errorf("Highlight(%q, %+q) = %+q", want, word, got)
						}
					}
				}
			}
		}
	}
}

func TestDStroke(t *testing.T) {
	for _, s := range []string{"Đà Nẵng", "đà nẵng", "ĐÀ NẴNG", norm.NFD.String("Đà Nẵng")} {
		if got := Index(s); got != "da nang" {
			t.Errorf("Index(%+q) = %q, want \"da nang\"", s, got)
		}
		if got, want := mustParse(t, s).Terms, mustParse(t, "da nang").Terms; !slices.Equal(got, want) {
			t.Errorf("Parse(%+q).Terms = %q, want %q", s, got, want)
		}
	}
}

// TestSpellingsAgree checks that the ways a word is written, with and
// without tones, in either tone placement and either normalization form,
// ask the engines for the same words; and that spellings differing only in
// tone placement also rank alike.
func TestSpellingsAgree(t *testing.T) {
	groups := [][]string{
		{"duoi nuoc", "đuối nước", "ĐUỐI NƯỚC", norm.NFD.String("đuối nước")},
		{"hoa binh", "Hoà Bình", "Hòa Bình", norm.NFD.String("Hoà Bình"), norm.NFD.String("Hòa Bình")},
		{"thuy", "thuỷ", "thủy", "THUỶ"},
		{"quy", "quý", "qúy"},
	}
	for _, g := range groups {
		want := mustParse(t, g[0]).Terms
		exact := mustParse(t, g[1]).Exact
		for _, s := range g[1:] {
			q := mustParse(t, s)
			if !slices.Equal(q.Terms, want) {
				t.Errorf("Parse(%+q).Terms = %q, want %q", s, q.Terms, want)
			}
			if !slices.Equal(q.Exact, exact) {
				t.Errorf("Parse(%+q).Exact = %q, want %q as for %q", s, q.Exact, exact, g[1])
			}
			if idx := Index(s); idx != strings.Join(want, " ") {
				t.Errorf("Index(%+q) = %q, want %q", s, idx, strings.Join(want, " "))
			}
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		in      string
		terms   []string
		phrases [][]string
		exact   []string
	}{
		{"đuối nước", []string{"duoi", "nuoc"}, nil, []string{"đuối", "nước"}},
		{"  duoi   nuoc ", []string{"duoi", "nuoc"}, nil, nil},
		{"Hòa Bình", []string{"hoa", "binh"}, nil, []string{"hoà", "bình"}},
		{"an toàn", []string{"an", "toan"}, nil, []string{"an", "toàn"}},
		{`"an toàn giao thông" trẻ em`, []string{"tre", "em"}, [][]string{{"an", "toan", "giao", "thong"}}, []string{"an", "toàn", "giao", "thông", "trẻ", "em"}},
		{`trẻ em "bình đẳng`, []string{"tre", "em"}, [][]string{{"binh", "dang"}}, []string{"trẻ", "em", "bình", "đẳng"}},
		{"“bình đẳng giới”", nil, [][]string{{"binh", "dang", "gioi"}}, []string{"bình", "đẳng", "giới"}},
		{`"trẻ"   em`, []string{"tre", "em"}, nil, []string{"trẻ", "em"}},
		{`"" em ""`, []string{"em"}, nil, nil},
		{`"a b" "a b" a a`, []string{"a"}, [][]string{{"a", "b"}}, nil},
		{"trẻ TRẺ tre", []string{"tre"}, nil, []string{"trẻ", "tre"}},
		{"O'Brien", []string{"o", "brien"}, nil, nil},
		{"240/LĐTBXH-TE", []string{"240", "ldtbxh", "te"}, nil, []string{"240", "lđtbxh", "te"}},
		{"1 2 3 4 5 6 7 8 9 10 11 12 13 14", []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}, nil, nil},
		{`1 2 3 4 5 6 7 8 9 10 "11 12 13"`, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"}, [][]string{{"11", "12"}}, nil},
		{`1 2 3 4 5 6 7 8 9 10 11 "12 13"`, []string{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"}, nil, nil},
		{"tr\u200bẻ em", []string{"tre", "em"}, nil, []string{"trẻ", "em"}},
	}
	for _, tt := range tests {
		q := mustParse(t, tt.in)
		if !slices.Equal(q.Terms, tt.terms) {
			t.Errorf("Parse(%q).Terms = %q, want %q", tt.in, q.Terms, tt.terms)
		}
		if !slices.EqualFunc(q.Phrases, tt.phrases, slices.Equal) {
			t.Errorf("Parse(%q).Phrases = %q, want %q", tt.in, q.Phrases, tt.phrases)
		}
		if !slices.Equal(q.Exact, tt.exact) {
			t.Errorf("Parse(%q).Exact = %q, want %q", tt.in, q.Exact, tt.exact)
		}
		if q.Raw != strings.TrimSpace(tt.in) {
			t.Errorf("Parse(%q).Raw = %q", tt.in, q.Raw)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("a", 10000),
		strings.Repeat("ư", MaxQueryRunes+1),
		"!!! ??? ...",
		`" " — …`,
		"\u200b",
		"đuối\xffnước",
	} {
		_, err := Parse(in)
		var e *errs.Error
		if !errors.As(err, &e) || e.Field != "q" || e.Code != errs.Invalid || e.VI == "" || e.EN == "" {
			t.Errorf("Parse(%.20q) = %v, want an invalid field error on q in both languages", in, err)
		}
	}
	long, err := Parse(strings.Repeat("ư", MaxQueryRunes))
	if err != nil || len(long.Terms) != 1 {
		t.Errorf("Parse of %d runes (%d bytes) = %v, %v; want accepted", MaxQueryRunes, len(strings.Repeat("ư", MaxQueryRunes)), long, err)
	}
	for _, in := range []string{"", "  \t\u00a0\n"} {
		q, err := Parse(in)
		if err != nil || !q.Empty() || q.Raw != "" || q.FTS5() != "" || q.TSQuery() != "" {
			t.Errorf("Parse(%q) = %+v, %v; want an empty query and no error", in, q, err)
		}
	}
}

func TestEngineQueries(t *testing.T) {
	tests := []struct {
		q          Query
		fts5, tsq  string
		fromString string
	}{
		{fromString: "đuối nước", fts5: `"duoi" AND "nuoc"`, tsq: `'duoi' & 'nuoc'`},
		{fromString: `"an toàn giao thông"`, fts5: `"an toan giao thong"`, tsq: `('an' <-> 'toan' <-> 'giao' <-> 'thong')`},
		{fromString: `trẻ em "an toàn" "giao thông`, fts5: `"tre" AND "em" AND "an toan" AND "giao thong"`, tsq: `'tre' & 'em' & ('an' <-> 'toan') & ('giao' <-> 'thong')`},
		{fromString: "O'Brien", fts5: `"o" AND "brien"`, tsq: `'o' & 'brien'`},
		{fromString: "AND OR NOT NEAR", fts5: `"and" AND "or" AND "not" AND "near"`, tsq: `'and' & 'or' & 'not' & 'near'`},
		// Built by hand, not by Parse: quotes and backslashes are escaped
		// all the same, and empty words are left out.
		{q: Query{Terms: []string{`a"b`, "it's", `c\d`, ""}, Phrases: [][]string{{"x'y", `z"`}, {""}}},
			fts5: `"a""b" AND "it's" AND "c\d" AND "x'y z"""`, tsq: `'a"b' & 'it''s' & 'c\\d' & ('x''y' <-> 'z"')`},
		{q: Query{}, fts5: "", tsq: ""},
	}
	for _, tt := range tests {
		q := tt.q
		if tt.fromString != "" {
			q = mustParse(t, tt.fromString)
		}
		if got := q.FTS5(); got != tt.fts5 {
			t.Errorf("FTS5 of %q %v = %s, want %s", tt.fromString, q, got, tt.fts5)
		}
		if got := q.TSQuery(); got != tt.tsq {
			t.Errorf("TSQuery of %q %v = %s, want %s", tt.fromString, q, got, tt.tsq)
		}
	}
}

func TestIndex(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Quyết định số 1989/QĐ-BGDĐT ngày 25/5/2018", "quyet dinh so 1989 qd bgddt ngay 25 5 2018"},
		{"  Trẻ em,\n\tbình đẳng giới. ", "tre em binh dang gioi"},
		{"", ""},
		{"!!!", ""},
		// A word longer than any query is left out: nothing could find it.
		{"trước " + strings.Repeat("x", MaxQueryRunes+1) + " sau", "truoc sau"},
		{strings.Repeat("ư", MaxQueryRunes), strings.Repeat("u", MaxQueryRunes)},
	}
	for _, tt := range tests {
		if got := Index(tt.in); got != tt.want {
			t.Errorf("Index(%.40q) = %.40q, want %.40q", tt.in, got, tt.want)
		}
	}
}

// TestWordsAgreeWithTokens checks the one thing matching relies on: the
// words found in a text as written fold to exactly the tokens the engines
// index.
func TestWordsAgreeWithTokens(t *testing.T) {
	for _, s := range []string{
		benchBody, norm.NFD.String(benchBody), "240/LĐTBXH-TE&BĐG", "tr\u200bẻ\ufeff em", "a \u0301b ≠ c\u0338",
		"\u212a\u212b ΅ Привет, 世界", "a\xffb", "0\u1af30", "",
	} {
		if got, want := foldedWords(t, s), vntext.Tokens(s); !slices.Equal(got, want) {
			t.Errorf("words of %+q fold to %q, Tokens gives %q", s, got, want)
		}
	}
}

// foldedWords folds the words of s as the matcher does, failing when that
// differs from vntext.Fold.
func foldedWords(t *testing.T, s string) []string {
	t.Helper()
	out := []string{}
	for w := range words(s) {
		word := s[w.start:w.end]
		f := string(appendFold(nil, word))
		if want := vntext.Fold(word); f != want {
			t.Errorf("word %+q folds to %q, vntext.Fold gives %q", word, f, want)
		}
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

func TestScore(t *testing.T) {
	q := mustParse(t, "đuối nước")
	const title, body = "Phòng chống đuối nước cho trẻ em", "Trẻ em cần học bơi."
	s1 := Score(q, title, "Hè này trẻ em đi bơi.")
	s2 := Score(q, "Hè này trẻ em đi bơi", "Phòng chống đuối nước cho trẻ em.")
	if s1 <= s2 {
		t.Errorf("title match %v, body match %v: want the title match higher", s1, s2)
	}
	exact := Score(q, "Tin ngắn", "Phòng, chống đuối nước.")
	other := Score(q, "Tin ngắn", "Phòng, chống duối nuộc.")
	if exact <= other {
		t.Errorf("same diacritics %v, other diacritics %v: want the same diacritics higher", exact, other)
	}
	// Without diacritics the reader chose no spelling: both rank alike.
	plain := mustParse(t, "duoi nuoc")
	if a, b := Score(plain, "Tin ngắn", "đuối nước"), Score(plain, "Tin ngắn", "duối nuộc"); a != b {
		t.Errorf("query without diacritics ranks %v and %v, want equal", a, b)
	}
	// The tone placement and normalization form of the text do not count.
	hb := mustParse(t, "Hòa Bình")
	if a, b, c := Score(hb, "Tỉnh Hoà Bình", ""), Score(hb, "Tỉnh Hòa Bình", ""), Score(hb, norm.NFD.String("Tỉnh Hoà Bình"), ""); a != b || a != c {
		t.Errorf("Hoà/Hòa/NFD titles rank %v, %v, %v; want equal", a, b, c)
	}

	ph := mustParse(t, `"an toàn giao thông"`)
	together := Score(ph, "Tin ngắn", "Tuần lễ an toàn giao thông")
	apart := Score(ph, "Tin ngắn", "Giao thông: tuần lễ an toàn")
	if together <= apart {
		t.Errorf("phrase together %v, its words apart %v: want together higher", together, apart)
	}
	if a, b := Score(ph, "An toàn giao thông", ""), Score(ph, "", "An toàn giao thông"); a <= b {
		t.Errorf("phrase in title %v, in body %v: want the title higher", a, b)
	}

	// The rules add up as documented: terms 10 in the title and 1 (+0.1
	// per repetition) in the body, exact words 6 and 2, the query's words
	// together in the title 5.
	want := 2*10.0 + 2*6 + 5 + // title: both terms, both exact, the whole query
		1 + 2 + // body: "đuối" once, exactly
		1 + 0.1*4 + 2 // body: "nước" 6 times, counted up to 5, exactly
	got := Score(q, title, body+" Đuối nước, nước, nước nước; nước nước.")
	if diff := got - want; diff > 1e-9 || diff < -1e-9 {
		t.Errorf("Score = %v, want %v", got, want)
	}
	if Score(Query{}, title, body) != 0 {
		t.Error("the empty query scores above 0")
	}
	if a, b := Score(q, title, benchBody), Score(q, title, benchBody); a != b {
		t.Errorf("Score not deterministic: %v then %v", a, b)
	}
}

func TestSnippet(t *testing.T) {
	q := mustParse(t, "trẻ em")
	text := "Kế hoạch năm 2024. Công tác bảo vệ Trẻ Em được quan tâm. Cuối năm tổng kết."
	got := string(Snippet(q, text, 200))
	want := "Kế hoạch năm 2024. Công tác bảo vệ <mark>Trẻ</mark> <mark>Em</mark> được quan tâm. Cuối năm tổng kết."
	if got != want {
		t.Errorf("Snippet =\n%s\nwant\n%s", got, want)
	}

	// Text is escaped; markup in it never comes through.
	got = string(Snippet(mustParse(t, "script"), `<script>alert("x")</script> & 'trẻ'`, 100))
	want = `&lt;<mark>script</mark>&gt;alert(&#34;x&#34;)&lt;/<mark>script</mark>&gt; &amp; &#39;trẻ&#39;`
	if got != want {
		t.Errorf("Snippet =\n%s\nwant\n%s", got, want)
	}

	// A long text is cut at words around the match, with "…" where text was
	// left out, and white space on one line.
	long := strings.Repeat("Lời mở đầu dài dòng về nhiều việc khác nhau.\n", 10) +
		"Năm nay, công tác phòng chống đuối nước cho trẻ em được chú trọng. " +
		strings.Repeat("Phần kết luận cũng dài dòng như thế. ", 10)
	got = string(Snippet(mustParse(t, "đuối nước"), long, 80))
	if !strings.HasPrefix(got, ellipsis) || !strings.HasSuffix(got, ellipsis) ||
		!strings.Contains(got, "<mark>đuối</mark> <mark>nước</mark>") || strings.Contains(got, "\n") {
		t.Errorf("Snippet of a long text = %q", got)
	}
	checkLength(t, got, 80)

	// NFD words are marked whole, marks included, and stay NFD.
	nfd := norm.NFD.String("Phòng chống đuối nước cho trẻ em")
	got = string(Snippet(mustParse(t, "tre"), nfd, 100))
	if want := "<mark>" + norm.NFD.String("trẻ") + "</mark>"; !strings.Contains(got, want) {
		t.Errorf("Snippet of NFD text = %+q, want it to hold %+q", got, want)
	}

	// The window with the most distinct terms wins over an earlier one
	// with fewer.
	text = "Trẻ em đi học. " + strings.Repeat("Một câu không liên quan gì cả. ", 8) +
		"Bảo vệ trẻ em khỏi đuối nước là việc của mọi người. " + strings.Repeat("Thêm câu cuối. ", 8)
	got = string(Snippet(mustParse(t, "trẻ em đuối nước"), text, 60))
	if !strings.Contains(got, "<mark>đuối</mark>") || strings.Contains(got, "đi học") {
		t.Errorf("Snippet chose %q, want the window with all the words", got)
	}

	// A phrase marks its words where they come together, and only there.
	text = "An toàn là trên hết. Tuần lễ an toàn giao thông bắt đầu."
	got = string(Snippet(mustParse(t, `"an toàn giao thông"`), text, 200))
	want = "An toàn là trên hết. Tuần lễ <mark>an</mark> <mark>toàn</mark> <mark>giao</mark> <mark>thông</mark> bắt đầu."
	if got != want {
		t.Errorf("Snippet =\n%s\nwant\n%s", got, want)
	}

	// Nothing matches: the start of the text, cut at a word.
	got = string(Snippet(mustParse(t, "xyz"), "  Kế hoạch thực hiện công tác trẻ em năm 2024", 20))
	if want := "Kế hoạch thực hiện…"; got != want {
		t.Errorf("Snippet without match = %q, want %q", got, want)
	}
	if got := Snippet(q, "", 50); got != "" {
		t.Errorf("Snippet of empty text = %q", got)
	}
	if got := Snippet(q, text, 0); got != "" {
		t.Errorf("Snippet of 0 runes = %q", got)
	}
	// One word longer than the window is cut inside.
	if got := string(Snippet(Query{}, strings.Repeat("x", 50), 10)); got != strings.Repeat("x", 10)+ellipsis {
		t.Errorf("Snippet of a long word = %q", got)
	}
}

// TestSnippetLength checks n at every size: the visible text never exceeds
// n runes by more than the closing punctuation kept, and fills most of it.
func TestSnippetLength(t *testing.T) {
	q := mustParse(t, "đuối nước trẻ em")
	for n := 10; n <= 400; n += 7 {
		got := string(Snippet(q, benchBody, n))
		checkLength(t, got, n)
	}
}

// TestSnippetStopsEarly checks that a long text with an early match is not
// read to its end, and that the snippet is the one reading it all gives.
func TestSnippetStopsEarly(t *testing.T) {
	long := strings.Repeat(benchBody+"\n", 20)
	for _, qs := range []string{"trẻ em", "đuối nước trẻ", `"an toàn giao thông" sông`, "nhận thức xyz", "vùng"} {
		q := mustParse(t, qs)
		m := newMatcher(q)
		for _, n := range []int{1, 30, 200, 1000} {
			early, all := m.find(long, n), m.find(long, 0)
			if got, want := m.snippet(long, n, early), m.snippet(long, n, all); got != want {
				t.Errorf("%q, %d runes: stopping early gives %q, reading everything %q", qs, n, got, want)
			}
			// A window of 200 runes holds all the words of each query but
			// the one with a word the text lacks; a smaller one may not,
			// and then no window is settled before the end.
			if n >= 200 && qs != "nhận thức xyz" && len(early) >= len(all)/2 {
				t.Errorf("%q, %d runes: read %d hits of %d", qs, n, len(early), len(all))
			}
		}
	}
}

// checkLength fails when the visible text of snippet s is more than n runes
// (and 3 runes of closing punctuation), or less than n less a long word.
func checkLength(t *testing.T, s string, n int) {
	t.Helper()
	v := visible(s)
	v = strings.TrimSuffix(strings.TrimPrefix(v, ellipsis), ellipsis)
	if c := utf8.RuneCountInString(v); c > n+3 || c < n-15 {
		t.Errorf("Snippet of %d runes shows %d: %q", n, c, v)
	}
}

// visible is the text a snippet shows.
func visible(s string) string {
	s = strings.ReplaceAll(s, "<mark>", "")
	s = strings.ReplaceAll(s, "</mark>", "")
	return html.UnescapeString(s)
}

func TestHighlight(t *testing.T) {
	q := mustParse(t, `"bình đẳng" giới`)
	got := string(Highlight(q, "Bình đẳng giới & <b>trẻ em</b>; bình thường"))
	want := "<mark>Bình</mark> <mark>đẳng</mark> <mark>giới</mark> &amp; &lt;b&gt;trẻ em&lt;/b&gt;; bình thường"
	if got != want {
		t.Errorf("Highlight =\n%s\nwant\n%s", got, want)
	}
	title := "Sở  LĐ-TB&XH\ntỉnh  Hoà Bình"
	if got := visible(string(Highlight(mustParse(t, "hoa binh"), title))); got != title {
		t.Errorf("Highlight changed the text: %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"đuối nước", `"an toàn giao thông" trẻ`, `"a`, `""`, "O'Brien", `a\b`, "“x” „y", "\xff", "!!!", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			return
		}
		if len(q.Terms) > MaxTerms || len(q.Exact) > MaxTerms {
			t.Errorf("Parse(%q) keeps %d terms and %d exact words", s, len(q.Terms), len(q.Exact))
		}
		words := len(q.Terms)
		for _, p := range q.Phrases {
			words += len(p)
		}
		if words > MaxTerms {
			t.Errorf("Parse(%q) keeps %d words", s, words)
		}
		tokens := vntext.Tokens(s)
		for _, w := range slices.Concat(append([][]string{q.Terms}, q.Phrases...)...) {
			if w == "" || !slices.Contains(tokens, w) {
				t.Errorf("Parse(%q) gives %q, not a token of the query", s, w)
			}
		}
		if q.Empty() != (q.Raw == "") {
			t.Errorf("Parse(%q) = %+v: empty but raw, or raw but empty", s, q)
		}
		fts, tsq := q.FTS5(), q.TSQuery()
		if strings.Count(fts, `"`)%2 != 0 || strings.Count(tsq, "'")%2 != 0 {
			t.Errorf("Parse(%q): unbalanced quotes in %s or %s", s, fts, tsq)
		}
		if q.Empty() != (fts == "") || q.Empty() != (tsq == "") {
			t.Errorf("Parse(%q): FTS5 %q, TSQuery %q for %+v", s, fts, tsq, q)
		}
	})
}

func FuzzSnippet(f *testing.F) {
	f.Add("trẻ em", "Bảo vệ <b>trẻ em</b> & phụ nữ", 40)
	f.Add(`"an toàn"`, norm.NFD.String("Tuần lễ An toàn giao thông"), 10)
	f.Add("đuối", benchBody, 120)
	f.Add("x", "a\x00<\xff>x", 3)
	f.Add("a b", "a\u0301 \u0301 b\u200b a  b", 1)
	f.Add("00", "\xc40\u1af30", 5) // an unassigned code point among the marks: folding removes it
	f.Fuzz(func(t *testing.T, query, text string, n int) {
		n %= 1000
		q, _ := Parse(query)
		for _, out := range []string{string(Snippet(q, text, n)), string(Highlight(q, text))} {
			if !utf8.ValidString(out) {
				t.Errorf("output not valid UTF-8: %q", out)
			}
			if rest := strings.ReplaceAll(strings.ReplaceAll(out, "<mark>", ""), "</mark>", ""); strings.Contains(rest, "<") {
				t.Errorf("unescaped < in %q", out)
			}
			if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") || strings.Contains(out, "<mark><mark>") {
				t.Errorf("unbalanced marks in %q", out)
			}
		}
		// Reading the whole text changes nothing.
		if n > 0 {
			m := newMatcher(q)
			text := validUTF8(text)
			if got, want := Snippet(q, text, n), m.snippet(text, n, m.find(text, 0)); got != want {
				t.Errorf("Snippet stopping early = %q, reading everything %q", got, want)
			}
		}
		// Highlight hides nothing and adds nothing.
		want := strings.ReplaceAll(validUTF8(text), "\x00", "\uFFFD")
		if got := visible(string(Highlight(q, text))); got != want {
			t.Errorf("Highlight shows %q of %q", got, text)
		}
		if got, want := foldedWords(t, text), vntext.Tokens(text); !slices.Equal(got, want) {
			t.Errorf("words of %+q fold to %q, Tokens gives %q", text, got, want)
		}
	})
}

// benchBody is about 2 KB of ordinary Vietnamese prose, what Score and
// Snippet read for each candidate.
var benchBody = func() string {
	const s = "Kế hoạch thực hiện công tác trẻ em và bình đẳng giới năm 2024 " +
		"của Sở nhằm nâng cao nhận thức của cán bộ, công chức, viên chức và người " +
		"lao động về phòng, chống tai nạn thương tích, đuối nước cho trẻ em; bảo " +
		"đảm an toàn giao thông cho học sinh trên đường đến trường, nhất là ở " +
		"vùng sâu, vùng xa và các bến đò ngang sông. "
	b := strings.Repeat(s, 2048/len(s)+1)
	return b[:strings.LastIndexByte(b[:2048], ' ')]
}()

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		if _, err := Parse(`phòng chống "đuối nước" cho trẻ em`); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	q := mustParse(b, "phòng chống đuối nước trẻ em")
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		Score(q, "Phòng chống đuối nước cho trẻ em mùa hè 2024", benchBody)
	}
}

func BenchmarkSnippet(b *testing.B) {
	q := mustParse(b, `"an toàn giao thông" học sinh`)
	b.SetBytes(int64(len(benchBody)))
	for b.Loop() {
		Snippet(q, benchBody, 200)
	}
}
