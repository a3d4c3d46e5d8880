// Package svgchart draws the dashboards' charts as inline SVG on the server,
// so they work without JavaScript, print cleanly and pass a strict
// Content-Security-Policy: the markup uses presentation attributes (fill,
// stroke, font-size…) and CSS classes only, never a style attribute or a
// <style> element, and it carries its own colours so that it reads well even
// without the site stylesheet.
//
// Every chart is accessible three ways: an accessible name and description
// (<title>, <desc>, aria-labelledby), a tooltip on every bar and marker with
// its label, series and value, and Table, which renders the same data as an
// HTML table to show beside the chart.
//
// Output is deterministic (same Chart, same bytes), so pages can be cached
// and tests can compare output. In a template:
//
//	<figure>{{.Chart}}<details><summary>Bảng số liệu</summary>{{.Table}}</details></figure>
//
// with Chart = svgchart.Line(c) and Table = svgchart.Table(c) computed in
// the handler. The SVG is width="100%" of its container, so its text
// shrinks with it; on a phone, put it in a box that scrolls sideways and
// give .chart a min-width in the stylesheet, as for wide tables.
package svgchart

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"strings"
)

// Series is one line, or one colour of bars.
type Series struct {
	Name   string
	Values []float64
	// Missing[i] marks a period or unit with no value (a gap, not a zero).
	// It may be nil or shorter than Labels; NaN and ±Inf values count as
	// missing too, as do indices beyond Values.
	Missing []bool
}

// Chart is the data and wording of one chart; every function in the
// package takes one.
type Chart struct {
	Title    string   // accessible name (<title>), also drawn as the chart's heading
	Desc     string   // <desc>: a one-sentence summary for screen readers
	Labels   []string // categories along the x axis (HBars: down the left)
	Series   []Series // HBars draws only the first
	Unit     string   // "người", "%", "đ": in the axis label, tooltips and table headers
	Decimals int      // decimals in values, 0–6; also the finest tick step
	// Width and Height are the viewBox size in px, 640×320 by default. The
	// SVG itself is width="100%" and scales to its container. A chart grows
	// taller when its labels would otherwise squeeze the plot; HBars picks
	// its height from the number of rows unless Height asks for more.
	Width, Height int
	Stacked       bool   // Bars: stack the series instead of grouping them
	Lang          string // "en" for English wording and 1,234.5; anything else is Vietnamese
}

const (
	defaultWidth  = 640
	defaultHeight = 320
	minWidth      = 240
	minHeight     = 160
	maxDecimals   = 6
	// maxAbs bounds the values drawn. Nothing this system counts comes
	// near it (a national budget in đồng is about 1e15), and beyond it the
	// axis arithmetic would overflow float64; such values count as missing.
	maxAbs = 1e300

	fontFamily = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
	textColor  = "#2b3038" // 13:1 on white
	mutedColor = "#4f5661" // tick labels: 7.4:1 on white
	gridColor  = "#d5d9df"
	axisColor  = "#4f5661"
	pad        = 10.0 // outer margin of the drawing
)

// palette holds six colours that each reach at least 4.5:1 against white
// (more than the 3:1 WCAG asks of graphics, so they also pass as text, and
// white value labels inside stacked bars stay readable). The first four
// (blue, orange, bluish green, purple) stay apart for the common red-green
// deficiencies; olive and grey are the weakest pair, and all six grow alike
// in greyscale print. That is why colour is never the only signal: Line
// gives each series its own marker shape, series after the sixth are
// dashed, and the legend repeats both.
var palette = [6]string{"#16365c", "#c25100", "#00796b", "#6a3d9a", "#6b6b00", "#5a6370"}

// style returns the colour, marker shape and dashing of series i. Shapes
// shift by one every six series, so series 7 is not a copy of series 1.
func style(i int) (color string, shape int, dashed bool) {
	return palette[i%len(palette)], (i + i/len(palette)) % numShapes, i >= len(palette)
}

// words holds the little text the charts write themselves.
type words struct {
	unit, noData, total, value, series, chart, table, missing string
}

var (
	viWords = words{
		unit: "Đơn vị: ", noData: "Không có số liệu", total: "Tổng", value: "Giá trị",
		series: "Dãy ", chart: "Biểu đồ", table: "Bảng số liệu", missing: "không có số liệu",
	}
	enWords = words{
		unit: "Unit: ", noData: "No data", total: "Total", value: "Value",
		series: "Series ", chart: "Chart", table: "Data table", missing: "no data",
	}
)

// data is a Chart checked and normalised once, so the drawing code never
// meets a NaN, a short slice or a newline inside a label.
type data struct {
	c        Chart
	w, h     float64
	title    string
	desc     string
	labels   []string
	series   []series
	unit     string
	decimals int
	lang     string
	words    words
}

