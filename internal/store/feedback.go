package store

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
)

// Feedback citizens send through the portal, and its moderation. The
// sender's name and contact are personal data: they are read by the
// editors of the unit the message went to, and kept out of the audit log.

const feedbackCols = `f.id, COALESCE(f.org_id, 0), COALESCE(o.code, ''), COALESCE(f.post_id, 0), COALESCE(p.title, ''), f.name, f.contact,
	f.subject, f.message, f.status, f.reply, f.published, COALESCE(u.full_name, ''), COALESCE(f.replied_at, 0), f.created_at, f.version`

const feedbackFrom = ` FROM feedback f LEFT JOIN org_units o ON o.id = f.org_id LEFT JOIN posts p ON p.id = f.post_id
	LEFT JOIN users u ON u.id = f.replied_by`

func scanFeedback(r interface{ Scan(...any) error }) (domain.Feedback, error) {
	var f domain.Feedback
	var replied, created int64
	err := r.Scan(&f.ID, &f.OrgID, &f.OrgCode, &f.PostID, &f.PostTitle, &f.Name, &f.Contact, &f.Subject, &f.Message, &f.Status, &f.Reply,
		&f.Published, &f.RepliedBy, &replied, &created, &f.Version)
	if replied != 0 {
		f.RepliedAt = fromMicro(replied)
	}
	f.Created = fromMicro(created)
	return f, err
}

// Feedback states.
const (
	FeedbackNew      = "new"
	FeedbackAnswered = "answered"
	FeedbackSpam     = "spam"
	FeedbackArchived = "archived"
)

// AddFeedback keeps a citizen's message for the editors of org (the unit
// whose page it was sent from, or whose post it is about). It arrives as
// new, or as spam when the portal suspects it (f.Status "spam").
func (s *Store) AddFeedback(ctx context.Context, actor domain.Actor, org domain.OrgUnit, f domain.Feedback) (domain.Feedback, error) {
	return s.addFeedback(ctx, actor, org, f, nil)
}

// FeedbackLimit bounds how many messages one client address may send
// within a window. The address itself is never kept: only a keyed hash
// of it, and for no longer than the window.
type FeedbackLimit struct {
	Client string
	Max    int
	Window time.Duration
}

// SendFeedback is AddFeedback for a message from the public portal, kept
// only while its client address has sent fewer than l.Max within l.Window;
// otherwise it is refused with errs.Throttled and how long to wait. The
// count is the same for every instance on the database, and counting and
// keeping the message are one transaction that a second sender must wait
// for, so instances racing cannot let more through between them.
func (s *Store) SendFeedback(ctx context.Context, actor domain.Actor, org domain.OrgUnit, f domain.Feedback, l FeedbackLimit) (domain.Feedback, error) {
	return s.addFeedback(ctx, actor, org, f, &l)
}

// CheckFeedbackLimit refuses, as SendFeedback would, a client that has
// already sent its messages in the window, reading only: so a flood is
// answered without a write. SendFeedback still decides.
func (s *Store) CheckFeedbackLimit(ctx context.Context, l FeedbackLimit) error {
	sender, err := s.feedbackSender(ctx, l.Client)
	if err != nil {
		return err
	}
	return mapErr(s.feedbackWindow(ctx, s.r, sender, l, s.now()))
}

func (s *Store) addFeedback(ctx context.Context, actor domain.Actor, org domain.OrgUnit, f domain.Feedback, l *FeedbackLimit) (domain.Feedback, error) {
	if err := f.Validate(); err != nil {
		return f, err
	}
	if f.Status != FeedbackSpam {
		f.Status = FeedbackNew
	}
	var sender string
	if l != nil {
		var err error
		if sender, err = s.feedbackSender(ctx, l.Client); err != nil {
			return f, err
		}
	}
	var out domain.Feedback
	err := s.audited(ctx, actor, func(c *change) error {
		if l != nil {
			if s.dialect == Postgres {
				// A second sender waits here until the first commits,
				// so it counts the first's message. (On SQLite every
				// write transaction already runs alone.)
				if _, err := c.tx.ExecContext(ctx, "LOCK TABLE feedback_sends IN EXCLUSIVE MODE"); err != nil {
					return err
				}
			}
			if _, err := c.tx.ExecContext(ctx, "DELETE FROM feedback_sends WHERE at <= $1", micro(c.at.Add(-l.Window))); err != nil {
				return err
			}
			if err := s.feedbackWindow(ctx, c.tx, sender, *l, c.at); err != nil {
				return err
			}
			if _, err := c.tx.ExecContext(ctx, "INSERT INTO feedback_sends (sender, at) VALUES ($1, $2)", sender, micro(c.at)); err != nil {
				return err
			}
		}
		var id int64
		if err := c.tx.QueryRowContext(ctx, `INSERT INTO feedback (org_id, post_id, name, contact, subject, message, status, created_at, updated_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id`, org.ID, nullIfZero(f.PostID), f.Name, f.Contact, f.Subject, f.Message,
			f.Status, micro(c.at)).Scan(&id); err != nil {
			return err
		}
		var err error
		if out, err = scanFeedback(c.tx.QueryRowContext(ctx, "SELECT "+feedbackCols+feedbackFrom+" WHERE f.id = $1", id)); err != nil {
			return err
		}
		// The subject only: who wrote and how to reach them stay out of
		// the audit log, which more people read.
		return c.record("feedback.create", "feedback", strconv.FormatInt(id, 10), refOf(org), nil,
			map[string]any{"subject": out.Subject, "post": out.PostID, "contact_given": out.Contact != "", "status": out.Status})
	})
	return out, err
}

