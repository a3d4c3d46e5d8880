package web_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/mail"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// recMailer records the e-mails the server sends, and fails on request.
type recMailer struct {
	mu   sync.Mutex
	sent []mail.Message
	fail bool
}

func (m *recMailer) Send(_ context.Context, msg mail.Message) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.fail {
		return errors.New("smtp: connection refused")
	}
	m.sent = append(m.sent, msg)
	return nil
}

func (m *recMailer) messages() []mail.Message {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mail.Message(nil), m.sent...)
}

// newMailEnv is newEnv with a mailer for the answers to citizens.
func newMailEnv(t *testing.T, engine store.Dialect, m web.Mailer) *env {
	t.Helper()
	return envWith(t, engine, store.Options{}, func(cfg *web.Config) {
		cfg.Mailer = m
		cfg.MailFrom = mail.Address{Name: "Cổng thông tin", Email: "cong@quangninh.tebdg.example"}
	})
}

// portalEditor adds a portal editor of an agency and signs them in.
func (e *env) portalEditor(username, org string) *client {
	e.t.Helper()
	hash, err := e.cfgHasher().Hash(demo.Password)
	if err != nil {
		e.t.Fatal(err)
	}
	if _, err := e.store.CreateUser(ctx, demo.Actor, domain.UserInput{Username: username, FullName: "Biên tập " + org, Org: org,
		Role: domain.RoleEditor, RoleOrg: org, Lang: "vi"}, hash, false); err != nil {
		e.t.Fatal(err)
	}
	return e.signedIn(username)
}

var (
	pngData  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00")
	pdfData  = []byte("%PDF-1.7\n1 0 obj\n<< >>\nendobj\n")
	postLink = regexp.MustCompile(`^/app/posts/(\d+)$`)
)

// newPost sends the post form and returns the new post's path.
func newPost(t *testing.T, c *client, fields map[string]string, files map[string][]byte) string {
	t.Helper()
	form := map[string]string{"org": "QN-SGTVT", "category": "tin-tuc", "body": "Nội dung."}
	for k, v := range fields {
		form[k] = v
	}
	r := c.postMultipart("/app/posts", form, files)
	if r.StatusCode != http.StatusSeeOther || !postLink.MatchString(r.Header.Get("Location")) {
		t.Fatalf("new post: %d %s", r.StatusCode, r.body)
	}
	return r.Header.Get("Location")
}

// move takes a post a step along its workflow at its current version.
func move(t *testing.T, c *client, path string, fields url.Values) resp {
	t.Helper()
	m := hiddenVersion.FindStringSubmatch(c.get(path).body)
	if m == nil {
		t.Fatalf("%s: no version", path)
	}
	fields.Set("version", m[1])
	return c.post(path+"/status", fields)
}

