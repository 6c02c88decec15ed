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
	gnorm := t.measureSums()
	defer t.sums.forget()
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

// measureSums returns the global norm of the model's gradients, as
// GradNorm, with the weights' sums of squares measured in the same region
// for an optimizer that proves its steps and takes them (see stepSums).
func (t *Trainer) measureSums() float64 {
	o, takes := t.Optimizer.(interface{ useSums(*stepSums) })
	_, proves := t.Optimizer.(provenOptimizer)
	if takes {
		o.useSums(&t.sums)
	}
	return t.sums.measure(t.Model.Params(), takes && proves, t.Model.env.threads())
}
