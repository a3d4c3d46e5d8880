package web_test

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// samplePost is the demo's published sample: the department's plan.
func samplePost(t *testing.T, e *env) domain.Post {
	t.Helper()
	list, _, err := e.store.Posts(ctx, store.PostFilter{Public: true, Now: time.Now(), Search: "Kế hoạch triển khai"}, store.Page{})
	if err != nil || len(list) == 0 {
		t.Fatalf("sample post: %v", err)
	}
	return list[0]
}

func TestPortalPages(t *testing.T) { storetest.Run(t, testPortalPages) }

func testPortalPages(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	home := c.get("/")
	if home.StatusCode != http.StatusOK {
		t.Fatalf("home: %d", home.StatusCode)
	}
	mustContain(t, "home", home.body, "111", "1800 1769", "Kế hoạch triển khai thực hiện công tác trẻ em và bình đẳng giới năm 2024",
		`action="/search"`, `role="search"`, `class="skip"`, "Hôm nay", "Tổng lượt truy cập", `href="/feedback"`, `og:title`, "Liên kết website")
	// The sample, as the department published it.
	p := samplePost(t, e)
	art := c.get(p.URL())
	if art.StatusCode != http.StatusOK {
		t.Fatalf("article: %d", art.StatusCode)
	}
	mustContain(t, "article", art.body, "10/02/2024 15:16", "Sở Giao thông Vận tải", "Nội dung chi tiết", ".docx", "240/LĐTBXH-TE&amp;BĐG",
		`property="og:type" content="article"`, "Bản in", "Tin liên quan")
	fileRe := regexp.MustCompile(`href="/files/(\d+)"`)
	m := fileRe.FindStringSubmatch(art.body)
	if m == nil {
		t.Fatal("no attachment link")
	}
	if f := c.get("/files/" + m[1]); f.StatusCode != http.StatusOK || !strings.HasPrefix(f.body, "PK") {
		t.Errorf("attachment: %d", f.StatusCode)
	}
	if r := c.get("/files/999999"); r.StatusCode != http.StatusNotFound {
		t.Errorf("missing file: %d", r.StatusCode)
	}
	// Old or shortened addresses lead to the one address.
	if r := c.get("/posts/" + strconv.FormatInt(p.ID, 10)); r.StatusCode != http.StatusMovedPermanently || r.Header.Get("Location") != p.URL() {
		t.Errorf("short address: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if r := c.get(p.URL() + "?view=print"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "print-view") {
		t.Errorf("print view: %d", r.StatusCode)
	}
	// A post in review is not public.
	drafts, _, _ := e.store.Posts(ctx, store.PostFilter{Scope: domain.Scope{All: true}, Status: domain.PostReview}, store.Page{})
	if len(drafts) == 0 {
		t.Fatal("no demo draft")
	}
	if r := c.get(drafts[0].URL()); r.StatusCode != http.StatusNotFound {
		t.Errorf("draft is public: %d", r.StatusCode)
	}
	for path, want := range map[string][]string{
		"/category/tin-tuc":  {"Tin tức, sự kiện", "đuối nước"},
		"/agencies/QN-SGTVT": {"Sở Giao thông Vận tải", "/calendar/QN-SGTVT"},
		"/directory":         {"Ngôi nhà Ánh Dương", "1800 1769", "Được giữ kín", `href="tel:111"`},
		"/questions":         {"Quy định đội mũ bảo hiểm cho trẻ em", "Trả lời"},
		"/calendar/QN-SGTVT": {"Lịch công tác tuần"},
		"/documents/1":       {"Cơ quan ban hành"},
	} {
		r := c.get(path)
		if r.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", path, r.StatusCode)
			continue
		}
		mustContain(t, path, r.body, want...)
		if len(r.body) > 100_000 {
			t.Errorf("%s: %d bytes, over 100 KB", path, len(r.body))
		}
	}
	if len(home.body) > 100_000 || len(art.body) > 100_000 {
		t.Errorf("pages over 100 KB: %d %d", len(home.body), len(art.body))
	}
	// A confidential shelter's address is nowhere public.
	for _, path := range []string{"/directory", "/directory.json", "/directory.csv", "/search?q=so+nha+giu+kin"} {
		mustNotContain(t, path, c.get(path).body, "Số nhà giữ kín")
	}
	// The published question does not show who asked.
	mustNotContain(t, "questions", c.get("/questions").body, "Nguyễn Thị Mai", "mai.phuhuynh@example.com")
	for _, path := range []string{"/category/khong-co", "/agencies/NOPE", "/posts/999999/x", "/documents/999999", "/category/khong-co/feed.xml"} {
		if r := c.get(path); r.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d", path, r.StatusCode)
		}
	}
}

