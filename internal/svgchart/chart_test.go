package svgchart

import (
	"fmt"
	"html/template"
	"math"
	"strconv"
	"strings"
	"testing"
)

// kinds are the chart functions, by name, for tests that hold for all.
var kinds = []struct {
	name string
	draw func(Chart) template.HTML
}{
	{"Line", Line},
	{"Bars", Bars},
	{"Stacked", func(c Chart) template.HTML { c.Stacked = true; return Bars(c) }},
	{"HBars", HBars},
}

var months = []string{"T1/2025", "T2/2025", "T3/2025", "T4/2025", "T5/2025", "T6/2025"}

// cases are charts that have broken chart code before: nothing to draw,
// zeros, one point, negatives, huge numbers, NaN, crowds of labels.
func cases() map[string]Chart {
	many := make([]string, 60)
	manyVals := make([]float64, 60)
	for i := range many {
		many[i] = fmt.Sprintf("T%d/%d", i%12+1, 2021+i/12)
		manyVals[i] = float64(100 + (i*37)%50)
	}
	return map[string]Chart{
		"no series": {Title: "Trống", Labels: months},
		"no labels": {Title: "Trống", Series: []Series{{Name: "A", Values: []float64{1}}}},
		"all missing": {Title: "Thiếu", Labels: months[:2],
			Series: []Series{{Name: "A", Values: []float64{1, 2}, Missing: []bool{true, true}}}},
		"all zeros": {Title: "Không", Labels: months, Unit: "người",
			Series: []Series{{Name: "Nam", Values: make([]float64, 6)}}},
		"single point": {Title: "Một điểm", Labels: months[:1], Unit: "người",
			Series: []Series{{Name: "Nam", Values: []float64{7}}}},
		"negative": {Title: "Chênh lệch so với cùng kỳ", Labels: months, Unit: "%", Decimals: 1,
			Series: []Series{{Name: "Nam", Values: []float64{-12.5, 3, 8.2, -4, 0, 15}},
				{Name: "Nữ", Values: []float64{5, -7.5, 2, 9, -1, 4}}}},
		"huge": {Title: "Quỹ bảo trợ trẻ em", Labels: []string{"2023", "2024", "2025"}, Unit: "đ",
			Series: []Series{{Name: "Số tiền", Values: []float64{1234567890, 987654321, 2e9}}}},
		"nan and inf": {Title: "NaN", Labels: months[:4],
			Series: []Series{{Name: "A", Values: []float64{1, math.NaN(), math.Inf(1), math.Inf(-1)}}}},
		"short values": {Title: "Ngắn", Labels: months,
			Series: []Series{{Name: "A", Values: []float64{1, 2}}}},
		"many labels": {Title: "Năm năm theo tháng", Labels: many, Unit: "lượt",
			Series: []Series{{Name: "Lượt", Values: manyVals}}},
		"long labels": {Title: "Theo đơn vị", Labels: []string{
			"Văn phòng Sở", "Thanh tra Sở Giao thông Vận tải", "Phòng Quản lý vận tải, phương tiện và người lái",
			"Ban Quản lý bảo trì đường thủy nội địa", "Trung tâm Đăng kiểm xe cơ giới 14-01S"},
			Series: []Series{{Name: "Nam", Values: []float64{12, 30, 25, 8, 41}}, {Name: "Nữ", Values: []float64{20, 14, 22, 9, 37}}}},
		"english": {Title: "Staff trained", Lang: "en", Labels: []string{"Male", "Female"}, Unit: "people",
			Series: []Series{{Name: "2025", Values: []float64{1234, 2345}}}},
		"eight series": {Title: "Tám dãy", Labels: months[:3], Series: func() []Series {
			var s []Series
			for i := range 8 {
				s = append(s, Series{Name: fmt.Sprintf("Dãy %d", i+1), Values: []float64{float64(i), float64(i + 1), float64(2 * i)}})
			}
			return s
		}()},
		"tiny": {Title: "Nhỏ", Width: 10, Height: 10, Labels: months,
			Series: []Series{{Name: "A", Values: []float64{1, 2, 3, 4, 5, 6}}}},
	}
}

