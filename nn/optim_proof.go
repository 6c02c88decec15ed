package nn

import (
	"math"
	"slices"

	"github.com/brawn-ml/brawn/kernels"
)

// A step the Trainer can prove finite beforehand needs no undo: stepGuard's
// backup costs a write of the whole optimizer state per step (for Adam,
// weights and both moments, three times the model), the proof one read of
// the weights. The proof is interval arithmetic on the update's formula:
// from bounds on the magnitudes of the gradients (the global gradient norm
// the Trainer computes anyway), of the weights (measured: one vectorised
// sum of squares per parameter) and of the optimizer's buffers (carried
// from step to step, see stateBounds), it bounds every intermediate of the
// update with some slack for float32 rounding. When every bound is below
// proofLimit, no float32 operation of the update can overflow, and with
// finite operands, non-negative second moments and a positive eps, none
// can make a NaN, so the weights and buffers after the step are finite and
// the plain update runs. Otherwise the guarded update runs, with the
// backup that lets a non-finite step be undone. The bounds' products are
// not rounded explicitly as the updates' are (nn/doc.go): a compiler that
// fuses one into an FMA moves a bound by far less than proofSlack, and a
// bound only chooses between two updates that give the same bits.

// proofLimit is the largest bound a proven step may reach: far below
// float32's overflow (2^128), so slack in the bounds cannot matter.
const proofLimit = 0x1p100

// proofSlack is the relative slack applied to each bounded operation: a
// few float32 roundings (2^-24 each) and float32 versus float64 factors.
const proofSlack = 1 + 0x1p-20

// stateBounds bounds an optimizer's buffers between steps: while known,
// buf[k] >= |x| for every element x of buffer k (in o.bufNames order) of
// every parameter, and the buffers that must not be negative (Adam's
// second moments) are not. The Trainer's proven steps carry them forward
// (next holds them for the step being run); any other change of the
// buffers (an unproven Step, Import) makes them unknown, and the next
// proof measures them again.
type stateBounds struct {
	known     bool
	buf, next []float64
	params    []*Param  // gradWeightBounds's scratch, kept to reuse
	sums      *stepSums // the Trainer's sums of the weights, if it measured them (see stepSums)
}

// sumSquaresBound returns an upper bound of max |x[i]| from a float32 sum
// of squares s of n elements (kernels.SumSquares, or a sum of such sums in
// float64), and false when s is not finite or n too large for the bound.
// A float32 sum of n non-negative terms, in any order, is at least
// (1-(n+1)u) times the exact one (u = 2^-24, here 2^-23 for margin), and a
// square that underflows loses less than 2^-149, so max x² <= s/(1-(n+2)·2^-23)
// + n·2^-149, whose root is below the returned value.
func sumSquaresBound(s float64, n int) (float64, bool) {
	r := float64(n+2) * 0x1p-23
	if !(s <= math.MaxFloat32) || r > 0.5 {
		return 0, false
	}
	return math.Sqrt(s/(1-r)) + 0x1p-60, true
}

// maxAbsBound is sumSquaresBound of x's own sum of squares: an upper bound
// of max |x[i]|, and false when an element of x is NaN or infinite (or the
// squares overflow).
func maxAbsBound(x []float32) (float64, bool) {
	return sumSquaresBound(float64(kernels.SumSquares(x)), len(x))
}

// knowBounds measures o's buffer bounds if they are unknown, and reports
// whether they are known: false when a buffer has a non-finite element,
// or an element of buffer k is negative where nonNeg(k).
func (o *optimBase) knowBounds(nonNeg func(k int) bool) bool {
	b := &o.bounds
	if b.known {
		return true
	}
	for k, n := range o.bufNames {
		b.buf[k] = 0
		for _, x := range o.bufs[n] {
			m, ok := maxAbsBound(x)
			if !ok || nonNeg(k) && slices.ContainsFunc(x, func(v float32) bool { return v < 0 }) {
				return false
			}
			b.buf[k] = max(b.buf[k], m)
		}
	}
	b.known = true
	return true
}

