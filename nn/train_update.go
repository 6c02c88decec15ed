package nn

// update finishes a step whose loss (without the penalty) and gradients
// are computed: the penalty, the checks for non-finite values, clipping
// and the optimizer step. It returns the loss with the penalty and the
// gradient norm before clipping.
func (t *Trainer) update(loss float64) (float64, float64, error) {
	m := t.Model
	loss += t.Penalty.Apply(m.Params())
	if !finite32(loss) {
		return loss, 0, &NonFiniteError{Quantity: QuantityLoss, Layer: -1, Index: -1, Value: loss}
	}
	gnorm := GradNorm(m.Params())
	if !finite32(gnorm) {
		return loss, gnorm, gradientError(m, gnorm)
	}
	if t.ClipNorm > 0 {
		scaleGradNorm(m.Params(), gnorm, t.ClipNorm)
	}
	if t.ClipValue > 0 {
		ClipGradValue(m.Params(), t.ClipValue)
	}
	if err := t.undo.step(m, t.Optimizer, gnorm); err != nil {
		return loss, gnorm, err
	}
	return loss, gnorm, nil
}
