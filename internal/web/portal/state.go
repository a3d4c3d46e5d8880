package portal

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/vntext"
	"tebdg/internal/web"
)

// The public portal's state in this process: a short cache of rendered
// pages, which any change to public content clears on every instance, and
// the visit counter, which keeps no address: unique visitors are counted by
// a hash of address and browser salted with a secret made fresh every day
// and never stored, so neither the database nor this process can link a
// visitor across days.
//
// The cache follows the portal's generation in the database (see
// store.PortalGeneration): a page is served from memory only while the
// generation it was made at is still the database's, read at most once per
// portalRecheck, and at once when PostgreSQL notifies a change. So a post
// archived through one instance leaves the others' pages within a second
// even if a notification is lost.

// The cache's ages are measured on this process's own clock (time.Now),
// not on the application's (Server.Now): they say how old a copy in memory
// is, not what day it is for the reader.

// portalTTL is how long a rendered public page is served from memory. The
// visit counts on it may be that old; anything an editor publishes clears
// the cache at once.
const portalTTL = 60 * time.Second

// portalRecheck is how often the generation is read from the database
// while pages are served: the longest a change made elsewhere stays unseen
// when its notification went missing.
const portalRecheck = time.Second

// maxCached bounds the cache: queries with arbitrary parameters must not
// grow it without end.
const maxCached = 2000

type portalState struct {
	mu    sync.Mutex
	pages map[string]cachedPage
	gen   uint64 // bumped by every change to public content

	// The database's generation last read, and when; sync serialises the
	// reads, so a burst of requests makes one.
	dbGen   int64
	checked time.Time
	sync    sync.Mutex

	// Visits not yet written to the database.
	day      string
	salt     [32]byte
	seen     map[[16]byte]bool // today's visitors, hashed
	views    map[int64]int64   // post id (0: the whole site) → views
	visitors []string
	totals   domain.VisitTotals // last read from the database
	totalsAt time.Time

	shared  *portalShared // what every page shows around its content
	formKey []byte        // signs the feedback form's time stamps, from the database
}

type cachedPage struct {
	body     []byte
	ctype    string
	etag     string
	modified time.Time
	at       time.Time
	gen      uint64
	// formToken: the page holds a feedback form whose time stamp is
	// filled in for each response (formTokenSlot in the cached body).
	formToken bool
}

func newPortalState() *portalState {
	return &portalState{pages: map[string]cachedPage{}, seen: map[[16]byte]bool{}, views: map[int64]int64{}, dbGen: -1}
}

// portalChanged clears the public page cache: a post, a service or an
// answer was published or changed through this instance. Other instances
// learn it from the database (syncPortal).
func (s *Handler) portalChanged() {
	s.portal.mu.Lock()
	s.portal.clearLocked()
	s.portal.mu.Unlock()
}

func (ps *portalState) clearLocked() {
	ps.gen++
	clear(ps.pages)
	ps.shared = nil
}

// syncPortal clears the cache when the database's generation moved since
// it was last read: a change made through another instance, a command or
// a trigger-visible write this instance did not announce. It reads the
// generation at most once per portalRecheck, unless forced (a
// notification came); a failed read leaves the cache to portalTTL.
func (s *Handler) syncPortal(ctx context.Context, force bool) {
	ps := s.portal
	ps.mu.Lock()
	due := force || time.Since(ps.checked) >= portalRecheck
	ps.mu.Unlock()
	if !due {
		return
	}
	if force {
		ps.sync.Lock()
	} else if !ps.sync.TryLock() {
		return // another request is reading it; serve what there is
	}
	defer ps.sync.Unlock()
	g, err := s.store.PortalGeneration(ctx)
	ps.mu.Lock()
	defer ps.mu.Unlock()
	ps.checked = time.Now()
	if err != nil {
		if ctx.Err() == nil { // not just a visitor who left
			s.Log().Warn("portal generation", "err", err)
		}
		return
	}
	if g != ps.dbGen {
		ps.dbGen = g
		ps.clearLocked()
	}
}

