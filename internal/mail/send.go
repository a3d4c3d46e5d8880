package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/smtp"
	"net/textproto"
	"os"
	"strings"
	"time"
)

// TLSMode says how the connection to the SMTP server is encrypted.
type TLSMode int

// The TLS modes. The zero value, StartTLS, is the safe default: the
// password and the messages, which name officials and children's cases,
// never cross the network in plain text.
const (
	// StartTLS connects in plain text, usually to port 587, and upgrades
	// with STARTTLS before anything else; a server that does not offer it
	// gets nothing (ErrNoStartTLS).
	StartTLS TLSMode = iota
	// StartTLSIfOffered upgrades when the server offers STARTTLS and
	// otherwise goes on in plain text, though without sending a password
	// unless the server is on this machine.
	StartTLSIfOffered
	// ImplicitTLS speaks TLS from the first byte, usually on port 465.
	ImplicitTLS
	// NoTLS never encrypts. NewSender allows it only for a server on this
	// machine (a local relay), where nothing crosses the network.
	NoTLS
)

// DefaultTimeout bounds a whole conversation with the server when
// Config.Timeout is zero.
const DefaultTimeout = 30 * time.Second

// Config says how to reach the agency's SMTP server.
type Config struct {
	Addr               string // host:port, "smtp.tinh.gov.vn:587"
	Username, Password string // empty Username: no AUTH
	// From is the envelope sender (MAIL FROM), where bounces go, and the
	// From of a message that has none.
	From Address
	TLS  TLSMode
	// TLSConfig, when not nil, is used for the TLS connection, with
	// ServerName set from Addr when empty; nil means the system's roots.
	TLSConfig *tls.Config
	Timeout   time.Duration // the whole conversation; 0: DefaultTimeout
	HelloName string        // sent with EHLO; "" means "localhost"
}

// Sender sends messages through one SMTP server, one connection per
// message. It is safe for concurrent use.
type Sender struct {
	c        Config
	host     string
	loopback bool
	tls      *tls.Config
}

// NewSender checks c and returns a Sender for it. The error wraps ErrConfig,
// or ErrAddress or ErrLineBreak for a bad From.
func NewSender(c Config) (*Sender, error) {
	host, port, err := net.SplitHostPort(c.Addr)
	if err != nil || host == "" || port == "" {
		return nil, newError(ErrConfig, "địa chỉ máy chủ "+quote(c.Addr)+" phải có dạng máy:cổng",
			"the server address "+quote(c.Addr)+" must be host:port")
	}
	if err := checkAddress(c.From, "người gửi", "sender"); err != nil {
		return nil, err
	}
	if c.TLS < StartTLS || c.TLS > NoTLS {
		return nil, newError(ErrConfig, "chế độ TLS không hợp lệ", "invalid TLS mode")
	}
	s := &Sender{c: c, host: host, loopback: isLoopback(host)}
	if c.TLS == NoTLS && !s.loopback {
		return nil, newError(ErrConfig, "chỉ được bỏ TLS với máy chủ thư trên chính máy này",
			"TLS may be left out only for a mail server on this machine")
	}
	if strings.ContainsRune(c.Username+c.Password, 0) {
		return nil, newError(ErrConfig, "tên đăng nhập hoặc mật khẩu chứa ký tự NUL",
			"the user name or password contains a NUL character")
	}
	if c.Username == "" && c.Password != "" {
		return nil, newError(ErrConfig, "có mật khẩu mà không có tên đăng nhập",
			"a password is set without a user name")
	}
	if c.Timeout < 0 {
		return nil, newError(ErrConfig, "thời gian chờ không được âm", "the timeout must not be negative")
	}
	if s.c.Timeout == 0 {
		s.c.Timeout = DefaultTimeout
	}
	if s.c.HelloName == "" {
		s.c.HelloName = "localhost"
	}
	if !validHello(s.c.HelloName) {
		return nil, newError(ErrConfig, "tên gửi kèm EHLO "+quote(c.HelloName)+" không hợp lệ",
			"the EHLO name "+quote(c.HelloName)+" is invalid")
	}
	if c.TLSConfig != nil {
		s.tls = c.TLSConfig.Clone()
	} else {
		s.tls = &tls.Config{}
	}
	if s.tls.ServerName == "" {
		s.tls.ServerName = host
	}
	if s.tls.MinVersion == 0 {
		s.tls.MinVersion = tls.VersionTLS12
	}
	return s, nil
}

// validHello accepts a domain or address literal for EHLO: printable ASCII
// without spaces, so that it cannot add a command.
func validHello(s string) bool {
	return s != "" && printable(s) && !strings.ContainsAny(s, " \t")
}

// isLoopback reports whether host is this machine: "localhost" or a
// loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// Send sends m, with From set from the Config when empty, to every address
// in m.To. Everything happens within the Config's Timeout and while ctx
// lasts: when ctx ends the connection is closed and Send returns at once.
// A message the server has accepted counts as sent even if the goodbye
// (QUIT) then fails, so that a retry does not deliver it twice.
//
// Temporary tells which errors are worth a later retry. A message the server
// refused for some recipients is not sent to any.
func (s *Sender) Send(ctx context.Context, m Message) error {
	if m.From == (Address{}) {
		m.From = s.c.From
	}
	data, err := m.Bytes()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, s.c.Timeout)
	defer cancel()

	conn, err := s.dial(ctx)
	if err != nil {
		return stepError(ctx, "dial "+s.c.Addr, err)
	}
	defer func() { _ = conn.Close() }()
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	if deadline, ok := ctx.Deadline(); ok {
		if err := conn.SetDeadline(deadline); err != nil {
			return stepError(ctx, "dial "+s.c.Addr, err)
		}
	}

	step, err := s.converse(conn, m, data)
	if err != nil {
		return stepError(ctx, step, err)
	}
	return nil
}

