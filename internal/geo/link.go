package geo

import (
	"net/url"
	"strconv"
	"strings"
)

// looksLikeLink reports whether s is a web address rather than
// coordinates. Links are often pasted without "https://", straight from
// the address bar of a phone browser.
func looksLikeLink(s string) bool {
	l := strings.ToLower(s)
	for _, prefix := range []string{"www.", "maps.", "google.", "openstreetmap.", "osm.org"} {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	for _, part := range []string{"://", "google.", "openstreetmap.org", "goo.gl/"} {
		if strings.Contains(l, part) {
			return true
		}
	}
	return false
}

// noCoords is the error for a link that holds no coordinates.
func noCoords() *ParseError {
	return parseErr("đường link không chứa tọa độ: hãy mở link trên bản đồ, chép tọa độ (ví dụ 21.0285, 105.8542) rồi dán vào đây",
		"the link holds no coordinates: open it on the map, copy the coordinates (such as 21.0285, 105.8542) and paste them here")
}

// parseLink reads a point from a Google Maps or OpenStreetMap link, trying
// the parts of the link that mark the place itself before those that only
// centre the map: the map may have been moved after the pin was dropped.
func parseLink(s string) (Point, *ParseError) {
	raw := s
	if !strings.Contains(s, "://") {
		raw = "https://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Point{}, parseErr("không đọc được đường link: hãy chép lại cả link, hoặc chỉ chép tọa độ",
			"cannot read the link: copy the whole link again, or just the coordinates")
	}
	host := strings.ToLower(u.Hostname())
	if host == "goo.gl" || strings.HasSuffix(host, ".goo.gl") {
		return Point{}, parseErr("link rút gọn (goo.gl) không chứa tọa độ: hãy mở link, chép tọa độ (ví dụ 21.0285, 105.8542) rồi dán vào đây",
			"a short link (goo.gl) holds no coordinates: open it, copy the coordinates (such as 21.0285, 105.8542) and paste them here")
	}

	// Google Maps: the pin of a place, in the data= part.
	if p, ok, pe := googlePin(u.Path); ok || pe != nil {
		return p, pe
	}
	// OpenStreetMap: the marker.
	q := u.Query()
	if mlat, mlon := q.Get("mlat"), q.Get("mlon"); mlat != "" || mlon != "" {
		return decimalPair(mlat, mlon)
	}
	// A search or a route: Google's q, query, destination, daddr; Apple's
	// and others' ll and center.
	for _, key := range []string{"q", "query", "destination", "daddr", "ll", "center"} {
		if p, ok, pe := coordParam(q.Get(key)); ok || pe != nil {
			return p, pe
		}
	}
	// Google Maps: /maps/place/<coordinates>/ and /maps/search/<coordinates>/.
	segs := strings.Split(u.Path, "/")
	for i := 0; i+1 < len(segs); i++ {
		if segs[i] == "place" || segs[i] == "search" {
			if p, ok, pe := coordParam(strings.ReplaceAll(segs[i+1], "+", " ")); ok || pe != nil {
				return p, pe
			}
		}
	}
	// Google Maps: the centre of the map, /@lat,lon,zoom.
	for _, seg := range segs {
		if rest, found := strings.CutPrefix(seg, "@"); found {
			if parts := strings.Split(rest, ","); len(parts) >= 2 {
				return decimalPair(parts[0], parts[1])
			}
		}
	}
	// OpenStreetMap: the centre of the map, #map=zoom/lat/lon.
	if _, after, found := strings.Cut(u.Fragment, "map="); found {
		after, _, _ = strings.Cut(after, "&")
		if parts := strings.Split(after, "/"); len(parts) == 3 {
			return decimalPair(parts[1], parts[2])
		}
	}
	return Point{}, noCoords()
}

// googlePin finds the "!3d<lat>!4d<lon>" that Google Maps writes into the
// data= part of a link to a place.
func googlePin(path string) (Point, bool, *ParseError) {
	for rest := path; ; {
		i := strings.Index(rest, "!3d")
		if i < 0 {
			return Point{}, false, nil
		}
		rest = rest[i+3:]
		lat, after, _ := strings.Cut(rest, "!")
		if !strings.HasPrefix(after, "4d") {
			continue
		}
		lon, _, _ := strings.Cut(after[2:], "!")
		lon, _, _ = strings.Cut(lon, "/")
		p, pe := decimalPair(lat, lon)
		return p, pe == nil, pe
	}
}

