package domain

import (
	"strings"
	"testing"
	"time"

	"tebdg/internal/errs"
)

func TestOrgUnitInputValidate(t *testing.T) {
	tests := []struct {
		in     OrgUnitInput
		fields []string
	}{
		{OrgUnitInput{Code: "qn-sgtvt-tts", Name: " Thanh  tra\u00a0Sở ", Kind: KindUnit, Parent: "qn-sgtvt"}, nil},
		{OrgUnitInput{Code: "", Name: "", Kind: ""}, []string{"code", "name", "kind"}},
		{OrgUnitInput{Code: "-QN", Name: "X", Kind: KindUnit}, []string{"code"}},
		{OrgUnitInput{Code: "Q", Name: "X", Kind: KindUnit}, []string{"code"}},
		{OrgUnitInput{Code: strings.Repeat("A", 33), Name: "X", Kind: KindUnit}, []string{"code"}},
		{OrgUnitInput{Code: "QN", Name: "X\nY", Kind: KindUnit}, []string{"name"}},
		{OrgUnitInput{Code: "QN", Name: "X", NameEN: strings.Repeat("e", 201), Kind: KindUnit}, []string{"name_en"}},
		{OrgUnitInput{Code: "QN", Name: "X", Kind: KindUnit, ActiveFrom: "2024-02-30"}, []string{"active_from"}},
		{OrgUnitInput{Code: "QN", Name: "X", Kind: KindUnit, Parent: "Sở GTVT"}, []string{"parent"}},
	}
	for _, tt := range tests {
		in := tt.in
		in.Normalize()
		var got []string
		for _, e := range errs.Fields(in.Validate()) {
			got = append(got, e.Field)
			if e.VI == "" || e.EN == "" {
				t.Errorf("%+v: message missing in one language: %+v", tt.in, e)
			}
		}
		if strings.Join(got, ",") != strings.Join(tt.fields, ",") {
			t.Errorf("%+v: fields %v, want %v", tt.in, got, tt.fields)
		}
	}
	in := OrgUnitInput{Code: " qn-sgtvt ", Name: " Sở\u00a0\u00a0Giao thông ", Parent: "qn"}
	in.Normalize()
	if in.Code != "QN-SGTVT" || in.Name != "Sở Giao thông" || in.Parent != "QN" {
		t.Errorf("normalized %+v", in)
	}
}

func TestOrgUnitActive(t *testing.T) {
	o := OrgUnit{ActiveFrom: "2024-01-01", ActiveTo: "2025-06-30"}
	for day, want := range map[string]bool{"2023-12-31": false, "2024-01-01": true, "2025-06-30": true, "2025-07-01": false} {
		if o.Active(day) != want {
			t.Errorf("Active(%s) = %v", day, !want)
		}
	}
}

func TestUserInputValidate(t *testing.T) {
	tests := []struct {
		in     UserInput
		fields string
	}{
		{UserInput{Username: "Nguyen.Van.A", Org: "qn", Role: RoleViewer}, ""},
		{UserInput{Username: "ab", Org: "QN", Role: RoleViewer}, "username"},
		{UserInput{Username: "nguyễn", Org: "QN", Role: RoleViewer}, "username"},
		{UserInput{Username: "abc", Org: "", Role: "chief"}, "org,role"},
		{UserInput{Username: "abc", Org: "QN", Role: RoleCoordinator, Programme: "health"}, "programme"},
		{UserInput{Username: "abc", Org: "QN", Role: RoleViewer, Email: "not-an-address"}, "email"},
	}
	for _, tt := range tests {
		in := tt.in
		in.Normalize()
		var got []string
		for _, e := range errs.Fields(in.Validate()) {
			got = append(got, e.Field)
		}
		if strings.Join(got, ",") != tt.fields {
			t.Errorf("%+v: fields %v, want %s", tt.in, got, tt.fields)
		}
	}
}

func TestScopeAdd(t *testing.T) {
	var s Scope
	s.Add("/1/2/3/")
	s.Add("/1/4/")
	s.Add("/1/2/") // swallows /1/2/3/
	s.Add("/1/2/5/")
	if len(s.Paths) != 2 || !s.Reaches("/1/2/3/9/") || s.Reaches("/1/20/") || s.Reaches("/1/") {
		t.Errorf("scope %+v", s)
	}
	if !(Scope{}).Empty() || (Scope{All: true}).Empty() {
		t.Error("Empty")
	}
}

func TestAuditHashCoversEveryField(t *testing.T) {
	e := AuditEntry{Seq: 7, At: time.Date(2026, 1, 2, 3, 4, 5, 678901000, time.UTC), ActorID: 3, Actor: "manager",
		Action: "orgunit.update", Entity: "orgunit", EntityID: "QN-SGTVT-VP", OrgID: 9, Org: "QN-SGTVT-VP",
		Before: `{"name":"a"}`, After: `{"name":"b"}`, Client: "192.0.2.1", PrevHash: "abc"}
	base := e.ComputeHash()
	changes := []func(*AuditEntry){
		func(e *AuditEntry) { e.Seq++ },
		func(e *AuditEntry) { e.At = e.At.Add(time.Microsecond) },
		func(e *AuditEntry) { e.ActorID++ },
		func(e *AuditEntry) { e.Actor = "admin" },
		func(e *AuditEntry) { e.Action = "orgunit.move" },
		func(e *AuditEntry) { e.Entity = "user" },
		func(e *AuditEntry) { e.EntityID = "QN" },
		func(e *AuditEntry) { e.OrgID++ },
		func(e *AuditEntry) { e.Org = "QN" },
		func(e *AuditEntry) { e.Before = "" },
		func(e *AuditEntry) { e.After = `{"name":"c"}` },
		func(e *AuditEntry) { e.Client = "192.0.2.2" },
		func(e *AuditEntry) { e.PrevHash = "abd" },
		// Moving text between neighbouring fields changes the hash too.
		func(e *AuditEntry) { e.Entity, e.EntityID = "orgunitQ", "N-SGTVT-VP" },
	}
	for i, change := range changes {
		c := e
		change(&c)
		if c.ComputeHash() == base {
			t.Errorf("change %d does not change the hash", i)
		}
	}
	// Precision beyond microseconds is not stored, so it must not count.
	c := e
	c.At = c.At.Add(100 * time.Nanosecond)
	if c.ComputeHash() != base {
		t.Error("nanoseconds change the hash")
	}
}

func TestLabels(t *testing.T) {
	for _, r := range Roles {
		if r.Label("vi") == string(r) || r.Label("en") == string(r) || r.Hint("vi") == "" {
			t.Errorf("role %s has no label", r)
		}
	}
	for _, k := range OrgKinds {
		if k.Label("vi") == string(k) || k.Label("en") == string(k) {
			t.Errorf("kind %s has no label", k)
		}
	}
	for _, a := range Actions() {
		if ActionLabel(a, "vi") == a || ActionLabel(a, "en") == a {
			t.Errorf("action %s has no label", a)
		}
	}
}
