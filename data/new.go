package data

import (
	"fmt"
	"math"
)

// NewClassification wraps float32 features x, row-major [n, features],
// and n class labels in [0, classes) as a Dataset, without copying. It
// returns an error naming the first bad sample: a label out of range, or a
// feature that is NaN or infinite. Labels that mark samples for the loss
// to skip (PyTorch's ignore_index) take NewClassificationIgnoring.
func NewClassification(x []float32, features int, labels []int, classes int) (*Dataset, error) {
	return newClassification(x, features, labels, classes, func(int) bool { return false })
}

// NewClassificationIgnoring is NewClassification, which also accepts the
// label ignoreIndex outside [0, classes): the label a loss ignores
// (nn.CrossEntropyLoss.IgnoreIndex, PyTorch's ignore_index, -100 by
// default), marking samples that count for nothing in the loss and the
// accuracy.
func NewClassificationIgnoring(x []float32, features int, labels []int, classes, ignoreIndex int) (*Dataset, error) {
	return newClassification(x, features, labels, classes, func(y int) bool { return y == ignoreIndex })
}

func newClassification(x []float32, features int, labels []int, classes int, ignored func(int) bool) (*Dataset, error) {
	if features <= 0 {
		return nil, fmt.Errorf("dataset needs at least one feature, got %d", features)
	}
	if len(x) != len(labels)*features {
		return nil, fmt.Errorf("dataset has %d feature values for %d labels of %d features", len(x), len(labels), features)
	}
	if classes < 1 {
		return nil, fmt.Errorf("dataset needs at least one class, got %d", classes)
	}
	d := &Dataset{X: x, Y: labels, Features: features, Classes: classes, Source: "dataset"}
	if err := d.checkClasses(classes, ignored); err != nil {
		return nil, err
	}
	if err := checkFinite(x, features); err != nil {
		return nil, err
	}
	return d, nil
}

// NewRegression wraps float32 features x, row-major [n, features], and
// targets y, row-major [n, outputs], as a Dataset, without copying. It
// returns an error when the counts differ or a feature or a target is NaN
// or infinite.
func NewRegression(x []float32, features int, y []float32, outputs int) (*Dataset, error) {
	if features <= 0 || outputs <= 0 {
		return nil, fmt.Errorf("dataset needs features and outputs, got %d and %d", features, outputs)
	}
	if len(x)%features != 0 || len(y) != len(x)/features*outputs {
		return nil, fmt.Errorf("dataset has %d feature values (%d per sample) and %d targets (%d per sample): counts differ", len(x), features, len(y), outputs)
	}
	if err := checkFinite(x, features); err != nil {
		return nil, err
	}
	for i, v := range y {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("dataset sample %d target %d is %v", i/outputs, i%outputs, v)
		}
	}
	names := make([]string, outputs)
	for j := range names {
		names[j] = fmt.Sprintf("column %d", j)
	}
	return &Dataset{X: x, Targets: y, Features: features, Outputs: outputs, TargetNames: names, Source: "dataset"}, nil
}

func checkFinite(x []float32, features int) error {
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("dataset sample %d feature %d is %v", i/features, i%features, v)
		}
	}
	return nil
}
