package dvs

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var sample = Set{DataSet: "BC-TE-QUY", CompleteDate: "2025-03-20", Values: []Value{
	{Row: 1, DataElement: "TT-SOLUOT", Period: "2025Q1", OrgUnit: "QN-SGTVT", Combo: "male", Value: "10"},
	{Row: 2, DataElement: "TT-SOLUOT", Period: "2025Q1", OrgUnit: "QN-SGTVT", Combo: "female", Value: "12", Comment: "Tháng hành động \"vì trẻ em\",\nđợt 1"},
	{Row: 3, DataElement: "MU-BAOHIEM", Period: "202501", OrgUnit: "QN-SGTVT-TTS", Value: "1234.5"},
	{Row: 4, DataElement: "MU-BAOHIEM", Period: "202502", OrgUnit: "QN-SGTVT-TTS", Deleted: true},
}}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample); err != nil {
		t.Fatal(err)
	}
	want := `{"dataSet":"BC-TE-QUY","completeDate":"2025-03-20","dataValues":[
{"dataElement":"MU-BAOHIEM","period":"202501","orgUnit":"QN-SGTVT-TTS","value":"1234.5"},
{"dataElement":"MU-BAOHIEM","period":"202502","orgUnit":"QN-SGTVT-TTS","value":"","deleted":true},
{"dataElement":"TT-SOLUOT","period":"2025Q1","orgUnit":"QN-SGTVT","categoryOptionCombo":"female","value":"12","comment":"Tháng hành động \"vì trẻ em\",\nđợt 1"},
{"dataElement":"TT-SOLUOT","period":"2025Q1","orgUnit":"QN-SGTVT","categoryOptionCombo":"male","value":"10"}
]}
`
	if got := b.String(); got != want {
		t.Errorf("WriteJSON =\n%s\nwant\n%s", got, want)
	}
	if !json.Valid(b.Bytes()) {
		t.Error("output is not valid JSON")
	}
}

func TestWriteJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, Set{}); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "{\"dataValues\":[\n]}\n"; got != want {
		t.Errorf("WriteJSON(empty) = %q; want %q", got, want)
	}
}

