package nn

import (
	"fmt"
	"math"

	"github.com/brawn-ml/brawn/kernels"
)

// CrossEntropyLoss is torch.nn.CrossEntropyLoss on logits [batch, C] with
// class-index labels, fused with log-softmax so it is stable for logits of
// any size. With label smoothing ε and class weights w (all 1 when Weight
// is nil), sample i of label y has, as in PyTorch,
//
//	loss_i = −(1−ε)·w_y·log_softmax(x_i)_y − (ε/C)·Σ_j w_j·log_softmax(x_i)_j
//	dloss_i/dx_ij = ((1−ε)·w_y + (ε/C)·Σ_k w_k)·softmax(x_i)_j − (1−ε)·w_y·[j = y] − (ε/C)·w_j
//
// (with w all 1, the target distribution (1−ε)·onehot(y) + ε/C of Szegedy
// et al. 2016). Sum adds the samples' losses; Mean divides that sum by the
// weights of the samples' labels, Σ_i w_{y_i}: the number of samples
// without Weight. A sample whose label is IgnoreIndex (with Ignore) adds
// nothing to the loss, to the gradient or to the divisor. A Mean over a
// batch whose divisor is 0 (every label ignored, or of weight 0) is 0
// with a zero gradient, where PyTorch's is 0/0, NaN: such a batch gives
// a Trainer no direction, rather than stop training as a non-finite loss
// would. reduction='none' has no equivalent: a Loss is a scalar.
//
// Evaluate's loss (and so a Trainer's validation loss) is the weighted
// mean over the whole set, Σ w_{y_i}·loss_i / Σ w_{y_i}, which one batch
// of the whole set would give, whatever the batch size (see LossMean).
// An epoch's training loss (EpochInfo.TrainLoss) averages the steps'
// losses weighted by their samples, as the usual PyTorch loop does
// (total += loss.item()·len(y)): with Weight or ignored labels that is
// not the set's weighted mean, and it depends on how the epoch's samples
// fall into batches.
//
// Precision: log_softmax and the gradient are float32 (kernels.LogSoftmax,
// kernels.Exp); each sample's loss is formed in float64 from the float32
// log-probabilities (a label-smoothed row's sum is a float32 kernels.Sum,
// or with Weight a float64 kernels.Dsdot) and the batch's losses are added
// in float64 in sample order, as is the divisor. A Trainer treats a loss
// beyond float32's range as non-finite (see NonFiniteError).
type CrossEntropyLoss struct {
	Reduction      Reduction // Mean (over samples, the zero value) or Sum
	LabelSmoothing float64   // ε, a fraction in [0, 1]; 0 for plain one-hot targets
	// Weight is PyTorch's weight: one factor per class, each finite and
	// >= 0, scaling the loss of the samples of that class (and, with
	// label smoothing, that class's term in every sample's loss). nil
	// weighs every class 1.
	Weight []float32
	// IgnoreIndex is PyTorch's ignore_index, which applies when Ignore is
	// set: a sample with this label counts for nothing (see above).
	// NewCrossEntropyLoss sets PyTorch's default, -100, a label no data
	// set holds, so that a batch may mark samples to skip; Fit and
	// Evaluate take data with such labels, and their accuracies count
	// over the other samples (IgnoredLabel). Ignore false (the zero value)
	// ignores no label: IgnoreIndex 0 would otherwise drop class 0.
	IgnoreIndex int
	Ignore      bool

	logp, grad Tensor
	losses     []float64 // each sample's loss
	pred       *Tensor   // the pass's logits and labels, while it runs
	labels     []int
	divisor    float64 // the divisor of a Mean (see meanDivisor); 0 makes the loss 0
	scale      float32 // the gradient's factor: 1/divisor for Mean, 1 for Sum
	weightSum  float64 // Σ_j Weight_j, for the smoothed gradient
}

// NewCrossEntropyLoss returns a mean-reduced CrossEntropyLoss without
// label smoothing or class weights, ignoring label -100, as PyTorch's
// CrossEntropyLoss().
func NewCrossEntropyLoss() *CrossEntropyLoss {
	return &CrossEntropyLoss{IgnoreIndex: -100, Ignore: true}
}

// Name implements Loss.
func (c *CrossEntropyLoss) Name() string { return "CrossEntropyLoss" }

