package lunar

import (
	"errors"
	"strconv"
)

// Sentinel errors, for errors.Is. Every error the package returns wraps one
// of them and reads Vietnamese first, then English in parentheses, as the
// messages shown to users do.
var (
	// ErrOutOfRange: the date lies outside 1900-01-31…2100-12-31 (or the
	// lunar year outside 1900…2100).
	ErrOutOfRange = errors.New("ngoài phạm vi lịch âm 31/01/1900–31/12/2100 (outside the lunar calendar's range 1900-01-31 to 2100-12-31)")
	// ErrInvalidDate: the lunar date does not exist.
	ErrInvalidDate = errors.New("ngày âm lịch không tồn tại (no such lunar date)")
	// ErrSyntax: a string could not be read as a lunar date.
	ErrSyntax = errors.New("ngày âm lịch viết sai (malformed lunar date)")
)

var errOutOfRange error = &dateError{kind: ErrOutOfRange}

// dateError adds a detail, in both languages, to a sentinel.
type dateError struct {
	kind   error
	vi, en string
}

func (e *dateError) Error() string {
	if e.vi == "" {
		return "lunar: " + e.kind.Error()
	}
	return "lunar: " + e.vi + " (" + e.en + ")"
}

func (e *dateError) Unwrap() error { return e.kind }

func errMonth(m int) error {
	s := strconv.Itoa(m)
	return &dateError{ErrInvalidDate, "không có tháng " + s + ", tháng phải từ 1 đến 12", "there is no month " + s + ", months run from 1 to 12"}
}

func errNotLeap(y, m int) error {
	ys, ms := strconv.Itoa(y), strconv.Itoa(m)
	return &dateError{ErrInvalidDate, "năm " + ys + " không có tháng " + ms + " nhuận", "year " + ys + " has no leap month " + ms}
}

func errDay(d Date) error {
	ds := strconv.Itoa(d.Day)
	return &dateError{ErrInvalidDate, "tháng " + d.monthString() + "/" + strconv.Itoa(d.Year) + " không có ngày " + ds, "month " + d.monthString() + "/" + strconv.Itoa(d.Year) + " has no day " + ds}
}

func errSyntax(s, vi, en string) error {
	q := strconv.Quote(s)
	return &dateError{ErrSyntax, q + ": " + vi, q + ": " + en}
}
