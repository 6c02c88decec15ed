package model

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// inferModel is a model of the given task on 784 inputs (MNIST's width,
// so that the products are large enough to split over threads), with
// random weights and a fitted scaler applied to the bytes of n random
// images.
func inferModel(t testing.TB, classes, outputs, n int) (*Model, *data.Dataset) {
	t.Helper()
	arch := &MLP{Inputs: 784, Hidden: []int{96, 48}, Classes: classes, Outputs: outputs, Activation: "relu", BatchNorm: true}
	net, err := arch.Build()
	require.NoError(t, err)
	net.ResetParameters(nn.NewRNG(3))
	rng := rand.New(rand.NewPCG(7, 8))
	d := &data.Dataset{U8: make([]uint8, n*784), Features: 784, Source: "images"}
	for i := range d.U8 {
		d.U8[i] = uint8(rng.IntN(256))
	}
	sc, err := data.FitScaler(data.NormStandard, d)
	require.NoError(t, err)
	require.NoError(t, sc.Apply(d))
	m := &Model{Net: net, Arch: arch, Scaler: sc}
	if outputs > 0 && classes == 0 {
		m.Targets = &Targets{Names: []string{"a", "b"}, Mean: []float64{3, -1}, Std: []float64{2, 0.5}}
	}
	return m, d
}

// inferBlock is BlockRows of inferModel's networks (TestBlockRows).
const inferBlock = 1024

// Blocks are 1024 rows, fewer where an input or a layer's output is wider
// than 1024 values, so that a block's activations stay within 4 MiB.
func TestBlockRows(t *testing.T) {
	m, _ := inferModel(t, 10, 0, 1)
	assert.Equal(t, inferBlock, BlockRows(m.Net))
	for _, c := range []struct {
		in, hidden, rows int
	}{{4096, 16, 256}, {10, 8192, 128}, {3 << 20, 1, 1}} {
		net, err := nn.NewSequential(c.in, nn.NewLinear(c.in, c.hidden), nn.NewReLU(), nn.NewLinear(c.hidden, 2))
		require.NoError(t, err)
		assert.Equal(t, c.rows, BlockRows(net), "%d inputs, %d hidden", c.in, c.hidden)
	}
}

func bits(x []float32) []uint32 {
	b := make([]uint32, len(x))
	for i, v := range x {
		b[i] = math.Float32bits(v)
	}
	return b
}

// A row's prediction is the same bits for every batch size and thread
// count, and whichever rows are predicted with it; and it is the
// network's output for that row.
func TestPredictDataSameBitsForAnyBatchAndThreads(t *testing.T) {
	n := 2*inferBlock + 37
	for _, task := range []struct {
		name             string
		classes, outputs int
	}{{"classes", 10, 0}, {"binary", 2, 1}, {"regression", 0, 2}} {
		m, d := inferModel(t, task.classes, task.outputs, n)
		m.Net.SetThreads(1)
		want, err := m.PredictData(d, 1000)
		require.NoError(t, err)
		for _, threads := range []int{1, 2, 3} {
			m.Net.SetThreads(threads)
			for _, batch := range []int{1, 2, 3, 63, 64, 65, 999, 1024, 1025, n, 5 * n} {
				got, err := m.PredictData(d, batch)
				require.NoError(t, err)
				require.Equal(t, bits(want.Probs), bits(got.Probs), "%s: threads %d, batch %d", task.name, threads, batch)
				require.Equal(t, want.Class, got.Class, "%s: threads %d, batch %d", task.name, threads, batch)
				require.Equal(t, bits(want.Targets), bits(got.Targets), "%s: threads %d, batch %d", task.name, threads, batch)
			}
		}
		w := (len(want.Probs) + len(want.Targets)) / n // values per row
		for _, i := range []int{0, 5, inferBlock + 1, n - 1} {
			one, err := d.Slice(i, i+1)
			require.NoError(t, err)
			got, err := m.PredictData(one, 1)
			require.NoError(t, err)
			if want.Probs != nil {
				assert.Equal(t, bits(want.Probs[i*w:(i+1)*w]), bits(got.Probs), "%s: row %d alone", task.name, i)
			} else {
				assert.Equal(t, bits(want.Targets[i*w:(i+1)*w]), bits(got.Targets), "%s: row %d alone", task.name, i)
			}
		}
	}
}

// Infer's outputs are the network's: a whole block through Forward gives
// the same bits.
func TestInferIsTheNetworksOutput(t *testing.T) {
	block := inferBlock
	m, d := inferModel(t, 10, 0, 2*block+5)
	x := d.Matrix()
	want, err := m.Net.Predict(x[:2*block*784], block)
	require.NoError(t, err)
	got := make([]float32, 0, len(want))
	require.NoError(t, m.Infer(d, 3, func(lo int, out *nn.Tensor) error {
		assert.Equal(t, len(got)/10, lo, "blocks come in row order")
		got = append(got, out.Data...)
		return nil
	}))
	require.Len(t, got, d.Len()*10)
	assert.Equal(t, bits(want), bits(got[:len(want)]))
}

// The batch size changes the network's bits when it is the number of rows
// a forward pass runs on; Infer's fixed blocks are what keep predictions
// from depending on it.
func TestForwardRowsChangeTheBits(t *testing.T) {
	m, d := inferModel(t, 10, 0, 200)
	x := d.Matrix()
	a, err := m.Net.Predict(x, 1)
	require.NoError(t, err)
	b, err := m.Net.Predict(x, 200)
	require.NoError(t, err)
	assert.NotEqual(t, bits(a), bits(b), "if this fails, the kernels became independent of the batch, and Infer's padding is no longer needed")
}

