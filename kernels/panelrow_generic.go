package kernels

import "math"

// packPanelRowGo is PackPanelRow's pure-Go kernel: dst starts at the
// panel of the first column, l0 is that column's lane.
func packPanelRowGo(dst []float32, step, w, l0 int, x []float32, mask []uint32) {
	for len(x) > 0 {
		n := min(w-l0, len(x))
		d, m := dst[l0:l0+n], mask[:n]
		for i, v := range x[:n] {
			d[i] = math.Float32frombits(math.Float32bits(v) & m[i])
		}
		x, mask, l0 = x[n:], mask[n:], 0
		if len(x) > 0 {
			dst = dst[step:]
		}
	}
}
