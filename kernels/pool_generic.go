package kernels

// The 2×2 pooling kernels run plane by plane and, within a plane, on runs
// of output rows: a level supplies row kernels (pool2x2Rows) and the
// drivers below walk the planes. A row kernel gets n output rows of ow
// columns (y, arg or dy: n·ow elements), the 2·n input rows they read
// (x or dx: the rows from 2·oy0, w apart, the last one whole) and base,
// the index of x[0] in its plane (2·oy0·w), for the indices in arg.

// pool2x2Rows are one level's row kernels.
type pool2x2Rows struct {
	max   func(y []float32, arg []int32, x []float32, n, ow, w, base int)
	maxbw func(dx, dy []float32, arg []int32, n, ow, w, base int)
	avg   func(y, x []float32, n, ow, w int, div float32)
	avgbw func(dx, dy []float32, n, ow, w int, div float32)
	// tap is MaxPoolTap, on at most poolChunk outputs a call.
	tap func(y []float32, arg []int32, x []float32, stride, base int)
}

// poolChunk bounds the outputs of one row-kernel call, so that an
// assembly call (which cannot be preempted) stays short; a call covers at
// least one output row.
const poolChunk = 1 << 14

// genericPool2x2 are the generic level's row kernels.
var genericPool2x2 = pool2x2Rows{
	max: func(y []float32, arg []int32, x []float32, n, ow, w, base int) {
		maxPool2x2Go(y, arg, x, n, 0, ow, w, base)
	},
	maxbw: func(dx, dy []float32, arg []int32, n, ow, w, base int) {
		maxPool2x2BackwardGo(dx, dy, arg, n, 0, ow, w, base)
	},
	avg:   func(y, x []float32, n, ow, w int, div float32) { avgPool2x2Go(y, x, n, 0, ow, w, div) },
	avgbw: func(dx, dy []float32, n, ow, w int, div float32) { avgPool2x2BackwardGo(dx, dy, n, 0, ow, w, div) },
	tap:   maxPoolTapGo,
}

// maxPoolTapGo is MaxPoolTap's generic level.
func maxPoolTapGo(y []float32, arg []int32, x []float32, stride, base int) {
	for i := range y {
		if v := x[i*stride]; v > y[i] || v != v {
			y[i], arg[i] = v, int32(base+i*stride)
		}
	}
}

// maxPoolTap is MaxPoolTap on r's tap kernel, poolChunk outputs a call.
func (r *pool2x2Rows) maxPoolTap(y []float32, arg []int32, x []float32, stride, base int) {
	for len(y) > poolChunk {
		r.tap(y[:poolChunk], arg[:poolChunk], x[:poolChunk*stride], stride, base)
		y, arg, x, base = y[poolChunk:], arg[poolChunk:], x[poolChunk*stride:], base+poolChunk*stride
	}
	r.tap(y, arg, x, stride, base)
}

// eachRun calls f with each plane p and each run [oy, oy+n) of at most
// poolChunk outputs of an oh×ow output plane.
func eachRun(planes, oh, ow int, f func(p, oy, n int)) {
	step := max(1, poolChunk/max(ow, 1))
	for p := range planes {
		for oy := 0; oy < oh; oy += step {
			f(p, oy, min(step, oh-oy))
		}
	}
}

// maxPool2x2 is MaxPool2x2 on the row kernels r.
func (r *pool2x2Rows) maxPool2x2(y []float32, arg []int32, x []float32, planes, h, w int) {
	oh, ow := h/2, w/2
	eachRun(planes, oh, ow, func(p, oy, n int) {
		o, i := p*oh*ow+oy*ow, p*h*w+2*oy*w
		r.max(y[o:o+n*ow], arg[o:o+n*ow], x[i:i+2*n*w], n, ow, w, 2*oy*w)
	})
}

// maxPool2x2Backward is MaxPool2x2Backward on the row kernels r.
func (r *pool2x2Rows) maxPool2x2Backward(dx, dy []float32, arg []int32, planes, h, w int) {
	eachBackwardRun(dx, planes, h, w, func(dx []float32, o, n, base int) {
		ow := w / 2
		r.maxbw(dx, dy[o:o+n*ow], arg[o:o+n*ow], n, ow, w, base)
	})
}

