package svgchart

import "math"

// scale is a value axis with round ticks at k×step for k in [k0, k1]. Keeping
// the ticks as integer multiples, rather than accumulating lo+step+step…,
// means a tick meant to be 0.3 never drifts to 0.30000000000000004.
type scale struct {
	k0, k1   int
	step     float64
	decimals int // decimals that write every tick exactly ("2,5" needs 1)
}

func (s scale) lo() float64 { return float64(s.k0) * s.step }
func (s scale) hi() float64 { return float64(s.k1) * s.step }

// tick returns the value of the i-th tick from the bottom.
func (s scale) tick(i int) float64 { return float64(s.k0+i) * s.step }

// intervals is the number of gaps between gridlines (one less than lines).
func (s scale) intervals() int { return s.k1 - s.k0 }

// frac places v on the axis: 0 at the lowest tick, 1 at the highest. The
// operands are quartered first so that an axis spanning ±1e300 cannot
// overflow to infinity in the subtraction.
func (s scale) frac(v float64) float64 {
	lo, hi := s.lo()/4, s.hi()/4
	return (v/4 - lo) / (hi - lo)
}

// mantissas are the round step sizes readers take in at a glance; within a
// decade they never more than double, so the first one that fits leaves at
// least three intervals, i.e. four to six gridlines with maxIntervals 5.
var mantissas = [...]float64{1, 2, 2.5, 5}

// niceScale chooses the smallest round step that covers [lo, hi] in at most
// maxIntervals intervals. The step is never finer than the data's own
// precision (10^-decimals): counts of people get ticks 0, 1, 2, never 2,5.
// A range of one value is widened to reach zero so that the value shows as a
// bar or a line at a sensible height; an all-zero range becomes 0…5 steps.
func niceScale(lo, hi float64, decimals, maxIntervals int) scale {
	if lo > hi {
		lo, hi = hi, lo
	}
	minStep := math.Pow10(-decimals)
	switch {
	case lo == hi && lo == 0:
		hi = 5 * minStep
	case lo == hi && lo > 0:
		lo = 0
	case lo == hi:
		hi = 0
	}
	if maxIntervals < 1 {
		maxIntervals = 1
	}
	span := hi/float64(maxIntervals) - lo/float64(maxIntervals) // the widest step needed; no overflow
	e := int(math.Floor(math.Log10(span))) - 1
	if e < -decimals-1 {
		e = -decimals - 1
	}
	for ; ; e++ {
		p := math.Pow10(e)
		for _, m := range mantissas {
			step := m * p
			if r := step / minStep; r < 1-1e-9 || math.Abs(r-math.Round(r)) > 1e-6 {
				continue // finer than the data, or not a multiple of its unit
			}
			// The tolerance keeps 0.3/0.1 = 2.9999999999999996 from
			// adding a needless interval.
			k0 := math.Floor(lo/step + 1e-9)
			k1 := math.Ceil(hi/step - 1e-9)
			if k1-k0 <= float64(maxIntervals) {
				d := -e
				if m == 2.5 {
					d++
				}
				return scale{k0: int(k0), k1: int(k1), step: step, decimals: max(d, 0)}
			}
		}
	}
}
