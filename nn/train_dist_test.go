package nn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/dist"
)

// distModel builds the same small network for every rank: Linear,
// BatchNorm1d (optionally), ReLU, Dropout, Linear, from seed.
func distModel(t *testing.T, seed uint64, batchNorm bool) *Sequential {
	t.Helper()
	layers := []Layer{NewLinear(8, 16)}
	if batchNorm {
		layers = append(layers, NewBatchNorm1d(16))
	}
	layers = append(layers, NewReLU(), NewDropout(0.25), NewLinear(16, 3))
	m, err := NewSequential(8, layers...)
	if err != nil {
		t.Fatal(err)
	}
	m.ResetParameters(NewRNG(seed))
	m.SetRNG(NewRNG(seed + 1))
	return m
}

// distTrainer returns a Trainer of distModel with Adam, weight decay,
// clipping and a step schedule, so every part of a step is exercised.
func distTrainer(t *testing.T, batch, leaf int, batchNorm bool, comm dist.Comm) *Trainer {
	t.Helper()
	m := distModel(t, 7, batchNorm)
	opt, err := NewAdamW(Groups(m.Params(), 0.01, 0.01, false), DefaultAdamConfig())
	if err != nil {
		t.Fatal(err)
	}
	return &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: batch,
		Epochs: 3, RNG: NewRNG(11), ClipNorm: 1, Leaf: leaf, Comm: comm}
}

// snapshot copies a model's parameters and buffers, in order.
func snapshot(m *Sequential) [][]float32 {
	var s [][]float32
	for _, p := range m.Params() {
		s = append(s, append([]float32(nil), p.Value.Data...))
	}
	for _, b := range m.Buffers() {
		s = append(s, append([]float32(nil), b.Value.Data...))
	}
	return s
}

// sameBits reports the first value whose bits differ, or "".
func sameBits(a, b [][]float32, params int) string {
	for i := range a {
		if i >= params {
			break
		}
		for j := range a[i] {
			if math.Float32bits(a[i][j]) != math.Float32bits(b[i][j]) {
				return fmt.Sprintf("tensor %d, value %d: %v against %v", i, j, a[i][j], b[i][j])
			}
		}
	}
	return ""
}

// fitRecording runs tr.Fit and returns the parameters after every step
// and the epochs' infos.
func fitRecording(tr *Trainer, train, val *data.Dataset) ([][][]float32, []EpochInfo, error) {
	var steps [][][]float32
	var epochs []EpochInfo
	tr.Callbacks = append(tr.Callbacks, &hooks{
		step: func(*StepInfo) error {
			steps = append(steps, snapshot(tr.Model))
			return nil
		},
		epoch: func(e *EpochInfo) error {
			c := *e
			c.Duration = 0
			epochs = append(epochs, c)
			return nil
		},
	})
	err := tr.Fit(context.Background(), train, val)
	return steps, epochs, err
}

