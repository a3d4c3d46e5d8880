package reports

import (
	"tebdg/internal/domain"
	"tebdg/internal/errs"
	"tebdg/internal/period"
	"tebdg/internal/vntext"
	"time"
)

// dataYears is the span of years figures are taken for, by imports and by
// the data entry form, on the server's clock in Vietnam.
func (s *Handler) dataYears() period.Years {
	return period.DataYears(s.Now().In(vntext.Location))
}

// entryClosed says why figures cannot be entered for p now: the period has
// not begun, or its year is outside dataYears; nil when they can. The form,
// its save and its attachments ask the same question, so they agree.
func (s *Handler) entryClosed(p period.Period) error {
	if err := (domain.Report{Start: p.Start.Format(time.DateOnly)}).Editable(s.Now()); err != nil {
		return err
	}
	if ys := s.dataYears(); !ys.Contains(p.Year()) {
		return errs.Newf(errs.Conflict,
			"kỳ báo cáo %s ngoài khoảng nhận số liệu: chỉ nhập số liệu cho các năm từ %d đến %d",
			"period %s is outside the years figures are taken for: %d to %d only", p.ID, ys.First, ys.Last)
	}
	return nil
}
