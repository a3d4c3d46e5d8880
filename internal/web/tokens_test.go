package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

var newTokenRE = regexp.MustCompile(`id="new-token">(tebdg_[A-Za-z0-9_-]+)<`)

// makeToken makes a token on the account page, as its owner does, and
// returns it with the page.
func makeToken(t *testing.T, c *client, form url.Values) (string, resp) {
	t.Helper()
	r := c.post("/app/account/tokens", form)
	m := newTokenRE.FindStringSubmatch(r.body)
	if r.StatusCode != http.StatusCreated || m == nil {
		t.Fatalf("make token: %d, token shown: %v\n%s", r.StatusCode, m != nil, r.body)
	}
	return m[1], r
}

const newPassword = "vịnh Hạ Long sương sớm tháng ba"

// The owner makes a token with a name, a lifetime and a scope, sees it once
// with its expiry, uses it, and after changing the password it answers
// 401; the session that made the change goes on, other sessions end, and
// the page says what was revoked.
func TestTokenEndsWhenPasswordChanges(t *testing.T) {
	storetest.Run(t, testTokenEndsWhenPasswordChanges)
}

func testTokenEndsWhenPasswordChanges(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	other := e.signedIn("manager") // the same person on another computer

	tok, r := makeToken(t, m, url.Values{"name": {"Bảng số liệu"}, "expires": {"30d"}, "scope": {"read-write"}})
	wantExpiry := e.store.Now().Add(30 * 24 * time.Hour).In(time.FixedZone("ICT", 7*3600)).Format("02/01/2006")
	mustContain(t, "new token", r.body, "chỉ hiện một lần", "Hết hạn ngày", wantExpiry, "Đọc và ghi", "Bảng số liệu")
	if status, body := e.api(tok, "GET", "/api/v1/me", ""); status != http.StatusOK {
		t.Fatalf("the new token: %d %v", status, body)
	}
	r = m.get("/app/account")
	mustContain(t, "account page", r.body, "Bảng số liệu", wantExpiry, "Đang dùng", "/app/account/tokens/")

	r = m.post("/app/account/password", url.Values{"current": {"tebdg-demo-2024"}, "password": {newPassword}, "confirm": {newPassword}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("change password: %d %s", r.StatusCode, r.body)
	}
	r = m.get(r.Header.Get("Location"))
	mustContain(t, "after the change", r.body,
		"Các phiên đăng nhập khác, mã truy cập API và đường dẫn lịch bí mật của bạn đã bị thu hồi; hãy tạo mã mới nếu cần.")

	status, body := e.api(tok, "GET", "/api/v1/me", "")
	errObj, _ := body["error"].(map[string]any)
	if status != http.StatusUnauthorized || errObj["code"] != "unauthorized" || !strings.Contains(errObj["message"].(string), "thu hồi") {
		t.Errorf("the token after a password change: %d %v, want 401 saying it was revoked", status, body)
	}
	// Even on an endpoint open to all, a dead token is not taken as no token.
	if status, _ := e.api(tok, "GET", "/api/v1/search?q=tre+em", ""); status != http.StatusUnauthorized {
		t.Errorf("a revoked token on a public endpoint: %d, want 401", status)
	}
	if r := m.get("/app/account"); r.StatusCode != http.StatusOK {
		t.Errorf("the session that changed the password ended: %d", r.StatusCode)
	} else {
		mustContain(t, "account after the change", r.body, "Đã thu hồi")
	}
	if r := other.get("/app/account"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("another session of the user survived the change: %d", r.StatusCode)
	}

	// A token made afterwards works.
	tok2, _ := makeToken(t, m, url.Values{"name": {"mới"}, "expires": {"90d"}, "scope": {"read"}})
	if status, _ := e.api(tok2, "GET", "/api/v1/me", ""); status != http.StatusOK {
		t.Errorf("a token made after the change: %d", status)
	}
}

// An expired token answers 401, and the owner's page shows it expired.
func TestExpiredTokenIs401(t *testing.T) { storetest.Run(t, testExpiredTokenIs401) }

func testExpiredTokenIs401(t *testing.T, engine store.Dialect) {
	e, clock := newEnvClock(t, engine)

	tok, _ := makeToken(t, e.signedIn("reporter"), url.Values{"name": {"cũ"}, "expires": {"30d"}, "scope": {"read-write"}})
	clock.Advance(30*24*time.Hour - time.Minute)
	if status, _ := e.api(tok, "GET", "/api/v1/me", ""); status != http.StatusOK {
		t.Fatalf("a minute before expiry: %d", status)
	}
	clock.Advance(time.Minute)
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || !strings.Contains(res.Header.Get("WWW-Authenticate"), `error="invalid_token"`) {
		t.Errorf("expired token: %d %q, want 401 with invalid_token", res.StatusCode, res.Header.Get("WWW-Authenticate"))
	}
	mustContain(t, "account page", e.signedIn("reporter").get("/app/account").body, "Đã hết hạn")
}

// A read token reads, and is refused on every method that may change data
// with 403 and a message in the user's language.
func TestReadTokenCannotWrite(t *testing.T) { storetest.Run(t, testReadTokenCannotWrite) }

func testReadTokenCannotWrite(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	tok, r := makeToken(t, m, url.Values{"name": {"chỉ xem"}, "expires": {"90d"}, "scope": {"read"}})
	mustContain(t, "read token", r.body, "Chỉ đọc")
	if status, _ := e.api(tok, "GET", "/api/v1/orgunits", ""); status != http.StatusOK {
		t.Errorf("a read token reads: %d", status)
	}
	for _, method := range []string{"POST", "PATCH", "PUT", "DELETE"} {
		status, body := e.api(tok, method, "/api/v1/orgunits", `{"code":"QN-SGTVT-CNTT","name":"Trung tâm Công nghệ thông tin","kind":"unit","parent":"QN-SGTVT"}`)
		errObj, _ := body["error"].(map[string]any)
		if status != http.StatusForbidden || errObj["code"] != "forbidden" || !strings.Contains(errObj["message"].(string), "chỉ được đọc") {
			t.Errorf("%s with a read token: %d %v, want 403 saying it may only read", method, status, body)
		}
	}
	if _, err := e.store.OrgUnit(ctx, "QN-SGTVT-CNTT"); err == nil {
		t.Error("a read token's POST created the unit")
	}
	// An English-speaking user reads the refusal in English.
	u, _ := e.store.UserByUsername(ctx, "manager")
	if err := e.store.SetLang(ctx, domain.Actor{UserID: u.ID, Username: u.Username}, u.ID, "en"); err != nil {
		t.Fatal(err)
	}
	_, body := e.api(tok, "POST", "/api/v1/orgunits", `{}`)
	if errObj, _ := body["error"].(map[string]any); !strings.Contains(errObj["message"].(string), "may only read") {
		t.Errorf("refusal in English: %v", body)
	}
	// Bad choices in the form are refused and make nothing.
	for _, form := range []url.Values{
		{"name": {"x"}, "expires": {"1000d"}, "scope": {"read"}},
		{"name": {"x"}, "expires": {"30d"}, "scope": {"admin"}},
	} {
		r := m.post("/app/account/tokens", form)
		if r.StatusCode != http.StatusBadRequest || newTokenRE.MatchString(r.body) {
			t.Errorf("token form %v: %d, want 400 and no token", form, r.StatusCode)
		}
	}
	if toks, _ := e.store.Tokens(ctx, u.ID); len(toks) != 1 {
		t.Errorf("%d tokens, want only the read one", len(toks))
	}
}

// The owner sees and revokes their token; another user cannot revoke it;
// an admin sees it on the user's page and can revoke it there.
func TestTokenRevokeByOwnerAndAdmin(t *testing.T) { storetest.Run(t, testTokenRevokeByOwnerAndAdmin) }

func testTokenRevokeByOwnerAndAdmin(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	u, _ := e.store.UserByUsername(ctx, "manager")
	tok1, _ := makeToken(t, m, url.Values{"name": {"thứ nhất"}, "expires": {"30d"}, "scope": {"read"}})
	tok2, _ := makeToken(t, m, url.Values{"name": {"thứ hai"}, "expires": {"365d"}, "scope": {"read-write"}})
	toks, _ := e.store.Tokens(ctx, u.ID)
	if len(toks) != 2 {
		t.Fatalf("tokens: %+v", toks)
	}
	second, first := itoa(toks[0].ID), itoa(toks[1].ID)

	// Another signed-in user, even one who manages the unit above, cannot.
	for _, who := range []string{"leader", "reporter"} {
		c := e.signedIn(who)
		if r := c.post("/app/account/tokens/"+first+"/revoke", nil); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s revokes the manager's token: %d, want 404", who, r.StatusCode)
		}
		if r := c.post("/app/users/"+itoa(u.ID)+"/tokens/"+first+"/revoke", nil); r.StatusCode != http.StatusForbidden {
			t.Errorf("%s on the admin's revoke: %d, want 403", who, r.StatusCode)
		}
	}
	if status, _ := e.api(tok1, "GET", "/api/v1/me", ""); status != http.StatusOK {
		t.Fatalf("the token after others tried: %d", status)
	}

	r := m.post("/app/account/tokens/"+first+"/revoke", nil)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("owner revokes: %d %s", r.StatusCode, r.body)
	}
	if status, _ := e.api(tok1, "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("revoked by its owner: %d, want 401", status)
	}

	admin := e.signedIn("admin")
	r = admin.get("/app/users/" + itoa(u.ID))
	mustContain(t, "user page", r.body, "thứ nhất", "thứ hai", "Đã thu hồi", "/app/users/"+itoa(u.ID)+"/tokens/"+second+"/revoke")
	// The id must be that user's token.
	other, _ := e.store.UserByUsername(ctx, "reporter")
	if r := admin.post("/app/users/"+itoa(other.ID)+"/tokens/"+second+"/revoke", nil); r.StatusCode != http.StatusNotFound {
		t.Errorf("admin revokes through another user: %d, want 404", r.StatusCode)
	}
	mustOK(t, admin.post("/app/users/"+itoa(u.ID)+"/tokens/"+second+"/revoke", nil))
	if status, _ := e.api(tok2, "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("revoked by an admin: %d, want 401", status)
	}
	rows, _, _ := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "token.revoke", EntityID: "manager"}, store.Page{})
	if len(rows) != 2 || rows[0].Actor != "admin" || rows[1].Actor != "manager" {
		t.Errorf("audit of the revocations: %+v", rows)
	}
}

