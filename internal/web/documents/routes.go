package documents

import "tebdg/internal/web"

// Routes registers the area's routes.
func (s *Handler) Routes(m *web.Mux) {
	m.App("GET /app/plans/{id}/results", s.handleResults)
	m.App("POST /app/plans/{id}/results/{period}/sections/{section}", s.handleSection)
	m.App("POST /app/plans/{id}/results/{period}/workflow", s.handleWorkflow)
	m.App("GET /app/plans/{id}/results/{period}/export", s.handleExport)
	m.App("GET /app/summaries", s.handleSummaryIndex)
	m.App("GET /app/summaries/{org}/{programme}/{period}", s.handleSummary)
	m.App("POST /app/summaries/{org}/{programme}/{period}/sections/{section}", s.handleSummarySection)
	m.App("POST /app/summaries/{org}/{programme}/{period}/workflow", s.handleSummaryWorkflow)
	m.App("GET /app/summaries/{org}/{programme}/{period}/export", s.handleSummaryExport)
	m.App("GET /app/register", s.handleRegister)
	m.API("GET /api/v1/plans/{id}/results", s.handleAPIResults)
	m.API("GET /api/v1/summaries/{org}/{programme}/{period}", s.handleSummaryExport)
	m.API("GET /api/v1/register", s.handleAPIRegister)
}
