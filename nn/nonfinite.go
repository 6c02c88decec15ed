package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// Quantities a NonFiniteError names.
const (
	QuantityLoss           = "loss"
	QuantityGradient       = "gradient"
	QuantityWeight         = "weight"
	QuantityOptimizerState = "optimizer state"
)

// NonFiniteError is returned by Fit and TrainBatch when a training step
// meets a value that is not a finite float32. The Trainer checks, at every
// step:
//
//   - the loss (penalty included): NaN, ±Inf, or beyond float32's range
//     (|loss| > math.MaxFloat32; the losses accumulate in float64, where
//     such a loss is still finite, but the model's float32 outputs and
//     gradients are not);
//   - the global gradient norm, after backward and the penalty and before
//     clipping: NaN or +Inf, that is a gradient element that is NaN or
//     infinite, or gradients whose float32 sum of squares overflows (as
//     torch.nn.utils.clip_grad_norm_ with error_if_nonfinite=True refuses
//     them);
//   - after the optimizer's update, every weight and every optimizer
//     buffer (e.g. Adam's exp_avg_sq).
//
// The step's update is not applied: the weights, the optimizer's state
// (buffers and step count), the model's buffers (BatchNorm1d's running
// statistics) and its RNG are those before the step, bit for bit, and the
// Trainer's position still counts the step as not done. The exception is
// an Optimizer that is not one of this package's: its weights are
// restored but its own state is not.
//
// Use errors.As to get it.
type NonFiniteError struct {
	// Epoch and Step are the 1-based epoch and step within it, and
	// GlobalStep the 1-based step since the start of training (all 0
	// from TrainBatch).
	Epoch, Step, GlobalStep int
	// Quantity is QuantityLoss, QuantityGradient, QuantityWeight or
	// QuantityOptimizerState.
	Quantity string
	// Layer is the index in the Sequential of the layer holding Param,
	// and LayerType its type ("Linear"); -1 and "" for the loss.
	Layer     int
	LayerType string // Layer's Type(), e.g. "Linear"
	// Param is the state_dict name of the first parameter, in the
	// model's order, where the value appeared ("0.weight"); "" for the
	// loss. Buffer is the optimizer's state entry for
	// QuantityOptimizerState ("exp_avg_sq"), else "".
	Param, Buffer string
	// Index is the flat (row-major) index in Param of its first
	// non-finite element, or -1: for the loss, and for a gradient whose
	// elements are finite but whose sum of squares overflows float32.
	Index int
	// Value is the loss, or the element of Param's gradient, weight or
	// buffer at Index (NaN, +Inf or -Inf); for a gradient without one
	// (Index -1), Param's gradient norm, +Inf.
	Value float64
}

// Error implements error, e.g. "nn: the gradient of 0.weight (layer 0,
// Linear) is NaN at element 3 at epoch 2, step 17 (global step 40); the
// update was not applied".
func (e *NonFiniteError) Error() string {
	var what string
	switch {
	case e.Quantity == QuantityLoss && !math.IsNaN(e.Value) && !math.IsInf(e.Value, 0):
		what = fmt.Sprintf("the loss is %.6g, beyond float32's range", e.Value)
	case e.Quantity == QuantityLoss:
		what = fmt.Sprintf("the loss is %v", e.Value)
	case e.Quantity == QuantityGradient && e.Index < 0:
		what = fmt.Sprintf("the gradient of %s (layer %d, %s) overflows float32: its norm is %v", e.Param, e.Layer, e.LayerType, e.Value)
	case e.Quantity == QuantityOptimizerState:
		what = fmt.Sprintf("the optimizer's %s of %s (layer %d, %s) would become %v at element %d", e.Buffer, e.Param, e.Layer, e.LayerType, e.Value, e.Index)
	case e.Quantity == QuantityWeight:
		what = fmt.Sprintf("the update would make %s (layer %d, %s) %v at element %d", e.Param, e.Layer, e.LayerType, e.Value, e.Index)
	default:
		what = fmt.Sprintf("the %s of %s (layer %d, %s) is %v at element %d", e.Quantity, e.Param, e.Layer, e.LayerType, e.Value, e.Index)
	}
	where := ""
	if e.GlobalStep > 0 {
		where = fmt.Sprintf(" at epoch %d, step %d (global step %d)", e.Epoch, e.Step, e.GlobalStep)
	}
	return "nn: " + what + where + "; the update was not applied"
}

// allFinite reports whether every element of x is finite. A finite float32
// sum of squares proves it in one vectorised pass (a NaN or infinite
// element makes the sum NaN or +Inf); only when the sum overflows are the
// elements looked at one by one.
func allFinite(x []float32) bool {
	if kernels.SumSquares(x) <= math.MaxFloat32 {
		return true
	}
	return firstNonFinite(x) < 0
}

// firstNonFinite returns the index of the first NaN or infinite element of
// x, or -1.
func firstNonFinite(x []float32) int {
	for i, v := range x {
		if v-v != 0 {
			return i
		}
	}
	return -1
}

// nonFiniteIn fills e's Layer, LayerType and Param for p, and Index and
// Value for p's first non-finite element in x (Index -1 if there is none).
func (e *NonFiniteError) nonFiniteIn(m *Sequential, p *Param, x []float32) {
	e.Layer, e.LayerType, e.Param, e.Index = -1, "", p.Name, firstNonFinite(x)
	for i, l := range m.Layers {
		for _, q := range l.Params() {
			if q == p {
				e.Layer, e.LayerType = i, l.Type()
			}
		}
	}
	if e.Index >= 0 {
		e.Value = float64(x[e.Index])
	}
}

// gradientError returns the error for a non-finite global gradient norm
// (GradNorm): it names the first parameter whose float32 sum of squares
// is NaN or +Inf (the float64 total of finite float32 sums cannot
// overflow) and its first non-finite element, if any.
func gradientError(m *Sequential, norm float64) *NonFiniteError {
	e := &NonFiniteError{Quantity: QuantityGradient, Layer: -1, Index: -1, Value: norm}
	for _, p := range m.Params() {
		if ss := kernels.SumSquares(p.Grad.Data); !(ss <= math.MaxFloat32) {
			e.Value = math.Sqrt(float64(ss))
			e.nonFiniteIn(m, p, p.Grad.Data) // the element, if there is one
			break
		}
	}
	return e
}
