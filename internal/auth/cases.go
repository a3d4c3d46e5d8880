package auth

import (
	"strings"

	"tebdg/internal/domain"
)

// The confidential case register. Unlike everything else, a case is not
// read through the org tree: it is seen by the caseworkers assigned to it
// and by the case supervisors whose role reaches its unit, and by no one
// else. No other role grants anything here, admins' included: an admin
// manages accounts, not cases.

// CaseReader is what the store needs to list and open only the cases u
// may see.
func CaseReader(u domain.User) domain.CaseReader {
	return domain.CaseReader{UserID: u.ID, Supervises: CaseSupervisionScope(u)}
}

// CaseSupervisionScope is where u supervises cases.
func CaseSupervisionScope(u domain.User) domain.Scope {
	return scopeOfRoles(u, domain.RoleCaseSupervisor)
}

// CaseIntakeScope is where u may take in a new case: the units of u's
// caseworker and case-supervisor roles.
func CaseIntakeScope(u domain.User) domain.Scope {
	return scopeOfRoles(u, domain.RoleCaseworker, domain.RoleCaseSupervisor)
}

// WorksCases reports whether u holds a case role at all, so sees the
// register in the menu.
func WorksCases(u domain.User) bool { return !CaseIntakeScope(u).Empty() }

// CanSuperviseCase reports whether u supervises the case of the unit at
// path: assigns its workers, reads its access history, closes and reopens
// it.
func CanSuperviseCase(u domain.User, path string) bool {
	return CaseSupervisionScope(u).Reaches(path)
}

// CanBreakGlass reports whether u may open, with a written reason, a case
// of the unit at path that is not theirs: a case supervisor of the
// province — their role sits on the province, an agency or a unit of one
// (the provincial social-work centre), not on a commune — whose province
// holds the case.
func CanBreakGlass(u domain.User, path string) bool {
	for _, a := range u.Assignments {
		if a.Role != domain.RoleCaseSupervisor || a.OrgKind == domain.KindCommune {
			continue
		}
		if root := rootOf(a.OrgPath); root != "" && strings.HasPrefix(path, root) {
			return true
		}
	}
	return false
}

// rootOf is the path of the root above the unit at path ("/1/" of "/1/4/").
func rootOf(path string) string {
	parts := strings.SplitN(strings.Trim(path, "/"), "/", 2)
	if parts[0] == "" {
		return ""
	}
	return "/" + parts[0] + "/"
}

// CaseFiguresScope is where u may read the register's aggregates (counts,
// never a case): everyone's read scope, since the figures say nothing of a
// person.
func CaseFiguresScope(u domain.User) domain.Scope {
	sc := ReadScope(u)
	for _, p := range CaseIntakeScope(u).Paths {
		sc.Add(p)
	}
	return sc
}

// CanGiveRole reports whether u, who manages accounts, may give role to
// the account target. Nobody gives themself a role of the case register:
// another administrator does, so the act has a witness in the trail.
func CanGiveRole(u domain.User, target int64, role domain.Role) bool {
	return CanManageUsers(u) && (target != u.ID || !domain.IsCaseRole(role))
}
