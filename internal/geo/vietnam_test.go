package geo

import (
	"math"
	"testing"
)

// Approximate, well-known coordinates of places, to a few hundred metres.
var inVietnam = []struct {
	name string
	p    Point
}{
	{"Hà Nội, Hoàn Kiếm", Point{21.0285, 105.8542}},
	{"TP Hồ Chí Minh, Bến Thành", Point{10.7725, 106.6980}},
	{"Hạ Long", Point{20.9510, 107.0800}},
	{"Móng Cái", Point{21.5247, 107.9661}},
	{"Trà Cổ", Point{21.4700, 108.0400}},
	{"Mũi Cà Mau", Point{8.6100, 104.7200}},
	{"Hòn Khoai", Point{8.4300, 104.8300}},
	{"Lũng Cú flag tower", Point{23.3636, 105.3162}},
	{"Đồng Văn", Point{23.2780, 105.3610}},
	{"Mèo Vạc", Point{23.1600, 105.4100}},
	{"A Pa Chải", Point{22.3970, 102.1450}},
	{"Mường Nhé", Point{22.1900, 102.4600}},
	{"Phú Quốc, Dương Đông", Point{10.2170, 103.9670}},
	{"Phú Quốc, An Thới", Point{10.0200, 104.0100}},
	{"Côn Đảo", Point{8.6830, 106.6080}},
	{"Cô Tô", Point{20.9800, 107.7700}},
	{"Bạch Long Vĩ", Point{20.1330, 107.7200}},
	{"Cát Bà", Point{20.7300, 107.0500}},
	{"Cồn Cỏ", Point{17.1600, 107.3400}},
	{"Lý Sơn", Point{15.3800, 109.1200}},
	{"Cù Lao Chàm", Point{15.9500, 108.5100}},
	{"Phú Quý", Point{10.5200, 108.9300}},
	{"Thổ Chu", Point{9.2800, 103.4800}},
	{"Nam Du", Point{9.6800, 104.3600}},
	{"Đà Nẵng", Point{16.0544, 108.2022}},
	{"Sơn Trà", Point{16.1200, 108.3000}},
	{"Huế", Point{16.4637, 107.5909}},
	{"Nha Trang", Point{12.2388, 109.1967}},
	{"Mũi Điện", Point{12.8900, 109.4600}},
	{"Mũi Né", Point{10.9300, 108.2800}},
	{"Vũng Tàu", Point{10.3460, 107.0840}},
	{"Cần Thơ", Point{10.0452, 105.7469}},
	{"Lào Cai", Point{22.4856, 103.9707}},
	{"Hà Giang", Point{22.8230, 104.9840}},
	{"Cao Bằng", Point{22.6660, 106.2580}},
	{"Bản Giốc waterfall", Point{22.8550, 106.7230}},
	{"Lạng Sơn", Point{21.8530, 106.7610}},
	{"Hữu Nghị border gate", Point{21.9700, 106.7000}},
	{"Điện Biên Phủ", Point{21.3860, 103.0230}},
	{"Lai Châu", Point{22.3960, 103.4580}},
	{"Sơn La", Point{21.3270, 103.9140}},
	{"Mường Lát", Point{20.5300, 104.6200}},
	{"Vinh", Point{18.6730, 105.6920}},
	{"Cầu Treo border gate", Point{18.3850, 105.1330}},
	{"Lao Bảo", Point{16.6200, 106.6000}},
	{"A Lưới", Point{16.2700, 107.1700}},
	{"Kon Tum", Point{14.3500, 108.0000}},
	{"Pleiku", Point{13.9830, 108.0000}},
	{"Buôn Ma Thuột", Point{12.6670, 108.0380}},
	{"Lộc Ninh", Point{11.8300, 106.5900}},
	{"Tây Ninh", Point{11.3100, 106.1000}},
	{"Châu Đốc", Point{10.7000, 105.1200}},
	{"Hà Tiên", Point{10.3830, 104.4880}},
	{"Rạch Giá", Point{10.0120, 105.0800}},
	{"Hoàng Sa, Phú Lâm (Woody Island)", Point{16.8340, 112.3390}},
	{"Hoàng Sa, Tri Tôn (Triton Island)", Point{15.7830, 111.2000}},
	{"Trường Sa Lớn", Point{8.6450, 111.9200}},
	{"Song Tử Tây", Point{11.4300, 114.3300}},
	{"Sinh Tồn", Point{9.8800, 114.3300}},
}

