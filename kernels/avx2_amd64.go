//go:build !purego

package kernels

import (
	"math"
	"unsafe"
)

// avx2Chunk is the most elements one assembly call handles. Assembly
// functions cannot be preempted, so the wrappers below split long slices
// into chunks of 16Ki elements (64 KiB per operand, a few microseconds of
// work) and the garbage collector can stop the goroutine between them.
const avx2Chunk = 1 << 14

// avx2TailMask holds eight all-ones lanes followed by eight zero lanes. The
// 8 lanes starting at element 8-k select the first k lanes: the assembly
// uses them with VMASKMOVPS to load and store the last 1..7 elements of a
// slice without touching memory past its end.
var avx2TailMask = [16]int32{-1, -1, -1, -1, -1, -1, -1, -1}

// avx2Table returns the AVX2+FMA level.
func avx2Table() *table {
	return &table{
		level: AVX2,
		saxpy: func(a float32, x, y []float32) { each2(x, y, func(x, y []float32) { saxpyAVX2(a, x, y) }) },
		sscal: func(a float32, x []float32) { each1(x, func(x []float32) { sscalAVX2(a, x) }) },
		sdot:  sdotChunked,
		sasum: func(x []float32) float32 { return reduce(sasumAVX2, x) },
		sum:   func(x []float32) float32 { return reduce(sumAVX2, x) },
		sumsq: func(x []float32) float32 { return sdotChunked(x, x) },
		add: func(dst, a, b []float32) {
			if len(dst) <= avx2Chunk {
				addAVX2(dst, a, b) // one direct call in the common case
				return
			}
			stream3(dst, a, b, addAVX2, addNTAVX2)
		},
		sub: func(dst, a, b []float32) {
			if len(dst) <= avx2Chunk {
				subAVX2(dst, a, b) // one direct call in the common case
				return
			}
			stream3(dst, a, b, subAVX2, subNTAVX2)
		},
		mul: func(dst, a, b []float32) {
			if len(dst) <= avx2Chunk {
				mulAVX2(dst, a, b) // one direct call in the common case
				return
			}
			stream3(dst, a, b, mulAVX2, mulNTAVX2)
		},
		adds: func(dst, a []float32, s float32) {
			stream2(dst, a, func(d, a []float32) { addsAVX2(d, a, s) }, func(d, a []float32) { addsNTAVX2(d, a, s) })
		},
		axpby: func(a float32, x []float32, b float32, y []float32) {
			each2(x, y, func(x, y []float32) { axpbyAVX2(a, x, b, y) })
		},
		relu: func(dst, x []float32) {
			if len(dst) <= avx2Chunk {
				reluAVX2(dst, x) // one direct call in the common case
				return
			}
			stream2(dst, x, reluAVX2, reluNTAVX2)
		},
		relubw: func(dx, dy, x []float32) {
			if len(dx) <= avx2Chunk {
				reluBackwardAVX2(dx, dy, x) // one direct call in the common case
				return
			}
			stream3(dx, dy, x, reluBackwardAVX2, reluBackwardNTAVX2)
		},
		leaky: func(dst, x []float32, slope float32) {
			stream2(dst, x, func(d, x []float32) { leakyAVX2(d, x, slope) }, func(d, x []float32) { leakyNTAVX2(d, x, slope) })
		},
		leakbw: func(dx, dy, x []float32, slope float32) {
			stream3(dx, dy, x, func(dx, dy, x []float32) { leakyBackwardAVX2(dx, dy, x, slope) },
				func(dx, dy, x []float32) { leakyBackwardNTAVX2(dx, dy, x, slope) })
		},
		sigm: func(dst, x []float32) { each2(dst, x, sigmoidAVX2) },
		tanh: func(dst, x []float32) { each2(dst, x, tanhAVX2) },
		exp:  func(dst, x []float32) { each2(dst, x, expAVX2) },

		rowmax:  rowMaxAVX2,
		rowarg:  rowArgmaxAVX2,
		rowsum:  rowSumAVX2,
		softmax: softmaxAVX2,
		logsm:   logSoftmaxAVX2,
		addbias: addBiasAVX2,
		colsum:  colSumAVX2,

		sgd:  sgdChunked,
		adam: adamChunked,
	}
}

// each1, each2 and each3 call f on successive chunks of equally long
// slices (the first slice's length rules).
func each1(x []float32, f func(x []float32)) {
	for len(x) > avx2Chunk {
		f(x[:avx2Chunk])
		x = x[avx2Chunk:]
	}
	f(x)
}

