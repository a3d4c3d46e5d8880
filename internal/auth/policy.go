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

// Plans.
//
// A plan belongs to the unit that issues it (usually an agency). It is read
// by everyone whose roles reach that unit, and also by the staff of the
// units below it: a plan is written for the people who carry it out. It is
// written by the unit's managers (and admins).

// CanReadPlan reports whether u may read plan p.
func CanReadPlan(u domain.User, p domain.Plan) bool {
	if ReadScope(u).Reaches(p.OrgPath) {
		return true
	}
	for _, a := range u.Assignments {
		if strings.HasPrefix(a.OrgPath, p.OrgPath) {
			return true
		}
	}
	return false
}

// PlanReadScope is the set of units whose plans u may read: their scope,
// widened by the ancestors of their units. It is for lists, where the
// ancestors come from the units' paths.
func PlanReadScope(u domain.User) (sc domain.Scope, ancestors []string) {
	sc = ReadScope(u)
	if sc.All {
		return sc, nil
	}
	for _, a := range u.Assignments {
		ancestors = append(ancestors, AncestorsOf(a.OrgPath)...)
	}
	return sc, ancestors
}

// CanWritePlans reports whether u may create and edit the plans of the unit
// with the given path: its managers and admins.
func CanWritePlans(u domain.User, orgPath string) bool {
	return OrgWriteScope(u).Reaches(orgPath)
}

// CanEditPlan reports whether u may edit p's text and assignments and take
// its agency-side workflow steps (submit, approve, send, return).
func CanEditPlan(u domain.User, p domain.Plan) bool { return CanWritePlans(u, p.OrgPath) }

// CanApprove reports whether u may approve, as a leader of the agency, a
// document of the unit at orgPath that submitter submitted: a manager of
// the unit or above who is not the submitter. Admins do not approve: it is
// the agency's own leaders' act.
func CanApprove(u domain.User, orgPath string, submitter int64) bool {
	if submitter == u.ID {
		return false
	}
	for _, a := range u.Assignments {
		if a.Role == domain.RoleManager && strings.HasPrefix(orgPath, a.OrgPath) {
			return true
		}
	}
	return false
}

// CanCoordinate reports whether u coordinates programme prog ("" = both)
// over the unit at path: a coordinator whose assignment reaches it for that
// programme (an assignment without a programme covers both).
func CanCoordinate(u domain.User, path string, prog domain.Programme) bool {
	for _, a := range u.Assignments {
		if a.Role == domain.RoleCoordinator && strings.HasPrefix(path, a.OrgPath) && (a.Programme == "" || a.Programme == prog) {
			return true
		}
	}
	return false
}

// CanReturnSentPlan reports whether u may return a plan sent to the
// coordinator: a coordinator (or admin) whose scope reaches the agency.
func CanReturnSentPlan(u domain.User, p domain.Plan) bool {
	if IsAdmin(u) {
		return true
	}
	for _, a := range u.Assignments {
		if a.Role == domain.RoleCoordinator && strings.HasPrefix(p.OrgPath, a.OrgPath) {
			return true
		}
	}
	return false
}

// CanReportProgress reports whether u may report progress on item it of
// plan p: the plan's managers, and the managers and staff of the item's
// lead or supporting units.
func CanReportProgress(u domain.User, p domain.Plan, it domain.PlanItem, leadPath string, supportPaths []string) bool {
	if CanEditPlan(u, p) {
		return true
	}
	sc := scopeOf(u, func(r domain.Role) bool { return r == domain.RoleReporter || r == domain.RoleManager })
	if leadPath != "" && sc.Reaches(leadPath) {
		return true
	}
	for _, sp := range supportPaths {
		if sc.Reaches(sp) {
			return true
		}
	}
	return false
}

// CanEditLegalDocs reports whether u may add and correct documents in the
// shared registry: admins, coordinators and managers.
func CanEditLegalDocs(u domain.User) bool {
	return u.HasRole(domain.RoleAdmin) || u.HasRole(domain.RoleCoordinator) || u.HasRole(domain.RoleManager)
}

