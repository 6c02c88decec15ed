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