func each2(a, b []float32, f func(a, b []float32)) {
	b = b[:len(a)]
	for len(a) > avx2Chunk {
		f(a[:avx2Chunk], b[:avx2Chunk])
		a, b = a[avx2Chunk:], b[avx2Chunk:]
	}
	f(a, b)
}

func each3(a, b, c []float32, f func(a, b, c []float32)) {
	b, c = b[:len(a)], c[:len(a)]
	for len(a) > avx2Chunk {
		f(a[:avx2Chunk], b[:avx2Chunk], c[:avx2Chunk])
		a, b, c = a[avx2Chunk:], b[avx2Chunk:], c[avx2Chunk:]
	}
	f(a, b, c)
}

// streamMin is the length from which the out-of-place elementwise kernels
// use non-temporal stores: 4 MiB per operand, beyond what stays in this
// core's share of the caches, where skipping the read-for-ownership of the
// destination's lines saves a quarter to a third of the memory traffic.
const streamMin = 1 << 20

// stream2 is each2 for an out-of-place kernel f with a non-temporal
// variant nt: slices of streamMin elements or more run f on the elements
// before dst's first 32-byte boundary and nt on the rest (chunks are
// multiples of 32 bytes, so every chunk starts aligned).
func stream2(dst, x []float32, f, nt func(dst, x []float32)) {
	if len(dst) < streamMin {
		each2(dst, x, f)
		return
	}
	k := alignPeel(dst)
	f(dst[:k], x[:k])
	each2(dst[k:], x[k:len(dst)], nt)
}

// stream3 is stream2 for kernels with two inputs.
func stream3(dst, a, b []float32, f, nt func(dst, a, b []float32)) {
	if len(dst) < streamMin {
		each3(dst, a, b, f)
		return
	}
	k := alignPeel(dst)
	f(dst[:k], a[:k], b[:k])
	each3(dst[k:], a[k:len(dst)], b[k:len(dst)], nt)
}

// alignPeel returns how many elements of x precede its first 32-byte
// aligned address (0..7; x is non-empty and 4-byte aligned).
func alignPeel(x []float32) int {
	return int(-uintptr(unsafe.Pointer(&x[0])) % 32 / 4)
}

// reduce adds f over x's chunks in order, so a result depends only on the
// input.
func reduce(f func(x []float32) float32, x []float32) float32 {
	var s float32
	for len(x) > avx2Chunk {
		s += f(x[:avx2Chunk])
		x = x[avx2Chunk:]
	}
	return s + f(x)
}

func sdotChunked(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	for len(x) > avx2Chunk {
		s += sdotAVX2(x[:avx2Chunk], y[:avx2Chunk])
		x, y = x[avx2Chunk:], y[avx2Chunk:]
	}
	return s + sdotAVX2(x, y)
}

// maxChunked is the NaN-propagating maximum of x, -Inf when x is empty.
func maxChunked(x []float32) float32 {
	m := float32(math.Inf(-1))
	for len(x) > 0 {
		n := min(len(x), avx2Chunk)
		c := maxAVX2(x[:n])
		if c != c {
			return c
		}
		m = max(m, c)
		x = x[n:]
	}
	return m
}

func rowMaxAVX2(dst, a []float32, rows, cols int) {
	for i := range rows {
		dst[i] = maxChunked(a[i*cols : (i+1)*cols])
	}
}

// rowArgmaxAVX2 finds each row's maximum (NaN if it holds one), then the
// first index holding it (for NaN: the first NaN).
func rowArgmaxAVX2(dst []int, a []float32, rows, cols int) {
	for i := range rows {
		row := a[i*cols : (i+1)*cols]
		m := maxChunked(row)
		for off := 0; ; off += avx2Chunk {
			n := min(len(row)-off, avx2Chunk)
			if j := indexAVX2(row[off:off+n], m); j >= 0 {
				dst[i] = off + j
				break
			}
		}
	}
}

func rowSumAVX2(dst, a []float32, rows, cols int) {
	for i := range rows {
		dst[i] = reduce(sumAVX2, a[i*cols:(i+1)*cols])
	}
}

// softmaxRowMax is the longest row given to softmaxRowsAVX2, whose single
// max accumulator is slower on long rows than maxAVX2's four; it pays on
// short rows, where the per-row calls dominate.
const softmaxRowMax = 128

