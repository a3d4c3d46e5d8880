package domain

import "strings"

// Role is what a user may do within the org subtree of an assignment.
type Role string

// The roles of DESIGN.md.
const (
	RoleAdmin       Role = "admin"       // the whole system
	RoleCoordinator Role = "coordinator" // a programme across a subtree
	RoleManager     Role = "manager"     // an agency's focal officer or leader
	RoleReporter    Role = "reporter"    // a unit's staff
	RoleViewer      Role = "viewer"      // read-only
	RoleEditor      Role = "editor"      // portal content, directory, feedback
	// The confidential case register: a case is seen by its assigned
	// caseworkers and by the case supervisors over its unit, and by no
	// other role, admins included.
	RoleCaseworker     Role = "caseworker"
	RoleCaseSupervisor Role = "case-supervisor"
)

// Roles lists the roles in the order forms offer them.
var Roles = []Role{RoleAdmin, RoleCoordinator, RoleManager, RoleReporter, RoleViewer, RoleEditor, RoleCaseworker, RoleCaseSupervisor}

// ParseRole accepts a role name in any case.
func ParseRole(s string) (Role, bool) {
	r := Role(strings.ToLower(strings.TrimSpace(s)))
	for _, v := range Roles {
		if v == r {
			return r, true
		}
	}
	return "", false
}

// Programme is a field of work a coordinator answers for.
type Programme string

// The programmes. An empty programme on an assignment means all of them.
const (
	ProgrammeChildren Programme = "children"
	ProgrammeGender   Programme = "gender"
)

// Programmes lists the programmes.
var Programmes = []Programme{ProgrammeChildren, ProgrammeGender}

// Valid reports whether p is empty (all) or known.
func (p Programme) Valid() bool {
	return p == "" || p == ProgrammeChildren || p == ProgrammeGender
}

// IsCaseRole reports whether r is a role of the confidential case register.
func IsCaseRole(r Role) bool { return r == RoleCaseworker || r == RoleCaseSupervisor }
