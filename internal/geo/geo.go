// Package geo reads, checks and writes the coordinates of the places that
// tebdg's registries record: road hazards near schools, drowning-risk sites
// (rivers, ponds, wharves) and the warning signs there.
//
// Officers paste coordinates from phones, Google Maps, OpenStreetMap and
// old paper surveys, each written its own way. Parse reads them all into a
// Point; Check catches the usual mistakes (latitude and longitude swapped,
// a lost minus sign, a point that is not in Vietnam) before a record is
// saved; WriteGeoJSON hands a registry to map software.
//
// Everything here is pure: no I/O beyond the writer given, no global state
// that callers can change.
package geo

import (
	"errors"
	"math"
	"strconv"
	"strings"
)

// Point is a place on WGS 84, the datum of GPS, phones and web maps, in
// decimal degrees: north and east positive.
type Point struct {
	Lat, Lon float64
}

// String writes the point as "21.028500, 105.854200": latitude first, six
// decimals (about 0.1 m, finer than any phone's fix) and a decimal point,
// which is what map sites and GPS apps expect when the text is pasted back.
// Parse reads it back.
func (p Point) String() string {
	return formatCoord(p.Lat) + ", " + formatCoord(p.Lon)
}

// MapURL links to the point on OpenStreetMap with a marker, zoomed in far
// enough (17) to see the school gate or the wharf.
func (p Point) MapURL() string {
	lat, lon := formatCoord(p.Lat), formatCoord(p.Lon)
	return "https://www.openstreetmap.org/?mlat=" + lat + "&mlon=" + lon + "#map=17/" + lat + "/" + lon
}

// formatCoord writes v with six decimals. A value that rounds to zero is
// written without a minus sign: "-0.000000" only puzzles a reader.
func formatCoord(v float64) string {
	s := strconv.FormatFloat(v, 'f', 6, 64)
	if s == "-0.000000" {
		return "0.000000"
	}
	return s
}

// finite reports whether both coordinates are numbers, not NaN or ±Inf.
func (p Point) finite() bool {
	return !math.IsNaN(p.Lat) && !math.IsInf(p.Lat, 0) && !math.IsNaN(p.Lon) && !math.IsInf(p.Lon, 0)
}

// FieldError is a point that cannot be saved, with the form field at fault
// named so that a form can show the message beside it.
type FieldError struct {
	Field     string
	Message   string // Vietnamese
	MessageEN string
}

func (e *FieldError) Error() string {
	return e.Field + ": " + e.Message + " (" + e.MessageEN + ")"
}

func fieldErr(field, vi, en string) *FieldError {
	return &FieldError{Field: field, Message: vi, MessageEN: en}
}

// Check reports what is wrong with p as the value of a form field, or nil:
//   - a coordinate that is NaN or infinite;
//   - a latitude outside ±90 or a longitude outside ±180 (with a hint when
//     the two look swapped, the most common slip);
//   - a point outside Vietnam (see InVietnam), with a hint when a minus sign
//     is the likely cause or the point is 0, 0 (a phone that had no fix).
//
// The result is a *FieldError so that a form can place it; compare it with
// nil before storing it in an error variable.
func Check(field string, p Point) *FieldError {
	if !p.finite() {
		return fieldErr(field, "tọa độ không phải là số hợp lệ", "the coordinates are not valid numbers")
	}
	if msg, msgEN := rangeProblem(p.Lat, p.Lon); msg != "" {
		return fieldErr(field, msg, msgEN)
	}
	if InVietnam(p) {
		return nil
	}
	vi := "tọa độ nằm ngoài lãnh thổ Việt Nam: hãy kiểm tra lại (vĩ độ trước, kinh độ sau)"
	en := "the point lies outside Vietnam: check it again (latitude first, then longitude)"
	switch {
	case p.Lat == 0 && p.Lon == 0:
		vi += "; tọa độ 0, 0 thường là do điện thoại chưa lấy được vị trí"
		en += "; 0, 0 usually means the phone had no position fix"
	case InVietnam(Point{Lat: -p.Lat, Lon: p.Lon}):
		vi += "; có lẽ vĩ độ bị thừa dấu trừ"
		en += "; the latitude probably has a stray minus sign"
	case InVietnam(Point{Lat: p.Lat, Lon: -p.Lon}):
		vi += "; có lẽ kinh độ bị thừa dấu trừ"
		en += "; the longitude probably has a stray minus sign"
	}
	return fieldErr(field, vi, en)
}

// rangeProblem says, in Vietnamese and English, what is wrong with a
// latitude and longitude that fall outside ±90 and ±180, or returns "".
// When swapping the two would make them fit, it says so: pasting longitude
// first is the commonest slip, and guessing the swap silently would hide a
// mistake that may have other parts.
func rangeProblem(lat, lon float64) (vi, en string) {
	switch {
	case math.Abs(lat) > 90:
		vi = "vĩ độ " + formatDeg(lat) + " nằm ngoài khoảng -90 đến 90"
		en = "latitude " + formatDeg(lat) + " is outside -90 to 90"
		if math.Abs(lon) <= 90 && math.Abs(lat) <= 180 {
			vi += ": có lẽ kinh độ và vĩ độ bị đảo (vĩ độ trước, kinh độ sau)"
			en += ": latitude and longitude are probably swapped (latitude first, then longitude)"
		}
	case math.Abs(lon) > 180:
		vi = "kinh độ " + formatDeg(lon) + " nằm ngoài khoảng -180 đến 180"
		en = "longitude " + formatDeg(lon) + " is outside -180 to 180"
	}
	return vi, en
}

// formatDeg writes a coordinate for a message: at most six decimals, no
// trailing zeros, so that it reads as the person typed it. A value far
// beyond any coordinate is written short, as 1e+300.
func formatDeg(v float64) string {
	if math.Abs(v) >= 1e6 {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	s := strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(v, 'f', 6, 64), "0"), ".")
	if s == "-0" {
		s = "0"
	}
	return s
}

// ParseField reads s as Parse does and checks the point as Check does, for
// one form field: an error names field. Empty s gives ok false and no
// error; whether the field is required is the form's rule, not this one's.
func ParseField(field, s string) (p Point, ok bool, err *FieldError) {
	p, ok, perr := Parse(s)
	if perr != nil {
		var pe *ParseError
		if !errors.As(perr, &pe) {
			pe = parseErr(perr.Error(), perr.Error())
		}
		return Point{}, false, fieldErr(field, pe.Message, pe.MessageEN)
	}
	if !ok {
		return Point{}, false, nil
	}
	if fe := Check(field, p); fe != nil {
		return Point{}, false, fe
	}
	return p, true, nil
}
