package domain

import (
	"math"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// Category disaggregates indicators: sex, age group, area. Its options
// are the values (male, female …).
type Category struct {
	ID      int64            `json:"-"`
	Code    string           `json:"code"`
	Name    string           `json:"name"`
	NameEN  string           `json:"name_en"`
	Options []CategoryOption `json:"options"`
	Version int              `json:"version"`
}

// CategoryOption is one value of a category.
type CategoryOption struct {
	ID     int64  `json:"-"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// ValueType says what a data value holds.
type ValueType string

// The value types.
const (
	TypeInteger    ValueType = "integer"
	TypeNumber     ValueType = "number"
	TypePercentage ValueType = "percentage"
	TypeMoney      ValueType = "money"
	TypeYesNo      ValueType = "yesno"
	TypeText       ValueType = "text"
)

// ValueTypes lists them for forms.
var ValueTypes = []ValueType{TypeInteger, TypeNumber, TypePercentage, TypeMoney, TypeYesNo, TypeText}

// Numeric reports whether values of the type add up.
func (t ValueType) Numeric() bool { return t != TypeText }

// Aggregation says how values combine over units and periods.
type Aggregation string

// The aggregations. Ratio is numerator / denominator × factor, each summed
// first: a percentage is never averaged.
const (
	AggSum     Aggregation = "sum"
	AggAverage Aggregation = "average"
	AggMin     Aggregation = "min"
	AggMax     Aggregation = "max"
	AggLast    Aggregation = "last"
	AggRatio   Aggregation = "ratio"
)

// Aggregations lists them for forms.
var Aggregations = []Aggregation{AggSum, AggAverage, AggMin, AggMax, AggLast, AggRatio}

// Indicator is a figure reported each period, or computed from two others.
type Indicator struct {
	ID          int64       `json:"-"`
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	NameEN      string      `json:"name_en"`
	Definition  string      `json:"definition,omitempty"`
	Unit        string      `json:"unit"`
	ValueType   ValueType   `json:"value_type"`
	Programme   Programme   `json:"programme,omitempty"`
	Aggregation Aggregation `json:"aggregation"`
	Categories  []string    `json:"categories"` // category codes, in order
	Numerator   string      `json:"numerator,omitempty"`
	Denominator string      `json:"denominator,omitempty"`
	Factor      float64     `json:"factor"`
	Min         *float64    `json:"min,omitempty"`
	Max         *float64    `json:"max,omitempty"`
	LTE         string      `json:"lte,omitempty"` // this indicator's total may not exceed that one's
	Source      string      `json:"source"`
	Active      bool        `json:"active"`
	Version     int         `json:"version"`
	UpdatedAt   time.Time   `json:"updated_at"`
	// Combos lists the option combinations values are entered for, with
	// their names; filled when the categories are known.
	Combos []Combo `json:"-"`
}

// Combo is one cell of an indicator's row: a combination of one option per
// category ("female_under16"), or the whole ("") for an indicator without
// categories.
type Combo struct {
	Code   string
	Name   string
	NameEN string
}

// Computed reports whether the indicator's values come from others rather
// than from data entry.
func (ind Indicator) Computed() bool { return ind.Aggregation == AggRatio }

// DisplayName is the indicator's name in lang.
func (ind Indicator) DisplayName(lang string) string {
	if lang == "en" && ind.NameEN != "" {
		return ind.NameEN
	}
	return ind.Name
}

// BuildCombos returns the option combinations of categories, in order: the
// first category varies slowest, as reading a table row by row.
func BuildCombos(cats []Category) []Combo {
	combos := []Combo{{}}
	for _, c := range cats {
		var next []Combo
		for _, base := range combos {
			for _, o := range c.Options {
				cb := Combo{Code: o.Code, Name: o.Name, NameEN: nonEmpty(o.NameEN, o.Name)}
				if base.Code != "" {
					cb.Code = base.Code + "_" + o.Code
					cb.Name = base.Name + ", " + o.Name
					cb.NameEN = base.NameEN + ", " + nonEmpty(o.NameEN, o.Name)
				}
				next = append(next, cb)
			}
		}
		combos = next
	}
	return combos
}

func nonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

var comboCodeRE = regexp.MustCompile(`^[a-z0-9]+$`)

// ValidateOptionCode checks a category or option code for combos: a–z, 0–9,
// since "_" joins options.
func ValidateOptionCode(field, code string) *errs.Error {
	if len(code) < 1 || len(code) > 20 || !comboCodeRE.MatchString(code) {
		return errs.Field(field, "mã chỉ gồm chữ thường không dấu và chữ số, tối đa 20 ký tự", "the code may hold only a–z and 0–9, at most 20 characters")
	}
	return nil
}

// Validate checks an indicator's fields. Whether the codes it names exist
// is the store's question.
func (ind *Indicator) Validate() error {
	ind.Code = NormalizeCode(ind.Code)
	ind.Name, ind.NameEN, ind.Unit = CleanText(ind.Name), CleanText(ind.NameEN), CleanText(ind.Unit)
	ind.Definition = strings.TrimSpace(ind.Definition)
	ind.Numerator, ind.Denominator, ind.LTE = NormalizeCode(ind.Numerator), NormalizeCode(ind.Denominator), NormalizeCode(ind.LTE)
	var l errs.List
	if e := ValidateCode("code", ind.Code); e != nil {
		l = append(l, e)
	}
	if e := ValidateName("name", ind.Name, true); e != nil {
		l = append(l, e)
	}
	if e := ValidateName("name_en", ind.NameEN, false); e != nil {
		l = append(l, e)
	}
	if utf8.RuneCountInString(ind.Definition) > 4000 {
		l = append(l, errs.Field("definition", "định nghĩa quá dài", "the definition is too long"))
	}
	if utf8.RuneCountInString(ind.Unit) > 40 {
		l = append(l, errs.Field("unit", "đơn vị tính quá dài", "the unit is too long"))
	}
	if !oneOf(ind.ValueType, ValueTypes) {
		l = append(l, errs.Field("value_type", "chọn kiểu giá trị", "choose the value type"))
	}
	if !oneOf(ind.Aggregation, Aggregations) {
		l = append(l, errs.Field("aggregation", "chọn cách tổng hợp", "choose the aggregation"))
	}
	if !ind.Programme.Valid() {
		l = append(l, errs.Field("programme", "lĩnh vực không hợp lệ", "unknown programme"))
	}
	if ind.Aggregation == AggRatio {
		if ind.Numerator == "" || ind.Denominator == "" {
			l = append(l, errs.Field("numerator", "chỉ số tỷ lệ cần chỉ số tử số và mẫu số", "a ratio needs a numerator and a denominator"))
		}
		if ind.Numerator == ind.Code || ind.Denominator == ind.Code {
			l = append(l, errs.Field("numerator", "chỉ số tỷ lệ không thể tự tham chiếu", "a ratio cannot refer to itself"))
		}
		if ind.Factor == 0 {
			ind.Factor = 1
		}
	} else {
		ind.Numerator, ind.Denominator = "", ""
		ind.Factor = 1
	}
	if ind.ValueType == TypeText && ind.Aggregation != AggLast {
		l = append(l, errs.Field("aggregation", "giá trị dạng chữ chỉ lấy giá trị cuối kỳ", "text values can only keep the last value"))
	}
	if ind.Min != nil && ind.Max != nil && *ind.Min > *ind.Max {
		l = append(l, errs.Field("max", "giá trị lớn nhất nhỏ hơn giá trị nhỏ nhất", "the maximum is below the minimum"))
	}
	if ind.LTE == ind.Code && ind.LTE != "" {
		l = append(l, errs.Field("lte", "chỉ số không thể so với chính nó", "an indicator cannot be compared with itself"))
	}
	if len(ind.Categories) > 3 {
		l = append(l, errs.Field("categories", "tối đa 3 nhóm phân tổ", "at most 3 categories"))
	}
	if ind.Source == "" {
		ind.Source = SourceEntered
	}
	if src, ok, err := ParseSource(ind.Source); err != nil {
		l = append(l, errs.Fields(err)...)
	} else if ok {
		ind.Source = src.String()
		if ind.Computed() {
			l = append(l, errs.Field("source", "chỉ số tính từ chỉ số khác không lấy từ hồ sơ được", "a ratio of indicators cannot come from records"))
		}
	}
	return l.Err()
}

func oneOf[T comparable](v T, list []T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// CheckValue parses and checks one entered value for the indicator. It
// returns the number to store (text values: the trimmed text) and a
// message naming the problem. Empty input means "no value".
func (ind Indicator) CheckValue(raw string, parse func(string) (float64, error)) (float64, string, *errs.Error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return 0, "", nil
	}
	switch ind.ValueType {
	case TypeText:
		if utf8.RuneCountInString(raw) > 2000 {
			return 0, "", errs.New(errs.Invalid, "nội dung quá dài (tối đa 2.000 ký tự)", "too long (at most 2,000 characters)")
		}
		return 0, raw, nil
	case TypeYesNo:
		switch strings.ToLower(raw) {
		case "1", "có", "co", "yes", "true", "x":
			return 1, "", nil
		case "0", "không", "khong", "no", "false":
			return 0, "", nil
		}
		return 0, "", errs.New(errs.Invalid, "chọn Có hoặc Không", "choose yes or no")
	}
	v, err := parse(raw)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, "", errs.New(errs.Invalid, "không phải là số", "not a number")
	}
	if ind.ValueType == TypeInteger || ind.ValueType == TypeMoney {
		if v != math.Trunc(v) {
			return 0, "", errs.New(errs.Invalid, "phải là số nguyên", "must be a whole number")
		}
	}
	lo := 0.0 // counts, money and percentages are never negative
	if ind.Min != nil {
		lo = *ind.Min
	}
	if v < lo && (ind.Min != nil || ind.ValueType != TypeNumber) {
		if lo == 0 {
			return 0, "", errs.New(errs.Invalid, "không được là số âm", "must not be negative")
		}
		return 0, "", errs.Fieldf("", "không được nhỏ hơn %g", "must not be below %g", lo)
	}
	hi := math.Inf(1)
	if ind.ValueType == TypePercentage {
		hi = 100
	}
	if ind.Max != nil {
		hi = *ind.Max
	}
	if v > hi {
		return 0, "", errs.Fieldf("", "không được lớn hơn %g", "must not be above %g", hi)
	}
	return v, "", nil
}

// Template is a periodic report a coordinator asks units for.
type Template struct {
	ID            int64     `json:"-"`
	Code          string    `json:"code"`
	Name          string    `json:"name"`
	NameEN        string    `json:"name_en"`
	Programme     Programme `json:"programme,omitempty"`
	OrgID         int64     `json:"-"`
	OrgCode       string    `json:"org"`
	OrgName       string    `json:"-"`
	OrgPath       string    `json:"-"`
	PeriodType    string    `json:"period_type"`
	PeriodRule    string    `json:"period_rule"`
	DeadlineDays  int       `json:"deadline_days"`
	ReporterKinds []OrgKind `json:"reporter_kinds"`
	ReporterOrgs  []string  `json:"reporter_orgs,omitempty"`
	Sections      []string  `json:"sections"`
	Indicators    []string  `json:"indicators"`
	Active        bool      `json:"active"`
	Version       int       `json:"version"`
}

// DisplayName is the template's name in lang.
func (t Template) DisplayName(lang string) string {
	if lang == "en" && t.NameEN != "" {
		return t.NameEN
	}
	return t.Name
}

// ReportStatus is where a periodic report is in its review.
type ReportStatus string

// Report statuses. Accepted data is locked until a coordinator reopens it.
const (
	ReportNotStarted ReportStatus = "not_started" // expected, nothing saved yet (never stored)
	ReportDraft      ReportStatus = "draft"
	ReportSubmitted  ReportStatus = "submitted"
	ReportAccepted   ReportStatus = "accepted"
	ReportReturned   ReportStatus = "returned"
)

// Editable reports whether values and narrative may change.
func (s ReportStatus) Editable() bool {
	return s == ReportDraft || s == ReportReturned || s == ReportNotStarted
}

// Report is one unit's report for one template and period.
type Report struct {
	ID          int64             `json:"id"`
	TemplateID  int64             `json:"-"`
	Template    string            `json:"template"`
	OrgID       int64             `json:"-"`
	OrgCode     string            `json:"org"`
	OrgName     string            `json:"-"`
	OrgPath     string            `json:"-"`
	Period      string            `json:"period"`
	Start, End  string            `json:"-"`
	DueOn       string            `json:"due_on"`
	Status      ReportStatus      `json:"status"`
	Narrative   map[string]string `json:"narrative"`
	Comment     string            `json:"comment,omitempty"`
	SubmittedAt time.Time         `json:"submitted_at,omitzero"`
	SubmittedBy string            `json:"submitted_by,omitempty"`
	ReviewedBy  string            `json:"reviewed_by,omitempty"`
	Version     int               `json:"version"`
	UpdatedAt   time.Time         `json:"updated_at"`
}

// The two reasons a report cannot take figures: written once here, asked by
// the entry form and enforced by the store.
var (
	ErrPeriodNotBegun = errs.New(errs.Conflict, "kỳ báo cáo này chưa bắt đầu nên chưa nhập được số liệu",
		"this period has not begun: its data cannot be entered yet")
	ErrReportLocked = errs.New(errs.Conflict, "báo cáo đã gửi hoặc đã được tiếp nhận nên bị khóa: hãy đề nghị mở lại",
		"the report is submitted or accepted and locked: ask for it to be reopened")
)

// Editable says whether the report's figures and narrative may change at
// now: ErrPeriodNotBegun before the first day of its period (in Vietnam),
// ErrReportLocked once it is submitted or accepted, nil otherwise. A report
// not saved yet has no status and only its period to ask.
func (r Report) Editable(now time.Time) error {
	if r.Start != "" && now.In(vnLoc).Format(time.DateOnly) < r.Start {
		return ErrPeriodNotBegun
	}
	if r.Status != "" && !r.Status.Editable() {
		return ErrReportLocked
	}
	return nil
}

// Late reports whether the report was (or is, if not submitted by today)
// past its due day.
func (r Report) Late(today string) bool {
	if r.SubmittedAt.IsZero() {
		return r.DueOn != "" && today > r.DueOn
	}
	return r.SubmittedAt.In(vnLoc).Format(time.DateOnly) > r.DueOn
}

// vnLoc is Vietnam's time, for due-day comparisons (no DST since 1975).
var vnLoc = time.FixedZone("ICT", 7*3600)

// DataValue is one stored figure.
type DataValue struct {
	Indicator string  `json:"indicator"`
	Org       string  `json:"org"`
	Period    string  `json:"period"`
	Combo     string  `json:"combo"`
	Value     float64 `json:"value"`
	Text      string  `json:"text,omitempty"`
	Computed  bool    `json:"computed,omitempty"`
	Reason    string  `json:"reason,omitempty"`
}
