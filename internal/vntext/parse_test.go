package vntext

import (
	"strconv"
	"strings"
	"testing"
	"time"
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

func TestParseDateErrors(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"31/2/2024", `ngày không hợp lệ "31/2/2024" (invalid date)`},
		{"29/2/2023", `ngày không hợp lệ "29/2/2023" (invalid date)`},
		{"29/2/1900", `ngày không hợp lệ "29/2/1900" (invalid date)`}, // century, not leap
		{"0/1/2024", `ngày không hợp lệ "0/1/2024" (invalid date)`},
		{"12/13/2024", `ngày không hợp lệ "12/13/2024" (invalid date)`},
		{"2024-02-30", `ngày không hợp lệ "2024-02-30" (invalid date)`},
		{"31/12/1899", `năm của ngày "31/12/1899" phải từ 1900 đến 2100 (year must be between 1900 and 2100)`},
		{"1/1/2101", `năm của ngày "1/1/2101" phải từ 1900 đến 2100 (year must be between 1900 and 2100)`},
		{"", "chưa nhập ngày (no date given)"},
		{"   ", "chưa nhập ngày (no date given)"},
		{"13/4/21", `ngày "13/4/21" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"13-04-2021", `ngày "13-04-2021" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"2021-4-13", `ngày "2021-4-13" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"13/4", `ngày "13/4" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"13/4/2021/1", `ngày "13/4/2021/1" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"+1/4/2021", `ngày "+1/4/2021" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"١٣/٤/٢٠٢١", `ngày "١٣/٤/٢٠٢١" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
		{"ngày 13 tháng 4 năm 2021 " + strings.Repeat("x", 100),
			`ngày "ngày 13 tháng 4 năm 2021 xxxxxxxxxxxxxxx…" không đúng dạng dd/mm/yyyy hoặc yyyy-mm-dd (date not in dd/mm/yyyy or yyyy-mm-dd form)`},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if err == nil {
			t.Errorf("ParseDate(%q) = %v, want error %q", tt.in, got, tt.want)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseDate(%q) error\n got %q\nwant %q", tt.in, err, tt.want)
		}
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
	tests := []struct {
		in, want string
	}{
		{"", "chưa nhập số (no number given)"},
		{" \t", "chưa nhập số (no number given)"},
		{"1.23.4", `số không hợp lệ "1.23.4" (not a whole number; write it as 1234567 or 1.234.567)`},
		{"12a", `số không hợp lệ "12a" (not a whole number; write it as 1234567 or 1.234.567)`},
	}
	for _, tt := range tests {
		got, err := ParseInt(tt.in)
		if err == nil || err.Error() != tt.want {
			t.Errorf("ParseInt(%q) = %d, %v; want error %q", tt.in, got, err, tt.want)
		}
	}
	// Everything below is refused; the message is the one above.
	for _, in := range []string{
		"1234.567", "1.2345", "1.234.", ".123", "1..234", "0.123", "1,5", "1 234",
		"-", "+", "--1", "1-", "١٢", "12e3", "0x10",
	} {
		if got, err := ParseInt(in); err == nil {
			t.Errorf("ParseInt(%q) = %d, want an error", in, got)
		}
	}
	for _, in := range []string{"9.223.372.036.854.775.808", "-9223372036854775809", "99999999999999999999"} {
		_, err := ParseInt(in)
		if err == nil || !strings.HasPrefix(err.Error(), "số quá lớn") {
			t.Errorf("ParseInt(%q) error = %v, want number out of range", in, err)
		}
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"13/4/2021", "03/3/2021", "2021-04-13", "31/2/2024", "29/2/2100", "1/1/1900", " 31/12/2100 ", "", "0/0/0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		if err != nil {
			if msg := err.Error(); !strings.Contains(msg, "(") {
				t.Errorf("ParseDate(%q) error %q lacks the English part", s, msg)
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
