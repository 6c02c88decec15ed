// Command train-mnist trains `brawn train --data mnist`'s network (784-256-128-10, ReLU, Adam along a cosine) with a
// progress bar, TensorBoard logs, a checkpoint every epoch and on Ctrl-C, and early stopping. Unlike brawn train it
// keeps PyTorch's initialization (brawn train's --init default is he-normal) and holds out a tenth of the training
// images for early stopping; its checkpoints hold no trainer state, so brawn eval, predict and plot read them but
// brawn train --resume does not.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

var (
	epochs   = flag.Int("epochs", 5, "epochs to train")
	save     = flag.String("save", "mnist.safetensors", "checkpoint file, read by brawn eval --model")
	logdir   = flag.String("logdir", "runs", "TensorBoard log directory, read by brawn plot")
	patience = flag.Int("patience", 3, "early stopping: epochs without a better validation loss")
	limit    = flag.Int("limit", 0, "train on the first N training images only (0: all 60000)")
)

func main() {
	flag.Parse()
	train, test, err := data.MNIST(*limit)
	check(err)
	train, val, err := train.SplitValidation(0.1, 1)
	check(err)
	arch := model.DefaultMLP(train.Features, train.Classes)
	net, err := arch.Build()
	check(err)
	opt, err := nn.NewAdam(nn.Groups(net.Params(), 1e-3, 0, false), nn.DefaultAdamConfig())
	check(err)
	cosine, err := nn.NewCosineAnnealingLR(opt, *epochs, 0) // brawn train's default schedule
	check(err)
	history := &callbacks.History{Test: test}
	tb, err := callbacks.NewTensorBoard(*logdir, history) // closed when Fit ends
	check(err)
	snapshot := func(t *nn.Trainer) *model.Model {
		return &model.Model{Net: t.Model, Arch: arch, History: history.Epochs, Epoch: t.Epoch()}
	}
	// Early stopping first, so the others see the best weights it restores; the last save is at the end.
	// The checkpoint before the TensorBoard log, so that a log that cannot be written does not cost the epoch.
	tr := &nn.Trainer{Model: net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 128, Epochs: *epochs,
		RNG: nn.NewRNG(1), TrackHealth: true, Callbacks: []nn.Callback{
			&nn.EarlyStopping{Patience: *patience, RestoreBest: true}, nn.NewLRScheduler(cosine), history,
			callbacks.NewProgress(os.Stderr, 5*time.Second), &callbacks.Health{W: os.Stderr},
			&callbacks.Checkpoint{Path: *save, OnInterrupt: true, SaveAtEnd: true, Snapshot: snapshot}, tb}}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	check(tr.Fit(ctx, train, val))
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
