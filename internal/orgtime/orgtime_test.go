package orgtime

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"tebdg/internal/errs"
)

// The 2025 reform in Quảng Ninh as the demo records it: the Department of
// Transport merges into the Department of Construction on 01/03/2025; the
// children's coordination moves with the Department of Labour's merger
// into Home Affairs; two wards merge into one on 01/07/2025, which is
// later split back by population.
var reform = []Event{
	{ID: 1, Kind: Merge, Effective: "2025-03-01", Units: []string{"QN-SGTVT", "QN-SXD"}, Into: "QN-SXD"},
	{ID: 2, Kind: Rename, Effective: "2025-03-01", Units: []string{"QN-SXD"}, Name: "Sở Xây dựng"},
	{ID: 3, Kind: Merge, Effective: "2025-07-01", Units: []string{"QN-HONGGAI", "QN-BAICHAY"}, Into: "QN-HALONG"},
	{ID: 4, Kind: Split, Effective: "2026-01-01", Units: []string{"QN-HALONG"}, Parts: []Part{{"QN-HL-BAC", 0.6}, {"QN-HL-NAM", 0.4}}},
	{ID: 5, Kind: Move, Effective: "2025-07-01", Units: []string{"QN-PHONG"}, Parent: "QN"},
	{ID: 6, Kind: Close, Effective: "2025-12-31", Units: []string{"QN-BQL"}},
}

