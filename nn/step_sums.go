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
// step. stepSums runs them as the calls of one parallel region, one
// kernels.SumSquares call per block of a parameter (see sumSquares), and
// folds them in parameter and block order as GradNorm does, so the values
// are GradNorm's and sumSquares' bits for any thread count. A step by row
// pieces on one thread takes the gradients' sums in its weight-gradient
// region instead (rowStep.sumGrads), with the same calls.

// stepSums holds one step's sums of squares (see above); its slices and
// func are kept from step to step, so a step allocates nothing.
type stepSums struct {
	params []*Param
	grad   []float64 // sumSquares of each parameter's gradient
	weight []float64 // sumSquares of each parameter's weights, when measured
	// weights reports whether weight holds the weights as they are now:
	// set by measure, cleared once the update has run (forget).
	weights bool
	// summed reports that grad already holds the gradients' sums, taken
	// by the backward pass (rowStep.sumGrads); measure takes them and
	// clears it.
	summed bool
	fn     func(lo, hi int)
	// calls are the region's kernels.SumSquares calls, part their sums.
	calls []sumCall
	part  []float64
}

// sumCall is one kernels.SumSquares call of stepSums' region: elements
// [lo, hi) of parameter i's gradient or, with weight, its values.
type sumCall struct {
	i, lo, hi int
	weight    bool
}

// blocks returns the size and count of the blocks of p's elements whose
// sums of squares sumSquares adds: p.block elements each (the last one
// shorter), or all of them as one.
func blocks(p *Param) (size, count int) {
	n := len(p.Value.Data)
	if p.block <= 0 || p.block >= n {
		return max(n, 1), 1
	}
	return p.block, (n + p.block - 1) / p.block
}

// sumSquares returns the sum of squares of x, p's values or gradient: one
// kernels.SumSquares call per block of p (see blocks), added in order in
// float64. The global gradient norm and the step sums take every sum of
// squares of a gradient or weight from here, so each block can be summed
// by the goroutine that computed it, on any thread count, with the same
// bits.
func sumSquares(p *Param, x []float32) float64 {
	size, count := blocks(p)
	var s float64
	for b := range count {
		s += float64(kernels.SumSquares(x[b*size : min((b+1)*size, len(x))]))
	}
	return s
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
	s.calls = s.calls[:0]
	for i, p := range params {
		if !s.summed {
			s.calls = appendBlocks(s.calls, i, p, false)
		}
		if weights {
			s.calls = appendBlocks(s.calls, i, p, true)
		}
	}
	s.part = grow(&s.part, len(s.calls))
	region(len(s.calls), s.fn, threads)
	for i := range params {
		if !s.summed {
			s.grad[i] = 0
		}
		s.weight[i] = 0
	}
	for k, u := range s.calls {
		if u.weight {
			s.weight[u.i] += s.part[k]
		} else {
			s.grad[u.i] += s.part[k]
		}
	}
	s.params, s.summed = nil, false
	var ss float64
	for _, g := range s.grad {
		ss += g
	}
	return math.Sqrt(ss)
}

// units computes calls [lo, hi).
func (s *stepSums) units(lo, hi int) {
	for k := lo; k < hi; k++ {
		u := s.calls[k]
		x := s.params[u.i].Grad.Data
		if u.weight {
			x = s.params[u.i].Value.Data
		}
		s.part[k] = float64(kernels.SumSquares(x[u.lo:u.hi]))
	}
}

// appendBlocks appends the calls for parameter i's blocks (see blocks),
// of its gradient or, with weight, of its values. The blocks of the
// model's first parameter are the region's first calls, so its
// gradient's block b is chunk b, as in a step by row pieces' other
// regions (see rowStep).
func appendBlocks(calls []sumCall, i int, p *Param, weight bool) []sumCall {
	size, count := blocks(p)
	for b := range count {
		calls = append(calls, sumCall{i, b * size, min((b+1)*size, len(p.Value.Data)), weight})
	}
	return calls
}

// weightSum returns the sum of squares of the model's parameter i that
// measure took, if it took one for it and the weights have not been
// updated since; measured is false otherwise, and the caller measures
// them itself.
func (s *stepSums) weightSum(i int) (sum float64, measured bool) {
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
