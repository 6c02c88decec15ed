//go:build !purego

package kernels

import (
	"math"
	"unsafe"
)

// maxNEON returns the maximum of x (rowwise_arm64.s): -Inf if x is empty,
// NaN if x holds a NaN.
func maxNEON(x []float32) (max float32) { return maxNEONAsm(unsafe.SliceData(x), len(x)) }

// maxNEONAsm is the assembly of maxNEON, on n elements from x.
//
//go:noescape
func maxNEONAsm(x *float32, n int) (max float32)

// subShiftNEON sets dst[i] = (x[i] - m) - ls (rowwise_arm64.s); x is as
// long as dst.
func subShiftNEON(dst, x []float32, m, ls float32) {
	subShiftNEONAsm(unsafe.SliceData(dst), unsafe.SliceData(x), len(dst), m, ls)
}

// subShiftNEONAsm is the assembly of subShiftNEON, on n elements from each
// pointer.
//
//go:noescape
func subShiftNEONAsm(dst, x *float32, n int, m, ls float32)

// maxChunked is maxNEON over chunks; a NaN chunk result stays NaN.
func maxChunked(x []float32) float32 {
	m := float32(math.Inf(-1))
	for len(x) > neonChunk {
		c := maxNEON(x[:neonChunk])
		if c != c {
			return c
		}
		m = max(m, c)
		x = x[neonChunk:]
	}
	c := maxNEON(x)
	if c != c {
		return c
	}
	return max(m, c)
}

func rowMaxNEON(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		dst[i] = maxChunked(a[i*cols : (i+1)*cols])
	}
}

// rowArgmaxNEON finds each row's maximum with the vector kernel, then the
// first index holding it (or the first NaN when the maximum is NaN).
func rowArgmaxNEON(dst []int, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		row := a[i*cols : (i+1)*cols]
		m := maxChunked(row)
		best := 0
		for j, v := range row {
			if v == m || (m != m && v != v) {
				best = j
				break
			}
		}
		dst[i] = best
	}
}

func rowSumNEON(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		dst[i] = reduceChunked(sumNEON, a[i*cols:(i+1)*cols])
	}
}

// softmaxNEON: per row, the maximum m, then dst = e^(a-m) with its sum s
// in one pass, then dst *= 1/s, as the generic level does.
func softmaxNEON(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := maxChunked(x)
		var s float32
		for len(x) > neonChunk {
			s += expShiftSumNEON(y[:neonChunk], x[:neonChunk], m)
			x, y = x[neonChunk:], y[neonChunk:]
		}
		s += expShiftSumNEON(y, x, m)
		sscalNEONChunked(1/s, dst[i*cols:(i+1)*cols])
	}
}

// logSoftmaxNEON: per row, m, s = sum e^(a-m) without storing (dst may
// alias a), then dst = (a - m) - log s, which keeps the bits of a - m
// that m + log s would round away when |m| is large.
func logSoftmaxNEON(dst, a []float32, rows, cols int) {
	for i := 0; i < rows; i++ {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := maxChunked(x)
		var s float32
		for r := x; ; r = r[neonChunk:] {
			if len(r) <= neonChunk {
				s += sumExpShiftNEON(r, m)
				break
			}
			s += sumExpShiftNEON(r[:neonChunk], m)
		}
		ls := float32(math.Log(float64(s)))
		for len(y) > neonChunk {
			subShiftNEON(y[:neonChunk], x[:neonChunk], m, ls)
			x, y = x[neonChunk:], y[neonChunk:]
		}
		subShiftNEON(y, x, m, ls)
	}
}