// WatchPortal keeps this instance's portal cache in step with changes
// committed by any instance, until ctx ends; the serve command runs it.
func (s *Handler) WatchPortal(ctx context.Context) {
	s.store.WatchPortal(ctx, func() {
		cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		s.syncPortal(cctx, true)
	})
}

// portalPage serves a public page from the cache when it can, answers
// conditional requests with 304, and counts the visit.
func (s *Handler) portalPage(h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.countVisit(r)
		s.syncPortal(r.Context(), false)
		st := web.State(r)
		key := st.Lang + " " + r.URL.RequestURI()
		now := time.Now()
		ps := s.portal
		ps.mu.Lock()
		c, ok := ps.pages[key]
		gen := ps.gen
		ps.mu.Unlock()
		if ok && c.gen == gen && now.Sub(c.at) < portalTTL {
			s.writeCached(w, r, c)
			return
		}
		rec := &recorder{header: http.Header{}, status: http.StatusOK}
		h(rec, r)
		if rec.status != http.StatusOK || rec.header.Get("Set-Cookie") != "" {
			// Errors and pages that set cookies (a flash) are not shared.
			body := rec.buf.Bytes()
			if rec.formToken {
				tok, err := s.formToken(r.Context(), s.store.Now())
				if err != nil {
					s.Fail(w, r, err)
					return
				}
				body = fillFormToken(body, tok)
			}
			copyHeader(w.Header(), rec.header)
			w.Header().Del("Content-Length")
			w.WriteHeader(rec.status)
			_, _ = w.Write(body)
			return
		}
		sum := sha256.Sum256(rec.buf.Bytes())
		c = cachedPage{body: rec.buf.Bytes(), ctype: rec.header.Get("Content-Type"), etag: `"` + hex.EncodeToString(sum[:12]) + `"`,
			modified: now.UTC().Truncate(time.Second), at: now, gen: gen, formToken: rec.formToken}
		ps.mu.Lock()
		if ps.gen == gen {
			if len(ps.pages) >= maxCached {
				clear(ps.pages)
			}
			ps.pages[key] = c
		}
		ps.mu.Unlock()
		s.writeCached(w, r, c)
	})
}

// formTokenEpoch is how long the ETag of a page with a feedback form
// stays the same. A 304 leaves the visitor the time stamp of the copy
// they have, so it is given only within one epoch: their form is then at
// most this old, well inside feedbackFormAge.
const formTokenEpoch = 30 * time.Minute

func (s *Handler) writeCached(w http.ResponseWriter, r *http.Request, c cachedPage) {
	h := w.Header()
	body, etag, modified, cc := c.body, c.etag, c.modified, "public, max-age=60"
	if c.formToken {
		// The page is the same for everyone but for the form's time
		// stamp, made now for this visitor; shared caches must not hand
		// one visitor's stamp to the next.
		now := s.store.Now()
		tok, err := s.formToken(r.Context(), now)
		if err != nil {
			s.Fail(w, r, err)
			return
		}
		body = fillFormToken(body, tok)
		epoch := now.UTC().Truncate(formTokenEpoch)
		etag = strings.TrimSuffix(etag, `"`) + "-" + strconv.FormatInt(epoch.Unix(), 36) + `"`
		modified = latest(modified, epoch)
		cc = "private, max-age=60"
	}
	h.Set("ETag", etag)
	h.Set("Last-Modified", modified.Format(http.TimeFormat))
	h.Set("Cache-Control", cc)
	h.Set("Vary", "Cookie")
	if match := r.Header.Get("If-None-Match"); match != "" {
		if etagMatches(match, etag) {
			w.WriteHeader(http.StatusNotModified)
			return
		}
	} else if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !modified.After(since) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", c.ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

func copyHeader(dst, src http.Header) {
	for k, v := range src {
		dst[k] = v
	}
}

// recorder keeps a handler's answer so it can be cached.
type recorder struct {
	header http.Header
	status int
	buf    bytes.Buffer
	wrote  bool
	// formToken: the answer holds formTokenSlot, to be filled per response.
	formToken bool
}

func (r *recorder) Header() http.Header { return r.header }
func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
}
func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.buf.Write(b)
}

