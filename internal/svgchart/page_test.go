package svgchart

import (
	"html/template"
	"os"
	"strings"
	"testing"
)

// TestWritePage writes every kind of chart, with its table, into one HTML
// page at $SVGCHART_OUT, for a person to open in a browser and judge:
// overlaps, clipped labels, diacritics cut at the top. It is skipped unless
// the variable is set. The page declares the same strict policy as the
// site, so anything the policy would block shows up as broken here too.
func TestWritePage(t *testing.T) {
	path := os.Getenv("SVGCHART_OUT")
	if path == "" {
		t.Skip("set SVGCHART_OUT=/tmp/svgchart.html to write the page")
	}
	type figure struct {
		Chart, Table template.HTML
	}
	sample := []struct {
		name  string
		chart func(Chart) template.HTML
		c     Chart
	}{
		{"Line", Line, Chart{
			Title:  "Số lượt người tham gia truyền thông về phòng, chống đuối nước cho trẻ em",
			Desc:   "Số lượt tham gia tăng từ 1.200 trong tháng 1 lên 3.450 trong tháng 6, nữ nhiều hơn nam.",
			Labels: months, Unit: "lượt",
			Series: []Series{
				{Name: "Nam", Values: []float64{1200, 1450, 0, 2100, 2500, 3100}, Missing: []bool{false, false, true}},
				{Name: "Nữ", Values: []float64{1300, 1600, 1900, 2300, 2900, 3450}},
				{Name: "Tổng (ước)", Values: []float64{2500, 3050, 3300, 4400, 5400, 6550}},
			},
		}},
		{"Line far from zero", Line, Chart{
			Title:  "Tỷ lệ xã, phường đạt tiêu chuẩn phù hợp với trẻ em",
			Labels: []string{"2021", "2022", "2023", "2024", "2025"}, Unit: "%", Decimals: 1,
			Series: []Series{{Name: "Tỷ lệ", Values: []float64{92.4, 93.1, 95, 96.8, 97.9}}},
		}},
		{"Bars", Bars, cases()["long labels"]},
		{"Bars negative", Bars, cases()["negative"]},
		{"Stacked", Bars, Chart{
			Title:  "Mũ bảo hiểm trao tặng cho trẻ em theo quý",
			Labels: []string{"Quý I/2025", "Quý II/2025", "Quý III/2025", "Quý IV/2025"}, Unit: "cái", Stacked: true,
			Series: []Series{{Name: "Nam", Values: []float64{120, 340, 95, 410}}, {Name: "Nữ", Values: []float64{140, 310, 120, 0}, Missing: []bool{false, false, false, true}}},
		}},
		{"Many labels", Line, cases()["many labels"]},
		{"Huge", Bars, cases()["huge"]},
		{"HBars", HBars, Chart{
			Title:  "Xếp hạng đơn vị theo số cán bộ được tập huấn về bình đẳng giới",
			Labels: []string{"Văn phòng Sở", "Thanh tra Sở", "Phòng Quản lý vận tải, phương tiện và người lái thuộc Sở Xây dựng tỉnh Quảng Ninh", "Ban Quản lý bảo trì đường thủy nội địa", "Trung tâm Đăng kiểm xe cơ giới 14-01S", "Ủy ban nhân dân huyện Đầm Hà"},
			Unit:   "người",
			Series: []Series{{Name: "Số người", Values: []float64{48, 35, 30, 22, 0, 9}, Missing: []bool{false, false, false, false, true}}},
		}},
		{"English", Bars, Chart{
			Title: "Women in leadership posts", Lang: "en", Unit: "%", Decimals: 1,
			Labels: []string{"2021", "2022", "2023", "2024", "2025"},
			Series: []Series{{Name: "Department", Values: []float64{18.5, 20, 21.25, 24, 27.5}}, {Name: "Province target", Values: []float64{25, 25, 30, 30, 35}}},
		}},
		{"Eight series", Line, cases()["eight series"]},
		{"By sex", Bars, Chart{
			Title:  "KẾT QUẢ THỰC HIỆN: SỐ NGƯỜI ĐƯỢC TẬP HUẤN, ỄỘỮ",
			Desc:   "Nữ được tập huấn nhiều hơn nam.",
			Labels: []string{"Nam", "Nữ"}, Unit: "người",
			Series: []Series{{Name: "2024", Values: []float64{35, 52}}, {Name: "2025", Values: []float64{41, 0}, Missing: []bool{false, true}}},
		}},
		{"All zeros", Line, cases()["all zeros"]},
		{"Single point", Bars, cases()["single point"]},
		{"HBars negative", HBars, cases()["negative"]},
		{"Small", HBars, cases()["tiny"]},
		{"Empty", Bars, Chart{Title: "Chưa có số liệu kỳ này", Labels: months}},
	}
	var figs []figure
	for _, s := range sample {
		c := s.c
		if s.name == "Stacked" {
			c.Stacked = true
		}
		figs = append(figs, figure{s.chart(c), Table(c)})
	}
	page := template.Must(template.New("page").Parse(`<!doctype html>
<html lang="vi"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'none'; script-src 'none'">
<title>svgchart</title></head>
<body>
{{range $i, $f := .}}<figure id="fig-{{$i}}">{{$f.Chart}}<details open><summary>Bảng số liệu</summary>{{$f.Table}}</details></figure>
{{end}}</body></html>
`))
	var b strings.Builder
	if err := page.Execute(&b, figs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", path)
}
