package geo

import (
	"math"
	"strings"
	"testing"
)

func TestString(t *testing.T) {
	tests := []struct {
		p    Point
		want string
	}{
		{Point{21.0285, 105.8542}, "21.028500, 105.854200"},
		{Point{10.7769, 106.7009}, "10.776900, 106.700900"},
		{Point{-33.4489, -70.6693}, "-33.448900, -70.669300"},
		{Point{90, -180}, "90.000000, -180.000000"},
		{Point{21.0000004, 105.9999996}, "21.000000, 106.000000"},
		{Point{-0.0000001, math.Copysign(0, -1)}, "0.000000, 0.000000"},
	}
	for _, tt := range tests {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.p, got, tt.want)
		}
	}
}

func TestMapURL(t *testing.T) {
	got := Point{21.0285, 105.8542}.MapURL()
	want := "https://www.openstreetmap.org/?mlat=21.028500&mlon=105.854200#map=17/21.028500/105.854200"
	if got != want {
		t.Errorf("MapURL() = %q, want %q", got, want)
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name   string
		p      Point
		want   string // in the Vietnamese message; "" for no error
		wantEN string
	}{
		{"Hà Nội", Point{21.0285, 105.8542}, "", ""},
		{"Phú Quốc", Point{10.217, 103.967}, "", ""},
		{"Trường Sa Lớn", Point{8.645, 111.92}, "", ""},
		{"NaN", Point{math.NaN(), 105.8542}, "không phải là số hợp lệ", "not valid numbers"},
		{"infinity", Point{21.0285, math.Inf(-1)}, "không phải là số hợp lệ", "not valid numbers"},
		{"swapped", Point{105.8542, 21.0285}, "có lẽ kinh độ và vĩ độ bị đảo", "probably swapped"},
		{"latitude far out", Point{1000, 21}, "vĩ độ 1000 nằm ngoài khoảng -90 đến 90", "outside -90 to 90"},
		{"latitude absurd", Point{1e300, 0}, "vĩ độ 1e+300 nằm ngoài", "latitude 1e+300 is outside"},
		{"longitude out", Point{21.0285, 1058.542}, "kinh độ 1058.542 nằm ngoài khoảng -180 đến 180", "outside -180 to 180"},
		{"Bangkok", Point{13.7563, 100.5018}, "tọa độ nằm ngoài lãnh thổ Việt Nam: hãy kiểm tra lại (vĩ độ trước, kinh độ sau)", "outside Vietnam"},
		{"0, 0", Point{0, 0}, "chưa lấy được vị trí", "no position fix"},
		{"latitude sign", Point{-21.0285, 105.8542}, "vĩ độ bị thừa dấu trừ", "latitude probably has a stray minus"},
		{"longitude sign", Point{21.0285, -105.8542}, "kinh độ bị thừa dấu trừ", "longitude probably has a stray minus"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe := Check("location", tt.p)
			if tt.want == "" {
				if fe != nil {
					t.Fatalf("Check(%v) = %v, want nil", tt.p, fe)
				}
				return
			}
			if fe == nil {
				t.Fatalf("Check(%v) = nil, want an error", tt.p)
			}
			if fe.Field != "location" || !strings.Contains(fe.Message, tt.want) || !strings.Contains(fe.MessageEN, tt.wantEN) {
				t.Errorf("Check(%v) = %+v, want field location with %q / %q", tt.p, fe, tt.want, tt.wantEN)
			}
			if !strings.HasPrefix(fe.Error(), "location: "+fe.Message+" (") {
				t.Errorf("Error() = %q", fe.Error())
			}
		})
	}
}

func TestParseField(t *testing.T) {
	p, ok, fe := ParseField("location", "21°01′42.6″B 105°51′15.1″Đ")
	if !ok || fe != nil || math.Abs(p.Lat-hnLat) > 1e-9 {
		t.Errorf("ParseField(Hà Nội) = %v, %v, %v", p, ok, fe)
	}
	if p, ok, fe := ParseField("location", "  "); ok || fe != nil || p != (Point{}) {
		t.Errorf("ParseField(blank) = %v, %v, %v; want nothing", p, ok, fe)
	}
	tests := []struct{ in, want string }{
		{"Hồ Gươm", "không hiểu chữ"},
		{"105.8542, 21.0285", "có lẽ kinh độ và vĩ độ bị đảo"},
		{"13.7563, 100.5018", "nằm ngoài lãnh thổ Việt Nam"},
	}
	for _, tt := range tests {
		p, ok, fe := ParseField("location", tt.in)
		if ok || fe == nil || p != (Point{}) {
			t.Errorf("ParseField(%q) = %v, %v, %v; want an error", tt.in, p, ok, fe)
			continue
		}
		if fe.Field != "location" || !strings.Contains(fe.Message, tt.want) || fe.MessageEN == "" {
			t.Errorf("ParseField(%q) = %+v, want field location with %q", tt.in, fe, tt.want)
		}
	}
}
