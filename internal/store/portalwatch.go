package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
)

// The portal's generation: a number in the database that grows with every
// change to what the public portal shows. Triggers on the tables the
// portal reads (migration 0010) move it in the same transaction as the
// change, so no write path can forget it, and a change that rolls back
// moves nothing. Each instance keeps rendered pages in memory and compares
// the number before serving one; on PostgreSQL moving it also notifies
// every instance at commit, so their caches are cleared at once.

// portalChannel is the PostgreSQL channel the notifications go out on.
const portalChannel = "tebdg_portal"

// PortalGeneration returns the portal's generation: when it differs from
// the one a cache was filled at, what the portal shows has changed.
func (s *Store) PortalGeneration(ctx context.Context) (int64, error) {
	var g int64
	err := s.r.QueryRowContext(ctx, "SELECT gen FROM portal_generation WHERE id = 1").Scan(&g)
	return g, mapErr(err)
}

// touchPortal moves the generation inside tx, for a change that no row
// shows: a scheduled post whose time has come.
func touchPortal(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, "UPDATE portal_generation SET gen = gen + 1 WHERE id = 1")
	return err
}

// WatchPortal calls changed soon after any instance commits a change to
// what the portal shows, until ctx ends. On PostgreSQL it listens on a
// connection of its own, outside the pool, and reconnects with a growing
// pause when that connection is lost; changed is also called after each
// (re)connection, since notifications sent while away are lost. On SQLite
// it returns at once: one instance serves the file, and its own cache
// check (PortalGeneration) sees every change.
//
// changed runs on the watching goroutine, one call at a time.
func (s *Store) WatchPortal(ctx context.Context, changed func()) {
	if s.dialect != Postgres {
		return
	}
	const first, most = time.Second, 30 * time.Second
	pause := first
	for ctx.Err() == nil {
		start := time.Now()
		err := s.listenPortal(ctx, changed)
		if ctx.Err() != nil {
			return
		}
		if time.Since(start) > most {
			pause = first // it was up for a while: this is a new outage
		}
		s.log.Warn("portal change notifications lost; pages are checked every second meanwhile", "err", err, "retry_in", pause)
		select {
		case <-ctx.Done():
			return
		case <-time.After(pause):
		}
		pause = min(2*pause, most)
	}
}

// listenPortal holds one listening connection until it fails or ctx ends.
func (s *Store) listenPortal(ctx context.Context, changed func()) error {
	cfg, err := s.connConfig(ctx)
	if err != nil {
		return err
	}
	// Named for whoever looks at pg_stat_activity: the pool's name, if the
	// URL gave one, and what this connection is for.
	name := cfg.RuntimeParams["application_name"]
	if name == "" {
		name = "tebdg"
	}
	cfg.RuntimeParams["application_name"] = name + " portal watch"
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer func() {
		cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = conn.Close(cctx)
	}()
	// The triggers name the schema of the table they fired on; this is
	// the one our portal_generation is in.
	var schema string
	if err := conn.QueryRow(ctx, "SELECT relnamespace::regnamespace::text FROM pg_class WHERE oid = 'portal_generation'::regclass").Scan(&schema); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "LISTEN "+portalChannel); err != nil {
		return err
	}
	changed()
	for {
		// Wake now and then to find out whether the server is still
		// there: a dead peer can otherwise leave a read waiting for
		// good.
		wctx, cancel := context.WithTimeout(ctx, time.Minute)
		n, err := conn.WaitForNotification(wctx)
		cancel()
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err != nil && (errors.Is(err, context.DeadlineExceeded) || pgconn.Timeout(err)):
			pctx, cancel := context.WithTimeout(ctx, 10*time.Second)
			err = conn.Ping(pctx)
			cancel()
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case n.Payload == schema:
			changed()
		}
	}
}

// connConfig is the configuration the pool connects with (address,
// credentials, TLS, search_path), for a connection outside it.
func (s *Store) connConfig(ctx context.Context) (*pgx.ConnConfig, error) {
	c, err := s.w.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer func() { _ = c.Close() }()
	var cfg *pgx.ConnConfig
	err = c.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("portal watch: unexpected driver connection %T", dc)
		}
		cfg = pc.Conn().Config() // a copy
		return nil
	})
	if err != nil {
		return nil, err
	}
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	// The copy still delivers notifications to the pool connection it
	// came from; the new connection must keep its own.
	cfg.OnNotification = nil
	return cfg, nil
}