func (s *Sender) dial(ctx context.Context) (net.Conn, error) {
	d := &net.Dialer{}
	if s.c.TLS == ImplicitTLS {
		td := &tls.Dialer{NetDialer: d, Config: s.tls}
		return td.DialContext(ctx, "tcp", s.c.Addr)
	}
	return d.DialContext(ctx, "tcp", s.c.Addr)
}

// converse holds the SMTP conversation on conn and returns the step that
// failed with its error.
func (s *Sender) converse(conn net.Conn, m Message, data []byte) (string, error) {
	c, err := smtp.NewClient(conn, s.host)
	if err != nil {
		return "greeting", err
	}
	// refused ends the conversation after the server said no: it is still
	// listening, so it gets a goodbye rather than a hang-up. After any
	// other error the connection is broken and just closed.
	refused := func(step string, err error) (string, error) {
		var te *textproto.Error
		if errors.As(err, &te) || errors.Is(err, ErrNoStartTLS) {
			goodbye(conn, c)
		}
		return step, err
	}

	if err := c.Hello(s.c.HelloName); err != nil {
		return "EHLO", err
	}
	// Noop makes the client send EHLO now, so that its failure is
	// reported as such rather than as a missing extension.
	if err := c.Noop(); err != nil {
		return refused("EHLO", err)
	}
	if s.c.TLS == StartTLS || s.c.TLS == StartTLSIfOffered {
		if offered, _ := c.Extension("STARTTLS"); offered {
			if err := c.StartTLS(s.tls); err != nil {
				return refused("STARTTLS", err)
			}
		} else if s.c.TLS == StartTLS {
			return refused("STARTTLS", ErrNoStartTLS)
		}
	}
	if s.c.Username != "" {
		// The client says goodbye itself when AUTH fails.
		if err := c.Auth(plainAuth{s.c.Username, s.c.Password, s.loopback}); err != nil {
			return "AUTH", err
		}
	}
	if err := c.Mail(s.c.From.Email); err != nil {
		return refused("MAIL FROM", err)
	}
	for _, to := range m.To {
		if err := c.Rcpt(to.Email); err != nil {
			return refused("RCPT TO <"+to.Email+">", err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return refused("DATA", err)
	}
	if _, err := w.Write(data); err != nil {
		return "DATA", err
	}
	if err := w.Close(); err != nil {
		return refused("DATA", err)
	}
	goodbye(conn, c) // the message is accepted whatever QUIT gets; see Send
	return "", nil
}

// quitWait bounds the wait for the server's answer to QUIT, which decides
// nothing.
const quitWait = 5 * time.Second

// goodbye sends QUIT and waits a little for the answer.
func goodbye(conn net.Conn, c *smtp.Client) {
	_ = conn.SetDeadline(time.Now().Add(quitWait))
	_ = c.Quit()
}

// stepError names the step that failed and, when ctx ended, says so: the
// connection was closed under the conversation, whatever error that caused.
// The connection's deadline is ctx's, and may pass a moment before ctx
// notices: an I/O timeout is the same end.
func stepError(ctx context.Context, step string, err error) error {
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("mail: %s: %w (%w)", step, context.Cause(ctx), err)
	case errors.Is(err, os.ErrDeadlineExceeded):
		return fmt.Errorf("mail: %s: %w (%w)", step, context.DeadlineExceeded, err)
	}
	return fmt.Errorf("mail: %s: %w", step, err)
}

// plainAuth is AUTH PLAIN that sends the password only over TLS or to this
// machine, and only to a server that offers PLAIN.
type plainAuth struct {
	username, password string
	loopback           bool
}

func (a plainAuth) Start(server *smtp.ServerInfo) (string, []byte, error) {
	if !server.TLS && !a.loopback {
		return "", nil, ErrNoAuth
	}
	for _, mech := range server.Auth {
		if strings.EqualFold(mech, "PLAIN") {
			return "PLAIN", []byte("\x00" + a.username + "\x00" + a.password), nil
		}
	}
	return "", nil, ErrNoAuth
}

func (a plainAuth) Next(_ []byte, more bool) ([]byte, error) {
	if more {
		return nil, errors.New("mail: unexpected AUTH PLAIN challenge")
	}
	return nil, nil
}

// Temporary reports whether a later retry of Send may succeed: for a 4xx
// reply, a network failure (the server down, unreachable or hanging up), a
// timeout, or a cancelled context. It is false for a 5xx reply, which the
// server means as final (a wrong password, an unknown recipient), for a
// message or configuration error, for a server that will not do what the
// configuration requires (STARTTLS, AUTH PLAIN), and for a certificate that
// does not verify: those need a person.
func Temporary(err error) bool {
	if err == nil {
		return false
	}
	var te *textproto.Error
	if errors.As(err, &te) {
		return te.Code >= 400 && te.Code < 500
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return true
	}
	var ce *tls.CertificateVerificationError
	if errors.As(err, &ce) {
		return false
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
