package kernels

// Add computes dst[i] = a[i] + b[i]. All three slices must have the same
// length; dst may alias a or b.
func Add(dst, a, b []float32) {
	if len(a) == len(dst) && len(b) == len(dst) && direct(len(dst)) {
		addDirect(dst, a, b)
		return
	}
	addTable(dst, a, b)
}

// addTable is Add through the active table, after the length checks.
func addTable(dst, a, b []float32) {
	checkLen("Add", "a", len(a), len(dst))
	checkLen("Add", "b", len(b), len(dst))
	use().add(dst, a, b)
}

// Sub computes dst[i] = a[i] - b[i]. Lengths as for Add.
func Sub(dst, a, b []float32) {
	if len(a) == len(dst) && len(b) == len(dst) && direct(len(dst)) {
		subDirect(dst, a, b)
		return
	}
	subTable(dst, a, b)
}

// subTable is Sub through the active table, after the length checks.
func subTable(dst, a, b []float32) {
	checkLen("Sub", "a", len(a), len(dst))
	checkLen("Sub", "b", len(b), len(dst))
	use().sub(dst, a, b)
}

// Mul computes dst[i] = a[i] * b[i] (the Hadamard product). Lengths as for
// Add.
func Mul(dst, a, b []float32) {
	if len(a) == len(dst) && len(b) == len(dst) && direct(len(dst)) {
		mulDirect(dst, a, b)
		return
	}
	mulTable(dst, a, b)
}

// mulTable is Mul through the active table, after the length checks.
func mulTable(dst, a, b []float32) {
	checkLen("Mul", "a", len(a), len(dst))
	checkLen("Mul", "b", len(b), len(dst))
	use().mul(dst, a, b)
}

// AddScalar computes dst[i] = a[i] + s. len(a) must equal len(dst).
func AddScalar(dst, a []float32, s float32) {
	if len(a) == len(dst) && direct(len(dst)) {
		addsDirect(dst, a, s)
		return
	}
	addsTable(dst, a, s)
}

// addsTable is AddScalar through the active table, after the length checks.
func addsTable(dst, a []float32, s float32) {
	checkLen("AddScalar", "a", len(a), len(dst))
	use().adds(dst, a, s)
}

// Saxpby computes y[i] = a*x[i] + b*y[i]: the BLAS extension ?axpby of
// OpenBLAS and MKL, in Reference-LAPACK's BLAS as SAXPBY since 2024.
// len(x) must equal len(y).
//
// Neither scalar is a special case. With b = 0, y is still read, so a NaN
// or ±Inf in y gives NaN (0·NaN): the beta = 0 semantics of
// Reference-LAPACK's saxpby.f, which computes SB*SY + SA*SX without
// testing SB, not OpenBLAS's, whose saxpby writes a*x over y unread. With
// a = 0, a NaN or ±Inf in x gives NaN likewise (both libraries skip x
// then). Callers that want y overwritten whatever it holds use Sscal or
// copy first.
func Saxpby(a float32, x []float32, b float32, y []float32) {
	if len(x) == len(y) && direct(len(y)) {
		saxpbyDirect(a, x, b, y)
		return
	}
	saxpbyTable(a, x, b, y)
}

// saxpbyTable is Saxpby through the active table, after the length checks.
func saxpbyTable(a float32, x []float32, b float32, y []float32) {
	checkLen("Saxpby", "x", len(x), len(y))
	use().saxpby(a, x, b, y)
}

// ReLU computes dst[i] = max(x[i], 0): 0 where x[i] < 0, x[i] otherwise,
// so a zero keeps its sign (-0 gives -0, where Go's max(-0, 0) gives +0).
// NaN propagates: a NaN input gives a NaN output, as torch.relu does.
// len(x) must equal len(dst).
func ReLU(dst, x []float32) {
	if len(x) == len(dst) && direct(len(dst)) {
		reluDirect(dst, x)
		return
	}
	reluTable(dst, x)
}

// reluTable is ReLU through the active table, after the length checks.
func reluTable(dst, x []float32) {
	checkLen("ReLU", "x", len(x), len(dst))
	use().relu(dst, x)
}

// ReLUBackward computes dx[i] = 0 if x[i] <= 0, else dy[i], where x is the
// ReLU's input (or output: both are positive, and NaN, at the same
// places). A NaN in x passes dy[i], as PyTorch's threshold_backward does.
// All lengths must be equal; dx may alias dy.
func ReLUBackward(dx, dy, x []float32) {
	if len(dy) == len(dx) && len(x) == len(dx) && direct(len(dx)) {
		reluBackwardDirect(dx, dy, x)
		return
	}
	reluBackwardTable(dx, dy, x)
}

// reluBackwardTable is ReLUBackward through the active table, after the length checks.
func reluBackwardTable(dx, dy, x []float32) {
	checkLen("ReLUBackward", "dy", len(dy), len(dx))
	checkLen("ReLUBackward", "x", len(x), len(dx))
	use().relubw(dx, dy, x)
}

