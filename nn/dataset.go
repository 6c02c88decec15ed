package nn

import (
	"fmt"
	"math"
)

// Batch is a mini-batch: features X [n, features] and either class labels
// (classification) or float targets [n, outputs] (regression, BCE). Its
// storage is reused from batch to batch.
type Batch struct {
	X       Tensor
	Labels  []int
	Targets Tensor
}

// Len returns the number of samples in the batch.
func (b *Batch) Len() int { return b.X.Rows() }

// Dataset is what the training loop consumes: a fixed number of samples,
// each with Features() float32 features and either a class label in
// [0, Classes()) (Classes() > 0) or Outputs() float targets (Classes() == 0).
type Dataset interface {
	Len() int
	Features() int
	// Classes returns the number of classes, or 0 for float targets.
	Classes() int
	// Outputs returns the number of float targets per sample (0 for class
	// labels).
	Outputs() int
	// Fill loads the samples at the given indices, in that order, into b,
	// reusing b's storage (so steady-state batches allocate nothing).
	Fill(b *Batch, indices []int) error
}

// InMemory is a Dataset held in memory as row-major matrices: X is
// [n, features]; Labels holds n class indices (classification) or Y holds
// [n, outputs] targets (regression).
type InMemory struct {
	X       []float32
	Labels  []int
	Y       []float32
	NFeat   int
	NClass  int
	NOutput int
}

// NewClassification wraps x [n, features] and labels (n values in
// [0, classes)) without copying. The error names the first bad sample.
func NewClassification(x []float32, features int, labels []int, classes int) (*InMemory, error) {
	if features <= 0 {
		return nil, fmt.Errorf("nn: dataset needs at least one feature, got %d", features)
	}
	if len(x) != len(labels)*features {
		return nil, fmt.Errorf("nn: dataset has %d feature values for %d labels of %d features", len(x), len(labels), features)
	}
	if classes < 1 {
		return nil, fmt.Errorf("nn: dataset needs at least one class, got %d", classes)
	}
	for i, y := range labels {
		if y < 0 || y >= classes {
			return nil, fmt.Errorf("nn: dataset sample %d has label %d outside [0, %d)", i, y, classes)
		}
	}
	if err := checkFinite(x, features); err != nil {
		return nil, err
	}
	return &InMemory{X: x, Labels: labels, NFeat: features, NClass: classes}, nil
}

// NewRegression wraps x [n, features] and y [n, outputs] without copying.
func NewRegression(x []float32, features int, y []float32, outputs int) (*InMemory, error) {
	if features <= 0 || outputs <= 0 {
		return nil, fmt.Errorf("nn: dataset needs features and outputs, got %d and %d", features, outputs)
	}
	if len(x)%features != 0 || len(y) != len(x)/features*outputs {
		return nil, fmt.Errorf("nn: dataset has %d feature values (%d per sample) and %d targets (%d per sample): counts differ", len(x), features, len(y), outputs)
	}
	if err := checkFinite(x, features); err != nil {
		return nil, err
	}
	return &InMemory{X: x, Y: y, NFeat: features, NOutput: outputs}, nil
}

func checkFinite(x []float32, features int) error {
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("nn: dataset sample %d feature %d is %v", i/features, i%features, v)
		}
	}
	return nil
}

// Len implements Dataset.
func (d *InMemory) Len() int { return len(d.X) / d.NFeat }

// Features implements Dataset.
func (d *InMemory) Features() int { return d.NFeat }

// Classes implements Dataset.
func (d *InMemory) Classes() int { return d.NClass }

// Outputs implements Dataset.
func (d *InMemory) Outputs() int { return d.NOutput }

// Fill implements Dataset.
func (d *InMemory) Fill(b *Batch, idx []int) error {
	n, f := len(idx), d.NFeat
	b.X.resize2(n, f)
	for r, i := range idx {
		if i < 0 || i >= d.Len() {
			return fmt.Errorf("nn: sample index %d outside [0, %d)", i, d.Len())
		}
		copy(b.X.Data[r*f:(r+1)*f], d.X[i*f:(i+1)*f])
	}
	if d.NClass > 0 {
		if cap(b.Labels) < n {
			b.Labels = make([]int, n)
		}
		b.Labels = b.Labels[:n]
		for r, i := range idx {
			b.Labels[r] = d.Labels[i]
		}
		b.Targets.Data = nil
		return nil
	}
	o := d.NOutput
	b.Labels = nil
	b.Targets.resize2(n, o)
	for r, i := range idx {
		copy(b.Targets.Data[r*o:(r+1)*o], d.Y[i*o:(i+1)*o])
	}
	return nil
}

// Subset returns a dataset of the samples at idx (copied, in that order),
// e.g. for a validation split.
func (d *InMemory) Subset(idx []int) (*InMemory, error) {
	var b Batch
	if err := d.Fill(&b, idx); err != nil {
		return nil, err
	}
	return &InMemory{X: b.X.Data, Labels: b.Labels, Y: b.Targets.Data, NFeat: d.NFeat, NClass: d.NClass, NOutput: d.NOutput}, nil
}
