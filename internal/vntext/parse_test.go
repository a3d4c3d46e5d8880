package vntext

import (
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"tebdg/internal/errs"
)

func TestParseDate(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		in   string
		want time.Time
	}{
		{"13/4/2021", day(2021, 4, 13)},
		{"03/3/2021", day(2021, 3, 3)},
		{"13/04/2021", day(2021, 4, 13)},
		{"1/1/2025", day(2025, 1, 1)},
		{"2021-04-13", day(2021, 4, 13)},
		{"  13/04/2021\t", day(2021, 4, 13)},
		{"\u00a02021-04-13 ", day(2021, 4, 13)},
		{"29/2/2024", day(2024, 2, 29)},  // leap year
		{"29/02/2000", day(2000, 2, 29)}, // divisible by 400: leap
		{"01/01/1900", day(1900, 1, 1)},
		{"31/12/2100", day(2100, 12, 31)},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err != nil || !got.Equal(tt.want) || got.Location() != time.UTC {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// checkErr holds err to the package's convention: an *errs.Error, Invalid,
// with the Vietnamese and the English message apart.
func checkErr(t *testing.T, what string, err error, vi, en string) {
	t.Helper()
	if err == nil {
		t.Errorf("%s: no error, want %q", what, vi)
		return
	}
	e := errs.As(err)
	if e.Code != errs.Invalid || e.Message("vi") != vi || e.Message("en") != en {
		t.Errorf("%s: %s error\n vi %q\n en %q\nwant invalid\n vi %q\n en %q", what, e.Code, e.Message("vi"), e.Message("en"), vi, en)
	}
}

func TestParseDateErrors(t *testing.T) {
	invalid := func(s string) [2]string {
		return [2]string{`ngày không hợp lệ "` + s + `"`, `there is no such date as "` + s + `"`}
	}
	form := func(s string) [2]string {
		return [2]string{`ngày "` + s + `" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd`, `the date "` + s + `" is not in dd/mm/yyyy or yyyy-mm-dd form`}
	}
	year := func(s string) [2]string {
		return [2]string{`năm của ngày "` + s + `" phải từ 1900 đến 2100`, `the year of the date "` + s + `" must be between 1900 and 2100`}
	}
	none := [2]string{"chưa nhập ngày", "no date given"}
	tests := []struct {
		in   string
		want [2]string // Vietnamese, English
	}{
		{"31/2/2024", invalid("31/2/2024")},
		{"29/2/2023", invalid("29/2/2023")},
		{"29/2/1900", invalid("29/2/1900")}, // century, not leap
		{"0/1/2024", invalid("0/1/2024")},
		{"12/13/2024", invalid("12/13/2024")},
		{"2024-02-30", invalid("2024-02-30")},
		{"31/12/1899", year("31/12/1899")},
		{"1/1/2101", year("1/1/2101")},
		{"", none},
		{"   ", none},
		{"13/4/21", form("13/4/21")},
		{"13-04-2021", form("13-04-2021")},
		{"2021-4-13", form("2021-4-13")},
		{"13/4", form("13/4")},
		{"13/4/2021/1", form("13/4/2021/1")},
		{"+1/4/2021", form("+1/4/2021")},
		{"١٣/٤/٢٠٢١", form("١٣/٤/٢٠٢١")},
		{"ngày 13 tháng 4 năm 2021 " + strings.Repeat("x", 100), form("ngày 13 tháng 4 năm 2021 xxxxxxxxxxxxxxx…")},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if !got.IsZero() {
			t.Errorf("ParseDate(%q) = %v with an error", tt.in, got)
		}
		checkErr(t, fmt.Sprintf("ParseDate(%q)", tt.in), err, tt.want[0], tt.want[1])
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in   string
		want int64
	}{
		{"1.234.567", 1234567},
		{"1234567", 1234567},
		{" 12 ", 12},
		{"0", 0},
		{"-0", 0},
		{"007", 7},
		{"-1.234", -1234},
		{"+999", 999},
		{"12.345", 12345},
		{"100.000", 100000},
		{"9.223.372.036.854.775.807", 9223372036854775807},
		{"-9223372036854775808", -9223372036854775808},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseInt(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseIntErrors(t *testing.T) {
	bad := func(s string) [2]string {
		return [2]string{`số không hợp lệ "` + s + `": ghi số nguyên như 1234567 hoặc 1.234.567`,
			`"` + s + `" is not a whole number; write it as 1234567 or 1.234.567`}
	}
	tests := []struct {
		in   string
		want [2]string // Vietnamese, English
	}{
		{"", [2]string{"chưa nhập số", "no number given"}},
		{" \t", [2]string{"chưa nhập số", "no number given"}},
		{"1.23.4", bad("1.23.4")},
		{"12a", bad("12a")},
		{" 1,5 ", bad("1,5")},
		{"9.223.372.036.854.775.808", [2]string{`số quá lớn "9.223.372.036.854.775.808"`, `the number "9.223.372.036.854.775.808" is out of range`}},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if got != 0 {
			t.Errorf("ParseInt(%q) = %d with an error", tt.in, got)
		}
		checkErr(t, fmt.Sprintf("ParseInt(%q)", tt.in), err, tt.want[0], tt.want[1])
	}
	// Everything below is refused with the message for a bad number.
	for _, in := range []string{
		"1234.567", "1.2345", "1.234.", ".123", "1..234", "0.123", "1,5", "1 234",
		"-", "+", "--1", "1-", "١٢", "12e3", "0x10",
	} {
		_, err := ParseInt(in)
		checkErr(t, fmt.Sprintf("ParseInt(%q)", in), err, bad(in)[0], bad(in)[1])
	}
	for _, in := range []string{"-9223372036854775809", "99999999999999999999"} {
		_, err := ParseInt(in)
		checkErr(t, fmt.Sprintf("ParseInt(%q)", in), err, `số quá lớn "`+in+`"`, `the number "`+in+`" is out of range`)
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"13/4/2021", "03/3/2021", "2021-04-13", "31/2/2024", "29/2/2100", "1/1/1900", " 31/12/2100 ", "", "0/0/0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if e := errs.As(err); e.Code != errs.Invalid || e.VI == "" || e.EN == "" {
				t.Errorf("ParseDate(%q) error %q: want Invalid with both messages", s, err)
			}
			return
		}
		if d.Location() != time.UTC || d.Hour() != 0 || d.Minute() != 0 || d.Second() != 0 || d.Nanosecond() != 0 {
			t.Errorf("ParseDate(%q) = %v, not midnight UTC", s, d)
		}
		if d.Year() < MinYear || d.Year() > MaxYear {
			t.Errorf("ParseDate(%q) = %v, year out of range", s, d)
		}
		for _, back := range []string{FormatDate(d), d.Format(time.DateOnly)} {
			again, err := ParseDate(back)
			if err != nil || !again.Equal(d) {
				t.Errorf("ParseDate(%q) = %v, but its form %q parses to %v, %v", s, d, back, again, err)
			}
		}
	})
}

func FuzzParseInt(f *testing.F) {
	for _, s := range []string{"1.234.567", "1234567", " 12 ", "1.23.4", "12a", "", "-9.223.372.036.854.775.808", "0.123"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseInt(s)
		if err != nil {
			if n != 0 {
				t.Errorf("ParseInt(%q) = %d with error %v, want 0", s, n, err)
			}
			return
		}
		if again, err := ParseInt(FormatInt(n)); err != nil || again != n {
			t.Errorf("ParseInt(%q) = %d, but FormatInt form %q parses to %d, %v", s, n, FormatInt(n), again, err)
		}
		// The digits read must be the digits written.
		digits := strings.NewReplacer(".", "", "+", "", "-", "").Replace(strings.TrimSpace(s))
		want, _ := strconv.ParseUint(digits, 10, 64)
		abs := uint64(n)
		if n < 0 {
			abs = -abs
		}
		if abs != want {
			t.Errorf("ParseInt(%q) = %d, digits say %d", s, n, want)
		}
	})
}

func BenchmarkParseDate(b *testing.B) {
	for b.Loop() {
		_, _ = ParseDate("13/04/2021")
	}
}

func BenchmarkParseInt(b *testing.B) {
	for b.Loop() {
		_, _ = ParseInt("1.234.567")
	}
}
