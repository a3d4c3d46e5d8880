package period

import (
	"encoding/json"
	"time"

	"tebdg/internal/errs"
)

// periodJSON is the API form of a Period. The rule is left out: a client
// reads it off the dates, and the query that asked for the periods named it.
type periodJSON struct {
	ID    string `json:"id"`
	Type  Type   `json:"type"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// MarshalJSON writes p as the API shows it:
// {"id":"2025Q1","type":"quarterly","start":"2024-12-15","end":"2025-03-14"}.
func (p Period) MarshalJSON() ([]byte, error) {
	return json.Marshal(periodJSON{
		ID:    p.ID,
		Type:  p.Type,
		Start: p.Start.Format(time.DateOnly),
		End:   p.End.Format(time.DateOnly),
	})
}

// UnmarshalJSON reads the form MarshalJSON writes, so that clients and
// tests can decode API answers into a Period. The rule is the one whose
// dates for the id match start and end; anything else is an error.
func (p *Period) UnmarshalJSON(b []byte) error {
	var j periodJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	for _, r := range []Rule{Decree09, Calendar} {
		q, err := Parse(j.ID, r)
		if err != nil {
			return err
		}
		if q.Type == j.Type && q.Start.Format(time.DateOnly) == j.Start && q.End.Format(time.DateOnly) == j.End {
			*p = q
			return nil
		}
	}
	if _, ok := shapeOf(j.Type); !ok {
		return typeError(string(j.Type))
	}
	return errs.Newf(errs.Invalid, "kỳ báo cáo %q: loại và ngày không khớp với mã",
		"period %q: the type and dates do not match the id", short(j.ID))
}
