// Package web is tebdg's HTTP side: the signed-in application under /app/,
// the JSON API under /api/v1, sign-in, health, and the static assets. Pages
// are rendered on the server and work without JavaScript.
package web

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/mail"
	"tebdg/internal/store"
)

// Config holds what the server needs beyond the store.
type Config struct {
	Version string
	// SessionIdle ends a session nobody used for that long; SessionMax ends
	// any session that old.
	SessionIdle, SessionMax time.Duration
	// TrustedProxies are the load balancers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// ThrottleLimit failed sign-ins for one name from one address are
	// free; after them each failure doubles the wait, up to ThrottleWindow.
	// An address, or a name, with ten times as many failures within
	// ThrottleWindow backs off too (see loginWait in login.go).
	ThrottleLimit  int
	ThrottleWindow time.Duration
	Hasher         *auth.Hasher
	Logger         *slog.Logger
	// BaseURL is the address people reach the application at, for links
	// in e-mails and calendar feeds; empty: the address of each request.
	BaseURL string
	// MailEnabled says whether reminder e-mails go out, and MailVia
	// through which server, for the pages that tell users and admins.
	MailEnabled bool
	MailVia     string
	// Mailer, when set, sends the replies to citizens' feedback from
	// MailFrom.
	Mailer   Mailer
	MailFrom mail.Address
	// Now is the clock of deadlines, the days shown as today, publication
	// times and the years offered; nil: the store's clock, so a test that
	// stands the store on a date stands the pages on it too.
	Now func() time.Time
}