// TestDataParallelBitIdentical trains on N in-process ranks and on one
// process with the same leaves and checks, as PyTorch's DDP tests do, that
// the parameters and buffers (BatchNorm1d's running statistics) are equal
// after every step, bit for bit, and that the epochs' losses and
// accuracies, validation's too, agree exactly. 100 samples in batches of
// 24 leave a last batch of 4 (one leaf, so some ranks, rank 0 among them
// when N > 1, compute nothing); N = 4 splits 6 leaves unevenly.
func TestDataParallelBitIdentical(t *testing.T) {
	train := blobs(t, 100, 8, 3, 1)
	val := blobs(t, 30, 8, 3, 2)
	for _, bn := range []bool{false, true} {
		ref := distTrainer(t, 24, 4, bn, nil)
		want, wantEpochs, err := fitRecording(ref, train, val)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 2, 3, 4} {
			t.Run(fmt.Sprintf("batchnorm=%v/ranks=%d", bn, n), func(t *testing.T) {
				finals := make([][][]float32, n)
				errs := dist.Run(n, func(c dist.Comm) error {
					tr := distTrainer(t, 24, 4, bn, c)
					if c.Rank() != 0 {
						// Another start on other ranks: rank 0's weights are broadcast.
						tr.Model.ResetParameters(NewRNG(uint64(100 + c.Rank())))
					}
					steps, epochs, err := fitRecording(tr, train, val)
					if err != nil {
						return err
					}
					finals[c.Rank()] = snapshot(tr.Model)
					if len(steps) != len(want) {
						return fmt.Errorf("%d steps, want %d", len(steps), len(want))
					}
					for s := range want {
						// Parameters and buffers: BatchNorm1d's running
						// statistics fold every rank's leaves.
						if d := sameBits(want[s], steps[s], len(want[s])); d != "" {
							return fmt.Errorf("after step %d: %s", s+1, d)
						}
					}
					for e := range wantEpochs {
						w, g := wantEpochs[e], epochs[e]
						if w.TrainLoss != g.TrainLoss || w.TrainAccuracy != g.TrainAccuracy || w.Samples != g.Samples {
							return fmt.Errorf("epoch %d: train loss %v, accuracy %v, samples %d; want %v, %v, %d",
								e+1, g.TrainLoss, g.TrainAccuracy, g.Samples, w.TrainLoss, w.TrainAccuracy, w.Samples)
						}
						if w.ValLoss != g.ValLoss || w.ValAccuracy != g.ValAccuracy {
							return fmt.Errorf("epoch %d: val loss %v, accuracy %v; want %v, %v", e+1, g.ValLoss, g.ValAccuracy, w.ValLoss, w.ValAccuracy)
						}
					}
					return nil
				})
				for r, err := range errs {
					if err != nil {
						t.Fatalf("rank %d: %v", r, err)
					}
				}
				// Every rank ends with the same weights and buffers.
				for r := 1; r < n; r++ {
					if d := sameBits(finals[0], finals[r], len(finals[0])); d != "" {
						t.Errorf("rank %d differs from rank 0: %s", r, d)
					}
				}
			})
		}
	}
}

// A batch in one leaf is the whole batch: Leaf >= BatchSize gives the bits
// of Leaf 0 (for a model without Dropout, whose masks come from the
// leaves' generators).
func TestLeafOfWholeBatch(t *testing.T) {
	train := blobs(t, 50, 8, 3, 3)
	run := func(leaf int) [][]float32 {
		m, err := NewSequential(8, NewLinear(8, 16), NewReLU(), NewLinear(16, 3))
		if err != nil {
			t.Fatal(err)
		}
		m.ResetParameters(NewRNG(5))
		opt, _ := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 2, RNG: NewRNG(1), Leaf: leaf}
		if err := tr.Fit(context.Background(), train, nil); err != nil {
			t.Fatal(err)
		}
		return snapshot(m)
	}
	want := run(0)
	if d := sameBits(want, run(16), len(want)); d != "" {
		t.Errorf("Leaf 16: %s", d)
	}
	// Smaller leaves add in another order: the weights move, a little.
	if d := sameBits(want, run(4), len(want)); d == "" {
		t.Errorf("Leaf 4 gave Leaf 0's bits: the leaves are not folded separately")
	}
}

// A rank whose shard holds a bad label ends Fit on every rank with its
// message, and a batch the ranks do not divide is refused on all.
func TestDataParallelErrors(t *testing.T) {
	train := blobs(t, 48, 8, 3, 1)
	bad := *train
	bad.Y = append([]int(nil), train.Y...)
	errs := dist.Run(2, func(c dist.Comm) error {
		tr := distTrainer(t, 24, 4, false, c)
		tr.RNG = nil // no shuffling: sample 30 is in rank 1's half of batch 2
		d := train
		if c.Rank() == 1 {
			bad.Y[30] = 7 // past the model's 3 classes
			d = &bad
		}
		return tr.Fit(context.Background(), d, nil)
	})
	if errs[1] == nil || !strings.Contains(errs[1].Error(), "label 7") {
		t.Errorf("rank 1: %v, want its bad label", errs[1])
	}
	var re *RankError
	if !errors.As(errs[0], &re) || re.Rank != 1 || !strings.Contains(re.Msg, "label 7") {
		t.Errorf("rank 0: %v, want rank 1's error", errs[0])
	}

	errs = dist.Run(3, func(c dist.Comm) error {
		return distTrainer(t, 20, 4, false, c).Fit(context.Background(), train, nil)
	})
	for r, err := range errs {
		if err == nil || !strings.Contains(err.Error(), "batch size 20 is not a multiple of the 3 ranks") {
			t.Errorf("rank %d: %v", r, err)
		}
	}
}

