package lunar_test

import (
	"fmt"
	"time"

	"tebdg/internal/errs"
	"tebdg/internal/lunar"
)

func ExampleFromSolar() {
	d, err := lunar.FromSolar(time.Date(2025, 10, 6, 0, 0, 0, 0, time.UTC))
	if err != nil {
		panic(err)
	}
	fmt.Println(d, lunar.MonthName(d), lunar.YearName(d.Year))
	// Output: 15/8/2025 Ất Dậu Ất Tỵ
}

func ExampleToSolar() {
	t, err := lunar.ToSolar(lunar.Date{Day: 1, Month: 6, Year: 2025, Leap: true})
	if err != nil {
		panic(err)
	}
	fmt.Println(t.Format("02/01/2006"))
	// Output: 25/07/2025
}

func ExampleParseDate() {
	for _, s := range []string{"15/8", "1/6n/2025", "1/5n/2025"} {
		d, err := lunar.ParseDate(s)
		if err != nil {
			// An *errs.Error: a message for each language.
			e := errs.As(err)
			fmt.Printf("%s | %s\n", e.Message("vi"), e.Message("en"))
			continue
		}
		fmt.Printf("%#v\n", d)
	}
	// Output:
	// lunar.Date{Day:15, Month:8, Year:0, Leap:false}
	// lunar.Date{Day:1, Month:6, Year:2025, Leap:true}
	// năm 2025 không có tháng 5 nhuận | year 2025 has no leap month 5
}

func ExampleDayName() {
	fmt.Println(lunar.DayName(time.Date(2024, 2, 10, 0, 0, 0, 0, time.UTC)))
	// Output: Giáp Thìn
}
