package portal

import (
	"net/http"

	"tebdg/internal/web"
)

// Routes registers the area's routes.
func (s *Handler) Routes(m *web.Mux) {
	pub := func(pattern string, h http.HandlerFunc) { m.Handle(pattern, s.portalPage(h)) }
	pub("GET /{$}", s.handlePortalHome)
	pub("GET /category/{code}", s.handlePortalCategory)
	pub("GET /agencies/{code}", s.handlePortalAgency)
	pub("GET /posts/{id}", s.handlePortalPost)
	pub("GET /posts/{id}/{slug}", s.handlePortalPost)
	pub("GET /documents/{id}", s.handlePortalDocument)
	pub("GET /directory", s.handlePortalDirectory)
	pub("GET /questions", s.handlePortalQuestions)
	pub("GET /feedback", s.handleFeedbackForm)
	pub("GET /feedback/thanks", s.handleFeedbackThanks)
	m.HandleFunc("GET /search", s.handlePortalSearch)
	m.HandleFunc("POST /feedback", s.handleFeedbackSend)
	m.HandleFunc("GET /feed.xml", s.handleAtom)
	m.HandleFunc("GET /category/{code}/feed.xml", s.handleAtom)
	m.HandleFunc("GET /sitemap.xml", s.handleSitemap)
	m.HandleFunc("GET /robots.txt", s.handleRobots)
	m.HandleFunc("GET /directory.json", s.handleDirectoryJSON)
	m.HandleFunc("GET /directory.csv", s.handleDirectoryCSV)
	m.HandleFunc("GET /files/{id}", s.handlePublicFile)
	m.App("GET /app/posts", s.handlePostList)
	m.App("GET /app/posts/new", s.handlePostNew)
	m.App("POST /app/posts", s.handlePostCreate, web.Body(web.FilesBody))
	m.App("GET /app/posts/{id}", s.handlePostEdit)
	m.App("POST /app/posts/{id}", s.handlePostUpdate, web.Body(web.FilesBody))
	m.App("POST /app/posts/{id}/status", s.handlePostMove)
	m.App("POST /app/posts/{id}/delete", s.handlePostDelete)
	m.App("POST /app/posts/{id}/files/{file}/delete", s.handlePostFileRemove)
	m.App("GET /app/directory", s.handleServiceList)
	m.App("GET /app/directory/new", s.handleServiceNew)
	m.App("POST /app/directory", s.handleServiceCreate)
	m.App("GET /app/directory/{id}", s.handleServiceEdit)
	m.App("POST /app/directory/{id}", s.handleServiceUpdate)
	m.App("GET /app/feedback", s.handleFeedbackList)
	m.App("GET /app/feedback/{id}", s.handleFeedbackShow)
	m.App("POST /app/feedback/{id}/reply", s.handleFeedbackReply)
	m.App("POST /app/feedback/{id}/status", s.handleFeedbackMark)
	m.App("GET /app/portal/stats", s.handlePortalStats)
	m.App("GET /app/portal/links", s.handlePortalLinks)
	m.App("POST /app/portal/links", s.handlePortalLinksSave)
	m.API("GET /api/v1/posts", s.handleAPIPostList)
	m.API("POST /api/v1/posts", s.handleAPIPostCreate)
	m.HandleFunc("GET /api/v1/search", s.handleAPISearch) // public content: no token needed
}
