package planparse

import (
	"regexp"
	"sort"
	"strings"
	"time"
)

// dmPat is a day and month, with or without a year: "15/3", "15/4/2024",
// "15 tháng 11", "13 tháng 4 năm 2021" (folded).
const dmPat = `(\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?|\d{1,2}\s+thang\s+\d{1,2}(?:\s*,?\s*nam\s+\d{4})?)`

var (
	dmPartRe = regexp.MustCompile(`^(\d{1,2})\s*(?:/|\s+thang\s+)\s*(\d{1,2})(?:\s*(?:/|,?\s*nam\s+)\s*(\d{4}))?$`)

	// "từ ngày 15 tháng 11 đến ngày 15 tháng 12 hàng năm", "từ 01/6 - 30/6/2024"
	rangeScan = newScanner(`tu\s+(?:ngay\s+)?`+dmPat+`\s*(?:den|-|–)\s*(?:ngay\s+)?`+dmPat+`(\s+hang\s+nam)?`, 200, "tu").needing("den", "-", "–")
	// "trước ngày 15/3", "trước 15/4/2024", "chậm nhất ngày 30/6/2024"
	beforeScan = newScanner(`(?:hoan thanh\s+)?(?:truoc|cham nhat(?:\s+la)?|han chot(?:\s+la)?|thoi han(?:\s+la)?)\s+(?:ngay\s+)?`+dmPat, 120,
		"hoan thanh", "truoc", "cham nhat", "han chot", "thoi han")
	// "vào ngày 15/3/2024"
	onScan = newScanner(`vao\s+ngay\s+`+dmPat, 100, "vao")
	// "ngày 08 tháng 3 hàng năm", "ngày 8/3 hằng năm"
	recurDayScan = newScanner(`(?:ngay\s+)?(\d{1,2}\s*/\s*\d{1,2}|\d{1,2}\s+thang\s+\d{1,2})\s+hang\s+nam\b`, 100, append([]string{"ngay"}, digitKeys...)...).needing("hang nam")
	// Dates without a deadline word (a reference's date, an event): read
	// only so that "tháng 4 năm 2021" inside them is not taken for a month.
	bareDateScan = newScanner(`(?:ngay\s+)?(?:\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+thang\s+\d{1,2}(?:\s*,?\s*nam\s+\d{4})?)`, 100, append([]string{"ngay"}, digitKeys...)...).needing("/", "thang")
	// "6 tháng đầu năm 2024"
	halfScan = newScanner(`6\s+thang\s+(dau|cuoi)\s+nam(?:\s+(\d{4}))?`, 80, "6").needing("thang")
	// "ngay trong đầu quý 2/2024", "Quý II/2024", "trong quý 2 năm 2024"
	quarterScan = newScanner(`(?:ngay\s+)?(?:trong\s+)?(?:(dau|giua|cuoi)\s+)?quy\s+(iv|iii|ii|i|[1-4])\b(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?`, 120,
		"ngay", "trong", "dau", "giua", "cuoi", "quy").needing("quy")
	// "tháng 6 hằng năm", "trong tháng 6/2024", "cuối tháng 11"
	monthScan = newScanner(`(?:(?:trong|vao)\s+)?(?:(dau|giua|cuoi)\s+)?thang\s+(\d{1,2})\b(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?(\s+hang\s+nam)?`, 120,
		"trong", "vao", "dau", "giua", "cuoi", "thang").needing("thang")
	// "hằng năm", "hàng quý", "định kỳ hằng tháng"
	recurScan = newScanner(`(?:dinh\s+ky\s+)?hang\s+(nam|quy|thang|tuan)\b`, 60, "dinh", "hang").needing("hang")
)

type dlCand struct {
	pos, end int
	d        Deadline
	emit     bool
}

// parseDM reads a dmPat match; y is 0 when it has no year.
func parseDM(s string) (d, m, y int, ok bool) {
	g := dmPartRe.FindStringSubmatch(s)
	if g == nil {
		return 0, 0, 0, false
	}
	d, m = atoi(g[1]), atoi(g[2])
	if g[3] != "" {
		y = atoi(g[3])
	}
	return d, m, y, m >= 1 && m <= 12 && d >= 1 && d <= 31
}

