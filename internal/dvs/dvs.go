// Package dvs reads and writes DHIS2 data value sets, the format in which
// tebdg exchanges reported figures with DHIS2 (/api/v1/dataValueSets), in
// DHIS2's JSON shape and in its CSV columns, by codes.
//
// The package knows the format and nothing of the catalogue: it turns text
// into Values whose fields are trimmed and case-normalised, and Check finds
// every structural fault (codes, period ids and their years, combo syntax,
// empty values, duplicates, too many rows) at once, each named by its row. Whether a value
// is a number for its indicator, is not negative, or keeps female ≤ total is
// for the caller, who knows the indicators.
//
// Numbers stay as the text that was sent (Value.Value). ParseNumberIn reads
// them under one of two conventions, DHIS2's (a dot is the decimal point) or
// the Vietnamese one (1.234,5); Set.Vietnamese says which one a set uses.
package dvs

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Value is one data value: one figure of one indicator (DataElement), for
// one org unit, period and category option combination.
type Value struct {
	Row         int    // 1-based: the index in dataValues (JSON) or the line number (CSV, header = line 1)
	DataElement string // indicator code, upper-cased and trimmed
	Period      string // period id, trimmed, otherwise as given (Check validates it)
	OrgUnit     string // org unit code, upper-cased and trimmed
	Combo       string // category option combination, lower-cased; "" for the total ("total", "default" and absent all read as "")
	Value       string // trimmed text as sent; read numbers with Set.Number or ParseNumberIn
	Comment     string // as sent
	Deleted     bool   // the sender asks to remove this value
}

// Set is a data value set as read or to be written.
type Set struct {
	DataSet      string // data set (report template) code, upper-cased; optional
	CompleteDate string // as given; optional
	Values       []Value

	// Vietnamese is true when the set writes numbers the Vietnamese way
	// (1.234,5): ReadCSV sets it for ';'-separated files and for files
	// holding a number that only the Vietnamese convention can read.
	// WriteCSV writes such a set with ';' so that it reads back the same.
	Vietnamese bool

	// IgnoredAttributes counts the values that named an
	// attributeOptionCombo (their own or the set's) other than DHIS2's
	// "default". tebdg has no attribute dimension, so the field is dropped;
	// the count lets the caller say so instead of dropping it silently.
	IgnoredAttributes int

	// readErrs are the row-level faults a reader found in the text (a field
	// of the wrong JSON type, a CSV line with too many cells …). Check
	// reports them with its own and skips the fields they concern, so that
	// one fault gives one message.
	readErrs Errors
}

// Number reads v's value as a number under the set's convention.
func (s Set) Number(v Value) (float64, error) {
	return ParseNumberIn(v.Value, s.Vietnamese)
}

// Field names used in RowError.Field: the JSON names of the fields, which
// are also the CSV column names in lower case.
const (
	FieldDataSet      = "dataSet"
	FieldCompleteDate = "completeDate"
	FieldDataValues   = "dataValues" // the entry as a whole, or the list
	FieldDataElement  = "dataElement"
	FieldPeriod       = "period"
	FieldOrgUnit      = "orgUnit"
	FieldCombo        = "categoryOptionCombo"
	FieldAttribute    = "attributeOptionCombo"
	FieldValue        = "value"
	FieldComment      = "comment"
	FieldDeleted      = "deleted"
)

// RowError is one fault, in Vietnamese and in English. Row 0 is the set as
// a whole (its header, its syntax, its size); other rows are Value.Row.
type RowError = errs.RowError

// Errors lists faults sorted by row. It is an error so that a reader can
// return it; callers wanting to show each fault range over it.
type Errors = errs.RowErrors

func rowErr(row int, field, vi, en string) RowError {
	return RowError{Row: row, Field: field, Message: vi, MessageEN: en}
}

// SizeError is returned by the readers when the input exceeds its limit;
// the HTTP layer answers it with 413.
type SizeError struct{ Limit int64 }

func (e *SizeError) Error() string {
	return fmt.Sprintf("dữ liệu vượt quá giới hạn kích thước %s byte (input exceeds the size limit of %d bytes)",
		vntext.FormatInt(e.Limit), e.Limit)
}

// limitReader fails with a SizeError once more than limit bytes have come
// through, so that neither reader holds more than limit bytes of text. A
// plain io.LimitReader would end the input silently and turn an oversized
// upload into a confusing syntax error.
type limitReader struct {
	r     io.Reader
	n     int64
	limit int64 // <= 0: no limit
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.limit <= 0 {
		return l.r.Read(p)
	}
	if l.n > l.limit {
		return 0, &SizeError{Limit: l.limit}
	}
	// Read at most one byte past the limit: enough to know it is exceeded.
	if rest := l.limit - l.n + 1; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.limit {
		return 0, &SizeError{Limit: l.limit}
	}
	return n, err
}

// newInput wraps r for the readers: limited, buffered, with a UTF-8 byte
// order mark skipped (Excel and Notepad write one). It returns how many
// bytes it skipped, so that JSON offsets still count from the file's start.
func newInput(r io.Reader, limit int64) (*bufio.Reader, int64, error) {
	br := bufio.NewReaderSize(&limitReader{r: r, limit: limit}, 64<<10)
	b, err := br.Peek(3)
	var se *SizeError
	if errors.As(err, &se) {
		return nil, 0, se
	}
	if len(b) >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF) {
		// Excel's "Unicode text" and some Windows tools write UTF-16; say
		// so rather than report garbage on every line.
		return nil, 0, Errors{rowErr(0, "",
			"tệp được mã hoá UTF-16; hãy lưu lại dạng UTF-8 (trong Excel: CSV UTF-8)",
			"the file is UTF-16 encoded; save it as UTF-8 (in Excel: CSV UTF-8)")}
	}
	if bytes.HasPrefix(b, []byte("\xEF\xBB\xBF")) {
		_, _ = br.Discard(3)
		return br, 3, nil
	}
	return br, 0, nil
}

// short keeps quoted input in messages readable.
func short(s string) string {
	const maxRunes = 40
	n := 0
	for i := range s {
		if n == maxRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
