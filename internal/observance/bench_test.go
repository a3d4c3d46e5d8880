package observance

import "testing"

// BenchmarkYear places the builtin rules on a year, the work behind
// GET /api/v1/calendar. The requirement is under 1 ms per op.
func BenchmarkYear(b *testing.B) {
	rules := Builtin()
	Year(rules, 2025) // the lunar tables are built once per process
	for b.Loop() {
		Year(rules, 2025)
	}
}

func BenchmarkBetween(b *testing.B) {
	rules := Builtin()
	from, to := date(2025, 1, 1), date(2025, 12, 31)
	Between(rules, from, to)
	for b.Loop() {
		Between(rules, from, to)
	}
}

func BenchmarkParseRule(b *testing.B) {
	for b.Loop() {
		_, _ = ParseRule("local-day", "Ngày hội", "", "15/8 âm lịch")
	}
}
