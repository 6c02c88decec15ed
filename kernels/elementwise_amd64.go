//go:build !purego

package kernels

// AVX2 elementwise kernels (elementwise_amd64.s). All slices are as long as
// the first one; outputs may alias inputs element for element. NaN rules
// are those of the exported functions: VMAXPS returns its second source
// operand when either is NaN, so ReLU passes x's NaN through, and ordered
// compares are false for NaN, so the backward passes treat NaN as x <= 0.

//go:noescape
func addAVX2(dst, a, b []float32)

//go:noescape
func subAVX2(dst, a, b []float32)

//go:noescape
func mulAVX2(dst, a, b []float32)

// addsAVX2 computes dst[i] = a[i] + s.
//
//go:noescape
func addsAVX2(dst, a []float32, s float32)

// axpbyAVX2 computes y[i] = a*x[i] + b*y[i] as fma(a, x, b*y).
//
//go:noescape
func axpbyAVX2(a float32, x []float32, b float32, y []float32)

//go:noescape
func reluAVX2(dst, x []float32)

//go:noescape
func reluBackwardAVX2(dx, dy, x []float32)

//go:noescape
func leakyAVX2(dst, x []float32, slope float32)

//go:noescape
func leakyBackwardAVX2(dx, dy, x []float32, slope float32)

// Non-temporal variants: the same kernels with VMOVNTPS stores, for slices
// far larger than the caches (see stream2, stream3). dst must be 32-byte
// aligned except for the masked tail.

//go:noescape
func addNTAVX2(dst, a, b []float32)

//go:noescape
func subNTAVX2(dst, a, b []float32)

//go:noescape
func mulNTAVX2(dst, a, b []float32)

//go:noescape
func addsNTAVX2(dst, a []float32, s float32)

//go:noescape
func reluNTAVX2(dst, x []float32)

//go:noescape
func reluBackwardNTAVX2(dx, dy, x []float32)

//go:noescape
func leakyNTAVX2(dst, x []float32, slope float32)

//go:noescape
func leakyBackwardNTAVX2(dx, dy, x []float32, slope float32)
