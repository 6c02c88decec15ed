package kernels

import "math"

// SGDParams configures SGDStep. It follows torch.optim.SGD: with weight
// decay wd the gradient becomes g + wd*w; with momentum mu the buffer b
// becomes mu*b + (1-dampening)*g (on the first step b = g); Nesterov uses
// g + mu*b, plain momentum uses b; then w -= lr*that.
type SGDParams struct {
	// LR is the learning rate lr.
	LR float32
	// Momentum is mu; 0 turns the momentum buffer off.
	Momentum float32
	// Dampening scales the gradient's share of the buffer by
	// 1-Dampening (torch.optim.SGD's dampening).
	Dampening float32
	// WeightDecay is wd, the L2 penalty added to the gradient as wd*w.
	WeightDecay float32
	// Nesterov selects Nesterov momentum (Sutskever et al. 2013): the
	// update uses g + mu*b rather than b.
	Nesterov bool
	// First is true on the first step, when the momentum buffer is set to
	// the gradient instead of being decayed.
	First bool
}

// SGDStep updates w in place by one SGD step (Robbins & Monro 1951; momentum
// as in Polyak 1964 and Sutskever et al. 2013, exactly as PyTorch applies
// it). g is the gradient; buf is the momentum buffer and is unused (may be
// nil) when p.Momentum is 0. A buffer value that comes out subnormal or
// zero is stored as +0, and the update uses it, for the reason AdamStep
// gives. w, g and buf (when used) must have the same length; g is not
// modified.
func SGDStep(w, g, buf []float32, p SGDParams) {
	checkLen("SGDStep", "g", len(g), len(w))
	if p.Momentum != 0 {
		checkLen("SGDStep", "buf", len(buf), len(w))
	}
	a := sgdArgs{p.LR, p.Momentum, p.Dampening, p.WeightDecay, p.Nesterov, p.First}
	use().sgd(w, g, buf, a)
}

// AdamParams configures AdamStep as torch.optim.Adam and AdamW define it.
type AdamParams struct {
	// LR is the learning rate lr.
	LR float32
	// Beta1 and Beta2 are the decay rates b1 and b2 of the moment
	// estimates m and v.
	Beta1, Beta2 float32
	// Eps is added to the denominator, outside the square root.
	Eps float32
	// WeightDecay is wd, coupled (L2, g += wd*w) or decoupled (AdamW) as
	// Decoupled says.
	WeightDecay float32
	// Step is the 1-based step count t used for bias correction.
	Step int
	// Decoupled selects AdamW (Loshchilov & Hutter 2019): w *= 1 - lr*wd
	// before the update. Otherwise weight decay is the L2 form of Adam,
	// g += wd*w.
	Decoupled bool
}

// AdamStep updates w, m and v in place by one Adam step (Kingma & Ba 2015,
// Algorithm 1) in one pass, with PyTorch's arrangement of the bias
// correction and eps outside the square root:
//
//	m = b1*m + (1-b1)*g
//	v = b2*v + (1-b2)*g*g
//	w -= lr/(1-b1^t) * m / (sqrt(v)/sqrt(1-b2^t) + eps)
//
// A moment that comes out subnormal (magnitude below 2^-126) or zero is
// stored as +0, and the update uses it; NaN is kept. A dead unit's first
// moment (gradient 0) otherwise decays by b1 a step into the subnormals
// and stays there, as b1·m rounds back to m, and x86 cores take microcode
// assists on every vector holding one: with a quarter of 784-256-128-10's
// moments so, the step took 3.2x as long at avx512 and 5x at avx2 on an
// Intel Xeon (BenchmarkAdamStepDenormal). The update dropped is below
// stepSize·2^-126/eps, under any normal weight's last bit.
//
// w, g, m and v must have the same length; g is not modified. It panics if
// p.Step < 1.
func AdamStep(w, g, m, v []float32, p AdamParams) {
	if p.Step < 1 {
		panic("kernels.AdamStep: Step must be >= 1")
	}
	checkLen("AdamStep", "g", len(g), len(w))
	checkLen("AdamStep", "m", len(m), len(w))
	checkLen("AdamStep", "v", len(v), len(w))
	t := float64(p.Step)
	a := adamArgs{lr: p.LR, b1: p.Beta1, b2: p.Beta2, eps: p.Eps, wd: p.WeightDecay}
	a.stepSize = float32(float64(p.LR) / (1 - math.Pow(float64(p.Beta1), t)))
	a.invBC2 = float32(1 / math.Sqrt(1-math.Pow(float64(p.Beta2), t)))
	a.decay = 1
	if p.Decoupled {
		a.decay = 1 - float32(p.LR*p.WeightDecay) // unfused, as in gemmMicroGo
	} else {
		a.l2 = p.WeightDecay
	}
	use().adam(w, g, m, v, a)
}

// FlushSubnormal returns x, or +0 when x is subnormal (magnitude below
// 2^-126) or zero: the value AdamStep and SGDStep store in their buffers,
// for the optimizers written in Go to store likewise. NaN is kept.
func FlushSubnormal(x float32) float32 {
	if x > -0x1p-126 && x < 0x1p-126 {
		return 0
	}
	return x
}