func TestWriteCSV(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, sample); err != nil {
		t.Fatal(err)
	}
	want := "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,comment,deleted\n" +
		"MU-BAOHIEM,202501,QN-SGTVT-TTS,,,1234.5,,\n" +
		"MU-BAOHIEM,202502,QN-SGTVT-TTS,,,,,true\n" +
		"TT-SOLUOT,2025Q1,QN-SGTVT,female,,12,\"Tháng hành động \"\"vì trẻ em\"\",\nđợt 1\",\n" +
		"TT-SOLUOT,2025Q1,QN-SGTVT,male,,10,,\n"
	if got := b.String(); got != want {
		t.Errorf("WriteCSV =\n%s\nwant\n%s", got, want)
	}

	// Without deletions the header is exactly DHIS2's columns tebdg keeps;
	// a Vietnamese set gets ';' and a byte order mark for Excel.
	b.Reset()
	vn := Set{Vietnamese: true, Values: []Value{{DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1.234,5", Comment: "a;b"}}}
	if err := WriteCSV(&b, vn); err != nil {
		t.Fatal(err)
	}
	want = "\uFEFFdataelement;period;orgunit;categoryoptioncombo;attributeoptioncombo;value;comment\n" +
		"A;2025;QN;;;1.234,5;\"a;b\"\n"
	if got := b.String(); got != want {
		t.Errorf("WriteCSV(Vietnamese) = %q; want %q", got, want)
	}
}

// sorted is s as the writers order it, numbered as a reader would number
// the rows (JSON: from 1; CSV: from line 2).
func sorted(s Set, firstRow int) Set {
	out := s
	out.Values = nil
	for n, i := range order(s.Values) {
		v := s.Values[i]
		v.Row = firstRow + n
		out.Values = append(out.Values, v)
	}
	return out
}

func TestRoundTripJSON(t *testing.T) {
	var b bytes.Buffer
	if err := WriteJSON(&b, sample); err != nil {
		t.Fatal(err)
	}
	got, err := ReadJSON(&b, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := sorted(sample, 1); !reflect.DeepEqual(got, want) {
		t.Errorf("round trip =\n %+v\nwant\n %+v", got, want)
	}
}

func TestRoundTripCSV(t *testing.T) {
	for _, vietnamese := range []bool{false, true} {
		s := sample
		s.DataSet, s.CompleteDate = "", "" // not CSV columns
		s.Vietnamese = vietnamese
		var b bytes.Buffer
		if err := WriteCSV(&b, s); err != nil {
			t.Fatal(err)
		}
		got, err := ReadCSV(&b, 0)
		if err != nil {
			t.Fatal(err)
		}
		// The multi-line comment takes two lines, so rows follow lines.
		want := sorted(s, 2)
		want.Values[3].Row = 6
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Vietnamese %v: round trip =\n %+v\nwant\n %+v", vietnamese, got, want)
		}
	}
}

// A Vietnamese set read from a ';' file keeps its convention through
// WriteCSV and ReadCSV, so "1.234" stays one thousand two hundred …
func TestRoundTripKeepsConvention(t *testing.T) {
	in := "dataelement;period;orgunit;value\nA;2025;QN;1.234\n"
	s, err := ReadCSV(strings.NewReader(in), 0)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := WriteCSV(&b, s); err != nil {
		t.Fatal(err)
	}
	again, err := ReadCSV(&b, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := again.Number(again.Values[0]); err != nil || n != 1234 {
		t.Errorf("after the round trip: %v, %v; want 1234", n, err)
	}
}

func TestOrderIsStable(t *testing.T) {
	values := []Value{
		{Row: 1, DataElement: "B", Period: "2025", OrgUnit: "QN"},
		{Row: 2, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "first"},
		{Row: 3, DataElement: "A", Period: "2024", OrgUnit: "QN"},
		{Row: 4, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "second"},
		{Row: 5, DataElement: "A", Period: "2025", OrgUnit: "HN"},
	}
	got := order(values)
	if want := []int{2, 4, 1, 3, 0}; !slices.Equal(got, want) {
		t.Errorf("order = %v; want %v", got, want)
	}
}

// appendString must agree with encoding/json on every string, UTF-8 or not.
func TestAppendString(t *testing.T) {
	for _, s := range []string{
		"", "plain", `"quoted" \back\`, "tab\tnew\nline\rret", "\x00\x01\x1f\x7f",
		"Tiếng Việt có dấu: đồng", "\u2028\u2029", "bad \xff byte", "\xe1\xbb", "<&>",
	} {
		got := appendString(nil, s)
		var back string
		if err := json.Unmarshal(got, &back); err != nil {
			t.Errorf("appendString(%q) = %s: not JSON: %v", s, got, err)
			continue
		}
		want, _ := json.Marshal(s) // replaces bad bytes the same way
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("appendString(%q) reads back as %q; want %q", s, back, wantBack)
		}
	}
}

type failingWriter struct{ after int }

func (w *failingWriter) Write(p []byte) (int, error) {
	if w.after <= 0 {
		return 0, errors.New("disk full")
	}
	w.after--
	return len(p), nil
}

func TestWritersReportWriteErrors(t *testing.T) {
	big := Set{}
	for i := 0; i < 5000; i++ {
		big.Values = append(big.Values, Value{DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1", Comment: strings.Repeat("x", 50)})
	}
	if err := WriteJSON(&failingWriter{}, big); err == nil {
		t.Error("WriteJSON: no error from a failing writer")
	}
	if err := WriteCSV(&failingWriter{}, big); err == nil {
		t.Error("WriteCSV: no error from a failing writer")
	}
	if err := WriteCSV(&failingWriter{}, Set{Vietnamese: true}); err == nil {
		t.Error("WriteCSV: no error when the byte order mark fails")
	}
}
