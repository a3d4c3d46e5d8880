package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// Registries: the field records a transport department keeps while
// carrying out its plan: road hazards near schools, drowning-risk sites and
// their signs, inspections of school transport and passenger boats, helmet
// handovers, and contributions to the child protection fund. Each kind is
// described here, field by field: the forms, lists, imports, exports and
// indicators are built from these descriptions, so they always agree.

// RegistryKind names a registry.
type RegistryKind string

// The registries.
const (
	RegHazard     RegistryKind = "hazards"
	RegRiskSite   RegistryKind = "risk-sites"
	RegInspection RegistryKind = "inspections"
	RegHelmet     RegistryKind = "helmets"
	RegFund       RegistryKind = "fund"
)

// FieldType is how a registry field is entered and stored.
type FieldType string

// Field types.
const (
	FText   FieldType = "text"
	FLong   FieldType = "longtext"
	FInt    FieldType = "int"
	FMoney  FieldType = "money"
	FDate   FieldType = "date"
	FSelect FieldType = "select"
	FMulti  FieldType = "multi"
	FCheck  FieldType = "check" // a checklist: each option passed, failed or not applicable
	FPoint  FieldType = "point" // coordinates
)

// Measure columns a field may also be stored in, so indicators can add it
// up in SQL on both engines.
const (
	MeasureMale   = "n_male"
	MeasureFemale = "n_female"
	MeasureTotal  = "n_total"
	MeasureAmount = "amount"
	MeasureCount  = "n_count"
)

// RegistryField describes one field of a registry.
type RegistryField struct {
	Name     string
	Label    string // Vietnamese
	LabelEN  string
	Type     FieldType
	Required bool
	Options  []Option // for select, multi and check
	Max      int      // characters for text, the largest number for int and money
	Hint     string
	HintEN   string
	Measure  string // one of the Measure columns, or ""
	List     bool   // shown in the list's columns
}

// Status is a state of a registry's workflow.
type Status struct {
	Code    string
	Name    string
	NameEN  string
	Next    []string // the states it may move to
	Done    bool     // reaching it counts as done (fixed, closed) for indicators
	Initial bool
}

// EntryKind is a dated sub-record of a registry record: the signs at a
// risk site, its reviews.
type EntryKind struct {
	Code    string
	Name    string
	NameEN  string
	Fields  []RegistryField
	Measure string // the field whose value goes to the entry's count column
}

// Registry describes one kind of register.
type Registry struct {
	Kind     RegistryKind
	Name     string // "Điểm mất an toàn giao thông khu vực trường học"
	NameEN   string
	Record   string // what one row is: "điểm", "lượt kiểm tra"
	RecordEN string
	Title    string // the field that names a record
	Date     string // the field that dates it
	Place    string // the field of the commune or place, if any
	Category string // the field of its main choice (the kind of site, of subject), if any
	Fields   []RegistryField
	Statuses []Status
	Entries  []EntryKind
	Metrics  []Metric
}

// Metric is a figure an indicator can be computed from.
type Metric struct {
	Code    string // "helmets.recipients"
	Name    string
	NameEN  string
	BySex   bool // has a male and a female part
	Money   bool
	Entries string // counted over entries of this kind instead of records
}

var levels = []Option{{"pass", "Đạt", "Pass"}, {"fail", "Không đạt", "Fail"}, {"na", "Không áp dụng", "N/A"}}

// CheckLevels are the answers of a checklist item.
func CheckLevels() []Option { return levels }

