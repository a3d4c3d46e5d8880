package observance

import (
	"errors"
	"testing"
)

func TestParseRule(t *testing.T) {
	type dates struct {
		kind             string
		m, d, endM, endD int
	}
	tests := []struct {
		spec string
		want dates
	}{
		{"8/3", dates{KindSolar, 3, 8, 0, 0}},
		{"08/03", dates{KindSolar, 3, 8, 0, 0}},
		{" 8 / 3 ", dates{KindSolar, 3, 8, 0, 0}},
		{"8/3 DL", dates{KindSolar, 3, 8, 0, 0}},
		{"8/3 dương lịch", dates{KindSolar, 3, 8, 0, 0}},
		{"29/2", dates{KindSolar, 2, 29, 0, 0}},
		{"15/8 âm lịch", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 Âm Lịch", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 ÂM LỊCH", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 a\u0302m li\u0323ch", dates{KindLunar, 8, 15, 0, 0}}, // decomposed
		{"15/8 am lich", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8AL", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 al", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 ÂL", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 (ÂL)", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 (âm lịch)", dates{KindLunar, 8, 15, 0, 0}},
		{"15/8 A.L.", dates{KindLunar, 8, 15, 0, 0}},
		{"30/12 âm lịch", dates{KindLunar, 12, 30, 0, 0}},
		{"15/11-15/12", dates{KindRange, 11, 15, 12, 15}},
		{"15/11 - 15/12", dates{KindRange, 11, 15, 12, 15}},
		{"15/11 – 15/12", dates{KindRange, 11, 15, 12, 15}},
		{"15/11—15/12", dates{KindRange, 11, 15, 12, 15}},
		{"15/12-15/1", dates{KindRange, 12, 15, 1, 15}},
		{"1/6-30/6 DL", dates{KindRange, 6, 1, 6, 30}},
	}
	for _, tt := range tests {
		r, err := ParseRule(" local-day ", " Ngày hội ", "Festival", tt.spec)
		if err != nil {
			t.Errorf("ParseRule(%q): %v", tt.spec, err)
			continue
		}
		got := dates{r.Kind, r.Month, r.Day, r.EndMonth, r.EndDay}
		if got != tt.want {
			t.Errorf("ParseRule(%q) = %+v, want %+v", tt.spec, got, tt.want)
		}
		if r.Code != "local-day" || r.Name != "Ngày hội" || r.NameEN != "Festival" || !r.Local || r.Programme != "" {
			t.Errorf("ParseRule(%q) = %+v", tt.spec, r)
		}
	}
}

func TestParseRuleErrors(t *testing.T) {
	tests := []struct {
		code, name, spec string
		field            string
	}{
		{"local-day", "Ngày hội", "", "spec"},
		{"local-day", "Ngày hội", "   ", "spec"},
		{"local-day", "Ngày hội", "8", "spec"},
		{"local-day", "Ngày hội", "8/", "spec"},
		{"local-day", "Ngày hội", "/3", "spec"},
		{"local-day", "Ngày hội", "8/3/2025", "spec"},
		{"local-day", "Ngày hội", "008/3", "spec"},
		{"local-day", "Ngày hội", "8/3 xyz", "spec"},
		{"local-day", "Ngày hội", "8/3 âm", "spec"},
		{"local-day", "Ngày hội", "8 tháng 3", "spec"},
		{"local-day", "Ngày hội", "31/4", "spec"},
		{"local-day", "Ngày hội", "30/2", "spec"},
		{"local-day", "Ngày hội", "0/1", "spec"},
		{"local-day", "Ngày hội", "1/13", "spec"},
		{"local-day", "Ngày hội", "31/8 âm lịch", "spec"},
		{"local-day", "Ngày hội", "15/11-", "spec"},
		{"local-day", "Ngày hội", "-15/12", "spec"},
		{"local-day", "Ngày hội", "1/1-2/2-3/3", "spec"},
		{"local-day", "Ngày hội", "15/11-31/11", "spec"},
		{"local-day", "Ngày hội", "1/8-15/8 âm lịch", "spec"},
		{"local-day", "Ngày hội", "1/8 âm lịch 2025", "spec"},
		{"Local Day", "Ngày hội", "8/3", "code"},
		{"local-day", "", "8/3", "name"},
	}
	for _, tt := range tests {
		r, err := ParseRule(tt.code, tt.name, "", tt.spec)
		var fe *FieldError
		if !errors.As(err, &fe) || fe.Field != tt.field {
			t.Errorf("ParseRule(%q, %q, %q) = %+v, %v; want an error on %q", tt.code, tt.name, tt.spec, r, err, tt.field)
			continue
		}
		if r != (Rule{}) {
			t.Errorf("ParseRule(%q) returned %+v with its error", tt.spec, r)
		}
	}
}

func TestParseRuleMessage(t *testing.T) {
	_, err := ParseRule("local-day", "Ngày hội", "", "31/4")
	want := "spec: tháng 4 không có ngày 31 (ngày phải từ 1 đến 30) (month 4 has no day 31 (days run from 1 to 30))"
	if err == nil || err.Error() != want {
		t.Errorf("ParseRule(31/4) = %v\nwant %s", err, want)
	}
}

func TestFold(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Âm Lịch", "amlich"},
		{"ÂM LỊCH", "amlich"},
		{"a\u0302m li\u0323ch", "amlich"},
		{"(ÂL)", "al"},
		{"Dương lịch", "duonglich"},
		{"ĐỨC", "duc"},
	} {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
