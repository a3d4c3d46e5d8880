package geo

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxInputLen bounds what Parse reads, in bytes. A pasted map link is the
// longest input people give: Google Maps links with their data= part run
// to a few hundred bytes and rarely past a thousand.
const maxInputLen = 4096

// maxDigits bounds the digits of one number. Fifteen decimals is already
// more than a float64 holds; more means a paste went wrong.
const maxDigits = 24

// ParseError says why a text is not a point, in Vietnamese and English
// separately so that a form can show the user's language (ParseField puts
// them into a FieldError).
type ParseError struct {
	Input     string
	Message   string // Vietnamese
	MessageEN string
}

func (e *ParseError) Error() string { return e.Message + " (" + e.MessageEN + ")" }

func parseErr(vi, en string) *ParseError { return &ParseError{Message: vi, MessageEN: en} }

// Parse reads a point as people paste it into a form:
//
//   - decimal degrees: "21.0285, 105.8542", "21.0285 105.8542",
//     "21.0285;105.8542", and with Vietnamese decimal commas
//     "21,0285; 105,8542" or "21,0285 105,8542";
//   - degrees, minutes and seconds: 21°01'42.6"N 105°51'15.1"E, with ’ ” ′ ″
//     or two apostrophes for the marks, spaces anywhere, "21 01 42.6 N";
//     written out in Vietnamese ("21 độ 01 phút 42,6 giây vĩ Bắc");
//   - degrees and decimal minutes: 21°01.71'N 105°51.25'E;
//   - labels: "lat 21.0285 lng 105.8542", "Vĩ độ: 21,0285; Kinh độ: 105,8542";
//   - links from Google Maps (the pin in data=…!3d…!4d…, then ?q= or
//     ?query=, then /place/…, then the map centre in /@lat,lon) and
//     OpenStreetMap (?mlat=…&mlon=…, then #map=zoom/lat/lon), and geo: URIs
//     ("geo:21.0285,105.8542", Android's "geo:0,0?q=21.0285,105.8542").
//
// Latitude comes first unless letters or labels say otherwise. The letters
// may be English (N S E W) or those of Vietnamese maps (B N Đ T: Bắc, Nam,
// Đông, Tây), upper or lower case, composed (NFC) or decomposed (NFD), and
// the words North, Bắc, Nam, Đông, Tây and so on. The one clash is N: north
// in English but Nam (south) on Vietnamese maps. N is read as north beside
// E or W or alone, and refused beside Đ or T, where either reading is
// plausible.
//
// A comma is a decimal comma when the text has no decimal point between
// digits, and separates numbers otherwise.
//
// Empty or blank s gives ok false and a nil error: the field was left
// empty. Anything else either gives a point with finite coordinates within
// ±90 and ±180, or a *ParseError. Parse never guesses: three numbers, a
// number that could be one coordinate or two ("10,106"), and a latitude
// over 90 are refused with a message that says what to fix; a pair that
// looks swapped is reported as such, never swapped silently. Whether the
// point is in Vietnam is Check's question, not Parse's.
func Parse(s string) (p Point, ok bool, err error) {
	if len(s) > maxInputLen {
		return Point{}, false, &ParseError{Input: s,
			Message:   "tọa độ dài quá " + strconv.Itoa(maxInputLen) + " byte",
			MessageEN: "the coordinates are longer than " + strconv.Itoa(maxInputLen) + " bytes"}
	}
	if !utf8.ValidString(s) {
		return Point{}, false, &ParseError{Input: s,
			Message:   "tọa độ chứa ký tự không hợp lệ (sai mã UTF-8)",
			MessageEN: "the coordinates hold invalid characters (bad UTF-8)"}
	}
	t := strings.TrimFunc(s, isSpace)
	if t == "" {
		return Point{}, false, nil
	}
	var pe *ParseError
	switch {
	case hasPrefixFold(t, "geo:"):
		p, pe = parseGeoURI(t)
	case looksLikeLink(t):
		p, pe = parseLink(t)
	default:
		p, pe = parseText(t)
	}
	if pe != nil {
		pe.Input = s
		return Point{}, false, pe
	}
	return p, true, nil
}

