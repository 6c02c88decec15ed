package nn

import (
	"errors"
	"fmt"

	"github.com/brawn-ml/brawn/data"
)

// Batch is a mini-batch: features X [n, features] and either class labels
// (classification) or float targets [n, outputs] (regression, BCE). Its
// storage is reused from batch to batch.
type Batch struct {
	// X is the input, [n, features] or [n, C, H, W], row-major.
	X Tensor
	// Labels holds n class indices in [0, classes) for CrossEntropyLoss
	// (0 or 1 for a BCE loss of one output); nil when the batch has
	// targets.
	Labels []int
	// Targets is [n, outputs], as many values as the model's output,
	// for the regression and BCE losses; empty when the batch has labels.
	Targets Tensor
	// MeanRows, when positive, is the number of samples a Mean-reduced
	// loss averages over instead of the batch's own: the Trainer sets it
	// to the whole batch's size when it computes a batch in leaves (see
	// Trainer.Leaf), so the leaves' losses and gradients add up to the
	// batch's mean.
	MeanRows int
	// MeanWeight goes with MeanRows for a loss whose Mean divides by a
	// weight of the labels (CrossEntropyLoss with Weight or IgnoreIndex):
	// the whole batch's divisor, CrossEntropyLoss.MeanWeight of all its
	// labels. The Trainer sets it with MeanRows.
	MeanWeight float64

	par batchGather // see gatherThreads
}

// Len returns the number of samples in the batch.
func (b *Batch) Len() int { return b.X.Rows() }

// meanRows returns the number of samples a Mean reduction over pred
// divides by: MeanRows, or pred's rows.
func (b *Batch) meanRows(pred *Tensor) int {
	if b.MeanRows > 0 {
		return b.MeanRows
	}
	return pred.Rows()
}

// meanElements returns the number of elements a Mean reduction over
// every element of pred divides by: MeanRows rows of pred's width, or
// pred's elements.
func (b *Batch) meanElements(pred *Tensor) int {
	if b.MeanRows > 0 {
		return b.MeanRows * pred.Cols()
	}
	return len(pred.Data)
}

// Gather loads the samples of d at idx, in that order, into b, reusing b's
// storage: features as float32 (data.Dataset.Gather converts byte
// features), and the class labels, or else the targets. Once b has grown
// to the batch size it allocates nothing. It returns an error naming the
// first index outside [0, d.Len()). Trainer.Fit and Evaluate fill their
// batches with it; TrainBatch takes one filled by it.
func (b *Batch) Gather(d *data.Dataset, idx []int) error {
	if d == nil {
		return errors.New("nn: Batch.Gather: the data set is nil")
	}
	n, f := len(idx), d.Features
	b.X.resize2(n, f)
	if err := d.Gather(b.X.Data, idx); err != nil {
		return err
	}
	return b.gatherTargets(d, idx)
}

// gatherTargets loads the class labels, or else the targets, of the
// samples of d at idx into b, whose features are gathered.
func (b *Batch) gatherTargets(d *data.Dataset, idx []int) error {
	n := len(idx)
	if d.Y != nil {
		if cap(b.Labels) < n {
			b.Labels = make([]int, n)
		}
		b.Labels = b.Labels[:n]
		for r, i := range idx {
			b.Labels[r] = d.Y[i]
		}
		b.Targets.Data = nil
		return nil
	}
	o := d.Outputs
	b.Labels = nil
	b.Targets.resize2(n, o)
	for r, i := range idx {
		copy(b.Targets.Data[r*o:(r+1)*o], d.Targets[i*o:(i+1)*o])
	}
	return nil
}

// checkData returns an error when d cannot train or evaluate m: no
// samples (a mean over none is no score), features that are not the
// model's inputs, no labels or targets, labels beyond the model's
// classes (but for the label loss ignores, IgnoredLabel),
// or targets of another width; what names the data.
func checkData(m *Sequential, loss Loss, d *data.Dataset, what string) error {
	if d.Len() == 0 {
		return fmt.Errorf("nn: the %s set is empty", what)
	}
	if d.Features != m.InFeatures() {
		return fmt.Errorf("nn: the %s data has %d features, the model takes %d", what, d.Features, m.InFeatures())
	}
	switch {
	case d.Y != nil:
		classes := max(m.OutFeatures(), 2) // one logit: labels 0 and 1
		if d.Classes > classes {
			return fmt.Errorf("nn: the %s data has %d classes, the model outputs %d", what, d.Classes, m.OutFeatures())
		}
		if err := CheckLabels(d, classes, loss); err != nil {
			return fmt.Errorf("nn: the %s data: %w", what, err)
		}
	case d.Targets != nil:
		if d.Outputs != m.OutFeatures() {
			return fmt.Errorf("nn: the %s data has %d targets per sample, the model outputs %d", what, d.Outputs, m.OutFeatures())
		}
	default:
		return errors.New("nn: the " + what + " data has no labels or targets")
	}
	return nil
}
