package nn

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/stretchr/testify/require"
)

func xorData(t *testing.T) *data.Dataset {
	d, err := data.NewClassification([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 2, []int{0, 1, 1, 0}, 2)
	require.NoError(t, err)
	return d
}

func TestXOR(t *testing.T) {
	m, err := NewSequential(2, NewLinear(2, 8), NewReLU(), NewLinear(8, 2))
	require.NoError(t, err)
	rng := NewRNG(1)
	m.Init(rng, KaimingUniform{}, nil)
	opt, err := NewAdam(Groups(m.Params(), 0.05, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 300, RNG: rng}
	var last *EpochInfo
	tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error { last = e; return nil }))
	ds := xorData(t)
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.Equal(t, 300, last.Epoch)
	met, err := Evaluate(m, NewCrossEntropyLoss(), ds, 4)
	require.NoError(t, err)
	require.Equal(t, 1.0, met.Accuracy)
	require.Less(t, met.Loss, 0.05)
}

func TestNonFiniteNamesEpochAndStep(t *testing.T) {
	// Regression y = 3x with plain SGD at a learning rate far above 2/L:
	// the error grows geometrically until the squared error leaves
	// float32's range.
	x := []float32{1, 2, 3, 4}
	ds, err := data.NewRegression(x, 1, []float32{3, 6, 9, 12}, 1)
	require.NoError(t, err)
	m, err := NewSequential(1, NewLinear(1, 1))
	require.NoError(t, err)
	m.Init(NewRNG(1), Constant{Value: 0.5}, nil)
	opt, err := NewSGD(Groups(m.Params(), 10, 0, false), SGDConfig{})
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewMSELoss(), Optimizer: opt, BatchSize: 2, Epochs: 1000, RNG: NewRNG(2)}
	err = tr.Fit(context.Background(), ds, nil)
	var nf *NonFiniteError
	require.True(t, errors.As(err, &nf), "got %v", err)
	require.Equal(t, QuantityLoss, nf.Quantity)
	require.False(t, finite32(nf.Value))
	require.Greater(t, nf.Epoch, 1)
	require.GreaterOrEqual(t, nf.Step, 1)
	require.LessOrEqual(t, nf.Step, 2)
	require.Equal(t, 2*(nf.Epoch-1)+nf.Step, nf.GlobalStep)
	require.Contains(t, err.Error(), fmt.Sprintf("epoch %d, step %d (global step %d)", nf.Epoch, nf.Step, nf.GlobalStep))
	require.Equal(t, nf.Epoch-1, tr.Epoch())
	require.Equal(t, nf.GlobalStep-1, tr.GlobalStep())
	for _, p := range m.Params() {
		require.True(t, allFinite(p.Value.Data), "%s: %v", p.Name, p.Value.Data)
	}
}

func TestRNGStateRoundTrip(t *testing.T) {
	a := NewRNG(42)
	a.Float64()
	hi, lo := a.State()
	want := []float64{a.Float64(), a.NormFloat64(), float64(a.IntN(1000))}
	b := NewRNG(7)
	b.SetState(hi, lo)
	got := []float64{b.Float64(), b.NormFloat64(), float64(b.IntN(1000))}
	require.Equal(t, want, got)
}
