package store_test

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestCreateOrgUnitBuildsPaths(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		qn, _ := s.OrgUnit(ctx, "QN")
		tts, err := s.OrgUnit(ctx, "qn-sgtvt-tts") // codes are case-insensitive
		if err != nil {
			t.Fatal(err)
		}
		if tts.ParentCode != "QN-SGTVT" || !tts.Under(qn.Path) || tts.Depth != 2 {
			t.Errorf("TTS = %+v, want under QN-SGTVT at depth 2", tts)
		}
		if tts.Version != 1 || tts.CreatedAt.IsZero() {
			t.Errorf("new unit version %d created %v", tts.Version, tts.CreatedAt)
		}
	})
}

func TestCreateOrgUnitRefusesBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		long := strings.Repeat("ư", domain.MaxNameLen+1)
		tests := []struct {
			name  string
			in    domain.OrgUnitInput
			code  errs.Code
			field string
		}{
			{"duplicate code", domain.OrgUnitInput{Code: "qn-sgtvt", Name: "Khác", Kind: domain.KindAgency, Parent: "QN"}, errs.Invalid, "code"},
			{"unknown parent", domain.OrgUnitInput{Code: "X1", Name: "X", Kind: domain.KindUnit, Parent: "NOPE"}, errs.Invalid, "parent"},
			{"empty code", domain.OrgUnitInput{Name: "X", Kind: domain.KindUnit, Parent: "QN"}, errs.Invalid, "code"},
			{"code with spaces", domain.OrgUnitInput{Code: "QN SGTVT", Name: "X", Kind: domain.KindUnit, Parent: "QN"}, errs.Invalid, "code"},
			{"code with accents", domain.OrgUnitInput{Code: "QN-SỞ", Name: "X", Kind: domain.KindUnit, Parent: "QN"}, errs.Invalid, "code"},
			{"empty name", domain.OrgUnitInput{Code: "X2", Name: "  ", Kind: domain.KindUnit, Parent: "QN"}, errs.Invalid, "name"},
			{"over-long name", domain.OrgUnitInput{Code: "X3", Name: long, Kind: domain.KindUnit, Parent: "QN"}, errs.Invalid, "name"},
			{"unknown kind", domain.OrgUnitInput{Code: "X4", Name: "X", Kind: "district", Parent: "QN"}, errs.Invalid, "kind"},
			{"bad start date", domain.OrgUnitInput{Code: "X5", Name: "X", Kind: domain.KindUnit, Parent: "QN", ActiveFrom: "31/02/2024"}, errs.Invalid, "active_from"},
		}
		for _, tt := range tests {
			_, err := s.CreateOrgUnit(ctx, alice, tt.in)
			if errs.CodeOf(err) != tt.code || errs.As(err).Field != tt.field {
				t.Errorf("%s: error %v (field %q), want %s on %q", tt.name, err, errs.As(err).Field, tt.code, tt.field)
			}
		}
		all, _, err := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Inactive: true}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(all) != 5 {
			t.Errorf("after refused creations there are %d units, want the 5 of the province", len(all))
		}
	})
}

func TestOrgUnitsScopeAndSearch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		got, _, err := s.OrgUnits(ctx, domain.Scope{Paths: []string{agency.Path}}, store.OrgFilter{}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if want := []string{"QN-SGTVT", "QN-SGTVT-TTS", "QN-SGTVT-VP"}; !slices.Equal(codes(got), want) {
			t.Errorf("agency scope = %v, want %v", codes(got), want)
		}
		none, _, _ := s.OrgUnits(ctx, domain.Scope{}, store.OrgFilter{}, nil)
		if len(none) != 0 {
			t.Errorf("empty scope sees %v", codes(none))
		}
		for _, q := range []string{"so giao thong", "SỞ GIAO", "sgtvt", "Sở Giao Thông"} {
			hits, _, err := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Search: q}, nil)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(codes(hits), "QN-SGTVT") {
				t.Errorf("search %q = %v, want QN-SGTVT among them", q, codes(hits))
			}
		}
		hits, _, _ := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Search: "thanh tra"}, nil)
		if !slices.Equal(codes(hits), []string{"QN-SGTVT-TTS"}) {
			t.Errorf("search thanh tra = %v", codes(hits))
		}
		hits, _, _ = s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Search: "100%_"}, nil)
		if len(hits) != 0 {
			t.Errorf("wildcards in a search must match literally, got %v", codes(hits))
		}
		page, total, err := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{}, &store.Page{Number: 2, Limit: 2})
		if err != nil || total != 5 || len(page) != 2 {
			t.Errorf("page 2 of 2: %v total %d err %v", codes(page), total, err)
		}
	})
}