// coordParam reads a query parameter or path segment that may hold
// coordinates, or a place name. A place name is not an error: it gives ok
// false so that the caller looks elsewhere in the link. Text that starts
// like coordinates but is not is an error.
func coordParam(v string) (Point, bool, *ParseError) {
	v = strings.TrimSpace(v)
	v = strings.TrimPrefix(v, "loc:") // Google's older links
	if label := strings.IndexByte(v, '('); label > 0 {
		v = v[:label] // Android's "lat,lon(Label)"
	}
	v = strings.TrimSpace(v)
	if v == "" || !(isDigit(v[0]) || len(v) > 1 && (v[0] == '-' || v[0] == '+') && isDigit(v[1])) {
		return Point{}, false, nil
	}
	p, pe := parseText(v)
	return p, pe == nil, pe
}

// decimalPair reads a latitude and a longitude written as plain decimals
// with a decimal point, as links have them.
func decimalPair(lat, lon string) (Point, *ParseError) {
	la, ok1 := parseDecimal(lat)
	lo, ok2 := parseDecimal(lon)
	if !ok1 || !ok2 {
		return Point{}, parseErr("tọa độ trong đường link không đọc được ("+strconv.Quote(short(lat))+", "+strconv.Quote(short(lon))+")",
			"cannot read the coordinates in the link ("+strconv.Quote(short(lat))+", "+strconv.Quote(short(lon))+")")
	}
	return finish(la, lo)
}

// short cuts s for a message.
func short(s string) string {
	const limit = 32
	if len(s) <= limit {
		return s
	}
	cut := limit
	for cut > 0 && s[cut]&0xC0 == 0x80 { // not inside a UTF-8 sequence
		cut--
	}
	return s[:cut] + "…"
}

// parseDecimal reads an optionally signed decimal with a decimal point:
// "21.0285", "-33", "+105.8". No exponent, no spaces inside, no comma.
func parseDecimal(s string) (float64, bool) {
	s = strings.TrimSpace(s)
	body := s
	if body != "" && (body[0] == '-' || body[0] == '+') {
		body = body[1:]
	}
	intPart, frac, hasDot := strings.Cut(body, ".")
	if intPart == "" || hasDot && frac == "" || len(intPart)+len(frac) > maxDigits {
		return 0, false
	}
	for _, part := range []string{intPart, frac} {
		for i := 0; i < len(part); i++ {
			if !isDigit(part[i]) {
				return 0, false
			}
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	return v, err == nil
}

// parseGeoURI reads a geo: URI (RFC 5870): "geo:21.0285,105.8542", with an
// altitude and parameters ("geo:21.0285,105.8542,12;u=35") or, as Android
// writes it, "geo:0,0?q=21.0285,105.8542(Label)".
func parseGeoURI(s string) (Point, *ParseError) {
	body, query, _ := strings.Cut(s[len("geo:"):], "?")
	body, _, _ = strings.Cut(body, ";")
	if unescaped, err := url.PathUnescape(body); err == nil {
		body = unescaped
	}
	parts := strings.Split(body, ",")
	if query != "" {
		vals, err := url.ParseQuery(query)
		if err != nil {
			return Point{}, parseErr("không đọc được phần sau dấu ? của địa chỉ geo:", "cannot read the part after ? of the geo: address")
		}
		zero := len(parts) >= 2 && isZero(parts[0]) && isZero(parts[1])
		if qv := vals.Get("q"); qv != "" && (zero || strings.TrimSpace(body) == "") {
			if p, ok, pe := coordParam(qv); ok || pe != nil {
				return p, pe
			}
			return Point{}, noCoords()
		}
	}
	if len(parts) != 2 && len(parts) != 3 {
		return Point{}, parseErr("địa chỉ geo: cần có dạng geo:vĩ độ,kinh độ, ví dụ geo:21.0285,105.8542",
			"a geo: address takes the form geo:latitude,longitude, as in geo:21.0285,105.8542")
	}
	return decimalPair(parts[0], parts[1])
}

func isZero(s string) bool {
	v, ok := parseDecimal(s)
	return ok && v == 0
}