// avgPool2x2 is AvgPool2x2 on the row kernels r.
func (r *pool2x2Rows) avgPool2x2(y, x []float32, planes, h, w int, div float32) {
	oh, ow := h/2, w/2
	eachRun(planes, oh, ow, func(p, oy, n int) {
		o, i := p*oh*ow+oy*ow, p*h*w+2*oy*w
		r.avg(y[o:o+n*ow], x[i:i+2*n*w], n, ow, w, div)
	})
}

// avgPool2x2Backward is AvgPool2x2Backward on the row kernels r.
func (r *pool2x2Rows) avgPool2x2Backward(dx, dy []float32, planes, h, w int, div float32) {
	eachBackwardRun(dx, planes, h, w, func(dx []float32, o, n, _ int) {
		ow := w / 2
		r.avgbw(dx, dy[o:o+n*ow], n, ow, w, div)
	})
}

// eachBackwardRun calls f for each run of n output rows (eachRun) with
// the 2·n rows of dx they write, the index o of their first output and
// base, the plane index of the first of those rows; then it zeroes what
// no window reads (dx wholly when there is no window, else the last row
// of each plane when h is odd; the row kernels zero an odd last column).
func eachBackwardRun(dx []float32, planes, h, w int, f func(dx []float32, o, n, base int)) {
	oh, ow := h/2, w/2
	if oh == 0 || ow == 0 {
		clear(dx)
		return
	}
	eachRun(planes, oh, ow, func(p, oy, n int) {
		i := p*h*w + 2*oy*w
		f(dx[i:i+2*n*w], p*oh*ow+oy*ow, n, 2*oy*w)
	})
	if h%2 == 1 {
		for p := range planes {
			clear(dx[(p*h+h-1)*w : (p+1)*h*w])
		}
	}
}

// maxPool2x2Go is the max row kernel on output columns [c0, ow) of n rows.
func maxPool2x2Go(y []float32, arg []int32, x []float32, n, c0, ow, w, base int) {
	for oy := range n {
		for ox := c0; ox < ow; ox++ {
			i := 2*oy*w + 2*ox
			best, at := x[i], i
			for _, j := range [3]int{i + 1, i + w, i + w + 1} {
				if v := x[j]; v > best || v != v {
					best, at = v, j
				}
			}
			y[oy*ow+ox], arg[oy*ow+ox] = best, int32(base+at)
		}
	}
}

// maxPool2x2BackwardGo is the max backward row kernel on output columns
// [c0, ow) of n rows; it also zeroes an odd last column.
func maxPool2x2BackwardGo(dx, dy []float32, arg []int32, n, c0, ow, w, base int) {
	for oy := range n {
		for ox := c0; ox < ow; ox++ {
			i := 2*oy*w + 2*ox
			g, at := dy[oy*ow+ox], int(arg[oy*ow+ox])-base
			for _, j := range [4]int{i, i + 1, i + w, i + w + 1} {
				dx[j] = 0
				if j == at {
					dx[j] = g
				}
			}
		}
		if w%2 == 1 {
			dx[2*oy*w+w-1], dx[(2*oy+1)*w+w-1] = 0, 0
		}
	}
}

// avgPool2x2Go is the average row kernel on output columns [c0, ow) of n
// rows.
func avgPool2x2Go(y, x []float32, n, c0, ow, w int, div float32) {
	for oy := range n {
		for ox := c0; ox < ow; ox++ {
			i := 2*oy*w + 2*ox
			var s float32
			s += x[i]
			s += x[i+1]
			s += x[i+w]
			s += x[i+w+1]
			y[oy*ow+ox] = s / div
		}
	}
}

// avgPool2x2BackwardGo is the average backward row kernel on output
// columns [c0, ow) of n rows; it also zeroes an odd last
// column.
func avgPool2x2BackwardGo(dx, dy []float32, n, c0, ow, w int, div float32) {
	for oy := range n {
		for ox := c0; ox < ow; ox++ {
			i := 2*oy*w + 2*ox
			var g float32
			g += dy[oy*ow+ox] / div
			dx[i], dx[i+1], dx[i+w], dx[i+w+1] = g, g, g, g
		}
		if w%2 == 1 {
			dx[2*oy*w+w-1], dx[(2*oy+1)*w+w-1] = 0, 0
		}
	}
}
