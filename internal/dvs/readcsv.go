package dvs

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// csvColumns maps the header names ReadCSV knows, in lower case, to
// fields. DHIS2 has written both the long names and the short ones
// (catoptcombo, attroptcombo) over its versions.
var csvColumns = map[string]string{
	"dataelement":          FieldDataElement,
	"period":               FieldPeriod,
	"orgunit":              FieldOrgUnit,
	"categoryoptioncombo":  FieldCombo,
	"catoptcombo":          FieldCombo,
	"attributeoptioncombo": FieldAttribute,
	"attroptcombo":         FieldAttribute,
	"value":                FieldValue,
	"comment":              FieldComment,
	"deleted":              FieldDeleted,
}

// csvRequired are the columns a file must have; the others may be left out.
var csvRequired = []string{FieldDataElement, FieldPeriod, FieldOrgUnit, FieldValue}

// The fields in the order of csvCol's indexes.
const (
	colDataElement = iota
	colPeriod
	colOrgUnit
	colCombo
	colAttribute
	colValue
	colComment
	colDeleted
	numCols
)

var colFields = [numCols]string{FieldDataElement, FieldPeriod, FieldOrgUnit, FieldCombo, FieldAttribute, FieldValue, FieldComment, FieldDeleted}

func colOf(field string) int {
	for i, f := range colFields {
		if f == field {
			return i
		}
	}
	return -1
}

// ReadCSV reads a data value set from CSV with DHIS2's columns, refusing
// more than limit bytes (limit <= 0: no limit).
//
// The header row is required; its names are matched without regard to
// case or order, and columns it does not know (storedby, lastupdated,
// followup …) are ignored. The separator is ',' or ';', whichever the
// header line holds more of outside quotes. A UTF-8 byte order mark and
// Windows line endings are accepted. Lines whose data columns are all
// blank (the trailing ";;;;;;" rows Excel leaves) are skipped; a line with
// fewer cells than the header reads the missing ones as empty.
//
// Set.Vietnamese is set for ';'-separated files, which is what a
// Vietnamese-locale Excel writes, and for ','-separated ones holding a
// number only the Vietnamese convention reads ("12,5", "1.234,5",
// "1.234.567"; see ParseNumberIn). The whole file then reads that way,
// so that "1.234" is 1234 in it.
//
// Errors are as for ReadJSON: a *SizeError; Errors with one entry (Row 0
// or the line at fault) for a missing header, a missing column or broken
// quoting; or Errors for rows with faults the text shows (invalid UTF-8,
// more cells than the header) together with the whole Set for Check.
func ReadCSV(r io.Reader, limit int64) (Set, error) {
	in, _, err := newInput(r, limit)
	if err != nil {
		return Set{}, err
	}
	sep, err := detectSeparator(in)
	if err != nil {
		return Set{}, err
	}
	cr := csv.NewReader(in)
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // counted here, to report it per line
	cr.ReuseRecord = true   // fields are strings and survive reuse

	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return Set{}, Errors{rowErr(0, "", "không có dữ liệu", "the input is empty")}
	}
	if err != nil {
		return Set{}, csvFatal(err)
	}
	headerLine, _ := cr.FieldPos(0)
	cols, err := mapHeader(header, headerLine)
	if err != nil {
		return Set{}, err
	}
	width := len(header)

	var s Set
	var errs Errors
	var evidence bool // a value only the Vietnamese convention reads
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Set{}, csvFatal(err)
		}
		line, _ := cr.FieldPos(0)
		var f [numCols]string
		for c, i := range cols {
			if i >= 0 && i < len(rec) {
				f[c] = rec[i]
			}
		}
		if blank(f) {
			continue
		}
		if len(rec) > width {
			// Most often a number with a comma, unquoted, in a
			// ','-separated file: its cells have shifted, so nothing
			// else on the line is worth checking. Even empty extra
			// cells mean that: a spreadsheet writes as many cells on
			// every line as on the header line.
			errs = append(errs, rowErr(line, FieldDataValues,
				fmt.Sprintf("dòng có %d ô, nhiều hơn %d cột của dòng tiêu đề; số có dấu phẩy phải đặt trong ngoặc kép hoặc phân cách cột bằng dấu ;", len(rec), width),
				fmt.Sprintf("the line has %d cells, more than the %d columns of the header; quote numbers with a comma or separate columns with ;", len(rec), width)))
			s.Values = append(s.Values, Value{Row: line})
			continue
		}
		for c, text := range f {
			if !utf8.ValidString(text) {
				// Excel's plain "CSV" is in the Windows code page, in
				// which every accented letter would come out mangled.
				errs = append(errs, rowErr(line, colFields[c],
					colFields[c]+" không phải văn bản UTF-8; hãy lưu tệp dạng CSV UTF-8",
					colFields[c]+" is not UTF-8 text; save the file as CSV UTF-8"))
				f[c] = ""
			}
		}
		v := Value{
			Row:         line,
			DataElement: strings.ToUpper(strings.TrimSpace(f[colDataElement])),
			Period:      strings.TrimSpace(f[colPeriod]),
			OrgUnit:     strings.ToUpper(strings.TrimSpace(f[colOrgUnit])),
			Combo:       normCombo(f[colCombo]),
			Value:       strings.TrimSpace(f[colValue]),
			Comment:     f[colComment],
		}
		if ignoredAttribute(strings.TrimSpace(f[colAttribute])) {
			s.IgnoredAttributes++
		}
		switch strings.ToLower(strings.TrimSpace(f[colDeleted])) {
		case "", "false", "0":
		case "true", "1": // spreadsheets write booleans as 1 and 0
			v.Deleted = true
		default:
			errs = append(errs, rowErr(line, FieldDeleted,
				"deleted phải là true hoặc false",
				"deleted must be true or false"))
		}
		if !evidence && sep == ',' && onlyVietnamese(v.Value) {
			evidence = true
		}
		s.Values = append(s.Values, v)
	}
	s.Vietnamese = sep == ';' || evidence
	if len(errs) > 0 {
		sortErrors(errs)
		s.readErrs = errs
		return s, append(Errors(nil), errs...)
	}
	return s, nil
}

