package domain

import (
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
)

// The activity log: what units did to carry out their plans (a training
// on road safety for pupils, a review of signs near a river, a campaign
// launch), each linked to the plan item it carries out. The year's figures
// are computed from these records, not typed again into reports.

// ActivityType is what kind of work an activity was.
type ActivityType string

// Kinds of activity.
const (
	ActCommunication ActivityType = "communication" // tuyên truyền, truyền thông
	ActConference    ActivityType = "conference"    // hội nghị, hội thảo
	ActTraining      ActivityType = "training"      // tập huấn, bồi dưỡng
	ActContest       ActivityType = "contest"       // hội thi
	ActLaunch        ActivityType = "launch"        // lễ phát động
	ActVisit         ActivityType = "visit"         // thăm hỏi
	ActDonation      ActivityType = "donation"      // ủng hộ, quyên góp
	ActGift          ActivityType = "gift"          // tặng quà
	ActInspection    ActivityType = "inspection"    // kiểm tra
	ActReview        ActivityType = "review"        // rà soát hạ tầng
	ActOther         ActivityType = "other"
)

// ActivityTypes lists the kinds in the order forms offer them.
var ActivityTypes = []ActivityType{ActCommunication, ActConference, ActTraining, ActContest, ActLaunch, ActVisit, ActDonation, ActGift,
	ActInspection, ActReview, ActOther}

var activityTypeLabels = map[ActivityType]label{
	ActCommunication: {"Tuyên truyền, truyền thông", "Communication"},
	ActConference:    {"Hội nghị, hội thảo", "Conference or workshop"},
	ActTraining:      {"Tập huấn, bồi dưỡng", "Training"},
	ActContest:       {"Hội thi", "Contest"},
	ActLaunch:        {"Lễ phát động", "Campaign launch"},
	ActVisit:         {"Thăm hỏi", "Visit"},
	ActDonation:      {"Ủng hộ, quyên góp", "Donation"},
	ActGift:          {"Tặng quà", "Gift-giving"},
	ActInspection:    {"Kiểm tra", "Inspection"},
	ActReview:        {"Rà soát hạ tầng", "Infrastructure review"},
	ActOther:         {"Khác", "Other"},
}

// Label is the type's name in lang.
func (t ActivityType) Label(lang string) string {
	if l, ok := activityTypeLabels[t]; ok {
		return l.in(lang)
	}
	return string(t)
}

// Valid reports whether t is a known type.
func (t ActivityType) Valid() bool { _, ok := activityTypeLabels[t]; return ok }

// Option is a code with its names, for the checkbox lists of a form.
type Option struct {
	Code   string
	Name   string
	NameEN string
}

// Label is the option's name in lang.
func (o Option) Label(lang string) string {
	if lang == "en" && o.NameEN != "" {
		return o.NameEN
	}
	return o.Name
}

// Channels an activity reaches people through.
var Channels = []Option{
	{"meeting", "Hội nghị, buổi họp, nói chuyện trực tiếp", "Meeting or talk"},
	{"portal", "Cổng thông tin điện tử", "Web portal"},
	{"fanpage", "Trang mạng xã hội (fanpage)", "Social media page"},
	{"digital", "Nền tảng số, nhóm Zalo", "Digital platform"},
	{"print", "Ấn phẩm, tờ rơi, pa-nô", "Print: leaflets, posters"},
	{"loudspeaker", "Loa truyền thanh cơ sở", "Loudspeaker"},
	{"broadcast", "Phát thanh, truyền hình", "Radio, television"},
	{"other", "Khác", "Other"},
}

// TargetGroups are the people an activity is for.
var TargetGroups = []Option{
	{"staff", "Công chức, viên chức, người lao động", "Staff"},
	{"parents", "Cha mẹ, người chăm sóc trẻ", "Parents and carers"},
	{"children", "Trẻ em, học sinh", "Children and pupils"},
	{"vulnerable", "Nhóm dễ bị tổn thương", "Vulnerable groups"},
	{"disabled", "Người khuyết tật", "People with disabilities"},
	{"special", "Trẻ em có hoàn cảnh đặc biệt", "Children in special circumstances"},
	{"ethnic", "Vùng đồng bào dân tộc thiểu số", "Ethnic-minority areas"},
	{"premarital", "Thanh niên trước hôn nhân", "Young people before marriage"},
	{"men", "Nam giới, trẻ em trai", "Men and boys"},
	{"women", "Phụ nữ, trẻ em gái", "Women and girls"},
	{"operators", "Chủ phương tiện, chủ bến, lái xe", "Vehicle and wharf operators, drivers"},
	{"community", "Cộng đồng dân cư", "The community"},
}

func optionCodes(opts []Option) []string {
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.Code
	}
	return out
}

// Participants counts who took part, by sex and age (children under 16,
// adults). Total may be given alone when the split is not known; when the
// split is given it must add up to the total.
type Participants struct {
	MaleChildren   int `json:"male_under16"`
	FemaleChildren int `json:"female_under16"`
	MaleAdults     int `json:"male_adult"`
	FemaleAdults   int `json:"female_adult"`
	Total          int `json:"total"`
}

// Split is the sum of the counts by sex and age.
func (p Participants) Split() int {
	return p.MaleChildren + p.FemaleChildren + p.MaleAdults + p.FemaleAdults
}

