package bench

import (
	"fmt"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// CNNModule is the convolutional network of the "cnn" training rows, the
// MNIST CNN of issue 13, as `brawn train --model` takes it and
// bench/pytorch/train_step.py builds it.
const CNNModule = "Sequential(Conv2d(1, 32, 3, padding=1), ReLU(), MaxPool2d(2), Conv2d(32, 64, 3, padding=1), ReLU(), MaxPool2d(2), Flatten(), Linear(3136, 128), ReLU(), Linear(128, 10))"

// The Model field of the training rows.
const (
	ModelMLP = "mlp" // the default network, 784-256-128-10 ReLU
	ModelCNN = "cnn" // CNNModule
)

// newCNNTrainer builds CNNModule for MNIST's 1×28×28 images, with
// PyTorch's default initialization drawn from seed 1, trained with
// cross-entropy and Adam (lr 1e-3) on threads goroutines, as
// newDefaultTrainer does the MLP.
func newCNNTrainer(batch, threads int) (*nn.Trainer, error) {
	spec, err := model.ParseModuleFor(CNNModule, nn.Shape{1, 28, 28})
	if err != nil {
		return nil, err
	}
	m, err := spec.Build()
	if err != nil {
		return nil, err
	}
	m.ResetParameters(nn.NewRNG(1))
	return adamTrainer(m, batch, threads)
}

// trainCNNSteps adds the "cnn" rows to t: one training step of CNNModule
// at batch Config.CNNBatch on every thread count, at the best kernel
// level only (a step of the pure-Go level takes seconds).
func (s *Suite) trainCNNSteps(t *Table) error {
	batch := s.cfg.CNNBatch
	best := s.top()
	b, err := syntheticBatch(batch)
	if err != nil {
		return err
	}
	for _, th := range s.cfg.Threads {
		tr, err := newCNNTrainer(batch, th)
		if err != nil {
			return err
		}
		var trainErr error
		c := Case{Impl: brawnImpl(best), Before: withLevel(best), Run: func() {
			if _, _, err := tr.TrainBatch(b); err != nil && trainErr == nil {
				trainErr = fmt.Errorf("bench: CNN train step, batch %d, %d threads: %w", batch, th, err)
			}
		}}
		s.progress("train: CNN step, batch %d, %d threads", batch, th)
		stats, pair := s.measurePaired([]Case{c}, []float64{float64(batch) * trainFLOPs(tr.Model)}, th)
		if trainErr != nil {
			return trainErr
		}
		r := fromStats(Result{Op: "train-step", Model: ModelCNN, Impl: c.Impl, Batch: batch, Threads: th}, stats[0])
		pair.set(&r, 0)
		s.addTrainRow(t, "cnn step", r, batch, stats[0])
	}
	t.Notes = append(t.Notes, "cnn step: one TrainBatch of "+CNNModule+" on 1×28×28 images, Adam; allocs per step.")
	return nil
}