// LeakyReLU computes dst[i] = slope*x[i] if x[i] < 0, else x[i] (so a zero
// keeps its sign whatever the slope). NaN propagates.
func LeakyReLU(dst, x []float32, slope float32) {
	if len(x) == len(dst) && direct(len(dst)) {
		leakyDirect(dst, x, slope)
		return
	}
	leakyTable(dst, x, slope)
}

// leakyTable is LeakyReLU through the active table, after the length checks.
func leakyTable(dst, x []float32, slope float32) {
	checkLen("LeakyReLU", "x", len(x), len(dst))
	use().leaky(dst, x, slope)
}

// LeakyReLUBackward computes dx[i] = dy[i] if x[i] > 0, else slope*dy[i],
// where x is the layer's input.
func LeakyReLUBackward(dx, dy, x []float32, slope float32) {
	if len(dy) == len(dx) && len(x) == len(dx) && direct(len(dx)) {
		leakyBackwardDirect(dx, dy, x, slope)
		return
	}
	leakyBackwardTable(dx, dy, x, slope)
}

// leakyBackwardTable is LeakyReLUBackward through the active table, after the length checks.
func leakyBackwardTable(dx, dy, x []float32, slope float32) {
	checkLen("LeakyReLUBackward", "dy", len(dy), len(dx))
	checkLen("LeakyReLUBackward", "x", len(x), len(dx))
	use().leakbw(dx, dy, x, slope)
}

// Sigmoid computes dst[i] = 1/(1+exp(-x[i])), saturating to exactly 0 and 1
// for large |x| and propagating NaN. Error against float64: generic 0.5
// ulp; avx2-fma and avx512 (the same bits) at most 2.41 ulp (at x = -4.157294), measured by
// TestULPSweep with BRAWN_EXHAUSTIVE=1 over every float32 in [-110, 110];
// neon at most 2.3 ulp measured by the sampled sweep under qemu. Every level is tested against a
// bound of 3 ulp, subnormal results included. len(x) must equal len(dst).
func Sigmoid(dst, x []float32) {
	if len(x) == len(dst) && direct(len(dst)) {
		sigmoidDirect(dst, x)
		return
	}
	sigmoidTable(dst, x)
}

// sigmoidTable is Sigmoid through the active table, after the length checks.
func sigmoidTable(dst, x []float32) {
	checkLen("Sigmoid", "x", len(x), len(dst))
	use().sigm(dst, x)
}

// Tanh computes dst[i] = tanh(x[i]), saturating to exactly ±1, giving ±0
// for ±0 and propagating NaN. Error against float64: generic 0.5 ulp; avx2-fma and
// avx512 (the same bits) at most 2.50 ulp (at x = -4.5050907), measured by TestULPSweep with
// BRAWN_EXHAUSTIVE=1 over every float32 in [-110, 110]; neon at most 1.03
// ulp measured by the sampled sweep under qemu. Every level is tested against a bound of 4 ulp.
// len(x) must equal len(dst).
func Tanh(dst, x []float32) {
	if len(x) == len(dst) && direct(len(dst)) {
		tanhDirect(dst, x)
		return
	}
	tanhTable(dst, x)
}

// tanhTable is Tanh through the active table, after the length checks.
func tanhTable(dst, x []float32) {
	checkLen("Tanh", "x", len(x), len(dst))
	use().tanh(dst, x)
}

// Exp computes dst[i] = e^x[i]. Overflow gives +Inf (x > ~88.72), underflow
// gives 0 (x < ~-103.97, through the subnormal range), NaN gives NaN.
//
// Error against float64, in ulps of the float32 result (the spacing 2^-149
// for subnormal results): generic 0.5 ulp (math.Exp, rounded); avx2-fma
// and avx512 (range reduction and a polynomial, see exp_amd64.go; the two
// give the same bits for every float32, which TestAVX512MatchesAVX2
// checks exhaustively with BRAWN_EXHAUSTIVE=1) at most 1.06 ulp
// (at x = 26.732475), measured by TestULPSweep with BRAWN_EXHAUSTIVE=1 over
// every float32 in [-110, 110]; neon (exp_arm64.s) at most 1.04 ulp
// measured by the sampled sweep (2.2 million evenly spaced inputs) under
// qemu, 1.10 ulp in an exhaustive float64
// emulation of its arithmetic over every float32 in [-104, 89]. Every
// level is tested against a bound of 2 ulp. len(x) must equal len(dst).
func Exp(dst, x []float32) {
	if len(x) == len(dst) && direct(len(dst)) {
		expDirect(dst, x)
		return
	}
	expTable(dst, x)
}

// expTable is Exp through the active table, after the length checks.
func expTable(dst, x []float32) {
	checkLen("Exp", "x", len(x), len(dst))
	use().exp(dst, x)
}
