package dvs

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// public drops what the readers keep for Check, to compare what callers see.
func public(s Set) Set {
	s.readErrs = nil
	return s
}

// where lists "row field" of each error, the part tests pin down exactly;
// the wording is checked where it matters.
func where(err error) []string {
	var errs Errors
	if !errors.As(err, &errs) || len(errs) == 0 {
		return nil
	}
	out := make([]string, len(errs))
	for i, e := range errs {
		out[i] = fmt.Sprintf("%d %s", e.Row, e.Field)
	}
	return out
}

func TestReadJSON(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Set
	}{
		{
			name: "the example of the contract",
			in: `{"dataSet":"BC-TE-QUY","period":"2025Q1","orgUnit":"QN-SGTVT","completeDate":"2025-03-20",
				"dataValues":[
				{"dataElement":"TT-SOLUOT","categoryOptionCombo":"female","value":"12","comment":"Tháng hành động"},
				{"dataElement":"X","period":"2025Q1","orgUnit":"QN-SGTVT-TTS","value":"3"}]}`,
			want: Set{DataSet: "BC-TE-QUY", CompleteDate: "2025-03-20", Values: []Value{
				{Row: 1, DataElement: "TT-SOLUOT", Period: "2025Q1", OrgUnit: "QN-SGTVT", Combo: "female", Value: "12", Comment: "Tháng hành động"},
				{Row: 2, DataElement: "X", Period: "2025Q1", OrgUnit: "QN-SGTVT-TTS", Value: "3"},
			}},
		},
		{
			name: "a value's own period and org unit win over the top's",
			in: `{"period":"2025Q1","orgUnit":"QN-SGTVT","dataValues":[
				{"dataElement":"A","value":"1"},
				{"dataElement":"A","period":"2025Q2","value":"2"},
				{"dataElement":"A","orgUnit":"QN-SGTVT-TTS","value":"3"},
				{"dataElement":"A","period":"","orgUnit":null,"value":"4"}]}`,
			want: Set{Values: []Value{
				{Row: 1, DataElement: "A", Period: "2025Q1", OrgUnit: "QN-SGTVT", Value: "1"},
				{Row: 2, DataElement: "A", Period: "2025Q2", OrgUnit: "QN-SGTVT", Value: "2"},
				{Row: 3, DataElement: "A", Period: "2025Q1", OrgUnit: "QN-SGTVT-TTS", Value: "3"},
				{Row: 4, DataElement: "A", Period: "2025Q1", OrgUnit: "QN-SGTVT", Value: "4"},
			}},
		},
		{
			name: "top-level fields after dataValues still apply",
			in:   `{"dataValues":[{"dataElement":"A","value":"1"}],"orgUnit":"qn-sgtvt","period":"202501"}`,
			want: Set{Values: []Value{{Row: 1, DataElement: "A", Period: "202501", OrgUnit: "QN-SGTVT", Value: "1"}}},
		},
		{
			name: "no period anywhere is left empty for Check to name the row",
			in:   `{"orgUnit":"QN","dataValues":[{"dataElement":"A","value":"1"}]}`,
			want: Set{Values: []Value{{Row: 1, DataElement: "A", OrgUnit: "QN", Value: "1"}}},
		},
		{
			name: "codes trimmed and upper-cased, combos lower-cased, totals empty",
			in: `{"period":" 2025Q1 ","orgUnit":"QN","dataValues":[
				{"dataElement":" tt-soluot ","categoryOptionCombo":" Female_Under16 ","value":" 7 "},
				{"dataElement":"A","categoryOptionCombo":"total","value":"1"},
				{"dataElement":"B","categoryOptionCombo":"TOTAL","value":"1"},
				{"dataElement":"C","categoryOptionCombo":"default","value":"1"},
				{"dataElement":"D","value":"1"}]}`,
			want: Set{Values: []Value{
				{Row: 1, DataElement: "TT-SOLUOT", Period: "2025Q1", OrgUnit: "QN", Combo: "female_under16", Value: "7"},
				{Row: 2, DataElement: "A", Period: "2025Q1", OrgUnit: "QN", Value: "1"},
				{Row: 3, DataElement: "B", Period: "2025Q1", OrgUnit: "QN", Value: "1"},
				{Row: 4, DataElement: "C", Period: "2025Q1", OrgUnit: "QN", Value: "1"},
				{Row: 5, DataElement: "D", Period: "2025Q1", OrgUnit: "QN", Value: "1"},
			}},
		},
		{
			name: "numbers and booleans as JSON literals keep their text",
			in: `{"period":202501,"orgUnit":"QN","dataValues":[
				{"dataElement":"A","value":12},
				{"dataElement":"B","value":12.50},
				{"dataElement":"C","value":-1e3},
				{"dataElement":"D","value":true},
				{"dataElement":"E","value":false,"comment":42}]}`,
			want: Set{Values: []Value{
				{Row: 1, DataElement: "A", Period: "202501", OrgUnit: "QN", Value: "12"},
				{Row: 2, DataElement: "B", Period: "202501", OrgUnit: "QN", Value: "12.50"},
				{Row: 3, DataElement: "C", Period: "202501", OrgUnit: "QN", Value: "-1e3"},
				{Row: 4, DataElement: "D", Period: "202501", OrgUnit: "QN", Value: "true"},
				{Row: 5, DataElement: "E", Period: "202501", OrgUnit: "QN", Value: "false", Comment: "42"},
			}},
		},
		{
			name: "deleted as a boolean or a string, with or without a value",
			in: `{"period":"2025","orgUnit":"QN","dataValues":[
				{"dataElement":"A","deleted":true},
				{"dataElement":"B","value":"5","deleted":"TRUE"},
				{"dataElement":"C","value":"5","deleted":false},
				{"dataElement":"D","value":"5","deleted":null}]}`,
			want: Set{Values: []Value{
				{Row: 1, DataElement: "A", Period: "2025", OrgUnit: "QN", Deleted: true},
				{Row: 2, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "5", Deleted: true},
				{Row: 3, DataElement: "C", Period: "2025", OrgUnit: "QN", Value: "5"},
				{Row: 4, DataElement: "D", Period: "2025", OrgUnit: "QN", Value: "5"},
			}},
		},
		{
			name: "attributeOptionCombo is dropped and counted unless default",
			in: `{"period":"2025","orgUnit":"QN","attributeOptionCombo":"donor-x","dataValues":[
				{"dataElement":"A","value":"1"},
				{"dataElement":"B","value":"1","attributeOptionCombo":"default"},
				{"dataElement":"C","value":"1","attributeOptionCombo":"HllvX50cXC0"}]}`,
			want: Set{IgnoredAttributes: 2, Values: []Value{
				{Row: 1, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1"},
				{Row: 2, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "1"},
				{Row: 3, DataElement: "C", Period: "2025", OrgUnit: "QN", Value: "1"},
			}},
		},
		{
			name: "a byte order mark, escapes, unknown keys and other key case",
			in: "\xEF\xBB\xBF" + `{"idScheme":"code","dataSetComplete":{"x":[1,2]},"DATAVALUES":[
				{"DataElement":"A","Period":"2025","OrgUnit":"QN","Value":"1","comment":"Tr\u1ebb em \"nh\u00f3m 1\"\n","storedBy":"x"}]}`,
			want: Set{Values: []Value{
				{Row: 1, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1", Comment: "Trẻ em \"nhóm 1\"\n"},
			}},
		},
		{
			name: "dataValues given twice: both read, rows numbered on",
			in:   `{"period":"2025","orgUnit":"QN","dataValues":[{"dataElement":"A","value":"1"}],"dataValues":[{"dataElement":"B","value":"2"}]}`,
			want: Set{Values: []Value{
				{Row: 1, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1"},
				{Row: 2, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "2"},
			}},
		},
		{
			name: "an empty list",
			in:   `{"dataValues":[]}`,
			want: Set{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadJSON(strings.NewReader(tt.in), 0)
			if err != nil {
				t.Fatalf("ReadJSON: %v", err)
			}
			if !reflect.DeepEqual(public(got), tt.want) {
				t.Errorf("ReadJSON =\n %+v\nwant\n %+v", public(got), tt.want)
			}
		})
	}
}

// Faults in some entries are all reported, each with its row, and the
// rest of the set is still read.
func TestReadJSONRowFaults(t *testing.T) {
	in := `{"period":{"a":1},"orgUnit":"QN","dataValues":[
		{"dataElement":"A","value":"1"},
		7,
		{"dataElement":{"code":"B"},"value":"1"},
		null,
		{},
		{"dataElement":"C","value":[1],"comment":{},"deleted":"yes"},
		{"dataElement":true,"period":false,"value":"` + "\xff" + `"},
		["D"],
		{"dataElement":"E","value":"2"}]}`
	s, err := ReadJSON(strings.NewReader(in), 0)
	want := []string{
		"0 period",
		"2 dataValues",
		"3 dataElement",
		"4 dataValues",
		"5 dataValues",
		"6 value", "6 comment", "6 deleted",
		"7 dataElement", "7 period", "7 value",
		"8 dataValues",
	}
	if got := where(err); !reflect.DeepEqual(got, want) {
		t.Errorf("errors at %q;\nwant %q", got, want)
	}
	if len(s.Values) != 9 || s.Values[8].DataElement != "E" || s.Values[8].Row != 9 || s.Values[0].OrgUnit != "QN" {
		t.Errorf("values = %+v; want all 9 entries read", s.Values)
	}
	var errs Errors
	errors.As(err, &errs)
	for _, e := range errs {
		if e.Message == "" || e.MessageEN == "" {
			t.Errorf("error %+v lacks a message", e)
		}
	}
	if got := errs[0].Error(); !strings.Contains(got, "period phải là chuỗi hoặc số") || !strings.Contains(got, "(period must be a string or number") {
		t.Errorf("Row 0 error = %q", got)
	}
	if got := errs[1].Error(); !strings.HasPrefix(got, "dòng 2: ") || !strings.Contains(got, "(row 2: ") {
		t.Errorf("row error = %q; want dòng 2: … (row 2: …)", got)
	}
}

func TestReadJSONFatal(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // part of the English message
	}{
		{"empty", "", "the input is empty"},
		{"blank", " \n\t", "the input is empty"},
		{"BOM only", "\xEF\xBB\xBF", "the input is empty"},
		{"array", `[{"dataElement":"A"}]`, "must be an object"},
		{"string", `"x"`, "must be an object"},
		{"dataValues not a list", `{"dataValues":{"dataElement":"A"}}`, "dataValues must be an array"},
		{"dataValues a string", `{"dataValues":"A"}`, "dataValues must be an array"},
		{"truncated", `{"dataValues":[{"dataElement":"A"}`, "ends unexpectedly"},
		{"truncated in a string", `{"dataValues":[{"dataElement":"A`, "ends unexpectedly"},
		{"two objects", `{} {}`, "unexpected data after the JSON object that ends at byte 2"},
		{"UTF-16", "\xFF\xFE{\x00}\x00", "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ReadJSON(strings.NewReader(tt.in), 0)
			var errs Errors
			if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Row != 0 {
				t.Fatalf("ReadJSON = %v; want one Row 0 error", err)
			}
			if !strings.Contains(errs[0].MessageEN, tt.want) {
				t.Errorf("error %q; want it to contain %q", errs[0].MessageEN, tt.want)
			}
			if len(s.Values) != 0 {
				t.Errorf("values %+v returned with a fatal error", s.Values)
			}
		})
	}
}

