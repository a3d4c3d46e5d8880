// Package mail composes the e-mails tebdg sends, reminders of reports that
// fall due ("Sắp đến hạn: Báo cáo quý IV/2026 – còn 3 ngày") among them, and
// hands them to the agency's SMTP server.
//
// Messages are 7-bit throughout: Vietnamese names and subjects are written as
// RFC 2047 encoded words and bodies as quoted-printable UTF-8, so that every
// relay on the way accepts them whether or not it speaks SMTPUTF8 or
// 8BITMIME, and every mail program shows the diacritics. Header lines are
// folded at 78 columns wherever the value can be broken (an address or a
// URL cannot).
//
// Nothing a user typed can add a header line or a recipient: a CR or LF in
// any header value, address or extra header is an error, never cleaned up
// silently, since it means a caller passed text it had not checked.
//
// Besides the standard library, the package uses only tebdg's errs and
// vntext.
package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"mime"
	"mime/quotedprintable"
	netmail "net/mail"
	"sort"
	"strconv"
	"strings"
	"time"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// Sentinel errors, for errors.Is. Each is an *errs.Error with a Vietnamese
// and an English message: errs.Invalid for a message or a configuration the
// package refuses, errs.Unavailable for a server that cannot do what the
// configuration requires. Every error about a message or a configuration is
// one of them or says more and wraps one (see newError).
var (
	// ErrLineBreak: a CR or LF in a header value, a display name, an
	// address or an extra header, which would let it add header lines.
	ErrLineBreak = errs.New(errs.Invalid, "ký tự xuống dòng trong phần đầu thư", "line break in a header")
	// ErrAddress: an e-mail address that is not a plain ASCII addr-spec
	// ("ten@donvi.gov.vn"), or a message with no recipient.
	ErrAddress = errs.New(errs.Invalid, "địa chỉ thư điện tử không hợp lệ", "invalid e-mail address")
	// ErrHeader: an extra header whose name or value cannot be sent as
	// given, or that would replace one the package writes itself.
	ErrHeader = errs.New(errs.Invalid, "trường đầu thư không hợp lệ", "invalid header field")
	// ErrConfig: a Config that NewSender refuses.
	ErrConfig = errs.New(errs.Invalid, "cấu hình máy chủ thư không hợp lệ", "invalid mail server configuration")
	// ErrNoStartTLS: the server does not offer STARTTLS although the
	// configuration requires it; nothing was sent.
	ErrNoStartTLS = errs.New(errs.Unavailable, "máy chủ thư không hỗ trợ STARTTLS", "the mail server does not offer STARTTLS")
	// ErrNoAuth: the server does not offer AUTH PLAIN on this connection,
	// or the connection is not encrypted and the server is not on this
	// machine; the password was not sent.
	ErrNoAuth = errs.New(errs.Unavailable, "không thể đăng nhập máy chủ thư an toàn bằng AUTH PLAIN", "AUTH PLAIN is not available over a safe connection")
)

// newError says more than the sentinel kind, in both languages, with kind's
// code; it wraps kind so that errors.Is(err, kind) holds.
func newError(kind *errs.Error, vi, en string) error {
	return &errs.Error{Code: kind.Code, VI: vi, EN: en, Err: kind}
}

// Address is a mailbox: a display name, which may be Vietnamese or empty,
// and an e-mail address.
type Address struct {
	Name  string // "Nguyễn Thị Hoa", "Sở Lao động – Thương binh và Xã hội"
	Email string // "hoa.nt@soldtbxh.gov.vn": an ASCII addr-spec, without <>
}

// Message is one e-mail.
type Message struct {
	From    Address
	To      []Address // at least one
	Subject string
	// Text is the plain-text body and HTML, when not empty, the same
	// content as HTML, already escaped; the mail program shows the one its
	// user prefers. Without HTML the message is plain text only.
	Text, HTML string
	// MessageID is the Message-ID without the angle brackets; when empty
	// a random one in the domain of From's address is made.
	MessageID string
	// Date is written in its own time zone; the zero time means now, in
	// Vietnam's.
	Date time.Time
	// Headers are extra header fields, written as given after the
	// package's own, e.g. List-Unsubscribe and List-Unsubscribe-Post for a
	// one-click unsubscribe link. Values must be printable ASCII.
	Headers map[string]string
}

