package observance

import (
	"errors"
	"strings"
	"sync"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// ParseRule builds a local rule from a form: a code, names, and the date as
// people write it (spec):
//
//	"8/3", "08/03", "8/3 DL"              a solar date every year
//	"15/8 âm lịch", "15/8AL", "15/8 (ÂL)" a lunar date every year
//	"15/11-15/12", "15/11 – 15/12"        a range of solar dates
//
// Marks may be typed in any case, with or without tone marks, composed or
// decomposed. A year is refused: a rule repeats every year. The rule is
// validated; an error in the date names the field "spec", one in the code or
// names the field at fault (see Rule.Validate).
func ParseRule(code, name, nameEN, spec string) (Rule, error) {
	r := Rule{
		Code:   strings.TrimSpace(code),
		Name:   strings.TrimSpace(name),
		NameEN: strings.TrimSpace(nameEN),
		Local:  true,
	}
	if err := parseSpec(&r, spec); err != nil {
		return Rule{}, err
	}
	if err := r.Validate(); err != nil {
		// Validate made the error for this call alone: renaming its field
		// changes no one else's.
		var fe *errs.Error
		if errors.As(err, &fe) {
			switch fe.Field {
			case "month", "day", "end_month", "end_day":
				fe.Field = "spec"
			}
		}
		return Rule{}, err
	}
	return r, nil
}

const specHelpVI = "ghi ngày như 8/3, 15/8 âm lịch hoặc 15/11-15/12"
const specHelpEN = "write the date like 8/3, 15/8 âm lịch or 15/11-15/12"

func specErr(vi, en string) error {
	return fieldErr("spec", vi+"; "+specHelpVI, en+"; "+specHelpEN)
}

// parseSpec fills Kind, Month, Day, EndMonth and EndDay of r from spec.
func parseSpec(r *Rule, spec string) error {
	s := strings.TrimSpace(spec)
	if s == "" {
		return specErr("chưa nhập ngày", "the date is empty")
	}
	if len(s) > 100 {
		return specErr("ngày viết quá dài", "the date is too long")
	}
	// The date is digits, slashes, spaces and dashes; what follows is the
	// calendar mark.
	end := 0
	for end < len(s) {
		c, size := utf8.DecodeRuneInString(s[end:])
		if !('0' <= c && c <= '9' || c == '/' || c == ' ' || isDash(c)) {
			break
		}
		end += size
	}
	head := strings.TrimSpace(s[:end])
	lunarMark := false
	switch fold(s[end:]) {
	case "", "dl", "duonglich", "solar":
	case "al", "amlich", "lunar":
		lunarMark = true
	default:
		return specErr("không hiểu "+quote(strings.TrimSpace(s[end:]))+", sau ngày chỉ ghi \"âm lịch\" (AL) hoặc \"dương lịch\" (DL)",
			"cannot read "+quote(strings.TrimSpace(s[end:]))+": only \"âm lịch\" (AL) or \"dương lịch\" (DL) may follow the date")
	}
	first, rest, isRange := cutDash(head)
	m, d, err := dayMonth(first)
	if err != nil {
		return err
	}
	r.Month, r.Day, r.Kind = m, d, KindSolar
	if lunarMark {
		r.Kind = KindLunar
	}
	if isRange {
		if lunarMark {
			return specErr("chưa hỗ trợ khoảng ngày âm lịch", "lunar ranges are not supported")
		}
		if _, _, again := cutDash(rest); again {
			return specErr("khoảng ngày chỉ có một dấu gạch ngang", "a range has a single dash")
		}
		if r.EndMonth, r.EndDay, err = dayMonth(rest); err != nil {
			return err
		}
		r.Kind = KindRange
	}
	return nil
}

// cutDash splits s around its first dash.
func cutDash(s string) (before, after string, found bool) {
	i := strings.IndexFunc(s, isDash)
	if i < 0 {
		return s, "", false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	return s[:i], s[i+size:], true
}

// dayMonth reads "d/m" with one or two digits each.
func dayMonth(s string) (month, day int, err error) {
	f := strings.Split(strings.TrimSpace(s), "/")
	if len(f) == 3 {
		return 0, 0, specErr("không ghi năm, ngày lễ lặp lại hằng năm", "leave out the year: an observance recurs every year")
	}
	if len(f) != 2 {
		return 0, 0, specErr("không đọc được ngày "+quote(s), "cannot read the date "+quote(s))
	}
	d, ok1 := number(strings.TrimSpace(f[0]))
	m, ok2 := number(strings.TrimSpace(f[1]))
	if !ok1 || !ok2 {
		return 0, 0, specErr("không đọc được ngày "+quote(s), "cannot read the date "+quote(s))
	}
	return m, d, nil
}

// number reads one or two ASCII digits.
func number(s string) (int, bool) {
	if len(s) == 0 || len(s) > 2 {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		v = v*10 + int(s[i]-'0')
	}
	return v, true
}

func isDash(r rune) bool { return r == '-' || r == '–' || r == '—' }

func quote(s string) string { return "\"" + s + "\"" }

// fold lowercases s and strips Vietnamese tone and vowel marks (composed or
// decomposed), spaces, dots and brackets, so that "Âm lịch", "ÂM LỊCH",
// "am lich" and "(ÂL)" all read "amlich" or "al".
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= 0x300 && r <= 0x36f: // combining marks
		case r == ' ' || r == '\t' || r == '.' || r == '(' || r == ')':
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		default:
			if base, ok := vnBase()[r]; ok {
				r = base
			} else if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// vnBase maps each precomposed Vietnamese vowel, either case, to its bare
// lowercase letter.
// It is built on first use, not when the package loads.
var vnBase = sync.OnceValue(func() map[rune]rune {
	m := map[rune]rune{}
	for base, letters := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
	} {
		for _, r := range letters {
			m[r] = base
			m[[]rune(strings.ToUpper(string(r)))[0]] = base
		}
	}
	return m
})
