package portal

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// "Gửi ý kiến phản hồi": the public feedback form. Spam is kept out
// without any outside service: a field people do not see (bots fill it), a
// signed time stamp that shows how long the form was open (bots post at
// once), and a limit per address that answers 429, counted in the database
// so that every instance shares it.
//
// The form's page is cached like the rest of the portal, but its time
// stamp is not: the cached body holds formTokenSlot, which each response
// fills with a stamp made for that visitor at that moment. So a page
// rendered a minute ago does not hand out a minute-old stamp that lets an
// instant post through.

const (
	// feedbackMinFill is the least time a person takes to write a message.
	feedbackMinFill = 3 * time.Second
	// feedbackFormAge is how long a form stays valid.
	feedbackFormAge = 2 * time.Hour
	// feedbackPerWindow messages per address within feedbackWindow.
	feedbackPerWindow = 5
	feedbackWindow    = 10 * time.Minute
)

// formTokenSlot stands for the time stamp in a cached feedback page. It is
// letters and dashes only, so the template writes it unchanged.
const formTokenSlot = "tebdg-form-time-stamp" //nolint:gosec // a placeholder, no secret

// formTokenField is how the slot appears in the page: only the form's own
// field is filled, whatever else the page says.
var formTokenField = []byte(`name="t" value="` + formTokenSlot + `"`)

// fillFormToken puts a fresh time stamp into a page rendered with the slot.
func fillFormToken(body []byte, tok string) []byte {
	return bytes.Replace(body, formTokenField, []byte(`name="t" value="`+tok+`"`), 1)
}

// formToken signs the moment a form was shown, to the millisecond. The key
// is in the database, so a form shown by one instance is taken by another.
func (s *Handler) formToken(ctx context.Context, at time.Time) (string, error) {
	s.portal.mu.Lock()
	key := s.portal.formKey
	s.portal.mu.Unlock()
	if key == nil {
		var err error
		if key, err = s.store.Secret(ctx, "feedback-form"); err != nil {
			return "", err
		}
		s.portal.mu.Lock()
		s.portal.formKey = key
		s.portal.mu.Unlock()
	}
	ts := strconv.FormatInt(at.UnixMilli(), 10)
	m := hmac.New(sha256.New, key)
	m.Write([]byte(ts))
	return ts + "." + hex.EncodeToString(m.Sum(nil)[:16]), nil
}

// formAge checks a token and returns how long ago its form was shown.
func (s *Handler) formAge(ctx context.Context, token string, now time.Time) (time.Duration, bool) {
	ts, _, ok := strings.Cut(token, ".")
	ms, err := strconv.ParseInt(ts, 10, 64)
	if !ok || err != nil || len(token) > 64 {
		return 0, false
	}
	want, err := s.formToken(ctx, time.UnixMilli(ms))
	if err != nil || !hmac.Equal([]byte(want), []byte(token)) {
		return 0, false
	}
	return now.Sub(time.UnixMilli(ms)), true
}

type feedbackFormData struct {
	Token string
	Post  *domain.Post
	Org   string
	Sent  bool
}

func (s *Handler) handleFeedbackForm(w http.ResponseWriter, r *http.Request) {
	s.publicFeedbackPage(w, r, http.StatusOK, nil)
}

// publicFeedbackPage shows the form, with the problems of a refused message.
func (s *Handler) publicFeedbackPage(w http.ResponseWriter, r *http.Request, status int, ferr error) {
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = p.T("Gửi ý kiến phản hồi", "Send feedback")
	p.Portal.Section = "feedback"
	d := feedbackFormData{}
	if rec, ok := w.(*recorder); ok {
		// Rendered for the cache: each response fills in its own stamp.
		d.Token, rec.formToken = formTokenSlot, true
	} else if d.Token, err = s.formToken(r.Context(), s.store.Now()); err != nil {
		s.Fail(w, r, err)
		return
	}
	vals := r.URL.Query()
	if r.Method == http.MethodPost {
		vals = r.PostForm
	}
	if id, err := strconv.ParseInt(vals.Get("post"), 10, 64); err == nil {
		if post, err := s.store.Post(r.Context(), id); err == nil && post.Public(s.Now()) {
			d.Post = &post
		}
	}
	if o, err := s.store.OrgUnit(r.Context(), vals.Get("org")); err == nil {
		d.Org = o.Code
	}
	if ferr != nil {
		p.Refuse(r, ferr)
	}
	p.Data = d
	if _, cached := w.(*recorder); !cached {
		// The answer to a refused message holds what was written.
		w.Header().Set("Cache-Control", "no-store")
	}
	s.Render(w, r, status, "portal_feedback", p)
}

// handleFeedbackSend takes a message: 303 to the thank-you page when kept,
// 429 when the address sent too many, 400 with the form when it is wrong.
func (s *Handler) handleFeedbackSend(w http.ResponseWriter, r *http.Request) {
	now := s.store.Now()
	// Messages kept count, on every instance; an address that has sent
	// its share is answered before anything else is done.
	limit := store.FeedbackLimit{Client: web.State(r).Client, Max: feedbackPerWindow, Window: feedbackWindow}
	if err := s.store.CheckFeedbackLimit(r.Context(), limit); err != nil {
		s.Fail(w, r, err)
		return
	}
	if err := web.ParseForm(r); err != nil {
		s.Fail(w, r, err)
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
		s.Fail(w, r, err)
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
			s.Fail(w, r, err)
			return
		}
	}
	if suspect {
		f.Status = store.FeedbackSpam
	}
	actor := domain.Actor{Username: "public", Client: web.State(r).Client}
	if _, err := s.store.SendFeedback(ctx, actor, org, f, limit); err != nil {
		if errs.Is(err, errs.Throttled) {
			s.Fail(w, r, err) // another instance took the last turn meanwhile
			return
		}
		s.publicFeedbackPage(w, r, web.StatusOf(errs.CodeOf(err)), err)
		return
	}
	http.Redirect(w, r, "/feedback/thanks", http.StatusSeeOther)
}

// SweepFeedback forgets who sent messages once the limit's window is
// over. The serve command runs it every few minutes.
func (s *Handler) SweepFeedback(ctx context.Context) error {
	return s.store.SweepFeedbackSends(ctx, feedbackWindow)
}

// feedbackOrg is the unit a message goes to: the agency whose page it was
// sent from, or the province (the first root).
func (s *Handler) feedbackOrg(ctx context.Context, code string) (domain.OrgUnit, error) {
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

func (s *Handler) handleFeedbackThanks(w http.ResponseWriter, r *http.Request) {
	p, err := s.publicPage(r, "")
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p.Title = p.T("Cảm ơn bạn đã gửi ý kiến", "Thank you for your feedback")
	p.Portal.Section = "feedback"
	p.Data = feedbackFormData{Sent: true}
	s.Render(w, r, http.StatusOK, "portal_feedback", p)
}
