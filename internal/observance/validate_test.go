package observance

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"tebdg/internal/errs"
)

func TestValidate(t *testing.T) {
	ok := Rule{Code: "local-day", Name: "Ngày hội", Kind: KindSolar, Month: 3, Day: 8}
	with := func(f func(*Rule)) Rule { r := ok; f(&r); return r }
	tests := []struct {
		name  string
		rule  Rule
		field string // "" for valid
	}{
		{"valid", ok, ""},
		{"two-character code", with(func(r *Rule) { r.Code = "ab" }), ""},
		{"40-character code", with(func(r *Rule) { r.Code = strings.Repeat("a", 40) }), ""},
		{"digits and hyphens", with(func(r *Rule) { r.Code = "0-9-" }), ""},
		{"empty code", with(func(r *Rule) { r.Code = "" }), "code"},
		{"one-character code", with(func(r *Rule) { r.Code = "a" }), "code"},
		{"41-character code", with(func(r *Rule) { r.Code = strings.Repeat("a", 41) }), "code"},
		{"capital in code", with(func(r *Rule) { r.Code = "Local" }), "code"},
		{"underscore in code", with(func(r *Rule) { r.Code = "local_day" }), "code"},
		{"space in code", with(func(r *Rule) { r.Code = "local day" }), "code"},
		{"accent in code", with(func(r *Rule) { r.Code = "ngày" }), "code"},
		{"no name", with(func(r *Rule) { r.Name = "  " }), "name"},
		{"long name", with(func(r *Rule) { r.Name = strings.Repeat("ạ", 201) }), "name"},
		{"200-character name", with(func(r *Rule) { r.Name = strings.Repeat("ạ", 200) }), ""},
		{"control in name", with(func(r *Rule) { r.Name = "a\nb" }), "name"},
		{"invalid UTF-8 in name", with(func(r *Rule) { r.Name = "a\xffb" }), "name"},
		{"no English name", with(func(r *Rule) { r.NameEN = "" }), ""},
		{"long English name", with(func(r *Rule) { r.NameEN = strings.Repeat("a", 201) }), "name_en"},
		{"no kind", with(func(r *Rule) { r.Kind = "" }), "kind"},
		{"unknown kind", with(func(r *Rule) { r.Kind = "weekly" }), "kind"},
		{"children", with(func(r *Rule) { r.Programme = ProgrammeChildren }), ""},
		{"gender", with(func(r *Rule) { r.Programme = ProgrammeGender }), ""},
		{"unknown programme", with(func(r *Rule) { r.Programme = "health" }), "programme"},
		{"month 0", with(func(r *Rule) { r.Month = 0 }), "month"},
		{"month 13", with(func(r *Rule) { r.Month = 13 }), "month"},
		{"day 0", with(func(r *Rule) { r.Day = 0 }), "day"},
		{"31/4", with(func(r *Rule) { r.Month, r.Day = 4, 31 }), "day"},
		{"30/2", with(func(r *Rule) { r.Month, r.Day = 2, 30 }), "day"},
		{"29/2", with(func(r *Rule) { r.Month, r.Day = 2, 29 }), ""},
		{"31/12", with(func(r *Rule) { r.Month, r.Day = 12, 31 }), ""},
		{"end on a solar rule", with(func(r *Rule) { r.EndMonth = 3 }), "end_month"},
		{"end day on a solar rule", with(func(r *Rule) { r.EndDay = 3 }), "end_day"},
		{"lunar 30/2", with(func(r *Rule) { r.Kind, r.Month, r.Day = KindLunar, 2, 30 }), ""},
		{"lunar 31/1", with(func(r *Rule) { r.Kind, r.Month, r.Day = KindLunar, 1, 31 }), "day"},
		{"lunar month 13", with(func(r *Rule) { r.Kind, r.Month = KindLunar, 13 }), "month"},
		{"range", with(func(r *Rule) { r.Kind, r.EndMonth, r.EndDay = KindRange, 3, 31 }), ""},
		{"range across the new year", with(func(r *Rule) { r.Kind, r.Month, r.Day, r.EndMonth, r.EndDay = KindRange, 12, 15, 1, 15 }), ""},
		{"range without end", with(func(r *Rule) { r.Kind = KindRange }), "end_month"},
		{"range ending 31/4", with(func(r *Rule) { r.Kind, r.EndMonth, r.EndDay = KindRange, 4, 31 }), "end_day"},
		{"range ending month 13", with(func(r *Rule) { r.Kind, r.EndMonth, r.EndDay = KindRange, 13, 1 }), "end_month"},
	}
	for _, tt := range tests {
		err := tt.rule.Validate()
		var fe *errs.Error
		switch {
		case tt.field == "" && err != nil:
			t.Errorf("%s: Validate() = %v, want nil", tt.name, err)
		case tt.field != "" && (!errors.As(err, &fe) || fe.Field != tt.field || fe.Code != errs.Invalid):
			t.Errorf("%s: Validate() = %v, want an invalid error on %q", tt.name, err, tt.field)
		case fe != nil && (fe.VI == "" || fe.EN == ""):
			t.Errorf("%s: message %q / %q", tt.name, fe.VI, fe.EN)
		}
	}
}

func TestValidateMessages(t *testing.T) {
	tests := []struct {
		rule          Rule
		field, vi, en string
	}{
		{Rule{Code: "x", Name: "n", Kind: KindSolar, Month: 1, Day: 1}, "code",
			`mã "x" không hợp lệ: cần 2–40 ký tự gồm chữ thường a-z, số 0-9 và dấu gạch ngang`,
			`code "x" is invalid: use 2–40 characters of a-z, 0-9 and hyphens`},
		{Rule{Code: "xx", Name: "n", Kind: KindSolar, Month: 4, Day: 31}, "day",
			"tháng 4 không có ngày 31 (ngày phải từ 1 đến 30)", "month 4 has no day 31 (days run from 1 to 30)"},
		{Rule{Code: "xx", Name: "n", Kind: KindLunar, Month: 8, Day: 31}, "day",
			"tháng 8 âm lịch không có ngày 31 (ngày phải từ 1 đến 30)", "lunar month 8 has no day 31 (days run from 1 to 30)"},
		{Rule{Code: "xx", Name: " ", Kind: KindSolar, Month: 1, Day: 1}, "name", "cần nhập tên", "a name is required"},
		{Rule{Code: "xx", Name: "n", Kind: KindRange, Month: 1, Day: 1, EndMonth: 13, EndDay: 1}, "end_month",
			"không có tháng 13, tháng phải từ 1 đến 12", "there is no month 13, months run from 1 to 12"},
	}
	for _, tt := range tests {
		checkFieldErr(t, fmt.Sprintf("Validate(%+v)", tt.rule), tt.rule.Validate(), tt.field, tt.vi, tt.en)
	}
}

// checkFieldErr holds err to the package's convention: an *errs.Error,
// Invalid, naming field, with the Vietnamese and the English message apart.
func checkFieldErr(t *testing.T, what string, err error, field, vi, en string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %q", what, vi)
		return
	}
	e := errs.As(err)
	if e.Code != errs.Invalid || e.Field != field || e.Message("vi") != vi || e.Message("en") != en {
		t.Errorf("%s: %s error on %q\n vi %q\n en %q\nwant invalid on %q\n vi %q\n en %q",
			what, e.Code, e.Field, e.Message("vi"), e.Message("en"), field, vi, en)
	}
}
