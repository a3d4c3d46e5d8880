package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// DecodeJSON reads a JSON body into v (a pointer to the input struct),
// refusing unknown members so a typo in a client is found at once, and a
// member the server sets itself (readOnly in openapi.json) with a message
// saying so. Every failure names the member at fault and what it must be,
// in both languages: a client's developer reads these.
func DecodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return jsonError(err, reflect.TypeOf(v))
	}
	// Only whitespace may follow the object: a second object or stray
	// bytes mean the client sent something other than it thinks.
	at := dec.InputOffset()
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return tooLarge(mbe.Limit)
		}
		return errs.Newf(errs.Invalid, "sau đối tượng JSON (hết ở byte %d) còn dữ liệu thừa: chỉ gửi một đối tượng",
			"there is more after the JSON object, which ends at byte %d: send one object only", at)
	}
	return nil
}

// jsonError turns a decoding failure into a message about the member at
// fault. target is the type decoded into, to tell an array member from
// its items.
func jsonError(err error, target reflect.Type) error {
	var mbe *http.MaxBytesError
	var ute *json.UnmarshalTypeError
	var se *json.SyntaxError
	var e *errs.Error
	switch {
	case errors.As(err, &mbe):
		return tooLarge(mbe.Limit)
	case errors.As(err, &ute):
		return typeError(ute, target)
	case errors.As(err, &se):
		return errs.Newf(errs.Invalid, "JSON không hợp lệ ở byte %d", "invalid JSON at byte %d", se.Offset)
	case errors.Is(err, io.EOF):
		return errs.New(errs.Invalid, "chưa gửi nội dung: hãy gửi một đối tượng JSON", "the body is empty: send a JSON object")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errs.New(errs.Invalid, "JSON bị cắt ngang, thiếu phần cuối", "the JSON ends too early")
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		if serverSet()[f] {
			return errs.Fieldf(f, "trường %s do máy chủ đặt, đừng gửi lên", "%s is set by the server: leave it out", f)
		}
		return errs.Fieldf(f, "không có trường %s ở đây: kiểm tra lại tên", "there is no member %s here: check its name", f)
	case errors.As(err, &e):
		return e
	}
	var iue *json.InvalidUnmarshalError
	if errors.As(err, &iue) {
		return errs.Wrap(err, "decoding JSON")
	}
	return errs.New(errs.Invalid, "JSON không hợp lệ", "invalid JSON")
}

func tooLarge(limit int64) error {
	size := fmt.Sprintf("%d KB", limit>>10)
	if limit%(1<<20) == 0 {
		size = fmt.Sprintf("%d MB", limit>>20)
	}
	return errs.Newf(errs.TooLarge, "dữ liệu gửi lên vượt quá %s", "the request body is larger than %s", size)
}

// typeError says what a member must be and what was sent instead.
func typeError(ute *json.UnmarshalTypeError, target reflect.Type) error {
	field := ute.Field
	want := ute.Type
	item := false
	if field != "" {
		if t, ok := memberType(target, field); ok && deref(t) != deref(want) && (deref(t).Kind() == reflect.Slice || deref(t).Kind() == reflect.Array) {
			item = true
		}
	}
	wantVI, wantEN := kindText(want)
	var vi, en string
	if num, ok := strings.CutPrefix(ute.Value, "number "); ok && isNumber(want) {
		num = vntext.Truncate(num, 40)
		whyVI, whyEN := numberProblem(num, want)
		vi, en = fmt.Sprintf("phải là %s; số %s %s", wantVI, num, whyVI), fmt.Sprintf("must be %s; the number %s %s", wantEN, num, whyEN)
	} else {
		gotVI, gotEN := valueText(ute.Value)
		vi, en = fmt.Sprintf("phải là %s, không phải %s", wantVI, gotVI), fmt.Sprintf("must be %s, not %s", wantEN, gotEN)
	}
	switch {
	case field == "":
		return errs.New(errs.Invalid, "nội dung gửi lên "+vi, "the body "+en)
	case item:
		return errs.Field(field, "mỗi phần tử của trường "+field+" "+vi, "each item of "+field+" "+en)
	}
	return errs.Field(field, "trường "+field+" "+vi, field+" "+en)
}