// reserved are the header fields Bytes writes itself; Headers may not set
// them, or a message would carry two.
var reserved = map[string]bool{
	"date": true, "from": true, "to": true, "subject": true, "message-id": true,
	"mime-version": true, "content-type": true, "content-transfer-encoding": true,
}

// Bytes returns the message in RFC 5322 form with MIME parts and CRLF line
// endings, ready for SMTP DATA. The error wraps ErrLineBreak, ErrAddress or
// ErrHeader.
//
// Every text is made valid UTF-8 first: an invalid byte becomes U+FFFD.
// Line breaks in Text and HTML, whether CRLF, CR or LF, become CRLF, which is
// what a receiver decodes them to.
func (m Message) Bytes() ([]byte, error) {
	if err := m.check(); err != nil {
		return nil, err
	}
	id := m.MessageID
	if id == "" {
		id = NewMessageID(m.From.Email)
	}
	date := m.Date
	if date.IsZero() {
		date = time.Now().In(vntext.Location)
	}

	var h header
	h.field("Date", date.Format(time.RFC1123Z))
	h.addresses("From", []Address{m.From})
	h.addresses("To", m.To)
	h.begin("Subject")
	h.text(valid(m.Subject))
	h.end()
	h.field("Message-ID", "<"+id+">")
	h.field("MIME-Version", "1.0")
	names := make([]string, 0, len(m.Headers))
	for name := range m.Headers {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		h.begin(name)
		h.raw(m.Headers[name])
		h.end()
	}

	b := &h.b
	const textType = "text/plain; charset=utf-8"
	if m.HTML == "" {
		h.field("Content-Type", textType)
		h.field("Content-Transfer-Encoding", "quoted-printable")
		b.WriteString("\r\n")
		n := b.Len()
		writeQP(b, m.Text)
		// End the message with a line break without adding one to the
		// text: a soft line break decodes to nothing.
		if b.Len() > n && !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
			b.WriteString("=\r\n")
		}
		return b.Bytes(), nil
	}

	// "=_" never occurs in quoted-printable text, where "=" is always
	// followed by two hex digits or a line break, so the boundary cannot
	// turn up inside a part.
	boundary := "=_" + randomHex(12)
	h.field("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": boundary}))
	b.WriteString("\r\n")
	for _, part := range []struct{ ctype, body string }{
		{textType, m.Text},
		{"text/html; charset=utf-8", m.HTML},
	} {
		b.WriteString("--" + boundary + "\r\n")
		b.WriteString("Content-Type: " + part.ctype + "\r\n")
		b.WriteString("Content-Transfer-Encoding: quoted-printable\r\n\r\n")
		writeQP(b, part.body)
		b.WriteString("\r\n")
	}
	b.WriteString("--" + boundary + "--\r\n")
	return b.Bytes(), nil
}

// check validates every field Bytes writes into the header.
func (m Message) check() error {
	if err := checkAddress(m.From, "người gửi", "sender"); err != nil {
		return err
	}
	if len(m.To) == 0 {
		return newError(ErrAddress, "thư không có người nhận", "the message has no recipient")
	}
	for _, a := range m.To {
		if err := checkAddress(a, "người nhận", "recipient"); err != nil {
			return err
		}
	}
	if hasLineBreak(m.Subject) {
		return newError(ErrLineBreak, "tiêu đề thư có ký tự xuống dòng", "the subject contains a line break")
	}
	if m.MessageID != "" {
		if hasLineBreak(m.MessageID) {
			return newError(ErrLineBreak, "Message-ID có ký tự xuống dòng", "the Message-ID contains a line break")
		}
		if !validMessageID(m.MessageID) {
			return newError(ErrHeader, "Message-ID "+quote(m.MessageID)+" không có dạng phần-trái@phần-phải",
				"the Message-ID "+quote(m.MessageID)+" is not of the form left@right")
		}
	}
	for name, value := range m.Headers {
		if hasLineBreak(name) || hasLineBreak(value) {
			return newError(ErrLineBreak, "trường đầu thư "+quote(name)+" có ký tự xuống dòng",
				"the header "+quote(name)+" contains a line break")
		}
		if !validFieldName(name) {
			return newError(ErrHeader, "tên trường đầu thư "+quote(name)+" không hợp lệ",
				"the header name "+quote(name)+" is invalid")
		}
		if reserved[strings.ToLower(name)] {
			return newError(ErrHeader, "trường đầu thư "+name+" do gói mail tự viết, không được đặt thêm",
				"the header "+name+" is written by the package and cannot be set")
		}
		if !printable(value) {
			return newError(ErrHeader, "giá trị của trường đầu thư "+name+" chỉ được chứa ký tự ASCII in được",
				"the value of the header "+name+" must be printable ASCII")
		}
	}
	return nil
}