// Forward implements Loss: pred is [n, C] logits and b.Labels must hold n
// labels. It returns an error if Reduction is neither Mean nor Sum, the
// label count is not n, LabelSmoothing is outside [0, 1], Weight does not
// hold C finite values >= 0, a label that is not ignored is outside
// [0, C), or b is part of a batch (Batch.MeanRows) whose divisor it needs
// and Batch.MeanWeight does not give.
func (c *CrossEntropyLoss) Forward(pred *Tensor, b *Batch) (float64, error) {
	if _, err := c.rowsBegin(pred, b); err != nil {
		return 0, err
	}
	c.rowsForward(0, pred.Rows())
	return c.rowsEnd(), nil
}

// MeanWeight returns the divisor of a Mean over a batch of these labels,
// PyTorch's: the sum of the Weight of the labels not ignored, in float64
// in label order, or their number without Weight. A label outside Weight
// counts for nothing (Forward refuses it). Give it, for a whole batch, as
// Batch.MeanWeight of each part of the batch (see Batch.MeanRows).
func (c *CrossEntropyLoss) MeanWeight(labels []int) float64 {
	var sum float64
	for _, y := range labels {
		switch {
		case c.ignored(y):
		case c.Weight == nil:
			sum++
		case y >= 0 && y < len(c.Weight):
			sum += float64(c.Weight[y])
		}
	}
	return sum
}

// weighted reports whether the Mean's divisor depends on the labels, so
// that the parts of a batch need Batch.MeanWeight.
func (c *CrossEntropyLoss) weighted() bool { return c.Weight != nil || c.Ignore }

func (c *CrossEntropyLoss) ignored(y int) bool { return c.Ignore && y == c.IgnoreIndex }

// rowsBegin implements rowLoss: it checks b's labels against pred and
// sizes the buffers.
func (c *CrossEntropyLoss) rowsBegin(pred *Tensor, b *Batch) (*Tensor, error) {
	if err := c.Reduction.check(); err != nil {
		return nil, err
	}
	n, k := pred.Rows(), pred.Cols()
	if len(b.Labels) != n {
		return nil, fmt.Errorf("nn: CrossEntropyLoss needs %d class labels, the batch has %d", n, len(b.Labels))
	}
	if !(c.LabelSmoothing >= 0 && c.LabelSmoothing <= 1) { // NaN too
		return nil, fmt.Errorf("nn: CrossEntropyLoss label smoothing %g is outside [0, 1]", c.LabelSmoothing)
	}
	if err := c.checkWeight(k); err != nil {
		return nil, err
	}
	for i, y := range b.Labels {
		if (y < 0 || y >= k) && !c.ignored(y) {
			return nil, fmt.Errorf("nn: CrossEntropyLoss: label %d of sample %d is outside [0, %d)", y, i, k)
		}
	}
	c.divisor, c.scale = 0, 1
	if c.Reduction == Mean {
		d, err := c.meanDivisor(pred, b)
		if err != nil {
			return nil, err
		}
		c.divisor, c.scale = d, 0
		if d > 0 {
			c.scale = 1 / float32(d)
		}
	}
	c.pred, c.labels = pred, b.Labels
	c.logp.resize2(n, k)
	c.grad.resize2(n, k)
	if cap(c.losses) < n {
		c.losses = make([]float64, n)
	}
	c.losses = c.losses[:n]
	return &c.grad, nil
}

// checkWeight checks Weight against the k classes of the output and
// sums it.
func (c *CrossEntropyLoss) checkWeight(k int) error {
	if c.Weight == nil {
		return nil
	}
	if len(c.Weight) != k {
		return fmt.Errorf("nn: CrossEntropyLoss has %d class weights (Weight), but the output has %d classes", len(c.Weight), k)
	}
	c.weightSum = 0
	for j, w := range c.Weight {
		if !(w >= 0) || math.IsInf(float64(w), 1) {
			return fmt.Errorf("nn: CrossEntropyLoss: the weight %v of class %d (Weight[%d]) must be a finite number >= 0", w, j, j)
		}
		c.weightSum += float64(w)
	}
	return nil
}

