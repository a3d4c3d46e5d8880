// Package web is tebdg's HTTP side: the signed-in application under /app/,
// the JSON API under /api/v1, sign-in, health, and the static assets. Pages
// are rendered on the server and work without JavaScript.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/mail"
	"tebdg/internal/store"
)

// Config holds what the server needs beyond the store.
type Config struct {
	Version string
	// SessionIdle ends a session nobody used for that long; SessionMax ends
	// any session that old.
	SessionIdle, SessionMax time.Duration
	// TrustedProxies are the load balancers whose X-Forwarded-For and
	// X-Forwarded-Proto are believed. Empty: the peer address is the client.
	TrustedProxies []netip.Prefix
	// ThrottleLimit failed sign-ins for one name from one address are
	// free; after them each failure doubles the wait, up to ThrottleWindow.
	// An address, or a name, with ten times as many failures within
	// ThrottleWindow backs off too (see loginWait in login.go).
	ThrottleLimit  int
	ThrottleWindow time.Duration
	Hasher         *auth.Hasher
	Logger         *slog.Logger
	// BaseURL is the address people reach the application at, for links
	// in e-mails and calendar feeds; empty: the address of each request.
	BaseURL string
	// MailEnabled says whether reminder e-mails go out, and MailVia
	// through which server, for the pages that tell users and admins.
	MailEnabled bool
	MailVia     string
	// Mailer, when set, sends the replies to citizens' feedback from
	// MailFrom.
	Mailer   Mailer
	MailFrom mail.Address
}

