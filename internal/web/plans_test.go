package web_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// postMultipart sends a multipart form with optional files.
func (c *client) postMultipart(path string, fields map[string]string, files map[string][]byte) resp {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		_ = mw.WriteField(k, v)
	}
	for name, data := range files {
		field, filename, _ := strings.Cut(name, ":")
		w, _ := mw.CreateFormFile(field, filename)
		_, _ = w.Write(data)
	}
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, c.e.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

// docxOf builds a minimal .docx holding the given paragraphs.
func docxOf(paragraphs ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("[Content_Types].xml")
	_, _ = io.WriteString(w, `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)
	w, _ = zw.Create("word/document.xml")
	var body strings.Builder
	for _, p := range paragraphs {
		body.WriteString(`<w:p><w:r><w:t xml:space="preserve">` + p + `</w:t></w:r></w:p>`)
	}
	_, _ = io.WriteString(w, `<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`+body.String()+`</w:body></w:document>`)
	_ = zw.Close()
	return buf.Bytes()
}

var hiddenVersion = regexp.MustCompile(`name="version" value="(\d+)"`)

func TestImportThePlanThroughTheForms(t *testing.T) {
	storetest.Run(t, testImportThePlanThroughTheForms)
}

func testImportThePlanThroughTheForms(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	r := m.postMultipart("/app/plans/import", map[string]string{"org": "QN-SGTVT", "year": "2025", "text": demo.Sample}, nil)
	if r.StatusCode != http.StatusOK {
		t.Fatalf("preview: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "preview", r.body, "Xem trước kế hoạch", "MỤC TIÊU, YÊU CẦU", "130/2021/NĐ-CP", "ngay trong đầu quý 2/2024",
		`value="240/LĐTBXH-TE&amp;BĐG"`, "Tết Trung thu")
	plansBefore, _, _ := e.store.Plans(ctx, scopeAll, store.PlanFilter{}, firstPage)
	form := url.Values{"org": {"QN-SGTVT"}, "year": {"2025"}, "text": {demo.Sample}, "title": {"Kế hoạch công tác trẻ em và bình đẳng giới năm 2025"},
		"number": {"20/KH-SGTVT"}, "date": {"15/01/2025"}, "guidance": {"240/LĐTBXH-TE&BĐG"}, "type": {"KẾ HOẠCH"}}
	r = m.post("/app/plans/import/save", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.body)
	}
	r = m.get(r.Header.Get("Location"))
	mustContain(t, "plan page", r.body, "Kế hoạch công tác trẻ em và bình đẳng giới năm 2025", "20/KH-SGTVT", "15/01/2025",
		"Dự thảo", "Trình lãnh đạo phê duyệt", "Nghị định số 130/2021/NĐ-CP")
	plansAfter, _, _ := e.store.Plans(ctx, scopeAll, store.PlanFilter{}, firstPage)
	if len(plansAfter) != len(plansBefore)+1 {
		t.Errorf("%d plans after saving, want %d", len(plansAfter), len(plansBefore)+1)
	}

	// A .docx upload goes the same way.
	r = m.postMultipart("/app/plans/import", map[string]string{"org": "QN-SGTVT", "year": "2025"},
		map[string][]byte{"file:ke-hoach.docx": docxOf("KẾ HOẠCH", "Phòng chống đuối nước năm 2025", "I. MỤC TIÊU", "1. Giảm số trẻ em bị đuối nước", "II. NHIỆM VỤ", "1. Rà soát biển báo trước ngày 15/4/2025")})
	if r.StatusCode != http.StatusOK {
		t.Fatalf("docx preview: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "docx preview", r.body, "Rà soát biển báo", "trước ngày 15/4/2025")
}

func TestImportRefusesBadInput(t *testing.T) { storetest.Run(t, testImportRefusesBadInput) }

func testImportRefusesBadInput(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	before, _, _ := e.store.Plans(ctx, scopeAll, store.PlanFilter{}, firstPage)
	tests := []struct {
		name   string
		fields map[string]string
		files  map[string][]byte
		status int
		want   string
	}{
		{"empty", map[string]string{"org": "QN-SGTVT", "year": "2025", "text": "   "}, nil, 400, "hãy dán nội dung kế hoạch"},
		{"not a docx", map[string]string{"org": "QN-SGTVT", "year": "2025"}, map[string][]byte{"file:kh.docx": []byte("this is not a zip")}, 400, "không phải tệp .docx"},
		{"docx without body", map[string]string{"org": "QN-SGTVT", "year": "2025"}, map[string][]byte{"file:kh.docx": zipOnly("[Content_Types].xml")}, 400, "không có nội dung"},
		{"binary junk", map[string]string{"org": "QN-SGTVT", "year": "2025", "text": "\x00\x01\x02\xff\xfe binary"}, nil, 400, "không phải văn bản"},
		{"too large", map[string]string{"org": "QN-SGTVT", "year": "2025"}, map[string][]byte{"file:kh.docx": bytes.Repeat([]byte("x"), 5<<20+10)}, 413, "5 MB"},
		{"outside scope", map[string]string{"org": "QN-SYT", "year": "2025", "text": demo.Sample}, nil, 400, "chọn đơn vị ban hành kế hoạch"},
		{"bad year", map[string]string{"org": "QN-SGTVT", "year": "20x5", "text": demo.Sample}, nil, 400, "năm phải từ 2000 đến 2100"},
	}
	for _, tt := range tests {
		r := m.postMultipart("/app/plans/import", tt.fields, tt.files)
		if r.StatusCode != tt.status || !strings.Contains(r.body, tt.want) {
			t.Errorf("%s: %d, want %d with %q", tt.name, r.StatusCode, tt.status, tt.want)
		}
	}
	r := m.post("/app/plans/import/save", url.Values{"org": {"QN-SGTVT"}, "year": {"2025"}, "text": {demo.Sample}, "title": {""}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "chưa nhập tên (trích yếu) của kế hoạch") {
		t.Errorf("save without a title: %d", r.StatusCode)
	}
	if r := e.signedIn("reporter").get("/app/plans/import"); r.StatusCode != http.StatusForbidden {
		t.Errorf("a reporter opens the importer: %d", r.StatusCode)
	}
	after, _, _ := e.store.Plans(ctx, scopeAll, store.PlanFilter{}, firstPage)
	if len(after) != len(before) {
		t.Errorf("refused imports saved %d plans", len(after)-len(before))
	}
}

func zipOnly(names ...string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, _ := zw.Create(n)
		_, _ = w.Write([]byte("<x/>"))
	}
	_ = zw.Close()
	return buf.Bytes()
}

// demoItem finds an item of the demo's 2024 plan by words of its text.
func demoItem(t *testing.T, e *env, planID int64, words string) domain.PlanItem {
	t.Helper()
	tree, err := e.store.PlanTree(ctx, planID)
	if err != nil {
		t.Fatal(err)
	}
	var found *domain.PlanItem
	domain.Walk(tree.Items, func(it *domain.PlanItem, _ int) {
		if found == nil && strings.Contains(it.Title+" "+it.Text, words) {
			found = it
		}
	})
	if found == nil {
		t.Fatalf("no item with %q", words)
	}
	return *found
}

func TestAssignAndReportProgress(t *testing.T) { storetest.Run(t, testAssignAndReportProgress) }

func testAssignAndReportProgress(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	draft := int64(2) // the demo's 2026 draft
	it := demoItem(t, e, draft, "Kiểm tra, thanh tra")
	path := fmt.Sprintf("/app/plans/%d/items/%d", draft, it.ID)
	v := itoa(it.Version)
	r := m.post(path+"/assign", url.Values{"version": {v}, "lead": {"QN-SGTVT-TTS"}, "deadline_end": {"31/02/2026"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hạn không phải là ngày hợp lệ") {
		t.Errorf("impossible deadline: %d", r.StatusCode)
	}
	r = m.post(path+"/assign", url.Values{"version": {v}, "lead": {"QN-SYT"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "không thuộc") {
		t.Errorf("lead outside the agency: %d", r.StatusCode)
	}
	mustOK(t, m.post(path+"/assign", url.Values{"version": {v}, "lead": {"QN-SGTVT-TTS"}, "supports": {"QN-SGTVT-VTPT", "QN-SGTVT-CVDTND"},
		"deadline_text": {"Trước năm học mới"}, "deadline_end": {"31/08/2026"}, "observance": {"childrens-day"}}))
	got, _ := e.store.PlanItem(ctx, it.ID)
	if got.Lead != "QN-SGTVT-TTS" || len(got.Supports) != 2 || got.Deadline.End != "2026-08-31" {
		t.Errorf("assigned %+v", got)
	}
	// A deadline given in words only gets its dates from the words.
	mustOK(t, m.post(path+"/assign", url.Values{"version": {itoa(got.Version)}, "lead": {"QN-SGTVT-TTS"}, "deadline_text": {"Quý III/2026"}}))
	got, _ = e.store.PlanItem(ctx, it.ID)
	if got.Deadline.Start != "2026-07-01" || got.Deadline.End != "2026-09-30" {
		t.Errorf("deadline from words: %+v", got.Deadline)
	}
	// Progress waits for approval.
	rep := e.signedIn("reporter")
	r = rep.postMultipart(path+"/progress", map[string]string{"version": itoa(got.Version), "status": "in_progress", "progress": "30"}, nil)
	if r.StatusCode != http.StatusConflict {
		t.Errorf("progress on a draft: %d", r.StatusCode)
	}

	// On the 2024 plan (sent), the inspectorate reports on its item.
	sent := int64(1)
	it = demoItem(t, e, sent, "Kiểm tra, thanh tra")
	path = fmt.Sprintf("/app/plans/%d/items/%d", sent, it.ID)
	r = rep.get(path)
	mustContain(t, "reporter's item page", r.body, "Báo cáo tiến độ", "Thanh tra Sở")
	mustNotContain(t, "reporter's item page", r.body, "Lưu phân công", "Sửa nội dung mục")
	bad := rep.postMultipart(path+"/progress", map[string]string{"version": itoa(it.Version), "status": "done", "progress": "100", "comment": "Đính kèm"},
		map[string][]byte{"files:bien-ban.pdf": []byte("MZ\x90\x00 not a pdf")})
	if bad.StatusCode != http.StatusBadRequest || !strings.Contains(bad.body, "bien-ban.pdf") {
		t.Errorf("a fake PDF: %d", bad.StatusCode)
	}
	ups, _ := e.store.ItemUpdates(ctx, it.ID)
	before := len(ups)
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	r = rep.postMultipart(path+"/progress", map[string]string{"version": itoa(it.Version), "status": "done", "progress": "100", "comment": "Kiểm tra bổ sung 5 xe"},
		map[string][]byte{"files:xe-dua-don.png": png})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("progress: %d %s", r.StatusCode, r.body)
	}
	ups, _ = e.store.ItemUpdates(ctx, it.ID)
	if len(ups) != before+1 || len(ups[0].Files) != 1 || ups[0].Files[0].ContentType != "image/png" {
		t.Fatalf("updates %+v", ups)
	}
	file := fmt.Sprintf("/app/files/%d", ups[0].Files[0].ID)
	r = rep.get(file)
	if r.StatusCode != 200 || r.Header.Get("Content-Type") != "image/png" || !strings.Contains(r.Header.Get("Content-Security-Policy"), "sandbox") {
		t.Errorf("evidence file: %d %q %q", r.StatusCode, r.Header.Get("Content-Type"), r.Header.Get("Content-Security-Policy"))
	}
	// Someone of another agency reads neither the plan nor its files.
	admin := e.signedIn("admin")
	mustOK(t, admin.post("/app/users", url.Values{"username": {"yte.staff"}, "org": {"QN-SYT-VP"}, "role": {"reporter"}}))
	acc, _ := e.store.UserByUsername(ctx, "yte.staff")
	hash, _ := e.cfgHasher().Hash("mật khẩu của cán bộ y tế")
	_ = e.store.SetPassword(ctx, demo.Actor, acc.ID, hash, false, "")
	other := e.client()
	if r := other.post("/login", url.Values{"username": {"yte.staff"}, "password": {"mật khẩu của cán bộ y tế"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	for _, p := range []string{"/app/plans/1", path, file, "/app/plans/1/export?format=docx"} {
		if r := other.get(p); r.StatusCode != http.StatusNotFound {
			t.Errorf("another agency's staff GET %s: %d", p, r.StatusCode)
		}
	}
	// A reporter cannot assign.
	if r := rep.post(path+"/assign", url.Values{"version": {"1"}, "lead": {"QN-SGTVT-VP"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("reporter assigns: %d", r.StatusCode)
	}
}

func TestWorkflowInTheBrowser(t *testing.T) { storetest.Run(t, testWorkflowInTheBrowser) }

func testWorkflowInTheBrowser(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	m := e.signedIn("manager")
	r := m.get("/app/plans/2")
	v := hiddenVersion.FindStringSubmatch(r.body)[1]
	mustOK(t, m.post("/app/plans/2/workflow", url.Values{"version": {v}, "action": {"submit"}}))
	r = m.get("/app/plans/2")
	mustContain(t, "submitted", r.body, "Chờ phê duyệt")
	mustNotContain(t, "submitter's view", r.body, `value="approve"`)
	v = hiddenVersion.FindStringSubmatch(r.body)[1]
	r = m.post("/app/plans/2/workflow", url.Values{"version": {v}, "action": {"approve"}})
	if r.StatusCode != http.StatusForbidden || !strings.Contains(r.body, "người trình không tự phê duyệt") {
		t.Errorf("self-approval: %d", r.StatusCode)
	}
	l := e.signedIn("leader")
	r = l.post("/app/plans/2/workflow", url.Values{"version": {v}, "action": {"return"}, "comment": {""}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "hãy ghi lý do trả lại") {
		t.Errorf("return without comment: %d", r.StatusCode)
	}
	mustOK(t, l.post("/app/plans/2/workflow", url.Values{"version": {v}, "action": {"approve"}}))
	if r := e.signedIn("coordinator").post("/app/plans/2/workflow", url.Values{"version": {itoa(int64(mustAtoi(v) + 1))}, "action": {"return"}, "comment": {"x"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("a coordinator returns a plan not sent yet: %d", r.StatusCode)
	}
	r = m.get("/app/plans/2/revisions?a=1&b=0")
	mustContain(t, "revisions", r.body, "Các phiên bản đã lưu", "Đã phê duyệt")
}

func mustAtoi(s string) int {
	var n int
	_, _ = fmt.Sscanf(s, "%d", &n)
	return n
}

func TestPlanViewsAndExports(t *testing.T) { storetest.Run(t, testPlanViewsAndExports) }

func testPlanViewsAndExports(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.signedIn("viewer")
	for _, p := range []string{"/app/plans", "/app/plans/1", "/app/plans/1/board", "/app/plans/1/timeline", "/app/plans/1/progress",
		"/app/plans/1/revisions", "/app/legal", "/app/tasks?due=all"} {
		if r := c.get(p); r.StatusCode != http.StatusOK {
			t.Errorf("viewer GET %s: %d", p, r.StatusCode)
		}
	}
	r := c.get("/app/plans/1/progress")
	mustContain(t, "progress", r.body, "Thanh tra Sở", "Cảng vụ đường thủy nội địa", "Theo đơn vị chủ trì")
	r = c.get("/app/plans/1/board")
	mustContain(t, "board", r.body, "Quý 2/2024", "Quý 3/2024")
	r = c.get("/app/plans/1/export?format=docx")
	if r.StatusCode != 200 || !strings.HasPrefix(r.body, "PK") || !strings.Contains(r.Header.Get("Content-Disposition"), ".docx") {
		t.Errorf("docx export: %d %q", r.StatusCode, r.Header.Get("Content-Disposition"))
	}
	r = c.get("/app/plans/1/export?format=xlsx")
	if r.StatusCode != 200 || !strings.HasPrefix(r.body, "PK") {
		t.Errorf("xlsx export: %d", r.StatusCode)
	}
	if r := c.get("/app/plans/1/export?format=pdf"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("unknown format: %d", r.StatusCode)
	}
	r = e.signedIn("reporter").get("/app/tasks?due=all")
	mustContain(t, "reporter's tasks", r.body, "Phối hợp", "Phòng Quản lý vận tải, phương tiện và người lái")
	r = c.get("/app/legal?q=nghi%20dinh%20130")
	mustContain(t, "legal search", r.body, "Nghị định số 130/2021/NĐ-CP")
}

func TestAPIPlans(t *testing.T) { storetest.Run(t, testAPIPlans) }

func testAPIPlans(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("manager")
	req, _ := http.NewRequest("POST", e.srv.URL+"/api/v1/plans/parse", strings.NewReader(demo.Sample))
	req.Header.Set("Authorization", "Bearer "+tok)
	req.Header.Set("Content-Type", "text/plain; charset=utf-8")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var parsed struct {
		Header     map[string]string
		Items      []struct{ Label, Title string }
		References []struct{ Type, Number, Date string }
	}
	_ = json.NewDecoder(res.Body).Decode(&parsed)
	_ = res.Body.Close()
	if res.StatusCode != 200 || parsed.Header["guidance"] != "240/LĐTBXH-TE&BĐG" || len(parsed.Items) != 2 || parsed.Items[1].Label != "II" {
		t.Fatalf("parse: %d %+v", res.StatusCode, parsed.Header)
	}
	found := false
	for _, r := range parsed.References {
		found = found || r.Type == "Nghị định" && r.Number == "130/2021/NĐ-CP" && r.Date == "2021-12-30"
	}
	if !found {
		t.Errorf("references %+v", parsed.References)
	}
	status, body := e.api(tok, "POST", "/api/v1/plans/parse", "   ")
	if status != 400 || body["error"].(map[string]any)["message"] != "văn bản trống" {
		t.Errorf("empty parse: %d %v", status, body)
	}

	status, body = e.api(tok, "GET", "/api/v1/plans?org=QN-SGTVT&year=2024", "")
	if status != 200 || body["total"].(float64) != 1 {
		t.Fatalf("list: %d %v", status, body)
	}
	status, body = e.api(tok, "GET", "/api/v1/plans/1", "")
	hdr := body["header"].(map[string]any)
	items := body["items"].([]any)
	if status != 200 || hdr["number"] != "15/KH-SGTVT" || len(items) != 2 || body["status"] != "sent" {
		t.Fatalf("get: %d %v", status, hdr)
	}
	first := items[1].(map[string]any)["children"].([]any)[0].(map[string]any)
	if first["label"] != "1" || first["kind"] != "task" {
		t.Errorf("first task %v", first)
	}
	in := map[string]any{"org": "QN-SGTVT", "year": 2027, "text": demo.Sample}
	b, _ := json.Marshal(in)
	status, body = e.api(tok, "POST", "/api/v1/plans", string(b))
	if status != 201 || body["year"].(float64) != 2027 || len(body["items"].([]any)) != 2 {
		t.Errorf("create: %d %v", status, body["error"])
	}
	status, _ = e.api(tok, "POST", "/api/v1/plans", `{"org":"QN-SYT","year":2027,"header":{"title":"X"}}`)
	if status != 400 && status != 403 {
		t.Errorf("create outside scope: %d", status)
	}
	status, _ = e.api(e.token("reporter"), "GET", "/api/v1/plans/1", "")
	if status != 200 {
		t.Errorf("a reporter of the agency reads its plan: %d", status)
	}
}
