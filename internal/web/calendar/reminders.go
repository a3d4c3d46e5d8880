package calendar

import (
	"net/http"
	"strconv"
	"strings"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// Reminders as users see them: the notification list, their choices of
// what to be reminded of and how, their calendar feed addresses, the
// unsubscribe link of reminder e-mails, and for admins the e-mails that
// could not be sent.

type notificationsData struct {
	Items  []domain.Notification
	Unread int
}

// handleNotifications lists the user's notifications.
func (s *Handler) handleNotifications(w http.ResponseWriter, r *http.Request) {
	u := web.State(r).User
	items, err := s.store.Notifications(r.Context(), u.ID, r.URL.Query().Get("unread") != "", 200)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d := notificationsData{Items: items}
	for _, n := range items {
		if !n.Read {
			d.Unread++
		}
	}
	p := s.NewPage(r, "", "notifications")
	p.Title = p.T("Thông báo", "Notifications")
	p.Data = d
	s.Render(w, r, http.StatusOK, "notifications", p)
}

// handleNotificationRead marks one notification read (and opens what it
// is about), or all of them.
func (s *Handler) handleNotificationRead(w http.ResponseWriter, r *http.Request) {
	u := web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	var id int64
	if v := r.PostFormValue("id"); v != "" {
		var err error
		if id, err = strconv.ParseInt(v, 10, 64); err != nil || id <= 0 {
			s.Fail(w, r, errs.ErrNotFound)
			return
		}
	}
	if err := s.store.MarkRead(r.Context(), u.ID, id); err != nil {
		s.Fail(w, r, err)
		return
	}
	next := web.LocalPath(r.PostFormValue("next"), "/app/notifications")
	web.Redirect(w, r, next)
}

type remindersData struct {
	Prefs    []domain.ReminderPref
	Feeds    []domain.Feed
	NewFeed  string // the address just made, shown once
	Units    []domain.OrgUnit
	Email    string
	MailOn   bool
	FeedBase string
}

func (s *Handler) remindersPage(w http.ResponseWriter, r *http.Request, status int, newFeed string, ferr error) {
	ctx := r.Context()
	u := *web.State(r).User
	d := remindersData{Email: u.Email, MailOn: s.Config().MailEnabled, NewFeed: newFeed, FeedBase: s.BaseURL(r)}
	var err error
	if d.Prefs, err = s.store.ReminderPrefs(ctx, u.ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.Feeds, err = s.store.Feeds(ctx, u.ID); err != nil {
		s.Fail(w, r, err)
		return
	}
	units, _, err := s.store.OrgUnits(ctx, auth.ReadScope(u), store.OrgFilter{}, nil)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	d.Units = web.SortUnits(units, web.State(r).Lang)
	p := s.NewPage(r, "", "account")
	p.Title = p.T("Nhắc việc và lịch", "Reminders and calendar feeds")
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	s.Render(w, r, status, "reminders", p)
}

// handleReminders shows the user's choices and feeds.
func (s *Handler) handleReminders(w http.ResponseWriter, r *http.Request) {
	s.remindersPage(w, r, http.StatusOK, "", nil)
}

// handleRemindersSave stores the user's choices.
func (s *Handler) handleRemindersSave(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	var prefs []domain.ReminderPref
	var l errs.List
	for _, k := range domain.ReminderKinds {
		p := domain.ReminderPref{Kind: k, InApp: r.PostFormValue("app_"+string(k)) != "", Email: r.PostFormValue("email_"+string(k)) != ""}
		if k == domain.RemindDeadline {
			n, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("days_before")))
			if err != nil || n < 0 || n > domain.MaxDaysBefore {
				l = append(l, errs.Fieldf("days_before", "nhắc trước từ 0 đến %d ngày", "remind 0 to %d days before", domain.MaxDaysBefore))
			}
			p.DaysBefore = n
		}
		prefs = append(prefs, p)
	}
	err := l.Err()
	if err == nil {
		err = s.store.SetReminderPrefs(r.Context(), web.State(r).Actor(), u, prefs)
	}
	if err != nil {
		s.remindersPage(w, r, web.StatusOf(errs.CodeOf(err)), "", err)
		return
	}
	web.RedirectFlash(w, r, "/app/account/reminders", "saved")
}