// SweepFeedbackSends forgets the senders of messages older than window,
// for addresses that sent nothing since (each message sweeps too).
func (s *Store) SweepFeedbackSends(ctx context.Context, window time.Duration) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM feedback_sends WHERE at <= $1", micro(s.now().Add(-window)))
		return err
	})
}

// feedbackSender is the key a client address is counted under: keyed, so
// the table cannot be read back into addresses by hashing every one.
func (s *Store) feedbackSender(ctx context.Context, client string) (string, error) {
	key, err := s.Secret(ctx, "feedback-sender")
	if err != nil {
		return "", mapErr(err)
	}
	m := hmac.New(sha256.New, key)
	m.Write([]byte(client))
	return hex.EncodeToString(m.Sum(nil)[:16]), nil
}

// feedbackWindow refuses a sender with l.Max messages in the window
// ending at now.
func (s *Store) feedbackWindow(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, sender string, l FeedbackLimit, now time.Time) error {
	var n int
	var first sql.NullInt64
	if err := q.QueryRowContext(ctx, "SELECT COUNT(*), MIN(at) FROM feedback_sends WHERE sender = $1 AND at > $2",
		sender, micro(now.Add(-l.Window))).Scan(&n, &first); err != nil {
		return err
	}
	if n < l.Max {
		return nil
	}
	return &errs.Error{Code: errs.Throttled, RetryAfter: max(l.Window-now.Sub(fromMicro(first.Int64)), time.Second),
		VI: "bạn đã gửi nhiều ý kiến trong thời gian ngắn; vui lòng thử lại sau ít phút",
		EN: "you have sent several messages in a short time; please try again in a few minutes"}
}

// FeedbackFilter chooses messages for the moderation queue.
type FeedbackFilter struct {
	Scope  domain.Scope
	Status string
	Search string
}

// FeedbackList lists messages, newest first, and how many match.
func (s *Store) FeedbackList(ctx context.Context, f FeedbackFilter, pg Page) ([]domain.Feedback, int, error) {
	q := &query{}
	q.add(" WHERE ", q.scope("o.path", f.Scope))
	if f.Status != "" {
		q.add(" AND f.status = ", q.arg(f.Status))
	}
	for _, w := range strings.Fields(f.Search) {
		q.add(" AND (LOWER(f.subject) LIKE ", q.arg("%"+escapeLike(strings.ToLower(w))+"%"), ` ESCAPE '\' OR LOWER(f.message) LIKE `,
			q.arg("%"+escapeLike(strings.ToLower(w))+"%"), ` ESCAPE '\')`)
	}
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+feedbackFrom+q.String(), q.args...).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q.add(" ORDER BY f.created_at DESC, f.id DESC")
	q.page(pg.Normalize(30))
	list, err := scanAll(ctx, s.r, "SELECT "+feedbackCols+feedbackFrom+q.String(), q.args, scanFeedback)
	return list, total, mapErr(err)
}

// FeedbackCounts counts messages in scope by state, for the queue's tabs
// and the navigation badge.
func (s *Store) FeedbackCounts(ctx context.Context, sc domain.Scope) (map[string]int, error) {
	q := &query{}
	q.add("SELECT f.status, COUNT(*)", feedbackFrom, " WHERE ", q.scope("o.path", sc), " GROUP BY f.status")
	type row struct {
		st string
		n  int
	}
	rows, err := scanAll(ctx, s.r, q.String(), q.args, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.st, &x.n)
	})
	out := map[string]int{}
	for _, r := range rows {
		out[r.st] = r.n
	}
	return out, mapErr(err)
}