// An admin's reset ends the user's secret calendar address (404), their
// tokens (401) and sessions, and the reset page says so.
func TestFeedAndTokenEndOnReset(t *testing.T) { storetest.Run(t, testFeedAndTokenEndOnReset) }

func testFeedAndTokenEndOnReset(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	tok, _ := makeToken(t, m, url.Values{"name": {"lịch"}, "expires": {"90d"}, "scope": {"read"}})
	r := m.post("/app/account/feeds", url.Values{"org": {""}})
	addr := regexp.MustCompile(`/feeds/cal_[A-Za-z0-9_-]+\.ics`).FindString(r.body)
	if r.StatusCode != http.StatusCreated || addr == "" {
		t.Fatalf("make feed: %d", r.StatusCode)
	}
	if res, err := http.Get(e.srv.URL + addr); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("feed before the reset: %v %v", res, err)
	}

	u, _ := e.store.UserByUsername(ctx, "manager")
	r = e.signedIn("admin").post("/app/users/"+itoa(u.ID)+"/password", nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("reset: %d", r.StatusCode)
	}
	mustContain(t, "reset page", r.body, "Mật khẩu tạm thời", "mã truy cập API và đường dẫn lịch bí mật của người này đã bị thu hồi")

	res, err := http.Get(e.srv.URL + addr)
	if err != nil {
		t.Fatal(err)
	}
	_ = res.Body.Close()
	if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusGone {
		t.Errorf("feed after the reset: %d, want 404 or 410", res.StatusCode)
	}
	if status, _ := e.api(tok, "GET", "/api/v1/me", ""); status != http.StatusUnauthorized {
		t.Errorf("token after the reset: %d, want 401", status)
	}
	if r := m.get("/app/account"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("session after the reset: %d, want a redirect to sign in", r.StatusCode)
	}
}
