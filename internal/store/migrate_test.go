package store_test

import (
	"strings"
	"testing"

	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
)

func TestMigrateIsIdempotentAndRefusesNewerSchemas(t *testing.T) {
	storetest.Each(t, func(t *testing.T, s *store.Store) {
		if err := s.Migrate(ctx); err != nil {
			t.Fatalf("second migrate: %v", err)
		}
		if _, err := s.RawDB().Exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, 'future', 0)"); err != nil {
			t.Fatal(err)
		}
		err := s.Migrate(ctx)
		if errs.CodeOf(err) != errs.Conflict || !strings.Contains(err.Error(), "999") {
			t.Fatalf("migrate on a newer schema: %v", err)
		}
	})
}

func TestOpenRefusesBadURLs(t *testing.T) {
	tests := []struct {
		url  string
		code errs.Code
		want string
	}{
		{"mysql://root@localhost/x", errs.Invalid, "sqlite:PATH or postgres://"},
		{"sqlite:", errs.Invalid, "SQLite"},
		{"sqlite:/proc/no/such/dir/x.db", errs.Unavailable, "data directory"},
		{"postgres://u:secret@127.0.0.1:1/x?connect_timeout=2", errs.Unavailable, "cannot reach PostgreSQL"},
		{"postgres://%zz", errs.Invalid, "not valid"},
	}
	for _, tt := range tests {
		_, err := store.Open(ctx, tt.url, store.Options{})
		if errs.CodeOf(err) != tt.code || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Open(%q) = %v, want %s mentioning %q", tt.url, err, tt.code, tt.want)
		}
		if strings.Contains(err.Error(), "secret") {
			t.Errorf("Open(%q) leaks the password: %v", tt.url, err)
		}
	}
}
