package svgchart

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestNiceScale(t *testing.T) {
	tests := []struct {
		lo, hi   float64
		decimals int
		// want
		k0, k1   int
		step     float64
		tickDecs int
	}{
		{0, 87, 0, 0, 5, 20, 0},
		{0, 100, 0, 0, 5, 20, 0},
		{0, 1234567890, 0, 0, 5, 2.5e8, 0},
		{0, 7, 1, 0, 4, 2, 0},
		{0, 3, 0, 0, 3, 1, 0},
		{0, 1, 0, 0, 1, 1, 0},   // counts: no tick at 0,5 người
		{0, 1, 1, 0, 5, 0.2, 1}, // one decimal: fine steps allowed
		{0, 0.87, 2, 0, 5, 0.2, 1},
		{0, 0.3, 1, 0, 3, 0.1, 1}, // 0.3/0.1 must not round up to 4 intervals
		{0, 11, 1, 0, 5, 2.5, 1},
		{0, 110, 0, 0, 5, 25, 0},
		{0, 0, 0, 0, 5, 1, 0},       // all zeros
		{0, 0, 2, 0, 5, 0.01, 2},    // all zeros, two decimals
		{42, 42, 0, 0, 5, 10, 0},    // one value: from zero
		{-42, -42, 0, -5, 0, 10, 0}, // one negative value: up to zero
		{-35, 80, 0, -1, 2, 50, 0},
		{-120, 0, 0, -5, 0, 25, 0},
		{92, 98, 0, 46, 49, 2, 0}, // a line far from zero
		{92.4, 97.9, 1, 46, 49, 2, 0},
		{1e300, 1e300, 0, 0, 5, 2e299, 0}, // no overflow
		{-1e300, 1e300, 0, -2, 2, 5e299, 0},
	}
	for _, tt := range tests {
		got := niceScale(tt.lo, tt.hi, tt.decimals, 5)
		want := scale{k0: tt.k0, k1: tt.k1, step: tt.step, decimals: tt.tickDecs}
		if got.k0 != want.k0 || got.k1 != want.k1 || !approx(got.step, want.step) || got.decimals != want.decimals {
			t.Errorf("niceScale(%v, %v, %d) = %+v, want %+v", tt.lo, tt.hi, tt.decimals, got, want)
		}
	}
}

func approx(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }

// TestNiceScaleProperties checks, over many random ranges, what a reader
// relies on: the ticks cover the data, there are four to six gridlines
// (when the data's precision leaves room for that many), and the step is
// 1, 2, 2.5 or 5 times a power of ten.
func TestNiceScaleProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		mag := math.Pow10(r.IntN(16) - 3)
		a, b := (r.Float64()*2-0.5)*mag, (r.Float64()*2-0.5)*mag
		lo, hi := min(a, b, 0), max(a, b, 0)
		s := niceScale(lo, hi, 6, 5)
		if s.lo() > lo+1e-9*mag || s.hi() < hi-1e-9*mag {
			t.Fatalf("niceScale(%v, %v): ticks %v…%v do not cover the data", lo, hi, s.lo(), s.hi())
		}
		if n := s.intervals(); n < 2 || n > 5 {
			t.Fatalf("niceScale(%v, %v): %d intervals", lo, hi, n)
		}
		if n := s.intervals(); n < 3 && lo >= 0 {
			t.Fatalf("niceScale(%v, %v): only %d intervals for a range from zero", lo, hi, n)
		}
		m := s.step / math.Pow10(int(math.Floor(math.Log10(s.step)+1e-9)))
		if !approx(m, 1) && !approx(m, 2) && !approx(m, 2.5) && !approx(m, 5) {
			t.Fatalf("niceScale(%v, %v): step %v is not round", lo, hi, s.step)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		v        float64
		decimals int
		lang     string
		want     string
	}{
		{1234567890, 0, "vi", "1.234.567.890"},
		{1234567890, 0, "en", "1,234,567,890"},
		{1234.5, 1, "vi", "1.234,5"},
		{1234.5, 1, "en", "1,234.5"},
		{-1234.56, 2, "en", "-1,234.56"},
		{-0.04, 1, "en", "0.0"},
		{math.Copysign(0, -1), 0, "en", "0"},
		{999, 0, "en", "999"},
		{1000, 0, "en", "1,000"},
		{0.5, 0, "en", "0"}, // half to even, as vntext does
	}
	for _, tt := range tests {
		if got := formatNumber(tt.v, tt.decimals, tt.lang); got != tt.want {
			t.Errorf("formatNumber(%v, %d, %q) = %q, want %q", tt.v, tt.decimals, tt.lang, got, tt.want)
		}
	}
}

func TestF1(t *testing.T) {
	tests := []struct {
		in   float64
		want string
	}{
		{12, "12"},
		{12.34, "12.3"},
		{123.45600000000002, "123.5"},
		{-0.04, "0"},
		{0.1 + 0.2, "0.3"},
	}
	for _, tt := range tests {
		if got := f1(tt.in); got != tt.want {
			t.Errorf("f1(%v) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTruncateAndWrap(t *testing.T) {
	const size = 10 // 5.5 px a character
	tests := []struct {
		in   string
		maxW float64
		want string
		cut  bool
	}{
		{"Phòng Tổ chức", 100, "Phòng Tổ chức", false},
		{"Phòng Tổ chức", 55, "Phòng Tổ…", true},
		{"Phòng Tổ chức", 3, "…", true},
		// Decomposed marks stay with their vowel and take no width.
		{"Vie\u0302\u0323t Nam", 40, "Vie\u0302\u0323t N…", true},
	}
	for _, tt := range tests {
		got, cut := truncate(tt.in, tt.maxW, size)
		if got != tt.want || cut != tt.cut {
			t.Errorf("truncate(%q, %v) = %q, %v; want %q, %v", tt.in, tt.maxW, got, cut, tt.want, tt.cut)
		}
	}
	wraps := []struct {
		in   string
		maxW float64
		want []string
		cut  bool
	}{
		{"Phòng Kế hoạch - Tài chính", 80, []string{"Phòng Kế hoạch", "- Tài chính"}, false},
		{"Ban Quản lý bảo trì đường thủy nội địa", 80, []string{"Ban Quản lý", "bảo trì đường…"}, true},
		{"Thanhtrasởgiaothôngvậntải", 60, []string{"Thanhtras…"}, true},
		{"", 60, nil, false},
	}
	for _, tt := range wraps {
		got, cut := wrap(tt.in, tt.maxW, size, 2)
		if !equal(got, tt.want) || cut != tt.cut {
			t.Errorf("wrap(%q, %v) = %q, %v; want %q, %v", tt.in, tt.maxW, got, cut, tt.want, tt.cut)
		}
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
