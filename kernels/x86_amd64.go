//go:build !purego

package kernels

import (
	"math"
	"unsafe"
)

// What the amd64 levels (avx2_amd64.go, avx512_amd64.go) share: the
// kernels' signatures (x86Kernels) and the table built from them
// (x86Table), with the chunking, the row loops and the non-temporal stores
// of long slices.

// x86Chunk is the most elements one assembly call handles. Assembly
// functions cannot be preempted, so x86Table's wrappers split long slices
// into chunks of 16Ki elements (64 KiB per operand, a few microseconds of
// work) and the garbage collector can stop the goroutine between them.
const x86Chunk = 1 << 14

// x86Kernels are one amd64 level's assembly kernels, each on at most
// x86Chunk elements a call (softmaxRows: rows of about that many in
// all); x86Table builds the level's table from them, with the chunking,
// the row loops and the non-temporal stores of long slices.
type x86Kernels struct {
	level Level
	// ntAlign is the alignment in bytes the non-temporal kernels (the NT
	// fields) need of dst.
	ntAlign int
	// optimBlock is the multiple of which sgd and adam take lengths: 8
	// when the assembly has no masked tail (the last 1..7 elements then
	// go through 8-element staging buffers), 1 when it has.
	optimBlock int

	saxpy       func(a float32, x, y []float32)
	sscal       func(a float32, x []float32)
	sdot        func(x, y []float32) float32
	sasum, sum  func(x []float32) float32
	max         func(x []float32) float32 // NaN if x holds one, -Inf if empty
	index       func(x []float32, v float32) int
	add, addNT  func(dst, a, b []float32)
	sub, subNT  func(dst, a, b []float32)
	mul, mulNT  func(dst, a, b []float32)
	adds        func(dst, a []float32, s float32)
	addsNT      func(dst, a []float32, s float32)
	saxpby      func(a float32, x []float32, b float32, y []float32)
	relu        func(dst, x []float32)
	reluNT      func(dst, x []float32)
	relubw      func(dx, dy, x []float32)
	relubwNT    func(dx, dy, x []float32)
	leaky       func(dst, x []float32, slope float32)
	leakyNT     func(dst, x []float32, slope float32)
	leakbw      func(dx, dy, x []float32, slope float32)
	leakbwNT    func(dx, dy, x []float32, slope float32)
	sigm, tanh  func(dst, x []float32)
	exp         func(dst, x []float32)
	expShiftSum func(dst, x []float32, m float32) float32
	sumExpShift func(x []float32, m float32) float32
	softmaxRows func(dst, a []float32, rows, cols int)
	sgd         func(w, g, buf []float32, lr, wd, mu, damp1 float32, mode int)
	adam        func(w, g, m, v []float32, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32)
	u8f         func(dst []float32, src []byte, div float32)
}

// x86Table returns the table of the level whose kernels k holds.
func x86Table(k *x86Kernels) *table {
	return &table{
		level: k.level,
		saxpy: func(a float32, x, y []float32) { each2(x, y, func(x, y []float32) { k.saxpy(a, x, y) }) },
		sscal: func(a float32, x []float32) { each1(x, func(x []float32) { k.sscal(a, x) }) },
		sdot:  k.sdotChunked,
		sasum: func(x []float32) float32 { return reduce(k.sasum, x) },
		sum:   func(x []float32) float32 { return reduce(k.sum, x) },
		sumsq: func(x []float32) float32 { return k.sdotChunked(x, x) },
		add:   func(dst, a, b []float32) { k.stream3(dst, a, b, k.add, k.addNT) },
		sub:   func(dst, a, b []float32) { k.stream3(dst, a, b, k.sub, k.subNT) },
		mul:   func(dst, a, b []float32) { k.stream3(dst, a, b, k.mul, k.mulNT) },
		adds: func(dst, a []float32, s float32) {
			k.stream2(dst, a, func(d, a []float32) { k.adds(d, a, s) }, func(d, a []float32) { k.addsNT(d, a, s) })
		},
		saxpby: func(a float32, x []float32, b float32, y []float32) {
			each2(x, y, func(x, y []float32) { k.saxpby(a, x, b, y) })
		},
		relu:   func(dst, x []float32) { k.stream2(dst, x, k.relu, k.reluNT) },
		relubw: func(dx, dy, x []float32) { k.stream3(dx, dy, x, k.relubw, k.relubwNT) },
		leaky: func(dst, x []float32, slope float32) {
			k.stream2(dst, x, func(d, x []float32) { k.leaky(d, x, slope) }, func(d, x []float32) { k.leakyNT(d, x, slope) })
		},
		leakbw: func(dx, dy, x []float32, slope float32) {
			k.stream3(dx, dy, x, func(dx, dy, x []float32) { k.leakbw(dx, dy, x, slope) },
				func(dx, dy, x []float32) { k.leakbwNT(dx, dy, x, slope) })
		},
		sigm: func(dst, x []float32) { each2(dst, x, k.sigm) },
		u8f: func(dst []float32, src []byte, div float32) {
			src = src[:len(dst)]
			for len(dst) > x86Chunk {
				k.u8f(dst[:x86Chunk], src[:x86Chunk], div)
				dst, src = dst[x86Chunk:], src[x86Chunk:]
			}
			k.u8f(dst, src, div)
		},
		tanh: func(dst, x []float32) { each2(dst, x, k.tanh) },
		exp:  func(dst, x []float32) { each2(dst, x, k.exp) },

		rowmax:  k.rowMax,
		rowarg:  k.rowArgmax,
		rowsum:  k.rowSum,
		softmax: k.softmax,
		logsm:   k.logSoftmax,
		addbias: k.addBias,
		colsum:  k.colSum,

		sgd:  k.sgdChunked,
		adam: k.adamChunked,
	}
}

