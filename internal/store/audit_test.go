package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestEveryChangeIsAuditedAndChained(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		o, _ := s.OrgUnit(ctx, "QN-SGTVT-VP")
		if _, err := s.UpdateOrgUnit(ctx, alice, o.Code, o.Version, store.OrgUnitUpdate{Name: "Văn phòng", NameEN: "Office", Kind: domain.KindUnit}); err != nil {
			t.Fatal(err)
		}
		rows, total, err := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{}, store.Page{})
		if err != nil || total != 6 {
			t.Fatalf("audit rows %d (%v), want 5 creations and 1 rename", total, err)
		}
		last := rows[0]
		if last.Action != "orgunit.update" || last.Actor != "alice" || last.Client != "192.0.2.1" || last.Org != "QN-SGTVT-VP" {
			t.Errorf("last row = %+v", last)
		}
		if !strings.Contains(last.Before, `"name":"Văn phòng Sở"`) || !strings.Contains(last.After, `"name_en":"Office"`) {
			t.Errorf("before/after = %s / %s", last.Before, last.After)
		}
		if last.PrevHash != rows[1].Hash || last.Hash != last.ComputeHash() {
			t.Error("the last row does not chain to the one before")
		}
		if n, err := s.VerifyAudit(ctx); err != nil || n != 6 {
			t.Errorf("verify: %d rows, %v", n, err)
		}
	})
}

func TestAuditScope(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		agency, _ := s.OrgUnit(ctx, "QN-SGTVT")
		rows, total, err := s.AuditEntries(ctx, domain.Scope{Paths: []string{agency.Path}}, store.AuditFilter{}, store.Page{})
		if err != nil || total != 3 {
			t.Fatalf("agency scope sees %d rows (%v), want its 3 units' creations", total, err)
		}
		for _, r := range rows {
			if !strings.HasPrefix(r.Org, "QN-SGTVT") {
				t.Errorf("row outside scope: %+v", r)
			}
		}
		if _, err := s.AuditEntry(ctx, domain.Scope{Paths: []string{agency.Path}}, 1); err == nil {
			t.Error("row 1 (the province) is outside the agency's scope")
		}
		tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
		_, total, _ = s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{OrgPath: tts.Path, Action: "orgunit."}, store.Page{})
		if total != 1 {
			t.Errorf("filter by unit: %d rows", total)
		}
	})
}

// An attacker with access to the database file edits a row around the
// append-only triggers; verification names that row.
func TestVerifyFindsTampering(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		db := s.RawDB()
		if _, err := db.Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"); err == nil {
			t.Fatal("the database let an audit row be changed")
		}
		if _, err := db.Exec("DELETE FROM audit_log WHERE seq = 3"); err == nil {
			t.Fatal("the database let an audit row be removed")
		}
		disable, enable := "DROP TRIGGER audit_log_no_update", ""
		if s.Dialect() == store.Postgres {
			disable, enable = "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change", "ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change"
		}
		if _, err := db.Exec(disable); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"); err != nil {
			t.Fatal(err)
		}
		if enable != "" {
			_, _ = db.Exec(enable)
		}
		n, err := s.VerifyAudit(ctx)
		var brk *store.ChainBreak
		if !errors.As(err, &brk) || brk.Seq != 3 || n != 2 {
			t.Fatalf("verify = %d, %v; want a break at row 3", n, err)
		}
	})
}

func TestVerifyFindsRemovedTail(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		db := s.RawDB()
		drop := "DROP TRIGGER audit_log_no_delete"
		if s.Dialect() == store.Postgres {
			drop = "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"
		}
		if _, err := db.Exec(drop); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec("DELETE FROM audit_log WHERE seq = 5"); err != nil {
			t.Fatal(err)
		}
		_, err := s.VerifyAudit(ctx)
		var brk *store.ChainBreak
		if !errors.As(err, &brk) || brk.Seq != 5 {
			t.Fatalf("verify = %v; want the missing last row named", err)
		}
	})
}

// Many writers at once: every change gets its row, the chain stays whole.
func TestConcurrentWritersKeepTheChain(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		province(t, s)
		var wg sync.WaitGroup
		errc := make(chan error, 40)
		for i := range 40 {
			wg.Go(func() {
				_, err := s.CreateOrgUnit(ctx, alice, domain.OrgUnitInput{
					Code: fmt.Sprintf("QN-X%02d", i), Name: fmt.Sprintf("Đơn vị %d", i), Kind: domain.KindUnit, Parent: "QN-SYT"})
				errc <- err
			})
		}
		wg.Wait()
		close(errc)
		for err := range errc {
			if err != nil {
				t.Error(err)
			}
		}
		n, err := s.VerifyAudit(ctx)
		if err != nil || n != 45 {
			t.Errorf("verify after concurrent writes: %d rows, %v", n, err)
		}
	})
}
