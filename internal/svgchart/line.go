package svgchart

import (
	"html/template"
	"strconv"
	"strings"
)

// Line draws each series as a line with a marker at every value, for trends
// over periods. A missing value breaks the line, so a gap is never mistaken
// for a fall to zero; a value between two gaps shows as its marker alone.
//
// The value axis starts at zero unless every value lies far from it (say 92
// to 98 %), where a zero baseline would flatten the line into a ruler.
func Line(c Chart) template.HTML {
	d := prepare(c)
	if len(d.labels) == 0 || d.empty() {
		return d.emptyChart("line")
	}
	lo, hi := d.extent()
	farAbove := lo > 0 && hi-lo < lo/2
	farBelow := hi < 0 && hi-lo < -hi/2
	if !farAbove && !farBelow {
		lo, hi = min(lo, 0), max(hi, 0)
	}
	f := d.layoutXY(niceScale(lo, hi, d.decimals, 5), swatchLine)

	var w xw
	d.header(&w, "line", f.h)
	d.drawHeading(&w, f.hd, swatchLine)
	f.drawAxes(&w)
	f.baseline(&w)
	for si, s := range d.series {
		color, shape, dashed := style(si)
		cls := "series-" + strconv.Itoa(si)
		w.open("g", "class", "series "+cls)
		w.nl()
		var path strings.Builder
		pen := false
		for i, ok := range s.ok {
			if !ok {
				pen = false
				continue
			}
			if pen {
				path.WriteByte('L')
			} else {
				path.WriteByte('M')
			}
			path.WriteString(f1(f.x(i)) + " " + f1(f.y(s.vals[i])))
			pen = true
		}
		kv := []string{"class", "line " + cls, "d", path.String(), "fill", "none", "stroke", color,
			"stroke-width", "2", "stroke-linejoin", "round", "stroke-linecap", "round"}
		if dashed {
			kv = append(kv, "stroke-dasharray", dash)
		}
		w.void("path", kv...)
		w.nl()
		for i, ok := range s.ok {
			if ok {
				marker(&w, shape, f.x(i), f.y(s.vals[i]), color, "marker "+cls, d.tooltip(d.labels[i], s.name, s.vals[i]))
			}
		}
		w.close("g")
		w.nl()
	}
	w.close("svg")
	return w.html()
}