func TestPortalFeedsAndDirectoryExports(t *testing.T) {
	storetest.Run(t, testPortalFeedsAndDirectoryExports)
}

func testPortalFeedsAndDirectoryExports(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	var feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			Title string `xml:"title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Published string `xml:"published"`
		} `xml:"entry"`
	}
	r := c.get("/feed.xml")
	if err := xml.Unmarshal([]byte(r.body), &feed); err != nil || r.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
		t.Fatalf("feed: %v %s", err, r.Header.Get("Content-Type"))
	}
	if len(feed.Entries) < 12 || !strings.HasPrefix(feed.Entries[0].Link.Href, e.srv.URL+"/posts/") {
		t.Errorf("feed entries: %d", len(feed.Entries))
	}
	found := false
	for _, en := range feed.Entries {
		found = found || (strings.HasPrefix(en.Title, "Kế hoạch triển khai") && en.Published == "2024-02-10T08:16:00Z")
	}
	if !found {
		t.Error("the sample is not in the feed with its time")
	}
	if err := xml.Unmarshal([]byte(c.get("/category/tre-em/feed.xml").body), &feed); err != nil || len(feed.Entries) == 0 {
		t.Errorf("category feed: %v", err)
	}
	var sm struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(c.get("/sitemap.xml").body), &sm); err != nil || len(sm.URLs) < 20 {
		t.Errorf("sitemap: %v %d", err, len(sm.URLs))
	}
	var dir struct {
		Services []struct {
			Name      string `json:"name"`
			Kind      string `json:"kind"`
			Locations []struct {
				Addresses []struct {
					Address1 string `json:"address_1"`
				} `json:"addresses"`
			} `json:"service_at_locations"`
			Phones []struct {
				Number string `json:"number"`
			} `json:"phones"`
			Confidential bool `json:"address_confidential"`
		} `json:"services"`
		Total int `json:"total"`
	}
	if err := json.Unmarshal([]byte(c.get("/directory.json").body), &dir); err != nil || dir.Total < 8 {
		t.Fatalf("directory.json: %v %d", err, dir.Total)
	}
	if dir.Services[0].Kind != "hotline" || dir.Services[0].Phones[0].Number != "111" {
		t.Errorf("hotlines first: %+v", dir.Services[0])
	}
	for _, s := range dir.Services {
		if s.Confidential && (len(s.Locations) != 0 || len(s.Phones) == 0) {
			t.Errorf("confidential shelter: %+v", s)
		}
	}
	csv := c.get("/directory.csv?kind=hotline")
	if !strings.HasPrefix(csv.body, "\ufeffid,kind") || strings.Count(csv.body, "\n") != 3 {
		t.Errorf("csv: %q", csv.body)
	}
	if r := c.get("/directory.json?kind=bogus"); r.StatusCode != http.StatusBadRequest {
		t.Errorf("bad kind: %d", r.StatusCode)
	}
	if r := c.get("/directory?area=ha+long"); !strings.Contains(r.body, "Ngôi nhà Ánh Dương") || strings.Contains(r.body, "Cảnh sát khẩn cấp") {
		t.Errorf("area filter without accents")
	}
}

func TestPortalCache(t *testing.T) { storetest.Run(t, testPortalCache) }

func testPortalCache(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	first := c.get("/")
	tag := first.Header.Get("ETag")
	if tag == "" || first.Header.Get("Last-Modified") == "" {
		t.Fatal("no ETag or Last-Modified")
	}
	req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/", nil)
	req.Header.Set("If-None-Match", tag)
	if r := c.do(req); r.StatusCode != http.StatusNotModified || r.body != "" {
		t.Errorf("conditional: %d", r.StatusCode)
	}
	// Publishing clears the cache: the new post is on the home page at once.
	code, out := e.api(e.token("editor"), "POST", "/api/v1/posts", `{"org":"QN-SGTVT","category":"tin-tuc","title":"Tin mới toanh về an toàn giao thông",
		"summary":"Tóm tắt","body":"Nội dung **đậm**","status":"published","published_at":"2024-12-20T09:00:00+07:00"}`)
	if code != http.StatusCreated || out["status"] != "published" || !strings.Contains(out["url"].(string), "/posts/") {
		t.Fatalf("api create: %d %v", code, out)
	}
	if r := c.get("/"); !strings.Contains(r.body, "Tin mới toanh về an toàn giao thông") || r.Header.Get("ETag") == tag {
		t.Error("home not refreshed after publishing")
	}
	u, _ := url.Parse(out["url"].(string))
	if r := c.get(u.Path); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "<strong>đậm</strong>") || !strings.Contains(r.body, "20/12/2024 09:00") {
		t.Errorf("new post page: %d", r.StatusCode)
	}
}

func TestPortalSearch(t *testing.T) { storetest.Run(t, testPortalSearch) }

func testPortalSearch(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	r := c.get("/search?q=duoi+nuoc")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("search: %d", r.StatusCode)
	}
	mustContain(t, "search", r.body, "<mark>đuối</mark> <mark>nước</mark>", "kết quả", "Ra quân tuyên truyền phòng, chống")
	// Bad input: a clear message and a 400, never a half result.
	for q, msg := range map[string]string{
		"/search?q=" + strings.Repeat("a", 10000):           "dài quá",
		"/search?q=" + url.QueryEscape("!!! ??? ..."):       "nhập từ cần tìm",
		"/search?q=tre&from=2024-13-45":                     "ngày không hợp lệ",
		"/search?q=tre&from=2024-06-01&to=2024-01-01":       "ngày kết thúc trước ngày bắt đầu",
		"/search?q=tre&from=" + url.QueryEscape("1/1/9999"): "ngày không hợp lệ",
		"/search?q=tre&category=bogus":                      "không có chuyên mục này",
	} {
		r := c.get(q)
		if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, msg) {
			t.Errorf("%.60s: %d, want 400 with %q", q, r.StatusCode, msg)
		}
	}
	// The API: the contract's shape, filters and paging.
	code, out := e.api("", "GET", "/api/v1/search?q="+url.QueryEscape("đuối nước")+"&category=tin-tuc&from=2024-01-01&to=2024-12-31", "")
	if code != http.StatusOK {
		t.Fatalf("api: %d %v", code, out)
	}
	hits := out["hits"].([]any)
	if out["total"].(float64) < 1 || len(hits) == 0 {
		t.Fatalf("api hits: %v", out)
	}
	h := hits[0].(map[string]any)
	for _, k := range []string{"kind", "id", "title", "url", "snippet", "date"} {
		if h[k] == nil || h[k] == "" {
			t.Errorf("hit without %s: %v", k, h)
		}
	}
	if h["kind"] != "post" || !strings.Contains(h["snippet"].(string), "<mark>") {
		t.Errorf("hit: %v", h)
	}
	if code, out := e.api("", "GET", "/api/v1/search?q="+strings.Repeat("x", 10000), ""); code != http.StatusBadRequest || out["error"] == nil {
		t.Errorf("long query: %d", code)
	}
	// Documents and services are found as well.
	_, out = e.api("", "GET", "/api/v1/search?q=ngoi+nha+anh+duong&kind=service", "")
	if out["total"].(float64) < 1 {
		t.Errorf("service not found: %v", out)
	}
	_, out = e.api("", "GET", "/api/v1/search?q=130/2021&kind=document", "")
	if out["total"].(float64) < 1 {
		t.Errorf("document not found: %v", out)
	}
}

func TestFeedbackSpamDefence(t *testing.T) { storetest.Run(t, testFeedbackSpamDefence) }

func testFeedbackSpamDefence(t *testing.T, engine store.Dialect) {
	e, clock := newEnvClock(t, engine)
	c := e.client()
	count := func() int {
		_, n, _ := e.store.FeedbackList(ctx, store.FeedbackFilter{Scope: domain.Scope{All: true}}, store.Page{})
		return n
	}
	before := count()
	form := c.get("/feedback")
	mustContain(t, "form", form.body, `name="website"`, `name="t"`, `name="subject"`, `name="contact"`)
	tok := regexp.MustCompile(`name="t" value="([^"]+)"`).FindStringSubmatch(form.body)[1]
	msg := url.Values{"name": {"Phụ huynh"}, "contact": {"ph@example.com"}, "subject": {"Góp ý <b>đậm</b>"},
		"message": {"Xin hỏi <script>alert(1)</script> về lịch tiêm chủng."}, "t": {tok}}
	// Too fast for a person: refused with the form, nothing saved.
	if r := c.post("/feedback", msg); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "quá nhanh") {
		t.Errorf("too fast: %d", r.StatusCode)
	}
	// The field people do not see: told it went, nothing saved.
	bot := url.Values{"subject": {"Mua ngay"}, "message": {"Quảng cáo"}, "website": {"http://spam.example"}}
	if r := c.post("/feedback", bot); r.StatusCode != http.StatusSeeOther {
		t.Errorf("honeypot: %d", r.StatusCode)
	}
	if count() != before {
		t.Fatal("spam was saved")
	}
	clock.Advance(3100 * time.Millisecond)
	if r := c.post("/feedback", msg); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/feedback/thanks" {
		t.Fatalf("send: %d %s", r.StatusCode, r.body)
	}
	if count() != before+1 {
		t.Fatal("not saved")
	}
	// The contract's four fields alone still work (kept for moderation).
	if r := c.post("/feedback", url.Values{"name": {""}, "contact": {""}, "subject": {"Hỏi"}, "message": {"Câu hỏi"}}); r.StatusCode != http.StatusSeeOther {
		t.Errorf("contract form: %d", r.StatusCode)
	}
	if list, _, _ := e.store.FeedbackList(ctx, store.FeedbackFilter{Scope: domain.Scope{All: true}, Status: store.FeedbackSpam}, store.Page{}); len(list) != 1 || list[0].Subject != "Hỏi" {
		t.Errorf("a message sent without the form is not kept for checking: %v", list)
	}
	// Bad input: a 400 and the message, nothing saved.
	if r := c.post("/feedback", url.Values{"subject": {""}, "message": {""}, "t": {tok}}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "nhập tiêu đề") {
		t.Errorf("empty: %d", r.StatusCode)
	}
	// A flood from one address: once it has 5 messages kept in the
	// window, 429 with Retry-After, never an error.
	n429 := 0
	for range 1000 {
		r := c.post("/feedback", msg)
		switch {
		case r.StatusCode == http.StatusTooManyRequests && r.Header.Get("Retry-After") != "":
			n429++
		case r.StatusCode >= 500:
			t.Fatalf("flood: %d", r.StatusCode)
		}
	}
	if n429 != 997 || count() != before+5 {
		t.Errorf("flood: %d answered 429, %d saved", n429, count()-before)
	}
	if r := c.get("/feedback/thanks"); !strings.Contains(r.body, "Cảm ơn") {
		t.Error("thanks page")
	}
}

