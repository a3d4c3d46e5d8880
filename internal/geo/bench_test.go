package geo

import "testing"

// benchPoints mixes places in Vietnam (most of a registry, and the slow
// case: the whole outline is walked) with places outside, near and far.
func benchPoints() []Point {
	var ps []Point
	for _, tt := range inVietnam {
		ps = append(ps, tt.p)
	}
	for _, tt := range outsideVietnam {
		ps = append(ps, tt.p)
	}
	return ps
}

func BenchmarkInVietnam(b *testing.B) {
	ps := benchPoints()
	n := 0
	for i := 0; b.Loop(); i++ {
		if InVietnam(ps[i%len(ps)]) {
			n++
		}
	}
	_ = n
}

func BenchmarkInVietnamHanoi(b *testing.B) {
	p := Point{21.0285, 105.8542}
	for b.Loop() {
		InVietnam(p)
	}
}

func BenchmarkParse(b *testing.B) {
	inputs := []string{
		"21.0285, 105.8542",
		"21°01′42.6″B 105°51′15.1″Đ",
		"https://www.google.com/maps/place/X/@21.03,105.85,16z/data=!3m1!4b1!8m2!3d21.0285!4d105.8542",
	}
	for i := 0; b.Loop(); i++ {
		if _, _, err := Parse(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}
