package planparse

import (
	"regexp"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// All matching below runs on folded text (lower case, no diacritics, one rune
// per rune of the original), so "Nghị định", "NGHỊ ĐỊNH" and "Nghi dinh" all
// match; the values are then cut from the original text as written.

// numberPat is a document number and symbol: digits, then "/" or "-"
// segments of which one at least has letters: "130/2021/nd-cp", "28-ct/tw",
// "240/ldtbxh-te&bdg". A narrow column in Word wraps a number at its "/" or
// "-" ("28/NQ-" at a line's end, "CP" on the next), so one line break, with
// the spaces around it, may follow a separator; a blank line may not, since
// that ends the paragraph (spaces are written \x20: the scanner reads a
// literal space in a pattern as any run of white space). numberText takes
// the break out again.
const numberPat = `(\d{1,5}(?:[/-](?:[\x20\t]*\r?\n[\x20\t]*)?[0-9a-z&]+)+)`

// numberText is a document number as cited, without the line break a wrap
// put inside it.
func numberText(s string) string { return strings.Join(strings.Fields(s), "") }

// refTypeKeys are the folded names of document types that precede a number.
var refTypeKeys = []string{
	"nghi dinh", "nghi quyet", "chi thi", "quyet dinh", "thong tu lien tich", "thong tu",
	"bo luat", "luat", "ke hoach", "cong van", "van ban", "ttlt", "nd", "nq", "ct", "qd", "tt", "cv", "kh",
}

var (
	refScan = newScanner(`(`+strings.Join(refTypeKeys, "|")+`)\s+(so\s*:?\s*)?`+numberPat, 160, refTypeKeys...)
	// refDateRes read the date that follows a number: "ngày 30/12/2021",
	// "ngày 03/3/2021", "ngày 13 tháng 4 năm 2021".
	refDateRes = []*regexp.Regexp{
		regexp.MustCompile(flexSpace(`^(?:ban hanh\s+)?ngay\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})`)),
		regexp.MustCompile(flexSpace(`^(?:ban hanh\s+)?ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})\s*,?\s*nam\s+(\d{4})`)),
	}
	lawScan   scanner
	lawYearRe = regexp.MustCompile(flexSpace(`^(?:\s*\(\s*(?:nam\s+)?(\d{4})\s*\)|\s*,?\s+(?:(?:da\s+)?(?:duoc\s+)?(?:sua doi(?:\s*,?\s*bo sung)?|bo sung)\s+)?nam\s+(\d{4})\b)`))
	lawNumRe  = regexp.MustCompile(`^\s*,?\s*so\s*:?\s*` + numberPat)
)

var refTypes = map[string]string{
	"nghi dinh": "Nghị định", "nd": "Nghị định",
	"nghi quyet": "Nghị quyết", "nq": "Nghị quyết",
	"chi thi": "Chỉ thị", "ct": "Chỉ thị",
	"quyet dinh": "Quyết định", "qd": "Quyết định",
	"thong tu": "Thông tư", "thong tu lien tich": "Thông tư", "tt": "Thông tư", "ttlt": "Thông tư",
	"luat": "Luật", "bo luat": "Bộ luật",
	"ke hoach": "Kế hoạch", "kh": "Kế hoạch",
	"cong van": "Công văn", "cv": "Công văn", "van ban": "Công văn",
}

// isAbbrevType: abbreviations count only before "số" ("QĐ số 1591/QĐ-TTg"),
// since "CT" or "KH" alone are too common.
func isAbbrevType(t string) bool { return len(t) <= 4 && !strings.Contains(t, " ") }

// lawName is a law cited by name, with its official title.
type lawName struct {
	prefix string // "luat" or "bo luat"
	name   string // folded words, "," where the official title has one
	title  string
}

var lawNames = []lawName{
	{"luat", "tre em", "Luật Trẻ em"},
	{"luat", "binh dang gioi", "Luật Bình đẳng giới"},
	{"luat", "phong, chong bao luc gia dinh", "Luật Phòng, chống bạo lực gia đình"},
	{"luat", "bao ve, cham soc va giao duc tre em", "Luật Bảo vệ, chăm sóc và giáo dục trẻ em"},
	{"luat", "hon nhan va gia dinh", "Luật Hôn nhân và gia đình"},
	{"luat", "trat tu, an toan giao thong duong bo", "Luật Trật tự, an toàn giao thông đường bộ"},
	{"luat", "giao thong duong bo", "Luật Giao thông đường bộ"},
	{"luat", "giao thong duong thuy noi dia", "Luật Giao thông đường thủy nội địa"},
	{"luat", "duong bo", "Luật Đường bộ"},
	{"luat", "giao duc", "Luật Giáo dục"},
	{"luat", "thanh nien", "Luật Thanh niên"},
	{"luat", "nguoi khuyet tat", "Luật Người khuyết tật"},
	{"luat", "phong, chong mua ban nguoi", "Luật Phòng, chống mua bán người"},
	{"luat", "an toan thong tin mang", "Luật An toàn thông tin mạng"},
	{"bo luat", "lao dong", "Bộ luật Lao động"},
	{"bo luat", "hinh su", "Bộ luật Hình sự"},
	{"bo luat", "dan su", "Bộ luật Dân sự"},
}

// lawKey folds a law name written with any separators ("phòng chống",
// "phòng, chống", "phòng - chống") to one key.
func lawKey(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == ',' || r == '-' || unicode.IsSpace(r) }), " ")
}

