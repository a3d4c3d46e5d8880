package agenda

import (
	"testing"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/observance"
)

func user(roles ...domain.Assignment) domain.User { return domain.User{Assignments: roles} }

func TestWhoSeesAndActs(t *testing.T) {
	agency := "/1/2/"
	unit := "/1/2/3/"
	other := "/1/9/"
	manager := user(domain.Assignment{Role: domain.RoleManager, OrgPath: agency})
	staff := user(domain.Assignment{Role: domain.RoleReporter, OrgPath: unit})
	viewer := user(domain.Assignment{Role: domain.RoleViewer, OrgPath: agency})
	coordinator := user(domain.Assignment{Role: domain.RoleCoordinator, OrgPath: "/1/"})
	admin := user(domain.Assignment{Role: domain.RoleAdmin, OrgPath: "/1/"})
	task := Entry{Kind: KindTask, OrgPath: unit, Supports: []string{other}}
	report := Entry{Kind: KindReport, OrgPath: agency}
	obs := Entry{Kind: KindPrep}
	for _, tt := range []struct {
		name    string
		u       domain.User
		e       Entry
		visible bool
		acts    bool
	}{
		{"the agency's manager and a unit's task", manager, task, true, true},
		{"the unit's staff and its task", staff, task, true, true},
		{"the unit's staff and the agency's report", staff, report, false, false},
		{"a viewer reads but does not act", viewer, report, true, false},
		{"a coordinator reads the agency's report, the agency sends it", coordinator, report, true, false},
		{"a coordinator prepares observances", coordinator, obs, true, true},
		{"a viewer does not", viewer, obs, true, false},
		{"an admin keeps the system, not the work", admin, task, true, false},
		{"a supporting unit acts on the task", user(domain.Assignment{Role: domain.RoleReporter, OrgPath: other}), task, true, true},
	} {
		sc := domain.Scope{}
		for _, a := range tt.u.Assignments {
			if a.Role == domain.RoleAdmin {
				sc.All = true
			}
			sc.Add(a.OrgPath)
		}
		if got := tt.e.Visible(sc); got != tt.visible {
			t.Errorf("%s: visible %v", tt.name, got)
		}
		if got := tt.e.Actionable(tt.u); got != tt.acts {
			t.Errorf("%s: actionable %v", tt.name, got)
		}
	}
}

func TestPrepDays(t *testing.T) {
	rules := []observance.Rule{{Code: "children-action-month"}, {Code: "family-day"}, {Code: "ngay-thanh-lap-tinh"}, {Code: "childrens-day"}}
	got := PrepDays(rules, map[string]int{"childrens-day": 0, "ngay-thanh-lap-tinh": 20})
	want := map[string]int{"children-action-month": 30, "family-day": 7, "ngay-thanh-lap-tinh": 20, "childrens-day": 0}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %d, want %d", k, got[k], v)
		}
	}
}

func TestTodayIsVietnamsDate(t *testing.T) {
	// 23:30 UTC on 31 December is already 1 January in Vietnam.
	got := Today(time.Date(2025, 12, 31, 23, 30, 0, 0, time.UTC))
	if got != time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("today: %v", got)
	}
	e := Entry{Start: time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)}
	for d, want := range map[int]bool{31: false, 1: true, 30: true} {
		day := time.Date(2026, 6, d, 0, 0, 0, 0, time.UTC)
		if d == 31 {
			day = time.Date(2026, 5, 31, 0, 0, 0, 0, time.UTC)
		}
		if e.Day(day) != want {
			t.Errorf("day %v: %v", day, !want)
		}
	}
}
