package nn

import (
	"fmt"
	"runtime"
	"testing"

	"github.com/brawn-ml/brawn/data"
)

// BenchmarkBatchGather gathers shuffled batches of 128 samples of MNIST's
// training set (bytes converted to float32), as Fit does before every
// step: by Gather on the caller (how=serial) and by gatherThreads on 1
// and 2 threads. It skips without MNIST. Run:
//
//	go test ./nn -run '^$' -bench BatchGather -count=3
func BenchmarkBatchGather(b *testing.B) {
	dir, err := data.MNISTDir()
	if err != nil {
		b.Skip(err)
	}
	ds, _, err := data.LoadMNIST(dir)
	if err != nil {
		b.Skip(err)
	}
	perm := make([]int, ds.Len())
	for i := range perm {
		perm[i] = i
	}
	NewRNG(3).Permute(perm)
	for _, how := range []string{"serial", "threads=1", "threads=2"} {
		b.Run("how="+how, func(b *testing.B) {
			threads := 1
			fmt.Sscanf(how, "threads=%d", &threads)
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(threads, 1)))
			var bt Batch
			s := 0
			b.ReportAllocs()
			for b.Loop() {
				lo := s * 128 % (len(perm) - 128)
				idx := perm[lo : lo+128]
				var err error
				if how == "serial" {
					err = bt.Gather(ds, idx)
				} else {
					err = bt.gatherThreads(ds, idx, threads)
				}
				if err != nil {
					b.Fatal(err)
				}
				s++
			}
		})
	}
}
