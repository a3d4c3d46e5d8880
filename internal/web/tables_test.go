package web_test

import (
	"bytes"
	"encoding/csv"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

// download fetches a list as format and reads it back as rows of text:
// the XLSX with excelize (so cells read as an English Excel shows them),
// the CSV as a spreadsheet parses it.
func (c *client) download(path, format string) [][]string {
	c.e.t.Helper()
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	r := c.get(path + sep + "format=" + format)
	if r.StatusCode != http.StatusOK {
		c.e.t.Fatalf("%s as %s: %d %s", path, format, r.StatusCode, r.body[:min(len(r.body), 300)])
	}
	if cd := r.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "."+format+`"`) {
		c.e.t.Errorf("%s as %s: Content-Disposition %q", path, format, cd)
	}
	if r.Header.Get("Cache-Control") != "no-store" {
		c.e.t.Errorf("%s as %s: a copy may be kept (Cache-Control %q)", path, format, r.Header.Get("Cache-Control"))
	}
	if format == "csv" {
		if ct := r.Header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			c.e.t.Errorf("%s: Content-Type %q", path, ct)
		}
		body, ok := strings.CutPrefix(r.body, "\ufeff")
		if !ok {
			c.e.t.Errorf("%s: the CSV lacks the byte order mark Excel needs for Vietnamese", path)
		}
		rows, err := csv.NewReader(strings.NewReader(body)).ReadAll()
		if err != nil {
			c.e.t.Fatalf("%s: %v", path, err)
		}
		return rows
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		c.e.t.Errorf("%s: Content-Type %q", path, ct)
	}
	f, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
	if err != nil {
		c.e.t.Fatalf("%s: %v", path, err)
	}
	sheet := f.GetSheetName(0)
	if p, err := f.GetPanes(sheet); err != nil || !p.Freeze || p.YSplit != 1 {
		c.e.t.Errorf("%s: the header row is not frozen (%+v, %v)", path, p, err)
	}
	rows, err := f.GetRows(sheet)
	if err != nil {
		c.e.t.Fatal(err)
	}
	return rows
}

// hasRow reports whether a row of rows holds every one of cells, in order,
// each in a column of its own.
func hasRow(rows [][]string, cells ...string) bool {
	for _, r := range rows {
		i := 0
		for _, c := range r {
			if i < len(cells) && c == cells[i] {
				i++
			}
		}
		if i == len(cells) {
			return true
		}
	}
	return false
}

// Every list a user sees comes down as XLSX and as CSV, with the page's
// headers in Vietnamese and its rows (a known demo row each), and the page
// links to both with its filters.
func TestTableDownloads(t *testing.T) { storetest.Run(t, testTableDownloads) }

