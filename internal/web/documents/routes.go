package documents

import "tebdg/internal/web"

// Routes registers the area's routes.
func (s *Handler) Routes(m *web.Mux) {
	m.App("GET /app/plans/{id}/results", s.handleResults)
	m.App("POST /app/plans/{id}/results/{period}/sections/{section}", s.handleSection)
	m.App("POST /app/plans/{id}/results/{period}/workflow", s.handleWorkflow)
	m.App("GET /app/plans/{id}/results/{period}/export", s.handleExport)
	m.App("GET /app/summaries", s.handleSummaryIndex)
	docHandlers{s, s.summaryDoc}.routes(m, "/app/summaries/{org}/{programme}/{period}", "/api/v1/summaries/{org}/{programme}/{period}")
	m.App("GET /app/templates/{code}/guidance", s.handleGuidanceIndex)
	docHandlers{s, s.guidanceDoc}.routes(m, "/app/templates/{code}/guidance/{period}", "/api/v1/templates/{code}/guidance/{period}")
	docHandlers{s, s.observanceDoc}.routes(m, "/app/plans/{id}/observances/{year}/{code}", "/api/v1/plans/{id}/observances/{year}/{code}")
	m.App("GET /app/register", s.handleRegister)
	m.API("GET /api/v1/plans/{id}/results", s.handleAPIResults)
	m.API("GET /api/v1/register", s.handleAPIRegister)
}
