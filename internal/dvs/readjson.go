package dvs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// ReadJSON reads a data value set in DHIS2's JSON shape from r, refusing
// more than limit bytes (limit <= 0: no limit).
//
// The text is streamed: the entries of dataValues are decoded one at a
// time, so memory follows the size of the result, not of a parse tree.
// Top-level keys may come in any order; period and orgUnit given at the
// top fill the values that lack their own. Unknown keys are ignored, as
// DHIS2 adds keys over versions. A dot in a number is always a decimal
// point (Set.Vietnamese is false).
//
// Errors:
//   - *SizeError when the input is larger than limit;
//   - Errors with one Row 0 entry when the text is not a JSON object as
//     DHIS2 sends it; a syntax error names the position of the offending
//     byte, counted from 1 at the file's first byte; the Set is empty;
//   - Errors listing every entry whose fields have the wrong JSON type (an
//     object where a code belongs, invalid UTF-8 …), together with the whole
//     Set: pass that Set to Check, which repeats these and adds its own, to
//     list every fault of the upload at once.
func ReadJSON(r io.Reader, limit int64) (Set, error) {
	in, base, err := newInput(r, limit)
	if err != nil {
		return Set{}, err
	}
	jr := &jsonReader{dec: json.NewDecoder(in), base: base}
	if err := jr.read(); err != nil {
		return Set{}, err
	}
	s := jr.set
	if len(jr.errs) > 0 {
		sortErrors(jr.errs)
		s.readErrs = jr.errs
		return s, append(Errors(nil), jr.errs...)
	}
	return s, nil
}

type jsonReader struct {
	dec  *json.Decoder
	base int64 // bytes skipped before the decoder's input (a BOM)
	set  Set
	errs Errors

	// Top-level fields that apply to every value lacking its own.
	period, orgUnit, attribute string
	withoutAttribute           int // entries without their own attributeOptionCombo
}

// flex takes any JSON value without failing the decode, so that one bad
// field becomes one RowError instead of stopping the upload: DHIS2 sends
// values as strings, other clients as numbers or booleans.
type flex struct {
	set  bool   // present and not null
	kind byte   // 's' string, 'n' number, 'b' boolean, 'x' object or array, 'u' invalid UTF-8
	text string // the string, or the literal of a number or boolean
}

func (f *flex) UnmarshalJSON(b []byte) error {
	*f = flex{set: true}
	switch b[0] {
	case 'n':
		f.set = false
	case 't', 'f':
		f.kind, f.text = 'b', string(b)
	case '{', '[':
		f.kind = 'x'
	case '"':
		switch {
		case !utf8.Valid(b):
			// encoding/json would silently turn the bad bytes into
			// U+FFFD; an upload in a legacy code page must be refused.
			f.kind = 'u'
		case bytes.IndexByte(b, '\\') < 0:
			// The common case: nothing to unescape.
			f.kind, f.text = 's', string(b[1:len(b)-1])
		default:
			f.kind = 's'
			if err := json.Unmarshal(b, &f.text); err != nil {
				return err // not reached: the decoder has validated b
			}
		}
	default:
		// A number, kept as its literal as json.Number would: 12.50
		// stays "12.50" and nothing is rounded through float64.
		f.kind, f.text = 'n', string(b)
	}
	return nil
}

// skip discards a value the reader does not use.
type skip struct{}

func (*skip) UnmarshalJSON([]byte) error { return nil }

type wireValue struct {
	DataElement          flex `json:"dataElement"`
	Period               flex `json:"period"`
	OrgUnit              flex `json:"orgUnit"`
	CategoryOptionCombo  flex `json:"categoryOptionCombo"`
	AttributeOptionCombo flex `json:"attributeOptionCombo"`
	Value                flex `json:"value"`
	Comment              flex `json:"comment"`
	Deleted              flex `json:"deleted"`
}

func (jr *jsonReader) read() error {
	tok, err := jr.dec.Token()
	if err == io.EOF {
		return Errors{rowErr(0, "", "không có dữ liệu", "the input is empty")}
	}
	if err != nil {
		return jr.fatal(err, false)
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return notObject()
	}
	for jr.dec.More() {
		tok, err := jr.dec.Token()
		if err != nil {
			return jr.fatal(err, false)
		}
		key, _ := tok.(string)
		// DHIS2's keys are camelCase; matching them without regard to
		// case, as encoding/json does inside the entries, costs nothing.
		switch strings.ToLower(key) {
		case "datavalues":
			err = jr.readValues()
		case "dataset":
			jr.set.DataSet, err = jr.top(FieldDataSet, true)
		case "period":
			jr.period, err = jr.top(FieldPeriod, false)
		case "orgunit":
			jr.orgUnit, err = jr.top(FieldOrgUnit, true)
		case "attributeoptioncombo":
			jr.attribute, err = jr.top(FieldAttribute, false)
		case "completedate":
			jr.set.CompleteDate, err = jr.top(FieldCompleteDate, false)
		default:
			if err = jr.dec.Decode(&skip{}); err != nil {
				err = jr.fatal(err, true)
			}
		}
		if err != nil {
			return err
		}
	}
	if _, err := jr.dec.Token(); err != nil { // the closing '}'
		return jr.fatal(err, false)
	}
	end := jr.base + jr.dec.InputOffset() // the 1-based position of that '}'
	if _, err := jr.dec.Token(); err != io.EOF {
		if err != nil {
			return jr.fatal(err, false)
		}
		return Errors{rowErr(0, "",
			fmt.Sprintf("có dữ liệu thừa sau đối tượng JSON kết thúc ở byte thứ %d", end),
			fmt.Sprintf("unexpected data after the JSON object that ends at byte %d", end))}
	}
	jr.fillFromTop()
	return nil
}

