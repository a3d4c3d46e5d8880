package domain

import (
	"slices"
	"strings"
	"time"

	"tebdg/internal/errs"
)

// Consent and referral. A case's information goes to a service of the
// directory only with consent recorded first, and only the parts the
// consent covers. Who must agree follows the Law on Children 2016: a
// child's private life is disclosed only with the agreement of the parent
// or guardian, and of the child too from the age of 7 (Article 21 on the
// right to privacy, with Article 54 on the information of children); a
// survivor of 16 or more gives consent for themself. Withdrawing consent
// stops the referrals made under it.

// ConsentGiver is who gave a consent.
type ConsentGiver string

// Who may give consent.
const (
	GiverChild    ConsentGiver = "child"
	GiverParent   ConsentGiver = "parent"
	GiverGuardian ConsentGiver = "guardian"
	GiverSurvivor ConsentGiver = "survivor"
)

// ConsentGivers lists them in the order forms offer them.
var ConsentGivers = []ConsentGiver{GiverChild, GiverParent, GiverGuardian, GiverSurvivor}

var giverLabels = map[ConsentGiver]label{
	GiverChild:    {"Trẻ em (từ đủ 7 tuổi)", "The child (aged 7 or more)"},
	GiverParent:   {"Cha, mẹ", "Parent"},
	GiverGuardian: {"Người giám hộ, người chăm sóc", "Guardian or carer"},
	GiverSurvivor: {"Người bị bạo lực (từ đủ 16 tuổi)", "The survivor (aged 16 or more)"},
}

// Label is the giver's name in lang.
func (g ConsentGiver) Label(lang string) string { return labelOr(giverLabels, g, lang) }

// Valid reports whether g is known.
func (g ConsentGiver) Valid() bool { _, ok := giverLabels[g]; return ok }

// The parts of a case a consent may cover. The receiving service gets in
// the referral letter only the parts covered.
const (
	ShareIdentity   = "identity"   // name, birth date, sex
	ShareContact    = "contact"    // address, phone
	ShareIDNumber   = "id_number"  // personal ID number
	ShareSummary    = "summary"    // what happened
	ShareAssessment = "assessment" // risk and the steps' findings
	ShareNotes      = "notes"      // case notes
)

// ShareParts lists the parts, with their names.
var ShareParts = []Option{
	{Code: ShareIdentity, Name: "Họ tên, ngày sinh, giới tính", NameEN: "Name, birth date, sex"},
	{Code: ShareContact, Name: "Địa chỉ, số điện thoại", NameEN: "Address, phone"},
	{Code: ShareIDNumber, Name: "Số định danh cá nhân", NameEN: "Personal ID number"},
	{Code: ShareSummary, Name: "Tóm tắt sự việc", NameEN: "Summary of what happened"},
	{Code: ShareAssessment, Name: "Mức độ nguy cơ và kết quả đánh giá", NameEN: "Risk and assessments"},
	{Code: ShareNotes, Name: "Ghi chép của hồ sơ", NameEN: "Case notes"},
}

// Consent is one recorded consent: who gave it, when, for which kind of
// service and which parts of the case. Withdrawn, it covers nothing more.
type Consent struct {
	ID        int64        `json:"id"`
	GivenBy   ConsentGiver `json:"given_by"`
	At        time.Time    `json:"at"`
	Service   ServiceKind  `json:"service_kind"`
	Scope     []string     `json:"scope"`
	Recorded  string       `json:"recorded_by"` // full name and unit
	Withdrawn time.Time    `json:"withdrawn_at,omitzero"`
}

// Active reports whether the consent still holds.
func (c Consent) Active() bool { return c.Withdrawn.IsZero() }

// Covers reports whether the consent covers part.
func (c Consent) Covers(part string) bool { return slices.Contains(c.Scope, part) }

// Validate checks a consent given now or before.
func (c *Consent) Validate(now time.Time) error {
	var l errs.List
	if !c.GivenBy.Valid() {
		l = append(l, errs.Field("consent.given_by", "chọn người đồng ý: trẻ em, cha mẹ, người giám hộ hoặc người bị bạo lực", "choose who consented: the child, a parent, a guardian or the survivor"))
	}
	if c.At.IsZero() {
		l = append(l, errs.Field("consent.at", "nhập thời điểm đồng ý", "enter when consent was given"))
	} else if c.At.After(now.Add(5 * time.Minute)) {
		l = append(l, errs.Field("consent.at", "thời điểm đồng ý không thể ở tương lai", "consent cannot be given in the future"))
	}
	if c.Service != "" && !c.Service.Valid() {
		l = append(l, errs.Field("consent.service_kind", "chọn loại dịch vụ trong danh bạ, hoặc để trống cho mọi dịch vụ", "choose a kind of service of the directory, or none for any"))
	}
	var scope []string
	for _, p := range c.Scope {
		p = strings.TrimSpace(p)
		if p == "" || slices.Contains(scope, p) {
			continue
		}
		if !slices.ContainsFunc(ShareParts, func(o Option) bool { return o.Code == p }) {
			l = append(l, errs.Field("consent.scope", "phạm vi đồng ý gồm: identity, contact, id_number, summary, assessment, notes", "the consent's scope is among: identity, contact, id_number, summary, assessment, notes"))
			break
		}
		scope = append(scope, p)
	}
	if len(scope) == 0 && len(l) == 0 {
		l = append(l, errs.Field("consent.scope", "chọn những thông tin được phép chia sẻ", "choose which information may be shared"))
	}
	c.Scope = scope
	return l.Err()
}

