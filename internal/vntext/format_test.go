package vntext

import (
	"math"
	"testing"
	"time"
)

func TestFormatInt(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{999, "999"},
		{1000, "1.000"},
		{1234, "1.234"},
		{-1234, "-1.234"},
		{123456, "123.456"},
		{1234567, "1.234.567"},
		{-999, "-999"},
		{math.MaxInt64, "9.223.372.036.854.775.807"},
		{math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		if got := FormatInt(tt.in); got != tt.want {
			t.Errorf("FormatInt(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{1234567, "1.234.567 đ"},
		{0, "0 đ"},
		{-50000, "-50.000 đ"},
	}
	for _, tt := range tests {
		if got := FormatMoney(tt.in); got != tt.want {
			t.Errorf("FormatMoney(%d) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestFormatDecimal(t *testing.T) {
	tests := []struct {
		f        float64
		decimals int
		want     string
	}{
		{1234.5, 1, "1.234,5"},
		{1234.5, 2, "1.234,50"},
		{1234.5, 0, "1.234"}, // half to even
		{1235.5, 0, "1.236"},
		{-1234567.891, 2, "-1.234.567,89"},
		{999.999, 2, "1.000,00"},
		{0, 2, "0,00"},
		{0.25, -1, "0,25"},
		{65.5, -1, "65,5"},
		{1e6, -1, "1.000.000"},
		{-0.04, 1, "0,0"},
		{math.Copysign(0, -1), 0, "0"},
		{math.NaN(), 2, "NaN"},
		{math.Inf(1), 2, "+∞"},
		{math.Inf(-1), 2, "-∞"},
	}
	for _, tt := range tests {
		if got := FormatDecimal(tt.f, tt.decimals); got != tt.want {
			t.Errorf("FormatDecimal(%v, %d) = %q, want %q", tt.f, tt.decimals, got, tt.want)
		}
	}
}

func TestFormatDate(t *testing.T) {
	vn := time.Date(2024, 2, 10, 15, 16, 59, 0, Location)
	if got, want := FormatDate(vn), "10/02/2024"; got != want {
		t.Errorf("FormatDate = %q, want %q", got, want)
	}
	if got, want := FormatDateTime(vn), "10/02/2024 15:16"; got != want {
		t.Errorf("FormatDateTime = %q, want %q", got, want)
	}
	// Late evening UTC is already the next day in Vietnam: the functions
	// use the time's own location, and converting is the caller's job.
	utc := time.Date(2024, 12, 31, 20, 30, 0, 0, time.UTC)
	if got, want := FormatDateTime(utc), "31/12/2024 20:30"; got != want {
		t.Errorf("FormatDateTime(UTC) = %q, want %q", got, want)
	}
	if got, want := FormatDateTime(utc.In(Location)), "01/01/2025 03:30"; got != want {
		t.Errorf("FormatDateTime(in Location) = %q, want %q", got, want)
	}
	if got, want := FormatDate(utc.In(Location)), "01/01/2025"; got != want {
		t.Errorf("FormatDate(in Location) = %q, want %q", got, want)
	}
}

func TestLocation(t *testing.T) {
	if Location == nil {
		t.Fatal("Location is nil")
	}
	for _, year := range []int{1976, 2000, 2024, 2100} {
		for _, month := range []time.Month{time.January, time.July} {
			_, off := time.Date(year, month, 1, 12, 0, 0, 0, Location).Zone()
			if off != 7*3600 {
				t.Errorf("offset in %d-%02d = %ds, want %d", year, month, off, 7*3600)
			}
		}
	}
	fixed := fixedZone()
	if _, off := time.Date(2024, 6, 1, 0, 0, 0, 0, fixed).Zone(); off != 7*3600 {
		t.Errorf("fallback zone offset = %d, want %d", off, 7*3600)
	}
}

func FuzzFormatInt(f *testing.F) {
	for _, n := range []int64{0, 1, -1, 999, 1000, -1000, math.MaxInt64, math.MinInt64} {
		f.Add(n)
	}
	f.Fuzz(func(t *testing.T, n int64) {
		s := FormatInt(n)
		got, err := ParseInt(s)
		if err != nil || got != n {
			t.Errorf("ParseInt(FormatInt(%d) = %q) = %d, %v", n, s, got, err)
		}
	})
}

func BenchmarkFormatInt(b *testing.B) {
	for b.Loop() {
		FormatInt(-1234567890)
	}
}

func BenchmarkFormatDecimal(b *testing.B) {
	for b.Loop() {
		FormatDecimal(1234567.891, 2)
	}
}