func lastDay(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

func romanQuarter(s string) int {
	switch s {
	case "i", "1":
		return 1
	case "ii", "2":
		return 2
	case "iii", "3":
		return 3
	case "iv", "4":
		return 4
	}
	return 0
}

// partOf narrows a span of months to its early, middle or late part: "đầu
// quý" is the quarter's first month, "cuối quý" its last; "đầu tháng" days
// 1–10, "giữa tháng" 11–20, "cuối tháng" 21 to the end.
func partOfMonth(part string, y, m int) (string, string) {
	switch part {
	case "dau":
		return isoDate(y, m, 1), isoDate(y, m, 10)
	case "giua":
		return isoDate(y, m, 11), isoDate(y, m, 20)
	case "cuoi":
		return isoDate(y, m, 21), isoDate(y, m, lastDay(y, m))
	}
	return isoDate(y, m, 1), isoDate(y, m, lastDay(y, m))
}

// extractDeadlines finds deadline hints in normalised text. Patterns are
// tried from the most specific to the least; a later match that overlaps an
// earlier one is dropped, so "ngày 28 tháng 6 hàng năm" is one recurring day
// and not also "tháng 6" and "hàng năm". Dates with no deadline word before
// them (a reference's "ngày 30/12/2021") are not deadlines.
func extractDeadlines(text string, year int) []Deadline {
	return deadlinesFolded(text, foldOffsets(text), year)
}

func deadlinesFolded(text string, f foldedText, year int) []Deadline {
	taken := make([]bool, len(f.s)+1)
	var out []dlCand
	add := func(pos, end int, d Deadline, emit bool) {
		for i := pos; i < end; i++ {
			if taken[i] {
				return
			}
		}
		for i := pos; i < end; i++ {
			taken[i] = true
		}
		if emit {
			d.Text = collapseSpace(f.orig(text, pos, end))
			out = append(out, dlCand{pos: pos, end: end, d: d, emit: true})
		}
	}
	yearOr := func(y int) int {
		if y != 0 {
			return y
		}
		return year
	}
	g := func(m []int, k int) string {
		if m[2*k] < 0 {
			return ""
		}
		return f.s[m[2*k]:m[2*k+1]]
	}

	for _, m := range rangeScan.findAll(f.s) {
		d1, m1, y1, ok1 := parseDM(g(m, 1))
		d2, m2, y2, ok2 := parseDM(g(m, 2))
		if !ok1 || !ok2 {
			continue
		}
		dl := Deadline{Recurring: g(m, 3) != ""}
		ye := yearOr(y2)
		ys := y1
		if ys == 0 {
			ys = ye
			if ye != 0 && (m1 > m2 || (m1 == m2 && d1 > d2)) {
				ys = ye - 1 // "từ 15/11 đến 15/1/2025"
			}
		}
		if ys != 0 && ye != 0 {
			dl.Start, dl.End = isoDate(ys, m1, d1), isoDate(ye, m2, d2)
		}
		add(m[0], m[1], dl, true)
	}
	for _, sc := range []scanner{beforeScan, onScan} {
		for _, m := range sc.findAll(f.s) {
			d, mo, y, ok := parseDM(g(m, 1))
			if !ok {
				continue
			}
			dl := Deadline{}
			if y = yearOr(y); y != 0 {
				dl.End = isoDate(y, mo, d)
				if sc.re == onScan.re {
					dl.Start = dl.End
				}
			}
			add(m[0], m[1], dl, true)
		}
	}
	for _, m := range recurDayScan.findAll(f.s) {
		d, mo, _, ok := parseDM(g(m, 1))
		if !ok {
			continue
		}
		dl := Deadline{Recurring: true}
		if year != 0 {
			dl.Start = isoDate(year, mo, d)
			dl.End = dl.Start
		}
		add(m[0], m[1], dl, true)
	}
	for _, m := range bareDateScan.findAll(f.s) {
		add(m[0], m[1], Deadline{}, false)
	}
	for _, m := range halfScan.findAll(f.s) {
		dl := Deadline{}
		y := year
		if v := g(m, 2); v != "" {
			y = atoi(v)
		}
		if y != 0 {
			if g(m, 1) == "dau" {
				dl.Start, dl.End = isoDate(y, 1, 1), isoDate(y, 6, 30)
			} else {
				dl.Start, dl.End = isoDate(y, 7, 1), isoDate(y, 12, 31)
			}
		}
		add(m[0], m[1], dl, true)
	}
	for _, m := range quarterScan.findAll(f.s) {
		q := romanQuarter(g(m, 2))
		y := year
		if v := g(m, 3) + g(m, 4); v != "" {
			y = atoi(v)
		}
		dl := Deadline{}
		if y != 0 {
			first, last := 3*q-2, 3*q
			switch g(m, 1) {
			case "dau":
				last = first
			case "giua":
				first, last = first+1, first+1
			case "cuoi":
				first = last
			}
			dl.Start, dl.End = isoDate(y, first, 1), isoDate(y, last, lastDay(y, last))
		}
		add(m[0], m[1], dl, true)
	}
	for _, m := range monthScan.findAll(f.s) {
		mo := atoi(g(m, 2))
		if mo < 1 || mo > 12 {
			continue
		}
		dl := Deadline{Recurring: g(m, 5) != ""}
		y := year
		if v := g(m, 3) + g(m, 4); v != "" {
			y = atoi(v)
		}
		if y != 0 {
			dl.Start, dl.End = partOfMonth(g(m, 1), y, mo)
		}
		add(m[0], m[1], dl, true)
	}
	for _, m := range recurScan.findAll(f.s) {
		add(m[0], m[1], Deadline{Recurring: true}, true)
	}

	sort.Slice(out, func(i, j int) bool { return out[i].pos < out[j].pos })
	var res []Deadline
	for _, c := range out {
		res = append(res, c.d)
	}
	return res
}

// observanceNames map the names of observance days and action months to the
// codes of the calendar (DESIGN.md), folded. Names that are also ordinary
// phrases ("gia đình Việt Nam", "phụ nữ Việt Nam") count only after "ngày"
// or before their date; "phòng chống đuối nước" is a topic, not a day.
var observanceNames = []struct {
	code string
	sc   scanner
}{
	{"womens-day", newScanner(`quoc te phu nu\b`, 40, "quoc te")},
	{"happiness-day", newScanner(`quoc te hanh phuc\b`, 40, "quoc te")},
	{"childrens-day", newScanner(`quoc te thieu nhi\b`, 40, "quoc te")},
	{"children-action-month", newScanner(`thang hanh dong vi tre em\b`, 60, "thang hanh dong")},
	{"dv-prevention-month", newScanner(`thang hanh dong (?:quoc gia )?(?:ve |vi )?phong[\s,-]+chong bao luc gia dinh\b|bao luc gia dinh\s*\(\s*thang 6\b`, 100,
		"thang hanh dong", "bao luc gia dinh")},
	{"family-day", newScanner(`ngay gia dinh viet nam\b|gia dinh viet nam\s*\(\s*(?:ngay\s+)?28\b`, 60, "ngay gia dinh", "gia dinh viet nam")},
	{"vietnamese-womens-day", newScanner(`ngay phu nu viet nam\b|phu nu viet nam\s*\(\s*(?:ngay\s+)?20\s*(?:/|thang)\s*10\b`, 60, "ngay phu nu", "phu nu viet nam")},
	{"gender-equality-month", newScanner(`thang hanh dong (?:quoc gia )?vi binh dang gioi\b`, 80, "thang hanh dong")},
	{"mid-autumn", newScanner(`trung thu\b`, 20, "trung thu")},
	{"drowning-prevention-day", newScanner(`ngay the gioi phong[\s,-]+chong duoi nuoc\b`, 80, "ngay the gioi")},
	{"girl-child-day", newScanner(`quoc te (?:tre em gai|em gai)\b`, 40, "quoc te")},
	{"evaw-day", newScanner(`quoc te xoa bo bao luc (?:doi voi|voi) phu nu\b`, 80, "quoc te")},
	{"lunar-new-year", newScanner(`tet nguyen dan\b|tet am lich\b|tet co truyen\b`, 40, "tet")},
}

// observanceDays map observance days written as dates to codes: "(8/3)",
// "(ngày 20 tháng 10 hàng năm)", "nhân ngày 08 tháng 3".
var observanceDays = map[[2]int]string{
	{8, 3}: "womens-day", {20, 3}: "happiness-day", {1, 6}: "childrens-day",
	{28, 6}: "family-day", {25, 7}: "drowning-prevention-day", {11, 10}: "girl-child-day",
	{20, 10}: "vietnamese-womens-day", {25, 11}: "evaw-day",
}

// obsDayScan reads a day and month after "ngày" or "(", with group 3 set
// when a year follows (then it is a dated event, not the yearly day).
var obsDayScan = newScanner(`(?:\(\s*)?(?:ngay\s+)?(\d{1,2})\s*(?:/|\s+thang\s+)(\d{1,2})\b(\s*(?:/|,?\s*nam)\s*\d)?`, 50, "(", "ngay")

// deadlineCues before a date make it a due date or a period bound, not an
// observance: "trước ngày 08/3".
var deadlineCues = []string{"truoc", "cham nhat", "cham nhat la", "han chot", "thoi han", "tu", "den", "sau"}

// extractObservances returns the observance codes named in normalised text,
// in order of first appearance.
func extractObservances(text string) []string {
	return observancesFolded(fold(text))
}

func observancesFolded(f string) []string {
	type hit struct {
		pos  int
		code string
	}
	var hits []hit
	for _, o := range observanceNames {
		for _, m := range o.sc.findAll(f) {
			hits = append(hits, hit{m[0], o.code})
		}
	}
	for _, m := range obsDayScan.findAll(f) {
		if m[6] >= 0 {
			continue // "(8/3/2021)" is a full date, not the yearly day
		}
		if f[m[0]] != '(' && !strings.HasPrefix(f[m[0]:], "ngay") {
			continue
		}
		cue := false
		for _, c := range deadlineCues {
			if precededBy(f, m[0], c) {
				cue = true
			}
		}
		if cue {
			continue
		}
		if code, ok := observanceDays[[2]int{atoi(f[m[2]:m[3]]), atoi(f[m[4]:m[5]])}]; ok {
			hits = append(hits, hit{m[0], code})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i].pos < hits[j].pos })
	var out []string
	seen := map[string]bool{}
	for _, h := range hits {
		if !seen[h.code] {
			seen[h.code] = true
			out = append(out, h.code)
		}
	}
	return out
}
