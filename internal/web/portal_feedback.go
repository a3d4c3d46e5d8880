package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
)

// "Gửi ý kiến phản hồi": the public feedback form. Spam is kept out
// without any outside service: a field people do not see (bots fill it), a
// signed time stamp that shows how long the form was open (bots post at
// once), and a limit per address that answers 429.

const (
	// feedbackMinFill is the least time a person takes to write a message.
	feedbackMinFill = 3 * time.Second
	// feedbackFormAge is how long a form stays valid.
	feedbackFormAge = 24 * time.Hour
	// feedbackPerWindow messages per address within feedbackWindow.
	feedbackPerWindow = 5
	feedbackWindow    = 10 * time.Minute
)

// rateLimiter counts attempts per key in a sliding window, in memory.
type rateLimiter struct {
	mu     sync.Mutex
	limit  int
	window time.Duration
	hits   map[string][]time.Time
}

func newRateLimiter(limit int, window time.Duration) *rateLimiter {
	return &rateLimiter{limit: limit, window: window, hits: map[string][]time.Time{}}
}

// allow records an attempt for key and reports whether it is within the
// limit, and if not, how long until the next one would be.
func (l *rateLimiter) allow(key string, now time.Time) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.hits) > 100_000 {
		// A flood from many addresses: forget the old ones rather than
		// grow without end.
		for k, ts := range l.hits {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > l.window {
				delete(l.hits, k)
			}
		}
	}
	ts := l.hits[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= l.window {
		i++
	}
	ts = ts[i:]
	if len(ts) >= l.limit {
		l.hits[key] = ts
		return false, l.window - now.Sub(ts[0])
	}
	l.hits[key] = append(ts, now)
	return true, 0
}

// formToken signs the moment a form was shown.
func (s *Server) formToken(ctx context.Context, at time.Time) (string, error) {
	key, err := s.store.Secret(ctx, "feedback-form")
	if err != nil {
		return "", err
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(ts))
	return ts + "." + hex.EncodeToString(m.Sum(nil)[:16]), nil
}

// formAge checks a token and returns how long ago its form was shown.
func (s *Server) formAge(ctx context.Context, token string, now time.Time) (time.Duration, bool) {
	ts, _, ok := strings.Cut(token, ".")
	sec, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil {
		return 0, false
	}
	want, err := s.formToken(ctx, time.Unix(sec, 0))
	if err != nil || !hmac.Equal([]byte(want), []byte(token)) {
		return 0, false
	}
	return now.Sub(time.Unix(sec, 0)), true
}

type feedbackFormData struct {
	Token string
	Post  *domain.Post
	Org   string
	Sent  bool
}

func (s *Server) handleFeedbackForm(w http.ResponseWriter, r *http.Request) {
	s.publicFeedbackPage(w, r, http.StatusOK, nil)
}

// publicFeedbackPage shows the form, with the problems of a refused message.
func (s *Server) publicFeedbackPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	p, err := s.publicPage(r, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Title = p.T("Gửi ý kiến phản hồi", "Send feedback")
	p.Portal.Section = "feedback"
	d := feedbackFormData{}
	if d.Token, err = s.formToken(r.Context(), time.Now()); err != nil {
		s.fail(w, r, err)
		return
	}
	vals := r.URL.Query()
	if r.Method == http.MethodPost {
		vals = r.PostForm
	}
	if id, err := strconv.ParseInt(vals.Get("post"), 10, 64); err == nil {
		if post, err := s.store.Post(r.Context(), id); err == nil && post.Public(time.Now()) {
			d.Post = &post
		}
	}
	if o, err := s.store.OrgUnit(r.Context(), vals.Get("org")); err == nil {
		d.Org = o.Code
	}
	if ferr != nil {
		p.refuse(r, ferr)
	}
	p.Data = d
	// The form carries a fresh time stamp: it is never cached.
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, status, "portal_feedback", p)
}

