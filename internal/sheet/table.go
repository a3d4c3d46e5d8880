package sheet

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"tebdg/internal/vntext"
)

// maxRowErrors bounds the row faults Read collects before it stops: a file
// with the same fault on every row needs fixing once, not reading to the
// end.
const maxRowErrors = 100

// builder turns the rows of a file, taken in order, into a Table. Both
// formats go through it so that they follow the same rules.
type builder struct {
	limits Limits
	t      Table
	first  int // the index of the table's first column: empty columns left of it are no part of it
	width  int // the header's length; 0 until the header is found
	data   int // data rows seen, faulty ones included
	errs   Errors
	// Said after the message on text beyond the header, when the format
	// knows a likely cause.
	hintVI, hintEN string
}

// add takes the cells of the row at line, trimming them in place. Its error
// ends the reading: a limit passed, a header that cannot be used, or
// maxRowErrors faults.
func (b *builder) add(line int, cells []string) error {
	first, last := -1, -1
	for i, c := range cells {
		c = strings.TrimSpace(c)
		cells[i] = c
		if c != "" {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if last < 0 {
		return nil // wholly empty rows are left out, wherever they are
	}
	if b.t.Header == nil {
		return b.header(line, first, cells[first:last+1])
	}
	b.data++
	if b.data > b.limits.MaxRows {
		return Errors{{
			Row:       line,
			Message:   fmt.Sprintf("tệp có hơn %s dòng dữ liệu, quá giới hạn cho phép; hãy chia thành nhiều tệp", vntext.FormatInt(int64(b.limits.MaxRows))),
			MessageEN: fmt.Sprintf("the file has more than %d data rows, over the limit; split it into several files", b.limits.MaxRows),
			TooLarge:  true,
		}}
	}
	if first < b.first || last >= b.first+b.width {
		if b.width == 1 {
			// A lone header cell over a wider table is the title that
			// official lists carry above the column names.
			return Errors{{
				Row: b.t.HeaderLine,
				Message: fmt.Sprintf("dòng %d chỉ có một ô (%q) mà các dòng dưới có nhiều cột hơn: dòng đầu tiên có chữ phải là dòng tên cột; hãy xoá tên bảng và các dòng phía trên dòng tên cột",
					b.t.HeaderLine, short(b.t.Header[0])),
				MessageEN: fmt.Sprintf("row %d has a single cell (%q) while the rows below have more columns: the first row with text must name the columns; delete the table's title and any rows above the column names",
					b.t.HeaderLine, short(b.t.Header[0])),
			}}
		}
		outside := first
		if first >= b.first {
			outside = b.first + b.width
			for cells[outside] == "" {
				outside++
			}
		}
		from, to := columnName(b.first), columnName(b.first+b.width-1)
		b.errs = append(b.errs, Error{
			Row: line,
			Message: fmt.Sprintf("có dữ liệu ở cột %s, ngoài các cột có tiêu đề (%s–%s)%s",
				columnName(outside), from, to, b.hintVI),
			MessageEN: fmt.Sprintf("there is data in column %s, outside the columns with a header (%s–%s)%s",
				columnName(outside), from, to, b.hintEN),
		})
		if len(b.errs) >= maxRowErrors {
			return b.errs
		}
		return nil
	}
	row := make([]string, b.width)
	copy(row, cells[b.first:])
	b.t.Rows = append(b.t.Rows, Row{Line: line, Cells: row})
	return nil
}

// header takes the first row with text as the header: cells are those from
// its first non-empty cell, at index first, to its last.
func (b *builder) header(line, first int, cells []string) error {
	if len(cells) > b.limits.MaxColumns {
		return Errors{{
			Row:       line,
			Message:   fmt.Sprintf("dòng tiêu đề có %d cột, quá giới hạn %d cột", len(cells), b.limits.MaxColumns),
			MessageEN: fmt.Sprintf("the header has %d columns, over the limit of %d", len(cells), b.limits.MaxColumns),
			TooLarge:  true,
		}}
	}
	var errs Errors
	var empty []string
	seen := make(map[string]int, len(cells))
	for i, h := range cells {
		if h == "" {
			empty = append(empty, columnName(first+i))
			continue
		}
		k := key(h)
		if k == "" {
			k = vntext.Fold(h) // a header of punctuation only
		}
		j, dup := seen[k]
		if !dup {
			seen[k] = i
			continue
		}
		errs = append(errs, Error{
			Row:       line,
			Field:     h,
			Message:   fmt.Sprintf("tiêu đề %q có ở cả cột %s và cột %s; mỗi cột phải có một tên riêng", short(h), columnName(first+j), columnName(first+i)),
			MessageEN: fmt.Sprintf("the header %q is in both column %s and column %s; each column needs a name of its own", short(h), columnName(first+j), columnName(first+i)),
		})
	}
	if len(empty) > 0 {
		list := strings.Join(empty, ", ")
		errs = append(Errors{{
			Row: line,
			Message: fmt.Sprintf("dòng tiêu đề (dòng %d) để trống ô ở cột %s, giữa các cột có tên; hãy đặt tên cho cột hoặc xoá cột. Nếu dòng %d là tên bảng hay ghi chú, hãy xoá dòng đó để dòng tên cột là dòng đầu tiên",
				line, list, line),
			MessageEN: fmt.Sprintf("the header (row %d) leaves column %s empty between named columns; name or delete the column. If row %d is a title or a note, delete it so that the column names come first",
				line, list, line),
		}}, errs...)
	}
	if len(errs) > 0 {
		return errs
	}
	b.t.Header = cells
	b.t.HeaderLine = line
	b.first = first
	b.width = len(cells)
	return nil
}

// finish returns the table read, or the faults found; noHeader is the
// fault of a file without any text.
func (b *builder) finish(noHeader Errors) (Table, error) {
	if b.t.Header == nil {
		return Table{}, noHeader
	}
	if len(b.errs) > 0 {
		return Table{}, b.errs
	}
	return b.t, nil
}

// columnName is the letter a spreadsheet shows over the column at index i
// (0 is A, 26 is AA), by which users find a cell.
func columnName(i int) string {
	var buf [16]byte
	n := len(buf)
	for i++; i > 0 && n > 0; i = (i - 1) / 26 {
		n--
		buf[n] = byte('A' + (i-1)%26)
	}
	return string(buf[n:])
}

// short cuts what the file holds to a length fit for a message, so that a
// pasted paragraph in a header does not make a page-long error.
func short(s string) string {
	const maxRunes = 40
	if utf8.RuneCountInString(s) <= maxRunes {
		return s
	}
	n := 0
	for i := range s {
		if n == maxRunes {
			return s[:i] + "…"
		}
		n++
	}
	return s
}