// gradWeightBounds returns bounds of |g| and |w| over o's parameters given
// the global gradient norm of model (GradNorm before clipping, which only
// shrinks gradients), and false when a parameter is not among model's (its
// gradient is not in the norm), is in two groups (it would be updated
// twice) or has a non-finite weight.
func (o *optimBase) gradWeightBounds(model []*Param, gnorm float64) (gmax, wmax float64, ok bool) {
	n := 0
	seen := o.bounds.params[:0]
	for _, g := range o.groups {
		for _, p := range g.Params {
			i := slices.Index(model, p)
			if i < 0 || slices.Contains(seen, p) {
				return 0, 0, false
			}
			seen = append(seen, p)
			m, ok := o.weightBound(i, p)
			if !ok {
				return 0, 0, false
			}
			wmax, n = max(wmax, m), max(n, len(p.Value.Data))
		}
	}
	o.bounds.params = seen
	gmax, ok = sumSquaresBound(gnorm*gnorm, n)
	return gmax, wmax, ok
}

// weightBound is sumSquaresBound of p's values, from the sum of squares
// the Trainer measured for this step when it did (see stepSums), else
// measured here as the Trainer would have; p is the model's parameter i.
func (o *optimBase) weightBound(i int, p *Param) (float64, bool) {
	s, measured := o.bounds.sums.weightSum(i)
	if !measured {
		s = sumSquares(p, p.Value.Data)
	}
	return sumSquaresBound(s, len(p.Value.Data))
}

// useSums gives the optimizer the Trainer's step sums, whose weight sums
// its proofs then take instead of measuring the weights again.
func (o *optimBase) useSums(s *stepSums) { o.bounds.sums = s }

// provenOptimizer is implemented by the optimizers whose steps the Trainer
// can prove finite beforehand.
type provenOptimizer interface {
	// proveStep reports whether the next Step, on the gradients of model
	// whose global norm is gnorm, is proven to leave every weight and
	// buffer finite; if so, the caller runs Step and then endProvenStep.
	proveStep(model []*Param, gnorm float64) bool
	endProvenStep()
}

// endProvenStep records the bounds of the buffers after a proven step.
func (o *optimBase) endProvenStep() {
	o.proven = false
	o.bounds.buf, o.bounds.next = o.bounds.next, o.bounds.buf
}

// within reports whether every x is at most proofLimit (and not NaN).
func within(xs ...float64) bool {
	for _, x := range xs {
		if !(x <= proofLimit) {
			return false
		}
	}
	return true
}

// proveStep implements provenOptimizer for Adam, AdamW and their AMSGrad
// variants, following kernels.AdamStep and amsgradStep.update term by
// term: g' = g + l2·w, m = β1·m + (1−β1)·g', v = β2·v + (1−β2)·g'²,
// (v̂max = max(v̂max, v)), d = sqrt(v)·/sqrt(1−β2^t) + eps >= eps > 0,
// u = lr/(1−β1^t)·m/d, w = decay·w − u.
func (a *Adam) proveStep(model []*Param, gnorm float64) bool {
	eps := float64(float32(a.cfg.Eps))
	if !(eps > 0) || !a.knowBounds(func(k int) bool { return k > 0 }) {
		return false
	}
	gmax, wmax, ok := a.gradWeightBounds(model, gnorm)
	if !ok {
		return false
	}
	const s = proofSlack
	b1, b2, t := a.cfg.Beta1, a.cfg.Beta2, float64(a.step+1)
	bm, bv := a.bounds.buf[0], a.bounds.buf[1]
	next := a.bounds.next
	clear(next)
	for _, g := range a.groups {
		l2, decay := g.WeightDecay, 1.0
		if a.decoupled {
			l2, decay = 0, 1-g.LR*g.WeightDecay
		}
		gp := (gmax + l2*wmax*s) * s
		m := (b1*bm + (1-b1)*gp*s) * s
		v := (b2*bv + (1-b2)*gp*gp*s) * s
		vd := v // the v in the denominator: v̂max with AMSGrad
		if a.cfg.AMSGrad {
			vd = max(v, a.bounds.buf[2])
		}
		step := g.LR / (1 - math.Pow(b1, t)) * s
		inv := 1 / math.Sqrt(1-math.Pow(b2, t)) * s
		d := (math.Sqrt(vd)*inv*s + eps) * s
		u := step * m / eps * s
		w := (math.Abs(decay)*wmax*s + u) * s
		if !within(gp, m, v, vd, step, inv, d, step*m*s, u, w) {
			return false
		}
		next[0], next[1] = max(next[0], m), max(next[1], v)
		if a.cfg.AMSGrad {
			next[2] = max(next[2], vd)
		}
	}
	a.proven = true
	return true
}

