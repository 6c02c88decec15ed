//go:build !purego

package kernels

// NEON optimizer updates (optim_arm64.s). Callers pass slices of equal
// length.

//go:noescape
func sgdNEON(w, g []float32, lr, wd float32)

// sgdMomentumNEON's first and nesterov are lane masks: 0 or 0xffffffff.
//
//go:noescape
func sgdMomentumNEON(w, g, buf []float32, lr, mu, damp1, wd float32, first, nesterov uint32)

//go:noescape
func adamNEON(w, g, m, v []float32, b1, c1, b2, c2, eps, stepSize, invBC2, decay, l2 float32)

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
