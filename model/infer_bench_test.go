package model

import (
	"runtime"
	"sync"
	"testing"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// mnistInference is the default network, 784-256-128-10, with PyTorch's
// initialization, and 10,000 random images of MNIST's shape as bytes: what
// brawn predict and eval run on MNIST's test set.
func mnistInference(b *testing.B) (*Model, *data.Dataset) {
	b.Helper()
	m, d := inferModel(b, 10, 0, 10000)
	arch := DefaultMLP(784, 10)
	net, err := arch.Build()
	if err != nil {
		b.Fatal(err)
	}
	net.ResetParameters(nn.NewRNG(1))
	m.Net, m.Arch = net, arch
	return m, d
}

// BenchmarkPredictData is what brawn predict runs on MNIST's test set,
// on GOMAXPROCS threads: go test -run '^$' -bench PredictData -cpu 1,2
// ./model/ reports samples/s for one and two threads.
func BenchmarkPredictData(b *testing.B) {
	m, d := mnistInference(b)
	for b.Loop() {
		if _, err := m.PredictData(d, 1000); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.Len()*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkEvaluate is what brawn eval runs on MNIST's test set (the
// loss, accuracy and confusion matrix), on GOMAXPROCS threads.
func BenchmarkEvaluate(b *testing.B) {
	m, d := mnistInference(b)
	withLabels(m, d)
	loss := nn.NewCrossEntropyLoss()
	for b.Loop() {
		if _, err := m.Evaluate(d, loss, 1000); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(d.Len()*b.N)/b.Elapsed().Seconds(), "samples/s")
}

// BenchmarkInferReplicas is the alternative to Infer's parallel products
// that BENCHMARKS.md compares it with: each goroutine runs whole blocks on
// its own copy of the network, one thread each (no synchronization inside
// a block, but one network per thread).
func BenchmarkInferReplicas(b *testing.B) {
	m, d := mnistInference(b)
	threads := runtime.GOMAXPROCS(0)
	nets := make([]*nn.Sequential, threads)
	for i := range nets {
		net, err := m.Arch.Build()
		if err != nil {
			b.Fatal(err)
		}
		net.ResetParameters(nn.NewRNG(1))
		net.SetThreads(1)
		net.Eval()
		nets[i] = net
	}
	block, n := BlockRows(m.Net), d.Len()
	blocks := (n + block - 1) / block
	bufs := make([][]float32, threads)
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	for i := range bufs {
		bufs[i] = make([]float32, block*784)
	}
	for b.Loop() {
		var wg sync.WaitGroup
		for w := range threads {
			wg.Add(1)
			go func() {
				defer wg.Done()
				x := nn.FromSlice(bufs[w], block, 784)
				for k := w; k < blocks; k += threads {
					lo, hi := k*block, min(k*block+block, n)
					if err := d.Gather(bufs[w], idx[lo:hi]); err != nil {
						panic(err)
					}
					nets[w].Forward(x)
				}
			}()
		}
		wg.Wait()
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "samples/s")
}
