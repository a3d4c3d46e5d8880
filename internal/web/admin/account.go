package admin

import (
	"net/http"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

type accountData struct {
	Tokens   []domain.Token
	NewToken string       // shown once, right after it is made
	Created  domain.Token // the token just made, for its expiry and scope
	FormName string
	Lives    []int // the lifetimes offered, in days
	Scopes   []domain.TokenScope
}

// tokenTable is what the "tokens" partial renders: a user's tokens, with
// revoke buttons posting under RevokeBase ("…/tokens/{id}/revoke").
type tokenTable struct {
	*web.Page
	Tokens     []domain.Token
	RevokeBase string
}

// page is the kit's page with what the administration's templates add.
type page struct{ *web.Page }

// TokenTable builds the "tokens" partial's data.
func (p page) TokenTable(toks []domain.Token, revokeBase string) tokenTable {
	return tokenTable{p.Page, toks, revokeBase}
}

func (s *Handler) accountPage(w http.ResponseWriter, r *http.Request, status int, d accountData, err error) {
	p := s.NewPage(r, "", "account")
	p.Title = p.T("Tài khoản của tôi", "My account")
	toks, terr := s.store.Tokens(r.Context(), web.State(r).User.ID)
	if terr != nil {
		s.Fail(w, r, terr)
		return
	}
	d.Tokens, d.Lives, d.Scopes = toks, store.TokenLives, domain.TokenScopes
	if err != nil {
		p.Form.Values = r.PostForm
		p.Form.Values.Del("current")
		p.Form.Values.Del("password")
		p.Form.Values.Del("confirm")
		p.Form.SetErr(err, p.Lang)
	}
	p.Data = d
	s.Render(w, r, status, "account", page{p})
}

func (s *Handler) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.accountPage(w, r, http.StatusOK, accountData{}, nil)
}

// handleAccountPassword lets every user change their own password. The
// session that made the change goes on; the user's other sessions, API
// tokens and secret calendar addresses end with it (see store.SetPassword),
// and the next page says so.
func (s *Handler) handleAccountPassword(w http.ResponseWriter, r *http.Request) {
	st := web.State(r)
	u := *st.User
	err := web.ParseForm(r)
	if err == nil {
		current, password, confirm := r.PostFormValue("current"), r.PostFormValue("password"), r.PostFormValue("confirm")
		var l errs.List
		if !s.Config().Hasher.Verify(u.PasswordHash, current) {
			l = append(l, errs.Field("current", "mật khẩu hiện tại không đúng", "the current password is wrong"))
		}
		if e := auth.CheckPassword("password", password, u.Username); e != nil {
			l = append(l, e)
		} else if password == current {
			l = append(l, errs.Field("password", "mật khẩu mới phải khác mật khẩu hiện tại", "the new password must differ from the current one"))
		}
		if confirm != password {
			l = append(l, errs.Field("confirm", "hai lần nhập mật khẩu mới không khớp", "the two new passwords differ"))
		}
		err = l.Err()
		if err == nil {
			var hash string
			if hash, err = s.Config().Hasher.Hash(password); err == nil {
				err = s.store.SetPassword(r.Context(), st.Actor(), u.ID, hash, false, st.Session.IDHash)
			}
		}
	}
	if err != nil {
		s.accountPage(w, r, web.StatusOf(errs.CodeOf(err)), accountData{FormName: "password"}, err)
		return
	}
	web.RedirectFlash(w, r, "/app/", "password")
}

// handleTokenCreate makes an API token of the chosen scope and lifetime for
// the signed-in user. The token is shown once, on the page this POST
// answers, with its expiry.
func (s *Handler) handleTokenCreate(w http.ResponseWriter, r *http.Request) {
	st := web.State(r)
	err := web.ParseForm(r)
	var secret string
	var tok domain.Token
	if err == nil {
		// The form offers a choice of lifetimes; anything else was not
		// sent by it, and the parser's message says what is accepted.
		var life time.Duration
		if life, err = store.ParseTokenLife("expires", r.PostFormValue("expires")); err == nil {
			var hash string
			secret, hash = auth.NewSecret("tebdg_")
			tok, err = s.store.IssueToken(r.Context(), st.Actor(), *st.User, store.TokenInput{
				Name: r.PostFormValue("name"), Hash: hash, Scope: domain.TokenScope(r.PostFormValue("scope")), Life: life,
			})
		}
	}
	if err != nil {
		s.accountPage(w, r, web.StatusOf(errs.CodeOf(err)), accountData{FormName: "tokens"}, err)
		return
	}
	s.accountPage(w, r, http.StatusCreated, accountData{NewToken: secret, Created: tok}, nil)
}

func (s *Handler) handleTokenRevoke(w http.ResponseWriter, r *http.Request) {
	st := web.State(r)
	id, err := web.PathID(r, "id")
	if err == nil {
		err = s.store.RevokeToken(r.Context(), st.Actor(), *st.User, id)
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/account#tokens", "revoked")
}
