package domain

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
	"tebdg/internal/markup"
	"tebdg/internal/vntext"
)

// The public portal: what agencies publish for citizens (news,
// announcements, documents), the directory of support services, and the
// feedback citizens send.

// PostStatus is where a post is in its editing.
type PostStatus string

// Post states: an editor writes a draft, sends it for review, and the
// agency's portal editor or manager publishes it; old posts are archived.
const (
	PostDraft     PostStatus = "draft"
	PostReview    PostStatus = "review"
	PostPublished PostStatus = "published"
	PostArchived  PostStatus = "archived"
)

var postStatusLabels = map[PostStatus]label{
	PostDraft:     {"Bản nháp", "Draft"},
	PostReview:    {"Chờ duyệt", "In review"},
	PostPublished: {"Đã đăng", "Published"},
	PostArchived:  {"Lưu trữ", "Archived"},
}

// Label is the state's name in lang.
func (s PostStatus) Label(lang string) string { return postStatusLabels[s].in(lang) }

// Valid reports whether s is a known state.
func (s PostStatus) Valid() bool { _, ok := postStatusLabels[s]; return ok }

// PostCategory is a section of the portal.
type PostCategory struct {
	Code   string `json:"code"`
	Name   string `json:"name"`
	NameEN string `json:"name_en"`
}

// DisplayName is the category's name in lang.
func (c PostCategory) DisplayName(lang string) string { return pickLabel(lang, c.Name, c.NameEN) }

// Post is a published (or to-be-published) article.
type Post struct {
	ID        int64      `json:"id"`
	OrgID     int64      `json:"-"`
	OrgCode   string     `json:"org"`
	OrgName   string     `json:"org_name"`
	OrgPath   string     `json:"-"`
	Category  string     `json:"category"`
	Slug      string     `json:"slug"`
	Title     string     `json:"title"`
	Summary   string     `json:"summary"`
	Body      string     `json:"body"`
	CoverID   int64      `json:"cover,omitempty"`
	CoverAlt  string     `json:"cover_alt,omitempty"`
	Tags      []string   `json:"tags"`
	Author    string     `json:"author,omitempty"`
	Status    PostStatus `json:"status"`
	Hot       bool       `json:"hot"`
	Featured  bool       `json:"featured"`
	PublishAt time.Time  `json:"published_at,omitzero"`
	Views     int64      `json:"views"`
	Version   int        `json:"version"`
	Updated   time.Time  `json:"updated_at"`
}

// Public reports whether citizens see the post at now.
func (p Post) Public(now time.Time) bool {
	return p.Status == PostPublished && !p.PublishAt.IsZero() && !p.PublishAt.After(now)
}

// PostSlug is the readable part of a post's address, made from its title.
func PostSlug(title string) string {
	slug := vntext.Slug(title)
	if len(slug) > 120 {
		slug = strings.TrimRight(slug[:120], "-")
	}
	return slug
}

// URL is the post's public address: "/posts/12/ke-hoach-…". The id finds
// it; the slug, made from the title, is for readers and search engines.
func (p Post) URL() string { return "/posts/" + strconv.FormatInt(p.ID, 10) + "/" + p.Slug }

// Limits of a post.
const (
	MaxPostBody    = 200_000
	MaxSummaryLen  = 600
	MaxTags        = 12
	maxTagLen      = 60
	MaxFeedbackLen = 5000
)

