package web

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"golang.org/x/text/language"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// RequestState is what the middleware learns about a request.
type RequestState struct {
	Client  string // the client's address
	Secure  bool   // the client reached us over TLS
	User    *domain.User
	Session *domain.Session
	Lang    string
}

type ctxKey struct{}

// State is what the middleware learned about the request: its client, the
// user and session, the language.
func State(r *http.Request) *RequestState {
	if st, ok := r.Context().Value(ctxKey{}).(*RequestState); ok {
		return st
	}
	return &RequestState{Lang: "vi"}
}

// Actor is who the audit trail names for a change made by this request.
func (st *RequestState) Actor() domain.Actor {
	a := domain.Actor{Client: st.Client}
	if st.User != nil {
		a.UserID, a.Username = st.User.ID, st.User.Username
	}
	return a
}

// statusWriter remembers the status for the access log.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

func (s *Server) withRecoverAndLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		st := &RequestState{Lang: "vi"}
		r = r.WithContext(context.WithValue(r.Context(), ctxKey{}, st))
		defer func() {
			if v := recover(); v != nil {
				if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
					panic(v)
				}
				s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				if sw.status == 0 {
					s.Fail(sw, r, errs.New(errs.Internal, "lỗi hệ thống", "internal error"))
				}
			}
			if r.URL.Path == "/healthz" || strings.HasPrefix(r.URL.Path, "/static/") {
				return
			}
			user := ""
			if st.User != nil {
				user = st.User.Username
			}
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", sw.status,
				"ms", float64(time.Since(start).Microseconds())/1000, "client", st.Client, "user", user)
		}()
		next.ServeHTTP(sw, r)
	})
}

// The Content-Security-Policy allows nothing inline and nothing from
// elsewhere: scripts and styles come from /static only, so an injected tag
// cannot run.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func withSecurityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", csp)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
		if strings.HasPrefix(r.URL.Path, "/app/") || r.URL.Path == "/login" || strings.HasPrefix(r.URL.Path, "/api/") {
			// Pages with personal data must not stay in a shared PC's cache.
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}

// withClient finds the client's address: the peer's, or, when the peer is
// a trusted proxy, the last address in X-Forwarded-For that is not one.
func (s *Server) withClient(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := State(r)
		peer := r.RemoteAddr
		if host, _, err := net.SplitHostPort(peer); err == nil {
			peer = host
		}
		st.Client, st.Secure = peer, r.TLS != nil
		if addr, err := netip.ParseAddr(peer); err == nil && s.trusted(addr) {
			if proto := r.Header.Get("X-Forwarded-Proto"); proto != "" {
				st.Secure = proto == "https"
			}
			hops := strings.Split(r.Header.Get("X-Forwarded-For"), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				st.Client = a.String()
				if !s.trusted(a) {
					break
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) trusted(a netip.Addr) bool {
	for _, p := range s.cfg.TrustedProxies {
		if p.Contains(a.Unmap()) {
			return true
		}
	}
	return false
}

// withCrossOrigin refuses state-changing requests made by another site: a
// Sec-Fetch-Site other than same-origin, or an Origin naming another host.
// Requests without either header (API clients, old browsers' same-origin
// forms) pass; SameSite=Lax cookies cover the old browsers.
func (s *Server) withCrossOrigin(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin request refused", "path", r.URL.Path, "origin", r.Header.Get("Origin"),
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"), "client", State(r).Client)
		s.Fail(w, r, errs.New(errs.Forbidden,
			"yêu cầu từ trang web khác đã bị từ chối",
			"a request from another site was refused"))
	}))
	return cop.Handler(next)
}

const (
	sessionCookie = "tebdg_session"
	langCookie    = "tebdg_lang"
)

