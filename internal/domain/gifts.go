package domain

import (
	"time"
	"unicode/utf8"

	"tebdg/internal/errs"
	"tebdg/internal/gifts"
)

// StaffChild is a child of a staff member.
type StaffChild struct {
	ID          int64
	OrgID       int64
	OrgCode     string
	OrgName     string
	OrgPath     string
	Staff       string // the parent's name
	Name        string
	Birth       string // YYYY-MM-DD
	Sex         string // male | female
	Special     bool   // in special circumstances
	SpecialNote string
	Achievement string
	Version     int
}

// Validate cleans and checks a child's record.
func (c *StaffChild) Validate(today time.Time) error {
	c.Staff, c.Name = CleanText(c.Staff), CleanText(c.Name)
	c.SpecialNote, c.Achievement = CleanText(c.SpecialNote), CleanText(c.Achievement)
	var l errs.List
	if e := ValidateName("staff", c.Staff, true); e != nil {
		l = append(l, errs.Field("staff", "nhập họ tên cán bộ (cha, mẹ)", "enter the staff member's name"))
	}
	if e := ValidateName("name", c.Name, true); e != nil {
		l = append(l, errs.Field("name", "nhập họ tên cháu", "enter the child's name"))
	}
	b, err := time.Parse(time.DateOnly, c.Birth)
	switch {
	case err != nil:
		l = append(l, errs.Field("birth", "ngày sinh không hợp lệ", "not a valid date of birth"))
	case b.After(today):
		l = append(l, errs.Field("birth", "ngày sinh sau hôm nay", "the date of birth is in the future"))
	case gifts.AgeOn(b, today) >= 18:
		l = append(l, errs.Field("birth", "cháu đã từ 18 tuổi: danh sách này dành cho con dưới 18 tuổi", "the child is 18 or over: the list is for children under 18"))
	}
	if c.Sex != "male" && c.Sex != "female" {
		l = append(l, errs.Field("sex", "chọn giới tính", "choose the sex"))
	}
	if utf8.RuneCountInString(c.SpecialNote) > 500 || utf8.RuneCountInString(c.Achievement) > 500 {
		l = append(l, errs.Field("achievement", "dài quá 500 ký tự", "longer than 500 characters"))
	}
	return l.Err()
}

// GiftRound is an occasion on which staff children receive gifts.
type GiftRound struct {
	ID        int64
	OrgID     int64
	OrgCode   string
	OrgName   string
	OrgPath   string
	Name      string
	Spec      string // "1/6", "15/8 âm lịch"
	Year      int
	Date      string // YYYY-MM-DD
	GiftValue int64
	Note      string
	Status    string // open | closed
	Version   int
}

// Recipient is a staff child in a round: eligible or not on its date,
// priority, and whether the gift was given.
type Recipient struct {
	Child          StaffChild
	Age            int
	Eligible       bool
	Priority       bool
	PriorityReason string
	GivenOn        string
}