// checkAddress validates one mailbox; who names its role in the message for
// the error, in Vietnamese and English.
func checkAddress(a Address, who, whoEN string) error {
	if hasLineBreak(a.Name) || hasLineBreak(a.Email) {
		return newError(ErrLineBreak, "địa chỉ "+who+" có ký tự xuống dòng", "the "+whoEN+" address contains a line break")
	}
	if !validEmail(a.Email) {
		return newError(ErrAddress, "địa chỉ "+who+" "+quote(a.Email)+" không hợp lệ",
			"the "+whoEN+" address "+quote(a.Email)+" is invalid")
	}
	return nil
}

// validEmail accepts a bare ASCII addr-spec that net/mail reads back as
// itself: no display name, angle brackets, comments or quoting. Non-ASCII
// addresses would need SMTPUTF8, which not every relay speaks; an
// internationalised domain is given in its xn-- form.
func validEmail(s string) bool {
	if s == "" || !printable(s) || strings.ContainsAny(s, " \t") {
		return false
	}
	a, err := netmail.ParseAddress(s)
	return err == nil && a.Name == "" && a.Address == s
}

// validMessageID accepts left@right made of printable ASCII without spaces or
// angle brackets, which is what mail programs match replies on.
func validMessageID(s string) bool {
	left, right, ok := strings.Cut(s, "@")
	if !ok || left == "" || right == "" || strings.Contains(right, "@") {
		return false
	}
	return printable(s) && !strings.ContainsAny(s, " \t<>")
}

// validFieldName accepts the characters RFC 5322 allows in a field name:
// printable ASCII other than the colon.
func validFieldName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' || s[i] == ':' {
			return false
		}
	}
	return true
}

// printable reports whether s is ASCII from space to tilde, with tabs.
func printable(s string) bool {
	for i := 0; i < len(s); i++ {
		if (s[i] < ' ' && s[i] != '\t') || s[i] > '~' {
			return false
		}
	}
	return true
}

func hasLineBreak(s string) bool { return strings.ContainsAny(s, "\r\n") }

// valid makes s valid UTF-8, as the charset the message declares promises.
func valid(s string) string { return strings.ToValidUTF8(s, "\uFFFD") }

// quote shows a value in an error message, escaped so that it cannot break
// a log line.
func quote(s string) string {
	const maxShown = 80
	if len(s) > maxShown {
		s = s[:maxShown] + "…"
	}
	return strconv.Quote(s)
}

// writeQP writes a body as quoted-printable with CRLF line breaks. Every
// break is made a lone LF first, which the encoder writes as CRLF: given a
// CR, it loses an LF that follows an encoded byte ("\r\x00\n").
func writeQP(b *bytes.Buffer, body string) {
	body = strings.ReplaceAll(valid(body), "\r\n", "\n")
	body = strings.ReplaceAll(body, "\r", "\n")
	w := quotedprintable.NewWriter(b)
	// Writes to a bytes.Buffer do not fail.
	_, _ = w.Write([]byte(body))
	_ = w.Close()
}

// NewMessageID makes a Message-ID, without angle brackets, for a message
// from the address from: 128 random bits at the sender's domain, unique
// without a counter and without colliding with another system's, nor with
// one made by another deployment or from a restored database, as an id
// derived from a row's number would. A caller that may send one message
// more than once makes it once and keeps it, so every copy carries the
// same one and the receiver can tell them apart from new messages.
// An address without a domain gets "localhost".
func NewMessageID(from string) string {
	domain := "localhost"
	if i := strings.LastIndexByte(from, '@'); i >= 0 && i+1 < len(from) {
		domain = from[i+1:]
	}
	return randomHex(16) + "@" + domain
}

func randomHex(n int) string {
	p := make([]byte, n)
	_, _ = rand.Read(p) // crypto/rand.Read never fails
	return hex.EncodeToString(p)
}
