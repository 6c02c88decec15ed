package nn

import (
	"context"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
)

// Fit and Evaluate take labels equal to the IgnoreIndex of a
// CrossEntropyLoss with Ignore, PyTorch's ignore_index: such samples
// count for nothing, so the loss of a set with them is that of the set
// without them. Other labels out of range are still refused, as is -100
// when the loss ignores no label.
func TestFitAcceptsIgnoredLabels(t *testing.T) {
	d := blobs(t, 100, 8, 3, 1)
	y := slices.Clone(d.Y)
	var kept []int
	for i := range y {
		if i%4 == 3 {
			y[i] = -100
		} else {
			kept = append(kept, i)
		}
	}
	ign, err := data.NewClassificationIgnoring(d.X, d.Features, y, d.Classes, -100)
	require.NoError(t, err)
	tr := distTrainer(t, 16, 0, false, nil)
	require.NoError(t, tr.Fit(context.Background(), ign, ign))

	sub, err := d.Subset(kept)
	require.NoError(t, err)
	w := &CrossEntropyLoss{Weight: []float32{1, 3, 7}, Ignore: true, IgnoreIndex: -100}
	for _, loss := range []Loss{NewCrossEntropyLoss(), w} {
		got, err := Evaluate(tr.Model, loss, ign, 16)
		require.NoError(t, err)
		want, err := Evaluate(tr.Model, loss, sub, 1000)
		require.NoError(t, err)
		require.InDelta(t, want.Loss, got.Loss, 1e-6)
	}

	bad := slices.Clone(y)
	bad[1] = -1
	tr = distTrainer(t, 16, 0, false, nil)
	err = tr.Fit(context.Background(), &data.Dataset{X: d.X, Y: bad, Features: d.Features, Classes: d.Classes}, nil)
	require.EqualError(t, err, "nn: the training data: sample 1 has label -1, out of range for a model with 3 classes (0..2)")
	tr = distTrainer(t, 16, 0, false, nil)
	tr.Loss = &CrossEntropyLoss{}
	err = tr.Fit(context.Background(), ign, nil)
	require.EqualError(t, err, "nn: the training data: dataset: sample 3 has label -100, out of range for a model with 3 classes (0..2)")
}

// accuracyRecorder keeps the epochs' infos and adds up the steps' samples
// and ignored labels.
type accuracyRecorder struct {
	BaseCallback
	epochs           []EpochInfo
	samples, ignored int
}

func (r *accuracyRecorder) OnStepEnd(_ *Trainer, s *StepInfo) error {
	r.samples += s.Samples
	r.ignored += s.Ignored
	return nil
}

func (r *accuracyRecorder) OnEpochEnd(_ *Trainer, e *EpochInfo) error {
	r.epochs = append(r.epochs, *e)
	return nil
}

