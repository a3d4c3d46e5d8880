package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Reminders: each user's choices, the outbox the scheduler plans into and
// delivers from, and the notifications shown in the application.
//
// The outbox gives each reminder to one scheduler at a time even when
// several instances share a PostgreSQL database: planning inserts with a
// unique key per user, channel and occasion, so a reminder planned twice is
// kept once; delivery claims rows for a lease with a conditional update
// (FOR UPDATE SKIP LOCKED on PostgreSQL, so instances do not wait on each
// other), and a row whose lease ran out, because its instance stopped, is
// claimed again. Every claim has a token of its own. An in-app notification
// is written in the same transaction that marks its reminder sent, and at
// most once per reminder, so it is delivered exactly once.
//
// An e-mail cannot be sent in a transaction, so the outbox holds it by its
// claim instead: the scheduler re-checks and extends its claim just before
// each send (HoldReminder) and keeps extending its batch while a slow send
// runs (ExtendClaims), so no other instance takes a reminder while its
// holder is alive; the first hold writes the Message-ID that every later
// attempt reuses. The e-mail is marked sent in a short write of its own as
// soon as the mail server has taken it. Only a holder that dies (or loses
// the database) between the server's acceptance and that write, or whose
// send is cut off after the message's final "." and before the server's
// answer, can cause a second copy, sent after the lease by another
// instance with the same Message-ID, so the receiving server or mail
// program can drop it.

// ReminderPrefs returns a user's choices, with the defaults for kinds not
// chosen yet.
func (s *Store) ReminderPrefs(ctx context.Context, userID int64) ([]domain.ReminderPref, error) {
	all, err := s.reminderPrefs(ctx, []int64{userID})
	return all[userID], err
}

// AllReminderPrefs returns the choices of every enabled user, with the
// defaults filled in.
func (s *Store) AllReminderPrefs(ctx context.Context) (map[int64][]domain.ReminderPref, error) {
	return s.reminderPrefs(ctx, nil)
}

func (s *Store) reminderPrefs(ctx context.Context, users []int64) (map[int64][]domain.ReminderPref, error) {
	q := &query{}
	q.add("SELECT u.id FROM users u WHERE u.disabled_at IS NULL")
	if users != nil {
		q.add(" AND u.id IN (", inList(q, users), ")")
	}
	ids, err := scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (int64, error) {
		var id int64
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]domain.ReminderPref, len(ids))
	for _, id := range ids {
		out[id] = domain.DefaultReminderPrefs()
	}
	q = &query{}
	q.add("SELECT user_id, kind, in_app, email, days_before FROM reminder_prefs")
	if users != nil {
		q.add(" WHERE user_id IN (", inList(q, users), ")")
	}
	type row struct {
		user int64
		p    domain.ReminderPref
	}
	rows, err := scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.user, &x.p.Kind, &x.p.InApp, &x.p.Email, &x.p.DaysBefore)
	})
	if err != nil {
		return nil, err
	}
	for _, r := range rows {
		prefs, ok := out[r.user]
		if !ok {
			continue
		}
		for i := range prefs {
			if prefs[i].Kind == r.p.Kind {
				prefs[i] = r.p
			}
		}
	}
	return out, nil
}

// SetReminderPrefs stores a user's choices.
func (s *Store) SetReminderPrefs(ctx context.Context, actor domain.Actor, u domain.User, prefs []domain.ReminderPref) error {
	var l errs.List
	for _, p := range prefs {
		if !p.Kind.Valid() {
			l = append(l, errs.Field("kind", "loại nhắc việc không hợp lệ", "unknown kind of reminder"))
		}
		if p.DaysBefore < 0 || p.DaysBefore > domain.MaxDaysBefore {
			l = append(l, errs.Fieldf("days_before", "nhắc trước từ 0 đến %d ngày", "remind 0 to %d days before", domain.MaxDaysBefore))
		}
	}
	if err := l.Err(); err != nil {
		return err
	}
	return s.audited(ctx, actor, func(c *change) error {
		for _, p := range prefs {
			if _, err := c.tx.ExecContext(ctx, `INSERT INTO reminder_prefs (user_id, kind, in_app, email, days_before, updated_at)
				VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (user_id, kind) DO UPDATE SET in_app = excluded.in_app,
				email = excluded.email, days_before = excluded.days_before, updated_at = excluded.updated_at`,
				u.ID, string(p.Kind), p.InApp, p.Email, p.DaysBefore, micro(c.at)); err != nil {
				return err
			}
		}
		return c.record("reminders.prefs", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, prefs)
	})
}

