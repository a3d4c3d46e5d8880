package domain

import (
	"strings"
	"time"
)

// Session is a signed-in browser. The cookie holds a random value; the
// database holds only its SHA-256 (IDHash).
type Session struct {
	IDHash     string
	UserID     int64
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// Token is an API token of a user. Only its SHA-256 is stored: the token
// itself is shown once, when it is made.
type Token struct {
	ID         int64
	UserID     int64
	Name       string
	Scope      TokenScope
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastUsedAt time.Time // zero: never used
	RevokedAt  time.Time // zero: not revoked
	Revoked    bool
	Expired    bool // ExpiresAt has passed (as of when it was read)
}

// Live reports whether the token still opens the API.
func (t Token) Live() bool { return !t.Revoked && !t.Expired }

// TokenScope says what an API token may do on its user's behalf.
type TokenScope string

// The scopes. A read token is for dashboards and exports that only look;
// a leaked one cannot change anything.
const (
	TokenRead      TokenScope = "read"       // GET and HEAD requests only
	TokenReadWrite TokenScope = "read-write" // whatever its user may do
)

// TokenScopes lists the scopes, narrowest first.
var TokenScopes = []TokenScope{TokenRead, TokenReadWrite}

// ParseTokenScope reads a scope as the API, the forms and the command line
// write it.
func ParseTokenScope(s string) (TokenScope, bool) {
	switch sc := TokenScope(strings.TrimSpace(s)); sc {
	case TokenRead, TokenReadWrite:
		return sc, true
	}
	return "", false
}

// Label names the scope in lang.
func (sc TokenScope) Label(lang string) string {
	vi, en := "Chỉ đọc", "Read only"
	if sc == TokenReadWrite {
		vi, en = "Đọc và ghi", "Read and write"
	}
	if lang == "en" {
		return en
	}
	return vi
}
