// Package site puts tebdg's HTTP side together: the kit of package web
// and every area mounted on it. The serve command and the tests build their
// server here, so that each area is listed once.
package site

import (
	"context"

	"tebdg/internal/store"
	"tebdg/internal/web"
	"tebdg/internal/web/admin"
	"tebdg/internal/web/calendar"
	"tebdg/internal/web/cases"
	"tebdg/internal/web/documents"
	"tebdg/internal/web/plans"
	"tebdg/internal/web/portal"
	"tebdg/internal/web/registries"
	"tebdg/internal/web/reports"
)

// Site is the whole application over one store.
type Site struct {
	*web.Server
	portal *portal.Handler
}

// New builds the application with every area.
func New(cfg web.Config, st *store.Store) (*Site, error) {
	s := &Site{}
	srv, err := web.New(cfg, st, func(k *web.Server) []web.Area {
		s.portal = portal.New(k)
		rep := reports.New(k)
		return []web.Area{
			s.portal,
			admin.New(k),
			plans.New(k),
			registries.New(k),
			rep,
			documents.New(k, rep),
			calendar.New(k, s.portal),
			cases.New(k),
		}
	})
	if err != nil {
		return nil, err
	}
	s.Server = srv
	return s, nil
}

// WatchPortal keeps this instance's portal cache in step with changes made
// through other instances, until ctx ends.
func (s *Site) WatchPortal(ctx context.Context) { s.portal.WatchPortal(ctx) }

// FlushVisits writes the portal's visit counts kept in memory.
func (s *Site) FlushVisits(ctx context.Context) error { return s.portal.FlushVisits(ctx) }

// PublishDue publishes the posts whose time has come.
func (s *Site) PublishDue(ctx context.Context) error { return s.portal.PublishDue(ctx) }

// SweepFeedback forgets who sent feedback once the limit's window is over.
func (s *Site) SweepFeedback(ctx context.Context) error { return s.portal.SweepFeedback(ctx) }