func testTableDownloads(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	for _, c := range []struct {
		user, path string
		header     []string
		// row is a demo row as XLSX shows it and as CSV writes it.
		xlsx, csv []string
	}{
		{"manager", "/app/activities?year=2024&type=training",
			[]string{"Từ ngày", "Đến ngày", "Hoạt động", "Loại", "Mục kế hoạch", "Đơn vị", "Địa điểm", "Người tham gia", "Trẻ em nam", "Trẻ em nữ", "Người lớn nam", "Người lớn nữ", "Kinh phí"},
			[]string{"20/11/2024", "Tập huấn kiến thức bình đẳng giới cho công chức, viên chức, người lao động", "Văn phòng Sở", "115", "64", "51", "12,000,000 đ"},
			[]string{"20/11/2024", "Tập huấn kiến thức bình đẳng giới cho công chức, viên chức, người lao động", "Văn phòng Sở", "115", "64", "51", "12000000"}},
		{"manager", "/app/tasks?due=all",
			[]string{"Hạn", "Hạn cuối", "Mục", "Việc", "Kế hoạch", "Vai trò", "Đơn vị chủ trì", "Tình trạng", "Tiến độ"},
			[]string{"Quý IV/2024", "15/12/2024", "Đánh giá giữa kỳ (giai đoạn 2021- 2025) việc thực hiện các mục tiêu về trẻ em, bình đẳng giới, đánh giá thực hiện các kế hoạch phối hợp, Quy chế phối hợp liên ngành phòng chống bạo lực trên cơ sở giới, xâm hại trẻ em.", "Chủ trì", "Văn phòng Sở", "0%"},
			[]string{"Quý IV/2024", "15/12/2024", "Đánh giá giữa kỳ (giai đoạn 2021- 2025) việc thực hiện các mục tiêu về trẻ em, bình đẳng giới, đánh giá thực hiện các kế hoạch phối hợp, Quy chế phối hợp liên ngành phòng chống bạo lực trên cơ sở giới, xâm hại trẻ em.", "Chủ trì", "Văn phòng Sở", "0%"}},
		{"coordinator", "/app/templates/BC-TEBDG-QUY/completeness?period=2024Q2",
			[]string{"Mã đơn vị", "Đơn vị", "Trạng thái", "Gửi lúc", "Hạn gửi", "Đúng hạn"},
			[]string{"QN-SGTVT", "Sở Giao thông Vận tải", "Đã tiếp nhận"},
			[]string{"QN-SGTVT", "Sở Giao thông Vận tải", "Đã tiếp nhận"}},
		{"manager", "/app/analytics/targets?programme=children&org=QN-SGTVT",
			[]string{"Mã chỉ số", "Chỉ số", "Đơn vị tính", "Cơ sở", "2021", "2022", "2023", "2024", "2025", "Mục tiêu 2025", "% so với mục tiêu", "Đánh giá"},
			[]string{"BIEN-BS", "Số biển cấm, biển báo, biển chỉ dẫn được bổ sung", "biển", "15"},
			[]string{"BIEN-BS", "Số biển cấm, biển báo, biển chỉ dẫn được bổ sung", "biển", "15"}},
		{"manager", "/app/legal?q=240",
			[]string{"Loại", "Số, ký hiệu", "Ngày ban hành", "Năm", "Cơ quan ban hành", "Trích yếu", "Hiệu lực", "Kế hoạch trích dẫn", "Liên kết"},
			[]string{"Công văn", "240/LĐTBXH-TE&BĐG", "24/01/2024", "Hướng dẫn triển khai công tác trẻ em và bình đẳng giới năm 2024"},
			[]string{"Công văn", "240/LĐTBXH-TE&BĐG", "24/01/2024", "Hướng dẫn triển khai công tác trẻ em và bình đẳng giới năm 2024"}},
		{"manager", "/app/gifts/children",
			[]string{"Mã đơn vị", "Tên đơn vị", "Họ tên cán bộ", "Họ tên cháu", "Ngày sinh", "Giới tính", "Hoàn cảnh đặc biệt", "Hoàn cảnh", "Thành tích"},
			[]string{"QN-SGTVT-KCHT", "Phạm Quang Huy", "Phạm Bảo Ngọc", "29/02/2012", "Nữ"},
			[]string{"QN-SGTVT-KCHT", "Phạm Quang Huy", "Phạm Bảo Ngọc", "29/02/2012", "Nữ"}},
		{"editor", "/app/feedback?status=all",
			[]string{"Số", "Tiêu đề", "Gửi tới", "Thời gian nhận", "Trạng thái", "Trả lời lúc", "Đã đăng hỏi đáp", "Về bài viết"},
			[]string{"Quy định đội mũ bảo hiểm cho trẻ em", "Sở Giao thông Vận tải", "Đã trả lời", "Có"},
			[]string{"Quy định đội mũ bảo hiểm cho trẻ em", "Sở Giao thông Vận tải", "Đã trả lời", "Có"}},
		{"admin", "/app/audit?actor=leader&action=plan.approve",
			[]string{"Số thứ tự", "Thời gian", "Người thực hiện", "Thao tác", "Loại đối tượng", "Đối tượng", "Đơn vị"},
			[]string{"leader", "Phê duyệt kế hoạch", "plan", "1", "QN-SGTVT"},
			[]string{"leader", "Phê duyệt kế hoạch", "plan", "1", "QN-SGTVT"}},
	} {
		c2 := e.signedIn(c.user)
		page := c2.get(c.path)
		mustOK(t, page)
		// The page links to both files, with the filters it shows.
		mustContain(t, c.path, page.body, "Tải XLSX", "Tải CSV")
		for _, f := range []string{"xlsx", "csv"} {
			if link := downloadLink(page.body, f); !sameQuery(link, c.path+"&format="+f) && !sameQuery(link, c.path+"?format="+f) {
				t.Errorf("%s links to its %s as %q", c.path, f, link)
			}
		}
		for f, want := range map[string][]string{"xlsx": c.xlsx, "csv": c.csv} {
			rows := c2.download(c.path, f)
			if len(rows) < 2 || !slices.Equal(rows[0], c.header) {
				t.Errorf("%s as %s: header %q\nwant %q", c.path, f, at(rows, 0), c.header)
				continue
			}
			if !hasRow(rows[1:], want...) {
				t.Errorf("%s as %s: no row with %q in %d rows; first %q", c.path, f, want, len(rows)-1, at(rows, 1))
			}
			for _, r := range rows {
				for _, v := range r {
					if strings.HasSuffix(v, "…") {
						t.Errorf("%s as %s cuts a cell: %q", c.path, f, v)
					}
				}
			}
		}
	}
}

