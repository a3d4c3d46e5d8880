package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	netmail "net/mail"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/casecrypt"
	"tebdg/internal/demo"
	"tebdg/internal/mail"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/web"
	"tebdg/internal/web/site"
)

// Config is what "tebdg serve" reads from flags and the environment.
type Config struct {
	Addr           string
	DB             string
	Demo           bool
	PoolSize       int
	SessionIdle    time.Duration
	SessionMax     time.Duration
	ThrottleLimit  int // sign-in throttling, as in web.Config
	ThrottleWindow time.Duration
	TrustedProxies []netip.Prefix
	LogLevel       slog.Level
	LogJSON        bool
	// Hash are the password-hashing costs; tests lower them.
	Hash auth.Params
	// BaseURL is the address users reach the application at, for links
	// in reminder e-mails and calendar feeds.
	BaseURL string
	// SMTP is the mail server reminders go through; an empty Addr turns
	// e-mail off (reminders are then shown in the application only).
	SMTP mail.Config
	// RemindEvery is how often the reminder scheduler runs; 0 turns it off.
	RemindEvery time.Duration
	// AuditKeyFile names the audit chain key's file ("" for TEBDG_AUDIT_KEY
	// or the default, see audit.go); AuditKey, when set, is the key itself,
	// as tests give it.
	AuditKeyFile string
	AuditKey     []byte
	// CaseKeyFile names the case register's keyring file ("" for
	// TEBDG_CASE_KEY or the default, see casekeys.go); CaseKeys, when set,
	// are the keys themselves, as tests give them.
	CaseKeyFile string
	CaseKeys    *casecrypt.Keyring
}

// Main is the running server, in a form tests can start on port 0 with a
// temporary database and stop again.
type Main struct {
	Config Config
	Stdout io.Writer
	Logger *slog.Logger

	store    *store.Store
	caseKeys caseKeySource
	server   *site.Site
	remind   *remind.Scheduler
	http     *http.Server
	listener net.Listener
}

