package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"math"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

//go:embed templates
var templateFS embed.FS

// views holds one parsed template set per page: the layout, the shared
// partials and the page's own file.
type views struct {
	pages map[string]*template.Template
}

func loadViews(a *assets, areas []fs.FS) (*views, error) {
	funcs := template.FuncMap{
		"asset":    a.path,
		"date":     FmtDate,
		"datetime": fmtDateTime,
		"num":      func(n int) string { return vntext.FormatInt(int64(n)) },
		"isodate":  func(t time.Time) string { return t.In(vntext.Location).Format(time.DateOnly) },
		"dmy":      DMY,
		"monthOf":  func(t time.Time) string { return t.Format("2006-01") },
		"int64":    func(f float64) int64 { return int64(math.Round(f)) },
		"add":      func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			s := make([]int, n)
			for i := range s {
				s[i] = i
			}
			return s
		},
	}
	base, err := template.New("layout").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	kit, err := fs.Sub(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	v := &views{pages: map[string]*template.Template{}}
	if err := v.add(base, kit, false); err != nil {
		return nil, err
	}
	for _, set := range areas {
		if err := v.add(base, set, true); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// add parses the pages of one set of templates (the kit's or an area's):
// each page gets the layout, the kit's partials, the set's partials and its
// own file. A page name is unique across the whole application.
func (v *views) add(base *template.Template, set fs.FS, ownPartials bool) error {
	partials, err := fs.Glob(set, "partials/*.html")
	if err != nil {
		return err
	}
	if ownPartials && len(partials) > 0 {
		if base, err = base.Clone(); err != nil {
			return err
		}
		if _, err := base.ParseFS(set, "partials/*.html"); err != nil {
			return err
		}
	}
	files, err := fs.Glob(set, "pages/*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if _, dup := v.pages[name]; dup {
			return fmt.Errorf("two pages named %q", name)
		}
		t, err := base.Clone()
		if err != nil {
			return err
		}
		if _, err := t.ParseFS(set, f); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		v.pages[name] = t
	}
	return nil
}

// FmtDate shows an instant as its date in Vietnam (dd/mm/yyyy); the zero
// time as "".
func FmtDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return vntext.FormatDate(t.In(vntext.Location))
}

func fmtDateTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return vntext.FormatDateTime(t.In(vntext.Location))
}

// DMY shows a stored YYYY-MM-DD day as dd/mm/yyyy.
func DMY(day string) string {
	t, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return day
	}
	return vntext.FormatDate(t)
}

// Viewer is what a page template receives: a Page, or an area's page type
// that embeds one and adds what the area's templates call.
type Viewer interface{ View() *Page }

// View is the page itself.
func (p *Page) View() *Page { return p }

// Page is what every template receives.
type Page struct {
	Lang    string
	Title   string
	Nav     string // the navigation entry to mark as current
	User    *domain.User
	Flash   string
	Path    string // the request's path and query, for "next" links
	Version string
	Form    form
	Data    any
	Unread  int          // the user's unread notifications, shown in the navigation
	Portal  *PortalFrame // public portal pages only
	Caps    Capabilities
}

// T picks the Vietnamese or English text.
func (p *Page) T(vi, en string) string {
	if p.Lang == "en" {
		return en
	}
	return vi
}

// Tf is T with format arguments.
func (p *Page) Tf(vi, en string, args ...any) string { return fmt.Sprintf(p.T(vi, en), args...) }

// Can reports what the signed-in user may open, so navigation shows only
// what works for them.
func (p *Page) Can() Capabilities { return p.Caps }

// OrgName shows an org unit in the page's language.
func (p *Page) OrgName(o domain.OrgUnit) string { return o.DisplayName(p.Lang) }

// AssignmentOrg shows an assignment's org in the page's language.
func (p *Page) AssignmentOrg(a domain.Assignment) string {
	if p.Lang == "en" && a.OrgNameEN != "" {
		return a.OrgNameEN
	}
	return a.OrgName
}

// form carries submitted values back into a page with the problems found.
type form struct {
	Values  url.Values
	Errors  map[string]string
	Summary []string
}

// Get returns a submitted value.
func (f form) Get(k string) string { return f.Values.Get(k) }

