// Package calendar is the work calendar: events by week and month,
// observances and what to prepare for them, notifications and reminders
// with their delivery, calendar feeds, the public calendar of an agency,
// and the lunar and calendar API.
package calendar

import (
	"embed"
	"io/fs"

	"tebdg/internal/store"
	"tebdg/internal/web"
	"tebdg/internal/web/portal"
)

//go:embed templates
var templates embed.FS

// Handler serves the area's pages and API.
type Handler struct {
	*web.Server
	store  *store.Store
	portal *portal.Handler // frames and caches the public calendar
}

// New is the area on the kit k; its public calendar is a page of the portal p.
func New(k *web.Server, p *portal.Handler) *Handler {
	return &Handler{Server: k, store: k.Store(), portal: p}
}

// Templates are the area's pages and partials.
func (s *Handler) Templates() fs.FS { return web.Templates(templates) }