// isSpace reports whether r separates words: any Unicode space, and the
// zero-width characters that come along with text copied from web pages.
func isSpace(r rune) bool {
	switch r {
	case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF:
		return true
	}
	return unicode.IsSpace(r)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// finish turns a latitude and longitude into a point, refusing values out
// of range (see rangeProblem).
func finish(lat, lon float64) (Point, *ParseError) {
	if vi, en := rangeProblem(lat, lon); vi != "" {
		return Point{}, parseErr(vi, en)
	}
	return Point{Lat: lat, Lon: lon}, nil
}

// unit is what a number counts: degrees, minutes or seconds of arc. Its
// order is the order they are written in.
type unit uint8

const (
	unitNone unit = iota
	unitDeg
	unitMin
	unitSec
)

// axis is which coordinate a letter or label names.
type axis uint8

const (
	axisNone axis = iota
	axisLat
	axisLon
)

type tokKind uint8

const (
	tokNum tokKind = iota + 1
	tokUnit
	tokHemi  // a direction: N, S, E, W, B, Đ, T or a word
	tokLabel // "lat", "vĩ độ", "kinh độ" and the like
	tokSep   // ',' or ';'
)

type token struct {
	kind tokKind
	text string // as written, for messages

	// Numbers: the value without its sign, and how it was written.
	val    float64
	neg    bool
	signed bool
	frac   bool // has a decimal part
	comma  bool // with a decimal comma
	unit   unit // for numbers, the mark after it; for tokUnit, the mark

	// Directions and labels.
	axis    axis
	south   bool // south or west: the coordinate is negative
	letterN bool // the bare letter N, which English and Vietnamese read apart
	viet    bool // a Vietnamese direction: B, Đ, T, Bắc, Nam, Đông, Tây

	// Separators: a comma with a digit right before and after it.
	tight bool
}

// parseText reads coordinates written out as text (every form but links).
func parseText(s string) (Point, *ParseError) {
	toks, pe := tokenize(s, !hasDecimalPoint(s))
	if pe != nil {
		return Point{}, pe
	}
	toks, pe = attachUnits(toks)
	if pe != nil {
		return Point{}, pe
	}
	groups, pe := group(toks)
	if pe != nil {
		return Point{}, pe
	}
	return resolve(groups)
}

// hasDecimalPoint reports whether s has a '.' between two digits. If it
// has, commas separate numbers; if not, a comma between digits is a
// decimal comma, as Vietnamese writes "21,0285".
func hasDecimalPoint(s string) bool {
	for i := 1; i+1 < len(s); i++ {
		if s[i] == '.' && isDigit(s[i-1]) && isDigit(s[i+1]) {
			return true
		}
	}
	return false
}

// unitOf returns the unit a mark stands for, unitNone for other runes.
// People type the marks with whatever their keyboard or word processor
// gives: ordinal º for °, curly and acute quotes and primes for ' and ".
func unitOf(r rune) unit {
	switch r {
	case '°', 'º', '˚':
		return unitDeg
	case '\'', '’', '‘', '′', 'ʹ', '´':
		return unitMin
	case '"', '”', '“', '″', 'ʺ':
		return unitSec
	}
	return unitNone
}

// isSign reports whether r is a sign before a number: '+', '-', or the
// minus sign U+2212 that word processors put in.
func isSign(r rune) bool { return r == '+' || r == '-' || r == '−' }

func tokenize(s string, decimalComma bool) ([]token, *ParseError) {
	var toks []token
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case isSpace(r) || strings.ContainsRune(":=()[]", r):
			i += size
		case isDigit(s[i]) || isSign(r) && i+size < len(s) && isDigit(s[i+size]):
			t, end, pe := readNumber(s, i, decimalComma)
			if pe != nil {
				return nil, pe
			}
			toks = append(toks, t)
			i = end
		case r == ',' || r == ';':
			tight := r == ',' && i > 0 && isDigit(s[i-1]) && i+1 < len(s) && isDigit(s[i+1])
			toks = append(toks, token{kind: tokSep, text: string(r), tight: tight})
			i += size
		case unitOf(r) != unitNone:
			u, end := unitOf(r), i+size
			if u == unitMin && end < len(s) {
				// Two apostrophes stand for a second mark.
				if r2, size2 := utf8.DecodeRuneInString(s[end:]); unitOf(r2) == unitMin {
					u, end = unitSec, end+size2
				}
			}
			toks = append(toks, token{kind: tokUnit, unit: u, text: s[i:end]})
			i = end
		case unicode.IsLetter(r):
			t, end, pe := readWords(s, i)
			if pe != nil {
				return nil, pe
			}
			toks = append(toks, t)
			i = end
		default:
			return nil, parseErr("ký tự "+strconv.QuoteRune(r)+" không dùng được trong tọa độ",
				"the character "+strconv.QuoteRune(r)+" has no place in coordinates")
		}
	}
	return toks, nil
}

