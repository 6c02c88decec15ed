package nn

// A Sequential runs a ReLU followed by a MaxPool2d(2) (the 2×2 window of
// kernels.MaxPool2x2) as one pass each way, the common ending of a
// convolution block. The pair's results are those of the two layers:
//
//   - forward: pooling the ReLU's input x and then applying the ReLU to
//     the pooled values gives the pooled ReLU outputs, since ReLU is
//     monotone, keeps NaN and the pooling's ties go to the first tap: a
//     window's maximum M > 0 is the same input at the same first index
//     either way, a NaN the same last NaN. A window with M ≤ 0 pools to
//     relu(M), which is ±0 as pooling the ReLU's outputs gives (the sign
//     of that zero may differ, -0 and +0 being equal), and its argmax may
//     name another input of the window: its gradient is 0 wherever it
//     goes (below). The ReLU's full-size output is never written: it is
//     read by nobody but the pooling (its health tracking reads x, which
//     is positive where the output is).
//   - backward: the gradient reaching the ReLU's input at the argmax of
//     window o is dy[o] where x there is positive, else 0, and 0 at the
//     window's other inputs. x at the argmax is positive exactly where
//     the pooled value y[o] is, so dy is masked by y (a quarter of the
//     values) and scattered by kernels.MaxPool2x2Backward straight into
//     the gradient of x, which the ReLU's backward pass then would have
//     written: its pass, and the pooling's full-size input gradient, are
//     skipped.
//
// The gradients are bit-identical to the two layers' passes.

// planFusion marks the layers i whose ReLU at i is followed by a 2×2
// MaxPool2d at i+1; NewSequential calls it after building the layers.
func (s *Sequential) planFusion() {
	s.reluPool = make([]bool, len(s.Layers))
	for i := 0; i+1 < len(s.Layers); i++ {
		_, relu := s.Layers[i].(*ReLU)
		pool, ok := s.Layers[i+1].(*MaxPool2d)
		s.reluPool[i] = relu && ok && pool.fast
	}
}

// fusedPair returns the ReLU at i and the MaxPool2d after it when
// planFusion paired them.
func (s *Sequential) fusedPair(i int) (*ReLU, *MaxPool2d, bool) {
	if i < 0 || i >= len(s.reluPool) || !s.reluPool[i] {
		return nil, nil, false
	}
	return s.Layers[i].(*ReLU), s.Layers[i+1].(*MaxPool2d), true
}

// forwardReLUPool runs ReLU r then MaxPool2d m on x in one pass over
// m's planes (see above) and returns m's output.
func forwardReLUPool(r *ReLU, m *MaxPool2d, x *Tensor) *Tensor {
	r.x = x
	r.track()
	m.afterReLU = true
	return m.forwardArg(x)
}
