package store

import (
	"context"
	"database/sql"
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

const userCols = `u.id, u.username, u.full_name, u.email, u.org_id, o.code, o.name, u.lang, u.password_hash,
	u.must_change_password, u.disabled_at IS NOT NULL, u.version, u.created_at`

const userFrom = ` FROM users u JOIN org_units o ON o.id = u.org_id`

func scanUser(row interface{ Scan(...any) error }) (domain.User, error) {
	var u domain.User
	var created int64
	err := row.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.OrgID, &u.OrgCode, &u.OrgName, &u.Lang,
		&u.PasswordHash, &u.MustChangePassword, &u.Disabled, &u.Version, &created)
	u.CreatedAt = fromMicro(created)
	return u, err
}

func userSearch(u domain.User) string {
	return vntext.Fold(u.Username + " " + u.FullName + " " + u.Email)
}

type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// loadAssignments fills the role assignments of users, with their org units.
func loadAssignments(ctx context.Context, db querier, users []*domain.User) error {
	if len(users) == 0 {
		return nil
	}
	q := &query{}
	byID := map[int64]*domain.User{}
	ids := make([]string, 0, len(users))
	for _, u := range users {
		byID[u.ID] = u
		u.Assignments = nil
		ids = append(ids, q.arg(u.ID))
	}
	q.add(`SELECT r.id, r.user_id, r.role, r.org_id, o.code, o.name, o.name_en, o.path, o.kind, r.programme
		FROM role_assignments r JOIN org_units o ON o.id = r.org_id
		WHERE r.user_id IN (`, strings.Join(ids, ","), `) ORDER BY r.id`)
	rows, err := db.QueryContext(ctx, q.String(), q.args...)
	if err != nil {
		return err
	}
	defer func() { _ = rows.Close() }()
	for rows.Next() {
		var a domain.Assignment
		var uid int64
		if err := rows.Scan(&a.ID, &uid, &a.Role, &a.OrgID, &a.OrgCode, &a.OrgName, &a.OrgNameEN, &a.OrgPath, &a.OrgKind, &a.Programme); err != nil {
			return err
		}
		byID[uid].Assignments = append(byID[uid].Assignments, a)
	}
	return rows.Err()
}

func (s *Store) userWhere(ctx context.Context, db querier, cond string, arg any) (domain.User, error) {
	u, err := scanUser(db.QueryRowContext(ctx, "SELECT "+userCols+userFrom+" WHERE "+cond, arg))
	if err != nil {
		return u, mapErr(err)
	}
	return u, mapErr(loadAssignments(ctx, db, []*domain.User{&u}))
}

// User returns a user with their role assignments.
func (s *Store) User(ctx context.Context, id int64) (domain.User, error) {
	return s.userWhere(ctx, s.r, "u.id = $1", id)
}

// UserByUsername returns a user by name (any case).
func (s *Store) UserByUsername(ctx context.Context, username string) (domain.User, error) {
	return s.userWhere(ctx, s.r, "u.username = $1", domain.NormalizeUsername(username))
}

// UserFilter narrows the user list.
type UserFilter struct {
	OrgID    int64 // home unit
	Search   string
	Role     domain.Role
	Disabled *bool
}

