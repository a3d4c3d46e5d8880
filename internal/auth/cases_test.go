package auth

import (
	"testing"

	"tebdg/internal/domain"
)

func TestCaseRegisterPolicy(t *testing.T) {
	admin := domain.User{ID: 1, Assignments: []domain.Assignment{{Role: domain.RoleAdmin, OrgPath: "/1/"}}}
	ward := domain.User{ID: 2, Assignments: []domain.Assignment{{Role: domain.RoleCaseSupervisor, OrgPath: "/1/7/", OrgKind: domain.KindCommune}}}
	centre := domain.User{ID: 3, Assignments: []domain.Assignment{{Role: domain.RoleCaseSupervisor, OrgPath: "/1/2/9/", OrgKind: domain.KindUnit}}}
	worker := domain.User{ID: 4, Assignments: []domain.Assignment{{Role: domain.RoleCaseworker, OrgPath: "/1/7/", OrgKind: domain.KindCommune}}}
	tests := []struct {
		name string
		got  bool
		want bool
	}{
		{"an admin gives a case role to another account", CanGiveRole(admin, 4, domain.RoleCaseworker), true},
		{"an admin gives themself a case role", CanGiveRole(admin, 1, domain.RoleCaseSupervisor), false},
		{"an admin gives themself another role", CanGiveRole(admin, 1, domain.RoleViewer), true},
		{"a supervisor gives roles", CanGiveRole(ward, 4, domain.RoleCaseworker), false},
		{"an admin reaches no case", CanSuperviseCase(admin, "/1/7/"), false},
		{"the ward's supervisor supervises its cases", CanSuperviseCase(ward, "/1/7/"), true},
		{"the ward's supervisor breaks glass", CanBreakGlass(ward, "/1/8/"), false},
		{"the centre's supervisor breaks glass in the province", CanBreakGlass(centre, "/1/8/"), true},
		{"the centre's supervisor breaks glass in another province", CanBreakGlass(centre, "/5/8/"), false},
		{"a caseworker takes in cases at the ward", CaseIntakeScope(worker).Reaches("/1/7/"), true},
		{"an admin takes in cases", CaseIntakeScope(admin).Reaches("/1/7/"), false},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s: %v, want %v", tt.name, tt.got, tt.want)
		}
	}
}
