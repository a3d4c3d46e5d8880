package svgchart

import (
	"html/template"
	"math"
	"strconv"
	"strings"
)

// xw builds the markup. Every attribute value and text goes through esc, so
// no caller can forget to escape a label.
type xw struct{ strings.Builder }

func (w *xw) attrs(kv []string) {
	for i := 0; i+1 < len(kv); i += 2 {
		w.WriteByte(' ')
		w.WriteString(kv[i])
		w.WriteString(`="`)
		w.WriteString(esc(kv[i+1]))
		w.WriteByte('"')
	}
}

// open writes a start tag; kv are attribute names and values in turn.
func (w *xw) open(name string, kv ...string) {
	w.WriteByte('<')
	w.WriteString(name)
	w.attrs(kv)
	w.WriteByte('>')
}

// void writes an element without content.
func (w *xw) void(name string, kv ...string) {
	w.WriteByte('<')
	w.WriteString(name)
	w.attrs(kv)
	w.WriteString("/>")
}

// close writes an end tag. It adds no line break: inside <text>, a break
// between <tspan>s would render as a space and shift centred lines.
func (w *xw) close(name string) {
	w.WriteString("</")
	w.WriteString(name)
	w.WriteByte('>')
}

// nl ends a line of markup, between drawn elements, to keep the output
// readable when someone views the page source.
func (w *xw) nl() { w.WriteByte('\n') }

func (w *xw) text(s string) { w.WriteString(esc(s)) }

// leaf writes an element holding only text.
func (w *xw) leaf(name, text string, kv ...string) {
	w.open(name, kv...)
	w.text(text)
	w.close(name)
}

// shape writes a drawn element with a <title> child, the tooltip browsers
// show on hover. An empty tip writes a plain element (legend swatches).
func (w *xw) shape(name, tip string, kv ...string) {
	if tip == "" {
		w.void(name, kv...)
	} else {
		w.open(name, kv...)
		w.leaf("title", tip)
		w.close(name)
	}
	w.nl()
}

// html marks the chart safe for templates: every text and attribute in it
// went through the writer's escaping.
func (w *xw) html() template.HTML { return template.HTML(w.String()) } //nolint:gosec // escaped as written, see xw

// Font sizes in px of the viewBox.
const (
	titleSize  = 16.0
	titleLine  = 21.0 // leaves room above the baseline for stacked marks (Ễ, Ộ)
	labelSize  = 12.0
	labelLine  = 15.0
	tickSize   = 11.0
	valueSize  = 10.0
	legendLine = 18.0
)

// header opens the <svg> with its accessible name and description.
func (d *data) header(w *xw, kind string, h float64) {
	id := d.id(kind)
	labelledBy := id + "-title"
	if d.desc != "" {
		labelledBy += " " + id + "-desc"
	}
	w.open("svg",
		"xmlns", "http://www.w3.org/2000/svg",
		"viewBox", "0 0 "+f1(d.w)+" "+f1(h),
		"width", "100%",
		"role", "img",
		"aria-labelledby", labelledBy,
		"class", "chart chart-"+kind,
		"font-family", fontFamily,
		"font-size", f1(labelSize))
	w.nl()
	w.leaf("title", d.accessibleTitle(), "id", id+"-title")
	w.nl()
	if d.desc != "" {
		w.leaf("desc", d.desc, "id", id+"-desc")
		w.nl()
	}
	// A white ground keeps the colours' contrast on a tinted page or card.
	w.void("rect", "class", "bg", "width", f1(d.w), "height", f1(h), "fill", "#ffffff")
	w.nl()
}

// heading holds the laid-out top of a chart: title lines and legend rows.
type heading struct {
	title  []string
	cut    bool    // the title was shortened: keep the whole as a tooltip
	legend [][]int // series indices, row by row
	bottom float64 // first free y below the heading
}

// legend kinds: how a series' swatch looks.
const (
	swatchBar = iota
	swatchLine
)

const swatchW = 22.0

// layoutHeading wraps the title into two lines at most and flows the legend
// (shown only for two or more series: one series is named by the title)
// into as many rows as it needs.
func (d *data) layoutHeading(legend bool) heading {
	var hd heading
	y := pad
	if d.title != "" {
		// Bold glyphs run about a tenth wider than the estimate.
		hd.title, hd.cut = wrap(d.title, (d.w-2*pad)/1.1, titleSize, 2)
		y += titleLine * float64(len(hd.title))
		y += 4
	}
	if legend && len(d.series) > 1 {
		x, row := pad, []int(nil)
		for i := range d.series {
			iw := d.legendItemWidth(i)
			if len(row) > 0 && x+iw > d.w-pad {
				hd.legend = append(hd.legend, row)
				x, row = pad, nil
			}
			row = append(row, i)
			x += iw
		}
		hd.legend = append(hd.legend, row)
		y += legendLine*float64(len(hd.legend)) + 4
	}
	hd.bottom = y
	return hd
}

