package nn

import (
	"math"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
)

// IgnoredLabel returns the class label that loss ignores, PyTorch's
// ignore_index: a CrossEntropyLoss's IgnoreIndex when Ignore is set; ok
// is false for a loss that ignores no label. A sample of that label
// carries no loss, and the accuracies of Fit and Evaluate count over the
// other samples, as torchmetrics' Accuracy(ignore_index=...) does.
func IgnoredLabel(loss Loss) (label int, ok bool) {
	if ce, isCE := loss.(*CrossEntropyLoss); isCE && ce != nil && ce.Ignore {
		return ce.IgnoreIndex, true
	}
	return 0, false
}

// CheckLabels returns an error, naming the sample and the label, when a
// label of d is not below classes, but for the label loss ignores
// (IgnoredLabel): d.CheckClasses or d.CheckClassesIgnoring as loss has it.
func CheckLabels(d *data.Dataset, classes int, loss Loss) error {
	if label, ok := IgnoredLabel(loss); ok {
		return d.CheckClassesIgnoring(classes, label)
	}
	return d.CheckClasses(classes)
}

// CountIgnored returns how many of the labels y[i], i in idx (all of y
// when idx is nil), loss ignores (IgnoredLabel): the samples Accuracy
// leaves out.
func CountIgnored(loss Loss, y, idx []int) int {
	label, ok := IgnoredLabel(loss)
	if !ok || y == nil {
		return 0
	}
	n := 0
	if idx == nil {
		for _, v := range y {
			if v == label {
				n++
			}
		}
		return n
	}
	for _, i := range idx {
		if y[i] == label {
			n++
		}
	}
	return n
}

// countCorrect compares the row-wise argmax of out with the labels (for a
// single output, out > 0 means class 1), leaving out those loss ignores
// (IgnoredLabel), which are neither right nor wrong.
func countCorrect(out *Tensor, labels []int, loss Loss, argmax *[]int) int {
	rows, cols := out.Rows(), out.Cols()
	ignored, ignores := IgnoredLabel(loss)
	correct := 0
	if cols == 1 {
		for i, y := range labels {
			if (out.Data[i] > 0) == (y == 1) && !(ignores && y == ignored) {
				correct++
			}
		}
		return correct
	}
	if cap(*argmax) < rows {
		*argmax = make([]int, rows)
	}
	am := (*argmax)[:rows]
	kernels.RowArgmax(am, out.Data, rows, cols)
	for i, y := range labels {
		if am[i] == y && !(ignores && y == ignored) {
			correct++
		}
	}
	return correct
}

// Accuracy is correct over the labels scored, samples less the ignored
// (CountIgnored), as torchmetrics' Accuracy(ignore_index=...) counts:
// NaN when none is (every label ignored), as there is nothing to score.
func Accuracy(correct, samples, ignored int) float64 {
	if samples == ignored {
		return math.NaN()
	}
	return float64(correct) / float64(samples-ignored)
}
