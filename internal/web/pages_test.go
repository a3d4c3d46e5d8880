package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// Each demo role lands on a home page that shows what it can reach, and
// navigation only to what works for it.
func TestHomePagePerRole(t *testing.T) { storetest.Run(t, testHomePagePerRole) }

func testHomePagePerRole(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tests := []struct {
		user      string
		units     string // how many active units the role reaches
		has, lack []string
	}{
		{"admin", "25", []string{"Quản trị hệ thống", "/app/users", "Tạo tài khoản người dùng", "Thêm đơn vị trực thuộc"}, nil},
		{"coordinator", "25", []string{"Cơ quan điều phối", "Tỉnh Quảng Ninh"}, []string{"/app/users", "/app/orgunits/new", "Sổ vụ việc bảo mật"}},
		{"manager", "9", []string{"Cán bộ đầu mối", "Sở Giao thông Vận tải", "/app/orgunits/new", "Lịch công tác 7 ngày tới", "Giao ban Lãnh đạo Sở tuần"}, []string{"/app/users"}},
		// Unit staff see their agency's calendar too.
		{"reporter", "1", []string{"Cán bộ đơn vị", "Thanh tra Sở", "Giao ban Lãnh đạo Sở tuần"}, []string{"/app/users", "/app/orgunits/new"}},
		{"viewer", "9", []string{"Xem", "Sở Giao thông Vận tải"}, []string{"/app/users", "/app/orgunits/new"}},
		{"editor", "9", []string{"Biên tập cổng thông tin"}, []string{"/app/users", "/app/orgunits/new", "/app/cases\""}},
		// The ward's caseworker has the register in the menu; nobody
		// else does.
		{"caseworker", "1", []string{"Cán bộ quản lý trường hợp", "Sổ vụ việc bảo mật", "/app/cases\"", "vụ việc đang xử lý", "/app/cases?overdue=1", "vụ việc quá thời hạn luật định"}, []string{"/app/users"}},
	}
	for _, tt := range tests {
		r := e.signedIn(tt.user).get("/app/")
		if r.StatusCode != http.StatusOK {
			t.Fatalf("%s home: %d", tt.user, r.StatusCode)
		}
		mustContain(t, tt.user+" home", r.body, tt.has...)
		mustNotContain(t, tt.user+" home", r.body, tt.lack...)
		m := regexp.MustCompile(`<span class="stat-num">([0-9.]+)</span><span class="stat-label">đơn vị`).FindStringSubmatch(r.body)
		if m == nil || m[1] != tt.units {
			t.Errorf("%s reaches %v units, want %s", tt.user, m, tt.units)
		}
	}
}

func TestLanguageFollowsAcceptLanguageAndUserSetting(t *testing.T) {
	storetest.Run(t, testLanguageFollowsAcceptLanguageAndUserSetting)
}

func testLanguageFollowsAcceptLanguageAndUserSetting(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/login", nil)
	req.Header.Set("Accept-Language", "en-GB,en;q=0.9")
	r := c.do(req)
	mustContain(t, "English login", r.body, `<html lang="en">`, "Sign in", "User name")
	if got := c.get("/login"); !strings.Contains(got.body, "Tên đăng nhập") {
		t.Error("without Accept-Language the page is Vietnamese")
	}
	c.login("manager")
	c.post("/lang", url.Values{"lang": {"en"}, "next": {"/app/"}})
	r = c.get("/app/orgunits")
	mustContain(t, "English org page", r.body, "Org units", "Department of Transport")
	// The setting stays with the account, on another browser too.
	r = e.signedIn("manager").get("/app/")
	mustContain(t, "English on another browser", r.body, "Welcome", "Your roles")
}

func TestOrgUnitWorkflowInTheBrowser(t *testing.T) { storetest.Run(t, testOrgUnitWorkflowInTheBrowser) }

