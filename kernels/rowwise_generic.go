package kernels

import "math"

func rowMaxGo(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		dst[i] = maxGo(a[i*cols : (i+1)*cols])
	}
}

// maxGo returns the maximum of x, NaN if x holds a NaN, -Inf if empty.
func maxGo(x []float32) float32 {
	m := float32(math.Inf(-1))
	for _, v := range x {
		if v != v {
			return v
		}
		if v > m {
			m = v
		}
	}
	return m
}

func rowArgmaxGo(dst []int, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		row := a[i*cols : (i+1)*cols]
		best := 0
		for j, v := range row {
			if v != v {
				best = j
				break
			}
			if v > row[best] {
				best = j
			}
		}
		dst[i] = best
	}
}

func rowSumGo(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		dst[i] = sumGo(a[i*cols : (i+1)*cols])
	}
}

func softmaxGo(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := maxGo(x)
		var s float32
		for j, v := range x {
			e := float32(math.Exp(float64(v - m)))
			y[j] = e
			s += e
		}
		inv := 1 / s
		for j := range y {
			y[j] *= inv
		}
	}
}

func logSoftmaxGo(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := maxGo(x)
		var s float32
		for _, v := range x {
			s += float32(math.Exp(float64(v - m)))
		}
		// (v-m) - log(s) rather than v - (m+log(s)): the latter loses
		// everything below m's last bit when |m| is large.
		ls := float32(math.Log(float64(s)))
		for j, v := range x {
			y[j] = (v - m) - ls
		}
	}
}

func addBiasGo(c, bias []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		addGo(c[i*cols:(i+1)*cols], c[i*cols:(i+1)*cols], bias)
	}
}

func colSumGo(dst, a []float32, rows, cols int) {
	clear(dst)
	for i := 0; i < rows; i++ {
		addGo(dst, dst, a[i*cols:(i+1)*cols])
	}
}
