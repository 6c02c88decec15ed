//go:build purego || !(amd64 || arm64)

package kernels

// packPanelRow is the pure-Go kernel: the only one without assembly.
func packPanelRow(dst []float32, step, w, l0 int, x []float32, mask []uint32) {
	packPanelRowGo(dst, step, w, l0, x, mask)
}
