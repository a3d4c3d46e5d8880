package domain

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// The results report (báo cáo kết quả thực hiện kế hoạch) of a plan for a
// period: tebdg drafts it from the plan, the activity log and the figures;
// the officer writes the judgement in five sections, a leader approves it
// (which gives it its number in the register of outgoing documents), and
// it goes to the coordinator, who accepts or returns it.

// ResultsStatus is where a results report is in its approval.
type ResultsStatus string

// The steps, as for a plan: the officer drafts and submits, a leader of the
// agency who did not submit it approves, the agency sends it, the
// coordinator accepts it or returns it; a returned report is edited again.
const (
	ResultsDraft     ResultsStatus = "draft"
	ResultsSubmitted ResultsStatus = "submitted"
	ResultsApproved  ResultsStatus = "approved"
	ResultsSent      ResultsStatus = "sent"
	ResultsAccepted  ResultsStatus = "accepted"
	ResultsReturned  ResultsStatus = "returned"
)

var resultsStatusLabels = map[ResultsStatus]label{
	ResultsDraft:     {"Đang soạn", "Draft"},
	ResultsSubmitted: {"Chờ lãnh đạo duyệt", "Waiting for approval"},
	ResultsApproved:  {"Đã duyệt, chờ gửi", "Approved, not sent"},
	ResultsSent:      {"Đã gửi, chờ tiếp nhận", "Sent, waiting for acceptance"},
	ResultsAccepted:  {"Đã được tiếp nhận", "Accepted"},
	ResultsReturned:  {"Bị trả lại", "Returned"},
}

// Label is the status in lang.
func (s ResultsStatus) Label(lang string) string {
	if l, ok := resultsStatusLabels[s]; ok {
		return l.in(lang)
	}
	return string(s)
}

// Editable reports whether the officer's texts may change.
func (s ResultsStatus) Editable() bool { return s == "" || s == ResultsDraft || s == ResultsReturned }

// The actions on a results report.
const (
	ResultsSubmit  = "submit"
	ResultsApprove = "approve"
	ResultsSend    = "send"
	ResultsAccept  = "accept"
	ResultsReturn  = "return"
)

// Next returns the status action leads to from s, or an error saying why it
// cannot be taken.
func (s ResultsStatus) Next(action string) (ResultsStatus, error) {
	switch {
	case action == ResultsSubmit && s.Editable():
		return ResultsSubmitted, nil
	case action == ResultsApprove && s == ResultsSubmitted:
		return ResultsApproved, nil
	case action == ResultsSend && s == ResultsApproved:
		return ResultsSent, nil
	case action == ResultsAccept && s == ResultsSent:
		return ResultsAccepted, nil
	case action == ResultsReturn && (s == ResultsSubmitted || s == ResultsApproved || s == ResultsSent):
		return ResultsReturned, nil
	}
	return s, errs.New(errs.Conflict, "báo cáo đang ở trạng thái không cho phép thao tác này",
		"the report's status does not allow this step")
}

// The sections of a results report, Decree 30 style: I. how the work was
// directed, II. results, III. assessment, IV. tasks for the next period,
// V. proposals.
const (
	SectionDirection  = "I"
	SectionResults    = "II"
	SectionAssessment = "III"
	SectionNext       = "IV"
	SectionProposals  = "V"
)

// ResultsSections lists the section keys in order.
var ResultsSections = []string{SectionDirection, SectionResults, SectionAssessment, SectionNext, SectionProposals}

// ValidSection reports whether key names a section.
func ValidSection(key string) bool {
	for _, k := range ResultsSections {
		if k == key {
			return true
		}
	}
	return false
}

// MaxSectionLen bounds what the officer writes in one section.
const MaxSectionLen = 20000

// CheckSectionText cleans and checks the text of a section.
func CheckSectionText(text string) (string, error) {
	text = strings.TrimSpace(strings.ReplaceAll(text, "\r\n", "\n"))
	if utf8.RuneCountInString(text) > MaxSectionLen {
		return text, errs.Fieldf("text", "nội dung dài quá %d ký tự", "the text is longer than %d characters", MaxSectionLen)
	}
	return text, nil
}

// The kinds of drafted report.
const (
	KindPlanResults = "plan"    // a plan's results report, owned by the plan
	KindSummary     = "summary" // a coordinator's summary, owned by the coordinating unit
	// KindGuidance is a coordinator's letter asking for a template's
	// reports of a period, owned by the template.
	KindGuidance = "guidance"
	// KindObservance is an agency's plan for an observance, owned by its
	// plan; the key's period is "2024:children-action-month".
	KindObservance = "observance"
	// KindPlanGuidance is a coordinator's letter asking the agencies for
	// their plans of a year, owned by the unit whose agencies it asks.
	KindPlanGuidance = "plan-guidance"
)

// ResultsKey names a drafted report: its kind, its owner (the plan, or the
// coordinating unit), the programme of a summary and the period.
type ResultsKey struct {
	Kind      string
	OwnerID   int64
	Programme Programme
	Period    string
}

// PlanResults is the key of a plan's results report for a period.
func PlanResults(planID int64, periodID string) ResultsKey {
	return ResultsKey{Kind: KindPlanResults, OwnerID: planID, Period: periodID}
}

