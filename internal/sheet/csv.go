package sheet

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode"
)

// readCSV reads data as a CSV file.
func readCSV(data []byte, limits Limits) (Table, error) {
	text, err := csvText(data)
	if err != nil {
		return Table{}, err
	}
	if strings.TrimSpace(text) == "" {
		return Table{}, errEmptyFile()
	}
	if notTable(text) {
		return Table{}, fileErr(
			"tệp là một trang web (HTML) hoặc XML, không phải bảng tính, dù có thể mang đuôi .xls; hãy mở bằng Excel rồi lưu lại dưới dạng .xlsx hoặc .csv",
			"the file is a web page (HTML) or XML, not a spreadsheet, even if its name ends in .xls; open it in Excel and save it as .xlsx or .csv")
	}
	// Excel for the Mac once ended lines with CR alone; the CSV reader
	// knows only LF and CRLF.
	if !strings.Contains(text, "\n") {
		text = strings.ReplaceAll(text, "\r", "\n")
	}
	sep := separator(text)
	b := builder{limits: limits}
	if sep == ',' {
		b.hintVI = "; một số hay văn bản có dấu phẩy phải đặt trong ngoặc kép, hoặc hãy lưu tệp với dấu ; phân cách cột"
		b.hintEN = "; a number or text with a comma must be in double quotes, or save the file with ; between columns"
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sep
	cr.FieldsPerRecord = -1 // rows may be ragged; the builder evens them out

	// row is the spreadsheet row of the last record, end the text line it
	// ended on. A spreadsheet makes a row of every record and of every
	// blank line, which the CSV reader skips; a line break inside quotes
	// makes no row.
	row, end := 0, 0
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return Table{}, fmt.Errorf("sheet: reading CSV: %w", err)
			}
			return Table{}, Errors{quoteErr(row+max(pe.StartLine-end, 1), pe)}
		}
		if len(rec) == 0 {
			continue // the reader never gives one; FieldPos would fail on it
		}
		start, _ := cr.FieldPos(0)
		row += max(start-end, 1)
		last, _ := cr.FieldPos(len(rec) - 1)
		end = last + strings.Count(rec[len(rec)-1], "\n")
		if err := b.add(row, rec); err != nil {
			return Table{}, err
		}
	}
	return b.finish(fileErr(
		"tệp không có dòng tiêu đề: không dòng nào có chữ",
		"the file has no header row: no line holds any text"))
}

// quoteErr describes broken quoting, which the CSV reader cannot get past.
func quoteErr(row int, pe *csv.ParseError) Error {
	if errors.Is(pe.Err, csv.ErrQuote) || errors.Is(pe.Err, csv.ErrBareQuote) {
		return Error{
			Row:       row,
			Message:   fmt.Sprintf("CSV không hợp lệ: dấu ngoặc kép đặt sai chỗ hoặc không được đóng (dòng văn bản %d, ký tự %d); dấu ngoặc kép trong ô phải viết đôi (\"\")", pe.Line, pe.Column),
			MessageEN: fmt.Sprintf("invalid CSV: a double quote is misplaced or not closed (text line %d, character %d); a double quote inside a cell must be doubled (\"\")", pe.Line, pe.Column),
		}
	}
	return Error{
		Row:       row,
		Message:   fmt.Sprintf("CSV không hợp lệ (dòng văn bản %d, ký tự %d)", pe.Line, pe.Column),
		MessageEN: fmt.Sprintf("invalid CSV (text line %d, character %d): %v", pe.Line, pe.Column, pe.Err),
	}
}

// csvText decodes the bytes of a CSV file into text.
func csvText(data []byte) (string, error) {
	var text []byte
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		text = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		// Excel's "Unicode Text" is UTF-16 with a byte order mark.
		if len(data)%2 != 0 {
			return "", errUTF16()
		}
		var err error
		text, err = unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder().Bytes(data)
		if err != nil {
			return "", errUTF16()
		}
	default:
		text = data
	}
	if i := bytes.IndexByte(text, 0); i >= 0 {
		// Text has no NUL; UTF-16 without its mark, or a binary file, does.
		return "", fileErr(
			"tệp không phải văn bản CSV hay bảng tính Excel .xlsx; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8",
			"the file is neither CSV text nor an Excel .xlsx workbook; save it as .xlsx or as CSV UTF-8")
	}
	if !utf8.Valid(text) {
		// Excel's plain "CSV" is written in the Windows code page, in which
		// every Vietnamese letter would come out mangled.
		line := 1 + bytes.Count(text[:invalidAt(text)], []byte("\n"))
		return "", Errors{{
			Row:       line,
			Message:   "tệp không phải văn bản UTF-8 nên chữ tiếng Việt sẽ bị lỗi; trong Excel hãy chọn Lưu thành (Save As) kiểu “CSV UTF-8”, hoặc lưu dưới dạng .xlsx",
			MessageEN: "the file is not UTF-8 text, so Vietnamese letters would be garbled; in Excel choose Save As “CSV UTF-8”, or save as .xlsx",
		}}
	}
	return string(text), nil
}

// errUTF16 is the fault of UTF-16 text that does not decode.
func errUTF16() Errors {
	return fileErr(
		"tệp văn bản Unicode (UTF-16) bị hỏng; hãy lưu lại dưới dạng .xlsx hoặc CSV UTF-8",
		"the Unicode (UTF-16) text file is damaged; save it again as .xlsx or CSV UTF-8")
}

// invalidAt returns the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// notTable reports whether text is a web page or XML. Many programs export
// "Excel" files that are HTML tables or Excel 2003 XML named .xls, and read
// as CSV they would make a table of markup.
func notTable(text string) bool {
	head := strings.ToLower(strings.TrimSpace(text[:min(len(text), 1024)]))
	if !strings.HasPrefix(head, "<") {
		return false
	}
	for _, s := range []string{"<?xml", "<!doctype html", "<html", "<table", "<meta", "<head", "<body"} {
		if strings.HasPrefix(head, s) {
			return true
		}
	}
	return false
}

// separator finds the column separator in the header: ',', ';' or tab,
// whichever the first record with any text holds most of outside quotes,
// ',' when none. A Vietnamese-locale Excel separates with ';' because ','
// is its decimal point; its "Unicode Text" separates with tabs.
func separator(text string) rune {
	var counts [3]int // ',', ';', tab
	quoted, content := false, false
	for i := 0; i < len(text); i++ {
		c := text[i]
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
			content = true
		case c == ',':
			counts[0]++
		case c == ';':
			counts[1]++
		case c == '\t':
			counts[2]++
		case c == '\n':
			if content {
				return pick(counts)
			}
			counts = [3]int{}
		case c != ' ' && c != '\r':
			content = true
		}
	}
	return pick(counts)
}

func pick(counts [3]int) rune {
	seps := [3]rune{',', ';', '\t'}
	best := 0
	for i, n := range counts {
		if n > counts[best] {
			best = i
		}
	}
	return seps[best]
}
