package web_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// A malformed body gets the same well-formed answer from every JSON write
// of the API, in the caller's language: a 400 naming the member at fault,
// never a message with "%!(EXTRA …)" in it, as POST /api/v1/activities
// gave for [] and for cost_vnd 1e400.
func TestAPIBadBodiesAnsweredInBothLanguages(t *testing.T) {
	storetest.Run(t, testAPIBadBodiesAnsweredInBothLanguages)
}

func testAPIBadBodiesAnsweredInBothLanguages(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	writes := []struct{ user, method, path string }{
		{"manager", "POST", "/api/v1/orgunits"},
		{"manager", "PATCH", "/api/v1/orgunits/QN-SGTVT-VP"},
		{"manager", "POST", "/api/v1/plans"},
		{"coordinator", "POST", "/api/v1/indicators"},
		{"reporter", "POST", "/api/v1/activities"},
		{"editor", "POST", "/api/v1/posts"},
	}
	bodies := []struct {
		body, field string
		vi, en      string
	}{
		{`[]`, "", "phải là một đối tượng JSON {…}, không phải một mảng", "the body must be a JSON object {…}, not an array"},
		{`{"colour":"red"}`, "colour", "không có trường colour", "there is no member colour here"},
		{`{"id":7}`, "id", "trường id do máy chủ đặt", "id is set by the server"},
		{`{"org":`, "", "JSON bị cắt ngang", "the JSON ends too early"},
		{``, "", "chưa gửi nội dung", "the body is empty"},
	}
	tokens := map[string]string{}
	for _, w := range writes {
		tokens[w.user] = e.token(w.user)
	}
	for _, lang := range []string{"vi", "en"} {
		for user := range tokens {
			u, err := e.store.UserByUsername(ctx, user)
			if err != nil {
				t.Fatal(err)
			}
			if err := e.store.SetLang(ctx, demo.Actor, u.ID, lang); err != nil {
				t.Fatal(err)
			}
		}
		for _, w := range writes {
			for _, b := range bodies {
				want := b.vi
				if lang == "en" {
					want = b.en
				}
				checkBad(t, e, tokens[w.user], w.method, w.path, b.body, http.StatusBadRequest, b.field, want)
			}
		}
		// The two bodies of the report.
		want := map[string]string{"vi": "trường cost_vnd phải là một số nguyên; số 1e400 nằm ngoài khoảng cho phép",
			"en": "cost_vnd must be a whole number; the number 1e400 is out of range"}[lang]
		checkBad(t, e, tokens["reporter"], "POST", "/api/v1/activities", `{"org":"QN-SGTVT-TTS","cost_vnd":1e400}`, http.StatusBadRequest, "cost_vnd", want)
		want = map[string]string{"vi": "nội dung gửi lên phải là một đối tượng JSON {…}, không phải một mảng",
			"en": "the body must be a JSON object {…}, not an array"}[lang]
		checkBad(t, e, tokens["reporter"], "POST", "/api/v1/activities", `[]`, http.StatusBadRequest, "", want)
		// Over the 1 MB limit of a JSON body.
		big := `{"title":"` + strings.Repeat("a", 1<<20) + `"}`
		want = map[string]string{"vi": "dữ liệu gửi lên vượt quá 1 MB", "en": "the request body is larger than 1 MB"}[lang]
		checkBad(t, e, tokens["reporter"], "POST", "/api/v1/activities", big, http.StatusRequestEntityTooLarge, "", want)
	}
}

func checkBad(t *testing.T, e *env, token, method, path, body string, status int, field, want string) {
	t.Helper()
	got, raw := e.call(token, method, path, body, "")
	var er struct {
		Error struct{ Code, Message, Field string }
	}
	if err := json.Unmarshal(raw, &er); err != nil {
		t.Fatalf("%s %s %.40q: not JSON: %s", method, path, body, raw)
	}
	m := er.Error.Message
	if got != status || er.Error.Field != field || strings.Contains(m, "%!") || !strings.Contains(m, want) {
		t.Errorf("%s %s %.40q: %d field %q %q, want %d field %q saying %q", method, path, body, got, er.Error.Field, m, status, field, want)
	}
}

// call sends a request and returns the raw answer.
func (e *env) call(token, method, path, body, lang string) (int, []byte) {
	e.t.Helper()
	req, _ := http.NewRequest(method, e.srv.URL+path, strings.NewReader(body))
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if strings.HasPrefix(body, "{") {
		req.Header.Set("Content-Type", "application/json")
	} else if body != "" {
		req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	}
	if lang != "" {
		req.Header.Set("Accept-Language", lang)
	}
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	raw, _ := io.ReadAll(r.Body)
	return r.StatusCode, raw
}
