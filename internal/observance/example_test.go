package observance_test

import (
	"fmt"
	"time"

	"tebdg/internal/observance"
)

func ExampleYear() {
	for _, e := range observance.Year(observance.Builtin(), 2025) {
		if e.Lunar {
			fmt.Println(e.Start.Format(time.DateOnly), e.Name)
		}
	}
	// Output:
	// 2025-01-29 Tết Nguyên đán
	// 2025-10-06 Tết Trung thu
}

func ExampleParseRule() {
	r, err := observance.ParseRule("province-day", "Ngày truyền thống của tỉnh", "Province Day", "30/10")
	fmt.Printf("%s %s %d/%d %v\n", r.Code, r.Kind, r.Day, r.Month, err)
	_, err = observance.ParseRule("x-day", "Ngày X", "", "31/4")
	fmt.Println(err)
	// Output:
	// province-day solar 30/10 <nil>
	// spec: tháng 4 không có ngày 31 (ngày phải từ 1 đến 30) (month 4 has no day 31 (days run from 1 to 30))
}
