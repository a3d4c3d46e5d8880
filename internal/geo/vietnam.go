package geo

// The outline below is drawn by hand, not surveyed. Its purpose is to catch
// coordinates that cannot be right for a Vietnamese registry (swapped,
// missing a minus sign or a digit, copied from the wrong place), never to
// rule on a border: a hazard at a border gate must not be refused. So it
// runs roughly 5–20 km outside the land border and the coast, and where the
// border bends more tightly than the outline, the outline takes in the
// neighbour's side rather than cutting off Vietnam's (for instance, most of
// Cambodia's Parrot's Beak salient lies inside it).

// mainland is the land border and the coast, with the islands near the
// coast (Cô Tô and the Hạ Long Bay islands, Cát Bà, Hòn Mê, Cù Lao Chàm,
// Hòn Khoai, Nam Du), as one polygon: clockwise from the western tip at A Pa
// Chải, along the border with China, down the coast, round the Cà Mau
// cape, up the Gulf of Thailand coast, and back north along the borders
// with Cambodia and Laos.
var mainland = []Point{
	// Border with China, west to east.
	{22.40, 102.00}, {22.75, 102.25}, {23.00, 102.55}, {22.95, 103.05},
	{22.95, 103.50}, {22.90, 103.85}, {22.95, 104.10}, {22.95, 104.40},
	{23.10, 104.80}, {23.30, 105.05}, {23.50, 105.30}, {23.35, 105.65},
	{23.10, 105.95}, {23.05, 106.30}, {22.95, 106.85}, {22.65, 106.90},
	{22.45, 106.72}, {22.25, 106.72}, {21.98, 106.82}, {21.85, 107.10},
	{21.75, 107.40}, {21.70, 107.75}, {21.62, 108.00},
	// Coast of the Gulf of Tonkin and the East Sea, north to south.
	{21.50, 108.20}, {21.15, 108.10}, {20.85, 107.90}, {20.60, 107.30},
	{20.45, 106.85}, {20.30, 106.75}, {20.10, 106.60}, {19.85, 106.18},
	{19.70, 106.00}, {19.35, 106.00}, {19.00, 105.82}, {18.75, 105.85},
	{18.40, 106.05}, {18.15, 106.45}, {17.90, 106.62}, {17.45, 106.75},
	{17.05, 107.20}, {16.55, 107.78}, {16.30, 108.10}, {16.20, 108.42},
	{15.95, 108.62}, {15.55, 108.78}, {15.35, 108.95}, {14.90, 109.10},
	{14.40, 109.22}, {13.90, 109.35}, {13.45, 109.35}, {13.05, 109.42},
	{12.90, 109.55}, {12.55, 109.50}, {12.20, 109.35}, {11.85, 109.32},
	{11.55, 109.15}, {11.30, 109.10}, {11.15, 108.72}, {10.90, 108.40},
	{10.65, 108.05}, {10.45, 107.50}, {10.25, 107.15}, {10.25, 106.85},
	{9.95, 106.75}, {9.55, 106.60}, {9.40, 106.35}, {9.15, 105.95},
	{8.95, 105.50}, {8.70, 105.15},
	// Round the Cà Mau cape and Hòn Khoai.
	{8.35, 104.90}, {8.40, 104.65}, {8.55, 104.60},
	// Gulf of Thailand coast, south to north, out to Nam Du.
	{9.00, 104.65}, {9.50, 104.25}, {9.90, 104.25}, {10.25, 104.22},
	{10.45, 104.40},
	// Border with Cambodia, south to north.
	{10.55, 104.55}, {10.60, 104.80}, {10.75, 104.95}, {11.05, 105.10},
	{10.95, 105.35}, {10.95, 105.60}, {11.40, 105.70}, {11.95, 105.95},
	{11.95, 106.45}, {12.05, 106.80}, {12.35, 107.20}, {12.80, 107.35},
	{13.50, 107.40}, {14.00, 107.35}, {14.60, 107.40},
	// Border with Laos, south to north.
	{14.95, 107.35}, {15.40, 107.30}, {15.90, 107.10}, {16.15, 106.85},
	{16.55, 106.45}, {17.00, 106.25}, {17.40, 105.90}, {17.80, 105.45},
	{18.20, 105.20}, {18.50, 104.95}, {18.85, 104.40}, {19.15, 103.75},
	{19.60, 103.95}, {19.95, 104.55}, {20.20, 104.30}, {20.55, 104.35},
	{20.70, 104.00}, {20.55, 103.45}, {20.90, 103.10}, {21.20, 102.75},
	{21.60, 102.65}, {22.00, 102.30},
}

