package web

import (
	"context"
	"net/http"
	"time"
)

// handleHealth answers a load balancer: 200 when the database answers, 503
// when it does not.
func (s *Server) handleHealth(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	body := map[string]string{"status": "ok", "db": string(s.store.Dialect()), "version": s.cfg.Version}
	w.Header().Set("Cache-Control", "no-store")
	if err := s.store.Ping(ctx); err != nil {
		body["status"] = "unavailable"
		WriteJSON(w, http.StatusServiceUnavailable, body)
		return
	}
	WriteJSON(w, http.StatusOK, body)
}