// NewMain returns a Main with the defaults.
func NewMain() *Main {
	return &Main{
		Config: Config{Addr: "127.0.0.1:8080", SessionIdle: 30 * time.Minute, SessionMax: 12 * time.Hour,
			ThrottleLimit: 5, ThrottleWindow: 15 * time.Minute, Hash: auth.DefaultParams},
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
	throttleLimit := fs.String("throttle-limit", envOr("TEBDG_THROTTLE_LIMIT", strconv.Itoa(c.ThrottleLimit)), "failed sign-ins for one name from one address before each further one doubles the wait; an address or a name gets ten times as many (TEBDG_THROTTLE_LIMIT)")
	throttleWindow := fs.String("throttle-window", envOr("TEBDG_THROTTLE_WINDOW", c.ThrottleWindow.String()), "the longest wait after failed sign-ins, and the time over which an address's or a name's failures are counted (TEBDG_THROTTLE_WINDOW)")
	proxies := fs.String("trusted-proxies", env("TEBDG_TRUSTED_PROXIES"), "comma-separated addresses or CIDRs of load balancers whose X-Forwarded-For is believed (TEBDG_TRUSTED_PROXIES)")
	fs.StringVar(&c.BaseURL, "base-url", env("TEBDG_BASE_URL"), "the address users reach tebdg at, for links in e-mails and calendar feeds, like https://tebdg.quangninh.gov.vn (TEBDG_BASE_URL)")
	fs.StringVar(&c.SMTP.Addr, "smtp-addr", env("TEBDG_SMTP_ADDR"), "mail server for reminder e-mails, host:port; empty: no e-mail (TEBDG_SMTP_ADDR)")
	fs.StringVar(&c.SMTP.Username, "smtp-user", env("TEBDG_SMTP_USER"), "mail server user name (TEBDG_SMTP_USER)")
	passFile := fs.String("smtp-password-file", env("TEBDG_SMTP_PASSWORD_FILE"), "file holding the mail server password; or set TEBDG_SMTP_PASSWORD")
	from := fs.String("smtp-from", envOr("TEBDG_SMTP_FROM", "TE&BĐG <no-reply@localhost>"), "sender of reminder e-mails (TEBDG_SMTP_FROM)")
	tlsMode := fs.String("smtp-tls", envOr("TEBDG_SMTP_TLS", "starttls"), "starttls, starttls-if-offered, tls (port 465) or none (a relay on this machine) (TEBDG_SMTP_TLS)")
	every := fs.String("remind-every", envOr("TEBDG_REMIND_EVERY", "1m"), "how often the reminder scheduler runs; 0 turns it off (TEBDG_REMIND_EVERY)")
	level := fs.String("log-level", envOr("TEBDG_LOG_LEVEL", "info"), "debug, info, warn or error (TEBDG_LOG_LEVEL)")
	format := fs.String("log-format", envOr("TEBDG_LOG_FORMAT", "text"), "text or json (TEBDG_LOG_FORMAT)")
	fs.StringVar(&c.AuditKeyFile, "audit-key-file", "", "file of the audit chain key, made on first start if missing; every instance on one database needs the same key (TEBDG_AUDIT_KEY_FILE, or the key itself in TEBDG_AUDIT_KEY; default audit.key beside a SQLite database, ./data/audit.key for PostgreSQL)")
	fs.StringVar(&c.CaseKeyFile, "case-key-file", "", "file of the case register's master keys, made on first start if missing while the register is empty; every instance on one database needs the same file, and a rotation by \"tebdg keys rotate\" is picked up from it without a restart (TEBDG_CASE_KEY_FILE, or the key itself in TEBDG_CASE_KEY; default case.key beside a SQLite database, ./data/case.key for PostgreSQL)")
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
	if c.ThrottleLimit, err = strconv.Atoi(*throttleLimit); err != nil || c.ThrottleLimit < 1 || c.ThrottleLimit > 100 {
		return usageError(fmt.Sprintf("serve: --throttle-limit %q must be a number from 1 to 100", *throttleLimit))
	}
	if c.ThrottleWindow, err = time.ParseDuration(*throttleWindow); err != nil || c.ThrottleWindow < time.Minute || c.ThrottleWindow > 24*time.Hour {
		return usageError(fmt.Sprintf("serve: --throttle-window %q must be a duration from 1m to 24h, like 15m", *throttleWindow))
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
	if c.BaseURL != "" {
		u, err := url.Parse(c.BaseURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return usageError(fmt.Sprintf("serve: --base-url %q must be an http:// or https:// address", c.BaseURL))
		}
		c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	}
	if c.RemindEvery, err = time.ParseDuration(*every); err != nil || c.RemindEvery < 0 || c.RemindEvery > 0 && c.RemindEvery < time.Second {
		return usageError(fmt.Sprintf("serve: --remind-every %q must be 0 or a duration of at least 1s, like 1m", *every))
	}
	modes := map[string]mail.TLSMode{"starttls": mail.StartTLS, "starttls-if-offered": mail.StartTLSIfOffered, "tls": mail.ImplicitTLS, "none": mail.NoTLS}
	mode, ok := modes[*tlsMode]
	if !ok {
		return usageError(fmt.Sprintf("serve: --smtp-tls %q must be starttls, starttls-if-offered, tls or none", *tlsMode))
	}
	c.SMTP.TLS = mode
	addr, err := netmail.ParseAddress(*from)
	if err != nil {
		return usageError(fmt.Sprintf("serve: --smtp-from %q must be an address like \"TE&BĐG <no-reply@tinh.gov.vn>\"", *from))
	}
	c.SMTP.From = mail.Address{Name: addr.Name, Email: addr.Address}
	c.SMTP.Password = env("TEBDG_SMTP_PASSWORD")
	if *passFile != "" {
		b, err := os.ReadFile(*passFile)
		if err != nil {
			return usageError(fmt.Sprintf("serve: --smtp-password-file: %v", err))
		}
		c.SMTP.Password = strings.TrimRight(string(b), "\r\n")
	}
	if c.SMTP.Addr != "" {
		if _, err := mail.NewSender(c.SMTP); err != nil {
			return usageError(fmt.Sprintf("serve: mail server settings: %v", err))
		}
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
	st, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	m.store = st
	if err := st.Migrate(ctx); err != nil {
		return err
	}
	if err := m.checkCaseKeys(ctx); err != nil {
		return err
	}
	hasher := auth.NewHasher(m.Config.Hash)
	if m.Config.Demo {
		if _, err := demo.Seed(ctx, st, hasher); err != nil {
			return err
		}
	}
	m.server, err = site.New(web.Config{
		Version: version, SessionIdle: m.Config.SessionIdle, SessionMax: m.Config.SessionMax,
		ThrottleLimit: m.Config.ThrottleLimit, ThrottleWindow: m.Config.ThrottleWindow,
		TrustedProxies: m.Config.TrustedProxies, Hasher: hasher, Logger: m.Logger,
		BaseURL: m.Config.BaseURL, MailEnabled: m.Config.SMTP.Addr != "", MailVia: m.Config.SMTP.Addr, MailFrom: m.Config.SMTP.From,
	}, st)
	if err != nil {
		return err
	}
	m.remind = &remind.Scheduler{Store: st, From: m.Config.SMTP.From, BaseURL: m.Config.BaseURL, Worker: workerName(),
		Log: m.Logger.With("part", "reminders")}
	if m.Config.SMTP.Addr != "" {
		sender, err := mail.NewSender(m.Config.SMTP)
		if err != nil {
			return err
		}
		m.remind.Mailer = sender
		m.server.SetMailer(sender)
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
	m.Logger.Info("tebdg started", "url", m.URL(), "db", st.Dialect(), "version", version, "audit_key", st.AuditKeyFingerprint(),
		"case_key", m.caseKeys.ring.Current().Fingerprint())
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
	if m.Config.RemindEvery > 0 {
		if m.remind.BaseURL == "" {
			m.remind.BaseURL = m.URL()
		}
		rctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); m.remind.Run(rctx, m.Config.RemindEvery) }()
		// Stop the scheduler before the database closes; a reminder it was
		// sending keeps its claim, which runs out and is taken again.
		defer func() { stop(); <-done }()
	}
	// Hear what other instances change on the portal, so its cached pages
	// follow at once; stopped before the database closes.
	wctx, stopWatch := context.WithCancel(ctx)
	watching := make(chan struct{})
	go func() { defer close(watching); m.server.WatchPortal(wctx) }()
	defer func() { stopWatch(); <-watching }()
	sweep := time.NewTicker(5 * time.Minute)
	defer sweep.Stop()
	visits := time.NewTicker(time.Minute)
	defer visits.Stop()
	for {
		select {
		case err := <-errc:
			return err
		case <-sweep.C:
			if err := m.server.Sweep(ctx); err != nil {
				m.Logger.Warn("sweep", "err", err)
			}
			if err := m.server.SweepFeedback(ctx); err != nil {
				m.Logger.Warn("sweep feedback senders", "err", err)
			}
		case <-visits.C:
			if err := m.server.FlushVisits(ctx); err != nil {
				m.Logger.Warn("visit counts", "err", err)
			}
			if err := m.server.PublishDue(ctx); err != nil {
				m.Logger.Warn("scheduled posts", "err", err)
			}
		case <-ctx.Done():
			m.Logger.Info("stopping: finishing requests in flight")
			sctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
			defer cancel()
			if err := m.http.Shutdown(sctx); err != nil {
				return err
			}
			if err := m.server.FlushVisits(sctx); err != nil {
				m.Logger.Warn("visit counts", "err", err)
			}
			if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		}
	}
}

// workerName names this instance on its reminder claims, for admins
// reading the outbox.
func workerName() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	_, _ = rand.Read(b)
	return host + "/" + strconv.Itoa(os.Getpid()) + "/" + hex.EncodeToString(b)
}

// Reminders gives tests the scheduler.
func (m *Main) Reminders() *remind.Scheduler { return m.remind }

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
