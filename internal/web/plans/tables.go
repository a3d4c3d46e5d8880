package plans

import (
	"tebdg/internal/domain"
	"tebdg/internal/plans"
	"tebdg/internal/tablefile"
	"tebdg/internal/web"
)

// The lists of this area as downloads: the rows the page shows, with the
// columns a report built from them needs (participants by sex and age,
// deadlines as dates).

func activitiesTable(list []domain.Activity, lang string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Nhật ký hoạt động", "Activity log"), Columns: []tablefile.Column{
		{VI: "Từ ngày", EN: "From", Kind: tablefile.Date},
		{VI: "Đến ngày", EN: "To", Kind: tablefile.Date},
		{VI: "Hoạt động", EN: "Activity", Kind: tablefile.Text, Width: 50},
		{VI: "Loại", EN: "Kind", Kind: tablefile.Text, Width: 18},
		{VI: "Mục kế hoạch", EN: "Plan item", Kind: tablefile.Text, Width: 40},
		{VI: "Đơn vị", EN: "Unit", Kind: tablefile.Text, Width: 28},
		{VI: "Địa điểm", EN: "Place", Kind: tablefile.Text, Width: 24},
		{VI: "Người tham gia", EN: "Participants", Kind: tablefile.Integer},
		{VI: "Trẻ em nam", EN: "Boys", Kind: tablefile.Integer},
		{VI: "Trẻ em nữ", EN: "Girls", Kind: tablefile.Integer},
		{VI: "Người lớn nam", EN: "Men", Kind: tablefile.Integer},
		{VI: "Người lớn nữ", EN: "Women", Kind: tablefile.Integer},
		{VI: "Kinh phí", EN: "Cost", Kind: tablefile.Money},
	}}
	for _, a := range list {
		n := a.Participants
		t.Rows = append(t.Rows, []any{a.Start, a.End, a.Title, a.Type.Label(lang), a.PlanItem, a.OrgName, a.Place,
			n.Total, n.MaleChildren, n.FemaleChildren, n.MaleAdults, n.FemaleAdults, a.Cost})
	}
	return t
}

func tasksTable(list []domain.Task, lang, today string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Việc của đơn vị", "My unit's tasks"), Columns: []tablefile.Column{
		{VI: "Hạn", EN: "Due", Kind: tablefile.Text, Width: 22},
		{VI: "Hạn cuối", EN: "Due by", Kind: tablefile.Date},
		{VI: "Mục", EN: "No.", Kind: tablefile.Text, Width: 8},
		{VI: "Việc", EN: "Task", Kind: tablefile.Text, Width: 60},
		{VI: "Kế hoạch", EN: "Plan", Kind: tablefile.Text, Width: 40},
		{VI: "Vai trò", EN: "Role", Kind: tablefile.Text, Width: 12},
		{VI: "Đơn vị chủ trì", EN: "Lead unit", Kind: tablefile.Text, Width: 28},
		{VI: "Tình trạng", EN: "Status", Kind: tablefile.Text, Width: 16},
		{VI: "Tiến độ", EN: "Progress", Kind: tablefile.Percent},
	}}
	for _, k := range list {
		it := &k.Item
		role := web.PickLang(lang, "Phối hợp", "Support")
		if k.Role == "lead" {
			role = web.PickLang(lang, "Chủ trì", "Lead")
		}
		label := it.Label
		if plans.IsBullet(label) {
			label = "" // a bare "-" names nothing; the task's words do
		}
		t.Rows = append(t.Rows, []any{plans.DeadlineText(it.Deadline), it.Deadline.End, label, it.Wording(), k.Plan.Header.Title,
			role, it.LeadName, it.DisplayStatus(today).Label(lang), it.Progress})
	}
	return t
}
