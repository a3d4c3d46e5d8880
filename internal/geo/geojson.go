package geo

import (
	"bytes"
	"encoding/json"
	"io"
	"math"
	"strconv"
)

// Feature is one place of a registry as GeoJSON shows it: where it is, an
// optional id (the record's, so that a map click leads back to it) and the
// properties to show, such as its name, kind and commune.
type Feature struct {
	ID         string
	Point      Point
	Properties map[string]any
}

type featureJSON struct {
	Type       string         `json:"type"`
	ID         string         `json:"id,omitempty"`
	Geometry   pointJSON      `json:"geometry"`
	Properties map[string]any `json:"properties"`
}

type pointJSON struct {
	Type        string     `json:"type"`
	Coordinates [2]float64 `json:"coordinates"`
}

// WriteGeoJSON writes features as a GeoJSON FeatureCollection (RFC 7946),
// which QGIS, uMap, geojson.io and most map software open directly. Each
// feature's geometry is a Point with its coordinates longitude first, as
// the RFC orders them (the reverse of how people write them), rounded to
// six decimals; its id is written when given, and its properties always,
// as {} when there are none. Each feature is on a line of its own, so that
// a saved file can be compared line by line.
//
// Text is written as UTF-8, Vietnamese letters as they are, not as \u
// escapes, so that the file reads in any editor. "<", ">" and "&" are not
// escaped either (Go escapes them by default for JSON embedded in HTML
// pages; this output is a file or an application/geo+json response, where
// "Sở LĐTBXH & UBND" should read as written).
//
// A point with a NaN or infinite coordinate, or outside ±90 and ±180, and
// properties that JSON cannot hold (NaN, channels, functions) are refused
// with a *FieldError naming the feature ("features[3]"). The document is
// built in memory and written at once, so a refused collection writes
// nothing.
func WriteGeoJSON(w io.Writer, features []Feature) error {
	var buf bytes.Buffer
	buf.WriteString(`{"type":"FeatureCollection","features":[`)
	var one bytes.Buffer
	enc := json.NewEncoder(&one)
	enc.SetEscapeHTML(false)
	for i, f := range features {
		field := "features[" + strconv.Itoa(i) + "]"
		if !f.Point.finite() {
			return fieldErr(field, "tọa độ không phải là số hợp lệ", "the coordinates are not valid numbers")
		}
		if vi, en := rangeProblem(f.Point.Lat, f.Point.Lon); vi != "" {
			return fieldErr(field, vi, en)
		}
		props := f.Properties
		if props == nil {
			props = map[string]any{}
		}
		one.Reset()
		err := enc.Encode(featureJSON{
			Type: "Feature",
			ID:   f.ID,
			Geometry: pointJSON{
				Type:        "Point",
				Coordinates: [2]float64{round6(f.Point.Lon), round6(f.Point.Lat)},
			},
			Properties: props,
		})
		if err != nil {
			return fieldErr(field+".properties", "có thuộc tính không ghi được ra GeoJSON (ví dụ giá trị NaN hoặc vô cực)",
				"a property cannot be written as GeoJSON (such as NaN or infinity): "+err.Error())
		}
		if i > 0 {
			buf.WriteByte(',')
		}
		buf.WriteByte('\n')
		buf.Write(bytes.TrimSuffix(one.Bytes(), []byte("\n")))
	}
	if len(features) > 0 {
		buf.WriteByte('\n')
	}
	buf.WriteString("]}\n")
	_, err := w.Write(buf.Bytes())
	return err
}

// round6 rounds a coordinate to six decimals (about 0.1 m: no phone is
// more precise), which keeps files small and free of float noise such as
// 105.85420000000001. It writes zero without a minus sign.
func round6(v float64) float64 {
	r := math.Round(v*1e6) / 1e6
	if r == 0 {
		return 0
	}
	return r
}
