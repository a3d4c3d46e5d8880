package dvs

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"tebdg/internal/period"
)

// Every faulty row of an upload is reported at once, with its row.
func TestCheckReportsEveryRow(t *testing.T) {
	in := `{"dataSet":"bc te","completeDate":"20/03/2025","orgUnit":"QN","dataValues":[
		{"dataElement":"A","period":"2025Q1","value":"1"},
		{"dataElement":"","period":"2025Q1","value":"1"},
		{"dataElement":"CHỈ-TIÊU","period":"2025Q1","value":"1"},
		{"dataElement":"` + strings.Repeat("X", 33) + `","period":"2025Q1","value":"1"},
		{"dataElement":"A","period":"2025Q5","value":"1"},
		{"dataElement":"A","period":"1899","value":"1"},
		{"dataElement":"A","value":"1"},
		{"dataElement":"A","period":"2025Q1","orgUnit":"QN SGTVT","value":"1"},
		{"dataElement":"A","period":"2025Q1","categoryOptionCombo":"female__u16","value":"1"},
		{"dataElement":"A","period":"2025Q1","categoryOptionCombo":"nữ","value":"1"},
		{"dataElement":"A","period":"2025Q1","categoryOptionCombo":"female","value":" "},
		{"dataElement":"A","period":"2025Q1","value":"2"},
		{"dataElement":"A","period":"2025Q1","value":"","deleted":true},
		{"dataElement":"B","period":"2025Q1","value":"1"}]}`
	s, err := ReadJSON(strings.NewReader(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	errs := Check(s, period.Decree09, 0, period.Years{})
	want := []string{
		"0 dataSet",
		"0 completeDate",
		"2 dataElement",
		"3 dataElement",
		"4 dataElement",
		"5 period",
		"6 period",
		"7 period",
		"8 orgUnit",
		"9 categoryOptionCombo",
		"10 categoryOptionCombo",
		"11 value",
		"12 dataValues", // same key as row 1
		"13 dataValues", // a deletion of the same key is a duplicate too
	}
	if got := where(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("Check at %q;\nwant %q", got, want)
	}
	for _, e := range errs {
		if e.Message == "" || e.MessageEN == "" || e.Message == e.MessageEN {
			t.Errorf("%+v: want a Vietnamese message and its English twin", e)
		}
	}
	byRow := map[int]RowError{}
	for _, e := range errs {
		byRow[e.Row] = e
	}
	checks := []struct {
		row    int
		vi, en string
	}{
		{2, "thiếu mã dataElement", "dataElement is missing"},
		{4, "dài quá 32 ký tự", "longer than 32 characters"},
		{7, "ở giá trị này và ở đầu tệp", "neither on this value nor at the top"},
		{11, "deleted: true", "send deleted: true"},
		{12, "trùng với dòng 1", "duplicates row 1"},
	}
	for _, c := range checks {
		if e := byRow[c.row]; !strings.Contains(e.Message, c.vi) || !strings.Contains(e.MessageEN, c.en) {
			t.Errorf("row %d: %+v; want %q / %q", c.row, e, c.vi, c.en)
		}
	}
	if got := errs.Error(); !strings.Contains(got, "dòng 12: trùng với dòng 1") {
		t.Errorf("Error() = %q", got)
	}
}

func TestCheckSound(t *testing.T) {
	s := Set{DataSet: "BC-TE-QUY", CompleteDate: "2025-03-20T00:00:00.000", Values: []Value{
		{Row: 1, DataElement: "A", Period: "2025Q1", OrgUnit: "QN", Combo: "female_under16", Value: "1"},
		{Row: 2, DataElement: "A", Period: "2025Q1", OrgUnit: "QN", Combo: "male_under16", Value: "1"},
		{Row: 3, DataElement: "A", Period: "2025Q1", OrgUnit: "QN", Value: "2"},
		{Row: 4, DataElement: "A", Period: "2025Q2", OrgUnit: "QN", Value: "2"},
		{Row: 5, DataElement: "A.B_C-1", Period: "202512", OrgUnit: "QN-SGTVT-TTS", Value: "x"},
		{Row: 6, DataElement: "A", Period: "2025N9", OrgUnit: "QN", Deleted: true},
		{Row: 7, DataElement: "A", Period: "2025S2", OrgUnit: "QN", Value: "0"},
	}}
	for _, rule := range []period.Rule{"", period.Decree09, period.Calendar} {
		if errs := Check(s, rule, 7, period.Years{}); errs != nil {
			t.Errorf("rule %q: Check = %v; want nil", rule, errs)
		}
	}
}

func TestCheckSetLevel(t *testing.T) {
	v := Value{Row: 1, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1"}
	tests := []struct {
		name string
		s    Set
		max  int
		want []string
		en   string
	}{
		{"no values", Set{}, 0, []string{"0 dataValues"}, "there are no values"},
		{"over max", Set{Values: []Value{v, {Row: 2, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "1"}}}, 1,
			[]string{"0 dataValues"}, "there are 2 values, more than the limit of 1"},
		{"at max", Set{Values: []Value{v}}, 1, nil, ""},
		{"no max", Set{Values: []Value{v}}, 0, nil, ""},
	}
	for _, tt := range tests {
		errs := Check(tt.s, period.Decree09, tt.max, period.Years{})
		if got := where(errs); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s: Check at %q; want %q", tt.name, got, tt.want)
		}
		if tt.en != "" && !strings.Contains(errs[0].MessageEN, tt.en) {
			t.Errorf("%s: %q; want %q", tt.name, errs[0].MessageEN, tt.en)
		}
	}
}

func TestCheckBadRule(t *testing.T) {
	s := Set{Values: []Value{{Row: 1, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1"}}}
	errs := Check(s, "lunar", 0, period.Years{})
	if len(errs) != 1 || errs[0].Row != 0 || !strings.Contains(errs[0].MessageEN, `invalid period rule "lunar"`) {
		t.Errorf("Check with a bad rule = %v", errs)
	}
}

// Faults the reader found come out of Check once, with Check's own, and
// the fields they concern are not judged again.
func TestCheckIncludesReadFaults(t *testing.T) {
	in := "dataelement,period,orgunit,value,comment\n" +
		"A,2025,QN,1,\n" +
		"A,2025,QN,1,5,\n" + // the unquoted "1,5": one cell too many
		"A,2025,QN,\xff,\n" + // not UTF-8: reported once, not also as empty
		",2025,QN,1,\n"
	s, err := ReadCSV(strings.NewReader(in), 0)
	if err == nil {
		t.Fatal("ReadCSV accepted faults")
	}
	errs := Check(s, period.Decree09, 0, period.Years{})
	// Row 3 is broken as a whole: no duplicate of row 2 is claimed for
	// it. Row 4's value is reported once, not also as empty; its key is
	// whole, so it is a duplicate of row 2 as well.
	want := []string{"3 dataValues", "4 value", "4 dataValues", "5 dataElement"}
	if got := where(errs); !reflect.DeepEqual(got, want) {
		t.Errorf("Check at %q; want %q", got, want)
	}
	var readErrs Errors
	errors.As(err, &readErrs)
	if len(readErrs) != 2 {
		t.Errorf("ReadCSV errors = %v; want 2", readErrs)
	}
}

// Periods outside the years figures are taken for are refused, each row
// naming its period and the span, in both languages; the ids themselves
// still parse over the whole span period.Parse reads.
func TestCheckDataYears(t *testing.T) {
	years := period.Years{First: 2000, Last: 2026}
	tests := []struct {
		period  string
		refused bool
	}{
		{"1900Q1", true},
		{"1999", true},
		{"199912", true},
		{"2000Q1", false}, // under Decree 09 it starts on 15/12/1999, and is still a period of 2000
		{"2025S2", false},
		{"2026", false},
		{"202612", false},
		{"2027Q1", true},
		{"2100", true},
	}
	for _, tt := range tests {
		s := Set{Values: []Value{{Row: 7, DataElement: "A", Period: tt.period, OrgUnit: "QN", Value: "1"}}}
		errs := Check(s, period.Decree09, 0, years)
		if !tt.refused {
			if errs != nil {
				t.Errorf("%s: Check = %v; want nil", tt.period, errs)
			}
			continue
		}
		if got := where(errs); !reflect.DeepEqual(got, []string{"7 period"}) {
			t.Errorf("%s: Check at %q; want row 7's period", tt.period, got)
			continue
		}
		e := errs[0]
		if !strings.Contains(e.Message, "kỳ báo cáo "+tt.period+" ngoài khoảng nhận số liệu: chỉ nhận các năm từ 2000 đến 2026") ||
			!strings.Contains(e.MessageEN, "period "+tt.period+" is outside the years figures are taken for: 2000 to 2026") {
			t.Errorf("%s: %q / %q", tt.period, e.Message, e.MessageEN)
		}
		if got := errs.Error(); !strings.Contains(got, "dòng 7") {
			t.Errorf("%s: Error() = %q; want the row named", tt.period, got)
		}
		// Without a span the same id passes: the bound is the caller's.
		if errs := Check(s, period.Decree09, 0, period.Years{}); errs != nil {
			t.Errorf("%s without a span: %v", tt.period, errs)
		}
	}
	// Many rows of one out-of-range period are each reported, and are
	// not also called duplicates of one another.
	s := Set{Values: []Value{
		{Row: 1, DataElement: "A", Period: "1900Q1", OrgUnit: "QN", Value: "1"},
		{Row: 2, DataElement: "A", Period: "1900Q1", OrgUnit: "QN", Value: "2"},
		{Row: 3, DataElement: "A", Period: "2025Q1", OrgUnit: "QN", Value: "2"},
	}}
	if got := where(Check(s, period.Decree09, 0, years)); !reflect.DeepEqual(got, []string{"1 period", "2 period"}) {
		t.Errorf("Check at %q", got)
	}
}
