package nn

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// A monitored metric the epochs will not have is refused by the callbacks'
// Setup, before any step, not after the first epoch's training.
func TestMonitorMissingRefusedBeforeTraining(t *testing.T) {
	labelled := blobs(t, 32, 8, 3, 1)
	unlabelled := blobs(t, 32, 8, 3, 2)
	unlabelled.Targets = make([]float32, unlabelled.Len()*3)
	unlabelled.Outputs = 3
	unlabelled.Y, unlabelled.Classes = nil, 0
	cases := []struct {
		name       string
		cb         func(opt Optimizer) Callback
		train, val bool // a labelled training set; a validation set
		want       string
	}{
		{"early stopping on val_loss without val", func(Optimizer) Callback { return &EarlyStopping{Monitor: MetricValLoss} }, true, false,
			`nn: EarlyStopping.Monitor: the monitored metric "val_loss" needs a validation set, and Fit has none`},
		{"early stopping on accuracy of a regression", func(Optimizer) Callback { return &EarlyStopping{Monitor: MetricAccuracy} }, false, false,
			`nn: EarlyStopping.Monitor: the monitored metric "accuracy" is an accuracy, and the dataset has no class labels`},
		{"plateau on val_accuracy without val", func(o Optimizer) Callback {
			return &LRScheduler{Scheduler: NewReduceLROnPlateau(o), Monitor: MetricValAccuracy}
		}, true, false, `nn: LRScheduler.Monitor of ReduceLROnPlateau: the monitored metric "val_accuracy" needs a validation set, and Fit has none`},
		{"plateau on val_accuracy of a regression", func(o Optimizer) Callback {
			return &LRScheduler{Scheduler: NewReduceLROnPlateau(o), Monitor: MetricValAccuracy}
		}, false, true, `nn: LRScheduler.Monitor of ReduceLROnPlateau: the monitored metric "val_accuracy" is an accuracy, and the dataset has no class labels`},
	}
	for _, c := range cases {
		m, err := NewSequential(8, NewLinear(8, 3))
		require.NoError(t, err)
		opt, err := NewSGD(Groups(m.Params(), 0.1, 0, false), SGDConfig{})
		require.NoError(t, err)
		var loss Loss = NewCrossEntropyLoss()
		train, val := labelled, labelled
		if !c.train {
			loss, train, val = NewMSELoss(), unlabelled, unlabelled
		}
		if !c.val {
			val = nil
		}
		steps := 0
		tr := &Trainer{Model: m, Loss: loss, Optimizer: opt, BatchSize: 8, Epochs: 2,
			Callbacks: []Callback{c.cb(opt), onStep(func(*StepInfo) error { steps++; return nil })}}
		require.EqualError(t, tr.Fit(context.Background(), train, val), c.want, c.name)
		require.Zero(t, steps, "%s: steps trained before the refusal", c.name)
	}
}
