//go:build !purego

package kernels

// neonChunk is the number of elements one assembly call handles at most.
// Assembly functions cannot be preempted, so the Go wrappers below split
// long slices into chunks of this size (64 KiB of float32: about 4K
// vector iterations, some tens of microseconds even for tanh, the slowest
// kernel), letting the garbage collector stop the goroutine between
// chunks. The call overhead is negligible at this size.
const neonChunk = 1 << 14

func saxpyNEONChunked(a float32, x, y []float32) {
	y = y[:len(x)]
	for len(x) > neonChunk {
		saxpyNEON(a, x[:neonChunk], y[:neonChunk])
		x, y = x[neonChunk:], y[neonChunk:]
	}
	saxpyNEON(a, x, y)
}

func sscalNEONChunked(a float32, x []float32) {
	for len(x) > neonChunk {
		sscalNEON(a, x[:neonChunk])
		x = x[neonChunk:]
	}
	sscalNEON(a, x)
}

// The reductions add the chunks' partial results in order, so a result
// depends only on the input, never on timing.

func sdotNEONChunked(x, y []float32) float32 {
	y = y[:len(x)]
	var s float32
	for len(x) > neonChunk {
		s += sdotNEON(x[:neonChunk], y[:neonChunk])
		x, y = x[neonChunk:], y[neonChunk:]
	}
	return s + sdotNEON(x, y)
}

// reduceChunked returns the sum of f over x's chunks.
func reduceChunked(f func(x []float32) float32, x []float32) float32 {
	var s float32
	for len(x) > neonChunk {
		s += f(x[:neonChunk])
		x = x[neonChunk:]
	}
	return s + f(x)
}

// chunk2 applies f to dst and x in chunks; len(x) must be len(dst).
func chunk2(f func(dst, x []float32), dst, x []float32) {
	x = x[:len(dst)]
	for len(dst) > neonChunk {
		f(dst[:neonChunk], x[:neonChunk])
		dst, x = dst[neonChunk:], x[neonChunk:]
	}
	f(dst, x)
}

// chunk3 applies f to dst, a and b in chunks; a and b must be as long as
// dst.
func chunk3(f func(dst, a, b []float32), dst, a, b []float32) {
	a, b = a[:len(dst)], b[:len(dst)]
	for len(dst) > neonChunk {
		f(dst[:neonChunk], a[:neonChunk], b[:neonChunk])
		dst, a, b = dst[neonChunk:], a[neonChunk:], b[neonChunk:]
	}
	f(dst, a, b)
}

func addsNEONChunked(dst, a []float32, s float32) {
	a = a[:len(dst)]
	for len(dst) > neonChunk {
		addsNEON(dst[:neonChunk], a[:neonChunk], s)
		dst, a = dst[neonChunk:], a[neonChunk:]
	}
	addsNEON(dst, a, s)
}

func saxpbyNEONChunked(a float32, x []float32, b float32, y []float32) {
	y = y[:len(x)]
	for len(x) > neonChunk {
		saxpbyNEON(a, x[:neonChunk], b, y[:neonChunk])
		x, y = x[neonChunk:], y[neonChunk:]
	}
	saxpbyNEON(a, x, b, y)
}

func leakyNEONChunked(dst, x []float32, slope float32) {
	x = x[:len(dst)]
	for len(dst) > neonChunk {
		leakyNEON(dst[:neonChunk], x[:neonChunk], slope)
		dst, x = dst[neonChunk:], x[neonChunk:]
	}
	leakyNEON(dst, x, slope)
}

func leakyBackwardNEONChunked(dx, dy, x []float32, slope float32) {
	dy, x = dy[:len(dx)], x[:len(dx)]
	for len(dx) > neonChunk {
		leakyBackwardNEON(dx[:neonChunk], dy[:neonChunk], x[:neonChunk], slope)
		dx, dy, x = dx[neonChunk:], dy[neonChunk:], x[neonChunk:]
	}
	leakyBackwardNEON(dx, dy, x, slope)
}
