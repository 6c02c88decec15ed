package kernels

// bnKernels are one level's batch normalisation kernels (batchnorm.go),
// each on at most bnChunk elements a call; setBatchNorm puts them in a
// table with the chunking.
type bnKernels struct {
	dssum   func(x []float32) float64
	dsdot   func(x, y []float32) float64
	dssqdev func(x []float32, mu float64) float64
	// norm skips y when it is nil.
	norm func(y, xhat, x []float32, mean, scale float64, gamma, beta float32)
	dx   func(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64)
}

// bnChunk bounds the elements of one kernel call, so that an assembly
// call (which cannot be preempted) stays short.
const bnChunk = 1 << 14

// genericBatchNorm are the generic level's.
var genericBatchNorm = bnKernels{dssum: dssumGo, dsdot: dsdotGo, dssqdev: dssqdevGo, norm: normalizeGo, dx: normalizeBackwardGo}

// setBatchNorm makes k t's batch normalisation kernels: the sums add the
// chunks' sums in order, so a result depends on the input alone.
func (t *table) setBatchNorm(k *bnKernels) {
	t.dssum = func(x []float32) float64 {
		var s float64
		for len(x) > bnChunk {
			s += k.dssum(x[:bnChunk])
			x = x[bnChunk:]
		}
		return s + k.dssum(x)
	}
	t.dsdot = func(x, y []float32) float64 {
		var s float64
		for len(x) > bnChunk {
			s += k.dsdot(x[:bnChunk], y[:bnChunk])
			x, y = x[bnChunk:], y[bnChunk:]
		}
		return s + k.dsdot(x, y)
	}
	t.dssqdev = func(x []float32, mu float64) float64 {
		var s float64
		for len(x) > bnChunk {
			s += k.dssqdev(x[:bnChunk], mu)
			x = x[bnChunk:]
		}
		return s + k.dssqdev(x, mu)
	}
	t.bnorm = func(y, xhat, x []float32, mean, scale float64, gamma, beta float32) {
		for len(x) > bnChunk {
			var yc []float32
			if y != nil {
				yc, y = y[:bnChunk], y[bnChunk:]
			}
			k.norm(yc, xhat[:bnChunk], x[:bnChunk], mean, scale, gamma, beta)
			xhat, x = xhat[bnChunk:], x[bnChunk:]
		}
		k.norm(y, xhat, x, mean, scale, gamma, beta)
	}
	t.bndx = func(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64) {
		for len(dx) > bnChunk {
			k.dx(dx[:bnChunk], dy[:bnChunk], xhat[:bnChunk], m, sumDy, sumDyXhat, scale)
			dx, dy, xhat = dx[bnChunk:], dy[bnChunk:], xhat[bnChunk:]
		}
		k.dx(dx, dy, xhat, m, sumDy, sumDyXhat, scale)
	}
}

// The generic sums keep four partial sums, element i going to sum i mod
// 4 (the last len mod 4 to the first), added as (s0 + s1) + (s2 + s3). dssqdevGo rounds its squares
// explicitly, so that no compiler fuses them into FMAs (see gemmMicroGo);
// dsdotGo's products of float32 values are exact in float64, where fusing
// changes nothing.

func dssumGo(x []float32) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i])
		s1 += float64(x[i+1])
		s2 += float64(x[i+2])
		s3 += float64(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func dsdotGo(x, y []float32) float64 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float64(x[i]) * float64(y[i])
		s1 += float64(x[i+1]) * float64(y[i+1])
		s2 += float64(x[i+2]) * float64(y[i+2])
		s3 += float64(x[i+3]) * float64(y[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float64(x[i]) * float64(y[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func dssqdevGo(x []float32, mu float64) float64 {
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(x); i += 4 {
		d0, d1, d2, d3 := float64(x[i])-mu, float64(x[i+1])-mu, float64(x[i+2])-mu, float64(x[i+3])-mu
		s0 += float64(d0 * d0)
		s1 += float64(d1 * d1)
		s2 += float64(d2 * d2)
		s3 += float64(d3 * d3)
	}
	for ; i < len(x); i++ {
		d := float64(x[i]) - mu
		s0 += float64(d * d)
	}
	return (s0 + s1) + (s2 + s3)
}

// normalizeGo is BatchNorm. The explicit conversions round each product
// before the sum that follows it, so that no compiler fuses them (as Go
// may on arm64) and every level gives the same bits.
func normalizeGo(y, xhat, x []float32, mean, scale float64, gamma, beta float32) {
	xhat = xhat[:len(x)]
	if y == nil {
		for i, v := range x {
			xhat[i] = float32((float64(v) - mean) * scale)
		}
		return
	}
	y = y[:len(x)]
	for i, v := range x {
		h := float32((float64(v) - mean) * scale)
		xhat[i], y[i] = h, float32(gamma*h)+beta
	}
}

// normalizeBackwardGo is BatchNormBackward, unfused as normalizeGo.
func normalizeBackwardGo(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64) {
	dy, xhat = dy[:len(dx)], xhat[:len(dx)]
	for i, v := range dy {
		t := float64(m*float64(v)) - sumDy
		dx[i] = float32(scale * (t - float64(float64(xhat[i])*sumDyXhat)))
	}
}
