package calendar

import (
	"net/http"

	"tebdg/internal/web"
)

// Routes registers the area's routes.
func (s *Handler) Routes(m *web.Mux) {
	pub := func(pattern string, h http.HandlerFunc) { m.Handle(pattern, s.portal.Cached(h)) }
	m.App("GET /app/calendar", s.handleCalendarWeek)
	m.App("GET /app/calendar/month", s.handleCalendarMonth)
	m.App("GET /app/events/new", s.handleEventNew)
	m.App("POST /app/events", s.handleEventCreate)
	m.App("GET /app/events/{id}", s.handleEventShow)
	m.App("POST /app/events/{id}", s.handleEventUpdate)
	m.App("POST /app/events/{id}/delete", s.handleEventDelete)
	m.App("GET /app/observances", s.handleObservances)
	m.App("POST /app/observances", s.handleObservanceSave)
	m.App("POST /app/observances/prep", s.handleObservancePrep)
	m.App("GET /app/notifications", s.handleNotifications)
	m.App("POST /app/notifications/read", s.handleNotificationRead)
	m.App("GET /app/account/reminders", s.handleReminders)
	m.App("POST /app/account/reminders", s.handleRemindersSave)
	m.App("POST /app/account/feeds", s.handleFeedCreate)
	m.App("POST /app/account/feeds/{id}/revoke", s.handleFeedRevoke)
	m.App("GET /app/admin/reminders", s.handleAdminReminders)
	m.App("POST /app/admin/reminders/retry", s.handleAdminRemindersRetry)
	m.HandleFunc("GET /unsubscribe", s.handleUnsubscribe)
	m.HandleFunc("POST /unsubscribe", s.handleUnsubscribeConfirm)
	m.HandleFunc("GET /feeds/{file}", s.handleFeed)
	pub("GET /calendar/{org}", s.handlePublicCalendar)
	m.API("GET /api/v1/lunar", s.handleAPILunar)
	m.API("GET /api/v1/calendar", s.handleAPICalendar)
	m.API("GET /api/v1/calendar.ics", s.handleAPICalendarICS)
}
