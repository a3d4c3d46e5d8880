package observance

import "slices"

// builtin holds the national observances. Names are the ones Vietnamese
// guidance documents use. A programme is set where the observance belongs
// plainly to one: days about families, happiness and the New Year serve both
// programmes, and the Day of the Girl Child is claimed by both, so they have
// none.
var builtin = [...]Rule{
	{Code: "womens-day", Name: "Ngày Quốc tế Phụ nữ", NameEN: "International Women's Day", Kind: KindSolar, Month: 3, Day: 8, Programme: ProgrammeGender},
	{Code: "happiness-day", Name: "Ngày Quốc tế Hạnh phúc", NameEN: "International Day of Happiness", Kind: KindSolar, Month: 3, Day: 20},
	{Code: "childrens-day", Name: "Ngày Quốc tế Thiếu nhi", NameEN: "International Children's Day", Kind: KindSolar, Month: 6, Day: 1, Programme: ProgrammeChildren},
	{Code: "children-action-month", Name: "Tháng hành động vì trẻ em", NameEN: "Action Month for Children", Kind: KindRange, Month: 6, Day: 1, EndMonth: 6, EndDay: 30, Programme: ProgrammeChildren},
	{Code: "dv-prevention-month", Name: "Tháng hành động quốc gia về phòng, chống bạo lực gia đình", NameEN: "National Action Month on Domestic Violence Prevention and Control", Kind: KindRange, Month: 6, Day: 1, EndMonth: 6, EndDay: 30, Programme: ProgrammeGender},
	{Code: "family-day", Name: "Ngày Gia đình Việt Nam", NameEN: "Vietnamese Family Day", Kind: KindSolar, Month: 6, Day: 28},
	{Code: "drowning-prevention-day", Name: "Ngày Thế giới phòng, chống đuối nước", NameEN: "World Drowning Prevention Day", Kind: KindSolar, Month: 7, Day: 25, Programme: ProgrammeChildren},
	{Code: "girl-child-day", Name: "Ngày Quốc tế trẻ em gái", NameEN: "International Day of the Girl Child", Kind: KindSolar, Month: 10, Day: 11},
	{Code: "vietnamese-womens-day", Name: "Ngày Phụ nữ Việt Nam", NameEN: "Vietnamese Women's Day", Kind: KindSolar, Month: 10, Day: 20, Programme: ProgrammeGender},
	{Code: "evaw-day", Name: "Ngày Quốc tế xóa bỏ bạo lực đối với phụ nữ", NameEN: "International Day for the Elimination of Violence against Women", Kind: KindSolar, Month: 11, Day: 25, Programme: ProgrammeGender},
	{Code: "gender-equality-month", Name: "Tháng hành động vì bình đẳng giới và phòng ngừa, ứng phó với bạo lực trên cơ sở giới", NameEN: "Action Month for Gender Equality and the Prevention of and Response to Gender-Based Violence", Kind: KindRange, Month: 11, Day: 15, EndMonth: 12, EndDay: 15, Programme: ProgrammeGender},
	{Code: "lunar-new-year", Name: "Tết Nguyên đán", NameEN: "Lunar New Year (Tết)", Kind: KindLunar, Month: 1, Day: 1},
	{Code: "mid-autumn", Name: "Tết Trung thu", NameEN: "Mid-Autumn Festival", Kind: KindLunar, Month: 8, Day: 15, Programme: ProgrammeChildren},
}

// Builtin returns the national observances, a new slice on every call so
// that callers may change it.
func Builtin() []Rule { return slices.Clone(builtin[:]) }