// Mailer sends one e-mail; *mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// Defaults fills what is unset.
func (c *Config) Defaults() {
	if c.SessionIdle <= 0 {
		c.SessionIdle = 30 * time.Minute
	}
	if c.SessionMax <= 0 {
		c.SessionMax = 12 * time.Hour
	}
	if c.ThrottleLimit <= 0 {
		c.ThrottleLimit = 5
	}
	if c.ThrottleWindow <= 0 {
		c.ThrottleWindow = 15 * time.Minute
	}
	if c.Hasher == nil {
		c.Hasher = auth.NewHasher(auth.DefaultParams)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Version == "" {
		c.Version = "dev"
	}
}

// Server is the HTTP handler of tebdg: the kit every area of the
// application stands on (middleware, sessions, rendering, errors) and the
// areas mounted on it.
type Server struct {
	cfg     Config
	store   *store.Store
	log     *slog.Logger
	views   *views
	assets  *assets
	handler http.Handler
}

// An Area is one part of the application in a package of its own (the
// portal, plans, reports…): it registers its routes, and with Templates it
// brings the templates of its pages.
type Area interface {
	Routes(m *Mux)
}

// Templated is an Area with pages of its own: pages/*.html, each a page,
// and partials/*.html, shared by the area's pages.
type Templated interface {
	Templates() fs.FS
}

// New builds the server: the kit, then the areas that areas returns (given
// the kit, so that each holds what it uses), their templates and routes.
func New(cfg Config, st *store.Store, areas func(*Server) []Area) (*Server, error) {
	cfg.Defaults()
	if cfg.Now == nil {
		cfg.Now = st.Now
	}
	s := &Server{cfg: cfg, store: st, log: cfg.Logger}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	var mounted []Area
	if areas != nil {
		mounted = areas(s)
	}
	var sets []fs.FS
	for _, a := range mounted {
		if t, ok := a.(Templated); ok {
			sets = append(sets, t.Templates())
		}
	}
	if s.views, err = loadViews(s.assets, sets); err != nil {
		return nil, err
	}
	m := &Mux{s: s, mux: http.NewServeMux()}
	s.routes(m)
	for _, a := range mounted {
		a.Routes(m)
	}
	m.HandleFunc("/api/", s.handleAPINotFound)
	m.HandleFunc("/", s.handleNotFound)
	// The chain, outermost first: recover and log; security headers; find
	// the client's address; refuse cross-site writes; find the user; pick
	// the language; route, where each route bounds its request body.
	var h http.Handler = m.mux
	h = s.withLang(h)
	h = s.withUser(h)
	h = s.withCrossOrigin(h)
	h = s.withClient(h)
	h = withSecurityHeaders(h)
	h = s.withRecoverAndLog(h)
	s.handler = h
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Config is the server's configuration, as set now (SetMailer may change
// it after New).
func (s *Server) Config() Config { return s.cfg }

// Now is the application's clock (Config.Now).
func (s *Server) Now() time.Time { return s.cfg.Now() }

// Log is the server's logger.
func (s *Server) Log() *slog.Logger { return s.log }

// Store is the database the server serves.
func (s *Server) Store() *store.Store { return s.store }

// SetMailer sets the sender of replies to citizens' feedback.
func (s *Server) SetMailer(m Mailer) { s.cfg.Mailer = m }

// routes are the kit's own: health, assets, signing in and out, the home
// page and the files of every area.
func (s *Server) routes(m *Mux) {
	m.HandleFunc("GET /healthz", s.handleHealth)
	m.HandleFunc("GET /static/{file}", s.assets.serve)
	m.HandleFunc("GET /login", s.handleLoginForm)
	m.HandleFunc("POST /login", s.handleLogin)
	m.HandleFunc("POST /logout", s.handleLogout)
	m.HandleFunc("POST /lang", s.handleLang)
	m.App("GET /app/{$}", s.handleHome)
	m.App("GET /app/files/{id}", s.handleFile)
	m.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
}

// Request bodies are bounded by their route: DefaultBody unless the route
// declares more with Body.
const (
	DefaultBody  int64 = 1 << 20  // forms and JSON
	DocumentBody int64 = 6 << 20  // a plan document of up to 5 MB, with the form around it
	ValueSetBody int64 = 33 << 20 // a data value set of up to 200,000 values
	FilesBody    int64 = 52 << 20 // up to 10 evidence files or attachments of 5 MB
)

// Mux registers routes, each behind what its audience needs and with its
// request-body limit.
type Mux struct {
	s   *Server
	mux *http.ServeMux
}

// A RouteOption changes how one route is served.
type RouteOption func(*route)

type route struct{ body int64 }

// Body lets the route's request body be up to n bytes.
func Body(n int64) RouteOption { return func(r *route) { r.body = n } }

func (m *Mux) handle(pattern string, h http.Handler, opts []RouteOption) {
	rt := route{body: DefaultBody}
	for _, o := range opts {
		o(&rt)
	}
	m.mux.Handle(pattern, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, rt.body)
		}
		h.ServeHTTP(w, r)
	}))
}

// Handle registers a route anyone may reach.
func (m *Mux) Handle(pattern string, h http.Handler, opts ...RouteOption) { m.handle(pattern, h, opts) }

// HandleFunc registers a route anyone may reach.
func (m *Mux) HandleFunc(pattern string, h http.HandlerFunc, opts ...RouteOption) {
	m.handle(pattern, h, opts)
}

// App registers a page of the application: visitors who are not signed in
// are sent to sign in.
func (m *Mux) App(pattern string, h http.HandlerFunc, opts ...RouteOption) {
	m.handle(pattern, m.s.requireUser(h), opts)
}

// API registers a JSON endpoint that needs a token or a session.
func (m *Mux) API(pattern string, h http.HandlerFunc, opts ...RouteOption) {
	m.handle(pattern, m.s.requireAPIUser(h), opts)
}

// Sweep removes expired sessions and old sign-in failures. The serve
// command runs it every few minutes; several instances may run it at once.
func (s *Server) Sweep(ctx context.Context) error {
	if _, err := s.store.SweepSessions(ctx, s.cfg.SessionIdle, s.cfg.SessionMax); err != nil {
		return err
	}
	return s.store.SweepLoginFailures(ctx, s.store.Now().Add(-pairMemory))
}
