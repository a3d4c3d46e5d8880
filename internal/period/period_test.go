package period

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"tebdg/internal/errs"
)

// day parses a yyyy-mm-dd test date.
func day(t testing.TB, s string) time.Time {
	t.Helper()
	d, err := time.Parse(time.DateOnly, s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// span is a period as a person checks it: id and dates.
type span struct{ id, start, end string }

func spans(ps []Period) []span {
	out := make([]span, len(ps))
	for i, p := range ps {
		out[i] = span{p.ID, p.Start.Format(time.DateOnly), p.End.Format(time.DateOnly)}
	}
	return out
}

func TestList(t *testing.T) {
	tests := []struct {
		name string
		t    Type
		year int
		r    Rule
		want []span
	}{
		{"months under decree 09, leap year", Monthly, 2024, Decree09, []span{
			{"202401", "2023-12-15", "2024-01-14"}, {"202402", "2024-01-15", "2024-02-14"},
			{"202403", "2024-02-15", "2024-03-14"}, {"202404", "2024-03-15", "2024-04-14"},
			{"202405", "2024-04-15", "2024-05-14"}, {"202406", "2024-05-15", "2024-06-14"},
			{"202407", "2024-06-15", "2024-07-14"}, {"202408", "2024-07-15", "2024-08-14"},
			{"202409", "2024-08-15", "2024-09-14"}, {"202410", "2024-09-15", "2024-10-14"},
			{"202411", "2024-10-15", "2024-11-14"}, {"202412", "2024-11-15", "2024-12-14"},
		}},
		{"calendar months, leap year", Monthly, 2024, Calendar, []span{
			{"202401", "2024-01-01", "2024-01-31"}, {"202402", "2024-02-01", "2024-02-29"},
			{"202403", "2024-03-01", "2024-03-31"}, {"202404", "2024-04-01", "2024-04-30"},
			{"202405", "2024-05-01", "2024-05-31"}, {"202406", "2024-06-01", "2024-06-30"},
			{"202407", "2024-07-01", "2024-07-31"}, {"202408", "2024-08-01", "2024-08-31"},
			{"202409", "2024-09-01", "2024-09-30"}, {"202410", "2024-10-01", "2024-10-31"},
			{"202411", "2024-11-01", "2024-11-30"}, {"202412", "2024-12-01", "2024-12-31"},
		}},
		{"quarters under decree 09", Quarterly, 2025, Decree09, []span{
			{"2025Q1", "2024-12-15", "2025-03-14"}, {"2025Q2", "2025-03-15", "2025-06-14"},
			{"2025Q3", "2025-06-15", "2025-09-14"}, {"2025Q4", "2025-09-15", "2025-12-14"},
		}},
		{"calendar quarters", Quarterly, 2025, Calendar, []span{
			{"2025Q1", "2025-01-01", "2025-03-31"}, {"2025Q2", "2025-04-01", "2025-06-30"},
			{"2025Q3", "2025-07-01", "2025-09-30"}, {"2025Q4", "2025-10-01", "2025-12-31"},
		}},
		{"halves under decree 09", SixMonthly, 2025, Decree09, []span{
			{"2025S1", "2024-12-15", "2025-06-14"}, {"2025S2", "2025-06-15", "2025-12-14"},
		}},
		{"calendar halves", SixMonthly, 2025, Calendar, []span{
			{"2025S1", "2025-01-01", "2025-06-30"}, {"2025S2", "2025-07-01", "2025-12-31"},
		}},
		{"nine months under decree 09", NineMonthly, 2025, Decree09, []span{{"2025N9", "2024-12-15", "2025-09-14"}}},
		{"calendar nine months", NineMonthly, 2025, Calendar, []span{{"2025N9", "2025-01-01", "2025-09-30"}}},
		{"year under decree 09", Yearly, 2025, Decree09, []span{{"2025", "2024-12-15", "2025-12-14"}}},
		{"calendar year", Yearly, 2025, Calendar, []span{{"2025", "2025-01-01", "2025-12-31"}}},
		{"zero rule is decree 09", Quarterly, 2024, "", []span{
			{"2024Q1", "2023-12-15", "2024-03-14"}, {"2024Q2", "2024-03-15", "2024-06-14"},
			{"2024Q3", "2024-06-15", "2024-09-14"}, {"2024Q4", "2024-09-15", "2024-12-14"},
		}},
		{"first year starts in 1899", Yearly, 1900, Decree09, []span{{"1900", "1899-12-15", "1900-12-14"}}},
		{"1900 is not a leap year", Quarterly, 1900, Calendar, []span{
			{"1900Q1", "1900-01-01", "1900-03-31"}, {"1900Q2", "1900-04-01", "1900-06-30"},
			{"1900Q3", "1900-07-01", "1900-09-30"}, {"1900Q4", "1900-10-01", "1900-12-31"},
		}},
		{"last year", Yearly, 2100, Decree09, []span{{"2100", "2099-12-15", "2100-12-14"}}},
		{"last year, calendar halves", SixMonthly, 2100, Calendar, []span{
			{"2100S1", "2100-01-01", "2100-06-30"}, {"2100S2", "2100-07-01", "2100-12-31"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := List(tt.t, tt.year, tt.r)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(spans(got), tt.want) {
				t.Errorf("List(%s, %d, %q)\n got %v\nwant %v", tt.t, tt.year, tt.r, spans(got), tt.want)
			}
			wantRule := tt.r
			if wantRule == "" {
				wantRule = Decree09
			}
			for _, p := range got {
				if p.Type != tt.t || p.Rule != wantRule {
					t.Errorf("%s has type %q rule %q, want %q %q", p.ID, p.Type, p.Rule, tt.t, wantRule)
				}
			}
		})
	}
}

// TestListFebruary checks the calendar month ends that leap years move.
func TestListFebruary(t *testing.T) {
	for year, want := range map[int]string{1900: "1900-02-28", 2000: "2000-02-29", 2023: "2023-02-28", 2024: "2024-02-29", 2100: "2100-02-28"} {
		ps, err := List(Monthly, year, Calendar)
		if err != nil {
			t.Fatal(err)
		}
		if got := ps[1].End.Format(time.DateOnly); got != want {
			t.Errorf("February %d ends %s, want %s", year, got, want)
		}
	}
}

// checkErr holds err to the package's convention: an *errs.Error, Invalid,
// with the Vietnamese and the English message apart.
func checkErr(t *testing.T, what string, err error, vi, en string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %q", what, vi)
		return
	}
	e := errs.As(err)
	if e.Code != errs.Invalid || e.Message("vi") != vi || e.Message("en") != en {
		t.Errorf("%s: %s error\n vi %q\n en %q\nwant invalid\n vi %q\n en %q", what, e.Code, e.Message("vi"), e.Message("en"), vi, en)
	}
}

const (
	typeHintVI = ": dùng monthly, quarterly, sixmonthly, ninemonthly hoặc yearly"
	typeHintEN = "; use monthly, quarterly, sixmonthly, ninemonthly or yearly"
	ruleHintVI = ": dùng decree09 hoặc calendar"
	ruleHintEN = "; use decree09 or calendar"
	idHintVI   = ": dùng 202501, 2025Q1, 2025S1, 2025N9 hoặc 2025"
	idHintEN   = "; use 202501, 2025Q1, 2025S1, 2025N9 or 2025"
)

func TestListErrors(t *testing.T) {
	tests := []struct {
		t      Type
		year   int
		r      Rule
		vi, en string
	}{
		{"weekly", 2025, Decree09, `loại kỳ báo cáo "weekly" không hợp lệ` + typeHintVI, `invalid period type "weekly"` + typeHintEN},
		{"", 2025, Decree09, `loại kỳ báo cáo "" không hợp lệ` + typeHintVI, `invalid period type ""` + typeHintEN},
		{"Monthly", 2025, Decree09, `loại kỳ báo cáo "Monthly" không hợp lệ` + typeHintVI, `invalid period type "Monthly"` + typeHintEN},
		{Monthly, 2025, "lunar", `cách tính kỳ báo cáo "lunar" không hợp lệ` + ruleHintVI, `invalid period rule "lunar"` + ruleHintEN},
		{Monthly, 1899, Decree09, "năm 1899 phải từ 1900 đến 2100", "the year 1899 must be between 1900 and 2100"},
		{Yearly, 2101, Calendar, "năm 2101 phải từ 1900 đến 2100", "the year 2101 must be between 1900 and 2100"},
	}
	for _, tt := range tests {
		got, err := List(tt.t, tt.year, tt.r)
		if got != nil {
			t.Errorf("List(%q, %d, %q) = %v with an error", tt.t, tt.year, tt.r, spans(got))
		}
		checkErr(t, fmt.Sprintf("List(%q, %d, %q)", tt.t, tt.year, tt.r), err, tt.vi, tt.en)
	}
}

// TestListTilesEveryYear is the property reports depend on: under each
// rule, the periods of a type follow one another without gap or overlap,
// cover the year exactly, and run on into the next year's. Nine months is
// the first three quarters.
func TestListTilesEveryYear(t *testing.T) {
	for _, r := range []Rule{Decree09, Calendar} {
		for year := MinYear; year <= MaxYear; year++ {
			yearStart, yearEnd := day(t, "2000-01-01").AddDate(year-2000, 0, 0), day(t, "2000-12-31").AddDate(year-2000, 0, 0)
			if r == Decree09 {
				yearStart, yearEnd = yearStart.AddDate(0, -1, 14), yearEnd.AddDate(0, 0, -17)
			}
			for _, typ := range Types {
				ps, err := List(typ, year, r)
				if err != nil {
					t.Fatal(err)
				}
				first, last := ps[0], ps[len(ps)-1]
				if !first.Start.Equal(yearStart) {
					t.Errorf("%s %s starts %s, want %s", r, first.ID, first.Start.Format(time.DateOnly), yearStart.Format(time.DateOnly))
				}
				wantEnd := yearEnd
				if typ == NineMonthly {
					qs, _ := List(Quarterly, year, r)
					wantEnd = qs[2].End
				}
				if !last.End.Equal(wantEnd) {
					t.Errorf("%s %s ends %s, want %s", r, last.ID, last.End.Format(time.DateOnly), wantEnd.Format(time.DateOnly))
				}
				for i, p := range ps {
					if p.End.Before(p.Start) {
						t.Errorf("%s %s ends before it starts", r, p.ID)
					}
					if i > 0 && !p.Start.Equal(ps[i-1].End.AddDate(0, 0, 1)) {
						t.Errorf("%s: gap or overlap between %s (to %s) and %s (from %s)", r, ps[i-1].ID,
							ps[i-1].End.Format(time.DateOnly), p.ID, p.Start.Format(time.DateOnly))
					}
				}
				if typ != NineMonthly && !last.Next().Start.Equal(last.End.AddDate(0, 0, 1)) {
					t.Errorf("%s: %s is not followed by %s without a gap", r, last.ID, last.Next().ID)
				}
			}
		}
	}
}

func TestParse(t *testing.T) {
	tests := []struct {
		id   string
		r    Rule
		typ  Type
		want span
	}{
		{"202501", Decree09, Monthly, span{"202501", "2024-12-15", "2025-01-14"}},
		{"202512", Calendar, Monthly, span{"202512", "2025-12-01", "2025-12-31"}},
		{"2025Q1", Decree09, Quarterly, span{"2025Q1", "2024-12-15", "2025-03-14"}},
		{"2025Q2", "", Quarterly, span{"2025Q2", "2025-03-15", "2025-06-14"}},
		{"2025Q4", Calendar, Quarterly, span{"2025Q4", "2025-10-01", "2025-12-31"}},
		{"2025S1", Decree09, SixMonthly, span{"2025S1", "2024-12-15", "2025-06-14"}},
		{"2025S2", Calendar, SixMonthly, span{"2025S2", "2025-07-01", "2025-12-31"}},
		{"2025N9", Decree09, NineMonthly, span{"2025N9", "2024-12-15", "2025-09-14"}},
		{"2025", Calendar, Yearly, span{"2025", "2025-01-01", "2025-12-31"}},
		{"1900", Decree09, Yearly, span{"1900", "1899-12-15", "1900-12-14"}},
		{"210012", Calendar, Monthly, span{"210012", "2100-12-01", "2100-12-31"}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.id, tt.r)
		if err != nil {
			t.Errorf("Parse(%q, %q): %v", tt.id, tt.r, err)
			continue
		}
		if got := spans([]Period{p})[0]; got != tt.want || p.Type != tt.typ {
			t.Errorf("Parse(%q, %q) = %v %s, want %v %s", tt.id, tt.r, got, p.Type, tt.want, tt.typ)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, id := range []string{
		"2025Q5", "2025Q0", "202513", "202500", "2025S3", "2025S0", "2025N8", "2025N", "2025Q",
		"abcd", "2025q1", "2025s1", "20251", "2025-01", "2025Q1 ", " 2025", "+202", "-2025",
		"２０２５", "2025N9x", "20250101", "25Q1",
	} {
		_, err := Parse(id, Decree09)
		checkErr(t, fmt.Sprintf("Parse(%q)", id), err,
			fmt.Sprintf("mã kỳ báo cáo %q không hợp lệ", id)+idHintVI, fmt.Sprintf("invalid period id %q", id)+idHintEN)
	}
	long := strings.Repeat("9", 100)
	tests := []struct {
		id     string
		r      Rule
		vi, en string
	}{
		{"", Decree09, "chưa có mã kỳ báo cáo", "no period id given"},
		{"1899Q4", Decree09, `kỳ báo cáo "1899Q4": năm phải từ 1900 đến 2100`, `period "1899Q4": the year must be between 1900 and 2100`},
		{"2101", Calendar, `kỳ báo cáo "2101": năm phải từ 1900 đến 2100`, `period "2101": the year must be between 1900 and 2100`},
		{"2025Q1", "fiscal", `cách tính kỳ báo cáo "fiscal" không hợp lệ` + ruleHintVI, `invalid period rule "fiscal"` + ruleHintEN},
		{long, Decree09, `mã kỳ báo cáo "` + long[:40] + `…" không hợp lệ` + idHintVI, `invalid period id "` + long[:40] + `…"` + idHintEN},
	}
	for _, tt := range tests {
		_, err := Parse(tt.id, tt.r)
		checkErr(t, fmt.Sprintf("Parse(%q, %q)", tt.id, tt.r), err, tt.vi, tt.en)
	}
}

func TestParseTypeAndRule(t *testing.T) {
	for _, typ := range Types {
		if got, err := ParseType(string(typ)); err != nil || got != typ {
			t.Errorf("ParseType(%q) = %q, %v", typ, got, err)
		}
	}
	for _, s := range []string{"", "weekly", "Monthly", " monthly"} {
		got, err := ParseType(s)
		if got != "" {
			t.Errorf("ParseType(%q) = %q with an error", s, got)
		}
		checkErr(t, fmt.Sprintf("ParseType(%q)", s), err,
			fmt.Sprintf("loại kỳ báo cáo %q không hợp lệ", s)+typeHintVI, fmt.Sprintf("invalid period type %q", s)+typeHintEN)
	}
	rules := []struct {
		in   string
		want Rule
	}{{"", Decree09}, {"decree09", Decree09}, {"calendar", Calendar}}
	for _, tt := range rules {
		if got, err := ParseRule(tt.in); err != nil || got != tt.want {
			t.Errorf("ParseRule(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, s := range []string{"Decree09", "lunar", "decree 09"} {
		got, err := ParseRule(s)
		if got != "" {
			t.Errorf("ParseRule(%q) = %q with an error", s, got)
		}
		checkErr(t, fmt.Sprintf("ParseRule(%q)", s), err,
			fmt.Sprintf("cách tính kỳ báo cáo %q không hợp lệ", s)+ruleHintVI, fmt.Sprintf("invalid period rule %q", s)+ruleHintEN)
	}
}

func TestContaining(t *testing.T) {
	tests := []struct {
		date string
		t    Type
		r    Rule
		want string // "" for no period
	}{
		// Decree 09: the 15th opens the next month's periods.
		{"2024-12-20", Monthly, Decree09, "202501"},
		{"2024-12-20", Quarterly, Decree09, "2025Q1"},
		{"2024-12-20", SixMonthly, Decree09, "2025S1"},
		{"2024-12-20", NineMonthly, Decree09, "2025N9"},
		{"2024-12-20", Yearly, Decree09, "2025"},
		{"2024-12-14", Monthly, Decree09, "202412"},
		{"2024-12-14", Yearly, Decree09, "2024"},
		{"2024-12-15", Yearly, Decree09, "2025"},
		{"2025-01-14", Monthly, Decree09, "202501"},
		{"2025-01-15", Monthly, Decree09, "202502"},
		{"2025-03-14", Quarterly, Decree09, "2025Q1"},
		{"2025-03-15", Quarterly, Decree09, "2025Q2"},
		{"2025-06-14", SixMonthly, Decree09, "2025S1"},
		{"2025-06-15", SixMonthly, Decree09, "2025S2"},
		{"2025-12-14", SixMonthly, Decree09, "2025S2"},
		{"2025-12-15", SixMonthly, Decree09, "2026S1"},
		{"2025-09-14", NineMonthly, Decree09, "2025N9"},
		{"2025-09-15", NineMonthly, Decree09, ""},
		{"2025-12-14", NineMonthly, Decree09, ""},
		{"2024-02-29", Monthly, "", "202403"},
		{"2100-12-15", Yearly, Decree09, "2101"}, // arithmetic goes past the bounds
		// Calendar.
		{"2024-12-31", Monthly, Calendar, "202412"},
		{"2024-12-31", Quarterly, Calendar, "2024Q4"},
		{"2024-12-31", Yearly, Calendar, "2024"},
		{"2025-01-01", Monthly, Calendar, "202501"},
		{"2025-01-15", Monthly, Calendar, "202501"},
		{"2024-02-29", Monthly, Calendar, "202402"},
		{"2025-06-30", SixMonthly, Calendar, "2025S1"},
		{"2025-07-01", SixMonthly, Calendar, "2025S2"},
		{"2025-09-30", NineMonthly, Calendar, "2025N9"},
		{"2025-10-01", NineMonthly, Calendar, ""},
		// Nonsense in, zero out.
		{"2025-01-01", "weekly", Decree09, ""},
		{"2025-01-01", Monthly, "lunar", ""},
	}
	for _, tt := range tests {
		p := Containing(tt.t, tt.r, day(t, tt.date))
		if p.ID != tt.want || p.IsZero() != (tt.want == "") {
			t.Errorf("Containing(%s, %q, %s) = %q, want %q", tt.t, tt.r, tt.date, p.ID, tt.want)
		}
		if !p.IsZero() && !p.Contains(day(t, tt.date)) {
			t.Errorf("Containing(%s, %q, %s) = %v, which does not contain the date", tt.t, tt.r, tt.date, spans([]Period{p}))
		}
	}
}

// TestContainingUsesTheDateWhereItIs: 01:00 on the 15th in Vietnam is still
// the 14th in UTC, and the cut-off follows the date the caller passes.
func TestContainingUsesTheDateWhereItIs(t *testing.T) {
	ict := time.FixedZone("ICT", 7*3600)
	vn := time.Date(2024, 12, 15, 1, 0, 0, 0, ict)
	if got := Containing(Monthly, Decree09, vn).ID; got != "202501" {
		t.Errorf("in Vietnam: got %s, want 202501", got)
	}
	if got := Containing(Monthly, Decree09, vn.UTC()).ID; got != "202412" {
		t.Errorf("in UTC: got %s, want 202412", got)
	}
	p, _ := Parse("202501", Decree09)
	if !p.Contains(vn) || p.Contains(vn.UTC()) {
		t.Errorf("Contains disagrees with Containing on %v", vn)
	}
}

// TestContainingAgreesWithList checks every day of some years, boundaries
// included, against the listed periods.
func TestContainingAgreesWithList(t *testing.T) {
	for _, r := range []Rule{Decree09, Calendar} {
		// The last range stops where decree 09's year 2101, past the list
		// bounds, begins.
		for _, dates := range [][2]string{{"1900-01-01", "1901-12-31"}, {"1999-01-01", "2001-12-31"}, {"2023-01-01", "2026-12-31"}, {"2099-01-01", "2100-12-14"}} {
			for d := day(t, dates[0]); !d.After(day(t, dates[1])); d = d.AddDate(0, 0, 1) {
				for _, typ := range Types {
					p := Containing(typ, r, d)
					var holders []string
					for _, y := range []int{d.Year(), d.Year() + 1} {
						ps, err := List(typ, min(y, MaxYear), r)
						if err != nil {
							t.Fatal(err)
						}
						for _, q := range ps {
							if q.Contains(d) && !slices.Contains(holders, q.ID) {
								holders = append(holders, q.ID)
							}
						}
					}
					want := ""
					if len(holders) == 1 {
						want = holders[0]
					} else if len(holders) > 1 {
						t.Fatalf("%s %s: %s is in %v", r, typ, d.Format(time.DateOnly), holders)
					}
					if p.ID != want {
						t.Fatalf("Containing(%s, %s, %s) = %q, listed periods say %q", typ, r, d.Format(time.DateOnly), p.ID, want)
					}
				}
			}
		}
	}
}

func TestNextPrevSameLastYear(t *testing.T) {
	tests := []struct {
		id   string
		r    Rule
		next span
		prev span
		last span
	}{
		{"202512", Decree09, span{"202601", "2025-12-15", "2026-01-14"}, span{"202511", "2025-10-15", "2025-11-14"}, span{"202412", "2024-11-15", "2024-12-14"}},
		{"202501", Calendar, span{"202502", "2025-02-01", "2025-02-28"}, span{"202412", "2024-12-01", "2024-12-31"}, span{"202401", "2024-01-01", "2024-01-31"}},
		{"2025Q4", Decree09, span{"2026Q1", "2025-12-15", "2026-03-14"}, span{"2025Q3", "2025-06-15", "2025-09-14"}, span{"2024Q4", "2024-09-15", "2024-12-14"}},
		{"2025Q1", Calendar, span{"2025Q2", "2025-04-01", "2025-06-30"}, span{"2024Q4", "2024-10-01", "2024-12-31"}, span{"2024Q1", "2024-01-01", "2024-03-31"}},
		{"2025S2", Decree09, span{"2026S1", "2025-12-15", "2026-06-14"}, span{"2025S1", "2024-12-15", "2025-06-14"}, span{"2024S2", "2024-06-15", "2024-12-14"}},
		{"2025N9", Calendar, span{"2026N9", "2026-01-01", "2026-09-30"}, span{"2024N9", "2024-01-01", "2024-09-30"}, span{"2024N9", "2024-01-01", "2024-09-30"}},
		{"2025", Decree09, span{"2026", "2025-12-15", "2026-12-14"}, span{"2024", "2023-12-15", "2024-12-14"}, span{"2024", "2023-12-15", "2024-12-14"}},
		// Past the year bounds the arithmetic goes on (see Next).
		{"2100Q4", Calendar, span{"2101Q1", "2101-01-01", "2101-03-31"}, span{"2100Q3", "2100-07-01", "2100-09-30"}, span{"2099Q4", "2099-10-01", "2099-12-31"}},
		{"190001", Decree09, span{"190002", "1900-01-15", "1900-02-14"}, span{"189912", "1899-11-15", "1899-12-14"}, span{"189901", "1898-12-15", "1899-01-14"}},
	}
	for _, tt := range tests {
		p, err := Parse(tt.id, tt.r)
		if err != nil {
			t.Fatal(err)
		}
		got := spans([]Period{p.Next(), p.Prev(), p.SameLastYear()})
		if want := []span{tt.next, tt.prev, tt.last}; !slices.Equal(got, want) {
			t.Errorf("%s %s: next, prev, same last year\n got %v\nwant %v", tt.r, tt.id, got, want)
		}
		if back := p.Next().Prev(); back != p {
			t.Errorf("%s %s: Next then Prev gives %v", tt.r, tt.id, back)
		}
	}
	for _, p := range []Period{{}, {ID: "2025Q1", Type: Monthly}, {ID: "2025Q1", Type: Quarterly, Rule: "lunar"}} {
		if !p.Next().IsZero() || !p.Prev().IsZero() || !p.SameLastYear().IsZero() {
			t.Errorf("invalid period %+v moves to a valid one", p)
		}
	}
}

func TestSubPeriods(t *testing.T) {
	tests := []struct {
		id   string
		sub  Type
		want []string
	}{
		{"2025Q1", Monthly, []string{"202501", "202502", "202503"}},
		{"2025Q3", Monthly, []string{"202507", "202508", "202509"}},
		{"2025", Quarterly, []string{"2025Q1", "2025Q2", "2025Q3", "2025Q4"}},
		{"2025", SixMonthly, []string{"2025S1", "2025S2"}},
		{"2025", Monthly, []string{"202501", "202502", "202503", "202504", "202505", "202506", "202507", "202508", "202509", "202510", "202511", "202512"}},
		{"2025S1", Quarterly, []string{"2025Q1", "2025Q2"}},
		{"2025S2", Quarterly, []string{"2025Q3", "2025Q4"}},
		{"2025S2", Monthly, []string{"202507", "202508", "202509", "202510", "202511", "202512"}},
		{"2025N9", Quarterly, []string{"2025Q1", "2025Q2", "2025Q3"}},
		{"2025N9", Monthly, []string{"202501", "202502", "202503", "202504", "202505", "202506", "202507", "202508", "202509"}},
		{"2025Q2", Quarterly, []string{"2025Q2"}},
		{"2025N9", NineMonthly, []string{"2025N9"}},
		// No exact tiling.
		{"2025", NineMonthly, nil},
		{"2025N9", SixMonthly, nil},
		{"2025S2", NineMonthly, nil},
		{"2025Q1", Yearly, nil},
		{"202501", Quarterly, nil},
		{"2025", "weekly", nil},
	}
	for _, r := range []Rule{Decree09, Calendar} {
		for _, tt := range tests {
			p, err := Parse(tt.id, r)
			if err != nil {
				t.Fatal(err)
			}
			subs := p.SubPeriods(tt.sub)
			var got []string
			for _, s := range subs {
				got = append(got, s.ID)
				if s.Rule != p.Rule || s.Type != tt.sub {
					t.Errorf("%s %s → %s has rule %q type %q", r, tt.id, s.ID, s.Rule, s.Type)
				}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("%s: %s.SubPeriods(%s) = %v, want %v", r, tt.id, tt.sub, got, tt.want)
			}
			if len(subs) > 0 && (!subs[0].Start.Equal(p.Start) || !subs[len(subs)-1].End.Equal(p.End)) {
				t.Errorf("%s: %s.SubPeriods(%s) spans %v, not the period's own dates", r, tt.id, tt.sub, spans(subs))
			}
		}
	}
	if got := (Period{}).SubPeriods(Monthly); got != nil {
		t.Errorf("zero Period has sub-periods %v", got)
	}
}

func TestLabel(t *testing.T) {
	tests := []struct {
		id, vi, en string
	}{
		{"202501", "Tháng 01/2025", "January 2025"},
		{"202512", "Tháng 12/2025", "December 2025"},
		{"2025Q1", "Quý I/2025", "Q1 2025"},
		{"2025Q2", "Quý II/2025", "Q2 2025"},
		{"2025Q3", "Quý III/2025", "Q3 2025"},
		{"2025Q4", "Quý IV/2025", "Q4 2025"},
		{"2025S1", "6 tháng đầu năm 2025", "First half of 2025"},
		{"2025S2", "6 tháng cuối năm 2025", "Second half of 2025"},
		{"2025N9", "9 tháng năm 2025", "Nine months of 2025"},
		{"2025", "Năm 2025", "Year 2025"},
	}
	for _, tt := range tests {
		for _, r := range []Rule{Decree09, Calendar} {
			p, err := Parse(tt.id, r)
			if err != nil {
				t.Fatal(err)
			}
			for lang, want := range map[string]string{"vi": tt.vi, "": tt.vi, "fr": tt.vi, "en": tt.en, "en-GB": tt.en, "EN": tt.en} {
				if got := p.Label(lang); got != want {
					t.Errorf("%s %s Label(%q) = %q, want %q", r, tt.id, lang, got, want)
				}
			}
		}
	}
	if got := (Period{}).Label("vi"); got != "" {
		t.Errorf("zero Period label = %q, want empty", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"202501", "2025Q1", "2025S2", "2025N9", "2025", "2025Q5", "202513", "2025S3", "2025N8", "abcd", "", "1899", "2100Q4", "2025Q\xff"} {
		f.Add(s, false)
	}
	f.Fuzz(func(t *testing.T, id string, calendar bool) {
		r := Decree09
		if calendar {
			r = Calendar
		}
		p, err := Parse(id, r)
		if err != nil {
			if !p.IsZero() {
				t.Errorf("Parse(%q) failed with %v but returned %+v", id, err, p)
			}
			return
		}
		if p.ID != id || p.Rule != r {
			t.Errorf("Parse(%q, %s) = %q rule %q", id, r, p.ID, p.Rule)
		}
		if p.End.Before(p.Start) || !p.Contains(p.Start) || !p.Contains(p.End) {
			t.Errorf("Parse(%q) = %v is not a proper span", id, spans([]Period{p}))
		}
		if got := Containing(p.Type, r, p.Start); got != p {
			t.Errorf("Containing(start of %s) = %s", id, got.ID)
		}
		ps, err := List(p.Type, p.End.Year(), r)
		if err != nil || !slices.Contains(ps, p) {
			t.Errorf("Parse(%q) = %v is not in List(%s, %d): %v", id, spans([]Period{p}), p.Type, p.End.Year(), err)
		}
	})
}

func BenchmarkList(b *testing.B) {
	for b.Loop() {
		_, _ = List(Monthly, 2025, Decree09)
	}
}

func BenchmarkContaining(b *testing.B) {
	d := time.Date(2024, 12, 20, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		Containing(Quarterly, Decree09, d)
	}
}

func BenchmarkParse(b *testing.B) {
	for b.Loop() {
		_, _ = Parse("2025Q1", Decree09)
	}
}