// Accuracies count over the labels the loss does not ignore, as
// torchmetrics' Accuracy(ignore_index=...) does: the epoch's training
// accuracy, the validation accuracy and Evaluate's are those of the set
// without its ignored samples, for batches computed whole or in leaves,
// also when the ignored label is a class of the model (IgnoreIndex 0),
// whose samples its argmax may match.
func TestAccuracyLeavesOutIgnoredLabels(t *testing.T) {
	d := blobs(t, 90, 8, 3, 2)
	for _, ignore := range []int{-100, 0} {
		for _, leaf := range []int{0, 8} {
			y := slices.Clone(d.Y)
			var kept []int
			for i := range y {
				if ignore < 0 && i%4 == 1 {
					y[i] = ignore
				}
				if y[i] != ignore {
					kept = append(kept, i)
				}
			}
			ign, err := data.NewClassificationIgnoring(d.X, d.Features, y, d.Classes, -100)
			require.NoError(t, err)
			sub, err := ign.Subset(kept)
			require.NoError(t, err)
			m, err := NewSequential(8, NewLinear(8, 3))
			require.NoError(t, err)
			m.ResetParameters(NewRNG(3))
			// A rate of 0 keeps the weights of the evaluation below.
			opt, err := NewSGD(Groups(m.Params(), 0, 0, false), SGDConfig{})
			require.NoError(t, err)
			loss := &CrossEntropyLoss{Ignore: true, IgnoreIndex: ignore}
			rec := &accuracyRecorder{}
			tr := &Trainer{Model: m, Loss: loss, Optimizer: opt, BatchSize: 16, Epochs: 1, Leaf: leaf, Callbacks: []Callback{rec}}
			require.NoError(t, tr.Fit(context.Background(), ign, ign))

			want, err := Evaluate(m, loss, sub, 1000)
			require.NoError(t, err)
			require.Greater(t, want.Accuracy, 0.0)
			require.Less(t, want.Accuracy, 1.0)
			got, err := Evaluate(m, loss, ign, 16)
			require.NoError(t, err)
			require.Len(t, rec.epochs, 1)
			e := rec.epochs[0]
			assert.Equal(t, want.Accuracy, got.Accuracy, "Evaluate, ignore %d", ignore)
			assert.Equal(t, want.Accuracy, e.TrainAccuracy, "training, ignore %d, leaf %d", ignore, leaf)
			assert.Equal(t, want.Accuracy, e.ValAccuracy, "validation, ignore %d, leaf %d", ignore, leaf)
			assert.Equal(t, ign.Len(), rec.samples)
			assert.Equal(t, ign.Len()-len(kept), rec.ignored, "StepInfo.Ignored")
		}
	}
}

// A mid-epoch checkpoint keeps the count of the epoch's ignored labels so
// far, so that the resumed epoch's training accuracy is the uninterrupted
// one's; a state without the entry (no label ignored, or an earlier
// brawn's) counts none.
func TestResumeKeepsIgnoredCount(t *testing.T) {
	ignoring := func() (*Trainer, *data.Dataset, *data.Dataset) {
		tr, train, val := overfitRun(t, 100, 1)
		y := slices.Clone(train.Y)
		for i := range y {
			if i%3 == 0 {
				y[i] = -100
			}
		}
		train = &data.Dataset{X: train.X, Y: y, Features: train.Features, Classes: train.Classes}
		return tr, train, val
	}
	whole, train, val := ignoring()
	want := recordEpochs(whole)
	require.NoError(t, whole.Fit(context.Background(), train, val))

	ctx, cancel := context.WithCancel(context.Background())
	first, _, _ := ignoring()
	first.Callbacks = append(first.Callbacks, onStep(func(s *StepInfo) error {
		if s.GlobalStep == 3 {
			cancel()
		}
		return nil
	}))
	require.ErrorIs(t, first.Fit(ctx, train, val), context.Canceled)
	saved := first.Export()
	require.Positive(t, saved.Scalars["trainer.epoch_ignored"])

	resumed, _, _ := ignoring()
	got := recordEpochs(resumed)
	require.NoError(t, resumed.Model.LoadStateDict(weights(first.Model)))
	require.NoError(t, resumed.Import(saved))
	require.NoError(t, resumed.Fit(context.Background(), train, val))
	require.Len(t, *got, 1)
	require.Equal(t, (*want)[0].TrainAccuracy, (*got)[0].TrainAccuracy)

	plain, _, _ := overfitRun(t, 100, 1)
	require.NoError(t, plain.Fit(context.Background(), blobs(t, 48, 8, 3, 1), nil))
	require.NotContains(t, plain.Export().Scalars, "trainer.epoch_ignored")

	bad := saved.Sub("")
	bad.Scalars["trainer.epoch_ignored"] = saved.Scalars["trainer.epoch_samples"] + 1
	other, _, _ := ignoring()
	var se *StateError
	require.ErrorAs(t, other.Import(bad), &se)
	require.Equal(t, "trainer.epoch_ignored", se.Key)
}