// A callback's ErrStop on one rank and a cancelled context on one rank
// stop every rank at the same step.
func TestDataParallelStopAgreed(t *testing.T) {
	train := blobs(t, 96, 8, 3, 1)
	steps := make([]int, 2)
	errs := dist.Run(2, func(c dist.Comm) error {
		tr := distTrainer(t, 24, 4, false, c)
		if c.Rank() == 1 { // one rank's callback stops every rank
			tr.Callbacks = append(tr.Callbacks, onStep(func(s *StepInfo) error {
				if s.GlobalStep == 3 {
					return ErrStop
				}
				return nil
			}))
		}
		err := tr.Fit(context.Background(), train, nil)
		steps[c.Rank()] = tr.GlobalStep()
		return err
	})
	if errs[0] != nil || errs[1] != nil || steps[0] != 3 || steps[1] != 3 {
		t.Errorf("ErrStop: errors %v, steps %v; want nil and 3 on both", errs, steps)
	}

	// A callback of rank 1 alone ends training after epoch 1 with StopEarly.
	errs = dist.Run(2, func(c dist.Comm) error {
		tr := distTrainer(t, 24, 4, false, c)
		if c.Rank() == 1 {
			tr.Callbacks = append(tr.Callbacks, onEpoch(func(e *EpochInfo) error {
				e.StopEarly = true
				return nil
			}))
		}
		err := tr.Fit(context.Background(), train, nil)
		steps[c.Rank()] = tr.GlobalStep()
		return err
	})
	if errs[0] != nil || errs[1] != nil || steps[0] != 4 || steps[1] != 4 {
		t.Errorf("StopEarly: errors %v, steps %v; want nil and 4 (one epoch) on both", errs, steps)
	}

	errs = dist.Run(2, func(c dist.Comm) error {
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		tr := distTrainer(t, 24, 4, false, c)
		if c.Rank() == 0 {
			tr.Callbacks = append(tr.Callbacks, onStep(func(s *StepInfo) error {
				if s.GlobalStep == 2 {
					cancel()
				}
				return nil
			}))
		}
		err := tr.Fit(ctx, train, nil)
		steps[c.Rank()] = tr.GlobalStep()
		return err
	})
	for r, err := range errs {
		if !errors.Is(err, context.Canceled) || steps[r] != 2 {
			t.Errorf("cancel: rank %d returned %v at step %d; want context.Canceled at 2", r, err, steps[r])
		}
	}
}

// TrainBatch with Leaf computes the step Fit takes on the same batch.
func TestTrainBatchLeaves(t *testing.T) {
	train := blobs(t, 24, 8, 3, 4)
	fit := distTrainer(t, 24, 4, true, nil)
	fit.RNG, fit.Epochs = nil, 1
	if err := fit.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	tb := distTrainer(t, 24, 4, true, nil)
	var b Batch
	idx := make([]int, 24)
	for i := range idx {
		idx[i] = i
	}
	if err := b.Gather(train, idx); err != nil {
		t.Fatal(err)
	}
	if _, _, err := tb.TrainBatch(&b); err != nil {
		t.Fatal(err)
	}
	want, got := snapshot(fit.Model), snapshot(tb.Model)
	if d := sameBits(want, got, len(want)); d != "" {
		t.Error(d)
	}
	tb.Leaf = 23 // a last leaf of one sample, which BatchNorm1d refuses
	if _, _, err := tb.TrainBatch(&b); err == nil || !strings.Contains(err.Error(), "more than 1 value per channel") {
		t.Errorf("leaf 23 of 24 with BatchNorm1d: %v", err)
	}
}

// stateDict copies m's state_dict for LoadStateDict.
func stateDict(m *Sequential) map[string][]float32 {
	sd := map[string][]float32{}
	for k, v := range m.StateDict() {
		sd[k] = append([]float32(nil), v.Data...)
	}
	return sd
}

