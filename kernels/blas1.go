package kernels

import "math"

// Saxpy computes y[i] += a*x[i] for every i (BLAS saxpy with unit
// strides). len(x) must equal len(y); it panics otherwise. NaN and Inf
// propagate as IEEE arithmetic says (a NaN in x or y gives NaN in y).
func Saxpy(a float32, x, y []float32) {
	if len(x) == len(y) && direct(len(y)) {
		saxpyDirect(a, x, y)
		return
	}
	saxpyTable(a, x, y)
}

// saxpyTable is Saxpy through the active table, after the length checks.
func saxpyTable(a float32, x, y []float32) {
	checkLen("Saxpy", "x", len(x), len(y))
	use().saxpy(a, x, y)
}

// Sscal computes x[i] *= a for every i (BLAS sscal with unit stride).
func Sscal(a float32, x []float32) {
	if direct(len(x)) {
		sscalDirect(a, x)
		return
	}
	sscalTable(a, x)
}

// sscalTable is Sscal through the active table, after the length checks.
func sscalTable(a float32, x []float32) {
	use().sscal(a, x)
}

// Sdot returns the dot product sum x[i]*y[i] (BLAS sdot with unit strides),
// accumulated in float32 in an implementation-defined but fixed order (the
// same inputs at the same level always give the same bits). len(x) must
// equal len(y); it panics otherwise. Any NaN, or Inf times 0, gives NaN.
func Sdot(x, y []float32) float32 {
	checkLen("Sdot", "x", len(x), len(y))
	return use().sdot(x, y)
}

// Sasum returns sum |x[i]| (BLAS sasum with unit stride).
func Sasum(x []float32) float32 { return active.Load().sasum(x) }

// Sum returns sum x[i]. An empty slice sums to 0.
func Sum(x []float32) float32 { return active.Load().sum(x) }

// SumSquares returns sum x[i]*x[i], the squared Euclidean norm, as used by
// gradient-norm clipping. It is not scaled against overflow (unlike BLAS
// snrm2): values above about 1.8e19 overflow to +Inf, which callers treat as
// an exploding gradient. SumSquares64 does not overflow for finite values.
func SumSquares(x []float32) float32 { return active.Load().sumsq(x) }

// SumSquares64 returns sum x[i]*x[i] as a float64 that is finite whenever
// every x[i] is, for the norms reported to people (a layer's weight norm
// in a health warning must not read +Inf for finite weights). It is
// SumSquares's value when that is finite; when the float32 sum overflows,
// the squares are added again in float64, in index order, where even
// 2^63 values of math.MaxFloat32 squared stay below math.MaxFloat64. A NaN
// element gives NaN and an infinite one +Inf, as in SumSquares.
func SumSquares64(x []float32) float64 {
	if s := SumSquares(x); s <= math.MaxFloat32 {
		return float64(s)
	}
	var s float64
	for _, v := range x {
		s += float64(v) * float64(v) // exact in float64: fusing changes nothing
	}
	return s
}
