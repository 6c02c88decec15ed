package callbacks_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A run saved with its training state (Trainer.Export: the optimizer's
// moments, the shuffle generator, the position) resumes where it stopped:
// model.Load reads the file, the new network takes its weights
// (LoadStateDict) and the new Trainer its state (Import), and two epochs
// and two more give the weights four epochs in one Fit give, bit for bit.
func Example_resume() {
	x := []float32{0, 0, 0, 1, 1, 0, 1, 1}
	train, err := data.NewClassification(x, 2, []int{0, 1, 1, 0}, 2)
	if err != nil {
		panic(err)
	}
	dir, err := os.MkdirTemp("", "example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "run.safetensors")

	// newRun builds the same network, optimizer and Trainer each time;
	// the seed draws the initial weights, which a resumed run replaces.
	newRun := func(epochs int, cbs ...nn.Callback) *nn.Trainer {
		nn.ManualSeed(1)
		net, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewReLU(), nn.NewLinear(8, 2))
		if err != nil {
			panic(err)
		}
		opt, err := nn.NewAdam(nn.Groups(net.Params(), 0.01, 0, false), nn.DefaultAdamConfig())
		if err != nil {
			panic(err)
		}
		return &nn.Trainer{Model: net, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 2, Epochs: epochs,
			RNG: nn.NewRNG(1), Callbacks: cbs}
	}

	ckpt := &callbacks.Checkpoint{Path: path, Snapshot: func(t *nn.Trainer) *model.Model {
		return &model.Model{Net: t.Model, Epoch: t.Epoch(), State: t.Export()}
	}}
	first := newRun(2, ckpt)
	if err := first.Fit(context.Background(), train, nil); err != nil {
		panic(err)
	}

	saved, err := model.Load(path)
	if err != nil {
		panic(err)
	}
	resumed := newRun(4)
	if err := resumed.Model.LoadStateDict(saved.Weights()); err != nil {
		panic(err)
	}
	if err := resumed.Import(saved.State); err != nil {
		panic(err)
	}
	if err := resumed.Fit(context.Background(), train, nil); err != nil {
		panic(err)
	}

	straight := newRun(4)
	if err := straight.Fit(context.Background(), train, nil); err != nil {
		panic(err)
	}
	fmt.Println("saved after epoch", saved.Epoch, "- resumed to epoch", resumed.Epoch())
	fmt.Println("the same weights as four epochs in one run:", reflect.DeepEqual(resumed.Model.StateDict(), straight.Model.StateDict()))
	// Output:
	// saved after epoch 2 - resumed to epoch 4
	// the same weights as four epochs in one run: true
}
