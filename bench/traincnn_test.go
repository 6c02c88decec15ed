package bench

import (
	"fmt"
	"testing"

	"github.com/brawn-ml/brawn/internal/cputime"
)

// BenchmarkCNNStep times one training step (TrainBatch, Adam) of
// CNNModule at batch 128 on 1 and 2 threads, at the best kernel level,
// and reports samples/s: what the "cnn" rows of brawn bench train
// measure, as a Go benchmark for comparing two builds side by side. On a
// loaded machine cpu-ms/op (the process's CPU time per step, all threads)
// varies far less than the wall clock:
//
//	go test ./bench -run '^$' -bench CNNStep -benchtime=40x -count=5
func BenchmarkCNNStep(b *testing.B) {
	const batch = 128
	data, err := syntheticBatch(batch)
	if err != nil {
		b.Fatal(err)
	}
	for _, threads := range []int{1, 2} {
		b.Run(fmt.Sprintf("threads=%d", threads), func(b *testing.B) {
			tr, err := newCNNTrainer(batch, threads)
			if err != nil {
				b.Fatal(err)
			}
			for range 3 { // warm up: buffers, workers
				if _, _, err := tr.TrainBatch(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportAllocs()
			b.ResetTimer()
			cpu0 := cputime.Process()
			for b.Loop() {
				if _, _, err := tr.TrainBatch(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(batch*b.N)/b.Elapsed().Seconds(), "samples/s")
			b.ReportMetric(float64(cputime.Process()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
		})
	}
}
