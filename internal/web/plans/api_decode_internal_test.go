package plans

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tebdg/internal/errs"
	"tebdg/internal/web"
)

// Every way a JSON body can be wrong gets a message in both languages that
// is well formed (no "%!" from a format with a missing or extra verb),
// names the member at fault and says what it must be, with a 400 or 413.
func TestDecodeJSONMessages(t *testing.T) {
	type small struct {
		N uint8 `json:"n"`
	}
	for _, tt := range []struct {
		name   string
		body   string
		into   func() any
		field  string
		status int
		vi, en []string // parts each message must hold
	}{
		{"an array for an object", `[]`, nil, "", 400,
			[]string{"đối tượng JSON", "mảng"}, []string{"must be a JSON object", "not an array"}},
		{"a string for an object", `"activity"`, nil, "", 400,
			[]string{"đối tượng JSON", "chuỗi"}, []string{"JSON object", "not a string"}},
		{"a number too large", `{"cost_vnd":1e400}`, nil, "cost_vnd", 400,
			[]string{"số nguyên", "1e400", "ngoài khoảng"}, []string{"whole number", "1e400", "out of range"}},
		{"a number beyond int64", `{"cost_vnd":99999999999999999999}`, nil, "cost_vnd", 400,
			[]string{"ngoài khoảng"}, []string{"out of range"}},
		{"a fraction for an integer", `{"cost_vnd":1.5}`, nil, "cost_vnd", 400,
			[]string{"phần lẻ"}, []string{"not whole"}},
		{"an exponent for an integer", `{"cost_vnd":1e3}`, nil, "cost_vnd", 400,
			[]string{"số mũ"}, []string{"exponent"}},
		{"a string for a number", `{"cost_vnd":"12000"}`, nil, "cost_vnd", 400,
			[]string{"số nguyên", "chuỗi"}, []string{"a whole number, not a string"}},
		{"a nested member", `{"participants":{"total":"ba"}}`, nil, "participants.total", 400,
			[]string{"số nguyên"}, []string{"whole number"}},
		{"an object for a number", `{"plan_item":{}}`, nil, "plan_item", 400,
			[]string{"đối tượng"}, []string{"not an object"}},
		{"a bad item of an array", `{"channels":["radio",7]}`, nil, "channels", 400,
			[]string{"phần tử", "chuỗi"}, []string{"each item of channels must be a string"}},
		{"a string for an array", `{"channels":"radio"}`, nil, "channels", 400,
			[]string{"mảng"}, []string{"must be an array", "not a string"}},
		{"a number for a string", `{"title":12}`, nil, "title", 400,
			[]string{"chuỗi"}, []string{"a string, not a number"}},
		{"a number for true or false", `{"hot":1}`, func() any {
			return &struct {
				Hot bool `json:"hot"`
			}{}
		}, "hot", 400,
			[]string{"true hoặc false"}, []string{"true or false"}},
		{"a pointer member", `{"version":"3"}`, func() any {
			return &struct {
				Version *int `json:"version"`
			}{}
		}, "version", 400,
			[]string{"số nguyên"}, []string{"whole number"}},
		{"negative for unsigned", `{"n":-1}`, func() any { return &small{} }, "n", 400,
			[]string{"không được âm"}, []string{"must not be negative"}},
		{"too large for a byte", `{"n":300}`, func() any { return &small{} }, "n", 400,
			[]string{"ngoài khoảng"}, []string{"out of range"}},
		{"an unknown member", `{"title":"x","colour":"red"}`, nil, "colour", 400,
			[]string{"không có trường colour"}, []string{"no member colour"}},
		{"a member the server sets", `{"title":"x","id":5}`, nil, "id", 400,
			[]string{"máy chủ"}, []string{"set by the server"}},
		{"the version on a create", `{"version":1}`, nil, "version", 400,
			[]string{"máy chủ"}, []string{"set by the server"}},
		{"two objects", `{"title":"a"} {"title":"b"}`, nil, "", 400,
			[]string{"dữ liệu thừa", "byte 13"}, []string{"more after the JSON object", "byte 13"}},
		{"a stray brace", `{"title":"a"}}`, nil, "", 400,
			[]string{"dữ liệu thừa"}, []string{"send one object only"}},
		{"an empty body", ``, nil, "", 400,
			[]string{"chưa gửi nội dung"}, []string{"empty"}},
		{"only spaces", " \n\t", nil, "", 400,
			[]string{"chưa gửi nội dung"}, []string{"empty"}},
		{"cut short", `{"title":`, nil, "", 400,
			[]string{"cắt ngang"}, []string{"ends too early"}},
		{"not JSON", `{"title" "a"}`, nil, "", 400,
			[]string{"JSON không hợp lệ", "byte 10"}, []string{"invalid JSON at byte 10"}},
		{"over the limit", `{"title":"` + strings.Repeat("a", 3000) + `"}`, nil, "", 413,
			[]string{"vượt quá 2 KB"}, []string{"larger than 2 KB"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/activities", strings.NewReader(tt.body))
			r.Body = http.MaxBytesReader(httptest.NewRecorder(), r.Body, 2<<10)
			var into any = &activityInput{}
			if tt.into != nil {
				into = tt.into()
			}
			err := web.DecodeJSON(r, into)
			if err == nil {
				t.Fatal("accepted")
			}
			e := errs.As(err)
			if got := web.StatusOf(e.Code); got != tt.status {
				t.Errorf("status %d, want %d (%v)", got, tt.status, err)
			}
			if e.Field != tt.field {
				t.Errorf("field %q, want %q", e.Field, tt.field)
			}
			for lang, msg := range map[string]string{"vi": e.VI, "en": e.EN} {
				if msg == "" || strings.Contains(msg, "%!") || !strings.Contains(msg, tt.field) {
					t.Errorf("%s message %q: empty, malformed or not naming %q", lang, msg, tt.field)
				}
			}
			if e.VI == e.EN {
				t.Errorf("the same message in both languages: %q", e.VI)
			}
			mustHold(t, e.VI, tt.vi)
			mustHold(t, e.EN, tt.en)
		})
	}
}

// A body that is whole gets through, with nothing after it but spaces.
func TestDecodeJSONAccepts(t *testing.T) {
	for _, body := range []string{`{"title":"a","cost_vnd":1000000}`, "{\"title\":\"a\"}\n", `{"participants":{"total":3}}  `} {
		r := httptest.NewRequest("POST", "/api/v1/activities", strings.NewReader(body))
		var in activityInput
		if err := web.DecodeJSON(r, &in); err != nil {
			t.Errorf("%q: %v", body, err)
		}
	}
}

func mustHold(t *testing.T, msg string, parts []string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(msg, p) {
			t.Errorf("%q does not say %q", msg, p)
		}
	}
}
