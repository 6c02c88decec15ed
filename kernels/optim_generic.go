package kernels

import "math"

func sgdGo(w, g, buf []float32, p sgdArgs) {
	g = g[:len(w)]
	if p.mu != 0 {
		buf = buf[:len(w)]
	}
	for i := range w {
		d := g[i] + p.wd*w[i]
		if p.mu != 0 {
			if p.first {
				buf[i] = FlushSubnormal(d)
			} else {
				buf[i] = FlushSubnormal(p.mu*buf[i] + (1-p.damp)*d)
			}
			if p.nesterov {
				d += p.mu * buf[i]
			} else {
				d = buf[i]
			}
		}
		w[i] -= p.lr * d
	}
}

func adamGo(w, g, m, v []float32, p adamArgs) {
	g, m, v = g[:len(w)], m[:len(w)], v[:len(w)]
	for i := range w {
		gi := g[i] + p.l2*w[i]
		m[i] = FlushSubnormal(p.b1*m[i] + (1-p.b1)*gi)
		v[i] = FlushSubnormal(p.b2*v[i] + (1-p.b2)*gi*gi)
		denom := float32(math.Sqrt(float64(v[i])))*p.invBC2 + p.eps
		w[i] = w[i]*p.decay - p.stepSize*m[i]/denom
	}
}
