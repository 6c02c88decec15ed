package nn

import (
	"runtime"
	"sync"
	"sync/atomic"
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

	call parallelCall
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
// keeps the call allocation-free. The caller and the woken workers claim
// chunks until none is left, so a worker that wakes late (or cannot get a
// CPU on a busy machine) leaves its chunk to the caller instead of holding
// it up.
func (e *Env) Parallel(n int, fn func(lo, hi int)) {
	chunks := min(e.threads(), n/parallelMin)
	if chunks <= 1 {
		fn(0, n)
		return
	}
	workers.start()
	size := (n + chunks - 1) / chunks
	size = (size + 15) &^ 15 // chunks of whole 16-float (64-byte) blocks
	c := &e.call
	c.fn, c.n, c.size, c.chunks = fn, n, size, chunks
	c.next.Store(0)
	c.wg.Add(chunks - 1)
	for range chunks - 1 {
		workers.jobs <- c
	}
	c.run()
	c.wg.Wait()
	c.fn = nil
}

// parallelCall is one Env.Parallel call: chunks of size elements of [0, n)
// and the next chunk not yet claimed.
type parallelCall struct {
	fn              func(lo, hi int)
	n, size, chunks int
	next            atomic.Int32
	wg              sync.WaitGroup
}

// run claims and computes chunks until none is left.
func (c *parallelCall) run() {
	for {
		i := int(c.next.Add(1)) - 1
		if i >= c.chunks {
			return
		}
		if lo, hi := i*c.size, min((i+1)*c.size, c.n); lo < hi {
			c.fn(lo, hi)
		}
	}
}

// workerPool is a process-wide set of goroutines that run chunks for
// Env.Parallel; starting them once keeps each call allocation-free.
type workerPool struct {
	once sync.Once
	jobs chan *parallelCall
}

var workers workerPool

func (p *workerPool) start() {
	p.once.Do(func() {
		n := max(runtime.NumCPU(), 2)
		p.jobs = make(chan *parallelCall, 4*n)
		for range n {
			go func() {
				for c := range p.jobs {
					c.run()
					c.wg.Done()
				}
			}()
		}
	})
}
