// Package tablefile writes the tables users see on screen as files they
// open in Excel: an .xlsx workbook, or a CSV file. Every downloadable list
// of the application (activities, tasks, completeness, targets, legal
// documents, staff children, feedback, the audit trail) goes through it, so
// they all look alike: Vietnamese headers in bold on a frozen first row,
// columns as wide as their content needs, numbers stored as numbers and
// dates as dates, shown as Vietnamese readers write them (1.234.567,
// 15/07/2024).
//
// The header is always the first row and nothing stands above it, so a
// downloaded list can be filtered at once and, where a page imports lists,
// read back.
package tablefile

import (
	"fmt"
	"strings"
	"time"

	"tebdg/internal/vntext"
)

// Kind says what a column holds, and so how its cells are stored and shown.
type Kind int

const (
	// Text is any string; a cell may hold line breaks.
	Text Kind = iota
	// Integer is a whole number (int, int64): counts, participants.
	Integer
	// Number is a figure that may have decimals (float64, or *float64 where
	// a cell may be empty): indicator values.
	Number
	// Money is an amount in đồng (int64).
	Money
	// Percent is a share in percentage points: 40 is 40%.
	Percent
	// Date is a calendar day: time.Time, or "YYYY-MM-DD" as domain types
	// keep dates.
	Date
	// DateTime is an instant (time.Time), shown at Vietnam's time.
	DateTime
)

// Column is one column of a table.
type Column struct {
	VI, EN string // the header in each language
	Kind   Kind
	Width  float64 // in characters, as Excel counts them; 0 → a width for the kind
}

// Header is the column's header in lang ("en", else Vietnamese).
func (c Column) Header(lang string) string {
	if lang == "en" && c.EN != "" {
		return c.EN
	}
	return c.VI
}

// Table is what a page shows, ready to be written as a file.
type Table struct {
	Title   string // the sheet's name and the printed page's heading
	Columns []Column
	// Rows hold one value per column; nil, "" or a zero time is an empty
	// cell whatever the kind. A value of the wrong type for its column is
	// an error, since it is a mistake in the page building the table.
	Rows [][]any
}

// widths are used for columns that do not set their own.
var widths = map[Kind]float64{Text: 30, Integer: 12, Number: 12, Money: 16, Percent: 10, Date: 12, DateTime: 17}

func (c Column) width() float64 {
	if c.Width > 0 {
		return c.Width
	}
	return widths[c.Kind]
}

// value is a cell made ready for writing: its text, number or instant.
type value struct {
	empty bool
	text  string
	num   float64
	whole bool      // num has no fraction
	at    time.Time // for Date and DateTime: the wall clock in Vietnam, in UTC
}

// each reads every cell of a row against its column (a short row's missing
// cells are empty) and gives it to put with the column's index.
func (t Table) each(row []any, put func(i int, c Column, x value)) error {
	for i, c := range t.Columns {
		var v any
		if i < len(row) {
			v = row[i]
		}
		x, err := cell(c, v)
		if err != nil {
			return err
		}
		put(i, c, x)
	}
	return nil
}

// cell checks v against the column's kind and reads it.
func cell(c Column, v any) (value, error) {
	switch x := v.(type) {
	case nil:
		return value{empty: true}, nil
	case string:
		if x == "" {
			return value{empty: true}, nil
		}
	case *float64:
		if x == nil {
			return value{empty: true}, nil
		}
		v = *x
	case time.Time:
		if x.IsZero() {
			return value{empty: true}, nil
		}
	}
	bad := func() (value, error) {
		return value{}, fmt.Errorf("tablefile: column %q holds a %T", c.VI, v)
	}
	switch c.Kind {
	case Text:
		s, ok := v.(string)
		if !ok {
			return bad()
		}
		return value{text: s}, nil
	case Integer, Money, Number, Percent:
		var n float64
		switch x := v.(type) {
		case int:
			n = float64(x)
		case int64:
			n = float64(x)
		case float64:
			if c.Kind == Integer || c.Kind == Money {
				return bad()
			}
			n = x
		default:
			return bad()
		}
		return value{num: n, whole: n == float64(int64(n))}, nil
	case Date, DateTime:
		var t time.Time
		switch x := v.(type) {
		case time.Time:
			t = x.In(vntext.Location)
		case string:
			if c.Kind != Date {
				return bad()
			}
			d, err := time.Parse(time.DateOnly, x)
			if err != nil {
				return value{}, fmt.Errorf("tablefile: column %q: %q is not a date", c.VI, x)
			}
			t = d
		default:
			return bad()
		}
		at := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
		if c.Kind == Date {
			at = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
		}
		return value{at: at}, nil
	}
	return bad()
}

// sheetName makes a title into a worksheet name: at most 31 characters,
// none of those Excel refuses.
func sheetName(title string) string {
	s := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < ' ' {
			return ' '
		}
		return r
	}, title)
	s = strings.Trim(strings.Join(strings.Fields(s), " "), "'")
	if r := []rune(s); len(r) > 31 {
		s = strings.TrimSpace(string(r[:31]))
	}
	if s == "" {
		return "Sheet1"
	}
	return s
}