// TestWellFormed draws every case with every kind and checks the output
// parses as XML, has the accessible root the pages rely on, and holds
// nothing the Content-Security-Policy would block.
func TestWellFormed(t *testing.T) {
	for name, c := range cases() {
		for _, k := range kinds {
			out := k.draw(c)
			root := parse(t, out)
			checkCSP(t, root)
			if root.XMLName.Local != "svg" || root.XMLName.Space != "http://www.w3.org/2000/svg" {
				t.Fatalf("%s/%s: root is %v", name, k.name, root.XMLName)
			}
			if got := root.attr("role"); got != "img" {
				t.Errorf("%s/%s: role=%q", name, k.name, got)
			}
			if got := root.attr("width"); got != "100%" {
				t.Errorf("%s/%s: width=%q", name, k.name, got)
			}
			// aria-labelledby names the <title> and the <desc>, which exist.
			ids := map[string]string{}
			for _, n := range root.Nodes {
				if id := n.attr("id"); id != "" {
					ids[id] = n.XMLName.Local
				}
			}
			for _, id := range strings.Fields(root.attr("aria-labelledby")) {
				if ids[id] != "title" && ids[id] != "desc" {
					t.Errorf("%s/%s: aria-labelledby names %q, which is a %q", name, k.name, id, ids[id])
				}
			}
			if root.Nodes[0].XMLName.Local != "title" || root.Nodes[0].Text == "" {
				t.Errorf("%s/%s: first child is not a non-empty <title>", name, k.name)
			}
			// Coordinates carry at most one decimal.
			for _, n := range root.all(func(node) bool { return true }) {
				for _, a := range n.Attrs {
					switch a.Name.Local {
					case "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "width", "height":
						if a.Value == "100%" {
							continue
						}
						if i := strings.IndexByte(a.Value, '.'); i >= 0 && len(a.Value)-i > 2 {
							t.Errorf("%s/%s: %s=%q has float noise", name, k.name, a.Name.Local, a.Value)
						}
						if v, err := strconv.ParseFloat(a.Value, 64); err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
							t.Errorf("%s/%s: %s=%q", name, k.name, a.Name.Local, a.Value)
						}
					}
				}
			}
		}
		parse(t, Table(c))
	}
}

func TestEscaping(t *testing.T) {
	evil := `<script>alert("x")</script>`
	c := Chart{
		Title:  `Tom & Jerry's "chart" ` + evil,
		Desc:   `a < b & c > d`,
		Labels: []string{evil, `A & B`, `"quoted" 'single'`},
		Series: []Series{{Name: `Nam & Nữ <b>`, Values: []float64{1, 2, 3}}, {Name: "x", Values: []float64{3, 2, 1}}},
		Unit:   `<i>người</i>`,
	}
	for _, k := range append(kinds, struct {
		name string
		draw func(Chart) template.HTML
	}{"Table", Table}) {
		out := k.draw(c)
		if strings.Contains(string(out), "<script") || strings.Contains(string(out), "<b>") || strings.Contains(string(out), "<i>") {
			t.Errorf("%s: markup from the data reached the output:\n%s", k.name, out)
		}
		root := parse(t, out)
		checkCSP(t, root)
		// The texts come back intact once parsed.
		var all strings.Builder
		for _, n := range root.all(func(node) bool { return true }) {
			all.WriteString(n.Text + "\n")
			for _, a := range n.Attrs {
				all.WriteString(a.Value + "\n")
			}
		}
		for _, want := range []string{`A & B`, `"quoted" 'single'`, evil} {
			if !strings.Contains(all.String(), want) {
				t.Errorf("%s: %q lost in escaping", k.name, want)
			}
		}
	}
}