// handleFeedCreate makes a calendar feed address: the user's own, or an
// org unit's they may read. The address is shown once.
func (s *Handler) handleFeedCreate(w http.ResponseWriter, r *http.Request) {
	u := *web.State(r).User
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
		return
	}
	var org *domain.OrgUnit
	if code := r.PostFormValue("org"); code != "" {
		o, err := s.store.OrgUnit(r.Context(), code)
		if err != nil || !auth.CanRead(u, o) {
			s.remindersPage(w, r, http.StatusBadRequest, "", errs.Field("org", "chọn một đơn vị trong phạm vi của bạn", "choose a unit in your reach"))
			return
		}
		org = &o
	}
	secret, hash := auth.NewSecret("cal_")
	if _, err := s.store.CreateFeed(r.Context(), web.State(r).Actor(), u, org, hash); err != nil {
		s.remindersPage(w, r, web.StatusOf(errs.CodeOf(err)), "", err)
		return
	}
	// The address is shown on the page the POST answers, never stored:
	// a redirect would have to carry it.
	s.remindersPage(w, r, http.StatusCreated, s.BaseURL(r)+"/feeds/"+secret+".ics", nil)
}

// handleFeedRevoke ends one of the user's feed addresses.
func (s *Handler) handleFeedRevoke(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := s.store.RevokeFeed(r.Context(), web.State(r).Actor(), *web.State(r).User, id); err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/account/reminders#feeds", "revoked")
}

type unsubscribeData struct {
	Kind  domain.ReminderKind
	Query string
	Done  bool
}

// unsubscribeTarget checks an unsubscribe link's signature.
func (s *Handler) unsubscribeTarget(r *http.Request) (int64, domain.ReminderKind, error) {
	q := r.URL.Query()
	id, err := strconv.ParseInt(q.Get("u"), 10, 64)
	kind := domain.ReminderKind(q.Get("k"))
	if err != nil || !kind.Valid() {
		return 0, "", errs.ErrNotFound
	}
	secret, err := s.store.Secret(r.Context(), "unsubscribe")
	if err != nil {
		return 0, "", err
	}
	if !remind.CheckUnsubscribe(secret, id, kind, q.Get("s")) {
		return 0, "", errs.ErrNotFound
	}
	return id, kind, nil
}

// handleUnsubscribe shows what the link in a reminder e-mail stops, and a
// button to confirm: opening a link (as mail scanners do) changes nothing.
func (s *Handler) handleUnsubscribe(w http.ResponseWriter, r *http.Request) {
	_, kind, err := s.unsubscribeTarget(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "")
	p.Title = p.T("Ngừng nhận thư nhắc việc", "Stop reminder e-mails")
	p.Data = unsubscribeData{Kind: kind, Query: r.URL.RawQuery}
	s.Render(w, r, http.StatusOK, "unsubscribe", p)
}

// handleUnsubscribeConfirm turns the e-mails off; mail programs' one-click
// unsubscribe (RFC 8058) posts to the same address.
func (s *Handler) handleUnsubscribeConfirm(w http.ResponseWriter, r *http.Request) {
	id, kind, err := s.unsubscribeTarget(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := s.store.Unsubscribe(r.Context(), id, kind, web.State(r).Client); err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "")
	p.Title = p.T("Đã ngừng nhận thư", "Unsubscribed")
	p.Data = unsubscribeData{Kind: kind, Done: true}
	s.Render(w, r, http.StatusOK, "unsubscribe", p)
}

type adminRemindersData struct {
	Stats   map[string]map[string]int
	Failed  []domain.Reminder
	Retry   []domain.Reminder
	MailOn  bool
	MailVia string
}

// handleAdminReminders shows admins the state of the outbox and the
// e-mails that failed, with why.
func (s *Handler) handleAdminReminders(w http.ResponseWriter, r *http.Request) {
	if !auth.IsAdmin(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	ctx := r.Context()
	d := adminRemindersData{MailOn: s.Config().MailEnabled, MailVia: s.Config().MailVia}
	var err error
	if d.Stats, err = s.store.ReminderStats(ctx); err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.Failed, err = s.store.Reminders(ctx, store.ReminderFailed, false, 200); err != nil {
		s.Fail(w, r, err)
		return
	}
	if d.Retry, err = s.store.Reminders(ctx, store.ReminderPending, true, 200); err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.NewPage(r, "", "admin-reminders")
	p.Title = p.T("Thư nhắc việc", "Reminder e-mails")
	p.Data = d
	s.Render(w, r, http.StatusOK, "admin_reminders", p)
}

// handleAdminRemindersRetry puts the failed reminders back in the outbox.
func (s *Handler) handleAdminRemindersRetry(w http.ResponseWriter, r *http.Request) {
	if !auth.IsAdmin(*web.State(r).User) {
		s.Fail(w, r, errs.ErrNoAccess)
		return
	}
	if _, err := s.store.RetryFailedReminders(r.Context(), web.State(r).Actor()); err != nil {
		s.Fail(w, r, err)
		return
	}
	web.RedirectFlash(w, r, "/app/admin/reminders", "retrying")
}
