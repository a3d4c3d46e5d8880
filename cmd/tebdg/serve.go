package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// Config is what "tebdg serve" reads from flags and the environment.
type Config struct {
	Addr           string
	DB             string
	Demo           bool
	PoolSize       int
	SessionIdle    time.Duration
	SessionMax     time.Duration
	TrustedProxies []netip.Prefix
	LogLevel       slog.Level
	LogJSON        bool
	// Hash are the password-hashing costs; tests lower them.
	Hash auth.Params
}

// Main is the running server, in a form tests can start on port 0 with a
// temporary database and stop again.
type Main struct {
	Config Config
	Stdout io.Writer
	Logger *slog.Logger

	store    *store.Store
	server   *web.Server
	http     *http.Server
	listener net.Listener
}

// NewMain returns a Main with the defaults.
func NewMain() *Main {
	return &Main{
		Config: Config{Addr: "127.0.0.1:8080", SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour, Hash: auth.DefaultParams},
		Stdout: io.Discard,
	}
}

// ParseFlags reads the serve flags; environment variables give the
// defaults, flags override them.
func (m *Main) ParseFlags(args []string) error {
	c := &m.Config
	fs := newFlags("serve", m.Stdout)
	env := func(key string) string { return os.Getenv(key) }
	fs.StringVar(&c.Addr, "addr", envOr("TEBDG_ADDR", c.Addr), "address to listen on (TEBDG_ADDR)")
	dbFlag := fs.String("db", "", "database URL: sqlite:PATH or postgres://… (TEBDG_DB, TEBDG_DB_FILE; default "+store.DefaultURL+")")
	fs.BoolVar(&c.Demo, "demo", env("TEBDG_DEMO") == "1", "fill an empty database with the demo province and print the demo sign-ins")
	pool := fs.String("db-pool", envOr("TEBDG_DB_POOL", "0"), "PostgreSQL pool size per instance; 0 = 10 (TEBDG_DB_POOL)")
	idle := fs.String("session-idle", envOr("TEBDG_SESSION_IDLE", c.SessionIdle.String()), "end a session idle this long (TEBDG_SESSION_IDLE)")
	maxAge := fs.String("session-max", envOr("TEBDG_SESSION_MAX", c.SessionMax.String()), "end any session this old (TEBDG_SESSION_MAX)")
	proxies := fs.String("trusted-proxies", env("TEBDG_TRUSTED_PROXIES"), "comma-separated addresses or CIDRs of load balancers whose X-Forwarded-For is believed (TEBDG_TRUSTED_PROXIES)")
	level := fs.String("log-level", envOr("TEBDG_LOG_LEVEL", "info"), "debug, info, warn or error (TEBDG_LOG_LEVEL)")
	format := fs.String("log-format", envOr("TEBDG_LOG_FORMAT", "text"), "text or json (TEBDG_LOG_FORMAT)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var err error
	if c.DB, err = dbURL(*dbFlag); err != nil {
		return err
	}
	if c.PoolSize, err = strconv.Atoi(*pool); err != nil || c.PoolSize < 0 || c.PoolSize > 1000 {
		return usageError(fmt.Sprintf("serve: --db-pool %q must be a number from 0 to 1000", *pool))
	}
	if c.SessionIdle, err = time.ParseDuration(*idle); err != nil || c.SessionIdle < time.Minute {
		return usageError(fmt.Sprintf("serve: --session-idle %q must be a duration of at least 1m, like 30m", *idle))
	}
	if c.SessionMax, err = time.ParseDuration(*maxAge); err != nil || c.SessionMax < c.SessionIdle {
		return usageError(fmt.Sprintf("serve: --session-max %q must be a duration no shorter than --session-idle, like 12h", *maxAge))
	}
	c.TrustedProxies = nil
	for _, p := range strings.Split(*proxies, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		prefix, err := netip.ParsePrefix(p)
		if err != nil {
			addr, aerr := netip.ParseAddr(p)
			if aerr != nil {
				return usageError(fmt.Sprintf("serve: --trusted-proxies: %q is not an address or CIDR", p))
			}
			prefix = netip.PrefixFrom(addr, addr.BitLen())
		}
		c.TrustedProxies = append(c.TrustedProxies, prefix)
	}
	if err := c.LogLevel.UnmarshalText([]byte(*level)); err != nil {
		return usageError(fmt.Sprintf("serve: --log-level %q must be debug, info, warn or error", *level))
	}
	switch *format {
	case "text", "json":
		c.LogJSON = *format == "json"
	default:
		return usageError(fmt.Sprintf("serve: --log-format %q must be text or json", *format))
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return usageError(fmt.Sprintf("serve: --addr %q must be host:port, like 127.0.0.1:8080", c.Addr))
	}
	return nil
}

// Open opens and migrates the database, fills the demo if asked, and starts
// listening. After Open, URL tells where.
func (m *Main) Open(ctx context.Context) error {
	if m.Logger == nil {
		opts := &slog.HandlerOptions{Level: m.Config.LogLevel}
		if m.Config.LogJSON {
			m.Logger = slog.New(slog.NewJSONHandler(os.Stderr, opts))
		} else {
			m.Logger = slog.New(slog.NewTextHandler(os.Stderr, opts))
		}
	}
	st, err := store.Open(ctx, m.Config.DB, store.Options{PoolSize: m.Config.PoolSize, Logger: m.Logger})
	if err != nil {
		return err
	}
	m.store = st
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	hasher := auth.NewHasher(m.Config.Hash)
	if m.Config.Demo {
		if _, err := demo.Seed(ctx, st, hasher); err != nil {
			return err
		}
	}
	m.server, err = web.New(web.Config{
		Version: version, SessionIdle: m.Config.SessionIdle, SessionMax: m.Config.SessionMax,
		TrustedProxies: m.Config.TrustedProxies, Hasher: hasher, Logger: m.Logger,
	}, st)
	if err != nil {
		return err
	}
	ln, err := (&net.ListenConfig{}).Listen(ctx, "tcp", m.Config.Addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %w", m.Config.Addr, err)
	}
	m.listener = ln
	m.http = &http.Server{
		Handler:           m.server,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn),
	}
	if m.Config.Demo {
		m.printDemo()
	}
	m.Logger.Info("tebdg started", "url", m.URL(), "db", st.Dialect(), "version", version)
	return nil
}

