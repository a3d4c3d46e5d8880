package web

import (
	"net/http"
	"strconv"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
)

type loginData struct {
	Next string
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if State(r).User != nil {
		http.Redirect(w, r, "/app/", http.StatusSeeOther)
		return
	}
	p := s.NewPage(r, "", "")
	p.Title = p.T("Đăng nhập", "Sign in")
	p.Data = loginData{Next: LocalPath(r.URL.Query().Get("next"), "")}
	s.Render(w, r, http.StatusOK, "login", p)
}

// Sign-in throttling counts failures three ways, in the database, so every
// instance sees the same counts:
//
//   - per user name and address together: ThrottleLimit failures are free,
//     then each further one doubles the wait, from ThrottleWindow/32 up to
//     ThrottleWindow (28 s, 56 s, … 15 min by default), remembered for
//     pairMemory unless the right password clears them;
//   - per address, across names: past throttleCeiling × ThrottleLimit
//     failures within ThrottleWindow the address backs off the same way, so
//     a guesser cycling through names is slowed;
//   - per name, across addresses: past the same ceiling the name backs off,
//     so guessing one name from many addresses is slowed too.
//
// The address and name back-offs only hold an address that has itself
// failed for that name. A correct password from an address with no failure
// for that name is never refused: one person's typing, or an attacker,
// cannot lock out the rest of an office behind the same address, nor keep
// the admin out from elsewhere.
const (
	pairMemory      = 24 * time.Hour
	throttleCeiling = 10
)

// throttleBackoff is how long to wait after the last of failures, when
// free of them cost nothing and the wait doubles from most/32 up to most.
func throttleBackoff(failures, free int, most time.Duration) time.Duration {
	if failures < free {
		return 0
	}
	d := most / 32
	for i := free; i < failures && d < most; i++ {
		d *= 2
	}
	return min(d, most)
}

// loginWait decides on an attempt from the counts of its pair, address and
// name keys: how long it must still wait (0: go ahead) and which count
// holds it.
func (s *Server) loginWait(now time.Time, pair, addr, name store.LoginCount) (time.Duration, string) {
	if pair.Failures == 0 {
		return 0, ""
	}
	limit, window := s.cfg.ThrottleLimit, s.cfg.ThrottleWindow
	var wait time.Duration
	why := ""
	for _, c := range []struct {
		key   string
		count store.LoginCount
		free  int
	}{{"pair", pair, limit}, {"addr", addr, throttleCeiling * limit}, {"name", name, throttleCeiling * limit}} {
		if w := throttleBackoff(c.count.Failures, c.free, window) - now.Sub(c.count.Last); w > wait {
			wait, why = w, c.key
		}
	}
	return wait, why
}

// throttledMessage says why a sign-in must wait, and for how long.
func throttledMessage(why string, wait time.Duration) *errs.Error {
	e := &errs.Error{Code: errs.Throttled, RetryAfter: wait}
	vi, en := waitText(wait, "vi"), waitText(wait, "en")
	switch why {
	case "addr":
		e.VI = "Đăng nhập sai quá nhiều lần từ địa chỉ mạng của bạn (có thể từ nhiều máy trong cùng cơ quan). Hãy thử lại sau " + vi + "."
		e.EN = "Too many failed sign-ins from your network address (perhaps from several computers in your office). Try again in " + en + "."
	case "name":
		e.VI = "Đăng nhập sai quá nhiều lần với tên này, từ nhiều nơi. Hãy thử lại sau " + vi + "; nếu không phải bạn, hãy báo quản trị viên."
		e.EN = "Too many failed sign-ins for this name, from many places. Try again in " + en + "; if that was not you, tell an administrator."
	default:
		e.VI = "Đăng nhập sai quá nhiều lần. Hãy thử lại sau " + vi + "; nếu quên mật khẩu, hãy nhờ quản trị viên đặt lại."
		e.EN = "Too many failed sign-ins. Try again in " + en + "; if you forgot your password, ask an administrator to reset it."
	}
	return e
}

