package dvs

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// NumberError says why a text is not a number, in Vietnamese and English
// separately so that a caller can put both into a RowError.
type NumberError struct {
	Input     string
	Message   string
	MessageEN string
}

func (e *NumberError) Error() string { return e.Message + " (" + e.MessageEN + ")" }

func numErr(s, vi, en string) *NumberError {
	q := fmt.Sprintf("%q", short(strings.TrimSpace(s)))
	return &NumberError{
		Input:     s,
		Message:   strings.ReplaceAll(vi, "%s", q),
		MessageEN: strings.ReplaceAll(en, "%s", q),
	}
}

// ParseNumber reads a number under DHIS2's convention, the one of the JSON
// API: ParseNumberIn(s, false).
func ParseNumber(s string) (float64, error) { return ParseNumberIn(s, false) }

// ParseNumberIn reads a number written under one of two conventions.
//
// "1.234" is the trouble: DHIS2 means one point two three four, a
// Vietnamese spreadsheet means one thousand two hundred thirty-four. No
// rule can tell them apart from the text, so the convention is decided per
// set, never per value, and ambiguous text is never guessed:
//
//   - DHIS2 (vietnamese false; JSON, and ','-separated CSV): a dot is
//     always the decimal point and nothing groups thousands: "1234",
//     "1234.5", "-3", "1.5e3". "1.234.567" and anything with a comma are
//     refused with a hint, not read as thousands, because accepting
//     "1.234.567" as 1234567 while "1.234" stays 1.234 would misread a
//     Vietnamese column by a factor of 1000 without a word.
//   - Vietnamese (vietnamese true; ';'-separated CSV, see Set.Vietnamese):
//     a comma is the decimal point and dots group thousands, every group
//     after the first of exactly three digits and the first of one to
//     three not starting with 0: "1.234" is 1234, "1.234.567", "1.234,5",
//     "12,5", "1234". "12.5" and "0.123" are refused: a dot that cannot be
//     a thousands separator means the text was written the other way.
//
// Both accept a leading sign, surrounding spaces, and an exponent ("1,5E+03"
// is how a spreadsheet shows a large number). Both refuse "", "12a",
// "1,2,3", "NaN", "Inf", ".5", "5." and numbers beyond float64 ("1e400");
// an accepted number is always finite. The error is a *NumberError.
func ParseNumberIn(s string, vietnamese bool) (float64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, numErr(s, "chưa có số", "no number given")
	}
	switch strings.ToLower(strings.TrimLeft(t, "+-")) {
	case "nan", "inf", "infinity":
		return 0, numErr(s, "%s không phải là một số hữu hạn", "%s is not a finite number")
	}
	decimal, group := byte('.'), byte(0)
	if vietnamese {
		decimal, group = ',', '.'
	}

	// canon is t rewritten for strconv.ParseFloat: sign, digits, '.', 'e'.
	// strconv is not given t itself because it also takes "0x1p3", "Inf"
	// and underscores, none of which a person means in a report.
	var buf [64]byte
	canon := buf[:0]
	i := 0
	if t[i] == '-' || t[i] == '+' {
		canon = append(canon, t[i])
		i++
	}

	// Integer part, with thousands groups in the Vietnamese convention.
	digits, groups, groupLen, firstLen := 0, 0, 0, 0
	for ; i < len(t); i++ {
		c := t[i]
		if isDigit(c) {
			canon = append(canon, c)
			digits++
			groupLen++
			continue
		}
		if group == 0 || c != group {
			break
		}
		if groups == 0 {
			firstLen = groupLen
		}
		if groupLen == 0 || groups > 0 && groupLen != 3 {
			return 0, badGroups(s)
		}
		groups++
		groupLen = 0
	}
	if digits == 0 {
		if i < len(t) && t[i] == decimal {
			return 0, numErr(s, "%s không phải là số: thiếu chữ số trước dấu thập phân", "%s is not a number: no digit before the decimal point")
		}
		return 0, numErr(s, "%s không phải là số", "%s is not a number")
	}
	if groups > 0 {
		intStart := len(canon) - digits
		if groupLen != 3 || firstLen > 3 || canon[intStart] == '0' {
			return 0, badGroups(s)
		}
	}

	// Fraction.
	if i < len(t) && t[i] == decimal {
		i++
		canon = append(canon, '.')
		n := 0
		for ; i < len(t) && isDigit(t[i]); i++ {
			canon = append(canon, t[i])
			n++
		}
		if n == 0 {
			return 0, numErr(s, "%s không phải là số: thiếu chữ số sau dấu thập phân", "%s is not a number: no digit after the decimal point")
		}
	}

	// Exponent.
	if i < len(t) && (t[i] == 'e' || t[i] == 'E') {
		i++
		canon = append(canon, 'e')
		if i < len(t) && (t[i] == '-' || t[i] == '+') {
			canon = append(canon, t[i])
			i++
		}
		n := 0
		for ; i < len(t) && isDigit(t[i]); i++ {
			canon = append(canon, t[i])
			n++
		}
		if n == 0 {
			return 0, numErr(s, "%s không phải là số: thiếu chữ số ở phần mũ", "%s is not a number: no digit in the exponent")
		}
	}

	if i < len(t) {
		return 0, trailing(s, t[i], vietnamese)
	}
	f, err := strconv.ParseFloat(string(canon), 64)
	if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		// The grammar above leaves only range errors; underflow is
		// rounded to zero by strconv without error, which is fine.
		return 0, numErr(s, "số %s quá lớn", "number %s is too large")
	}
	return f, nil
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func badGroups(s string) *NumberError {
	return numErr(s,
		"số %s viết sai: dấu chấm là dấu phân cách hàng nghìn, sau mỗi dấu chấm phải có đúng 3 chữ số; phần thập phân viết sau dấu phẩy (1.234,5)",
		"number %s is malformed: a dot separates thousands here, so exactly 3 digits must follow each dot; decimals follow a comma (1.234,5)")
}

