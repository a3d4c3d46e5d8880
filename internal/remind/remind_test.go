package remind_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"

	"tebdg/internal/auth"
	"tebdg/internal/demo"
	"tebdg/internal/domain"
	"tebdg/internal/mail"
	"tebdg/internal/period"
	"tebdg/internal/remind"
	"tebdg/internal/store"
	"tebdg/internal/store/storetest"
	"tebdg/internal/vntext"
)

var ctx = context.Background()

// smtpServer is a real SMTP server on loopback that keeps what it is given.
type smtpServer struct {
	addr string
	mu   sync.Mutex
	msgs []received
	// refuse, when set, answers RCPT with this error.
	refuse error
	// delay, when set, is how long the server takes to answer the final
	// "." of DATA, after it has kept the message: a slow server, or one
	// whose answer is late.
	delay time.Duration
}

// slow makes the server answer DATA's final "." after d.
func (s *smtpServer) slow(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delay = d
}

type received struct {
	from string
	to   []string
	msg  *netmail.Message
	body string
}

type session struct {
	srv  *smtpServer
	from string
	to   []string
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error { s.from = from; return nil }
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.srv.mu.Lock()
	defer s.srv.mu.Unlock()
	if s.srv.refuse != nil {
		return s.srv.refuse
	}
	s.to = append(s.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m, err := netmail.ReadMessage(strings.NewReader(string(b)))
	if err != nil {
		return err
	}
	body, _ := io.ReadAll(m.Body)
	s.srv.mu.Lock()
	s.srv.msgs = append(s.srv.msgs, received{from: s.from, to: s.to, msg: m, body: string(body)})
	delay := s.srv.delay
	s.srv.mu.Unlock()
	time.Sleep(delay)
	return nil
}
func (s *session) Reset()        { s.from, s.to = "", nil }
func (s *session) Logout() error { return nil }

func startSMTP(t testing.TB) *smtpServer {
	t.Helper()
	srv := &smtpServer{}
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return &session{srv: srv}, nil }))
	s.Domain = "localhost"
	s.ReadTimeout, s.WriteTimeout = 10*time.Second, 10*time.Second
	s.ErrorLog = log.New(io.Discard, "", 0)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv.addr = ln.Addr().String()
	done := make(chan struct{})
	go func() { defer close(done); _ = s.Serve(ln) }()
	t.Cleanup(func() { _ = s.Close(); <-done })
	return srv
}

func (s *smtpServer) received() []received {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]received(nil), s.msgs...)
}

var from = mail.Address{Name: "TE&BĐG Quảng Ninh", Email: "no-reply@quangninh.tebdg.example"}

func sender(t testing.TB, addr string) *mail.Sender {
	t.Helper()
	s, err := mail.NewSender(mail.Config{Addr: addr, From: from, TLS: mail.NoTLS, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// seeded opens a store with the demo province.
func seeded(t testing.TB, engine store.Dialect) *store.Store {
	t.Helper()
	s := storetest.Open(t, engine, store.Options{})
	demoProvince(t, s)
	return s
}

// quarterDue is the deadline of the quarterly report of the quarter
// running today, as the demo's template sets it.
func quarterDue(t testing.TB, s *store.Store) (period.Period, time.Time) {
	t.Helper()
	tpl, err := s.Template(ctx, "BC-TEBDG-QUY")
	if err != nil {
		t.Fatal(err)
	}
	hs, err := s.HolidaySet(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().In(vntext.Location)
	q := period.Containing(period.Quarterly, period.Decree09, time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC))
	return q, q.Deadline(tpl.DeadlineDays, hs)
}

func at(day time.Time, h, m int) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), h, m, 0, 0, vntext.Location)
}