// A run stopped mid-epoch on N ranks resumes in one process, and one
// stopped in one process resumes on N ranks, to the weights of an
// uninterrupted run: the Trainer's state and the weights are the same on
// every rank and do not depend on N.
func TestDataParallelResume(t *testing.T) {
	train := blobs(t, 100, 8, 3, 1)
	ref := distTrainer(t, 24, 4, false, nil)
	if err := ref.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	want := snapshot(ref.Model)
	stopAt := func(tr *Trainer, step int) {
		tr.Callbacks = append(tr.Callbacks, onStep(func(s *StepInfo) error {
			if s.GlobalStep == step {
				return ErrStop
			}
			return nil
		}))
	}
	resume := func(tr *Trainer, st *State, sd map[string][]float32) error {
		if err := tr.Model.LoadStateDict(sd); err != nil {
			return err
		}
		if err := tr.Import(st); err != nil {
			return err
		}
		return tr.Fit(context.Background(), train, nil)
	}

	// 2 ranks, then one process.
	var st *State
	var sd map[string][]float32
	errs := dist.Run(2, func(c dist.Comm) error {
		tr := distTrainer(t, 24, 4, false, c)
		stopAt(tr, 7)
		if err := tr.Fit(context.Background(), train, nil); err != nil {
			return err
		}
		if c.Rank() == 0 {
			st, sd = tr.Export(), stateDict(tr.Model)
		}
		return nil
	})
	if errs[0] != nil || errs[1] != nil {
		t.Fatal(errs)
	}
	one := distTrainer(t, 24, 4, false, nil)
	if err := resume(one, st, sd); err != nil {
		t.Fatal(err)
	}
	if d := sameBits(want, snapshot(one.Model), len(want)); d != "" {
		t.Errorf("2 ranks resumed in one process: %s", d)
	}

	// One process, then 3 ranks.
	one = distTrainer(t, 24, 4, false, nil)
	stopAt(one, 6)
	if err := one.Fit(context.Background(), train, nil); err != nil {
		t.Fatal(err)
	}
	st, sd = one.Export(), stateDict(one.Model)
	finals := make([][][]float32, 3)
	errs = dist.Run(3, func(c dist.Comm) error {
		tr := distTrainer(t, 24, 4, false, c)
		if err := resume(tr, st, sd); err != nil {
			return err
		}
		finals[c.Rank()] = snapshot(tr.Model)
		return nil
	})
	for r, err := range errs {
		if err != nil {
			t.Fatalf("rank %d: %v", r, err)
		}
		if d := sameBits(want, finals[r], len(want)); d != "" {
			t.Errorf("one process resumed on 3 ranks, rank %d: %s", r, d)
		}
	}
}

// The losses that average over every element (MSELoss, HuberLoss,
// BCEWithLogitsLoss) divide by the global batch's elements too: a
// regression with 2 outputs on 3 ranks gives one process's weights.
func TestDataParallelRegression(t *testing.T) {
	rng := NewRNG(9)
	const n, f, o = 90, 8, 2
	x, y := make([]float32, n*f), make([]float32, n*o)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for i := range y {
		y[i] = x[i*f/o] + float32(0.1*rng.NormFloat64())
	}
	train, err := data.NewRegression(x, f, y, o)
	if err != nil {
		t.Fatal(err)
	}
	for _, loss := range []func() Loss{
		func() Loss { return NewMSELoss() },
		func() Loss { return &HuberLoss{Delta: 0.5} },
	} {
		fit := func(c dist.Comm) ([][]float32, error) {
			m, err := NewSequential(f, NewLinear(f, 12), NewTanh(), NewLinear(12, o))
			if err != nil {
				return nil, err
			}
			m.ResetParameters(NewRNG(2))
			opt, err := NewAdam(Groups(m.Params(), 0.01, 0, false), DefaultAdamConfig())
			if err != nil {
				return nil, err
			}
			tr := &Trainer{Model: m, Loss: loss(), Optimizer: opt, BatchSize: 12, Epochs: 2, RNG: NewRNG(3), Leaf: 2, Comm: c}
			err = tr.Fit(context.Background(), train, nil)
			return snapshot(m), err
		}
		want, err := fit(nil)
		if err != nil {
			t.Fatal(err)
		}
		errs := dist.Run(3, func(c dist.Comm) error {
			got, err := fit(c)
			if err != nil {
				return err
			}
			if d := sameBits(want, got, len(want)); d != "" {
				return fmt.Errorf("%s: %s", loss().Name(), d)
			}
			return nil
		})
		for r, err := range errs {
			if err != nil {
				t.Errorf("rank %d: %v", r, err)
			}
		}
	}
}

