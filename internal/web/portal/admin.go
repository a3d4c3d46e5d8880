package portal

import (
	"context"
	"html/template"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/store"
	"tebdg/internal/upload"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The editors' side of the public portal: posts with their workflow and
// files, the support-service directory, the feedback queue and the visit
// statistics. Every post, service and message belongs to an org unit; an
// editor reaches the units of auth.PortalScope, and a record outside it
// answers 404 as if it did not exist, like the rest of the application.

// portalGate refuses, with 403, someone who edits no part of the portal, and
// returns the user and where they edit.
func portalGate(r *http.Request) (domain.User, domain.Scope, error) {
	u := *web.State(r).User
	sc := auth.PortalScope(u)
	if sc.Empty() {
		return u, sc, errs.ErrNoAccess
	}
	return u, sc, nil
}

// gatedUnits is, for someone who edits some section of the portal, who
// they are and the units whose sections they edit: what a new post or
// service form offers.
func (s *Handler) gatedUnits(r *http.Request) (domain.User, []domain.OrgUnit, error) {
	u, sc, err := portalGate(r)
	if err != nil {
		return u, nil, err
	}
	units, err := s.portalUnits(r, sc)
	return u, units, err
}

// portalUnits lists the units whose portal section the user edits, for
// select boxes, parents first.
func (s *Handler) portalUnits(r *http.Request, sc domain.Scope) ([]domain.OrgUnit, error) {
	units, _, err := s.store.OrgUnits(r.Context(), sc, store.OrgFilter{}, nil)
	return web.SortUnits(units, web.State(r).Lang), err
}

// unitNames maps the units' codes to their names in lang, for lists whose
// records carry only a code.
func unitNames(units []domain.OrgUnit, lang string) map[string]string {
	out := make(map[string]string, len(units))
	for _, o := range units {
		out[o.Code] = o.DisplayName(lang)
	}
	return out
}

// chosenUnit reads the unit chosen in a form, which must be one whose
// section the user edits.
func (s *Handler) chosenUnit(r *http.Request, u domain.User) (domain.OrgUnit, error) {
	org, err := s.store.OrgUnit(r.Context(), r.PostFormValue("org"))
	if err != nil || !auth.CanEditPortal(u, org.Path) {
		return org, errs.Field("org", "chọn đơn vị mà bạn biên tập cổng thông tin", "choose a unit whose portal section you edit")
	}
	return org, nil
}

// ---- Posts ----

// postStates are the tabs of the post list, in the order of the workflow.
var postStates = []domain.PostStatus{domain.PostDraft, domain.PostReview, domain.PostPublished, domain.PostArchived}

// stateTab is a tab of a list filtered by state, with how many are in it.
type stateTab struct {
	Label   string
	URL     string
	Count   int
	Current bool
}

type postRow struct {
	domain.Post
	CategoryName string
	Scheduled    bool // published, but its time has not come
}

type postListData struct {
	Posts      []postRow
	Tabs       []stateTab
	Units      []domain.OrgUnit
	Categories []domain.PostCategory
	Org        string
	Category   string
	Query      string
	Status     domain.PostStatus
	Pager      web.Pager
}

// handlePostList lists the posts in the user's reach by state, with
// filters by unit, category and words of the title.
func (s *Handler) handlePostList(w http.ResponseWriter, r *http.Request) {
	_, sc, err := portalGate(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := postListData{Org: q.Get("org"), Category: q.Get("category"), Query: web.TrimTo(q.Get("q"), 200), Status: domain.PostStatus(q.Get("status"))}
	if d.Status != "" && !d.Status.Valid() {
		s.Fail(w, r, errs.Field("status", "trạng thái không hợp lệ", "unknown state"))
		return
	}
	f := store.PostFilter{Scope: sc, Category: d.Category, Search: d.Query}
	if d.Org != "" {
		o, err := s.store.OrgUnit(ctx, d.Org)
		if err != nil || !sc.Reaches(o.Path) {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
		f.OrgPath = o.Path
	}
	p := s.newPage(r, "", "posts")
	p.Title = p.T("Bài viết trên cổng thông tin", "Portal posts")
	if d.Units, err = s.portalUnits(r, sc); err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.Categories, err = s.store.PostCategories(ctx); err != nil {
		s.Fail(w, r, err)
		return
	}
	// One count per tab: a COUNT over an indexed table each, cheap next to
	// the page itself, and it tells an editor at once what awaits review.
	tabs := append([]domain.PostStatus{""}, postStates...)
	for _, st := range tabs {
		cf := f
		cf.Status = st
		_, n, err := s.store.Posts(ctx, cf, store.Page{Number: 1, Limit: 1})
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		v := url.Values{}
		for k, val := range map[string]string{"org": d.Org, "category": d.Category, "q": d.Query, "status": string(st)} {
			if val != "" {
				v.Set(k, val)
			}
		}
		label := p.T("Tất cả", "All")
		if st != "" {
			label = st.Label(p.Lang)
		}
		link := "/app/posts"
		if len(v) > 0 {
			link += "?" + v.Encode()
		}
		d.Tabs = append(d.Tabs, stateTab{Label: label, URL: link, Count: n, Current: st == d.Status})
	}
	f.Status = d.Status
	pg := web.PageOf(r, 30)
	posts, total, err := s.store.Posts(ctx, f, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := map[string]string{}
	for _, c := range d.Categories {
		names[c.Code] = c.DisplayName(p.Lang)
	}
	now := s.Now()
	for _, post := range posts {
		d.Posts = append(d.Posts, postRow{Post: post, CategoryName: names[post.Category],
			Scheduled: post.Status == domain.PostPublished && !post.Public(now)})
	}
	d.Pager = web.NewPager(r, pg, total)
	p.Data = d
	s.Render(w, r, http.StatusOK, "posts", p)
}

// postMove is a workflow button on the post page.
type postMove struct {
	To     domain.PostStatus
	Label  string
	Hint   string
	Strong bool // the step the post is waiting for
}

type postPageData struct {
	Post        domain.Post
	New         bool
	Units       []domain.OrgUnit
	Categories  []domain.PostCategory
	Files       []domain.Attachment // the downloads, without the cover
	Cover       *domain.Attachment
	Preview     template.HTML
	Moves       []postMove
	CanSchedule bool
	ScheduleAt  string // the datetime-local value of a scheduled post
	Public      bool
	Scheduled   bool
	PublicURL   string
	CanDelete   bool
	MaxFiles    int
	MaxFileMB   int
}

// Upload limits of a post. A file is also bounded by what package upload
// accepts at all, and the form says the smaller of the two.
const (
	maxPostFile  = 20 << 20
	maxPostFiles = 10
)

func postFileLimit() int { return min(maxPostFile, upload.MaxFile) }

// postFileTypes are what a post may carry: documents to download and
// pictures. Plain text, which package upload also keeps, is evidence for
// reports, not something to publish.
var postFileTypes = map[string]bool{upload.PDF: true, upload.DOCX: true, upload.XLSX: true,
	upload.JPEG: true, upload.PNG: true, upload.GIF: true, upload.WebP: true}

// postMoves lists the steps open from a state; they mirror what the store
// allows, so no button leads to a refusal.
func postMoves(p *page, st domain.PostStatus) []postMove {
	publish := postMove{To: domain.PostPublished, Label: p.T("Đăng ngay", "Publish now"),
		Hint: p.T("Bài hiện trên cổng thông tin ngay.", "The post appears on the portal at once.")}
	draft := postMove{To: domain.PostDraft, Label: p.T("Về bản nháp", "Back to draft"),
		Hint: p.T("Bài không còn hiện trên cổng thông tin.", "The post no longer appears on the portal.")}
	switch st {
	case domain.PostDraft:
		return []postMove{{To: domain.PostReview, Label: p.T("Gửi duyệt", "Send for review"), Strong: true,
			Hint: p.T("Người duyệt của đơn vị xem và đăng bài.", "The unit's reviewer checks and publishes it.")}, publish}
	case domain.PostReview:
		publish.Strong = true
		return []postMove{publish, draft}
	case domain.PostPublished:
		return []postMove{{To: domain.PostArchived, Label: p.T("Lưu trữ", "Archive"),
			Hint: p.T("Gỡ khỏi trang chủ, chuyên mục và tìm kiếm; giữ lại để tra cứu nội bộ.", "Off the home page, categories and search; kept for reference.")}, draft}
	case domain.PostArchived:
		publish.Label = p.T("Đăng lại", "Publish again")
		publish.Hint = p.T("Bài hiện lại với ngày đăng cũ.", "The post reappears with its first date.")
		return []postMove{publish, draft}
	}
	return nil
}

// postFormValues fills the post form from a post.
func postFormValues(p domain.Post) url.Values {
	v := url.Values{"org": {p.OrgCode}, "category": {p.Category}, "title": {p.Title}, "summary": {p.Summary}, "body": {p.Body},
		"tags": {strings.Join(p.Tags, ", ")}, "author": {p.Author}, "cover_alt": {p.CoverAlt}}
	if p.Hot {
		v.Set("hot", "on")
	}
	if p.Featured {
		v.Set("featured", "on")
	}
	return v
}

// postFromForm reads the post form's text fields; the domain cleans and
// checks them.
func postFromForm(r *http.Request) domain.Post {
	f := r.PostForm
	p := domain.Post{Category: f.Get("category"), Title: f.Get("title"), Summary: f.Get("summary"), Body: f.Get("body"),
		Author: f.Get("author"), CoverAlt: f.Get("cover_alt"), Hot: f.Get("hot") != "", Featured: f.Get("featured") != ""}
	for t := range strings.SplitSeq(f.Get("tags"), ",") {
		if t = strings.TrimSpace(t); t != "" {
			p.Tags = append(p.Tags, t)
		}
	}
	return p
}

// readPostFile reads one uploaded file and types it by its content: a file
// whose bytes are not a PDF, Word, Excel or image file of the kind its name
// says is refused, whatever it is called.
func readPostFile(fh *multipart.FileHeader, field string) (store.NewFile, error) {
	name := upload.CleanName(fh.Filename)
	limit := postFileLimit()
	tooLarge := &errs.Error{Code: errs.TooLarge, Field: field,
		VI: "tệp " + name + " lớn quá " + strconv.Itoa(limit>>20) + " MB", EN: "the file " + name + " is larger than " + strconv.Itoa(limit>>20) + " MB"}
	if fh.Size > int64(limit) {
		return store.NewFile{}, tooLarge
	}
	f, err := fh.Open()
	if err != nil {
		return store.NewFile{}, errs.Fieldf(field, "không đọc được tệp %s", "the file %s could not be read", name)
	}
	data, err := io.ReadAll(io.LimitReader(f, int64(limit)+1))
	_ = f.Close()
	switch {
	case err != nil:
		return store.NewFile{}, errs.Fieldf(field, "không đọc được tệp %s", "the file %s could not be read", name)
	case len(data) > limit:
		return store.NewFile{}, tooLarge
	case len(data) == 0:
		return store.NewFile{}, errs.Fieldf(field, "tệp %s trống", "the file %s is empty", name)
	}
	ctype, err := upload.Sniff(name, data)
	if errs.Is(err, errs.TooLarge) {
		return store.NewFile{}, tooLarge
	}
	if err != nil || !postFileTypes[ctype] {
		return store.NewFile{}, errs.Fieldf(field,
			"tệp %s bị từ chối: nội dung không phải PDF, Word (.docx), Excel (.xlsx) hay ảnh (JPG, PNG, GIF, WebP), hoặc không khớp với đuôi tên tệp",
			"the file %s was refused: its content is not a PDF, Word (.docx), Excel (.xlsx) or image (JPG, PNG, GIF, WebP) file, or does not match the name's ending",
			name)
	}
	return store.NewFile{Name: name, ContentType: ctype, Data: data}, nil
}

// postUploads reads the attachments and the cover image of the post form.
// Any bad file refuses the whole save, so nothing is half stored.
func postUploads(r *http.Request) ([]store.NewFile, *store.NewFile, error) {
	if r.MultipartForm == nil {
		return nil, nil, nil
	}
	var l errs.List
	var files []store.NewFile
	var chosen []*multipart.FileHeader
	for _, fh := range r.MultipartForm.File["files"] {
		if fh.Filename != "" || fh.Size > 0 { // an empty file input sends one empty part
			chosen = append(chosen, fh)
		}
	}
	if len(chosen) > maxPostFiles {
		l = append(l, errs.Fieldf("files", "tối đa %d tệp mỗi lần lưu", "at most %d files per save", maxPostFiles))
		chosen = nil
	}
	for _, fh := range chosen {
		f, err := readPostFile(fh, "files")
		if err != nil {
			l = append(l, errs.As(err))
			continue
		}
		files = append(files, f)
	}
	var cover *store.NewFile
	if fhs := r.MultipartForm.File["cover"]; len(fhs) > 0 && (fhs[0].Filename != "" || fhs[0].Size > 0) {
		f, err := readPostFile(fhs[0], "cover")
		switch {
		case err != nil:
			l = append(l, errs.As(err))
		case !upload.IsImage(f.ContentType):
			l = append(l, errs.Field("cover", "ảnh đại diện phải là tệp ảnh (JPG, PNG, GIF, WebP)", "the cover must be an image (JPG, PNG, GIF, WebP)"))
		default:
			cover = &f
		}
	}
	return files, cover, l.Err()
}

// scheduleValue writes a time for a datetime-local input, in Vietnam's time.
func scheduleValue(t time.Time) string { return t.In(vntext.Location).Format("2006-01-02T15:04") }

// parseSchedule reads the publishing time sent by a datetime-local input,
// or typed as dd/mm/yyyy hh:mm where the browser shows a plain text box;
// either is Vietnam's wall-clock time.
func parseSchedule(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", vntext.DateTimeLayout, "2/1/2006 15:04"} {
		if t, err := time.ParseInLocation(layout, v, vntext.Location); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errs.Field("published_at", "thời gian đăng không hợp lệ: chọn ngày và giờ (dd/mm/yyyy hh:mm)",
		"not a valid publishing time: choose a date and time (dd/mm/yyyy hh:mm)")
}

// postPage shows the post form. fromForm says the edit form was the one
// sent, so it shows what the editor typed; after a workflow button it
// shows the stored post.
func (s *Handler) postPage(w http.ResponseWriter, r *http.Request, status int, d postPageData, ferr error, fromForm bool) {
	ctx := r.Context()
	p := s.newPage(r, "", "posts")
	var err error
	if d.Units, err = s.portalUnits(r, auth.PortalScope(*web.State(r).User)); err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.Categories, err = s.store.PostCategories(ctx); err != nil {
		s.Fail(w, r, err)
		return
	}
	d.MaxFiles, d.MaxFileMB = maxPostFiles, postFileLimit()>>20
	if d.New {
		p.Title = p.T("Viết bài mới", "New post")
	} else {
		post := d.Post
		p.Title = post.Title
		files, err := s.store.PostFiles(ctx, post.ID)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		for _, f := range files {
			if f.ID == post.CoverID {
				c := f
				d.Cover = &c
			} else {
				d.Files = append(d.Files, f)
			}
		}
		d.Preview = markup.HTML(post.Body)
		now := s.Now()
		d.Public = post.Public(now)
		d.Scheduled = post.Status == domain.PostPublished && !d.Public
		if d.Public {
			d.PublicURL = post.URL()
		}
		if d.Scheduled {
			d.ScheduleAt = scheduleValue(post.PublishAt)
		}
		d.CanDelete = post.PublishAt.IsZero()
		d.Moves = postMoves(p, post.Status)
		d.CanSchedule = post.Status == domain.PostDraft || post.Status == domain.PostReview
	}
	switch {
	case ferr != nil && fromForm:
		p.Form.Values = r.PostForm
	case d.New:
		p.Form.Values = url.Values{"org": {d.Post.OrgCode}, "category": {d.Post.Category}}
	default:
		p.Form.Values = postFormValues(d.Post)
	}
	if ferr != nil {
		p.Form.SetErr(ferr, p.Lang)
		if !fromForm && r.PostForm.Get("published_at") != "" {
			p.Form.Values.Set("published_at", r.PostForm.Get("published_at"))
		}
	}
	p.Data = d
	s.Render(w, r, status, "post_edit", p)
}

// loadPost loads a post whose unit's section the user edits; others get
// 404, and someone who edits no section 403.
func (s *Handler) loadPost(r *http.Request) (domain.Post, error) {
	if _, _, err := portalGate(r); err != nil {
		return domain.Post{}, err
	}
	return web.Load(r, s.store.Post, func(u domain.User, p domain.Post) bool { return auth.CanEditPortal(u, p.OrgPath) })
}

// handlePostNew shows the empty form, for the highest unit the user edits
// unless ?org= names another.
func (s *Handler) handlePostNew(w http.ResponseWriter, r *http.Request) {
	u, units, err := s.gatedUnits(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := postPageData{New: true}
	if len(units) > 0 {
		d.Post.OrgCode = units[0].Code
	}
	if code := r.URL.Query().Get("org"); code != "" {
		if o, err := s.store.OrgUnit(r.Context(), code); err == nil && auth.CanEditPortal(u, o.Path) {
			d.Post.OrgCode = o.Code
		}
	}
	d.Post.Category = r.URL.Query().Get("category")
	s.postPage(w, r, http.StatusOK, d, nil, false)
}

// savePost creates (old nil) or changes a post from the multipart form,
// with its new files. Every problem is shown at once and nothing is saved
// while there is one: a bad file, a script in the body, a stale version.
func (s *Handler) savePost(w http.ResponseWriter, r *http.Request, old *domain.Post) {
	u := *web.State(r).User
	if err := web.ParseMultipart(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	d := postPageData{New: old == nil}
	var id int64
	post := postFromForm(r)
	post.Status = domain.PostDraft
	if old != nil {
		d.Post, id = *old, old.ID
		post.Status, post.CoverID = old.Status, old.CoverID
	}
	org, oerr := s.chosenUnit(r, u)
	files, cover, ferr := postUploads(r)
	verr := post.Validate() // cleans the fields too, so the checks below see what is stored
	var aerr error
	if cover != nil && post.CoverID == 0 && post.CoverAlt == "" {
		// With a cover already in place Validate says this itself.
		aerr = errs.Field("cover_alt", "ảnh đại diện cần có mô tả (cho người khiếm thị)", "the cover image needs a description (for blind readers)")
	}
	version, nerr := web.EditVersion(r, old != nil)
	err := errs.Join(oerr, verr, aerr, ferr, nerr) // Validate has checked the body's markup
	if err == nil {
		var saved domain.Post
		if saved, err = s.store.SavePost(r.Context(), web.State(r).Actor(), id, version, org, post, files, cover); err == nil {
			s.portalChanged()
			flash := "saved"
			if old == nil {
				flash = "post_created"
			}
			web.RedirectFlash(w, r, "/app/posts/"+strconv.FormatInt(saved.ID, 10), flash)
			return
		}
	}
	s.postPage(w, r, web.StatusOf(errs.CodeOf(err)), d, err, true)
}

func (s *Handler) handlePostCreate(w http.ResponseWriter, r *http.Request) {
	if _, _, err := portalGate(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.savePost(w, r, nil)
}

func (s *Handler) handlePostEdit(w http.ResponseWriter, r *http.Request) {
	post, err := s.loadPost(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.postPage(w, r, http.StatusOK, postPageData{Post: post}, nil, false)
}

func (s *Handler) handlePostUpdate(w http.ResponseWriter, r *http.Request) {
	post, err := s.loadPost(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.savePost(w, r, &post)
}

// postMoveFlashes name each step's message.
var postMoveFlashes = map[domain.PostStatus]string{domain.PostDraft: "post_draft", domain.PostReview: "post_review",
	domain.PostPublished: "post_published", domain.PostArchived: "post_archived"}

// handlePostMove takes a post a step along its workflow: to review, to
// published (now, or at a time given in Vietnam's time), archived, or back
// to draft.
func (s *Handler) handlePostMove(w http.ResponseWriter, r *http.Request) {
	post, err := s.loadPost(r)
	if err = web.ThenForm(r, err); err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.FormInt(r, "version")
	to := domain.PostStatus(r.PostFormValue("to"))
	if err == nil && !to.Valid() {
		err = errs.Field("to", "trạng thái không hợp lệ", "unknown state")
	}
	var at time.Time
	scheduled := r.PostFormValue("schedule") != ""
	if err == nil && scheduled {
		if strings.TrimSpace(r.PostFormValue("published_at")) == "" {
			err = errs.Field("published_at", "chọn ngày giờ đăng bài", "choose when to publish")
		} else {
			at, err = parseSchedule(r.PostFormValue("published_at"))
		}
	}
	var saved domain.Post
	if err == nil {
		saved, err = s.store.MovePost(r.Context(), web.State(r).Actor(), post.ID, version, to, at)
	}
	if err != nil {
		s.postPage(w, r, web.StatusOf(errs.CodeOf(err)), postPageData{Post: post}, err, false)
		return
	}
	s.portalChanged()
	flash := postMoveFlashes[to]
	if to == domain.PostPublished && saved.PublishAt.After(s.Now()) {
		flash = "post_scheduled"
	}
	web.RedirectFlash(w, r, "/app/posts/"+strconv.FormatInt(post.ID, 10), flash)
}

// handlePostDelete removes a post that was never published; a published one
// is archived instead, and the store says so.
func (s *Handler) handlePostDelete(w http.ResponseWriter, r *http.Request) {
	post, err := s.loadPost(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	err = web.DeleteVersion(r, func(ctx context.Context, by domain.Actor, version int) error {
		return s.store.DeletePost(ctx, by, post.ID, version)
	})
	if err != nil {
		s.postPage(w, r, web.StatusOf(errs.CodeOf(err)), postPageData{Post: post}, err, false)
		return
	}
	s.portalChanged()
	web.RedirectFlash(w, r, "/app/posts", "deleted")
}

// handlePostFileRemove takes an attachment, or the cover, off a post.
func (s *Handler) handlePostFileRemove(w http.ResponseWriter, r *http.Request) {
	post, err := s.loadPost(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	fileID, err := web.PathID(r, "file")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := s.store.RemovePostFile(r.Context(), web.State(r).Actor(), post.ID, fileID); err != nil {
		s.Fail(w, r, err)
		return
	}
	s.portalChanged()
	web.RedirectFlash(w, r, "/app/posts/"+strconv.FormatInt(post.ID, 10)+"#files", "post_file_removed")
}
