package run

import (
	"io"
	"runtime"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// trainRun is one `brawn train`: its configuration, the objects it builds
// and the metrics it collects.
type trainRun struct {
	cfg     *Config
	out     io.Writer // summary and results
	errw    io.Writer // progress, warnings
	resumed *model.Model

	ds      *datasets
	arch    model.MLP   // the MLP, or only the task's sizes with a module
	spec    *model.Spec // the --model network (nil: arch)
	net     *nn.Sequential
	trainer *nn.Trainer
	loss    nn.Loss
	testDS  *data.Dataset
	health  *callbacks.Health
	ckpt    *callbacks.Checkpoint
	es      *nn.EarlyStopping // with --early-stop; nil without
	events  *callbacks.TensorBoard
	hist    *callbacks.History
	json    *callbacks.JSONMetrics // --json's, or the run's time alone without it
	stopped string
	// complete is what to print instead of training when ResumeAuto
	// found the run complete (completeRun); "" otherwise.
	complete string

	lastGoodEpoch int // the last epoch this run finished without diverging
	trainData     *model.DataIdentity
	valData       *model.DataIdentity // nil without a validation set
}

// threads is the number of goroutines the run computes with.
func (r *trainRun) threads() int {
	if r.cfg.Threads > 0 {
		return r.cfg.Threads
	}
	return runtime.GOMAXPROCS(0)
}

// ranks is the number of processes of a distributed run, 1 for none.
func (r *trainRun) ranks() int {
	if r.cfg.Comm == nil {
		return 1
	}
	return r.cfg.Comm.Size()
}

// lenOf is the length of an optional data set (0 for nil).
func lenOf(d *data.Dataset) int {
	if d == nil {
		return 0
	}
	return d.Len()
}
