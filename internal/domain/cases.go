package domain

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tebdg/internal/errs"
	"tebdg/internal/vntext"
)

// The confidential case register: children who need protection and
// survivors of gender-based violence. A case's identifying fields (the
// subject's name, birth date, address, phone and ID number, the reporter's
// name and contact, the summary, notes and the text of every step) are
// sealed in the database under the case's own key; what stays in clear is
// what the aggregates count (kind, source, sex, age group, area, dates,
// risk, status) and nothing that names a person.

// CaseKind is the kind of harm a case is about: the forms of child abuse
// of the Law on Children 2016 (Article 4, clauses 8–11, and the prohibited
// acts of Article 6) and the forms of gender-based and domestic violence.
type CaseKind string

// The kinds of harm.
const (
	CaseAbuse          CaseKind = "abuse"           // xâm hại (thân thể, tinh thần)
	CaseSexual         CaseKind = "sexual-violence" // xâm hại tình dục, bạo lực tình dục
	CaseViolence       CaseKind = "violence"        // bạo lực
	CaseDomestic       CaseKind = "domestic-violence"
	CaseExploitation   CaseKind = "exploitation" // bóc lột (lao động, tình dục)
	CaseNeglect        CaseKind = "neglect"      // sao nhãng, bỏ mặc
	CaseAbandonment    CaseKind = "abandonment"  // bỏ rơi
	CaseTrafficking    CaseKind = "trafficking"  // mua bán, bắt cóc
	CaseChildMarriage  CaseKind = "child-marriage"
	CaseSpecialNeeds   CaseKind = "special-circumstances" // another group of Article 10
	CaseOtherKindOfHar CaseKind = "other"
)

// CaseKinds lists the kinds in the order forms offer them.
var CaseKinds = []CaseKind{CaseAbuse, CaseSexual, CaseViolence, CaseDomestic, CaseExploitation, CaseNeglect,
	CaseAbandonment, CaseTrafficking, CaseChildMarriage, CaseSpecialNeeds, CaseOtherKindOfHar}

var caseKindLabels = map[CaseKind]label{
	CaseAbuse:          {"Xâm hại thân thể, tinh thần", "Physical or emotional abuse"},
	CaseSexual:         {"Xâm hại tình dục, bạo lực tình dục", "Sexual abuse or violence"},
	CaseViolence:       {"Bạo lực", "Violence"},
	CaseDomestic:       {"Bạo lực gia đình", "Domestic violence"},
	CaseExploitation:   {"Bóc lột (lao động, tình dục)", "Exploitation (labour, sexual)"},
	CaseNeglect:        {"Sao nhãng, bỏ mặc", "Neglect"},
	CaseAbandonment:    {"Bỏ rơi", "Abandonment"},
	CaseTrafficking:    {"Mua bán, bắt cóc", "Trafficking or abduction"},
	CaseChildMarriage:  {"Tảo hôn", "Child marriage"},
	CaseSpecialNeeds:   {"Trẻ em có hoàn cảnh đặc biệt khác (Điều 10 Luật Trẻ em)", "Other child in special circumstances (Law on Children, Art. 10)"},
	CaseOtherKindOfHar: {"Khác", "Other"},
}

// Label is the kind's name in lang.
func (k CaseKind) Label(lang string) string { return labelOr(caseKindLabels, k, lang) }

// Valid reports whether k is a known kind.
func (k CaseKind) Valid() bool { _, ok := caseKindLabels[k]; return ok }

// GBV reports whether the case is one of gender-based or domestic
// violence, where the measures of the Law on Domestic Violence Prevention
// 2022 apply beside the child-protection procedure.
func (k CaseKind) GBV() bool { return k == CaseDomestic || k == CaseSexual || k == CaseViolence }

// CaseSource is how the case came in.
type CaseSource string