// A batch computed in leaves has the batch's mean loss and gradient, up to
// the order of the additions, for every loss: each leaf's share divides
// by the whole batch (Batch.MeanRows), not by the leaf, and with class
// weights or ignored labels by the whole batch's weight
// (Batch.MeanWeight).
func TestLeavesAverageOverBatch(t *testing.T) {
	rng := NewRNG(4)
	const n, f = 12, 5
	x, targets, probs := make([]float32, n*f), make([]float32, n*2), make([]float32, n*2)
	labels := make([]int, n)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for i := range targets {
		targets[i] = float32(rng.NormFloat64())
		probs[i] = rng.Float32()
	}
	for i := range labels {
		labels[i] = rng.IntN(2)
	}
	cases := []struct {
		loss    Loss
		out     int
		targets []float32
		sigmoid bool
	}{
		{NewCrossEntropyLoss(), 2, nil, false},
		{&CrossEntropyLoss{LabelSmoothing: 0.1}, 2, nil, false},
		{&CrossEntropyLoss{LabelSmoothing: 0.1, Weight: []float32{0.3, 2}}, 2, nil, false},
		{&CrossEntropyLoss{Ignore: true, IgnoreIndex: 1}, 2, nil, false}, // leaves whose every label is ignored
		{&CrossEntropyLoss{Ignore: true, IgnoreIndex: 0, Weight: []float32{5, 0.5}}, 2, nil, false},
		{&BCEWithLogitsLoss{PosWeight: []float32{3, 0.5}}, 2, probs, false},
		{NewMSELoss(), 2, targets, false},
		{NewL1Loss(), 2, targets, false},
		{NewHuberLoss(), 2, targets, false},
		{NewSmoothL1Loss(), 2, targets, false},
		{NewBCEWithLogitsLoss(), 2, probs, false},
		{NewBCELoss(), 2, probs, true},
	}
	for _, c := range cases {
		step := func(leaf int) (float64, [][]float32) {
			layers := []Layer{NewLinear(f, 6), NewTanh(), NewLinear(6, c.out)}
			if c.sigmoid {
				layers = append(layers, NewSigmoid())
			}
			m, err := NewSequential(f, layers...)
			if err != nil {
				t.Fatal(err)
			}
			m.ResetParameters(NewRNG(1))
			opt, err := NewSGD(Groups(m.Params(), 0, 0, false), SGDConfig{})
			if err != nil {
				t.Fatal(err)
			}
			tr := &Trainer{Model: m, Loss: c.loss, Optimizer: opt, BatchSize: n, Leaf: leaf}
			b := &Batch{X: *FromSlice(append([]float32(nil), x...), n, f)}
			if c.targets != nil {
				b.Targets = *FromSlice(append([]float32(nil), c.targets...), n, c.out)
			} else {
				b.Labels = labels
			}
			loss, _, err := tr.TrainBatch(b)
			if err != nil {
				t.Fatal(err)
			}
			var grads [][]float32
			for _, p := range m.Params() {
				grads = append(grads, append([]float32(nil), p.Grad.Data...))
			}
			return loss, grads
		}
		wantLoss, want := step(0)
		gotLoss, got := step(3)
		if math.Abs(gotLoss-wantLoss) > 1e-6*math.Abs(wantLoss) {
			t.Errorf("%s: loss %v in leaves of 3, %v whole", c.loss.Name(), gotLoss, wantLoss)
		}
		for i := range want {
			for j := range want[i] {
				if d := math.Abs(float64(got[i][j] - want[i][j])); d > 1e-5*(1+math.Abs(float64(want[i][j]))) {
					t.Errorf("%s: gradient %d[%d] = %v in leaves of 3, %v whole", c.loss.Name(), i, j, got[i][j], want[i][j])
					break
				}
			}
		}
	}
}

