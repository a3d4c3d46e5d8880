package store_test

import (
	"context"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
)

var (
	ctx   = context.Background()
	alice = domain.Actor{Username: "alice", Client: "192.0.2.1"}
)

// mustOrg creates a unit or fails the test.
func mustOrg(t *testing.T, s *store.Store, code, name string, kind domain.OrgKind, parent string) domain.OrgUnit {
	t.Helper()
	o, err := s.CreateOrgUnit(ctx, alice, domain.OrgUnitInput{Code: code, Name: name, Kind: kind, Parent: parent})
	if err != nil {
		t.Fatalf("create %s: %v", code, err)
	}
	return o
}

// province builds QN → QN-SGTVT → {QN-SGTVT-TTS, QN-SGTVT-VP}, QN → QN-SYT.
func province(t *testing.T, s *store.Store) {
	t.Helper()
	mustOrg(t, s, "QN", "Tỉnh Quảng Ninh", domain.KindProvince, "")
	mustOrg(t, s, "QN-SGTVT", "Sở Giao thông Vận tải", domain.KindAgency, "QN")
	mustOrg(t, s, "QN-SGTVT-TTS", "Thanh tra Sở", domain.KindUnit, "QN-SGTVT")
	mustOrg(t, s, "QN-SGTVT-VP", "Văn phòng Sở", domain.KindUnit, "QN-SGTVT")
	mustOrg(t, s, "QN-SYT", "Sở Y tế", domain.KindAgency, "QN")
}

func wantCode(t *testing.T, err error, code errs.Code, field string) {
	t.Helper()
	if errs.CodeOf(err) != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
	if field != "" && errs.As(err).Field != field {
		t.Fatalf("error field = %q, want %q (%v)", errs.As(err).Field, field, err)
	}
}

func codes(units []domain.OrgUnit) []string {
	var out []string
	for _, o := range units {
		out = append(out, o.Code)
	}
	return out
}
