package domain

import (
	"slices"
	"strings"

	"tebdg/internal/errs"
)

// An indicator's source says where its values come from: "entered" by
// units in their reports, or computed from records, written
// "records:METRIC" with an optional filter of kinds,
// "records:activities.count?type=training,communication" (the activities
// of those types) or "records:inspections.count?type=boat". Report forms
// show computed values already filled in.

// SourceEntered is an indicator whose values units enter.
const SourceEntered = "entered"

const recordsPrefix = "records:"

// RecordSource is a parsed "records:" source.
type RecordSource struct {
	Metric string
	Types  []string // activity types, or the registry's categories
}

// ActivityMetrics are the figures the activity log gives.
var ActivityMetrics = []Metric{
	{Code: "activities.count", Name: "Số hoạt động", NameEN: "Activities"},
	{Code: "activities.participants", Name: "Số lượt người tham gia hoạt động", NameEN: "Participants", BySex: true},
	{Code: "activities.cost", Name: "Kinh phí thực hiện hoạt động", NameEN: "Cost of activities", Money: true},
}

// GiftMetrics are the figures of the gift rounds.
var GiftMetrics = []Metric{
	{Code: "gifts.children", Name: "Số cháu là con cán bộ được tặng quà", NameEN: "Staff children given gifts", BySex: true},
}

// CaseMetrics are the figures of the confidential case register, computed
// from it so the unit's report needs no hand count. They are counts of
// cases, never a case, and a filter by type names kinds of harm.
var CaseMetrics = []Metric{
	{Code: "cases.received", Name: "Số trường hợp trẻ em bị xâm hại, người bị bạo lực được tiếp nhận", NameEN: "Cases received (child abuse, gender-based violence)", BySex: true},
	{Code: "cases.referred", Name: "Số trường hợp được chuyển gửi dịch vụ hỗ trợ", NameEN: "Cases referred to support services", BySex: true},
	{Code: "cases.closed", Name: "Số trường hợp đã hỗ trợ, can thiệp xong và đóng hồ sơ", NameEN: "Cases supported and closed", BySex: true},
}

// Metrics lists every metric an indicator can be computed from.
func Metrics() []Metric {
	out := slices.Clone(ActivityMetrics)
	for _, r := range Registries {
		out = append(out, r.Metrics...)
	}
	out = append(out, GiftMetrics...)
	return append(out, CaseMetrics...)
}

// MetricOf returns a metric by code.
func MetricOf(code string) (Metric, bool) {
	for _, m := range Metrics() {
		if m.Code == code {
			return m, true
		}
	}
	return Metric{}, false
}

// MetricKinds lists the kinds a metric's filter may name: activity types
// for activity metrics, the registry's main choice for registry ones.
func MetricKinds(metric string) []Option {
	if strings.HasPrefix(metric, "activities.") {
		out := make([]Option, len(ActivityTypes))
		for i, t := range ActivityTypes {
			l := activityTypeLabels[t]
			out[i] = Option{Code: string(t), Name: l.vi, NameEN: l.en}
		}
		return out
	}
	if strings.HasPrefix(metric, "cases.") {
		out := make([]Option, len(CaseKinds))
		for i, k := range CaseKinds {
			out[i] = Option{Code: string(k), Name: k.Label("vi"), NameEN: k.Label("en")}
		}
		return out
	}
	for _, r := range Registries {
		for _, m := range r.Metrics {
			if m.Code == metric && r.Category != "" && m.Entries == "" {
				f, _ := r.Field(r.Category)
				return f.Options
			}
		}
	}
	return nil
}

// ParseSource reads an indicator's source. It returns ok=false for
// "entered" (or empty).
func ParseSource(s string) (src RecordSource, ok bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" || s == SourceEntered {
		return RecordSource{}, false, nil
	}
	rest, found := strings.CutPrefix(s, recordsPrefix)
	if !found {
		return RecordSource{}, false, errs.Field("source", `nguồn số liệu phải là "entered" hoặc "records:…"`, `the source must be "entered" or "records:…"`)
	}
	metric, query, _ := strings.Cut(rest, "?")
	if _, known := MetricOf(metric); !known {
		return RecordSource{}, false, errs.Fieldf("source", "không có số liệu hồ sơ %q", "there is no record figure %q", metric)
	}
	src.Metric = metric
	if query == "" {
		return src, true, nil
	}
	key, list, _ := strings.Cut(query, "=")
	if key != "type" {
		return RecordSource{}, false, errs.Field("source", `bộ lọc của nguồn số liệu chỉ có thể là "type=…"`, `a source can only be filtered by "type=…"`)
	}
	kinds := MetricKinds(metric)
	for _, t := range strings.Split(list, ",") {
		t = strings.TrimSpace(t)
		if t == "" || slices.Contains(src.Types, t) {
			continue
		}
		if !slices.ContainsFunc(kinds, func(o Option) bool { return o.Code == t }) {
			return RecordSource{}, false, errs.Fieldf("source", "loại %q không dùng để lọc %s", "%q cannot filter %s", t, metric)
		}
		src.Types = append(src.Types, t)
	}
	return src, true, nil
}

// String writes the source back as ParseSource reads it.
func (r RecordSource) String() string {
	s := recordsPrefix + r.Metric
	if len(r.Types) > 0 {
		s += "?type=" + strings.Join(r.Types, ",")
	}
	return s
}

// FromRecords reports whether the indicator's values are computed from
// records.
func (ind Indicator) FromRecords() bool {
	_, ok, _ := ParseSource(ind.Source)
	return ok
}
