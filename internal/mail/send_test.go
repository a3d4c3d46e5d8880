package mail

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"log"
	"math/big"
	"net"
	"net/textproto"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// The account the test servers accept. The password is Vietnamese, as an
// agency's may be: AUTH PLAIN carries it as UTF-8.
const (
	testUser     = "nhacviec@quangninh.gov.vn"
	testPassword = "mật khẩu đúng"
)

var testFrom = Address{Name: "Hệ thống tebdg – Quảng Ninh", Email: "nhacviec@quangninh.gov.vn"}

// serverOptions shape a test server.
type serverOptions struct {
	startTLS bool       // offer STARTTLS
	implicit bool       // speak TLS from the first byte
	open     bool       // accept mail without AUTH
	rcptErr  error      // the reply to every RCPT, when not nil
	hold     chan error // when not nil, MAIL waits for a value from it and returns that
	// dataDelay is how long the server waits, with the message kept,
	// before it answers DATA's final ".": a slow server, or a lost answer.
	dataDelay time.Duration
}

// testServer is an SMTP server on the loopback interface that records what
// it receives.
type testServer struct {
	addr  string
	roots *x509.CertPool // trusts the server's certificate
	opts  serverOptions
	// held is closed when a MAIL command is waiting on opts.hold.
	held chan struct{}

	mu    sync.Mutex
	mails []delivery // accepted messages
	cmds  []string   // AUTH, MAIL and RCPT commands seen, in order
	once  sync.Once
}

// delivery is one accepted message with its envelope.
type delivery struct {
	from string
	to   []string
	data []byte
	tls  bool // the connection was encrypted when DATA came
	user string
}

func startServer(t *testing.T, opts serverOptions) *testServer {
	t.Helper()
	cert, roots := selfSigned(t)
	ts := &testServer{roots: roots, opts: opts, held: make(chan struct{})}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &testSession{ts: ts, conn: c}, nil
	}))
	s.Domain = "localhost"
	s.AllowInsecureAuth = false
	s.ReadTimeout = 10 * time.Second
	s.WriteTimeout = 10 * time.Second
	s.ErrorLog = log.New(io.Discard, "", 0)
	tlsConfig := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	if opts.startTLS || opts.implicit {
		s.TLSConfig = tlsConfig
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	if opts.implicit {
		ln = tls.NewListener(ln, tlsConfig)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = s.Serve(ln)
	}()
	t.Cleanup(func() {
		_ = s.Close()
		<-done
	})
	return ts
}

// selfSigned makes a certificate for 127.0.0.1 and localhost, valid for an
// hour, and a pool that trusts it.
func selfSigned(t *testing.T) (tls.Certificate, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(1),
		Subject:               pkix.Name{CommonName: "tebdg test SMTP server"},
		NotBefore:             now.Add(-time.Hour),
		NotAfter:              now.Add(time.Hour),
		IPAddresses:           []net.IP{net.IPv4(127, 0, 0, 1)},
		DNSNames:              []string{"localhost"},
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		BasicConstraintsValid: true,
		IsCA:                  true,
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}

func (ts *testServer) log(cmd string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.cmds = append(ts.cmds, cmd)
}

func (ts *testServer) snapshot() ([]delivery, []string) {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	return append([]delivery(nil), ts.mails...), append([]string(nil), ts.cmds...)
}

// testSession is one client's session; go-smtp makes a new one after
// STARTTLS.
type testSession struct {
	ts   *testServer
	conn *smtp.Conn
	user string
	from string
	to   []string
}

func (s *testSession) AuthMechanisms() []string { return []string{sasl.Plain} }

func (s *testSession) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, username, password string) error {
		s.ts.log("AUTH " + username)
		if username != testUser || password != testPassword {
			return smtp.ErrAuthFailed
		}
		s.user = username
		return nil
	}), nil
}

func (s *testSession) Mail(from string, _ *smtp.MailOptions) error {
	s.ts.log("MAIL " + from)
	if s.user == "" && !s.ts.opts.open {
		return smtp.ErrAuthRequired
	}
	if s.ts.opts.hold != nil {
		s.ts.once.Do(func() { close(s.ts.held) })
		if err := <-s.ts.opts.hold; err != nil {
			return err
		}
	}
	s.from = from
	return nil
}

