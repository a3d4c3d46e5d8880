package mail

import (
	"bytes"
	"errors"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	netmail "net/mail"
	"strings"
	"testing"
	"time"

	"tebdg/internal/errs"
)

var ict = time.FixedZone("ICT", 7*3600)

// reminder is the kind of message tebdg sends.
func reminder() Message {
	return Message{
		From: Address{Name: "Sở Lao động – Thương binh và Xã hội", Email: "noreply@soldtbxh.quangninh.gov.vn"},
		To: []Address{
			{Name: "Nguyễn Thị Hoa", Email: "hoa.nt@quangninh.gov.vn"},
			{Email: "vanthu@quangninh.gov.vn"},
		},
		Subject: "Sắp đến hạn: Báo cáo quý IV/2026 – còn 3 ngày",
		Text:    "Kính gửi chị Hoa,\n\nBáo cáo quý IV/2026 về bảo vệ trẻ em đến hạn ngày 15/01/2027.\n",
		HTML:    "<p>Kính gửi chị Hoa,</p>\n<p>Báo cáo quý IV/2026 về <b>bảo vệ trẻ em</b> đến hạn ngày 15/01/2027.</p>\n",
		Date:    time.Date(2026, 12, 28, 8, 0, 0, 0, ict),
		Headers: map[string]string{
			"List-Unsubscribe":      "<https://tebdg.quangninh.gov.vn/nhac-viec/huy?t=8f14e45fceea167a>",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
}

// received is a message read back the way a mail program reads it.
type received struct {
	msg          *netmail.Message
	subject      string
	text, html   string
	textOnly     bool
	headerLines  []string
	contentTypes []string
}

// crlf is what Bytes promises a receiver gets for a body: valid UTF-8 with
// every line break as CRLF.
func crlf(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return strings.ReplaceAll(s, "\n", "\r\n")
}

// readBack parses a composed message with net/mail and mime/multipart and
// checks what every message must be: 7-bit, CRLF only.
func readBack(t testing.TB, data []byte) received {
	t.Helper()
	for i, c := range data {
		if c >= 0x80 || c == 0 {
			t.Fatalf("byte %d is %#x; the message must be 7-bit", i, c)
		}
		if c == '\n' && (i == 0 || data[i-1] != '\r') || c == '\r' && (i+1 == len(data) || data[i+1] != '\n') {
			t.Fatalf("bare CR or LF at byte %d", i)
		}
	}
	head, _, ok := bytes.Cut(data, []byte("\r\n\r\n"))
	if !ok {
		t.Fatalf("no blank line after the header:\n%s", data)
	}
	var r received
	r.headerLines = strings.Split(string(head), "\r\n")

	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("net/mail: %v\n%s", err, data)
	}
	r.msg = msg
	dec := new(mime.WordDecoder)
	if r.subject, err = dec.DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("decoding the subject %q: %v", msg.Header.Get("Subject"), err)
	}
	if msg.Header.Get("Mime-Version") != "1.0" {
		t.Errorf("MIME-Version = %q", msg.Header.Get("Mime-Version"))
	}
	mtype, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type: %v", err)
	}
	if mtype == "text/plain" {
		r.textOnly = true
		r.contentTypes = []string{msg.Header.Get("Content-Type")}
		if cte := msg.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Fatalf("Content-Transfer-Encoding = %q", cte)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(msg.Body))
		if err != nil {
			t.Fatalf("quoted-printable body: %v", err)
		}
		r.text = string(b)
		return r
	}
	if mtype != "multipart/alternative" {
		t.Fatalf("Content-Type = %q", mtype)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	var bodies []string
	for {
		// NextRawPart, so that the encoding is checked here rather
		// than undone unseen.
		p, err := mr.NextRawPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("multipart: %v", err)
		}
		if cte := p.Header.Get("Content-Transfer-Encoding"); cte != "quoted-printable" {
			t.Fatalf("part Content-Transfer-Encoding = %q", cte)
		}
		b, err := io.ReadAll(quotedprintable.NewReader(p))
		if err != nil {
			t.Fatalf("quoted-printable part: %v", err)
		}
		r.contentTypes = append(r.contentTypes, p.Header.Get("Content-Type"))
		bodies = append(bodies, string(b))
	}
	if len(bodies) != 2 {
		t.Fatalf("%d parts, want 2", len(bodies))
	}
	r.text, r.html = bodies[0], bodies[1]
	return r
}

