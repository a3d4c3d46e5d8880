package dvs

import (
	"bytes"
	"errors"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"tebdg/internal/period"
)

// checkRead holds what every read must keep, good input or bad: no panic
// in Check, rows numbered as documented, errors sorted with messages.
func checkRead(t *testing.T, s Set, err error, csv bool) {
	t.Helper()
	var errs Errors
	var se *SizeError
	if err != nil && !errors.As(err, &errs) && !errors.As(err, &se) {
		t.Fatalf("error of an unexpected type %T: %v", err, err)
	}
	for i, e := range errs {
		if e.Message == "" || e.MessageEN == "" {
			t.Fatalf("error without a message: %+v", e)
		}
		if i > 0 && errs[i-1].Row > e.Row {
			t.Fatalf("errors not sorted by row: %v", errs)
		}
	}
	prev := 0
	for i, v := range s.Values {
		if !csv && v.Row != i+1 {
			t.Fatalf("JSON value %d has Row %d", i, v.Row)
		}
		if csv && v.Row <= prev {
			t.Fatalf("CSV rows not increasing: %d after %d", v.Row, prev)
		}
		prev = v.Row
		if v.Period == inheritMark || v.OrgUnit == inheritMark {
			t.Fatalf("value %d kept the inherit mark", i)
		}
	}
	for _, e := range Check(s, period.Decree09, 10, period.Years{First: 2000, Last: 2030}) {
		if e.Message == "" || e.MessageEN == "" {
			t.Fatalf("Check error without a message: %+v", e)
		}
	}
}

func FuzzReadJSON(f *testing.F) {
	for _, seed := range []string{
		`{"dataSet":"BC-TE-QUY","period":"2025Q1","orgUnit":"QN-SGTVT","completeDate":"2025-03-20","dataValues":[{"dataElement":"TT-SOLUOT","categoryOptionCombo":"female","value":"12","comment":"…"},{"dataElement":"X","period":"2025Q1","orgUnit":"QN-SGTVT-TTS","value":3}]}`,
		`{"dataValues":[{"dataElement":"A","period":"2025","orgUnit":"QN","value":1.5e3,"deleted":true,"attributeOptionCombo":"x"}],"attributeOptionCombo":"y"}`,
		`{"dataValues":[1,null,{},[],{"value":{"a":1}},{"dataElement":true}]}`,
		`{"dataValues":[{"dataElement":"A",}]}`,
		"\xEF\xBB\xBF{\"period\":\"\\u00e9\",\"dataValues\":[]}",
		`{"dataValues":{}}`, `[]`, ``, `{} {}`, `{"a" "b"}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadJSON(bytes.NewReader(data), 1<<16)
		checkRead(t, s, err, false)
		if err != nil {
			return
		}
		// What reads cleanly writes and reads back to the same values.
		var b bytes.Buffer
		if err := WriteJSON(&b, s); err != nil {
			t.Fatal(err)
		}
		again, err := ReadJSON(&b, 0)
		if err != nil {
			t.Fatalf("re-reading WriteJSON's output: %v\n%s", err, b.Bytes())
		}
		want := sorted(s, 1)
		want.IgnoredAttributes = 0
		if !reflect.DeepEqual(again, want) {
			t.Fatalf("round trip =\n %+v\nwant\n %+v", again, want)
		}
	})
}

func FuzzReadCSV(f *testing.F) {
	for _, seed := range []string{
		"dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\nTT-SOLUOT,2025Q1,QN-SGTVT,female,,12,admin,2025-03-20,\"a, b\",false\n",
		"\xEF\xBB\xBFdataelement;period;orgunit;value;comment;deleted\r\nA;2025Q1;QN;1.234,5;\"x\r\ny\";true\r\n;;;;;\r\n",
		"Value,OrgUnit,CatOptCombo,DataElement,Period\n 7 ,qn,Female_Under16, a ,202501\n",
		"dataelement,period,orgunit,value\nA,2025,QN,1,5\nB,2025,QN,\"1\"x\n",
		"dataelement,period,orgunit,value\nA,2025,QN,\xff\n",
		"A,2025,QN,1\n", "", "\xFF\xFE",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := ReadCSV(bytes.NewReader(data), 1<<16)
		checkRead(t, s, err, true)
		if err != nil {
			return
		}
		var b bytes.Buffer
		if err := WriteCSV(&b, s); err != nil {
			t.Fatal(err)
		}
		again, err := ReadCSV(&b, 0)
		if err != nil {
			t.Fatalf("re-reading WriteCSV's output: %v\n%q", err, b.Bytes())
		}
		// Rows follow lines, which multi-line cells shift, and CSV
		// turns a CRLF inside a quoted cell into LF: compare without
		// those two.
		want := sorted(s, 0)
		want.IgnoredAttributes = 0
		for _, set := range []*Set{&want, &again} {
			for i := range set.Values {
				set.Values[i].Row = 0
				set.Values[i].Comment = strings.ReplaceAll(set.Values[i].Comment, "\r\n", "\n")
			}
		}
		if !reflect.DeepEqual(again, want) {
			t.Fatalf("round trip =\n %+v\nwant\n %+v", again, want)
		}
	})
}

func FuzzParseNumber(f *testing.F) {
	for _, seed := range []string{
		"1234", "1234.5", "-3", "1.234", "1.234.567", "1.234,5", "12,5", "1,2,3", "12a", "",
		"NaN", "Inf", "1e400", "1e-400", "0x1p3", "1_000", ".5", "5.", "+0", "0.123", " 1,5E+03 ",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, vietnamese := range []bool{false, true} {
			got, err := ParseNumberIn(s, vietnamese)
			if err != nil {
				var ne *NumberError
				if !errors.As(err, &ne) || ne.Message == "" || ne.MessageEN == "" || ne.Input != s {
					t.Fatalf("ParseNumberIn(%q, %v): error %#v", s, vietnamese, err)
				}
				continue
			}
			if math.IsNaN(got) || math.IsInf(got, 0) {
				t.Fatalf("ParseNumberIn(%q, %v) = %v: not finite", s, vietnamese, got)
			}
			// The grammar is a subset of strconv's once the
			// separators are rewritten, and must agree with it.
			plain := strings.TrimSpace(s)
			if vietnamese {
				plain = strings.ReplaceAll(strings.ReplaceAll(plain, ".", ""), ",", ".")
			}
			want, err := strconv.ParseFloat(plain, 64)
			if err != nil && !errors.Is(err, strconv.ErrRange) || want != got {
				t.Fatalf("ParseNumberIn(%q, %v) = %v; strconv says %v, %v", s, vietnamese, got, want, err)
			}
		}
		if s == "" || strings.TrimSpace(s) != s {
			return
		}
		if _, err := ParseNumber(s); err == nil && strings.Contains(s, ",") {
			t.Fatalf("ParseNumber(%q) accepted a comma", s)
		}
	})
}