// readNumber reads an optionally signed number at s[i:], with a decimal
// part after a '.' or, when decimalComma, a ','.
func readNumber(s string, i int, decimalComma bool) (token, int, *ParseError) {
	start := i
	t := token{kind: tokNum}
	if r, size := utf8.DecodeRuneInString(s[i:]); isSign(r) {
		t.signed, t.neg = true, r != '+'
		i += size
	}
	j := i
	for j < len(s) && isDigit(s[j]) {
		j++
	}
	digits := s[i:j]
	mark := byte('.')
	if decimalComma {
		mark = ','
	}
	if j+1 < len(s) && s[j] == mark && isDigit(s[j+1]) {
		k := j + 1
		for k < len(s) && isDigit(s[k]) {
			k++
		}
		digits += "." + s[j+1:k]
		t.frac, t.comma = true, decimalComma
		j = k
	}
	t.text = s[start:j]
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		k := j
		for k < len(s) && (isDigit(s[k]) || s[k] == '.') {
			k++
		}
		q := strconv.Quote(short(s[start:k]))
		return token{}, 0, parseErr("số "+q+" có hai dấu thập phân", "the number "+q+" has two decimal points")
	}
	if len(digits) > maxDigits+1 {
		q := strconv.Quote(short(t.text))
		return token{}, 0, parseErr("số "+q+" dài quá", "the number "+q+" is too long")
	}
	v, err := strconv.ParseFloat(digits, 64)
	if err != nil { // cannot happen for at most 24 digits; kept as a guard
		return token{}, 0, parseErr("không đọc được số "+strconv.Quote(t.text), "cannot read the number "+strconv.Quote(t.text))
	}
	t.val = v
	return t, j, nil
}

// vowelBase maps each Vietnamese letter with marks, lower case, to its
// base letter, so that words compare however they were typed.
var vowelBase = func() map[rune]rune {
	m := map[rune]rune{}
	for base, letters := range map[rune]string{
		'a': "àáảãạăằắẳẵặâầấẩẫậ",
		'e': "èéẻẽẹêềếểễệ",
		'i': "ìíỉĩị",
		'o': "òóỏõọôồốổỗộơờớởỡợ",
		'u': "ùúủũụưừứửữự",
		'y': "ỳýỷỹỵ",
		'd': "đ",
	} {
		for _, r := range letters {
			m[r] = base
		}
	}
	return m
}()

// fold lower-cases a word and strips its marks: "Bắc" in NFC or NFD, "BẮC"
// and "Bac" all give "bac".
func fold(word string) string {
	var b strings.Builder
	for _, r := range word {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		r = unicode.ToLower(r)
		if base, ok := vowelBase[r]; ok {
			r = base
		}
		b.WriteRune(r)
	}
	return b.String()
}

// wordAt returns the word (letters and their combining marks) at s[i:].
func wordAt(s string, i int) (word string, end int) {
	end = i
	for end < len(s) {
		r, size := utf8.DecodeRuneInString(s[end:])
		if !unicode.IsLetter(r) && !unicode.Is(unicode.Mn, r) {
			break
		}
		end += size
	}
	return s[i:end], end
}

