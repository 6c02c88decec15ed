package nn

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/internal/cputime"
)

// mlp784 builds the benchmark network, 784-256-128-10 with ReLU,
// He initialisation and Adam (lr 1e-3), and one batch of random inputs.
func mlp784(tb testing.TB, batch, threads int) (*Trainer, *Batch) {
	return mlp(tb, batch, threads, 784, 256, 128, 10)
}

// wideMLP is a cheaper network whose first ReLU (512 units) and first
// weight (512×64) Env.Parallel splits at batch 128 once a test has called
// splitSmallTensors, for tests that must also run under emulation.
func wideMLP(tb testing.TB, batch, threads int) (*Trainer, *Batch) {
	return mlp(tb, batch, threads, 64, 512, 10)
}

// splitSmallTensors lowers parallelMin for the rest of the test to 16k
// elements, so Env.Parallel splits tensors as small as wideMLP's across
// goroutines, and optimRegionMin to 4k, so optimizers update groups as
// small as wideMLP's (38k values, three ranges) in a parallel region:
// tests reach the parallel paths without large models.
func splitSmallTensors(tb testing.TB) {
	old, oldOptim := parallelMin, optimRegionMin
	parallelMin, optimRegionMin = 1<<14, 1<<12
	tb.Cleanup(func() { parallelMin, optimRegionMin = old, oldOptim })
}

// mlp builds a ReLU network of the given layer sizes with He
// initialisation and Adam (lr 1e-3), and one batch of random inputs.
func mlp(tb testing.TB, batch, threads int, sizes ...int) (*Trainer, *Batch) {
	var layers []Layer
	for i := 1; i < len(sizes); i++ {
		if i > 1 {
			layers = append(layers, NewReLU())
		}
		layers = append(layers, NewLinear(sizes[i-1], sizes[i]))
	}
	return trainerFor(tb, batch, threads, sizes[0], sizes[len(sizes)-1], layers...)
}

// trainerFor builds layers for inputs of in features, with He
// initialisation and Adam (lr 1e-3), and one batch of random inputs and
// labels of classes classes.
func trainerFor(tb testing.TB, batch, threads, in, classes int, layers ...Layer) (*Trainer, *Batch) {
	m, err := NewSequential(in, layers...)
	require.NoError(tb, err)
	rng := NewRNG(1)
	m.Init(rng, HeUniform{}, nil)
	m.SetThreads(threads)
	opt, err := NewAdam(Groups(m.Params(), 1e-3, 0, false), DefaultAdamConfig())
	require.NoError(tb, err)
	opt.SetThreads(threads)
	b := &Batch{X: *NewTensor(batch, in), Labels: make([]int, batch)}
	for i := range b.X.Data {
		b.X.Data[i] = rng.Float32()
	}
	for i := range b.Labels {
		b.Labels[i] = rng.IntN(classes)
	}
	return &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: batch}, b
}

