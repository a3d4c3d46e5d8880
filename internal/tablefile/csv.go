package tablefile

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// CSV writes t as comma-separated text, headers in lang. The file starts
// with a UTF-8 byte order mark, without which Excel reads Vietnamese as
// mojibake, and ends its lines with CRLF as Excel does. Whole numbers carry
// no grouping, so that every spreadsheet reads them as numbers; decimals
// take a comma (12,5) and dates read dd/mm/yyyy, as Vietnamese users write
// them.
func CSV(w io.Writer, t Table, lang string) error {
	bw := bufio.NewWriter(w)
	if _, err := bw.WriteString("\ufeff"); err != nil {
		return err
	}
	cw := csv.NewWriter(bw)
	cw.UseCRLF = true
	rec := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		rec[i] = c.Header(lang)
	}
	if err := cw.Write(rec); err != nil {
		return err
	}
	for _, row := range t.Rows {
		if err := t.each(row, func(i int, c Column, x value) { rec[i] = csvText(c.Kind, x) }); err != nil {
			return err
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func csvText(k Kind, v value) string {
	if v.empty {
		return ""
	}
	switch k {
	case Integer, Money:
		return strconv.FormatInt(int64(v.num), 10)
	case Number:
		return decimal(v.num)
	case Percent:
		return decimal(v.num) + "%"
	case Date:
		return v.at.Format("02/01/2006")
	case DateTime:
		return v.at.Format("02/01/2006 15:04")
	}
	return Safe(v.text)
}

// decimal writes a number the Vietnamese way without grouping: "12,5".
func decimal(f float64) string {
	return strings.Replace(strconv.FormatFloat(f, 'f', -1, 64), ".", ",", 1)
}

// Safe keeps a spreadsheet from reading a text cell as a formula: a text
// starting with = + - @ or a control character gets a leading apostrophe
// (the advice of OWASP on CSV injection), so that it stays text.
func Safe(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}