// words gives the meaning of each word Parse knows, folded.
var words = map[string]token{
	"n":     {kind: tokHemi, axis: axisLat, letterN: true},
	"north": {kind: tokHemi, axis: axisLat},
	"b":     {kind: tokHemi, axis: axisLat, viet: true},
	"bac":   {kind: tokHemi, axis: axisLat, viet: true},
	"s":     {kind: tokHemi, axis: axisLat, south: true},
	"south": {kind: tokHemi, axis: axisLat, south: true},
	"nam":   {kind: tokHemi, axis: axisLat, south: true, viet: true},
	"e":     {kind: tokHemi, axis: axisLon},
	"east":  {kind: tokHemi, axis: axisLon},
	"d":     {kind: tokHemi, axis: axisLon, viet: true},
	"dong":  {kind: tokHemi, axis: axisLon, viet: true},
	"w":     {kind: tokHemi, axis: axisLon, south: true},
	"west":  {kind: tokHemi, axis: axisLon, south: true},
	"t":     {kind: tokHemi, axis: axisLon, south: true, viet: true},
	"tay":   {kind: tokHemi, axis: axisLon, south: true, viet: true},

	"lat":       {kind: tokLabel, axis: axisLat},
	"latitude":  {kind: tokLabel, axis: axisLat},
	"vido":      {kind: tokLabel, axis: axisLat},
	"lon":       {kind: tokLabel, axis: axisLon},
	"lng":       {kind: tokLabel, axis: axisLon},
	"long":      {kind: tokLabel, axis: axisLon},
	"longitude": {kind: tokLabel, axis: axisLon},
	"kinhdo":    {kind: tokLabel, axis: axisLon},

	"do":   {kind: tokUnit, unit: unitDeg},
	"deg":  {kind: tokUnit, unit: unitDeg},
	"phut": {kind: tokUnit, unit: unitMin},
	"min":  {kind: tokUnit, unit: unitMin},
	"giay": {kind: tokUnit, unit: unitSec},
	"sec":  {kind: tokUnit, unit: unitSec},
}

// twoWords gives the meaning of the Vietnamese two-word terms, keyed by
// their first word and then their second: "vĩ độ" (latitude), "kinh độ"
// (longitude), and the textbook "vĩ Bắc", "kinh Đông".
var twoWords = map[string]map[string]token{
	"vi": {
		"do":  {kind: tokLabel, axis: axisLat},
		"bac": {kind: tokHemi, axis: axisLat, viet: true},
		"nam": {kind: tokHemi, axis: axisLat, south: true, viet: true},
	},
	"kinh": {
		"do":   {kind: tokLabel, axis: axisLon},
		"dong": {kind: tokHemi, axis: axisLon, viet: true},
		"tay":  {kind: tokHemi, axis: axisLon, south: true, viet: true},
	},
}

// readWords reads the word at s[i:], and the next one too when the two
// make one term ("vĩ độ").
func readWords(s string, i int) (token, int, *ParseError) {
	word, end := wordAt(s, i)
	f := fold(word)
	if seconds, ok := twoWords[f]; ok {
		j := end
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !isSpace(r) {
				break
			}
			j += size
		}
		next, end2 := wordAt(s, j)
		if t, ok := seconds[fold(next)]; ok {
			t.text = s[i:end2]
			return t, end2, nil
		}
		q := strconv.Quote(short(strings.TrimSpace(s[i:end2])))
		return token{}, 0, parseErr("không hiểu "+q+": hãy viết vĩ độ, kinh độ, vĩ Bắc hoặc kinh Đông",
			"cannot read "+q+": write vĩ độ, kinh độ, vĩ Bắc or kinh Đông")
	}
	t, ok := words[f]
	if !ok {
		return token{}, 0, parseErr("không hiểu chữ "+strconv.Quote(short(word))+" trong tọa độ",
			"the word "+strconv.Quote(short(word))+" is not part of coordinates")
	}
	t.text = word
	return t, end, nil
}

// attachUnits moves each degree, minute and second mark onto the number
// before it.
func attachUnits(toks []token) ([]token, *ParseError) {
	out := toks[:0]
	for _, t := range toks {
		if t.kind != tokUnit {
			out = append(out, t)
			continue
		}
		if len(out) == 0 || out[len(out)-1].kind != tokNum || out[len(out)-1].unit != unitNone {
			return nil, parseErr("ký hiệu "+strconv.Quote(t.text)+" phải đứng ngay sau một số",
				"the mark "+strconv.Quote(t.text)+" must follow a number")
		}
		prev := &out[len(out)-1]
		prev.unit = t.unit
		prev.text += t.text
	}
	return out, nil
}