// Registries lists every registry, in menu order.
var Registries = []Registry{
	{
		Kind: RegHazard, Name: "Điểm mất an toàn giao thông khu vực trường học", NameEN: "Road hazards near schools",
		Record: "điểm", RecordEN: "hazard", Title: "school", Date: "reported_on", Place: "road",
		Fields: []RegistryField{
			{Name: "school", Label: "Trường học", LabelEN: "School", Type: FText, Required: true, Max: 200, List: true},
			{Name: "road", Label: "Tuyến đường", LabelEN: "Road", Type: FText, Max: 200, List: true, Hint: "Ví dụ: Quốc lộ 18", HintEN: "E.g. National Road 18"},
			{Name: "km", Label: "Lý trình", LabelEN: "Chainage", Type: FText, Max: 40, Hint: "Ví dụ: Km 112+300", HintEN: "E.g. Km 112+300"},
			{Name: "point", Label: "Tọa độ", LabelEN: "Coordinates", Type: FPoint, Hint: "Vĩ độ, kinh độ, ví dụ 20.9517, 107.0733; hoặc dán đường dẫn Google Maps", HintEN: "Latitude, longitude, e.g. 20.9517, 107.0733; or paste a map link"},
			{Name: "hazard_types", Label: "Loại nguy cơ", LabelEN: "Hazards", Type: FMulti, Required: true, List: true, Options: []Option{
				{"no_crossing", "Thiếu lối, vạch qua đường", "No crossing"},
				{"missing_signs", "Thiếu biển báo khu vực trường học", "Missing school-zone signs"},
				{"congestion", "Ùn tắc giờ tan trường", "Congestion at dismissal"},
				{"speeding", "Xe chạy quá tốc độ", "Speeding"},
				{"lighting", "Thiếu chiếu sáng", "Poor lighting"},
				{"parking", "Đỗ xe, lấn chiếm lòng đường", "Parking on the road"},
				{"other", "Khác", "Other"},
			}},
			{Name: "reported_on", Label: "Ngày phát hiện", LabelEN: "Reported on", Type: FDate, Required: true, List: true},
			{Name: "reported_by", Label: "Người, đơn vị phát hiện", LabelEN: "Reported by", Type: FText, Max: 200},
			{Name: "description", Label: "Mô tả", LabelEN: "Description", Type: FLong, Max: 4000},
			{Name: "measures", Label: "Biện pháp khắc phục", LabelEN: "Measures", Type: FLong, Max: 4000},
			{Name: "responsible", Label: "Đơn vị chịu trách nhiệm", LabelEN: "Responsible unit", Type: FText, Max: 200},
			{Name: "due_on", Label: "Hạn khắc phục", LabelEN: "Due", Type: FDate, List: true},
		},
		Statuses: []Status{
			{Code: "reported", Name: "Đã phát hiện", NameEN: "Reported", Next: []string{"planned", "fixed"}, Initial: true},
			{Code: "planned", Name: "Đã có phương án", NameEN: "Measures planned", Next: []string{"fixed", "reported"}},
			{Code: "fixed", Name: "Đã khắc phục", NameEN: "Fixed", Next: []string{"verified", "planned"}, Done: true},
			{Code: "verified", Name: "Đã kiểm tra, xác nhận", NameEN: "Verified", Done: true},
		},
		Metrics: []Metric{
			{Code: "hazards.reported", Name: "Số điểm nguy cơ được phát hiện", NameEN: "Hazards reported"},
			{Code: "hazards.fixed", Name: "Số điểm nguy cơ đã khắc phục", NameEN: "Hazards fixed"},
		},
	},
	{
		Kind: RegRiskSite, Name: "Khu vực có nguy cơ đuối nước và biển báo", NameEN: "Drowning-risk sites and signs",
		Record: "khu vực", RecordEN: "site", Title: "name", Date: "found_on", Place: "commune", Category: "site_type",
		Fields: []RegistryField{
			{Name: "name", Label: "Tên khu vực", LabelEN: "Site", Type: FText, Required: true, Max: 200, List: true, Hint: "Ví dụ: Bến đò Vạn Yên", HintEN: "E.g. Van Yen ferry landing"},
			{Name: "site_type", Label: "Loại", LabelEN: "Kind of site", Type: FSelect, Required: true, List: true, Options: []Option{
				{"river", "Sông, suối", "River, stream"}, {"lake", "Hồ, đập", "Lake, reservoir"}, {"pond", "Ao", "Pond"},
				{"pit", "Hố, hố công trình", "Pit"}, {"wharf", "Cảng, bến thủy", "Port, wharf"}, {"beach", "Bãi tắm, bãi biển", "Beach"},
				{"canal", "Kênh, mương", "Canal, ditch"}, {"other", "Khác", "Other"},
			}},
			{Name: "commune", Label: "Xã, phường", LabelEN: "Commune", Type: FText, Required: true, Max: 200, List: true},
			{Name: "point", Label: "Tọa độ", LabelEN: "Coordinates", Type: FPoint, Hint: "Vĩ độ, kinh độ, ví dụ 21.0590, 107.4270", HintEN: "Latitude, longitude"},
			{Name: "found_on", Label: "Ngày rà soát đầu tiên", LabelEN: "First reviewed", Type: FDate, Required: true, List: true},
			{Name: "description", Label: "Mô tả nguy cơ", LabelEN: "The risk", Type: FLong, Max: 4000},
		},
		Statuses: []Status{
			{Code: "active", Name: "Đang có nguy cơ", NameEN: "At risk", Next: []string{"resolved"}, Initial: true},
			{Code: "resolved", Name: "Đã hết nguy cơ", NameEN: "No longer a risk", Next: []string{"active"}, Done: true},
		},
		Entries: []EntryKind{
			{Code: "sign", Name: "Biển báo", NameEN: "Sign", Fields: []RegistryField{
				{Name: "sign_type", Label: "Loại biển", LabelEN: "Kind of sign", Type: FSelect, Required: true, Options: []Option{
					{"prohibition", "Biển cấm", "Prohibition"}, {"warning", "Biển cảnh báo", "Warning"}, {"guidance", "Biển chỉ dẫn", "Guidance"},
				}},
				{Name: "installed_on", Label: "Ngày lắp đặt", LabelEN: "Installed on", Type: FDate, Required: true},
				{Name: "condition", Label: "Tình trạng", LabelEN: "Condition", Type: FSelect, Required: true, Options: []Option{
					{"good", "Tốt", "Good"}, {"damaged", "Hư hỏng, mờ", "Damaged"}, {"missing", "Bị mất", "Missing"},
				}},
				{Name: "note", Label: "Ghi chú", LabelEN: "Note", Type: FText, Max: 300},
			}},
			{Code: "review", Name: "Lần rà soát", NameEN: "Review", Measure: "signs_added", Fields: []RegistryField{
				{Name: "reviewed_on", Label: "Ngày rà soát", LabelEN: "Reviewed on", Type: FDate, Required: true},
				{Name: "reviewed_by", Label: "Người, đơn vị rà soát", LabelEN: "Reviewed by", Type: FText, Max: 200},
				{Name: "finding", Label: "Kết quả", LabelEN: "Finding", Type: FText, Max: 1000},
				{Name: "signs_added", Label: "Số biển bổ sung", LabelEN: "Signs added", Type: FInt, Max: 1000},
			}},
		},
		Metrics: []Metric{
			{Code: "sites.reviewed", Name: "Số lượt rà soát khu vực có nguy cơ đuối nước", NameEN: "Risk-site reviews", Entries: "review"},
			{Code: "signs.added", Name: "Số biển báo được bổ sung", NameEN: "Signs added", Entries: "review"},
			{Code: "sites.found", Name: "Số khu vực có nguy cơ được phát hiện", NameEN: "Risk sites found"},
		},
	},
	{
		Kind: RegInspection, Name: "Kiểm tra phương tiện đưa đón học sinh, cảng bến và phương tiện thủy", NameEN: "Inspections of school transport, wharves and boats",
		Record: "lượt kiểm tra", RecordEN: "inspection", Title: "subject", Date: "inspected_on", Place: "place", Category: "subject_type",
		Fields: []RegistryField{
			{Name: "inspected_on", Label: "Ngày kiểm tra", LabelEN: "Inspected on", Type: FDate, Required: true, List: true},
			{Name: "subject_type", Label: "Đối tượng", LabelEN: "Subject", Type: FSelect, Required: true, List: true, Options: []Option{
				{"school_vehicle", "Xe đưa đón học sinh", "School-transport vehicle"},
				{"boat", "Phương tiện thủy chở khách", "Passenger boat"},
				{"wharf", "Cảng, bến thủy nội địa", "Port or wharf"},
			}},
			{Name: "subject", Label: "Biển số, số đăng ký hoặc tên bến", LabelEN: "Plate, registration or wharf", Type: FText, Required: true, Max: 100, List: true},
			{Name: "operator", Label: "Chủ phương tiện, đơn vị khai thác", LabelEN: "Operator", Type: FText, Max: 200},
			{Name: "team", Label: "Đoàn kiểm tra", LabelEN: "Team", Type: FText, Max: 300},
			{Name: "place", Label: "Địa điểm", LabelEN: "Place", Type: FText, Max: 200},
			{Name: "checklist", Label: "Nội dung kiểm tra", LabelEN: "Checklist", Type: FCheck, Options: []Option{
				{"life_jackets", "Đủ áo phao cho trẻ em", "Children's life jackets on board"},
				{"seat_belts", "Dây an toàn đủ, dùng được", "Seat belts"},
				{"licences", "Giấy phép, đăng kiểm còn hạn", "Licences and registration valid"},
				{"capacity", "Không chở quá số người quy định", "Within capacity"},
				{"driver", "Người lái có bằng phù hợp", "Driver or skipper licensed"},
				{"first_aid", "Có dụng cụ sơ cứu, cứu sinh", "First aid and rescue gear"},
			}},
			{Name: "violations", Label: "Số vi phạm", LabelEN: "Violations", Type: FInt, Max: 100, Measure: MeasureCount, List: true},
			{Name: "violation_details", Label: "Nội dung vi phạm", LabelEN: "Violations found", Type: FLong, Max: 4000},
			{Name: "handling", Label: "Hình thức xử lý", LabelEN: "Handling", Type: FLong, Max: 2000, Hint: "Nhắc nhở, lập biên bản, xử phạt…", HintEN: "Warning, report, fine…"},
			{Name: "fine", Label: "Số tiền phạt (đồng)", LabelEN: "Fine (VND)", Type: FMoney, Max: 1_000_000_000, Measure: MeasureAmount},
			{Name: "follow_up", Label: "Theo dõi, kiểm tra lại", LabelEN: "Follow-up", Type: FLong, Max: 2000},
			{Name: "follow_up_on", Label: "Hạn kiểm tra lại", LabelEN: "Follow-up due", Type: FDate},
		},
		Statuses: []Status{
			{Code: "open", Name: "Đang xử lý", NameEN: "Open", Next: []string{"followed_up", "closed"}, Initial: true},
			{Code: "followed_up", Name: "Đã kiểm tra lại", NameEN: "Followed up", Next: []string{"closed", "open"}},
			{Code: "closed", Name: "Đã kết thúc", NameEN: "Closed", Next: []string{"open"}, Done: true},
		},
		Metrics: []Metric{
			{Code: "inspections.count", Name: "Số lượt kiểm tra", NameEN: "Inspections"},
			{Code: "inspections.violations", Name: "Số vi phạm phát hiện qua kiểm tra", NameEN: "Violations found"},
		},
	},
	{
		Kind: RegHelmet, Name: "Trao tặng mũ bảo hiểm cho trẻ em", NameEN: "Helmets given to children",
		Record: "lượt trao", RecordEN: "handover", Title: "school", Date: "given_on", Place: "commune",
		Fields: []RegistryField{
			{Name: "given_on", Label: "Ngày trao", LabelEN: "Given on", Type: FDate, Required: true, List: true},
			{Name: "commune", Label: "Xã, phường", LabelEN: "Commune", Type: FText, Required: true, Max: 200, List: true},
			{Name: "school", Label: "Trường học", LabelEN: "School", Type: FText, Required: true, Max: 200, List: true},
			{Name: "boys", Label: "Số em nam", LabelEN: "Boys", Type: FInt, Max: 100000, Measure: MeasureMale, List: true},
			{Name: "girls", Label: "Số em nữ", LabelEN: "Girls", Type: FInt, Max: 100000, Measure: MeasureFemale, List: true},
			{Name: "poor", Label: "Trong đó: hộ nghèo", LabelEN: "Of them: poor households", Type: FInt, Max: 100000},
			{Name: "near_poor", Label: "Trong đó: hộ cận nghèo", LabelEN: "Of them: near-poor households", Type: FInt, Max: 100000},
			{Name: "sponsor", Label: "Nhà tài trợ", LabelEN: "Sponsor", Type: FText, Max: 200},
			{Name: "note", Label: "Ghi chú", LabelEN: "Note", Type: FLong, Max: 2000},
		},
		Statuses: []Status{{Code: "recorded", Name: "Đã ghi nhận", NameEN: "Recorded", Initial: true}},
		Metrics:  []Metric{{Code: "helmets.recipients", Name: "Số trẻ em được tặng mũ bảo hiểm", NameEN: "Children given helmets", BySex: true}},
	},
	{
		Kind: RegFund, Name: "Ủng hộ Quỹ Bảo trợ trẻ em", NameEN: "Contributions to the child protection fund",
		Record: "lượt ủng hộ", RecordEN: "contribution", Title: "receipt", Date: "given_on",
		Fields: []RegistryField{
			{Name: "given_on", Label: "Ngày ủng hộ", LabelEN: "Given on", Type: FDate, Required: true, List: true},
			{Name: "amount", Label: "Số tiền (đồng)", LabelEN: "Amount (VND)", Type: FMoney, Required: true, Max: 100_000_000_000, Measure: MeasureAmount, List: true},
			{Name: "receipt", Label: "Số biên lai", LabelEN: "Receipt number", Type: FText, Max: 60, List: true},
			{Name: "note", Label: "Ghi chú", LabelEN: "Note", Type: FText, Max: 500},
		},
		Statuses: []Status{{Code: "recorded", Name: "Đã ghi nhận", NameEN: "Recorded", Initial: true}},
		Metrics:  []Metric{{Code: "fund.amount", Name: "Số tiền ủng hộ Quỹ Bảo trợ trẻ em", NameEN: "Given to the child protection fund", Money: true}},
	},
}

