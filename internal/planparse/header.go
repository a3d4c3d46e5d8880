package planparse

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// hKind classifies a line at the top of a document.
type hKind int

const (
	hOther  hKind = iota // issuer, title or the start of the preamble
	hStamp               // a web page's publication stamp "10/02/2024 15:16"
	hMotto               // "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"
	hNumber              // "Số: 56/KH-UBND"
	hDate                // "Quảng Ninh, ngày 13 tháng 4 năm 2021"
	hType                // "KẾ HOẠCH" alone on its line
	hRule                // "-----", "___": the short rules under header lines
	hPipe                // a header row laid out as cells: "ỦY BAN NHÂN DÂN | CỘNG HÒA …"
)

type hEntry struct {
	line  int // index into the lines
	kind  hKind
	text  string
	cells []hEntry // for hPipe
	// values read from the line
	number, place, date string
}

var (
	stampRe = regexp.MustCompile(`^(?:(?:ngay dang|ngay cap nhat|cap nhat|dang ngay|dang luc|ngay)\s*:?\s*)?` +
		`(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*[,|-]?\s*\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:am|pm|sa|ch))?)?$`)
	stampTimeFirstRe = regexp.MustCompile(`^\d{1,2}:\d{2}(?::\d{2})?\s*[,|-]?\s*(\d{1,2})/(\d{1,2})/(\d{4})$`)
	mottoRe          = regexp.MustCompile(`cong hoa xa hoi chu nghia viet nam|doc lap\s*[-–,]?\s*tu do\s*[-–,]?\s*hanh phuc`)
	numberRe         = regexp.MustCompile(`^so\s*:?\s*(\S+)`)
	dateWordsRe      = regexp.MustCompile(`^(?:([^,\d]{1,60}),\s*)?ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s*nam\s+(\d{4})`)
	dateSlashRe      = regexp.MustCompile(`^(?:([^,\d]{1,60}),\s*)?ngay\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})`)
	datePlaceOnlyRe  = regexp.MustCompile(`^([^,\d]{1,60}),\s*ngay\b`)
	yearInTitleRe    = regexp.MustCompile(`nam\s+(\d{4})\b`)
)

// docTypes are the names of document types written alone on the line above
// the title, folded.
var docTypes = []string{
	"ke hoach", "quyet dinh", "chi thi", "bao cao", "chuong trinh", "huong dan",
	"thong bao", "de an", "phuong an", "nghi quyet", "to trinh", "quy che",
	"quy dinh", "cong van", "chuong trinh hanh dong",
}

// preambleStarts begin the sentences that introduce a plan ("Căn cứ …",
// "Thực hiện …"): they end the header.
var preambleStarts = []string{
	"can cu ", "thuc hien ", "thi hanh ", "theo ", "de ", "nham ", "xet ", "tren co so ",
}

// orgHeads begin the name of an organisation; in a header block they start a
// new issuer line group ("UBND TỈNH QUẢNG NINH" then "SỞ GIAO THÔNG VẬN TẢI").
var orgHeads = []string{
	"so", "ubnd", "uy", "bo", "ban", "phong", "cuc", "hoi", "truong", "vien", "hdnd",
	"doan", "tinh uy", "thanh uy", "huyen uy", "tinh doan", "cong doan", "cong an",
	"dang uy", "dang bo", "chi cuc", "chi bo", "tong cuc", "trung tam", "van phong",
	"hoi dong", "benh vien", "cang vu", "thanh tra",
}

func hasWordPrefix(f, w string) bool {
	return strings.HasPrefix(f, w) && (len(f) == len(w) || f[len(w)] == ' ')
}

func startsWithOrgHead(f string) bool {
	for _, h := range orgHeads {
		if hasWordPrefix(f, h) {
			return true
		}
	}
	return false
}

func isPreambleStart(f string) bool {
	for _, p := range preambleStarts {
		if strings.HasPrefix(f, p) {
			return true
		}
	}
	return false
}

