package web_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/web"
)

var (
	scopeAll  = domain.Scope{All: true}
	firstPage = store.Page{}
)

func auditByAction(a string) store.AuditFilter { return store.AuditFilter{Action: a} }

func itoa[T int | int64](n T) string { return strconv.FormatInt(int64(n), 10) }

func TestAPIOrgUnits(t *testing.T) { storetest.Run(t, testAPIOrgUnits) }

func testAPIOrgUnits(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("manager")

	status, body := e.api("", "GET", "/api/v1/orgunits", "")
	if status != http.StatusUnauthorized || body["error"].(map[string]any)["code"] != "unauthorized" {
		t.Errorf("no token: %d %v", status, body)
	}
	status, _ = e.api("tebdg_not-a-token", "GET", "/api/v1/orgunits", "")
	if status != http.StatusUnauthorized {
		t.Errorf("bad token: %d", status)
	}

	status, body = e.api(tok, "GET", "/api/v1/orgunits?limit=5", "")
	if status != http.StatusOK || body["total"].(float64) != 9 || len(body["items"].([]any)) != 5 {
		t.Fatalf("list: %d total %v items %d", status, body["total"], len(body["items"].([]any)))
	}
	first := body["items"].([]any)[0].(map[string]any)
	if first["code"] != "QN-SGTVT" || first["parent"] != "QN" || first["kind"] != "agency" {
		t.Errorf("first item = %v", first)
	}
	status, body = e.api(tok, "GET", "/api/v1/orgunits?q=cang%20vu", "")
	if status != http.StatusOK || body["total"].(float64) != 1 {
		t.Errorf("search: %v", body)
	}

	if status, _ := e.api(tok, "GET", "/api/v1/orgunits/QN-SYT", ""); status != http.StatusNotFound {
		t.Errorf("outside scope: %d", status)
	}

	status, body = e.api(tok, "POST", "/api/v1/orgunits", `{"code":"QN-SGTVT-CNTT","name":"Trung tâm Công nghệ thông tin","kind":"unit","parent":"QN-SGTVT"}`)
	if status != http.StatusCreated || body["code"] != "QN-SGTVT-CNTT" || body["version"].(float64) != 1 {
		t.Fatalf("create: %d %v", status, body)
	}
	bad := []struct {
		body, field string
		status      int
	}{
		{`{"code":"QN-SGTVT-CNTT","name":"X","kind":"unit","parent":"QN-SGTVT"}`, "code", 400},
		{`{"code":"QN-SGTVT-Y","name":"","kind":"unit","parent":"QN-SGTVT"}`, "name", 400},
		{`{"code":"QN-SGTVT-Y","name":"Y","kind":"unit","parent":"QN-SGTVT","colour":"red"}`, "colour", 400},
		{`{"code":"QN-SGTVT-Y","name":"Y","kind":7}`, "kind", 400},
		{`{"code":`, "", 400},
		{`{"code":"QN-SYT-Y","name":"Y","kind":"unit","parent":"QN-SYT"}`, "parent", 400},
	}
	for _, b := range bad {
		status, body := e.api(tok, "POST", "/api/v1/orgunits", b.body)
		errObj, _ := body["error"].(map[string]any)
		field, _ := errObj["field"].(string)
		if status != b.status || field != b.field || errObj["message"] == "" {
			t.Errorf("POST %s: %d %v, want %d on %q", b.body, status, body, b.status, b.field)
		}
	}

	status, body = e.api(tok, "PATCH", "/api/v1/orgunits/QN-SGTVT-CNTT", `{"version":1,"name_en":"IT Centre","parent":"QN-SGTVT-VP"}`)
	if status != http.StatusOK || body["name_en"] != "IT Centre" || body["parent"] != "QN-SGTVT-VP" || body["version"].(float64) != 2 {
		t.Fatalf("patch: %d %v", status, body)
	}
	status, body = e.api(tok, "PATCH", "/api/v1/orgunits/QN-SGTVT-CNTT", `{"version":1,"name":"Cũ"}`)
	if status != http.StatusConflict || !strings.Contains(body["error"].(map[string]any)["message"].(string), "người khác") {
		t.Errorf("stale patch: %d %v", status, body)
	}
	status, _ = e.api(tok, "PATCH", "/api/v1/orgunits/QN-SGTVT", `{"version":1,"name":"Sở Xây dựng"}`)
	if status != http.StatusForbidden {
		t.Errorf("manager patches own agency: %d", status)
	}

	status, body = e.api(tok, "GET", "/api/v1/audit?action=orgunit.", "")
	if status != http.StatusOK || body["total"].(float64) < 2 {
		t.Errorf("audit api: %d %v", status, body["total"])
	}
}

func TestAPIErrorsFollowAcceptLanguage(t *testing.T) {
	storetest.Run(t, testAPIErrorsFollowAcceptLanguage)
}

func testAPIErrorsFollowAcceptLanguage(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Accept-Language", "en")
	r, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = r.Body.Close() }()
	var body struct {
		Error struct{ Code, Message string }
	}
	_ = json.NewDecoder(r.Body).Decode(&body)
	if r.StatusCode != 401 || body.Error.Message != "sign in or send a valid API token" || r.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("%d %+v", r.StatusCode, body)
	}
}

func TestHealthz(t *testing.T) { storetest.Run(t, testHealthz) }

func testHealthz(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	status, body := e.api("", "GET", "/healthz", "")
	if status != 200 || body["status"] != "ok" || body["db"] != string(engine) || body["version"] != "test" {
		t.Errorf("%d %v", status, body)
	}
}

// Every path the OpenAPI document names answers (not 404) for a signed-in
// caller, so the description cannot drift from the routes.
func TestOpenAPIDescribesRealRoutes(t *testing.T) { storetest.Run(t, testOpenAPIDescribesRealRoutes) }

func testOpenAPIDescribesRealRoutes(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("admin")
	caseTok := e.token("caseworker")
	status, doc := e.api("", "GET", "/api/v1/openapi.json", "")
	if status != 200 {
		t.Fatalf("openapi: %d", status)
	}
	paths := doc["paths"].(map[string]any)
	if len(paths) < 5 {
		t.Fatalf("only %d paths", len(paths))
	}
	for p, ops := range paths {
		// Paths whose parameters have no one value for all are given whole.
		path, ok := map[string]string{
			"/api/v1/templates/{code}/guidance/{period}":   "/api/v1/templates/BC-TEBDG-QUY/guidance/2024Q4",
			"/api/v1/plans/{id}/observances/{year}/{code}": "/api/v1/plans/1/observances/2024/children-action-month",
			"/api/v1/guidance/{org}/{programme}/{year}":    "/api/v1/guidance/QN/all/2027",
		}[p]
		if !ok {
			path = strings.NewReplacer("{code}", "QN", "{id}", "1", "{org}", "QN", "{programme}", "all", "{period}", "2024").Replace(p)
		}
		for method := range ops.(map[string]any) {
			if method == "parameters" {
				continue
			}
			req, _ := http.NewRequest(strings.ToUpper(method), e.srv.URL+path, strings.NewReader("{}"))
			req.Header.Set("Authorization", "Bearer "+tok)
			if strings.HasPrefix(p, "/api/v1/cases/{id}") {
				// A case is seen by its workers alone: to the admin
				// every case is "not found".
				req.Header.Set("Authorization", "Bearer "+caseTok)
			}
			r, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = r.Body.Close()
			if r.StatusCode == http.StatusNotFound || r.StatusCode == http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d", method, path, r.StatusCode)
			}
		}
	}
	_ = web.Config{}
}
