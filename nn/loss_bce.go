package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// BCEWithLogitsLoss is torch.nn.BCEWithLogitsLoss: binary cross-entropy on
// logits x with targets y in [0, 1], in the stable form
//
//	l = max(x, 0) − x·y + log(1 + exp(−|x|)),   dl/dx = sigmoid(x) − y
//
// reduced by Mean (over all elements) or Sum. With PosWeight, output c's
// positive term is weighted by p = PosWeight[c], as PyTorch's pos_weight:
//
//	l = −[p·y·log σ(x) + (1−y)·log(1−σ(x))] = (1−y)·x + (1+(p−1)·y)·softplus(−x)
//	dl/dx = (1+(p−1)·y)·σ(x) − p·y
//
// (p > 1 raises recall, p < 1 precision; for a class of n_neg negatives
// and n_pos positives, PyTorch's documentation suggests p = n_neg/n_pos).
// Targets come from Batch.Targets; for a single output, Batch.Labels (0 or
// 1) may be used instead.
//
// Precision: each element's loss is computed in float64 from the float32
// logit and target and the losses are added in float64 in element order;
// the gradient is float32 (kernels.Sigmoid, kernels.Sub). A Trainer treats
// a loss beyond float32's range as non-finite (see NonFiniteError).
type BCEWithLogitsLoss struct {
	Reduction Reduction // Mean (over all elements, the zero value) or Sum
	// PosWeight is PyTorch's pos_weight: one factor per output, each
	// finite and >= 0, on the loss of its positive targets; nil weighs
	// them 1.
	PosWeight []float32
	grad      Tensor
	y         Tensor
}

// NewBCEWithLogitsLoss returns a mean-reduced BCEWithLogitsLoss.
func NewBCEWithLogitsLoss() *BCEWithLogitsLoss { return &BCEWithLogitsLoss{} }

// Name implements Loss.
func (l *BCEWithLogitsLoss) Name() string { return "BCEWithLogitsLoss" }

// Forward implements Loss: pred is [n, outputs] logits; b.Targets must
// hold as many values, or, for one output, b.Labels n labels. It returns
// an error if Reduction is neither Mean nor Sum, the targets or labels do
// not fit pred, a label is not 0 or 1, or PosWeight does not hold one
// finite value >= 0 per output. Targets are not checked to lie in [0, 1].
func (l *BCEWithLogitsLoss) Forward(pred *Tensor, b *Batch) (float64, error) {
	if err := l.Reduction.check(); err != nil {
		return 0, err
	}
	y, err := l.targets(pred, b)
	if err != nil {
		return 0, err
	}
	if err := l.checkPosWeight(pred.Cols()); err != nil {
		return 0, err
	}
	l.grad.resize2(pred.Rows(), pred.Cols())
	var total float64
	if l.PosWeight != nil {
		total = l.weighted(pred, y)
	} else {
		kernels.Sigmoid(l.grad.Data, pred.Data)
		kernels.Sub(l.grad.Data, l.grad.Data, y)
		for i, x32 := range pred.Data {
			x := float64(x32)
			total += max(x, 0) - float64(x*float64(y[i])) + math.Log1p(math.Exp(-math.Abs(x))) // unfused: see nn/doc.go
		}
	}
	if count := b.meanElements(pred); l.Reduction == Mean && count > 0 {
		total /= float64(count)
		kernels.Sscal(1/float32(count), l.grad.Data)
	}
	return total, nil
}

// checkPosWeight checks PosWeight against the cols outputs.
func (l *BCEWithLogitsLoss) checkPosWeight(cols int) error {
	if l.PosWeight == nil {
		return nil
	}
	if len(l.PosWeight) != cols {
		return fmt.Errorf("nn: BCEWithLogitsLoss has %d positive weights (PosWeight), but the output has %d values per sample", len(l.PosWeight), cols)
	}
	for c, p := range l.PosWeight {
		if !(p >= 0) || math.IsInf(float64(p), 1) {
			return fmt.Errorf("nn: BCEWithLogitsLoss: the positive weight %v of output %d (PosWeight[%d]) must be a finite number >= 0", p, c, c)
		}
	}
	return nil
}

// weighted returns the loss with PosWeight, adding the elements' losses
// in order, and sets the gradient. Both are computed in float64, the
// gradient rounded to float32 at the end: its two terms cancel where
// σ(x) is near p·y/(1+(p−1)·y), which in float32 would leave a relative
// error of p·2⁻²⁴ over the result.
func (l *BCEWithLogitsLoss) weighted(pred *Tensor, y []float32) float64 {
	cols := pred.Cols()
	var total float64
	for i, x32 := range pred.Data {
		x, t, p := float64(x32), float64(y[i]), float64(l.PosWeight[i%cols])
		lw := 1 + float64((p-1)*t)
		e := math.Exp(-math.Abs(x))
		softplus := max(-x, 0) + math.Log1p(e) // log(1 + exp(−x)), stable
		sigmoid := 1 / (1 + e)
		if x < 0 {
			sigmoid = e / (1 + e)
		}
		total += float64((1-t)*x) + float64(lw*softplus) // unfused: see nn/doc.go
		l.grad.Data[i] = float32(float64(lw*sigmoid) - float64(p*t))
	}
	return total
}