// trailing explains the first character that ends a number early; the
// separators get a hint about the conventions since they are the usual cause.
func trailing(s string, c byte, vietnamese bool) *NumberError {
	switch {
	case !vietnamese && c == ',':
		return numErr(s,
			"số %s có dấu phẩy: theo quy ước DHIS2 dấu chấm là dấu thập phân và không có dấu phân cách hàng nghìn (1234.5); tệp CSV viết số kiểu Việt Nam (1.234,5) hãy phân cách cột bằng dấu ;",
			"number %s has a comma: under DHIS2's convention a dot is the decimal point and thousands are not separated (1234.5); a CSV file with Vietnamese numbers (1.234,5) must separate columns with ;")
	case !vietnamese && c == '.':
		return numErr(s,
			"số %s có nhiều dấu chấm: theo quy ước DHIS2 dấu chấm là dấu thập phân, hãy bỏ dấu phân cách hàng nghìn (1234567)",
			"number %s has several dots: under DHIS2's convention a dot is the decimal point; drop the thousands separators (1234567)")
	case vietnamese && c == ',':
		return numErr(s, "số %s có nhiều dấu phẩy", "number %s has several commas")
	case vietnamese && c == '.':
		return numErr(s,
			"số %s có dấu chấm sau dấu phẩy thập phân; số kiểu Việt Nam viết 1.234,5",
			"number %s has a dot after the decimal comma; Vietnamese numbers read 1.234,5")
	}
	return numErr(s, "%s không phải là số", "%s is not a number")
}

// onlyVietnamese reports whether s is a number that only the Vietnamese
// convention reads: DHIS2's refuses it, the Vietnamese one accepts it, and
// it is not English thousands either ("1,234" and "12,500" could be 1234
// and 12500 from an English-locale spreadsheet, so they prove nothing).
// One such value decides a ','-separated CSV file's convention.
func onlyVietnamese(s string) bool {
	if !strings.ContainsAny(s, ",.") {
		return false
	}
	if _, err := ParseNumberIn(s, true); err != nil {
		return false
	}
	if _, err := ParseNumberIn(s, false); err == nil {
		return false
	}
	return !englishThousands(strings.TrimSpace(s))
}

// englishThousands matches [sign] d{1,3} (,ddd)+ with nothing else.
func englishThousands(t string) bool {
	t = strings.TrimLeft(t, "+-")
	first, rest, ok := strings.Cut(t, ",")
	if !ok || len(first) < 1 || len(first) > 3 || !allDigits(first) {
		return false
	}
	for _, g := range strings.Split(rest, ",") {
		if len(g) != 3 || !allDigits(g) {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}