func notObject() error {
	return Errors{rowErr(0, "",
		"dữ liệu JSON phải là một đối tượng {…} có dataValues",
		"the JSON must be an object {…} with dataValues")}
}

// top reads a top-level text field. A field of the wrong type is a Row 0
// fault and reads as absent; only a broken text stops the reading.
func (jr *jsonReader) top(field string, upper bool) (string, error) {
	var f flex
	if err := jr.dec.Decode(&f); err != nil {
		return "", jr.fatal(err, true)
	}
	text, _ := jr.text(0, field, f, false)
	text = strings.TrimSpace(text)
	if upper {
		text = strings.ToUpper(text)
	}
	return text, nil
}

func (jr *jsonReader) readValues() error {
	tok, err := jr.dec.Token()
	if err != nil {
		return jr.fatal(err, false)
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		// Stopping here is simpler than skipping an object the Token
		// API has already entered, and nothing useful follows anyway.
		return Errors{rowErr(0, FieldDataValues,
			"dataValues phải là một mảng […]",
			"dataValues must be an array […]")}
	}
	// Rows continue across a repeated dataValues key, which encoding/json
	// would let overwrite but a stream reader sees twice: numbers must stay
	// unique for the messages to point at one entry.
	for row := len(jr.set.Values) + 1; jr.dec.More(); row++ {
		var w wireValue
		if err := jr.dec.Decode(&w); err != nil {
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				return jr.fatal(err, true)
			}
			// A string, number or array where an entry belongs: the
			// decoder has consumed it, so the reading goes on.
			jr.errs = append(jr.errs, rowErr(row, FieldDataValues,
				"mỗi phần tử của dataValues phải là một đối tượng {…}",
				"each entry of dataValues must be an object {…}"))
			jr.set.Values = append(jr.set.Values, Value{Row: row})
			continue
		}
		jr.set.Values = append(jr.set.Values, jr.value(row, &w))
	}
	if _, err := jr.dec.Token(); err != nil { // the closing ']'
		return jr.fatal(err, false)
	}
	return nil
}

func (jr *jsonReader) value(row int, w *wireValue) Value {
	v := Value{Row: row}
	if !w.DataElement.set && !w.Period.set && !w.OrgUnit.set && !w.CategoryOptionCombo.set &&
		!w.Value.set && !w.Comment.set && !w.Deleted.set {
		jr.errs = append(jr.errs, rowErr(row, FieldDataValues,
			"phần tử rỗng hoặc null",
			"empty or null entry"))
		return v
	}
	de, _ := jr.text(row, FieldDataElement, w.DataElement, false)
	v.DataElement = strings.ToUpper(strings.TrimSpace(de))
	pe, peOK := jr.text(row, FieldPeriod, w.Period, false)
	v.Period = strings.TrimSpace(pe)
	ou, ouOK := jr.text(row, FieldOrgUnit, w.OrgUnit, false)
	v.OrgUnit = strings.ToUpper(strings.TrimSpace(ou))
	co, _ := jr.text(row, FieldCombo, w.CategoryOptionCombo, false)
	v.Combo = normCombo(co)
	va, _ := jr.text(row, FieldValue, w.Value, true)
	v.Value = strings.TrimSpace(va)
	v.Comment, _ = jr.text(row, FieldComment, w.Comment, true)

	// A value's own period and org unit win; an empty one is no value.
	// The top-level ones are filled in once the whole object is read,
	// since they may come after dataValues. A field of the wrong type
	// stays empty: it is reported already.
	if peOK && v.Period == "" {
		v.Period = inheritMark
	}
	if ouOK && v.OrgUnit == "" {
		v.OrgUnit = inheritMark
	}
	attr, _ := jr.text(row, FieldAttribute, w.AttributeOptionCombo, false)
	switch attr = strings.TrimSpace(attr); {
	case ignoredAttribute(attr):
		jr.set.IgnoredAttributes++
	case attr == "":
		jr.withoutAttribute++
	}

	if w.Deleted.set {
		d, ok := parseBool(w.Deleted.text)
		if ok && (w.Deleted.kind == 'b' || w.Deleted.kind == 's') {
			v.Deleted = d
		} else {
			jr.errs = append(jr.errs, rowErr(row, FieldDeleted,
				"deleted phải là true hoặc false",
				"deleted must be true or false"))
		}
	}
	return v
}

