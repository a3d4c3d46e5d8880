package reportgrid

import (
	"errors"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/period"
)

var (
	female = domain.Combo{Code: "female", Name: "Nữ", NameEN: "Female"}
	male   = domain.Combo{Code: "male", Name: "Nam", NameEN: "Male"}
	whole  = domain.Combo{}
	// Counted by sex, entered.
	kids = domain.Indicator{ID: 1, Code: "KIDS", ValueType: domain.TypeInteger, Combos: []domain.Combo{male, female}}
	// Entered as one figure.
	clubs = domain.Indicator{ID: 2, Code: "CLUBS", ValueType: domain.TypeInteger, Combos: []domain.Combo{whole}}
	// Counted by sex too: shares the table of KIDS.
	staff = domain.Indicator{ID: 3, Code: "STAFF", ValueType: domain.TypeInteger, Combos: []domain.Combo{male, female}}
	note  = domain.Indicator{ID: 4, Code: "NOTE", ValueType: domain.TypeText, Combos: []domain.Combo{whole}}
	share = domain.Indicator{ID: 5, Code: "SHARE", Aggregation: domain.AggRatio, Numerator: "STAFF", Denominator: "KIDS"}
)

func quarter(t *testing.T, id string) period.Period {
	t.Helper()
	p, err := period.Parse(id, period.Decree09)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// parse reads plain numbers, as the forms' parser does for them.
func parse(s string) (float64, error) {
	if s == "" {
		return 0, errors.New("empty")
	}
	return strconv.ParseFloat(s, 64)
}

func TestPeriods(t *testing.T) {
	got := Periods(quarter(t, "2025Q2"))
	want := []string{"2025Q1", "2024Q4", "2024Q3", "2024Q2", "2025Q2", "2024Q2"}
	if !slices.Equal(got, want) {
		t.Errorf("Periods(2025Q2) = %v, want %v", got, want)
	}
}

// history stores a value of ind for combo in each of the four quarters
// before 2025Q2, the oldest first.
func history(vals map[Key]domain.StoredValue, ind domain.Indicator, combo string, hist ...float64) {
	for i, id := range []string{"2024Q2", "2024Q3", "2024Q4", "2025Q1"} {
		if i < len(hist) {
			vals[Key{ind.ID, id, combo}] = domain.StoredValue{Value: hist[i]}
		}
	}
}

func TestBuild(t *testing.T) {
	p := quarter(t, "2025Q2")
	vals := map[Key]domain.StoredValue{}
	history(vals, kids, "male", 10, 12, 9, 11)
	history(vals, kids, "female", 10, 12, 9, 11)
	history(vals, clubs, "", 3, 3, 4, 3)
	vals[Key{1, "2025Q2", "male"}] = domain.StoredValue{Value: 12}
	vals[Key{1, "2025Q2", "female"}] = domain.StoredValue{Value: 1500} // jumped against the history
	vals[Key{2, "2025Q2", ""}] = domain.StoredValue{Value: 4}
	vals[Key{4, "2025Q2", ""}] = domain.StoredValue{Text: "Họp 2 lần"}
	g := Build(Input{Indicators: []domain.Indicator{kids, clubs, share, staff, note}, Period: p, Values: vals, Parse: parse})

	if g.Warnings != 1 {
		t.Errorf("warnings = %d, want 1", g.Warnings)
	}
	if len(g.Computed) != 1 || g.Computed[0].Code != "SHARE" {
		t.Errorf("computed = %+v, want SHARE", g.Computed)
	}
	// KIDS and STAFF share their columns; CLUBS and NOTE have one figure.
	if len(g.Groups) != 2 {
		t.Fatalf("groups = %+v", g.Groups)
	}
	bySex, single := g.Groups[0], g.Groups[1]
	if !bySex.Sum || single.Sum || !reflect.DeepEqual(bySex.Combos, []domain.Combo{male, female}) {
		t.Errorf("group columns: %+v / %+v", bySex.Combos, single.Combos)
	}
	if len(bySex.Rows) != 2 || bySex.Rows[0].Ind.Code != "KIDS" || bySex.Rows[1].Ind.Code != "STAFF" {
		t.Fatalf("rows by sex = %+v", bySex.Rows)
	}
	k := bySex.Rows[0]
	wantKids := []Cell{
		{Name: "v|KIDS|male", Combo: male, Value: "12", Prev: "11", LastYear: "10"},
		{Name: "v|KIDS|female", Combo: female, Value: "1.500", Prev: "11", LastYear: "10", Warn: "unusual"},
	}
	if !reflect.DeepEqual(k.Cells, wantKids) || k.Total != "1.512" {
		t.Errorf("KIDS row = %+v, total %q\nwant %+v", k.Cells, k.Total, wantKids)
	}
	// Nothing stored: empty inputs, and the total reads 0.
	if s := bySex.Rows[1]; s.Cells[0].Value != "" || s.Cells[1].Value != "" || s.Total != "0" {
		t.Errorf("STAFF row = %+v", s)
	}
	c, n := single.Rows[0], single.Rows[1]
	if c.Ind.Code != "CLUBS" || c.Cells[0].Value != "4" || c.Cells[0].Prev != "3" || c.Cells[0].Warn != "" || c.Total != "" {
		t.Errorf("CLUBS row = %+v", c)
	}
	if n.Ind.Code != "NOTE" || n.Cells[0].Value != "Họp 2 lần" || n.Cells[0].Warn != "" {
		t.Errorf("NOTE row = %+v", n)
	}
}

// A figure computed from records: shown beside the input, used when
// nothing is entered and the user may edit, and its reason kept.
func TestBuildRecords(t *testing.T) {
	p := quarter(t, "2025Q2")
	computed := map[string]float64{CellName("KIDS", "male"): 30, CellName("KIDS", "female"): 25}
	vals := map[Key]domain.StoredValue{{1, "2025Q2", "female"}: {Value: 27, Reason: "2 trẻ chuyển đến"}}
	tests := []struct {
		name         string
		canEdit      bool
		male, female string
		reason       string
		total        string
	}{
		{"editable: an empty cell starts from the records", true, "30", "27", "2 trẻ chuyển đến", "57"},
		{"read only: an empty cell stays empty", false, "", "27", "2 trẻ chuyển đến", "27"},
	}
	for _, tt := range tests {
		g := Build(Input{Indicators: []domain.Indicator{kids}, Period: p, Values: vals, Computed: computed, CanEdit: tt.canEdit, Parse: parse})
		row := g.Groups[0].Rows[0]
		m, f := row.Cells[0], row.Cells[1]
		if m.Value != tt.male || f.Value != tt.female || f.Reason != tt.reason || row.Total != tt.total {
			t.Errorf("%s: male %q, female %q, reason %q, total %q", tt.name, m.Value, f.Value, f.Reason, row.Total)
		}
		if !m.HasRecords || m.Computed != "30" || f.Computed != "25" || f.ReasonName != "r|KIDS|female" {
			t.Errorf("%s: records shown as %+v / %+v", tt.name, m, f)
		}
	}
}

// A posted form shows what was typed, its errors and reasons, and warns
// on what was typed rather than what is stored.
func TestBuildPosted(t *testing.T) {
	p := quarter(t, "2025Q2")
	vals := map[Key]domain.StoredValue{}
	history(vals, kids, "male", 10, 12, 9, 11)
	history(vals, kids, "female", 10, 12, 9, 11)
	vals[Key{1, "2025Q2", "male"}] = domain.StoredValue{Value: 11}
	vals[Key{1, "2025Q2", "female"}] = domain.StoredValue{Value: 12}
	posted := map[string]string{"v|KIDS|male": "90", "v|KIDS|female": "abc", "r|KIDS|male": "đợt tiêm bổ sung"}
	cellErrs := map[string]string{"v|KIDS|female": "không phải là số"}
	g := Build(Input{Indicators: []domain.Indicator{kids}, Period: p, Values: vals, Posted: posted, Parse: parse, CellErrs: cellErrs,
		Computed: map[string]float64{"v|KIDS|male": 11}, CanEdit: true})
	row := g.Groups[0].Rows[0]
	m, f := row.Cells[0], row.Cells[1]
	if m.Value != "90" || m.Warn != "unusual" || m.Reason != "đợt tiêm bổ sung" || m.Err != "" {
		t.Errorf("male = %+v", m)
	}
	if f.Value != "abc" || f.Warn != "" || f.Err != "không phải là số" {
		t.Errorf("female = %+v", f)
	}
	if row.Total != "90" || g.Warnings != 1 {
		t.Errorf("total %q, warnings %d: want the typed number only and one warning", row.Total, g.Warnings)
	}
}