func same(got *netmail.Address, want Address) bool {
	return got.Name == want.Name && got.Address == want.Email
}

func TestBytesReminder(t *testing.T) {
	m := reminder()
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r := readBack(t, data)
	if r.subject != m.Subject {
		t.Errorf("subject = %q, want %q", r.subject, m.Subject)
	}
	if r.text != crlf(m.Text) || r.html != crlf(m.HTML) {
		t.Errorf("bodies = %q, %q", r.text, r.html)
	}
	want := []string{"text/plain; charset=utf-8", "text/html; charset=utf-8"}
	if strings.Join(r.contentTypes, "|") != strings.Join(want, "|") {
		t.Errorf("part types = %q, want %q", r.contentTypes, want)
	}
	from, err := r.msg.Header.AddressList("From")
	if err != nil || len(from) != 1 || !same(from[0], m.From) {
		t.Errorf("From = %v (%v), want %v", from, err, m.From)
	}
	to, err := r.msg.Header.AddressList("To")
	if err != nil || len(to) != 2 || !same(to[0], m.To[0]) || !same(to[1], m.To[1]) {
		t.Errorf("To = %v (%v), want %v", to, err, m.To)
	}
	if d, err := r.msg.Header.Date(); err != nil || !d.Equal(m.Date) {
		t.Errorf("Date = %v (%v), want %v", d, err, m.Date)
	}
	if got := r.msg.Header.Get("Date"); got != "Mon, 28 Dec 2026 08:00:00 +0700" {
		t.Errorf("Date header = %q", got)
	}
	for name, value := range m.Headers {
		if got := r.msg.Header.Get(name); got != value {
			t.Errorf("%s = %q, want %q", name, got, value)
		}
	}
	id := r.msg.Header.Get("Message-Id")
	if !strings.HasPrefix(id, "<") || !strings.HasSuffix(id, "@soldtbxh.quangninh.gov.vn>") || len(id) < 20 {
		t.Errorf("Message-ID = %q", id)
	}
	for _, line := range r.headerLines {
		// An extra header's value is written as given, and this URL
		// cannot be broken.
		if len(line) > maxLine && !strings.HasPrefix(line, "List-Unsubscribe:") {
			t.Errorf("header line of %d bytes: %q", len(line), line)
		}
	}

	// A second message gets another Message-ID.
	again, _ := m.Bytes()
	if id2 := readBack(t, again).msg.Header.Get("Message-Id"); id2 == id {
		t.Errorf("two messages share the Message-ID %s", id)
	}
}

func TestBytesTextOnly(t *testing.T) {
	m := reminder()
	m.HTML = ""
	m.MessageID = "nhac-viec-42@tebdg.quangninh.gov.vn"
	for _, text := range []string{m.Text, "Không có dòng cuối", "", "a\r\nb\rc\n", "\r\x00\n"} {
		m.Text = text
		data, err := m.Bytes()
		if err != nil {
			t.Fatal(err)
		}
		r := readBack(t, data)
		if !r.textOnly || r.contentTypes[0] != "text/plain; charset=utf-8" {
			t.Fatalf("Content-Type = %q, want text only", r.contentTypes)
		}
		if r.text != crlf(text) {
			t.Errorf("text = %q, want %q", r.text, crlf(text))
		}
		if got := r.msg.Header.Get("Message-Id"); got != "<"+m.MessageID+">" {
			t.Errorf("Message-ID = %q", got)
		}
		if len(data) > 0 && !bytes.HasSuffix(data, []byte("\r\n")) {
			t.Errorf("the message does not end with CRLF: %q", data[max(0, len(data)-20):])
		}
	}
}

func TestBytesZeroDate(t *testing.T) {
	m := reminder()
	m.Date = time.Time{}
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	d, err := readBack(t, data).msg.Header.Date()
	if err != nil {
		t.Fatal(err)
	}
	if _, off := d.Zone(); off != 7*3600 {
		t.Errorf("zone offset %d, want +0700", off)
	}
	if time.Since(d) > time.Minute || time.Until(d) > time.Minute {
		t.Errorf("Date %v is not now", d)
	}
}

