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
// step. stepSums runs them as units of one parallel region, each sum
// computed whole by one kernels.SumSquares call and the norm folded in
// parameter order as GradNorm folds it, so the values are GradNorm's and
// maxAbsBound's bits for any thread count. A step by row pieces on one
// thread takes the gradients' sums in its weight-gradient region instead
// (rowStep.sumGrads), with the same calls.

// stepSums holds one step's sums of squares (see above); its slices and
// func are kept from step to step, so a step allocates nothing.
type stepSums struct {
	params []*Param
	grad   []float32 // SumSquares of each parameter's gradient
	weight []float32 // SumSquares of each parameter's weights, when measured
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
	s.weight = grow(&s.weight, len(params))
	units := len(params)
	switch {
	case s.summed && !weights:
		units = 0
	case weights && !s.summed:
		units *= 2
	}
	region(units, s.fn, threads)
	s.params, s.summed = nil, false
	var ss float64
	for _, g := range s.grad {
		ss += float64(g)
	}
	return math.Sqrt(ss)
}

// units computes units [lo, hi): unit 2i is parameter i's gradient, unit
// 2i+1 its weights (with weights, the gradients not yet summed); else unit
// i is parameter i's gradient, or its weights when the gradients are
// summed.
func (s *stepSums) units(lo, hi int) {
	for u := lo; u < hi; u++ {
		switch {
		case s.summed:
			s.weight[u] = kernels.SumSquares(s.params[u].Value.Data)
		case !s.weights:
			s.grad[u] = kernels.SumSquares(s.params[u].Grad.Data)
		case u%2 == 0:
			s.grad[u/2] = kernels.SumSquares(s.params[u/2].Grad.Data)
		default:
			s.weight[u/2] = kernels.SumSquares(s.params[u/2].Value.Data)
		}
	}
}

// weightSum returns the sum of squares of the model's parameter i that
// measure took, if it took one for it and the weights have not been
// updated since; measured is false otherwise, and the caller measures
// them itself.
func (s *stepSums) weightSum(i int) (sum float32, measured bool) {
	if s == nil || !s.weights {
		return 0, false
	}
	if i < 0 || i >= len(s.weight) {
		return 0, false
	}
	return s.weight[i], true
}

// forget drops the weights' sums: the update has changed the weights.
func (s *stepSums) forget() { s.weights = false }
