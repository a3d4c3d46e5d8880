package mail

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// FuzzBytes feeds arbitrary text into the subject, a display name and both
// bodies. Bytes must fail only for a line break in the subject or the name,
// and otherwise give a 7-bit, CRLF-only message with no header line over 78
// bytes that net/mail and mime/multipart read back to the input: the
// subject and the name exactly (as valid UTF-8), the bodies with every line
// break as CRLF (see crlf).
func FuzzBytes(f *testing.F) {
	f.Add("Sắp đến hạn: Báo cáo quý IV/2026 – còn 3 ngày", "Nguyễn Thị Hoa", "Kính gửi chị,\nBáo cáo đến hạn.\n", "<p>Kính gửi</p>")
	f.Add("Weekly report", "Hoa Nguyen", "plain", "")
	f.Add("=?utf-8?q?x?=", `"\`, "=?utf-8?q?x?=\r\n.\r\n", "--=_\n")
	f.Add(" a  b ", "\t", "\r\r\n\n \t", "\x00\xff")
	f.Add("a\r\nBcc: x@y.vn", "b\nc", "", "")
	f.Add(strings.Repeat("ữ", 100), strings.Repeat("Ủy ban ", 20), strings.Repeat("x", 200), strings.Repeat("y ", 200))
	f.Fuzz(func(t *testing.T, subject, name, text, html string) {
		m := Message{
			From:    Address{Name: name, Email: "noreply@tebdg.gov.vn"},
			To:      []Address{{Name: name, Email: "a@b.vn"}, {Name: subject, Email: "c@d.vn"}},
			Subject: subject,
			Text:    text,
			HTML:    html,
			Date:    time.Date(2026, 12, 28, 8, 0, 0, 0, ict),
		}
		data, err := m.Bytes()
		if err != nil {
			if !errors.Is(err, ErrLineBreak) || !hasLineBreak(subject+name) {
				t.Fatalf("Bytes: %v", err)
			}
			return
		}
		if hasLineBreak(subject + name) {
			t.Fatalf("a line break in the subject %q or the name %q was let through", subject, name)
		}
		r := readBack(t, data)
		if want := strings.ToValidUTF8(subject, "\uFFFD"); r.subject != want {
			t.Errorf("subject = %q, want %q", r.subject, want)
		}
		if r.text != crlf(text) {
			t.Errorf("text = %q, want %q", r.text, crlf(text))
		}
		if r.textOnly != (html == "") || r.html != crlf(html) {
			t.Errorf("html = %q (text only %v), want %q", r.html, r.textOnly, crlf(html))
		}
		from, err := r.msg.Header.AddressList("From")
		if err != nil {
			t.Fatalf("From %q: %v", r.msg.Header.Get("From"), err)
		}
		to, err := r.msg.Header.AddressList("To")
		if err != nil {
			t.Fatalf("To %q: %v", r.msg.Header.Get("To"), err)
		}
		want := []Address{m.From, m.To[0], m.To[1]}
		for i, got := range append(from, to...) {
			w := want[i]
			w.Name = strings.ToValidUTF8(w.Name, "\uFFFD")
			if !same(got, w) {
				t.Errorf("address %d = %q <%s>, want %q <%s>", i, got.Name, got.Address, w.Name, w.Email)
			}
		}
		for _, line := range r.headerLines {
			if len(line) > maxLine {
				t.Errorf("header line of %d bytes: %q", len(line), line)
			}
		}
	})
}
