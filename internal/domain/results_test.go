package domain

import (
	"strings"
	"testing"
)

func TestDocNumbers(t *testing.T) {
	cases := []struct {
		number string
		seq    int
		series string
		ok     bool
		symbol string
	}{
		{"15/KH-SGTVT", 15, "KH", true, "SGTVT"},
		{"20/BC-SXD", 20, "BC", true, "SXD"},
		{" 3/QĐ-UBND ", 3, "QĐ", true, "UBND"},
		{"123/SXD-VP", 123, "CV", true, "SXD-VP"}, // an official letter names its drafting unit, not a series
		{"240/LĐTBXH-TE&BĐG", 240, "CV", true, "LĐTBXH-TE&BĐG"},
		{"KH-SGTVT", 0, "", false, ""},
		{"0/KH-SGTVT", 0, "", false, "SGTVT"},
		{"-4/KH-SGTVT", 0, "", false, "SGTVT"},
		{"abc/KH", 0, "", false, ""},
		{"", 0, "", false, ""},
	}
	for _, c := range cases {
		seq, series, ok := ParseDocNumber(c.number)
		if seq != c.seq || series != c.series || ok != c.ok {
			t.Errorf("ParseDocNumber(%q) = %d %q %v, want %d %q %v", c.number, seq, series, ok, c.seq, c.series, c.ok)
		}
		if c.ok {
			if got := SymbolOfNumber(strings.TrimSpace(c.number)); got != c.symbol {
				t.Errorf("SymbolOfNumber(%q) = %q, want %q", c.number, got, c.symbol)
			}
		}
	}
	for _, c := range []struct {
		seq            int
		series, symbol string
		want           string
	}{
		{20, "BC", "SGTVT", "20/BC-SGTVT"},
		{1, "KH", "SXD", "1/KH-SXD"},
		{123, "CV", "SXD-VP", "123/SXD-VP"},
	} {
		if got := FormatDocNumber(c.seq, c.series, c.symbol); got != c.want {
			t.Errorf("FormatDocNumber(%d, %q, %q) = %q, want %q", c.seq, c.series, c.symbol, got, c.want)
		}
	}
	if DocSeries("Báo cáo") != "BC" || DocSeries("KẾ HOẠCH") != "KH" || DocSeries("thư") != "" {
		t.Error("DocSeries")
	}
	if IssuerSymbol("QN-SGTVT") != "SGTVT" || IssuerSymbol("SGTVT") != "SGTVT" {
		t.Error("IssuerSymbol")
	}
}

// FuzzParseDocNumber: a number typed in a plan's header never panics the
// parser, and what it reads prints back to a number it reads the same way.
func FuzzParseDocNumber(f *testing.F) {
	for _, s := range []string{"15/KH-SGTVT", "123/SXD-VP", "1/", "/", "99999999999999999999/BC-X", "7/BC-", "1/QĐ-UBND"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		seq, series, ok := ParseDocNumber(s)
		if !ok {
			return
		}
		if seq < 1 || series == "" {
			t.Fatalf("%q: seq %d series %q", s, seq, series)
		}
		sym := SymbolOfNumber(strings.TrimSpace(s))
		again, series2, ok2 := ParseDocNumber(FormatDocNumber(seq, series, sym))
		if sym != "" && (!ok2 || again != seq || series2 != series) {
			t.Fatalf("%q → %q does not read back", s, FormatDocNumber(seq, series, sym))
		}
	})
}

func TestResultsWorkflow(t *testing.T) {
	steps := []struct {
		from   ResultsStatus
		action string
		to     ResultsStatus
		ok     bool
	}{
		{ResultsDraft, ResultsSubmit, ResultsSubmitted, true},
		{"", ResultsSubmit, ResultsSubmitted, true},
		{ResultsReturned, ResultsSubmit, ResultsSubmitted, true},
		{ResultsSubmitted, ResultsApprove, ResultsApproved, true},
		{ResultsApproved, ResultsSend, ResultsSent, true},
		{ResultsSent, ResultsAccept, ResultsAccepted, true},
		{ResultsSent, ResultsReturn, ResultsReturned, true},
		{ResultsDraft, ResultsApprove, ResultsDraft, false},
		{ResultsDraft, ResultsReturn, ResultsDraft, false},
		{ResultsAccepted, ResultsReturn, ResultsAccepted, false},
		{ResultsSubmitted, ResultsAccept, ResultsSubmitted, false},
	}
	for _, s := range steps {
		got, err := s.from.Next(s.action)
		if got != s.to || (err == nil) != s.ok {
			t.Errorf("%q %s: %q %v", s.from, s.action, got, err)
		}
	}
	if text, err := CheckSectionText(strings.Repeat("a", MaxSectionLen+1)); err == nil || text == "" {
		t.Error("an over-long section passes")
	}
	if text, _ := CheckSectionText("  a\r\nb  "); text != "a\nb" {
		t.Errorf("cleaned %q", text)
	}
}