// Validate cleans a post's fields and checks them.
func (p *Post) Validate() error {
	p.Title, p.CoverAlt, p.Author = CleanText(p.Title), CleanText(p.CoverAlt), CleanText(p.Author)
	p.Summary = strings.TrimSpace(strings.ReplaceAll(p.Summary, "\r\n", "\n"))
	p.Body = strings.ReplaceAll(p.Body, "\r\n", "\n")
	var tags []string
	for _, t := range p.Tags {
		if t = CleanText(t); t != "" && !containsFold(tags, t) {
			tags = append(tags, t)
		}
	}
	p.Tags = tags
	var l errs.List
	switch {
	case p.Title == "":
		l = append(l, errs.Field("title", "nhập tiêu đề", "enter a title"))
	case utf8.RuneCountInString(p.Title) > MaxTitleLen:
		l = append(l, errs.Fieldf("title", "tiêu đề dài quá %d ký tự", "the title is longer than %d characters", MaxTitleLen))
	}
	if p.Category == "" {
		l = append(l, errs.Field("category", "chọn chuyên mục", "choose a category"))
	}
	if err := markup.Check(p.Body); err != nil {
		l = append(l, errs.As(err))
	}
	if utf8.RuneCountInString(p.Summary) > MaxSummaryLen {
		l = append(l, errs.Fieldf("summary", "tóm tắt dài quá %d ký tự", "the summary is longer than %d characters", MaxSummaryLen))
	}
	if len(p.Body) > MaxPostBody {
		l = append(l, errs.Fieldf("body", "nội dung dài quá %d ký tự", "the body is longer than %d characters", MaxPostBody))
	}
	if p.CoverID != 0 && p.CoverAlt == "" {
		l = append(l, errs.Field("cover_alt", "ảnh đại diện cần có mô tả (cho người khiếm thị)", "the cover image needs a description (for blind readers)"))
	}
	if len(p.Tags) > MaxTags {
		l = append(l, errs.Fieldf("tags", "tối đa %d thẻ", "at most %d tags", MaxTags))
	}
	for _, t := range p.Tags {
		if utf8.RuneCountInString(t) > maxTagLen {
			l = append(l, errs.Field("tags", "thẻ dài quá", "a tag is too long"))
			break
		}
	}
	if !p.Status.Valid() {
		l = append(l, errs.Field("status", "trạng thái không hợp lệ", "unknown state"))
	}
	if !p.PublishAt.IsZero() && (p.PublishAt.Year() < 2000 || p.PublishAt.Year() > 2100) {
		l = append(l, errs.Field("published_at", "thời gian đăng không hợp lệ", "not a valid publishing time"))
	}
	return l.Err()
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// ServiceKind is a kind of support service.
type ServiceKind string

// Kinds of service in the directory.
const (
	SvcHotline    ServiceKind = "hotline"
	SvcSunshine   ServiceKind = "sunshine-house" // Ngôi nhà Ánh Dương
	SvcTrusted    ServiceKind = "trusted-address"
	SvcShelter    ServiceKind = "shelter"
	SvcSocialWork ServiceKind = "social-work"
	SvcPolice     ServiceKind = "police"
	SvcHealth     ServiceKind = "health"
	SvcLegal      ServiceKind = "legal-aid"
	SvcOther      ServiceKind = "other"
)

// ServiceKinds lists the kinds in the order the directory shows them.
var ServiceKinds = []ServiceKind{SvcHotline, SvcSunshine, SvcTrusted, SvcShelter, SvcSocialWork, SvcPolice, SvcHealth, SvcLegal, SvcOther}

var serviceKindLabels = map[ServiceKind]label{
	SvcHotline:    {"Đường dây nóng, tổng đài", "Hotline"},
	SvcSunshine:   {"Ngôi nhà Ánh Dương", "Sunshine House (GBV one-stop centre)"},
	SvcTrusted:    {"Địa chỉ tin cậy", "Trusted address"},
	SvcShelter:    {"Nhà tạm lánh", "Shelter"},
	SvcSocialWork: {"Công tác xã hội", "Social work centre"},
	SvcPolice:     {"Công an", "Police"},
	SvcHealth:     {"Y tế", "Health"},
	SvcLegal:      {"Trợ giúp pháp lý", "Legal aid"},
	SvcOther:      {"Khác", "Other"},
}

// Label is the kind's name in lang.
func (k ServiceKind) Label(lang string) string {
	if l, ok := serviceKindLabels[k]; ok {
		return l.in(lang)
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k ServiceKind) Valid() bool { _, ok := serviceKindLabels[k]; return ok }

// Service is an entry of the support-service directory, with the fields of
// the Open Referral HSDS model it is exported in.
type Service struct {
	ID           int64       `json:"id"`
	OrgID        int64       `json:"-"`
	OrgCode      string      `json:"org"`
	OrgPath      string      `json:"-"`
	Kind         ServiceKind `json:"kind"`
	Organization string      `json:"organization"`
	Name         string      `json:"name"`
	Description  string      `json:"description,omitempty"`
	Area         string      `json:"area,omitempty"`
	Address      string      `json:"address,omitempty"`
	Confidential bool        `json:"confidential"`
	Phone        string      `json:"phone,omitempty"`
	Email        string      `json:"email,omitempty"`
	URL          string      `json:"url,omitempty"`
	Hours        string      `json:"hours,omitempty"`
	Eligibility  string      `json:"eligibility,omitempty"`
	Languages    string      `json:"languages,omitempty"`
	Free         bool        `json:"free"`
	Active       bool        `json:"active"`
	Version      int         `json:"version"`
}

var phoneRe = regexp.MustCompile(`^[0-9 +().\-]{3,20}$`)

// Validate cleans and checks a service.
func (s *Service) Validate() error {
	for _, f := range []*string{&s.Organization, &s.Name, &s.Area, &s.Address, &s.Phone, &s.Email, &s.URL, &s.Hours, &s.Eligibility, &s.Languages} {
		*f = CleanText(*f)
	}
	s.Description = strings.TrimSpace(s.Description)
	var l errs.List
	if !s.Kind.Valid() {
		l = append(l, errs.Field("kind", "chọn loại dịch vụ", "choose the kind of service"))
	}
	if s.Organization == "" {
		l = append(l, errs.Field("organization", "nhập tên cơ quan, tổ chức", "enter the organisation"))
	}
	if s.Name == "" {
		l = append(l, errs.Field("name", "nhập tên dịch vụ", "enter the service"))
	}
	if s.Phone == "" && s.Address == "" && s.URL == "" {
		l = append(l, errs.Field("phone", "cần ít nhất số điện thoại, địa chỉ hoặc trang web", "give at least a phone, an address or a website"))
	}
	if s.Phone != "" && !phoneRe.MatchString(s.Phone) {
		l = append(l, errs.Field("phone", "số điện thoại chỉ gồm chữ số, dấu cách và + ( ) . -", "a phone number has digits, spaces and + ( ) . - only"))
	}
	if s.Email != "" {
		if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email {
			l = append(l, errs.Field("email", "địa chỉ thư không hợp lệ", "not a valid e-mail address"))
		}
	}
	if s.URL != "" && !strings.HasPrefix(s.URL, "https://") && !strings.HasPrefix(s.URL, "http://") {
		l = append(l, errs.Field("url", "trang web bắt đầu bằng http:// hoặc https://", "the website must start with http:// or https://"))
	}
	for _, f := range []struct{ name, v string }{{"organization", s.Organization}, {"name", s.Name}, {"address", s.Address}, {"hours", s.Hours},
		{"eligibility", s.Eligibility}, {"area", s.Area}, {"languages", s.Languages}, {"url", s.URL}} {
		if utf8.RuneCountInString(f.v) > 300 {
			l = append(l, errs.Field(f.name, "dài quá 300 ký tự", "longer than 300 characters"))
		}
	}
	if utf8.RuneCountInString(s.Description) > 4000 {
		l = append(l, errs.Field("description", "dài quá 4000 ký tự", "longer than 4000 characters"))
	}
	return l.Err()
}

// ShownAddress is the address a citizen sees: none for a confidential
// shelter, whose safety depends on it.
func (s Service) ShownAddress() string {
	if s.Confidential {
		return ""
	}
	return s.Address
}

// Feedback is a message a citizen sends through the portal.
type Feedback struct {
	ID        int64     `json:"id"`
	OrgID     int64     `json:"-"`
	OrgCode   string    `json:"org,omitempty"`
	PostID    int64     `json:"post,omitempty"`
	PostTitle string    `json:"-"`
	Name      string    `json:"name,omitempty"`
	Contact   string    `json:"contact,omitempty"`
	Subject   string    `json:"subject"`
	Message   string    `json:"message"`
	Status    string    `json:"status"` // new | answered | spam | archived
	Reply     string    `json:"reply,omitempty"`
	Published bool      `json:"published"`
	RepliedBy string    `json:"-"`
	RepliedAt time.Time `json:"replied_at,omitzero"`
	Created   time.Time `json:"created_at"`
	Version   int       `json:"version"`
}

// Validate cleans and checks a citizen's message.
func (f *Feedback) Validate() error {
	f.Name, f.Contact, f.Subject = CleanText(f.Name), CleanText(f.Contact), CleanText(f.Subject)
	f.Message = strings.TrimSpace(strings.ReplaceAll(f.Message, "\r\n", "\n"))
	var l errs.List
	switch {
	case f.Subject == "":
		l = append(l, errs.Field("subject", "nhập tiêu đề", "enter a subject"))
	case utf8.RuneCountInString(f.Subject) > 200:
		l = append(l, errs.Field("subject", "tiêu đề dài quá 200 ký tự", "the subject is longer than 200 characters"))
	}
	switch {
	case f.Message == "":
		l = append(l, errs.Field("message", "nhập nội dung", "write your message"))
	case utf8.RuneCountInString(f.Message) > MaxFeedbackLen:
		l = append(l, errs.Fieldf("message", "nội dung dài quá %d ký tự", "the message is longer than %d characters", MaxFeedbackLen))
	}
	if utf8.RuneCountInString(f.Name) > 100 {
		l = append(l, errs.Field("name", "họ tên dài quá 100 ký tự", "the name is longer than 100 characters"))
	}
	if utf8.RuneCountInString(f.Contact) > 200 {
		l = append(l, errs.Field("contact", "thông tin liên hệ dài quá", "the contact is too long"))
	}
	return l.Err()
}

// ReplyEmail is the contact's e-mail address, if it is one.
func (f Feedback) ReplyEmail() string {
	if a, err := mail.ParseAddress(f.Contact); err == nil && a.Address == f.Contact {
		return a.Address
	}
	return ""
}