func (s *testSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.ts.log("RCPT " + to)
	if s.ts.opts.rcptErr != nil {
		return s.ts.opts.rcptErr
	}
	s.to = append(s.to, to)
	return nil
}

func (s *testSession) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	state, isTLS := s.conn.TLSConnectionState()
	s.ts.mu.Lock()
	defer s.ts.mu.Unlock()
	s.ts.mails = append(s.ts.mails, delivery{
		from: s.from, to: s.to, data: data,
		tls: isTLS && state.HandshakeComplete, user: s.user,
	})
	s.ts.mu.Unlock()
	time.Sleep(s.ts.opts.dataDelay)
	s.ts.mu.Lock()
	return nil
}

func (s *testSession) Reset() { s.from, s.to = "", nil }

func (s *testSession) Logout() error { return nil }

// config is a Config for ts that trusts its certificate.
func (ts *testServer) config() Config {
	return Config{
		Addr:      ts.addr,
		Username:  testUser,
		Password:  testPassword,
		From:      testFrom,
		TLSConfig: &tls.Config{RootCAs: ts.roots, MinVersion: tls.VersionTLS12},
		Timeout:   10 * time.Second,
		HelloName: "tebdg.quangninh.gov.vn",
	}
}

func newSender(t *testing.T, c Config) *Sender {
	t.Helper()
	s, err := NewSender(c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestSendOverStartTLS holds a whole conversation: STARTTLS, AUTH PLAIN,
// the envelope, and a Vietnamese reminder that arrives intact.
func TestSendOverStartTLS(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true})
	m := reminder()
	m.From = Address{}               // the Config's
	m.Text += ".\n..\nTrân trọng.\n" // lines that SMTP must dot-stuff
	if err := newSender(t, ts.config()).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	mails, cmds := ts.snapshot()
	if len(mails) != 1 {
		t.Fatalf("%d messages received, want 1 (commands %q)", len(mails), cmds)
	}
	got := mails[0]
	if !got.tls {
		t.Error("the message came over a plain-text connection")
	}
	if got.user != testUser {
		t.Errorf("authenticated as %q, want %q", got.user, testUser)
	}
	if got.from != testFrom.Email {
		t.Errorf("MAIL FROM %q, want %q", got.from, testFrom.Email)
	}
	if len(got.to) != 2 || got.to[0] != m.To[0].Email || got.to[1] != m.To[1].Email {
		t.Errorf("RCPT TO %q, want %v", got.to, m.To)
	}

	r := readBack(t, got.data)
	if r.subject != m.Subject {
		t.Errorf("subject = %q, want %q", r.subject, m.Subject)
	}
	if r.text != crlf(m.Text) {
		t.Errorf("text = %q, want %q", r.text, crlf(m.Text))
	}
	if r.html != crlf(m.HTML) {
		t.Errorf("html = %q, want %q", r.html, crlf(m.HTML))
	}
	if got := r.msg.Header.Get("List-Unsubscribe"); got != m.Headers["List-Unsubscribe"] {
		t.Errorf("List-Unsubscribe = %q, want %q", got, m.Headers["List-Unsubscribe"])
	}
	from, err := r.msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || !same(from[0], testFrom) {
		t.Errorf("From = %v (%v), want %v", from, err, testFrom)
	}
	to, err := r.msg.Header.AddressList("To")
	if err != nil || len(to) != 2 || !same(to[0], m.To[0]) {
		t.Errorf("To = %v (%v), want %v", to, err, m.To)
	}
}

func TestSendImplicitTLS(t *testing.T) {
	ts := startServer(t, serverOptions{implicit: true})
	c := ts.config()
	c.TLS = ImplicitTLS
	if err := newSender(t, c).Send(context.Background(), reminder()); err != nil {
		t.Fatal(err)
	}
	if mails, _ := ts.snapshot(); len(mails) != 1 || !mails[0].tls || mails[0].user != testUser {
		t.Fatalf("received %+v", mails)
	}
}