// box is a rectangle of latitude and longitude.
type box struct{ minLat, maxLat, minLon, maxLon float64 }

func (b box) contains(p Point) bool {
	return b.minLat <= p.Lat && p.Lat <= b.maxLat && b.minLon <= p.Lon && p.Lon <= b.maxLon
}

// islands are the islands too far out for the mainland outline to take in
// without swallowing open sea, each as a box, and the Hoàng Sa (Paracel)
// and Trường Sa (Spratly) archipelagos. The Trường Sa box stops short of
// Palawan and Sabah.
var islands = []box{
	{9.85, 10.50, 103.80, 104.12},  // Phú Quốc and the An Thới islands
	{9.15, 9.45, 103.38, 103.58},   // Thổ Chu
	{8.55, 8.85, 106.45, 106.75},   // Côn Đảo
	{10.42, 10.62, 108.85, 109.02}, // Phú Quý
	{15.33, 15.46, 109.02, 109.20}, // Lý Sơn
	{17.10, 17.22, 107.28, 107.42}, // Cồn Cỏ
	{20.05, 20.20, 107.62, 107.80}, // Bạch Long Vĩ
	{15.60, 17.20, 110.90, 113.00}, // Hoàng Sa (Paracel Islands)
	{7.00, 12.00, 111.30, 116.20},  // Trường Sa (Spratly Islands)
}

// mainlandBounds is the smallest box round mainland, which settles most
// points far away without walking the polygon.
var mainlandBounds = func() box {
	b := box{minLat: 90, maxLat: -90, minLon: 180, maxLon: -180}
	for _, p := range mainland {
		b.minLat, b.maxLat = min(b.minLat, p.Lat), max(b.maxLat, p.Lat)
		b.minLon, b.maxLon = min(b.minLon, p.Lon), max(b.maxLon, p.Lon)
	}
	return b
}()

// InVietnam reports whether p lies in Vietnam: the mainland with the
// islands near its coast, the outlying islands, and the Hoàng Sa and
// Trường Sa archipelagos. The outline is simplified and generous by some
// kilometres (see the note at mainland): a point just across a border may
// be reported in, but a point in Vietnam is not reported out. NaN and
// infinite coordinates are out.
func InVietnam(p Point) bool {
	if !p.finite() {
		return false
	}
	if mainlandBounds.contains(p) && inPolygon(mainland, p) {
		return true
	}
	for _, b := range islands {
		if b.contains(p) {
			return true
		}
	}
	return false
}

// inPolygon reports whether p lies inside poly by counting how many of its
// edges a ray from p eastwards crosses. Over a country's extent, treating
// latitude and longitude as flat coordinates bends the edges by far less
// than the outline's own margin.
func inPolygon(poly []Point, p Point) bool {
	in := false
	j := len(poly) - 1
	for i := range poly {
		a, b := poly[i], poly[j]
		if (a.Lat > p.Lat) != (b.Lat > p.Lat) {
			lon := a.Lon + (p.Lat-a.Lat)*(b.Lon-a.Lon)/(b.Lat-a.Lat)
			if p.Lon < lon {
				in = !in
			}
		}
		j = i
	}
	return in
}
