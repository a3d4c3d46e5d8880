package geo

import (
	"errors"
	"math"
	"strings"
	"testing"
)

// Hà Nội, Hoàn Kiếm, in the forms people paste it.
const (
	hnLat    = 21.0285
	hnLon    = 105.8542
	hnDMSLon = 105 + 51.0/60 + 15.1/3600 // 105°51'15.1"
	hnDMLon  = 105 + 51.25/60            // 105°51.25'
)

func TestParse(t *testing.T) {
	tests := []struct {
		name     string
		in       string
		lat, lon float64
	}{
		// Decimal degrees.
		{"comma and space", "21.0285, 105.8542", hnLat, hnLon},
		{"space only", "21.0285 105.8542", hnLat, hnLon},
		{"comma, no space", "21.0285,105.8542", hnLat, hnLon},
		{"semicolon", "21.0285;105.8542", hnLat, hnLon},
		{"tab from a spreadsheet", "21.0285\t105.8542", hnLat, hnLon},
		{"line break", "21.0285\n105.8542", hnLat, hnLon},
		{"brackets", "(21.0285, 105.8542)", hnLat, hnLon},
		{"square brackets", "[21.0285, 105.8542]", hnLat, hnLon},
		{"surrounding spaces and nbsp", "  \u00a021.0285, 105.8542\u200b ", hnLat, hnLon},
		{"integers", "21, 105", 21, 105},
		{"negative", "-33.4489, -70.6693", -33.4489, -70.6693},
		{"plus sign", "+21.0285, +105.8542", hnLat, hnLon},
		{"minus sign U+2212", "\u221233.4489, \u221270.6693", -33.4489, -70.6693},
		{"degree marks", "21.0285° 105.8542°", hnLat, hnLon},
		{"degree marks and letters", "21.0285° N, 105.8542° E", hnLat, hnLon},
		{"letters after", "21.0285N 105.8542E", hnLat, hnLon},
		{"letters before", "N21.0285 E105.8542", hnLat, hnLon},
		{"letters before, spaced", "N 21.0285, E 105.8542", hnLat, hnLon},
		{"lower-case letters", "21.0285n 105.8542e", hnLat, hnLon},
		{"south and west", "33.4489 S, 70.6693 W", -33.4489, -70.6693},
		{"longitude first, with letters", "105.8542 E, 21.0285 N", hnLat, hnLon},
		{"English words", "21.0285 North 105.8542 East", hnLat, hnLon},
		{"string of the point", "21.028500, 105.854200", hnLat, hnLon},
		{"the poles and the antimeridian", "90, -180", 90, -180},
		{"zero", "0, 0", 0, 0},
		{"one letter only", "21.0285 N 105.8542", hnLat, hnLon},
		{"second letter only", "21.0285 105.8542 E", hnLat, hnLon},
		{"longitude letter first only", "105.8542 E 21.0285", hnLat, hnLon},

		// Vietnamese decimal commas.
		{"decimal commas and semicolon", "21,0285; 105,8542", hnLat, hnLon},
		{"decimal commas, semicolon without space", "21,0285;105,8542", hnLat, hnLon},
		{"decimal commas and space", "21,0285 105,8542", hnLat, hnLon},
		{"decimal commas, comma and space", "21,0285, 105,8542", hnLat, hnLon},
		{"decimal commas with letters", "21,0285 B 105,8542 Đ", hnLat, hnLon},

		// Degrees, minutes and seconds.
		{"DMS ASCII", `21°01'42.6"N 105°51'15.1"E`, hnLat, hnDMSLon},
		{"DMS curly quotes", "21°01’42.6”N 105°51’15.1”E", hnLat, hnDMSLon},
		{"DMS primes", "21°01′42.6″N 105°51′15.1″E", hnLat, hnDMSLon},
		{"DMS two apostrophes", "21°01'42.6''N 105°51'15.1''E", hnLat, hnDMSLon},
		{"DMS spaces", `21° 01' 42.6" N, 105° 51' 15.1" E`, hnLat, hnDMSLon},
		{"DMS no spaces at all", `21°01'42.6"N105°51'15.1"E`, hnLat, hnDMSLon},
		{"DMS ordinal indicator for degrees", `21º01'42.6"N 105º51'15.1"E`, hnLat, hnDMSLon},
		{"DMS letters before", `N21°01'42.6" E105°51'15.1"`, hnLat, hnDMSLon},
		{"DMS without marks, letters after", "21 01 42.6 N 105 51 15.1 E", hnLat, hnDMSLon},
		{"DMS without marks, letters before", "N 21 01 42.6 E 105 51 15.1", hnLat, hnDMSLon},
		{"DMS without marks, comma between", "21 01 42.6, 105 51 15.1", hnLat, hnDMSLon},
		{"DMS longitude first", `105°51'15.1"E 21°01'42.6"N`, hnLat, hnDMSLon},
		{"DMS decimal comma seconds", `21°01'42,6"N 105°51'15,1"E`, hnLat, hnDMSLon},
		{"DMS seconds mark missing", `21°01'42.6 N 105°51'15.1 E`, hnLat, hnDMSLon},
		{"DMS south and west", `33°26'56"S 70°40'9"W`, -(33 + 26.0/60 + 56.0/3600), -(70 + 40.0/60 + 9.0/3600)},
		{"DMS with sign, no letters", `-33°26'56" -70°40'9"`, -(33 + 26.0/60 + 56.0/3600), -(70 + 40.0/60 + 9.0/3600)},
		{"degrees and whole minutes", "21°01'N 105°51'E", 21 + 1.0/60, 105 + 51.0/60},

		// Degrees and decimal minutes.
		{"DM", "21°01.71'N 105°51.25'E", hnLat, hnDMLon},
		{"DM without letters", "21°01.71' 105°51.25'", hnLat, hnDMLon},
		{"DM without marks", "21 01.71 N 105 51.25 E", hnLat, hnDMLon},
		{"DM decimal commas", "21°01,71'B; 105°51,25'Đ", hnLat, hnDMLon},

		// Vietnamese letters and words, NFC and NFD.
		{"Vietnamese letters NFC", "21°01′42.6″B 105°51′15.1″Đ", hnLat, hnDMSLon},
		{"Vietnamese letters, lower case đ", "21°01′42.6″b 105°51′15.1″đ", hnLat, hnDMSLon},
		{"Vietnamese letters, D without stroke", "21°01′42.6″B 105°51′15.1″D", hnLat, hnDMSLon},
		{"Bắc and Đông NFC", "21,0285 Bắc; 105,8542 Đông", hnLat, hnLon},
		{"Bắc and Đông NFD", "21,0285 Ba\u0306\u0301c; 105,8542 \u0110o\u0302ng", hnLat, hnLon},
		{"BẮC and ĐÔNG upper case", "21,0285 BẮC; 105,8542 ĐÔNG", hnLat, hnLon},
		{"Bac and Dong without marks", "21.0285 Bac 105.8542 Dong", hnLat, hnLon},
		{"Nam and Tây", "33,4489 Nam; 70,6693 Tây", -33.4489, -70.6693},
		{"vĩ Bắc and kinh Đông NFC", "21°01′42,6″ vĩ Bắc, 105°51′15,1″ kinh Đông", hnLat, hnDMSLon},
		{"vĩ Bắc and kinh Đông NFD", "21°01′42,6″ vi\u0303 Ba\u0306\u0301c, 105°51′15,1″ kinh \u0110o\u0302ng", hnLat, hnDMSLon},
		{"written out", "21 độ 01 phút 42,6 giây vĩ Bắc, 105 độ 51 phút 15,1 giây kinh Đông", hnLat, hnDMSLon},
		{"written out NFD", "21 \u0111o\u0323\u0302 01 phu\u0301t 42,6 gia\u0302y vi\u0303 Ba\u0306\u0301c, 105 \u0111o\u0323\u0302 51 phu\u0301t 15,1 gia\u0302y kinh \u0110o\u0302ng", hnLat, hnDMSLon},
		{"labels vĩ độ, kinh độ NFC", "Vĩ độ: 21,0285; Kinh độ: 105,8542", hnLat, hnLon},
		{"labels vĩ độ, kinh độ NFD", "Vi\u0303 \u0111o\u0323\u0302: 21,0285; Kinh \u0111o\u0323\u0302: 105,8542", hnLat, hnLon},
		{"labels longitude first", "Kinh độ: 105,8542; Vĩ độ: 21,0285", hnLat, hnLon},
		{"labels typed together", "vĩđộ 21,0285 kinhđộ 105,8542", hnLat, hnLon},
		{"English labels", "lat: 21.0285, lng: 105.8542", hnLat, hnLon},
		{"English labels, equals", "lon=105.8542 lat=21.0285", hnLat, hnLon},
		{"label and letter agree", "lat 21.0285 N, lon 105.8542 E", hnLat, hnLon},

		// Links.
		{"Google Maps centre", "https://www.google.com/maps/@21.0285,105.8542,17z", hnLat, hnLon},
		{"Google Maps street view", "https://www.google.com/maps/@21.0285,105.8542,3a,75y,90t/data=!3m6!1e1", hnLat, hnLon},
		{"Google Maps q", "https://www.google.com/maps?q=21.0285,105.8542", hnLat, hnLon},
		{"Google Maps q, encoded comma", "https://maps.google.com/?q=21.0285%2C105.8542&z=17", hnLat, hnLon},
		{"Google Maps q, loc:", "https://maps.google.com/maps?q=loc:21.0285+105.8542", hnLat, hnLon},
		{"Google Maps q with DMS", "https://www.google.com/maps?q=21%C2%B001'42.6%22N+105%C2%B051'15.1%22E", hnLat, hnDMSLon},
		{"Google Maps api query", "https://www.google.com/maps/search/?api=1&query=21.0285%2C105.8542", hnLat, hnLon},
		{"Google Maps directions", "https://www.google.com/maps/dir/?api=1&destination=21.0285,105.8542", hnLat, hnLon},
		{"Google Maps place pin over centre", "https://www.google.com/maps/place/H%E1%BB%93+Ho%C3%A0n+Ki%E1%BA%BFm/@21.0300,105.8500,16z/data=!3m1!4b1!4m6!3m5!1s0x3135ab:0x1!8m2!3d21.0285!4d105.8542!16s%2Fm%2F01", hnLat, hnLon},
		{"Google Maps place named by DMS", "https://www.google.com/maps/place/21%C2%B001'42.6%22N+105%C2%B051'15.1%22E/@21.0300,105.8500,17z", hnLat, hnDMSLon},
		{"Google Maps search path", "https://www.google.com/maps/search/21.0285,+105.8542", hnLat, hnLon},
		{"Google Maps without scheme", "google.com/maps/@21.0285,105.8542,17z", hnLat, hnLon},
		{"Google Maps www without scheme", "www.google.com/maps?q=21.0285,105.8542", hnLat, hnLon},
		{"Apple Maps dropped pin", "https://maps.apple.com/?ll=21.0285,105.8542&q=Dropped%20Pin", hnLat, hnLon},
		{"Apple Maps without scheme", "maps.apple.com/?q=Dropped%20Pin&ll=21.0285,105.8542", hnLat, hnLon},
		{"OpenStreetMap marker", "https://www.openstreetmap.org/?mlat=21.0285&mlon=105.8542#map=17/21.0300/105.8500", hnLat, hnLon},
		{"OpenStreetMap map centre", "https://www.openstreetmap.org/#map=17/21.0285/105.8542", hnLat, hnLon},
		{"OpenStreetMap centre with layers", "https://www.openstreetmap.org/#map=17/21.0285/105.8542&layers=T", hnLat, hnLon},
		{"OpenStreetMap short host", "osm.org/?mlat=21.0285&mlon=105.8542", hnLat, hnLon},
		{"MapURL", Point{hnLat, hnLon}.MapURL(), hnLat, hnLon},
		{"geo URI", "geo:21.0285,105.8542", hnLat, hnLon},
		{"geo URI, upper case", "GEO:21.0285,105.8542", hnLat, hnLon},
		{"geo URI with altitude and uncertainty", "geo:21.0285,105.8542,12;u=35", hnLat, hnLon},
		{"geo URI Android", "geo:0,0?q=21.0285,105.8542(Trường Tiểu học)", hnLat, hnLon},
		{"geo URI with zoom", "geo:21.0285,105.8542?z=17", hnLat, hnLon},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok, err := Parse(tt.in)
			if err != nil || !ok {
				t.Fatalf("Parse(%q) = %v, %v, %v", tt.in, p, ok, err)
			}
			if math.Abs(p.Lat-tt.lat) > 1e-9 || math.Abs(p.Lon-tt.lon) > 1e-9 {
				t.Errorf("Parse(%q) = %.9f, %.9f, want %.9f, %.9f", tt.in, p.Lat, p.Lon, tt.lat, tt.lon)
			}
		})
	}
}