// FeedbackItem returns one message.
func (s *Store) FeedbackItem(ctx context.Context, id int64) (domain.Feedback, error) {
	f, err := scanFeedback(s.r.QueryRowContext(ctx, "SELECT "+feedbackCols+feedbackFrom+" WHERE f.id = $1", id))
	return f, mapErr(err)
}

// AnswerFeedback saves the reply to a message read at version and whether
// the question and answer are published on the portal.
func (s *Store) AnswerFeedback(ctx context.Context, actor domain.Actor, id int64, version int, reply string, publish bool) (domain.Feedback, error) {
	reply = strings.TrimSpace(strings.ReplaceAll(reply, "\r\n", "\n"))
	switch {
	case reply == "":
		return domain.Feedback{}, errs.Field("reply", "nhập nội dung trả lời", "write the reply")
	case len([]rune(reply)) > domain.MaxFeedbackLen:
		return domain.Feedback{}, errs.Fieldf("reply", "trả lời dài quá %d ký tự", "the reply is longer than %d characters", domain.MaxFeedbackLen)
	}
	return s.changeFeedback(ctx, actor, id, version, "feedback.answer", func(c *change, old domain.Feedback) error {
		if old.Status == FeedbackSpam {
			return errs.New(errs.Conflict, "thư rác không trả lời được: đưa về “Mới” trước", "spam cannot be answered: move it back to new first")
		}
		_, err := c.tx.ExecContext(ctx, `UPDATE feedback SET status = 'answered', reply = $1, published = $2, replied_by = $3, replied_at = $4,
			updated_at = $4, version = version + 1 WHERE id = $5`, reply, publish, nullIfZero(actor.UserID), micro(c.at), id)
		return err
	})
}

// MarkFeedback moves a message to new, spam or archived. A message marked
// spam or archived is no longer published.
func (s *Store) MarkFeedback(ctx context.Context, actor domain.Actor, id int64, version int, status string) (domain.Feedback, error) {
	switch status {
	case FeedbackNew, FeedbackSpam, FeedbackArchived:
	default:
		return domain.Feedback{}, errs.Field("status", "trạng thái không hợp lệ", "unknown state")
	}
	return s.changeFeedback(ctx, actor, id, version, "feedback."+status, func(c *change, old domain.Feedback) error {
		st := status
		if status == FeedbackNew && old.Reply != "" {
			st = FeedbackAnswered // restored from spam or archive with its answer
		}
		_, err := c.tx.ExecContext(ctx, "UPDATE feedback SET status = $1, published = published AND $2, updated_at = $3, version = version + 1 WHERE id = $4",
			st, status == FeedbackNew, micro(c.at), id)
		return err
	})
}

func (s *Store) changeFeedback(ctx context.Context, actor domain.Actor, id int64, version int, action string,
	fn func(c *change, old domain.Feedback) error) (domain.Feedback, error) {
	var out domain.Feedback
	err := s.audited(ctx, actor, func(c *change) error {
		old, err := scanFeedback(c.tx.QueryRowContext(ctx, "SELECT "+feedbackCols+feedbackFrom+" WHERE f.id = $1", id))
		if err != nil {
			return mapErr(err)
		}
		if old.Version != version {
			return errs.ErrStale
		}
		if err := fn(c, old); err != nil {
			return err
		}
		if out, err = scanFeedback(c.tx.QueryRowContext(ctx, "SELECT "+feedbackCols+feedbackFrom+" WHERE f.id = $1", id)); err != nil {
			return err
		}
		return c.record(action, "feedback", strconv.FormatInt(id, 10), orgRef{old.OrgID, old.OrgCode},
			map[string]any{"status": old.Status, "published": old.Published}, map[string]any{"status": out.Status, "published": out.Published,
				"reply_length": len(out.Reply)})
	})
	return out, err
}

// PublishedQuestions lists answered questions shown on the portal, newest
// answer first. The sender's details are not read.
func (s *Store) PublishedQuestions(ctx context.Context, pg Page) ([]domain.Feedback, int, error) {
	const where = " WHERE f.published = TRUE AND f.status = 'answered'"
	var total int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*)"+feedbackFrom+where).Scan(&total); err != nil {
		return nil, 0, mapErr(err)
	}
	q := &query{}
	q.add("SELECT ", feedbackCols, feedbackFrom, where, " ORDER BY f.replied_at DESC, f.id DESC")
	q.page(pg.Normalize(20))
	list, err := scanAll(ctx, s.r, q.String(), q.args, scanFeedback)
	for i := range list {
		list[i].Name, list[i].Contact = "", ""
	}
	return list, total, mapErr(err)
}
