package admin

import (
	"net/http"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// requireUserAdmin answers 403 unless the user may manage accounts.
func (s *Handler) requireUserAdmin(w http.ResponseWriter, r *http.Request) (domain.User, bool) {
	u := *web.State(r).User
	if !auth.CanManageUsers(u) {
		s.Fail(w, r, errs.ErrNoAccess)
		return u, false
	}
	return u, true
}

type userListData struct {
	Users  []domain.User
	Query  string
	Role   string
	Status string
	Roles  []domain.Role
	Pager  web.Pager
}

func (s *Handler) handleUserList(w http.ResponseWriter, r *http.Request) {
	u, ok := s.requireUserAdmin(w, r)
	if !ok {
		return
	}
	p := s.NewPage(r, "", "users")
	p.Title = p.T("Người dùng", "Users")
	q := r.URL.Query()
	d := userListData{Query: strings.TrimSpace(q.Get("q")), Role: q.Get("role"), Status: q.Get("status"), Roles: domain.Roles}
	if len(d.Query) > 200 {
		d.Query = d.Query[:200]
	}
	f := store.UserFilter{Search: d.Query}
	if role, ok := domain.ParseRole(d.Role); ok {
		f.Role = role
	}
	switch d.Status {
	case "active":
		f.Disabled = new(false)
	case "disabled":
		f.Disabled = new(true)
	}
	pg := web.PageOf(r, 50)
	users, total, err := s.store.Users(r.Context(), auth.UserAdminScope(u), f, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Users, d.Pager = users, web.NewPager(r, pg, total)
	p.Data = d
	s.Render(w, r, http.StatusOK, "users", p)
}

type userFormData struct {
	Units      []domain.OrgUnit
	Roles      []domain.Role
	Programmes []domain.Programme
}

func (s *Handler) userFormData(r *http.Request, u domain.User, lang string) (userFormData, error) {
	units, _, err := s.store.OrgUnits(r.Context(), auth.UserAdminScope(u), store.OrgFilter{}, nil)
	return userFormData{Units: web.SortUnits(units, lang), Roles: domain.Roles, Programmes: append([]domain.Programme{""}, domain.Programmes...)}, err
}

func (s *Handler) handleUserNew(w http.ResponseWriter, r *http.Request) {
	u, ok := s.requireUserAdmin(w, r)
	if !ok {
		return
	}
	p := s.NewPage(r, "", "users")
	p.Title = p.T("Thêm người dùng", "New user")
	d, err := s.userFormData(r, u, p.Lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Form.Values.Set("role", string(domain.RoleReporter))
	p.Form.Values.Set("org", r.URL.Query().Get("org"))
	p.Form.Values.Set("lang", "vi")
	p.Data = d
	s.Render(w, r, http.StatusOK, "user_new", p)
}

type userCreatedData struct {
	User     domain.User
	Password string
	Reset    bool // an existing account's password was reset, not a new account made
}

// handleUserCreate makes an account with a generated password, shown once
// on the answer page; the person must choose their own at first sign-in.
func (s *Handler) handleUserCreate(w http.ResponseWriter, r *http.Request) {
	u, ok := s.requireUserAdmin(w, r)
	if !ok {
		return
	}
	p := s.NewPage(r, "", "users")
	p.Title = p.T("Thêm người dùng", "New user")
	err := web.ParseForm(r)
	var created domain.User
	password := auth.GeneratePassword()
	if err == nil {
		in := domain.UserInput{
			Username: r.PostFormValue("username"), FullName: r.PostFormValue("full_name"), Email: r.PostFormValue("email"),
			Org: r.PostFormValue("org"), Role: domain.Role(r.PostFormValue("role")), RoleOrg: r.PostFormValue("role_org"),
			Programme: domain.Programme(r.PostFormValue("programme")), Lang: r.PostFormValue("lang"),
		}
		in.Normalize()
		if err = in.Validate(); err == nil {
			var hash string
			if hash, err = s.Config().Hasher.Hash(password); err == nil {
				created, err = s.store.CreateUser(r.Context(), web.State(r).Actor(), in, hash, true)
			}
		}
	}
	if err != nil {
		d, derr := s.userFormData(r, u, p.Lang)
		if derr != nil {
			s.Fail(w, r, derr)
			return
		}
		p.Data = d
		p.Refuse(r, err)
		s.Render(w, r, web.StatusOf(errs.CodeOf(err)), "user_new", p)
		return
	}
	p.Title = p.T("Đã tạo người dùng", "User created")
	p.Data = userCreatedData{User: created, Password: password}
	s.Render(w, r, http.StatusCreated, "user_password", p)
}

type userShowData struct {
	Account    domain.User
	Units      []domain.OrgUnit
	Roles      []domain.Role
	Programmes []domain.Programme
	Sessions   int
	Tokens     []domain.Token
	History    []domain.AuditEntry
	FormName   string
	Self       bool
}

func (s *Handler) loadUserShow(r *http.Request, admin domain.User, id int64, lang string) (userShowData, error) {
	ctx := r.Context()
	acc, err := s.store.User(ctx, id)
	if err != nil {
		return userShowData{}, err
	}
	fd, err := s.userFormData(r, admin, lang)
	if err != nil {
		return userShowData{}, err
	}
	d := userShowData{Account: acc, Units: fd.Units, Roles: fd.Roles, Programmes: fd.Programmes, Self: acc.ID == admin.ID}
	if d.Sessions, err = s.store.UserSessions(ctx, acc.ID); err != nil {
		return d, err
	}
	if d.Tokens, err = s.store.Tokens(ctx, acc.ID); err != nil {
		return d, err
	}
	d.History, _, err = s.store.AuditEntries(ctx, auth.AuditScope(admin), store.AuditFilter{Entity: "user", EntityID: acc.Username}, store.Page{Limit: 20})
	return d, err
}

func (s *Handler) handleUserShow(w http.ResponseWriter, r *http.Request) {
	admin, ok := s.requireUserAdmin(w, r)
	if !ok {
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "users")
	d, err := s.loadUserShow(r, admin, id, p.Lang)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = d.Account.Username
	p.Data = d
	s.Render(w, r, http.StatusOK, "user", page{p})
}

// userChange runs one of the user page's forms, like orgChange.
func (s *Handler) userChange(w http.ResponseWriter, r *http.Request, formName, flash string,
	apply func(id int64) error) {
	admin, ok := s.requireUserAdmin(w, r)
	if !ok {
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err = web.ParseForm(r); err == nil {
		err = apply(id)
	}
	if err != nil {
		if errs.Is(err, errs.NotFound) && formName != "roles" {
			s.Fail(w, r, err)
			return
		}
		p := s.NewPage(r, "", "users")
		d, derr := s.loadUserShow(r, admin, id, p.Lang)
		if derr != nil {
			s.Fail(w, r, derr)
			return
		}
		d.FormName = formName
		p.Title = d.Account.Username
		p.Data = d
		p.Refuse(r, err)
		s.Render(w, r, web.StatusOf(errs.CodeOf(err)), "user", page{p})
		return
	}
	web.RedirectFlash(w, r, "/app/users/"+r.PathValue("id"), flash)
}

func (s *Handler) handleUserUpdate(w http.ResponseWriter, r *http.Request) {
	s.userChange(w, r, "profile", "saved", func(id int64) error {
		version, err := web.FormInt(r, "version")
		if err != nil {
			return err
		}
		_, err = s.store.UpdateUser(r.Context(), web.State(r).Actor(), id, version, store.UserUpdate{
			FullName: r.PostFormValue("full_name"), Email: r.PostFormValue("email"), Org: r.PostFormValue("org"),
		})
		return err
	})
}

func (s *Handler) handleUserRoleAdd(w http.ResponseWriter, r *http.Request) {
	s.userChange(w, r, "roles", "role_added", func(id int64) error {
		role, ok := domain.ParseRole(r.PostFormValue("role"))
		if !ok {
			return errs.Field("role", "chọn vai trò", "choose a role")
		}
		org := domain.NormalizeCode(r.PostFormValue("org"))
		if org == "" {
			return errs.Field("org", "chọn đơn vị", "choose the org unit")
		}
		if !auth.CanGiveRole(*web.State(r).User, id, role) {
			return errs.Field("role", "quản trị hệ thống không tự giao cho mình vai trò của sổ vụ việc bảo mật: một quản trị viên khác giao vai trò này",
				"an administrator does not give themself a role of the confidential case register: another administrator gives it")
		}
		_, err := s.store.AddAssignment(r.Context(), web.State(r).Actor(), id, role, org, domain.Programme(r.PostFormValue("programme")))
		return err
	})
}

func (s *Handler) handleUserRoleRemove(w http.ResponseWriter, r *http.Request) {
	s.userChange(w, r, "roles", "role_removed", func(id int64) error {
		aid, err := web.PathID(r, "aid")
		if err != nil {
			return err
		}
		_, err = s.store.RemoveAssignment(r.Context(), web.State(r).Actor(), id, aid)
		return err
	})
}

// handleUserPasswordReset sets a generated password, shown once, ends the
// person's sessions, API tokens and secret calendar addresses, and makes
// them choose their own password at next sign-in.
func (s *Handler) handleUserPasswordReset(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.requireUserAdmin(w, r); !ok {
		return
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	acc, err := s.store.User(r.Context(), id)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	password := auth.GeneratePassword()
	hash, err := s.Config().Hasher.Hash(password)
	if err == nil {
		err = s.store.SetPassword(r.Context(), web.State(r).Actor(), id, hash, true, "")
	}
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "users")
	p.Title = p.T("Đã đặt lại mật khẩu", "Password reset")
	p.Data = userCreatedData{User: acc, Password: password, Reset: true}
	s.Render(w, r, http.StatusOK, "user_password", p)
}

// handleUserTokenRevoke lets an admin end one of a user's API tokens, e.g.
// one found in a leaked file. The token must be that user's.
func (s *Handler) handleUserTokenRevoke(w http.ResponseWriter, r *http.Request) {
	s.userChange(w, r, "tokens", "revoked", func(id int64) error {
		tid, err := web.PathID(r, "tid")
		if err != nil {
			return err
		}
		acc, err := s.store.User(r.Context(), id)
		if err != nil {
			return err
		}
		return s.store.RevokeToken(r.Context(), web.State(r).Actor(), acc, tid)
	})
}

func (s *Handler) handleUserDisable(w http.ResponseWriter, r *http.Request) {
	s.setDisabled(w, r, true)
}

func (s *Handler) handleUserEnable(w http.ResponseWriter, r *http.Request) {
	s.setDisabled(w, r, false)
}

// setDisabled disables or enables an account at the version shown; nobody
// disables their own.
func (s *Handler) setDisabled(w http.ResponseWriter, r *http.Request, disabled bool) {
	flash := "enabled"
	if disabled {
		flash = "disabled"
	}
	s.userChange(w, r, "status", flash, func(id int64) error {
		if disabled && id == web.State(r).User.ID {
			return errs.New(errs.Conflict, "bạn không thể tự khóa tài khoản của mình", "you cannot disable your own account")
		}
		version, err := web.FormInt(r, "version")
		if err != nil {
			return err
		}
		_, err = s.store.SetDisabled(r.Context(), web.State(r).Actor(), id, version, disabled)
		return err
	})
}