// Chosen reports whether a many-valued field of the form holds value.
func (p *Page) Chosen(key, value string) bool { return slices.Contains(p.Form.Values[key], value) }

// Err returns the message for a field, or "".
func (f form) Err(k string) string { return f.Errors[k] }

// Has reports whether any problem was found.
func (f form) Has() bool { return len(f.Errors) > 0 || len(f.Summary) > 0 }

// Checked reports whether a checkbox value was sent.
func (f form) Checked(k string) bool { return f.Values.Get(k) != "" }

// Refuse shows a form again with what was sent and the problems found in
// it (multipart values included: parsing copies them into PostForm).
func (p *Page) Refuse(r *http.Request, err error) {
	p.Form.Values = r.PostForm
	p.Form.SetErr(err, p.Lang)
}

// SetErr files err's messages by field; errors without a field go to the
// summary only. Every message is in the summary, which links to its field.
func (f *form) SetErr(err error, lang string) {
	if f.Errors == nil {
		f.Errors = map[string]string{}
	}
	for _, e := range errs.Fields(err) {
		msg := e.Message(lang)
		if e.Field != "" {
			if _, dup := f.Errors[e.Field]; !dup {
				f.Errors[e.Field] = msg
			}
		}
		f.Summary = append(f.Summary, msg)
	}
	if len(errs.Fields(err)) == 0 {
		f.Summary = append(f.Summary, errs.As(err).Message(lang))
	}
}

// NewPage is the page a handler fills: the user, the language, the path,
// an empty form, the navigation entry nav marked as current.
func (s *Server) NewPage(r *http.Request, title, nav string) *Page {
	st := State(r)
	p := &Page{Lang: st.Lang, Title: title, Nav: nav, User: st.User, Path: r.URL.RequestURI(), Version: s.cfg.Version,
		Form: form{Values: url.Values{}}}
	if st.User != nil {
		p.Caps = capabilitiesOf(*st.User)
	}
	return p
}

// Render writes a page. It renders into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (s *Server) Render(w http.ResponseWriter, r *http.Request, status int, name string, v Viewer) {
	p := v.View()
	t, ok := s.views.pages[name]
	if !ok {
		s.Fail(w, r, errs.Wrap(fmt.Errorf("no template %q", name), "render"))
		return
	}
	if p.User != nil {
		p.Unread, _ = s.store.UnreadCount(r.Context(), p.User.ID)
	}
	if c, err := r.Cookie(flashCookie); err == nil {
		p.Flash = flashText(c.Value, p.Lang)
		setCookie(w, r, flashCookie, "", -1)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("render", "page", name, "err", err)
		http.Error(w, "lỗi hệ thống (internal error)", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// StatusOf maps error codes to HTTP statuses: the one place that does.
func StatusOf(code errs.Code) int {
	switch code {
	case errs.Invalid:
		return http.StatusBadRequest
	case errs.NotFound:
		return http.StatusNotFound
	case errs.Exists, errs.Conflict:
		return http.StatusConflict
	case errs.Unauthorized:
		return http.StatusUnauthorized
	case errs.Forbidden:
		return http.StatusForbidden
	case errs.Throttled:
		return http.StatusTooManyRequests
	case errs.TooLarge:
		return http.StatusRequestEntityTooLarge
	case errs.Unavailable:
		return http.StatusServiceUnavailable
	default:
		return http.StatusInternalServerError
	}
}

// Fail answers with an error: JSON under /api/, a page elsewhere.
func (s *Server) Fail(w http.ResponseWriter, r *http.Request, err error) {
	e := errs.As(err)
	status := StatusOf(e.Code)
	if status >= 500 {
		s.log.Error("request failed", "path", r.URL.Path, "err", err)
	}
	if e.Code == errs.Throttled && e.RetryAfter > 0 {
		w.Header().Set("Retry-After", fmt.Sprint(int(e.RetryAfter.Seconds()+0.999)))
	}
	lang := State(r).Lang
	if strings.HasPrefix(r.URL.Path, "/api/") {
		WriteJSON(w, status, map[string]any{"error": apiError{Code: string(e.Code), Message: e.Message(lang), Field: e.Field}})
		return
	}
	p := s.NewPage(r, "", "")
	p.Title = p.T("Có lỗi", "Error")
	p.Data = errorPage{Status: status, Message: e.Message(lang)}
	s.Render(w, r, status, "error", p)
}

type apiError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
}

type errorPage struct {
	Status  int
	Message string
}

// WriteJSON answers with v as JSON.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	_ = enc.Encode(v)
}

