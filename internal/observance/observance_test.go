package observance

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"tebdg/internal/errs"
)

func date(y, m, d int) time.Time { return time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC) }

// span is an event's code and dates, to compare in tables.
type span struct {
	code       string
	start, end string
}

func spans(events []Event) []span {
	out := make([]span, len(events))
	for i, e := range events {
		out[i] = span{e.Code, e.Start.Format(time.DateOnly), e.End.Format(time.DateOnly)}
	}
	return out
}

func equalSpans(a, b []span) bool {
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

func TestBuiltin(t *testing.T) {
	want := map[string]Rule{
		"womens-day":              {Kind: KindSolar, Month: 3, Day: 8, Name: "Ngày Quốc tế Phụ nữ"},
		"happiness-day":           {Kind: KindSolar, Month: 3, Day: 20, Name: "Ngày Quốc tế Hạnh phúc"},
		"childrens-day":           {Kind: KindSolar, Month: 6, Day: 1, Name: "Ngày Quốc tế Thiếu nhi"},
		"children-action-month":   {Kind: KindRange, Month: 6, Day: 1, EndMonth: 6, EndDay: 30, Name: "Tháng hành động vì trẻ em"},
		"dv-prevention-month":     {Kind: KindRange, Month: 6, Day: 1, EndMonth: 6, EndDay: 30, Name: "Tháng hành động quốc gia về phòng, chống bạo lực gia đình"},
		"family-day":              {Kind: KindSolar, Month: 6, Day: 28, Name: "Ngày Gia đình Việt Nam"},
		"drowning-prevention-day": {Kind: KindSolar, Month: 7, Day: 25, Name: "Ngày Thế giới phòng, chống đuối nước"},
		"girl-child-day":          {Kind: KindSolar, Month: 10, Day: 11, Name: "Ngày Quốc tế trẻ em gái"},
		"vietnamese-womens-day":   {Kind: KindSolar, Month: 10, Day: 20, Name: "Ngày Phụ nữ Việt Nam"},
		"evaw-day":                {Kind: KindSolar, Month: 11, Day: 25, Name: "Ngày Quốc tế xóa bỏ bạo lực đối với phụ nữ"},
		"gender-equality-month":   {Kind: KindRange, Month: 11, Day: 15, EndMonth: 12, EndDay: 15, Name: "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới"},
		"lunar-new-year":          {Kind: KindLunar, Month: 1, Day: 1, Name: "Tết Nguyên đán"},
		"mid-autumn":              {Kind: KindLunar, Month: 8, Day: 15, Name: "Tết Trung thu"},
	}
	rules := Builtin()
	if len(rules) != len(want) {
		t.Errorf("Builtin() has %d rules, want %d", len(rules), len(want))
	}
	for _, r := range rules {
		w, ok := want[r.Code]
		if !ok {
			t.Errorf("unexpected builtin %q", r.Code)
			continue
		}
		delete(want, r.Code)
		if r.Kind != w.Kind || r.Month != w.Month || r.Day != w.Day || r.EndMonth != w.EndMonth || r.EndDay != w.EndDay || r.Name != w.Name {
			t.Errorf("builtin %q = %+v, want %+v", r.Code, r, w)
		}
		if r.NameEN == "" || r.Local {
			t.Errorf("builtin %q: NameEN %q, Local %v", r.Code, r.NameEN, r.Local)
		}
		if err := r.Validate(); err != nil {
			t.Errorf("builtin %q: %v", r.Code, err)
		}
	}
	for code := range want {
		t.Errorf("builtin %q missing", code)
	}
	// Callers get their own copy.
	rules[0].Code = "changed"
	if Builtin()[0].Code == "changed" {
		t.Error("Builtin() shares its backing array")
	}
}

func TestYear2024SamplePlan(t *testing.T) {
	// Every date the 2024 plan of the Quảng Ninh Department of Transport
	// names: 8/3, 20/3, 1/6 and the action months of June, 28/6, Tết Trung
	// thu, 20/10, 15/11–15/12; and Tết, on which it was published.
	want := []span{
		{"lunar-new-year", "2024-02-10", "2024-02-10"},
		{"womens-day", "2024-03-08", "2024-03-08"},
		{"happiness-day", "2024-03-20", "2024-03-20"},
		{"children-action-month", "2024-06-01", "2024-06-30"},
		{"childrens-day", "2024-06-01", "2024-06-01"},
		{"dv-prevention-month", "2024-06-01", "2024-06-30"},
		{"family-day", "2024-06-28", "2024-06-28"},
		{"drowning-prevention-day", "2024-07-25", "2024-07-25"},
		{"mid-autumn", "2024-09-17", "2024-09-17"},
		{"girl-child-day", "2024-10-11", "2024-10-11"},
		{"vietnamese-womens-day", "2024-10-20", "2024-10-20"},
		{"gender-equality-month", "2024-11-15", "2024-12-15"},
		{"evaw-day", "2024-11-25", "2024-11-25"},
	}
	if got := spans(Year(Builtin(), 2024)); !equalSpans(got, want) {
		t.Errorf("Year(Builtin(), 2024) =\n%v\nwant\n%v", got, want)
	}
}

func TestYearLunar(t *testing.T) {
	tests := []struct {
		year int
		code string
		want string
	}{
		{2025, "mid-autumn", "2025-10-06"},
		{2025, "lunar-new-year", "2025-01-29"},
		{2026, "lunar-new-year", "2026-02-17"},
		{2023, "lunar-new-year", "2023-01-22"},
		{1985, "lunar-new-year", "1985-01-21"},
	}
	for _, tt := range tests {
		var got []string
		for _, e := range Year(Builtin(), tt.year) {
			if e.Code == tt.code {
				got = append(got, e.Start.Format(time.DateOnly))
				if !e.Lunar || !e.End.Equal(e.Start) {
					t.Errorf("%s %d: Lunar %v, End %v", tt.code, tt.year, e.Lunar, e.End)
				}
			}
		}
		if len(got) != 1 || got[0] != tt.want {
			t.Errorf("%s in %d = %v, want [%s]", tt.code, tt.year, got, tt.want)
		}
	}
}

func TestYearEdges(t *testing.T) {
	rule := func(kind string, m, d, em, ed int) []Rule {
		return []Rule{{Code: "xx", Name: "x", Kind: kind, Month: m, Day: d, EndMonth: em, EndDay: ed}}
	}
	tests := []struct {
		name  string
		rules []Rule
		year  int
		want  []span
	}{
		// Lunar 15/12 of lunar 2024 falls in solar 2025.
		{"lunar date of the lunar year before", rule(KindLunar, 12, 15, 0, 0), 2025, []span{{"xx", "2025-01-14", "2025-01-14"}}},
		// Month 12 of lunar 2023 began 2024-01-11 and that of lunar 2024
		// on 2024-12-31: twice in one solar year …
		{"lunar date twice", rule(KindLunar, 12, 1, 0, 0), 2024, []span{{"xx", "2024-01-11", "2024-01-11"}, {"xx", "2024-12-31", "2024-12-31"}}},
		// … and so never in 2025.
		{"lunar date missing", rule(KindLunar, 12, 1, 0, 0), 2025, []span{}},
		// Month 12 of lunar 2024 has 29 days: the 30th is kept on the 29th,
		// the eve of Tết 2025.
		{"lunar 30 in a short month", rule(KindLunar, 12, 30, 0, 0), 2025, []span{{"xx", "2025-01-28", "2025-01-28"}}},
		{"lunar 30 in a long month", rule(KindLunar, 6, 30, 0, 0), 2025, []span{{"xx", "2025-07-24", "2025-07-24"}}},
		{"not again in the leap month", rule(KindLunar, 6, 1, 0, 0), 2025, []span{{"xx", "2025-06-25", "2025-06-25"}}},
		{"29/2 in a leap year", rule(KindSolar, 2, 29, 0, 0), 2024, []span{{"xx", "2024-02-29", "2024-02-29"}}},
		{"29/2 in a common year", rule(KindSolar, 2, 29, 0, 0), 2025, []span{{"xx", "2025-02-28", "2025-02-28"}}},
		{"range across the new year", rule(KindRange, 12, 15, 1, 15), 2024, []span{{"xx", "2024-12-15", "2025-01-15"}}},
		{"one-day range", rule(KindRange, 5, 19, 5, 19), 2024, []span{{"xx", "2024-05-19", "2024-05-19"}}},
		{"range ending 29/2", rule(KindRange, 2, 1, 2, 29), 2025, []span{{"xx", "2025-02-01", "2025-02-28"}}},
		{"lunar before the calendar", rule(KindLunar, 1, 1, 0, 0), 1899, []span{}},
		{"lunar after the calendar", rule(KindLunar, 1, 1, 0, 0), 2101, []span{}},
		{"lunar in 1900", rule(KindLunar, 1, 1, 0, 0), 1900, []span{{"xx", "1900-01-31", "1900-01-31"}}},
		{"solar far ahead", rule(KindSolar, 3, 8, 0, 0), 3000, []span{{"xx", "3000-03-08", "3000-03-08"}}},
		{"invalid rule skipped", rule(KindSolar, 4, 31, 0, 0), 2025, []span{}},
		{"no rules", nil, 2025, []span{}},
	}
	for _, tt := range tests {
		if got := spans(Year(tt.rules, tt.year)); !equalSpans(got, tt.want) {
			t.Errorf("%s: Year = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestYearOrder(t *testing.T) {
	// Sorted by start, then code; every start in the year; ends not before
	// starts.
	for y := 1900; y <= 2101; y++ {
		events := Year(Builtin(), y)
		for i, e := range events {
			if e.Start.Year() != y || e.End.Before(e.Start) {
				t.Fatalf("%d: %+v", y, e)
			}
			if i > 0 {
				p := events[i-1]
				if p.Start.After(e.Start) || p.Start.Equal(e.Start) && p.Code >= e.Code {
					t.Fatalf("%d: %s before %s", y, p.Code, e.Code)
				}
			}
		}
		want := 13
		if y == 2101 {
			want = 11 // the lunar calendar ends with 2100
		}
		if len(events) != want {
			t.Errorf("Year(Builtin(), %d) has %d events, want %d", y, len(events), want)
		}
	}
}

func TestBetween(t *testing.T) {
	crossing := append(Builtin(), Rule{Code: "winter", Name: "Mùa đông", Kind: KindRange, Month: 12, Day: 15, EndMonth: 1, EndDay: 15})
	tests := []struct {
		name     string
		from, to time.Time
		want     []span
	}{
		{"June 2024", date(2024, 6, 1), date(2024, 6, 30), []span{
			{"children-action-month", "2024-06-01", "2024-06-30"},
			{"childrens-day", "2024-06-01", "2024-06-01"},
			{"dv-prevention-month", "2024-06-01", "2024-06-30"},
			{"family-day", "2024-06-28", "2024-06-28"},
		}},
		{"inside a range", date(2024, 12, 1), date(2024, 12, 1), []span{{"gender-equality-month", "2024-11-15", "2024-12-15"}}},
		{"last day of a range", date(2024, 12, 15), date(2024, 12, 20), []span{
			{"gender-equality-month", "2024-11-15", "2024-12-15"},
			{"winter", "2024-12-15", "2025-01-15"},
		}},
		{"a range from the year before", date(2025, 1, 10), date(2025, 1, 20), []span{{"winter", "2024-12-15", "2025-01-15"}}},
		{"across years", date(2024, 12, 20), date(2025, 2, 1), []span{
			{"winter", "2024-12-15", "2025-01-15"},
			{"lunar-new-year", "2025-01-29", "2025-01-29"},
		}},
		{"nothing", date(2024, 1, 16), date(2024, 2, 9), []span{}},
		{"to before from", date(2024, 6, 30), date(2024, 6, 1), []span{}},
		// Only the dates count: 23:00 on 31 May in UTC−5 is still 31 May.
		{"dates, not instants", time.Date(2024, 5, 31, 23, 0, 0, 0, time.FixedZone("X", -5*3600)), date(2024, 5, 31), []span{}},
	}
	for _, tt := range tests {
		if got := spans(Between(crossing, tt.from, tt.to)); !equalSpans(got, tt.want) {
			t.Errorf("%s: Between = %v, want %v", tt.name, got, tt.want)
		}
	}
	// A whole year through Between equals Year plus ranges from the year
	// before.
	all := Between(Builtin(), date(2025, 1, 1), date(2025, 12, 31))
	if got, want := spans(all), spans(Year(Builtin(), 2025)); !equalSpans(got, want) {
		t.Errorf("Between(2025) = %v, want %v", got, want)
	}
}

func TestEventJSON(t *testing.T) {
	var mid Event
	for _, e := range Year(Builtin(), 2025) {
		if e.Code == "mid-autumn" {
			mid = e
		}
	}
	b, err := json.Marshal(mid)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"code":"mid-autumn","name":"Tết Trung thu","start":"2025-10-06","end":"2025-10-06","name_en":"Mid-Autumn Festival","programme":"children","lunar":true}`
	if string(b) != want {
		t.Errorf("json.Marshal = %s\nwant %s", b, want)
	}
	// The contract's fields come first, as documented.
	if !strings.HasPrefix(string(b), `{"code":"mid-autumn","name":"Tết Trung thu","start":"2025-10-06","end":"2025-10-06"`) {
		t.Errorf("json.Marshal = %s", b)
	}
	var back Event
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back != mid {
		t.Errorf("round trip = %+v, want %+v", back, mid)
	}
	minimal := Event{Code: "x", Name: "y", Start: date(2025, 1, 1), End: date(2025, 1, 2)}
	if b, _ := json.Marshal(minimal); string(b) != `{"code":"x","name":"y","start":"2025-01-01","end":"2025-01-02"}` {
		t.Errorf("json.Marshal(minimal) = %s", b)
	}
	for _, tt := range []struct{ in, field string }{
		{`{"code":"x","start":"2025-13-01","end":"2025-01-01"}`, "start"},
		{`{"code":"x","start":"2025-01-01","end":""}`, "end"},
		{`{"code":"x","start":"2025-01-02","end":"2025-01-01"}`, "end"},
	} {
		var e Event
		var fe *errs.Error
		if err := json.Unmarshal([]byte(tt.in), &e); !errors.As(err, &fe) || fe.Field != tt.field || fe.Code != errs.Invalid {
			t.Errorf("json.Unmarshal(%s) = %v, want error on %q", tt.in, err, tt.field)
		}
	}
	var e Event
	if err := json.Unmarshal([]byte(`{"code":1}`), &e); err == nil {
		t.Error("json.Unmarshal accepted a number for code")
	}
}
