//go:build purego || !(amd64 || arm64)

package kernels

// packShifted is the pure-Go kernel: without assembly here.
func packShifted(dst []float32, w, cols, j int, offs []int32, src []float32, mask []uint32) {
	packShiftedGo(dst, w, cols, j, offs, src, mask)
}