var lawByKey = map[string]lawName{}

func init() {
	var alts []string
	for _, l := range lawNames {
		lawByKey[l.prefix+"|"+lawKey(l.name)] = l
		words := strings.Fields(strings.ReplaceAll(l.name, ",", " "))
		alts = append(alts, strings.Join(words, `[\s,-]+`))
	}
	lawScan = newScanner(`(bo luat|luat)\s+(`+strings.Join(alts, "|")+`)\b`, 200, "bo luat", "luat")
}

// knownIssuers are central bodies, named the way they are officially written.
var knownIssuers = []struct{ f, name string }{
	{"thu tuong chinh phu", "Thủ tướng Chính phủ"},
	{"ban chap hanh trung uong", "Ban Chấp hành Trung ương"},
	{"uy ban thuong vu quoc hoi", "Ủy ban Thường vụ Quốc hội"},
	{"bo chinh tri", "Bộ Chính trị"},
	{"ban bi thu", "Ban Bí thư"},
	{"chinh phu", "Chính phủ"},
	{"quoc hoi", "Quốc hội"},
	{"chu tich nuoc", "Chủ tịch nước"},
}

// issuerHeads begin the names of other issuing bodies, folded.
var issuerHeads = []string{
	"bo", "so", "ubnd", "uy ban", "hdnd", "hoi dong", "tinh uy", "thanh uy", "huyen uy",
	"ban", "cuc", "tong cuc", "van phong", "chu tich", "tinh doan", "hoi", "lien doan",
	"cong an", "bch", "trung uong",
}

// issuerStops end an issuer's name: the words that start what the document
// is about ("… của Sở Lao động- Thương binh và Xã hội hướng dẫn …").
var issuerStops = map[string]bool{
	"ve": true, "huong": true, "quy": true, "phe": true, "viec": true, "v/v": true,
	"trien": true, "thuc": true, "tang": true, "doi": true, "nham": true, "de": true,
	"ngay": true, "so": true, "theo": true, "tai": true, "trong": true, "giai": true,
	"nam": true, "da": true, "cho": true, "voi": true, "ban": false,
}

// matchWords matches the words of phrase at f[p:], allowing any whitespace
// between them and requiring a word boundary after; it returns the end.
func matchWords(f string, p int, phrase string) (int, bool) {
	for i, w := range strings.Fields(phrase) {
		if i > 0 {
			q := p
			for q < len(f) && isSpaceByte(f[q]) {
				q++
			}
			if q == p {
				return 0, false
			}
			p = q
		}
		if !strings.HasPrefix(f[p:], w) {
			return 0, false
		}
		p += len(w)
	}
	if p < len(f) && isWordByte(f[p]) {
		return 0, false
	}
	return p, true
}

func isSpaceByte(c byte) bool { return c == ' ' || c == '\n' || c == '\t' || c == '\r' }

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c >= 0x80
}

func skipSpace(f string, p int) int {
	for p < len(f) && isSpaceByte(f[p]) {
		p++
	}
	return p
}

