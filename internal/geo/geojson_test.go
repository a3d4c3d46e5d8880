package geo

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

func TestWriteGeoJSONRoundTrip(t *testing.T) {
	features := []Feature{
		{
			ID:    "hazard-17",
			Point: Point{21.0285, 105.8542},
			Properties: map[string]any{
				"name":   "Ngã tư trước Trường Tiểu học Điện Biên",
				"kind":   "road_hazard",
				"agency": "Sở LĐTBXH & Sở GTVT <Hà Nội>",
				"count":  3,
			},
		},
		{
			Point:      Point{10.2170, 103.9670},
			Properties: map[string]any{"name": "Bến đò Dương Đông", "signs": []any{"Cấm bơi", "Nước sâu"}},
		},
		{ID: "sign-2", Point: Point{-33.4489, -70.6693}},
	}
	var buf bytes.Buffer
	if err := WriteGeoJSON(&buf, features); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	if !json.Valid(buf.Bytes()) {
		t.Fatalf("invalid JSON:\n%s", out)
	}
	for _, want := range []string{"Ngã tư trước Trường Tiểu học Điện Biên", "Sở LĐTBXH & Sở GTVT <Hà Nội>", "Bến đò Dương Đông"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q as written:\n%s", want, out)
		}
	}
	if strings.Contains(out, `\u`) {
		t.Errorf("output has \\u escapes:\n%s", out)
	}
	if strings.Count(out, "\n") != len(features)+2 {
		t.Errorf("want one feature a line:\n%s", out)
	}

	var doc struct {
		Type     string `json:"type"`
		Features []struct {
			Type     string `json:"type"`
			ID       *string
			Geometry struct {
				Type        string    `json:"type"`
				Coordinates []float64 `json:"coordinates"`
			} `json:"geometry"`
			Properties map[string]any `json:"properties"`
		} `json:"features"`
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc.Type != "FeatureCollection" || len(doc.Features) != len(features) {
		t.Fatalf("decoded %+v", doc)
	}
	for i, f := range doc.Features {
		want := features[i]
		if f.Type != "Feature" || f.Geometry.Type != "Point" {
			t.Errorf("feature %d: type %q, geometry %q", i, f.Type, f.Geometry.Type)
		}
		// RFC 7946: longitude first.
		if len(f.Geometry.Coordinates) != 2 || f.Geometry.Coordinates[0] != want.Point.Lon || f.Geometry.Coordinates[1] != want.Point.Lat {
			t.Errorf("feature %d: coordinates %v, want [%v %v] (longitude first)", i, f.Geometry.Coordinates, want.Point.Lon, want.Point.Lat)
		}
		switch {
		case want.ID == "" && f.ID != nil:
			t.Errorf("feature %d: id %q written, want none", i, *f.ID)
		case want.ID != "" && (f.ID == nil || *f.ID != want.ID):
			t.Errorf("feature %d: id %v, want %q", i, f.ID, want.ID)
		}
		wantProps := want.Properties
		if wantProps == nil {
			wantProps = map[string]any{}
		}
		// Round trip the expected properties too, so numbers compare as float64.
		var wp map[string]any
		raw, _ := json.Marshal(wantProps)
		_ = json.Unmarshal(raw, &wp)
		if !reflect.DeepEqual(f.Properties, wp) {
			t.Errorf("feature %d: properties %v, want %v", i, f.Properties, wp)
		}
	}
	if !strings.Contains(out, `"properties":{}`) {
		t.Errorf("a feature without properties should have {}:\n%s", out)
	}
	if !strings.Contains(out, `"coordinates":[105.8542,21.0285]`) {
		t.Errorf("coordinates not longitude first as written:\n%s", out)
	}
}

func TestWriteGeoJSONRounding(t *testing.T) {
	var buf bytes.Buffer
	err := WriteGeoJSON(&buf, []Feature{
		{Point: Point{21.028500000000001, 105.85420000000001}},
		{Point: Point{10.12345649, 106.1234565}},
		{Point: Point{-0.0000001, 0.0000004}},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[105.8542,21.0285]", "[106.123457,10.123456]", "[0,0]"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("output lacks %s:\n%s", want, buf.String())
		}
	}
}

func TestWriteGeoJSONEmpty(t *testing.T) {
	for _, features := range [][]Feature{nil, {}} {
		var buf bytes.Buffer
		if err := WriteGeoJSON(&buf, features); err != nil {
			t.Fatal(err)
		}
		if got, want := buf.String(), `{"type":"FeatureCollection","features":[]}`+"\n"; got != want {
			t.Errorf("WriteGeoJSON(%v) = %q, want %q", features, got, want)
		}
	}
}

func TestWriteGeoJSONRefuses(t *testing.T) {
	good := Feature{Point: Point{21.0285, 105.8542}}
	tests := []struct {
		name      string
		bad       Feature
		wantField string
	}{
		{"NaN", Feature{Point: Point{math.NaN(), 105}}, "features[1]"},
		{"infinity", Feature{Point: Point{21, math.Inf(1)}}, "features[1]"},
		{"latitude over 90", Feature{Point: Point{105.8542, 21.0285}}, "features[1]"},
		{"longitude over 180", Feature{Point: Point{21, 181}}, "features[1]"},
		{"NaN property", Feature{Point: Point{21, 105}, Properties: map[string]any{"depth": math.NaN()}}, "features[1].properties"},
		{"function property", Feature{Point: Point{21, 105}, Properties: map[string]any{"f": func() {}}}, "features[1].properties"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := WriteGeoJSON(&buf, []Feature{good, tt.bad})
			var fe *FieldError
			if !errors.As(err, &fe) || fe.Field != tt.wantField || fe.Message == "" || fe.MessageEN == "" {
				t.Fatalf("WriteGeoJSON = %v, want a *FieldError for %s", err, tt.wantField)
			}
			if buf.Len() != 0 {
				t.Errorf("a refused collection wrote %q", buf.String())
			}
		})
	}
}

type failingWriter struct{}

var errDiskFull = errors.New("disk full")

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }

func TestWriteGeoJSONWriterError(t *testing.T) {
	if err := WriteGeoJSON(failingWriter{}, nil); !errors.Is(err, errDiskFull) {
		t.Errorf("WriteGeoJSON = %v, want the writer's error", err)
	}
}