// handleLogin checks a user name and password. Each attempt is counted as a
// failure before the password is looked at (and taken back when it is
// right), so parallel guesses cannot slip past the count; an attempt that
// must wait (see loginWait) answers 429 with Retry-After, without looking
// at the password at all.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	st := State(r)
	ctx := r.Context()
	p := s.NewPage(r, "", "")
	p.Title = p.T("Đăng nhập", "Sign in")
	if err := ParseForm(r); err != nil {
		p.Form.SetErr(err, p.Lang)
		s.Render(w, r, StatusOf(errs.CodeOf(err)), "login", p)
		return
	}
	username := domain.NormalizeUsername(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	next := LocalPath(r.PostFormValue("next"), "/app/")
	p.Data = loginData{Next: r.PostFormValue("next")}
	p.Form.Values.Set("username", username)

	if username == "" || password == "" || len(username) > 64 || len(password) > auth.MaxPasswordLen {
		p.Form.SetErr(errs.List{
			errs.Field("username", "nhập tên đăng nhập và mật khẩu", "enter your user name and password"),
		}, p.Lang)
		s.Render(w, r, http.StatusBadRequest, "login", p)
		return
	}

	pairKey, addrKey, nameKey := "pair:"+st.Client+" "+username, "addr:"+st.Client, "name:"+username
	now := s.store.Now()
	why := ""
	wait, err := s.store.ChargeLoginAttempt(ctx, []store.LoginKey{
		{Key: pairKey, Since: now.Add(-pairMemory)},
		{Key: addrKey, Since: now.Add(-s.cfg.ThrottleWindow)},
		{Key: nameKey, Since: now.Add(-s.cfg.ThrottleWindow)},
	}, func(c map[string]store.LoginCount) time.Duration {
		var wait time.Duration
		wait, why = s.loginWait(now, c[pairKey], c[addrKey], c[nameKey])
		return wait
	})
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if wait > 0 {
		wait = max(wait, time.Second)
		s.log.Warn("sign-in throttled", "by", why, "username", username, "client", st.Client)
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		p.Form.SetErr(throttledMessage(why, wait), p.Lang)
		s.Render(w, r, http.StatusTooManyRequests, "login", p)
		return
	}

	u, err := s.store.UserByUsername(ctx, username)
	hash := u.PasswordHash
	if err != nil || u.Disabled {
		if err != nil && !errs.Is(err, errs.NotFound) {
			s.Fail(w, r, err)
			return
		}
		hash = "" // verify against the dummy: same time whether or not the user exists
	}
	if !s.cfg.Hasher.Verify(hash, password) {
		// The failure was counted before the password was checked.
		s.log.Info("sign-in failed", "username", username, "client", st.Client)
		p.Form.SetErr(errs.New(errs.Unauthorized, "Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."), p.Lang)
		s.Render(w, r, http.StatusUnauthorized, "login", p)
		return
	}

	secret, idHash := auth.NewSecret("")
	replaced := ""
	if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
		replaced = auth.HashSecret(c.Value)
	}
	actor := domain.Actor{UserID: u.ID, Username: u.Username, Client: st.Client}
	if err := s.store.CreateSession(ctx, actor, idHash, replaced, u, r.UserAgent()); err != nil {
		s.Fail(w, r, err)
		return
	}
	// The right password clears its pair and takes its attempt back from
	// the address and the name, so an office signing in all morning never
	// nears the address ceiling.
	if err := s.store.SettleLoginAttempt(ctx, []string{pairKey}, []string{addrKey, nameKey}); err != nil {
		s.log.Warn("clear sign-in failures", "err", err)
	}
	s.setSessionCookie(w, r, secret)
	// The pages shown after signing out keep the user's language.
	setCookie(w, r, langCookie, u.Lang, 365*24*3600)
	if u.MustChangePassword {
		next = "/app/account"
	}
	Redirect(w, r, next)
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	st := State(r)
	if st.Session != nil && st.User != nil {
		if err := s.store.EndSession(r.Context(), st.Actor(), st.Session.IDHash, *st.User); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	s.clearSessionCookie(w, r)
	RedirectFlash(w, r, "/login", "signed_out")
}

// handleLang switches the language: stored on the account when signed in,
// in a cookie otherwise.
func (s *Server) handleLang(w http.ResponseWriter, r *http.Request) {
	if err := ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	lang := r.PostFormValue("lang")
	if lang != "en" {
		lang = "vi"
	}
	st := State(r)
	if st.User != nil {
		if err := s.store.SetLang(r.Context(), st.Actor(), st.User.ID, lang); err != nil {
			s.Fail(w, r, err)
			return
		}
	}
	setCookie(w, r, langCookie, lang, 365*24*3600)
	Redirect(w, r, r.PostFormValue("next"))
}

// waitText says how long to wait: seconds under a minute, else minutes
// rounded up.
func waitText(d time.Duration, lang string) string {
	if d < time.Minute {
		n := int((d + time.Second - 1) / time.Second)
		if lang == "en" {
			if n == 1 {
				return "1 second"
			}
			return strconv.Itoa(n) + " seconds"
		}
		return strconv.Itoa(n) + " giây"
	}
	m := int((d + time.Minute - 1) / time.Minute)
	if lang == "en" {
		if m == 1 {
			return "1 minute"
		}
		return strconv.Itoa(m) + " minutes"
	}
	return strconv.Itoa(m) + " phút"
}