// The sources of a case.
const (
	SourceHotline111  CaseSource = "hotline-111"
	SourceHotlineDV   CaseSource = "hotline-18001769"
	SourceWalkIn      CaseSource = "walk-in"
	SourcePolice      CaseSource = "police"
	SourceSchool      CaseSource = "school"
	SourceHealth      CaseSource = "health"
	SourceStaff       CaseSource = "staff"
	SourceCommunity   CaseSource = "community"
	SourceOtherSource CaseSource = "other"
)

// CaseSources lists the sources in the order forms offer them.
var CaseSources = []CaseSource{SourceHotline111, SourceHotlineDV, SourceWalkIn, SourcePolice, SourceSchool,
	SourceHealth, SourceStaff, SourceCommunity, SourceOtherSource}

var caseSourceLabels = map[CaseSource]label{
	SourceHotline111:  {"Tổng đài 111", "Hotline 111"},
	SourceHotlineDV:   {"Đường dây nóng 1800 1769", "Hotline 1800 1769"},
	SourceWalkIn:      {"Trực tiếp đến", "Walk-in"},
	SourcePolice:      {"Công an", "Police"},
	SourceSchool:      {"Nhà trường", "School"},
	SourceHealth:      {"Cơ sở y tế", "Health facility"},
	SourceStaff:       {"Cán bộ của đơn vị phát hiện", "The unit's own staff"},
	SourceCommunity:   {"Người dân, cộng đồng", "Community member"},
	SourceOtherSource: {"Khác", "Other"},
}

// Label is the source's name in lang.
func (s CaseSource) Label(lang string) string { return labelOr(caseSourceLabels, s, lang) }

// Valid reports whether s is a known source.
func (s CaseSource) Valid() bool { _, ok := caseSourceLabels[s]; return ok }

// Risk is the level of risk to the child or survivor.
type Risk string

// The levels of risk.
const (
	RiskLow    Risk = "low"
	RiskMedium Risk = "medium"
	RiskHigh   Risk = "high"
)

// Risks lists the levels, lowest first.
var Risks = []Risk{RiskLow, RiskMedium, RiskHigh}

var riskLabels = map[Risk]label{
	RiskLow: {"Thấp", "Low"}, RiskMedium: {"Trung bình", "Medium"}, RiskHigh: {"Cao (nguy hiểm trước mắt)", "High (immediate danger)"},
}

// Label is the level's name in lang.
func (r Risk) Label(lang string) string { return labelOr(riskLabels, r, lang) }

// Valid reports whether r is a known level.
func (r Risk) Valid() bool { _, ok := riskLabels[r]; return ok }

func labelOr[K ~string](m map[K]label, k K, lang string) string {
	if l, ok := m[k]; ok {
		return l.in(lang)
	}
	return string(k)
}

// CaseStatus is where a case stands.
type CaseStatus string

// A case is open until closed; a closed case can be reopened, and once
// past the retention time it is anonymised: its sealed fields and key are
// gone and only what the aggregates count remains.
const (
	CaseOpen       CaseStatus = "open"
	CaseClosed     CaseStatus = "closed"
	CaseAnonymised CaseStatus = "anonymised"
)

var caseStatusLabels = map[CaseStatus]label{
	CaseOpen: {"Đang xử lý", "Open"}, CaseClosed: {"Đã đóng", "Closed"}, CaseAnonymised: {"Đã ẩn danh", "Anonymised"},
}

// Label is the status's name in lang.
func (s CaseStatus) Label(lang string) string { return labelOr(caseStatusLabels, s, lang) }

// CaseSubject is the child or survivor. Every field but Sex is sealed.
type CaseSubject struct {
	FullName  string `json:"full_name"`
	BirthDate string `json:"birth_date,omitempty"` // YYYY-MM-DD
	Sex       string `json:"sex,omitempty"`        // male, female, or "" when not known
	Address   string `json:"address,omitempty"`
	Phone     string `json:"phone,omitempty"`
	IDNumber  string `json:"id_number,omitempty"`
}

