package analytics

import (
	"tebdg/internal/domain"
	"tebdg/internal/vntext"
)

// FormatValue writes a figure of ind as people read it: "có" or "không"
// for a yes/no, whole numbers for counts and money, and up to two
// decimals otherwise ("1.234", "12,5").
func FormatValue(ind domain.Indicator, v float64) string {
	switch ind.ValueType {
	case domain.TypeYesNo:
		if v != 0 {
			return "có"
		}
		return "không"
	case domain.TypeInteger, domain.TypeMoney:
		return vntext.FormatInt(int64(v))
	}
	if v == float64(int64(v)) {
		return vntext.FormatInt(int64(v))
	}
	return vntext.FormatDecimal(v, 2)
}

// pick chooses the English text for lang "en", else the Vietnamese one.
func pick(lang, vi, en string) string {
	if lang == "en" {
		return en
	}
	return vi
}

// sexOptions are the columns of a split by sex, with the total first.
var sexOptions = []string{Total, "male", "female"}

// sexName names a column of a split by sex.
func sexName(opt, lang string) string {
	switch opt {
	case Total:
		return pick(lang, "Tổng số", "Total")
	case "male":
		return pick(lang, "Nam", "Male")
	case "female":
		return pick(lang, "Nữ", "Female")
	}
	return ""
}
