package nn

import (
	"testing"

	"github.com/brawn-ml/brawn/internal/cputime"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/stretchr/testify/require"
)

// BenchmarkBatchNorm2d measures a training step's BatchNorm2d forward and
// backward (dx included) on [128, 32, 28, 28], the output of a typical
// MNIST CNN's first block (Conv2d(1, 32, 3, padding=1)) at batch 128, on
// one thread at every kernel level (generic: the pure-Go kernels), in
// wall and process CPU time per step.
// Run:
//
//	go test ./nn -run '^$' -bench BatchNorm2d -benchtime 20x -count 5
func BenchmarkBatchNorm2d(b *testing.B) {
	prev := kernels.Active()
	defer func() { _ = kernels.SetLevel(prev) }()
	rng := NewRNG(71)
	x := randTensor(rng, 2, 128, 32, 28, 28)
	dy := randTensor(rng, 1, 128, 32, 28, 28)
	for _, l := range kernels.Available() {
		b.Run(l.String(), func(b *testing.B) {
			require.NoError(b, kernels.SetLevel(l))
			bn := NewBatchNorm2d(32)
			_, err := bn.Build(Shape{32, 28, 28}, &Env{Training: true, Threads: 1})
			require.NoError(b, err)
			bn.Forward(x)
			bn.Backward(dy, true)
			b.ReportAllocs()
			cpu0 := cputime.Process()
			for b.Loop() {
				bn.Forward(x)
				bn.Backward(dy, true)
			}
			if cpu := cputime.Process() - cpu0; cpu > 0 {
				b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
