package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/brawn-ml/brawn/internal/cputime"
	"github.com/brawn-ml/brawn/nn"
)

// convShape is a convolution the Conv2d benchmarks time: Conv2d(in, out,
// 3, padding=1) on [n, in, hw, hw].
type convShape struct{ n, in, out, hw int }

// flops is 2·N·O·C·Kh·Kw·Ho·Wo, the FLOPs of one of its products (the
// forward pass; each gradient costs as much).
func (c convShape) flops() float64 {
	return 2.0 * float64(c.n*c.out*c.in*9*c.hw*c.hw)
}

// The convolutions of the MNIST CNN of issue 13 at batch 128: the second,
// Conv2d(32, 64, 3, padding=1) on [128, 32, 14, 14], and the first,
// Conv2d(1, 32, 3, padding=1) on [128, 1, 28, 28], whose backward pass
// computes no input gradient in a network (it is the first layer).
var (
	convSecond = convShape{128, 32, 64, 14}
	convFirst  = convShape{128, 1, 32, 28}
)

// BenchmarkConv2dForward times the forward pass of the second convolution
// on 1 and 2 threads. It reports GFLOP/s and %peak, the fraction of the
// FMA peak, each pass against the probe timed just before it on as many
// goroutines (see benchConv). Without a probe it reports GFLOP/cpu-s
// instead, the FLOPs over the process's CPU time (all its threads):
//
//	go test ./bench -run '^$' -bench Conv2d -benchtime=2s
func BenchmarkConv2dForward(b *testing.B) {
	conv, env, x, _ := convBench(b, convSecond)
	benchConv(b, env, convSecond.flops(), func() { conv.Forward(x) })
}

// BenchmarkConv2dBackward times the second convolution's backward pass,
// both gradients (weight and input: twice the forward's FLOPs), as
// BenchmarkConv2dForward.
func BenchmarkConv2dBackward(b *testing.B) {
	conv, env, x, dy := convBench(b, convSecond)
	conv.Forward(x)
	benchConv(b, env, 2*convSecond.flops(), func() { conv.Backward(dy, true) })
}

// BenchmarkConv2dFirstForward times the forward pass of the first
// convolution, as BenchmarkConv2dForward: a product of depth 9 only,
// whose output (12.8 MB) dominates.
func BenchmarkConv2dFirstForward(b *testing.B) {
	conv, env, x, _ := convBench(b, convFirst)
	benchConv(b, env, convFirst.flops(), func() { conv.Forward(x) })
}

// BenchmarkConv2dFirstBackward times the first convolution's backward
// pass as a network runs it, the weight and bias gradients only (the
// forward's FLOPs), as BenchmarkConv2dForward.
func BenchmarkConv2dFirstBackward(b *testing.B) {
	conv, env, x, dy := convBench(b, convFirst)
	conv.Forward(x)
	benchConv(b, env, convFirst.flops(), func() { conv.Backward(dy, false) })
}

// convBench builds the convolution c in training mode, in env, with random
// input and output gradient.
func convBench(b *testing.B, c convShape) (conv *nn.Conv2d, env *nn.Env, x, dy *nn.Tensor) {
	conv, err := nn.NewConv2d(nn.Conv2dConfig{InChannels: c.in, OutChannels: c.out, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
	if err != nil {
		b.Fatal(err)
	}
	env = &nn.Env{Training: true, Threads: 1}
	if _, err := conv.Build(nn.Shape{c.in, c.hw, c.hw}, env); err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	x, dy = nn.NewTensor(c.n, c.in, c.hw, c.hw), nn.NewTensor(c.n, c.out, c.hw, c.hw)
	for _, t := range []*nn.Tensor{x, dy} {
		for i := range t.Data {
			t.Data[i] = float32(rng.NormFloat64())
		}
	}
	return conv, env, x, dy
}

// benchConv times pass, flops FLOPs, on 1 and 2 threads of env. Before
// each pass, outside the timing, the fastest FMA probe runs on as many
// goroutines; %peak is the median over the last passes of the pass's
// GFLOP/s over the probe's just before it (see pairedFraction).
func benchConv(b *testing.B, env *nn.Env, flops float64, pass func()) {
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("t%d", threads), func(b *testing.B) {
			env.Threads = threads
			probe, paired := fastestProbe(threads)
			pass()                           // buffers
			var passNs, probeNs [256]float64 // the last passes', as a ring
			b.ReportAllocs()
			cpu0 := cputime.Process()
			i := 0
			for b.Loop() {
				if paired {
					b.StopTimer()
					start := time.Now()
					peakCase(probe, threads).Run()
					probeNs[i%len(probeNs)] = float64(time.Since(start).Nanoseconds())
					b.StartTimer()
				}
				start := time.Now()
				pass()
				passNs[i%len(passNs)] = float64(time.Since(start).Nanoseconds())
				i++
			}
			cpu := cputime.Process() - cpu0
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			if n := min(i, len(passNs)); paired {
				b.ReportMetric(100*pairedFraction(flops, passNs[:n], probeNs[:n], probe, threads), "%peak")
			}
			if cpu > 0 && !paired {
				// The probes' CPU time would count too.
				b.ReportMetric(flops*float64(b.N)/cpu.Seconds()/1e9, "GFLOP/cpu-s")
			}
		})
	}
}

// fastestProbe returns the FMA probe with the highest rate on threads
// goroutines (Suite.peakAt's); false without a probe (purego builds,
// other architectures).
func fastestProbe(threads int) (fmaProbe, bool) {
	s := NewSuite(Config{})
	if s.peakAt(threads) > 0 {
		return s.probe[threads], true
	}
	return fmaProbe{}, false
}