// TestHeaderEncoding shows how subjects and names are written: plain ASCII
// as it is, anything a receiver would not read back unchanged as encoded
// words, and lines folded at 78 columns.
func TestHeaderEncoding(t *testing.T) {
	long := strings.Repeat("Report on child protection work ", 5)
	tests := []struct {
		name     string
		subject  string
		from     string
		wantSubj string // the Subject header as written, unfolded; "" to skip
		wantFrom string // likewise From
	}{
		{"ascii", "Weekly report", "Hoa Nguyen", "Weekly report", "Hoa Nguyen <a@b.vn>"},
		{"vietnamese", "Còn 3 ngày", "Nguyễn Thị Hoa", "=?utf-8?b?Q8OybiAzIG5nw6B5?=", "=?utf-8?b?Tmd1eeG7hW4gVGjhu4sgSG9h?= <a@b.vn>"},
		{"mostly ascii", "Report 5 - Hà", "Hoa Nguyễn", "=?utf-8?q?Report_5_-_H=C3=A0?=", "=?utf-8?b?SG9hIE5ndXnhu4Vu?= <a@b.vn>"},
		{"no name", "x", "", "x", "a@b.vn"},
		{"punctuation in the name", "x", "Nguyen, Hoa (SLDTBXH)", "", `"Nguyen, Hoa (SLDTBXH)" <a@b.vn>`},
		{"quote and backslash", "x", `Ban "A" \ B`, "", `"Ban \"A\" \\ B" <a@b.vn>`},
		{"looks encoded", "=?utf-8?q?x?=", "=?utf-8?q?x?=", "", ""},
		{"double space", "a  b", "a  b", "", ""},
		{"edge spaces", " a ", " a ", "", ""},
		{"tab", "a\tb", "a\tb", "", ""},
		{"long ascii", strings.TrimSpace(long), strings.TrimSpace(long), "", ""},
		{"long word", strings.Repeat("x", 100), strings.Repeat("y", 100), "", ""},
		{"long vietnamese", strings.Repeat("Sắp đến hạn báo cáo quý ", 8), strings.Repeat("Ủy ban nhân dân ", 8), "", ""},
		{"invalid utf-8", "a\xffb", "c\xfed", "", ""},
		{"empty", "", "", "", "a@b.vn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := Message{
				From:    Address{Name: tt.from, Email: "a@b.vn"},
				To:      []Address{{Email: "c@d.vn"}},
				Subject: tt.subject,
				Date:    time.Date(2026, 1, 1, 0, 0, 0, 0, ict),
			}
			data, err := m.Bytes()
			if err != nil {
				t.Fatal(err)
			}
			r := readBack(t, data)
			if want := strings.ToValidUTF8(tt.subject, "\uFFFD"); r.subject != want {
				t.Errorf("subject = %q, want %q", r.subject, want)
			}
			from, err := netmail.ParseAddress(r.msg.Header.Get("From"))
			if err != nil {
				t.Fatalf("From %q: %v", r.msg.Header.Get("From"), err)
			}
			if want := strings.ToValidUTF8(tt.from, "\uFFFD"); from.Name != want || from.Address != "a@b.vn" {
				t.Errorf("From = %q <%s>, want %q", from.Name, from.Address, want)
			}
			if tt.wantSubj != "" && r.msg.Header.Get("Subject") != tt.wantSubj {
				t.Errorf("Subject header = %q, want %q", r.msg.Header.Get("Subject"), tt.wantSubj)
			}
			if tt.wantFrom != "" && r.msg.Header.Get("From") != tt.wantFrom {
				t.Errorf("From header = %q, want %q", r.msg.Header.Get("From"), tt.wantFrom)
			}
			for _, line := range r.headerLines {
				if len(line) > maxLine {
					t.Errorf("header line of %d bytes: %q", len(line), line)
				}
			}
		})
	}
}

