package nn

import (
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// Penalty is an L1 and L2 penalty on weight matrices (KindWeight
// parameters; biases and normalisation parameters are not penalised), as
// Keras's kernel_regularizer l1_l2 defines it:
//
//	loss += L1·Σ|w| + L2·Σw²,   grad += L1·sign(w) + 2·L2·w
//
// (sign(0) = 0). Note PyTorch's weight_decay wd corresponds to L2 = wd/2.
type Penalty struct {
	L1, L2 float64 // coefficients of Σ|w| and Σw²; 0 turns a term off
}

// none reports whether p adds nothing: no term to the loss, no change to
// the gradients.
func (p Penalty) none() bool { return p.L1 == 0 && p.L2 == 0 }

// Apply adds the penalty's gradient to every weight's gradient and returns
// the penalty term for the reported loss (summed in float64, parameter
// order, so it is deterministic).
func (p Penalty) Apply(params []*Param) float64 {
	if p.none() {
		return 0
	}
	var total float64
	l1, l2 := float32(p.L1), float32(2*p.L2)
	for _, pr := range params {
		if pr.Kind != KindWeight {
			continue
		}
		w, g := pr.Value.Data, pr.Grad.Data
		if p.L2 != 0 {
			total += float64(p.L2 * float64(kernels.SumSquares(w))) // unfused: see nn/doc.go
			kernels.Saxpy(l2, w, g)
		}
		if p.L1 != 0 {
			total += float64(p.L1 * float64(kernels.Sasum(w)))
			for i, v := range w {
				switch {
				case v > 0:
					g[i] += l1
				case v < 0:
					g[i] -= l1
				}
			}
		}
	}
	return total
}

// GradNorm returns the L2 norm of all the parameters' gradients taken
// together: the sums of squares from kernels.SumSquares of each
// parameter's blocks (a Linear weight's blocks are the rows of its
// weight-gradient tasks, 64 or 128 output units; other parameters are one
// block), added in parameter and block order in float64.
func GradNorm(params []*Param) float64 {
	var ss float64
	for _, p := range params {
		ss += sumSquares(p, p.Grad.Data)
	}
	return math.Sqrt(ss)
}

// ClipGradNorm scales all gradients so that their global L2 norm is at most
// maxNorm, as torch.nn.utils.clip_grad_norm_ does (scale factor
// maxNorm/(norm+1e-6), applied only when it is below 1): the gradient
// norm clipping of Pascanu, Mikolov & Bengio, "On the difficulty of
// training recurrent neural networks" (ICML 2013). It returns the
// norm before clipping. A non-finite norm (NaN or infinite gradients, or a
// float32 sum of squares that overflows) is returned as is and the
// gradients are left alone: no scale makes them finite, so the caller must
// not step on them (Trainer stops with a *NonFiniteError).
func ClipGradNorm(params []*Param, maxNorm float64) float64 {
	n := GradNorm(params)
	if finite32(n) {
		scaleGradNorm(params, n, maxNorm)
	}
	return n
}

// scaleGradNorm is ClipGradNorm's scaling, given the finite global norm.
func scaleGradNorm(params []*Param, norm, maxNorm float64) {
	coef := maxNorm / (norm + 1e-6)
	if coef < 1 {
		for _, p := range params {
			kernels.Sscal(float32(coef), p.Grad.Data)
		}
	}
}

// ClipGradValue clamps every gradient element to [-v, v], as
// torch.nn.utils.clip_grad_value_ does. NaN stays NaN.
func ClipGradValue(params []*Param, v float64) {
	hi := float32(v)
	for _, p := range params {
		g := p.Grad.Data
		for i, x := range g {
			if x > hi {
				g[i] = hi
			} else if x < -hi {
				g[i] = -hi
			}
		}
	}
}
