package lunar

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Date is a day of the lunar calendar. Leap marks the leap month (tháng
// nhuận) that repeats Month. A Year of 0 means "every year": it is what
// ParseDate returns for "15/8", the form observances are written in, and
// ToSolar refuses it.
type Date struct {
	Day   int  `json:"day"`
	Month int  `json:"month"`
	Year  int  `json:"year"`
	Leap  bool `json:"leap"`
}

// String writes the date as Vietnamese documents do: "15/8/2025",
// "1/6 nhuận/2025", or "15/8" for every year.
func (d Date) String() string {
	s := strconv.Itoa(d.Day) + "/" + d.monthString()
	if d.Year != 0 {
		s += "/" + strconv.Itoa(d.Year)
	}
	return s
}

func (d Date) monthString() string {
	if d.Leap {
		return strconv.Itoa(d.Month) + " nhuận"
	}
	return strconv.Itoa(d.Month)
}

// ParseDate reads a lunar date written day/month[/year]: "15/8",
// "15/8/2025", "01/06n/2025", "1/6 nhuận/2025" (also "nhuan", any case,
// composed or decomposed Unicode). Spaces around the parts are ignored.
// Without a year the result has Year 0 (every year) and any day 1…30 is
// accepted, since whether day 30 exists depends on the year; a leap month
// needs a year. With a year the date must exist in the calendar's range.
func ParseDate(s string) (Date, error) {
	parts := strings.Split(s, "/")
	if len(parts) < 2 || len(parts) > 3 {
		return Date{}, errSyntax(s, "cần dạng ngày/tháng hoặc ngày/tháng/năm", "want day/month or day/month/year")
	}
	var d Date
	var ok bool
	if d.Day, ok = number(strings.TrimSpace(parts[0]), 2); !ok || d.Day < 1 || d.Day > 30 {
		return Date{}, errSyntax(s, "ngày phải là số từ 1 đến 30", "day must be a number from 1 to 30")
	}
	m := strings.TrimSpace(parts[1])
	n := 0
	for n < len(m) && m[n] >= '0' && m[n] <= '9' {
		n++
	}
	if d.Month, ok = number(m[:n], 2); !ok || d.Month < 1 || d.Month > 12 {
		return Date{}, errSyntax(s, "tháng phải là số từ 1 đến 12", "month must be a number from 1 to 12")
	}
	switch foldLeap(m[n:]) {
	case "":
	case "n", "nhuan":
		d.Leap = true
	default:
		return Date{}, errSyntax(s, "sau tháng chỉ được ghi \"nhuận\" hoặc \"n\"", "only \"nhuận\" or \"n\" may follow the month")
	}
	if len(parts) == 2 {
		if d.Leap {
			return Date{}, errSyntax(s, "tháng nhuận cần ghi năm", "a leap month needs a year")
		}
		return d, nil
	}
	if d.Year, ok = number(strings.TrimSpace(parts[2]), 4); !ok {
		return Date{}, errSyntax(s, "năm phải là số có 4 chữ số", "year must be a 4-digit number")
	}
	if _, err := ToSolar(d); err != nil {
		return Date{}, err
	}
	return d, nil
}

// number reads 1 to max ASCII digits.
func number(s string, max int) (int, bool) {
	if len(s) == 0 || len(s) > max {
		return 0, false
	}
	v := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}

// foldLeap lowercases the leap marker and strips its tone and vowel marks,
// so that "Nhuận" typed in composed (NFC) or decomposed (NFD) Unicode, or
// without marks, all read "nhuan". Brackets, as in MonthName's "(nhuận)", and
// spaces are dropped.
func foldLeap(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		r, size := utf8.DecodeRuneInString(s)
		s = s[size:]
		switch {
		case r >= 0x300 && r <= 0x36f: // combining marks (NFD)
		case r == ' ' || r == '\t' || r == '(' || r == ')':
		case r == 'â' || r == 'ậ' || r == 'Â' || r == 'Ậ' || r == 'ạ' || r == 'Ạ':
			b.WriteByte('a')
		case r < utf8.RuneSelf:
			if 'A' <= r && r <= 'Z' {
				r += 'a' - 'A'
			}
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
