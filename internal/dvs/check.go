package dvs

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"tebdg/internal/period"
)

// Code and combo bounds. Codes are DHIS2's (at most 50 characters there);
// tebdg's own codes are shorter and this is where an import meets them.
// A combo joins a few option codes, so 128 is generous.
const (
	MaxCodeLen  = 32
	MaxComboLen = 128
)

// Check finds the structural faults of every row of s, never stopping at
// the first: missing or malformed codes (1–32 characters of A–Z 0–9 - _ .),
// period ids that do not parse under rule (the zero Rule is Decree09) or
// whose year is outside years (the zero Years: any year Parse reads;
// importers pass period.DataYears of their clock), malformed combos ([a-z0-9]+ joined by _), empty values on rows that do
// not delete, rows repeating an earlier row's dataElement, period, orgUnit
// and combo, a set without values and, when max > 0, more than max values.
// It includes the faults the reader found in the text and checks no field
// twice. The result is sorted by row, Row 0 (the set) first, and nil when
// s is sound; test it with len, since a nil Errors stored in an error
// variable is not a nil error.
//
// What depends on the catalogue (does the indicator exist, is the value a
// number for it, is the org unit in scope) is the caller's to check.
func Check(s Set, rule period.Rule, max int, years period.Years) Errors {
	if _, err := period.ParseRule(string(rule)); err != nil {
		// A caller's mistake, not the sender's; said once, not per row.
		return Errors{rowErr(0, FieldPeriod,
			fmt.Sprintf("cách tính kỳ báo cáo %q không hợp lệ", short(string(rule))),
			fmt.Sprintf("invalid period rule %q", short(string(rule))))}
	}
	errs := append(Errors(nil), s.readErrs...)
	type rowField struct {
		row   int
		field string
	}
	reported := make(map[rowField]bool, len(s.readErrs))
	for _, e := range s.readErrs {
		reported[rowField{e.Row, e.Field}] = true
	}

	if s.DataSet != "" {
		if vi, en, ok := checkCode(FieldDataSet, s.DataSet); !ok {
			errs = append(errs, rowErr(0, FieldDataSet, vi, en))
		}
	}
	if s.CompleteDate != "" && !validDate(s.CompleteDate) {
		errs = append(errs, rowErr(0, FieldCompleteDate,
			fmt.Sprintf("completeDate %q không phải ngày dạng yyyy-mm-dd", short(s.CompleteDate)),
			fmt.Sprintf("completeDate %q is not a yyyy-mm-dd date", short(s.CompleteDate))))
	}
	switch {
	case len(s.Values) == 0:
		errs = append(errs, rowErr(0, FieldDataValues, "không có giá trị nào", "there are no values"))
	case max > 0 && len(s.Values) > max:
		errs = append(errs, rowErr(0, FieldDataValues,
			fmt.Sprintf("có %d giá trị, vượt quá giới hạn %d giá trị mỗi lần gửi", len(s.Values), max),
			fmt.Sprintf("there are %d values, more than the limit of %d per upload", len(s.Values), max)))
	}

	// Reports hold a handful of periods and combos repeated over
	// thousands of rows: remembering the verdicts keeps Check linear
	// in the rows with a small constant.
	type verdict uint8
	const (
		periodOK verdict = iota
		periodBad
		periodOutside
	)
	periods := map[string]verdict{}
	combos := map[string]bool{}
	type key struct{ de, pe, ou, co string }
	first := make(map[key]int, len(s.Values))

	for _, v := range s.Values {
		if reported[rowField{v.Row, FieldDataValues}] {
			continue // the entry as a whole is broken, and reported
		}
		add := func(field, vi, en string) {
			errs = append(errs, rowErr(v.Row, field, vi, en))
		}
		keyOK := true
		for _, c := range []struct{ field, code string }{{FieldDataElement, v.DataElement}, {FieldOrgUnit, v.OrgUnit}} {
			if reported[rowField{v.Row, c.field}] {
				keyOK = false
				continue
			}
			if vi, en, ok := checkCode(c.field, c.code); !ok {
				add(c.field, vi, en)
				keyOK = false
			}
		}
		switch {
		case reported[rowField{v.Row, FieldPeriod}]:
			keyOK = false
		case v.Period == "":
			add(FieldPeriod,
				"thiếu kỳ báo cáo (period), ở giá trị này và ở đầu tệp",
				"no period, neither on this value nor at the top")
			keyOK = false
		default:
			vd, seen := periods[v.Period]
			if !seen {
				p, err := period.Parse(v.Period, rule)
				switch {
				case err != nil:
					vd = periodBad
				case !years.Contains(p.Year()):
					vd = periodOutside
				}
				periods[v.Period] = vd
			}
			switch vd {
			case periodBad:
				add(FieldPeriod,
					fmt.Sprintf("mã kỳ báo cáo %q không hợp lệ: dùng 202501, 2025Q1, 2025S1, 2025N9 hoặc 2025, năm từ %d đến %d", short(v.Period), period.MinYear, period.MaxYear),
					fmt.Sprintf("invalid period id %q: use 202501, 2025Q1, 2025S1, 2025N9 or 2025, years %d to %d", short(v.Period), period.MinYear, period.MaxYear))
				keyOK = false
			case periodOutside:
				add(FieldPeriod,
					fmt.Sprintf("kỳ báo cáo %s ngoài khoảng nhận số liệu: chỉ nhận các năm từ %d đến %d", v.Period, years.First, years.Last),
					fmt.Sprintf("period %s is outside the years figures are taken for: %d to %d only", v.Period, years.First, years.Last))
				keyOK = false
			}
		}
		if reported[rowField{v.Row, FieldCombo}] {
			keyOK = false
		} else if v.Combo != "" {
			ok, seen := combos[v.Combo]
			if !seen {
				ok = validCombo(v.Combo)
				combos[v.Combo] = ok
			}
			if !ok {
				add(FieldCombo,
					fmt.Sprintf("categoryOptionCombo %q không hợp lệ: mã phương án viết thường (chữ và số), nối bằng dấu _ theo thứ tự các nhóm (female_under16), tối đa %d ký tự; để trống hoặc total cho tổng", short(v.Combo), MaxComboLen),
					fmt.Sprintf("invalid categoryOptionCombo %q: lower-case option codes (letters and digits) joined by _ in the order of the categories (female_under16), at most %d characters; empty or total for the total", short(v.Combo), MaxComboLen))
				keyOK = false
			}
		}
		if v.Value == "" && !v.Deleted && !reported[rowField{v.Row, FieldValue}] {
			add(FieldValue,
				"thiếu giá trị (value); để xoá một giá trị hãy gửi deleted: true",
				"no value; to remove a value send deleted: true")
		}
		if !keyOK {
			continue // a duplicate of a broken key says nothing new
		}
		k := key{v.DataElement, v.Period, v.OrgUnit, v.Combo}
		if r, dup := first[k]; dup {
			add(FieldDataValues,
				fmt.Sprintf("trùng với dòng %d (cùng dataElement, period, orgUnit và categoryOptionCombo)", r),
				fmt.Sprintf("duplicates row %d (same dataElement, period, orgUnit and categoryOptionCombo)", r))
			continue
		}
		first[k] = v.Row
	}
	sortErrors(errs)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// sortErrors orders by row, keeping the order within a row (the reader's
// faults, then Check's in the order of the fields).
func sortErrors(e Errors) {
	slices.SortStableFunc(e, func(a, b RowError) int { return a.Row - b.Row })
}

func checkCode(field, code string) (vi, en string, ok bool) {
	switch {
	case code == "":
		return "thiếu mã " + field, field + " is missing", false
	case len(code) > MaxCodeLen:
		return fmt.Sprintf("mã %s %q dài quá %d ký tự", field, short(code), MaxCodeLen),
			fmt.Sprintf("%s code %q is longer than %d characters", field, short(code), MaxCodeLen), false
	case !validCode(code):
		return fmt.Sprintf("mã %s %q không hợp lệ: chỉ gồm chữ A–Z không dấu, chữ số, '-', '_' và '.'", field, short(code)),
			fmt.Sprintf("invalid %s code %q: only letters A–Z without marks, digits, '-', '_' and '.'", field, short(code)), false
	}
	return "", "", true
}

// validCode: 1–MaxCodeLen characters of A–Z 0–9 - _ . (codes are upper-
// cased on reading, so lower-case letters here mean a caller skipped that).
func validCode(s string) bool {
	if s == "" || len(s) > MaxCodeLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('A' <= c && c <= 'Z' || isDigit(c) || c == '-' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}

// validCombo: [a-z0-9]+(_[a-z0-9]+)*, at most MaxComboLen bytes.
func validCombo(s string) bool {
	if s == "" || len(s) > MaxComboLen || s[0] == '_' || s[len(s)-1] == '_' || strings.Contains(s, "__") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || isDigit(c) || c == '_') {
			return false
		}
	}
	return true
}

// validDate accepts DHIS2's completeDate: a yyyy-mm-dd day, possibly with
// a time after a 'T' as DHIS2's exports write it.
func validDate(s string) bool {
	d := s
	if len(s) > 10 && s[10] == 'T' {
		d = s[:10]
	}
	_, err := time.Parse(time.DateOnly, d)
	return err == nil
}