func (l *BCEWithLogitsLoss) targets(pred *Tensor, b *Batch) ([]float32, error) {
	return binaryTargets(l.Name(), pred, b, &l.y)
}

// Backward implements Loss.
func (l *BCEWithLogitsLoss) Backward() *Tensor { return &l.grad }

func (l *BCEWithLogitsLoss) reduction() Reduction { return l.Reduction }

// BCELoss is torch.nn.BCELoss: binary cross-entropy on probabilities
// p in [0, 1] (a Sigmoid's output) with targets y in [0, 1],
//
//	l = −(y·max(log p, −100) + (1−y)·max(log(1−p), −100))
//	dl/dp = (p − y) / max(p·(1−p), 1e-12)
//
// reduced by Mean (over all elements) or Sum. The logs are clamped at −100
// as in PyTorch, so a probability of exactly 0 or 1 gives a finite loss
// (100 per wrong element) and a finite gradient. Targets come from
// Batch.Targets; for a single output, Batch.Labels (0 or 1) may be used
// instead. Prefer BCEWithLogitsLoss on logits, which is stable without the
// clamp. The loss is computed and accumulated in float64 in element order;
// the gradient is rounded to float32.
type BCELoss struct {
	Reduction Reduction // Mean (over all elements, the zero value) or Sum
	grad      Tensor
	y         Tensor
}

// NewBCELoss returns a mean-reduced BCELoss.
func NewBCELoss() *BCELoss { return &BCELoss{} }

// Name implements Loss.
func (l *BCELoss) Name() string { return "BCELoss" }

// bceLogFloor is PyTorch's clamp of BCELoss's logs.
const bceLogFloor = -100

// bceGradEps is PyTorch's floor of p·(1−p) in BCELoss's gradient.
const bceGradEps = 1e-12

// Forward implements Loss. It returns an error naming the sample when a
// probability is outside [0, 1] (or NaN), as PyTorch does, when the
// targets do not fit pred (or a label is not 0 or 1), or when Reduction is
// neither Mean nor Sum.
func (l *BCELoss) Forward(pred *Tensor, b *Batch) (float64, error) {
	if err := l.Reduction.check(); err != nil {
		return 0, err
	}
	y, err := binaryTargets(l.Name(), pred, b, &l.y)
	if err != nil {
		return 0, err
	}
	cols := max(pred.Cols(), 1)
	l.grad.resize2(pred.Rows(), pred.Cols())
	scale := 1.0
	count := b.meanElements(pred)
	if l.Reduction == Mean && count > 0 {
		scale = 1 / float64(count)
	}
	var total float64
	for i, p32 := range pred.Data {
		p, t := float64(p32), float64(y[i])
		if !(p >= 0 && p <= 1) {
			return 0, fmt.Errorf("nn: BCELoss: input %v of sample %d, output %d is not a probability in [0, 1]", p32, i/cols, i%cols)
		}
		total -= float64(t*max(math.Log(p), bceLogFloor)) + float64((1-t)*max(math.Log1p(-p), bceLogFloor)) // unfused: see nn/doc.go
		l.grad.Data[i] = float32((p - t) / max(p*(1-p), bceGradEps) * scale)
	}
	if l.Reduction == Mean && count > 0 {
		total /= float64(count)
	}
	return total, nil
}

// Backward implements Loss.
func (l *BCELoss) Backward() *Tensor { return &l.grad }

func (l *BCELoss) reduction() Reduction { return l.Reduction }

// binaryTargets returns the targets of a binary loss: b.Targets shaped as
// pred, or, for a single output without Targets, b.Labels (each 0 or 1)
// converted into buf.
func binaryTargets(loss string, pred *Tensor, b *Batch, buf *Tensor) ([]float32, error) {
	if b.Targets.Data == nil && b.Labels != nil && pred.Cols() == 1 {
		if len(b.Labels) != pred.Rows() {
			return nil, fmt.Errorf("nn: %s needs %d labels, the batch has %d", loss, pred.Rows(), len(b.Labels))
		}
		buf.resize2(pred.Rows(), 1)
		for i, c := range b.Labels {
			if c != 0 && c != 1 {
				return nil, fmt.Errorf("nn: %s: label %d of sample %d is not 0 or 1", loss, c, i)
			}
			buf.Data[i] = float32(c)
		}
		return buf.Data, nil
	}
	if err := checkTargets(loss, pred, b); err != nil {
		return nil, err
	}
	return b.Targets.Data, nil
}
