package nn_test

import (
	"context"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// Training a classifier: build a Sequential, initialise it from a seeded
// RNG, pick a loss, an optimizer and a schedule, and Fit.
func Example() {
	// XOR, four samples of two features, two classes.
	ds, err := data.NewClassification([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 2, []int{0, 1, 1, 0}, 2)
	if err != nil {
		panic(err)
	}
	model, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewReLU(), nn.NewLinear(8, 2))
	if err != nil {
		panic(err)
	}
	rng := nn.NewRNG(1)
	model.Init(rng, nn.HeUniform{}, nn.Zeros{})
	opt, err := nn.NewAdam(nn.Groups(model.Params(), 0.05, 0, false), nn.DefaultAdamConfig())
	if err != nil {
		panic(err)
	}
	sched, err := nn.NewStepLR(opt, 100, 0.5)
	if err != nil {
		panic(err)
	}
	tr := &nn.Trainer{
		Model: model, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt,
		BatchSize: 4, Epochs: 300, RNG: rng,
		EpochSchedulers: []nn.Scheduler{sched},
	}
	if err := tr.Fit(context.Background(), ds, nil); err != nil {
		panic(err)
	}
	m, err := nn.Evaluate(model, nn.NewCrossEntropyLoss(), ds, 4)
	if err != nil {
		panic(err)
	}
	// 300 scheduler steps: lr = 0.05·0.5^⌊300/100⌋.
	fmt.Printf("accuracy %.2f, lr %g\n", m.Accuracy, opt.Groups()[0].LR)
	for _, p := range model.Params() {
		fmt.Println(p.Name, p.Value.Shape)
	}
	// Output:
	// accuracy 1.00, lr 0.00625
	// 0.weight [8 2]
	// 0.bias [8]
	// 2.weight [2 8]
	// 2.bias [2]
}