// withUser finds the signed-in user: by API token on /api/, else by the
// session cookie. A token that is wrong, expired or revoked answers 401; a
// read-scoped token answers 403 to any method that may change data.
func (s *Server) withUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := State(r)
		ctx := r.Context()
		if strings.HasPrefix(r.URL.Path, "/api/") {
			if tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer "); ok {
				t, u, err := s.store.TokenUser(ctx, auth.HashSecret(strings.TrimSpace(tok)))
				switch {
				case errs.Is(err, errs.NotFound):
					// A token that no longer works is refused even where no
					// token is needed: going on as a visitor would hide from
					// the integration that its token ended.
					st.Lang = clientLang(r)
					w.Header().Set("WWW-Authenticate", `Bearer realm="tebdg", error="invalid_token"`)
					s.Fail(w, r, errs.New(errs.Unauthorized,
						"mã truy cập API không đúng, đã hết hạn hoặc đã bị thu hồi (mã bị thu hồi khi đổi hoặc đặt lại mật khẩu); hãy tạo mã mới",
						"the API token is wrong, expired or revoked (tokens are revoked when the password is changed or reset); make a new one"))
					return
				case err != nil:
					s.Fail(w, r, err)
					return
				}
				if t.Scope != domain.TokenReadWrite && !safeMethod(r.Method) {
					st.Lang = u.Lang
					w.Header().Set("WWW-Authenticate", `Bearer realm="tebdg", error="insufficient_scope", scope="read-write"`)
					s.Fail(w, r, errs.New(errs.Forbidden,
						"mã truy cập API này chỉ được đọc dữ liệu; để thay đổi dữ liệu hãy dùng mã có phạm vi đọc và ghi (read-write)",
						"this API token may only read; use a token with the read-write scope to change data"))
					return
				}
				st.User = &u
				next.ServeHTTP(w, r)
				return
			}
		}
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" && len(c.Value) < 200 {
			sess, u, err := s.store.SessionUser(ctx, auth.HashSecret(c.Value), s.cfg.SessionIdle, s.cfg.SessionMax)
			switch {
			case err == nil:
				st.User, st.Session = &u, &sess
				// Moving the idle clock costs a write; once a minute is
				// precise enough for a 30-minute timeout.
				if s.store.Now().Sub(sess.LastSeenAt) > time.Minute {
					if err := s.store.TouchSession(ctx, sess.IDHash); err != nil {
						s.log.Warn("touch session", "err", err)
					}
				}
			case errs.Is(err, errs.NotFound):
				s.clearSessionCookie(w, r)
			default:
				s.Fail(w, r, err)
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

var langMatcher = language.NewMatcher([]language.Tag{language.Vietnamese, language.English})

// withLang picks the language: the user's setting, else the language cookie,
// else Accept-Language, else Vietnamese.
func (s *Server) withLang(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := State(r)
		if st.User != nil {
			st.Lang = st.User.Lang
		} else {
			st.Lang = clientLang(r)
		}
		if st.Lang != "en" {
			st.Lang = "vi"
		}
		if !strings.HasPrefix(r.URL.Path, "/static/") {
			// Pages differ by language and by who is signed in; assets do not.
			w.Header().Set("Content-Language", st.Lang)
			w.Header().Add("Vary", "Accept-Language, Cookie")
		}
		next.ServeHTTP(w, r)
	})
}

// clientLang is the language a visitor asked for: the language cookie,
// else Accept-Language, else Vietnamese.
func clientLang(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && (c.Value == "en" || c.Value == "vi") {
		return c.Value
	}
	if al := r.Header.Get("Accept-Language"); al != "" {
		tags, _, _ := language.ParseAcceptLanguage(al)
		if _, idx, conf := langMatcher.Match(tags...); conf != language.No && idx == 1 {
			return "en"
		}
	}
	return "vi"
}

// safeMethod reports whether a request method only reads (RFC 9110 §9.2.1),
// which is all a read-scoped token may send.
func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// requireUser sends visitors who are not signed in to the sign-in page, and
// users who must choose a new password to their account page.
func (s *Server) requireUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := State(r)
		if st.User == nil {
			target := "/login"
			if r.Method == http.MethodGet && r.URL.Path != "/app/" {
				target += "?next=" + url.QueryEscape(r.URL.RequestURI())
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		if st.User.MustChangePassword && !strings.HasPrefix(r.URL.Path, "/app/account") {
			http.Redirect(w, r, "/app/account", http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requireAPIUser answers 401 to API calls without a valid token or session.
func (s *Server) requireAPIUser(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if State(r).User == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="tebdg"`)
			s.Fail(w, r, errs.New(errs.Unauthorized, "cần đăng nhập hoặc mã truy cập API hợp lệ", "sign in or send a valid API token"))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// setCookie sets one of tebdg's cookies. All of them are HttpOnly and
// SameSite=Lax, and Secure whenever the client reached us over TLS (directly
// or through a trusted proxy); on plain http a Secure cookie would never
// come back.
func setCookie(w http.ResponseWriter, r *http.Request, name, value string, maxAge int) {
	http.SetCookie(w, &http.Cookie{ //nolint:gosec // Secure follows the connection, see above
		Name: name, Value: value, Path: "/", HttpOnly: true, Secure: State(r).Secure,
		SameSite: http.SameSiteLaxMode, MaxAge: maxAge,
	})
}

func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, value string) {
	setCookie(w, r, sessionCookie, value, int(s.cfg.SessionMax.Seconds()))
}

func (s *Server) clearSessionCookie(w http.ResponseWriter, r *http.Request) {
	setCookie(w, r, sessionCookie, "", -1)
}

// Redirect answers 303 to a path on this site. Targets that come from a
// request pass through localPath first.
func Redirect(w http.ResponseWriter, r *http.Request, to string) {
	http.Redirect(w, r, LocalPath(to, "/app/"), http.StatusSeeOther) //nolint:gosec // localPath keeps it on this site
}