// Issuer is the unit a drafted report is issued by, for its number: the
// register is the unit's, and the number carries its symbol ("SGTVT").
type Issuer struct {
	OrgID   int64
	OrgCode string
	Symbol  string // "" → from the code (IssuerSymbol)
}

// IssuerOfPlan is the issuer of a plan's documents: the plan's unit, with
// the symbol its own number carries.
func IssuerOfPlan(p Plan) Issuer {
	return Issuer{OrgID: p.OrgID, OrgCode: p.OrgCode, Symbol: SymbolOfNumber(p.Header.Number)}
}

// ResultsReport is what is stored of a drafted report: the officer's texts
// and the workflow. The rest of the document is drafted on each reading.
type ResultsReport struct {
	ID            int64             `json:"id,omitempty"`
	Key           ResultsKey        `json:"-"`
	Status        ResultsStatus     `json:"status"`
	Texts         map[string]string `json:"texts"`
	Number        string            `json:"number,omitempty"`
	IssuedOn      string            `json:"issued_on,omitempty"`
	Comment       string            `json:"comment,omitempty"`
	DueOn         string            `json:"due_on,omitempty"` // a letter's deadline, YYYY-MM-DD
	SubmittedByID int64             `json:"-"`
	SubmittedBy   string            `json:"submitted_by,omitempty"`
	ApprovedBy    string            `json:"approved_by,omitempty"`
	ReviewedBy    string            `json:"reviewed_by,omitempty"`
	Version       int               `json:"version"`
	UpdatedAt     time.Time         `json:"updated_at,omitzero"`
}

// ResultsRevision is one saved text of a section.
type ResultsRevision struct {
	Version int       `json:"version"`
	Section string    `json:"section"`
	Text    string    `json:"text"`
	By      string    `json:"by"` // full name
	ByUnit  string    `json:"by_unit"`
	At      time.Time `json:"at"`
}

// OutgoingDoc is a line of the register of outgoing documents.
type OutgoingDoc struct {
	OrgID     int64  `json:"-"`
	OrgCode   string `json:"org"`
	Year      int    `json:"year"`
	Series    string `json:"series"`
	Seq       int    `json:"seq"`
	Number    string `json:"number"`
	Type      string `json:"type"`
	Title     string `json:"title"`
	IssuedOn  string `json:"issued_on"`
	Signer    string `json:"signer,omitempty"`
	OwnerKind string `json:"owner_kind,omitempty"`
	OwnerID   int64  `json:"owner_id,omitempty"`
}

// seriesOf maps a document type to the abbreviation of Decree 30/2020's
// Appendix III that its number carries; official letters (công văn) carry
// none and number in their own series.
var seriesOf = map[string]string{
	"kế hoạch": "KH", "báo cáo": "BC", "quyết định": "QĐ", "thông báo": "TB", "chương trình": "CTr",
	"tờ trình": "TTr", "hướng dẫn": "HD", "công văn": "CV",
}

// DocSeries returns the series abbreviation of a document type ("Báo cáo" →
// "BC"), or "" when the type has none.
func DocSeries(docType string) string { return seriesOf[strings.ToLower(strings.TrimSpace(docType))] }

// IssuerSymbol is the abbreviation of an issuing unit in document numbers,
// taken from its code: "QN-SGTVT" → "SGTVT". A plan's own number, when it
// has one, is the better source (see SymbolOfNumber).
func IssuerSymbol(orgCode string) string {
	if i := strings.IndexByte(orgCode, '-'); i >= 0 {
		return orgCode[i+1:]
	}
	return orgCode
}

// SymbolOfNumber returns the issuer part of a number as printed:
// "15/KH-SGTVT" → "SGTVT", "123/SXD-VP" → "SXD-VP"; "" when it has none.
func SymbolOfNumber(number string) string {
	_, sym, ok := strings.Cut(number, "/")
	if !ok {
		return ""
	}
	if series, rest, ok := strings.Cut(sym, "-"); ok && strings.ToUpper(series) == series && isSeries(series) {
		return rest
	}
	return sym
}

func isSeries(s string) bool {
	for _, v := range seriesOf {
		if v == s {
			return true
		}
	}
	return false
}

// ParseDocNumber splits a printed number "15/KH-SGTVT" into its sequence
// (15) and series (KH); ok is false when it does not have that form.
func ParseDocNumber(number string) (seq int, series string, ok bool) {
	n, sym, found := strings.Cut(strings.TrimSpace(number), "/")
	if !found {
		return 0, "", false
	}
	seq, err := strconv.Atoi(n)
	if err != nil || seq < 1 {
		return 0, "", false
	}
	series, _, _ = strings.Cut(sym, "-")
	if !isSeries(series) || series == "CV" {
		// An official letter's number is "123/SXD-VP": the part after the
		// slash is the issuer, and the letter series is "CV".
		return seq, "CV", true
	}
	return seq, series, true
}

// FormatDocNumber prints a number of series for an issuer: "20/BC-SGTVT";
// official letters "123/SGTVT-VP" take the drafting unit instead of a
// series.
func FormatDocNumber(seq int, series, symbol string) string {
	if series == "CV" || series == "" {
		return strconv.Itoa(seq) + "/" + symbol
	}
	return strconv.Itoa(seq) + "/" + series + "-" + symbol
}