func isRule(s string) bool {
	n := 0
	for _, r := range s {
		switch r {
		case '-', '_', '=', '*', '~', '.', '…', '–', '—', '·', '•', ' ':
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// isoDate returns the ISO form of a real calendar date, or "".
func isoDate(y, m, d int) string {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return ""
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

func atoi(s string) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return 0
	}
	return n
}

func isoFromGroups(f string, m []int, d, mo, y int) string {
	return isoDate(atoi(f[m[2*y]:m[2*y+1]]), atoi(f[m[2*mo]:m[2*mo+1]]), atoi(f[m[2*d]:m[2*d+1]]))
}

// parseDateLine reads "<place>, ngày 13 tháng 4 năm 2021" (or 13/4/2021, or
// a draft with the day left blank). With no place, the date must be all the
// line holds, so that a body sentence starting "Ngày 13 tháng 4 …" is not
// taken for the header's date.
func parseDateLine(t string) (place, date string, ok bool) {
	f := foldOffsets(t)
	for _, re := range []*regexp.Regexp{dateWordsRe, dateSlashRe} {
		m := re.FindStringSubmatchIndex(f.s)
		if m == nil {
			continue
		}
		if m[2] < 0 && strings.Trim(f.s[m[1]:], " .,;") != "" {
			continue
		}
		if m[2] >= 0 {
			place = collapseSpace(f.orig(t, m[2], m[3]))
		}
		return place, isoFromGroups(f.s, m, 2, 3, 4), true
	}
	if m := datePlaceOnlyRe.FindStringSubmatchIndex(f.s); m != nil {
		return collapseSpace(f.orig(t, m[2], m[3])), "", true
	}
	return "", "", false
}

func parseStamp(f string) string {
	if m := stampRe.FindStringSubmatch(f); m != nil {
		return isoDate(atoi(m[3]), atoi(m[2]), atoi(m[1]))
	}
	if m := stampTimeFirstRe.FindStringSubmatch(f); m != nil {
		return isoDate(atoi(m[3]), atoi(m[2]), atoi(m[1]))
	}
	return ""
}

// classifyHeader tells what one header line is.
func classifyHeader(t string, idx int) hEntry {
	e := hEntry{line: idx, text: t}
	if strings.Contains(t, "|") {
		e.kind = hPipe
		for _, c := range strings.Split(t, "|") {
			c = strings.TrimSpace(c)
			e.cells = append(e.cells, classifyHeader(strings.ReplaceAll(c, "|", " "), idx))
		}
		return e
	}
	if t == "" {
		return e
	}
	if isRule(t) {
		e.kind = hRule
		return e
	}
	f := foldOffsets(t)
	if d := parseStamp(f.s); d != "" {
		e.kind, e.date = hStamp, d
		return e
	}
	if m := mottoRe.FindStringIndex(f.s); m != nil {
		if m[0] > 0 {
			// Two cells of a table copied onto one line: "TỈNH QUẢNG NINH Độc lập - …".
			left := strings.TrimSpace(f.orig(t, 0, m[0]))
			right := strings.TrimSpace(f.orig(t, m[0], len(f.s)))
			e.kind = hPipe
			e.cells = []hEntry{classifyHeader(left, idx), classifyHeader(right, idx)}
			return e
		}
		e.kind = hMotto
		return e
	}
	if m := numberRe.FindStringSubmatchIndex(f.s); m != nil && strings.ContainsAny(f.s[m[2]:m[3]], "/") {
		e.kind = hNumber
		e.number = strings.TrimRight(f.orig(t, m[2], m[3]), ".,;")
		// "Số: 56/KH-UBND Quảng Ninh, ngày …": two cells on one line.
		if rest := strings.TrimSpace(f.orig(t, m[3], len(f.s))); rest != "" {
			if p, d, ok := parseDateLine(rest); ok {
				e.place, e.date = p, d
			}
		}
		return e
	}
	if p, d, ok := parseDateLine(t); ok {
		e.kind, e.place, e.date = hDate, p, d
		return e
	}
	ft := strings.Trim(f.s, " .:")
	for _, dt := range docTypes {
		if ft == dt {
			e.kind = hType
			return e
		}
	}
	e.kind = hOther
	return e
}

// headerResult is what parseHeader read.
type headerResult struct {
	h     Header
	stamp string // publication stamp date, used when there is no formal date
	next  int    // index of the first line after the header
}

// parseHeader reads the header block at the top of the lines: issuer lines,
// motto, number, place and date, type line, title, and the publication stamp
// of web copies. It stops at the first item, at the first preamble sentence,
// or after the title.
func parseHeader(ls []line) headerResult {
	var res headerResult
	var entries []hEntry
	zoneEnd := len(ls)
	for i := range ls {
		t := ls[i].text
		if t == "" {
			continue
		}
		if ls[i].isLabel || len(entries) >= 40 {
			zoneEnd = i
			break
		}
		e := classifyHeader(t, i)
		if e.kind == hRule {
			continue
		}
		if e.kind == hOther {
			prevType := len(entries) > 0 && entries[len(entries)-1].kind == hType
			if endsSentence(t) || (!prevType && isPreambleStart(fold(t))) {
				zoneEnd = i
				break
			}
		}
		entries = append(entries, e)
	}

	lastFormal, typeAt := -1, -1
	for ei, e := range entries {
		switch e.kind {
		case hMotto, hNumber, hDate, hPipe:
			lastFormal = ei
		case hType:
			if typeAt < 0 {
				typeAt = ei
			}
		}
	}
	boundary := max(lastFormal, typeAt)

	var issuerLines []string
	vv := ""
	take := func(e hEntry, left bool) {
		switch e.kind {
		case hNumber:
			if res.h.Number == "" {
				res.h.Number = e.number
			}
			if e.place != "" || e.date != "" {
				if res.h.Place == "" {
					res.h.Place = e.place
				}
				if res.h.Date == "" {
					res.h.Date = e.date
				}
			}
		case hDate:
			if res.h.Place == "" {
				res.h.Place = e.place
			}
			if res.h.Date == "" {
				res.h.Date = e.date
			}
		case hStamp:
			if res.stamp == "" {
				res.stamp = e.date
			}
		case hType:
			if res.h.Type == "" {
				res.h.Type = strings.ToUpper(strings.Trim(e.text, " .:"))
			}
		case hOther:
			if !left || e.text == "" {
				return
			}
			if strings.HasPrefix(fold(e.text), "v/v") {
				vv = e.text
				return
			}
			issuerLines = append(issuerLines, e.text)
		}
	}

	titleStart := boundary + 1
	for ei, e := range entries {
		switch {
		case e.kind == hPipe:
			for ci, c := range e.cells {
				take(c, ci == 0)
			}
		case e.kind == hOther && ei < boundary:
			take(e, true)
		case e.kind != hOther:
			take(e, false)
		}
	}
	if boundary < 0 {
		// No formal block: leading capitalised organisation names are the issuer.
		titleStart = 0
		for titleStart < len(entries) && entries[titleStart].kind == hOther &&
			isUpperLine(entries[titleStart].text) && startsWithOrgHead(fold(entries[titleStart].text)) {
			issuerLines = append(issuerLines, entries[titleStart].text)
			titleStart++
		}
	}
	res.h.ParentIssuer, res.h.Issuer = groupIssuer(issuerLines)

	// Title: the run of plain lines after the formal block and the type line.
	ti := titleStart
	for ti < len(entries) && entries[ti].kind == hStamp {
		ti++
	}
	var parts []string
	first, lastLine := -1, -1
	for ti < len(entries) && entries[ti].kind == hOther && len(parts) < 4 {
		e := entries[ti]
		if len(parts) > 0 && e.line > lastLine+1 {
			prev := entries[ti-1].text
			cont := startsLowerOrDigit(e.text) || (isUpperLine(prev) && isUpperLine(e.text))
			if !cont {
				break
			}
		}
		if first < 0 {
			first = e.line
		}
		parts = append(parts, e.text)
		lastLine = e.line
		ti++
	}
	next := zoneEnd
	if len(parts) > 0 && zoneEnd < len(ls) && zoneEnd == lastLine+1 && !ls[zoneEnd].isLabel &&
		shouldJoin(ls[lastLine].text, ls[zoneEnd].text, false) {
		// The "title" is the first line of a wrapped preamble sentence.
		parts, next = nil, first
	}
	if len(parts) > 0 {
		res.h.Title = collapseSpace(strings.Join(parts, " "))
	} else if vv != "" {
		res.h.Title = collapseSpace(vv)
	}
	// Lines left over after the title start the preamble.
	for ; ti < len(entries); ti++ {
		if entries[ti].kind == hOther && entries[ti].line < next {
			next = entries[ti].line
			break
		}
	}
	if res.h.Type == "" && res.h.Title != "" {
		ft := fold(res.h.Title)
		for _, dt := range docTypes {
			if hasWordPrefix(ft, dt) {
				res.h.Type = strings.ToUpper(string([]rune(res.h.Title)[:runeLen(dt)]))
				break
			}
		}
	}
	res.next = next
	return res
}

func startsLowerOrDigit(s string) bool {
	r := firstRune(s)
	return (r >= '0' && r <= '9') || (r != ' ' && isLowerLetter(r))
}

// groupIssuer splits the issuer lines of a header into the issuing body and
// the body above it. A name may be wrapped over several lines ("ỦY" / "BAN
// NHÂN DÂN" / "TỈNH QUẢNG NINH"); a new name starts at a line that begins with
// an organisation word once the current name has at least two words.
func groupIssuer(lines []string) (parent, issuer string) {
	var groups [][]string
	words := 0
	for _, l := range lines {
		f := fold(l)
		if len(groups) == 0 || (words >= 2 && startsWithOrgHead(f)) {
			groups = append(groups, nil)
			words = 0
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], l)
		words += len(strings.Fields(l))
	}
	switch len(groups) {
	case 0:
		return "", ""
	case 1:
		return "", collapseSpace(strings.Join(groups[0], " "))
	}
	n := len(groups)
	return collapseSpace(strings.Join(groups[n-2], " ")), collapseSpace(strings.Join(groups[n-1], " "))
}

// planYear is the year the plan is for: "năm 2024" in its title, else the
// year of its date; 0 when unknown.
func planYear(h Header, stamp string) int {
	if h.Title != "" {
		ms := yearInTitleRe.FindAllStringSubmatch(fold(h.Title), -1)
		if len(ms) > 0 {
			if y := atoi(ms[len(ms)-1][1]); y >= 1900 && y <= 2200 {
				return y
			}
		}
	}
	for _, d := range []string{h.Date, stamp} {
		if len(d) >= 4 {
			return atoi(d[:4])
		}
	}
	return 0
}