func countPosts(t *testing.T, e *env) int {
	t.Helper()
	_, n, err := e.store.Posts(ctx, store.PostFilter{Scope: domain.Scope{All: true}}, store.Page{Number: 1, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// An editor writes a post with a cover and a document, sends it for
// review and publishes it; citizens then read it, and its files, at its
// public address.
func TestPostWorkflowInTheBrowser(t *testing.T) { storetest.Run(t, testPostWorkflowInTheBrowser) }

func testPostWorkflowInTheBrowser(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	gt := e.portalEditor("bientap.gt", "QN-SGTVT")
	yt := e.portalEditor("bientap.yt", "QN-SYT")

	list := gt.get("/app/posts")
	mustOK(t, list)
	mustContain(t, "post list", list.body, "Viết bài mới", `href="/app/posts/new"`, `href="/app/directory"`, `href="/app/feedback"`, `href="/app/portal/stats"`)
	form := gt.get("/app/posts/new")
	mustOK(t, form)
	mustContain(t, "new post form", form.body, `enctype="multipart/form-data"`, "**đậm**", "*nghiêng*", "## tiêu đề", "| bảng |", `name="cover_alt"`,
		`type="file" multiple`, `value="QN-SGTVT" selected`)

	title := "Tập huấn kỹ năng an toàn giao thông cho học sinh Trường THCS Hồng Hải"
	path := newPost(t, gt, map[string]string{"title": title, "summary": "Hơn 300 học sinh tham gia.",
		"body": "## Nội dung\n\nCác em được hướng dẫn **đội mũ bảo hiểm đúng cách**.\n\n- Đi bộ an toàn\n- Qua đường", "tags": "an toàn giao thông, mũ bảo hiểm",
		"author": "Văn phòng Sở", "hot": "on", "cover_alt": "Học sinh thực hành đội mũ bảo hiểm"},
		map[string][]byte{"files:ke-hoach-tap-huan.pdf": pdfData, "cover:anh-tap-huan.png": pngData})
	r := gt.get(path)
	mustOK(t, r)
	mustContain(t, "saved post", r.body, "Đã lưu bản nháp bài viết.", title, "Bản nháp", "ke-hoach-tap-huan.pdf", "anh-tap-huan.png",
		"<strong>đội mũ bảo hiểm đúng cách</strong>", "Gửi duyệt", "Đăng ngay", "Hẹn giờ đăng", `type="datetime-local"`,
		"an toàn giao thông, mũ bảo hiểm", "Xóa bài")
	id := postLink.FindStringSubmatch(path)[1]
	post, err := e.store.Post(ctx, int64(mustAtoi(id)))
	if err != nil || post.CoverID == 0 || !post.Hot || len(post.Tags) != 2 || post.OrgCode != "QN-SGTVT" {
		t.Fatalf("stored post %+v (%v)", post, err)
	}
	files, _ := e.store.PostFiles(ctx, post.ID)
	var doc domain.Attachment
	for _, f := range files {
		if f.ID != post.CoverID {
			doc = f
		}
	}
	if len(files) != 2 || doc.ContentType != "application/pdf" {
		t.Fatalf("files %+v", files)
	}
	// Before publishing, only the agency's editors open its files.
	if r := yt.get("/app/files/" + itoa(doc.ID)); r.StatusCode != http.StatusNotFound {
		t.Errorf("another agency's editor opens a draft's file: %d", r.StatusCode)
	}
	mustOK(t, gt.get("/app/files/"+itoa(doc.ID)))
	if r := e.client().get(post.URL()); r.StatusCode != http.StatusNotFound {
		t.Errorf("a draft at its public address: %d", r.StatusCode)
	}
	// A new cover replaces the old one rather than joining the downloads.
	r = gt.postMultipart(path, map[string]string{"version": itoa(post.Version), "org": "QN-SGTVT", "category": "tin-tuc", "title": title,
		"body": post.Body, "tags": "an toàn giao thông, mũ bảo hiểm", "hot": "on", "cover_alt": "Học sinh thực hành đội mũ bảo hiểm"},
		map[string][]byte{"cover:anh-moi.png": append(append([]byte{}, pngData...), 0)})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("new cover: %d %s", r.StatusCode, r.body)
	}
	post, _ = e.store.Post(ctx, post.ID)
	if files, _ := e.store.PostFiles(ctx, post.ID); len(files) != 2 || post.CoverID == 0 || post.CoverID == doc.ID {
		t.Errorf("after a new cover: %+v, cover %d", files, post.CoverID)
	}
	mustContain(t, "new cover", gt.get(path).body, "anh-moi.png")
	mustNotContain(t, "new cover", gt.get(path).body, "anh-tap-huan.png")

	r = move(t, gt, path, url.Values{"to": {"review"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("send for review: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "in review", gt.get(path).body, "Đã gửi bài để duyệt.", "Chờ duyệt", "Về bản nháp")
	r = move(t, gt, path, url.Values{"to": {"published"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d %s", r.StatusCode, r.body)
	}
	r = gt.get(path)
	mustContain(t, "published", r.body, "Đã đăng bài lên cổng thông tin.", "Đã đăng", `href="`+post.URL()+`"`, "Lưu trữ")
	mustNotContain(t, "published", r.body, "Xóa bài", "Hẹn giờ đăng")

	pub := e.client().get(post.URL())
	mustOK(t, pub)
	mustContain(t, "public post", pub.body, title, "ke-hoach-tap-huan.pdf")
	mustOK(t, yt.get("/app/files/"+itoa(doc.ID)))
	mustContain(t, "list", gt.get("/app/posts?status=published").body, title, "Tin nóng", "Đã đăng")

	// A published post is archived, not deleted.
	m := hiddenVersion.FindStringSubmatch(gt.get(path).body)
	r = gt.post(path+"/delete", url.Values{"version": {m[1]}})
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "chỉ có thể lưu trữ") {
		t.Errorf("delete a published post: %d", r.StatusCode)
	}
	mustOK(t, move(t, gt, path, url.Values{"to": {"archived"}}))
	if r := e.client().get(post.URL()); r.StatusCode != http.StatusNotFound {
		t.Errorf("an archived post at its public address: %d", r.StatusCode)
	}

	// A post scheduled for tomorrow waits, and says so.
	later := newPost(t, gt, map[string]string{"title": "Thông báo lịch tiếp dân tháng tới", "category": "thong-bao"}, nil)
	when := time.Now().In(vntext.Location).Add(26 * time.Hour).Format("2006-01-02T15:04")
	r = move(t, gt, later, url.Values{"to": {"published"}, "schedule": {"1"}, "published_at": {when}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "scheduled", gt.get(later).body, "Đã hẹn giờ đăng bài.", "hẹn giờ đăng lúc")
	mustContain(t, "list", gt.get("/app/posts").body, `<span class="small muted">hẹn giờ</span>`)
	sched, _ := e.store.Post(ctx, int64(mustAtoi(postLink.FindStringSubmatch(later)[1])))
	if sched.Status != domain.PostPublished || sched.Public(time.Now()) || e.client().get(sched.URL()).StatusCode != http.StatusNotFound {
		t.Errorf("scheduled post %+v is public", sched)
	}
	r = move(t, gt, later, url.Values{"to": {"published"}, "schedule": {"1"}, "published_at": {"ngày mai"}})
	if r.StatusCode != http.StatusConflict && r.StatusCode != http.StatusBadRequest {
		t.Errorf("a bad time: %d", r.StatusCode)
	}

	// A post never published is deleted.
	gone := newPost(t, gt, map[string]string{"title": "Bài viết nhầm"}, nil)
	m = hiddenVersion.FindStringSubmatch(gt.get(gone).body)
	r = gt.post(gone+"/delete", url.Values{"version": {m[1]}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/posts" {
		t.Fatalf("delete: %d %s", r.StatusCode, r.body)
	}
	if r := gt.get(gone); r.StatusCode != http.StatusNotFound {
		t.Errorf("deleted post: %d", r.StatusCode)
	}
}

// An agency's editors see and change their own posts only; other posts
// look absent, and someone who edits no portal section is refused.
func TestPostsAreScopedToTheAgency(t *testing.T) { storetest.Run(t, testPostsAreScopedToTheAgency) }

func testPostsAreScopedToTheAgency(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	gt := e.portalEditor("bientap.gt", "QN-SGTVT")
	yt := e.portalEditor("bientap.yt", "QN-SYT")
	theirs := newPost(t, yt, map[string]string{"org": "QN-SYT", "title": "Khám sức khỏe miễn phí cho trẻ em vùng cao", "category": "tre-em"},
		map[string][]byte{"files:danh-sach.pdf": pdfData})
	ours := newPost(t, gt, map[string]string{"title": "Ra quân kiểm tra xe đưa đón học sinh"}, nil)

	if r := gt.get(theirs); r.StatusCode != http.StatusNotFound {
		t.Errorf("another agency's post: %d", r.StatusCode)
	}
	yr := yt.get(theirs)
	version := hiddenVersion.FindStringSubmatch(yr.body)[1]
	fileID := regexp.MustCompile(`/files/(\d+)/delete`).FindStringSubmatch(yr.body)[1]
	for path, r := range map[string]resp{
		"update": gt.postMultipart(theirs, map[string]string{"version": version, "org": "QN-SGTVT", "category": "tin-tuc", "title": "Đổi tên"}, nil),
		"status": gt.post(theirs+"/status", url.Values{"version": {version}, "to": {"published"}}),
		"delete": gt.post(theirs+"/delete", url.Values{"version": {version}}),
		"file":   gt.post(theirs+"/files/"+fileID+"/delete", nil),
	} {
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s of another agency's post: %d", path, r.StatusCode)
		}
	}
	p, _ := e.store.Post(ctx, int64(mustAtoi(postLink.FindStringSubmatch(theirs)[1])))
	if p.Title != "Khám sức khỏe miễn phí cho trẻ em vùng cao" || p.Status != domain.PostDraft {
		t.Errorf("the other agency's post changed: %+v", p)
	}
	if files, _ := e.store.PostFiles(ctx, p.ID); len(files) != 1 {
		t.Errorf("the other agency's file was removed")
	}
	l := gt.get("/app/posts")
	mustContain(t, "own list", l.body, "Ra quân kiểm tra xe đưa đón học sinh")
	mustNotContain(t, "own list", l.body, "Khám sức khỏe miễn phí")
	mustContain(t, "their list", yt.get("/app/posts").body, "Khám sức khỏe miễn phí")
	mustNotContain(t, "their list", yt.get("/app/posts").body, "Ra quân kiểm tra")
	if r := gt.get("/app/posts?org=QN-SYT"); r.StatusCode != http.StatusNotFound {
		t.Errorf("filtering by another agency: %d", r.StatusCode)
	}

	// Posting for another agency is refused, and nothing is saved.
	before := countPosts(t, e)
	r := gt.postMultipart("/app/posts", map[string]string{"org": "QN-SYT", "category": "tin-tuc", "title": "Bài hộ"}, nil)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "chọn đơn vị mà bạn biên tập cổng thông tin") {
		t.Errorf("post for another agency: %d", r.StatusCode)
	}
	if countPosts(t, e) != before {
		t.Error("a post was saved for another agency")
	}

	// Someone with no portal role: refused everywhere, and no menu entry.
	v := e.signedIn("viewer")
	for _, path := range []string{"/app/posts", "/app/posts/new", ours, "/app/directory", "/app/directory/new", "/app/feedback", "/app/portal/stats"} {
		if r := v.get(path); r.StatusCode != http.StatusForbidden {
			t.Errorf("viewer GET %s: %d", path, r.StatusCode)
		}
	}
	if r := v.postMultipart("/app/posts", map[string]string{"org": "QN-SGTVT", "category": "tin-tuc", "title": "X"}, nil); r.StatusCode != http.StatusForbidden {
		t.Errorf("viewer creates a post: %d", r.StatusCode)
	}
	mustNotContain(t, "viewer's menu", v.get("/app/").body, `href="/app/posts"`, `href="/app/feedback"`)
	mustContain(t, "editor's menu", gt.get("/app/").body, `href="/app/posts"`, "Cổng thông tin", "Thống kê truy cập")
}

// The form refuses a script in the body, files that are not what they
// say, a cover without a description and a stale version, keeping what
// was typed and saving nothing.
func TestPostFormRefusesBadInput(t *testing.T) { storetest.Run(t, testPostFormRefusesBadInput) }

func testPostFormRefusesBadInput(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	gt := e.portalEditor("bientap.gt", "QN-SGTVT")
	before := countPosts(t, e)
	base := map[string]string{"org": "QN-SGTVT", "category": "tin-tuc", "title": "Hưởng ứng Tháng hành động vì trẻ em"}
	with := func(extra map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range extra {
			out[k] = v
		}
		return out
	}
	tests := []struct {
		name   string
		fields map[string]string
		files  map[string][]byte
		status int
		want   []string
	}{
		{"script", with(map[string]string{"body": "Xin chào <script>alert(1)</script>"}), nil, http.StatusBadRequest,
			[]string{"script không an toàn", "&lt;script&gt;alert(1)&lt;/script&gt;", `value="Hưởng ứng Tháng hành động vì trẻ em"`}},
		{"executable named pdf", with(nil), map[string][]byte{"files:ke-hoach.pdf": []byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00")}, http.StatusBadRequest,
			[]string{"tệp ke-hoach.pdf bị từ chối", "không phải PDF"}},
		{"html named pdf", with(nil), map[string][]byte{"files:thong-bao.pdf": []byte("<html><script>alert(1)</script></html>")}, http.StatusBadRequest,
			[]string{"tệp thong-bao.pdf bị từ chối"}},
		{"text file", with(nil), map[string][]byte{"files:ghi-chu.txt": []byte("ghi chú")}, http.StatusBadRequest,
			[]string{"tệp ghi-chu.txt bị từ chối"}},
		{"cover without description", with(nil), map[string][]byte{"cover:anh.png": pngData}, http.StatusBadRequest,
			[]string{"ảnh đại diện cần có mô tả"}},
		{"cover not an image", with(map[string]string{"cover_alt": "Ảnh"}), map[string][]byte{"cover:anh.pdf": pdfData}, http.StatusBadRequest,
			[]string{"ảnh đại diện phải là tệp ảnh"}},
		{"no title", with(map[string]string{"title": ""}), nil, http.StatusBadRequest, []string{"nhập tiêu đề"}},
	}
	for _, tt := range tests {
		r := gt.postMultipart("/app/posts", tt.fields, tt.files)
		if r.StatusCode != tt.status {
			t.Errorf("%s: %d, want %d", tt.name, r.StatusCode, tt.status)
		}
		mustContain(t, tt.name, r.body, append(tt.want, "Chưa lưu được")...)
		if tt.name == "script" && strings.Count(r.body, "script không an toàn") != 2 { // once in the summary, once by the field
			t.Errorf("script: the message is not shown exactly once in the summary and once by the field")
		}
	}
	// Eleven files at once.
	many := map[string][]byte{}
	for i := range 11 {
		many["files:tep-"+itoa(i)+".pdf"] = pdfData
	}
	r := gt.postMultipart("/app/posts", with(nil), many)
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "tối đa 10 tệp") {
		t.Errorf("11 files: %d", r.StatusCode)
	}
	if n := countPosts(t, e); n != before {
		t.Fatalf("%d posts saved by refused forms", n-before)
	}

	// The English page explains in English.
	gt.post("/lang", url.Values{"lang": {"en"}, "next": {"/app/posts"}})
	r = gt.postMultipart("/app/posts", with(nil), map[string][]byte{"files:plan.pdf": []byte("MZ\x90\x00")})
	mustContain(t, "English", r.body, "the file plan.pdf was refused")
	gt.post("/lang", url.Values{"lang": {"vi"}, "next": {"/app/posts"}})

	// The same script refused on an existing post leaves it as it was.
	path := newPost(t, gt, with(map[string]string{"body": "Bản đầu."}), nil)
	version := hiddenVersion.FindStringSubmatch(gt.get(path).body)[1]
	r = gt.postMultipart(path, with(map[string]string{"version": version, "body": `<img src=x onerror="alert(1)">`}), nil)
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("script on update: %d", r.StatusCode)
	}
	// Two editors at the same version: the second is told to reload.
	mustOK(t, gt.postMultipart(path, with(map[string]string{"version": version, "body": "Bản sửa thứ nhất."}), nil))
	r = gt.postMultipart(path, with(map[string]string{"version": version, "body": "Bản sửa thứ hai."}), nil)
	if r.StatusCode != http.StatusConflict || !strings.Contains(r.body, "đã được người khác thay đổi") || !strings.Contains(r.body, "Bản sửa thứ hai.") {
		t.Errorf("stale edit: %d", r.StatusCode)
	}
	p, _ := e.store.Post(ctx, int64(mustAtoi(postLink.FindStringSubmatch(path)[1])))
	if p.Body != "Bản sửa thứ nhất." {
		t.Errorf("body = %q", p.Body)
	}
}

// Editors answer the messages sent to their agency: the answer is saved,
// mailed to the sender when they left an address, and a failed mail does
// not lose it. Messages are shown as text, never as HTML.
func TestFeedbackModeration(t *testing.T) { storetest.Run(t, testFeedbackModeration) }

func testFeedbackModeration(t *testing.T, engine store.Dialect) {
	mailer := &recMailer{}
	e := newMailEnv(t, engine, mailer)
	gt := e.portalEditor("bientap.gt", "QN-SGTVT")
	transport, _ := e.store.OrgUnit(ctx, "QN-SGTVT")
	health, _ := e.store.OrgUnit(ctx, "QN-SYT")
	citizen := domain.Actor{Username: "citizen", Client: "test"}
	ours, err := e.store.AddFeedback(ctx, citizen, transport, domain.Feedback{Name: "Nguyễn Thị Hoa", Contact: "hoa@example.org",
		Subject: "Xe đưa đón học sinh chở quá số người", Message: "Xe đón trường Hồng Hải <script>alert(1)</script>\nchở 40 em."})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := e.store.AddFeedback(ctx, citizen, health, domain.Feedback{Contact: "0912 345 678", Subject: "Hỏi về tiêm chủng", Message: "Lịch tiêm?"})
	if err != nil {
		t.Fatal(err)
	}
	l := gt.get("/app/feedback")
	mustOK(t, l)
	mustContain(t, "queue", l.body, "Xe đưa đón học sinh chở quá số người", "Sở Giao thông Vận tải", "Mới")
	mustNotContain(t, "queue", l.body, "Hỏi về tiêm chủng")
	other := "/app/feedback/" + itoa(theirs.ID)
	for name, r := range map[string]resp{
		"show":  gt.get(other),
		"reply": gt.post(other+"/reply", url.Values{"version": {"1"}, "reply": {"Trả lời"}}),
		"mark":  gt.post(other+"/status", url.Values{"version": {"1"}, "status": {"spam"}}),
	} {
		if r.StatusCode != http.StatusNotFound {
			t.Errorf("%s another agency's message: %d", name, r.StatusCode)
		}
	}

	path := "/app/feedback/" + itoa(ours.ID)
	r := gt.get(path)
	mustOK(t, r)
	mustContain(t, "message", r.body, "&lt;script&gt;alert(1)&lt;/script&gt;", "Nguyễn Thị Hoa", "hoa@example.org", "Đánh dấu thư rác", "Lưu trữ")
	mustNotContain(t, "message", r.body, "<script>alert(1)</script>")

	reply := "Sở đã giao Thanh tra Sở kiểm tra xe của trường Hồng Hải trong tuần này."
	r = gt.post(path+"/reply", url.Values{"version": {itoa(ours.Version)}, "reply": {reply}, "publish": {"on"}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d %s", r.StatusCode, r.body)
	}
	mustContain(t, "after reply", gt.get(path).body, "gửi thư cho người hỏi", "Đã trả lời", reply)
	sent := mailer.messages()
	if len(sent) != 1 {
		t.Fatalf("%d e-mails sent", len(sent))
	}
	msg := sent[0]
	if len(msg.To) != 1 || msg.To[0].Email != "hoa@example.org" || msg.To[0].Name != "Nguyễn Thị Hoa" || msg.Subject != "Trả lời: Xe đưa đón học sinh chở quá số người" ||
		!strings.Contains(msg.Text, reply) || !strings.Contains(msg.Text, "> chở 40 em.") || msg.From.Email != "cong@quangninh.tebdg.example" {
		t.Errorf("e-mail %+v", msg)
	}
	f, _ := e.store.FeedbackItem(ctx, ours.ID)
	if f.Status != store.FeedbackAnswered || !f.Published || f.Reply != reply {
		t.Errorf("stored %+v", f)
	}

	// The mail server is down: the changed answer is kept all the same.
	mailer.fail = true
	r = gt.post(path+"/reply", url.Values{"version": {itoa(f.Version)}, "reply": {reply + " Kết quả sẽ được thông báo."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply with mail down: %d", r.StatusCode)
	}
	mustContain(t, "mail down", gt.get(path).body, "chưa gửi được thư")
	if f, _ = e.store.FeedbackItem(ctx, ours.ID); !strings.HasSuffix(f.Reply, "Kết quả sẽ được thông báo.") || f.Published {
		t.Errorf("answer after a failed mail: %+v", f)
	}
	mailer.fail = false

	// An empty answer is refused next to its field.
	r = gt.post(path+"/reply", url.Values{"version": {itoa(f.Version)}, "reply": {"  "}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "nhập nội dung trả lời") {
		t.Errorf("empty answer: %d", r.StatusCode)
	}
	// A stale version.
	r = gt.post(path+"/status", url.Values{"version": {itoa(ours.Version)}, "status": {"spam"}})
	if r.StatusCode != http.StatusConflict {
		t.Errorf("stale mark: %d", r.StatusCode)
	}

	// Spam leaves the queue for its own tab.
	r = gt.post(path+"/status", url.Values{"version": {itoa(f.Version)}, "status": {"spam"}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/app/feedback" {
		t.Fatalf("spam: %d %s", r.StatusCode, r.body)
	}
	if f, _ = e.store.FeedbackItem(ctx, ours.ID); f.Status != store.FeedbackSpam {
		t.Errorf("status %q", f.Status)
	}
	mustNotContain(t, "new tab", gt.get("/app/feedback").body, "Xe đưa đón học sinh chở quá số người")
	mustContain(t, "spam tab", gt.get("/app/feedback?status=spam").body, "Xe đưa đón học sinh chở quá số người")
	if n := len(mailer.messages()); n != 1 {
		t.Errorf("%d e-mails after all", n)
	}

	// A message with a phone number only: the answer is saved, no mail.
	phone, _ := e.store.AddFeedback(ctx, citizen, transport, domain.Feedback{Contact: "0203 3835 000", Subject: "Giờ tiếp dân", Message: "Sở tiếp dân giờ nào?"})
	r = gt.post("/app/feedback/"+itoa(phone.ID)+"/reply", url.Values{"version": {itoa(phone.Version)}, "reply": {"Sáng thứ Năm hằng tuần."}})
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply by phone: %d", r.StatusCode)
	}
	mustContain(t, "phone reply", gt.get("/app/feedback/"+itoa(phone.ID)).body, "Đã lưu câu trả lời.")
	if n := len(mailer.messages()); n != 1 {
		t.Errorf("a message without e-mail was mailed: %d", n)
	}
}

// The directory form adds and changes an agency's services; another
// agency's entries look absent.
func TestDirectoryForms(t *testing.T) { storetest.Run(t, testDirectoryForms) }

func testDirectoryForms(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	gt := e.portalEditor("bientap.gt", "QN-SGTVT")
	yt := e.portalEditor("bientap.yt", "QN-SYT")
	form := url.Values{"org": {"QN-SGTVT"}, "kind": {"shelter"}, "organization": {"Trung tâm Công tác xã hội tỉnh"}, "name": {"Nhà tạm lánh Hạ Long"},
		"address": {"Số 1 đường Bí Mật"}, "phone": {"0203 3656 111"}, "confidential": {"on"}, "free": {"on"}, "active": {"on"}}
	r := gt.post("/app/directory", url.Values{"org": {"QN-SGTVT"}, "kind": {"shelter"}, "name": {"Thiếu cơ quan"}})
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "nhập tên cơ quan, tổ chức") || !strings.Contains(r.body, `value="Thiếu cơ quan"`) {
		t.Errorf("bad service: %d", r.StatusCode)
	}
	r = gt.post("/app/directory", form)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("add service: %d %s", r.StatusCode, r.body)
	}
	path := r.Header.Get("Location")
	page := gt.get(path)
	mustContain(t, "service", page.body, "Nhà tạm lánh Hạ Long", "chỉ hiện số điện thoại", `name="confidential" aria-describedby="f-confidential-hint" checked`)
	mustContain(t, "directory", gt.get("/app/directory").body, "Nhà tạm lánh Hạ Long", "địa chỉ giữ kín")
	if r := yt.get(path); r.StatusCode != http.StatusNotFound {
		t.Errorf("another agency's service: %d", r.StatusCode)
	}
	mustNotContain(t, "their directory", yt.get("/app/directory").body, "Nhà tạm lánh Hạ Long")
	version := hiddenVersion.FindStringSubmatch(page.body)[1]
	form.Set("version", version)
	form.Del("active")
	if r := yt.post(path, form); r.StatusCode != http.StatusNotFound {
		t.Errorf("another agency changes a service: %d", r.StatusCode)
	}
	mustOK(t, gt.post(path, form))
	mustContain(t, "inactive", gt.get("/app/directory").body, "Ngừng")
	if r := gt.post(path, form); r.StatusCode != http.StatusConflict {
		t.Errorf("stale service: %d", r.StatusCode)
	}
}

// The statistics page counts the site's visits and the agency's most read
// posts.
func TestPortalStats(t *testing.T) { storetest.Run(t, testPortalStats) }

func testPortalStats(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	gt := e.portalEditor("bientap.gt", "QN-SGTVT")
	path := newPost(t, gt, map[string]string{"title": "Phòng chống đuối nước cho trẻ em mùa hè"}, nil)
	mustOK(t, move(t, gt, path, url.Values{"to": {"published"}}))
	p, _ := e.store.Post(ctx, int64(mustAtoi(postLink.FindStringSubmatch(path)[1])))
	day := time.Now().In(vntext.Location).Format(time.DateOnly)
	if err := e.store.CountViews(ctx, day, map[int64]int64{0: 1234, p.ID: 56}, []string{"a", "b", "c"}); err != nil {
		t.Fatal(err)
	}
	r := gt.get("/app/portal/stats")
	mustOK(t, r)
	mustContain(t, "stats", r.body, "Thống kê truy cập", "<svg", "1.234", "Phòng chống đuối nước cho trẻ em mùa hè", ">56<",
		vntext.FormatDate(time.Now().In(vntext.Location)))
	if !strings.Contains(r.body, `aria-current="page">Thống kê truy cập`) {
		t.Error("the menu does not mark the statistics page")
	}
}
