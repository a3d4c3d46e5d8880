package dvs

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
)

func TestReadCSV(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want Set
	}{
		{
			name: "DHIS2's export, with the columns tebdg ignores",
			in: "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n" +
				"TT-SOLUOT,2025Q1,QN-SGTVT,female,,12,admin,2025-03-20T10:00:00.000,\"Tháng hành động, đợt 1\",false\n" +
				"TT-SOLUOT,2025Q1,QN-SGTVT,male,,1234.5,admin,2025-03-20T10:00:00.000,,false\n",
			want: Set{Values: []Value{
				{Row: 2, DataElement: "TT-SOLUOT", Period: "2025Q1", OrgUnit: "QN-SGTVT", Combo: "female", Value: "12", Comment: "Tháng hành động, đợt 1"},
				{Row: 3, DataElement: "TT-SOLUOT", Period: "2025Q1", OrgUnit: "QN-SGTVT", Combo: "male", Value: "1234.5"},
			}},
		},
		{
			name: "any column order, any case, short DHIS2 names, CRLF",
			in: "Value,OrgUnit,CatOptCombo,DataElement,Period\r\n" +
				" 7 ,qn-sgtvt,Female_Under16, tt-soluot ,202501\r\n" +
				"3,QN,TOTAL,A,2025\r\n",
			want: Set{Values: []Value{
				{Row: 2, DataElement: "TT-SOLUOT", Period: "202501", OrgUnit: "QN-SGTVT", Combo: "female_under16", Value: "7"},
				{Row: 3, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "3"},
			}},
		},
		{
			name: "Vietnamese Excel: BOM, ';', Vietnamese numbers, trailing empty rows",
			in: "\xEF\xBB\xBFdataelement;period;orgunit;categoryoptioncombo;value;comment\r\n" +
				"A;2025Q1;QN;;1.234;Số liệu, có dấu phẩy\r\n" +
				"B;2025Q1;QN;;12,5;\"dòng 1\r\ndòng 2\"\r\n" +
				";;;;;\r\n" +
				";;;;;;;;\r\n",
			want: Set{Vietnamese: true, Values: []Value{
				{Row: 2, DataElement: "A", Period: "2025Q1", OrgUnit: "QN", Value: "1.234", Comment: "Số liệu, có dấu phẩy"},
				{Row: 3, DataElement: "B", Period: "2025Q1", OrgUnit: "QN", Value: "12,5", Comment: "dòng 1\ndòng 2"},
			}},
		},
		{
			name: "a ','-file with a number only Vietnamese reads is Vietnamese",
			in: "dataelement,period,orgunit,value\n" +
				"A,2025,QN,1.234\n" +
				"B,2025,QN,\"1.234,5\"\n",
			want: Set{Vietnamese: true, Values: []Value{
				{Row: 2, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1.234"},
				{Row: 3, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "1.234,5"},
			}},
		},
		{
			name: "a ','-file with English thousands only stays DHIS2",
			in: "dataelement,period,orgunit,value\n" +
				"A,2025,QN,\"1,234\"\n" +
				"B,2025,QN,1.5\n",
			want: Set{Values: []Value{
				{Row: 2, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1,234"},
				{Row: 3, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "1.5"},
			}},
		},
		{
			name: "deleted column, attribute combos counted, short rows padded",
			in: "dataelement,period,orgunit,attributeoptioncombo,value,comment,deleted\n" +
				"A,2025,QN,,,,true\n" +
				"B,2025,QN,default,5,,1\n" +
				"C,2025,QN,donor-x,5,,FALSE\n" +
				"D,2025,QN,HllvX50cXC0,5,,0\n" +
				"E,2025,QN,,5\n",
			want: Set{IgnoredAttributes: 2, Values: []Value{
				{Row: 2, DataElement: "A", Period: "2025", OrgUnit: "QN", Deleted: true},
				{Row: 3, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "5", Deleted: true},
				{Row: 4, DataElement: "C", Period: "2025", OrgUnit: "QN", Value: "5"},
				{Row: 5, DataElement: "D", Period: "2025", OrgUnit: "QN", Value: "5"},
				{Row: 6, DataElement: "E", Period: "2025", OrgUnit: "QN", Value: "5"},
			}},
		},
		{
			name: "line numbers count blank lines and multi-line cells",
			in: "dataelement,period,orgunit,value,comment\n" +
				"\n" +
				"A,2025,QN,1,\"a\nb\nc\"\n" +
				"B,2025,QN,2,\n",
			want: Set{Values: []Value{
				{Row: 3, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1", Comment: "a\nb\nc"},
				{Row: 6, DataElement: "B", Period: "2025", OrgUnit: "QN", Value: "2"},
			}},
		},
		{
			name: "empty columns of the used range after the header's",
			in: "dataelement,period,orgunit,value,,\n" +
				"A,2025,QN,1,,\n",
			want: Set{Values: []Value{{Row: 2, DataElement: "A", Period: "2025", OrgUnit: "QN", Value: "1"}}},
		},
		{
			name: "header only",
			in:   "dataelement,period,orgunit,value\n",
			want: Set{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ReadCSV(strings.NewReader(tt.in), 0)
			if err != nil {
				t.Fatalf("ReadCSV: %v", err)
			}
			if !reflect.DeepEqual(public(got), tt.want) {
				t.Errorf("ReadCSV =\n %+v\nwant\n %+v", public(got), tt.want)
			}
		})
	}
}

func TestReadCSVRowFaults(t *testing.T) {
	in := "dataelement,period,orgunit,value,comment,deleted\n" +
		"A,2025,QN,1,,\n" +
		"B,2025,QN,1,5,,\n" + // "1,5" unquoted: one cell too many
		"C,2025,QN,\xff,\xe1,\n" + // Windows code page, not UTF-8
		"D,2025,QN,1,,maybe\n" +
		"E,2025,QN,1,,\n"
	s, err := ReadCSV(strings.NewReader(in), 0)
	want := []string{"3 dataValues", "4 value", "4 comment", "5 deleted"}
	if got := where(err); !reflect.DeepEqual(got, want) {
		t.Errorf("errors at %q; want %q", got, want)
	}
	if len(s.Values) != 5 || s.Values[4].DataElement != "E" || s.Values[2].Value != "" {
		t.Errorf("values = %+v; want all 5 lines, bad text dropped", s.Values)
	}
	var errs Errors
	errors.As(err, &errs)
	if !strings.Contains(errs[0].Message, "ngoặc kép") || !strings.Contains(errs[1].MessageEN, "CSV UTF-8") {
		t.Errorf("messages lack their hints: %v", errs)
	}
}

func TestReadCSVFatal(t *testing.T) {
	tests := []struct {
		name, in string
		row      int
		want     string
	}{
		{"empty", "", 0, "the input is empty"},
		{"BOM only", "\xEF\xBB\xBF", 0, "the input is empty"},
		{"no header", "A,2025,QN,1\nB,2025,QN,2\n", 1, "no header row"},
		{"missing columns", "dataelement,value,comment\nA,1,\n", 1, "lacks the column(s) period, orgunit"},
		{"a column twice", "dataelement,period,orgunit,value,Value\n", 1, "two value columns"},
		{"bad quote", "dataelement,period,orgunit,value\nA,2025,QN,1\nB,2025,QN,\"2\"x\n", 3, "extraneous or missing \" in quoted-field"},
		{"bare quote", "dataelement,period,orgunit,value\nA,2025,QN,1\"\n", 2, "bare \" in non-quoted-field"},
		{"unclosed quote", "dataelement,period,orgunit,value\nA,2025,QN,\"1\n", 2, "extraneous or missing \""},
		{"UTF-16", "\xFF\xFEd\x00", 0, "UTF-16"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := ReadCSV(strings.NewReader(tt.in), 0)
			var errs Errors
			if !errors.As(err, &errs) || len(errs) != 1 || errs[0].Row != tt.row {
				t.Fatalf("ReadCSV = %v; want one error at row %d", err, tt.row)
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

func TestDetectSeparator(t *testing.T) {
	tests := []struct {
		header string
		want   string
	}{
		{"dataelement,period,orgunit,value", ","},
		{"dataelement;period;orgunit;value", ";"},
		{`"data;element",period,orgunit,value`, ","},
		{`dataelement;period;orgunit;"value,comment,x"`, ";"},
		{"dataelement", ","},
	}
	for _, tt := range tests {
		in, _, err := newInput(strings.NewReader(tt.header+"\nA,B\n"), 0)
		if err != nil {
			t.Fatal(err)
		}
		got, err := detectSeparator(in)
		if err != nil || string(got) != tt.want {
			t.Errorf("detectSeparator(%q) = %q, %v; want %q", tt.header, got, err, tt.want)
		}
	}
	// A header line longer than the buffer is judged by its start.
	long := strings.Repeat("x;", 40000) + "\n"
	in, _, _ := newInput(strings.NewReader(long), 0)
	if got, err := detectSeparator(in); err != nil || got != ';' {
		t.Errorf("long header: %q, %v", got, err)
	}
}

func TestReadCSVLimit(t *testing.T) {
	in := "dataelement,period,orgunit,value\nA,2025,QN,1\n"
	if _, err := ReadCSV(strings.NewReader(in), int64(len(in))); err != nil {
		t.Errorf("at exactly the limit: %v", err)
	}
	for _, limit := range []int64{int64(len(in)) - 1, 20, 2} {
		_, err := ReadCSV(strings.NewReader(in), limit)
		var se *SizeError
		if !errors.As(err, &se) || se.Limit != limit {
			t.Errorf("limit %d: err = %v; want a *SizeError", limit, err)
		}
	}
	// The header alone over the limit, before any record is parsed.
	big := strings.Repeat("x", 100) + "\n"
	if _, err := ReadCSV(strings.NewReader(big), 50); !errors.As(err, new(*SizeError)) {
		t.Errorf("header over the limit: %v", err)
	}
}

func TestErrorsError(t *testing.T) {
	var errs Errors
	errs = append(errs, rowErr(0, "", "tệp hỏng", "broken file"))
	for i := 1; i <= 30; i++ {
		errs = append(errs, rowErr(i, FieldValue, "thiếu", "missing"))
	}
	got := errs.Error()
	if !strings.HasPrefix(got, "tệp hỏng (broken file); dòng 1: thiếu (row 1: missing); ") {
		t.Errorf("Error() starts %q", got[:60])
	}
	if want := fmt.Sprintf("; … và %d lỗi khác (… and %d more)", 11, 11); !strings.HasSuffix(got, want) {
		t.Errorf("Error() ends %q; want %q", got[len(got)-40:], want)
	}
}
