package lunar

import (
	"strconv"

	"tebdg/internal/errs"
)

// Sentinel errors, for errors.Is. Every error the package returns is an
// *errs.Error, errs.Invalid, with a Vietnamese and an English message: one
// of these, or one that says more and wraps one of them.
var (
	// ErrOutOfRange: the date lies outside 1900-01-31…2100-12-31 (or the
	// lunar year outside 1900…2100).
	ErrOutOfRange = errs.New(errs.Invalid, "ngoài phạm vi lịch âm 31/01/1900–31/12/2100", "outside the lunar calendar's range 1900-01-31 to 2100-12-31")
	// ErrInvalidDate: the lunar date does not exist.
	ErrInvalidDate = errs.New(errs.Invalid, "ngày âm lịch không tồn tại", "no such lunar date")
	// ErrSyntax: a string could not be read as a lunar date.
	ErrSyntax = errs.New(errs.Invalid, "ngày âm lịch viết sai", "malformed lunar date")
)

// detail says more than the sentinel kind, in both languages, and wraps it
// so that errors.Is(err, kind) holds.
func detail(kind *errs.Error, vi, en string) error {
	return &errs.Error{Code: kind.Code, VI: vi, EN: en, Err: kind}
}

func errMonth(m int) error {
	s := strconv.Itoa(m)
	return detail(ErrInvalidDate, "không có tháng "+s+", tháng phải từ 1 đến 12", "there is no month "+s+", months run from 1 to 12")
}

func errNotLeap(y, m int) error {
	ys, ms := strconv.Itoa(y), strconv.Itoa(m)
	return detail(ErrInvalidDate, "năm "+ys+" không có tháng "+ms+" nhuận", "year "+ys+" has no leap month "+ms)
}

func errDay(d Date) error {
	ds := strconv.Itoa(d.Day)
	return detail(ErrInvalidDate, "tháng "+d.monthString()+"/"+strconv.Itoa(d.Year)+" không có ngày "+ds, "month "+d.monthString()+"/"+strconv.Itoa(d.Year)+" has no day "+ds)
}

func errSyntax(s, vi, en string) error {
	q := strconv.Quote(s)
	return detail(ErrSyntax, q+": "+vi, q+": "+en)
}