func TestParseEmpty(t *testing.T) {
	for _, in := range []string{"", " ", "\t\n", "\u00a0\u200b\ufeff"} {
		p, ok, err := Parse(in)
		if ok || err != nil || p != (Point{}) {
			t.Errorf("Parse(%q) = %v, %v, %v; want nothing, no error", in, p, ok, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     string // in the Vietnamese message
		wantEN   string // in the English message
	}{
		{"swapped pair", "105.8542, 21.0285", "có lẽ kinh độ và vĩ độ bị đảo", "probably swapped"},
		{"swapped pair, decimal commas", "105,8542; 21,0285", "có lẽ kinh độ và vĩ độ bị đảo", "probably swapped"},
		{"swapped pair in a link", "https://www.openstreetmap.org/?mlat=105.8542&mlon=21.0285", "có lẽ kinh độ và vĩ độ bị đảo", "probably swapped"},
		{"swapped pair in a geo URI", "geo:105.8542,21.0285", "có lẽ kinh độ và vĩ độ bị đảo", "probably swapped"},
		{"latitude far out", "210.285, 105.8542", "vĩ độ 210.285 nằm ngoài khoảng -90 đến 90", "outside -90 to 90"},
		{"longitude out", "21.0285, 1058.542", "kinh độ 1058.542 nằm ngoài khoảng -180 đến 180", "outside -180 to 180"},
		{"three numbers", "21.0285 105.8542 10", "có 3 số", "3 numbers"},
		{"three numbers with commas", "21.0285, 105.8542, 10", "có 3 số", "3 numbers"},
		{"DMS numbers without anything between", "21 01 42.6 105 51 15.1", "có 6 số", "6 numbers"},
		{"one number", "21.0285", "chỉ thấy một tọa độ", "only one coordinate"},
		{"one decimal-comma number", "10,106", "dấu phẩy giữa hai chữ số được đọc là dấu thập phân", "decimal comma"},
		{"commas both ways", "21,0285,105,8542", "dấu chấm phẩy", "semicolon"},
		{"two decimal points", "21.02.85, 105.8542", "hai dấu thập phân", "two decimal points"},
		{"ambiguous N beside Đ", "21°01′42.6″N 105°51′15.1″Đ", "chữ N không rõ nghĩa", "ambiguous"},
		{"ambiguous N beside T", "33°26′56″N 70°40′9″T", "chữ N không rõ nghĩa", "ambiguous"},
		{"two latitudes", "21.0285 N 105.8542 S", "cả hai số đều là vĩ độ", "both numbers are latitudes"},
		{"two longitudes", "21.0285 E 105.8542 W", "cả hai số đều là kinh độ", "both numbers are longitudes"},
		{"label against letter", "lat 105.8542 E, 21.0285", "mâu thuẫn", "disagree"},
		{"sign and letter", "-21.0285 S, 105.8542 E", "vừa có dấu", "both a sign"},
		{"minutes over 59", `21°61'N 105°51'E`, "số phút", "minutes"},
		{"seconds over 59", `21°01'72"N 105°51'15"E`, "số giây", "seconds"},
		{"decimals before the last part", `21.5°01'N 105°51'E`, "phần thập phân", "decimals"},
		{"sign on minutes", `21°-01'N 105°51'E`, "chỉ được đặt trước số độ", "sign belongs"},
		{"minutes without degrees", `01' 105°51'E`, "thứ tự độ, phút, giây", "order"},
		{"mark without number", `° 21, 105`, "phải đứng ngay sau một số", "must follow a number"},
		{"letter without number", "21.0285 N 105.8542 E W", "không đi kèm số", "has no number"},
		{"two letters", "N E 21.0285 105.8542", "liền nhau", "follow each other"},
		{"unknown word", "Hồ Gươm", "không hiểu chữ", "not part of coordinates"},
		{"vĩ without độ", "vĩ 21.0285, kinh 105.8542", "vĩ độ, kinh độ", "vĩ độ, kinh độ"},
		{"stray character", "21.0285 # 105.8542", "không dùng được", "no place"},
		{"full-width digits", "２１.０２８５, １０５.８５４２", "không dùng được", "no place"},
		{"too many numbers in a coordinate", "21 01 42 6 N 105 E", "quá nhiều số", "too many numbers"},
		{"only punctuation", ",;", "không thấy số nào", "no numbers"},
		{"number too long", "21.02850000000000000000000001, 105.8542", "dài quá", "too long"},
		{"invalid UTF-8", "21.0285, 105.8542\xff", "UTF-8", "UTF-8"},
		{"too long", strings.Repeat(" ", maxInputLen) + "21, 105", "dài quá", "longer than"},
		{"link without coordinates", "https://www.google.com/maps/place/H%E1%BB%93+G%C6%B0%C6%A1m", "không chứa tọa độ", "holds no coordinates"},
		{"link searching a name", "https://www.google.com/maps?q=H%E1%BB%93+G%C6%B0%C6%A1m", "không chứa tọa độ", "holds no coordinates"},
		{"OpenStreetMap node", "https://www.openstreetmap.org/node/123456", "không chứa tọa độ", "holds no coordinates"},
		{"short link", "https://maps.app.goo.gl/AbCdEf123", "link rút gọn", "short link"},
		{"bad marker", "https://www.openstreetmap.org/?mlat=21.0285&mlon=abc", "không đọc được", "cannot read"},
		{"marker half missing", "https://www.openstreetmap.org/?mlat=21.0285", "không đọc được", "cannot read"},
		{"bad link", "https://www.google.com/maps/%zz", "không đọc được đường link", "cannot read the link"},
		{"bad numbers in q", "https://www.google.com/maps?q=21.0285,105.8542,10", "có 3 số", "3 numbers"},
		{"geo URI with one number", "geo:21.0285", "geo:vĩ độ,kinh độ", "geo:latitude,longitude"},
		{"geo URI with words", "geo:0,0?q=Hồ+Gươm", "không chứa tọa độ", "holds no coordinates"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, ok, err := Parse(tt.in)
			if err == nil || ok || p != (Point{}) {
				t.Fatalf("Parse(%q) = %v, %v, %v; want an error", tt.in, p, ok, err)
			}
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error %T, want *ParseError", tt.in, err)
			}
			if pe.Input != tt.in {
				t.Errorf("Input = %q, want %q", pe.Input, tt.in)
			}
			if !strings.Contains(pe.Message, tt.want) {
				t.Errorf("Parse(%q) message %q, want it to contain %q", tt.in, pe.Message, tt.want)
			}
			if !strings.Contains(pe.MessageEN, tt.wantEN) {
				t.Errorf("Parse(%q) English message %q, want it to contain %q", tt.in, pe.MessageEN, tt.wantEN)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Bắc", "bac"},
		{"Ba\u0306\u0301c", "bac"},
		{"BẮC", "bac"},
		{"Đông", "dong"},
		{"\u0110o\u0302ng", "dong"},
		{"độ", "do"},
		{"\u0111o\u0323\u0302", "do"},
		{"\u0111o\u0302\u0323", "do"},
		{"Tây", "tay"},
		{"giây", "giay"},
		{"phút", "phut"},
		{"North", "north"},
	}
	for _, tt := range tests {
		if got := fold(tt.in); got != tt.want {
			t.Errorf("fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
