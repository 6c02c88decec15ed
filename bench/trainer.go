package bench

import (
	"math/rand/v2"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// newDefaultTrainer builds the default network, 784-256-128-10 with ReLU,
// He-uniform weights and zero biases, trained with cross-entropy and Adam
// (Kingma & Ba 2015; lr 1e-3, betas 0.9/0.999, eps 1e-8), on threads
// goroutines.
func newDefaultTrainer(batch, threads int) (*nn.Trainer, error) {
	m, err := nn.NewSequential(mnistFeatures,
		nn.NewLinear(mnistFeatures, 256), nn.NewReLU(),
		nn.NewLinear(256, 128), nn.NewReLU(),
		nn.NewLinear(128, mnistClasses))
	if err != nil {
		return nil, err
	}
	m.Init(nn.NewRNG(1), nn.HeUniform{}, nil)
	return adamTrainer(m, batch, threads)
}

// adamTrainer trains m with cross-entropy and Adam (lr 1e-3, PyTorch's
// defaults otherwise) on threads goroutines.
func adamTrainer(m *nn.Sequential, batch, threads int) (*nn.Trainer, error) {
	m.SetThreads(threads)
	opt, err := nn.NewAdam(nn.Groups(m.Params(), 1e-3, 0, false), nn.DefaultAdamConfig())
	if err != nil {
		return nil, err
	}
	opt.SetThreads(threads)
	return &nn.Trainer{Model: m, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: batch}, nil
}

// syntheticBatch is one batch of n samples of syntheticMNIST.
func syntheticBatch(n int) (*nn.Batch, error) {
	d, err := syntheticMNIST(n)
	if err != nil {
		return nil, err
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	b := &nn.Batch{}
	return b, b.Gather(d, idx)
}

// syntheticMNIST is a data set of MNIST's shape, pixels uniform in [0, 1)
// and random labels: the cost of an epoch does not depend on the values.
func syntheticMNIST(n int) (*data.Dataset, error) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := make([]float32, n*mnistFeatures)
	for i := range x {
		x[i] = rng.Float32()
	}
	labels := make([]int, n)
	for i := range labels {
		labels[i] = rng.IntN(mnistClasses)
	}
	return data.NewClassification(x, mnistFeatures, labels, mnistClasses)
}
