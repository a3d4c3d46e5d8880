package errs

import (
	"fmt"
	"strings"
)

// RowError is one problem in a row of an uploaded table or data set,
// written for the person who uploaded it. The readers of spreadsheets and
// of DHIS2 data value sets return lists of them, so a page can show every
// fault of a file at once.
type RowError struct {
	Row       int    // the line or row at fault; 0 for the file as a whole
	Field     string // the column or member at fault, if any
	Message   string // Vietnamese
	MessageEN string // English
	// TooLarge marks a file over a size limit; a web handler answers it
	// with 413.
	TooLarge bool
}

func (e RowError) Error() string {
	if e.Row == 0 {
		return e.Message + " (" + e.MessageEN + ")"
	}
	return fmt.Sprintf("dòng %d: %s (row %d: %s)", e.Row, e.Message, e.Row, e.MessageEN)
}

// RowErrors lists the problems of one file, in its order.
type RowErrors []RowError

// RowErrorsShown bounds Error(): a log line should stay readable when
// every row of 100,000 has the same fault; the slice keeps them all.
const RowErrorsShown = 20

func (es RowErrors) Error() string {
	var b strings.Builder
	for i, e := range es {
		if i == RowErrorsShown {
			n := len(es) - RowErrorsShown
			fmt.Fprintf(&b, "; … và %d lỗi khác (… and %d more)", n, n)
			break
		}
		if i > 0 {
			b.WriteString("; ")
		}
		b.WriteString(e.Error())
	}
	return b.String()
}
