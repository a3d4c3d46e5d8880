package observance

import (
	"encoding/json"
	"time"
)

// eventJSON is the wire form of an Event. The first four fields are the
// public contract of /api/v1/calendar; the others are added for clients
// that show English or filter by programme, and are left out when empty.
type eventJSON struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	Start     string `json:"start"`
	End       string `json:"end"`
	NameEN    string `json:"name_en,omitempty"`
	Programme string `json:"programme,omitempty"`
	Lunar     bool   `json:"lunar,omitempty"`
}

// MarshalJSON writes the event with dates as YYYY-MM-DD:
// {"code":"mid-autumn","name":"Tết Trung thu","start":"2025-10-06","end":"2025-10-06",…}.
func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(eventJSON{
		Code:      e.Code,
		Name:      e.Name,
		Start:     e.Start.Format(time.DateOnly),
		End:       e.End.Format(time.DateOnly),
		NameEN:    e.NameEN,
		Programme: e.Programme,
		Lunar:     e.Lunar,
	})
}

// UnmarshalJSON reads what MarshalJSON writes; dates become 00:00 UTC, and
// an end before the start is refused.
func (e *Event) UnmarshalJSON(b []byte) error {
	var w eventJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	start, err := time.Parse(time.DateOnly, w.Start)
	if err != nil {
		return fieldErr("start", "ngày bắt đầu phải có dạng YYYY-MM-DD", "start must be a YYYY-MM-DD date")
	}
	end, err := time.Parse(time.DateOnly, w.End)
	if err != nil {
		return fieldErr("end", "ngày kết thúc phải có dạng YYYY-MM-DD", "end must be a YYYY-MM-DD date")
	}
	if end.Before(start) {
		return fieldErr("end", "ngày kết thúc trước ngày bắt đầu", "end is before start")
	}
	*e = Event{Code: w.Code, Name: w.Name, NameEN: w.NameEN, Start: start, End: end, Programme: w.Programme, Lunar: w.Lunar}
	return nil
}