func TestLineGaps(t *testing.T) {
	c := Chart{
		Title:  "Có khoảng trống",
		Labels: months,
		Series: []Series{{Name: "Nam", Values: []float64{5, 6, 0, 8, 0, 10}, Missing: []bool{false, false, true, false, true}}},
	}
	root := parse(t, Line(c))
	lines := root.all(byName("path", "line"))
	if len(lines) != 1 {
		t.Fatalf("%d line paths, want 1", len(lines))
	}
	// Points 0–1 joined; 3 alone; 5 alone: three pieces, one segment drawn.
	d := lines[0].attr("d")
	if got := strings.Count(d, "M"); got != 3 {
		t.Errorf("path %q has %d pieces, want 3", d, got)
	}
	if got := strings.Count(d, "L"); got != 1 {
		t.Errorf("path %q has %d segments, want 1", d, got)
	}
	markers := root.all(func(n node) bool { return n.hasClass("marker") })
	var tips []string
	for _, m := range markers {
		tips = append(tips, m.tip())
	}
	want := []string{"T1/2025 · Nam: 5", "T2/2025 · Nam: 6", "T4/2025 · Nam: 8", "T6/2025 · Nam: 10"}
	if !equal(tips, want) {
		t.Errorf("marker tooltips = %q, want %q", tips, want)
	}
}

func TestNaNAndInfAreGaps(t *testing.T) {
	c := Chart{Labels: months[:4], Series: []Series{{Name: "A", Values: []float64{1, math.NaN(), math.Inf(1), 4}}}}
	root := parse(t, Line(c))
	if got := len(root.all(func(n node) bool { return n.hasClass("marker") })); got != 2 {
		t.Errorf("%d markers, want 2", got)
	}
	root = parse(t, Bars(c))
	if got := len(root.all(byName("rect", "bar"))); got != 2 {
		t.Errorf("%d bars, want 2", got)
	}
}

func TestTooltipsAndMarkerShapes(t *testing.T) {
	c := Chart{
		Title:  "Người tham gia",
		Labels: []string{"T1/2025"},
		Unit:   "người",
		Series: []Series{{Name: "Nam", Values: []float64{1234}}, {Name: "Nữ", Values: []float64{2345.6}}},
	}
	root := parse(t, Line(c))
	markers := root.all(func(n node) bool { return n.hasClass("marker") })
	if len(markers) != 2 {
		t.Fatalf("%d markers, want 2", len(markers))
	}
	if got, want := markers[0].tip(), "T1/2025 · Nam: 1.234 người"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	if got, want := markers[1].tip(), "T1/2025 · Nữ: 2.346 người"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	// Colour is not the only signal: the two series have different shapes.
	if markers[0].XMLName.Local == markers[1].XMLName.Local && markers[0].attr("d") == markers[1].attr("d") {
		t.Errorf("both series drawn with the same marker shape")
	}
	// The legend shows both, with the same shapes.
	legend := root.all(byName("g", "legend"))
	if len(legend) != 1 || !strings.Contains(legend[0].text(), "Nam") || !strings.Contains(legend[0].text(), "Nữ") {
		t.Errorf("legend missing or incomplete")
	}

	c.Lang, c.Unit, c.Decimals = "en", "%", 1
	root = parse(t, Bars(c))
	bars := root.all(byName("rect", "bar"))
	if got, want := bars[1].tip(), "T1/2025 · Nữ: 2,345.6%"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	if got := root.all(byName("text", "unit")); len(got) != 1 || got[0].text() != "Unit: %" {
		t.Errorf("unit label = %v", got)
	}
}

// barEnds returns each bar's top and bottom y, in document order.
func barEnds(t *testing.T, root node) (tops, bottoms []float64) {
	for _, b := range root.all(byName("rect", "bar")) {
		y, h := b.num(t, "y"), b.num(t, "height")
		tops, bottoms = append(tops, y), append(bottoms, y+h)
	}
	return tops, bottoms
}

