package bench

import "math"

// Plain Go loops, written as a Go programmer would without brawn: the
// baseline of the elementwise table. Each computes what the kernels
// function of the same name computes.

func loopSaxpy(a float32, x, y []float32) {
	for i, v := range x {
		y[i] += a * v
	}
}

func loopSscal(a float32, x []float32) {
	for i := range x {
		x[i] *= a
	}
}

func loopSdot(x, y []float32) float32 {
	var s float32
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

func loopSasum(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += float32(math.Abs(float64(v)))
	}
	return s
}

func loopSum(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v
	}
	return s
}

func loopSumSquares(x []float32) float32 {
	var s float32
	for _, v := range x {
		s += v * v
	}
	return s
}

func loopAdd(dst, a, b []float32) {
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func loopSub(dst, a, b []float32) {
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func loopMul(dst, a, b []float32) {
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

func loopAddScalar(dst, a []float32, s float32) {
	for i := range dst {
		dst[i] = a[i] + s
	}
}

func loopSaxpby(a float32, x []float32, b float32, y []float32) {
	for i, v := range x {
		y[i] = a*v + b*y[i]
	}
}

func loopReLU(dst, x []float32) {
	for i, v := range x {
		dst[i] = max(v, 0)
	}
}

func loopReLUBackward(dx, dy, x []float32) {
	for i, v := range x {
		if v > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = 0
		}
	}
}

func loopLeakyReLU(dst, x []float32, slope float32) {
	for i, v := range x {
		if v > 0 {
			dst[i] = v
		} else {
			dst[i] = slope * v
		}
	}
}

func loopLeakyReLUBackward(dx, dy, x []float32, slope float32) {
	for i, v := range x {
		if v > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = slope * dy[i]
		}
	}
}

func loopSigmoid(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
}

func loopTanh(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(math.Tanh(float64(v)))
	}
}

func loopExp(dst, x []float32) {
	for i, v := range x {
		dst[i] = float32(math.Exp(float64(v)))
	}
}

func loopRowMax(dst, a []float32, rows, cols int) {
	for r := range rows {
		row := a[r*cols : (r+1)*cols]
		m := row[0]
		for _, v := range row[1:] {
			m = max(m, v)
		}
		dst[r] = m
	}
}

func loopRowArgmax(dst []int, a []float32, rows, cols int) {
	for r := range rows {
		row := a[r*cols : (r+1)*cols]
		best := 0
		for j, v := range row {
			if v > row[best] {
				best = j
			}
		}
		dst[r] = best
	}
}

func loopRowSum(dst, a []float32, rows, cols int) {
	for r := range rows {
		dst[r] = loopSum(a[r*cols : (r+1)*cols])
	}
}

func loopSoftmax(dst, a []float32, rows, cols int) {
	for r := range rows {
		in, out := a[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		m := in[0]
		for _, v := range in {
			m = max(m, v)
		}
		var s float32
		for j, v := range in {
			out[j] = float32(math.Exp(float64(v - m)))
			s += out[j]
		}
		for j := range out {
			out[j] /= s
		}
	}
}

func loopLogSoftmax(dst, a []float32, rows, cols int) {
	for r := range rows {
		in, out := a[r*cols:(r+1)*cols], dst[r*cols:(r+1)*cols]
		m := in[0]
		for _, v := range in {
			m = max(m, v)
		}
		var s float64
		for _, v := range in {
			s += math.Exp(float64(v - m))
		}
		lse := m + float32(math.Log(s))
		for j, v := range in {
			out[j] = v - lse
		}
	}
}

func loopAddBias(c, bias []float32, rows, cols int) {
	for r := range rows {
		row := c[r*cols : (r+1)*cols]
		for j, b := range bias {
			row[j] += b
		}
	}
}

func loopColSum(dst, a []float32, rows, cols int) {
	clear(dst)
	for r := range rows {
		for j, v := range a[r*cols : (r+1)*cols] {
			dst[j] += v
		}
	}
}

// loopSGDStep is SGD with momentum and weight decay as torch.optim.SGD
// applies it after the first step.
func loopSGDStep(w, g, buf []float32, lr, mu, wd float32) {
	for i := range w {
		d := g[i] + wd*w[i]
		buf[i] = mu*buf[i] + d
		w[i] -= lr * buf[i]
	}
}

// loopAdamStep is one Adam step (Kingma & Ba 2015) with PyTorch's bias
// correction, at step t.
func loopAdamStep(w, g, m, v []float32, lr, b1, b2, eps float32, t int) {
	bc1 := 1 - math.Pow(float64(b1), float64(t))
	bc2 := 1 - math.Pow(float64(b2), float64(t))
	stepSize := lr / float32(bc1)
	sq := float32(math.Sqrt(bc2))
	for i, gi := range g {
		m[i] = b1*m[i] + (1-b1)*gi
		v[i] = b2*v[i] + (1-b2)*gi*gi
		w[i] -= stepSize * m[i] / (float32(math.Sqrt(float64(v[i])))/sq + eps)
	}
}

// loopSgemv is y = A·x for a row-major rows×cols A: one dot product per
// row.
func loopSgemv(y, a, x []float32, rows, cols int) {
	for r := range rows {
		y[r] = loopSdot(a[r*cols:(r+1)*cols], x)
	}
}