// Unsubscribe turns off e-mail for one kind of reminder, from the link in
// a reminder e-mail.
func (s *Store) Unsubscribe(ctx context.Context, userID int64, kind domain.ReminderKind, client string) error {
	if !kind.Valid() {
		return errs.ErrNotFound
	}
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	prefs, err := s.ReminderPrefs(ctx, userID)
	if err != nil {
		return err
	}
	for i := range prefs {
		if prefs[i].Kind == kind {
			prefs[i].Email = false
		}
	}
	actor := domain.Actor{UserID: u.ID, Username: u.Username, Client: client}
	return s.audited(ctx, actor, func(c *change) error {
		for _, p := range prefs {
			if p.Kind != kind {
				continue
			}
			if _, err := c.tx.ExecContext(ctx, `INSERT INTO reminder_prefs (user_id, kind, in_app, email, days_before, updated_at)
				VALUES ($1, $2, $3, FALSE, $4, $5) ON CONFLICT (user_id, kind) DO UPDATE SET email = FALSE, updated_at = excluded.updated_at`,
				u.ID, string(p.Kind), p.InApp, p.DaysBefore, micro(c.at)); err != nil {
				return err
			}
		}
		return c.record("reminders.unsubscribe", "user", u.Username, orgRef{u.OrgID, u.OrgCode}, nil, map[string]any{"kind": kind})
	})
}

// Channels a reminder goes out on.
const (
	ChannelApp   = "app"
	ChannelEmail = "email"
)

// Statuses of a reminder.
const (
	ReminderPending   = "pending"
	ReminderSending   = "sending"
	ReminderSent      = "sent"
	ReminderFailed    = "failed"
	ReminderCancelled = "cancelled"
)

// NewReminder is a reminder to plan.
type NewReminder struct {
	UserID  int64
	Kind    domain.ReminderKind
	Channel string
	Key     string // the occasion: the same key for the same user and channel is one reminder
	DueAt   time.Time
	Subject string
	Body    string // plain text; the mail's HTML is made from it
	Link    string // a path in the application
}

// PlanReminders adds reminders to the outbox, keeping one per user,
// channel and key, and returns how many were new.
func (s *Store) PlanReminders(ctx context.Context, rs []NewReminder) (int, error) {
	added := 0
	const perInsert = 200
	err := s.write(ctx, func(tx *sql.Tx) error {
		now := micro(s.now())
		for start := 0; start < len(rs); start += perInsert {
			chunk := rs[start:min(start+perInsert, len(rs))]
			var b strings.Builder
			var args []any
			b.WriteString(`INSERT INTO reminders (user_id, kind, channel, dedupe_key, due_at, subject, body, link, status, next_at, created_at) VALUES `)
			for i, r := range chunk {
				if i > 0 {
					b.WriteString(", ")
				}
				n := len(args)
				b.WriteString("(")
				for k := 1; k <= 8; k++ {
					b.WriteString("$" + strconv.Itoa(n+k) + ", ")
				}
				b.WriteString("'pending', $" + strconv.Itoa(n+5) + ", $" + strconv.Itoa(n+9) + ")")
				args = append(args, r.UserID, string(r.Kind), r.Channel, r.Key, micro(r.DueAt), r.Subject, r.Body, r.Link, now)
			}
			b.WriteString(" ON CONFLICT (user_id, channel, dedupe_key) DO NOTHING")
			res, err := tx.ExecContext(ctx, b.String(), args...)
			if err != nil {
				return err
			}
			n, _ := res.RowsAffected()
			added += int(n)
		}
		return nil
	})
	return added, err
}

const reminderCols = `r.id, r.user_id, r.kind, r.channel, r.dedupe_key, r.due_at, r.subject, r.body, r.link, r.status, r.attempts, r.next_at,
	r.last_error, COALESCE(r.sent_at, 0), r.message_id, r.claim_token, u.username, u.full_name, u.email, u.lang`

