package web

import (
	"net/http"
	"strconv"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

type loginData struct {
	Next string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if state(r).user != nil {
		http.Redirect(w, r, "/app/", http.StatusSeeOther)
		return
	}
	p := s.newPage(r, "", "")
	p.Title = p.T("Đăng nhập", "Sign in")
	p.Data = loginData{Next: localPath(r.URL.Query().Get("next"), "")}
	s.render(w, r, http.StatusOK, "login", p)
}

// handleLogin checks a user name and password. After ThrottleLimit failures
// within ThrottleWindow for the same user name or the same client address,
// attempts are refused with 429 before the password is even looked at, so
// guessing is slow whichever of the two an attacker varies.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	ctx := r.Context()
	p := s.newPage(r, "", "")
	p.Title = p.T("Đăng nhập", "Sign in")
	if err := parseForm(r); err != nil {
		p.Form.setErr(err, p.Lang)
		s.render(w, r, statusOf(errs.CodeOf(err)), "login", p)
		return
	}
	username := domain.NormalizeUsername(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	next := localPath(r.PostFormValue("next"), "/app/")
	p.Data = loginData{Next: r.PostFormValue("next")}
	p.Form.Values.Set("username", username)

	if username == "" || password == "" || len(username) > 64 || len(password) > auth.MaxPasswordLen {
		p.Form.setErr(errs.List{
			errs.Field("username", "nhập tên đăng nhập và mật khẩu", "enter your user name and password"),
		}, p.Lang)
		s.render(w, r, http.StatusBadRequest, "login", p)
		return
	}

	userKey, addrKey := "user:"+username, "addr:"+st.client
	now := s.store.Now()
	counts, oldest, err := s.store.LoginFailures(ctx, []string{userKey, addrKey}, now.Add(-s.cfg.ThrottleWindow))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	for _, k := range []string{userKey, addrKey} {
		if counts[k] >= s.cfg.ThrottleLimit {
			wait := max(time.Second, oldest[k].Add(s.cfg.ThrottleWindow).Sub(now))
			e := &errs.Error{Code: errs.Throttled, RetryAfter: wait,
				VI: "Đăng nhập sai quá nhiều lần. Hãy thử lại sau " + minutes(wait, "vi") + ".",
				EN: "Too many failed sign-ins. Try again in " + minutes(wait, "en") + "."}
			s.log.Warn("sign-in throttled", "key", k, "client", st.client)
			w.Header().Set("Retry-After", strconv.Itoa(int(wait.Seconds()+0.999)))
			p.Form.setErr(e, p.Lang)
			s.render(w, r, http.StatusTooManyRequests, "login", p)
			return
		}
	}

	u, err := s.store.UserByUsername(ctx, username)
	hash := u.PasswordHash
	if err != nil || u.Disabled {
		if err != nil && !errs.Is(err, errs.NotFound) {
			s.fail(w, r, err)
			return
		}
		hash = "" // verify against the dummy: same time whether or not the user exists
	}
	if !s.cfg.Hasher.Verify(hash, password) {
		if err := s.store.RecordLoginFailure(ctx, userKey, addrKey); err != nil {
			s.fail(w, r, err)
			return
		}
		s.log.Info("sign-in failed", "username", username, "client", st.client)
		p.Form.setErr(errs.New(errs.Unauthorized, "Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."), p.Lang)
		s.render(w, r, http.StatusUnauthorized, "login", p)
		return
	}

	secret, idHash := auth.NewSecret("")
	replaced := ""
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		replaced = auth.HashSecret(c.Value)
	}
	actor := domain.Actor{UserID: u.ID, Username: u.Username, Client: st.client}
	if err := s.store.CreateSession(ctx, actor, idHash, replaced, u, r.UserAgent()); err != nil {
		s.fail(w, r, err)
		return
	}
	if err := s.store.ClearLoginFailures(ctx, userKey); err != nil {
		s.log.Warn("clear sign-in failures", "err", err)
	}
	s.setSessionCookie(w, r, secret)
	// The pages shown after signing out keep the user's language.
	setCookie(w, r, langCookie, u.Lang, 365*24*3600)
	if u.MustChangePassword {
		next = "/app/account"
	}
	redirect(w, r, next)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	st := state(r)
	if st.session != nil && st.user != nil {
		if err := s.store.EndSession(r.Context(), st.actor(), st.session.IDHash, *st.user); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w, r)
	redirectFlash(w, r, "/login", "signed_out")
}

// handleLang switches the language: stored on the account when signed in,
// in a cookie otherwise.
func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) {
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	lang := r.PostFormValue("lang")
	if lang != "en" {
		lang = "vi"
	}
	st := state(r)
	if st.user != nil {
		if err := s.store.SetLang(r.Context(), st.actor(), st.user.ID, lang); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	setCookie(w, r, langCookie, lang, 365*24*3600)
	redirect(w, r, r.PostFormValue("next"))
}

func minutes(d time.Duration, lang string) string {
	m := int((d + time.Minute - 1) / time.Minute)
	if lang == "en" {
		if m == 1 {
			return "1 minute"
		}
		return strconv.Itoa(m) + " minutes"
	}
	return strconv.Itoa(m) + " phút"
}
