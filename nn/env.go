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
// keeps the call allocation-free. The call is queued for the workers (at
// most one queued call per worker); they and the caller claim chunks
// until none is left, and the caller waits for the chunks, not for the
// workers, so a worker that wakes late (or cannot get a CPU on a busy
// machine) finds its chunk done and moves on, holding nobody up.
func (e *Env) Parallel(n int, fn func(lo, hi int)) {
	chunks := min(e.threads(), n/parallelMin)
	if chunks <= 1 {
		fn(0, n)
		return
	}
	workers.start()
	size := (n + chunks - 1) / chunks
	size = (size + 15) &^ 15 // chunks of whole 16-float (64-byte) blocks
	c := workers.calls.get()
	c.fn, c.n, c.size, c.chunks = fn, n, size, chunks
	c.next.Store(0)
	c.left.Add(chunks)
	c.refs.Store(int32(chunks)) // at most; the workers not handed it are dropped below
	sent := workers.handOut(c, chunks-1)
	c.refs.Add(int32(sent - (chunks - 1)))
	c.run()
	c.left.Wait()
	c.release()
}

// parallelCall is one Env.Parallel call: chunks of size elements of [0, n)
// and the next chunk not yet claimed. It returns to the free list when its
// last holder (the caller, or a worker waking late) lets go of it.
type parallelCall struct {
	fn              func(lo, hi int)
	n, size, chunks int
	next            atomic.Int32   // the next chunk to claim
	left            sync.WaitGroup // chunks not yet computed
	refs            atomic.Int32   // holders: the caller and the workers it was handed to
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
		c.left.Done()
	}
}

// release drops one holder's reference; the last one recycles c.
func (c *parallelCall) release() {
	if c.refs.Add(-1) == 0 {
		c.fn = nil
		workers.calls.put(c)
	}
}

// workerPool is a process-wide set of goroutines that run chunks for
// Env.Parallel; starting them once keeps each call allocation-free.
type workerPool struct {
	once   sync.Once
	n      int
	jobs   chan *parallelCall
	queued atomic.Int32 // calls sent and not yet received
	calls  callPool
}

var workers workerPool

// start starts the workers once, with two calls per worker and one for
// the caller in the free list: a caller holds one call, and each worker at
// most one queued and one it is running, so a single caller never
// allocates one.
func (p *workerPool) start() {
	p.once.Do(func() {
		p.n = max(runtime.NumCPU(), 2)
		p.jobs = make(chan *parallelCall, p.n)
		for range 2*p.n + 1 {
			p.calls.put(new(parallelCall))
		}
		for range p.n {
			go func() {
				for c := range p.jobs {
					p.queued.Add(-1)
					c.run()
					c.release()
				}
			}()
		}
	})
}

// handOut queues c for up to n workers, as long as no more calls are
// queued than there are workers, and returns how many it queued.
func (p *workerPool) handOut(c *parallelCall, n int) int {
	sent := 0
	for sent < n {
		v := p.queued.Load()
		if v >= int32(p.n) {
			break
		}
		if p.queued.CompareAndSwap(v, v+1) {
			p.jobs <- c // at most p.n queued in a channel of p.n: never blocks
			sent++
		}
	}
	return sent
}

// callPool is a mutex-guarded stack of idle parallelCall values.
type callPool struct {
	mu   sync.Mutex
	free []*parallelCall
}

func (p *callPool) get() *parallelCall {
	p.mu.Lock()
	defer p.mu.Unlock()
	if n := len(p.free); n > 0 {
		c := p.free[n-1]
		p.free = p.free[:n-1]
		return c
	}
	return new(parallelCall)
}

func (p *callPool) put(c *parallelCall) {
	p.mu.Lock()
	p.free = append(p.free, c)
	p.mu.Unlock()
}
