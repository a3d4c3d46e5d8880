package lunar

import (
	"errors"
	"fmt"
	"testing"
)

func TestDateString(t *testing.T) {
	tests := []struct {
		d    Date
		want string
	}{
		{Date{Day: 15, Month: 8, Year: 2025}, "15/8/2025"},
		{Date{Day: 1, Month: 6, Year: 2025, Leap: true}, "1/6 nhuận/2025"},
		{Date{Day: 15, Month: 8}, "15/8"},
		{Date{Day: 1, Month: 1, Year: 1900}, "1/1/1900"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("%#v.String() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date
		err  error
	}{
		{"15/8", Date{Day: 15, Month: 8}, nil},
		{"30/12", Date{Day: 30, Month: 12}, nil}, // whether it exists depends on the year
		{"15/8/2025", Date{Day: 15, Month: 8, Year: 2025}, nil},
		{"01/06/2025", Date{Day: 1, Month: 6, Year: 2025}, nil},
		{" 1 / 6 / 2025 ", Date{Day: 1, Month: 6, Year: 2025}, nil},
		{"1/6n/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil},
		{"1/6N/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil},
		{"1/6 nhuận/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil},
		{"1/6 Nhuận/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil},
		{"1/6 nhua\u0323\u0302n/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil}, // NFD
		{"1/6 nhuan/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil},
		{"1/6 (nhuận)/2025", Date{Day: 1, Month: 6, Year: 2025, Leap: true}, nil},
		{"29/6n/2025", Date{Day: 29, Month: 6, Year: 2025, Leap: true}, nil},
		{"1/12/2100", Date{Day: 1, Month: 12, Year: 2100}, nil},

		{"", Date{}, ErrSyntax},
		{"15", Date{}, ErrSyntax},
		{"15/8/2025/1", Date{}, ErrSyntax},
		{"/8", Date{}, ErrSyntax},
		{"15/", Date{}, ErrSyntax},
		{"0/8", Date{}, ErrSyntax},
		{"31/8", Date{}, ErrSyntax},
		{"15/0", Date{}, ErrSyntax},
		{"15/13", Date{}, ErrSyntax},
		{"015/8", Date{}, ErrSyntax},
		{"+1/8", Date{}, ErrSyntax},
		{"1/8x", Date{}, ErrSyntax},
		{"1/n6/2025", Date{}, ErrSyntax},
		{"1/6n", Date{}, ErrSyntax},
		{"15/8/25", Date{}, ErrOutOfRange},
		{"15/8/20255", Date{}, ErrSyntax},
		{"15/8/", Date{}, ErrSyntax},
		{"1/1/1899", Date{}, ErrOutOfRange},
		{"2/12/2100", Date{}, ErrOutOfRange},
		{"1/5n/2025", Date{}, ErrInvalidDate},
		{"30/6n/2025", Date{}, ErrInvalidDate},
		{"１/8", Date{}, ErrSyntax}, // full-width digit
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if got != tt.want || !errors.Is(err, tt.err) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestParseDateErrorMessages(t *testing.T) {
	tests := []struct {
		in     string
		want   error
		vi, en string
	}{
		{"1/6n", ErrSyntax, `"1/6n": tháng nhuận cần ghi năm`, `"1/6n": a leap month needs a year`},
		{"15", ErrSyntax, `"15": cần dạng ngày/tháng hoặc ngày/tháng/năm`, `"15": want day/month or day/month/year`},
		{"31/8", ErrSyntax, `"31/8": ngày phải là số từ 1 đến 30`, `"31/8": day must be a number from 1 to 30`},
		{"1/5n/2025", ErrInvalidDate, "năm 2025 không có tháng 5 nhuận", "year 2025 has no leap month 5"},
		{"1/1/1899", ErrOutOfRange, "ngoài phạm vi lịch âm 31/01/1900–31/12/2100", "outside the lunar calendar's range 1900-01-31 to 2100-12-31"},
	}
	for _, tt := range tests {
		_, err := ParseDate(tt.in)
		if !errors.Is(err, tt.want) {
			t.Errorf("ParseDate(%q) = %v, want %v", tt.in, err, tt.want)
		}
		checkErr(t, fmt.Sprintf("ParseDate(%q)", tt.in), err, tt.vi, tt.en)
	}
}