// CaseReporter is who reported the case; anonymous reports keep neither
// name nor contact. Both fields are sealed.
type CaseReporter struct {
	Anonymous bool   `json:"anonymous"`
	Name      string `json:"name,omitempty"`
	Contact   string `json:"contact,omitempty"`
	Relation  string `json:"relation,omitempty"` // to the subject: mother, teacher, neighbour…
}

// Case is one case of the register, as its workers see it.
type Case struct {
	ID         int64        `json:"id"`
	Number     string       `json:"number"` // QN-2025-0012
	OrgID      int64        `json:"-"`
	OrgCode    string       `json:"org"`
	OrgPath    string       `json:"-"`
	OrgName    string       `json:"org_name,omitempty"`
	Kind       CaseKind     `json:"kind"`
	Source     CaseSource   `json:"source"`
	ReceivedAt time.Time    `json:"received_at"`
	Risk       Risk         `json:"risk"`
	Status     CaseStatus   `json:"status"`
	AgeGroup   string       `json:"age_group"` // of AgeGroups, at intake
	Subject    CaseSubject  `json:"subject"`
	Reporter   CaseReporter `json:"reporter"`
	Summary    string       `json:"summary"`
	// Measures are the immediate safety measures taken at intake.
	Measures    string    `json:"measures,omitempty"`
	DVMeasures  []string  `json:"dv_measures,omitempty"` // codes of DVMeasures taken
	FirstAction time.Time `json:"first_response_at,omitzero"`
	ClosedAt    time.Time `json:"closed_at,omitzero"`
	CloseReason string    `json:"close_reason,omitempty"`
	CreatedBy   int64     `json:"-"`
	Version     int       `json:"version"`
	// Steps are the procedure's steps done so far, in order.
	Steps []CaseStep `json:"steps"`
}

// CaseSummary is a case as lists show it: its number, kind, dates and the
// subject's name, decrypted for the worker reading the list.
type CaseSummary struct {
	ID         int64      `json:"id"`
	Number     string     `json:"number"`
	OrgCode    string     `json:"org"`
	OrgName    string     `json:"org_name"`
	Kind       CaseKind   `json:"kind"`
	Risk       Risk       `json:"risk"`
	Status     CaseStatus `json:"status"`
	ReceivedAt time.Time  `json:"received_at"`
	Name       string     `json:"name"`
	// Next is the next step of the procedure and when it is due.
	Next    CaseStepCode `json:"next_step,omitempty"`
	NextDue time.Time    `json:"next_due,omitzero"`
	// Supervised: the reader sees it as supervisor, not as its worker.
	Supervised bool `json:"supervised"`
}

// Overdue reports whether the next step is past its time limit at now.
func (c CaseSummary) Overdue(now time.Time) bool { return !c.NextDue.IsZero() && now.After(c.NextDue) }

// AgeGroups are the age groups the aggregates count, with the bounds the
// Law on Children and the GBVIMS tables use.
var AgeGroups = []Option{
	{Code: "0-5", Name: "Dưới 6 tuổi", NameEN: "Under 6"},
	{Code: "6-11", Name: "Từ 6 đến dưới 12 tuổi", NameEN: "6 to 11"},
	{Code: "12-15", Name: "Từ 12 đến dưới 16 tuổi", NameEN: "12 to 15"},
	{Code: "16-17", Name: "Từ 16 đến dưới 18 tuổi", NameEN: "16 to 17"},
	{Code: "18+", Name: "Từ 18 tuổi trở lên", NameEN: "18 and over"},
	{Code: "unknown", Name: "Không rõ", NameEN: "Not known"},
}

// Age is the age in whole years on day (its calendar date in Vietnam's
// time, whatever its location) of someone born on birth (YYYY-MM-DD); ok
// is false when the birth date is not known.
func Age(birth string, day time.Time) (int, bool) {
	b, err := time.Parse(time.DateOnly, birth)
	if err != nil {
		return 0, false
	}
	day = day.In(vntext.Location)
	y := day.Year() - b.Year()
	if day.Month() < b.Month() || day.Month() == b.Month() && day.Day() < b.Day() {
		y--
	}
	return y, y >= 0
}