// TestNoPasswordInPlainText: the server offers AUTH only after STARTTLS, and
// a Sender that does not encrypt never sends the password.
func TestNoPasswordInPlainText(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true})
	c := ts.config()
	c.TLS = NoTLS
	err := newSender(t, c).Send(context.Background(), reminder())
	if !errors.Is(err, ErrNoAuth) {
		t.Fatalf("err = %v, want ErrNoAuth", err)
	}
	if Temporary(err) {
		t.Error("Temporary = true for a server that will not take AUTH")
	}
	if mails, cmds := ts.snapshot(); len(mails) != 0 || len(cmds) != 0 {
		t.Errorf("the server saw %q and received %d messages", cmds, len(mails))
	}
}

// TestStartTLSRequired: a server without STARTTLS gets nothing at all.
func TestStartTLSRequired(t *testing.T) {
	ts := startServer(t, serverOptions{open: true})
	err := newSender(t, ts.config()).Send(context.Background(), reminder())
	if !errors.Is(err, ErrNoStartTLS) {
		t.Fatalf("err = %v, want ErrNoStartTLS", err)
	}
	if Temporary(err) {
		t.Error("Temporary = true for a server without STARTTLS")
	}
	if mails, cmds := ts.snapshot(); len(mails) != 0 || len(cmds) != 0 {
		t.Errorf("the server saw %q and received %d messages", cmds, len(mails))
	}
}

// TestStartTLSIfOffered goes on in plain text to a local relay without
// STARTTLS when no password is to be sent.
func TestStartTLSIfOffered(t *testing.T) {
	ts := startServer(t, serverOptions{open: true})
	c := ts.config()
	c.TLS = StartTLSIfOffered
	c.Username, c.Password = "", ""
	if err := newSender(t, c).Send(context.Background(), reminder()); err != nil {
		t.Fatal(err)
	}
	if mails, _ := ts.snapshot(); len(mails) != 1 || mails[0].tls {
		t.Fatalf("received %+v, want one message in plain text", mails)
	}

	// Where STARTTLS is offered it is used.
	ts = startServer(t, serverOptions{startTLS: true})
	c = ts.config()
	c.TLS = StartTLSIfOffered
	if err := newSender(t, c).Send(context.Background(), reminder()); err != nil {
		t.Fatal(err)
	}
	if mails, _ := ts.snapshot(); len(mails) != 1 || !mails[0].tls {
		t.Fatalf("received %+v, want one message over TLS", mails)
	}
}

func TestUntrustedCertificate(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true})
	c := ts.config()
	c.TLSConfig = &tls.Config{RootCAs: x509.NewCertPool(), MinVersion: tls.VersionTLS12}
	err := newSender(t, c).Send(context.Background(), reminder())
	var ce *tls.CertificateVerificationError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want a certificate verification error", err)
	}
	if Temporary(err) {
		t.Error("Temporary = true for an untrusted certificate")
	}
	if mails, cmds := ts.snapshot(); len(mails) != 0 || len(cmds) != 0 {
		t.Errorf("the server saw %q and received %d messages", cmds, len(mails))
	}
}

func TestWrongPassword(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true})
	c := ts.config()
	c.Password = "mật khẩu sai"
	err := newSender(t, c).Send(context.Background(), reminder())
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 535 {
		t.Fatalf("err = %v, want a 535 reply", err)
	}
	if Temporary(err) {
		t.Error("Temporary = true for a wrong password")
	}
	if mails, cmds := ts.snapshot(); len(mails) != 0 || len(cmds) != 1 {
		t.Errorf("the server saw %q and received %d messages", cmds, len(mails))
	}
}

func TestRecipientDeferred(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true, rcptErr: &smtp.SMTPError{
		Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "Hộp thư tạm thời không nhận được thư",
	}})
	err := newSender(t, ts.config()).Send(context.Background(), reminder())
	var te *textproto.Error
	if !errors.As(err, &te) || te.Code != 451 {
		t.Fatalf("err = %v, want a 451 reply", err)
	}
	if !Temporary(err) {
		t.Error("Temporary = false for a 451 reply")
	}
	if mails, _ := ts.snapshot(); len(mails) != 0 {
		t.Errorf("received %d messages", len(mails))
	}
}

