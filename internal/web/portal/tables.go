package portal

import "tebdg/internal/tablefile"

// feedbackTable is the feedback queue as a download: what the list shows
// and the state of each message. The senders' names, contacts and
// messages stay in the application, where each is opened one by one.
func feedbackTable(p *page, rows []feedbackRow) tablefile.Table {
	t := tablefile.Table{Title: p.T("Phản hồi của người dân", "Feedback from citizens"), Columns: []tablefile.Column{
		{VI: "Số", EN: "No.", Kind: tablefile.Integer, Width: 8},
		{VI: "Tiêu đề", EN: "Subject", Kind: tablefile.Text, Width: 50},
		{VI: "Gửi tới", EN: "Sent to", Kind: tablefile.Text, Width: 30},
		{VI: "Thời gian nhận", EN: "Received", Kind: tablefile.DateTime},
		{VI: "Trạng thái", EN: "State", Kind: tablefile.Text, Width: 14},
		{VI: "Trả lời lúc", EN: "Answered", Kind: tablefile.DateTime},
		{VI: "Đã đăng hỏi đáp", EN: "Published", Kind: tablefile.Text, Width: 12},
		{VI: "Về bài viết", EN: "About the post", Kind: tablefile.Text, Width: 40},
	}}
	for _, f := range rows {
		unit := f.OrgName
		if unit == "" {
			unit = f.OrgCode
		}
		published := ""
		if f.Published {
			published = p.T("Có", "Yes")
		}
		t.Rows = append(t.Rows, []any{f.ID, f.Subject, unit, f.Created, feedbackLabel(p, f.Status), f.RepliedAt, published, f.PostTitle})
	}
	return t
}
