package callbacks_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Callbacks compose in a list: History records each epoch, Progress
// prints (here plain lines, with a summary of History's entry), Health
// warns and stops a diverged run, and Checkpoint saves the model every
// epoch.
func Example() {
	x := []float32{0, 0, 0, 1, 1, 0, 1, 1}
	train, err := data.NewClassification(x, 2, []int{0, 1, 1, 0}, 2)
	if err != nil {
		panic(err)
	}
	nn.ManualSeed(1)
	net, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewReLU(), nn.NewLinear(8, 2))
	if err != nil {
		panic(err)
	}
	opt, err := nn.NewSGD(nn.Groups(net.Params(), 0.1, 0, false), nn.SGDConfig{})
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	history := &callbacks.History{Test: train}
	progress := callbacks.NewProgressLines(os.Stdout, time.Hour)
	progress.Line = func(e *nn.EpochInfo) string {
		return fmt.Sprintf("epoch %d: test samples %d", e.Epoch, train.Len())
	}
	ckpt := &callbacks.Checkpoint{
		Path:     filepath.Join(dir, "model.safetensors"),
		Snapshot: func(t *nn.Trainer) *model.Model { return &model.Model{Net: t.Model, History: history.Epochs} },
	}
	tr := &nn.Trainer{Model: net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 2, Epochs: 2,
		RNG: nn.NewRNG(1), TrackHealth: true,
		Callbacks: []nn.Callback{history, progress, &callbacks.Health{W: os.Stdout}, ckpt}}
	if err := tr.Fit(context.Background(), train, nil); err != nil {
		panic(err)
	}
	fmt.Println("recorded epochs:", len(history.Epochs), "last saved:", ckpt.LastSaved)
	// Output:
	// epoch 1: test samples 4
	// epoch 2: test samples 4
	// recorded epochs: 2 last saved: 2
}
