package period

import (
	"unicode/utf8"

	"tebdg/internal/errs"
)

// ParseType reads a period type by its name in the API ("monthly",
// "quarterly", "sixmonthly", "ninemonthly", "yearly"; exactly, as in URLs).
func ParseType(s string) (Type, error) {
	if _, ok := shapeOf(Type(s)); ok {
		return Type(s), nil
	}
	return "", typeError(s)
}

// ParseRule reads a rule by its name ("decree09", "calendar"). The empty
// string is Decree09, the default of the API.
func ParseRule(s string) (Rule, error) {
	if r, ok := rule(Rule(s)); ok {
		return r, nil
	}
	return "", ruleError(s)
}

// The package's errors are *errs.Error, errs.Invalid, with the Vietnamese
// and the English message apart; they name no field, which is the caller's
// to add.

func typeError(s string) error {
	return errs.Newf(errs.Invalid,
		"loại kỳ báo cáo %q không hợp lệ: dùng monthly, quarterly, sixmonthly, ninemonthly hoặc yearly",
		"invalid period type %q; use monthly, quarterly, sixmonthly, ninemonthly or yearly", short(s))
}

func ruleError(s string) error {
	return errs.Newf(errs.Invalid, "cách tính kỳ báo cáo %q không hợp lệ: dùng decree09 hoặc calendar",
		"invalid period rule %q; use decree09 or calendar", short(s))
}

// short keeps error messages readable when the input is long.
func short(s string) string {
	const maxBytes = 40
	if len(s) <= maxBytes {
		return s
	}
	i := maxBytes
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "…"
}

// Parse returns the period with the given id under rule r (the zero Rule is
// Decree09). Ids are yyyymm for a month (202501), yyyyQ1–Q4, yyyyS1–S2,
// yyyyN9 and yyyy, in upper case, with a year from MinYear to MaxYear. They
// are the DHIS2 period ids where DHIS2 has the type.
func Parse(id string, r Rule) (Period, error) {
	rr, ok := rule(r)
	if !ok {
		return Period{}, ruleError(string(r))
	}
	k, err := parseID(id)
	if err != nil {
		return Period{}, err
	}
	if k.year < MinYear || k.year > MaxYear {
		return Period{}, errs.Newf(errs.Invalid, "kỳ báo cáo %q: năm phải từ %d đến %d",
			"period %q: the year must be between %d and %d", short(id), MinYear, MaxYear)
	}
	k.r = rr
	return k.period(), nil
}

// parseID reads an id without checking the year bounds (Period.key needs
// ids beyond them, as Next may produce).
func parseID(id string) (key, error) {
	bad := func() (key, error) {
		if id == "" {
			return key{}, errs.New(errs.Invalid, "chưa có mã kỳ báo cáo", "no period id given")
		}
		return key{}, errs.Newf(errs.Invalid, "mã kỳ báo cáo %q không hợp lệ: dùng 202501, 2025Q1, 2025S1, 2025N9 hoặc 2025",
			"invalid period id %q; use 202501, 2025Q1, 2025S1, 2025N9 or 2025", short(id))
	}
	if len(id) < 4 {
		return bad()
	}
	year, ok := number(id[:4])
	if !ok {
		return bad()
	}
	rest := id[4:]
	k := key{year: year, index: 1}
	switch {
	case rest == "":
		k.t = Yearly
	case len(rest) == 2 && rest[0] == 'Q':
		k.t, k.index = Quarterly, int(rest[1]-'0')
	case len(rest) == 2 && rest[0] == 'S':
		k.t, k.index = SixMonthly, int(rest[1]-'0')
	case rest == "N9":
		k.t = NineMonthly
	case len(rest) == 2:
		k.t = Monthly
		if k.index, ok = number(rest); !ok {
			return bad()
		}
	default:
		return bad()
	}
	s, _ := shapeOf(k.t)
	if k.index < 1 || k.index > s.perYear {
		return bad()
	}
	return k, nil
}

// number reads ASCII digits only (strconv.Atoi would take signs).
func number(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
