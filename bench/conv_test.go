package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/brawn-ml/brawn/internal/cputime"
	"github.com/brawn-ml/brawn/nn"
)

// The convolution the Conv2d benchmarks time: the second one of the MNIST
// CNN of issue 13, Conv2d(32, 64, 3, padding=1), on [128, 32, 14, 14].
const convN, convIn, convOut, convHW = 128, 32, 64, 14

// convFlops is 2·N·O·C·Kh·Kw·Ho·Wo, the FLOPs of one of its products
// (the forward pass; each gradient costs as much).
const convFlops = 2.0 * convN * convOut * convIn * 9 * convHW * convHW

// BenchmarkConv2dForward times the forward pass of that convolution on 1
// and 2 threads. It reports GFLOP/s and the fraction of the FMA peak that
// the probe measures on as many goroutines in the same run (the fastest
// of peakSamples probes). On a loaded machine the wall-clock figures fall
// with the CPU share the process gets; GFLOP/cpu-s divides by the
// process's CPU time instead (all its threads), which the load slows down
// far less, and %peak-cpu is that against the one-goroutine peak (the
// peak of one CPU-second):
//
//	go test ./bench -run '^$' -bench Conv2d -benchtime=2s
func BenchmarkConv2dForward(b *testing.B) {
	conv, env, x, _ := convBench(b)
	benchConv(b, env, convFlops, func() { conv.Forward(x) })
}

// BenchmarkConv2dBackward times its backward pass, both gradients (weight
// and input: twice the forward's FLOPs), as BenchmarkConv2dForward.
func BenchmarkConv2dBackward(b *testing.B) {
	conv, env, x, dy := convBench(b)
	conv.Forward(x)
	benchConv(b, env, 2*convFlops, func() { conv.Backward(dy, true) })
}

// convBench builds the convolution in training mode, in env, with random
// input and output gradient.
func convBench(b *testing.B) (conv *nn.Conv2d, env *nn.Env, x, dy *nn.Tensor) {
	conv, err := nn.NewConv2d(nn.Conv2dConfig{InChannels: convIn, OutChannels: convOut, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
	if err != nil {
		b.Fatal(err)
	}
	env = &nn.Env{Training: true, Threads: 1}
	if _, err := conv.Build(nn.Shape{convIn, convHW, convHW}, env); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x, dy = nn.NewTensor(convN, convIn, convHW, convHW), nn.NewTensor(convN, convOut, convHW, convHW)
	for _, t := range []*nn.Tensor{x, dy} {
		for i := range t.Data {
			t.Data[i] = float32(rng.NormFloat64())
		}
	}
	return conv, env, x, dy
}

// benchConv times pass, flops FLOPs, on 1 and 2 threads of env.
func benchConv(b *testing.B, env *nn.Env, flops float64, pass func()) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("t%d", threads), func(b *testing.B) {
			env.Threads = threads
			pass() // buffers
			b.ReportAllocs()
			cpu0 := cputime.Process()
			for b.Loop() {
				pass()
			}
			gflops := flops * float64(b.N) / b.Elapsed().Seconds() / 1e9
			b.ReportMetric(gflops, "GFLOP/s")
			cpu := cputime.Process() - cpu0
			if peak := probePeak(threads); peak > 0 {
				b.ReportMetric(100*gflops/peak, "%peak")
			}
			if cpu > 0 {
				perCPU := flops * float64(b.N) / cpu.Seconds() / 1e9
				b.ReportMetric(perCPU, "GFLOP/cpu-s")
				if peak := probePeak(1); peak > 0 {
					b.ReportMetric(100*perCPU/peak, "%peak-cpu")
				}
			}
		})
	}
}

// probePeak returns the FMA peak in GFLOP/s on threads goroutines at
// once, the fastest of peakSamples probes; 0 without a probe.
func probePeak(threads int) float64 {
	if !hasFMAProbe() {
		return 0
	}
	best := time.Duration(1 << 62)
	for range peakSamples {
		start := time.Now()
		peakCase(threads).Run()
		best = min(best, time.Since(start))
	}
	return float64(threads*fmaRounds*fmaFlopsPerIter) / best.Seconds() / 1e9
}
