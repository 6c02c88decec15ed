package kernels

import "math"

// packShiftedGo is Pack's pure-Go kernel for the rows whose offsets are
// offs.
func packShiftedGo(dst []float32, w, cols, j int, offs []int32, src []float32, mask []uint32) {
	for p := range len(offs) / 2 {
		s, m := src[int(offs[2*p])+j:][:cols], mask[int(offs[2*p+1])+j:][:cols]
		d := dst[p*w : (p+1)*w]
		for l, v := range s {
			d[l] = math.Float32frombits(math.Float32bits(v) & m[l])
		}
		clear(d[cols:])
	}
}
