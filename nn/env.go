package nn

import (
	"runtime"
	"sync"
)

// Env is what a Sequential shares with its layers: the thread count, the
// generator for stochastic layers (Dropout), the train/eval mode and
// whether layers track health statistics. Layers receive it in Build.
type Env struct {
	// Threads is the number of goroutines for Sgemm and for elementwise
	// work on large tensors (<= 0: GOMAXPROCS). Results do not depend on it.
	Threads int
	// RNG feeds Dropout's masks.
	RNG *RNG
	// Training is true in training mode (Dropout active, BatchNorm on batch
	// statistics), false in evaluation mode.
	Training bool
	// TrackHealth makes activation layers record which units were ever
	// active (for LayerStats.Dead).
	TrackHealth bool

	wg sync.WaitGroup
}

// threads resolves Threads <= 0 to GOMAXPROCS.
func (e *Env) threads() int {
	if e.Threads > 0 {
		return e.Threads
	}
	return runtime.GOMAXPROCS(0)
}

// parallelMin is the smallest chunk worth a goroutine: below it the hand-off
// costs more than the work.
const parallelMin = 1 << 14

// Parallel calls fn(lo, hi) over disjoint chunks covering [0, n), on up to
// Threads goroutines when n is large, and returns when all are done. fn
// must treat elements independently (the chunking must not change any
// result). Passing a func value built once (not a fresh closure per call)
// keeps the call allocation-free.
func (e *Env) Parallel(n int, fn func(lo, hi int)) {
	chunks := min(e.threads(), n/parallelMin)
	if chunks <= 1 {
		fn(0, n)
		return
	}
	workers.start()
	size := (n + chunks - 1) / chunks
	size = (size + 15) &^ 15 // chunks of whole 16-float (64-byte) blocks
	e.wg.Add(chunks - 1)
	lo := size
	for c := 1; c < chunks; c++ {
		hi := min(lo+size, n)
		workers.jobs <- job{fn: fn, lo: lo, hi: hi, wg: &e.wg}
		lo = hi
	}
	fn(0, min(size, n))
	e.wg.Wait()
}

type job struct {
	fn     func(lo, hi int)
	lo, hi int
	wg     *sync.WaitGroup
}

// workerPool is a process-wide set of goroutines that run chunks for
// Env.Parallel; starting them once keeps each call allocation-free.
type workerPool struct {
	once sync.Once
	jobs chan job
}

var workers workerPool

func (p *workerPool) start() {
	p.once.Do(func() {
		n := max(runtime.NumCPU(), 2)
		p.jobs = make(chan job, 4*n)
		for range n {
			go func() {
				for j := range p.jobs {
					if j.lo < j.hi {
						j.fn(j.lo, j.hi)
					}
					j.wg.Done()
				}
			}()
		}
	})
}