// Users lists users whose home unit the scope reaches, by name.
func (s *Store) Users(ctx context.Context, sc domain.Scope, f UserFilter, p Page) ([]domain.User, int, error) {
	q := &query{}
	q.add(userFrom, " WHERE ", q.scope("o.path", sc))
	for _, w := range strings.Fields(vntext.Fold(f.Search)) {
		q.add(" AND u.search LIKE ", q.arg("%"+escapeLike(w)+"%"), ` ESCAPE '\'`)
	}
	if f.OrgID != 0 {
		q.add(" AND u.org_id = ", q.arg(f.OrgID))
	}
	if f.Role != "" {
		q.add(" AND EXISTS (SELECT 1 FROM role_assignments r WHERE r.user_id = u.id AND r.role = ", q.arg(string(f.Role)), ")")
	}
	if f.Disabled != nil {
		if *f.Disabled {
			q.add(" AND u.disabled_at IS NOT NULL")
		} else {
			q.add(" AND u.disabled_at IS NULL")
		}
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q.add(" ORDER BY u.username")
	q.page(p.Normalize(50))
	out, err := scanAll(ctx, s.r, "SELECT "+userCols+q.String(), q.args, scanUser)
	if err != nil {
		return nil, 0, err
	}
	ptrs := make([]*domain.User, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, total, mapErr(loadAssignments(ctx, s.r, ptrs))
}

// CountUsers returns how many users the scope reaches, and how many of them
// are disabled.
func (s *Store) CountUsers(ctx context.Context, sc domain.Scope) (total, disabled int, err error) {
	q := &query{}
	q.add("SELECT COUNT(*), COALESCE(SUM(CASE WHEN u.disabled_at IS NULL THEN 0 ELSE 1 END), 0)", userFrom, " WHERE ", q.scope("o.path", sc))
	err = mapErr(s.r.QueryRowContext(ctx, q.String(), q.args...).Scan(&total, &disabled))
	return
}

// CreateUser adds a user with a first role assignment. passwordHash is
// already hashed by the auth package.
func (s *Store) CreateUser(ctx context.Context, actor domain.Actor, in domain.UserInput, passwordHash string, mustChange bool) (domain.User, error) {
	in.Normalize()
	if err := in.Validate(); err != nil {
		return domain.User{}, err
	}
	var out domain.User
	err := s.audited(ctx, actor, func(c *change) error {
		org, err := orgInTx(ctx, c.tx, in.Org)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", in.Org)
			}
			return err
		}
		roleOrg := org
		if in.RoleOrg != in.Org {
			if roleOrg, err = orgInTx(ctx, c.tx, in.RoleOrg); err != nil {
				if errs.Is(err, errs.NotFound) {
					return errs.Fieldf("role_org", "không có đơn vị mã %s", "there is no unit with code %s", in.RoleOrg)
				}
				return err
			}
		}
		now := micro(c.at)
		u := domain.User{Username: in.Username, FullName: in.FullName, Email: in.Email}
		var id int64
		err = c.tx.QueryRowContext(ctx, `INSERT INTO users
			(username, full_name, email, org_id, lang, password_hash, password_changed_at, must_change_password, search, version, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1, $7, $7) RETURNING id`,
			in.Username, in.FullName, in.Email, org.ID, in.Lang, passwordHash, now, mustChange, userSearch(u)).Scan(&id)
		if err != nil {
			if errs.Is(mapErr(err), errs.Exists) {
				return errs.Fieldf("username", "tên đăng nhập %s đã có người dùng", "user name %s is taken", in.Username)
			}
			return err
		}
		if _, err := c.tx.ExecContext(ctx, `INSERT INTO role_assignments (user_id, role, org_id, programme, created_at)
			VALUES ($1, $2, $3, $4, $5)`, id, string(in.Role), roleOrg.ID, string(in.Programme), now); err != nil {
			return err
		}
		if out, err = s.userWhere(ctx, c.tx, "u.id = $1", id); err != nil {
			return err
		}
		return c.record("user.create", "user", out.Username, refOf(org), nil, out)
	})
	return out, err
}

// changeUser loads a user in the transaction, optionally checks the version,
// applies fn, bumps the version and records before and after.
func (s *Store) changeUser(ctx context.Context, actor domain.Actor, id int64, version int, action string,
	fn func(c *change, u domain.User) error) (domain.User, error) {
	var out domain.User
	err := s.audited(ctx, actor, func(c *change) error {
		before, err := s.userWhere(ctx, c.tx, "u.id = $1", id)
		if err != nil {
			return err
		}
		if version >= 0 && before.Version != version {
			return errs.ErrStale
		}
		if err := fn(c, before); err != nil {
			return err
		}
		if _, err := c.tx.ExecContext(ctx, "UPDATE users SET version = version + 1, updated_at = $1 WHERE id = $2", micro(c.at), id); err != nil {
			return err
		}
		if out, err = s.userWhere(ctx, c.tx, "u.id = $1", id); err != nil {
			return err
		}
		return c.record(action, "user", out.Username, orgRef{out.OrgID, out.OrgCode}, before, out)
	})
	return out, err
}

