// Package site puts tebdg's HTTP side together: the kit of package web
// and every area mounted on it. The serve command and the tests build their
// server here, so that each area is listed once.
package site

import (
	"tebdg/internal/store"
	"tebdg/internal/web"
	"tebdg/internal/web/admin"
	"tebdg/internal/web/plans"
	"tebdg/internal/web/registries"
	"tebdg/internal/web/reports"
)

// Site is the whole application over one store.
type Site struct {
	*web.Server
}

// New builds the application with every area.
func New(cfg web.Config, st *store.Store) (*Site, error) {
	s := &Site{}
	srv, err := web.New(cfg, st, func(k *web.Server) []web.Area {
		return []web.Area{
			admin.New(k),
			plans.New(k),
			registries.New(k),
			reports.New(k),
		}
	})
	if err != nil {
		return nil, err
	}
	s.Server = srv
	return s, nil
}
