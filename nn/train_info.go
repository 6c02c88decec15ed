package nn

import "time"

// StepInfo describes a finished training step for Callback.OnStepEnd. The
// Trainer reuses one StepInfo; copy it to keep it.
type StepInfo struct {
	Epoch      int     // 1-based
	Step       int     // 1-based step within the epoch
	Steps      int     // steps per epoch
	GlobalStep int     // steps since the start of training (1-based)
	Samples    int     // samples in this batch
	Loss       float64 // batch loss including the penalty
	Correct    int     // correctly classified samples (classification), of those not Ignored
	// Ignored counts the samples whose label the loss ignores
	// (IgnoredLabel): they carry no loss, and the accuracy is
	// Correct / (Samples − Ignored).
	Ignored  int
	LR       float64 // learning rate of the first group used for this step
	GradNorm float64 // global gradient norm (GradNorm) before clipping
}

// EpochInfo describes a finished epoch for Callback.OnEpochEnd. Accuracies
// are fractions of the samples whose label the loss does not ignore
// (IgnoredLabel), NaN for datasets without class labels or whose every
// label is ignored.
type EpochInfo struct {
	Epoch                int     // 1-based
	TrainLoss            float64 // the steps' losses averaged weighted by their samples, penalty included (see CrossEntropyLoss)
	TrainAccuracy        float64 // fraction classified right during the epoch's steps
	HasVal               bool    // Fit was given a validation set: ValLoss and ValAccuracy are set
	ValLoss, ValAccuracy float64 // Evaluate's on the validation set at the epoch's end; 0 without one
	LR                   float64 // first group's learning rate of the epoch's last step (StepInfo.LR)
	Samples              int     // training samples of the epoch's steps
	// ResumedSamples are the Samples trained before a mid-epoch resume
	// (0 otherwise): Duration times the rest only, so the epoch's rate is
	// (Samples − ResumedSamples) / Duration.
	ResumedSamples int
	Duration       time.Duration // wall time of the epoch in this Fit, the validation pass excluded
	Stats          []LayerStats  // with TrackHealth
	MeanGradNorm   float64       // mean over the epoch's steps of GradNorm (with TrackHealth)
	// StopEarly, set by a callback (EarlyStopping), ends training after
	// this epoch, once every callback's OnEpochEnd has run (Keras's
	// model.stop_training).
	StopEarly bool
	BestEpoch int // EarlyStopping's best epoch so far (0 before it runs)
}

// Metrics are a model's loss and accuracy on a dataset.
type Metrics struct {
	Loss     float64 // per sample (see Evaluate)
	Accuracy float64 // fraction of the samples whose label the loss does not ignore (IgnoredLabel); NaN without class labels, or with every one ignored
	Samples  int     // samples evaluated, those whose label the loss ignores (IgnoredLabel) included
}