func (d *data) legendName(i int) string {
	s, _ := truncate(d.series[i].name, d.w/2, labelSize)
	return s
}

func (d *data) legendItemWidth(i int) float64 {
	return swatchW + 6 + textWidth(d.legendName(i), labelSize) + 16
}

// drawHeading writes the visible title and the legend.
func (d *data) drawHeading(w *xw, hd heading, kind int) {
	y := pad
	if len(hd.title) > 0 {
		w.open("text", "class", "chart-title", "x", f1(pad), "font-size", f1(titleSize),
			"font-weight", "bold", "fill", textColor)
		for _, line := range hd.title {
			y += titleLine
			w.leaf("tspan", line, "x", f1(pad), "y", f1(y-5))
		}
		if hd.cut {
			w.leaf("title", d.title)
		}
		w.close("text")
		w.nl()
		y += 4
	}
	if len(hd.legend) == 0 {
		return
	}
	w.open("g", "class", "legend")
	w.nl()
	for _, row := range hd.legend {
		x, cy := pad, y+legendLine/2
		for _, i := range row {
			color, shape, dashed := style(i)
			cls := "swatch series-" + strconv.Itoa(i)
			switch kind {
			case swatchLine:
				kv := []string{"class", cls, "x1", f1(x), "x2", f1(x + swatchW), "y1", f1(cy), "y2", f1(cy),
					"stroke", color, "stroke-width", "2"}
				if dashed {
					kv = append(kv, "stroke-dasharray", dash)
				}
				w.void("line", kv...)
				marker(w, shape, x+swatchW/2, cy, color, cls, "")
			default:
				w.shape("rect", "", "class", cls, "x", f1(x+swatchW/2-6), "y", f1(cy-6),
					"width", "12", "height", "12", "fill", color)
			}
			w.leaf("text", d.legendName(i), "class", "label", "x", f1(x+swatchW+6), "y", f1(cy+4), "fill", textColor)
			w.nl()
			x += d.legendItemWidth(i)
		}
		y += legendLine
	}
	w.close("g")
	w.nl()
}

const dash = "6 3"

// numShapes is the number of marker shapes; with the six colours this
// gives every one of the first six series its own colour and shape.
const numShapes = 6

// marker draws one of the marker shapes, centred on (x, y). The shapes are
// sized to look equally heavy, and the white outline keeps markers of
// different series apart where lines cross.
func marker(w *xw, shape int, x, y float64, color, class, tip string) {
	p := func(pts ...float64) string {
		var b strings.Builder
		for i := 0; i+1 < len(pts); i += 2 {
			if i == 0 {
				b.WriteByte('M')
			} else {
				b.WriteByte('L')
			}
			b.WriteString(f1(x + pts[i]))
			b.WriteByte(' ')
			b.WriteString(f1(y + pts[i+1]))
		}
		b.WriteByte('Z')
		return b.String()
	}
	common := []string{"class", class, "fill", color, "stroke", "#ffffff", "stroke-width", "1"}
	switch shape {
	case 0:
		w.shape("circle", tip, append([]string{"cx", f1(x), "cy", f1(y), "r", "4.5"}, common...)...)
		return
	case 1: // square
		w.shape("path", tip, append([]string{"d", p(-4, -4, 4, -4, 4, 4, -4, 4)}, common...)...)
	case 2: // triangle up
		w.shape("path", tip, append([]string{"d", p(0, -5.5, 5, 3.5, -5, 3.5)}, common...)...)
	case 3: // diamond
		w.shape("path", tip, append([]string{"d", p(0, -5.5, 5.5, 0, 0, 5.5, -5.5, 0)}, common...)...)
	case 4: // triangle down
		w.shape("path", tip, append([]string{"d", p(0, 5.5, 5, -3.5, -5, -3.5)}, common...)...)
	default: // plus
		w.shape("path", tip, append([]string{"d", p(-1.75, -5, 1.75, -5, 1.75, -1.75, 5, -1.75, 5, 1.75,
			1.75, 1.75, 1.75, 5, -1.75, 5, -1.75, 1.75, -5, 1.75, -5, -1.75, -1.75, -1.75)}, common...)...)
	}
}

