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
//     window o is dy[o] where x there is positive or NaN, else 0, and 0
//     at the window's other inputs. x at the argmax is positive (NaN)
//     exactly where the pooled value y[o] is, so dy is masked by y (a
//     quarter of the values) and scattered by kernels.MaxPool2x2Backward
//     straight into the gradient of x, which the ReLU's backward pass
//     then would have written: its pass, and the pooling's full-size
//     input gradient, are skipped.
//
// When a Conv2d comes before the pair, the pair's passes run inside the
// convolution's, a span of samples at a time (Conv2d's then and dyFrom):
// the pooling reads each span of the convolution's output just after the
// convolution wrote it, while it is in the cache, and writes each span of
// the convolution's output gradient into a buffer of the goroutine's
// just before the convolution reads it: that gradient, as large as the
// convolution's output, never goes out to memory.
//
// The gradients are bit-identical to the layers' own passes, and so are
// the outputs but for the sign of a zero; samples and planes are
// independent, so the split over threads changes nothing.

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
// planFusion paired them (and they are still there: Layers is exported).
func (s *Sequential) fusedPair(i int) (*ReLU, *MaxPool2d, bool) {
	if i < 0 || i+1 >= len(s.Layers) || i >= len(s.reluPool) || !s.reluPool[i] {
		return nil, nil, false
	}
	r, ok := s.Layers[i].(*ReLU)
	m, ok2 := s.Layers[i+1].(*MaxPool2d)
	return r, m, ok && ok2 && m.fast
}

// forwardReLUPool runs ReLU r then MaxPool2d m on x in one pass over
// m's planes (see above) and returns m's output.
func forwardReLUPool(r *ReLU, m *MaxPool2d, x *Tensor) *Tensor {
	r.x = x
	r.track()
	m.afterReLU = true
	return m.forwardArg(x)
}

// forwardConvReLUPool runs Conv2d c, then ReLU r and MaxPool2d m fused as
// forwardReLUPool does, each span of c's samples being pooled as soon as
// c has written it, while it is in the cache. It returns m's output.
func forwardConvReLUPool(c *Conv2d, r *ReLU, m *MaxPool2d, x *Tensor) *Tensor {
	n := x.Rows()
	m.afterReLU = true
	m.growArg(n)
	m.y.resize(n, m.out)
	c.then = m.fwdSamples
	// c's output is read by m alone, but for the ReLU's health tracking.
	c.spanY = !r.tracking()
	y := c.Forward(x)
	c.then, c.spanY = nil, false
	r.x = y
	r.track()
	return &m.y
}

// backwardConvReLUPool runs the backward passes of MaxPool2d m and the
// ReLU before it, fused, then of Conv2d c, each span of c's samples getting its output
// gradient from m just before c reads it (m.dx only carries its shape).
// It returns c's input gradient (nil without needDx).
func backwardConvReLUPool(c *Conv2d, m *MaxPool2d, dy *Tensor, needDx bool) *Tensor {
	m.masked = grow(&m.masked, len(dy.Data))
	m.src = dy
	m.dx.view(nil, dy.Rows(), m.in) // c's output gradient: its shape; dyFrom gives the values
	c.dyFrom = m.bwdSamples
	dx := c.Backward(&m.dx, needDx)
	c.dyFrom, m.src = nil, nil
	return dx
}

// forwardLayer runs layer i of s on x, or the fused layers starting at
// i, and returns their output and the last layer run.
func (s *Sequential) forwardLayer(i int, x *Tensor) (*Tensor, int) {
	if r, m, ok := s.fusedPair(i); ok {
		return forwardReLUPool(r, m, x), i + 1
	}
	if c, ok := s.Layers[i].(*Conv2d); ok {
		if r, m, ok := s.fusedPair(i + 1); ok {
			return forwardConvReLUPool(c, r, m, x), i + 2
		}
	}
	return s.Layers[i].Forward(x), i
}

// backwardLayer runs the backward pass of layer i of s on dy, or of the
// fused layers ending at i, and returns the input gradient and the
// first layer run.
func (s *Sequential) backwardLayer(i int, dy *Tensor) (*Tensor, int) {
	if _, m, ok := s.fusedPair(i - 1); ok && m.afterReLU && i-1 > s.firstParam {
		if c, ok := s.Layers[i-2].(*Conv2d); ok && i-2 >= s.firstParam {
			return backwardConvReLUPool(c, m, dy, i-2 > s.firstParam), i - 2
		}
		return m.Backward(dy, true), i - 1 // the ReLU's input gradient
	}
	return s.Layers[i].Backward(dy, i > s.firstParam), i
}
