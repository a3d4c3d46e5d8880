package period

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestMarshalJSON(t *testing.T) {
	p, err := Parse("2025Q1", Decree09)
	if err != nil {
		t.Fatal(err)
	}
	got, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"id":"2025Q1","type":"quarterly","start":"2024-12-15","end":"2025-03-14"}`; string(got) != want {
		t.Errorf("json.Marshal = %s, want %s", got, want)
	}
	// The API answer for /api/v1/periods?type=sixmonthly&year=2025&rule=calendar.
	ps, err := List(SixMonthly, 2025, Calendar)
	if err != nil {
		t.Fatal(err)
	}
	got, err = json.Marshal(map[string][]Period{"periods": ps})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"periods":[{"id":"2025S1","type":"sixmonthly","start":"2025-01-01","end":"2025-06-30"},` +
		`{"id":"2025S2","type":"sixmonthly","start":"2025-07-01","end":"2025-12-31"}]}`
	if string(got) != want {
		t.Errorf("API answer\n got %s\nwant %s", got, want)
	}
}

func TestUnmarshalJSONRoundTrip(t *testing.T) {
	for _, r := range []Rule{Decree09, Calendar} {
		for _, typ := range Types {
			ps, err := List(typ, 2024, r)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ps {
				b, err := json.Marshal(p)
				if err != nil {
					t.Fatal(err)
				}
				var back Period
				if err := json.Unmarshal(b, &back); err != nil {
					t.Errorf("Unmarshal(%s): %v", b, err)
				} else if back != p {
					t.Errorf("Unmarshal(%s) = %+v, want %+v", b, back, p)
				}
			}
		}
	}
}

func TestUnmarshalJSONErrors(t *testing.T) {
	const mismatchVI, mismatchEN = `kỳ báo cáo "2025Q1": loại và ngày không khớp với mã`, `period "2025Q1": the type and dates do not match the id`
	tests := []struct{ in, vi, en string }{
		{`{"id":"2025Q1","type":"quarterly","start":"2025-01-01","end":"2025-03-14"}`, mismatchVI, mismatchEN},
		{`{"id":"2025Q1","type":"monthly","start":"2024-12-15","end":"2025-03-14"}`, mismatchVI, mismatchEN},
		{`{"id":"2025Q1","type":"weekly","start":"2024-12-15","end":"2025-03-14"}`,
			`loại kỳ báo cáo "weekly" không hợp lệ` + typeHintVI, `invalid period type "weekly"` + typeHintEN},
		{`{"id":"2025Q9","type":"quarterly","start":"2024-12-15","end":"2025-03-14"}`,
			`mã kỳ báo cáo "2025Q9" không hợp lệ` + idHintVI, `invalid period id "2025Q9"` + idHintEN},
		{`{"id":"2025Q1"}`, `loại kỳ báo cáo "" không hợp lệ` + typeHintVI, `invalid period type ""` + typeHintEN},
		{`{"id":"2025Q1","type":"quarterly"}`, mismatchVI, mismatchEN},
	}
	for _, tt := range tests {
		var p Period
		checkErr(t, "Unmarshal("+tt.in+")", json.Unmarshal([]byte(tt.in), &p), tt.vi, tt.en)
	}
	// JSON that is not a period at all keeps encoding/json's own error.
	var p Period
	if err := json.Unmarshal([]byte(`{"id":2025}`), &p); err == nil || !strings.Contains(err.Error(), "cannot unmarshal number") {
		t.Errorf("a number for the id: %v", err)
	}
}
