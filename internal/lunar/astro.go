package lunar

import "math"

// This file holds the astronomy: the instants of new moons and the sun's
// apparent longitude. Instants are Julian Ephemeris Days (JDE, Terrestrial
// Time), the time scale the orbital theories are written in; they are turned
// into civil days only at the edge, through ΔT and the time-zone offset.

const (
	rad = math.Pi / 180

	// j2000 is JDE 2451545.0, 2000-01-01 12:00 TT, the epoch of the series.
	j2000 = 2451545.0

	// synodicMonth is the mean length of a lunation in days.
	synodicMonth = 29.530588861

	// newMoon0 is the JDE of the mean new moon numbered k = 0 (2000-01-06).
	newMoon0 = 2451550.09766

	// unixEpochJDN is the Julian Day Number of 1970-01-01.
	unixEpochJDN = 2440588
)

// jdnFromCivil returns the Julian Day Number (days counted from noon
// 4713 BC January 1, Julian calendar) of a proleptic Gregorian date. It
// counts years from March so that the leap day is the last day of its year,
// which makes month lengths a simple linear formula (153 days per 5 months).
// Divisions round down, so it holds for years before −4800 too, which
// DayName may be given.
func jdnFromCivil(y, m, d int) int {
	a := (14 - m) / 12 // 1 for January and February, else 0
	yy := y + 4800 - a
	mm := m + 12*a - 3 // March = 0 … February = 11
	return d + (153*mm+2)/5 + 365*yy + floorDiv(yy, 4) - floorDiv(yy, 100) + floorDiv(yy, 400) - 32045
}

// floorDiv divides rounding towards −∞.
func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// deltaT returns ΔT = TT − UT in days for the instant jde. Earth's rotation
// is irregular, so this is a measured quantity: the values at the start of
// each decade (seconds) are linearly interpolated, and after the last
// measured decade a gently rising curve extrapolates (the rotation slows in
// the long run). An error of a minute here shifts a new moon by a minute,
// far below what could move a calendar day except in a tie to the minute.
func deltaT(jde float64) float64 {
	y := 2000 + (jde-j2000)/365.25
	const first, step = 1900.0, 10.0
	if y >= 2020 {
		t := y - 2020
		return (69.4 + 0.25*t + 0.0035*t*t) / 86400
	}
	i := int(math.Floor((y - first) / step))
	if i < 0 {
		i = 0 // extrapolate the first decade's slope backwards
	}
	f := (y - first - float64(i)*step) / step
	s := deltaTDecades[i] + f*(deltaTDecades[i+1]-deltaTDecades[i])
	return s / 86400
}

// deltaTDecades holds ΔT in seconds on 1 January of 1900, 1910, …, 2020.
var deltaTDecades = [...]float64{-2.7, 10.4, 21.2, 24.0, 24.3, 29.1, 33.2, 40.2, 50.5, 56.9, 63.8, 66.1, 69.4}