// Activity is one entry of the activity log.
type Activity struct {
	ID           int64        `json:"id"`
	OrgID        int64        `json:"-"`
	OrgCode      string       `json:"org"`
	OrgName      string       `json:"org_name"`
	OrgPath      string       `json:"-"`
	PlanID       int64        `json:"plan,omitempty"`
	PlanTitle    string       `json:"-"`
	PlanItemID   int64        `json:"plan_item,omitempty"`
	PlanItem     string       `json:"plan_item_title,omitempty"`
	Type         ActivityType `json:"type"`
	Title        string       `json:"title"`
	Start        string       `json:"start"` // YYYY-MM-DD
	End          string       `json:"end"`   // YYYY-MM-DD, the last day
	Place        string       `json:"place,omitempty"`
	Channels     []string     `json:"channels"`
	Targets      []string     `json:"target_groups"`
	Participants Participants `json:"participants"`
	Products     string       `json:"products,omitempty"` // "500 tờ rơi; 1 video clip"
	Cost         int64        `json:"cost_vnd"`
	Outcome      string       `json:"outcome,omitempty"`
	Version      int          `json:"version"`
	CreatedBy    string       `json:"-"`
	Updated      time.Time    `json:"updated_at"`
}

// Limits of an activity's fields.
const (
	MaxParticipants = 1_000_000
	MaxCost         = 1_000_000_000_000 // a thousand billion đồng: anything larger is a typing slip
	MaxOutcomeLen   = 4000
)

// Validate cleans an activity's fields and checks them all. yearFrom and
// yearTo are the years of the plan it carries out (0 when it has none):
// an activity dated outside them belongs to another plan.
func (a *Activity) Validate(yearFrom, yearTo int) error {
	a.Title, a.Place = CleanText(a.Title), CleanText(a.Place)
	a.Products = strings.TrimSpace(a.Products)
	a.Outcome = strings.TrimSpace(strings.ReplaceAll(a.Outcome, "\r\n", "\n"))
	var l errs.List
	switch {
	case a.Title == "":
		l = append(l, errs.Field("title", "nhập tên hoạt động", "enter what the activity was"))
	case utf8.RuneCountInString(a.Title) > MaxTitleLen:
		l = append(l, errs.Fieldf("title", "tên hoạt động dài quá %d ký tự", "the title is longer than %d characters", MaxTitleLen))
	}
	if !a.Type.Valid() {
		l = append(l, errs.Field("type", "chọn loại hoạt động", "choose the kind of activity"))
	}
	start, serr := ParseISODate(a.Start)
	if serr != nil {
		l = append(l, errs.Field("start", "ngày không hợp lệ", "not a valid date"))
	}
	if a.End == "" {
		a.End = a.Start
	}
	end, eerr := ParseISODate(a.End)
	switch {
	case eerr != nil:
		l = append(l, errs.Field("end", "ngày kết thúc không hợp lệ", "not a valid end date"))
	case serr == nil && end.Before(start):
		l = append(l, errs.Field("end", "ngày kết thúc phải từ ngày bắt đầu trở đi", "the end must not be before the start"))
	case serr == nil && end.Sub(start) > 366*24*time.Hour:
		l = append(l, errs.Field("end", "một hoạt động kéo dài tối đa một năm", "an activity lasts at most a year"))
	}
	if serr == nil && yearFrom != 0 && (start.Year() < yearFrom || start.Year() > yearTo) {
		l = append(l, errs.Fieldf("start", "ngày ngoài thời gian của kế hoạch (%s)", "the date is outside the plan's years (%s)", yearsText(yearFrom, yearTo)))
	}
	a.Channels = cleanCodes(a.Channels)
	a.Targets = cleanCodes(a.Targets)
	for _, c := range a.Channels {
		if !slices.Contains(optionCodes(Channels), c) {
			l = append(l, errs.Field("channels", "kênh truyền thông không hợp lệ", "unknown channel"))
			break
		}
	}
	for _, c := range a.Targets {
		if !slices.Contains(optionCodes(TargetGroups), c) {
			l = append(l, errs.Field("targets", "đối tượng không hợp lệ", "unknown target group"))
			break
		}
	}
	p := &a.Participants
	for _, n := range []int{p.MaleChildren, p.FemaleChildren, p.MaleAdults, p.FemaleAdults, p.Total} {
		if n < 0 || n > MaxParticipants {
			l = append(l, errs.Field("participants", "số người tham gia phải là số không âm hợp lý", "participant counts must be non-negative and plausible"))
			break
		}
	}
	switch split := p.Split(); {
	case split > 0 && p.Total == 0:
		p.Total = split
	case split > 0 && split != p.Total:
		l = append(l, errs.Fieldf("participants", "số nam, nữ theo độ tuổi cộng lại là %d, khác tổng số %d", "the counts by sex and age add up to %d, not the total %d", split, p.Total))
	}
	if a.Cost < 0 || a.Cost > MaxCost {
		l = append(l, errs.Field("cost", "kinh phí không hợp lệ", "the cost is not valid"))
	}
	if utf8.RuneCountInString(a.Outcome) > MaxOutcomeLen || utf8.RuneCountInString(a.Products) > MaxOutcomeLen {
		l = append(l, errs.Fieldf("outcome", "nội dung dài quá %d ký tự", "longer than %d characters", MaxOutcomeLen))
	}
	return l.Err()
}

func yearsText(from, to int) string {
	if from == to {
		return strconv.Itoa(from)
	}
	return strconv.Itoa(from) + "–" + strconv.Itoa(to)
}

// cleanCodes trims, drops empty and repeated codes, keeping the order.
func cleanCodes(in []string) []string {
	var out []string
	for _, c := range in {
		c = strings.TrimSpace(c)
		if c != "" && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}
