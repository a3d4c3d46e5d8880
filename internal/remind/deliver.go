package remind

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"html/template"
	"log/slog"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/mail"
	"tebdg/internal/store"
)

// Mailer sends one message; *mail.Sender is one.
type Mailer interface {
	Send(ctx context.Context, m mail.Message) error
}

// Scheduler plans and delivers reminders.
type Scheduler struct {
	Store   *store.Store
	Mailer  Mailer       // nil: e-mail is off and no e-mail reminder is planned
	From    mail.Address // the sender of reminder e-mails
	BaseURL string       // the application's address, for links in e-mails
	Worker  string       // this instance's name on its claims
	Now     func() time.Time
	Log     *slog.Logger
	Batch   int           // reminders claimed at once; 0: 200
	Lease   time.Duration // how long a claim holds; 0: 5 minutes
	Window  time.Duration // how far back a reminder still goes out; 0: 36 hours
	secret  []byte
}

// Backoff is the wait before each retry of an e-mail the mail server could
// not take: quick at first for a passing fault, then hours, about two days
// in all before the reminder is left failed for an admin to see.
var Backoff = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

func (s *Scheduler) window() time.Duration {
	if s.Window > 0 {
		return s.Window
	}
	return 36 * time.Hour
}

func (s *Scheduler) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func (s *Scheduler) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.New(slog.DiscardHandler)
}

// Result counts what a pass did.
type Result struct {
	Planned, Delivered, Retrying, Failed, Cancelled int
}

// Pass plans what has come due and delivers everything due now.
func (s *Scheduler) Pass(ctx context.Context) (Result, error) {
	now := s.now()
	var r Result
	n, err := s.Plan(ctx, now)
	r.Planned = n
	if err != nil {
		return r, err
	}
	d, err := s.Deliver(ctx, now)
	d.Planned = r.Planned
	return d, err
}

// Run makes a pass now and then every interval until ctx ends. A failed
// pass is logged and the next one tries again.
func (s *Scheduler) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		res, err := s.Pass(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			s.log().Error("reminder pass failed", "err", err)
		case res != Result{}:
			s.log().Info("reminders", "planned", res.Planned, "delivered", res.Delivered, "retrying", res.Retrying,
				"failed", res.Failed, "cancelled", res.Cancelled)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// maxBatchesPerPass keeps one pass from holding on forever after a long
// outage; the next pass goes on where it stopped.
const maxBatchesPerPass = 100

// Deliver claims the reminders due at now in batches and delivers them.
func (s *Scheduler) Deliver(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	batch, lease := s.Batch, s.Lease
	if batch <= 0 {
		batch = 200
	}
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	for range maxBatchesPerPass {
		claimed, err := s.Store.ClaimReminders(ctx, s.Worker, now, lease, batch)
		if err != nil {
			return res, err
		}
		// In-app reminders go in one transaction per batch; e-mails one
		// by one, each marked sent as soon as the server took it.
		var inApp []store.Reminder
		for _, r := range claimed {
			if r.Channel == store.ChannelApp {
				inApp = append(inApp, r)
			}
		}
		n, err := s.Store.DeliverInAppBatch(ctx, inApp, now)
		res.Delivered += n
		if err != nil {
			return res, err
		}
		for _, r := range claimed {
			if r.Channel == store.ChannelApp {
				continue
			}
			if err := ctx.Err(); err != nil {
				return res, err
			}
			if err := s.deliver(ctx, r, now, &res); err != nil {
				return res, err
			}
		}
		if len(claimed) < batch {
			break
		}
	}
	return res, nil
}

func (s *Scheduler) deliver(ctx context.Context, r store.Reminder, now time.Time, res *Result) error {
	if s.Mailer == nil || r.Email == "" {
		res.Cancelled++
		return s.Store.CancelReminder(ctx, r.ID, "no mail server or no address")
	}
	msg, err := s.message(ctx, r)
	if err != nil {
		res.Failed++
		return s.Store.MarkReminderFailed(ctx, r.ID, now, time.Time{}, err.Error())
	}
	sendCtx, cancel := context.WithTimeout(ctx, time.Minute)
	err = s.Mailer.Send(sendCtx, msg)
	cancel()
	if err == nil {
		res.Delivered++
		return s.Store.MarkReminderSent(ctx, r.ID, s.now())
	}
	if ctx.Err() != nil {
		// Shutting down: leave the claim to run out and be taken again.
		return ctx.Err()
	}
	s.log().Warn("reminder e-mail not sent", "reminder", r.ID, "to", r.Email, "attempt", r.Attempts+1, "err", err)
	if mail.Temporary(err) && r.Attempts < len(Backoff) {
		res.Retrying++
		return s.Store.MarkReminderFailed(ctx, r.ID, now, now.Add(Backoff[r.Attempts]), err.Error())
	}
	res.Failed++
	return s.Store.MarkReminderFailed(ctx, r.ID, now, time.Time{}, err.Error())
}

// Unsubscribe links carry a signature, so a link works without signing in
// and cannot be made for someone else.

func (s *Scheduler) unsubscribeSecret(ctx context.Context) ([]byte, error) {
	if s.secret == nil {
		b, err := s.Store.Secret(ctx, "unsubscribe")
		if err != nil {
			return nil, err
		}
		s.secret = b
	}
	return s.secret, nil
}

// UnsubscribeSignature signs an unsubscribe link for a user and kind.
func UnsubscribeSignature(secret []byte, userID int64, kind domain.ReminderKind) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("unsubscribe:" + strconv.FormatInt(userID, 10) + ":" + string(kind)))
	return hex.EncodeToString(m.Sum(nil)[:16])
}