func TestVisitCounter(t *testing.T) { storetest.Run(t, testVisitCounter) }

func testVisitCounter(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	c := e.client()
	today := func(ua string) int {
		req, _ := http.NewRequest(http.MethodGet, e.srv.URL+"/search", nil)
		req.Header.Set("User-Agent", ua)
		r := c.do(req)
		m := regexp.MustCompile(`Hôm nay</dt><dd>([0-9.]+)</dd>`).FindStringSubmatch(r.body)
		if m == nil {
			t.Fatal("no visit counter")
		}
		n, _ := strconv.Atoi(strings.ReplaceAll(m[1], ".", ""))
		return n
	}
	browser := "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"
	a := today(browser)
	b := today(browser)
	if b != a+1 {
		t.Errorf("a visit is not counted: %d → %d", a, b)
	}
	if n := today("Googlebot/2.1 (+http://www.google.com/bot.html)"); n != b {
		t.Errorf("a crawler is counted: %d → %d", b, n)
	}
}

func TestAPIPosts(t *testing.T) { storetest.Run(t, testAPIPosts) }

func testAPIPosts(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	tok := e.token("editor")
	// Another agency's section is not the editor's.
	if code, out := e.api(tok, "POST", "/api/v1/posts", `{"org":"QN-SYT","category":"tin-tuc","title":"Tin","status":"draft"}`); code != http.StatusBadRequest || out["error"] == nil {
		t.Errorf("other agency: %d %v", code, out)
	}
	// Unsafe bodies and bad times are refused, nothing saved.
	_, before := e.api(tok, "GET", "/api/v1/posts", "")
	for _, body := range []string{
		`{"org":"QN-SGTVT","category":"tin-tuc","title":"Tin","body":"<script>alert(1)</script>"}`,
		`{"org":"QN-SGTVT","category":"tin-tuc","title":"Tin","body":"[x](javascript:alert(1))"}`,
		`{"org":"QN-SGTVT","category":"tin-tuc","title":"Tin","status":"published","published_at":"3024-01-01"}`,
		`{"org":"QN-SGTVT","category":"tin-tuc","title":"Tin","status":"archived"}`,
	} {
		if code, out := e.api(tok, "POST", "/api/v1/posts", body); code != http.StatusBadRequest {
			t.Errorf("%s: %d %v", body, code, out)
		}
	}
	_, after := e.api(tok, "GET", "/api/v1/posts", "")
	if before["total"] != after["total"] {
		t.Errorf("something was saved: %v → %v", before["total"], after["total"])
	}
	code, out := e.api(tok, "POST", "/api/v1/posts", `{"org":"QN-SGTVT","category":"thong-bao","title":"Lịch kiểm tra bến thủy","status":"review"}`)
	if code != http.StatusCreated || out["status"] != "review" || out["org"] != "QN-SGTVT" {
		t.Fatalf("create: %d %v", code, out)
	}
	// A viewer reads published posts only.
	code, list := e.api(e.token("viewer"), "GET", "/api/v1/posts", "")
	if code != http.StatusOK {
		t.Fatalf("viewer list: %d", code)
	}
	for _, it := range list["items"].([]any) {
		if it.(map[string]any)["status"] != "published" {
			t.Errorf("viewer sees %v", it)
		}
	}
}