// emptyChart is drawn when there is nothing to plot: the title, and a
// sentence saying so, rather than an empty frame that looks broken.
func (d *data) emptyChart(kind string) template.HTML {
	var w xw
	hd := d.layoutHeading(false)
	h := max(hd.bottom+60, min(d.h, 160))
	d.header(&w, kind, h)
	d.drawHeading(&w, hd, swatchBar)
	w.leaf("text", d.words.noData, "class", "label empty", "x", f1(d.w/2), "y", f1((hd.bottom+h)/2+4),
		"text-anchor", "middle", "fill", mutedColor)
	w.nl()
	w.close("svg")
	return w.html()
}

// frame is the laid-out plot of a chart with categories along x and values
// up y (Line and Bars).
type frame struct {
	d                        *data
	sc                       scale
	h                        float64 // the SVG height, which may exceed d.h
	hd                       heading
	unitY                    float64 // baseline of the unit label; 0 without one
	left, right, top, bottom float64 // the plot area
	band                     float64 // width given to each category
	xl                       xLabels
	ticks                    []string
}

// headroom above the plot: half a tick label sits above the top gridline,
// and a value label above the tallest bar.
const headroom = 16.0

// layoutXY places the parts of a Line or Bars chart: heading at the top, the
// unit above the value axis, tick labels on the left, category labels at the
// bottom, the plot in what is left. The chart grows taller rather than
// squeeze the plot below a readable height.
func (d *data) layoutXY(sc scale, legendKind int) *frame {
	f := &frame{d: d, sc: sc, hd: d.layoutHeading(true)}
	y := f.hd.bottom
	if d.unit != "" {
		y += labelLine
		f.unitY = y - 3
	}
	f.top = y + headroom
	widest := 0.0
	for i := 0; i <= sc.intervals(); i++ {
		t := formatNumber(sc.tick(i), sc.decimals, d.lang)
		f.ticks = append(f.ticks, t)
		widest = max(widest, textWidth(t, tickSize))
	}
	f.left = min(pad+widest+8, d.w*0.4)
	f.right = d.w - pad - 6
	n := float64(len(d.labels))
	f.band = (f.right - f.left) / n
	f.xl = layoutXLabels(d.labels, f.left, f.band, d.h*0.35)
	f.h = d.h
	const minPlot = 100.0
	if f.h-pad-f.xl.height-f.top < minPlot {
		f.h = f.top + minPlot + f.xl.height + pad
	}
	f.bottom = f.h - pad - f.xl.height
	return f
}

// x is the centre of category i.
func (f *frame) x(i int) float64 { return f.left + (float64(i)+0.5)*f.band }

// y is the vertical position of value v.
func (f *frame) y(v float64) float64 {
	return f.bottom - f.sc.frac(v)*(f.bottom-f.top)
}

// drawAxes writes the unit label, gridlines with tick labels, and the
// category labels. The caller draws the baseline after the data, so that it
// stays visible over bars.
func (f *frame) drawAxes(w *xw) {
	d := f.d
	if f.unitY > 0 {
		w.leaf("text", d.words.unit+d.unit, "class", "label unit", "x", f1(pad), "y", f1(f.unitY), "fill", textColor)
		w.nl()
	}
	w.open("g", "class", "grid", "stroke", gridColor, "stroke-width", "1")
	w.nl()
	for i := 0; i <= f.sc.intervals(); i++ {
		y := f1(f.y(f.sc.tick(i)))
		w.void("line", "x1", f1(f.left), "x2", f1(f.right), "y1", y, "y2", y)
	}
	w.nl()
	w.close("g")
	w.nl()
	w.open("g", "class", "axis", "font-size", f1(tickSize), "fill", mutedColor)
	w.nl()
	for i, t := range f.ticks {
		w.leaf("text", t, "x", f1(f.left-6), "y", f1(f.y(f.sc.tick(i))), "dy", "0.35em", "text-anchor", "end")
		w.nl()
	}
	f.xl.draw(w, d.labels, f.x, f.bottom)
	w.close("g")
	w.nl()
}