// Mailer sends one e-mail; *mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// Defaults fills what is unset.
func (c *Config) Defaults() {
	if c.SessionIdle <= 0 {
		c.SessionIdle = 30 * time.Minute
	}
	if c.SessionMax <= 0 {
		c.SessionMax = 12 * time.Hour
	}
	if c.ThrottleLimit <= 0 {
		c.ThrottleLimit = 5
	}
	if c.ThrottleWindow <= 0 {
		c.ThrottleWindow = 15 * time.Minute
	}
	if c.Hasher == nil {
		c.Hasher = auth.NewHasher(auth.DefaultParams)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Version == "" {
		c.Version = "dev"
	}
}

// Server is the HTTP handler of tebdg.
type Server struct {
	cfg     Config
	store   *store.Store
	log     *slog.Logger
	views   *views
	assets  *assets
	handler http.Handler
	portal  *portalState // the public portal's page cache and visit counter
}

// New builds the server and its routes.
func New(cfg Config, st *store.Store) (*Server, error) {
	cfg.Defaults()
	s := &Server{cfg: cfg, store: st, log: cfg.Logger, portal: newPortalState()}
	var err error
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.views, err = loadViews(s.assets); err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	s.routes(mux)
	// The chain, outermost first: recover and log; security headers; find
	// the client's address; refuse cross-site writes; bound request bodies;
	// find the user; pick the language; route.
	var h http.Handler = mux
	h = s.withLang(h)
	h = s.withUser(h)
	h = withBodyLimit(h)
	h = s.withCrossOrigin(h)
	h = s.withClient(h)
	h = withSecurityHeaders(h)
	h = s.withRecoverAndLog(h)
	s.handler = h
	return s, nil
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.handleHealth)
	mux.HandleFunc("GET /static/{file}", s.assets.serve)
	// The public portal, for citizens without an account.
	pub := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.portalPage(h)) }
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
	mux.HandleFunc("GET /search", s.handlePortalSearch)
	mux.HandleFunc("POST /feedback", s.handleFeedbackSend)
	mux.HandleFunc("GET /feed.xml", s.handleAtom)
	mux.HandleFunc("GET /category/{code}/feed.xml", s.handleAtom)
	mux.HandleFunc("GET /sitemap.xml", s.handleSitemap)
	mux.HandleFunc("GET /robots.txt", s.handleRobots)
	mux.HandleFunc("GET /directory.json", s.handleDirectoryJSON)
	mux.HandleFunc("GET /directory.csv", s.handleDirectoryCSV)
	mux.HandleFunc("GET /files/{id}", s.handlePublicFile)
	mux.HandleFunc("GET /login", s.handleLoginForm)
	mux.HandleFunc("POST /login", s.handleLogin)
	mux.HandleFunc("POST /logout", s.handleLogout)
	mux.HandleFunc("POST /lang", s.handleLang)

	app := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireUser(h)) }
	app("GET /app/{$}", s.handleHome)

	app("GET /app/orgunits", s.handleOrgTree)
	app("GET /app/orgunits/new", s.handleOrgNew)
	app("POST /app/orgunits", s.handleOrgCreate)
	app("GET /app/orgunits/{code}", s.handleOrgShow)
	app("POST /app/orgunits/{code}", s.handleOrgUpdate)
	app("POST /app/orgunits/{code}/move", s.handleOrgMove)
	app("POST /app/orgunits/{code}/deactivate", s.handleOrgDeactivate)
	app("POST /app/orgunits/{code}/reactivate", s.handleOrgReactivate)

	app("GET /app/users", s.handleUserList)
	app("GET /app/users/new", s.handleUserNew)
	app("POST /app/users", s.handleUserCreate)
	app("GET /app/users/{id}", s.handleUserShow)
	app("POST /app/users/{id}", s.handleUserUpdate)
	app("POST /app/users/{id}/roles", s.handleUserRoleAdd)
	app("POST /app/users/{id}/roles/{aid}/delete", s.handleUserRoleRemove)
	app("POST /app/users/{id}/password", s.handleUserPasswordReset)
	app("POST /app/users/{id}/disable", s.handleUserDisable)
	app("POST /app/users/{id}/enable", s.handleUserEnable)
	app("POST /app/users/{id}/tokens/{tid}/revoke", s.handleUserTokenRevoke)

	app("GET /app/account", s.handleAccount)
	app("POST /app/account/password", s.handleAccountPassword)
	app("POST /app/account/tokens", s.handleTokenCreate)
	app("POST /app/account/tokens/{id}/revoke", s.handleTokenRevoke)

	app("GET /app/plans", s.handlePlanList)
	app("GET /app/plans/import", s.handlePlanImportForm)
	app("POST /app/plans/import", s.handlePlanImportPreview)
	app("POST /app/plans/import/save", s.handlePlanImportSave)
	app("GET /app/plans/{id}", s.handlePlanShow)
	app("POST /app/plans/{id}", s.handlePlanUpdate)
	app("POST /app/plans/{id}/workflow", s.handlePlanWorkflow)
	app("POST /app/plans/{id}/copy", s.handlePlanCopy)
	app("POST /app/plans/{id}/delete", s.handlePlanDelete)
	app("GET /app/plans/{id}/export", s.handlePlanExport)
	app("GET /app/plans/{id}/board", s.handlePlanBoard)
	app("GET /app/plans/{id}/timeline", s.handlePlanTimeline)
	app("GET /app/plans/{id}/progress", s.handlePlanProgress)
	app("GET /app/plans/{id}/revisions", s.handlePlanRevisions)
	app("POST /app/plans/{id}/items", s.handleItemAdd)
	app("GET /app/plans/{id}/items/{item}", s.handleItemShow)
	app("POST /app/plans/{id}/items/{item}", s.handleItemUpdate)
	app("POST /app/plans/{id}/items/{item}/assign", s.handleItemAssign)
	app("POST /app/plans/{id}/items/{item}/move", s.handleItemMove)
	app("POST /app/plans/{id}/items/{item}/delete", s.handleItemDelete)
	app("POST /app/plans/{id}/items/{item}/progress", s.handleItemProgress)
	app("GET /app/files/{id}", s.handleFile)
	app("GET /app/tasks", s.handleTasks)

	app("GET /app/legal", s.handleLegalList)
	app("GET /app/legal/new", s.handleLegalNew)
	app("POST /app/legal", s.handleLegalCreate)
	app("GET /app/legal/{id}", s.handleLegalShow)
	app("POST /app/legal/{id}", s.handleLegalUpdate)

	app("GET /app/reports", s.handleReports)
	app("GET /app/reports/{template}/{org}/{period}", s.handleReportShow)
	app("POST /app/reports/{template}/{org}/{period}", s.handleReportSave)
	app("POST /app/reports/{template}/{org}/{period}/workflow", s.handleReportWorkflow)
	app("POST /app/reports/{template}/{org}/{period}/files", s.handleReportFiles)
	app("POST /app/reports/{template}/{org}/{period}/files/{id}/delete", s.handleReportFileRemove)
	app("GET /app/reports/{template}/{org}/{period}/export", s.handleReportExport)
	app("GET /app/templates", s.handleTemplateList)
	app("GET /app/templates/new", s.handleTemplateNew)
	app("POST /app/templates", s.handleTemplateSave)
	app("GET /app/templates/{code}", s.handleTemplateShow)
	app("POST /app/templates/{code}", s.handleTemplateSave)
	app("GET /app/templates/{code}/completeness", s.handleCompleteness)
	app("GET /app/indicators", s.handleIndicatorList)
	app("GET /app/indicators/new", s.handleIndicatorNew)
	app("POST /app/indicators", s.handleIndicatorSave)
	app("GET /app/indicators/{code}", s.handleIndicatorShow)
	app("POST /app/indicators/{code}", s.handleIndicatorSave)
	app("GET /app/categories", s.handleCategories)
	app("POST /app/categories", s.handleCategorySave)
	app("GET /app/holidays", s.handleHolidays)
	app("POST /app/holidays", s.handleHolidayAdd)
	app("POST /app/holidays/{day}/delete", s.handleHolidayDelete)
	app("GET /app/activities", s.handleActivities)
	app("GET /app/activities/new", s.handleActivityNew)
	app("POST /app/activities", s.handleActivityCreate)
	app("GET /app/activities/{id}", s.handleActivityShow)
	app("POST /app/activities/{id}", s.handleActivityUpdate)
	app("POST /app/activities/{id}/delete", s.handleActivityDelete)

	app("GET /app/registries", s.handleRegistries)
	app("GET /app/registries/{kind}", s.handleRegistryList)
	app("GET /app/registries/{kind}/new", s.handleRecordNew)
	app("POST /app/registries/{kind}", s.handleRecordCreate)
	app("GET /app/registries/{kind}/import", s.handleRegistryImportForm)
	app("POST /app/registries/{kind}/import", s.handleRegistryImport)
	app("GET /app/registries/{kind}/template.xlsx", s.handleRegistryTemplate)
	app("GET /app/registries/{kind}/export.xlsx", s.handleRegistryXLSX)
	app("GET /app/registries/{kind}/map.geojson", s.handleRegistryGeoJSON)
	app("GET /app/registries/{kind}/{id}", s.handleRecordShow)
	app("POST /app/registries/{kind}/{id}", s.handleRecordUpdate)
	app("POST /app/registries/{kind}/{id}/status", s.handleRecordMove)
	app("POST /app/registries/{kind}/{id}/delete", s.handleRecordDelete)
	app("POST /app/registries/{kind}/{id}/entries/{entry}", s.handleEntryAdd)
	app("POST /app/registries/{kind}/{id}/entries/{entry}/delete", s.handleEntryDelete)

	app("GET /app/gifts", s.handleGifts)
	app("POST /app/gifts/rounds", s.handleGiftRoundCreate)
	app("GET /app/gifts/rounds/{id}", s.handleGiftRound)
	app("POST /app/gifts/rounds/{id}/mark", s.handleGiftRoundMark)
	app("POST /app/gifts/rounds/{id}/status", s.handleGiftRoundStatus)
	app("GET /app/gifts/rounds/{id}/export.xlsx", s.handleGiftRoundExport)
	app("GET /app/gifts/children", s.handleStaffChildren)
	app("POST /app/gifts/children", s.handleStaffChildSave)
	app("POST /app/gifts/children/import", s.handleStaffChildrenImport)
	app("GET /app/gifts/children/{id}", s.handleStaffChildEdit)
	app("POST /app/gifts/children/{id}/delete", s.handleStaffChildDelete)

	app("GET /app/calendar", s.handleCalendarWeek)
	app("GET /app/calendar/month", s.handleCalendarMonth)
	app("GET /app/events/new", s.handleEventNew)
	app("POST /app/events", s.handleEventCreate)
	app("GET /app/events/{id}", s.handleEventShow)
	app("POST /app/events/{id}", s.handleEventUpdate)
	app("POST /app/events/{id}/delete", s.handleEventDelete)
	app("GET /app/observances", s.handleObservances)
	app("POST /app/observances", s.handleObservanceSave)
	app("POST /app/observances/prep", s.handleObservancePrep)
	app("GET /app/notifications", s.handleNotifications)
	app("POST /app/notifications/read", s.handleNotificationRead)
	app("GET /app/account/reminders", s.handleReminders)
	app("POST /app/account/reminders", s.handleRemindersSave)
	app("POST /app/account/feeds", s.handleFeedCreate)
	app("POST /app/account/feeds/{id}/revoke", s.handleFeedRevoke)
	app("GET /app/admin/reminders", s.handleAdminReminders)
	app("POST /app/admin/reminders/retry", s.handleAdminRemindersRetry)
	// Reached from e-mails and calendar programs, which cannot sign in:
	// the signature or the secret in the address is the permission.
	mux.HandleFunc("GET /unsubscribe", s.handleUnsubscribe)
	mux.HandleFunc("POST /unsubscribe", s.handleUnsubscribeConfirm)
	mux.HandleFunc("GET /feeds/{file}", s.handleFeed)
	pub("GET /calendar/{org}", s.handlePublicCalendar)

	app("GET /app/analytics", s.handleDashboard)
	app("GET /app/analytics/pivot", s.handlePivot)
	app("GET /app/analytics/pivot.xlsx", s.handlePivotXLSX)
	app("GET /app/analytics/targets", s.handleTargets)
	app("POST /app/analytics/targets", s.handleTargetSet)

	app("GET /app/posts", s.handlePostList)
	app("GET /app/posts/new", s.handlePostNew)
	app("POST /app/posts", s.handlePostCreate)
	app("GET /app/posts/{id}", s.handlePostEdit)
	app("POST /app/posts/{id}", s.handlePostUpdate)
	app("POST /app/posts/{id}/status", s.handlePostMove)
	app("POST /app/posts/{id}/delete", s.handlePostDelete)
	app("POST /app/posts/{id}/files/{file}/delete", s.handlePostFileRemove)
	app("GET /app/directory", s.handleServiceList)
	app("GET /app/directory/new", s.handleServiceNew)
	app("POST /app/directory", s.handleServiceCreate)
	app("GET /app/directory/{id}", s.handleServiceEdit)
	app("POST /app/directory/{id}", s.handleServiceUpdate)
	app("GET /app/feedback", s.handleFeedbackList)
	app("GET /app/feedback/{id}", s.handleFeedbackShow)
	app("POST /app/feedback/{id}/reply", s.handleFeedbackReply)
	app("POST /app/feedback/{id}/status", s.handleFeedbackMark)
	app("GET /app/portal/stats", s.handlePortalStats)
	app("GET /app/portal/links", s.handlePortalLinks)
	app("POST /app/portal/links", s.handlePortalLinksSave)

	app("GET /app/audit", s.handleAuditList)
	app("GET /app/audit/{seq}", s.handleAuditShow)

	api := func(pattern string, h http.HandlerFunc) { mux.Handle(pattern, s.requireAPIUser(h)) }
	mux.HandleFunc("GET /api/v1/openapi.json", s.handleOpenAPI)
	api("GET /api/v1/me", s.handleAPIMe)
	api("GET /api/v1/orgunits", s.handleAPIOrgList)
	api("POST /api/v1/orgunits", s.handleAPIOrgCreate)
	api("GET /api/v1/orgunits/{code}", s.handleAPIOrgGet)
	api("PATCH /api/v1/orgunits/{code}", s.handleAPIOrgPatch)
	api("GET /api/v1/audit", s.handleAPIAudit)
	api("POST /api/v1/plans/parse", s.handleAPIPlanParse)
	api("GET /api/v1/plans", s.handleAPIPlanList)
	api("POST /api/v1/plans", s.handleAPIPlanCreate)
	api("GET /api/v1/plans/{id}", s.handleAPIPlanGet)
	api("GET /api/v1/plans/{id}/export", s.handleAPIPlanExport)
	api("GET /api/v1/periods", s.handleAPIPeriods)
	api("GET /api/v1/activities", s.handleAPIActivityList)
	api("POST /api/v1/activities", s.handleAPIActivityCreate)
	api("GET /api/v1/posts", s.handleAPIPostList)
	api("POST /api/v1/posts", s.handleAPIPostCreate)
	mux.HandleFunc("GET /api/v1/search", s.handleAPISearch) // public content: no token needed
	api("GET /api/v1/lunar", s.handleAPILunar)
	api("GET /api/v1/calendar", s.handleAPICalendar)
	api("GET /api/v1/calendar.ics", s.handleAPICalendarICS)
	api("GET /api/v1/indicators", s.handleAPIIndicatorList)
	api("POST /api/v1/indicators", s.handleAPIIndicatorCreate)
	api("GET /api/v1/analytics", s.handleAPIAnalytics)
	api("GET /api/v1/dataValueSets", s.handleAPIDataValueSetsExport)
	api("POST /api/v1/dataValueSets", s.handleAPIDataValueSetsImport)
	mux.HandleFunc("/api/", s.handleAPINotFound)
	mux.HandleFunc("/", s.handleNotFound)
}

// Sweep removes expired sessions and old sign-in failures. The serve
// command runs it every few minutes; several instances may run it at once.
func (s *Server) Sweep(ctx context.Context) error {
	if _, err := s.store.SweepSessions(ctx, s.cfg.SessionIdle, s.cfg.SessionMax); err != nil {
		return err
	}
	return s.store.SweepLoginFailures(ctx, s.store.Now().Add(-pairMemory))
}
