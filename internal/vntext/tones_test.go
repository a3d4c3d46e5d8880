package vntext

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalizeTones(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		// oa, oe, uy without a final consonant: the two styles differ.
		{"oa old", "hòa", "hoà"},
		{"oa new", "hoà", "hoà"},
		{"oa sentence", "Hòa Bình", "Hoà Bình"},
		{"oa upper", "HÒA BÌNH", "HOÀ BÌNH"},
		{"oa acute", "Thanh Hóa", "Thanh Hoá"},
		{"oa dot below", "họa sĩ", "hoạ sĩ"},
		{"oa hook", "thỏa thuận", "thoả thuận"},
		{"oa no onset", "òa khóc", "oà khóc"},
		{"oe old", "khỏe", "khoẻ"},
		{"oe new", "khoẻ", "khoẻ"},
		{"oe grave", "xòe", "xoè"},
		{"uy old", "thúy", "thuý"},
		{"uy new", "thuý", "thuý"},
		{"uy no onset", "ủy ban", "uỷ ban"},
		{"uy capital", "Ủy ban", "Uỷ ban"},
		{"uy all caps", "ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN"},
		{"uy tilde", "lũy", "luỹ"},
		{"uy dot below", "Thụy", "Thuỵ"},
		{"uy hook", "thủy lợi", "thuỷ lợi"},
		// qu and gi are initials: the vowel after them carries the tone.
		{"qu single vowel", "quý", "quý"},
		{"qu misplaced tone", "qúy", "quý"},
		{"qu a", "qùa", "quà"},
		{"qu with marked vowel", "quốc", "quốc"},
		{"qu ye", "quyển", "quyển"},
		{"qu y coda", "Quỳnh", "Quỳnh"},
		{"gi single vowel", "giá", "giá"},
		{"gi misplaced tone", "gìa", "già"},
		{"gi marked", "giữ gìn", "giữ gìn"},
		{"gi uo", "giường", "giường"},
		{"gi oi", "giỏi", "giỏi"},
		{"g + i", "gì", "gì"},
		// Marked vowels (ă â ê ô ơ ư) carry the tone.
		{"ươ", "người", "người"},
		{"ươ misplaced", "ngừơi", "người"},
		{"ươu", "rượu", "rượu"},
		{"ưu", "cứu", "cứu"},
		{"ưa", "lửa", "lửa"},
		{"uyê", "Nguyễn", "Nguyễn"},
		{"uyê misplaced", "Nguỹên", "Nguyễn"},
		{"uâ", "tuần", "tuần"},
		{"uô", "uống", "uống"},
		{"uô misplaced", "úông", "uống"},
		{"uơ", "thuở", "thuở"},
		{"oă", "xoắn", "xoắn"},
		{"oă misplaced", "xóăn", "xoắn"},
		{"yê", "yến", "yến"},
		{"ê upper", "KHUYẾN", "KHUYẾN"},
		{"â", "ẩn", "ẩn"},
		{"ă", "ặc", "ặc"},
		{"đ words", "ĐUỐI NƯỚC", "ĐUỐI NƯỚC"},
		// Three vowels: the middle one.
		{"oai", "ngoài", "ngoài"},
		{"oai misplaced", "ngòai", "ngoài"},
		{"uyu", "khủyu", "khuỷu"},
		{"oay", "xoáy", "xoáy"},
		// Two vowels and a final consonant: the second.
		{"oa + n", "hòan", "hoàn"},
		{"uy + t", "húyt", "huýt"},
		// Other pairs without a final consonant: the first.
		{"ua", "của", "của"},
		{"ua misplaced", "cuả", "của"},
		{"ia", "mía", "mía"},
		{"ui", "túi", "túi"},
		{"ai", "máy mái", "máy mái"},
		{"au", "cháu", "cháu"},
		{"eo", "kéo", "kéo"},
		{"single vowel", "ạ ý à", "ạ ý à"},
		// Not Vietnamese syllables: only put in NFC.
		{"french", "café résumé", "café résumé"},
		{"foreign initial", "José", "José"},
		{"diaeresis", "naïve", "naïve"},
		{"two tones", "hòà", "hòà"},
		{"run-together words", "HòaBình", "HòaBình"},
		{"NFD foreign word composed", "cafe\u0301", "café"},
		// Form and surroundings.
		{"NFD input", "ho\u0300a", "hoà"},
		{"NFD marks out of order", "Nguye\u0303\u0302n", "Nguyễn"},
		{"punctuation and digits", "(hòa), khỏe; 2thúy!", "(hoà), khoẻ; 2thuý!"},
		{"unchanged prose", "Sở Giao thông Vận tải tỉnh Quảng Ninh", "Sở Giao thông Vận tải tỉnh Quảng Ninh"},
		{"ascii", "abc 123", "abc 123"},
		{"empty", "", ""},
		{"lone mark", "\u0301a", "\u0301a"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !norm.NFC.IsNormalString(tt.want) {
				t.Fatalf("test table: want %q is not NFC", tt.want)
			}
			got := NormalizeTones(tt.in)
			if got != tt.want {
				t.Errorf("NormalizeTones(%q) = %q, want %q", tt.in, got, tt.want)
			}
			if Fold(got) != Fold(tt.in) {
				t.Errorf("NormalizeTones(%q) changed more than tone placement: %q", tt.in, got)
			}
		})
	}
}

// TestNormalizeTonesUnifiesStyles is the point of NormalizeTones: the same
// word typed in either style comes out as one string.
func TestNormalizeTonesUnifiesStyles(t *testing.T) {
	pairs := [][2]string{
		{"hoà", "hòa"}, {"thuý", "thúy"}, {"khoẻ", "khỏe"}, {"uỷ", "ủy"},
		{"HOÁ", "HÓA"}, {"Thuỷ", "Thủy"}, {"loà xoà", "lòa xòa"},
		{"Khánh Hoà", "Khánh Hòa"}, {"tuỳ", "tùy"}, {"hoạ", "họa"},
	}
	for _, p := range pairs {
		a, b := NormalizeTones(p[0]), NormalizeTones(p[1])
		if a != b {
			t.Errorf("%q → %q but %q → %q; want one form", p[0], a, p[1], b)
		}
		if a != p[0] {
			t.Errorf("%q → %q, want the modern form %q", p[1], a, p[0])
		}
	}
}

func FuzzNormalizeTones(f *testing.F) {
	for _, s := range []string{"Hòa Bình", "thúy khỏe quý giá", "Nguye\u0303\u0302n", "ngòai khủyu", "café", "\u0301a", "a\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := NormalizeTones(s)
		if !norm.NFC.IsNormalString(got) {
			t.Errorf("NormalizeTones(%q) = %q is not NFC", s, got)
		}
		if again := NormalizeTones(got); again != got {
			t.Errorf("not idempotent: %q → %q → %q", s, got, again)
		}
		// Moving a tone never changes the letters, so search sees no
		// difference.
		if a, b := norm.NFC.String(Fold(got)), norm.NFC.String(Fold(s)); a != b {
			t.Errorf("NormalizeTones(%q) = %q folds to %q, input folds to %q", s, got, a, b)
		}
		if nfd := NormalizeTones(norm.NFD.String(s)); nfd != got {
			t.Errorf("NFD and NFC input differ: %q vs %q", nfd, got)
		}
	})
}

func BenchmarkNormalizeTones(b *testing.B) {
	text := strings.Repeat("Hòa Bình, Thanh Hóa, khỏe mạnh, ủy ban. ", 4) + benchText
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		NormalizeTones(text)
	}
}