// Infer allocates per call, never per block or batch.
func TestInferAllocatesNothingPerBlock(t *testing.T) {
	block := inferBlock
	m, d := inferModel(t, 10, 0, 8*block)
	one, err := d.Slice(0, block)
	require.NoError(t, err)
	var sum float32
	each := func(lo int, out *nn.Tensor) error {
		sum += out.Data[0]
		return nil
	}
	m.Net.SetThreads(1)
	require.NoError(t, m.Infer(d, block, each)) // the kernels' buffers
	few := testing.AllocsPerRun(5, func() { require.NoError(t, m.Infer(one, block, each)) })
	many := testing.AllocsPerRun(5, func() { require.NoError(t, m.Infer(d, block, each)) })
	assert.Equal(t, few, many, "allocations for 1 block and for 8 blocks of %d rows", block)
}

func TestInferErrors(t *testing.T) {
	m, d := inferModel(t, 10, 0, 1030)
	each := func(int, *nn.Tensor) error { return nil }
	assert.EqualError(t, m.Infer(d, 0, each), "batch size 0 must be positive")
	narrow := &data.Dataset{X: make([]float32, 6), Features: 3, Source: "narrow.csv"}
	assert.EqualError(t, m.Infer(narrow, 10, each), "narrow.csv: 3 features per sample, but the model expects 784 inputs; the data must have the layout the model was trained on")
	stop := errors.New("stop")
	calls := 0
	assert.Same(t, stop, m.Infer(d, 1, func(int, *nn.Tensor) error { calls++; return stop }))
	assert.Equal(t, 1, calls, "an error from each stops Infer")

	m.Net.Train()
	require.NoError(t, m.Infer(d, 100, each))
	assert.True(t, m.Net.Training(), "the mode is restored")
	m.Net.Eval()

	empty, err := d.Slice(0, 0)
	require.NoError(t, err)
	p, err := m.PredictData(empty, 10)
	require.NoError(t, err)
	assert.Empty(t, p.Class)
}

// A non-finite output names its row in the dataset, past the first block.
func TestPredictDataNamesTheNonFiniteRow(t *testing.T) {
	block := inferBlock
	m, _ := inferModel(t, 10, 0, 1)
	n := block + 10
	d := &data.Dataset{X: make([]float32, n*784), Features: 784, Source: "x"}
	d.X[(block+3)*784+5] = float32(math.Inf(1))
	_, err := m.PredictData(d, 64)
	var nf *NonFiniteError
	require.ErrorAs(t, err, &nf)
	assert.Equal(t, block+3, nf.Row)
}

// A convolutional network takes its images flat, as Infer gives them, and
// its wide activations make the blocks shorter: its predictions are still
// the same bits for any batch and thread count, and the network's.
func TestPredictDataConvolutional(t *testing.T) {
	conv, err := nn.NewConv2d(nn.Conv2dConfig{InChannels: 1, OutChannels: 8, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
	require.NoError(t, err)
	net, err := nn.NewSequential(nn.Shape{1, 28, 28}, conv, nn.NewReLU(), nn.NewFlatten(), nn.NewLinear(8*28*28, 10))
	require.NoError(t, err)
	net.ResetParameters(nn.NewRNG(5))
	block := BlockRows(net)
	require.Equal(t, (1<<20)/(8*28*28), block, "the widest activation, 8×28×28, sets the block")
	_, d := inferModel(t, 10, 0, 2*block+3)
	m := &Model{Net: net, Classes: 10}
	net.SetThreads(1)
	want, err := m.PredictData(d, 1)
	require.NoError(t, err)
	net.SetThreads(2)
	got, err := m.PredictData(d, 1000)
	require.NoError(t, err)
	assert.Equal(t, bits(want.Probs), bits(got.Probs))
	logits, err := net.Predict(d.Matrix()[:2*block*784], block)
	require.NoError(t, err)
	var first []float32
	require.NoError(t, m.Infer(d, 7, func(lo int, out *nn.Tensor) error {
		first = append(first, out.Data...)
		return nil
	}))
	assert.Equal(t, bits(logits), bits(first[:len(logits)]))
}

// Predict names a raw feature that is not finite, by sample and feature,
// with or without a scaler, before running the network.
func TestPredictNamesTheNonFiniteFeature(t *testing.T) {
	m, _ := inferModel(t, 10, 0, 1)
	scaler := m.Scaler
	m.Scaler = nil
	x := make([]float32, 3*784)
	x[1*784+17] = float32(math.NaN())
	_, err := m.Predict(x, 64)
	require.EqualError(t, err, "input: sample 1, feature 17: NaN is not a finite number")
	x[1*784+17], x[2*784] = 0, float32(math.Inf(-1))
	_, err = m.Predict(x, 64)
	require.EqualError(t, err, "input: sample 2, feature 0: -Inf is not a finite number")

	m.Scaler = &data.Scaler{Method: data.NormNone} // --normalize none's checkpoints record one
	_, err = m.Predict(x, 64)
	require.EqualError(t, err, "input: sample 2, feature 0: -Inf is not a finite number")

	m.Scaler = scaler
	require.NotNil(t, scaler)
	_, err = m.Predict(x, 64)
	require.ErrorContains(t, err, "input: sample 2, feature 0: the value -Inf scales to -Inf")
	x[2*784] = 0
	p, err := m.Predict(x, 64)
	require.NoError(t, err)
	assert.Len(t, p.Class, 3)
}
