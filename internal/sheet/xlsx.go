package sheet

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strings"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/vntext"
)

// How far a workbook may unpack. The XML inside an .xlsx packs about
// tenfold, so unzipFactor times the file size limit leaves room for any
// real table, while a zip bomb (a few kilobytes that unpack to gigabytes)
// is refused before anything is unpacked.
const (
	unzipFactor = 10
	// A worksheet or the shared text larger than this is unpacked to a
	// temporary file and read from there as a stream, not held in memory.
	streamPart = 4 << 20
	// The other parts of a workbook are read whole into memory; none in a
	// real workbook (styles, the list of sheets …) comes near this.
	wholePart = 16 << 20
)

// readXLSX reads the chosen sheet of the workbook in data; zr is the same
// bytes opened as a zip.
func readXLSX(data []byte, zr *zip.Reader, limits Limits) (t Table, err error) {
	total := int64(math.MaxInt64)
	if limits.MaxBytes <= math.MaxInt64/unzipFactor {
		total = limits.MaxBytes * unzipFactor
	}
	if err := checkParts(zr, total); err != nil {
		return Table{}, err
	}
	// The library leaves its temporary files behind when a workbook fails
	// to open half-way; a directory of their own makes sure they go.
	tmp, err := os.MkdirTemp("", "tebdg-sheet-")
	if err != nil {
		return Table{}, fmt.Errorf("sheet: %w", err)
	}
	defer func() { _ = os.RemoveAll(tmp) }()
	defer func() {
		// The workbook comes from a user and the library reading it is
		// large: a fault it trips on should reach the user as a damaged
		// file, not as an upload that failed without a word.
		if p := recover(); p != nil {
			t, err = Table{}, errCorrupt()
		}
	}()

	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit:    total,
		UnzipXMLSizeLimit: min(streamPart, total),
		TmpDir:            tmp,
	})
	if f != nil {
		defer func() { _ = f.Close() }()
	}
	if err != nil {
		return Table{}, errCorrupt()
	}
	name, err := pickSheet(f, limits.Sheet)
	if err != nil {
		return Table{}, err
	}
	if err := isoDates(f); err != nil {
		return Table{}, errCorrupt()
	}
	rows, err := f.Rows(name)
	if err != nil {
		return Table{}, errCorrupt()
	}
	defer func() { _ = rows.Close() }()

	b := builder{limits: limits}
	b.t.Sheet = name
	// Rows gives every row from the first, the missing ones as empty, so
	// counting gives the row number.
	for n := 1; rows.Next(); n++ {
		cells, err := rows.Columns()
		if err != nil {
			return Table{}, errCorrupt()
		}
		if err := b.add(n, cells); err != nil {
			return Table{}, err
		}
	}
	if rows.Error() != nil {
		return Table{}, errCorrupt()
	}
	return b.finish(fileErr(
		fmt.Sprintf("trang tính %q trống, không có dòng tiêu đề", name),
		fmt.Sprintf("the sheet %q is empty: it has no header row", name)))
}