// inheritMark stands in a field until the top-level value is known. It
// cannot come from the input, whose fields are trimmed of spaces.
const inheritMark = " "

func (jr *jsonReader) fillFromTop() {
	for i := range jr.set.Values {
		v := &jr.set.Values[i]
		if v.Period == inheritMark {
			v.Period = jr.period
		}
		if v.OrgUnit == inheritMark {
			v.OrgUnit = jr.orgUnit
		}
	}
	if ignoredAttribute(jr.attribute) {
		jr.set.IgnoredAttributes += jr.withoutAttribute
	}
}

// text returns a field as text and whether its JSON type fits, recording
// a fault when it does not. Codes take strings and numbers (a period sent
// as 202501); values and comments take booleans too. Absent and null are
// "" and fit.
func (jr *jsonReader) text(row int, field string, f flex, boolOK bool) (string, bool) {
	if !f.set {
		return "", true
	}
	switch {
	case f.kind == 's' || f.kind == 'n' || f.kind == 'b' && boolOK:
		return f.text, true
	case f.kind == 'u':
		jr.errs = append(jr.errs, rowErr(row, field,
			field+" không phải văn bản UTF-8 hợp lệ",
			field+" is not valid UTF-8 text"))
	default:
		what, whatEN := "một đối tượng hay mảng", "an object or array"
		if f.kind == 'b' {
			what, whatEN = "true/false", "true/false"
		}
		if boolOK {
			jr.errs = append(jr.errs, rowErr(row, field,
				field+" phải là chuỗi, số hoặc true/false, không phải "+what,
				field+" must be a string, number or boolean, not "+whatEN))
		} else {
			jr.errs = append(jr.errs, rowErr(row, field,
				field+" phải là chuỗi hoặc số, không phải "+what,
				field+" must be a string or number, not "+whatEN))
		}
	}
	return "", false
}

// fatal turns an error of the decoder into the one ReadJSON returns;
// decoding tells whether it came from Decode rather than Token.
func (jr *jsonReader) fatal(err error, decoding bool) error {
	var se *SizeError
	if errors.As(err, &se) {
		return se
	}
	var syn *json.SyntaxError
	switch {
	case errors.As(err, &syn):
		at := jr.syntaxPosition(syn, decoding)
		return Errors{rowErr(0, "",
			fmt.Sprintf("JSON không hợp lệ ở byte thứ %d", at),
			fmt.Sprintf("invalid JSON at byte %d: %s", at, syn.Error()))}
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		at := jr.base + jr.dec.InputOffset()
		return Errors{rowErr(0, "",
			fmt.Sprintf("JSON bị cắt ngang sau byte thứ %d", at),
			fmt.Sprintf("the JSON ends unexpectedly after byte %d", at))}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return notObject()
	}
	return err // the reader's own error (a broken connection …)
}

// syntaxPosition finds the 1-based position in the input of the byte a
// syntax error is about, counting a BOM.
//
// encoding/json's Decoder reports it two ways. Errors it finds between
// tokens carry InputOffset, the 0-based position of the bad byte. Errors
// found while decoding a value carry a count of the bytes its scanner has
// seen over all Decode calls, which is no position at all. In that case the
// decoder's buffer still starts at the value that failed (Buffered), so a
// fresh decoder over it fails at the same byte and its count, from zero,
// is the position within the value.
func (jr *jsonReader) syntaxPosition(syn *json.SyntaxError, decoding bool) int64 {
	start := jr.dec.InputOffset()
	if !decoding && syn.Offset == start {
		return jr.base + start + 1
	}
	rest, _ := io.ReadAll(jr.dec.Buffered())
	var again *json.SyntaxError
	if errors.As(json.NewDecoder(bytes.NewReader(rest)).Decode(&skip{}), &again) {
		return jr.base + start + again.Offset
	}
	return jr.base + start + 1
}

// normCombo lower-cases a combo and reads the names of the total as "".
// "default" is the name DHIS2 gives its combination for data elements
// without categories, so DHIS2's own exports mean the total by it.
func normCombo(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "total" || s == "default" {
		return ""
	}
	return s
}

// ignoredAttribute tells whether an attributeOptionCombo carries anything:
// empty and DHIS2's "default" mean no attribute.
func ignoredAttribute(s string) bool {
	return s != "" && !strings.EqualFold(s, "default")
}

func parseBool(s string) (bool, bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true":
		return true, true
	case "false", "":
		return false, true
	}
	return false, false
}
