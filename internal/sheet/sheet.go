// Package sheet reads the tables that users upload to add registry records in
// bulk: road hazards near schools, helmet handovers, fund contributions,
// staff children and the like. People keep these lists in Excel, so a table
// comes as an .xlsx workbook or as a CSV file saved from one, and Read takes
// either and gives back the same thing: a header row and data rows of text,
// each row carrying the number the user sees in their spreadsheet, so that
// every message can point at the row to fix.
//
// The package knows nothing of the records themselves. Columns finds the
// columns a caller wants by their headers, however they are spelt; the
// caller then reads the cells and checks the values it understands.
package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// The limits Read applies when Limits leaves them at zero.
const (
	DefaultMaxBytes   = 10 << 20
	DefaultMaxRows    = 20000
	DefaultMaxColumns = 256
)

// Table is an uploaded table.
type Table struct {
	Header     []string // the column headers as written in the file, trimmed; none is empty
	HeaderLine int      // the line or row of the header in the file
	Sheet      string   // the worksheet read; "" for CSV
	Rows       []Row    // the data rows, without the wholly empty ones
}

// Row is one data row of a Table.
type Row struct {
	// Line is the row number the user sees in a spreadsheet: the row of an
	// .xlsx sheet, or the record of a CSV file counted the way a
	// spreadsheet opening the file counts it (the first line is 1, a cell
	// holding a line break does not add a row, a blank line does).
	Line int
	// Cells are the cell texts, trimmed, one for each header: a row shorter
	// than the header is filled with "".
	Cells []string
}

// Get returns the cell of field in the row, where cols is what Columns
// returned; "" when the file has no column for field.
func (r Row) Get(cols map[string]int, field string) string {
	i, ok := cols[field]
	if !ok || i < 0 || i >= len(r.Cells) {
		return ""
	}
	return r.Cells[i]
}

// Limits bound what Read accepts. A zero field takes its default.
type Limits struct {
	MaxBytes   int64  // the size of the file; DefaultMaxBytes when 0
	MaxRows    int    // data rows, not counting the header and empty rows; DefaultMaxRows when 0
	MaxColumns int    // columns with a header; DefaultMaxColumns when 0
	Sheet      string // the worksheet of an .xlsx to read; the first visible one when ""
}

func (l Limits) withDefaults() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultMaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = DefaultMaxRows
	}
	if l.MaxColumns <= 0 {
		l.MaxColumns = DefaultMaxColumns
	}
	return l
}

// Error is one problem with an uploaded table, written for the user who
// uploaded it; Field is the column at fault (a header, or a Column's
// Field), and TooLarge marks a file over one of the Limits, or one that
// would unpack to too much.
type Error = errs.RowError

// Errors lists the problems found, in the order of the file. Read and
// Columns return it for every fault of the upload, so a caller can show
// each one; any other error is a failure to read the upload at all.
type Errors = errs.RowErrors

// IsTooLarge reports whether err holds an Error over a limit.
func IsTooLarge(err error) bool {
	var es Errors
	if !errors.As(err, &es) {
		return false
	}
	for _, e := range es {
		if e.TooLarge {
			return true
		}
	}
	return false
}

// fileErr is an Errors with one problem of the whole file.
func fileErr(vi, en string) Errors {
	return Errors{{Message: vi, MessageEN: en}}
}

