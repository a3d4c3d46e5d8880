package observance

import (
	"errors"
	"fmt"
	"testing"

	"tebdg/internal/errs"
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
		var fe *errs.Error
		if !errors.As(err, &fe) || fe.Field != tt.field || fe.Code != errs.Invalid {
			t.Errorf("ParseRule(%q, %q, %q) = %+v, %v; want an error on %q", tt.code, tt.name, tt.spec, r, err, tt.field)
			continue
		}
		if r != (Rule{}) {
			t.Errorf("ParseRule(%q) returned %+v with its error", tt.spec, r)
		}
	}
}

func TestParseRuleMessages(t *testing.T) {
	const helpVI, helpEN = "; ghi ngày như 8/3, 15/8 âm lịch hoặc 15/11-15/12", "; write the date like 8/3, 15/8 âm lịch or 15/11-15/12"
	tests := []struct {
		code, spec    string
		field, vi, en string
	}{
		// Validate's day error, moved to the field the form has.
		{"local-day", "31/4", "spec", "tháng 4 không có ngày 31 (ngày phải từ 1 đến 30)", "month 4 has no day 31 (days run from 1 to 30)"},
		{"local-day", "", "spec", "chưa nhập ngày" + helpVI, "the date is empty" + helpEN},
		{"local-day", "8/3 xyz", "spec", `không hiểu "xyz", sau ngày chỉ ghi "âm lịch" (AL) hoặc "dương lịch" (DL)` + helpVI,
			`cannot read "xyz": only "âm lịch" (AL) or "dương lịch" (DL) may follow the date` + helpEN},
		{"Local Day", "8/3", "code", `mã "Local Day" không hợp lệ: cần 2–40 ký tự gồm chữ thường a-z, số 0-9 và dấu gạch ngang`,
			`code "Local Day" is invalid: use 2–40 characters of a-z, 0-9 and hyphens`},
	}
	for _, tt := range tests {
		_, err := ParseRule(tt.code, "Ngày hội", "", tt.spec)
		checkFieldErr(t, fmt.Sprintf("ParseRule(%q, %q)", tt.code, tt.spec), err, tt.field, tt.vi, tt.en)
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