func testOrgUnitWorkflowInTheBrowser(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")

	// The form shows every problem next to its field and saves nothing.
	r := m.post("/app/orgunits", url.Values{"code": {"qn sgtvt x"}, "name": {""}, "kind": {"unit"}, "parent": {"QN-SGTVT"}})
	if r.StatusCode != http.StatusBadRequest {
		t.Fatalf("bad form: %d", r.StatusCode)
	}
	mustContain(t, "bad form", r.body, "Chưa lưu được", "mã chỉ gồm chữ không dấu", "chưa nhập tên", `aria-invalid="true"`, `value="qn sgtvt x"`)

	r = m.post("/app/orgunits", url.Values{"code": {"qn-sgtvt-dtn"}, "name": {"Đoàn Thanh niên Sở"}, "kind": {"unit"}, "parent": {"QN-SGTVT"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/orgunits/QN-SGTVT-DTN" {
		t.Fatalf("create: %d %s", r.StatusCode, r.body)
	}
	r = m.get("/app/orgunits/QN-SGTVT-DTN")
	mustContain(t, "new unit page", r.body, "Đã tạo.", "Đoàn Thanh niên Sở", "Tạo đơn vị", "manager")

	// A manager cannot create outside the agency, nor touch the agency itself.
	r = m.post("/app/orgunits", url.Values{"code": {"QN-SYT-X"}, "name": {"X"}, "kind": {"unit"}, "parent": {"QN-SYT"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không có đơn vị cấp trên mã QN-SYT") {
		t.Errorf("create outside scope: %d", r.StatusCode)
	}
	r = m.post("/app/orgunits/QN-SGTVT", url.Values{"version": {"1"}, "name": {"Sở Xây dựng"}, "kind": {"agency"}})
	if r.StatusCode != http.StatusForbidden {
		t.Errorf("manager renames own agency: %d", r.StatusCode)
	}
	if r := m.get("/app/orgunits/QN-SYT"); r.StatusCode != http.StatusNotFound {
		t.Errorf("a unit outside scope must look absent: %d", r.StatusCode)
	}

	// Move: a cycle is refused with the reason; a good move is done.
	mustOK(t, m.post("/app/orgunits", url.Values{"code": {"QN-SGTVT-DTN-1"}, "name": {"Chi đoàn 1"}, "kind": {"unit"}, "parent": {"QN-SGTVT-DTN"}}))
	r = m.post("/app/orgunits/QN-SGTVT-DTN/move", url.Values{"version": {"1"}, "parent": {"QN-SGTVT-DTN-1"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không thể chuyển một đơn vị vào chính nó") {
		t.Errorf("cycle: %d", r.StatusCode)
	}
	r = m.post("/app/orgunits/QN-SGTVT-DTN/move", url.Values{"version": {"1"}, "parent": {"QN-SGTVT-VP"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("move: %d %s", r.StatusCode, r.body)
	}

	// Two people at version 2: the second is told to reload, the first's change stays.
	mustOK(t, m.post("/app/orgunits/QN-SGTVT-DTN", url.Values{"version": {"2"}, "name": {"Đoàn TN Sở"}, "kind": {"unit"}}))
	r = m.post("/app/orgunits/QN-SGTVT-DTN", url.Values{"version": {"2"}, "name": {"Tên khác"}, "kind": {"unit"}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "đã được người khác thay đổi") || !strings.Contains(r.body, `value="Tên khác"`) {
		t.Errorf("stale edit: %d", r.StatusCode)
	}
	if o, _ := e.store.OrgUnit(ctx, "QN-SGTVT-DTN"); o.Name != "Đoàn TN Sở" {
		t.Errorf("name = %q", o.Name)
	}

	// Deactivate needs the units below to stop first.
	r = m.post("/app/orgunits/QN-SGTVT-DTN/deactivate", url.Values{"version": {"3"}, "active_to": {"2026-12-31"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "còn 1 đơn vị trực thuộc đang hoạt động") {
		t.Errorf("deactivate with children: %d", r.StatusCode)
	}
	r = m.post("/app/orgunits/QN-SGTVT-DTN-1/deactivate", url.Values{"version": {"1"}, "active_to": {"31/12/2025"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Errorf("deactivate leaf with a dd/mm/yyyy date: %d %s", r.StatusCode, r.body)
	}

	// The tree shows the new units; the audit trail has every step.
	r = m.get("/app/orgunits?inactive=1")
	mustContain(t, "tree", r.body, "Đoàn TN Sở", "Chi đoàn 1", "ngừng hoạt động từ")
	r = m.get("/app/audit?org=QN-SGTVT-DTN")
	mustContain(t, "audit", r.body, "Tạo đơn vị", "Chuyển đơn vị", "Sửa đơn vị", "Ngừng hoạt động đơn vị")
}

func TestReporterCannotWrite(t *testing.T) { storetest.Run(t, testReporterCannotWrite) }

func testReporterCannotWrite(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("reporter")
	for path, form := range map[string]url.Values{
		"/app/orgunits":                   {"code": {"QN-SGTVT-TTS-X"}, "name": {"X"}, "kind": {"unit"}, "parent": {"QN-SGTVT-TTS"}},
		"/app/orgunits/QN-SGTVT-TTS":      {"version": {"1"}, "name": {"X"}, "kind": {"unit"}},
		"/app/orgunits/QN-SGTVT-TTS/move": {"version": {"1"}, "parent": {"QN-SGTVT"}},
		"/app/users":                      {"username": {"mallory"}, "org": {"QN"}, "role": {"admin"}},
		"/app/users/1/disable":            {"version": {"1"}},
	} {
		if r := c.post(path, form); r.StatusCode != http.StatusForbidden {
			t.Errorf("reporter POST %s: %d", path, r.StatusCode)
		}
	}
	for _, path := range []string{"/app/users", "/app/users/new", "/app/orgunits/new"} {
		if r := c.get(path); r.StatusCode != http.StatusForbidden {
			t.Errorf("reporter GET %s: %d", path, r.StatusCode)
		}
	}
	if _, err := e.store.UserByUsername(ctx, "mallory"); err == nil {
		t.Error("a reporter created a user")
	}
}

func TestUserAdministration(t *testing.T) { storetest.Run(t, testUserAdministration) }

func testUserAdministration(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	admin := e.signedIn("admin")
	r := admin.post("/app/users", url.Values{"username": {"Hoang.Anh"}, "full_name": {"Hoàng Thị Anh"}, "org": {"QN-SGTVT-CVDTND"},
		"role": {"reporter"}, "lang": {"vi"}})
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("create user: %d %s", r.StatusCode, r.body)
	}
	m := regexp.MustCompile(`id="temp-password">([^<]+)<`).FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no temporary password shown")
	}
	temp := m[1]
	r = admin.post("/app/users", url.Values{"username": {"hoang.anh"}, "org": {"QN"}, "role": {"viewer"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "tên đăng nhập hoang.anh đã có người dùng") {
		t.Errorf("duplicate user: %d", r.StatusCode)
	}

	// First sign-in goes to the account page until a new password is set.
	u := e.client()
	r = u.post("/login", url.Values{"username": {"hoang.anh"}, "password": {temp}})
	if r.Header.Get("Location") != "/app/account" {
		t.Fatalf("first sign-in goes to %q", r.Header.Get("Location"))
	}
	if r := u.get("/app/orgunits"); r.Header.Get("Location") != "/app/account" {
		t.Errorf("before changing the password other pages redirect: %d %q", r.StatusCode, r.Header.Get("Location"))
	}
	r = u.post("/app/account/password", url.Values{"current": {temp}, "password": {"short"}, "confirm": {"other"}})
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("weak password: %d", r.StatusCode)
	}
	mustContain(t, "weak password", r.body, "ít nhất 12 ký tự", "không khớp")
	mustOK(t, u.post("/app/account/password", url.Values{"current": {temp}, "password": {"cầu Bãi Cháy lộng gió"}, "confirm": {"cầu Bãi Cháy lộng gió"}}))
	if r := u.get("/app/orgunits"); r.StatusCode != http.StatusOK {
		t.Errorf("after the change: %d", r.StatusCode)
	}

	acc, _ := e.store.UserByUsername(ctx, "hoang.anh")
	id := itoa(acc.ID)
	// Roles: add one, the last one cannot go.
	mustOK(t, admin.post("/app/users/"+id+"/roles", url.Values{"role": {"viewer"}, "org": {"QN-SGTVT"}}))
	acc, _ = e.store.User(ctx, acc.ID)
	if len(acc.Assignments) != 2 {
		t.Fatalf("assignments: %+v", acc.Assignments)
	}
	mustOK(t, admin.post("/app/users/"+id+"/roles/"+itoa(acc.Assignments[0].ID)+"/delete", nil))
	acc, _ = e.store.User(ctx, acc.ID)
	r = admin.post("/app/users/"+id+"/roles/"+itoa(acc.Assignments[0].ID)+"/delete", nil)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không thể gỡ vai trò cuối cùng") {
		t.Errorf("remove last role: %d", r.StatusCode)
	}

	// Disabling ends the person's session at once.
	r = admin.post("/app/users/"+id+"/disable", url.Values{"version": {itoa(int64(acc.Version))}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("disable: %d %s", r.StatusCode, r.body)
	}
	if r := u.get("/app/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("a disabled user's session still works: %d", r.StatusCode)
	}
	r = u.post("/login", url.Values{"username": {"hoang.anh"}, "password": {"cầu Bãi Cháy lộng gió"}})
	if r.StatusCode != http.StatusUnauthorized {
		t.Errorf("a disabled user signs in: %d", r.StatusCode)
	}

	// A reset password is shown once and ends sessions.
	r = admin.post("/app/users/"+id+"/password", nil)
	mustContain(t, "reset", r.body, "Mật khẩu tạm thời")
	r = admin.get("/app/users/" + id)
	mustContain(t, "user page", r.body, "Đặt lại mật khẩu", "Khóa tài khoản", "Giao vai trò")

	// The admin cannot lock themselves out.
	self, _ := e.store.UserByUsername(ctx, "admin")
	r = admin.post("/app/users/"+itoa(self.ID)+"/disable", url.Values{"version": {"1"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("self-disable: %d", r.StatusCode)
	}
	// Nor give themself a role of the case register; another admin's
	// account may get one.
	r = admin.post("/app/users/"+itoa(self.ID)+"/roles", url.Values{"role": {"case-supervisor"}, "org": {"QN"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không tự giao cho mình vai trò của sổ vụ việc") {
		t.Errorf("an admin gives themself a case role: %d", r.StatusCode)
	}
	mustOK(t, admin.post("/app/users/"+id+"/roles", url.Values{"role": {"caseworker"}, "org": {"QN-HONGGAI"}}))
}

func TestAuditPageIsScoped(t *testing.T) { storetest.Run(t, testAuditPageIsScoped) }

func testAuditPageIsScoped(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	admin := e.signedIn("admin")
	mustOK(t, admin.post("/app/orgunits", url.Values{"code": {"QN-SYT-TT"}, "name": {"Trung tâm Kiểm soát bệnh tật"}, "kind": {"unit"}, "parent": {"QN-SYT"}}))
	r := e.signedIn("reporter").get("/app/audit")
	mustContain(t, "reporter audit", r.body, "QN-SGTVT-TTS")
	mustNotContain(t, "reporter audit", r.body, "QN-SYT-TT", "QN-SGTVT-VP")
	r = e.signedIn("reporter").get("/app/audit?org=QN-SYT")
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không có đơn vị mã QN-SYT") {
		t.Errorf("filtering by a unit outside scope: %d", r.StatusCode)
	}
	r = admin.get("/app/audit?from=99/99/2026")
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "ngày không hợp lệ") {
		t.Errorf("bad date filter: %d", r.StatusCode)
	}
	rows, _, _ := e.store.AuditEntries(ctx, scopeAll, auditByAction("orgunit.create"), firstPage)
	r = admin.get("/app/audit/" + itoa(rows[0].Seq))
	mustContain(t, "audit row", r.body, "Trung tâm Kiểm soát bệnh tật", "Mã băm")
	if r := e.signedIn("reporter").get("/app/audit/" + itoa(rows[0].Seq)); r.StatusCode != http.StatusNotFound {
		t.Errorf("reporter reads a row outside scope: %d", r.StatusCode)
	}
}

func TestDemoPasswordsWork(t *testing.T) { storetest.Run(t, testDemoPasswordsWork) }

func testDemoPasswordsWork(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	for _, l := range demo.Logins {
		e.signedIn(l.Username)
	}
}

func mustOK(t *testing.T, r resp) {
	t.Helper()
	if r.StatusCode != http.StatusSeeOther && r.StatusCode != http.StatusOK && r.StatusCode != http.StatusCreated {
		t.Fatalf("%s %s: %d\n%s", r.Request.Method, r.Request.URL.Path, r.StatusCode, r.body)
	}
}
