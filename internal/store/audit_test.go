package store_test

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestEveryChangeIsAuditedAndChained(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			key := storetest.AuditKey()
			testEveryChangeIsAuditedAndChained(t, storetest.Open(t, engine, store.Options{AuditKey: key}), key)
		})
	}
}

func testEveryChangeIsAuditedAndChained(t *testing.T, s *store.Store, key []byte) {
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
	if last.PrevHash != rows[1].Hash || last.Hash != last.ComputeMAC(key) || last.KeyID != domain.AuditKeyFingerprint(key) {
		t.Error("the last row does not chain to the one before under the key")
	}
	if n, err := s.VerifyAudit(ctx); err != nil || n != 6 {
		t.Errorf("verify: %d rows, %v", n, err)
	}
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

// openAt opens and migrates the database at url with key (nil for none),
// as one more server instance would.
func openAt(t *testing.T, url string, key []byte) (*store.Store, error) {
	t.Helper()
	s, err := store.Open(ctx, url, store.Options{AuditKey: key})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s, s.Migrate(ctx)
}

// rewriteChain changes rows the way someone with write access to the
// database could: around the append-only triggers, every row edited, then
// each given the key id and hash seal computes and chained again, and the
// head moved to match.
func rewriteChain(t *testing.T, s *store.Store, edit func(e *domain.AuditEntry), seal func(e domain.AuditEntry) (keyID, hash string)) {
	t.Helper()
	db := s.RawDB()
	stmts := []string{"DROP TRIGGER audit_log_no_update"}
	if s.Dialect() == store.Postgres {
		stmts = []string{"ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"}
	}
	for _, q := range stmts {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	rows, _, err := s.AuditEntries(ctx, domain.Scope{All: true}, store.AuditFilter{}, store.Page{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	prev, keyID := "", ""
	for i := len(rows) - 1; i >= 0; i-- {
		e := rows[i]
		edit(&e)
		e.PrevHash = prev
		keyID, e.Hash = seal(e)
		if _, err := db.Exec("UPDATE audit_log SET before_json = $1, after_json = $2, prev_hash = $3, hash = $4, key_id = $5 WHERE seq = $6",
			e.Before, e.After, e.PrevHash, e.Hash, keyID, e.Seq); err != nil {
			t.Fatal(err)
		}
		prev = e.Hash
	}
	if _, err := db.Exec("UPDATE audit_head SET hash = $1, key_id = $2 WHERE id = 1", prev, keyID); err != nil {
		t.Fatal(err)
	}
}

// inspectionWithFine records an inspection that ended in a fine of
// 7.500.000 đồng, the row the attacker set to 0.
func inspectionWithFine(t *testing.T, s *store.Store) {
	t.Helper()
	province(t, s)
	reg, _ := domain.RegistryOf(domain.RegInspection)
	v := domain.RecordValues{"inspected_on": "2024-08-20", "subject_type": "boat", "subject": "QN-5678", "violations": "1", "fine": "7.500.000"}
	if err := domain.CheckValues(reg.Fields, v, point); err != nil {
		t.Fatal(err)
	}
	tts, _ := s.OrgUnit(ctx, "QN-SGTVT-TTS")
	if _, err := s.SaveRecord(ctx, alice, reg, 0, 0, store.NewRecord{Org: tts, Values: v}, nil); err != nil {
		t.Fatal(err)
	}
}

// zeroTheFine is the attacker's edit.
func zeroTheFine(e *domain.AuditEntry) {
	e.After = strings.ReplaceAll(e.After, "7500000", "0")
}

// The attack: someone with write access to the database sets a fine
// of 7.500.000 to 0 and recomputes every hash. Without the key no way of
// recomputing the chain passes the check any more.
func TestAuditRewriteWithoutTheKeyShows(t *testing.T) {
	attacker := storetest.AuditKey()
	attempts := []struct {
		name string
		seal func(e domain.AuditEntry) (string, string)
		want func(t *testing.T, err error, key []byte)
	}{
		{"plain SHA-256 and no key named, as before keys",
			func(e domain.AuditEntry) (string, string) { return "", e.ComputeHash() },
			func(t *testing.T, err error, key []byte) {
				var ke *store.AuditKeyError
				if !errors.As(err, &ke) || ke.Want != "" || !strings.Contains(err.Error(), domain.AuditKeyFingerprint(key)) {
					t.Errorf("verify = %v; want no row under the key named", err)
				}
			}},
		{"plain SHA-256 under the key's name",
			func(e domain.AuditEntry) (string, string) { return e.KeyID, e.ComputeHash() },
			func(t *testing.T, err error, _ []byte) {
				var brk *store.ChainBreak
				if !errors.As(err, &brk) || brk.Seq != 1 {
					t.Errorf("verify = %v; want a break at row 1", err)
				}
			}},
		{"an HMAC under a key of the attacker's own",
			func(e domain.AuditEntry) (string, string) {
				return domain.AuditKeyFingerprint(attacker), e.ComputeMAC(attacker)
			},
			func(t *testing.T, err error, key []byte) {
				var ke *store.AuditKeyError
				if !errors.As(err, &ke) || ke.Seq != 1 || ke.Want != domain.AuditKeyFingerprint(attacker) || ke.Got != domain.AuditKeyFingerprint(key) {
					t.Errorf("verify = %v; want row 1 named with both fingerprints", err)
				}
			}},
	}
	for _, engine := range storetest.Engines(t) {
		for _, at := range attempts {
			t.Run(string(engine)+"/"+at.name, func(t *testing.T) {
				key := storetest.AuditKey()
				s := storetest.Open(t, engine, store.Options{AuditKey: key})
				inspectionWithFine(t, s)
				if n, err := s.VerifyAudit(ctx); err != nil || n != 6 {
					t.Fatalf("before the attack: %d rows, %v", n, err)
				}
				changed := false
				rewriteChain(t, s, func(e *domain.AuditEntry) {
					if strings.Contains(e.After, "7500000") {
						zeroTheFine(e)
						changed = true
					}
				}, at.seal)
				if !changed {
					t.Fatal("no audit row holds the fine")
				}
				_, err := s.VerifyAudit(ctx)
				at.want(t, err, key)
			})
		}
	}
}

// A database chained before there were keys keeps verifying: its plain rows
// stay as they are, the first start with a key adds a keyed row that covers
// them, and later rows are keyed. Turning a keyed row back into a plain one
// shows, and once bound the database refuses a store without its key.
func TestAuditPlainRowsBeforeTheKeyStillVerify(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			url := storetest.URL(t, engine)
			old, err := openAt(t, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			province(t, old)
			if id, err := old.AuditKeyID(ctx); err != nil || id != "" {
				t.Fatalf("a database run without a key is bound to %q (%v)", id, err)
			}
			key := storetest.AuditKey()
			fp := domain.AuditKeyFingerprint(key)
			s, err := openAt(t, url, key)
			if err != nil {
				t.Fatalf("first start with a key: %v", err)
			}
			mustOrg(t, s, "QN-SXD", "Sở Xây dựng", domain.KindAgency, "QN")
			rep, err := s.CheckAudit(ctx, nil)
			if err != nil || rep.Rows != 7 || rep.Plain != 5 || rep.KeyID != fp {
				t.Fatalf("check = %+v, %v; want 5 plain rows, then 2 under %s", rep, err, fp)
			}
			seal, _ := s.AuditEntry(ctx, domain.Scope{All: true}, 6)
			if seal.Action != "audit.key" || seal.EntityID != fp || seal.PrevHash == "" {
				t.Errorf("row 6 = %+v; want the key's row chained to the plain ones", seal)
			}
			if id, _ := s.AuditKeyID(ctx); id != fp {
				t.Errorf("bound to %q, want %s", id, fp)
			}
			// The store without the key can neither check nor extend the chain.
			_, err = old.VerifyAudit(ctx)
			var ke *store.AuditKeyError
			if !errors.As(err, &ke) || ke.Seq != 6 || ke.Want != fp || ke.Got != "" {
				t.Errorf("verify without the key = %v; want row 6 named as needing key %s", err, fp)
			}
			if _, err := old.CreateOrgUnit(ctx, alice, domain.OrgUnitInput{Code: "QN-X", Name: "X", Kind: domain.KindAgency, Parent: "QN"}); errs.CodeOf(err) != errs.Conflict || !strings.Contains(err.Error(), fp) {
				t.Errorf("write without the key = %v; want a refusal naming %s", err, fp)
			}
			// The newest row rewritten as a plain one.
			rewriteChain(t, s, func(*domain.AuditEntry) {}, func(e domain.AuditEntry) (string, string) {
				if e.Seq == 7 {
					return "", e.ComputeHash()
				}
				return e.KeyID, e.Hash
			})
			var brk *store.ChainBreak
			if _, err := s.VerifyAudit(ctx); !errors.As(err, &brk) || brk.Seq != 7 {
				t.Errorf("verify after a keyed row was made plain = %v; want a break at row 7", err)
			}
		})
	}
}

// A copy of a database from before key_id (schema 8) still verifies without
// a key; given a key, its rows are not under it, and the check says so.
func TestAuditDatabaseFromBeforeKeysVerifies(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			url := storetest.URL(t, engine)
			s, err := openAt(t, url, nil)
			if err != nil {
				t.Fatal(err)
			}
			province(t, s)
			for _, q := range []string{
				"DELETE FROM schema_migrations WHERE version >= 9",
				"ALTER TABLE audit_log DROP COLUMN key_id",
				"ALTER TABLE audit_head DROP COLUMN key_id",
			} {
				if _, err := s.RawDB().Exec(q); err != nil {
					t.Fatal(err)
				}
			}
			if n, err := s.VerifyAudit(ctx); err != nil || n != 5 {
				t.Errorf("old database: %d rows, %v", n, err)
			}
			if id, err := s.AuditKeyID(ctx); err != nil || id != "" {
				t.Errorf("old database bound to %q (%v)", id, err)
			}
			key := storetest.AuditKey()
			keyed, err := store.Open(ctx, url, store.Options{AuditKey: key})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = keyed.Close() }()
			var ke *store.AuditKeyError
			if _, err := keyed.VerifyAudit(ctx); !errors.As(err, &ke) || ke.Want != "" || ke.Got != domain.AuditKeyFingerprint(key) {
				t.Errorf("old database checked with a key = %v; want no row under it", err)
			}
		})
	}
}