func TestNegativeBars(t *testing.T) {
	c := Chart{Labels: []string{"A", "B"}, Series: []Series{{Name: "x", Values: []float64{-30, 60}}}}
	root := parse(t, Bars(c))
	zero := root.all(byName("line", "zero"))
	if len(zero) != 1 {
		t.Fatalf("%d zero lines, want 1", len(zero))
	}
	y0 := zero[0].num(t, "y1")
	tops, bottoms := barEnds(t, root)
	if tops[0] != y0 || bottoms[1] != y0 {
		t.Errorf("bars do not meet the zero line at %v: tops %v, bottoms %v", y0, tops, bottoms)
	}
	// Lengths in proportion to the values (within rounding to 0.1 px).
	neg, pos := bottoms[0]-tops[0], bottoms[1]-tops[1]
	if math.Abs(pos-2*neg) > 0.2 {
		t.Errorf("bar lengths %v and %v, want 1:2", neg, pos)
	}
	// A Line with negatives gets its zero line too.
	if got := len(parse(t, Line(c)).all(byName("line", "zero"))); got != 1 {
		t.Errorf("Line: %d zero lines, want 1", got)
	}
}

func TestStackedSums(t *testing.T) {
	c := Chart{
		Labels:  []string{"Quý I/2025", "Quý II/2025"},
		Stacked: true,
		Series: []Series{
			{Name: "Nam", Values: []float64{10, 40}},
			{Name: "Nữ", Values: []float64{30, 0}, Missing: []bool{false, true}},
			{Name: "Khác", Values: []float64{20, 20}},
		},
	}
	root := parse(t, Bars(c))
	bars := root.all(byName("rect", "bar"))
	if len(bars) != 5 {
		t.Fatalf("%d segments, want 5", len(bars))
	}
	// Segments of a column sit on each other, and the column's height is
	// in proportion to its sum: 60 and 60.
	col := map[float64][][2]float64{}
	for _, b := range bars {
		x, y, h := b.num(t, "x"), b.num(t, "y"), b.num(t, "height")
		col[x] = append(col[x], [2]float64{y, y + h})
	}
	var heights []float64
	for _, segs := range col {
		for i := 1; i < len(segs); i++ {
			if math.Abs(segs[i][1]-segs[i-1][0]) > 0.11 {
				t.Errorf("segment %v does not sit on %v", segs[i], segs[i-1])
			}
		}
		heights = append(heights, segs[0][1]-segs[len(segs)-1][0])
	}
	if len(heights) != 2 || math.Abs(heights[0]-heights[1]) > 0.2 {
		t.Errorf("column heights %v, want equal (both sum to 60)", heights)
	}
	var totals []string
	for _, n := range root.all(byName("text", "total")) {
		totals = append(totals, n.text())
	}
	if !equal(totals, []string{"60", "60"}) {
		t.Errorf("totals %q, want [60 60]", totals)
	}
	if got, want := bars[2].tip(), "Quý I/2025 · Nữ: 30"; got != want {
		t.Errorf("segment tooltip %q, want %q", got, want)
	}
}