// handleFeedbackSend takes a message: 303 to the thank-you page when kept,
// 429 when the address sent too many, 400 with the form when it is wrong.
func (s *Server) handleFeedbackSend(w http.ResponseWriter, r *http.Request) {
	now := time.Now()
	if ok, wait := s.portal.feedback.allow(state(r).client, now); !ok {
		s.fail(w, r, &errs.Error{Code: errs.Throttled, RetryAfter: max(wait, time.Second),
			VI: "bạn đã gửi nhiều ý kiến trong thời gian ngắn; vui lòng thử lại sau ít phút",
			EN: "you have sent several messages in a short time; please try again in a few minutes"})
		return
	}
	if err := parseForm(r); err != nil {
		s.fail(w, r, err)
		return
	}
	ctx := r.Context()
	if r.PostForm.Get("website") != "" {
		// Only a program fills the field people cannot see; it is told
		// the message went through, so it learns nothing.
		http.Redirect(w, r, "/feedback/thanks", http.StatusSeeOther)
		return
	}
	suspect := false
	if tok := r.PostForm.Get("t"); tok == "" {
		// Sent without the form (a script, or an integration following
		// the API contract): kept, but for editors to check first.
		suspect = true
	} else if age, ok := s.formAge(ctx, tok, now); !ok || age > feedbackFormAge {
		s.publicFeedbackPage(w, r, http.StatusBadRequest, errs.New(errs.Invalid,
			"biểu mẫu đã hết hạn: vui lòng kiểm tra lại nội dung và gửi lại", "the form has expired: please check your message and send it again"))
		return
	} else if age < feedbackMinFill {
		s.publicFeedbackPage(w, r, http.StatusBadRequest, errs.New(errs.Invalid,
			"ý kiến được gửi quá nhanh: vui lòng kiểm tra lại nội dung rồi bấm Gửi", "the message was sent too quickly: please check it and press Send again"))
		return
	}
	f := domain.Feedback{Name: r.PostForm.Get("name"), Contact: r.PostForm.Get("contact"), Subject: r.PostForm.Get("subject"),
		Message: r.PostForm.Get("message")}
	org, err := s.feedbackOrg(ctx, r.PostForm.Get("org"))
	if err != nil {
		s.fail(w, r, err)
		return
	}
	if id, err := strconv.ParseInt(r.PostForm.Get("post"), 10, 64); err == nil && id > 0 {
		post, err := s.store.Post(ctx, id)
		if err != nil || !post.Public(now) {
			s.publicFeedbackPage(w, r, http.StatusBadRequest, errs.Field("post", "bài viết được nhắc tới không có", "the post referred to does not exist"))
			return
		}
		f.PostID = post.ID
		if org, err = s.store.OrgUnitByID(ctx, post.OrgID); err != nil {
			s.fail(w, r, err)
			return
		}
	}
	if suspect {
		f.Status = store.FeedbackSpam
	}
	actor := domain.Actor{Username: "public", Client: state(r).client}
	if _, err := s.store.AddFeedback(ctx, actor, org, f); err != nil {
		s.publicFeedbackPage(w, r, statusOf(errs.CodeOf(err)), err)
		return
	}
	http.Redirect(w, r, "/feedback/thanks", http.StatusSeeOther)
}

// feedbackOrg is the unit a message goes to: the agency whose page it was
// sent from, or the province (the first root).
func (s *Server) feedbackOrg(ctx context.Context, code string) (domain.OrgUnit, error) {
	if code != "" {
		if o, err := s.store.OrgUnit(ctx, code); err == nil && o.ActiveTo == "" {
			return o, nil
		}
	}
	sh, err := s.shared(ctx)
	if err != nil {
		return domain.OrgUnit{}, err
	}
	if sh.root == nil {
		return domain.OrgUnit{}, errs.New(errs.Unavailable, "cổng thông tin chưa có đơn vị nào nhận ý kiến", "the portal has no unit to receive feedback yet")
	}
	return *sh.root, nil
}

func (s *Server) handleFeedbackThanks(w http.ResponseWriter, r *http.Request) {
	p, err := s.publicPage(r, "")
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p.Title = p.T("Cảm ơn bạn đã gửi ý kiến", "Thank you for your feedback")
	p.Portal.Section = "feedback"
	p.Data = feedbackFormData{Sent: true}
	s.render(w, r, http.StatusOK, "portal_feedback", p)
}
