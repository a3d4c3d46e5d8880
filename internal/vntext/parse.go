package vntext

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// Years outside this range are typing mistakes in our domain (a plan for
// 2204, a report from 202), not history, so ParseDate refuses them.
const (
	MinYear = 1900
	MaxYear = 2100
)

// ParseDate reads a date as people in Vietnam write it, d/m/yyyy with one or
// two digits for day and month ("13/4/2021", "03/3/2021", "13/04/2021"), or
// in ISO form yyyy-mm-dd ("2021-04-13", as HTML date inputs send it).
// Surrounding spaces are ignored. The year must be within MinYear–MaxYear
// and the day must exist (31/2/2024 does not). The result is that date at
// 00:00 UTC.
//
// Errors are meant to be shown to the person who typed the date: each is an
// *errs.Error, errs.Invalid, with a Vietnamese and an English message that
// quote the input; the caller adds the field.
func ParseDate(s string) (time.Time, error) {
	t := strings.TrimSpace(s)
	var y, m, d int
	var ok bool
	if len(t) == 10 && t[4] == '-' && t[7] == '-' {
		y, ok = digits(t[0:4], 4, 4)
		if ok {
			m, ok = digits(t[5:7], 2, 2)
		}
		if ok {
			d, ok = digits(t[8:10], 2, 2)
		}
	} else if ds, rest, found := strings.Cut(t, "/"); found {
		ms, ys, found2 := strings.Cut(rest, "/")
		d, ok = digits(ds, 1, 2)
		if ok && found2 {
			m, ok = digits(ms, 1, 2)
		}
		if ok && found2 {
			y, ok = digits(ys, 4, 4)
		}
		ok = ok && found2
	}
	if !ok {
		if t == "" {
			return time.Time{}, errs.New(errs.Invalid, "chưa nhập ngày", "no date given")
		}
		return time.Time{}, errs.Newf(errs.Invalid, "ngày %q không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd",
			"the date %q is not in dd/mm/yyyy or yyyy-mm-dd form", quoted(t))
	}
	if y < MinYear || y > MaxYear {
		return time.Time{}, errs.Newf(errs.Invalid, "năm của ngày %q phải từ %d đến %d",
			"the year of the date %q must be between %d and %d", quoted(t), MinYear, MaxYear)
	}
	date := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	// time.Date normalizes 31/2 into March; a date that does not come back
	// as written did not exist.
	if m < 1 || m > 12 || d < 1 || date.Day() != d || int(date.Month()) != m {
		return time.Time{}, errs.Newf(errs.Invalid, "ngày không hợp lệ %q", "there is no such date as %q", quoted(t))
	}
	return date, nil
}

// digits parses s as an unsigned decimal of lo to hi ASCII digits.
func digits(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi {
		return 0, false
	}
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

// quoted shortens what a user typed to a length fit for an error message,
// so a pasted page does not become a page-long error.
func quoted(s string) string {
	const maxRunes = 40
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	i, n := 0, 0
	for i = range s {
		if n == maxRunes {
			break
		}
		n++
	}
	return s[:i] + "…"
}

// ParseInt reads a whole number as written in Vietnamese: plain digits
// ("1234567") or digits grouped by three with '.' ("1.234.567"), with an
// optional sign and surrounding spaces (" 12 "). Wrong grouping ("1.23.4",
// "1234.567"), a leading zero before a group ("0.123", which an English
// reader means as a fraction), decimals ("1,5") and anything else are
// refused with an *errs.Error, errs.Invalid, in Vietnamese and English.
func ParseInt(s string) (int64, error) {
	t := strings.TrimSpace(s)
	if t == "" {
		return 0, errs.New(errs.Invalid, "chưa nhập số", "no number given")
	}
	bad := func() (int64, error) {
		return 0, errs.Newf(errs.Invalid, "số không hợp lệ %q: ghi số nguyên như 1234567 hoặc 1.234.567",
			"%q is not a whole number; write it as 1234567 or 1.234.567", quoted(t))
	}
	body := t
	neg := false
	switch body[0] {
	case '-':
		neg = true
		body = body[1:]
	case '+':
		body = body[1:]
	}
	if body == "" {
		return bad()
	}
	grouped := strings.IndexByte(body, thousandsSep) >= 0
	var u uint64
	limit := uint64(math.MaxInt64)
	if neg {
		limit++ // math.MinInt64 has no positive counterpart
	}
	group := 0 // digits since the last '.'
	for i := 0; i < len(body); i++ {
		c := body[i]
		if c == thousandsSep {
			// The first group has 1–3 digits and does not start with 0;
			// every later group has exactly 3.
			if group == 0 || group > 3 || (i == group && body[0] == '0') ||
				(i > group && group != 3) {
				return bad()
			}
			group = 0
			continue
		}
		if c < '0' || c > '9' {
			return bad()
		}
		group++
		d := uint64(c - '0')
		if u > (limit-d)/10 {
			return 0, errs.Newf(errs.Invalid, "số quá lớn %q", "the number %q is out of range", quoted(t))
		}
		u = u*10 + d
	}
	if grouped && group != 3 {
		return bad()
	}
	if neg {
		return int64(-u), nil // wraps to math.MinInt64 as intended
	}
	return int64(u), nil
}