func scanReminder(row interface{ Scan(...any) error }) (domain.Reminder, error) {
	var r domain.Reminder
	var due, next, sent int64
	err := row.Scan(&r.ID, &r.UserID, &r.Kind, &r.Channel, &r.Key, &due, &r.Subject, &r.Body, &r.Link, &r.Status, &r.Attempts, &next,
		&r.LastError, &sent, &r.MessageID, &r.Token, &r.Username, &r.FullName, &r.Email, &r.Lang)
	r.DueAt, r.NextAt = fromMicro(due), fromMicro(next)
	if sent != 0 {
		r.SentAt = fromMicro(sent)
	}
	return r, err
}

// ClaimReminders takes up to limit reminders that are due (or whose
// previous claim ran out) for worker until now+lease, oldest first, under a
// new claim token that every returned Reminder carries.
func (s *Store) ClaimReminders(ctx context.Context, worker string, now time.Time, lease time.Duration, limit int) ([]domain.Reminder, error) {
	lock := ""
	if s.dialect == Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	tok := make([]byte, 16)
	if _, err := rand.Read(tok); err != nil {
		return nil, err
	}
	token := hex.EncodeToString(tok)
	var ids []int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = scanAll(ctx, tx, `UPDATE reminders SET status = 'sending', claimed_by = $1, claimed_until = $2, claim_token = $5
			WHERE id IN (SELECT id FROM reminders WHERE (status = 'pending' AND next_at <= $3) OR (status = 'sending' AND claimed_until <= $3)
				ORDER BY next_at, id LIMIT $4`+lock+`)
			AND (status = 'pending' OR claimed_until <= $3) RETURNING id`,
			[]any{worker, micro(now.Add(lease)), micro(now), limit, token}, func(r interface{ Scan(...any) error }) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			})
		return err
	})
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	q := &query{}
	q.add("SELECT ", reminderCols, " FROM reminders r JOIN users u ON u.id = r.user_id WHERE r.id IN (", inList(q, ids), ") ORDER BY r.next_at, r.id")
	return scanAll(ctx, s.r, q.String(), q.args, scanReminder)
}

// DeliverInAppBatch delivers many claimed in-app reminders in one
// transaction: the ones still claimed are marked sent and get their
// notification; it returns how many that was.
func (s *Store) DeliverInAppBatch(ctx context.Context, rs []domain.Reminder, now time.Time) (int, error) {
	if len(rs) == 0 {
		return 0, nil
	}
	byID := make(map[int64]domain.Reminder, len(rs))
	ids := make([]int64, 0, len(rs))
	for _, r := range rs {
		if r.Channel != ChannelApp {
			continue
		}
		byID[r.ID] = r
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	n := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		q := &query{}
		q.add("UPDATE reminders SET status = 'sent', sent_at = ", q.arg(micro(now)), ", claimed_until = 0 WHERE status = 'sending' AND id IN (",
			inList(q, ids), ") RETURNING id")
		done, err := scanAll(ctx, tx, q.String(), q.args, func(r interface{ Scan(...any) error }) (int64, error) {
			var id int64
			return id, r.Scan(&id)
		})
		if err != nil || len(done) == 0 {
			return err
		}
		n = len(done)
		var b strings.Builder
		var args []any
		b.WriteString("INSERT INTO notifications (user_id, reminder_id, kind, title, body, link, created_at) VALUES ")
		for i, id := range done {
			r := byID[id]
			if i > 0 {
				b.WriteString(", ")
			}
			k := len(args)
			b.WriteString("(")
			for j := 1; j <= 7; j++ {
				if j > 1 {
					b.WriteString(", ")
				}
				b.WriteString("$" + strconv.Itoa(k+j))
			}
			b.WriteString(")")
			args = append(args, r.UserID, r.ID, string(r.Kind), r.Subject, r.Body, r.Link, micro(now))
		}
		b.WriteString(" ON CONFLICT (reminder_id) DO NOTHING")
		_, err = tx.ExecContext(ctx, b.String(), args...)
		return err
	})
	return n, err
}