func TestRecipientRefused(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true, rcptErr: &smtp.SMTPError{
		Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1}, Message: "No such user",
	}})
	err := newSender(t, ts.config()).Send(context.Background(), reminder())
	if Temporary(err) || err == nil {
		t.Fatalf("err = %v, want a permanent error", err)
	}
}

func TestConnectionRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	c := Config{Addr: addr, From: testFrom, Timeout: 10 * time.Second}
	err = newSender(t, c).Send(context.Background(), reminder())
	if err == nil {
		t.Fatal("sent to a closed port")
	}
	if !Temporary(err) {
		t.Errorf("Temporary = false for %v", err)
	}
}

// TestCancel: cancelling the context ends a conversation the server keeps
// waiting, at once.
func TestCancel(t *testing.T) {
	hold := make(chan error)
	ts := startServer(t, serverOptions{startTLS: true, hold: hold})
	t.Cleanup(func() { close(hold) }) // runs before the server's cleanup
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-ts.held
		cancel()
	}()
	start := time.Now()
	err := newSender(t, ts.config()).Send(ctx, reminder())
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	if !Temporary(err) {
		t.Errorf("Temporary = false for %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v after the cancel", d)
	}
}

// TestTimeout: Config.Timeout bounds the whole conversation.
func TestTimeout(t *testing.T) {
	hold := make(chan error)
	ts := startServer(t, serverOptions{startTLS: true, hold: hold})
	t.Cleanup(func() { close(hold) })
	c := ts.config()
	c.Timeout = 300 * time.Millisecond
	start := time.Now()
	err := newSender(t, c).Send(context.Background(), reminder())
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want context.DeadlineExceeded", err)
	}
	if !Temporary(err) {
		t.Errorf("Temporary = false for %v", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Send took %v with a timeout of %v", d, c.Timeout)
	}
}

// TestBadMessageNotSent: a message Bytes refuses never reaches the network.
func TestBadMessageNotSent(t *testing.T) {
	c := Config{Addr: "127.0.0.1:1", From: testFrom}
	m := reminder()
	m.Subject = "Nhắc việc\r\nBcc: x@y.vn"
	err := newSender(t, c).Send(context.Background(), m)
	if !errors.Is(err, ErrLineBreak) {
		t.Fatalf("err = %v, want ErrLineBreak", err)
	}
	if Temporary(err) {
		t.Error("Temporary = true for a bad message")
	}
}

func TestNewSenderRefuses(t *testing.T) {
	good := Config{Addr: "smtp.quangninh.gov.vn:587", From: testFrom, Username: "u", Password: "p"}
	tests := []struct {
		name string
		edit func(*Config)
		want error
	}{
		{"no port", func(c *Config) { c.Addr = "smtp.quangninh.gov.vn" }, ErrConfig},
		{"no host", func(c *Config) { c.Addr = ":587" }, ErrConfig},
		{"no TLS to another machine", func(c *Config) { c.TLS = NoTLS }, ErrConfig},
		{"unknown TLS mode", func(c *Config) { c.TLS = NoTLS + 1 }, ErrConfig},
		{"password without user", func(c *Config) { c.Username = "" }, ErrConfig},
		{"NUL in the password", func(c *Config) { c.Password = "a\x00b" }, ErrConfig},
		{"negative timeout", func(c *Config) { c.Timeout = -time.Second }, ErrConfig},
		{"space in the EHLO name", func(c *Config) { c.HelloName = "a b" }, ErrConfig},
		{"CRLF in the EHLO name", func(c *Config) { c.HelloName = "a\r\nMAIL FROM:<x@y>" }, ErrConfig},
		{"non-ASCII EHLO name", func(c *Config) { c.HelloName = "ủyban.vn" }, ErrConfig},
		{"no sender", func(c *Config) { c.From = Address{} }, ErrAddress},
		{"line break in the sender", func(c *Config) { c.From.Name = "a\nb" }, ErrLineBreak},
	}
	if _, err := NewSender(good); err != nil {
		t.Fatalf("the good config: %v", err)
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.edit(&c)
			if _, err := NewSender(c); !errors.Is(err, tt.want) {
				t.Errorf("err = %v, want %v", err, tt.want)
			}
		})
	}
	for _, host := range []string{"127.0.0.1:25", "localhost:25", "[::1]:25", "127.0.0.53:25"} {
		c := good
		c.Addr, c.TLS = host, NoTLS
		if _, err := NewSender(c); err != nil {
			t.Errorf("NoTLS to %s: %v", host, err)
		}
	}
}