func timeline(t *testing.T) Timeline {
	t.Helper()
	tl, err := New(reform)
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func TestSuccessors(t *testing.T) {
	tl := timeline(t)
	tests := []struct {
		code, from, on string
		want           []Share
	}{
		{"QN-SGTVT", "2024-06-30", "2024-12-31", []Share{{"QN-SGTVT", 1}}},                          // before the merger
		{"QN-SGTVT", "2024-06-30", "2025-03-01", []Share{{"QN-SXD", 1}}},                            // on its day
		{"QN-SGTVT", "2024-06-30", "2026-12-07", []Share{{"QN-SXD", 1}}},                            // today
		{"QN-SGTVT", "2025-03-01", "2026-12-07", []Share{{"QN-SXD", 1}}},                            // a figure dated on the day: the merger had happened
		{"QN-SXD", "2024-06-30", "2026-12-07", []Share{{"QN-SXD", 1}}},                              // the unit that absorbed it stays
		{"QN-HONGGAI", "2025-01-15", "2025-12-31", []Share{{"QN-HALONG", 1}}},                       // merged
		{"QN-HONGGAI", "2025-01-15", "2026-12-07", []Share{{"QN-HL-BAC", 0.6}, {"QN-HL-NAM", 0.4}}}, // merged then split
		{"QN-HALONG", "2025-09-01", "2026-12-07", []Share{{"QN-HL-BAC", 0.6}, {"QN-HL-NAM", 0.4}}},
		{"QN-BQL", "2025-01-01", "2026-12-07", []Share{}},                  // closed: its work ended
		{"QN-PHONG", "2024-01-01", "2026-12-07", []Share{{"QN-PHONG", 1}}}, // a move keeps the unit
		{"qn-sgtvt", "2024-06-30", "2026-12-07", []Share{{"QN-SXD", 1}}},   // codes in any case
	}
	for _, tt := range tests {
		got := tl.Successors(tt.code, tt.from, tt.on)
		if !sameShares(got, tt.want) {
			t.Errorf("Successors(%s, %s, %s) = %v, want %v", tt.code, tt.from, tt.on, got, tt.want)
		}
	}
}

// The figures of 2024, counted by today's structure, add up to the same
// total as by the structure of the time: nothing lost, nothing twice.
func TestFiguresByTodaysStructure(t *testing.T) {
	tl := timeline(t)
	figures2024 := map[string]float64{"QN-SGTVT": 120, "QN-SXD": 30, "QN-HONGGAI": 7, "QN-BAICHAY": 5, "QN-BQL": 2, "QN-PHONG": 9}
	known := []string{"QN-SGTVT", "QN-SXD", "QN-HONGGAI", "QN-BAICHAY", "QN-BQL", "QN-PHONG", "QN-HALONG", "QN-HL-BAC", "QN-HL-NAM"}
	today := map[string]float64{}
	for code, v := range figures2024 {
		for _, s := range tl.Successors(code, "2024-12-31", "2026-12-07") {
			today[s.Code] += v * s.Share
		}
	}
	want := map[string]float64{"QN-SXD": 150, "QN-HL-BAC": 7.2, "QN-HL-NAM": 4.8, "QN-PHONG": 9}
	for code, v := range want {
		if math.Abs(today[code]-v) > 1e-9 {
			t.Errorf("%s by today's structure: %v, want %v", code, today[code], v)
		}
	}
	if len(today) != len(want) {
		t.Errorf("today's units: %v", today)
	}
	// The same through Predecessors, from the side of today's unit.
	for code, v := range want {
		sum := 0.0
		for _, p := range tl.Predecessors(code, "2024-12-31", "2026-12-07", known) {
			sum += figures2024[p.Code] * p.Share
		}
		if math.Abs(sum-v) > 1e-9 {
			t.Errorf("%s from its predecessors: %v, want %v", code, sum, v)
		}
	}
	if got := tl.Predecessors("QN-SXD", "2024-12-31", "2026-12-07", known); !sameShares(got, []Share{{"QN-SGTVT", 1}, {"QN-SXD", 1}}) {
		t.Errorf("the Department of Construction stands for %v", got)
	}
}

func TestHistoryNamesAndEnd(t *testing.T) {
	tl := timeline(t)
	if got := tl.NameOn("QN-SXD", "Sở Xây dựng Quảng Ninh", "2025-02-28"); got != "Sở Xây dựng Quảng Ninh" {
		t.Errorf("name before the rename: %q", got)
	}
	if got := tl.NameOn("QN-SXD", "Sở Xây dựng Quảng Ninh", "2025-03-01"); got != "Sở Xây dựng" {
		t.Errorf("name after the rename: %q", got)
	}
	if got := tl.ParentOn("QN-PHONG", "QN-HUYEN", "2025-06-30"); got != "QN-HUYEN" {
		t.Errorf("parent before the move: %q", got)
	}
	if got := tl.ParentOn("QN-PHONG", "QN-HUYEN", "2025-07-01"); got != "QN" {
		t.Errorf("parent after the move: %q", got)
	}
	day, into, ok := tl.Ended("QN-SGTVT", "2026-12-07")
	if !ok || day != "2025-03-01" || !sameShares(into, []Share{{"QN-SXD", 1}}) {
		t.Errorf("the Department of Transport ended: %v %q %v", ok, day, into)
	}
	if _, _, ok := tl.Ended("QN-SGTVT", "2025-02-28"); ok {
		t.Error("ended before its merger")
	}
	h := tl.History("QN-SXD")
	if len(h) != 2 || h[0].Kind != Merge || !slices.Equal(h[0].Merged, []string{"QN-SGTVT"}) || h[1].Name != "Sở Xây dựng" {
		t.Errorf("history of the Department of Construction: %+v", h)
	}
	if h := tl.History("QN-HONGGAI"); len(h) != 1 || !sameShares(h[0].Into, []Share{{"QN-HALONG", 1}}) {
		t.Errorf("history of the ward: %+v", h)
	}
}

func TestNewRefuses(t *testing.T) {
	tests := []struct {
		name   string
		events []Event
		field  string
	}{
		{"no date", []Event{{Kind: Rename, Units: []string{"A"}, Name: "x"}}, "effective"},
		{"bad date", []Event{{Kind: Rename, Effective: "01/03/2025", Units: []string{"A"}, Name: "x"}}, "effective"},
		{"unknown kind", []Event{{Kind: "absorb", Effective: "2025-03-01", Units: []string{"A"}}}, "kind"},
		{"no units", []Event{{Kind: Close, Effective: "2025-03-01"}}, "units"},
		{"merge of one into nothing", []Event{{Kind: Merge, Effective: "2025-03-01", Units: []string{"A"}}}, "units"},
		{"merge into nothing", []Event{{Kind: Merge, Effective: "2025-03-01", Units: []string{"A", "B"}}}, "into"},
		{"rename of two", []Event{{Kind: Rename, Effective: "2025-03-01", Units: []string{"A", "B"}, Name: "x"}}, "units"},
		{"rename without name", []Event{{Kind: Rename, Effective: "2025-03-01", Units: []string{"A"}}}, "name"},
		{"move under itself", []Event{{Kind: Move, Effective: "2025-03-01", Units: []string{"A"}, Parent: "a"}}, "parent"},
		{"split in one", []Event{{Kind: Split, Effective: "2025-03-01", Units: []string{"A"}, Parts: []Part{{"B", 1}}}}, "parts"},
		{"split shares short", []Event{{Kind: Split, Effective: "2025-03-01", Units: []string{"A"}, Parts: []Part{{"B", 0.5}, {"C", 0.4}}}}, "parts"},
		{"split share negative", []Event{{Kind: Split, Effective: "2025-03-01", Units: []string{"A"}, Parts: []Part{{"B", 1.5}, {"C", -0.5}}}}, "parts"},
		{"split into itself", []Event{{Kind: Split, Effective: "2025-03-01", Units: []string{"A"}, Parts: []Part{{"A", 0.5}, {"C", 0.5}}}}, "parts"},
		{"split named twice", []Event{{Kind: Split, Effective: "2025-03-01", Units: []string{"A"}, Parts: []Part{{"B", 0.5}, {"b", 0.5}}}}, "parts"},
		{"act on a closed unit", []Event{
			{ID: 1, Kind: Close, Effective: "2025-03-01", Units: []string{"A"}},
			{ID: 2, Kind: Rename, Effective: "2025-04-01", Units: []string{"A"}, Name: "x"}}, "units"},
		{"merge into a merged unit", []Event{
			{ID: 1, Kind: Merge, Effective: "2025-03-01", Units: []string{"A", "B"}, Into: "B"},
			{ID: 2, Kind: Merge, Effective: "2025-04-01", Units: []string{"C"}, Into: "A"}}, "into"},
	}
	for _, tt := range tests {
		_, err := New(tt.events)
		fs := errs.Fields(err)
		if err == nil || len(fs) == 0 || fs[0].Field != tt.field {
			t.Errorf("%s: %v, want a refusal of %s", tt.name, err, tt.field)
		}
	}
	// Three thirds are a whole.
	if _, err := New([]Event{{Kind: Split, Effective: "2025-03-01", Units: []string{"A"}, Parts: []Part{{"B", 1.0 / 3}, {"C", 1.0 / 3}, {"D", 1.0 / 3}}}}); err != nil {
		t.Errorf("a split in thirds: %v", err)
	}
}

// FuzzConservation builds timelines from random acts and checks that a
// unit's figures are never multiplied: its successors' shares add up to 1,
// or to 0 once its work was closed.
func FuzzConservation(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{3, 3, 3, 9, 1, 200, 17})
	f.Fuzz(func(t *testing.T, seed []byte) {
		var events []Event
		for i := 0; i+2 < len(seed) && len(events) < 12; i += 3 {
			a, b, c := seed[i], seed[i+1], seed[i+2]
			day := fmt.Sprintf("2025-%02d-01", 1+int(c)%12)
			u := fmt.Sprintf("U%d", a%6)
			v := fmt.Sprintf("U%d", b%6)
			var e Event
			switch Kinds[int(a+b+c)%len(Kinds)] {
			case Rename:
				e = Event{Kind: Rename, Units: []string{u}, Name: "n"}
			case Move:
				e = Event{Kind: Move, Units: []string{u}, Parent: "P"}
			case Merge:
				e = Event{Kind: Merge, Units: []string{u, v}, Into: fmt.Sprintf("U%d", (a+b)%8)}
			case Split:
				share := float64(1+int(c)%9) / 10
				e = Event{Kind: Split, Units: []string{u}, Parts: []Part{{v + "x", share}, {v + "y", 1 - share}}}
			case Close:
				e = Event{Kind: Close, Units: []string{u}}
			}
			e.ID, e.Effective = int64(len(events)+1), day
			events = append(events, e)
		}
		tl, err := New(events)
		if err != nil {
			return // a history the register refuses
		}
		for i := range 6 {
			code := fmt.Sprintf("U%d", i)
			sum := 0.0
			for _, s := range tl.Successors(code, "2024-12-31", "2026-12-31") {
				if s.Share <= 0 {
					t.Fatalf("%s: a share of %v", code, s.Share)
				}
				sum += s.Share
			}
			if sum > 1+1e-9 || sum < 1-1e-9 && sum > 1e-9 {
				t.Fatalf("%s's figures count %v times across %v", code, sum, events)
			}
		}
	})
}

func sameShares(a, b []Share) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Code != b[i].Code || math.Abs(a[i].Share-b[i].Share) > 1e-9 {
			return false
		}
	}
	return true
}