// baseline draws the line values grow from: zero when it is on the axis
// (the zero line of charts with negative values), else the axis bottom.
func (f *frame) baseline(w *xw) {
	v := f.sc.lo()
	if f.sc.lo() <= 0 && f.sc.hi() >= 0 {
		v = 0
	}
	y := f1(f.y(v))
	cls := "axis baseline"
	if v == 0 && f.sc.lo() < 0 {
		cls += " zero"
	}
	w.void("line", "class", cls, "x1", f1(f.left), "x2", f1(f.right), "y1", y, "y2", y,
		"stroke", axisColor, "stroke-width", "1")
	w.nl()
}

// xLabels is the layout of the category labels under the plot.
type xLabels struct {
	mode   int        // one of the xl* constants
	every  int        // draw every n-th label when rotated ones would still collide
	lines  [][]string // the text of each label, line by line
	cut    []bool     // shortened labels keep their full text as a tooltip
	height float64    // the space they take below the plot
}

const (
	xlFlat    = iota // one line, centred under its category
	xlWrapped        // up to three lines, centred
	xlRotated        // slanted by 45°, ending under its category
)

// layoutXLabels chooses the plainest layout that keeps labels apart: flat;
// wrapped on two or three lines; wrapped and shortened with "…" when each
// line still holds a word or two; and only then slanted, thinned out to
// every n-th label. Widths are estimates, so each label keeps a small gap.
func layoutXLabels(labels []string, left, band, maxHeight float64) xLabels {
	xl := xLabels{every: 1, lines: make([][]string, len(labels)), cut: make([]bool, len(labels))}
	room := band - 6
	widest := 0.0
	for _, l := range labels {
		widest = max(widest, textWidth(l, tickSize))
	}
	if widest <= room {
		for i, l := range labels {
			xl.lines[i] = []string{l}
		}
		xl.height = tickSize + 10
		return xl
	}
	// Unit names such as "Phòng Quản lý vận tải, phương tiện và người
	// lái" read far better on three level lines than slanted.
	if room > 0 && room >= 10*charWidth*tickSize {
		for _, lossy := range []bool{false, true} {
			ok, most := true, 0
			for i, l := range labels {
				lines, cut := wrap(l, room, tickSize, 3)
				if cut && !lossy {
					ok = false
					break
				}
				xl.lines[i], xl.cut[i] = lines, cut
				most = max(most, len(lines))
			}
			if ok {
				xl.mode = xlWrapped
				xl.height = tickSize + float64(most-1)*labelLine + 10
				return xl
			}
		}
	}
	// Slanted labels sit band·sin45° apart, measured across their lines;
	// they need a line's height of that.
	xl.mode = xlRotated
	const sin45 = math.Sqrt2 / 2
	xl.every = max(1, int(math.Ceil((tickSize+3)/(band*sin45))))
	maxLen := (maxHeight - tickSize - 8) / sin45
	longest := 0.0
	for i, l := range labels {
		// Near the left edge a slanted label would run out of the
		// drawing; it gets only the room there is.
		anchor := left + (float64(i)+0.5)*band
		t, cut := truncate(l, max(min(maxLen, (anchor-2)/sin45), 0), tickSize)
		xl.lines[i], xl.cut[i] = []string{t}, cut
		if i%xl.every == 0 {
			longest = max(longest, textWidth(t, tickSize))
		}
	}
	xl.height = longest*sin45 + tickSize + 10
	return xl
}

// draw writes the labels; x gives the centre of each category.
func (xl xLabels) draw(w *xw, labels []string, x func(int) float64, bottom float64) {
	for i := range labels {
		if i%xl.every != 0 || len(xl.lines[i]) == 0 {
			continue
		}
		cx := x(i)
		y := bottom + tickSize + 6
		switch xl.mode {
		case xlRotated:
			// The end of the text hangs just under its category;
			// shifting it right by a third of the font size centres the
			// slanted line on the category rather than its top corner.
			ax, ay := cx+tickSize*0.35, y-2
			w.open("text", "x", f1(ax), "y", f1(ay), "text-anchor", "end",
				"transform", "rotate(-45 "+f1(ax)+" "+f1(ay)+")")
			w.text(xl.lines[i][0])
		default:
			w.open("text", "x", f1(cx), "y", f1(y), "text-anchor", "middle")
			if len(xl.lines[i]) == 1 {
				w.text(xl.lines[i][0])
			} else {
				for j, line := range xl.lines[i] {
					dy := "0"
					if j > 0 {
						dy = f1(labelLine)
					}
					w.leaf("tspan", line, "x", f1(cx), "dy", dy)
				}
			}
		}
		if xl.cut[i] {
			w.leaf("title", labels[i])
		}
		w.close("text")
		w.nl()
	}
}
