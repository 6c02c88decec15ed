package nn

import (
	"fmt"

	"github.com/brawn-ml/brawn/kernels"
)

// Reduction says how a loss combines per-element losses, as PyTorch's
// reduction argument.
type Reduction uint8

const (
	// Mean averages (over samples for CrossEntropyLoss, over all elements
	// for MSELoss and BCEWithLogitsLoss). It is the default.
	Mean Reduction = iota
	// Sum adds them.
	Sum
)

// check returns an error unless r is Mean or Sum.
func (r Reduction) check() error {
	if r > Sum {
		return fmt.Errorf("nn: loss Reduction %d is neither Mean (0) nor Sum (1)", r)
	}
	return nil
}

// Loss computes a scalar loss from a model's output and a batch's targets,
// and its gradient with respect to the output.
type Loss interface {
	// Forward returns the loss of pred [batch, outputs] against b's
	// targets. Targets the loss cannot use (a label out of range, a
	// missing or misshapen target) give an error naming the sample.
	Forward(pred *Tensor, b *Batch) (float64, error)
	// Backward returns dL/dpred for the last successful Forward. The
	// tensor is owned by the loss and valid until the next Forward.
	Backward() *Tensor
	// Name returns the PyTorch class name ("CrossEntropyLoss", ...).
	Name() string
}

// CrossEntropyLoss is torch.nn.CrossEntropyLoss on logits [batch, C] with
// class-index labels, fused with log-softmax so it is stable for logits of
// any size. With label smoothing ε the target distribution is
// q = (1-ε)·onehot(y) + ε/C (Szegedy et al. 2016, PyTorch's definition):
//
//	loss_i = -Σ_j q_j · log_softmax(x_i)_j,   dL/dx_ij = softmax(x_i)_j − q_j
//
// reduced by Mean (over the batch) or Sum.
//
// Precision: log_softmax and the gradient are float32 (kernels.LogSoftmax,
// kernels.Exp); each sample's loss is formed in float64 from the float32
// log-probabilities (a label-smoothed row's sum is a float32 kernels.Sum)
// and the batch's losses are added in float64 in sample order. A Trainer
// treats a loss beyond float32's range as non-finite (see NonFiniteError).
type CrossEntropyLoss struct {
	Reduction      Reduction // Mean (over samples, the zero value) or Sum
	LabelSmoothing float64   // ε, a fraction in [0, 1]; 0 for plain one-hot targets

	logp, grad Tensor
	losses     []float64 // each sample's loss
	pred       *Tensor   // the pass's logits and labels, while it runs
	labels     []int
	meanRows   int     // the divisor of a Mean reduction (Batch.MeanRows)
	scale      float32 // the gradient's factor: 1/meanRows for Mean, 1 for Sum
}

// NewCrossEntropyLoss returns a mean-reduced CrossEntropyLoss without label
// smoothing.
func NewCrossEntropyLoss() *CrossEntropyLoss { return &CrossEntropyLoss{} }

// Name implements Loss.
func (c *CrossEntropyLoss) Name() string { return "CrossEntropyLoss" }

// Forward implements Loss: pred is [n, C] logits and b.Labels must hold n
// labels. It returns an error if Reduction is neither Mean nor Sum, the
// label count is not n, LabelSmoothing is outside [0, 1], or a label is
// outside [0, C).
func (c *CrossEntropyLoss) Forward(pred *Tensor, b *Batch) (float64, error) {
	if _, err := c.rowsBegin(pred, b); err != nil {
		return 0, err
	}
	c.rowsForward(0, pred.Rows())
	return c.rowsEnd(), nil
}

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
	if c.LabelSmoothing < 0 || c.LabelSmoothing > 1 {
		return nil, fmt.Errorf("nn: CrossEntropyLoss label smoothing %g is outside [0, 1]", c.LabelSmoothing)
	}
	for i, y := range b.Labels {
		if y < 0 || y >= k {
			return nil, fmt.Errorf("nn: CrossEntropyLoss: label %d of sample %d is outside [0, %d)", y, i, k)
		}
	}
	c.pred, c.labels = pred, b.Labels
	c.meanRows, c.scale = 0, 1
	if c.Reduction == Mean {
		c.meanRows = b.meanRows(pred)
		c.scale = 1 / float32(c.meanRows)
	}
	c.logp.resize2(n, k)
	c.grad.resize2(n, k)
	if cap(c.losses) < n {
		c.losses = make([]float64, n)
	}
	c.losses = c.losses[:n]
	return &c.grad, nil
}

