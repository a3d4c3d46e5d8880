package portal

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/auth"
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/mail"
	"tebdg/internal/store"
	"tebdg/internal/web"
)

// The feedback queue: citizens' messages, their states, and the editors'
// replies (by e-mail, and optionally published as a question).

// feedbackStates are the tabs of the queue; "all" shows every state.
var feedbackStates = []string{store.FeedbackNew, store.FeedbackAnswered, store.FeedbackSpam, store.FeedbackArchived}

func feedbackLabel(p *page, st string) string {
	switch st {
	case store.FeedbackNew:
		return p.T("Mới", "New")
	case store.FeedbackAnswered:
		return p.T("Đã trả lời", "Answered")
	case store.FeedbackSpam:
		return p.T("Thư rác", "Spam")
	case store.FeedbackArchived:
		return p.T("Lưu trữ", "Archived")
	}
	return p.T("Tất cả", "All")
}

type feedbackRow struct {
	domain.Feedback
	OrgName string
}

type feedbackListData struct {
	Items  []feedbackRow
	Tabs   []stateTab
	Status string
	Query  string
	Pager  web.Pager
}

// handleFeedbackList is the moderation queue: the messages sent to the
// user's units, new ones first by default.
func (s *Handler) handleFeedbackList(w http.ResponseWriter, r *http.Request) {
	_, sc, err := portalGate(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	ctx := r.Context()
	q := r.URL.Query()
	d := feedbackListData{Status: q.Get("status"), Query: web.TrimTo(q.Get("q"), 200)}
	if d.Status == "" {
		d.Status = store.FeedbackNew
	}
	known := d.Status == "all"
	for _, st := range feedbackStates {
		known = known || st == d.Status
	}
	if !known {
		s.Fail(w, r, errs.Field("status", "trạng thái không hợp lệ", "unknown state"))
		return
	}
	counts, err := s.store.FeedbackCounts(ctx, sc)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	p := s.newPage(r, "", "feedback")
	p.Title = p.T("Phản hồi của người dân", "Feedback from citizens")
	for _, st := range feedbackStates {
		counts["all"] += counts[st]
	}
	for _, st := range append(append([]string{}, feedbackStates...), "all") {
		v := url.Values{"status": {st}}
		if d.Query != "" {
			v.Set("q", d.Query)
		}
		d.Tabs = append(d.Tabs, stateTab{Label: feedbackLabel(p, st), URL: "/app/feedback?" + v.Encode(), Count: counts[st], Current: st == d.Status})
	}
	f := store.FeedbackFilter{Scope: sc, Status: d.Status, Search: d.Query}
	if d.Status == "all" {
		f.Status = ""
	}
	pg := web.ListPage(r, 30)
	list, total, err := s.store.FeedbackList(ctx, f, pg)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	units, err := s.portalUnits(r, sc)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	names := unitNames(units, p.Lang)
	for _, it := range list {
		d.Items = append(d.Items, feedbackRow{Feedback: it, OrgName: names[it.OrgCode]})
	}
	if web.Downloading(r) {
		s.SendTable(w, r, "phan-hoi-"+d.Status, feedbackTable(p, d.Items))
		return
	}
	d.Pager = web.NewPager(r, pg, total)
	p.Data = d
	s.Render(w, r, http.StatusOK, "feedback_list", p)
}

type feedbackMark struct {
	Status string
	Label  string
}

type feedbackPageData struct {
	Item       domain.Feedback
	Org        domain.OrgUnit
	StateLabel string
	ReplyEmail string
	CanMail    bool
	Marks      []feedbackMark
}

// loadFeedback loads a message sent to a unit whose section the user edits;
// others get 404. A message sent to no unit is for those who edit the
// whole portal.
func (s *Handler) loadFeedback(r *http.Request) (domain.Feedback, domain.OrgUnit, error) {
	u, sc, err := portalGate(r)
	if err != nil {
		return domain.Feedback{}, domain.OrgUnit{}, err
	}
	id, err := web.PathID(r, "id")
	if err != nil {
		return domain.Feedback{}, domain.OrgUnit{}, err
	}
	f, err := s.store.FeedbackItem(r.Context(), id)
	if err != nil {
		return f, domain.OrgUnit{}, err
	}
	if f.OrgCode == "" {
		if !sc.All {
			return f, domain.OrgUnit{}, errs.ErrNotFound
		}
		return f, domain.OrgUnit{}, nil
	}
	org, err := s.store.OrgUnit(r.Context(), f.OrgCode)
	if err != nil || !auth.CanEditPortal(u, org.Path) {
		return f, org, errs.ErrNotFound
	}
	return f, org, nil
}

func (s *Handler) feedbackItemPage(w http.ResponseWriter, r *http.Request, status int, f domain.Feedback, org domain.OrgUnit, ferr error) {
	p := s.newPage(r, "", "feedback")
	p.Title = f.Subject
	d := feedbackPageData{Item: f, Org: org, StateLabel: feedbackLabel(p, f.Status), ReplyEmail: f.ReplyEmail()}
	d.CanMail = d.ReplyEmail != "" && s.Config().Mailer != nil
	for _, st := range []string{store.FeedbackNew, store.FeedbackSpam, store.FeedbackArchived} {
		current := f.Status == st || st == store.FeedbackNew && f.Status == store.FeedbackAnswered
		if current {
			continue
		}
		label := map[string]string{store.FeedbackNew: p.T("Đưa về “Mới”", "Back to new"), store.FeedbackSpam: p.T("Đánh dấu thư rác", "Mark as spam"),
			store.FeedbackArchived: p.T("Lưu trữ", "Archive")}[st]
		d.Marks = append(d.Marks, feedbackMark{Status: st, Label: label})
	}
	if ferr != nil && r.PostForm.Has("reply") {
		p.Form.Values = r.PostForm
	} else {
		p.Form.Values = url.Values{"reply": {f.Reply}}
		if f.Published {
			// Publishing is the editor's choice each time: a message may
			// tell things about a child or a family that must not go public.
			p.Form.Values.Set("publish", "on")
		}
	}
	if ferr != nil {
		p.Form.SetErr(ferr, p.Lang)
	}
	p.Data = d
	s.Render(w, r, status, "feedback_item", p)
}

func (s *Handler) handleFeedbackShow(w http.ResponseWriter, r *http.Request) {
	f, org, err := s.loadFeedback(r)
	if err != nil {
		s.Fail(w, r, err)
		return
	}
	s.feedbackItemPage(w, r, http.StatusOK, f, org, nil)
}

// handleFeedbackReply saves the answer and, when the sender left an e-mail
// address, mails it to them. The answer stays saved when the mail fails:
// the editor is told to reach the sender another way.
func (s *Handler) handleFeedbackReply(w http.ResponseWriter, r *http.Request) {
	f, org, err := s.loadFeedback(r)
	if err = web.ThenForm(r, err); err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.FormInt(r, "version")
	publish := r.PostFormValue("publish") != ""
	var saved domain.Feedback
	if err == nil {
		saved, err = s.store.AnswerFeedback(r.Context(), web.State(r).Actor(), f.ID, version, r.PostFormValue("reply"), publish)
	}
	if err != nil {
		s.feedbackItemPage(w, r, web.StatusOf(errs.CodeOf(err)), f, org, err)
		return
	}
	s.portalChanged()
	flash := "reply_saved"
	if saved.Published {
		flash = "reply_published"
	}
	if addr := saved.ReplyEmail(); addr != "" {
		flash = s.mailReply(r.Context(), saved, org, addr)
	}
	web.RedirectFlash(w, r, "/app/feedback/"+strconv.FormatInt(f.ID, 10), flash)
}

// mailReply mails the answer when e-mail is set up, and names the message
// that tells the editor what happened.
func (s *Handler) mailReply(ctx context.Context, f domain.Feedback, org domain.OrgUnit, addr string) string {
	if s.Config().Mailer == nil {
		return "reply_not_mailed"
	}
	if err := s.sendReply(ctx, f, org, addr); err != nil {
		s.Log().Error("feedback reply not mailed", "feedback", f.ID, "err", err)
		return "reply_mail_failed"
	}
	if f.Published {
		return "reply_mailed_published"
	}
	return "reply_mailed"
}

// sendReply mails an answer to the citizen, in plain text, quoting what
// they wrote so the answer makes sense on its own.
func (s *Handler) sendReply(ctx context.Context, f domain.Feedback, org domain.OrgUnit, addr string) error {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	greeting := "Kính gửi anh/chị,"
	if f.Name != "" {
		greeting = "Kính gửi " + f.Name + ","
	}
	from := "Cơ quan"
	if org.Name != "" {
		from = org.Name
	}
	var b strings.Builder
	b.WriteString(greeting + "\n\n")
	b.WriteString(from + " trả lời ý kiến anh/chị gửi qua cổng thông tin ngày " + web.FmtDate(f.Created) + " như sau:\n\n")
	b.WriteString(f.Reply + "\n\n")
	b.WriteString("-----\nNội dung anh/chị đã gửi:\nTiêu đề: " + f.Subject + "\n")
	for l := range strings.SplitSeq(f.Message, "\n") {
		b.WriteString("> " + l + "\n")
	}
	if f.Published {
		b.WriteString("\nCâu hỏi và câu trả lời được đăng công khai trên cổng thông tin, không kèm họ tên và thông tin liên hệ của anh/chị.\n")
	}
	return s.Config().Mailer.Send(ctx, mail.Message{From: s.Config().MailFrom, To: []mail.Address{{Name: f.Name, Email: addr}},
		Subject: "Trả lời: " + f.Subject, Text: b.String()})
}

// handleFeedbackMark moves a message to new, spam or archived. Sorting the
// queue goes on from the list; bringing one back opens it.
func (s *Handler) handleFeedbackMark(w http.ResponseWriter, r *http.Request) {
	f, org, err := s.loadFeedback(r)
	if err = web.ThenForm(r, err); err != nil {
		s.Fail(w, r, err)
		return
	}
	version, err := web.FormInt(r, "version")
	status := r.PostFormValue("status")
	if err == nil {
		_, err = s.store.MarkFeedback(r.Context(), web.State(r).Actor(), f.ID, version, status)
	}
	if err != nil {
		s.feedbackItemPage(w, r, web.StatusOf(errs.CodeOf(err)), f, org, err)
		return
	}
	s.portalChanged()
	if status == store.FeedbackNew {
		web.RedirectFlash(w, r, "/app/feedback/"+strconv.FormatInt(f.ID, 10), "moved_state")
		return
	}
	web.RedirectFlash(w, r, "/app/feedback", "moved_state")
}
