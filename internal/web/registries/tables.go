package registries

import (
	"tebdg/internal/domain"
	"tebdg/internal/tablefile"
	"tebdg/internal/web"
)

// childrenTable is the staff children's list as a download. Its headers
// are those the children's import reads, so a unit can correct the file
// and send it back.
func childrenTable(list []domain.StaffChild, lang string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Con của cán bộ", "Children of staff"), Columns: []tablefile.Column{
		{VI: "Mã đơn vị", EN: "Unit", Kind: tablefile.Text, Width: 16},
		{VI: "Tên đơn vị", EN: "Unit name", Kind: tablefile.Text, Width: 30},
		{VI: "Họ tên cán bộ", EN: "Parent", Kind: tablefile.Text, Width: 26},
		{VI: "Họ tên cháu", EN: "Child", Kind: tablefile.Text, Width: 26},
		{VI: "Ngày sinh", EN: "Date of birth", Kind: tablefile.Date},
		{VI: "Giới tính", EN: "Sex", Kind: tablefile.Text, Width: 9},
		{VI: "Hoàn cảnh đặc biệt", EN: "Special circumstances", Kind: tablefile.Text, Width: 12},
		{VI: "Hoàn cảnh", EN: "Circumstances", Kind: tablefile.Text, Width: 30},
		{VI: "Thành tích", EN: "Achievement", Kind: tablefile.Text, Width: 30},
	}}
	for _, c := range list {
		sex := web.PickLang(lang, "Nam", "Male")
		if c.Sex == "female" {
			sex = web.PickLang(lang, "Nữ", "Female")
		}
		special := ""
		if c.Special {
			special = web.PickLang(lang, "Có", "Yes")
		}
		t.Rows = append(t.Rows, []any{c.OrgCode, c.OrgName, c.Staff, c.Name, c.Birth, sex, special, c.SpecialNote, c.Achievement})
	}
	return t
}