// HoldReminder re-checks, just before an e-mail is sent, that r's claim is
// still the reminder's current one and has not run out at now, and extends
// it to now+lease. It gives the Message-ID to send with: the one the
// reminder already has, or, on its first attempt, messageID, written in the
// same statement. held is false when the claim is gone (taken by another
// instance after it ran out, or the reminder already settled): the caller
// must not send.
func (s *Store) HoldReminder(ctx context.Context, r domain.Reminder, now time.Time, lease time.Duration, messageID string) (id string, held bool, err error) {
	err = s.write(ctx, func(tx *sql.Tx) error {
		got, err := scanAll(ctx, tx, `UPDATE reminders SET claimed_until = $1,
				message_id = CASE WHEN message_id = '' THEN $2 ELSE message_id END
			WHERE id = $3 AND status = 'sending' AND claim_token = $4 AND claimed_until > $5 RETURNING message_id`,
			[]any{micro(now.Add(lease)), messageID, r.ID, r.Token, micro(now)}, func(row interface{ Scan(...any) error }) (string, error) {
				var v string
				return v, row.Scan(&v)
			})
		if err != nil || len(got) != 1 {
			return err
		}
		id, held = got[0], true
		return nil
	})
	return id, held, err
}

// ExtendClaims extends, to now+lease, every reminder still held under
// token whose lease has not run out at now, and returns their ids. A
// scheduler calls it while its batch runs, so that a slow mail server does
// not let another instance take reminders it is still working through.
func (s *Store) ExtendClaims(ctx context.Context, token string, now time.Time, lease time.Duration) ([]int64, error) {
	var ids []int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		var err error
		ids, err = scanAll(ctx, tx, `UPDATE reminders SET claimed_until = $1
			WHERE claim_token = $2 AND status = 'sending' AND claimed_until > $3 RETURNING id`,
			[]any{micro(now.Add(lease)), token, micro(now)}, func(r interface{ Scan(...any) error }) (int64, error) {
				var id int64
				return id, r.Scan(&id)
			})
		return err
	})
	return ids, err
}