// BenchmarkTrainStep measures one training step (forward, loss, backward,
// Adam) of 784-256-128-10 ReLU at batch 32, 128 and 512 on 1 thread and on
// GOMAXPROCS threads: wall ns/step, samples/s, allocs/step, and the
// process's CPU time per step (all threads). Run:
//
//	go test ./nn -run '^$' -bench TrainStep -benchmem -benchtime=300ms
func BenchmarkTrainStep(b *testing.B) {
	for _, threads := range []int{1, runtime.GOMAXPROCS(0)} {
		for _, batch := range []int{32, 128, 512} {
			b.Run(fmt.Sprintf("threads=%d/batch=%d", threads, batch), func(b *testing.B) {
				tr, bt := mlp784(b, batch, threads)
				timeSteps(b, tr, bt)
				b.ReportMetric(float64(batch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
			})
		}
	}
}

// timeSteps times b.N steps of tr on bt, after one that allocates the
// buffers, and reports the allocations and the process's CPU time per
// step (all threads).
func timeSteps(b *testing.B, tr *Trainer, bt *Batch) {
	_, _, err := tr.TrainBatch(bt)
	require.NoError(b, err)
	b.ReportAllocs()
	b.ResetTimer()
	cpu0 := cputime.Process()
	for b.Loop() {
		if _, _, err := tr.TrainBatch(bt); err != nil {
			b.Fatal(err)
		}
	}
	if cpu := cputime.Process() - cpu0; cpu > 0 {
		// CPU time is robust to other processes on a shared machine,
		// where wall time is not.
		b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/step")
	}
}

// BenchmarkTrainStepLeaves measures what computing a batch in leaves
// (Trainer.Leaf, the order data-parallel training reproduces) costs one
// process: the training step of 784-256-128-10 ReLU at batch 128 and 512
// on one thread, whole (leaf=0) and in leaves of 16, 32 and 64, side by
// side. Run:
//
//	go test ./nn -run '^$' -bench TrainStepLeaves -benchtime=200x -count 5
func BenchmarkTrainStepLeaves(b *testing.B) {
	for _, batch := range []int{128, 512} {
		for _, leaf := range []int{0, 16, 32, 64} {
			b.Run(fmt.Sprintf("batch=%d/leaf=%d", batch, leaf), func(b *testing.B) {
				tr, bt := mlp784(b, batch, 1)
				tr.Leaf = leaf
				timeSteps(b, tr, bt)
			})
		}
	}
}

// sgdMomentum swaps tr's optimizer for SGD with Nesterov momentum and
// weight decay, the other optimizer whose update is a kernels call.
func sgdMomentum(t *testing.T, tr *Trainer) {
	o, err := NewSGD(Groups(tr.Model.Params(), 0.01, 1e-4, false), SGDConfig{Momentum: 0.9, Nesterov: true})
	require.NoError(t, err)
	tr.Optimizer = o
}

// TestSteadyStateStepAllocatesNothing: after the first step has sized every
// buffer, a training step (including Fit's batch gathering, shuffled
// indices, callbacks, dropout, batch norm, the schedules and the Adam,
// AdamW or SGD-momentum update) allocates nothing.
func TestSteadyStateStepAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector allocates on its own")
	}
	splitSmallTensors(t)
	for _, threads := range []int{1, 2} {
		for _, sgd := range []bool{false, true} {
			tr, bt := wideMLP(t, 128, threads) // Adam
			if sgd {
				sgdMomentum(t, tr)
			}
			_, _, err := tr.TrainBatch(bt)
			require.NoError(t, err)
			allocs := steadyAllocs(5, func() {
				if _, _, err := tr.TrainBatch(bt); err != nil {
					t.Fatal(err)
				}
			})
			require.Zero(t, allocs, "threads %d, %s", threads, tr.Optimizer.Name())
		}
	}
	// The whole loop: one epoch of 4 steps per run, so allocations per
	// epoch (evaluation and the EpochInfo) are visible but bounded, and
	// per-step ones would show as a multiple of 4; on float features and
	// on byte features converted as batches are gathered; whole and in
	// leaves (Trainer.Leaf).
	bytes, _ := byteBlobs(t, 96, 1)
	floats := blobs(t, 96, 8, 3, 1)
	for _, c := range []struct {
		ds   *data.Dataset
		leaf int
	}{{floats, 0}, {bytes, 0}, {floats, 4}} {
		ds := c.ds
		tr := richTrainer(t, 2) // AdamW with warm-up and cosine schedules (LRScheduler callbacks)
		tr.Leaf = c.leaf
		tr.Epochs = 1
		tr.TrackHealth = false
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		tr.Callbacks = append(tr.Callbacks, &EarlyStopping{Patience: 1000, RestoreBest: true},
			onStep(func(*StepInfo) error { return nil }), BaseCallback{}, &stepCounter{})
		perEpoch := testing.AllocsPerRun(3, func() {
			tr.Epochs++
			require.NoError(t, tr.Fit(context.Background(), ds, nil))
		})
		tr.BatchSize = 8 // 12 steps per epoch instead of 4
		require.NoError(t, tr.Fit(context.Background(), ds, nil))
		perEpoch12 := testing.AllocsPerRun(3, func() {
			tr.Epochs++
			require.NoError(t, tr.Fit(context.Background(), ds, nil))
		})
		// An allocation in every step adds at least 8 to the difference
		// (1 per step); the per-epoch count itself may move by one or two
		// between runs when the machine is loaded (seen under qemu), which
		// shifts this by at most 2/8.
		stepAllocs := (perEpoch12 - perEpoch) / 8
		require.Less(t, math.Abs(stepAllocs), 0.5, "%s, leaf %d: per-epoch allocations %v with 4 steps, %v with 12", ds.Source, c.leaf, perEpoch, perEpoch12)
	}
}

// TestParallelPathsDeterministic runs steps of a 64-512-10 network at
// batch 128, where Env.Parallel (see splitSmallTensors) splits the ReLU layer
// (128×512 elements) and the optimizer's weight updates across goroutines
// and Sgemm runs on several threads, and requires bit-identical weights
// for 1, 2 and 4 threads under GOMAXPROCS 1 and 2.
func TestParallelPathsDeterministic(t *testing.T) {
	splitSmallTensors(t)
	run := func(procs, threads int) map[string][]float32 {
		old := runtime.GOMAXPROCS(procs)
		defer runtime.GOMAXPROCS(old)
		tr, bt := wideMLP(t, 128, threads)
		for range 3 {
			_, _, err := tr.TrainBatch(bt)
			require.NoError(t, err)
		}
		return weights(tr.Model)
	}
	a := run(1, 1)
	require.Equal(t, a, run(2, 2))
	require.Equal(t, a, run(2, 1))
	require.Equal(t, a, run(1, 4))
}

// stepCounter is a callback that counts steps and sums their losses.
type stepCounter struct {
	BaseCallback
	steps int
	loss  float64
}

func (c *stepCounter) OnStepEnd(_ *Trainer, s *StepInfo) error {
	c.steps++
	c.loss += s.Loss
	return nil
}
