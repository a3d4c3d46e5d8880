package vntext

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// Location is Vietnam's time zone, Asia/Ho_Chi_Minh. Callers convert times
// to it before formatting them for people.
//
// It comes from the system's time zone database when there is one, and is
// otherwise a fixed UTC+7 zone. The fixed zone is not a compromise: Vietnam
// has kept UTC+7 without daylight saving since 1975, so it gives the same
// wall clock as the database for every date this system records. Embedding
// time/tzdata instead would add about 450 KB of other countries' rules to
// the binary to learn nothing more.
var Location = loadLocation()

func loadLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Ho_Chi_Minh"); err == nil {
		return loc
	}
	return fixedZone()
}

// fixedZone is Vietnam's zone without the database: Indochina Time, UTC+7.
func fixedZone() *time.Location {
	return time.FixedZone("ICT", 7*60*60)
}

// Vietnamese writes '.' between thousands and ',' before decimals.
const (
	thousandsSep = '.'
	decimalSep   = ','
)

// FormatInt writes n the Vietnamese way, with '.' between groups of three
// digits: 1234567 → "1.234.567", -1234 → "-1.234", 0 → "0".
func FormatInt(n int64) string {
	var buf [26]byte // "-9.223.372.036.854.775.808"
	u := uint64(n)
	if n < 0 {
		u = -u // two's complement: right for math.MinInt64 too
	}
	i := len(buf)
	for digits := 0; ; digits++ {
		if digits > 0 && digits%3 == 0 {
			i--
			buf[i] = thousandsSep
		}
		i--
		buf[i] = byte('0' + u%10)
		u /= 10
		if u == 0 {
			break
		}
	}
	if n < 0 {
		i--
		buf[i] = '-'
	}
	return string(buf[i:])
}

// FormatMoney writes an amount of Vietnamese đồng: 1234567 → "1.234.567 đ".
// Amounts are whole đồng, as the đồng has no subunit in use.
func FormatMoney(n int64) string {
	return FormatInt(n) + " đ"
}

// FormatDecimal writes f with the given number of decimals, '.' between
// thousands and ',' before the decimals: FormatDecimal(1234.5, 1) →
// "1.234,5". It rounds half to even, as strconv does. A negative decimals
// writes as many decimals as needed to read the same float64 back
// (FormatDecimal(0.25, -1) → "0,25"). A value that rounds to zero has no
// minus sign ("0,0", not "-0,0"), which would puzzle a reader. NaN and the
// infinities are written "NaN", "+∞" and "-∞".
func FormatDecimal(f float64, decimals int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "+∞"
	case math.IsInf(f, -1):
		return "-∞"
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	if strings.Trim(intPart+frac, "0") == "" {
		neg = false
	}
	var b strings.Builder
	b.Grow(len(s) + len(s)/3 + 1)
	if neg {
		b.WriteByte('-')
	}
	for i := 0; i < len(intPart); i++ {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(thousandsSep)
		}
		b.WriteByte(intPart[i])
	}
	if hasFrac {
		b.WriteByte(decimalSep)
		b.WriteString(frac)
	}
	return b.String()
}

// Date layouts used in Vietnamese documents and screens.
const (
	DateLayout     = "02/01/2006"
	DateTimeLayout = "02/01/2006 15:04"
)

// FormatDate writes t's date as dd/mm/yyyy, in t's own location (convert to
// Location first for a wall-clock date in Vietnam).
func FormatDate(t time.Time) string {
	return t.Format(DateLayout)
}

// FormatDateTime writes t as dd/mm/yyyy HH:MM (24-hour clock), in t's own
// location.
func FormatDateTime(t time.Time) string {
	return t.Format(DateTimeLayout)
}