func TestTemporary(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{nil, false},
		{&textproto.Error{Code: 421, Msg: "Service not available"}, true},
		{&textproto.Error{Code: 452, Msg: "Insufficient storage"}, true},
		{&textproto.Error{Code: 535, Msg: "Authentication failed"}, false},
		{&textproto.Error{Code: 554, Msg: "Transaction failed"}, false},
		{stepError(context.Background(), "RCPT TO <a@b.vn>", &textproto.Error{Code: 450}), true},
		{&net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}, true},
		{&net.DNSError{Err: "no such host", Name: "smtp.example", IsTimeout: true}, true},
		{io.EOF, true},
		{io.ErrUnexpectedEOF, true},
		{context.DeadlineExceeded, true},
		{ErrNoStartTLS, false},
		{ErrNoAuth, false},
		{newError(ErrAddress, "x", "x"), false},
		{errors.New("something else"), false},
	}
	for _, tt := range tests {
		if got := Temporary(tt.err); got != tt.want {
			t.Errorf("Temporary(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

// TestSlowAnswerToData: a server that is slow to answer the final "." is
// waited for, within the Timeout, and the message counts as sent.
func TestSlowAnswerToData(t *testing.T) {
	const delay = 400 * time.Millisecond
	ts := startServer(t, serverOptions{startTLS: true, dataDelay: delay})
	m := reminder()
	m.MessageID = NewMessageID(testFrom.Email)
	start := time.Now()
	if err := newSender(t, ts.config()).Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < delay {
		t.Errorf("Send returned after %v, before the server's answer", d)
	}
	mails, _ := ts.snapshot()
	if len(mails) != 1 {
		t.Fatalf("received %d", len(mails))
	}
	if got := readBack(t, mails[0].data).msg.Header.Get("Message-Id"); got != "<"+m.MessageID+">" {
		t.Errorf("Message-ID %s, want <%s>", got, m.MessageID)
	}
}

// TestAnswerToDataTooLate: when the answer to the final "." does not come
// within the Timeout, Send fails with a temporary error although the server
// has the message: a caller that retries must send the same Message-ID.
func TestAnswerToDataTooLate(t *testing.T) {
	ts := startServer(t, serverOptions{startTLS: true, dataDelay: 3 * time.Second})
	c := ts.config()
	c.Timeout = 800 * time.Millisecond
	err := newSender(t, c).Send(context.Background(), reminder())
	if !errors.Is(err, context.DeadlineExceeded) || !Temporary(err) {
		t.Fatalf("err = %v, want a temporary timeout", err)
	}
	if mails, _ := ts.snapshot(); len(mails) != 1 {
		t.Errorf("the server holds %d messages, want the one whose answer was late", len(mails))
	}
}

func TestNewMessageID(t *testing.T) {
	for _, tt := range []struct{ from, domain string }{
		{"nhacviec@quangninh.gov.vn", "@quangninh.gov.vn"},
		{"", "@localhost"},
		{"no-domain@", "@localhost"},
	} {
		id := NewMessageID(tt.from)
		left, _, _ := strings.Cut(id, "@")
		if !strings.HasSuffix(id, tt.domain) || len(left) != 32 || strings.Trim(left, "0123456789abcdef") != "" || !validMessageID(id) {
			t.Errorf("NewMessageID(%q) = %q", tt.from, id)
		}
	}
	if first, second := NewMessageID(testFrom.Email), NewMessageID(testFrom.Email); first == second {
		t.Error("two Message-IDs alike")
	}
}
