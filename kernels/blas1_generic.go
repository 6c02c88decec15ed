package kernels

import "math"

// Products are rounded explicitly (float32(a*b)) so that no compiler fuses
// them into FMAs: the generic level gives the same bits on every
// architecture (see gemmMicroGo).

func saxpyGo(a float32, x, y []float32) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float32(a * v)
	}
}

func sscalGo(a float32, x []float32) {
	for i := range x {
		x[i] *= a
	}
}

// The reductions keep four partial sums, like the vector levels, which is
// faster than one and no less accurate.

func sdotGo(x, y []float32) float32 {
	y = y[:len(x)]
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += float32(x[i] * y[i])
		s1 += float32(x[i+1] * y[i+1])
		s2 += float32(x[i+2] * y[i+2])
		s3 += float32(x[i+3] * y[i+3])
	}
	for ; i < len(x); i++ {
		s0 += float32(x[i] * y[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func sasumGo(x []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += abs32(x[i])
		s1 += abs32(x[i+1])
		s2 += abs32(x[i+2])
		s3 += abs32(x[i+3])
	}
	for ; i < len(x); i++ {
		s0 += abs32(x[i])
	}
	return (s0 + s1) + (s2 + s3)
}

func sumGo(x []float32) float32 {
	var s0, s1, s2, s3 float32
	i := 0
	for ; i+4 <= len(x); i += 4 {
		s0 += x[i]
		s1 += x[i+1]
		s2 += x[i+2]
		s3 += x[i+3]
	}
	for ; i < len(x); i++ {
		s0 += x[i]
	}
	return (s0 + s1) + (s2 + s3)
}

func sumsqGo(x []float32) float32 { return sdotGo(x, x) }

func abs32(v float32) float32 { return math.Float32frombits(math.Float32bits(v) &^ (1 << 31)) }
