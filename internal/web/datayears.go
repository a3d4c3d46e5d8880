package web

import (
	"time"

	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
)

// dataYears is the span of years figures are taken for, by imports and by
// the data entry form, on the server's clock in Vietnam.
func dataYears() period.Years { return period.DataYears(time.Now().In(vntext.Location)) }

// outsideDataYears refuses figures for a period whose year is outside
// dataYears, naming the span; nil when the period is in it.
func outsideDataYears(p period.Period) error {
	ys := dataYears()
	if ys.Contains(p.Year()) {
		return nil
	}
	return errs.Newf(errs.Conflict,
		"kỳ báo cáo %s ngoài khoảng nhận số liệu: chỉ nhập số liệu cho các năm từ %d đến %d",
		"period %s is outside the years figures are taken for: %d to %d only", p.ID, ys.First, ys.Last)
}
