package observance

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"tebdg/internal/errs"
)

func FuzzParseRule(f *testing.F) {
	for _, s := range []string{"8/3", "15/8 âm lịch", "15/8AL", "15/11-15/12", "15/12-15/1", "30/12 AL", "29/2", "31/4", "1/1-2/2-3/3", "15/8 a\u0302m li\u0323ch", "—", "8/3 ĐL"} {
		f.Add("local-day", s)
	}
	f.Fuzz(func(t *testing.T, code, spec string) {
		r, err := ParseRule(code, "Ngày hội", "", spec)
		if err != nil {
			var fe *errs.Error
			if !errors.As(err, &fe) || fe.Code != errs.Invalid || fe.Field == "" || fe.VI == "" || fe.EN == "" {
				t.Fatalf("ParseRule(%q, %q) error %T %v", code, spec, err, err)
			}
			return
		}
		if err := r.Validate(); err != nil {
			t.Fatalf("ParseRule(%q, %q) = %+v, which fails Validate: %v", code, spec, r, err)
		}
		for _, y := range []int{1900, 2024, 2025, 2100} {
			events := Year([]Rule{r}, y)
			if len(events) > 2 || r.Kind != KindLunar && len(events) != 1 {
				t.Fatalf("rule %+v has %d events in %d", r, len(events), y)
			}
			for _, e := range events {
				if e.Start.Year() != y || e.End.Before(e.Start) || e.End.Sub(e.Start) > 366*24*time.Hour {
					t.Fatalf("rule %+v: event %+v in %d", r, e, y)
				}
			}
		}
	})
}

func FuzzYear(f *testing.F) {
	f.Add("x1", "lunar", 8, 15, 0, 0, 2025)
	f.Add("x1", "range", 12, 15, 1, 15, 2024)
	f.Add("x1", "solar", 2, 29, 0, 0, 2023)
	f.Fuzz(func(t *testing.T, code, kind string, m, d, em, ed, year int) {
		if year < -100000 || year > 100000 {
			return
		}
		r := Rule{Code: code, Name: "n", Kind: kind, Month: m, Day: d, EndMonth: em, EndDay: ed}
		events := Year([]Rule{r}, year)
		if r.Validate() != nil {
			if len(events) != 0 {
				t.Fatalf("invalid rule %+v gave %v", r, events)
			}
			return
		}
		for _, e := range events {
			if e.Start.Year() != year || e.End.Before(e.Start) {
				t.Fatalf("rule %+v: event %+v in %d", r, e, year)
			}
		}
	})
}

func FuzzEventJSON(f *testing.F) {
	f.Add(`{"code":"mid-autumn","name":"Tết Trung thu","start":"2025-10-06","end":"2025-10-06"}`)
	f.Add(`{"code":"x","start":"2025-01-02","end":"2025-01-01"}`)
	f.Add(`{}`)
	f.Fuzz(func(t *testing.T, s string) {
		var e Event
		if err := json.Unmarshal([]byte(s), &e); err != nil {
			return
		}
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("json.Marshal(%+v): %v", e, err)
		}
		var back Event
		if err := json.Unmarshal(b, &back); err != nil || back != e {
			t.Fatalf("round trip of %s: %+v, %v; want %+v", b, back, err, e)
		}
	})
}