// proveStep implements provenOptimizer for SGD, following kernels.SGDStep
// term by term: d = g + wd·w; with momentum μ, b = d on the first step
// and μ·b + (1−dampening)·d after, then d = d + μ·b (Nesterov) or d = b;
// w = w − lr·d.
func (o *SGD) proveStep(model []*Param, gnorm float64) bool {
	if !o.knowBounds(func(int) bool { return false }) {
		return false
	}
	gmax, wmax, ok := o.gradWeightBounds(model, gnorm)
	if !ok {
		return false
	}
	const s = proofSlack
	mu := o.cfg.Momentum
	next := o.bounds.next
	clear(next)
	for _, g := range o.groups {
		d := (gmax + g.WeightDecay*wmax*s) * s
		b := 0.0
		if mu != 0 {
			b = max(d, (mu*o.bounds.buf[0]+math.Abs(1-o.cfg.Dampening)*d*s)*s)
			if o.cfg.Nesterov {
				d = (d + mu*b*s) * s
			} else {
				d = b
			}
			next[0] = max(next[0], b)
		}
		if !within(d, b, g.LR*d*s, (wmax+g.LR*d*s)*s) {
			return false
		}
	}
	o.proven = true
	return true
}

// proveStep implements provenOptimizer for RMSprop without centering (the
// centered form's v − ḡ² may round below zero, whose root is NaN), term
// by term: g' = g + wd·w, v = α·v + (1−α)·g'², d = sqrt(v) + eps >= eps,
// with momentum μ: b = μ·b + g'/d and w −= lr·b, else w −= lr·g'/d.
func (o *RMSprop) proveStep(model []*Param, gnorm float64) bool {
	eps := float64(float32(o.cfg.Eps))
	if o.cfg.Centered || !(eps > 0) || !o.knowBounds(func(k int) bool { return k == 0 }) {
		return false
	}
	gmax, wmax, ok := o.gradWeightBounds(model, gnorm)
	if !ok {
		return false
	}
	const s = proofSlack
	a, mu := o.cfg.Alpha, o.cfg.Momentum
	next := o.bounds.next
	clear(next)
	for _, g := range o.groups {
		gp := (gmax + g.WeightDecay*wmax*s) * s
		v := (a*o.bounds.buf[0] + (1-a)*gp*gp*s) * s
		q := gp / eps * s // g'/d, and lr·g'/d's numerator is lr·g'
		u := g.LR * q * s
		b := 0.0
		if mu > 0 {
			b = (mu*o.bounds.buf[1] + q) * s
			u = g.LR * b * s
			next[1] = max(next[1], b)
		}
		if !within(gp, v, math.Sqrt(v)+eps, q, g.LR*gp*s, b, u, (wmax+u)*s) {
			return false
		}
		next[0] = max(next[0], v)
	}
	o.proven = true
	return true
}

// proveStep implements provenOptimizer for Adagrad, term by term:
// g' = g + wd·w, s += g'², w −= clr·g'/(sqrt(s) + eps) with
// clr = lr/(1 + (t−1)·lr_decay) <= lr and sqrt(s) + eps >= eps.
func (o *Adagrad) proveStep(model []*Param, gnorm float64) bool {
	eps := float64(float32(o.cfg.Eps))
	if !(eps > 0) || !o.knowBounds(func(int) bool { return true }) {
		return false
	}
	gmax, wmax, ok := o.gradWeightBounds(model, gnorm)
	if !ok {
		return false
	}
	const s = proofSlack
	next := o.bounds.next
	next[0] = 0
	for _, g := range o.groups {
		gp := (gmax + g.WeightDecay*wmax*s) * s
		sum := (o.bounds.buf[0] + gp*gp*s) * s
		u := g.LR * gp * s / eps * s
		if !within(gp, sum, math.Sqrt(sum)+eps, g.LR*gp*s, u, (wmax+u)*s) {
			return false
		}
		next[0] = max(next[0], sum)
	}
	o.proven = true
	return true
}