// UserUpdate holds the profile fields an admin edits.
type UserUpdate struct {
	FullName, Email, Org string
}

// UpdateUser changes a user's name, e-mail and home unit.
func (s *Store) UpdateUser(ctx context.Context, actor domain.Actor, id int64, version int, upd UserUpdate) (domain.User, error) {
	upd.FullName, upd.Email, upd.Org = domain.CleanText(upd.FullName), strings.TrimSpace(upd.Email), domain.NormalizeCode(upd.Org)
	var l errs.List
	if e := domain.ValidateName("full_name", upd.FullName, false); e != nil {
		l = append(l, e)
	}
	if e := domain.ValidateEmail("email", upd.Email); e != nil {
		l = append(l, e)
	}
	if err := l.Err(); err != nil {
		return domain.User{}, err
	}
	return s.changeUser(ctx, actor, id, version, "user.update", func(c *change, u domain.User) error {
		org, err := orgInTx(ctx, c.tx, upd.Org)
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", upd.Org)
			}
			return err
		}
		u.FullName, u.Email = upd.FullName, upd.Email
		_, err = c.tx.ExecContext(ctx, "UPDATE users SET full_name = $1, email = $2, org_id = $3, search = $4 WHERE id = $5",
			u.FullName, u.Email, org.ID, userSearch(u), id)
		return err
	})
}

// SetPassword stores a new password hash. mustChange makes the user choose
// their own at next sign-in (after an admin's reset). In the same
// transaction every session of the user ends except keepSession (the hash
// of the session that made the change, or ""), and so do all their API
// tokens and secret calendar feed addresses: whoever knew the old password
// may have made them (see endCredentials).
func (s *Store) SetPassword(ctx context.Context, actor domain.Actor, id int64, hash string, mustChange bool, keepSession string) error {
	action := "user.password_change"
	if actor.UserID != id {
		action = "user.password_reset"
	}
	_, err := s.changeUser(ctx, actor, id, -1, action, func(c *change, u domain.User) error {
		if _, err := c.tx.ExecContext(ctx, "UPDATE users SET password_hash = $1, password_changed_at = $2, must_change_password = $3 WHERE id = $4",
			hash, micro(c.at), mustChange, id); err != nil {
			return err
		}
		return endCredentials(ctx, c, u, keepSession, action)
	})
	return err
}

// SetDisabled disables a user, which ends their sessions and stops their API
// tokens, or enables them again.
func (s *Store) SetDisabled(ctx context.Context, actor domain.Actor, id int64, version int, disabled bool) (domain.User, error) {
	action := "user.enable"
	if disabled {
		action = "user.disable"
	}
	return s.changeUser(ctx, actor, id, version, action, func(c *change, u domain.User) error {
		if u.Disabled == disabled {
			return errs.ErrStale
		}
		if disabled && u.HasRole(domain.RoleAdmin) {
			if err := needOtherAdmin(ctx, c, id); err != nil {
				return err
			}
		}
		var at any
		if disabled {
			at = micro(c.at)
			if _, err := c.tx.ExecContext(ctx, "DELETE FROM sessions WHERE user_id = $1", id); err != nil {
				return err
			}
		}
		_, err := c.tx.ExecContext(ctx, "UPDATE users SET disabled_at = $1 WHERE id = $2", at, id)
		return err
	})
}

// SetLang stores a user's language ("vi" or "en").
func (s *Store) SetLang(ctx context.Context, actor domain.Actor, id int64, lang string) error {
	if lang != "en" {
		lang = "vi"
	}
	_, err := s.changeUser(ctx, actor, id, -1, "user.language", func(c *change, u domain.User) error {
		_, err := c.tx.ExecContext(ctx, "UPDATE users SET lang = $1 WHERE id = $2", lang, id)
		return err
	})
	return err
}