// botRe recognises crawlers and scripts by their user agent; their visits
// are not counted.
var botRe = regexp.MustCompile(`(?i)bot|crawl|spider|slurp|curl|wget|python|go-http-client|java/|libwww|httpclient|facebookexternalhit|preview|monitor|headlesschrome`)

var postPathRe = regexp.MustCompile(`^/posts/([0-9]{1,18})(/|$)`)

// countVisit notes a page view, and the post it shows.
func (s *Handler) countVisit(r *http.Request) {
	ua := r.UserAgent()
	if ua == "" || botRe.MatchString(ua) || r.Method != http.MethodGet {
		return
	}
	var post int64
	if m := postPathRe.FindStringSubmatch(r.URL.Path); m != nil {
		post, _ = strconv.ParseInt(m[1], 10, 64)
	}
	day := s.Now().In(vntext.Location).Format(time.DateOnly)
	ps := s.portal
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.day != day {
		// A new day: a new salt, and yesterday's hashes forgotten. Views
		// still waiting are written under the day they happened.
		if ps.day != "" {
			if err := s.flushLocked(context.Background()); err != nil {
				s.Log().Warn("visit counts", "err", err)
			}
		}
		ps.day = day
		_, _ = rand.Read(ps.salt[:])
		clear(ps.seen)
	}
	ps.views[0]++
	if post != 0 {
		ps.views[post]++
	}
	h := sha256.New()
	h.Write(ps.salt[:])
	h.Write([]byte(web.State(r).Client))
	h.Write([]byte{0})
	h.Write([]byte(ua))
	var id [16]byte
	copy(id[:], h.Sum(nil))
	if !ps.seen[id] {
		ps.seen[id] = true
		ps.visitors = append(ps.visitors, hex.EncodeToString(id[:]))
	}
}

// FlushVisits writes the counted visits to the database. The serve
// command calls it every minute and when stopping.
func (s *Handler) FlushVisits(ctx context.Context) error {
	s.portal.mu.Lock()
	defer s.portal.mu.Unlock()
	return s.flushLocked(ctx)
}

// PublishDue puts the posts whose scheduled time has come into the search
// index (their pages need nothing: they check the time) and clears the
// page cache when there were any. The serve command calls it every minute.
func (s *Handler) PublishDue(ctx context.Context) error {
	// A week back covers a server that was stopped for a while; the
	// store skips posts already in the index.
	n, err := s.store.IndexDuePosts(ctx, s.store.Now().Add(-7*24*time.Hour))
	if n > 0 {
		s.portalChanged()
	}
	return err
}

func (s *Handler) flushLocked(ctx context.Context) error {
	ps := s.portal
	if len(ps.views) == 0 && len(ps.visitors) == 0 {
		return nil
	}
	if err := s.store.CountViews(ctx, ps.day, ps.views, ps.visitors); err != nil {
		// Kept for the next try: counts are worth a retry, not a failure.
		return err
	}
	ps.views, ps.visitors = map[int64]int64{}, nil
	ps.totalsAt = time.Time{}
	return nil
}

// visitTotals are today's and all views and visitors, with those not yet
// written, read from the database at most every half minute.
func (s *Handler) visitTotals(ctx context.Context) domain.VisitTotals {
	ps := s.portal
	ps.mu.Lock()
	defer ps.mu.Unlock()
	day := s.Now().In(vntext.Location).Format(time.DateOnly)
	if time.Since(ps.totalsAt) > 30*time.Second {
		if v, err := s.store.Visits(ctx, day); err == nil {
			ps.totals, ps.totalsAt = v, time.Now()
		}
	}
	v := ps.totals
	v.Today += ps.views[0]
	v.Total += ps.views[0]
	v.VisitorsToday += int64(len(ps.visitors))
	v.Visitors += int64(len(ps.visitors))
	return v
}

// SetMailer lets the server send replies to citizens' feedback.
