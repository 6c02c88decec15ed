package model

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// Evaluate takes the label its loss ignores (nn.IgnoredLabel), -100 or a
// class of the model, and leaves those samples out of the loss, the
// accuracy and the confusion matrix, as nn.Evaluate does; it counts them
// in Ignored. A loss that ignores none still refuses -100.
func TestEvaluateLeavesOutIgnoredLabels(t *testing.T) {
	for _, ignore := range []int{-100, 3} {
		m, d := inferModel(t, 10, 0, 300)
		withLabels(m, d)
		for i := range d.Y {
			if i%4 == 1 {
				d.Y[i] = ignore
			}
		}
		loss := &nn.CrossEntropyLoss{Ignore: true, IgnoreIndex: ignore}
		ev, err := m.Evaluate(d, loss, 1000)
		require.NoError(t, err)
		want, err := nn.Evaluate(m.Net, loss, d, inferBlock) // the same outputs, bit for bit
		require.NoError(t, err)
		ignored := 0
		for _, y := range d.Y {
			if y == ignore {
				ignored++
			}
		}
		assert.Equal(t, d.Len(), ev.Samples)
		assert.Equal(t, ignored, ev.Ignored)
		assert.Equal(t, want.Loss, ev.Loss)
		assert.Equal(t, want.Accuracy, ev.Accuracy)
		total := 0
		for _, row := range ev.Confusion {
			for _, c := range row {
				total += c
			}
		}
		assert.Equal(t, d.Len()-ignored, total, "the confusion matrix counts the samples not ignored")
		if ignore >= 0 {
			assert.Equal(t, make([]int, 10), ev.Confusion[ignore])
		}
	}
	m, d := inferModel(t, 10, 0, 20)
	withLabels(m, d)
	d.Y[3] = -100
	_, err := m.Evaluate(d, &nn.CrossEntropyLoss{}, 64)
	require.ErrorContains(t, err, "sample 3 has label -100, out of range")
}