func (s *Server) handleNotFound(w http.ResponseWriter, r *http.Request) {
	s.Fail(w, r, errs.New(errs.NotFound, "không tìm thấy trang này", "page not found"))
}

func (s *Server) handleAPINotFound(w http.ResponseWriter, r *http.Request) {
	s.Fail(w, r, errs.New(errs.NotFound, "không có địa chỉ API này", "no such API endpoint"))
}

// Flash messages survive one redirect in a cookie holding a code, never
// free text.
const flashCookie = "tebdg_flash"

var flashes = map[string][2]string{
	"saved":             {"Đã lưu thay đổi.", "Changes saved."},
	"created":           {"Đã tạo.", "Created."},
	"moved":             {"Đã chuyển đơn vị.", "Unit moved."},
	"deactivated":       {"Đã ngừng hoạt động đơn vị.", "Unit deactivated."},
	"reactivated":       {"Đơn vị hoạt động trở lại.", "Unit reactivated."},
	"reorg_prepared":    {"Đã chuẩn bị việc sắp xếp. Hệ thống sẽ thực hiện vào ngày hiệu lực; xem trước những gì sẽ được chuyển ở dưới.", "The reorganisation is prepared. tebdg applies it on its date; what it moves is shown below."},
	"reorg_applied":     {"Đã thực hiện việc sắp xếp.", "The reorganisation was applied."},
	"reorg_cancelled":   {"Đã huỷ việc sắp xếp.", "The reorganisation was cancelled."},
	"role_added":        {"Đã giao vai trò.", "Role assigned."},
	"role_removed":      {"Đã gỡ vai trò.", "Role removed."},
	"disabled":          {"Đã khóa tài khoản và kết thúc mọi phiên đăng nhập của người này.", "Account disabled and its sessions ended."},
	"enabled":           {"Đã mở khóa tài khoản.", "Account enabled."},
	"password":          {"Đã đổi mật khẩu. Các phiên đăng nhập khác, mã truy cập API và đường dẫn lịch bí mật của bạn đã bị thu hồi; hãy tạo mã mới nếu cần.", "Password changed. Your other sessions, API tokens and secret calendar addresses were revoked; make new ones if you need them."},
	"revoked":           {"Đã thu hồi mã truy cập.", "Token revoked."},
	"signed_out":        {"Bạn đã đăng xuất.", "You have signed out."},
	"submitted":         {"Đã trình kế hoạch để phê duyệt.", "The plan was submitted for approval."},
	"approved":          {"Đã phê duyệt kế hoạch.", "The plan was approved."},
	"sent":              {"Đã gửi kế hoạch cho cơ quan điều phối.", "The plan was sent to the coordinator."},
	"returned":          {"Đã trả lại kế hoạch kèm ý kiến.", "The plan was returned with a comment."},
	"results-submit":    {"Đã trình báo cáo kết quả để lãnh đạo duyệt.", "The results report was submitted for approval."},
	"results-approve":   {"Đã duyệt báo cáo kết quả và cấp số văn bản.", "The results report was approved and numbered."},
	"results-send":      {"Đã gửi báo cáo kết quả cho cơ quan điều phối.", "The results report was sent to the coordinator."},
	"results-accept":    {"Đã tiếp nhận báo cáo kết quả.", "The results report was accepted."},
	"results-return":    {"Đã trả lại báo cáo kết quả kèm ý kiến.", "The results report was returned with a comment."},
	"copied":            {"Đã tạo bản dự thảo cho năm mới từ kế hoạch cũ.", "A draft for the new year was made from the plan."},
	"deleted":           {"Đã xóa.", "Deleted."},
	"reported":          {"Đã ghi nhận báo cáo tiến độ.", "Progress recorded."},
	"report_submitted":  {"Đã gửi báo cáo lên cấp trên.", "The report was submitted."},
	"report_accepted":   {"Đã tiếp nhận báo cáo; số liệu được khóa.", "The report was accepted; its data is locked."},
	"report_returned":   {"Đã trả lại báo cáo kèm ý kiến.", "The report was returned with a comment."},
	"report_reopened":   {"Đã mở lại báo cáo để sửa.", "The report was reopened for changes."},
	"files_added":       {"Đã đính kèm tệp vào báo cáo.", "The files were attached to the report."},
	"file_removed":      {"Đã gỡ tệp khỏi báo cáo.", "The file was removed from the report."},
	"event_created":     {"Đã thêm vào lịch công tác.", "The event was added to the calendar."},
	"activity_logged":   {"Đã ghi nhận hoạt động.", "The activity was logged."},
	"record_created":    {"Đã thêm vào sổ theo dõi.", "The record was added."},
	"moved_state":       {"Đã chuyển trạng thái.", "The state was changed."},
	"imported":          {"Đã nhập dữ liệu từ tệp.", "The file was imported."},
	"retrying":          {"Các thư lỗi được đưa lại vào hàng đợi để gửi.", "The failed e-mails are queued again."},
	"case_document":     {"Đã lưu tài liệu vào hồ sơ (được mã hoá).", "The document is kept with the case (encrypted)."},
	"case_closed":       {"Đã đóng hồ sơ vụ việc.", "The case is closed."},
	"case_reopened":     {"Đã mở lại hồ sơ vụ việc.", "The case is open again."},
	"case_referred":     {"Đã chuyển gửi; tải thư chuyển gửi để gửi kèm.", "Referred; download the referral letter to send with it."},
	"consent_withdrawn": {"Đã rút lại sự đồng ý; các chuyển gửi dựa trên nó đã dừng.", "Consent withdrawn; the referrals resting on it have stopped."},
	"expired":           {"Phiên làm việc đã hết hạn, hãy đăng nhập lại.", "Your session has ended, please sign in again."},
	// The portal's editors.
	"post_created":      {"Đã lưu bản nháp bài viết.", "The draft post was saved."},
	"post_review":       {"Đã gửi bài để duyệt.", "The post was sent for review."},
	"post_published":    {"Đã đăng bài lên cổng thông tin.", "The post is published on the portal."},
	"post_scheduled":    {"Đã hẹn giờ đăng bài.", "The post is scheduled."},
	"post_archived":     {"Đã lưu trữ bài; bài không còn hiện trên cổng thông tin.", "The post was archived; it no longer shows on the portal."},
	"post_draft":        {"Bài đã về bản nháp và không còn hiện trên cổng thông tin.", "The post is a draft again and no longer shows on the portal."},
	"post_file_removed": {"Đã gỡ tệp khỏi bài viết.", "The file was removed from the post."},
	"reply_saved":       {"Đã lưu câu trả lời.", "The answer was saved."},
	"reply_published":   {"Đã lưu câu trả lời và đăng thành hỏi đáp trên cổng thông tin.", "The answer was saved and published as a question and answer."},
	"reply_mailed":      {"Đã lưu câu trả lời và gửi thư cho người hỏi.", "The answer was saved and e-mailed to the sender."},
	"reply_mailed_published": {"Đã lưu câu trả lời, gửi thư cho người hỏi và đăng thành hỏi đáp.",
		"The answer was saved, e-mailed to the sender and published as a question and answer."},
	"reply_mail_failed": {"Đã lưu câu trả lời nhưng chưa gửi được thư cho người hỏi; hãy liên hệ với họ theo cách khác hoặc thử lại sau.",
		"The answer was saved, but the e-mail to the sender could not be sent; reach them another way or try again later."},
	"reply_not_mailed": {"Đã lưu câu trả lời. Hệ thống chưa được cấu hình gửi thư: hãy báo câu trả lời cho người hỏi theo liên hệ họ để lại.",
		"The answer was saved. E-mail is not set up: tell the sender through the contact they left."},
}

