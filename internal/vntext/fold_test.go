package vntext

import (
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// benchText is ordinary plan prose: what search indexing folds all day.
const benchText = "Kế hoạch thực hiện công tác trẻ em và bình đẳng giới năm 2024 " +
	"của Sở nhằm nâng cao nhận thức của cán bộ, công chức, viên chức và người " +
	"lao động về phòng, chống tai nạn thương tích, đuối nước cho trẻ em; bảo " +
	"đảm an toàn giao thông cho học sinh trên đường đến trường, nhất là ở " +
	"vùng sâu, vùng xa và các bến đò ngang sông."

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"brief example", "Đuối Nước", "duoi nuoc"},
		{"new tone style", "Hoà Bình", "hoa binh"},
		{"old tone style", "Hòa Bình", "hoa binh"},
		{"NFD input", "Ho\u0300a Bi\u0300nh", "hoa binh"},
		{"NFD with vowel and tone mark", "Nguye\u0302\u0303n", "nguyen"},
		{"upper case with horn", "NGƯỜI LAO ĐỘNG", "nguoi lao dong"},
		{"every vowel mark", "ăâêôơư ĂÂÊÔƠƯ đĐ", "aaeoou aaeoou dd"},
		{"whitespace runs collapse and trim", "  Trẻ\u00a0em\t\tvà\n bình   đẳng giới  ", "tre em va binh dang gioi"},
		{"other unicode spaces", "a\u2003b\u3000c\u202fd\u2009e", "a b c d e"},
		{"zero-width characters vanish", "tr\u200bẻ\ufeff em\u200d", "tre em"},
		{"punctuation kept", "240/LĐTBXH-TE&BĐG", "240/ldtbxh-te&bdg"},
		{"empty", "", ""},
		{"only spaces", " \t\u00a0 ", ""},
		{"already folded", "ke hoach 2024", "ke hoach 2024"},
		{"ascii upper", "ABC Def", "abc def"},
		{"foreign accents", "Café Müller Ñandú", "cafe muller nandu"},
		{"kelvin and angstrom signs", "\u212a\u212b", "ka"},
		{"overlay marks are meaning, not accents", "a ≠ b", "a ≠ b"},
		{"invalid utf-8 becomes U+FFFD", "a\xffb", "a\ufffdb"},
		{"mark after a space", "a \u0301b", "a b"},
		{"non-latin scripts lower-cased only", "ПРИВЕТ 中文", "привет 中文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Fold(tt.in); got != tt.want {
				t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// vietnameseLetters returns every precomposed Vietnamese vowel with every
// tone, lower and upper case, paired with the ASCII letter it folds to. It is
// built from base letters and combining marks so that a typing slip in a
// hand-written list cannot hide a gap.
func vietnameseLetters(t *testing.T) map[string]string {
	t.Helper()
	bases := map[string]string{
		"a": "a", "a\u0306": "a", "a\u0302": "a", "e": "e", "e\u0302": "e",
		"i": "i", "o": "o", "o\u0302": "o", "o\u031b": "o", "u": "u",
		"u\u031b": "u", "y": "y",
	}
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	out := map[string]string{}
	for base, ascii := range bases {
		for _, tone := range tones {
			lower := norm.NFC.String(base + tone)
			if len([]rune(lower)) != 1 {
				t.Fatalf("%q has no precomposed form", base+tone)
			}
			out[lower] = ascii
			out[strings.ToUpper(lower)] = ascii
		}
	}
	if len(out) != 144 { // 12 vowels × 6 tones × 2 cases
		t.Fatalf("built %d letters, want 144", len(out))
	}
	return out
}

func TestFoldEveryVietnameseLetter(t *testing.T) {
	for letter, want := range vietnameseLetters(t) {
		if got := Fold(letter); got != want {
			t.Errorf("Fold(%q) = %q, want %q", letter, got, want)
		}
		if got := Fold(norm.NFD.String(letter)); got != want {
			t.Errorf("Fold(NFD %+q) = %q, want %q", letter, got, want)
		}
	}
}

func TestFoldNFCAndNFDAgree(t *testing.T) {
	for _, s := range []string{benchText, "HOÀ BÌNH, Khánh Hoà; Thừa Thiên Huế", "Ångström Ǖ ǘ ΐ Ῥ"} {
		nfc, nfd := Fold(norm.NFC.String(s)), Fold(norm.NFD.String(s))
		if nfc != nfd {
			t.Errorf("Fold differs for NFC and NFD of %q:\nNFC %q\nNFD %q", s, nfc, nfd)
		}
	}
}

// TestFoldTableIsIdempotent checks the whole table: folding a folded rune
// must not change it again, or a stored folded index would not match a
// freshly folded query.
func TestFoldTableIsIdempotent(t *testing.T) {
	for r := rune(0); r < foldTableSize; r++ {
		f := foldRune(r)
		if f == foldDrop || f == ' ' {
			continue
		}
		if g := foldRune(f); g != f {
			t.Errorf("%U folds to %U, which folds on to %U", r, f, g)
		}
	}
}

func TestFoldAllocations(t *testing.T) {
	if n := testing.AllocsPerRun(100, func() { Fold("ke hoach nam 2024") }); n != 0 {
		t.Errorf("Fold of folded text allocates %v times, want 0", n)
	}
	if n := testing.AllocsPerRun(100, func() { Fold(benchText) }); n != 1 {
		t.Errorf("Fold of Vietnamese text allocates %v times, want 1", n)
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"240/LĐTBXH-TE&BĐG", []string{"240", "ldtbxh", "te", "bdg"}},
		{"Quyết định số 1989/QĐ-BGDĐT ngày 25/5/2018", []string{"quyet", "dinh", "so", "1989", "qd", "bgddt", "ngay", "25", "5", "2018"}},
		{"trẻ em, bình đẳng giới.", []string{"tre", "em", "binh", "dang", "gioi"}},
		{"Hà Nội–Huế", []string{"ha", "noi", "hue"}},
		{"Ho\u0300a\u00a0Bi\u0300nh", []string{"hoa", "binh"}},
		{"tr\u200bẻ em", []string{"tre", "em"}},
		{"Привет, 世界", []string{"привет", "世界"}},
		{"", []string{}},
		{" !!! — ... ", []string{}},
	}
	for _, tt := range tests {
		got := Tokens(tt.in)
		if !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFold(f *testing.F) {
	for _, s := range []string{benchText, "Đuối Nước", "Ho\u0300a  Bi\u0300nh ", "\u212b\u0385 ≠", "a\xffb", "İstanbul", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Fold(s)
		if again := Fold(got); again != got {
			t.Errorf("Fold not idempotent: Fold(%q) = %q, Fold of that = %q", s, got, again)
		}
		if strings.HasPrefix(got, " ") || strings.HasSuffix(got, " ") || strings.Contains(got, "  ") {
			t.Errorf("Fold(%q) = %q has stray spaces", s, got)
		}
		for _, r := range got {
			if r != ' ' && unicode.IsSpace(r) || 'A' <= r && r <= 'Z' || r == 'đ' || isFoldedMark(r) {
				t.Errorf("Fold(%q) = %q still holds %U", s, got, r)
			}
		}
		// Text must fold alike whatever normal form it was typed in. NFD
		// splits a few scripts (Hangul) into pieces Fold keeps apart, so
		// the two results are compared in NFC.
		nfc := norm.NFC.String(Fold(norm.NFC.String(s)))
		nfd := norm.NFC.String(Fold(norm.NFD.String(s)))
		if nfc != nfd {
			t.Errorf("NFC and NFD of %q fold differently: %q vs %q", s, nfc, nfd)
		}
	})
}

func FuzzTokens(f *testing.F) {
	f.Add("240/LĐTBXH-TE&BĐG")
	f.Add(benchText)
	f.Fuzz(func(t *testing.T, s string) {
		for _, tok := range Tokens(s) {
			if tok == "" || Fold(tok) != tok {
				t.Errorf("Tokens(%q) holds token %q that is empty or not folded", s, tok)
			}
			if got := Tokens(tok); len(got) != 1 || got[0] != tok {
				t.Errorf("token %q of %q splits further into %q", tok, s, got)
			}
		}
	})
}

func BenchmarkFold(b *testing.B) {
	for _, bc := range []struct{ name, text string }{
		{"folded", "ke hoach trien khai cong tac tre em nam 2024"},
		{"NFC", benchText},
		{"NFD", norm.NFD.String(benchText)},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(len(bc.text)))
			for b.Loop() {
				Fold(bc.text)
			}
		})
	}
}

func BenchmarkTokens(b *testing.B) {
	b.SetBytes(int64(len(benchText)))
	for b.Loop() {
		Tokens(benchText)
	}
}