// Syntax errors name the 1-based position of the offending byte wherever
// the decoder finds them: between tokens, inside an entry, in a key.
func TestReadJSONSyntaxOffset(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{`{"dataValues":[{"dataElement":"A",}]}`, 35},
		{`{"dataValues":[{"a":1},    {"dataElement":"A",}]}`, 47},
		{`{"dataValues":[{"dataElement":"A"}] x`, 37},
		{`   {"a":1,  "dataValues" : [ {"dataElement": tru } ]}`, 49},
		{`{"a" "b"}`, 6},
		{`{"a\x":1}`, 5},
		{`{"period":"2025",,"dataValues":[]}`, 18},
		{`{"dataValues":[{"value":01}]}`, 26},
		{"\xEF\xBB\xBF" + `{x}`, 5}, // the BOM counts: it is in the file
	}
	for _, tt := range tests {
		_, err := ReadJSON(strings.NewReader(tt.in), 0)
		var errs Errors
		if !errors.As(err, &errs) || len(errs) != 1 {
			t.Errorf("ReadJSON(%q) = %v; want one error", tt.in, err)
			continue
		}
		vi := fmt.Sprintf("ở byte thứ %d", tt.want)
		en := fmt.Sprintf("at byte %d:", tt.want)
		if !strings.Contains(errs[0].Message, vi) || !strings.Contains(errs[0].MessageEN, en) {
			t.Errorf("ReadJSON(%q) error = %v; want byte %d", tt.in, errs[0], tt.want)
		}
	}
}