// each1, each2 and each3 call f on successive chunks of equally long
// slices (the first slice's length rules).
func each1(x []float32, f func(x []float32)) {
	for len(x) > x86Chunk {
		f(x[:x86Chunk])
		x = x[x86Chunk:]
	}
	f(x)
}

func each2(a, b []float32, f func(a, b []float32)) {
	b = b[:len(a)]
	for len(a) > x86Chunk {
		f(a[:x86Chunk], b[:x86Chunk])
		a, b = a[x86Chunk:], b[x86Chunk:]
	}
	f(a, b)
}

func each3(a, b, c []float32, f func(a, b, c []float32)) {
	b, c = b[:len(a)], c[:len(a)]
	for len(a) > x86Chunk {
		f(a[:x86Chunk], b[:x86Chunk], c[:x86Chunk])
		a, b, c = a[x86Chunk:], b[x86Chunk:], c[x86Chunk:]
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
// before dst's first k.ntAlign-byte boundary and nt on the rest (chunks
// are multiples of 64 bytes, so every chunk starts aligned). A slice of
// one chunk or less is one direct call of f.
func (k *x86Kernels) stream2(dst, x []float32, f, nt func(dst, x []float32)) {
	if len(dst) <= x86Chunk {
		f(dst, x)
		return
	}
	if len(dst) < streamMin {
		each2(dst, x, f)
		return
	}
	p := alignPeel(dst, k.ntAlign)
	f(dst[:p], x[:p])
	each2(dst[p:], x[p:len(dst)], nt)
}

// stream3 is stream2 for kernels with two inputs.
func (k *x86Kernels) stream3(dst, a, b []float32, f, nt func(dst, a, b []float32)) {
	if len(dst) <= x86Chunk {
		f(dst, a, b)
		return
	}
	if len(dst) < streamMin {
		each3(dst, a, b, f)
		return
	}
	p := alignPeel(dst, k.ntAlign)
	f(dst[:p], a[:p], b[:p])
	each3(dst[p:], a[p:len(dst)], b[p:len(dst)], nt)
}

// alignPeel returns how many elements of x precede its first align-byte
// aligned address (x is non-empty and 4-byte aligned; align a power of
// two).
func alignPeel(x []float32, align int) int {
	return int(-uintptr(unsafe.Pointer(&x[0])) % uintptr(align) / 4)
}

// reduce adds f over x's chunks in order, so a result depends only on the
// input.
func reduce(f func(x []float32) float32, x []float32) float32 {
	var s float32
	for len(x) > x86Chunk {
		s += f(x[:x86Chunk])
		x = x[x86Chunk:]
	}
	return s + f(x)
}

func (k *x86Kernels) sdotChunked(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	for len(x) > x86Chunk {
		s += k.sdot(x[:x86Chunk], y[:x86Chunk])
		x, y = x[x86Chunk:], y[x86Chunk:]
	}
	return s + k.sdot(x, y)
}

// maxChunked is the NaN-propagating maximum of x, -Inf when x is empty.
func (k *x86Kernels) maxChunked(x []float32) float32 {
	m := float32(math.Inf(-1))
	for len(x) > 0 {
		n := min(len(x), x86Chunk)
		c := k.max(x[:n])
		if c != c {
			return c
		}
		m = max(m, c)
		x = x[n:]
	}
	return m
}

func (k *x86Kernels) rowMax(dst, a []float32, rows, cols int) {
	for i := range rows {
		dst[i] = k.maxChunked(a[i*cols : (i+1)*cols])
	}
}

// rowArgmax finds each row's maximum (NaN if it holds one), then the
// first index holding it (for NaN: the first NaN).
func (k *x86Kernels) rowArgmax(dst []int, a []float32, rows, cols int) {
	for i := range rows {
		row := a[i*cols : (i+1)*cols]
		m := k.maxChunked(row)
		for off := 0; ; off += x86Chunk {
			n := min(len(row)-off, x86Chunk)
			if j := k.index(row[off:off+n], m); j >= 0 {
				dst[i] = off + j
				break
			}
		}
	}
}

func (k *x86Kernels) rowSum(dst, a []float32, rows, cols int) {
	for i := range rows {
		dst[i] = reduce(k.sum, a[i*cols:(i+1)*cols])
	}
}

// softmaxRowMax is the longest row given to softmaxRows, whose single max
// accumulator is slower on long rows than max's four; it pays on short
// rows, where the per-row calls dominate.
const softmaxRowMax = 128

// softmax does per row: m = max, y = exp(x-m) and s = Σy in one pass,
// then y *= 1/s, as the generic level does.
//
// Rows of up to softmaxRowMax columns go to softmaxRows in groups of
// about x86Chunk elements, which saves the per-row calls on short rows
// (a classifier's 10 logits).
func (k *x86Kernels) softmax(dst, a []float32, rows, cols int) {
	if cols == 0 {
		return
	}
	if cols <= softmaxRowMax {
		group := max(x86Chunk/cols, 1)
		for i := 0; i < rows; i += group {
			n := min(group, rows-i)
			k.softmaxRows(dst[i*cols:(i+n)*cols], a[i*cols:(i+n)*cols], n, cols)
		}
		return
	}
	for i := range rows {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := k.maxChunked(x)
		var s float32
		each2(y, x, func(y, x []float32) { s += k.expShiftSum(y, x, m) })
		inv := 1 / s
		each1(y, func(y []float32) { k.sscal(inv, y) })
	}
}

// logSoftmax does per row: m = max, s = Σexp(x-m) without storing,
// then y = (x-m) - log(s).
func (k *x86Kernels) logSoftmax(dst, a []float32, rows, cols int) {
	for i := range rows {
		x, y := a[i*cols:(i+1)*cols], dst[i*cols:(i+1)*cols]
		m := k.maxChunked(x)
		var s float32
		each1(x, func(x []float32) { s += k.sumExpShift(x, m) })
		ls := float32(math.Log(float64(s)))
		each2(y, x, func(y, x []float32) { k.adds(y, x, -m); k.adds(y, y, -ls) })
	}
}

func (k *x86Kernels) addBias(c, bias []float32, rows, cols int) {
	for i := range rows {
		row := c[i*cols : (i+1)*cols]
		each2(row, bias, func(r, b []float32) { k.add(r, r, b) })
	}
}

// colSum adds the rows into dst in order 0..rows-1, vectorised across
// columns, so each column is the serial float32 sum.
func (k *x86Kernels) colSum(dst, a []float32, rows, cols int) {
	clear(dst)
	for i := range rows {
		each2(dst, a[i*cols:(i+1)*cols], func(d, r []float32) { k.add(d, d, r) })
	}
}

// SGD modes for the sgd kernels: bit 0 momentum, bit 1 first step
// (buf = d), bit 2 Nesterov.
const (
	sgdMomentum = 1 << iota
	sgdFirst
	sgdNesterov
)

func (k *x86Kernels) sgdChunked(w, g, buf []float32, p sgdArgs) {
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
	body := len(w) &^ (k.optimBlock - 1)
	for off := 0; off < body; off += x86Chunk {
		end := min(off+x86Chunk, body)
		k.sgd(w[off:end], g[off:end], buf[off:end], p.lr, p.wd, p.mu, damp1, mode)
	}
	if n := len(w) - body; n > 0 {
		var tw, tg, tb [8]float32
		copy(tw[:], w[body:])
		copy(tg[:], g[body:])
		copy(tb[:], buf[body:])
		// Only the avx2 kernel takes whole blocks; called directly, not
		// through k.sgd, so that the staging arrays stay on the stack.
		sgdAVX2(tw[:], tg[:], tb[:], p.lr, p.wd, p.mu, damp1, mode)
		copy(w[body:], tw[:n])
		if mode&sgdMomentum != 0 {
			copy(buf[body:], tb[:n])
		}
	}
}

func (k *x86Kernels) adamChunked(w, g, m, v []float32, p adamArgs) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	omb1, omb2 := 1-p.b1, 1-p.b2
	body := len(w) &^ (k.optimBlock - 1)
	for off := 0; off < body; off += x86Chunk {
		end := min(off+x86Chunk, body)
		k.adam(w[off:end], g[off:end], m[off:end], v[off:end], p.b1, omb1, p.b2, omb2, p.eps, p.l2, p.stepSize, p.invBC2, p.decay)
	}
	if n := len(w) - body; n > 0 {
		var tw, tg, tm, tv [8]float32
		copy(tw[:], w[body:])
		copy(tg[:], g[body:])
		copy(tm[:], m[body:])
		copy(tv[:], v[body:])
		// As in sgdChunked: a direct call keeps the arrays on the stack.
		adamAVX2(tw[:], tg[:], tm[:], tv[:], p.b1, omb1, p.b2, omb2, p.eps, p.l2, p.stepSize, p.invBC2, p.decay)
		copy(w[body:], tw[:n])
		copy(m[body:], tm[:n])
		copy(v[body:], tv[:n])
	}
}