func TestPortalLinks(t *testing.T) { storetest.Run(t, testPortalLinks) }

func testPortalLinks(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	pub := e.client()
	mustContain(t, "home", pub.get("/").body, "Cổng thông tin tỉnh Quảng Ninh", `href="https://www.quangninh.gov.vn"`, `href="https://tongdai111.vn"`)
	// An agency's editor keeps the agency's section, not the whole portal's links.
	ed := e.signedIn("editor")
	if r := ed.get("/app/portal/links"); r.StatusCode != http.StatusForbidden {
		t.Errorf("agency editor: %d", r.StatusCode)
	}
	if r := ed.post("/app/portal/links", url.Values{"links": {"X | https://x.example"}}); r.StatusCode != http.StatusForbidden {
		t.Errorf("agency editor saves: %d", r.StatusCode)
	}
	admin := e.signedIn("admin")
	if r := admin.get("/app/portal/links"); r.StatusCode != http.StatusOK || !strings.Contains(r.body, "https://www.quangninh.gov.vn") {
		t.Fatalf("admin: %d", r.StatusCode)
	}
	for body, msg := range map[string]string{
		"Chỉ có tên":                           "dòng 1",
		"Trang | javascript:alert(1)":          "https://",
		"Tốt | https://a.example\n | https://": "dòng 2",
	} {
		if r := admin.post("/app/portal/links", url.Values{"links": {body}}); r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, msg) {
			t.Errorf("%q: %d, want 400 with %q", body, r.StatusCode, msg)
		}
	}
	mustContain(t, "unchanged", pub.get("/").body, `href="https://www.quangninh.gov.vn"`)
	if r := admin.post("/app/portal/links", url.Values{"links": {"Sở Giáo dục và Đào tạo | https://sogddt.example.gov.vn\r\n\r\nTổng đài 111 | https://tongdai111.vn"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d %s", r.StatusCode, r.body)
	}
	home := pub.get("/").body
	mustContain(t, "home after", home, `href="https://sogddt.example.gov.vn"`, "Sở Giáo dục và Đào tạo")
	mustNotContain(t, "home after", home, "https://www.quangninh.gov.vn")
}
