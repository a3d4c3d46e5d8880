package portal

import (
	"net/http"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// Posts over the JSON API: GET lists the posts the caller edits (every
// state) or, for callers without a portal role, the published ones; POST
// writes a post for a unit whose portal section the caller edits, in one
// step even when it is published at once.

// apiPost is a post as the API shows it, with its public address.
type apiPost struct {
	domain.Post
	URL string `json:"url,omitempty"`
}

// apiPostOf is a post as the API shows it: tags always a list (the
// schema says array; a post without tags has none, not null), and the
// public address once citizens see it.
func (s *Handler) apiPostOf(r *http.Request, p domain.Post) apiPost {
	if p.Tags == nil {
		p.Tags = []string{}
	}
	out := apiPost{Post: p}
	if p.Public(s.Now()) {
		out.URL = s.BaseURL(r) + p.URL()
	}
	return out
}

func (s *Handler) handleAPIPostList(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	q := r.URL.Query()
	f := store.PostFilter{Category: q.Get("category"), Status: domain.PostStatus(q.Get("status")), Search: web.TrimTo(q.Get("q"), 200)}
	if f.Status != "" && !f.Status.Valid() {
		s.Fail(w, r, errs.Field("status", "trạng thái không hợp lệ", "unknown state"))
		return
	}
	sc := auth.PortalScope(u)
	if sc.Empty() {
		if f.Status != "" && f.Status != domain.PostPublished {
			s.Fail(w, r, errs.Field("status", "bạn chỉ xem được bài đã đăng", "you can read published posts only"))
			return
		}
		f.Public, f.Now = true, s.Now()
	} else {
		f.Scope = sc
	}
	if code := q.Get("org"); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil {
			s.Fail(w, r, errs.Fieldf("org", "không có đơn vị mã %s", "no unit %s", code))
			return
		}
		f.OrgPath = o.Path
	}
	items, total, err := s.store.Posts(r.Context(), f, web.PageOf(r, 50))
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	out := make([]apiPost, len(items))
	for i, p := range items {
		out[i] = s.apiPostOf(r, p)
	}
	web.WriteJSON(w, http.StatusOK, web.NewList(out, total))
}

// postInput is a post as a client sends it.
type postInput struct {
	Org         string   `json:"org"`
	Category    string   `json:"category"`
	Title       string   `json:"title"`
	Summary     string   `json:"summary"`
	Body        string   `json:"body"`
	Status      string   `json:"status"`
	PublishedAt string   `json:"published_at"`
	Tags        []string `json:"tags"`
	Author      string   `json:"author"`
	Hot         bool     `json:"hot"`
	Featured    bool     `json:"featured"`
}

// parsePublishTime reads a publishing time: RFC 3339, or a local
// "YYYY-MM-DD[ HH:MM]" or "dd/mm/yyyy[ HH:MM]" in Vietnam's time.
func parsePublishTime(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	bad := errs.Field("published_at", "thời gian đăng không hợp lệ: dùng 2024-02-10T15:16:00+07:00 hoặc 10/02/2024 15:16",
		"not a valid publishing time: use 2024-02-10T15:16:00+07:00 or 10/02/2024 15:16")
	if v == "" {
		return time.Time{}, nil
	}
	var t time.Time
	var err error
	if t, err = time.Parse(time.RFC3339, v); err != nil {
		ok := false
		for _, layout := range []string{"2006-01-02T15:04", "2006-01-02 15:04", "02/01/2006 15:04", "2/1/2006 15:04"} {
			if t, err = time.ParseInLocation(layout, v, vntext.Location); err == nil {
				ok = true
				break
			}
		}
		if !ok {
			d, derr := vntext.ParseDate(v)
			if derr != nil {
				return time.Time{}, bad
			}
			t = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, vntext.Location)
		}
	}
	if t.Year() < 2000 || t.Year() > 2100 {
		return time.Time{}, bad
	}
	return t, nil
}

func (s *Handler) handleAPIPostCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	var in postInput
	if err := web.DecodeJSON(r, &in); err != nil {
		s.Fail(w, r, err)
		return
	}
	org, err := s.store.OrgUnit(r.Context(), in.Org)
	if err != nil || !auth.CanEditPortal(u, org.Path) {
		s.Fail(w, r, errs.Fieldf("org", "bạn không đăng bài cho đơn vị %q", "you do not publish for %q", in.Org))
		return
	}
	at, err := parsePublishTime(in.PublishedAt)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := domain.Post{Category: in.Category, Title: in.Title, Summary: in.Summary, Body: in.Body, Status: domain.PostStatus(in.Status),
		PublishAt: at, Tags: in.Tags, Author: in.Author, Hot: in.Hot, Featured: in.Featured}
	if p.Status == "" {
		p.Status = domain.PostDraft
	}
	saved, err := s.store.SavePost(r.Context(), web.State(r).Actor(), 0, 0, org, p, nil, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if saved.Status == domain.PostPublished {
		s.portalChanged()
	}
	web.WriteJSON(w, http.StatusCreated, s.apiPostOf(r, saved))
}