// RegistryOf returns the registry of a kind.
func RegistryOf(kind RegistryKind) (Registry, bool) {
	for _, r := range Registries {
		if r.Kind == kind {
			return r, true
		}
	}
	return Registry{}, false
}

// DisplayName is the registry's name in lang.
func (r Registry) DisplayName(lang string) string { return pickLabel(lang, r.Name, r.NameEN) }

// FieldLabel is a field's label in lang.
func (f RegistryField) FieldLabel(lang string) string { return pickLabel(lang, f.Label, f.LabelEN) }

// FieldHint is a field's hint in lang.
func (f RegistryField) FieldHint(lang string) string { return pickLabel(lang, f.Hint, f.HintEN) }

// StatusLabel is a status's name in lang.
func (s Status) StatusLabel(lang string) string { return pickLabel(lang, s.Name, s.NameEN) }

func pickLabel(lang, vi, en string) string {
	if lang == "en" && en != "" {
		return en
	}
	return vi
}

// Field returns the field named name.
func (r Registry) Field(name string) (RegistryField, bool) {
	for _, f := range r.Fields {
		if f.Name == name {
			return f, true
		}
	}
	return RegistryField{}, false
}

// Status returns the state with code.
func (r Registry) Status(code string) (Status, bool) {
	for _, s := range r.Statuses {
		if s.Code == code {
			return s, true
		}
	}
	return Status{}, false
}