func flashText(code, lang string) string {
	m, ok := flashes[code]
	if !ok {
		return ""
	}
	if lang == "en" {
		return m[1]
	}
	return m[0]
}

// RedirectFlash redirects after a successful POST with a message for the
// next page.
func RedirectFlash(w http.ResponseWriter, r *http.Request, to, flash string) {
	setCookie(w, r, flashCookie, flash, 60)
	Redirect(w, r, to)
}

// fieldView is what the "input" partial renders.
type fieldView struct {
	ID, Name, Label, Type, Value, Err, Hint, ReqText, Auto string
	Required                                               bool
	Max                                                    int
}

// Describe lists the ids that describe the input, for screen readers.
func (f fieldView) Describe() string {
	var ids []string
	if f.Hint != "" {
		ids = append(ids, "f-"+f.ID+"-hint")
	}
	if f.Err != "" {
		ids = append(ids, "f-"+f.ID+"-err")
	}
	return strings.Join(ids, " ")
}

// Field builds an input from a spec "name|type|max|required|autocomplete"
// and its labels; the value and error come from the page's form.
func (p *Page) Field(spec, vi, en string) fieldView {
	parts := strings.Split(spec, "|")
	for len(parts) < 5 {
		parts = append(parts, "")
	}
	f := fieldView{ID: parts[0], Name: parts[0], Label: p.T(vi, en), Type: parts[1], Required: parts[3] == "required",
		Auto: parts[4], ReqText: p.T("bắt buộc", "required")}
	if f.Type == "" {
		f.Type = "text"
	}
	f.Max, _ = strconv.Atoi(parts[2])
	if f.Type != "password" {
		f.Value = p.Form.Get(f.Name)
	}
	f.Err = p.Form.Err(f.Name)
	return f
}