func decode(t *testing.T, h string) string {
	t.Helper()
	s, err := new(mime.WordDecoder).DecodeHeader(h)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDeadlineRemindersByEmailAndInApp(t *testing.T) {
	s := seeded(t, store.SQLite)
	srv := startSMTP(t)
	q, due := quarterDue(t, s)
	now := at(due.AddDate(0, 0, -3), 8, 30)
	sched := &remind.Scheduler{Store: s, Mailer: sender(t, srv.addr), From: from, BaseURL: "https://tebdg.quangninh.example", Worker: "w1",
		Now: func() time.Time { return now }}
	res, err := sched.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Planned == 0 || res.Delivered != res.Planned || res.Failed+res.Retrying != 0 {
		t.Fatalf("pass: %+v", res)
	}
	subject := "Còn 3 ngày: Báo cáo kết quả công tác trẻ em và bình đẳng giới (quý) – " + q.Label("vi")
	var toManager *received
	for _, m := range srv.received() {
		if decode(t, m.msg.Header.Get("Subject")) == subject && len(m.to) == 1 && m.to[0] == "manager@quangninh.tebdg.example" {
			toManager = &m
		}
		if len(m.to) == 1 && (m.to[0] == "viewer@quangninh.tebdg.example" || m.to[0] == "admin@quangninh.tebdg.example") {
			t.Errorf("%s got a reminder: %s", m.to[0], decode(t, m.msg.Header.Get("Subject")))
		}
	}
	if toManager == nil {
		t.Fatalf("no %q to the focal officer among %d messages", subject, len(srv.received()))
	}
	if toManager.from != from.Email || !strings.Contains(toManager.msg.Header.Get("List-Unsubscribe"), "https://tebdg.quangninh.example/unsubscribe?u=") {
		t.Errorf("envelope %s, headers %v", toManager.from, toManager.msg.Header)
	}
	if !strings.Contains(toManager.body, "quoted-printable") || !strings.Contains(toManager.msg.Header.Get("Content-Type"), "multipart/alternative") {
		t.Errorf("not a text and HTML message: %s", toManager.msg.Header.Get("Content-Type"))
	}
	// In the application too, once.
	manager, _ := s.UserByUsername(ctx, "manager")
	notes, _ := s.Notifications(ctx, manager.ID, false, 100)
	found := 0
	for _, n := range notes {
		if n.Title == subject {
			found++
			if !strings.Contains(n.Body, "Hạn: "+vntext.FormatDate(due)) || n.Link != "/app/reports/BC-TEBDG-QUY/QN-SGTVT/"+q.ID {
				t.Errorf("notification: %+v", n)
			}
		}
	}
	if found != 1 {
		t.Errorf("%d notifications %q", found, subject)
	}
	// The same pass again sends nothing more.
	before := len(srv.received())
	if res, err := sched.Pass(ctx); err != nil || res.Planned != 0 || res.Delivered != 0 {
		t.Errorf("second pass: %+v %v", res, err)
	}
	if len(srv.received()) != before {
		t.Errorf("a second pass sent %d more", len(srv.received())-before)
	}
	// Once the report is submitted, the due-day reminder is not planned.
	tpl, _ := s.Template(ctx, "BC-TEBDG-QUY")
	org, _ := s.OrgUnit(ctx, "QN-SGTVT")
	rep, err := s.Report(ctx, tpl.ID, org.ID, q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.TransitionReport(ctx, domain.Actor{UserID: manager.ID, Username: "manager"}, rep.ID, rep.Version, store.ReportSubmit, ""); err != nil {
		t.Fatal(err)
	}
	now = at(due, 8, 30)
	if _, err := sched.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	// The department's submitted report is not reminded; another agency's
	// managers are still reminded of theirs.
	for _, m := range srv.received()[before:] {
		if subj := decode(t, m.msg.Header.Get("Subject")); strings.Contains(subj, "Hôm nay đến hạn: Báo cáo kết quả công tác trẻ em và bình đẳng giới (quý)") &&
			slices.Contains(m.to, "manager@quangninh.tebdg.example") {
			t.Errorf("a reminder for a submitted report: %s", subj)
		}
	}
}

func TestUnsubscribeLinks(t *testing.T) {
	secret := []byte("a secret of the deployment")
	sig := remind.UnsubscribeSignature(secret, 7, domain.RemindDigest)
	for _, tt := range []struct {
		name string
		user int64
		kind domain.ReminderKind
		sig  string
		ok   bool
	}{
		{"the link as sent", 7, domain.RemindDigest, sig, true},
		{"another user", 8, domain.RemindDigest, sig, false},
		{"another kind", 7, domain.RemindDeadline, sig, false},
		{"a forged signature", 7, domain.RemindDigest, strings.Repeat("0", len(sig)), false},
		{"no signature", 7, domain.RemindDigest, "", false},
	} {
		if got := remind.CheckUnsubscribe(secret, tt.user, tt.kind, tt.sig); got != tt.ok {
			t.Errorf("%s: %v", tt.name, got)
		}
	}
	if p := remind.UnsubscribePath(secret, 7, domain.RemindDigest); p != "/unsubscribe?u=7&k=digest&s="+sig {
		t.Errorf("path %s", p)
	}
}

func TestDigestAndObservancePreparation(t *testing.T) {
	s := seeded(t, store.SQLite)
	srv := startSMTP(t)
	today := time.Now().In(vntext.Location)
	monday := today.AddDate(0, 0, -((int(today.Weekday()) + 6) % 7))
	now := at(monday, 7, 45)
	sched := &remind.Scheduler{Store: s, Mailer: sender(t, srv.addr), From: from, BaseURL: "https://tebdg.quangninh.example", Worker: "w1",
		Now: func() time.Time { return now }}
	if _, err := sched.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	var digest *received
	for _, m := range srv.received() {
		if strings.HasPrefix(decode(t, m.msg.Header.Get("Subject")), "Việc trong tuần "+vntext.FormatDate(monday)) && m.to[0] == "manager@quangninh.tebdg.example" {
			digest = &m
		}
	}
	if digest == nil {
		t.Fatal("no Monday digest for the focal officer")
	}
	// The plain-text part lists the week's events of the agency.
	if text := plainText(t, digest); !strings.Contains(text, "Giao ban Lãnh đạo Sở tuần") || !strings.Contains(text, "/unsubscribe?u=") {
		t.Errorf("the digest lacks the week's events")
	}
	// Preparation for Children's Day starts 14 days before 1 June: staff
	// and coordinators are told in the application; admins and viewers not.
	june1 := time.Date(today.Year()+1, 6, 1, 0, 0, 0, 0, time.UTC)
	now = at(june1.AddDate(0, 0, -14), 8, 5)
	if _, err := sched.Pass(ctx); err != nil {
		t.Fatal(err)
	}
	title := "Chuẩn bị: Ngày Quốc tế Thiếu nhi (" + vntext.FormatDate(june1) + ")"
	for _, name := range []string{"manager", "reporter", "coordinator", "admin", "viewer"} {
		u, _ := s.UserByUsername(ctx, name)
		notes, _ := s.Notifications(ctx, u.ID, false, 100)
		got := false
		for _, n := range notes {
			got = got || n.Title == title
		}
		if want := name != "admin" && name != "viewer"; got != want {
			t.Errorf("%s told to prepare: %v, want %v", name, got, want)
		}
	}
}

// plainText returns the decoded text/plain part of a received message.
func plainText(t *testing.T, m *received) string {
	t.Helper()
	_, params, err := mime.ParseMediaType(m.msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatal(err)
	}
	mr := multipart.NewReader(strings.NewReader(m.body), params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			t.Fatalf("no text part: %v", err)
		}
		if strings.HasPrefix(p.Header.Get("Content-Type"), "text/plain") {
			b, err := io.ReadAll(quotedprintable.NewReader(p))
			if err != nil {
				t.Fatal(err)
			}
			return string(b)
		}
	}
}

// An unreachable mail server: the e-mails wait and are retried with
// growing pauses, then stay failed where admins see them, and go out when
// retried once the server is back. Nothing is lost.
func TestMailServerDownRetriesThenFails(t *testing.T) {
	s := seeded(t, store.SQLite)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	dead := ln.Addr().String()
	_ = ln.Close()
	_, due := quarterDue(t, s)
	now := at(due.AddDate(0, 0, -3), 8, 30)
	sched := &remind.Scheduler{Store: s, Mailer: sender(t, dead), From: from, BaseURL: "https://tebdg.quangninh.example", Worker: "w1",
		Now: func() time.Time { return now }}
	res, err := sched.Pass(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.Retrying == 0 || res.Failed != 0 {
		t.Fatalf("first pass: %+v", res)
	}
	emails := res.Retrying
	waiting, _ := s.Reminders(ctx, store.ReminderPending, true, 100)
	if len(waiting) != emails || waiting[0].LastError == "" || !waiting[0].NextAt.Equal(now.Add(remind.Backoff[0])) {
		t.Fatalf("waiting: %d of %d, %+v", len(waiting), emails, waiting[0])
	}
	// Each retry comes after its pause, until the last one gives up.
	for i := 1; i <= len(remind.Backoff); i++ {
		now = now.Add(remind.Backoff[i-1])
		if _, err := sched.Deliver(ctx, now); err != nil {
			t.Fatal(err)
		}
	}
	stats, _ := s.ReminderStats(ctx)
	if stats[store.ChannelEmail][store.ReminderFailed] != emails || stats[store.ChannelEmail][store.ReminderPending] != 0 {
		t.Fatalf("after every retry: %v", stats)
	}
	failed, _ := s.Reminders(ctx, store.ReminderFailed, false, 100)
	if failed[0].Attempts != len(remind.Backoff)+1 {
		t.Errorf("attempts: %d", failed[0].Attempts)
	}
	// The server is back; an admin retries.
	srv := startSMTP(t)
	sched.Mailer = sender(t, srv.addr)
	if _, err := s.RetryFailedReminders(ctx, domain.Actor{Username: "admin"}); err != nil {
		t.Fatal(err)
	}
	now = time.Now().Add(time.Minute)
	res, err = sched.Deliver(ctx, now)
	if err != nil || res.Delivered != emails || len(srv.received()) != emails {
		t.Fatalf("after the retry: %+v %v, %d received", res, err, len(srv.received()))
	}
}

// A refused recipient (5xx) is not retried: it waits for an admin.
func TestRefusedRecipientFailsAtOnce(t *testing.T) {
	s := seeded(t, store.SQLite)
	srv := startSMTP(t)
	srv.refuse = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "no such mailbox"}
	_, due := quarterDue(t, s)
	sched := &remind.Scheduler{Store: s, Mailer: sender(t, srv.addr), From: from, Worker: "w1",
		Now: func() time.Time { return at(due.AddDate(0, 0, -3), 8, 30) }}
	res, err := sched.Pass(ctx)
	if err != nil || res.Failed == 0 || res.Retrying != 0 {
		t.Fatalf("pass: %+v %v", res, err)
	}
	failed, _ := s.Reminders(ctx, store.ReminderFailed, false, 100)
	if len(failed) != res.Failed || !strings.Contains(failed[0].LastError, "550") {
		t.Errorf("failed: %+v", failed)
	}
}

// countingMailer records what it is asked to send, slowly enough for two
// schedulers to overlap.
type countingMailer struct {
	mu   sync.Mutex
	sent map[string]int // by Message-ID
}

func (c *countingMailer) Send(_ context.Context, m mail.Message) error {
	time.Sleep(2 * time.Millisecond)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.sent[m.MessageID]++
	return nil
}

// twoInstances opens one database twice, as two instances of tebdg serve
// would, filled by fill (demoProvince, or less).
func twoInstances(t *testing.T, engine store.Dialect, fill func(testing.TB, *store.Store)) (*store.Store, *store.Store) {
	t.Helper()
	url := storetest.URL(t, engine)
	key := storetest.AuditKey()
	open := func() *store.Store {
		st, err := store.Open(ctx, url, store.Options{AuditKey: key})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = st.Close() })
		return st
	}
	s1 := open()
	if err := s1.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	fill(t, s1)
	return s1, open()
}

