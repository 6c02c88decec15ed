package kernels

import "sync/atomic"

// table is the registry of one level: its implementation of every
// dispatched kernel, SGEMM and Sgemv included, built in one place per
// level (genericTable, avx2Table, avx512Table, neonTable). The exported
// functions check their arguments and then call through the active table,
// so implementations may assume valid, equal lengths. (The elementwise
// ones call the build's assembly directly instead when it is the active
// level and the slices fit one chunk; see direct_amd64.go.)
type table struct {
	level Level
	// gemm is the level's SGEMM and Sgemv: micro-kernels, packers, tile
	// shape and cache blocks (see gemmImpl).
	gemm *gemmImpl
	// direct is set when the build's direct entry points (direct_*.go)
	// run this level's kernels when it is active, so the exported
	// functions may call them instead of the table.
	direct bool
	// warn marks the copy of a level's table that is active until the
	// first kernel call writes the warning that BRAWN_KERNELS was not
	// applied (deferEnvWarning).
	warn bool

	saxpy  func(a float32, x, y []float32)
	sscal  func(a float32, x []float32)
	sdot   func(x, y []float32) float32
	sasum  func(x []float32) float32
	sum    func(x []float32) float32
	sumsq  func(x []float32) float32
	add    func(dst, a, b []float32)
	sub    func(dst, a, b []float32)
	mul    func(dst, a, b []float32)
	adds   func(dst, a []float32, s float32)
	saxpby func(a float32, x []float32, b float32, y []float32)
	relu   func(dst, x []float32)
	relubw func(dx, dy, x []float32)
	leaky  func(dst, x []float32, slope float32)
	leakbw func(dx, dy, x []float32, slope float32)
	sigm   func(dst, x []float32)
	tanh   func(dst, x []float32)
	exp    func(dst, x []float32)

	rowmax  func(dst, a []float32, rows, cols int)
	rowarg  func(dst []int, a []float32, rows, cols int)
	rowsum  func(dst, a []float32, rows, cols int)
	softmax func(dst, a []float32, rows, cols int)
	logsm   func(dst, a []float32, rows, cols int)
	addbias func(c, bias []float32, rows, cols int)
	colsum  func(dst, a []float32, rows, cols int)

	// The 2×2 pooling kernels, each level's pool2x2Rows under the
	// drivers of pool_generic.go.
	maxpool   func(y []float32, arg []int32, x []float32, planes, h, w int)
	maxpoolbw func(dx, dy []float32, arg []int32, planes, h, w int)
	avgpool   func(y, x []float32, planes, h, w int, div float32)
	avgpoolbw func(dx, dy []float32, planes, h, w int, div float32)
	maxtap    func(y []float32, arg []int32, x []float32, stride, base int)

	// Batch normalisation (batchnorm.go), chunked by setBatchNorm.
	dssum   func(x []float32) float64
	dsdot   func(x, y []float32) float64
	dssqdev func(x []float32, mu float64) float64
	bnorm   func(y, xhat, x []float32, mean, scale float64, gamma, beta float32)
	bndx    func(dx, dy, xhat []float32, m, sumDy, sumDyXhat, scale float64)

	sgd  func(w, g, buf []float32, p sgdArgs)
	adam func(w, g, m, v []float32, p adamArgs)

	u8f func(dst []float32, src []byte, div float32)
}

// active is the table of the level in use: the exported functions call
// through it (see SetLevel).
var active atomic.Pointer[table]

// sgdArgs are the table's SGD arguments, from SGDParams.
type sgdArgs struct {
	lr, mu, damp, wd float32
	nesterov, first  bool
}

// adamArgs are the table's Adam arguments, from AdamParams.
type adamArgs struct {
	lr, b1, b2, eps, wd float32
	// Precomputed per step: stepSize = lr/(1-b1^t), invBC2 = 1/sqrt(1-b2^t),
	// decay = 1 - lr*wd for AdamW (1 otherwise), l2 = wd for Adam (0 for AdamW).
	stepSize, invBC2, decay, l2 float32
}