// coord is one coordinate as written: up to three numbers (degrees,
// minutes, seconds) and what says which axis it is.
type coord struct {
	nums  []token
	hemi  *token
	label axis
}

func (c *coord) empty() bool { return len(c.nums) == 0 && c.hemi == nil && c.label == axisNone }

// group splits the tokens into coordinates.
//
// When the text has marks, letters or labels, those delimit the
// coordinates: a direction letter ends the numbers before it (or starts
// those after it), a degree number starts a new coordinate, and so do a
// number after seconds, a mark that does not follow on (minutes after
// minutes) and a plain number after one with a decimal part.
//
// Plain numbers have only separators to go by. Without separators, two
// numbers are the two coordinates and anything else is refused: "21 01
// 42.6 105 51 15.1" could be split more than one way.
func group(toks []token) ([]coord, *ParseError) {
	marked, seps, nums := false, 0, 0
	for _, t := range toks {
		switch {
		case t.kind == tokHemi || t.kind == tokLabel || t.kind == tokNum && t.unit != unitNone:
			marked = true
		case t.kind == tokSep:
			seps++
		}
		if t.kind == tokNum {
			nums++
		}
	}
	if pe := checkCommas(toks); pe != nil {
		return nil, pe
	}
	if nums == 0 {
		return nil, parseErr("không thấy số nào trong tọa độ", "there are no numbers in the coordinates")
	}
	if !marked && seps == 0 {
		if nums != 2 {
			return nil, countError(toks, nums)
		}
		return []coord{{nums: toks[:1]}, {nums: toks[1:]}}, nil
	}

	var groups []coord
	var cur coord
	closeCur := func() {
		if len(cur.nums) > 0 {
			groups = append(groups, cur)
			cur = coord{}
		}
	}
	for i := range toks {
		t := toks[i]
		switch t.kind {
		case tokSep:
			if len(cur.nums) == 0 && !cur.empty() {
				return nil, dangling(cur)
			}
			closeCur()
		case tokLabel:
			closeCur()
			if !cur.empty() {
				return nil, parseErr("hai nhãn hoặc chữ chỉ hướng liền nhau mà không có số ở giữa",
					"two labels or direction letters follow each other with no number between")
			}
			cur.label = t.axis
		case tokHemi:
			switch {
			case len(cur.nums) > 0 && cur.hemi == nil:
				cur.hemi = &toks[i] // written after its numbers
				closeCur()
			case len(cur.nums) > 0:
				closeCur() // the coordinate had its letter before it; this one starts the next
				cur.hemi = &toks[i]
			case cur.hemi != nil:
				return nil, parseErr("hai chữ chỉ hướng "+strconv.Quote(cur.hemi.text)+" và "+strconv.Quote(t.text)+" liền nhau",
					"two direction letters "+strconv.Quote(cur.hemi.text)+" and "+strconv.Quote(t.text)+" follow each other")
			default:
				cur.hemi = &toks[i]
			}
		case tokNum:
			if n := len(cur.nums); n > 0 {
				last := cur.nums[n-1]
				if t.unit == unitDeg || last.unit == unitSec ||
					t.unit == unitNone && last.frac ||
					t.unit != unitNone && last.unit != unitNone && t.unit <= last.unit {
					closeCur()
				} else if n == 3 {
					return nil, parseErr("quá nhiều số liền nhau ở "+strconv.Quote(last.text+" "+t.text)+": hãy ngăn vĩ độ và kinh độ bằng dấu phẩy",
						"too many numbers in a row at "+strconv.Quote(last.text+" "+t.text)+": separate latitude and longitude with a comma")
				}
			}
			cur.nums = append(cur.nums, t)
		}
	}
	if len(cur.nums) == 0 && !cur.empty() {
		return nil, dangling(cur)
	}
	closeCur()
	if len(groups) != 2 {
		return nil, countError(toks, len(groups))
	}
	return groups, nil
}