func (m *Main) printDemo() {
	w := m.Stdout
	_, _ = fmt.Fprintf(w, "Tỉnh Quảng Ninh (demo) is ready at %s/login\n", m.URL())
	_, _ = fmt.Fprintf(w, "Sign in with one of these (password for all: %s):\n", demo.Password)
	for _, l := range demo.Logins {
		_, _ = fmt.Fprintf(w, "  %-12s %-12s at %s\n", l.Username, l.Role, l.RoleOrg)
	}
}

// URL is the base URL the server listens on.
func (m *Main) URL() string {
	if m.listener == nil {
		return ""
	}
	return "http://" + m.listener.Addr().String()
}

// Store gives tests the open store.
func (m *Main) Store() *store.Store { return m.store }

// Serve serves until ctx ends, then stops taking connections and lets the
// requests in flight finish (up to 30 s).
func (m *Main) Serve(ctx context.Context) error {
	errc := make(chan error, 1)
	go func() { errc <- m.http.Serve(m.listener) }()
	sweep := time.NewTicker(5 * time.Minute)
	defer sweep.Stop()
	for {
		select {
		case err := <-errc:
			return err
		case <-sweep.C:
			if err := m.server.Sweep(ctx); err != nil {
				m.Logger.Warn("sweep", "err", err)
			}
		case <-ctx.Done():
			m.Logger.Info("stopping: finishing requests in flight")
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			if err := m.http.Shutdown(sctx); err != nil {
				return err
			}
			if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		}
	}
}

// Close releases the database.
func (m *Main) Close() error {
	if m.listener != nil && m.http == nil {
		_ = m.listener.Close()
	}
	if m.store != nil {
		return m.store.Close()
	}
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := NewMain()
	m.Stdout = stdout
	if err := m.ParseFlags(args); err != nil {
		return err
	}
	defer func() { _ = m.Close() }()
	if err := m.Open(ctx); err != nil {
		return err
	}
	return m.Serve(ctx)
}
