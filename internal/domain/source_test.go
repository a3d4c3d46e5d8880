package domain

import (
	"testing"

	"tebdg/internal/errs"
)

func TestParseSource(t *testing.T) {
	for _, tt := range []struct {
		in      string
		ok      bool
		field   string
		metric  string
		types   int
		written string
	}{
		{"", false, "", "", 0, ""},
		{"entered", false, "", "", 0, ""},
		{"records:activities.count", true, "", "activities.count", 0, "records:activities.count"},
		{"records:activities.participants?type=communication,training", true, "", "activities.participants", 2, "records:activities.participants?type=communication,training"},
		{" records:activities.count?type=training, training ,", true, "", "activities.count", 1, "records:activities.count?type=training"},
		{"records:inspections.count?type=boat", true, "", "inspections.count", 1, "records:inspections.count?type=boat"},
		{"records:helmets.recipients", true, "", "helmets.recipients", 0, "records:helmets.recipients"},
		{"records:activities.count?type=boat", false, "source", "", 0, ""},
		{"records:helmets.recipients?type=river", false, "source", "", 0, ""},
		{"records:nothing", false, "source", "", 0, ""},
		{"records:activities.count?kind=training", false, "source", "", 0, ""},
		{"typed", false, "source", "", 0, ""},
	} {
		src, ok, err := ParseSource(tt.in)
		if tt.field != "" {
			if err == nil || errs.As(err).Field != tt.field {
				t.Errorf("%q: error %v", tt.in, err)
			}
			continue
		}
		if err != nil || ok != tt.ok || src.Metric != tt.metric || len(src.Types) != tt.types {
			t.Errorf("%q: %+v %v %v", tt.in, src, ok, err)
		}
		if ok && src.String() != tt.written {
			t.Errorf("%q written %q", tt.in, src.String())
		}
	}
}

func FuzzParseSource(f *testing.F) {
	for _, s := range []string{"records:activities.count?type=training", "records:signs.added", "entered", "records:?=", "records:fund.amount?type="} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		src, ok, err := ParseSource(s)
		if err != nil || !ok {
			return
		}
		again, ok2, err2 := ParseSource(src.String())
		if err2 != nil || !ok2 || again.String() != src.String() {
			t.Fatalf("%q → %q → %q (%v)", s, src.String(), again.String(), err2)
		}
	})
}