// demoProvince fills a store with the demo province.
func demoProvince(t testing.TB, s *store.Store) {
	t.Helper()
	if _, err := demo.Seed(ctx, s, auth.NewHasher(auth.TestParams)); err != nil {
		t.Fatal(err)
	}
}

// Two instances on one database, each with its own scheduler, passing at
// the same moments: every reminder goes out once.
func TestTwoSchedulersSendEachReminderOnce(t *testing.T) {
	for _, engine := range storetest.Engines(t) {
		t.Run(string(engine), func(t *testing.T) {
			s1, s2 := twoInstances(t, engine, demoProvince)
			_, due := quarterDue(t, s1)
			mailer := &countingMailer{sent: map[string]int{}}
			var wg sync.WaitGroup
			for pass := range 3 {
				now := at(due.AddDate(0, 0, -3), 8, 30).Add(time.Duration(pass) * time.Minute)
				for i, st := range []*store.Store{s1, s2} {
					wg.Add(1)
					go func() {
						defer wg.Done()
						sc := &remind.Scheduler{Store: st, Mailer: mailer, From: from, Worker: fmt.Sprintf("instance-%d", i),
							Now: func() time.Time { return now }, Batch: 3}
						if _, err := sc.Pass(ctx); err != nil {
							t.Error(err)
						}
					}()
				}
				wg.Wait()
			}
			stats, _ := s1.ReminderStats(ctx)
			emails := stats[store.ChannelEmail][store.ReminderSent]
			if emails == 0 || len(mailer.sent) != emails {
				t.Fatalf("%d e-mails marked sent, %d distinct sent (%v)", emails, len(mailer.sent), stats)
			}
			for id, n := range mailer.sent {
				if n != 1 {
					t.Errorf("%s sent %d times", id, n)
				}
			}
			if stats[store.ChannelApp][store.ReminderPending]+stats[store.ChannelEmail][store.ReminderPending] != 0 {
				t.Errorf("left pending: %v", stats)
			}
		})
	}
}

