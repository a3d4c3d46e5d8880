package auth

import (
	"strings"

	"tebdg/internal/domain"
)

// The authorization policy, in one place. Handlers ask these functions with
// the signed-in user and the org unit a request touches; the store never
// decides who may do what.
//
// A role assignment reaches its org unit and every unit below it. admin is a
// system role and reaches everything.

// IsAdmin reports whether u holds the admin role.
func IsAdmin(u domain.User) bool { return u.HasRole(domain.RoleAdmin) }

// ReadScope is the part of the tree u may read: the subtrees of all u's
// assignments, whatever the role.
func ReadScope(u domain.User) domain.Scope {
	return scopeOf(u, nil)
}

// AuditScope is whose audit rows u may read: admins everything, everybody
// else their subtrees.
func AuditScope(u domain.User) domain.Scope { return ReadScope(u) }

// UserAdminScope is where u may manage user accounts: admins only.
func UserAdminScope(u domain.User) domain.Scope {
	if IsAdmin(u) {
		return domain.Scope{All: true}
	}
	return domain.Scope{}
}

// OrgWriteScope is the subtrees in which u may create units: an admin's is
// everything, a manager's the agency they manage.
func OrgWriteScope(u domain.User) domain.Scope {
	return scopeOf(u, func(r domain.Role) bool { return r == domain.RoleManager })
}

// CanRead reports whether u may read records of the unit o.
func CanRead(u domain.User, o domain.OrgUnit) bool { return ReadScope(u).Reaches(o.Path) }

// CanCreateUnder reports whether u may create a unit under parent. Only an
// admin may create a root (parent is nil).
func CanCreateUnder(u domain.User, parent *domain.OrgUnit) bool {
	if parent == nil {
		return IsAdmin(u)
	}
	return OrgWriteScope(u).Reaches(parent.Path)
}

// CanEditOrg reports whether u may rename, move or deactivate o. A manager
// may change the units below their agency, not the agency itself: its place
// in the province is the province's decision.
func CanEditOrg(u domain.User, o domain.OrgUnit) bool {
	if IsAdmin(u) {
		return true
	}
	for _, a := range u.Assignments {
		if a.Role == domain.RoleManager && strings.HasPrefix(o.Path, a.OrgPath) && o.Path != a.OrgPath {
			return true
		}
	}
	return false
}

// CanMoveOrg reports whether u may move o under newParent.
func CanMoveOrg(u domain.User, o, newParent domain.OrgUnit) bool {
	return CanEditOrg(u, o) && CanCreateUnder(u, &newParent)
}

// CanManageUsers reports whether u may create users, assign roles, reset
// passwords and disable accounts.
func CanManageUsers(u domain.User) bool { return IsAdmin(u) }

func scopeOf(u domain.User, keep func(domain.Role) bool) domain.Scope {
	if IsAdmin(u) {
		return domain.Scope{All: true}
	}
	var sc domain.Scope
	for _, a := range u.Assignments {
		if keep == nil || keep(a.Role) {
			sc.Add(a.OrgPath)
		}
	}
	return sc
}