// Initial is the state a new record starts in.
func (r Registry) Initial() string {
	for _, s := range r.Statuses {
		if s.Initial {
			return s.Code
		}
	}
	return r.Statuses[0].Code
}

// Entry returns the entry kind with code.
func (r Registry) Entry(code string) (EntryKind, bool) {
	for _, e := range r.Entries {
		if e.Code == code {
			return e, true
		}
	}
	return EntryKind{}, false
}

// OptionLabel names an option of a field in lang ("" when unknown).
func (f RegistryField) OptionLabel(code, lang string) string {
	for _, o := range f.Options {
		if o.Code == code {
			return o.Label(lang)
		}
	}
	return code
}

// RecordValues are a record's field values as text, the form it is
// entered, imported and stored in: dates YYYY-MM-DD, numbers as digits,
// a multi-choice as codes separated by spaces, a checklist as
// "code=pass code=fail", coordinates as "lat, lon".
type RecordValues map[string]string

// CheckValues validates values against fields: required ones present,
// numbers whole and within bounds, dates real, options known, texts within
// their length. parsePoint checks coordinates, returning them cleaned or a
// message in both languages (it is given by the caller so this package
// stays free of geography). It cleans the values in place.
func CheckValues(fields []RegistryField, v RecordValues, parsePoint func(string) (point, vi, en string)) error {
	var l errs.List
	for _, f := range fields {
		raw := strings.TrimSpace(v[f.Name])
		if f.Type != FLong {
			raw = CleanText(raw)
		}
		v[f.Name] = raw
		if raw == "" {
			if f.Required {
				l = append(l, errs.Field(f.Name, "nhập "+strings.ToLower(f.Label), "enter the "+strings.ToLower(f.LabelEN)))
			}
			continue
		}
		switch f.Type {
		case FText, FLong:
			max := f.Max
			if max == 0 {
				max = 200
			}
			if utf8.RuneCountInString(raw) > max {
				l = append(l, errs.Fieldf(f.Name, "dài quá %d ký tự", "longer than %d characters", max))
			}
		case FInt, FMoney:
			digits := strings.NewReplacer(".", "", " ", "", ",", "", "đ", "", "VND", "", "vnd", "").Replace(raw)
			n, err := strconv.ParseInt(digits, 10, 64)
			switch {
			case err != nil:
				l = append(l, errs.Field(f.Name, "phải là số nguyên, ví dụ 1.500.000", "must be a whole number, e.g. 1.500.000"))
			case n < 0:
				l = append(l, errs.Field(f.Name, "không được là số âm", "must not be negative"))
			case f.Max > 0 && n > int64(f.Max):
				l = append(l, errs.Fieldf(f.Name, "lớn quá mức hợp lý (%d)", "larger than plausible (%d)", f.Max))
			default:
				v[f.Name] = strconv.FormatInt(n, 10)
			}
		case FDate:
			t, err := time.Parse(time.DateOnly, raw)
			if err != nil || t.Year() < 1990 || t.Year() > 2100 {
				l = append(l, errs.Field(f.Name, "ngày không hợp lệ", "not a valid date"))
			}
		case FSelect:
			if !hasOption(f.Options, raw) {
				l = append(l, errs.Field(f.Name, "lựa chọn không hợp lệ", "not one of the choices"))
			}
		case FMulti:
			codes := cleanCodes(strings.Fields(raw))
			for _, c := range codes {
				if !hasOption(f.Options, c) {
					l = append(l, errs.Field(f.Name, "lựa chọn không hợp lệ", "not one of the choices"))
					break
				}
			}
			if f.Required && len(codes) == 0 {
				l = append(l, errs.Field(f.Name, "chọn ít nhất một mục: "+strings.ToLower(f.Label), "choose at least one: "+strings.ToLower(f.LabelEN)))
			}
			v[f.Name] = strings.Join(codes, " ")
		case FCheck:
			var out []string
			for _, pair := range strings.Fields(raw) {
				code, level, ok := strings.Cut(pair, "=")
				if !ok || !hasOption(f.Options, code) || !hasOption(levels, level) {
					l = append(l, errs.Field(f.Name, "nội dung kiểm tra không hợp lệ", "not a valid checklist"))
					break
				}
				out = append(out, code+"="+level)
			}
			v[f.Name] = strings.Join(out, " ")
		case FPoint:
			p, vi, en := parsePoint(raw)
			if vi != "" {
				l = append(l, errs.Field(f.Name, vi, en))
			} else {
				v[f.Name] = p
			}
		}
	}
	// Only the fields described are kept.
	for k := range v {
		if !slices.ContainsFunc(fields, func(f RegistryField) bool { return f.Name == k }) {
			delete(v, k)
		}
	}
	return l.Err()
}

func hasOption(opts []Option, code string) bool {
	return slices.ContainsFunc(opts, func(o Option) bool { return o.Code == code })
}

// Int reads a stored whole number (0 when empty).
func (v RecordValues) Int(name string) int64 {
	n, _ := strconv.ParseInt(v[name], 10, 64)
	return n
}

// Record is one row of a registry.
type Record struct {
	ID        int64
	Kind      RegistryKind
	OrgID     int64
	OrgCode   string
	OrgName   string
	OrgPath   string
	Status    string
	Date      string // from the registry's date field
	Title     string // from its title field
	Values    RecordValues
	Lat, Lon  *float64
	Version   int
	CreatedBy string
	Updated   time.Time
}

// Entry is a dated sub-record (a sign, a review).
type Entry struct {
	ID       int64
	RecordID int64
	Kind     string
	Date     string
	Values   RecordValues
	Updated  time.Time
}
