package remind

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"html/template"
	"log/slog"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
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
	From    mail.Address // the sender of reminder e-mails; its domain ends their Message-IDs
	BaseURL string       // the application's address, for links in e-mails
	Worker  string       // this instance's name on its claims
	Now     func() time.Time
	Log     *slog.Logger
	Batch   int           // reminders claimed at once; 0: 200
	Lease   time.Duration // how long a claim holds unless extended; 0: 5 minutes
	// Renew is how often the claims of a batch are extended while its
	// e-mails go out, so that a slow mail server does not let another
	// instance take them; 0, or not less than Lease: a third of Lease.
	Renew  time.Duration
	Window time.Duration // how far back a reminder still goes out; 0: 36 hours
	secret []byte
}

// Backoff is the wait before each retry of an e-mail the mail server could
// not take: quick at first for a passing fault, then hours, about two days
// in all before the reminder is left failed for an admin to see.
var Backoff = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute, time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour}

// sendTimeout bounds one e-mail's conversation beyond the Sender's own
// timeout; markTimeout bounds recording that the server took it.
const (
	sendTimeout = time.Minute
	markTimeout = 15 * time.Second
)

func (s *Scheduler) window() time.Duration {
	if s.Window > 0 {
		return s.Window
	}
	return 36 * time.Hour
}

func (s *Scheduler) lease() (lease, renew time.Duration) {
	lease = s.Lease
	if lease <= 0 {
		lease = 5 * time.Minute
	}
	renew = s.Renew
	if renew <= 0 || renew >= lease {
		renew = lease / 3
	}
	return lease, renew
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
	// Skipped counts e-mails this pass had claimed but left alone because
	// its claim was no longer its own when it came to them (another
	// instance took them after the lease ran out, or settled them).
	Skipped int
	// Reorganised counts the reorganisations applied on their date.
	Reorganised int
}

// Pass plans what has come due and delivers everything due now.
func (s *Scheduler) Pass(ctx context.Context) (Result, error) {
	now := s.now()
	var r Result
	// Reorganisations due today come first: the reminders planned after
	// them go to the units as they now stand.
	reorganised, err := s.Store.ApplyDueReorganisations(ctx, now)
	if err != nil {
		s.log().Error("reorganisations not applied", "err", err)
	}
	n, err := s.Plan(ctx, now)
	r.Planned = n
	if err != nil {
		return r, err
	}
	d, err := s.Deliver(ctx, now)
	d.Planned, d.Reorganised = r.Planned, reorganised
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
				"failed", res.Failed, "cancelled", res.Cancelled, "skipped", res.Skipped, "reorganised", res.Reorganised)
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
//
// Claims are timed on a clock that starts at now and runs on with real
// time, so that a pass made for a given moment still sees its leases age
// while a slow mail server holds it up.
func (s *Scheduler) Deliver(ctx context.Context, now time.Time) (Result, error) {
	var res Result
	batch := s.Batch
	if batch <= 0 {
		batch = 200
	}
	lease, _ := s.lease()
	started := time.Now()
	clock := func() time.Time { return now.Add(time.Since(started)) }
	for range maxBatchesPerPass {
		claimed, err := s.Store.ClaimReminders(ctx, s.Worker, clock(), lease, batch)
		if err != nil {
			return res, err
		}
		// In-app reminders go in one transaction per batch; e-mails one
		// by one, each marked sent as soon as the server took it.
		var inApp, mails []domain.Reminder
		for _, r := range claimed {
			if r.Channel == store.ChannelApp {
				inApp = append(inApp, r)
			} else {
				mails = append(mails, r)
			}
		}
		n, err := s.Store.DeliverInAppBatch(ctx, inApp, now)
		res.Delivered += n
		if err != nil {
			return res, err
		}
		if err := s.deliverMails(ctx, mails, now, clock, &res); err != nil {
			return res, err
		}
		if len(claimed) < batch {
			break
		}
	}
	return res, nil
}

// deliverMails sends a batch's e-mails one by one while a keeper extends
// the batch's claims.
func (s *Scheduler) deliverMails(ctx context.Context, rs []domain.Reminder, now time.Time, clock func() time.Time, res *Result) error {
	if len(rs) == 0 {
		return nil
	}
	lease, renew := s.lease()
	k := &keeper{s: s, token: rs[0].Token, clock: clock, lease: lease, renew: renew}
	stop := k.start(ctx)
	defer stop()
	for _, r := range rs {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := s.deliver(ctx, k, r, now, res); err != nil {
			return err
		}
	}
	return nil
}

// errClaimLost ends a send whose claim could not be kept: past its lease
// another instance may take the reminder and send it, and two holders
// must not talk to the mail server about it at the same time.
var errClaimLost = errors.New("remind: the claim on the reminder could not be kept")

// keeper extends a batch's claims every renew while its e-mails go out,
// and cuts off the send in progress when its claim is lost, or cannot be
// extended while a third of its lease is still left.
type keeper struct {
	s            *Scheduler
	token        string
	clock        func() time.Time
	lease, renew time.Duration

	mu      sync.Mutex
	current int64     // the reminder being sent; 0 between sends
	until   time.Time // when its claim runs out unless extended
	cancel  context.CancelCauseFunc
	cut     bool // the keeper ended the current send
}