// AddAssignment gives a user a role over an org unit.
func (s *Store) AddAssignment(ctx context.Context, actor domain.Actor, userID int64, role domain.Role, orgCode string, prog domain.Programme) (domain.User, error) {
	if _, ok := domain.ParseRole(string(role)); !ok {
		return domain.User{}, errs.Field("role", "chọn vai trò", "choose a role")
	}
	if !prog.Valid() {
		return domain.User{}, errs.Field("programme", "lĩnh vực không hợp lệ", "unknown programme")
	}
	return s.changeUser(ctx, actor, userID, -1, "user.role_add", func(c *change, u domain.User) error {
		org, err := orgInTx(ctx, c.tx, domain.NormalizeCode(orgCode))
		if err != nil {
			if errs.Is(err, errs.NotFound) {
				return errs.Fieldf("org", "không có đơn vị mã %s", "there is no unit with code %s", orgCode)
			}
			return err
		}
		_, err = c.tx.ExecContext(ctx, `INSERT INTO role_assignments (user_id, role, org_id, programme, created_at)
			VALUES ($1, $2, $3, $4, $5)`, userID, string(role), org.ID, string(prog), micro(c.at))
		if errs.Is(mapErr(err), errs.Exists) {
			return errs.Field("role", "người dùng đã có vai trò này tại đơn vị này", "the user already has this role at this unit")
		}
		return err
	})
}

// RemoveAssignment takes a role assignment away. The last assignment of a
// user cannot be removed: disable the user instead, so the account's history
// keeps its meaning.
func (s *Store) RemoveAssignment(ctx context.Context, actor domain.Actor, userID, assignmentID int64) (domain.User, error) {
	return s.changeUser(ctx, actor, userID, -1, "user.role_remove", func(c *change, u domain.User) error {
		var removed *domain.Assignment
		admins := 0
		for i, a := range u.Assignments {
			if a.ID == assignmentID {
				removed = &u.Assignments[i]
			}
			if a.Role == domain.RoleAdmin {
				admins++
			}
		}
		if removed == nil {
			return errs.ErrNotFound
		}
		if removed.Role == domain.RoleAdmin && admins == 1 {
			if err := needOtherAdmin(ctx, c, userID); err != nil {
				return err
			}
		}
		if len(u.Assignments) == 1 {
			return errs.Field("role", "không thể gỡ vai trò cuối cùng: hãy khóa tài khoản nếu cần",
				"the last role cannot be removed: disable the account instead")
		}
		_, err := c.tx.ExecContext(ctx, "DELETE FROM role_assignments WHERE id = $1 AND user_id = $2", assignmentID, userID)
		return err
	})
}

// needOtherAdmin refuses a change that would leave no enabled admin besides
// the user userID: nobody could then manage users.
func needOtherAdmin(ctx context.Context, c *change, userID int64) error {
	var n int
	if err := c.tx.QueryRowContext(ctx, `SELECT COUNT(DISTINCT u.id) FROM users u JOIN role_assignments r ON r.user_id = u.id
		WHERE r.role = 'admin' AND u.disabled_at IS NULL AND u.id <> $1`, userID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return errs.New(errs.Conflict, "đây là quản trị viên cuối cùng: hãy giao vai trò quản trị cho người khác trước",
			"this is the last administrator: make someone else an administrator first")
	}
	return nil
}

// CountAdmins returns the number of enabled users holding the admin role, so
// the last one cannot lock everybody out.
func (s *Store) CountAdmins(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(DISTINCT u.id) FROM users u JOIN role_assignments r ON r.user_id = u.id
		WHERE r.role = 'admin' AND u.disabled_at IS NULL`).Scan(&n)
	return n, mapErr(err)
}

// ActiveUsers returns every enabled user with their roles, for work that
// concerns everyone (reminders). Not paged: a deployment has thousands of
// users at most.
func (s *Store) ActiveUsers(ctx context.Context) ([]domain.User, error) {
	out, err := scanAll(ctx, s.r, "SELECT "+userCols+userFrom+" WHERE u.disabled_at IS NULL ORDER BY u.id", nil, scanUser)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*domain.User, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, mapErr(loadAssignments(ctx, s.r, ptrs))
}