// CheckUnsubscribe reports whether sig signs the link for userID and kind.
func CheckUnsubscribe(secret []byte, userID int64, kind domain.ReminderKind, sig string) bool {
	want := UnsubscribeSignature(secret, userID, kind)
	return hmac.Equal([]byte(want), []byte(sig))
}

// UnsubscribePath is the path of the link that stops one kind of e-mail.
func UnsubscribePath(secret []byte, userID int64, kind domain.ReminderKind) string {
	return "/unsubscribe?u=" + strconv.FormatInt(userID, 10) + "&k=" + url.QueryEscape(string(kind)) + "&s=" +
		UnsubscribeSignature(secret, userID, kind)
}

var mailHTML = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Subject}}</title></head>
<body style="margin:0;padding:0;background:#f4f6f9;font-family:'Segoe UI',Roboto,Arial,sans-serif;color:#1b2430;line-height:1.5">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td style="padding:16px">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="max-width:600px;margin:0 auto;background:#fff;border-top:4px solid #b3261e">
<tr><td style="padding:16px 20px;background:#16325c;color:#fff;font-weight:bold">TE&amp;BĐG · {{.Product}}</td></tr>
<tr><td style="padding:20px">
<h1 style="font-size:20px;margin:0 0 12px">{{.Subject}}</h1>
{{range .Paragraphs}}<p style="margin:0 0 10px;white-space:pre-line">{{.}}</p>{{end}}
{{if .Link}}<p style="margin:18px 0"><a href="{{.Link}}" style="background:#16325c;color:#fff;padding:10px 16px;text-decoration:none;border-radius:4px">{{.Open}}</a></p>{{end}}
</td></tr>
<tr><td style="padding:12px 20px;font-size:13px;color:#5b6573;border-top:1px solid #dde3ea">{{.Why}} <a href="{{.Unsubscribe}}" style="color:#5b6573">{{.Stop}}</a></td></tr>
</table></td></tr></table></body></html>`))

// message composes a reminder e-mail in its recipient's language: plain
// text and HTML, with a link to the work and one to stop this kind.
func (s *Scheduler) message(ctx context.Context, r store.Reminder) (mail.Message, error) {
	secret, err := s.unsubscribeSecret(ctx)
	if err != nil {
		return mail.Message{}, err
	}
	lang := r.Lang
	base := strings.TrimRight(s.BaseURL, "/")
	link := ""
	if r.Link != "" {
		link = base + r.Link
	}
	unsub := base + UnsubscribePath(secret, r.UserID, r.Kind)
	why := pick(lang, "Bạn nhận thư này vì đã chọn nhận nhắc việc loại “"+r.Kind.Label("vi")+"”.",
		"You get this e-mail because you chose reminders of the kind “"+r.Kind.Label("en")+"”.")
	stop := pick(lang, "Ngừng nhận loại thư này", "Stop these e-mails")
	var text strings.Builder
	text.WriteString(r.Body)
	if link != "" {
		text.WriteString("\n\n" + pick(lang, "Xem và cập nhật: ", "Open: ") + link)
	}
	text.WriteString("\n\n-- \n" + why + "\n" + stop + ": " + unsub + "\n")
	var html bytes.Buffer
	if err := mailHTML.Execute(&html, map[string]any{
		"Lang": pick(lang, "vi", "en"), "Subject": r.Subject, "Paragraphs": strings.Split(r.Body, "\n\n"), "Link": link,
		"Open": pick(lang, "Mở trong TE&BĐG", "Open in TE&BĐG"), "Why": why, "Stop": stop, "Unsubscribe": unsub,
		"Product": pick(lang, "Công tác trẻ em và bình đẳng giới", "Children and gender equality"),
	}); err != nil {
		return mail.Message{}, err
	}
	host := "tebdg"
	if u, err := url.Parse(base); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	if r.Email == "" {
		return mail.Message{}, errors.New("no address")
	}
	return mail.Message{
		From:    s.From,
		To:      []mail.Address{{Name: r.FullName, Email: r.Email}},
		Subject: r.Subject,
		Text:    text.String(),
		HTML:    html.String(),
		// The same reminder sent again after a crash keeps its Message-ID,
		// so mail programs can show it once.
		MessageID: "reminder-" + strconv.FormatInt(r.ID, 10) + "@" + host,
		Date:      s.now(),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + unsub + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Auto-Submitted":        "auto-generated",
		},
	}, nil
}