// Indicators and reports.
//
// The catalogue (indicators, categories, report templates, targets, the
// holiday table, local observances and preparation days) is read by
// everyone and changed by the coordinators of the unit that owns an entry
// or of a unit above it, and by admins. A template is owned by the unit
// that asks for it, a target by the unit it is set for, a local
// observance by the unit that proposed it. Indicators, categories,
// holidays and the national observances are shared by the whole
// deployment and owned by its root, the province: indicator and option
// codes are one namespace for every template, roll-up and DHIS2 exchange,
// and a holiday moves every unit's working-day deadlines, so a
// coordinator of one department cannot change them for all.

// SharedOwner is the owner path of what the whole deployment shares.
const SharedOwner = ""

// CatalogueScope is the subtrees whose catalogue entries u keeps: those of
// u's coordinator assignments (an admin's is everything).
func CatalogueScope(u domain.User) domain.Scope {
	return scopeOf(u, func(r domain.Role) bool { return r == domain.RoleCoordinator })
}

// CanEditCatalogue reports whether u keeps some part of the catalogue, so
// may start a new template or observance for a unit in CatalogueScope.
// Whether u may change a given entry is CanEditCatalogueOf.
func CanEditCatalogue(u domain.User) bool { return !CatalogueScope(u).Empty() }

// CanEditCatalogueOf reports whether u may change a catalogue entry owned
// by the unit with path owner: a coordinator of that unit or of one
// above it, or an admin. SharedOwner entries need a coordinator of a root
// unit (the province) or an admin.
func CanEditCatalogueOf(u domain.User, owner string) bool {
	sc := CatalogueScope(u)
	if owner != SharedOwner {
		return sc.Reaches(owner)
	}
	return reachesARoot(sc)
}

// reachesARoot reports whether sc holds a whole tree: everything, or the
// subtree of a root ("/1/").
func reachesARoot(sc domain.Scope) bool {
	if sc.All {
		return true
	}
	for _, p := range sc.Paths {
		if strings.Count(p, "/") == 2 {
			return true
		}
	}
	return false
}

// CanEnterReport reports whether u may enter and submit data for the unit
// with the given path: its staff and managers (and admins).
func CanEnterReport(u domain.User, orgPath string) bool {
	if IsAdmin(u) {
		return true
	}
	return scopeOf(u, func(r domain.Role) bool { return r == domain.RoleReporter || r == domain.RoleManager }).Reaches(orgPath)
}

// CanReviewReport reports whether u may accept or return a unit's report:
// the level above it, that is a coordinator whose reach covers the unit, or
// a manager of a unit above it (not of the unit itself).
func CanReviewReport(u domain.User, orgPath string) bool {
	if IsAdmin(u) {
		return true
	}
	for _, a := range u.Assignments {
		switch a.Role {
		case domain.RoleCoordinator:
			if strings.HasPrefix(orgPath, a.OrgPath) {
				return true
			}
		case domain.RoleManager:
			if strings.HasPrefix(orgPath, a.OrgPath) && orgPath != a.OrgPath {
				return true
			}
		}
	}
	return false
}

// CanReopenReport reports whether u may reopen an accepted report: a
// coordinator whose reach covers the unit, or an admin.
func CanReopenReport(u domain.User, orgPath string) bool {
	if IsAdmin(u) {
		return true
	}
	for _, a := range u.Assignments {
		if a.Role == domain.RoleCoordinator && strings.HasPrefix(orgPath, a.OrgPath) {
			return true
		}
	}
	return false
}

// CanReviewUnder reports whether u reviews the reports of units below the
// unit with path: an admin, or a coordinator or manager whose reach covers
// it. Whether a given report is theirs to review is CanReviewReport.
func CanReviewUnder(u domain.User, path string) bool {
	if IsAdmin(u) {
		return true
	}
	for _, a := range u.Assignments {
		if (a.Role == domain.RoleCoordinator || a.Role == domain.RoleManager) && strings.HasPrefix(path, a.OrgPath) {
			return true
		}
	}
	return false
}

// The work calendar.

// CanReadCalendar reports whether u may read the events of the unit with
// the given path: those of the units in reach, and those of the units
// above their own (an agency's calendar concerns the staff of its units).
func CanReadCalendar(u domain.User, orgPath string) bool {
	if ReadScope(u).Reaches(orgPath) {
		return true
	}
	for _, a := range u.Assignments {
		if strings.HasPrefix(a.OrgPath, orgPath) {
			return true
		}
	}
	return false
}

