package period

import (
	"fmt"
	"strings"
)

// Label names p for people: in English when lang is "en" or an English
// variant ("en-GB"), otherwise in Vietnamese, the language of the system.
//
//	Tháng 01/2025  Quý I/2025  6 tháng đầu năm 2025  6 tháng cuối năm 2025  9 tháng năm 2025  Năm 2025
//	January 2025   Q1 2025     First half of 2025    Second half of 2025    Nine months of 2025  Year 2025
//
// The label names the period, not its dates, so it is the same under both
// rules. An invalid p gives "".
func (p Period) Label(lang string) string {
	k, ok := p.key()
	if !ok {
		return ""
	}
	if isEnglish(lang) {
		switch k.t {
		case Monthly:
			return fmt.Sprintf("%s %d", monthNames[k.index-1], k.year)
		case Quarterly:
			return fmt.Sprintf("Q%d %d", k.index, k.year)
		case SixMonthly:
			if k.index == 1 {
				return fmt.Sprintf("First half of %d", k.year)
			}
			return fmt.Sprintf("Second half of %d", k.year)
		case NineMonthly:
			return fmt.Sprintf("Nine months of %d", k.year)
		}
		return fmt.Sprintf("Year %d", k.year)
	}
	switch k.t {
	case Monthly:
		return fmt.Sprintf("Tháng %02d/%d", k.index, k.year)
	case Quarterly:
		// Vietnamese documents number quarters in Roman numerals.
		return fmt.Sprintf("Quý %s/%d", [...]string{"I", "II", "III", "IV"}[k.index-1], k.year)
	case SixMonthly:
		if k.index == 1 {
			return fmt.Sprintf("6 tháng đầu năm %d", k.year)
		}
		return fmt.Sprintf("6 tháng cuối năm %d", k.year)
	case NineMonthly:
		return fmt.Sprintf("9 tháng năm %d", k.year)
	}
	return fmt.Sprintf("Năm %d", k.year)
}

// monthNames are spelt out here rather than taken from time.Month.String
// so that labels cannot change with the standard library.
var monthNames = [...]string{
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December",
}

func isEnglish(lang string) bool {
	l := strings.ToLower(lang)
	return l == "en" || strings.HasPrefix(l, "en-") || strings.HasPrefix(l, "en_")
}
