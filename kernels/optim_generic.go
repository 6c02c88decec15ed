package kernels

import "math"

// Products are rounded explicitly (float32(a*b)) so that no compiler fuses
// them into FMAs: the generic level gives the same bits on every
// architecture (see gemmMicroGo).

func sgdGo(w, g, buf []float32, p sgdArgs) {
	g = g[:len(w)]
	if p.mu != 0 {
		buf = buf[:len(w)]
	}
	for i := range w {
		d := g[i] + float32(p.wd*w[i])
		if p.mu != 0 {
			if p.first {
				buf[i] = FlushSubnormal(d)
			} else {
				buf[i] = FlushSubnormal(float32(p.mu*buf[i]) + float32((1-p.damp)*d))
			}
			if p.nesterov {
				d += float32(p.mu * buf[i])
			} else {
				d = buf[i]
			}
		}
		w[i] -= float32(p.lr * d)
	}
}

func adamGo(w, g, m, v []float32, p adamArgs) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := g[i] + float32(p.l2*w[i])
		m[i] = FlushSubnormal(float32(p.b1*m[i]) + float32((1-p.b1)*gi))
		v[i] = FlushSubnormal(float32(p.b2*v[i]) + float32((1-p.b2)*gi*gi))
		denom := float32(float32(math.Sqrt(float64(v[i])))*p.invBC2) + p.eps
		w[i] = float32(w[i]*p.decay) - p.stepSize*m[i]/denom
	}
}
