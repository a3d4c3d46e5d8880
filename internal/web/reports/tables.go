package reports

import (
	"strconv"

	"tebdg/internal/tablefile"
	"tebdg/internal/web"
)

// The lists of this area as downloads: the rows the page shows, figures as
// numbers and times as times.

func completenessTable(d completenessData, lang string) tablefile.Table {
	t := tablefile.Table{
		Title: web.PickLang(lang, "Tình hình gửi báo cáo ", "Completeness ") + d.Period.Label(lang),
		Columns: []tablefile.Column{
			{VI: "Mã đơn vị", EN: "Unit code", Kind: tablefile.Text, Width: 16},
			{VI: "Đơn vị", EN: "Unit", Kind: tablefile.Text, Width: 40},
			{VI: "Trạng thái", EN: "Status", Kind: tablefile.Text, Width: 16},
			{VI: "Gửi lúc", EN: "Sent", Kind: tablefile.DateTime},
			{VI: "Hạn gửi", EN: "Due", Kind: tablefile.Date},
			{VI: "Đúng hạn", EN: "Timeliness", Kind: tablefile.Text, Width: 12},
		},
	}
	for _, row := range d.Rows {
		var sent any
		if row.Report != nil {
			sent = row.Report.SubmittedAt
		}
		timely := web.PickLang(lang, "chưa gửi", "not sent")
		switch {
		case row.OnTime:
			timely = web.PickLang(lang, "đúng hạn", "on time")
		case row.Late:
			timely = web.PickLang(lang, "muộn", "late")
		}
		t.Rows = append(t.Rows, []any{row.Org.Code, row.Org.DisplayName(lang), row.Status.Label(lang), sent, d.DueOn, timely})
	}
	return t
}

func targetsTable(d targetsData, lang string) tablefile.Table {
	t := tablefile.Table{
		Title: web.PickLang(lang, "Mục tiêu nhiều năm ", "Multi-year targets ") + strconv.Itoa(d.From) + "-" + strconv.Itoa(d.To),
		Columns: []tablefile.Column{
			{VI: "Mã chỉ số", EN: "Code", Kind: tablefile.Text, Width: 14},
			{VI: "Chỉ số", EN: "Indicator", Kind: tablefile.Text, Width: 50},
			{VI: "Đơn vị tính", EN: "Unit", Kind: tablefile.Text, Width: 12},
			{VI: "Cơ sở", EN: "Baseline", Kind: tablefile.Number},
		},
	}
	for _, y := range d.Years {
		t.Columns = append(t.Columns, tablefile.Column{VI: strconv.Itoa(y), Kind: tablefile.Number})
	}
	t.Columns = append(t.Columns,
		tablefile.Column{VI: "Mục tiêu " + strconv.Itoa(d.To), EN: "Target " + strconv.Itoa(d.To), Kind: tablefile.Number},
		tablefile.Column{VI: "% so với mục tiêu", EN: "% of target", Kind: tablefile.Percent},
		tablefile.Column{VI: "Đánh giá", EN: "Status", Kind: tablefile.Text, Width: 12})
	for _, row := range d.Rows {
		cells := []any{row.Ind.Code, row.Ind.DisplayName(lang), row.Ind.Unit, row.BaselineV}
		for _, v := range row.ActualV {
			cells = append(cells, v)
		}
		status := ""
		if row.HasGoal {
			status = web.PickLang(lang, "chưa đạt", "not yet")
			if row.Reached {
				status = web.PickLang(lang, "đạt", "reached")
			}
		}
		t.Rows = append(t.Rows, append(cells, row.TargetV, row.PercentV, status))
	}
	return t
}