func skipSpaceComma(f string, p int) int {
	for p < len(f) && (isSpaceByte(f[p]) || f[p] == ',') {
		p++
	}
	return p
}

type refCand struct {
	pos int
	key string
	ref Reference
}

// extractRefs finds references in normalised text.
func extractRefs(text string) []Reference {
	f := foldOffsets(text)
	var cands []refCand
	for _, m := range refScan.findAll(f.s) {
		typ := strings.Join(strings.Fields(f.s[m[2]:m[3]]), " ")
		if isAbbrevType(typ) && m[4] < 0 {
			continue
		}
		if !hasLetter(f.s[m[6]:m[7]]) {
			continue
		}
		if typ == "luat" && precededBy(f.s, m[2], "phap") {
			continue
		}
		r := Reference{Type: refTypes[typ], Number: numberText(f.orig(text, m[6], m[7]))}
		readTail(text, f, m[7], &r)
		cands = append(cands, refCand{pos: m[0], key: "n:" + fold(r.Number), ref: r})
	}
	for _, m := range lawScan.findAll(f.s) {
		if precededBy(f.s, m[0], "phap") {
			continue // "pháp luật trẻ em" is law in general, not a law
		}
		l, ok := lawByKey[lawKey(f.s[m[2]:m[3]])+"|"+lawKey(f.s[m[4]:m[5]])]
		if !ok {
			continue
		}
		typ := "Luật"
		if l.prefix == "bo luat" {
			typ = "Bộ luật"
		}
		r := Reference{Type: typ, Title: l.title}
		p := m[1]
		if y := matchAt(lawYearRe, f.s, p, 80); y != nil {
			for g := 2; g <= 4; g += 2 {
				if y[g] >= 0 {
					if v := atoi(f.s[y[g]:y[g+1]]); v >= 1800 && v <= 2200 {
						r.Year = v
					}
				}
			}
			p = y[1]
		}
		if n := matchAt(lawNumRe, f.s, p, 80); n != nil && hasLetter(f.s[n[2]:n[3]]) {
			r.Number = numberText(f.orig(text, n[2], n[3]))
		}
		cands = append(cands, refCand{pos: m[0], key: "t:" + fold(l.title), ref: r})
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].pos < cands[j].pos })

	lineStarts := []int{0}
	for i := 0; i < len(text); i++ {
		if text[i] == '\n' {
			lineStarts = append(lineStarts, i+1)
		}
	}
	out := []Reference{}
	seen := map[string]int{}
	for _, c := range cands {
		if i, ok := seen[c.key]; ok {
			mergeRef(&out[i], c.ref)
			continue
		}
		pos := f.off[c.pos]
		c.ref.Line = sort.Search(len(lineStarts), func(i int) bool { return lineStarts[i] > pos })
		seen[c.key] = len(out)
		out = append(out, c.ref)
	}
	return out
}

// mergeRef fills what the first citation of a document lacked from a later one.
func mergeRef(dst *Reference, src Reference) {
	if dst.Date == "" {
		dst.Date = src.Date
	}
	if dst.Issuer == "" {
		dst.Issuer = src.Issuer
	}
	if dst.Title == "" {
		dst.Title = src.Title
	}
	if dst.Year == 0 {
		dst.Year = src.Year
	}
	if dst.Number == "" {
		dst.Number = src.Number
	}
}

func hasLetter(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r >= 'a' && r <= 'z' })
}

// precededBy reports whether the word before position p in f is w.
func precededBy(f string, p int, w string) bool {
	q := p
	for q > 0 && isSpaceByte(f[q-1]) {
		q--
	}
	return q < p && strings.HasSuffix(f[:q], w) && (q == len(w) || !isWordByte(f[q-len(w)-1]))
}

// readTail reads what follows a document number: its date, its issuer
// ("của Chính phủ") and its subject ("về …", "Quy định …", a quoted title).
func readTail(text string, f foldedText, p int, r *Reference) {
	readDate := func() {
		q := skipSpaceComma(f.s, p)
		for _, re := range refDateRes {
			if m := matchAt(re, f.s, q, 80); m != nil {
				g := func(k int) int { return atoi(f.s[m[2*k]:m[2*k+1]]) }
				r.Date = isoDate(g(3), g(2), g(1))
				p = m[1]
				return
			}
		}
	}
	readDate()
	q := skipSpace(f.s, p)
	if e, ok := matchWords(f.s, q, "cua"); ok {
		if name, end := readIssuer(text, f, skipSpace(f.s, e)); name != "" {
			r.Issuer, p = name, end
			if r.Date == "" {
				readDate()
			}
		}
	}
	r.Title = readSubject(text, f, skipSpaceComma(f.s, p))
}