// An instance that claimed reminders and died: once its claims run out,
// another sends them, each once, and nothing already sent goes again.
func TestRemindersOfACrashedInstanceGoOutOnce(t *testing.T) {
	s := seeded(t, store.SQLite)
	_, due := quarterDue(t, s)
	now := at(due.AddDate(0, 0, -3), 8, 30)
	mailer := &countingMailer{sent: map[string]int{}}
	b := &remind.Scheduler{Store: s, Mailer: mailer, From: from, Worker: "b", Now: func() time.Time { return now }}
	planned, err := b.Plan(ctx, now)
	if err != nil || planned == 0 {
		t.Fatalf("plan: %d %v", planned, err)
	}
	// The dead instance took half of them, and sent none.
	held, err := s.ClaimReminders(ctx, "dead", now, 5*time.Minute, planned/2)
	if err != nil || len(held) != planned/2 {
		t.Fatalf("claim: %d %v", len(held), err)
	}
	res, err := b.Deliver(ctx, now)
	if err != nil || res.Delivered != planned-len(held) {
		t.Fatalf("while held: %+v %v", res, err)
	}
	if res, _ := b.Deliver(ctx, now.Add(4*time.Minute)); res.Delivered != 0 {
		t.Errorf("delivered under a live claim: %+v", res)
	}
	res, err = b.Deliver(ctx, now.Add(5*time.Minute+time.Second))
	if err != nil || res.Delivered != len(held) {
		t.Fatalf("after the claims ran out: %+v %v", res, err)
	}
	if res, _ := b.Deliver(ctx, now.Add(time.Hour)); res.Delivered != 0 {
		t.Errorf("delivered again: %+v", res)
	}
	for id, n := range mailer.sent {
		if n != 1 {
			t.Errorf("%s sent %d times", id, n)
		}
	}
}

// No mail server configured: no e-mail is planned, in-app reminders are.
func TestWithoutMailServer(t *testing.T) {
	s := seeded(t, store.SQLite)
	_, due := quarterDue(t, s)
	sched := &remind.Scheduler{Store: s, Worker: "w", Now: func() time.Time { return at(due.AddDate(0, 0, -3), 8, 30) }}
	res, err := sched.Pass(ctx)
	if err != nil || res.Delivered == 0 {
		t.Fatalf("pass: %+v %v", res, err)
	}
	stats, _ := s.ReminderStats(ctx)
	if len(stats[store.ChannelEmail]) != 0 {
		t.Errorf("e-mails planned without a server: %v", stats)
	}
}
