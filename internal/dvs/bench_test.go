package dvs

import (
	"bytes"
	"fmt"
	"strconv"
	"testing"

	"tebdg/internal/period"
)

// benchSet is 100,000 distinct values shaped like a province's upload:
// 60 indicators, 4 combos, 200 org units, a quarter and two months.
func benchSet(n int) Set {
	combos := []string{"", "male", "female", "female_under16"}
	s := Set{DataSet: "BC-TE-QUY", Values: make([]Value, 0, n)}
	for i := 0; i < n; i++ {
		pe := []string{"2025Q1", "202503", "202502"}[i/(60*4*200)]
		s.Values = append(s.Values, Value{
			Row:         i + 1,
			DataElement: fmt.Sprintf("TE-CT%02d", i%60),
			Combo:       combos[i/60%4],
			OrgUnit:     fmt.Sprintf("QN-DV%03d", i/240%200),
			Period:      pe,
			Value:       strconv.Itoa(i % 5000),
		})
	}
	return s
}

func benchData(b *testing.B, write func(*bytes.Buffer, Set) error) []byte {
	b.Helper()
	var buf bytes.Buffer
	if err := write(&buf, benchSet(100_000)); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

func BenchmarkReadJSON100k(b *testing.B) {
	data := benchData(b, func(w *bytes.Buffer, s Set) error { return WriteJSON(w, s) })
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := ReadJSON(bytes.NewReader(data), 0)
		if err != nil || len(s.Values) != 100_000 {
			b.Fatal(err, len(s.Values))
		}
	}
}

func BenchmarkReadCSV100k(b *testing.B) {
	data := benchData(b, func(w *bytes.Buffer, s Set) error { return WriteCSV(w, s) })
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		s, err := ReadCSV(bytes.NewReader(data), 0)
		if err != nil || len(s.Values) != 100_000 {
			b.Fatal(err, len(s.Values))
		}
	}
}

func BenchmarkCheck100k(b *testing.B) {
	s := benchSet(100_000)
	b.ReportAllocs()
	for b.Loop() {
		if errs := Check(s, period.Decree09, 0, period.Years{}); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkWriteJSON100k(b *testing.B) {
	s := benchSet(100_000)
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := WriteJSON(&buf, s); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(buf.Len()))
}