// readIssuer reads an issuing body's name at f[p:]: a known central body in
// its official spelling, or a body starting with an organisation word and
// running until the words that start the subject.
func readIssuer(text string, f foldedText, p int) (string, int) {
	for _, k := range knownIssuers {
		if e, ok := matchWords(f.s, p, k.f); ok {
			return k.name, e
		}
	}
	head := false
	for _, h := range issuerHeads {
		if _, ok := matchWords(f.s, p, h); ok {
			head = true
			break
		}
	}
	if !head {
		return "", p
	}
	end, q, words := p, p, 0
	for words < 12 && q < len(f.s) {
		q = skipSpace(f.s, q)
		if q >= len(f.s) || f.s[q] == '\n' {
			break
		}
		w := q
		for w < len(f.s) && !isSpaceByte(f.s[w]) {
			w++
		}
		word := f.s[q:w]
		if words > 0 && (issuerStops[word] || (word == "ban" && strings.HasPrefix(f.s[w:], " hanh"))) {
			break
		}
		if i := strings.IndexAny(word, ",;.:()\"“”"); i >= 0 {
			if i > 0 {
				end = q + i
			}
			break
		}
		end, q = w, w
		words++
	}
	if end == p {
		return "", p
	}
	return collapseSpace(f.orig(text, p, end)), end
}

// readSubject reads a reference's subject when it is clearly marked: a quoted
// title, "về …", "V/v …", or a title that starts with a verb of regulation
// ("Quy định …", "Hướng dẫn …", "Phê duyệt …"). It runs to the end of the
// clause; longer than 300 characters it is not clear and is dropped.
func readSubject(text string, f foldedText, p int) string {
	if p >= len(f.s) {
		return ""
	}
	start, quoted := p, false
	s := f.s[p:]
	kept := func(words ...string) bool {
		for _, w := range words {
			if _, ok := matchWords(f.s, p, w); ok {
				return true
			}
		}
		return false
	}
	switch {
	case strings.HasPrefix(s, `"`) || strings.HasPrefix(s, "“"):
		quoted = true
		_, n := utf8.DecodeRuneInString(s)
		start += n
	case kept("quy dinh", "huong dan", "phe duyet", "ban hanh"):
	default:
		skipped := false
		for _, w := range []string{"ve viec", "v/v", "ve"} {
			if e, ok := matchWords(f.s, p, w); ok {
				start, skipped = skipSpace(f.s, e), true
				break
			}
		}
		if !skipped {
			return ""
		}
	}
	end, n := start, 0
scan:
	for end < len(f.s) {
		r, size := utf8.DecodeRuneInString(f.s[end:])
		switch {
		case r == ';':
			break scan
		case r == '\n':
			// A line break inside the subject is a wrap only when the
			// lines would be joined as one paragraph.
			o := f.off[end]
			prevStart := strings.LastIndexByte(text[:o], '\n') + 1
			nextEnd := strings.IndexByte(text[o+1:], '\n')
			if nextEnd < 0 {
				nextEnd = len(text) - o - 1
			}
			if !shouldJoin(strings.TrimSpace(text[prevStart:o]), strings.TrimSpace(text[o+1:o+1+nextEnd]), false) {
				break scan
			}
		case quoted && (r == '"' || r == '”'):
			break scan
		case r == '.':
			nx := end + 1
			if nx == len(f.s) || f.s[nx] == '\n' {
				break scan
			}
			if f.s[nx] == ' ' && nx+1 < len(f.s) && unicode.IsUpper(firstRune(text[f.off[nx+1]:])) {
				break scan
			}
		}
		end += size
		if n++; n > 300 {
			return ""
		}
	}
	sub := strings.TrimRight(collapseSpace(f.orig(text, start, end)), " .,:;\"”")
	if sub == "" {
		return ""
	}
	r, size := utf8.DecodeRuneInString(sub)
	return string(unicode.ToUpper(r)) + sub[size:]
}