func TestEncodedWordsSplitBetweenCharacters(t *testing.T) {
	var h header
	h.begin("Subject")
	h.encoded(strings.Repeat("ữ", 60))
	for _, w := range strings.Fields(h.b.String()[len("Subject:"):]) {
		if len(w) > maxWord {
			t.Errorf("encoded word of %d bytes: %s", len(w), w)
		}
		dec, err := new(mime.WordDecoder).Decode(w)
		if err != nil {
			t.Fatalf("%s: %v", w, err)
		}
		if strings.Trim(dec, "ữ") != "" {
			t.Errorf("word %s splits a character: %q", w, dec)
		}
	}
}

// TestRefused lists what Bytes refuses, header injection first.
func TestRefused(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Message)
		want error
	}{
		{"CRLF in the subject", func(m *Message) { m.Subject = "Nhắc việc\r\nBcc: x@y.vn" }, ErrLineBreak},
		{"LF in the subject", func(m *Message) { m.Subject = "a\nb" }, ErrLineBreak},
		{"CR in the subject", func(m *Message) { m.Subject = "a\rb" }, ErrLineBreak},
		{"LF in the sender's name", func(m *Message) { m.From.Name = "Hoa\nBcc: x@y.vn" }, ErrLineBreak},
		{"CR in a recipient's name", func(m *Message) { m.To[0].Name = "Hoa\r" }, ErrLineBreak},
		{"CRLF in an address", func(m *Message) { m.To[1].Email = "a@b.vn\r\nBcc: x@y.vn" }, ErrLineBreak},
		{"LF in the sender's address", func(m *Message) { m.From.Email = "a@b.vn\n" }, ErrLineBreak},
		{"LF in an extra header's name", func(m *Message) { m.Headers["X-A\nBcc"] = "x" }, ErrLineBreak},
		{"CRLF in an extra header's value", func(m *Message) { m.Headers["X-A"] = "v\r\nBcc: x@y.vn" }, ErrLineBreak},
		{"LF in the Message-ID", func(m *Message) { m.MessageID = "a@b\n" }, ErrLineBreak},
		{"no recipient", func(m *Message) { m.To = nil }, ErrAddress},
		{"no sender", func(m *Message) { m.From = Address{} }, ErrAddress},
		{"not an address", func(m *Message) { m.To[0].Email = "Nguyễn Thị Hoa" }, ErrAddress},
		{"address with a name", func(m *Message) { m.To[0].Email = "Hoa <hoa@b.vn>" }, ErrAddress},
		{"address in brackets", func(m *Message) { m.To[0].Email = "<hoa@b.vn>" }, ErrAddress},
		{"two addresses", func(m *Message) { m.To[0].Email = "a@b.vn, c@d.vn" }, ErrAddress},
		{"non-ASCII address", func(m *Message) { m.To[0].Email = "hoa@ủyban.vn" }, ErrAddress},
		{"comment in an address", func(m *Message) { m.To[0].Email = "a@b.vn (Hoa)" }, ErrAddress},
		{"reserved header", func(m *Message) { m.Headers["subject"] = "x" }, ErrHeader},
		{"reserved header, other case", func(m *Message) { m.Headers["CONTENT-TYPE"] = "text/html" }, ErrHeader},
		{"colon in a header name", func(m *Message) { m.Headers["X-A: b"] = "x" }, ErrHeader},
		{"space in a header name", func(m *Message) { m.Headers["X A"] = "x" }, ErrHeader},
		{"empty header name", func(m *Message) { m.Headers[""] = "x" }, ErrHeader},
		{"non-ASCII header value", func(m *Message) { m.Headers["X-A"] = "Hủy" }, ErrHeader},
		{"NUL in a header value", func(m *Message) { m.Headers["X-A"] = "a\x00b" }, ErrHeader},
		{"Message-ID without @", func(m *Message) { m.MessageID = "abc" }, ErrHeader},
		{"Message-ID in brackets", func(m *Message) { m.MessageID = "<a@b>" }, ErrHeader},
		{"Message-ID with a space", func(m *Message) { m.MessageID = "a b@c" }, ErrHeader},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := reminder()
			tt.edit(&m)
			data, err := m.Bytes()
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			if data != nil {
				t.Errorf("Bytes returned %d bytes with the error", len(data))
			}
			e := errs.As(err)
			if e.Code != errs.Invalid || e.VI == "" || e.EN == "" || strings.ContainsAny(err.Error(), "\r\n") {
				t.Errorf("error %s %q", e.Code, err.Error())
			}
		})
	}
}