// meanDivisor returns the divisor of a Mean over b, of pred's rows: its own labels'
// MeanWeight, or for part of a batch (Batch.MeanRows) the whole batch's,
// Batch.MeanWeight, or MeanRows when no label of the part is ignored and
// there is no Weight. A part whose own divisor is 0 has loss and gradient
// 0 whatever the whole batch's.
func (c *CrossEntropyLoss) meanDivisor(pred *Tensor, b *Batch) (float64, error) {
	if !c.weighted() {
		return float64(b.meanRows(pred)), nil
	}
	own := c.MeanWeight(b.Labels)
	switch {
	case b.MeanRows <= 0 || own == 0:
		return own, nil
	case b.MeanWeight > 0:
		return b.MeanWeight, nil
	case c.Weight == nil && own == float64(len(b.Labels)):
		return float64(b.MeanRows), nil
	}
	return 0, fmt.Errorf("nn: CrossEntropyLoss: the batch is part of one of %d samples (Batch.MeanRows), whose mean divides by the weight of its labels: set Batch.MeanWeight to CrossEntropyLoss.MeanWeight of the whole batch's labels", b.MeanRows)
}

// rowsForward implements rowLoss: the losses and gradient rows [lo, hi).
func (c *CrossEntropyLoss) rowsForward(lo, hi int) {
	k := c.pred.Cols()
	logp, grad := c.logp.Data[lo*k:hi*k], c.grad.Data[lo*k:hi*k]
	kernels.LogSoftmax(logp, c.pred.Data[lo*k:hi*k], hi-lo, k)
	// grad = (softmax·a − b)·scale, softmax recovered as exp(log_softmax).
	kernels.Exp(grad, logp)
	for i := lo; i < hi; i++ {
		row, g := c.logp.Data[i*k:(i+1)*k], c.grad.Data[i*k:(i+1)*k]
		switch y := c.labels[i]; {
		case c.ignored(y):
			c.losses[i] = 0
			clear(g)
		case c.Weight == nil:
			c.losses[i] = c.plainRow(row, g, y)
		default:
			c.losses[i] = c.weightedRow(row, g, y)
		}
	}
	if c.scale != 1 {
		kernels.Sscal(c.scale, grad)
	}
}

// plainRow returns the loss of a sample of label y without Weight, whose
// log-probabilities are row, and turns its softmax g into its gradient
// (before the reduction's scale).
func (c *CrossEntropyLoss) plainRow(row, g []float32, y int) float64 {
	eps, k := c.LabelSmoothing, len(row)
	// Both products are rounded before the difference (see nn/doc.go).
	l := float64(-(1 - eps) * float64(row[y]))
	if eps != 0 {
		l -= float64(eps / float64(k) * float64(kernels.Sum(row)))
	}
	on, off := float32(1-eps+eps/float64(k)), float32(eps/float64(k))
	if off != 0 {
		kernels.AddScalar(g, g, -off)
	}
	g[y] -= on - off
	return l
}

// weightedRow is plainRow with Weight.
func (c *CrossEntropyLoss) weightedRow(row, g []float32, y int) float64 {
	eps, k, w := c.LabelSmoothing, float64(len(row)), c.Weight
	wy := float64(w[y])
	l := float64(-(1 - eps) * float64(wy*float64(row[y])))
	on := float64((1 - eps) * wy)
	a := on
	if eps != 0 {
		l -= float64(eps / k * kernels.Dsdot(w, row))
		a += float64(eps * c.weightSum / k) // unfused: see nn/doc.go
	}
	kernels.Sscal(float32(a), g)
	if eps != 0 {
		kernels.Saxpy(-float32(eps/k), w, g)
	}
	g[y] -= float32(on)
	return l
}

// rowsEnd implements rowLoss: the batch's losses added in sample order.
func (c *CrossEntropyLoss) rowsEnd() float64 {
	var total float64
	for _, l := range c.losses {
		total += l
	}
	if c.Reduction == Mean {
		if c.divisor > 0 {
			total /= c.divisor
		} else {
			total = 0
		}
	}
	c.pred, c.labels = nil, nil
	return total
}

// Backward implements Loss.
func (c *CrossEntropyLoss) Backward() *Tensor { return &c.grad }

func (c *CrossEntropyLoss) reduction() Reduction { return c.Reduction }