func (k *keeper) start(ctx context.Context) (stop func()) {
	quit, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(k.renew)
		defer t.Stop()
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				k.extend(ctx)
			}
		}
	}()
	return func() { close(quit); <-done }
}

func (k *keeper) extend(ctx context.Context) {
	at := k.clock()
	ids, err := k.s.Store.ExtendClaims(ctx, k.token, at, k.lease)
	k.mu.Lock()
	defer k.mu.Unlock()
	if err != nil {
		k.s.log().Warn("reminder claims not extended", "err", err)
		if k.current != 0 && !k.clock().Add(k.renew).Before(k.until) {
			k.cutOff()
		}
		return
	}
	if k.current == 0 {
		return
	}
	if !slices.Contains(ids, k.current) {
		k.cutOff()
		return
	}
	k.until = at.Add(k.lease)
}

func (k *keeper) cutOff() {
	k.cut = true
	k.cancel(errClaimLost)
}

// begin tells the keeper which reminder is being sent, held until until,
// and how to end its send.
func (k *keeper) begin(id int64, until time.Time, cancel context.CancelCauseFunc) {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.current, k.until, k.cancel, k.cut = id, until, cancel, false
}

// end reports whether the keeper cut the send off.
func (k *keeper) end() bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	k.current, k.cancel = 0, nil
	return k.cut
}

func (s *Scheduler) deliver(ctx context.Context, k *keeper, r domain.Reminder, now time.Time, res *Result) error {
	if s.Mailer == nil || r.Email == "" {
		done, err := s.Store.CancelClaimed(ctx, r, "no mail server or no address")
		settled(done, &res.Cancelled, res)
		return err
	}
	// Re-check the claim and extend it just before anything goes to the
	// server; the first attempt stores the Message-ID every retry reuses.
	at := k.clock()
	id, held, err := s.Store.HoldReminder(ctx, r, at, k.lease, mail.NewMessageID(s.From.Email))
	if err != nil {
		return err
	}
	if !held {
		res.Skipped++
		s.log().Info("reminder e-mail left to the instance that holds it now", "reminder", r.ID)
		return nil
	}
	msg, err := s.message(ctx, r, id)
	if err != nil {
		done, ferr := s.Store.FailClaimed(ctx, r, now, time.Time{}, err.Error())
		settled(done, &res.Failed, res)
		return ferr
	}
	sendCtx, cancel := context.WithCancelCause(ctx)
	k.begin(r.ID, at.Add(k.lease), cancel)
	timed, cancelTimeout := context.WithTimeout(sendCtx, sendTimeout)
	err = s.Mailer.Send(timed, msg)
	cancelTimeout()
	cut := k.end()
	cancel(nil)
	if err == nil {
		// The server has the message. Only this write stands between its
		// acceptance and a second copy after the lease, so it is made on
		// its own and even when ctx has just ended (a shutdown).
		mctx, mcancel := context.WithTimeout(context.WithoutCancel(ctx), markTimeout)
		defer mcancel()
		if err := s.Store.MarkReminderSent(mctx, r.ID, s.now()); err != nil {
			return fmt.Errorf("reminder %d was sent as <%s> but not marked sent, so it may go again with that Message-ID: %w", r.ID, id, err)
		}
		res.Delivered++
		return nil
	}
	if cut {
		// The reminder is another holder's to send or to retry, with
		// the same Message-ID should this attempt have reached the server.
		res.Skipped++
		s.log().Warn("reminder e-mail cut off: its claim could not be kept", "reminder", r.ID, "message_id", id, "err", err)
		return nil
	}
	if ctx.Err() != nil {
		// Shutting down: leave the claim to run out and be taken again.
		return ctx.Err()
	}
	s.log().Warn("reminder e-mail not sent", "reminder", r.ID, "to", r.Email, "attempt", r.Attempts+1, "message_id", id, "err", err)
	if mail.Temporary(err) && r.Attempts < len(Backoff) {
		done, ferr := s.Store.FailClaimed(ctx, r, now, now.Add(Backoff[r.Attempts]), err.Error())
		settled(done, &res.Retrying, res)
		return ferr
	}
	done, ferr := s.Store.FailClaimed(ctx, r, now, time.Time{}, err.Error())
	settled(done, &res.Failed, res)
	return ferr
}

// settled counts an outcome the store recorded, or a skip when the claim
// had passed to another instance and nothing was recorded.
func settled(done bool, count *int, res *Result) {
	if done {
		*count++
	} else {
		res.Skipped++
	}
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
func (s *Scheduler) message(ctx context.Context, r domain.Reminder, messageID string) (mail.Message, error) {
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
	if r.Email == "" {
		return mail.Message{}, errors.New("no address")
	}
	return mail.Message{
		From:    s.From,
		To:      []mail.Address{{Name: r.FullName, Email: r.Email}},
		Subject: r.Subject,
		Text:    text.String(),
		HTML:    html.String(),
		// Stored with the reminder before its first attempt: a copy sent
		// again after a crash carries the same one, so the receiving server
		// or mail program can drop it.
		MessageID: messageID,
		Date:      s.now(),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + unsub + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
			"Auto-Submitted":        "auto-generated",
		},
	}, nil
}
