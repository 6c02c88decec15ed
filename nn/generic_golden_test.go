package nn

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
)

// The generic kernel level is one portable level: the same training gives
// the same bits on every architecture and GOAMD64 setting. Each case
// trains a tiny network a few steps at the generic level and hashes the
// bits of its state_dict. The golden hashes were computed on amd64 with
// GOAMD64=v1; any architecture must give them at the generic level
// (run this test under GOAMD64=v3 and under qemu-aarch64-static: a product
// the compiler fuses into an FMA changes the bits). Regenerate them only for
// an intended change of the arithmetic.
//
// The cases go through the generic SGEMM, Sgemv and BLAS level 1 kernels,
// the activations, softmax, pooling, batch normalisation, dropout, every
// optimizer, a schedule, penalties, gradient clipping and the losses'
// gradients.
func TestGenericLevelGolden(t *testing.T) {
	prev := kernels.Active()
	defer func() { require.NoError(t, kernels.SetLevel(prev)) }()
	require.NoError(t, kernels.SetLevel(kernels.Generic))

	golden := map[string]string{
		"mlp-sgd-nesterov":     "783f8475e2f23cd150beccd603d832251bab82469bf42858873ed11e70e7a9ff",
		"mlp-adamw-amsgrad":    "dcde6e7d96d7ddd4c9c0effd4aab80f5cb0b26b89d31a400cabaae766eba72bc",
		"mlp-rmsprop-centered": "7ee744f705e83870c52c420f76bf3d44dc06135ddcbed1c6f052d501b242f3a4",
		"mlp-adagrad-mse":      "10ca55df2902ddc0a07c76ff7e978b30bceb4051594c92a34be8052ca97e0696",
		"mlp-bce-huber":        "7f7ad94ce7b2b4782058486e039d5d996717ca74f889e081665925451d76c2af",
		"cnn-batchnorm-adam":   "cef9444bfe36b710d8b34412ec28075307d04b6777c7e45ea1df8255048f47f5",
	}
	cases := []struct {
		name  string
		train func(t *testing.T) *Sequential
	}{
		{"mlp-sgd-nesterov", func(t *testing.T) *Sequential {
			m := goldenMLP(t, NewLinear(8, 16), NewTanh(), NewDropout(0.2), NewLinear(16, 16), NewLeakyReLU(0.1), NewLinear(16, 3))
			opt, err := NewSGD(Groups(m.Params(), 0.1, 1e-3, false), SGDConfig{Momentum: 0.9, Nesterov: true})
			require.NoError(t, err)
			sched, err := NewCosineAnnealingLR(opt, 4, 0.01)
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: &CrossEntropyLoss{LabelSmoothing: 0.1}, Optimizer: opt, BatchSize: 16, Epochs: 4,
				RNG: NewRNG(12), Penalty: Penalty{L1: 1e-4, L2: 1e-3}, ClipNorm: 1,
				Callbacks: []Callback{NewLRScheduler(sched)}}
			require.NoError(t, tr.Fit(context.Background(), goldenClasses(t, 96, 8, 3, 13), nil))
			return m
		}},
		{"mlp-adamw-amsgrad", func(t *testing.T) *Sequential {
			m := goldenMLP(t, NewLinear(8, 16), NewSigmoid(), NewBatchNorm1d(16), NewLinear(16, 16), NewReLU(), NewLinear(16, 3))
			cfg := DefaultAdamConfig()
			cfg.AMSGrad = true
			opt, err := NewAdamW(Groups(m.Params(), 0.01, 0.05, false), cfg)
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 4, RNG: NewRNG(22)}
			require.NoError(t, tr.Fit(context.Background(), goldenClasses(t, 96, 8, 3, 23), nil))
			return m
		}},
		{"mlp-rmsprop-centered", func(t *testing.T) *Sequential {
			m := goldenMLP(t, NewLinear(8, 16), NewTanh(), NewLinear(16, 3))
			opt, err := NewRMSprop(Groups(m.Params(), 0.01, 1e-3, true), RMSpropConfig{Alpha: 0.9, Eps: 1e-8, Momentum: 0.5, Centered: true})
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 4, RNG: NewRNG(32), ClipValue: 0.5}
			require.NoError(t, tr.Fit(context.Background(), goldenClasses(t, 96, 8, 3, 33), nil))
			return m
		}},
		{"mlp-adagrad-mse", func(t *testing.T) *Sequential {
			m := goldenMLP(t, NewLinear(8, 16), NewReLU(), NewLinear(16, 2))
			cfg := DefaultAdagradConfig()
			cfg.LRDecay = 0.01
			opt, err := NewAdagrad(Groups(m.Params(), 0.05, 1e-3, false), cfg)
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: NewMSELoss(), Optimizer: opt, BatchSize: 16, Epochs: 4, RNG: NewRNG(42)}
			require.NoError(t, tr.Fit(context.Background(), goldenRegression(t, 96, 8, 2, 43), nil))
			return m
		}},
		{"mlp-bce-huber", func(t *testing.T) *Sequential {
			m := goldenMLP(t, NewLinear(8, 16), NewTanh(), NewLinear(16, 2))
			opt, err := NewSGD(Groups(m.Params(), 0.05, 0, false), SGDConfig{Momentum: 0.8, Dampening: 0.1})
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: NewHuberLoss(), Optimizer: opt, BatchSize: 16, Epochs: 2, RNG: NewRNG(52)}
			require.NoError(t, tr.Fit(context.Background(), goldenRegression(t, 96, 8, 2, 53), nil))
			// Then BCE with logits on targets in [0, 1].
			tr.Loss, tr.Epochs = NewBCEWithLogitsLoss(), 4
			reg := goldenRegression(t, 96, 8, 2, 54)
			for i, v := range reg.Targets {
				reg.Targets[i] = float32(1 / (1 + math.Exp(-float64(v))))
			}
			require.NoError(t, tr.Fit(context.Background(), reg, nil))
			return m
		}},
		{"cnn-batchnorm-adam", func(t *testing.T) *Sequential {
			c1, err := NewConv2d(Conv2dConfig{InChannels: 1, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
			require.NoError(t, err)
			c2, err := NewConv2d(Conv2dConfig{InChannels: 4, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
			require.NoError(t, err)
			m, err := NewSequential(Shape{1, 6, 6}, c1, NewBatchNorm2d(4), NewReLU(), NewMaxPool2d(2),
				c2, NewBatchNorm2d(4), NewReLU(), NewAvgPool2d(3), NewFlatten(), NewLinear(4, 2))
			require.NoError(t, err)
			m.ResetParameters(NewRNG(61))
			opt, err := NewAdam(Groups(m.Params(), 0.02, 1e-3, true), DefaultAdamConfig())
			require.NoError(t, err)
			tr := &Trainer{Model: m, Loss: NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 16, Epochs: 3, RNG: NewRNG(62)}
			require.NoError(t, tr.Fit(context.Background(), barImages(t, 64, 63), nil))
			return m
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := stateHash(c.train(t))
			require.Equal(t, golden[c.name], got, "the bits of %s's state_dict at the generic level", c.name)
		})
	}
}

// goldenMLP returns the Sequential of layers on 8 features, initialised
// from a fixed seed.
func goldenMLP(t *testing.T, layers ...Layer) *Sequential {
	t.Helper()
	m, err := NewSequential(8, layers...)
	require.NoError(t, err)
	m.ResetParameters(NewRNG(7))
	return m
}

// goldenClasses returns n samples of f normal features whose label is the
// class of the largest of the first k features.
func goldenClasses(t *testing.T, n, f, k int, seed uint64) *data.Dataset {
	t.Helper()
	rng := NewRNG(seed)
	x, y := make([]float32, n*f), make([]int, n)
	for s := range n {
		row := x[s*f : (s+1)*f]
		for i := range row {
			row[i] = float32(rng.NormFloat64())
		}
		for i := range k {
			if row[i] > row[y[s]] {
				y[s] = i
			}
		}
	}
	d, err := data.NewClassification(x, f, y, k)
	require.NoError(t, err)
	return d
}

// goldenRegression returns n samples of f normal features with o targets,
// each a fixed linear function of the features plus noise.
func goldenRegression(t *testing.T, n, f, o int, seed uint64) *data.Dataset {
	t.Helper()
	rng := NewRNG(seed)
	x, y := make([]float32, n*f), make([]float32, n*o)
	for s := range n {
		row := x[s*f : (s+1)*f]
		for i := range row {
			row[i] = float32(rng.NormFloat64())
		}
		for j := range o {
			v := 0.1 * rng.NormFloat64()
			for i, xi := range row {
				v += float64(xi) * float64((i+j)%3-1)
			}
			y[s*o+j] = float32(v)
		}
	}
	d, err := data.NewRegression(x, f, y, o)
	require.NoError(t, err)
	return d
}

// stateHash returns the SHA-256 of m's state_dict: the names in order,
// each followed by its values' bits.
func stateHash(m *Sequential) string {
	sd := m.StateDict()
	names := make([]string, 0, len(sd))
	for name := range sd {
		names = append(names, name)
	}
	slices.Sort(names)
	h := sha256.New()
	var b [4]byte
	for _, name := range names {
		h.Write([]byte(name))
		for _, v := range sd[name].Data {
			binary.LittleEndian.PutUint32(b[:], math.Float32bits(v))
			h.Write(b[:])
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}