type series struct {
	name string
	vals []float64
	ok   []bool // ok[i]: vals[i] is a value to draw
}

func prepare(c Chart) *data {
	d := &data{
		c:        c,
		w:        float64(c.Width),
		h:        float64(c.Height),
		title:    clean(c.Title),
		desc:     clean(c.Desc),
		unit:     clean(c.Unit),
		decimals: min(max(c.Decimals, 0), maxDecimals),
		lang:     "vi",
		words:    viWords,
	}
	if l := strings.ToLower(c.Lang); l == "en" || strings.HasPrefix(l, "en-") {
		d.lang, d.words = "en", enWords
	}
	if c.Width <= 0 {
		d.w = defaultWidth
	}
	if c.Height <= 0 {
		d.h = defaultHeight
	}
	d.w, d.h = max(d.w, minWidth), max(d.h, minHeight)
	d.labels = make([]string, len(c.Labels))
	for i, l := range c.Labels {
		d.labels[i] = clean(l)
	}
	for si, s := range c.Series {
		ns := series{
			name: clean(s.Name),
			vals: make([]float64, len(c.Labels)),
			ok:   make([]bool, len(c.Labels)),
		}
		if ns.name == "" && len(c.Series) > 1 {
			ns.name = fmt.Sprintf("%s%d", d.words.series, si+1)
		}
		for i := range c.Labels {
			if i >= len(s.Values) || i < len(s.Missing) && s.Missing[i] {
				continue
			}
			v := s.Values[i]
			if math.IsNaN(v) || math.Abs(v) > maxAbs {
				continue
			}
			ns.vals[i], ns.ok[i] = v, true
		}
		d.series = append(d.series, ns)
	}
	return d
}

// empty reports whether there is nothing to draw at all.
func (d *data) empty() bool {
	for _, s := range d.series {
		for _, ok := range s.ok {
			if ok {
				return false
			}
		}
	}
	return true
}

// extent returns the smallest and largest value drawn.
func (d *data) extent() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range d.series {
		for i, v := range s.vals {
			if s.ok[i] {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return lo, hi
}

// number writes v as a value label: grouped, with the chart's decimals.
func (d *data) number(v float64) string {
	return formatNumber(v, d.decimals, d.lang)
}

// withUnit writes v with its unit, as in tooltips: "1.234 người", but
// "12,5%", since Vietnamese and English both set the percent sign tight.
func (d *data) withUnit(v float64) string {
	s := d.number(v)
	switch d.unit {
	case "":
		return s
	case "%":
		return s + "%"
	}
	return s + " " + d.unit
}

// tooltip is the text of a bar's or marker's <title>:
// "T1/2025 · Nam: 1.234 người", or without the series when it has no name.
func (d *data) tooltip(label, name string, v float64) string {
	if name == "" {
		return label + ": " + d.withUnit(v)
	}
	return label + " · " + name + ": " + d.withUnit(v)
}

// missingTip is the tooltip of the mark that stands for a missing value.
func (d *data) missingTip(label, name string) string {
	if name == "" {
		return label + ": " + d.words.missing
	}
	return label + " · " + name + ": " + d.words.missing
}

// accessibleTitle is the chart's accessible name; a chart without a title
// still needs one for role="img".
func (d *data) accessibleTitle() string {
	if d.title != "" {
		return d.title
	}
	return d.words.chart
}

// id derives the chart's element ids from its content and kind, so that
// ids are stable across renders (no counter shared between requests) and
// two different charts on one page do not share them. Two identical charts
// on one page would, but their <title>s are then identical too.
func (d *data) id(kind string) string {
	h := fnv.New64a()
	var buf [8]byte
	str := func(s string) {
		binary.LittleEndian.PutUint64(buf[:], uint64(len(s)))
		h.Write(buf[:])
		h.Write([]byte(s))
	}
	num := func(u uint64) {
		binary.LittleEndian.PutUint64(buf[:], u)
		h.Write(buf[:])
	}
	c := d.c
	str(kind)
	str(c.Title)
	str(c.Desc)
	str(c.Unit)
	str(c.Lang)
	num(uint64(c.Decimals))
	num(uint64(c.Width))
	num(uint64(c.Height))
	if c.Stacked {
		num(1)
	}
	num(uint64(len(c.Labels)))
	for _, l := range c.Labels {
		str(l)
	}
	for _, s := range c.Series {
		str(s.Name)
		num(uint64(len(s.Values)))
		for _, v := range s.Values {
			num(math.Float64bits(v))
		}
		num(uint64(len(s.Missing)))
		for _, m := range s.Missing {
			if m {
				num(1)
			} else {
				num(0)
			}
		}
	}
	return fmt.Sprintf("svgchart-%012x", h.Sum64()>>16)
}
