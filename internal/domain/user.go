package domain

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// User is a person who signs in. PasswordHash never leaves the store and
// auth packages (it is not in JSON, so not in audit rows either).
type User struct {
	ID                 int64        `json:"id"`
	Username           string       `json:"username"`
	FullName           string       `json:"full_name"`
	Email              string       `json:"email"`
	OrgID              int64        `json:"-"`
	OrgCode            string       `json:"org"`
	OrgName            string       `json:"-"`
	Lang               string       `json:"lang"`
	PasswordHash       string       `json:"-"`
	MustChangePassword bool         `json:"must_change_password"`
	Disabled           bool         `json:"disabled"`
	Version            int          `json:"version"`
	CreatedAt          time.Time    `json:"created_at"`
	Assignments        []Assignment `json:"roles"`
}

// Assignment gives a user a role over an org unit and its descendants.
type Assignment struct {
	ID        int64     `json:"-"`
	Role      Role      `json:"role"`
	OrgID     int64     `json:"-"`
	OrgCode   string    `json:"org"`
	OrgName   string    `json:"-"`
	OrgNameEN string    `json:"-"`
	OrgPath   string    `json:"-"`
	OrgKind   OrgKind   `json:"-"`
	Programme Programme `json:"programme,omitempty"`
}

// HasRole reports whether the user holds role anywhere.
func (u User) HasRole(r Role) bool {
	for _, a := range u.Assignments {
		if a.Role == r {
			return true
		}
	}
	return false
}

var usernameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}[a-z0-9]$`)

// NormalizeUsername lower-cases and trims a user name.
func NormalizeUsername(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

// ValidateUsername checks a user name: 3–64 of a–z, 0–9, '.', '_', '-'.
func ValidateUsername(field, s string) *errs.Error {
	switch {
	case s == "":
		return errs.Field(field, "chưa nhập tên đăng nhập", "user name is required")
	case !usernameRE.MatchString(s):
		return errs.Field(field, "tên đăng nhập dài 3–64 ký tự, chỉ gồm chữ thường không dấu, chữ số và . _ -",
			"user name must be 3–64 characters of a–z, 0–9, . _ -")
	}
	return nil
}

var emailRE = regexp.MustCompile(`^[^@\s]+@[^@\s]+\.[^@\s]+$`)

// UserInput is what an admin sends to create a user.
type UserInput struct {
	Username  string
	FullName  string
	Email     string
	Org       string // home org unit code
	Role      Role
	RoleOrg   string // org code of the first assignment; Org when empty
	Programme Programme
	Lang      string
}

// Normalize trims the fields.
func (in *UserInput) Normalize() {
	in.Username = NormalizeUsername(in.Username)
	in.FullName = CleanText(in.FullName)
	in.Email = strings.TrimSpace(in.Email)
	in.Org = NormalizeCode(in.Org)
	in.RoleOrg = NormalizeCode(in.RoleOrg)
	if in.RoleOrg == "" {
		in.RoleOrg = in.Org
	}
	if in.Lang != "en" {
		in.Lang = "vi"
	}
}

// Validate checks every field.
func (in UserInput) Validate() error {
	var l errs.List
	if e := ValidateUsername("username", in.Username); e != nil {
		l = append(l, e)
	}
	if e := ValidateName("full_name", in.FullName, false); e != nil {
		l = append(l, e)
	}
	if e := ValidateEmail("email", in.Email); e != nil {
		l = append(l, e)
	}
	if in.Org == "" {
		l = append(l, errs.Field("org", "chọn đơn vị", "choose the org unit"))
	} else if e := ValidateCode("org", in.Org); e != nil {
		l = append(l, e)
	}
	if _, ok := ParseRole(string(in.Role)); !ok {
		l = append(l, errs.Field("role", "chọn vai trò", "choose a role"))
	}
	if !in.Programme.Valid() {
		l = append(l, errs.Field("programme", "lĩnh vực không hợp lệ", "unknown programme"))
	}
	return l.Err()
}

// ValidateEmail checks an optional e-mail address.
func ValidateEmail(field, s string) *errs.Error {
	if s == "" {
		return nil
	}
	if len(s) > 254 || !emailRE.MatchString(s) || !utf8.ValidString(s) {
		return errs.Field(field, "địa chỉ thư điện tử không hợp lệ", "not a valid e-mail address")
	}
	return nil
}