// AgeGroupOf is the age group of someone born on birth, on day.
func AgeGroupOf(birth string, day time.Time) string {
	a, ok := Age(birth, day)
	switch {
	case !ok:
		return "unknown"
	case a < 6:
		return "0-5"
	case a < 12:
		return "6-11"
	case a < 16:
		return "12-15"
	case a < 18:
		return "16-17"
	}
	return "18+"
}

// Field lengths, in characters.
const (
	maxCaseName    = 200
	maxCaseShort   = 500
	maxCaseText    = 20000
	maxCaseIDChars = 20
)

// Validate cleans and checks a new case: it names every bad field, in both
// languages, and says nothing of the values it refuses.
func (c *Case) Validate(now time.Time) error {
	var l errs.List
	if !c.Kind.Valid() {
		l = append(l, errs.Field("kind", "chọn loại vụ việc", "choose the kind of harm"))
	}
	if !c.Source.Valid() {
		l = append(l, errs.Field("source", "chọn nguồn tiếp nhận", "choose where the case came from"))
	}
	if c.Risk == "" {
		c.Risk = RiskMedium
	}
	if !c.Risk.Valid() {
		l = append(l, errs.Field("risk", "mức độ nguy cơ là thấp, trung bình hoặc cao", "the risk is low, medium or high"))
	}
	if c.ReceivedAt.IsZero() {
		l = append(l, errs.Field("received_at", "nhập thời điểm tiếp nhận", "enter when the case was received"))
	} else if c.ReceivedAt.After(now.Add(5 * time.Minute)) {
		l = append(l, errs.Field("received_at", "thời điểm tiếp nhận không thể ở tương lai", "the case cannot be received in the future"))
	}
	s := &c.Subject
	s.FullName = collapse(s.FullName)
	if s.FullName == "" {
		s.FullName = "Chưa rõ tên"
	}
	l = checkLen(l, "subject.full_name", s.FullName, maxCaseName)
	if s.BirthDate = strings.TrimSpace(s.BirthDate); s.BirthDate != "" {
		b, err := time.Parse(time.DateOnly, s.BirthDate)
		switch {
		case err != nil:
			l = append(l, errs.Field("subject.birth_date", "ngày sinh viết dạng YYYY-MM-DD", "write the birth date as YYYY-MM-DD"))
		case b.After(now) || b.Year() < now.Year()-110:
			l = append(l, errs.Field("subject.birth_date", "ngày sinh không hợp lệ", "the birth date is not possible"))
		}
	}
	switch s.Sex = strings.ToLower(norm.NFC.String(strings.TrimSpace(s.Sex))); s.Sex {
	case "", "male", "female":
	case "nam":
		s.Sex = "male"
	case "nữ", "nu":
		s.Sex = "female"
	default:
		l = append(l, errs.Field("subject.sex", "giới tính là nam, nữ hoặc để trống", "sex is male, female or left empty"))
	}
	s.Address = collapse(s.Address)
	l = checkLen(l, "subject.address", s.Address, maxCaseShort)
	s.Phone = strings.TrimSpace(s.Phone)
	if s.Phone != "" && !phoneRe.MatchString(s.Phone) {
		l = append(l, errs.Field("subject.phone", "số điện thoại chỉ gồm chữ số, dấu cách, +, -, ( )", "a phone number holds digits, spaces, +, -, ( ) only"))
	}
	s.IDNumber = strings.TrimSpace(s.IDNumber)
	if s.IDNumber != "" && (utf8.RuneCountInString(s.IDNumber) > maxCaseIDChars || strings.ContainsFunc(s.IDNumber, func(r rune) bool { return !(r >= '0' && r <= '9' || r >= 'A' && r <= 'Z') })) {
		l = append(l, errs.Field("subject.id_number", "số định danh cá nhân chỉ gồm chữ số (12 số)", "the personal ID number is digits only (12 of them)"))
	}
	rp := &c.Reporter
	if rp.Anonymous {
		rp.Name, rp.Contact = "", ""
	}
	rp.Name, rp.Contact, rp.Relation = collapse(rp.Name), collapse(rp.Contact), collapse(rp.Relation)
	l = checkLen(l, "reporter.name", rp.Name, maxCaseName)
	l = checkLen(l, "reporter.contact", rp.Contact, maxCaseShort)
	l = checkLen(l, "reporter.relation", rp.Relation, maxCaseName)
	c.Summary = strings.TrimSpace(c.Summary)
	if c.Summary == "" {
		l = append(l, errs.Field("summary", "tóm tắt sự việc", "summarise what happened"))
	}
	l = checkLen(l, "summary", c.Summary, maxCaseText)
	c.Measures = strings.TrimSpace(c.Measures)
	l = checkLen(l, "measures", c.Measures, maxCaseText)
	for _, m := range c.DVMeasures {
		if _, ok := DVMeasureOf(m); !ok {
			l = append(l, errs.Field("dv_measures", "biện pháp không có trong danh mục", "a measure that is not in the list"))
			break
		}
	}
	c.AgeGroup = AgeGroupOf(s.BirthDate, c.ReceivedAt)
	return l.Err()
}

