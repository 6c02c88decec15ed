package kernels

// Kernels of batch normalisation's passes over a channel's values: the
// float32 sums it needs accumulated in float64 (Dssum, Dssqdev, Dsdot),
// since a channel's statistics run over N·H·W values, too many for a
// float32 sum to keep its digits, and the elementwise normalisation and
// its gradient (BatchNorm, BatchNormBackward), computed in float64 and
// rounded once to float32.
//
// The sums add in a fixed order per level (several vector accumulators,
// then pairwise), so a result is the same from run to run but may differ
// between levels in the last bits. The elementwise kernels do the same
// float64 operations at every level, in the order their documentation
// gives, without fused multiply-adds: they give the same bits at every
// level.

// Dssum returns Σ x[i], each x[i] converted to float64 and the sum
// accumulated in float64. Any NaN, or +Inf and −Inf together, gives NaN.
// An empty slice sums to 0.
//
// Dssum and Dssqdev are brawn's own, in no BLAS nor BLAS extension; they
// are named in BLAS style after Dsdot, the one BLAS routine of that kind
// (D: a float64 result, s: float32 data, accumulated in float64).
func Dssum(x []float32) float64 { return active.Load().dssum(x) }

// Dsdot returns Σ x[i]·y[i] accumulated in float64 (BLAS dsdot with unit
// strides): each product of two float32 values is exact in float64, so
// only the additions round. len(y) must equal len(x); it panics
// otherwise.
func Dsdot(x, y []float32) float64 {
	checkLen("Dsdot", "y", len(y), len(x))
	return use().dsdot(x, y)
}

// Dssqdev returns Σ (x[i] − mu)², the squared deviations from mu,
// computed and accumulated in float64: the second pass of a two-pass
// variance. Like Dssum, brawn's own, named in BLAS style after Dsdot.
func Dssqdev(x []float32, mu float64) float64 { return active.Load().dssqdev(x, mu) }

// BatchNorm sets xhat[i] = float32((float64(x[i]) − mean)·scale), the
// subtraction and the product in float64, and, when y is not nil, y[i] =
// gamma·xhat[i] + beta in float32 (a product and a sum, each rounded:
// no fused multiply-add), batch normalisation's (Ioffe & Szegedy 2015)
// affine output. xhat and, if not nil, y must be as long as x; it panics
// otherwise. xhat may alias x.
func BatchNorm(y, xhat, x []float32, mean, scale float64, gamma, beta float32) {
	checkLen("BatchNorm", "xhat", len(xhat), len(x))
	if y != nil {
		checkLen("BatchNorm", "y", len(y), len(x))
	}
	use().bnorm(y, xhat, x, mean, scale, gamma, beta)
}

// BatchNormBackward sets dx[i] = float32(scale·((m·dy[i] − sumDy) −
// xhat[i]·sumDyXhat)), every operation in float64 and rounded in that
// order (no fused multiply-add): batch normalisation's input gradient
// (Ioffe & Szegedy 2015, §3, its three terms regrouped) over a channel of
// m values, with sumDy = Σ dy and sumDyXhat = Σ dy·x̂ over the channel and
// scale = γ/(m·σ). dy and xhat must be as long as dx; it panics
// otherwise. dx may alias dy or xhat.
func BatchNormBackward(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64) {
	checkLen("BatchNormBackward", "dy", len(dy), len(dx))
	checkLen("BatchNormBackward", "xhat", len(xhat), len(dx))
	use().bndx(dx, dy, xhat, m, sumDy, sumDyXhat, scale)
}
