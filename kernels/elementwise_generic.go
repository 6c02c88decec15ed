package kernels

import "math"

func addGo(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func subGo(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] - b[i]
	}
}

func mulGo(dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for i := range dst {
		dst[i] = a[i] * b[i]
	}
}

func addsGo(dst, a []float32, s float32) {
	a = a[:len(dst)]
	for i := range dst {
		dst[i] = a[i] + s
	}
}

// saxpbyGo rounds both products explicitly, so that no compiler fuses
// either into an FMA (see gemmMicroGo).
func saxpbyGo(a float32, x []float32, b float32, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] = float32(a*v) + float32(b*y[i])
	}
}

func reluGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		if v < 0 { // NaN < 0 is false: NaN passes through
			v = 0
		}
		dst[i] = v
	}
}

func reluBackwardGo(dx, dy, x []float32) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for i := range dx {
		if !(x[i] <= 0) { // NaN passes dy
			dx[i] = dy[i]
		} else {
			dx[i] = 0
		}
	}
}

func leakyGo(dst, x []float32, slope float32) {
	x = x[:len(dst)]
	for i, v := range x {
		if v < 0 {
			v *= slope
		}
		dst[i] = v
	}
}

func leakyBackwardGo(dx, dy, x []float32, slope float32) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for i := range dx {
		if x[i] > 0 {
			dx[i] = dy[i]
		} else {
			dx[i] = slope * dy[i]
		}
	}
}

// The transcendental functions of the generic level go through float64
// and are correctly rounded to within 1 ulp of float32.

func sigmoidGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(1 / (1 + math.Exp(-float64(v))))
	}
}

func tanhGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(math.Tanh(float64(v)))
	}
}

func expGo(dst, x []float32) {
	x = x[:len(dst)]
	for i, v := range x {
		dst[i] = float32(math.Exp(float64(v)))
	}
}