// Instances on one database must share its key: another key can neither
// check the chain, nor write to it, nor start on it, and both fingerprints
// are named.
func TestAuditWrongKeyNamesBothFingerprints(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			url := storetest.URL(t, engine)
			key, other := storetest.AuditKey(), storetest.AuditKey()
			fp, otherFP := domain.AuditKeyFingerprint(key), domain.AuditKeyFingerprint(other)
			a, err := openAt(t, url, key)
			if err != nil {
				t.Fatal(err)
			}
			// Bound at the first start, before any row: a second instance
			// with another key is refused at once.
			if id, _ := a.AuditKeyID(ctx); id != fp {
				t.Errorf("a new database is bound to %q, want %s", id, fp)
			}
			if _, err := openAt(t, url, other); errs.CodeOf(err) != errs.Conflict || !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), otherFP) {
				t.Errorf("start with another key on an empty chain = %v", err)
			}
			province(t, a)
			b, err := store.Open(ctx, url, store.Options{AuditKey: other})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { _ = b.Close() }()
			_, err = b.VerifyAudit(ctx)
			var ke *store.AuditKeyError
			if !errors.As(err, &ke) || ke.Seq != 1 || !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), otherFP) {
				t.Errorf("verify with another key = %v; want row 1 and both fingerprints", err)
			}
			if err := b.Migrate(ctx); errs.CodeOf(err) != errs.Conflict || !strings.Contains(err.Error(), fp) || !strings.Contains(err.Error(), otherFP) {
				t.Errorf("start with another key = %v; want a refusal naming both fingerprints", err)
			}
			if _, err := b.CreateOrgUnit(ctx, alice, domain.OrgUnitInput{Code: "QN-X", Name: "X", Kind: domain.KindAgency, Parent: "QN"}); errs.CodeOf(err) != errs.Conflict {
				t.Errorf("write with another key = %v; want a refusal", err)
			}
			if n, err := a.VerifyAudit(ctx); err != nil || n != 5 {
				t.Errorf("the chain after the refusals: %d rows, %v", n, err)
			}
		})
	}
}

