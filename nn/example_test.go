package nn_test

import (
	"context"
	"fmt"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// Training a classifier: build a Sequential (its layers come initialised
// with PyTorch's defaults, from the generator ManualSeed seeds), pick a
// loss, an optimizer and a schedule, and Fit.
func Example() {
	// XOR, four samples of two features, two classes.
	ds, err := data.NewClassification([]float32{0, 0, 0, 1, 1, 0, 1, 1}, 2, []int{0, 1, 1, 0}, 2)
	if err != nil {
		panic(err)
	}
	nn.ManualSeed(1) // torch.manual_seed(1)
	model, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewReLU(), nn.NewLinear(8, 2))
	if err != nil {
		panic(err)
	}
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
		BatchSize: 4, Epochs: 300, RNG: nn.NewRNG(2),
		Callbacks: []nn.Callback{nn.NewLRScheduler(sched)},
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

// Choosing an initializer: the layers come with PyTorch's defaults, and
// Init replaces them, here with He (Kaiming) uniform weights for ReLU and
// zero biases, drawn from an explicit seeded RNG.
func ExampleSequential_Init() {
	model, err := nn.NewSequential(4, nn.NewLinear(4, 3), nn.NewReLU(), nn.NewLinear(3, 2))
	if err != nil {
		panic(err)
	}
	model.Init(nn.NewRNG(1), nn.HeUniform{}, nn.Zeros{})
	// He uniform: U(−√(6/in), √(6/in)), √(6/4) ≈ 1.22 for the first layer.
	for _, p := range model.Params() {
		fmt.Printf("%s %.3f\n", p.Name, p.Value.Data)
	}
	// Output:
	// 0.weight [-0.641 1.157 0.688 0.073 0.025 -0.483 0.700 0.127 1.213 0.064 -0.833 0.094]
	// 0.bias [0.000 0.000 0.000]
	// 2.weight [-1.206 1.122 0.358 1.305 -0.880 -0.351]
	// 2.bias [0.000 0.000]
}
