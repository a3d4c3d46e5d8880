package portal

import (
	"context"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The public portal: what citizens, parents and children read without an
// account. The province has the home page; each agency has its section;
// the hotlines and today's visits are on every page.

// portalShared is what every portal page shows around its content,
// read once per portalTTL (or after a change) instead of on every page.
type portalShared struct {
	categories []domain.PostCategory
	agencies   []domain.OrgUnit
	hotlines   []domain.Service
	links      []domain.PortalLink
	root       *domain.OrgUnit // the province whose portal this is, if any
	at         time.Time
	gen        uint64
}

// shared returns the portal's shared parts, from memory when fresh: read
// within portalTTL and no change since, on any instance (syncPortal).
func (s *Handler) shared(ctx context.Context) (*portalShared, error) {
	s.syncPortal(ctx, false)
	ps := s.portal
	ps.mu.Lock()
	sh, gen := ps.shared, ps.gen
	ps.mu.Unlock()
	if sh != nil && sh.gen == gen && time.Since(sh.at) < portalTTL {
		return sh, nil
	}
	sh = &portalShared{at: time.Now(), gen: gen}
	var err error
	if sh.categories, err = s.store.PostCategories(ctx); err != nil {
		return nil, err
	}
	if sh.agencies, err = s.portalAgencies(ctx); err != nil {
		return nil, err
	}
	if sh.hotlines, err = s.store.Services(ctx, store.ServiceFilter{Kind: domain.SvcHotline}); err != nil {
		return nil, err
	}
	if sh.links, err = s.store.PortalLinks(ctx); err != nil {
		return nil, err
	}
	// Units come shallowest first: the first is the root, the province
	// (or country) whose portal this is.
	units, _, err := s.store.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{}, &store.Page{Limit: 1})
	if err != nil {
		return nil, err
	}
	if len(units) > 0 && units[0].ParentID == 0 {
		sh.root = &units[0]
	}
	ps.mu.Lock()
	if ps.gen == gen {
		ps.shared = sh
	}
	ps.mu.Unlock()
	return sh, nil
}

// publicPage starts a portal page: the same for everyone, signed in or not.
func (s *Handler) publicPage(r *http.Request, title string) (*page, error) {
	p := s.newPage(r, title, "")
	p.User = nil
	p.Caps = web.Capabilities{}
	ctx := r.Context()
	sh, err := s.shared(ctx)
	if err != nil {
		return nil, err
	}
	f := &web.PortalFrame{OGType: "website", Categories: sh.categories, Agencies: sh.agencies, Hotlines: sh.hotlines, Links: sh.links}
	if sh.root != nil {
		f.Site = sh.root.DisplayName(p.Lang)
		// "Cổng thông tin tỉnh Quảng Ninh": inside a phrase the unit's
		// kind is written in lower case.
		for _, kind := range []string{"Tỉnh ", "Thành phố "} {
			if p.Lang != "en" && strings.HasPrefix(f.Site, kind) {
				f.Site = strings.ToLower(kind) + strings.TrimPrefix(f.Site, kind)
			}
		}
	}
	f.Visits = s.visitTotals(ctx)
	f.Canonical = s.BaseURL(r) + r.URL.Path
	p.Portal = f
	return p, nil
}

// portalAgencies are the units with a section: the agencies, in name
// order.
func (s *Handler) portalAgencies(ctx context.Context) ([]domain.OrgUnit, error) {
	list, _, err := s.store.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Kind: domain.KindAgency}, nil)
	return list, err
}

// postCard is a post in a list.
type postCard struct {
	domain.Post
	URL      string
	Category string
}

// cards shows posts in a list of page p, with their categories' names.
func cards(p *page, posts []domain.Post) []postCard {
	names := map[string]string{}
	for _, c := range p.Portal.Categories {
		names[c.Code] = c.DisplayName(p.Lang)
	}
	out := make([]postCard, len(posts))
	for i, post := range posts {
		if post.Summary == "" {
			post.Summary = markup.Summary(post.Body, 220)
		}
		out[i] = postCard{Post: post, URL: post.URL(), Category: names[post.Category]}
	}
	return out
}

func (s *Handler) publicPosts(ctx context.Context, f store.PostFilter, pg store.Page) ([]domain.Post, int, error) {
	f.Public, f.Now = true, s.Now()
	return s.store.Posts(ctx, f, pg)
}

type homeSection struct {
	Category domain.PostCategory
	Posts    []postCard
}

type portalHomeData struct {
	Featured []postCard
	Hot      []postCard
	Latest   []postCard
	Sections []homeSection
	Agency   *domain.OrgUnit // an agency's section
	Services []domain.Service
	Pager    web.Pager
}