// rowsForward implements rowLoss: the losses and gradient rows [lo, hi).
func (c *CrossEntropyLoss) rowsForward(lo, hi int) {
	k := c.pred.Cols()
	logp, grad := c.logp.Data[lo*k:hi*k], c.grad.Data[lo*k:hi*k]
	kernels.LogSoftmax(logp, c.pred.Data[lo*k:hi*k], hi-lo, k)
	eps := c.LabelSmoothing
	for i := lo; i < hi; i++ {
		row := c.logp.Data[i*k : (i+1)*k]
		// Both products are rounded before the difference (see nn/doc.go).
		l := float64(-(1 - eps) * float64(row[c.labels[i]]))
		if eps != 0 {
			l -= float64(eps / float64(k) * float64(kernels.Sum(row)))
		}
		c.losses[i] = l
	}
	// grad = (softmax − q)·scale, softmax recovered as exp(log_softmax).
	kernels.Exp(grad, logp)
	on, off := float32(1-eps+eps/float64(k)), float32(eps/float64(k))
	for i := lo; i < hi; i++ {
		row := c.grad.Data[i*k : (i+1)*k]
		if off != 0 {
			kernels.AddScalar(row, row, -off)
		}
		row[c.labels[i]] -= on - off
	}
	if c.scale != 1 {
		kernels.Sscal(c.scale, grad)
	}
}

// rowsEnd implements rowLoss: the batch's losses added in sample order.
func (c *CrossEntropyLoss) rowsEnd() float64 {
	var total float64
	for _, l := range c.losses {
		total += l
	}
	if c.Reduction == Mean {
		total /= float64(c.meanRows)
	}
	c.pred, c.labels = nil, nil
	return total
}

// Backward implements Loss.
func (c *CrossEntropyLoss) Backward() *Tensor { return &c.grad }

func (c *CrossEntropyLoss) reduction() Reduction { return c.Reduction }

// MSELoss is torch.nn.MSELoss: the squared error (x−y)² per element,
// reduced by Mean (over all batch×outputs elements) or Sum; the gradient
// is 2(x−y) times the reduction's scale. Targets come from Batch.Targets.
//
// Precision: the difference x−y is float32 (kernels.Sub), as is the
// gradient; it is squared and the squares added in float64, in element
// order, so the loss stays finite where float32 would overflow (a
// difference beyond about 1.8e19). A Trainer treats a loss beyond
// float32's range as non-finite (see NonFiniteError).
type MSELoss struct {
	Reduction Reduction // Mean (over all elements, the zero value) or Sum
	grad      Tensor
}

// NewMSELoss returns a mean-reduced MSELoss.
func NewMSELoss() *MSELoss { return &MSELoss{} }

// Name implements Loss.
func (m *MSELoss) Name() string { return "MSELoss" }

// Forward implements Loss: b.Targets must hold as many values as pred
// ([n, outputs]). It returns an error if Reduction is neither Mean nor
// Sum, or the target count differs (naming class labels when the batch
// has those instead).
func (m *MSELoss) Forward(pred *Tensor, b *Batch) (float64, error) {
	if err := m.Reduction.check(); err != nil {
		return 0, err
	}
	if err := checkTargets("MSELoss", pred, b); err != nil {
		return 0, err
	}
	m.grad.resize2(pred.Rows(), pred.Cols())
	kernels.Sub(m.grad.Data, pred.Data, b.Targets.Data)
	var total float64
	for _, d := range m.grad.Data {
		total += float64(d) * float64(d) // exact in float64: fusing changes nothing
	}
	scale := float32(2)
	if count := b.meanElements(pred); m.Reduction == Mean && count > 0 {
		total /= float64(count)
		scale = 2 / float32(count)
	}
	kernels.Sscal(scale, m.grad.Data)
	return total, nil
}

// Backward implements Loss.
func (m *MSELoss) Backward() *Tensor { return &m.grad }

func (m *MSELoss) reduction() Reduction { return m.Reduction }

func checkTargets(loss string, pred *Tensor, b *Batch) error {
	if len(b.Targets.Data) == 0 && len(b.Labels) > 0 && len(pred.Data) > 0 {
		return fmt.Errorf("nn: %s needs targets shaped [%d, %d], but the data have class labels, not targets: use CrossEntropyLoss for classes, or give the data one-hot targets", loss, pred.Rows(), pred.Cols())
	}
	if len(b.Targets.Data) != len(pred.Data) {
		return fmt.Errorf("nn: %s needs targets shaped [%d, %d], the batch has %d values", loss, pred.Rows(), pred.Cols(), len(b.Targets.Data))
	}
	return nil
}