func deref(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// memberType finds the Go type of a dotted JSON member path ("participants.total")
// in t, looking into embedded structs and through slices and maps.
func memberType(t reflect.Type, path string) (reflect.Type, bool) {
	for _, name := range strings.Split(path, ".") {
		t = deref(t)
		for t.Kind() == reflect.Slice || t.Kind() == reflect.Array || t.Kind() == reflect.Map {
			t = deref(t.Elem())
		}
		if t.Kind() != reflect.Struct {
			return nil, false
		}
		f, ok := jsonMember(t, name)
		if !ok {
			return nil, false
		}
		t = f
	}
	return t, true
}

// jsonMember finds the field a JSON member name decodes into: the
// shallowest one, as encoding/json picks.
func jsonMember(t reflect.Type, name string) (reflect.Type, bool) {
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "-" {
			continue
		}
		if f.Anonymous && tag == "" && deref(f.Type).Kind() == reflect.Struct {
			embedded = append(embedded, deref(f.Type))
			continue
		}
		if !f.IsExported() {
			continue
		}
		if tag == "" {
			tag = f.Name
		}
		if strings.EqualFold(tag, name) {
			return f.Type, true
		}
	}
	for _, e := range embedded {
		if ft, ok := jsonMember(e, name); ok {
			return ft, true
		}
	}
	return nil, false
}

// kindText names what a Go type takes in JSON, for a message.
func kindText(t reflect.Type) (vi, en string) {
	t = deref(t)
	switch t.Kind() {
	case reflect.String:
		return "một chuỗi", "a string"
	case reflect.Bool:
		return "true hoặc false", "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return "một số nguyên", "a whole number"
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "một số nguyên không âm", "a whole number, not negative"
	case reflect.Float32, reflect.Float64:
		return "một số", "a number"
	case reflect.Slice, reflect.Array:
		return "một mảng […]", "an array […]"
	case reflect.Struct, reflect.Map:
		return "một đối tượng JSON {…}", "a JSON object {…}"
	}
	return "một giá trị JSON khác", "another JSON value"
}

// valueText names what a client sent, from UnmarshalTypeError.Value.
func valueText(v string) (vi, en string) {
	switch v {
	case "array":
		return "một mảng", "an array"
	case "object":
		return "một đối tượng", "an object"
	case "string":
		return "một chuỗi", "a string"
	case "bool":
		return "true/false", "true/false"
	case "number":
		return "một số", "a number"
	}
	if num, ok := strings.CutPrefix(v, "number "); ok {
		num = vntext.Truncate(num, 40)
		return "số " + num, "the number " + num
	}
	return "giá trị đã gửi", "the value sent"
}

func isNumber(t reflect.Type) bool {
	switch deref(t).Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64,
		reflect.Float32, reflect.Float64:
		return true
	}
	return false
}

// numberProblem says why a JSON number does not fit a numeric type: too
// large (1e400), not whole (1.5), negative for an unsigned one, or whole
// but written with a point or an exponent (1e3), which Go does not take
// for an integer.
func numberProblem(num string, t reflect.Type) (vi, en string) {
	outside := func() (string, string) { return "nằm ngoài khoảng cho phép", "is out of range" }
	f, err := strconv.ParseFloat(num, 64)
	k := deref(t).Kind()
	switch {
	case err != nil, math.IsInf(f, 0):
		return outside()
	case k == reflect.Float32 || k == reflect.Float64:
		return outside()
	case f != math.Trunc(f):
		return "có phần lẻ", "is not whole"
	case f < 0 && k >= reflect.Uint && k <= reflect.Uint64:
		return "không được âm", "must not be negative"
	}
	bits := deref(t).Bits()
	if k >= reflect.Uint && k <= reflect.Uint64 {
		if f >= math.Ldexp(1, bits) {
			return outside()
		}
	} else if f >= math.Ldexp(1, bits-1) || f < -math.Ldexp(1, bits-1) {
		return outside()
	}
	return "phải viết không có dấu chấm hay số mũ", "must be written without a point or an exponent"
}

// serverSet is the names of the members openapi.json marks readOnly
// anywhere: a client that sends one back (an id, a version on a create)
// is told that the server sets it, not that it is unknown. The document
// is the one list, so it and the answers cannot disagree.
var serverSet = sync.OnceValue(func() map[string]bool {
	var doc any
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		return nil
	}
	names := map[string]bool{}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			if props, ok := v["properties"].(map[string]any); ok {
				for name, p := range props {
					if p, ok := p.(map[string]any); ok && p["readOnly"] == true {
						names[name] = true
					}
				}
			}
			for _, x := range v {
				walk(x)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(doc)
	return names
})

// list is the JSON shape of every list: {"items":[…],"total":N}.
type list[T any] struct {
	Items []T `json:"items"`
	Total int `json:"total"`
}

// NewList is the JSON list of items with the total before paging; no
// items is an empty list, never null.
func NewList[T any](items []T, total int) list[T] {
	if items == nil {
		items = []T{}
	}
	return list[T]{Items: items, Total: total}
}