func TestTable(t *testing.T) {
	c := Chart{
		Title:   "Cán bộ được tập huấn",
		Labels:  []string{"2024", "2025"},
		Unit:    "người",
		Stacked: true,
		Series: []Series{
			{Name: "Nam", Values: []float64{1234567, 12}},
			{Name: "Nữ", Values: []float64{2, 0}, Missing: []bool{false, true}},
		},
	}
	root := parse(t, Table(c))
	if root.XMLName.Local != "table" || root.attr("class") != "data chart-table" {
		t.Fatalf("root <%s class=%q>", root.XMLName.Local, root.attr("class"))
	}
	if got := root.all(byName("caption")); len(got) != 1 || got[0].text() != c.Title {
		t.Errorf("caption = %v", got)
	}
	var heads []string
	for _, th := range root.all(byName("th")) {
		heads = append(heads, th.attr("scope")+":"+th.text())
	}
	want := []string{"col:Nam (người)", "col:Nữ (người)", "col:Tổng (người)", "row:2024", "row:2025"}
	if !equal(heads, want) {
		t.Errorf("headers %q, want %q", heads, want)
	}
	var cells []string
	for _, td := range root.all(byName("td", "num")) {
		cells = append(cells, td.text())
	}
	if want := []string{"1.234.567", "2", "1.234.569", "12", "–", "12"}; !equal(cells, want) {
		t.Errorf("cells %q, want %q", cells, want)
	}
	if got := root.all(byName("abbr")); len(got) != 1 || got[0].attr("title") != "không có số liệu" {
		t.Errorf("missing value not explained: %v", got)
	}
	if got := root.all(byName("strong")); len(got) != 2 {
		t.Errorf("%d totals in bold, want 2", len(got))
	}

	c.Lang, c.Stacked, c.Title, c.Unit = "en", false, "", ""
	root = parse(t, Table(c))
	cells = cells[:0]
	for _, td := range root.all(byName("td", "num")) {
		cells = append(cells, td.text())
	}
	if want := []string{"1,234,567", "2", "12", "–"}; !equal(cells, want) {
		t.Errorf("en cells %q, want %q", cells, want)
	}
	if got := root.all(byName("caption")); got[0].text() != "Data table" {
		t.Errorf("caption without a title = %q", got[0].text())
	}

	root = parse(t, Table(Chart{Title: "Trống"}))
	if !strings.Contains(root.text(), "Không có số liệu") {
		t.Errorf("empty table does not say so: %q", root.text())
	}
}

func TestDeterministicIDs(t *testing.T) {
	c := cases()["negative"]
	for _, k := range kinds {
		a, b := k.draw(c), k.draw(c)
		if a != b {
			t.Errorf("%s: two renders differ", k.name)
		}
	}
	id := func(out template.HTML) string { return parse(t, out).Nodes[0].attr("id") }
	c2 := c
	c2.Series = []Series{c.Series[0]}
	ids := map[string]bool{id(Line(c)): true, id(Bars(c)): true, id(Line(c2)): true, id(HBars(c)): true}
	if len(ids) != 4 {
		t.Errorf("different charts share ids: %v", ids)
	}
}

func TestManyLabelsThinned(t *testing.T) {
	c := cases()["many labels"]
	for _, k := range kinds[:2] {
		root := parse(t, k.draw(c))
		var shown []node
		for _, g := range root.all(byName("g", "axis")) {
			for _, n := range g.Nodes {
				if strings.HasPrefix(n.attr("transform"), "rotate(") {
					shown = append(shown, n)
				}
			}
		}
		if len(shown) == 0 || len(shown) >= 60 {
			t.Errorf("%s: %d slanted labels of 60, want fewer and some", k.name, len(shown))
		}
	}
	// Short period labels that fit stay flat and all there.
	root := parse(t, Line(Chart{Labels: months, Series: []Series{{Values: []float64{1, 2, 3, 4, 5, 6}}}}))
	for _, n := range root.all(byName("text")) {
		if n.attr("transform") != "" {
			t.Errorf("label %q slanted though there is room", n.text())
		}
	}
}

