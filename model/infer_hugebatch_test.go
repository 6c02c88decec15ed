package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// A batch larger than the data, up to the largest int, runs the data as
// one batch: the library's entry points take it as the CLI's --batch does.
func TestInferHugeBatch(t *testing.T) {
	n := inferBlock + 3
	m, d := inferModel(t, 10, 0, n)
	withLabels(m, d)
	m.Net.SetThreads(1)
	want, err := m.PredictData(d, n)
	require.NoError(t, err)
	for _, batch := range []int{math.MaxInt, math.MaxInt - inferBlock + 2, math.MaxInt / 2, math.MaxInt32} {
		got, err := m.PredictData(d, batch)
		require.NoError(t, err, "batch %d", batch)
		require.Equal(t, bits(want.Probs), bits(got.Probs), "batch %d", batch)

		rows := 0
		require.NoError(t, m.Infer(d, batch, func(lo int, out *nn.Tensor) error {
			require.Equal(t, rows, lo)
			rows += out.Rows()
			return nil
		}), "batch %d", batch)
		require.Equal(t, n, rows, "batch %d", batch)

		ev, err := m.Evaluate(d, nn.NewCrossEntropyLoss(), batch)
		require.NoError(t, err, "batch %d", batch)
		require.Equal(t, n, ev.Samples, "batch %d", batch)

		p, err := m.PredictScaled(d.Matrix()[:2*784], batch)
		require.NoError(t, err, "batch %d", batch)
		require.Len(t, p.Class, 2)

		_, err = nn.Evaluate(m.Net, nn.NewCrossEntropyLoss(), d, batch)
		require.NoError(t, err, "batch %d", batch)
		y, err := m.Net.Predict(d.Matrix()[:3*784], batch)
		require.NoError(t, err, "batch %d", batch)
		require.Len(t, y, 3*10)
	}
}
