package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// The reorganisation pages as an administrator uses them: the demo's 2025
// ward arrangement is shown on the wards' pages, an old ward's link leads
// to the new one, and a merger prepared on the form shows what it will
// move, is applied once, and changes the department's page.
func TestReorganisationPages(t *testing.T) { storetest.Run(t, testReorganisationPages) }

func testReorganisationPages(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	admin := e.signedIn("admin")

	// The demo's arrangement: the old ward ended, its successor named.
	r := admin.get("/app/orgunits/QN-BACHDANG")
	mustContain(t, "old ward", r.body, "Phường Bạch Đằng", "đã được hợp nhất, sáp nhập sau ngày", "30/06/2025", "Phường Hồng Gai",
		"Quá trình hình thành", "Nghị quyết số 1679/NQ-UBTVQH15")
	r = admin.get("/app/orgunits/QN-BACHDANG?follow=successor")
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/orgunits/QN-HONGGAI" {
		t.Fatalf("follow: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	mustContain(t, "new ward", admin.get("/app/orgunits/QN-HONGGAI").body, "tiếp nhận", "Phường Bạch Đằng", "Phường Trần Hưng Đạo")
	// The old name finds the ward that carries on.
	mustContain(t, "search by old name", admin.get("/app/orgunits?q=bach+dang").body, "Phường Hồng Gai")

	// The form, with a mistake first: nothing is saved, the field named.
	mustContain(t, "form", admin.get("/app/reorganisations/new?unit=QN-SGDDT-MNTH").body, "Chuẩn bị sắp xếp tổ chức", "Căn cứ")
	form := url.Values{"kind": {"merge"}, "effective": {"01/03/2025"}, "units": {"QN-SGDDT-MNTH", "QN-SGDDT-GDTH"},
		"into": {"new"}, "new_code": {"QN-SGDDT-GDPT"}, "new_name": {"Phòng Giáo dục phổ thông"}, "decision": {"theo chỉ đạo"}}
	r = admin.post("/app/reorganisations", form)
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad decision: %d", r.StatusCode)
	}
	mustContain(t, "bad decision", r.body, "ghi loại, số hiệu và ngày của văn bản")
	if acts, _ := e.store.Reorganisations(ctx, domain.Scope{All: true}, store.ReorgFilter{Status: "prepared"}); len(acts) != 0 {
		t.Fatalf("a refused act was saved: %d", len(acts))
	}
	form.Set("decision", "Quyết định số 88/QĐ-SGDĐT ngày 20/02/2025 của Sở Giáo dục và Đào tạo")
	r = admin.post("/app/reorganisations", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("prepare: %d %s", r.StatusCode, r.body)
	}
	at := r.Header.Get("Location")
	page := admin.get(at).body
	mustContain(t, "prepared act", page, "Những gì sẽ được chuyển", "Phòng Giáo dục phổ thông", "Thực hiện ngay", "01/03/2025")
	// Another administrator's cross-site post is refused.
	evil := e.signedIn("admin")
	evil.crossSite = true
	if r := evil.post(at+"/apply", url.Values{"version": {"1"}}); r.StatusCode != http.StatusForbidden {
		t.Fatalf("cross-site apply: %d", r.StatusCode)
	}
	r = admin.post(at+"/apply", url.Values{"version": {"1"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("apply: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "applied act", admin.get(at).body, "Đã thực hiện", "Thay đổi của từng đơn vị", "kết thúc hoạt động")
	// Applied once: the old version's second post is refused.
	if r := admin.post(at+"/apply", url.Values{"version": {"1"}}); r.StatusCode != http.StatusConflict {
		t.Fatalf("second apply: %d", r.StatusCode)
	}
	mustContain(t, "new division", admin.get("/app/orgunits/QN-SGDDT-GDPT").body, "thành lập từ", "Phòng Giáo dục Mầm non và Tiểu học")
	list := admin.get("/app/reorganisations")
	mustContain(t, "list", list.body, "Sắp xếp tổ chức", "01/03/2025", "01/07/2025")
	rows := admin.download("/app/reorganisations", "csv")
	if len(rows) != 3 || !strings.Contains(strings.Join(rows[1], "|"), "Hợp nhất") {
		t.Errorf("download: %v", rows)
	}
}

// The API keeps the same rights: a department's manager cannot merge
// their own department away, a viewer sees no act, and bad acts get a
// 400 in both languages with nothing saved.
func TestReorganisationAPIRights(t *testing.T) { storetest.Run(t, testReorganisationAPIRights) }

func testReorganisationAPIRights(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	admin, manager, viewer := e.token("admin"), e.token("manager"), e.token("viewer")
	merger := `{"kind":"merge","effective":"2025-03-01","units":["QN-SGTVT"],"into":{"code":"QN-SXD","name":"Sở Xây dựng","kind":"agency","parent":"QN"},
		"decision":"Quyết định số 512/QĐ-UBND ngày 25/02/2025 của UBND tỉnh Quảng Ninh"}`
	if status, out := e.api(manager, "POST", "/api/v1/reorganisations", merger); status != http.StatusForbidden {
		t.Fatalf("manager merging their department: %d %v", status, out)
	}
	for _, bad := range []struct{ body, field string }{
		{`{"kind":"merge","effective":"2025-02-30","units":["QN-SGTVT"],"into":"QN-SYT","decision":"Quyết định số 1/QĐ-UBND ngày 01/01/2025"}`, "effective"},
		{`{"kind":"split","effective":"2025-03-01","units":["QN-SYT"],"parts":[{"code":"QN-A","name":"A","share":0.9},{"code":"QN-B","name":"B","share":0.9}],"decision":"Quyết định số 1/QĐ-UBND ngày 01/01/2025"}`, "parts"},
		{`{"kind":"merge","effective":"2025-03-01","units":["QN-SGTVT","QN-KHONGCO"],"into":"QN-SYT","decision":"Quyết định số 1/QĐ-UBND ngày 01/01/2025"}`, "units"},
		{`{"kind":"merge","effective":"2025-03-01","units":["QN-SGTVT"],"into":42,"decision":"Quyết định số 1/QĐ-UBND ngày 01/01/2025"}`, "into"},
		{`{"kind":"close","effective":"2025-03-01","units":["QN-BACHDANG"],"decision":"Quyết định số 1/QĐ-UBND ngày 01/01/2025"}`, "units"},
	} {
		status, out := e.api(admin, "POST", "/api/v1/reorganisations", bad.body)
		er, _ := out["error"].(map[string]any)
		if status != http.StatusBadRequest || er["field"] != bad.field {
			t.Errorf("%s: %d %v, want 400 on %s", bad.body, status, out, bad.field)
		}
	}
	status, out := e.api(admin, "POST", "/api/v1/reorganisations", merger)
	if status != http.StatusCreated {
		t.Fatalf("prepare: %d %v", status, out)
	}
	id := fmt.Sprint(out["id"])
	if status, _ := e.api(viewer, "GET", "/api/v1/reorganisations/"+id, ""); status != http.StatusNotFound {
		t.Errorf("viewer reads the act: %d", status)
	}
	if status, out := e.api(viewer, "GET", "/api/v1/reorganisations", ""); status != http.StatusOK || out["total"].(float64) != 0 {
		t.Errorf("viewer's list: %d %v", status, out)
	}
	if status, _ := e.api(manager, "POST", "/api/v1/reorganisations/"+id+"/apply", ""); status != http.StatusForbidden {
		t.Errorf("manager applies: %d", status)
	}
	status, out = e.api(admin, "POST", "/api/v1/reorganisations/"+id+"/apply", "")
	if status != http.StatusOK || out["status"] != "applied" {
		t.Fatalf("apply: %d %v", status, out)
	}
	// The department's old code still resolves, with where its work went;
	// the manager now works for the new department.
	status, org := e.api(admin, "GET", "/api/v1/orgunits/QN-SGTVT", "")
	succ, _ := org["successor"].([]any)
	if status != http.StatusOK || org["status"] != "merged" || len(succ) != 1 || succ[0].(map[string]any)["code"] != "QN-SXD" {
		t.Fatalf("old code: %d %v", status, org)
	}
	req, _ := http.NewRequest("GET", e.srv.URL+"/api/v1/orgunits/QN-SGTVT?follow=successor", nil)
	req.Header.Set("Authorization", "Bearer "+admin)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	if r, err := noFollow.Do(req); err != nil || r.StatusCode != http.StatusTemporaryRedirect || r.Header.Get("Location") != "/api/v1/orgunits/QN-SXD" {
		t.Fatalf("follow: %v %v", r, err)
	} else {
		_ = r.Body.Close()
	}
	if status, me := e.api(manager, "GET", "/api/v1/me", ""); status != http.StatusOK || !strings.Contains(fmt.Sprint(me), "QN-SXD") {
		t.Errorf("the manager after the merger: %v", me)
	}
	// Analytics take the structure, and refuse one they do not know.
	if status, out := e.api(admin, "GET", "/api/v1/analytics?indicator=TH-BDG&org=QN-SXD&period=2024&structure=then", ""); status != http.StatusOK {
		t.Errorf("structure=then: %d %v", status, out)
	}
	today, then := e.analyticsTotal(admin, "QN-SXD", "2024", "today"), e.analyticsTotal(admin, "QN-SXD", "2024", "then")
	if today == 0 || then != 0 {
		t.Errorf("2024 for the new department: today %v (the old department's), then %v (none: it did not exist)", today, then)
	}
	if a, b := e.analyticsTotal(admin, "QN", "2024", "today"), e.analyticsTotal(admin, "QN", "2024", "then"); a != b || a == 0 {
		t.Errorf("province 2024: today %v, then %v", a, b)
	}
	if status, out := e.api(admin, "GET", "/api/v1/analytics?indicator=TH-BDG&org=QN&period=2024&structure=yesterday", ""); status != http.StatusBadRequest {
		t.Errorf("structure=yesterday: %d %v", status, out)
	}
}

// analyticsTotal is TH-BDG's total for a unit and period by a structure.
func (e *env) analyticsTotal(tok, org, period, structure string) float64 {
	e.t.Helper()
	status, out := e.api(tok, "GET", "/api/v1/analytics?indicator=TH-BDG&org="+org+"&period="+period+"&structure="+structure, "")
	if status != http.StatusOK {
		e.t.Fatalf("analytics: %d %v", status, out)
	}
	rows, _ := out["rows"].([]any)
	for _, r := range rows {
		if m := r.(map[string]any); m["category"] == "total" {
			return m["value"].(float64)
		}
	}
	return 0
}