func TestReadJSONLimit(t *testing.T) {
	in := `{"period":"2025","orgUnit":"QN","dataValues":[{"dataElement":"A","value":"1"}]}`
	if _, err := ReadJSON(strings.NewReader(in), int64(len(in))); err != nil {
		t.Errorf("at exactly the limit: %v", err)
	}
	for _, limit := range []int64{int64(len(in)) - 1, 10, 1} {
		_, err := ReadJSON(strings.NewReader(in), limit)
		var se *SizeError
		if !errors.As(err, &se) || se.Limit != limit {
			t.Errorf("limit %d: err = %v; want a *SizeError", limit, err)
			continue
		}
		if !strings.Contains(err.Error(), "giới hạn kích thước") || !strings.Contains(err.Error(), fmt.Sprintf("size limit of %d bytes", limit)) {
			t.Errorf("limit %d: message %q", limit, err)
		}
	}
	// Trailing spaces past the limit count too: the limit is on bytes.
	if _, err := ReadJSON(strings.NewReader(in+"   "), int64(len(in))); err == nil {
		t.Error("input over the limit by trailing spaces accepted")
	}
}

// A reader's own failure is passed through, not disguised as bad JSON.
func TestReadJSONReaderError(t *testing.T) {
	boom := errors.New("connection reset")
	_, err := ReadJSON(&failingReader{data: `{"dataValues":[{"dataElement":"A"`, err: boom}, 0)
	if !errors.Is(err, boom) {
		t.Errorf("err = %v; want %v", err, boom)
	}
}

type failingReader struct {
	data string
	err  error
}

func (r *failingReader) Read(p []byte) (int, error) {
	if r.data == "" {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}
