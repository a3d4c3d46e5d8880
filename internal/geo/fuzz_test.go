package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"strings"
	"testing"
	"unicode/utf8"
)

func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"21.0285, 105.8542", "21,0285; 105,8542", "21,0285 105,8542", "10,106",
		`21°01'42.6"N 105°51'15.1"E`, "21°01’42.6”N 105°51’15.1”E", "21 01 42.6 N 105 51 15.1 E",
		"21°01.71'N 105°51.25'E", "21°01′42.6″B 105°51′15.1″Đ", "21°01′42.6″N 105°51′15.1″Đ",
		"21 \u0111o\u0323\u0302 01 phu\u0301t 42,6 gia\u0302y vi\u0303 Ba\u0306\u0301c, 105 độ 51 phút 15,1 giây kinh Đông",
		"Vĩ độ: 21,0285; Kinh độ: 105,8542", "lat: 21.0285, lng: 105.8542", "105.8542, 21.0285",
		"https://www.google.com/maps/place/X/@21.03,105.85,16z/data=!3m1!4b1!8m2!3d21.0285!4d105.8542",
		"https://www.google.com/maps?q=21.0285,105.8542", "https://www.openstreetmap.org/?mlat=21.0285&mlon=105.8542#map=17/21/105",
		"https://www.openstreetmap.org/#map=17/21.0285/105.8542", "geo:0,0?q=21.0285,105.8542(Label)", "geo:21.0285,105.8542;u=35",
		"maps.app.goo.gl/x", "−33.4489, +70.6693", "21.0285 105.8542 10", "", " ", "°", "N", "vĩ", "\xff",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok, err := Parse(s)
		if err != nil {
			var pe *ParseError
			if ok || p != (Point{}) || !errors.As(err, &pe) || pe.Message == "" || pe.MessageEN == "" || pe.Input != s {
				t.Fatalf("Parse(%q) = %v, %v, %#v", s, p, ok, err)
			}
			return
		}
		if !ok {
			if p != (Point{}) || strings.TrimFunc(s, isSpace) != "" {
				t.Fatalf("Parse(%q) = %v, not ok, no error, but the text is not blank", s, p)
			}
			return
		}
		if !p.finite() || math.Abs(p.Lat) > 90 || math.Abs(p.Lon) > 180 {
			t.Fatalf("Parse(%q) = %v, out of range", s, p)
		}
		// What String and MapURL write, Parse reads back.
		for _, again := range []string{p.String(), p.MapURL()} {
			q, ok, err := Parse(again)
			if err != nil || !ok || math.Abs(q.Lat-p.Lat) > 1e-6 || math.Abs(q.Lon-p.Lon) > 1e-6 {
				t.Fatalf("Parse(%q) = %v, %v, %v; from Parse(%q) = %v", again, q, ok, err, s, p)
			}
		}
		_ = Check("location", p)
	})
}

func FuzzWriteGeoJSON(f *testing.F) {
	f.Add(21.0285, 105.8542, "hazard-1", "Bến đò Dương Đông & <sông>")
	f.Add(-90.0, 180.0, "", "")
	f.Add(math.NaN(), 0.0, "x", "\xff")
	f.Add(0.0000004, -0.0000004, "\u2028", "\"quoted\"\n")
	f.Fuzz(func(t *testing.T, lat, lon float64, id, name string) {
		var buf bytes.Buffer
		p := Point{lat, lon}
		err := WriteGeoJSON(&buf, []Feature{{ID: id, Point: p, Properties: map[string]any{"name": name}}})
		valid := p.finite() && math.Abs(lat) <= 90 && math.Abs(lon) <= 180
		if err != nil {
			if valid {
				t.Fatalf("WriteGeoJSON(%v) refused: %v", p, err)
			}
			if buf.Len() != 0 {
				t.Fatalf("a refused feature wrote %q", buf.String())
			}
			return
		}
		if !valid {
			t.Fatalf("WriteGeoJSON(%v) accepted", p)
		}
		var doc struct {
			Features []struct {
				ID       string `json:"id"`
				Geometry struct {
					Coordinates [2]float64 `json:"coordinates"`
				} `json:"geometry"`
				Properties map[string]string `json:"properties"`
			} `json:"features"`
		}
		if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || len(doc.Features) != 1 {
			t.Fatalf("output does not decode: %v\n%s", err, buf.String())
		}
		got := doc.Features[0]
		// Rounding to six decimals moves a coordinate by at most 5e-7, and
		// a hair more where float64 cannot hold the half exactly.
		if math.Abs(got.Geometry.Coordinates[0]-lon) > 6e-7 || math.Abs(got.Geometry.Coordinates[1]-lat) > 6e-7 {
			t.Fatalf("coordinates %v for %v", got.Geometry.Coordinates, p)
		}
		if utf8.ValidString(id) && got.ID != id || utf8.ValidString(name) && got.Properties["name"] != name {
			t.Fatalf("id %q, name %q; want %q, %q", got.ID, got.Properties["name"], id, name)
		}
	})
}