func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

func checkLen(l errs.List, field, v string, n int) errs.List {
	if utf8.RuneCountInString(v) > n {
		l = append(l, errs.Fieldf(field, "dài quá %d ký tự", "longer than %d characters", n))
	}
	return l
}

// FormatCaseNumber writes a case's number: the province's code, the year
// received and a sequence of the year, QN-2025-0012.
func FormatCaseNumber(prefix string, year, seq int) string {
	return fmt.Sprintf("%s-%d-%04d", prefix, year, seq)
}

// ParseCaseNumber reads a number FormatCaseNumber wrote, and nothing else:
// "QN-2025-12" or "QN-2025-+012" are not case numbers.
func ParseCaseNumber(s string) (prefix string, year, seq int, ok bool) {
	s = strings.TrimSpace(s)
	i := strings.LastIndexByte(s, '-')
	if i <= 0 {
		return "", 0, 0, false
	}
	j := strings.LastIndexByte(s[:i], '-')
	if j <= 0 {
		return "", 0, 0, false
	}
	y, err1 := strconv.Atoi(s[j+1 : i])
	n, err2 := strconv.Atoi(s[i+1:])
	if err1 != nil || err2 != nil || y < 1900 || y > 9999 || n <= 0 || FormatCaseNumber(s[:j], y, n) != s {
		return "", 0, 0, false
	}
	return s[:j], y, n, true
}

// DVMeasure is a measure of the Law on Domestic Violence Prevention 2022
// (Law 13/2022/QH15) taken to stop violence and protect the survivor.
type DVMeasure struct {
	Code, Name, NameEN string
	// Basis is the article the measure comes from, and Limit what the law
	// bounds it by, as the form shows them.
	Basis, Limit string
}

// DVMeasures are the prevention and protection measures of Article 22 of
// the Law on Domestic Violence Prevention 2022, with the bounds its later
// articles set.
var DVMeasures = []DVMeasure{
	{Code: "stop-order", Name: "Buộc chấm dứt hành vi bạo lực gia đình", NameEN: "Order to stop the violence", Basis: "Luật PCBLGĐ 2022, Điều 22"},
	{Code: "medical", Name: "Cấp cứu, chăm sóc y tế cho người bị bạo lực", NameEN: "Emergency and medical care", Basis: "Luật PCBLGĐ 2022, Điều 22"},
	{Code: "shelter", Name: "Bố trí nơi tạm lánh, giữ bí mật nơi tạm lánh", NameEN: "Safe shelter, its place kept secret", Basis: "Luật PCBLGĐ 2022, Điều 22"},
	{Code: "no-contact-commune", Name: "Cấm tiếp xúc theo quyết định của Chủ tịch UBND cấp xã", NameEN: "No-contact order of the commune chair", Basis: "Luật PCBLGĐ 2022, Điều 22, Điều 24", Limit: "tối đa 03 ngày / up to 3 days"},
	{Code: "no-contact-court", Name: "Cấm tiếp xúc theo quyết định của Tòa án", NameEN: "No-contact order of the court", Basis: "Luật PCBLGĐ 2022, Điều 22, Điều 25", Limit: "tối đa 04 tháng / up to 4 months"},
	{Code: "counselling", Name: "Giáo dục, hỗ trợ chuyển đổi hành vi; tư vấn tâm lý", NameEN: "Behaviour-change support; counselling", Basis: "Luật PCBLGĐ 2022, Điều 22"},
	{Code: "stop-using-vehicle", Name: "Tạm giữ phương tiện, công cụ dùng để gây bạo lực", NameEN: "Seizure of the means used for violence", Basis: "Luật PCBLGĐ 2022, Điều 22"},
}

