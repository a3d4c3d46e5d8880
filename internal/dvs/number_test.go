package dvs

import (
	"errors"
	"strings"
	"testing"
)

func TestParseNumberIn(t *testing.T) {
	tests := []struct {
		in         string
		vietnamese bool
		want       float64
	}{
		// DHIS2: a dot is the decimal point, nothing groups.
		{"1234", false, 1234},
		{"1234.5", false, 1234.5},
		{"-3", false, -3},
		{"+3", false, 3},
		{"0", false, 0},
		{"007", false, 7},
		{"1.234", false, 1.234}, // DHIS2's reading of the ambiguous case
		{" 12 ", false, 12},
		{"\u00a012\u00a0", false, 12}, // spreadsheets pad with no-break spaces
		{"1.5e3", false, 1500},
		{"1E-2", false, 0.01},
		{"1e-400", false, 0}, // underflow rounds to zero, still finite

		// Vietnamese: a comma is the decimal point, dots group thousands.
		{"1234", true, 1234},
		{"1.234", true, 1234}, // the spreadsheet's reading
		{"1.234.567", true, 1234567},
		{"1.234,5", true, 1234.5},
		{"12,5", true, 12.5},
		{"1234,5", true, 1234.5},
		{"-1.234,75", true, -1234.75},
		{"999.999", true, 999999},
		{"0,5", true, 0.5},
		{"1,5E+03", true, 1500},
	}
	for _, tt := range tests {
		got, err := ParseNumberIn(tt.in, tt.vietnamese)
		if err != nil || got != tt.want {
			t.Errorf("ParseNumberIn(%q, %v) = %v, %v; want %v", tt.in, tt.vietnamese, got, err, tt.want)
		}
	}
}

func TestParseNumberInRejects(t *testing.T) {
	tests := []struct {
		in         string
		vietnamese bool
		want       string // part of the English message
	}{
		{"", false, "no number given"},
		{"   ", true, "no number given"},
		{"12a", false, "is not a number"},
		{"abc", true, "is not a number"},
		{"-", false, "is not a number"},
		{"1 234", false, "is not a number"},
		{"NaN", false, "not a finite number"},
		{"nan", true, "not a finite number"},
		{"Inf", false, "not a finite number"},
		{"-Infinity", false, "not a finite number"},
		{"1e400", false, "too large"},
		{"-1e400", true, "too large"},
		{"0x1p3", false, "is not a number"},
		{"1_000", false, "is not a number"},
		{".5", false, "no digit before the decimal point"},
		{"5.", false, "no digit after the decimal point"},
		{"1e", false, "no digit in the exponent"},
		{"1e+", false, "no digit in the exponent"},
		{"--1", false, "is not a number"},

		// DHIS2 convention: no grouping, no comma.
		{"1.234.567", false, "several dots"},
		{"1,2,3", false, "has a comma"},
		{"1,234", false, "has a comma"},
		{"12,5", false, "has a comma"},
		{"1.234,5", false, "has a comma"},

		// Vietnamese convention: dots must group thousands.
		{"1,2,3", true, "several commas"},
		{"12.5", true, "exactly 3 digits must follow each dot"},
		{"1234.5", true, "exactly 3 digits"},
		{"1234.567", true, "exactly 3 digits"}, // a first group of 4
		{"0.123", true, "exactly 3 digits"},    // a DHIS2 decimal, not 123
		{"1.23.456", true, "exactly 3 digits"},
		{"1..234", true, "exactly 3 digits"},
		{"1.", true, "exactly 3 digits"},
		{"1,5.0", true, "dot after the decimal comma"},
		{",5", true, "no digit before the decimal point"},
	}
	for _, tt := range tests {
		got, err := ParseNumberIn(tt.in, tt.vietnamese)
		var ne *NumberError
		if !errors.As(err, &ne) {
			t.Errorf("ParseNumberIn(%q, %v) = %v, %v; want a *NumberError", tt.in, tt.vietnamese, got, err)
			continue
		}
		if !strings.Contains(ne.MessageEN, tt.want) || ne.Message == "" || ne.Input != tt.in {
			t.Errorf("ParseNumberIn(%q, %v) error = %+v; want English message containing %q", tt.in, tt.vietnamese, ne, tt.want)
		}
		if got := ne.Error(); !strings.HasSuffix(got, "("+ne.MessageEN+")") {
			t.Errorf("Error() = %q; want Vietnamese then English in parentheses", got)
		}
	}
}

func TestParseNumberIsDHIS2(t *testing.T) {
	for _, in := range []string{"1.234", "1234.5", "1.234.567", "12,5"} {
		got, err := ParseNumber(in)
		want, wantErr := ParseNumberIn(in, false)
		if got != want || (err == nil) != (wantErr == nil) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", in, got, err, want, wantErr)
		}
	}
}

func TestOnlyVietnamese(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"12,5", true},
		{"1.234,5", true},
		{"1.234.567", true},
		{"-0,25", true},
		{"1,5E+03", true},
		{"1,234", false},   // English thousands as much as 1,234
		{"12,500", false},  // likewise
		{"1.234", false},   // DHIS2 reads it: proves nothing
		{"1234", false},    // either convention
		{"1,234.5", false}, // English, refused by both
		{"Có, 2 lần", false},
		{"", false},
	}
	for _, tt := range tests {
		if got := onlyVietnamese(tt.in); got != tt.want {
			t.Errorf("onlyVietnamese(%q) = %v; want %v", tt.in, got, tt.want)
		}
	}
}

func TestSetNumber(t *testing.T) {
	v := Value{Value: "1.234"}
	if got, _ := (Set{}).Number(v); got != 1.234 {
		t.Errorf("DHIS2 set: Number(1.234) = %v; want 1.234", got)
	}
	if got, _ := (Set{Vietnamese: true}).Number(v); got != 1234 {
		t.Errorf("Vietnamese set: Number(1.234) = %v; want 1234", got)
	}
}