// WithHint adds a hint to a field.
func (f fieldView) WithHint(h string) fieldView { f.Hint = h; return f }

// WithID gives a field another id, when two forms on a page share a name.
func (f fieldView) WithID(id string) fieldView { f.ID = id; return f }

// ActionLabel names an audit action in the page's language.
func (p *Page) ActionLabel(action string) string { return domain.ActionLabel(action, p.Lang) }

// auditTable is what the "auditrows" partial renders.
type auditTable struct {
	*Page
	Rows []domain.AuditEntry
}

// AuditRows wraps audit rows for the partial.
func (p *Page) AuditRows(rows []domain.AuditEntry) auditTable { return auditTable{p, rows} }

// nodeView pairs a tree node with the page, for the recursive partial.
type nodeView struct {
	P *Page
	N *OrgNode
}

// Node wraps a tree node for the "orgnode" partial.
func (p *Page) Node(n *OrgNode) nodeView { return nodeView{p, n} }

// EditField shows a stored value in an edit form, or, when this form is
// being shown again after a problem (fromForm), what the user typed.
func (p *Page) EditField(f fieldView, stored string, fromForm bool) fieldView {
	if !fromForm {
		f.Value, f.Err = stored, ""
	}
	return f
}

// orgSelect is what the "orgselect" partial renders.
type orgSelect struct {
	P                                  *Page
	ID, Name, Label, Value, Err, Empty string
	Choose                             string
	Required                           bool
	Options                            []domain.OrgUnit
}

// OrgSelect builds a select of org units for a form field.
func (p *Page) OrgSelect(name, label string, units []domain.OrgUnit, required bool) orgSelect {
	return orgSelect{P: p, ID: name, Name: name, Label: label, Value: p.Form.Get(name), Err: p.Form.Err(name),
		Required: required, Options: units, Choose: p.T("— Chọn đơn vị —", "— Choose a unit —")}
}

// WithEmpty names the empty choice.
func (o orgSelect) WithEmpty(s string) orgSelect { o.Empty = s; return o }

// WithValue preselects a unit unless the form was sent back with a value.
func (o orgSelect) WithValue(code string, fromForm bool) orgSelect {
	if !fromForm {
		o.Value, o.Err = code, ""
	}
	return o
}

// WithID gives the select another id.
func (o orgSelect) WithID(id string) orgSelect { o.ID = id; return o }

// Query is the request's query string, for links that keep the filters.
func (p *Page) Query() string {
	_, q, _ := strings.Cut(p.Path, "?")
	return q
}

// PortalFrame is what the portal's layout shows around every page.
type PortalFrame struct {
	Categories []domain.PostCategory
	Agencies   []domain.OrgUnit
	Hotlines   []domain.Service
	Visits     domain.VisitTotals
	Query      string
	Section    string // the category or agency code shown, for the menu
	Canonical  string // the page's own address, for Open Graph
	OGType     string
	OGDesc     string
	OGImage    string
	Print      bool
	Feed       string // the Atom feed of the page, if any
	Site       string // the province (the root unit) whose portal this is
	Links      []domain.PortalLink
}
