package auth

import (
	"testing"

	"tebdg/internal/domain"
)

var (
	province = domain.OrgUnit{Code: "QN", Path: "/1/"}
	agency   = domain.OrgUnit{Code: "QN-SGTVT", Path: "/1/2/"}
	unit     = domain.OrgUnit{Code: "QN-SGTVT-TTS", Path: "/1/2/3/"}
	other    = domain.OrgUnit{Code: "QN-SYT", Path: "/1/4/"}
	// "/1/20/" shares the prefix "/1/2" with the agency but is not under it.
	lookalike = domain.OrgUnit{Code: "QN-SGDDT", Path: "/1/20/"}
)

func user(role domain.Role, at domain.OrgUnit) domain.User {
	return domain.User{Assignments: []domain.Assignment{{Role: role, OrgCode: at.Code, OrgPath: at.Path}}}
}

func TestPolicy(t *testing.T) {
	admin := user(domain.RoleAdmin, province)
	manager := user(domain.RoleManager, agency)
	reporter := user(domain.RoleReporter, unit)
	coordinator := user(domain.RoleCoordinator, province)
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"admin reads anything", CanRead(admin, other), true},
		{"manager reads own agency", CanRead(manager, unit), true},
		{"manager does not read another agency", CanRead(manager, other), false},
		{"manager does not read a look-alike path", CanRead(manager, lookalike), false},
		{"reporter reads own unit", CanRead(reporter, unit), true},
		{"reporter does not read the agency above", CanRead(reporter, agency), false},
		{"coordinator reads the province", CanRead(coordinator, other), true},

		{"admin creates a root", CanCreateUnder(admin, nil), true},
		{"manager cannot create a root", CanCreateUnder(manager, nil), false},
		{"manager creates under own agency", CanCreateUnder(manager, &agency), true},
		{"manager does not create under another agency", CanCreateUnder(manager, &other), false},
		{"reporter does not create", CanCreateUnder(reporter, &unit), false},
		{"coordinator does not create", CanCreateUnder(coordinator, &agency), false},

		{"manager edits a unit below", CanEditOrg(manager, unit), true},
		{"manager does not edit own agency", CanEditOrg(manager, agency), false},
		{"manager does not edit elsewhere", CanEditOrg(manager, other), false},
		{"admin edits the province", CanEditOrg(admin, province), true},
		{"manager moves within the agency", CanMoveOrg(manager, unit, agency), true},
		{"manager does not move out of the agency", CanMoveOrg(manager, unit, other), false},

		{"only admins manage users", CanManageUsers(manager), false},
		{"admins manage users", CanManageUsers(admin), true},
		{"nobody without roles reads", CanRead(domain.User{}, province), false},

		{"an editor edits the agency's portal section", CanEditPortal(user(domain.RoleEditor, agency), agency.Path), true},
		{"an editor edits a section below", CanEditPortal(user(domain.RoleEditor, agency), unit.Path), true},
		{"an editor does not touch another agency's posts", CanEditPortal(user(domain.RoleEditor, agency), other.Path), false},
		{"an editor does not touch a look-alike path", CanEditPortal(user(domain.RoleEditor, agency), lookalike.Path), false},
		{"a manager edits the agency's portal section", CanEditPortal(manager, agency.Path), true},
		{"a reporter does not publish", CanEditPortal(reporter, unit.Path), false},
		{"a coordinator does not publish", CanEditPortal(coordinator, agency.Path), false},
		{"admins edit every section", CanEditPortal(admin, other.Path), true},
		{"an editor of the province edits the portal's links", CanEditPortalSite(user(domain.RoleEditor, province)), true},
		{"an agency's editor does not", CanEditPortalSite(user(domain.RoleEditor, agency)), false},
		{"nor does a coordinator of the province", CanEditPortalSite(coordinator), false},
		{"admins do", CanEditPortalSite(admin), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v", tt.name, tt.got)
		}
	}
}

