package geo_test

import (
	"fmt"
	"os"

	"tebdg/internal/geo"
)

func ExampleParse() {
	for _, s := range []string{
		"21,0285; 105,8542",
		"21°01′42.6″B 105°51′15.1″Đ",
		"https://www.openstreetmap.org/?mlat=10.7769&mlon=106.7009#map=17/10.7769/106.7009",
		"105.8542, 21.0285",
	} {
		p, ok, err := geo.Parse(s)
		fmt.Println(p, ok, err)
	}
	// Output:
	// 21.028500, 105.854200 true <nil>
	// 21.028500, 105.854194 true <nil>
	// 10.776900, 106.700900 true <nil>
	// 0.000000, 0.000000 false vĩ độ 105.8542 nằm ngoài khoảng -90 đến 90: có lẽ kinh độ và vĩ độ bị đảo (vĩ độ trước, kinh độ sau) (latitude 105.8542 is outside -90 to 90: latitude and longitude are probably swapped (latitude first, then longitude))
}

func ExampleCheck() {
	fmt.Println(geo.Check("location", geo.Point{Lat: 10.217, Lon: 103.967}) == nil)
	fmt.Println(geo.Check("location", geo.Point{Lat: 13.7563, Lon: 100.5018}).Message)
	// Output:
	// true
	// tọa độ nằm ngoài lãnh thổ Việt Nam: hãy kiểm tra lại (vĩ độ trước, kinh độ sau)
}

func ExampleWriteGeoJSON() {
	err := geo.WriteGeoJSON(os.Stdout, []geo.Feature{{
		ID:         "wharf-3",
		Point:      geo.Point{Lat: 10.2170, Lon: 103.9670},
		Properties: map[string]any{"name": "Bến đò Dương Đông"},
	}})
	fmt.Println(err)
	// Output:
	// {"type":"FeatureCollection","features":[
	// {"type":"Feature","id":"wharf-3","geometry":{"type":"Point","coordinates":[103.967,10.217]},"properties":{"name":"Bến đò Dương Đông"}}
	// ]}
	// <nil>
}
