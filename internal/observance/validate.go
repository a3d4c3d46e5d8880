package observance

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// fieldErr is a rule that cannot be kept: an *errs.Error, errs.Invalid,
// with the field at fault named as in the rule's JSON (and in ParseRule,
// "spec" for the date written in the form) so that a form can show the
// Vietnamese or the English message beside it.
func fieldErr(field, vi, en string) *errs.Error { return errs.Field(field, vi, en) }

// maxNameLen bounds names in characters: the longest builtin name is under
// 100, and a name is a title, not a description.
const maxNameLen = 200

// daysIn holds the longest each solar month can be (February in a leap
// year).
var daysIn = [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// Validate reports the first problem of the rule as an *errs.Error of a field:
//   - code: 2–40 characters a-z, 0-9 and "-";
//   - name: required, at most 200 characters; name_en optional, as long;
//   - kind: "solar", "lunar" or "range"; programme: "", "children", "gender";
//   - month and day: a day the month can have (31/4 and 30/2 are refused,
//     29/2 is kept on 28/2 in common years); a lunar day may be 30, kept on
//     the 29th when the month is short;
//   - end_month and end_day: for a range, likewise (an end before the start
//     crosses the new year); 0 for the other kinds.
func (r Rule) Validate() error {
	if !validCode(r.Code) {
		return fieldErr("code", "mã "+strconv.Quote(r.Code)+" không hợp lệ: cần 2–40 ký tự gồm chữ thường a-z, số 0-9 và dấu gạch ngang",
			"code "+strconv.Quote(r.Code)+" is invalid: use 2–40 characters of a-z, 0-9 and hyphens")
	}
	if err := checkName("name", r.Name, true); err != nil {
		return err
	}
	if err := checkName("name_en", r.NameEN, false); err != nil {
		return err
	}
	switch r.Kind {
	case KindSolar, KindLunar, KindRange:
	default:
		return fieldErr("kind", "loại "+strconv.Quote(r.Kind)+" không hợp lệ: chọn solar (dương lịch), lunar (âm lịch) hoặc range (khoảng ngày)",
			"kind "+strconv.Quote(r.Kind)+" is invalid: use solar, lunar or range")
	}
	switch r.Programme {
	case "", ProgrammeChildren, ProgrammeGender:
	default:
		return fieldErr("programme", "chương trình "+strconv.Quote(r.Programme)+" không hợp lệ: chọn children (trẻ em), gender (bình đẳng giới) hoặc để trống",
			"programme "+strconv.Quote(r.Programme)+" is invalid: use children, gender or leave it empty")
	}
	if err := checkDay("month", "day", r.Month, r.Day, r.Kind == KindLunar); err != nil {
		return err
	}
	if r.Kind == KindRange {
		return checkDay("end_month", "end_day", r.EndMonth, r.EndDay, false)
	}
	if r.EndMonth != 0 {
		return fieldErr("end_month", "chỉ khoảng ngày (range) mới có tháng kết thúc", "only a range has an end month")
	}
	if r.EndDay != 0 {
		return fieldErr("end_day", "chỉ khoảng ngày (range) mới có ngày kết thúc", "only a range has an end day")
	}
	return nil
}

func validCode(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

func checkName(field, s string, required bool) error {
	switch {
	case !utf8.ValidString(s):
		return fieldErr(field, "tên chứa ký tự không hợp lệ", "the name holds invalid characters")
	case required && strings.TrimSpace(s) == "":
		return fieldErr(field, "cần nhập tên", "a name is required")
	case utf8.RuneCountInString(s) > maxNameLen:
		return fieldErr(field, "tên dài quá 200 ký tự", "the name is longer than 200 characters")
	case strings.ContainsFunc(s, isControl):
		return fieldErr(field, "tên chứa ký tự điều khiển", "the name holds control characters")
	}
	return nil
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f || 0x80 <= r && r < 0xa0 }

func checkDay(monthField, dayField string, month, d int, lunar bool) error {
	if month < 1 || month > 12 {
		ms := strconv.Itoa(month)
		return fieldErr(monthField, "không có tháng "+ms+", tháng phải từ 1 đến 12", "there is no month "+ms+", months run from 1 to 12")
	}
	limit := daysIn[month]
	if lunar {
		limit = 30
	}
	if d < 1 || d > limit {
		ds, ms, ls := strconv.Itoa(d), strconv.Itoa(month), strconv.Itoa(limit)
		vi := "tháng " + ms + " không có ngày " + ds + " (ngày phải từ 1 đến " + ls + ")"
		en := "month " + ms + " has no day " + ds + " (days run from 1 to " + ls + ")"
		if lunar {
			vi = "tháng " + ms + " âm lịch không có ngày " + ds + " (ngày phải từ 1 đến " + ls + ")"
			en = "lunar " + en
		}
		return fieldErr(dayField, vi, en)
	}
	return nil
}