// AncestorsOf lists the paths of the units above the one with path p.
func AncestorsOf(p string) []string {
	parts := strings.Split(strings.Trim(p, "/"), "/")
	out := make([]string, 0, len(parts))
	for i := 1; i < len(parts); i++ {
		out = append(out, "/"+strings.Join(parts[:i], "/")+"/")
	}
	return out
}

// CanWriteEvents reports whether u may add and change the events of the
// unit with the given path: its managers and staff, the coordinators over
// it, and admins.
func CanWriteEvents(u domain.User, orgPath string) bool {
	return EventWriteScope(u).Reaches(orgPath)
}

// EventWriteScope is where u may add events.
func EventWriteScope(u domain.User) domain.Scope {
	return scopeOf(u, func(r domain.Role) bool {
		return r == domain.RoleManager || r == domain.RoleReporter || r == domain.RoleCoordinator
	})
}

// Children's personal data.

// CanSeeChildren reports whether u may read and keep the records of staff
// children in the unit with the given path: the managers over it.
func CanSeeChildren(u domain.User, orgPath string) bool {
	return ChildrenScope(u).Reaches(orgPath)
}

// ChildrenScope is where u may read staff children's records.
// An admin's role does not grant it.
func ChildrenScope(u domain.User) domain.Scope { return scopeOfRoles(u, domain.RoleManager) }

// CanOrganiseGifts reports whether u organises the gift rounds of the unit
// with the given path (and so reads the names on their lists): its
// managers and staff.
//
// Unlike most rights, an admin's role does not grant it: admins keep the
// system, and children's names are not theirs to read.
func CanOrganiseGifts(u domain.User, orgPath string) bool {
	return scopeOfRoles(u, domain.RoleManager, domain.RoleReporter).Reaches(orgPath)
}

func scopeOfRoles(u domain.User, roles ...domain.Role) domain.Scope {
	var sc domain.Scope
	for _, a := range u.Assignments {
		for _, r := range roles {
			if a.Role == r {
				sc.Add(a.OrgPath)
			}
		}
	}
	return sc
}

// The public portal.
//
// Each agency publishes its own section: its posts, its entries in the
// support-service directory, and the feedback sent to it are kept by the
// portal editors and managers of the unit (and those above it), and admins.
// An editor of one agency cannot touch another's.

// PortalScope is where u edits the portal.
func PortalScope(u domain.User) domain.Scope {
	return scopeOf(u, func(r domain.Role) bool { return r == domain.RoleEditor || r == domain.RoleManager })
}

// CanEditPortal reports whether u edits the portal section of the unit
// with the given path, and reads the feedback sent to it (with the
// sender's details).
func CanEditPortal(u domain.User, orgPath string) bool { return PortalScope(u).Reaches(orgPath) }

// CanEditPortalSite reports whether u edits what the whole portal shows
// (its linked websites): the editors and managers of a root unit, and
// admins.
func CanEditPortalSite(u domain.User) bool {
	return reachesARoot(PortalScope(u))
}

// CanReorganise reports whether u may prepare, apply or cancel an act
// concerning the units given (those that exist): whoever may edit every
// one of them, as a manager above them or an admin.
func CanReorganise(u domain.User, units []domain.OrgUnit) bool {
	if len(units) == 0 {
		return false
	}
	for _, o := range units {
		if !CanEditOrg(u, o) {
			return false
		}
	}
	return true
}

// CanSeeReorganisation reports whether u may see an act concerning the
// units given (those that exist): whoever may carry it out, or reads them
// all and manages one of them (it changes their work). The other roles
// of a unit learn of it when it is applied, from the unit's page.
func CanSeeReorganisation(u domain.User, units []domain.OrgUnit) bool {
	if CanReorganise(u, units) {
		return true
	}
	if len(units) == 0 {
		return false
	}
	manages := IsAdmin(u)
	for _, o := range units {
		if !CanRead(u, o) {
			return false
		}
		for _, a := range u.Assignments {
			manages = manages || a.Role == domain.RoleManager && strings.HasPrefix(o.Path, a.OrgPath)
		}
	}
	return manages
}
