// Package lunar implements the Vietnamese lunar calendar (âm lịch) for the
// solar dates 1900-01-31 (lunar 1/1/1900) to 2100-12-31.
//
// The calendar is not read from a table: it is computed from the astronomy
// the calendar is defined by, for the meridian 105°E (UTC+7), the time of
// Vietnam's calendar. That choice matters: in some years China's calendar,
// computed for 120°E (UTC+8), starts a month or a year on another day, and
// Tết 1985 fell on 21 January in Vietnam but on 20 February in China.
//
// The rules, applied in local time (UTC+7):
//
//   - a lunar month begins on the day of a new moon (conjunction);
//   - the month holding the winter solstice (sun's apparent longitude 270°)
//     is month 11;
//   - when 13 months begin between two months 11 (a "leap year" of the
//     calendar), the first of them after month 11 that holds no principal
//     term (a moment when the sun's apparent longitude is a multiple of 30°)
//     is a leap month: it repeats the number of the month before it and is
//     written "6 nhuận".
//
// A lunar year runs from month 1 (Tết Nguyên đán) to the day before the next
// month 1, so months 11 and 12 of lunar year Y usually lie in solar January of
// Y+1.
//
// Year tables are computed lazily, one lunar year at a time, on first use,
// and kept for the life of the process; loading the package does no work.
package lunar