func (s *Handler) handlePortalHome(w http.ResponseWriter, r *http.Request) {
	s.portalHome(w, r, nil)
}

// handlePortalAgency is an agency's own section: its posts, its calendar
// and its services.
func (s *Handler) handlePortalAgency(w http.ResponseWriter, r *http.Request) {
	org, err := s.store.OrgUnit(r.Context(), r.PathValue("code"))
	if err != nil || org.ActiveTo != "" {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	s.portalHome(w, r, &org)
}

func (s *Handler) portalHome(w http.ResponseWriter, r *http.Request, org *domain.OrgUnit) {
	ctx := r.Context()
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := portalHomeData{Agency: org}
	f := store.PostFilter{}
	if org != nil {
		f.OrgPath = org.Path
		p.Title = org.DisplayName(p.Lang)
		p.Portal.Section = org.Code
	} else {
		p.Title = p.T("Trang chủ", "Home")
	}
	f.NoCount = true // boxes of a few posts, no pager
	ff := f
	ff.Featured = true
	featured, _, err := s.publicPosts(ctx, ff, store.Page{Limit: 3})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Featured = cards(p, featured)
	fh := f
	fh.Hot = true
	hot, _, err := s.publicPosts(ctx, fh, store.Page{Limit: 6})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Hot = cards(p, hot)
	if org != nil {
		pg := web.PageOf(r, 12)
		fl := f
		fl.NoCount = false
		latest, total, err := s.publicPosts(ctx, fl, pg)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		d.Latest, d.Pager = cards(p, latest), web.NewPager(r, pg.Normalize(12), total)
		sc := domain.Scope{Paths: []string{org.Path}}
		if d.Services, err = s.store.Services(ctx, store.ServiceFilter{Scope: &sc}); err != nil {
			s.Fail(w, r, err)
			return
		}
		p.Portal.OGDesc = p.T("Tin tức, thông báo, văn bản và lịch công tác của ", "News, announcements, documents and work calendar of ") + org.DisplayName(p.Lang)
	} else {
		for _, c := range p.Portal.Categories {
			fc := f
			fc.Category = c.Code
			list, _, err := s.publicPosts(ctx, fc, store.Page{Limit: 4})
			if err != nil {
				s.Fail(w, r, err)
				return
			}
			if len(list) > 0 {
				d.Sections = append(d.Sections, homeSection{Category: c, Posts: cards(p, list)})
			}
		}
		p.Portal.OGDesc = p.T("Cổng thông tin về công tác trẻ em và bình đẳng giới: tin tức, văn bản, đường dây nóng và dịch vụ hỗ trợ.",
			"Portal on work for children and gender equality: news, documents, hotlines and support services.")
	}
	p.Portal.Feed = "/feed.xml"
	p.Data = d
	s.Render(w, r, http.StatusOK, "portal_home", p)
}

type portalListData struct {
	Category domain.PostCategory
	Posts    []postCard
	Pager    web.Pager
}

func (s *Handler) handlePortalCategory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	var cat domain.PostCategory
	for _, c := range p.Portal.Categories {
		if c.Code == r.PathValue("code") {
			cat = c
		}
	}
	if cat.Code == "" {
		s.Fail(w, r, errs.New(errs.NotFound, "không có chuyên mục này", "no such category"))
		return
	}
	pg := web.PageOf(r, 15)
	posts, total, err := s.publicPosts(ctx, store.PostFilter{Category: cat.Code}, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = cat.DisplayName(p.Lang)
	p.Portal.Section = cat.Code
	p.Portal.Feed = "/category/" + cat.Code + "/feed.xml"
	p.Data = portalListData{Category: cat, Posts: cards(p, posts), Pager: web.NewPager(r, pg.Normalize(15), total)}
	s.Render(w, r, http.StatusOK, "portal_category", p)
}

type portalPostData struct {
	Post     postCard
	Body     template.HTML
	Files    []domain.Attachment
	Cover    *domain.Attachment
	Related  []postCard
	Category domain.PostCategory
	Org      domain.OrgUnit
}

func (s *Handler) handlePortalPost(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	post, err := s.store.Post(ctx, id)
	if err != nil || !post.Public(s.Now()) {
		s.Fail(w, r, errs.New(errs.NotFound, "không có bài viết này, hoặc bài chưa được đăng", "no such post, or it is not published"))
		return
	}
	if r.PathValue("slug") != post.Slug {
		// Old or shortened addresses keep working and lead to the one
		// address search engines should know.
		target := post.URL()
		if r.URL.RawQuery != "" {
			target += "?" + r.URL.RawQuery
		}
		http.Redirect(w, r, target, http.StatusMovedPermanently) //nolint:gosec // a path made from the post's id and slug, on this site

		return
	}
	p, err := s.publicPage(r, post.Title)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := portalPostData{Body: markup.HTML(post.Body)}
	d.Post = cards(p, []domain.Post{post})[0]
	for _, c := range p.Portal.Categories {
		if c.Code == post.Category {
			d.Category = c
		}
	}
	if d.Org, err = s.store.OrgUnitByID(ctx, post.OrgID); err != nil {
		s.Fail(w, r, err)
		return
	}
	files, err := s.store.PostFiles(ctx, post.ID)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for i := range files {
		if files[i].ID == post.CoverID {
			d.Cover = &files[i]
		} else {
			d.Files = append(d.Files, files[i])
		}
	}
	related, _, err := s.publicPosts(ctx, store.PostFilter{Category: post.Category, Exclude: post.ID, NoCount: true}, store.Page{Limit: 5})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Related = cards(p, related)
	p.Portal.Section = post.Category
	p.Portal.OGType = "article"
	p.Portal.OGDesc = d.Post.Summary
	p.Portal.Canonical = s.BaseURL(r) + post.URL()
	if d.Cover != nil {
		p.Portal.OGImage = s.BaseURL(r) + "/files/" + strconv.FormatInt(d.Cover.ID, 10)
	}
	p.Portal.Print = r.URL.Query().Get("view") == "print"
	p.Data = d
	s.Render(w, r, http.StatusOK, "portal_post", p)
}

// handlePublicFile sends an attachment of a published post: the "Nội dung
// chi tiết" downloads and cover images. Nothing else is reachable here.
func (s *Handler) handlePublicFile(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	a, err := s.store.Attachment(ctx, id)
	if err != nil || a.OwnerKind != "post" {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	post, err := s.store.Post(ctx, a.OwnerID)
	if err != nil || !post.Public(s.Now()) {
		s.Fail(w, r, errs.ErrNotFound)
		return
	}
	data, err := s.store.AttachmentData(ctx, a.SHA256)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	etag := `"` + a.SHA256 + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	web.SendAttachment(w, a, data)
}

type directoryData struct {
	Groups []serviceGroup
	Kind   string
	Area   string
	Kinds  []domain.ServiceKind
}

type serviceGroup struct {
	Kind     domain.ServiceKind
	Services []domain.Service
}

// handlePortalDirectory is the support-service directory, by kind and
// area. Confidential addresses are never shown.
func (s *Handler) handlePortalDirectory(w http.ResponseWriter, r *http.Request) {
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = p.T("Đường dây nóng và dịch vụ hỗ trợ", "Hotlines and support services")
	p.Portal.Section = "directory"
	q := r.URL.Query()
	d := directoryData{Kind: q.Get("kind"), Area: web.TrimTo(q.Get("area"), 100), Kinds: domain.ServiceKinds}
	if d.Kind != "" && !domain.ServiceKind(d.Kind).Valid() {
		s.Fail(w, r, errs.Field("kind", "không có loại dịch vụ này", "no such kind of service"))
		return
	}
	list, err := s.store.Services(r.Context(), store.ServiceFilter{Kind: domain.ServiceKind(d.Kind), Area: d.Area})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	for _, v := range list {
		v.Address = v.ShownAddress()
		if n := len(d.Groups); n == 0 || d.Groups[n-1].Kind != v.Kind {
			d.Groups = append(d.Groups, serviceGroup{Kind: v.Kind})
		}
		g := &d.Groups[len(d.Groups)-1]
		g.Services = append(g.Services, v)
	}
	p.Data = d
	s.Render(w, r, http.StatusOK, "portal_directory", p)
}

type questionsData struct {
	Items []domain.Feedback
	Pager web.Pager
}

// handlePortalQuestions lists the answered questions editors chose to
// publish, without who asked.
func (s *Handler) handlePortalQuestions(w http.ResponseWriter, r *http.Request) {
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = p.T("Hỏi đáp", "Questions and answers")
	p.Portal.Section = "questions"
	pg := web.PageOf(r, 20)
	list, total, err := s.store.PublishedQuestions(r.Context(), pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Data = questionsData{Items: list, Pager: web.NewPager(r, pg.Normalize(20), total)}
	s.Render(w, r, http.StatusOK, "portal_questions", p)
}

// Markup renders an editor's Markdown safely.
func (p *page) Markup(s string) template.HTML { return markup.HTML(s) }

// PostTime shows a post's time the way Vietnamese portals do: "10/02/2024 15:16".
func (p *page) PostTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(vntext.Location).Format("02/01/2006 15:04")
}

// ISOTime is a machine-readable time for <time datetime>.
func (p *page) ISOTime(t time.Time) string { return t.In(vntext.Location).Format(time.RFC3339) }
