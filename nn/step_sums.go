package nn

import (
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// A training step reads every parameter twice before its update: the
// gradients' sums of squares for the global norm (GradNorm), and, for an
// optimizer whose step the Trainer proves finite (provenOptimizer), the
// weights' for their bound (gradWeightBounds). On one goroutine these
// passes over 784-256-128-10's 235k values took about 20 µs, on the
// caller alone while another core's worker waited: 3% of a two-thread
// step. Each gradient's sum is computed whole by one kernels.SumSquares
// call, and the norm folded in parameter order as GradNorm folds it, so
// the norm is GradNorm's bits for any thread count. A step by row pieces
// takes the gradients' sums in its weight-gradient region
// (rowStep.sumGrads); otherwise stepSums runs them as units of one
// parallel region, with the weights'. The weights are summed in the
// parts an optimizer's parallel update cuts them into (paramParts), on two
// or more threads as the first units, which the caller and the workers
// claim first in turn: the goroutine that sums a part's weights is then
// mostly the one that updates them next, on the same core. A part's sum
// is a float64 sum of float32 sums, and bounds the part's weights as any
// such sum does (sumSquaresBound), though its bits depend on the thread
// count.

// stepSums holds one step's sums of squares (see above); its slices and
// func are kept from step to step, so a step allocates nothing.
type stepSums struct {
	params []*Param
	grad   []float32 // SumSquares of each parameter's gradient
	parts  paramParts
	weight []float64 // sum of squares of each part's weights, when measured
	// weights reports whether weight holds the weights as they are now:
	// set by measure, cleared once the update has run (forget).
	weights bool
	// summed reports that grad already holds the gradients' sums, taken
	// by the backward pass (rowStep.sumGrads); measure takes them and
	// clears it.
	summed bool
	fn     func(lo, hi int)
}

// measure computes the sums of squares of params' gradients (unless the
// backward pass has, see summed) and, with weights, of their values, on up
// to threads goroutines, and returns the gradients' global norm,
// GradNorm(params).
func (s *stepSums) measure(params []*Param, weights bool, threads int) float64 {
	if s.fn == nil {
		s.fn = s.units
	}
	s.params, s.weights = params, weights
	s.grad = grow(&s.grad, len(params))
	units := len(params)
	if s.summed {
		units = 0
	}
	if weights {
		total := 0
		for _, p := range params {
			total += len(p.Value.Data)
		}
		s.parts.cut(params, 0, total, max(threads, 1), 0)
		s.weight = grow(&s.weight, s.parts.count())
		units += s.parts.count()
	}
	region(units, s.fn, threads)
	s.params, s.summed = nil, false
	var ss float64
	for _, g := range s.grad {
		ss += float64(g)
	}
	return math.Sqrt(ss)
}

// units computes units [lo, hi): the parameters' gradients in order and,
// with weights, the parts' weights, first on two or more threads (see
// above) and last on one, where the gradients the weight-gradient pass
// has just written are then read while they are still in cache (the
// weights first took 8-10 µs more of a 784-256-128-10 step).
func (s *stepSums) units(lo, hi int) {
	grads, parts := len(s.params), 0
	if s.summed {
		grads = 0
	}
	if s.weights {
		parts = s.parts.count()
	}
	first := 0 // the first gradient unit
	if parts > 1 {
		first = parts
	}
	for u := lo; u < hi; u++ {
		if u >= first && u < first+grads {
			s.grad[u-first] = kernels.SumSquares(s.params[u-first].Grad.Data)
			continue
		}
		k := u
		if parts == 1 {
			k = u - grads
		}
		var sum float64
		for _, r := range s.parts.part(k) {
			sum += float64(kernels.SumSquares(r.p.Value.Data[r.lo:r.hi]))
		}
		s.weight[k] = sum
	}
}

// weightParts returns the number of parts whose weights measure summed,
// or 0 if it did not sum them or the weights have been updated since.
func (s *stepSums) weightParts() int {
	if s == nil || !s.weights {
		return 0
	}
	return s.parts.count()
}

// weightPart returns part k's sum of squares and elements.
func (s *stepSums) weightPart(k int) (sum float64, n int) {
	for _, r := range s.parts.part(k) {
		n += r.hi - r.lo
	}
	return s.weight[k], n
}

// forget drops the weights' sums: the update has changed the weights.
func (s *stepSums) forget() { s.weights = false }