// newMoonJDE returns the instant (JDE) of the new moon numbered k, counted
// from the one of 2000-01-06 (k = 0, negative before). It starts from the
// mean new moon, a uniform lunation count with a small quadratic drift, and
// adds the periodic terms caused by the eccentricities of the Moon's and the
// Earth's orbits (anomalies M′ and M), the Moon's inclination (argument of
// latitude F), the node (Ω) and the planets (A1…A14). Together they bring
// the error from up to ~14 hours (mean) to well under a minute.
func newMoonJDE(k int) float64 {
	kf := float64(k)
	t := kf / 1236.85 // Julian centuries from J2000
	t2 := t * t
	t3 := t2 * t
	t4 := t3 * t

	jde := newMoon0 + synodicMonth*kf + 0.00015437*t2 - 0.000000150*t3 + 0.00000000073*t4

	// e shrinks the terms with the Sun's anomaly as the Earth's orbital
	// eccentricity decreases.
	e := 1 - 0.002516*t - 0.0000074*t2
	m := (2.5534 + 29.10535670*kf - 0.0000014*t2 - 0.00000011*t3) * rad
	mp := (201.5643 + 385.81693528*kf + 0.0107582*t2 + 0.00001238*t3 - 0.000000058*t4) * rad
	f := (160.7108 + 390.67050284*kf - 0.0016118*t2 - 0.00000227*t3 + 0.000000011*t4) * rad
	om := (124.7746 - 1.56375588*kf + 0.0020672*t2 + 0.00000215*t3) * rad

	s := math.Sin
	jde += -0.40720*s(mp) +
		0.17241*e*s(m) +
		0.01608*s(2*mp) +
		0.01039*s(2*f) +
		0.00739*e*s(mp-m) -
		0.00514*e*s(mp+m) +
		0.00208*e*e*s(2*m) -
		0.00111*s(mp-2*f) -
		0.00057*s(mp+2*f) +
		0.00056*e*s(2*mp+m) -
		0.00042*s(3*mp) +
		0.00042*e*s(m+2*f) +
		0.00038*e*s(m-2*f) -
		0.00024*e*s(2*mp-m) -
		0.00017*s(om) -
		0.00007*s(mp+2*m) +
		0.00004*s(2*mp-2*f) +
		0.00004*s(3*m) +
		0.00003*s(mp+m-2*f) +
		0.00003*s(2*mp+2*f) -
		0.00003*s(mp+m+2*f) +
		0.00003*s(mp-m+2*f) -
		0.00002*s(mp-m-2*f) -
		0.00002*s(3*mp+m) +
		0.00002*s(4*mp)

	// Planetary arguments: each pair is (phase at k=0, degrees per lunation)
	// with its amplitude in days.
	for _, p := range planetaryTerms {
		a := p.phase + p.rate*kf
		if p.quad != 0 {
			a += p.quad * t2
		}
		jde += p.amp * s(a*rad)
	}
	return jde
}

var planetaryTerms = [...]struct{ phase, rate, quad, amp float64 }{
	{299.77, 0.107408, -0.009173, 0.000325},
	{251.88, 0.016321, 0, 0.000165},
	{251.83, 26.651886, 0, 0.000164},
	{349.42, 36.412478, 0, 0.000126},
	{84.66, 18.206239, 0, 0.000110},
	{141.74, 53.303771, 0, 0.000062},
	{207.14, 2.453732, 0, 0.000060},
	{154.84, 7.306860, 0, 0.000056},
	{34.52, 27.261239, 0, 0.000047},
	{207.19, 0.121824, 0, 0.000042},
	{291.34, 1.844379, 0, 0.000040},
	{161.72, 24.198154, 0, 0.000037},
	{239.56, 25.513099, 0, 0.000035},
	{331.55, 3.592518, 0, 0.000023},
}

// sunLongitude returns the Sun's apparent ecliptic longitude in degrees
// [0, 360) at the instant jde. It is the geometric longitude of a Keplerian
// orbit (mean longitude plus the equation of the centre, with slowly varying
// elements) corrected for aberration (−20.5″) and the main nutation term, so
// that the principal terms are where an observer sees them. Accuracy is about
// 0.01°, some 15 minutes of the Sun's motion.
func sunLongitude(jde float64) float64 {
	t := (jde - j2000) / 36525
	t2 := t * t
	l0 := 280.46646 + 36000.76983*t + 0.0003032*t2
	m := (357.52911 + 35999.05029*t - 0.0001537*t2) * rad
	c := (1.914602-0.004817*t-0.000014*t2)*math.Sin(m) +
		(0.019993-0.000101*t)*math.Sin(2*m) +
		0.000289*math.Sin(3*m)
	om := (125.04 - 1934.136*t) * rad
	return normDeg(l0 + c - 0.00569 - 0.00478*math.Sin(om))
}

// normDeg brings an angle into [0, 360).
func normDeg(a float64) float64 {
	a = math.Mod(a, 360)
	if a < 0 {
		a += 360
	}
	return a
}

// solsticeJDE returns the instant (JDE) of the December solstice of the
// solar year y, when the Sun's apparent longitude reaches 270°. Newton's
// method on the mean solar motion converges in three or four steps.
func solsticeJDE(y int) float64 {
	jde := float64(jdnFromCivil(y, 12, 21)) // a first guess within a day
	for range 10 {
		d := normDeg(270-sunLongitude(jde)+180) - 180 // signed, (−180, 180]
		jde += d * 365.2422 / 360
		if math.Abs(d) < 1e-7 {
			break
		}
	}
	return jde
}