// checkCommas refuses a comma that could be read two ways: with decimal
// commas in use, "21,0285,105,8542" might be 21.0285 and 105.8542 or four
// numbers.
func checkCommas(toks []token) *ParseError {
	comma := false
	for _, t := range toks {
		comma = comma || t.kind == tokNum && t.comma
	}
	if !comma {
		return nil
	}
	for _, t := range toks {
		if t.kind == tokSep && t.tight {
			return parseErr("không rõ dấu phẩy nào là dấu thập phân, dấu nào ngăn cách: hãy ngăn vĩ độ và kinh độ bằng dấu chấm phẩy, ví dụ 21,0285; 105,8542",
				"it is unclear which comma is a decimal comma and which a separator: separate latitude and longitude with a semicolon, as in 21,0285; 105,8542")
		}
	}
	return nil
}

// dangling is the error for a direction or label with no number after it.
func dangling(c coord) *ParseError {
	what := "nhãn"
	whatEN := "label"
	if c.hemi != nil {
		what, whatEN = "chữ chỉ hướng "+strconv.Quote(c.hemi.text), "direction "+strconv.Quote(c.hemi.text)
	}
	return parseErr(what+" không đi kèm số nào", "the "+whatEN+" has no number")
}

// countError is the error for the wrong number of coordinates: n plain
// numbers when the text has no marks or separators, else n coordinates.
func countError(toks []token, n int) *ParseError {
	var written []string
	for _, t := range toks {
		if t.kind == tokNum {
			written = append(written, t.text)
		}
	}
	shown := written
	if len(shown) > 6 { // enough to recognise the text by
		shown = append(shown[:6:6], "…")
	}
	list := strconv.Quote(strings.Join(shown, " "))
	example := "21.0285, 105.8542"
	oneComma := false
	for _, t := range toks {
		oneComma = oneComma || t.kind == tokNum && t.comma && len(written) == 1
	}
	switch {
	case n == 1 && oneComma:
		return parseErr("chỉ thấy một số "+list+": dấu phẩy giữa hai chữ số được đọc là dấu thập phân; hãy ngăn vĩ độ và kinh độ bằng dấu chấm phẩy, ví dụ 21,0285; 105,8542",
			"only one number, "+list+": a comma between digits reads as a decimal comma; separate latitude and longitude with a semicolon, as in 21,0285; 105,8542")
	case n == 1:
		return parseErr("chỉ thấy một tọa độ "+list+": cần cả vĩ độ và kinh độ, ví dụ "+example,
			"only one coordinate, "+list+": both latitude and longitude are needed, as in "+example)
	case len(written) == n:
		ns := strconv.Itoa(n)
		return parseErr("có "+ns+" số "+list+": không rõ đâu là vĩ độ, đâu là kinh độ; cần đúng hai số, vĩ độ trước, kinh độ sau, ví dụ "+example+", hoặc độ phút giây có ký hiệu, ví dụ 21°01'42.6\"N 105°51'15.1\"E",
			ns+" numbers, "+list+": it is unclear which is latitude and which longitude; give exactly two, latitude first, as in "+example+", or degrees, minutes and seconds with their marks, as in 21°01'42.6\"N 105°51'15.1\"E")
	default:
		ns := strconv.Itoa(n)
		return parseErr("đọc được "+ns+" tọa độ từ các số "+list+": cần đúng hai, vĩ độ và kinh độ",
			"found "+ns+" coordinates in the numbers "+list+": exactly two are needed, latitude and longitude")
	}
}