// blank reports whether a line carries no data: the columns that make a
// value are all empty, whatever the others hold.
func blank(f [numCols]string) bool {
	for _, c := range []int{colDataElement, colPeriod, colOrgUnit, colCombo, colValue, colComment} {
		if strings.TrimSpace(f[c]) != "" {
			return false
		}
	}
	return true
}

// mapHeader finds each known column's index (-1 when absent).
func mapHeader(header []string, line int) ([numCols]int, error) {
	var cols [numCols]int
	for i := range cols {
		cols[i] = -1
	}
	known := 0
	for i, h := range header {
		field, ok := csvColumns[strings.ToLower(strings.TrimSpace(h))]
		if !ok {
			continue
		}
		c := colOf(field)
		if cols[c] >= 0 {
			return cols, Errors{rowErr(line, field,
				fmt.Sprintf("dòng tiêu đề có hai cột %s", field),
				fmt.Sprintf("the header has two %s columns", field))}
		}
		cols[c] = i
		known++
	}
	if known == 0 {
		return cols, Errors{rowErr(line, "",
			"thiếu dòng tiêu đề: dòng đầu phải là tên cột, như dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,comment",
			"no header row: the first line must name the columns, as dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,comment")}
	}
	var missing []string
	for _, f := range csvRequired {
		if cols[colOf(f)] < 0 {
			missing = append(missing, strings.ToLower(f))
		}
	}
	if len(missing) > 0 {
		list := strings.Join(missing, ", ")
		return cols, Errors{rowErr(line, "",
			"dòng tiêu đề thiếu cột "+list,
			"the header lacks the column(s) "+list)}
	}
	return cols, nil
}

// detectSeparator looks at the header line, without consuming it, for the
// separator: ';' when it holds more semicolons than commas outside quotes.
// A Vietnamese-locale Excel separates with ';' because ',' is its decimal
// point; DHIS2 and everything else use ','.
func detectSeparator(in *bufio.Reader) (rune, error) {
	var line []byte
	for n := 512; ; n *= 2 {
		if n > in.Size() {
			n = in.Size()
		}
		b, err := in.Peek(n)
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			line = b[:i]
			break
		}
		if err != nil || n == in.Size() {
			var se *SizeError
			if errors.As(err, &se) {
				return 0, se
			}
			line = b // a header longer than the buffer: judge by its start
			break
		}
	}
	commas, semis, quoted := 0, 0, false
	for _, c := range line {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		}
	}
	if semis > commas {
		return ';', nil
	}
	return ',', nil
}

// csvFatal turns an error of the CSV reader into the one ReadCSV returns.
func csvFatal(err error) error {
	var se *SizeError
	if errors.As(err, &se) {
		return se
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.StartLine
		vi := fmt.Sprintf("CSV không hợp lệ ở dòng %d, cột %d: dấu ngoặc kép đặt sai chỗ hoặc không được đóng", pe.Line, pe.Column)
		if !errors.Is(pe.Err, csv.ErrQuote) && !errors.Is(pe.Err, csv.ErrBareQuote) {
			vi = fmt.Sprintf("CSV không hợp lệ ở dòng %d, cột %d", pe.Line, pe.Column)
		}
		return Errors{rowErr(line, "", vi, pe.Error())}
	}
	return err
}
