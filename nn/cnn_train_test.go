package nn

import (
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// barImages returns n 1×6×6 images, each a vertical (class 0) or a
// horizontal (class 1) bar of 1s at a random position, plus noise.
func barImages(t *testing.T, n int, seed uint64) *data.Dataset {
	t.Helper()
	rng := NewRNG(seed)
	x := make([]float32, n*36)
	y := make([]int, n)
	for s := range n {
		img := x[s*36 : (s+1)*36]
		for i := range img {
			img[i] = float32(0.3 * rng.NormFloat64())
		}
		y[s] = int(rng.Uint64() % 2)
		at := int(rng.Uint64() % 6)
		for k := range 6 {
			if y[s] == 0 {
				img[k*6+at] += 1
			} else {
				img[at*6+k] += 1
			}
		}
	}
	d, err := data.NewClassification(x, 36, y, 2)
	require.NoError(t, err)
	return d
}

// smallCNN is Conv2d(1, 4, 3, padding=1), ReLU, Conv2d(4, 6, 3, stride=2),
// ReLU, Flatten, Linear(24, 2) on 1×6×6 images.
func smallCNN(t *testing.T, threads int) *Trainer {
	t.Helper()
	c1, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
	require.NoError(t, err)
	c2, err := NewConv2d(Conv2dConfig{InChannels: 4, OutChannels: 6, KernelSize: [2]int{3, 3}, Stride: [2]int{2, 2}})
	require.NoError(t, err)
	m, err := NewSequential(Shape{1, 6, 6}, c1, NewReLU(), c2, NewReLU(), NewFlatten(), NewLinear(24, 2))
	require.NoError(t, err)
	m.ResetParameters(NewRNG(3))
	opt, err := NewAdam(Groups(m.Params(), 0.02, 0, false), DefaultAdamConfig())
	require.NoError(t, err)
	tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 15, RNG: NewRNG(4)}
	tr.SetThreads(threads)
	return tr
}

// A small CNN learns to tell vertical from horizontal bars, its training
// gives bit-identical weights on 1 and 3 threads (the convolutions split
// into chunks), and its steps allocate nothing in steady state.
func TestCNNTrains(t *testing.T) {
	defer func(v int) { convMinFlops = v }(convMinFlops)
	convMinFlops = 1
	train, test := barImages(t, 256, 1), barImages(t, 128, 2)
	var weights [][]float32
	for _, threads := range []int{1, 3} {
		tr := smallCNN(t, threads)
		require.NoError(t, tr.Fit(context.Background(), train, nil))
		met, err := Evaluate(tr.Model, NewCrossEntropyLoss(), test, 32)
		require.NoError(t, err)
		require.GreaterOrEqual(t, met.Accuracy, 0.95, "threads %d", threads)
		t.Logf("threads %d: test accuracy %.3f", threads, met.Accuracy)
		var w []float32
		for _, p := range tr.Model.Params() {
			w = append(w, p.Value.Data...)
		}
		if weights != nil {
			require.Equal(t, bits32(weights[0]), bits32(w), "weights on %d threads", threads)
		}
		weights = append(weights, w)
		require.False(t, math.IsNaN(float64(w[0])))
	}
	if raceEnabled {
		return
	}
	tr := smallCNN(t, 2)
	var b Batch
	require.NoError(t, b.Gather(train, []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}))
	_, _, err := tr.TrainBatch(&b)
	require.NoError(t, err)
	allocs := steadyAllocs(10, func() {
		if _, _, err := tr.TrainBatch(&b); err != nil {
			t.Fatal(err)
		}
	})
	require.Zero(t, allocs)
}
