package cases

import "tebdg/internal/web"

// Routes registers the area's routes. Names go in request bodies, never
// in addresses: a search by name is a POST, so no name is in a log line,
// a browser's history or a proxy's.
func (s *Handler) Routes(m *web.Mux) {
	m.App("GET /app/cases", s.handleList)
	m.App("POST /app/cases/find", s.handleFind)
	m.App("GET /app/cases/new", s.handleNew)
	m.App("POST /app/cases", s.handleCreate)
	m.App("GET /app/cases/break-glass", s.handleBreakGlassForm)
	m.App("POST /app/cases/break-glass", s.handleBreakGlass)
	m.App("GET /app/cases/stats", s.handleStats)
	m.App("GET /app/cases/{id}", s.handleShow)
	m.App("POST /app/cases/{id}/steps", s.handleStep)
	m.App("POST /app/cases/{id}/notes", s.handleNote)
	m.App("POST /app/cases/{id}/notes/{note}/done", s.handleTaskDone)
	m.App("POST /app/cases/{id}/consents", s.handleConsent)
	m.App("POST /app/cases/{id}/consents/{consent}/withdraw", s.handleWithdraw)
	m.App("POST /app/cases/{id}/referrals", s.handleRefer)
	m.App("POST /app/cases/{id}/referrals/{ref}/answer", s.handleAnswer)
	m.App("GET /app/cases/{id}/referrals/{ref}/letter.docx", s.handleLetter)
	m.App("POST /app/cases/{id}/documents", s.handleDocument, web.Body(web.DocumentBody))
	m.App("GET /app/cases/{id}/documents/{doc}", s.handleDocumentShow)
	m.App("POST /app/cases/{id}/workers", s.handleWorkers)
	m.App("POST /app/cases/{id}/close", s.handleClose)
	m.App("POST /app/cases/{id}/reopen", s.handleReopen)
	m.App("GET /app/cases/{id}/access", s.handleAccess)
	m.App("POST /app/cases/{id}/alerts/{alert}/seen", s.handleAlertSeen)

	m.API("GET /api/v1/cases", s.handleAPIList)
	m.API("POST /api/v1/cases", s.handleAPICreate)
	m.API("GET /api/v1/cases/stats", s.handleAPIStats)
	m.API("GET /api/v1/cases/{id}", s.handleAPIShow)
	m.API("POST /api/v1/cases/{id}/referrals", s.handleAPIRefer)
}