// DVMeasureOf returns a measure by code.
func DVMeasureOf(code string) (DVMeasure, bool) {
	i := slices.IndexFunc(DVMeasures, func(m DVMeasure) bool { return m.Code == code })
	if i < 0 {
		return DVMeasure{}, false
	}
	return DVMeasures[i], true
}

// Label is the measure's name in lang.
func (m DVMeasure) Label(lang string) string {
	if lang == "en" {
		return m.NameEN
	}
	return m.Name
}

// CaseReader is who reads the register: a user, who sees the cases they
// are assigned to, those of the units they supervise, and those opened by
// break-glass while it lasts.
type CaseReader struct {
	UserID     int64
	Supervises Scope
}

// CaseFile is a case opened by one reader: the case with its workers,
// notes, consents, referrals, and how the reader reaches it.
type CaseFile struct {
	Case      Case           `json:"case"`
	Workers   []CaseWorker   `json:"workers"`
	Notes     []CaseNote     `json:"notes"`
	Consents  []Consent      `json:"consents"`
	Referrals []Referral     `json:"referrals"`
	Documents []CaseDocument `json:"documents"`
	// Supervisor: the reader supervises the case's unit; Worker: the
	// reader is assigned to it.
	Supervisor bool `json:"-"`
	Worker     bool `json:"-"`
}

// BreakGlass reports whether the reader is neither: they opened the case
// with a written reason.
func (f CaseFile) BreakGlass() bool { return !f.Supervisor && !f.Worker }

// CloseReasons are why a case is closed.
var CloseReasons = []Option{
	{Code: "safe", Name: "Trẻ em, người bị bạo lực đã an toàn, hết nguy cơ", NameEN: "Safe, no longer at risk"},
	{Code: "transferred", Name: "Chuyển cho đơn vị khác quản lý", NameEN: "Transferred to another unit"},
	{Code: "adult", Name: "Trẻ em đã đủ 18 tuổi", NameEN: "The child turned 18"},
	{Code: "moved", Name: "Chuyển nơi cư trú, không còn liên lạc được", NameEN: "Moved away, no longer reachable"},
	{Code: "unfounded", Name: "Thông tin xác minh không đúng sự thật", NameEN: "Verification found no harm"},
	{Code: "died", Name: "Đã qua đời", NameEN: "Died"},
}

// CloseReasonOf returns a close reason by code.
func CloseReasonOf(code string) (Option, bool) {
	i := slices.IndexFunc(CloseReasons, func(o Option) bool { return o.Code == code })
	if i < 0 {
		return Option{}, false
	}
	return CloseReasons[i], true
}

// HoldsCaseRole reports whether u holds a caseworker or case-supervisor
// role that reaches the unit at path, so may be assigned its cases.
func HoldsCaseRole(u User, path string) bool {
	for _, a := range u.Assignments {
		if (a.Role == RoleCaseworker || a.Role == RoleCaseSupervisor) && strings.HasPrefix(path, a.OrgPath) {
			return true
		}
	}
	return false
}