// softmaxAVX2 does per row: m = max, y = exp(x-m) and s = Σy in one pass,
// then y *= 1/s, as the generic level does.
//
// Rows of up to softmaxRowMax columns go to softmaxRowsAVX2 in groups of
// about avx2Chunk elements, which saves the per-row calls on short rows
// (a classifier's 10 logits).
func softmaxAVX2(dst, a []float32, rows, cols int) {
	if cols == 0 {
		return
	}
	if cols <= softmaxRowMax {
		group := max(avx2Chunk/cols, 1)
		for i := 0; i < rows; i += group {
			n := min(group, rows-i)
			softmaxRowsAVX2(dst[i*cols:(i+n)*cols], a[i*cols:(i+n)*cols], n, cols)
		}
		return
	}
	for i := range rows {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := maxChunked(x)
		var s float32
		each2(y, x, func(y, x []float32) { s += expShiftSumAVX2(y, x, m) })
		inv := 1 / s
		each1(y, func(y []float32) { sscalAVX2(inv, y) })
	}
}

// logSoftmaxAVX2 does per row: m = max, s = Σexp(x-m) without storing,
// then y = (x-m) - log(s).
func logSoftmaxAVX2(dst, a []float32, rows, cols int) {
	for i := range rows {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := maxChunked(x)
		var s float32
		each1(x, func(x []float32) { s += sumExpShiftAVX2(x, m) })
		ls := float32(math.Log(float64(s)))
		each2(y, x, func(y, x []float32) { addsAVX2(y, x, -m); addsAVX2(y, y, -ls) })
	}
}

func addBiasAVX2(c, bias []float32, rows, cols int) {
	for i := range rows {
		row := c[i*cols : (i+1)*cols]
		each2(row, bias, func(r, b []float32) { addAVX2(r, r, b) })
	}
}

// colSumAVX2 adds the rows into dst in order 0..rows-1, vectorised across
// columns, so each column is the serial float32 sum.
func colSumAVX2(dst, a []float32, rows, cols int) {
	clear(dst)
	for i := range rows {
		each2(dst, a[i*cols:(i+1)*cols], func(d, r []float32) { addAVX2(d, d, r) })
	}
}

// SGD modes for sgdAVX2: bit 0 momentum, bit 1 first step (buf = d),
// bit 2 Nesterov.
const (
	sgdMomentum = 1 << iota
	sgdFirst
	sgdNesterov
)

func sgdChunked(w, g, buf []float32, p sgdArgs) {
	mode := 0
	if p.mu != 0 {
		mode |= sgdMomentum
		if p.first {
			mode |= sgdFirst
		}
		if p.nesterov {
			mode |= sgdNesterov
		}
		buf = buf[:len(w)]
	} else {
		buf = w // not touched by the assembly without momentum
	}
	g = g[:len(w)]
	damp1 := 1 - p.damp
	body := len(w) &^ 7
	for off := 0; off < body; off += avx2Chunk {
		end := min(off+avx2Chunk, body)
		sgdAVX2(w[off:end], g[off:end], buf[off:end], p.lr, p.wd, p.mu, damp1, mode)
	}
	if k := len(w) - body; k > 0 {
		var tw, tg, tb [8]float32
		copy(tw[:], w[body:])
		copy(tg[:], g[body:])
		copy(tb[:], buf[body:])
		sgdAVX2(tw[:], tg[:], tb[:], p.lr, p.wd, p.mu, damp1, mode)
		copy(w[body:], tw[:k])
		if mode&sgdMomentum != 0 {
			copy(buf[body:], tb[:k])
		}
	}
}

func adamChunked(w, g, m, v []float32, p adamArgs) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	omb1, omb2 := 1-p.b1, 1-p.b2
	body := len(w) &^ 7
	for off := 0; off < body; off += avx2Chunk {
		end := min(off+avx2Chunk, body)
		adamAVX2(w[off:end], g[off:end], m[off:end], v[off:end], p.b1, omb1, p.b2, omb2, p.eps, p.l2, p.stepSize, p.invBC2, p.decay)
	}
	if k := len(w) - body; k > 0 {
		var tw, tg, tm, tv [8]float32
		copy(tw[:], w[body:])
		copy(tg[:], g[body:])
		copy(tm[:], m[body:])
		copy(tv[:], v[body:])
		adamAVX2(tw[:], tg[:], tm[:], tv[:], p.b1, omb1, p.b2, omb2, p.eps, p.l2, p.stepSize, p.invBC2, p.decay)
		copy(w[body:], tw[:k])
		copy(m[body:], tm[:k])
		copy(v[body:], tv[:k])
	}
}
