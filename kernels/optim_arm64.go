//go:build !purego

package kernels

import "unsafe"

// NEON optimizer updates (optim_arm64.s). All slices are as long as w (the
// caller's duty). Each Go function passes its slices to the assembly as
// pointers and one length, as the amd64 levels do.

func sgdNEON(w, g []float32, lr, wd float32) {
	sgdNEONAsm(unsafe.SliceData(w), unsafe.SliceData(g), len(w), lr, wd)
}

// sgdNEONAsm is the assembly of sgdNEON, on n elements from each pointer.
//
//go:noescape
func sgdNEONAsm(w, grad *float32, n int, lr, wd float32)

// sgdMomentumNEON's first and nesterov are lane masks: 0 or 0xffffffff.
func sgdMomentumNEON(w, g, buf []float32, lr, mu, damp1, wd float32, first, nesterov uint32) {
	sgdMomentumNEONAsm(unsafe.SliceData(w), unsafe.SliceData(g), unsafe.SliceData(buf), len(w),
		lr, mu, damp1, wd, first, nesterov)
}

// sgdMomentumNEONAsm is the assembly of sgdMomentumNEON, on n elements
// from each pointer.
//
//go:noescape
func sgdMomentumNEONAsm(w, grad, buf *float32, n int, lr, mu, damp1, wd float32, first, nesterov uint32)

func adamNEON(w, g, m, v []float32, b1, c1, b2, c2, eps, stepSize, invBC2, decay, l2 float32) {
	adamNEONAsm(unsafe.SliceData(w), unsafe.SliceData(g), unsafe.SliceData(m), unsafe.SliceData(v), len(w),
		b1, c1, b2, c2, eps, stepSize, invBC2, decay, l2)
}

// adamNEONAsm is the assembly of adamNEON, on n elements from each pointer.
//
//go:noescape
func adamNEONAsm(w, grad, m, v *float32, n int, b1, c1, b2, c2, eps, stepSize, invBC2, decay, l2 float32)

func laneMask(b bool) uint32 {
	if b {
		return 0xffffffff
	}
	return 0
}

func sgdNEONChunked(w, g, buf []float32, p sgdArgs) {
	g = g[:len(w)]
	if p.mu == 0 {
		for len(w) > neonChunk {
			sgdNEON(w[:neonChunk], g[:neonChunk], p.lr, p.wd)
			w, g = w[neonChunk:], g[neonChunk:]
		}
		sgdNEON(w, g, p.lr, p.wd)
		return
	}
	buf = buf[:len(w)]
	first, nesterov := laneMask(p.first), laneMask(p.nesterov)
	damp1 := 1 - p.damp
	for len(w) > neonChunk {
		sgdMomentumNEON(w[:neonChunk], g[:neonChunk], buf[:neonChunk], p.lr, p.mu, damp1, p.wd, first, nesterov)
		w, g, buf = w[neonChunk:], g[neonChunk:], buf[neonChunk:]
	}
	sgdMomentumNEON(w, g, buf, p.lr, p.mu, damp1, p.wd, first, nesterov)
}

func adamNEONChunked(w, g, m, v []float32, p adamArgs) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	c1, c2 := 1-p.b1, 1-p.b2
	for len(w) > neonChunk {
		adamNEON(w[:neonChunk], g[:neonChunk], m[:neonChunk], v[:neonChunk], p.b1, c1, p.b2, c2, p.eps, p.stepSize, p.invBC2, p.decay, p.l2)
		w, g, m, v = w[neonChunk:], g[neonChunk:], m[neonChunk:], v[neonChunk:]
	}
	adamNEON(w, g, m, v, p.b1, c1, p.b2, c2, p.eps, p.stepSize, p.invBC2, p.decay, p.l2)
}