// The signatures Read recognises a file by.
var (
	zipSignature      = []byte("PK\x03\x04")
	emptyZipSignature = []byte("PK\x05\x06")
	// An OLE compound file is what Excel 97–2003 saved (.xls); Excel also
	// wraps a workbook with a password in one.
	oleSignature = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Read reads an uploaded table. What the file is comes from its content,
// never from its name: a zip holding xl/workbook.xml is an .xlsx workbook,
// of which the sheet Limits.Sheet names (or else the first visible one) is
// read; any other zip, an .xls, or a web page saved as ".xls" is refused
// with a message saying how to save the file instead; everything else is
// read as CSV.
//
// The first row with any text is the header, and the table spans its
// columns from the first non-empty cell to the last. Each later row with
// any text is a data row. Read refuses a header cell left empty between
// others, two headers that Columns would take for the same name, and text
// in a column outside the table, which in a CSV file most often means that
// a cell with an unquoted separator has shifted the row.
//
// CSV may be UTF-8, with or without a byte order mark, or UTF-16 with one
// (Excel's "Unicode Text"); its separator is ',', ';' or tab, whichever the
// header holds most of. In a workbook, a cell reads as Excel displays it,
// except that a date reads as YYYY-MM-DD (with " hh:mm" or " hh:mm:ss"
// when its format shows the time) whatever its format, and a formula reads
// as the value Excel last computed and saved.
//
// Faults of the upload come back as Errors (see IsTooLarge); an error of r
// comes back wrapped.
func Read(r io.Reader, limits Limits) (Table, error) {
	limits = limits.withDefaults()
	limit := limits.MaxBytes
	if limit < math.MaxInt64 {
		limit++ // one byte more tells a file over the limit
	}
	data, err := io.ReadAll(io.LimitReader(r, limit))
	if err != nil {
		return Table{}, fmt.Errorf("sheet: reading the upload: %w", err)
	}
	if int64(len(data)) > limits.MaxBytes {
		vi, en := sizeText(limits.MaxBytes)
		return Table{}, Errors{{
			Message:   "tệp lớn hơn " + vi + ", quá giới hạn cho phép; hãy chia thành nhiều tệp nhỏ hơn",
			MessageEN: "the file is larger than the limit of " + en + "; split it into smaller files",
			TooLarge:  true,
		}}
	}
	if len(data) == 0 {
		return Table{}, errEmptyFile()
	}
	if bytes.HasPrefix(data, oleSignature) {
		return Table{}, fileErr(
			"tệp Excel 97–2003 (.xls) hoặc tệp Excel có đặt mật khẩu không đọc được; hãy mở bằng Excel, bỏ mật khẩu nếu có, rồi lưu lại dưới dạng .xlsx hoặc .csv",
			"an Excel 97–2003 (.xls) or password-protected workbook cannot be read; open it in Excel, remove any password and save it as .xlsx or .csv")
	}
	if bytes.HasPrefix(data, zipSignature) || bytes.HasPrefix(data, emptyZipSignature) {
		return readZip(data, limits)
	}
	return readCSV(data, limits)
}

// errEmptyFile is the fault of a file without content. Faults are made
// afresh for each call, so that a caller may add to what it gets.
func errEmptyFile() Errors {
	return fileErr("tệp trống, không có dữ liệu", "the file is empty")
}

// readZip reads a workbook, or says what else the zip is.
func readZip(data []byte, limits Limits) (Table, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		// A zip whose directory cannot be read is nearly always a
		// workbook cut short by an interrupted download or copy.
		return Table{}, errCorrupt()
	}
	kind := ""
	for _, f := range zr.File {
		switch strings.ToLower(f.Name) {
		case "xl/workbook.xml":
			return readXLSX(data, zr, limits)
		case "xl/workbook.bin":
			kind = "xlsb"
		case "mimetype":
			kind = "ods"
		}
	}
	switch kind {
	case "xlsb":
		return Table{}, fileErr(
			"tệp Excel dạng nhị phân (.xlsb) chưa đọc được; hãy lưu lại dưới dạng .xlsx hoặc .csv",
			"binary Excel workbooks (.xlsb) cannot be read; save the file as .xlsx or .csv")
	case "ods":
		return Table{}, fileErr(
			"tệp OpenDocument (.ods của LibreOffice) chưa đọc được; hãy lưu lại dưới dạng .xlsx hoặc .csv",
			"OpenDocument files (LibreOffice .ods) cannot be read; save the file as .xlsx or .csv")
	}
	return Table{}, fileErr(
		"tệp nén này (.zip, .docx …) không phải bảng tính; hãy tải lên tệp Excel .xlsx hoặc tệp .csv",
		"this compressed file (.zip, .docx …) is not a spreadsheet; upload an Excel .xlsx or a .csv file")
}

// errCorrupt is the fault of a workbook that cannot be read.
func errCorrupt() Errors {
	return fileErr(
		"tệp Excel bị hỏng hoặc không đầy đủ nên không đọc được; hãy mở bằng Excel, lưu lại rồi tải lên lần nữa",
		"the Excel file is damaged or incomplete and cannot be read; open it in Excel, save it again and upload it once more")
}

// sizeText writes a byte count for a message in Vietnamese and in English,
// in the unit a user knows best: "10 MB", "512 KB", or bytes.
func sizeText(n int64) (vi, en string) {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		s := fmt.Sprintf("%d MB", n>>20)
		return s, s
	case n >= 1<<10 && n%(1<<10) == 0:
		s := fmt.Sprintf("%d KB", n>>10)
		return s, s
	}
	return vntext.FormatInt(n) + " byte", fmt.Sprintf("%d bytes", n)
}