func TestRenameWithStaleVersionKeepsTheOtherChange(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		o, _ := s.OrgUnit(ctx, "QN-SGTVT-VP")
		// Two people opened the form at version 1; the first saves.
		first, err := s.UpdateOrgUnit(ctx, alice, o.Code, o.Version, store.OrgUnitUpdate{Name: "Văn phòng", Kind: domain.KindUnit})
		if err != nil || first.Version != 2 {
			t.Fatalf("first save: %v, version %d", err, first.Version)
		}
		_, err = s.UpdateOrgUnit(ctx, alice, o.Code, o.Version, store.OrgUnitUpdate{Name: "Văn phòng Sở GTVT", Kind: domain.KindUnit})
		if !errors.Is(err, errs.ErrStale) {
			t.Fatalf("second save with the old version: %v, want ErrStale", err)
		}
		now, _ := s.OrgUnit(ctx, o.Code)
		if now.Name != "Văn phòng" {
			t.Errorf("name = %q, want the first person's change kept", now.Name)
		}
	})
}

func TestMoveCarriesSubtreeAndRefusesCycles(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		mustOrg(t, s, "QN-SGTVT-TTS-1", "Đội 1", domain.KindUnit, "QN-SGTVT-TTS")
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		for _, target := range []string{"QN-SGTVT-TTS", "QN-SGTVT-TTS-1"} {
			_, err := s.MoveOrgUnit(ctx, alice, tts.Code, tts.Version, target)
			wantCode(t, err, errs.Invalid, "parent")
		}
		_, err := s.MoveOrgUnit(ctx, alice, tts.Code, tts.Version, "QN-SGTVT")
		wantCode(t, err, errs.Invalid, "parent") // already there

		moved, err := s.MoveOrgUnit(ctx, alice, tts.Code, tts.Version, "QN-SYT")
		if err != nil {
			t.Fatal(err)
		}
		syt, _ := s.OrgUnit(ctx, "QN-SYT")
		child, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS-1")
		if moved.ParentCode != "QN-SYT" || !moved.Under(syt.Path) || !child.Under(moved.Path) || child.Depth != 3 {
			t.Errorf("after move: unit %s (%s), child %s", moved.Path, moved.ParentCode, child.Path)
		}
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		sub, _, _ := s.OrgUnits(ctx, domain.Scope{Paths: []string{agency.Path}}, store.OrgFilter{}, nil)
		if slices.Contains(codes(sub), "QN-SGTVT-TTS-1") {
			t.Errorf("the old agency still reaches the moved subtree: %v", codes(sub))
		}
	})
}

func TestDeactivateAndReactivate(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		_, err := s.SetOrgUnitActiveTo(ctx, alice, agency.Code, agency.Version, "2025-06-30")
		wantCode(t, err, errs.Invalid, "active_to") // units under it are active
		if !strings.Contains(errs.As(err).Message("en"), "2 units under it") {
			t.Errorf("message %q should say how many units are still active", errs.As(err).Message("en"))
		}
		for _, c := range []string{"QN-SGTVT-TTS", "QN-SGTVT-VP"} {
			o, _ := s.OrgUnit(ctx, c)
			if _, err := s.SetOrgUnitActiveTo(ctx, alice, c, o.Version, "2025-06-30"); err != nil {
				t.Fatal(err)
			}
		}
		off, err := s.SetOrgUnitActiveTo(ctx, alice, agency.Code, agency.Version, "2025-06-30")
		if err != nil || off.ActiveTo != "2025-06-30" || off.Active("2025-07-01") || !off.Active("2025-06-30") {
			t.Fatalf("deactivate: %+v %v", off, err)
		}
		active, _, _ := s.OrgUnits(ctx, domain.Scope{All: true}, store.OrgFilter{Today: "2025-07-01"}, nil)
		if slices.Contains(codes(active), "QN-SGTVT") {
			t.Errorf("inactive unit listed among active ones: %v", codes(active))
		}
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		_, err = s.SetOrgUnitActiveTo(ctx, alice, tts.Code, tts.Version, "")
		wantCode(t, err, errs.Invalid, "active_to") // the parent is inactive
		on, err := s.SetOrgUnitActiveTo(ctx, alice, agency.Code, off.Version, "")
		if err != nil || on.ActiveTo != "" {
			t.Fatalf("reactivate: %+v %v", on, err)
		}
	})
}

func TestPatchIsAllOrNothing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		o, _ := s.OrgUnit(ctx, "QN-SGTVT-VP")
		bad := "QN-SGTVT-VP"
		_, err := s.PatchOrgUnit(ctx, alice, o.Code, o.Version, store.OrgUnitPatch{
			Update: &store.OrgUnitUpdate{Name: "Đổi tên", Kind: domain.KindUnit}, Parent: &bad,
		})
		wantCode(t, err, errs.Invalid, "parent")
		now, _ := s.OrgUnit(ctx, o.Code)
		if now.Name != o.Name || now.Version != o.Version {
			t.Errorf("a refused patch left %q v%d, want the unit untouched", now.Name, now.Version)
		}
		entries, _, _ := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{Action: "orgunit.update"}, store.Page{})
		if len(entries) != 0 {
			t.Errorf("a refused patch was audited: %+v", entries)
		}
	})
}
