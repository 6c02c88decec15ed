package nn

import "math"

// finite32 reports whether x is a finite float32 value: not NaN, not
// infinite and within float32's range.
func finite32(x float64) bool { return math.Abs(x) <= math.MaxFloat32 }

// nonNegative reports whether x is a finite float32 >= 0 (not NaN), as an
// optimizer's eps, momentum or decay must be.
func nonNegative(x float64) bool { return x >= 0 && finite32(x) }
