package bench

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/brawn-ml/brawn/internal/cputime"
	"github.com/brawn-ml/brawn/nn"
)

// BenchmarkConv2dForward times the forward pass of the second convolution
// of the MNIST CNN of issue 13, Conv2d(32, 64, 3, padding=1) on [128, 32,
// 14, 14], on 1 and 2 threads. It reports GFLOP/s (2·N·O·C·Kh·Kw·Ho·Wo
// per pass) and the fraction of the FMA peak that the probe measures on as
// many goroutines in the same run (the fastest of peakSamples probes). On
// a loaded machine the wall-clock figures fall with the CPU share the
// process gets; GFLOP/cpu-s divides by the process's CPU time instead
// (all its threads), which the load slows down far less, and %peak-cpu
// is that against the one-goroutine peak (the peak of one CPU-second):
//
//	go test ./bench -run '^$' -bench Conv2dForward -benchtime=2s
func BenchmarkConv2dForward(b *testing.B) {
	const n, cin, cout, hw = 128, 32, 64, 14
	conv, err := nn.NewConv2d(nn.Conv2dConfig{InChannels: cin, OutChannels: cout, KernelSize: [2]int{3, 3}, Padding: [2]int{1, 1}})
	if err != nil {
		b.Fatal(err)
	}
	net, err := nn.NewSequential(nn.Shape{cin, hw, hw}, conv)
	if err != nil {
		b.Fatal(err)
	}
	net.Eval()
	rng := rand.New(rand.NewPCG(1, 2))
	x := nn.NewTensor(n, cin, hw, hw)
	for i := range x.Data {
		x.Data[i] = float32(rng.NormFloat64())
	}
	flops := 2.0 * n * cout * cin * 9 * hw * hw
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("t%d", threads), func(b *testing.B) {
			net.SetThreads(threads)
			net.Forward(x) // buffers
			b.ReportAllocs()
			cpu0 := cputime.Process()
			for b.Loop() {
				net.Forward(x)
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
