package dvs

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"io"
	"slices"
	"strconv"
	"unicode/utf8"
)

// order returns the indexes of values sorted by dataElement, period,
// orgUnit and combo, ties in their given order. Writers use it so that the
// same figures always make the same file, whatever order the database
// returned them in: exports can be compared and diffed.
func order(values []Value) []int {
	idx := make([]int, len(values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		va, vb := &values[a], &values[b]
		return cmp.Or(
			cmp.Compare(va.DataElement, vb.DataElement),
			cmp.Compare(va.Period, vb.Period),
			cmp.Compare(va.OrgUnit, vb.OrgUnit),
			cmp.Compare(va.Combo, vb.Combo),
		)
	})
	return idx
}

// WriteJSON writes s in DHIS2's JSON shape: dataSet and completeDate at
// the top when set, and period and orgUnit on each value (DHIS2 accepts
// that for any mix of periods and org units). Values are strings as DHIS2
// writes them; categoryOptionCombo is left out for the total, comment when
// empty, deleted unless true. One value per line, in the stable order
// described at order. Row and the set's counters are not written.
func WriteJSON(w io.Writer, s Set) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	var b []byte // one value at a time, reused
	b = append(b, '{')
	if s.DataSet != "" {
		b = append(b, `"dataSet":`...)
		b = appendString(b, s.DataSet)
		b = append(b, ',')
	}
	if s.CompleteDate != "" {
		b = append(b, `"completeDate":`...)
		b = appendString(b, s.CompleteDate)
		b = append(b, ',')
	}
	b = append(b, `"dataValues":[`...)
	for n, i := range order(s.Values) {
		v := &s.Values[i]
		if n > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n"+`{"dataElement":`...)
		b = appendString(b, v.DataElement)
		b = append(b, `,"period":`...)
		b = appendString(b, v.Period)
		b = append(b, `,"orgUnit":`...)
		b = appendString(b, v.OrgUnit)
		if v.Combo != "" {
			b = append(b, `,"categoryOptionCombo":`...)
			b = appendString(b, v.Combo)
		}
		b = append(b, `,"value":`...)
		b = appendString(b, v.Value)
		if v.Comment != "" {
			b = append(b, `,"comment":`...)
			b = appendString(b, v.Comment)
		}
		if v.Deleted {
			b = append(b, `,"deleted":true`...)
		}
		b = append(b, '}')
		if _, err := bw.Write(b); err != nil {
			return err
		}
		b = b[:0]
	}
	b = append(b, "\n]}\n"...)
	if _, err := bw.Write(b); err != nil {
		return err
	}
	return bw.Flush()
}

const hexDigits = "0123456789abcdef"

// appendString appends s as a JSON string. Bytes that are not UTF-8 become
// U+FFFD, as encoding/json does, so the output is always valid JSON;
// U+2028 and U+2029 are escaped so that the text is also safe as
// JavaScript.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			if r == utf8.RuneError {
				b = append(b, `\ufffd`...)
			} else {
				b = append(b, `\u`...)
				b = strconv.AppendInt(b, int64(r), 16)
			}
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// csvHeader is the header WriteCSV writes: DHIS2's columns without the
// ones tebdg does not keep (storedby, lastupdated, followup).
var csvHeader = []string{"dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value", "comment"}

// WriteCSV writes s as CSV under the header
// dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,comment
// and a last column deleted only when some value is deleted, in the stable
// order described at order; the combo is empty for the total and the
// attribute combo always empty.
//
// A Vietnamese set (Set.Vietnamese) is written for Excel in Vietnam: ';'
// between columns and a UTF-8 byte order mark, without which Excel shows
// accented letters as garbage. Any other set is written as DHIS2 writes
// it: ',' and no mark. Either way ReadCSV reads the file back to the same
// values under the same convention.
func WriteCSV(w io.Writer, s Set) error {
	if s.Vietnamese {
		if _, err := io.WriteString(w, "\uFEFF"); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w) // buffered itself
	if s.Vietnamese {
		cw.Comma = ';'
	}
	deleted := slices.ContainsFunc(s.Values, func(v Value) bool { return v.Deleted })
	header := csvHeader
	if deleted {
		header = append(slices.Clip(header), "deleted")
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	rec := make([]string, len(header))
	for _, i := range order(s.Values) {
		v := &s.Values[i]
		rec[0], rec[1], rec[2], rec[3], rec[4], rec[5], rec[6] =
			v.DataElement, v.Period, v.OrgUnit, v.Combo, "", v.Value, v.Comment
		if deleted {
			rec[7] = ""
			if v.Deleted {
				rec[7] = "true"
			}
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