// A CNN (Conv2d, Flatten, Linear) trained on 2 and 3 ranks has one
// process's weights, bit for bit: a leaf's rows take the model's input
// shape as whole batches do.
func TestDataParallelCNN(t *testing.T) {
	train := barImages(t, 96, 1)
	sameOnRanks(t, func(c dist.Comm) ([][]float32, error) {
		tr := smallCNN(t, 1)
		tr.Epochs, tr.Leaf, tr.Comm, tr.BatchSize = 2, 4, c, 24
		err := tr.Fit(context.Background(), train, nil)
		return snapshot(tr.Model), err
	}, 2, 3)
}

// sameOnRanks runs fit in one process (a nil Comm), then on each number
// of in-process ranks, and fails unless every rank's values have the bits
// of the one process's, which it returns. fit runs on the ranks'
// goroutines: it returns errors rather than failing t.
func sameOnRanks(t *testing.T, fit func(c dist.Comm) ([][]float32, error), ranks ...int) [][]float32 {
	t.Helper()
	want, err := fit(nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range ranks {
		errs := dist.Run(n, func(c dist.Comm) error {
			got, err := fit(c)
			if err != nil {
				return err
			}
			if d := sameBits(want, got, len(want)); d != "" {
				return fmt.Errorf("%d ranks: %s", n, d)
			}
			return nil
		})
		for r, err := range errs {
			if err != nil {
				t.Errorf("rank %d: %v", r, err)
			}
		}
	}
	return want
}

// A CNN with BatchNorm2d layers, one in a residual block and one keeping
// a cumulative average, trained on 2 and 3 ranks has one process's
// weights and running statistics, bit for bit: each rank folds every
// rank's leaves' batch statistics in leaf order. Batches of 12 in leaves
// of 8 (and 4) leave rank 0 of 3 ranks without a leaf.
func TestDataParallelBatchNorm2d(t *testing.T) {
	train := barImages(t, 48, 1)
	sameOnRanks(t, func(c dist.Comm) ([][]float32, error) {
		conv, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 3, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
		if err != nil {
			return nil, err
		}
		inner, err := NewConv2d(Conv2dConfig{InChannels: 3, OutChannels: 3, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
		if err != nil {
			return nil, err
		}
		cumulative := NewBatchNorm2d(3)
		cumulative.CumulativeAverage = true
		m, err := NewSequential(Shape{1, 6, 6}, conv, NewBatchNorm2d(3), NewReLU(),
			NewResidual([]Layer{inner, cumulative}, nil), NewFlatten(), NewLinear(108, 2))
		if err != nil {
			return nil, err
		}
		m.ResetParameters(NewRNG(3))
		opt, err := NewAdam(Groups(m.Params(), 0.02, 0, false), DefaultAdamConfig())
		if err != nil {
			return nil, err
		}
		tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 12, Epochs: 2, RNG: NewRNG(4), Leaf: 8, Comm: c}
		err = tr.Fit(context.Background(), train, nil)
		return snapshot(tr.Model), err
	}, 2, 3)
}

// The dead ReLU units an epoch reports are one process's on any number of
// ranks: each rank saw only its leaves, and the ranks share what they saw.
// Biases of -2 leave units that only some samples make active.
func TestDataParallelDeadUnits(t *testing.T) {
	train := blobs(t, 100, 8, 3, 1)
	want := sameOnRanks(t, func(c dist.Comm) ([][]float32, error) {
		tr := distTrainer(t, 24, 4, false, c)
		tr.Epochs = 1
		fill(tr.Model.Layers[0].(*Linear).Bias.Value.Data, -2)
		tr.TrackHealth = true
		if err := tr.Fit(context.Background(), train, nil); err != nil {
			return nil, err
		}
		st := tr.Model.Stats()[1]
		if !st.HasDead {
			return nil, fmt.Errorf("the ReLU tracked nothing")
		}
		return [][]float32{{float32(st.Dead)}}, nil // sixteenths: exact
	}, 2, 3)
	if d := want[0][0]; d <= 0 || d >= 1 {
		t.Fatalf("one process: dead fraction %v, want one strictly between 0 and 1 for the test to tell", d)
	}
}