// value computes a coordinate in signed decimal degrees.
func (c coord) value() (float64, *ParseError) {
	n := len(c.nums)
	var parts [3]float64
	for k, t := range c.nums {
		switch {
		case k > 0 && t.signed:
			return 0, parseErr("dấu "+strconv.Quote(firstRune(t.text))+" chỉ được đặt trước số độ, không trước "+strconv.Quote(t.text),
				"a sign belongs before the degrees, not before "+strconv.Quote(t.text))
		case k < n-1 && t.frac:
			return 0, parseErr("chỉ số cuối (độ, phút hoặc giây) mới được có phần thập phân: "+strconv.Quote(t.text),
				"only the last number (degrees, minutes or seconds) may have decimals: "+strconv.Quote(t.text))
		case t.unit != unitNone && int(t.unit) != k+1:
			return 0, parseErr("ký hiệu của "+strconv.Quote(t.text)+" không đúng thứ tự độ, phút, giây",
				"the mark of "+strconv.Quote(t.text)+" is out of the order degrees, minutes, seconds")
		}
		parts[k] = t.val
	}
	if n >= 2 && parts[1] >= 60 {
		return 0, parseErr("số phút "+strconv.Quote(c.nums[1].text)+" phải nhỏ hơn 60",
			"the minutes "+strconv.Quote(c.nums[1].text)+" must be under 60")
	}
	if n == 3 && parts[2] >= 60 {
		return 0, parseErr("số giây "+strconv.Quote(c.nums[2].text)+" phải nhỏ hơn 60",
			"the seconds "+strconv.Quote(c.nums[2].text)+" must be under 60")
	}
	v := parts[0] + parts[1]/60 + parts[2]/3600
	neg := c.nums[0].neg
	if c.hemi != nil {
		if c.nums[0].signed {
			return 0, parseErr("vừa có dấu "+strconv.Quote(firstRune(c.nums[0].text))+" vừa có chữ chỉ hướng "+strconv.Quote(c.hemi.text)+": hãy bỏ dấu",
				"both a sign and the direction "+strconv.Quote(c.hemi.text)+": drop the sign")
		}
		neg = c.hemi.south
	}
	if neg {
		v = -v
	}
	return v, nil
}

func firstRune(s string) string {
	_, size := utf8.DecodeRuneInString(s)
	return s[:size]
}

// axis is the coordinate's axis as its letter or label says, or axisNone.
func (c coord) axis() (axis, *ParseError) {
	switch {
	case c.hemi == nil:
		return c.label, nil
	case c.label != axisNone && c.label != c.hemi.axis:
		return axisNone, parseErr("nhãn và chữ chỉ hướng "+strconv.Quote(c.hemi.text)+" mâu thuẫn nhau (vĩ độ hay kinh độ?)",
			"the label and the direction "+strconv.Quote(c.hemi.text)+" disagree (latitude or longitude?)")
	}
	return c.hemi.axis, nil
}

// resolve turns two coordinates into a point: latitude first unless their
// letters or labels say otherwise.
func resolve(groups []coord) (Point, *ParseError) {
	letterN, viet := false, false
	for _, g := range groups {
		if g.hemi != nil {
			letterN = letterN || g.hemi.letterN
			viet = viet || g.hemi.viet
		}
	}
	if letterN && viet {
		return Point{}, parseErr("chữ N không rõ nghĩa: trên bản đồ tiếng Việt N là Nam, còn trong tiếng Anh N là North (Bắc); hãy viết B cho vĩ độ Bắc (hoặc dùng N cùng E/W)",
			"the letter N is ambiguous here: on Vietnamese maps N is Nam (south), in English it is North; write B for north (or N together with E/W)")
	}
	var vals [2]float64
	var axes [2]axis
	for k, g := range groups {
		v, pe := g.value()
		if pe != nil {
			return Point{}, pe
		}
		a, pe := g.axis()
		if pe != nil {
			return Point{}, pe
		}
		vals[k], axes[k] = v, a
	}
	switch {
	case axes[0] != axisNone && axes[0] == axes[1]:
		if axes[0] == axisLat {
			return Point{}, parseErr("cả hai số đều là vĩ độ (Bắc/Nam): cần một vĩ độ và một kinh độ",
				"both numbers are latitudes (north/south): one latitude and one longitude are needed")
		}
		return Point{}, parseErr("cả hai số đều là kinh độ (Đông/Tây): cần một vĩ độ và một kinh độ",
			"both numbers are longitudes (east/west): one latitude and one longitude are needed")
	case axes[0] == axisLon || axes[1] == axisLat:
		return finish(vals[1], vals[0])
	}
	return finish(vals[0], vals[1])
}