// ConsentNeeded says whose consent a referral of a subject born on birth
// needs on day: for a child under 16, a parent or guardian, and the child
// too from 7; for anyone of 16 or more, or whose age is not known, the
// person themself (recorded as the survivor or, under 18, as the child).
// It returns the sets of givers of which one each must have agreed.
func ConsentNeeded(birth string, day time.Time) [][]ConsentGiver {
	age, known := Age(birth, day)
	switch {
	case !known:
		return [][]ConsentGiver{{GiverSurvivor, GiverChild}}
	case age < 7:
		return [][]ConsentGiver{{GiverParent, GiverGuardian}}
	case age < 16:
		return [][]ConsentGiver{{GiverParent, GiverGuardian}, {GiverChild}}
	case age < 18:
		return [][]ConsentGiver{{GiverSurvivor, GiverChild}}
	}
	return [][]ConsentGiver{{GiverSurvivor}}
}

// CheckConsents refuses a referral to a service of kind whose active
// consents (of the case) do not include all ConsentNeeded asks. It returns
// the parts every needed giver agreed to share: what the letter may carry.
func CheckConsents(birth string, day time.Time, kind ServiceKind, consents []Consent) ([]string, error) {
	var scope []string
	first := true
	for _, set := range ConsentNeeded(birth, day) {
		var parts []string
		found := false
		for _, c := range consents {
			if c.Active() && (c.Service == kind || c.Service == "") && slices.Contains(set, c.GivenBy) {
				found = true
				for _, p := range c.Scope {
					if !slices.Contains(parts, p) {
						parts = append(parts, p)
					}
				}
			}
		}
		if !found {
			names := make([]string, len(set))
			namesEN := make([]string, len(set))
			for i, g := range set {
				names[i], namesEN[i] = g.Label("vi"), g.Label("en")
			}
			return nil, errs.New(errs.Invalid,
				"chưa có sự đồng ý của "+strings.Join(names, " hoặc ")+" cho việc chuyển gửi này: ghi nhận sự đồng ý trước khi chuyển gửi",
				"there is no consent of "+strings.Join(namesEN, " or ")+" for this referral: record consent before referring")
		}
		if first {
			scope, first = parts, false
			continue
		}
		scope = slices.DeleteFunc(scope, func(p string) bool { return !slices.Contains(parts, p) })
	}
	if len(scope) == 0 {
		return nil, errs.New(errs.Invalid, "những người đồng ý không cùng cho phép chia sẻ thông tin nào", "those who consented did not agree to share any one part of the information")
	}
	return scope, nil
}

// ReferralStatus is where a referral stands.
type ReferralStatus string

// A referral is sent, then accepted or refused by the service; withdrawing
// the consent it rests on stops it.
const (
	ReferralSent     ReferralStatus = "sent"
	ReferralAccepted ReferralStatus = "accepted"
	ReferralRefused  ReferralStatus = "refused"
	ReferralStopped  ReferralStatus = "stopped"
)

var referralLabels = map[ReferralStatus]label{
	ReferralSent: {"Đã chuyển gửi", "Sent"}, ReferralAccepted: {"Đã tiếp nhận", "Accepted"},
	ReferralRefused: {"Từ chối tiếp nhận", "Refused"}, ReferralStopped: {"Đã dừng (rút lại sự đồng ý)", "Stopped (consent withdrawn)"},
}

// Label is the status's name in lang.
func (s ReferralStatus) Label(lang string) string { return labelOr(referralLabels, s, lang) }

// Referral is a case referred to a service of the directory.
type Referral struct {
	ID          int64          `json:"id"`
	ServiceID   int64          `json:"service"`
	ServiceName string         `json:"service_name"`
	ServiceKind ServiceKind    `json:"service_kind"`
	Scope       []string       `json:"scope"` // the parts the letter carries
	ConsentIDs  []int64        `json:"consent_ids"`
	SentAt      time.Time      `json:"sent_at"`
	SentBy      string         `json:"sent_by"`
	Status      ReferralStatus `json:"status"`
	Response    string         `json:"response,omitempty"` // sealed: the service's answer
	AnsweredAt  time.Time      `json:"answered_at,omitzero"`
}

// CaseNote is a note of a case; its text is sealed.
type CaseNote struct {
	ID     int64     `json:"id"`
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Text   string    `json:"text"`
	Kind   string    `json:"kind"` // note, or task (of the support plan)
	DoneAt time.Time `json:"done_at,omitzero"`
	Due    string    `json:"due,omitempty"` // a support-plan task's deadline
}

// CaseWorker is someone assigned to a case.
type CaseWorker struct {
	UserID   int64  `json:"-"`
	FullName string `json:"full_name"`
	Unit     string `json:"unit"`
	Lead     bool   `json:"lead"`
}

// CaseAccess is one read or change of a case, as its access history shows
// it to its supervisor.
type CaseAccess struct {
	At      time.Time `json:"at"`
	Who     string    `json:"who"` // full name and unit
	Action  string    `json:"action"`
	Purpose string    `json:"purpose"`
	// BreakGlass: a supervisor from outside the case's unit opened it
	// with a written reason (sealed, shown here).
	BreakGlass bool   `json:"break_glass"`
	Reason     string `json:"reason,omitempty"`
}

// CaseDocument is a document of a case; its name and content are sealed.
type CaseDocument struct {
	ID          int64     `json:"id"`
	At          time.Time `json:"at"`
	By          string    `json:"by"`
	Name        string    `json:"name"`
	ContentType string    `json:"content_type"`
	Size        int64     `json:"size"`
}