// downloadLink is the address of the page's link to its list as format.
func downloadLink(body, format string) string {
	m := regexp.MustCompile(`href="([^"]*format=` + format + `[^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// sameQuery reports whether two addresses have one path and one query,
// whatever the order of its parameters.
func sameQuery(a, b string) bool {
	ua, err1 := url.Parse(a)
	ub, err2 := url.Parse(b)
	return err1 == nil && err2 == nil && ua.Path == ub.Path && ua.Query().Encode() == ub.Query().Encode()
}

func at(rows [][]string, i int) []string {
	if i < len(rows) {
		return rows[i]
	}
	return nil
}

// A download holds every row of the filter, not the page the list was on,
// and refuses formats it does not write.
func TestTableDownloadTakesEveryPage(t *testing.T) { storetest.Run(t, testTableDownloadTakesEveryPage) }

func testTableDownloadTakesEveryPage(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	admin := e.signedIn("admin")
	_, total, err := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{}, store.Page{Limit: 1})
	if err != nil || total <= 50 {
		t.Fatalf("the demo's trail has %d rows (%v): too few to take two pages", total, err)
	}
	page := admin.get("/app/audit?page=2")
	mustOK(t, page)
	if u, err := url.Parse(downloadLink(page.body, "csv")); err != nil || u.Query().Has("page") || u.Path != "/app/audit" {
		t.Errorf("the download link is %v (%v): it should ask for every page", u, err)
	}
	rows := admin.download("/app/audit?page=2", "csv")
	// The download's own sign-in rows come after the count; all rows are there.
	if len(rows)-1 < total {
		t.Errorf("the download has %d rows of %d", len(rows)-1, total)
	}
	r := admin.get("/app/audit?format=pdf")
	if r.StatusCode != http.StatusBadRequest || !strings.Contains(r.body, "định dạng phải là xlsx hoặc csv") {
		t.Errorf("a PDF of the trail: %d", r.StatusCode)
	}
	r = e.signedIn("manager").get("/app/gifts/children?format=docx")
	if r.StatusCode != http.StatusBadRequest {
		t.Errorf("a DOCX of the children: %d", r.StatusCode)
	}
}

// A download checks what the page checks: another unit's list is not
// found, a list the user may not see is forbidden, a download of children's
// names is audited, and what comes down is the user's reach only.
func TestTableDownloadsStayInReach(t *testing.T) { storetest.Run(t, testTableDownloadsStayInReach) }

func testTableDownloadsStayInReach(t *testing.T, engine store.Dialect) {
	e := newEnv(t, engine)
	rep := e.signedIn("reporter") // the inspectorate of QN-SGTVT
	m := e.signedIn("manager")    // the Department of Transport
	for _, c := range []struct {
		who    *client
		path   string
		status int
	}{
		{rep, "/app/activities?org=QN-SYT&format=xlsx", http.StatusNotFound},
		{m, "/app/activities?org=QN-SYT&format=csv", http.StatusNotFound},
		{m, "/app/gifts/children?org=QN-SYT&format=xlsx", http.StatusNotFound},
		{rep, "/app/gifts/children?format=xlsx", http.StatusForbidden},
		{e.signedIn("viewer"), "/app/feedback?format=csv", http.StatusForbidden},
		// The figures' filter says "no unit with code QN-SYT", as for a
		// code that does not exist.
		{rep, "/app/analytics/targets?org=QN-SYT&format=xlsx", http.StatusBadRequest},
		{rep, "/app/audit?org=QN-SYT&format=csv", http.StatusBadRequest},
	} {
		r := c.who.get(c.path)
		if r.StatusCode != c.status {
			t.Errorf("%s: %d, want %d", c.path, r.StatusCode, c.status)
		}
		if strings.HasPrefix(r.body, "PK") || strings.HasPrefix(r.body, "\ufeff") {
			t.Errorf("%s sends a file", c.path)
		}
	}
	for _, r := range rep.download("/app/activities?year=2024", "csv")[1:] {
		if r[5] != "Thanh tra Sở" {
			t.Errorf("the inspectorate downloads another unit's activity: %q", r)
		}
	}
	before, _, _ := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "children.export"}, store.Page{})
	m.download("/app/gifts/children", "xlsx")
	after, _, _ := e.store.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "children.export"}, store.Page{})
	if len(after) != len(before)+1 || !strings.Contains(after[0].After, `"format":"xlsx"`) {
		t.Errorf("downloading the children's names is not audited: %d then %d", len(before), len(after))
	}
}
