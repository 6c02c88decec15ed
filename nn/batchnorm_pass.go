package nn

import (
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// batchNormPass is the computation BatchNorm1d and BatchNorm2d share, on
// an input viewed as [N, C, S]: channel ch of sample i is the S contiguous
// values from (i·C + ch)·S (S = 1 for BatchNorm1d's [N, C], H·W for
// BatchNorm2d's NCHW). Each channel is normalised over its M = N·S values.
// Sums run in float64 in a fixed order, the samples' planes one after the
// other, each plane summed by a kernel (kernels.Dssum, Dssqdev, Dsdot) or,
// when short, in a plain loop, so the results depend on the input (and
// the kernel level) alone; the elementwise passes are kernels.BatchNorm
// and BatchNormBackward, which give the same bits at every level. With an Env (BatchNorm2d's),
// the per-channel sums split the channels and the elementwise passes the
// N·C planes over its threads, which changes no operation's order, so the
// results are the same for any thread count.
type batchNormPass struct {
	c         int
	env       *Env // nil: one goroutine
	y, dx     Tensor
	xhat      []float32 // normalised input of the last forward
	invStd    []float64 // per channel, of the last forward
	sum, sum2 []float64 // per channel: μ and σ², or Σ dy·x̂ and Σ dy
	batch     bool      // the last forward used the batch statistics

	// The current pass's operands, for the range functions below.
	src    *Tensor // x or dy
	s, n   int
	st     bnStats
	weight *Param

	// stats, norm, grads and dxs are the passes over channels or planes
	// [lo, hi), built once so that splitting them allocates nothing.
	stats, norm, grads, dxs func(lo, hi int)
}

func newBatchNormPass(c int) batchNormPass {
	return batchNormPass{c: c, invStd: make([]float64, c), sum: make([]float64, c), sum2: make([]float64, c)}
}

// begin records a pass's operands and builds the range functions on the
// first pass.
func (p *batchNormPass) begin(src *Tensor, s int) {
	if p.stats == nil {
		p.stats, p.norm, p.grads, p.dxs = p.statsRange, p.normRange, p.gradsRange, p.dxRange
	}
	p.src, p.s, p.n = src, s, len(src.Data)/(p.c*s)
}

// split runs fn over [0, n) of units of size values each (channels or
// planes) on the Env's threads (see Env.splitPlanes).
func (p *batchNormPass) split(n, size int, fn func(lo, hi int)) { p.env.splitPlanes(n, size, fn) }

// forward returns y = γ·x̂ + β (x̂ without affine), x̂ = (x − μ)/sqrt(σ² +
// eps), for x holding [N, C, s] values (of any shape; y takes it). μ and
// σ² are the batch mean and biased variance when training or without
// running statistics, which are then updated if there are any; else they
// are the running statistics.
func (p *batchNormPass) forward(x *Tensor, s int, training bool, st bnStats) *Tensor {
	p.begin(x, s)
	c, n := p.c, p.n
	p.y.resizeAs(x)
	p.xhat = grow(&p.xhat, len(x.Data))
	p.batch = training || st.mean == nil
	p.st = st
	mean, vr := p.sum, p.sum2
	if p.batch {
		p.split(c, n*s, p.stats)
		switch {
		case st.mean == nil:
		case st.log != nil:
			st.log.add(st, mean, vr, n*s)
		default:
			updateRunning(st, mean, vr, n*s)
		}
	} else {
		for ch := range mean {
			mean[ch] = float64(st.mean.Value.Data[ch])
			vr[ch] = float64(st.vr.Value.Data[ch])
		}
	}
	for ch := range p.invStd {
		p.invStd[ch] = 1 / math.Sqrt(vr[ch]+st.eps)
	}
	p.split(n*c, s, p.norm)
	p.src, p.st = nil, bnStats{}
	return &p.y
}

// bnKernelMin is the shortest plane the passes hand to the kernels (one
// call a plane); shorter ones, such as BatchNorm1d's single values, run in
// plain loops, where a call per plane would cost more than it saves.
const bnKernelMin = 8

// statsRange sets the batch mean and biased variance of channels [lo,
// hi), in two passes over each channel's values, its planes in order.
func (p *batchNormPass) statsRange(lo, hi int) {
	c, s, x := p.c, p.s, p.src.Data
	m := float64(p.n * s)
	for ch := lo; ch < hi; ch++ {
		var acc float64
		for i := 0; i < p.n; i++ {
			acc = accSum(acc, x[(i*c+ch)*s:(i*c+ch+1)*s])
		}
		mu := acc / m
		acc = 0
		for i := 0; i < p.n; i++ {
			acc = accSqdev(acc, x[(i*c+ch)*s:(i*c+ch+1)*s], mu)
		}
		p.sum[ch], p.sum2[ch] = mu, acc/m // biased, for normalisation
	}
}

// normRange sets x̂ and y of planes [lo, hi) (plane i·C + ch).
func (p *batchNormPass) normRange(lo, hi int) {
	c, s, st := p.c, p.s, p.st
	for pl := lo; pl < hi; pl++ {
		ch := pl % c
		mu, is := p.sum[ch], p.invStd[ch]
		xr, hr, yr := p.src.Data[pl*s:(pl+1)*s], p.xhat[pl*s:(pl+1)*s], p.y.Data[pl*s:(pl+1)*s]
		if st.weight == nil {
			normalize(nil, hr, xr, mu, is, 0, 0)
			copy(yr, hr)
			continue
		}
		normalize(yr, hr, xr, mu, is, st.weight.Value.Data[ch], st.bias.Value.Data[ch])
	}
}

// normalize is kernels.BatchNorm, in a plain loop on planes shorter than
// bnKernelMin.
func normalize(y, xhat, x []float32, mu, is float64, g, be float32) {
	if len(x) >= bnKernelMin {
		kernels.BatchNorm(y, xhat, x, mu, is, g, be)
		return
	}
	for k, v := range x {
		xhat[k] = float32((float64(v) - mu) * is)
	}
	for k, h := range xhat[:len(y)] {
		y[k] = float32(g*h) + be
	}
}

// backward sets the gradients of weight and bias (nil without affine) to
// Σ dy·x̂ and Σ dy per channel, and returns dx if needDx: with the batch
// statistics, which depend on x, dx = γ/(M·σ)·(M·dy − Σdy − x̂·Σ(dy·x̂))
// over the channel's M values; with the running ones dx = γ·dy/σ. γ is 1
// without affine.
func (p *batchNormPass) backward(dy *Tensor, s int, needDx bool, weight, bias *Param) *Tensor {
	p.begin(dy, s)
	c, n := p.c, p.n
	p.weight = weight
	p.split(c, n*s, p.grads)
	dg, db := p.sum, p.sum2
	if weight != nil {
		for ch := range dg {
			weight.Grad.Data[ch] = float32(dg[ch])
			bias.Grad.Data[ch] = float32(db[ch])
		}
	}
	if !needDx {
		p.src, p.weight = nil, nil
		return nil
	}
	p.dx.resizeAs(dy)
	p.split(n*c, s, p.dxs)
	p.src, p.weight = nil, nil
	return &p.dx
}

// gradsRange sets Σ dy·x̂ and Σ dy of channels [lo, hi), their planes
// in order.
func (p *batchNormPass) gradsRange(lo, hi int) {
	c, s, dy := p.c, p.s, p.src.Data
	for ch := lo; ch < hi; ch++ {
		var g, b float64
		for i := 0; i < p.n; i++ {
			l, h := (i*c+ch)*s, (i*c+ch+1)*s
			b = accSum(b, dy[l:h])
			g = accDot(g, dy[l:h], p.xhat[l:h])
		}
		p.sum[ch], p.sum2[ch] = g, b
	}
}

// dxRange sets dx of planes [lo, hi).
func (p *batchNormPass) dxRange(lo, hi int) {
	c, s := p.c, p.s
	dg, db := p.sum, p.sum2
	m := float64(p.n * s)
	for pl := lo; pl < hi; pl++ {
		ch := pl % c
		k := p.invStd[ch]
		if p.weight != nil {
			k *= float64(p.weight.Value.Data[ch])
		}
		hr, dr, dyr := p.xhat[pl*s:(pl+1)*s], p.dx.Data[pl*s:(pl+1)*s], p.src.Data[pl*s:(pl+1)*s]
		switch {
		case !p.batch:
			normalize(nil, dr, dyr, 0, k, 0, 0) // k·dy
		case s >= bnKernelMin:
			kernels.BatchNormBackward(dr, dyr, hr, m, db[ch], dg[ch], k/m)
		default:
			for j, v := range dyr {
				t := float64(m*float64(v)) - db[ch]
				dr[j] = float32(k / m * (t - float64(float64(hr[j])*dg[ch])))
			}
		}
	}
}

// accSum returns acc plus the sum of x: kernels.Dssum's, or on planes
// shorter than bnKernelMin each value added to acc in turn.
func accSum(acc float64, x []float32) float64 {
	if len(x) >= bnKernelMin {
		return acc + kernels.Dssum(x)
	}
	for _, v := range x {
		acc += float64(v)
	}
	return acc
}

// accSqdev is accSum for the squared deviations from mu (kernels.Dssqdev).
func accSqdev(acc float64, x []float32, mu float64) float64 {
	if len(x) >= bnKernelMin {
		return acc + kernels.Dssqdev(x, mu)
	}
	for _, v := range x {
		d := float64(v) - mu
		acc += float64(d * d) // unfused: see nn/doc.go
	}
	return acc
}

// accDot is accSum for the products x[k]·y[k] (kernels.Dsdot).
func accDot(acc float64, x, y []float32) float64 {
	if len(x) >= bnKernelMin {
		return acc + kernels.Dsdot(x, y)
	}
	for k, v := range x {
		acc += float64(v) * float64(y[k]) // exact in float64: fusing changes nothing
	}
	return acc
}