var outsideVietnam = []struct {
	name string
	p    Point
}{
	{"Vientiane", Point{17.9757, 102.6331}},
	{"Luang Prabang", Point{19.8856, 102.1347}},
	{"Sam Neua", Point{20.4100, 104.0500}},
	{"Savannakhet", Point{16.5700, 104.7500}},
	{"Pakse", Point{15.1200, 105.7800}},
	{"Phnom Penh", Point{11.5564, 104.9282}},
	{"Kampot", Point{10.6100, 104.1800}},
	{"Sihanoukville", Point{10.6270, 103.5220}},
	{"Stung Treng", Point{13.5200, 105.9700}},
	{"Bangkok", Point{13.7563, 100.5018}},
	{"Nanning", Point{22.8170, 108.3660}},
	{"Kunming", Point{25.0430, 102.7100}},
	{"Malipo", Point{23.1300, 104.7000}},
	{"Beihai", Point{21.4800, 109.1200}},
	{"Haikou", Point{20.0440, 110.1990}},
	{"Dongfang, Hainan", Point{19.1000, 108.6500}},
	{"Sanya", Point{18.2530, 109.5120}},
	{"Manila", Point{14.5995, 120.9842}},
	{"Puerto Princesa", Point{9.7400, 118.7400}},
	{"Kudat, Sabah", Point{6.8800, 116.8500}},
	{"Kota Kinabalu", Point{5.9800, 116.0700}},
	{"Singapore", Point{1.3521, 103.8198}},
	{"open sea off Đà Nẵng", Point{16.0000, 108.9000}},
	{"open sea off Quy Nhơn", Point{13.7700, 110.0000}},
	{"Gulf of Tonkin", Point{19.5000, 107.5000}},
	{"between Côn Đảo and Trường Sa", Point{9.0000, 108.5000}},
	{"0, 0", Point{0, 0}},
	{"Hà Nội with the latitude negated", Point{-21.0285, 105.8542}},
	{"Hà Nội with the longitude negated", Point{21.0285, -105.8542}},
	{"NaN", Point{math.NaN(), 105}},
	{"infinity", Point{21, math.Inf(1)}},
}

func TestInVietnam(t *testing.T) {
	for _, tt := range inVietnam {
		if !InVietnam(tt.p) {
			t.Errorf("InVietnam(%s %v) = false, want true", tt.name, tt.p)
		}
	}
	for _, tt := range outsideVietnam {
		if InVietnam(tt.p) {
			t.Errorf("InVietnam(%s %v) = true, want false", tt.name, tt.p)
		}
	}
}

// TestMainlandOutline guards the hand-drawn outline against slips when it
// is edited: no edge may cross another (a crossing would turn part of the
// country inside out), and no vertex may repeat.
func TestMainlandOutline(t *testing.T) {
	n := len(mainland)
	seen := map[Point]int{}
	for i, p := range mainland {
		if j, dup := seen[p]; dup {
			t.Errorf("vertex %d %v repeats vertex %d", i, p, j)
		}
		seen[p] = i
		if !p.finite() || p.Lat < 8 || p.Lat > 24 || p.Lon < 102 || p.Lon > 110 {
			t.Errorf("vertex %d %v is far from Vietnam: latitude and longitude swapped?", i, p)
		}
	}
	for i := 0; i < n; i++ {
		a, b := mainland[i], mainland[(i+1)%n]
		for j := i + 2; j < n; j++ {
			if i == 0 && j == n-1 {
				continue // neighbours through the closing edge
			}
			c, d := mainland[j], mainland[(j+1)%n]
			if segmentsCross(a, b, c, d) {
				t.Errorf("edge %d %v–%v crosses edge %d %v–%v", i, a, b, j, c, d)
			}
		}
	}
}

func segmentsCross(a, b, c, d Point) bool {
	side := func(p, q, r Point) float64 {
		return (q.Lon-p.Lon)*(r.Lat-p.Lat) - (q.Lat-p.Lat)*(r.Lon-p.Lon)
	}
	d1, d2 := side(c, d, a), side(c, d, b)
	d3, d4 := side(a, b, c), side(a, b, d)
	return (d1 > 0) != (d2 > 0) && (d3 > 0) != (d4 > 0) && d1 != 0 && d2 != 0 && d3 != 0 && d4 != 0
}

// TestIslandBoxesOffshore checks that each box lies off the mainland
// outline or overlaps it only at its edge, so that a box drawn in the wrong
// place (a slipped digit) shows up.
func TestIslandBoxesOffshore(t *testing.T) {
	for _, b := range islands {
		if b.minLat >= b.maxLat || b.minLon >= b.maxLon {
			t.Errorf("box %+v is empty", b)
		}
		centre := Point{(b.minLat + b.maxLat) / 2, (b.minLon + b.maxLon) / 2}
		if inPolygon(mainland, centre) {
			t.Errorf("box %+v has its centre inside the mainland outline: not needed, or misplaced", b)
		}
	}
}

func TestInPolygonSquare(t *testing.T) {
	square := []Point{{0, 0}, {0, 1}, {1, 1}, {1, 0}}
	tests := []struct {
		p    Point
		want bool
	}{
		{Point{0.5, 0.5}, true},
		{Point{0.001, 0.999}, true},
		{Point{1.5, 0.5}, false},
		{Point{0.5, -0.1}, false},
		{Point{-0.5, -0.5}, false},
	}
	for _, tt := range tests {
		if got := inPolygon(square, tt.p); got != tt.want {
			t.Errorf("inPolygon(square, %v) = %v, want %v", tt.p, got, tt.want)
		}
	}
}
