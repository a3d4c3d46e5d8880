package admin

import (
	"strings"

	"tebdg/internal/domain"
	"tebdg/internal/tablefile"
	"tebdg/internal/web"
)

// The lists of this area as downloads: the rows the page shows.

func legalTable(docs []domain.LegalDoc, lang string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Văn bản", "Legal documents"), Columns: []tablefile.Column{
		{VI: "Loại", EN: "Type", Kind: tablefile.Text, Width: 14},
		{VI: "Số, ký hiệu", EN: "Number and symbol", Kind: tablefile.Text, Width: 22},
		{VI: "Ngày ban hành", EN: "Date", Kind: tablefile.Date},
		{VI: "Năm", EN: "Year", Kind: tablefile.Integer, Width: 8},
		{VI: "Cơ quan ban hành", EN: "Issuer", Kind: tablefile.Text, Width: 28},
		{VI: "Trích yếu", EN: "Title", Kind: tablefile.Text, Width: 60},
		{VI: "Hiệu lực", EN: "Status", Kind: tablefile.Text, Width: 14},
		{VI: "Kế hoạch trích dẫn", EN: "Cited by plans", Kind: tablefile.Integer},
		{VI: "Liên kết", EN: "Link", Kind: tablefile.Text, Width: 30},
	}}
	for _, d := range docs {
		var year any
		if d.Year != 0 {
			year = d.Year
		}
		t.Rows = append(t.Rows, []any{d.Type, d.Number, d.Date, year, d.Issuer, d.Title,
			domain.LegalStatusLabel(d.Status, lang), d.Citing, d.Link})
	}
	return t
}

func auditTable(entries []domain.AuditEntry, lang string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Nhật ký thay đổi", "Audit trail"), Columns: []tablefile.Column{
		{VI: "Số thứ tự", EN: "Row", Kind: tablefile.Integer, Width: 10},
		{VI: "Thời gian", EN: "Time", Kind: tablefile.DateTime},
		{VI: "Người thực hiện", EN: "By", Kind: tablefile.Text, Width: 18},
		{VI: "Thao tác", EN: "Action", Kind: tablefile.Text, Width: 30},
		{VI: "Loại đối tượng", EN: "Record kind", Kind: tablefile.Text, Width: 16},
		{VI: "Đối tượng", EN: "Record", Kind: tablefile.Text, Width: 20},
		{VI: "Đơn vị", EN: "Org unit", Kind: tablefile.Text, Width: 16},
	}}
	for _, e := range entries {
		t.Rows = append(t.Rows, []any{e.Seq, e.At, e.Actor, domain.ActionLabel(e.Action, lang), e.Entity, e.EntityID, e.Org})
	}
	return t
}

func reorgTable(acts []domain.Reorganisation, lang string) tablefile.Table {
	t := tablefile.Table{Title: web.PickLang(lang, "Sắp xếp tổ chức", "Reorganisations"), Columns: []tablefile.Column{
		{VI: "Số", EN: "No.", Kind: tablefile.Integer, Width: 8},
		{VI: "Loại", EN: "Kind", Kind: tablefile.Text, Width: 20},
		{VI: "Ngày hiệu lực", EN: "Effective", Kind: tablefile.Date},
		{VI: "Đơn vị", EN: "Units", Kind: tablefile.Text, Width: 30},
		{VI: "Đơn vị sau sắp xếp", EN: "Into", Kind: tablefile.Text, Width: 30},
		{VI: "Căn cứ", EN: "Decision", Kind: tablefile.Text, Width: 50},
		{VI: "Trạng thái", EN: "Status", Kind: tablefile.Text, Width: 24},
		{VI: "Người chuẩn bị", EN: "Prepared by", Kind: tablefile.Text, Width: 30},
	}}
	for _, a := range acts {
		var into []string
		if a.Into.Code != "" {
			into = append(into, a.Into.Code)
		}
		for _, p := range a.Parts {
			into = append(into, p.Code)
		}
		if a.Parent != "" {
			into = append(into, a.Parent)
		}
		if a.Name != "" {
			into = append(into, a.Name)
		}
		t.Rows = append(t.Rows, []any{a.ID, domain.ReorgKindLabel(a.Kind, lang), a.Effective, strings.Join(a.Units, ", "),
			strings.Join(into, ", "), a.Decision, domain.ReorgStatusLabel(a.Status, lang), a.CreatedBy})
	}
	return t
}
