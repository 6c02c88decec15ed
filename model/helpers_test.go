package model

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// xorData is XOR with features far from [0, 1], so that scaling matters.
func xorData() (x []float32, y []int) {
	return []float32{10, 100, 10, 300, 30, 100, 30, 300}, []int{0, 1, 1, 0}
}

// trainedXOR builds and trains a small classifier through nn's public API,
// as a library user would, on features scaled by a fitted scaler; it
// returns the net, the scaler and the trainer.
func trainedXOR(t testing.TB, net *nn.Sequential) (*data.Scaler, *nn.Trainer) {
	t.Helper()
	x, y := xorData()
	d := &data.Dataset{X: append([]float32(nil), x...), Features: 2, Y: y, Classes: 2}
	sc, err := data.FitScaler(data.NormStandard, d)
	require.NoError(t, err)
	require.NoError(t, sc.Apply(d))
	rng := nn.NewRNG(1)
	net.Init(rng, nn.HeUniform{}, nn.Zeros{})
	opt, err := nn.NewAdam(nn.Groups(net.Params(), 0.05, 0, false), nn.DefaultAdamConfig())
	require.NoError(t, err)
	tr := &nn.Trainer{Model: net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: 50, RNG: rng}
	require.NoError(t, tr.Fit(context.Background(), d, nil))
	return sc, tr
}

// xorNet is a network a library user builds by hand.
func xorNet(t testing.TB) *nn.Sequential {
	net, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewBatchNorm1d(8), nn.NewTanh(), nn.NewLinear(8, 2))
	require.NoError(t, err)
	return net
}

func tempFile(t testing.TB) string { return filepath.Join(t.TempDir(), "m.safetensors") }