// TestErrorMessages holds the errors to their code and their two messages,
// which say more than the sentinel they wrap.
func TestErrorMessages(t *testing.T) {
	cfg := Config{Addr: "smtp.quangninh.gov.vn:587", From: testFrom}
	tests := []struct {
		name   string
		err    func() error
		is     error
		code   errs.Code
		vi, en string
	}{
		{"no recipient", func() error { m := reminder(); m.To = nil; _, err := m.Bytes(); return err }, ErrAddress, errs.Invalid,
			"thư không có người nhận", "the message has no recipient"},
		{"line break in the subject", func() error { m := reminder(); m.Subject = "a\nb"; _, err := m.Bytes(); return err }, ErrLineBreak, errs.Invalid,
			"tiêu đề thư có ký tự xuống dòng", "the subject contains a line break"},
		{"not an address", func() error { m := reminder(); m.To[0].Email = "Hoa"; _, err := m.Bytes(); return err }, ErrAddress, errs.Invalid,
			`địa chỉ người nhận "Hoa" không hợp lệ`, `the recipient address "Hoa" is invalid`},
		{"reserved header", func() error { m := reminder(); m.Headers["Subject"] = "x"; _, err := m.Bytes(); return err }, ErrHeader, errs.Invalid,
			"trường đầu thư Subject do gói mail tự viết, không được đặt thêm", "the header Subject is written by the package and cannot be set"},
		{"no port", func() error { c := cfg; c.Addr = "smtp.quangninh.gov.vn"; _, err := NewSender(c); return err }, ErrConfig, errs.Invalid,
			`địa chỉ máy chủ "smtp.quangninh.gov.vn" phải có dạng máy:cổng`, `the server address "smtp.quangninh.gov.vn" must be host:port`},
		{"no TLS to another machine", func() error { c := cfg; c.TLS = NoTLS; _, err := NewSender(c); return err }, ErrConfig, errs.Invalid,
			"chỉ được bỏ TLS với máy chủ thư trên chính máy này", "TLS may be left out only for a mail server on this machine"},
		{"no STARTTLS", func() error { return ErrNoStartTLS }, ErrNoStartTLS, errs.Unavailable,
			"máy chủ thư không hỗ trợ STARTTLS", "the mail server does not offer STARTTLS"},
		{"no AUTH PLAIN", func() error { return ErrNoAuth }, ErrNoAuth, errs.Unavailable,
			"không thể đăng nhập máy chủ thư an toàn bằng AUTH PLAIN", "AUTH PLAIN is not available over a safe connection"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.err()
			if !errors.Is(err, tt.is) {
				t.Errorf("%v is not %v", err, tt.is)
			}
			e := errs.As(err)
			if e.Code != tt.code || e.Message("vi") != tt.vi || e.Message("en") != tt.en {
				t.Errorf("%s %q / %q, want %s %q / %q", e.Code, e.Message("vi"), e.Message("en"), tt.code, tt.vi, tt.en)
			}
		})
	}
}

// TestBodiesMayHoldAnything: bodies are encoded, never refused.
func TestBodiesMayHoldAnything(t *testing.T) {
	m := reminder()
	m.Text = ".\r\n.\r\nBcc: x@y.vn\r\n--=_x\x00\xff" + strings.Repeat("ư", 200) + " \t\n"
	m.HTML = "<p>" + strings.Repeat("a", 500) + "</p>\n\n.\n"
	data, err := m.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	r := readBack(t, data)
	if r.text != crlf(m.Text) || r.html != crlf(m.HTML) {
		t.Errorf("bodies = %q, %q", r.text, r.html)
	}
	_, body, _ := strings.Cut(string(data), "\r\n\r\n")
	for _, line := range strings.Split(body, "\r\n") {
		if len(line) > 76 {
			t.Errorf("line of %d bytes: %q", len(line), line)
		}
	}
}
