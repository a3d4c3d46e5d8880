package lunar

import (
	"errors"
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

func TestParseDateErrorMessage(t *testing.T) {
	_, err := ParseDate("1/6n")
	want := `lunar: "1/6n": tháng nhuận cần ghi năm ("1/6n": a leap month needs a year)`
	if err == nil || err.Error() != want {
		t.Errorf("ParseDate(\"1/6n\") error %q, want %q", err, want)
	}
}
