package documents

import "tebdg/internal/web"

// Routes registers the area's routes.
func (s *Handler) Routes(m *web.Mux) {
	// A plan's results report: the page and the API take ?period=, the
	// forms and exports name it in the path.
	plan := docHandlers{s, s.resultsDoc}
	m.App("GET /app/plans/{id}/results", plan.page)
	m.App("GET /app/plans/{id}/results/{period}", plan.page)
	m.App("POST /app/plans/{id}/results/{period}/sections/{section}", plan.section)
	m.App("POST /app/plans/{id}/results/{period}/workflow", plan.workflow)
	m.App("GET /app/plans/{id}/results/{period}/export", plan.export)
	m.API("GET /api/v1/plans/{id}/results", plan.export)
	m.App("GET /app/summaries", s.handleSummaryIndex)
	docHandlers{s, s.summaryDoc}.routes(m, "/app/summaries/{org}/{programme}/{period}", "/api/v1/summaries/{org}/{programme}/{period}")
	m.App("GET /app/templates/{code}/guidance", s.handleGuidanceIndex)
	docHandlers{s, s.guidanceDoc}.routes(m, "/app/templates/{code}/guidance/{period}", "/api/v1/templates/{code}/guidance/{period}")
	docHandlers{s, s.observanceDoc}.routes(m, "/app/plans/{id}/observances/{year}/{code}", "/api/v1/plans/{id}/observances/{year}/{code}")
	docHandlers{s, s.planGuidanceDoc}.routes(m, "/app/guidance/{org}/{programme}/{year}", "/api/v1/guidance/{org}/{programme}/{year}")
	m.App("GET /app/register", s.handleRegister)
	m.API("GET /api/v1/register", s.handleAPIRegister)
}