func TestHBarsLongNames(t *testing.T) {
	long := "Phòng Quản lý vận tải, phương tiện và người lái thuộc Sở Xây dựng tỉnh Quảng Ninh"
	c := Chart{
		Title:  "Xếp hạng đơn vị",
		Labels: []string{"Văn phòng Sở", long},
		Unit:   "người",
		Series: []Series{{Name: "Số người", Values: []float64{12, 30}}, {Name: "ignored", Values: []float64{1, 1}}},
	}
	root := parse(t, HBars(c))
	var names []node
	for _, n := range root.all(byName("text", "label")) {
		if !n.hasClass("value") && !n.hasClass("unit") {
			names = append(names, n)
		}
	}
	if len(names) != 2 {
		t.Fatalf("%d names, want 2", len(names))
	}
	if got := names[0].text(); got != "Văn phòng Sở" {
		t.Errorf("short name drawn as %q", got)
	}
	if got := names[1].text(); !strings.HasSuffix(got, "…") || len(names[1].Nodes) < 2 {
		t.Errorf("long name drawn as %q, want two lines ending in …", got)
	}
	if got := names[1].tip(); got != long {
		t.Errorf("long name's tooltip %q, want the full name", got)
	}
	bars := root.all(byName("rect", "bar"))
	if len(bars) != 2 {
		t.Fatalf("%d bars, want 2 (first series only)", len(bars))
	}
	if w0, w1 := bars[0].num(t, "width"), bars[1].num(t, "width"); math.Abs(w1-2.5*w0) > 0.3 {
		t.Errorf("bar widths %v, %v, want 12:30", w0, w1)
	}
	if got, want := bars[1].tip(), long+" · Số người: 30 người"; got != want {
		t.Errorf("tooltip %q, want %q", got, want)
	}
	// Forty units get forty rows of readable height.
	many := Chart{Labels: make([]string, 40), Series: []Series{{Values: make([]float64, 40)}}}
	for i := range many.Labels {
		many.Labels[i] = fmt.Sprintf("Xã %d", i+1)
		many.Series[0].Values[i] = float64(i)
	}
	root = parse(t, HBars(many))
	if h := root.all(byName("rect", "bar"))[1].num(t, "height"); h < 12 {
		t.Errorf("bars %v px thick with 40 rows", h)
	}
}

// TestPaletteContrast checks the WCAG 2.1 non-text contrast of every
// series colour against the white ground (3:1), and 4.5:1 as the colours
// also carry white value labels inside stacked bars.
func TestPaletteContrast(t *testing.T) {
	for _, c := range palette {
		if r := contrast(c, "#ffffff"); r < 4.5 {
			t.Errorf("%s: contrast %.2f:1 with white", c, r)
		}
	}
	for _, c := range []string{textColor, mutedColor, axisColor} {
		if r := contrast(c, "#ffffff"); r < 4.5 {
			t.Errorf("text colour %s: contrast %.2f:1", c, r)
		}
	}
}

func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	v, _ := strconv.ParseUint(hex[1:], 16, 32)
	ch := func(c uint64) float64 {
		s := float64(c) / 255
		if s <= 0.04045 {
			return s / 12.92
		}
		return math.Pow((s+0.055)/1.055, 2.4)
	}
	return 0.2126*ch(v>>16&0xff) + 0.7152*ch(v>>8&0xff) + 0.0722*ch(v&0xff)
}

func TestEmptyChartSaysSo(t *testing.T) {
	for _, k := range kinds {
		root := parse(t, k.draw(Chart{Title: "Trống", Labels: months}))
		if !strings.Contains(root.text(), "Không có số liệu") {
			t.Errorf("%s: empty chart does not say so", k.name)
		}
		root = parse(t, k.draw(Chart{Lang: "en"}))
		if !strings.Contains(root.text(), "No data") || root.Nodes[0].Text != "Chart" {
			t.Errorf("%s: empty English chart: %q", k.name, root.text())
		}
	}
}

func FuzzLine(f *testing.F) {
	f.Add("T1/2025\nT2/2025", "Nam", 1.0, 2.0, -3.0, uint8(0), 0)
	f.Add("<script>&\"'", "Nữ & <b>", math.NaN(), math.Inf(1), 1e300, uint8(5), 3)
	f.Add("\x00\xff\ufffe", "", 0.0, 0.0, 0.0, uint8(255), -2)
	f.Fuzz(func(t *testing.T, labels, name string, a, b, c float64, missing uint8, decimals int) {
		ls := strings.Split(labels, "\n")
		vals := []float64{a, b, c, a - b, b * c, c / 3}
		var miss []bool
		for i := range 8 {
			miss = append(miss, missing&(1<<i) != 0)
		}
		ch := Chart{Title: name, Desc: labels, Labels: ls, Unit: name, Decimals: decimals % 10,
			Series: []Series{{Name: name, Values: vals, Missing: miss}, {Name: labels, Values: vals[2:]}}}
		for _, k := range kinds {
			root := parse(t, k.draw(ch))
			checkCSP(t, root)
		}
		parse(t, Table(ch))
	})
}
