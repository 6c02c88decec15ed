//go:build purego || !amd64

package kernels

// packPanelRow is the pure-Go kernel: the neon level has no assembly for
// it yet.
func packPanelRow(dst []float32, step, w, l0 int, x []float32, mask []uint32) {
	packPanelRowGo(dst, step, w, l0, x, mask)
}