func TestScopeOfSeveralAssignments(t *testing.T) {
	u := domain.User{Assignments: []domain.Assignment{
		{Role: domain.RoleViewer, OrgPath: unit.Path},
		{Role: domain.RoleViewer, OrgPath: agency.Path}, // covers the first
		{Role: domain.RoleReporter, OrgPath: other.Path},
	}}
	sc := ReadScope(u)
	if len(sc.Paths) != 2 || !sc.Reaches(unit.Path) || !sc.Reaches(other.Path) || sc.Reaches(province.Path) {
		t.Errorf("scope %+v", sc)
	}
}

// The catalogue is kept by the coordinators of the unit that owns an entry
// or of one above it; what the whole province shares, by the province's
// coordinators. Other roles over the same units change nothing.
func TestCatalogueOwnership(t *testing.T) {
	admin := user(domain.RoleAdmin, agency)
	provinceCoord := user(domain.RoleCoordinator, province)
	agencyCoord := user(domain.RoleCoordinator, agency)
	manager := user(domain.RoleManager, province)
	// A coordinator of the agency who is also a viewer of the province
	// reads everything and still keeps only the agency's entries.
	mixed := domain.User{Assignments: []domain.Assignment{
		{Role: domain.RoleCoordinator, OrgPath: agency.Path}, {Role: domain.RoleViewer, OrgPath: province.Path}}}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"the province's coordinator changes shared entries", CanEditCatalogueOf(provinceCoord, SharedOwner), true},
		{"an admin changes shared entries", CanEditCatalogueOf(admin, SharedOwner), true},
		{"an agency's coordinator does not change shared entries", CanEditCatalogueOf(agencyCoord, SharedOwner), false},
		{"nor does a viewer of the province who coordinates an agency", CanEditCatalogueOf(mixed, SharedOwner), false},
		{"nor a manager of the province", CanEditCatalogueOf(manager, SharedOwner), false},
		{"the province's coordinator changes an agency's template", CanEditCatalogueOf(provinceCoord, agency.Path), true},
		{"an agency's coordinator changes its own", CanEditCatalogueOf(agencyCoord, agency.Path), true},
		{"and one of a unit below", CanEditCatalogueOf(agencyCoord, unit.Path), true},
		{"but not the province's", CanEditCatalogueOf(agencyCoord, province.Path), false},
		{"nor another agency's", CanEditCatalogueOf(agencyCoord, other.Path), false},
		{"nor a look-alike path's", CanEditCatalogueOf(agencyCoord, lookalike.Path), false},
		{"the mixed user does not change the province's", CanEditCatalogueOf(mixed, province.Path), false},
		{"a manager does not change the catalogue", CanEditCatalogueOf(manager, unit.Path), false},
		{"an agency's coordinator keeps part of the catalogue", CanEditCatalogue(agencyCoord), true},
		{"a manager keeps none", CanEditCatalogue(manager), false},
		{"an admin keeps all", CanEditCatalogue(admin), true},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: got %v", tt.name, tt.got)
		}
	}
}

func TestReorganisationRights(t *testing.T) {
	admin := user(domain.RoleAdmin, province)
	provinceManager := user(domain.RoleManager, province)
	manager := user(domain.RoleManager, agency)
	viewer := user(domain.RoleViewer, agency)
	merger := []domain.OrgUnit{agency, other}
	for _, tc := range []struct {
		name      string
		u         domain.User
		units     []domain.OrgUnit
		may, sees bool
	}{
		{"an admin carries out a merger", admin, merger, true, true},
		{"the province's manager carries it out", provinceManager, merger, true, true},
		{"a department's manager sees the merger of their department, cannot carry it out", manager, []domain.OrgUnit{agency}, false, true},
		{"nor see one that reaches a department they do not read", manager, merger, false, false},
		{"a viewer of the department does not see it", viewer, []domain.OrgUnit{agency}, false, false},
		{"an act of units not yet made is nobody's", admin, nil, false, false},
	} {
		if got := CanReorganise(tc.u, tc.units); got != tc.may {
			t.Errorf("%s: may %v", tc.name, got)
		}
		if got := CanSeeReorganisation(tc.u, tc.units); got != tc.sees {
			t.Errorf("%s: sees %v", tc.name, got)
		}
	}
}