// checkParts refuses a workbook that would unpack to more than total bytes,
// or that holds a part read whole into memory larger than wholePart, going
// by the sizes the zip declares; and then one with a part that does not
// unpack to what it declares, as a workbook cut short or damaged in
// transfer does. The library reading the workbook would take such a part
// as far as it unpacks, and report a damaged file as an empty sheet.
func checkParts(zr *zip.Reader, total int64) error {
	var sum uint64
	for _, f := range zr.File {
		size := f.UncompressedSize64
		name := strings.ToLower(f.Name)
		whole := (strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels")) &&
			!strings.HasPrefix(name, "xl/worksheets/") && name != "xl/sharedstrings.xml"
		sum += min(size, math.MaxInt64)
		if sum > uint64(total) || whole && size > wholePart {
			vi, en := sizeText(total)
			return Errors{{
				Message:   "tệp Excel khi giải nén lớn hơn " + vi + ", quá giới hạn cho phép; hãy xoá ảnh và các trang tính không cần, hoặc lưu dưới dạng .csv",
				MessageEN: "unpacked, the Excel file is larger than the limit of " + en + "; remove pictures and unneeded sheets, or save it as .csv",
				TooLarge:  true,
			}}
		}
	}
	for _, f := range zr.File {
		if err := unpacks(f); err != nil {
			return errCorrupt()
		}
	}
	return nil
}

// unpacks unpacks the part f to nowhere: the zip reader checks its size
// and checksum on the way, and fails past the size declared.
func unpacks(f *zip.File) error {
	rc, err := f.Open()
	if err != nil {
		return err
	}
	_, err = io.CopyN(io.Discard, rc, int64(min(f.UncompressedSize64, math.MaxInt64-1))+1)
	if errors.Is(err, io.EOF) {
		err = nil // the part ended where it said it would
	}
	if cerr := rc.Close(); err == nil {
		err = cerr
	}
	return err
}

// maxSheetsNamed bounds the list of sheets in a message.
const maxSheetsNamed = 20

// pickSheet returns the name of the sheet to read: the one named want, or,
// when want is "", the first sheet that is not hidden, which is the first
// the user sees. A name matches as written or, failing that, folded, so
// that "danh sach" finds "Danh sách".
func pickSheet(f *excelize.File, want string) (string, error) {
	names := f.GetSheetList()
	if len(names) == 0 {
		return "", fileErr("tệp Excel không có trang tính nào", "the workbook has no sheet")
	}
	if want == "" {
		for _, n := range names {
			if visible, err := f.GetSheetVisible(n); err == nil && visible {
				return n, nil
			}
		}
		return names[0], nil
	}
	for _, n := range names {
		if n == want {
			return n, nil
		}
	}
	folded := vntext.Fold(want)
	for _, n := range names {
		if vntext.Fold(n) == folded {
			return n, nil
		}
	}
	quoted := make([]string, 0, min(len(names), maxSheetsNamed))
	for i, n := range names {
		if i == maxSheetsNamed {
			quoted = append(quoted, "…")
			break
		}
		quoted = append(quoted, fmt.Sprintf("%q", short(n)))
	}
	list := strings.Join(quoted, ", ")
	return "", Errors{{
		Field:     "sheet",
		Message:   fmt.Sprintf("tệp Excel không có trang tính %q; các trang có trong tệp: %s", short(want), list),
		MessageEN: fmt.Sprintf("the workbook has no sheet %q; its sheets are: %s", short(want), list),
	}}
}

// isoDates makes every cell style whose number format shows a date show it
// as YYYY-MM-DD instead, so that a date reads the same whatever format or
// language the user's Excel wrote it in: the library would otherwise give
// 04-13-21 for the short date of a Vietnamese Excel that shows 13/04/2021.
// The change stays in memory; nothing is saved.
func isoDates(f *excelize.File) error {
	s := f.Styles
	if s == nil || s.CellXfs == nil {
		return nil
	}
	codes := map[int]string{}
	if s.NumFmts != nil {
		for _, nf := range s.NumFmts.NumFmt {
			if nf == nil {
				continue
			}
			if _, ok := codes[nf.NumFmtID]; ok {
				continue // the first one counts, as when cells are shown
			}
			code := nf.FormatCode
			if nf.FormatCode16 != "" {
				code = nf.FormatCode16
			}
			codes[nf.NumFmtID] = code
		}
	}
	made := map[string]int{} // an ISO format → the id it got
	for i := range len(s.CellXfs.Xf) {
		id := 0
		if p := s.CellXfs.Xf[i].NumFmtID; p != nil {
			id = *p
		}
		iso := isoFormat(id, codes)
		if iso == "" {
			continue
		}
		isoID, ok := made[iso]
		if !ok {
			var err error
			if isoID, err = addFormat(f, iso); err != nil {
				return err
			}
			made[iso] = isoID
		}
		// addFormat may have grown the slice, so index it afresh.
		s.CellXfs.Xf[i].NumFmtID = &isoID
	}
	return nil
}

// addFormat adds the number format code to the workbook's styles and
// returns its id.
func addFormat(f *excelize.File, code string) (int, error) {
	if _, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code}); err != nil {
		return 0, err
	}
	if f.Styles.NumFmts != nil {
		for _, nf := range f.Styles.NumFmts.NumFmt {
			if nf != nil && nf.FormatCode == code && nf.FormatCode16 == "" {
				return nf.NumFmtID, nil
			}
		}
	}
	return 0, fmt.Errorf("sheet: the number format %q was not added", code)
}

// isoFormat returns the ISO form of the number format id, where codes are
// the workbook's own formats: "yyyy-mm-dd" for a date, with " hh:mm" or
// " hh:mm:ss" added when the format shows the time; "" for any format not
// showing a date, times of day included.
func isoFormat(id int, codes map[int]string) string {
	code, ok := codes[id]
	if !ok {
		// Excel's built-in formats: 14 is the short date of the user's
		// settings, 15–17 other dates, 22 a date and time; 27–31, 36,
		// 50–54, 57 and 58 are the dates of East Asian versions.
		switch id {
		case 14, 15, 16, 17, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58:
			return "yyyy-mm-dd"
		case 22:
			return "yyyy-mm-dd hh:mm"
		}
		return ""
	}
	var date, hours, seconds bool
	for i := 0; i < len(code); i++ {
		switch code[i] {
		case '"': // literal text
			if j := strings.IndexByte(code[i+1:], '"'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '[': // a colour, condition, locale or elapsed time
			if j := strings.IndexByte(code[i+1:], ']'); j >= 0 {
				i += j + 1
			} else {
				i = len(code)
			}
		case '\\', '_', '*': // an escaped character, a space as wide as one, a fill
			i++
		case 'y', 'Y', 'd', 'D':
			date = true
		case 'h', 'H':
			hours = true
		case 's', 'S':
			seconds = true
		}
	}
	switch {
	case !date:
		return ""
	case hours && seconds:
		return "yyyy-mm-dd hh:mm:ss"
	case hours:
		return "yyyy-mm-dd hh:mm"
	}
	return "yyyy-mm-dd"
}