// MarkReminderSent records that the mail server took a reminder. It is a
// fact whoever holds the claim now: a holder whose lease ran out while the
// server was answering still records it, which stops a new holder that has
// not sent yet from sending a second copy.
func (s *Store) MarkReminderSent(ctx context.Context, id int64, now time.Time) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE reminders SET status = 'sent', sent_at = $1, claimed_until = 0, last_error = ''
			WHERE id = $2 AND status <> 'sent'`, micro(now), id)
		return err
	})
}

// FailClaimed records a failed send of r by the holder of its claim:
// retried at retryAt, or failed for good when retryAt is zero. It changes
// nothing, and says so, once the claim is not r's (another instance took
// the reminder after the lease ran out and may be sending it; putting it
// back in the outbox would let a third send it too).
func (s *Store) FailClaimed(ctx context.Context, r domain.Reminder, now, retryAt time.Time, reason string) (bool, error) {
	status, next := ReminderPending, micro(retryAt)
	if retryAt.IsZero() {
		status, next = ReminderFailed, micro(now)
	}
	return s.updateClaimed(ctx, `UPDATE reminders SET status = $1, next_at = $2, attempts = attempts + 1, last_error = $3,
		claimed_until = 0 WHERE id = $4 AND status = 'sending' AND claim_token = $5`, status, next, vntext.Truncate(reason, 1000), r.ID, r.Token)
}

// CancelClaimed drops a reminder r's claim holds that no longer has a
// recipient (no address, or e-mail turned off since it was planned); it
// changes nothing once the claim is not r's.
func (s *Store) CancelClaimed(ctx context.Context, r domain.Reminder, reason string) (bool, error) {
	return s.updateClaimed(ctx, `UPDATE reminders SET status = 'cancelled', last_error = $1, claimed_until = 0
		WHERE id = $2 AND status = 'sending' AND claim_token = $3`, vntext.Truncate(reason, 1000), r.ID, r.Token)
}

// updateClaimed runs an UPDATE of one reminder guarded by its claim and
// reports whether it still held.
func (s *Store) updateClaimed(ctx context.Context, query string, args ...any) (bool, error) {
	done := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, query, args...)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		done = n == 1
		return nil
	})
	return done, err
}

// ReminderStats counts the outbox by channel and status.
func (s *Store) ReminderStats(ctx context.Context) (map[string]map[string]int, error) {
	type row struct {
		channel, status string
		n               int
	}
	rows, err := scanAll(ctx, s.r, "SELECT channel, status, COUNT(*) FROM reminders GROUP BY channel, status", nil,
		func(r interface{ Scan(...any) error }) (row, error) {
			var x row
			return x, r.Scan(&x.channel, &x.status, &x.n)
		})
	out := map[string]map[string]int{ChannelApp: {}, ChannelEmail: {}}
	for _, r := range rows {
		if out[r.channel] == nil {
			out[r.channel] = map[string]int{}
		}
		out[r.channel][r.status] = r.n
	}
	return out, err
}

// Reminders lists reminders in a status, newest first; with a failing
// one's last error this is what admins look at.
func (s *Store) Reminders(ctx context.Context, status string, retriedOnly bool, limit int) ([]domain.Reminder, error) {
	q := &query{}
	q.add("SELECT ", reminderCols, " FROM reminders r JOIN users u ON u.id = r.user_id WHERE r.status = ", q.arg(status))
	if retriedOnly {
		q.add(" AND r.attempts > 0")
	}
	q.add(" ORDER BY r.next_at DESC, r.id DESC LIMIT ", q.arg(limit))
	return scanAll(ctx, s.r, q.String(), q.args, scanReminder)
}

// RetryFailedReminders puts every failed reminder back in the outbox with
// a fresh count of attempts.
func (s *Store) RetryFailedReminders(ctx context.Context, actor domain.Actor) (int, error) {
	n := 0
	err := s.audited(ctx, actor, func(c *change) error {
		res, err := c.tx.ExecContext(ctx, "UPDATE reminders SET status = 'pending', attempts = 0, next_at = $1 WHERE status = 'failed'", micro(c.at))
		if err != nil {
			return err
		}
		rows, _ := res.RowsAffected()
		n = int(rows)
		return c.record("reminders.retry", "reminders", "failed", orgRef{}, nil, map[string]any{"count": n})
	})
	return n, err
}

// Notifications lists a user's notifications, newest first.
func (s *Store) Notifications(ctx context.Context, userID int64, unreadOnly bool, limit int) ([]domain.Notification, error) {
	q := &query{}
	q.add("SELECT id, kind, title, body, link, created_at, read_at IS NOT NULL FROM notifications WHERE user_id = ", q.arg(userID))
	if unreadOnly {
		q.add(" AND read_at IS NULL")
	}
	q.add(" ORDER BY created_at DESC, id DESC LIMIT ", q.arg(limit))
	return scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (domain.Notification, error) {
		var n domain.Notification
		var at int64
		err := r.Scan(&n.ID, &n.Kind, &n.Title, &n.Body, &n.Link, &at, &n.Read)
		n.Created = fromMicro(at)
		return n, err
	})
}

// UnreadCount counts a user's unread notifications.
func (s *Store) UnreadCount(ctx context.Context, userID int64) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL", userID).Scan(&n)
	return n, err
}

// MarkRead marks one notification of a user read, or all of them (id 0).
func (s *Store) MarkRead(ctx context.Context, userID, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		var res sql.Result
		var err error
		if id == 0 {
			res, err = tx.ExecContext(ctx, "UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL", micro(s.now()), userID)
		} else {
			res, err = tx.ExecContext(ctx, "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE user_id = $2 AND id = $3",
				micro(s.now()), userID, id)
		}
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 && id != 0 {
			return errs.ErrNotFound
		}
		return nil
	})
}

// Secret returns a random secret the deployment keeps under name (for
// signing unsubscribe links), making it on first use. Every instance
// sharing the database reads the same one.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	var v string
	err := s.r.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = $1", name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		b := make([]byte, 32)
		if _, err := rand.Read(b); err != nil {
			return nil, err
		}
		if err := s.write(ctx, func(tx *sql.Tx) error {
			_, err := tx.ExecContext(ctx, "INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", name, hex.EncodeToString(b))
			return err
		}); err != nil {
			return nil, err
		}
		err = s.w.QueryRowContext(ctx, "SELECT value FROM settings WHERE name = $1", name).Scan(&v)
	}
	if err != nil {
		return nil, err
	}
	return hex.DecodeString(v)
}