// Someone holding the key can recompute the whole chain, so the check alone
// passes; the anchor an officer wrote down earlier does not.
func TestAuditAnchorShowsARewriteWithTheKey(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			key := storetest.AuditKey()
			s := storetest.Open(t, engine, store.Options{AuditKey: key})
			inspectionWithFine(t, s)
			rep, err := s.CheckAudit(ctx, nil)
			if err != nil || rep.Head.Seq != 6 || len(rep.Head.Hash) != 64 {
				t.Fatalf("check = %+v, %v", rep, err)
			}
			anchor := rep.Head
			mustOrg(t, s, "QN-SXD", "Sở Xây dựng", domain.KindAgency, "QN")
			if _, err := s.CheckAudit(ctx, &anchor); err != nil {
				t.Errorf("the anchor of an untouched chain, rows later: %v", err)
			}
			beyond := domain.AuditAnchor{Seq: 9, Hash: anchor.Hash}
			var brk *store.ChainBreak
			if _, err := s.CheckAudit(ctx, &beyond); !errors.As(err, &brk) || brk.Seq != 8 {
				t.Errorf("an anchor past the end = %v; want row 8 named missing", err)
			}
			rewriteChain(t, s, zeroTheFine, func(e domain.AuditEntry) (string, string) { return e.KeyID, e.ComputeMAC(key) })
			if _, err := s.CheckAudit(ctx, nil); err != nil {
				t.Fatalf("a rewrite with the key passes without an anchor, as it must: %v", err)
			}
			if _, err := s.CheckAudit(ctx, &anchor); !errors.As(err, &brk) || brk.Seq != 6 || !strings.Contains(err.Error(), anchor.Hash) {
				t.Errorf("check against the anchor = %v; want row 6 named", err)
			}
		})
	}
}
