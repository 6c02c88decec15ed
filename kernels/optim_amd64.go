//go:build !purego

package kernels

import "unsafe"

// AVX2 fused optimizer steps (optim_amd64.s). len(w) must be a multiple of
// 8 and every slice as long as w; the Go wrappers in x86_amd64.go pass the
// last 1..7 elements through 8-element staging buffers, so the tail gets
// the very same arithmetic without the assembly needing masked variants.

// sgdAVX2 applies torch.optim.SGD's update (see SGDStep): d = g + wd·w; with
// mode&sgdMomentum, buf = d on the first step (mode&sgdFirst) and
// mu·buf + damp1·d after, where damp1 = 1-dampening; then d = d + mu·buf
// (mode&sgdNesterov) or d = buf; finally w -= lr·d. buf is not touched
// without momentum.
func sgdAVX2(w, g, buf []float32, lr, wd, mu, damp1 float32, mode int) {
	sgdAVX2Asm(unsafe.SliceData(w), unsafe.SliceData(g), unsafe.SliceData(buf), len(w), lr, wd, mu, damp1, mode)
}

// sgdAVX2Asm is the assembly of sgdAVX2, on n elements from each pointer.
//
//go:noescape
func sgdAVX2Asm(w, grad, buf *float32, n int, lr, wd, mu, damp1 float32, mode int)

// adamAVX2 applies one Adam step in one pass (see AdamStep):
// g' = g + l2·w; m = b1·m + omb1·g'; v = b2·v + omb2·g'·g';
// w = w·decay - stepSize·m / (sqrt(v)·invBC2 + eps), where omb1 = 1-b1 and
// omb2 = 1-b2.
func adamAVX2(w, g, m, v []float32, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32) {
	adamAVX2Asm(unsafe.SliceData(w), unsafe.SliceData(g), unsafe.SliceData(m), unsafe.SliceData(v), len(w), b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay)
}

// adamAVX2Asm is the assembly of adamAVX2, on n elements from each pointer.
//
//go:noescape
func adamAVX2Asm(w, grad, m, v *float32, n int, b1, omb1, b2, omb2, eps, l2, stepSize, invBC2, decay float32)
