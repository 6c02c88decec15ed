// Package workpool runs a data-parallel loop on persistent worker
// goroutines, for the kernels' parallel Sgemm and nn's elementwise work.
//
// Workers block on a channel between calls: they never spin, so a busy
// machine slows a call down gracefully. The caller and the workers it
// queued the call for claim chunks of the loop until none is left, and the
// caller waits for the chunks, not for the workers: a worker that wakes
// late (a parked thread takes tens of microseconds to run again on a
// virtual machine), or not at all on a busy machine, finds its chunk done
// by the caller and moves on, holding nobody up. A call's shared state is
// recycled when its last holder lets go of it, so steady-state calls
// allocate nothing.
//
// Layer 0: a leaf, below kernels and nn. It may import the standard
// library.
package workpool

import (
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// Pool is a set of worker goroutines, each owning a value of type S (its
// scratch space, e.g. a packing arena), started as calls need them. The
// zero Pool is ready to use.
type Pool[S any] struct {
	mu      sync.Mutex
	workers int
	queued  atomic.Int32 // calls sent and not yet received
	jobs    chan *job[S]
	free    FreeList[job[S]]
	linger  atomic.Int64 // see SetLinger, in nanoseconds
}

// job is one Run: the loop, the next chunk not yet claimed, the chunks not
// yet done, and its holders (the caller and the workers it was queued for).
type job[S any] struct {
	pool        *Pool[S]
	fn          func(lo, hi int, s *S)
	plain       func(lo, hi int)
	n, size, nc int
	next        atomic.Int32
	left        sync.WaitGroup
	pending     atomic.Int32 // chunks not yet done, for a lingering caller
	refs        atomic.Int32
	// owners is the participants of a RunFuncOwned call (0 for the
	// others): chunk c is participant c%owners's, the caller is
	// participant 0 and each worker takes the next number as it joins
	// (arrived counts them); own[p] counts participant p's chunks claimed.
	owners  int
	arrived atomic.Int32
	own     [maxOwners]ownCount
}

// maxOwners bounds the participants of a RunFuncOwned call that own
// chunks; more take part only by claiming others' chunks.
const maxOwners = 8

// ownCount is a participant's count of its own chunks claimed, alone on
// its cache line: each participant's claims stay in its core's cache.
type ownCount struct {
	n atomic.Int32
	_ [60]byte
}

// Run calls fn(lo, hi, s) for the chunks [c·size, min((c+1)·size, n)) of
// [0, n), on the calling goroutine and up to helpers workers, and returns
// when all are done. The caller's chunks get caller as s, each worker's
// its own S. Which goroutine runs a chunk varies from call to call, so fn
// must compute the same result whoever runs it. fn should be a func value
// built once, not a closure made per call, for Run not to allocate.
func (p *Pool[S]) Run(n, size, helpers int, caller *S, fn func(lo, hi int, s *S)) {
	j := p.start(n, size, helpers)
	j.fn = fn
	p.launch(j, caller)
}

// RunFunc is Run for a loop without per-goroutine state: fn(lo, hi).
func (p *Pool[S]) RunFunc(n, size, helpers int, fn func(lo, hi int)) {
	j := p.start(n, size, helpers)
	j.plain = fn
	p.launch(j, nil)
}

// RunFuncOwned is RunFunc over chunks of one index, each with an owner: of
// the caller (participant 0) and the helpers (participants 1 to helpers, in
// the order they join), chunk c belongs to participant c % (helpers+1),
// which claims its own chunks, in order, before any other's; one that has
// run out takes the others' not yet claimed, so a worker that joins late,
// or not at all, holds nobody up. A loop whose chunk c touches the same
// data call after call (parameters cut in fixed blocks, rows of a batch)
// then mostly runs it on the same goroutine, whose thread the scheduler
// keeps on one core: the data stays in that core's cache instead of
// crossing to another's, which costs most where the cores share no cache.
// As for Run, which goroutine runs a chunk still varies, so fn must
// compute the same result whoever runs it.
func (p *Pool[S]) RunFuncOwned(n, helpers int, fn func(lo, hi int)) {
	j := p.start(n, 1, helpers)
	j.plain = fn
	j.owners = min(helpers+1, maxOwners)
	j.arrived.Store(0)
	for i := range j.owners {
		j.own[i].n.Store(0)
	}
	p.launch(j, nil)
}

// start makes sure helpers workers run and returns a job for the loop.
func (p *Pool[S]) start(n, size, helpers int) *job[S] {
	p.ensureWorkers(helpers)
	j := p.free.Get()
	j.pool, j.n, j.size, j.nc = p, n, size, (n+size-1)/size
	j.next.Store(0)
	j.left.Add(j.nc)
	j.pending.Store(int32(j.nc))
	j.owners = 0
	return j
}

// launch queues j for up to nc-1 workers, runs chunks on the caller and
// waits for all of them.
func (p *Pool[S]) launch(j *job[S], caller *S) {
	want := j.nc - 1
	j.refs.Store(int32(1 + want)) // at most; the workers not queued for are dropped below
	sent := p.handOut(j, want)
	j.refs.Add(int32(sent - want))
	if want > 0 {
		regions.Add(1)
		handOffs.Add(int64(sent))
	}
	j.run(caller, 0)
	p.waitLingering(j)
	j.left.Wait()
	j.release()
}

// ensureWorkers starts workers until there are at least n. Each new
// worker brings two more jobs to the free list: a caller holds one job,
// and each worker at most one queued and one it is running, so a single
// caller never allocates one.
func (p *Pool[S]) ensureWorkers(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jobs == nil {
		p.jobs = make(chan *job[S], 64)
		p.free.Put(new(job[S]))
	}
	for ; p.workers < n; p.workers++ {
		p.free.Put(new(job[S]))
		p.free.Put(new(job[S]))
		go p.work()
	}
}

func (p *Pool[S]) work() {
	s := new(S)
	for {
		j := p.nextJob()
		p.queued.Add(-1)
		j.run(s, int(j.arrived.Add(1)))
		j.release()
	}
}

// handOut queues j for up to n workers, as long as no more jobs are queued
// than there are workers, and returns how many it queued.
func (p *Pool[S]) handOut(j *job[S], n int) int {
	p.mu.Lock()
	w := int32(p.workers)
	p.mu.Unlock()
	sent := 0
	for sent < n {
		v := p.queued.Load()
		if v >= w {
			break
		}
		if p.queued.CompareAndSwap(v, v+1) {
			p.jobs <- j // at most w queued in a channel of 64: never blocks for long
			sent++
		}
	}
	return sent
}

// run claims and computes chunks of j until none is left, as participant
// id (the caller 0, workers from 1).
func (j *job[S]) run(s *S, id int) {
	for {
		c := j.claim(id)
		if c >= j.nc {
			return
		}
		lo, hi := c*j.size, min((c+1)*j.size, j.n)
		if j.plain != nil {
			j.plain(lo, hi)
		} else {
			j.fn(lo, hi, s)
		}
		j.pending.Add(-1)
		j.left.Done()
	}
}

// claim returns the next chunk for participant id, or j.nc when none is
// left: the next in order, or, for RunFuncOwned, id's own next and then
// the others' (see RunFuncOwned).
func (j *job[S]) claim(id int) int {
	if j.owners == 0 {
		return int(j.next.Add(1)) - 1
	}
	first := id // its own chunks first, then the next participants'
	if id >= j.owners {
		first = 0 // a participant beyond maxOwners owns none
	}
	for i := range j.owners {
		q := (first + i) % j.owners
		if c := q + (int(j.own[q].n.Add(1))-1)*j.owners; c < j.nc {
			return c
		}
	}
	return j.nc
}

// release drops one holder's reference; the last one recycles j.
func (j *job[S]) release() {
	if j.refs.Add(-1) == 0 {
		p := j.pool
		j.fn, j.plain, j.pool = nil, nil, nil
		p.free.Put(j)
	}
}

// FreeList is a mutex-guarded stack of reusable objects, kept for the life
// of the process; it holds at most as many as were ever in use at once.
// Unlike a sync.Pool it is not emptied by garbage collections, so a
// program that allocates elsewhere does not make its users allocate again.
type FreeList[T any] struct {
	mu    sync.Mutex
	items []*T
}

// Get returns an idle object, or a new one (the zero T) when none is idle.
func (f *FreeList[T]) Get() *T {
	if x := f.Pop(); x != nil {
		return x
	}
	return new(T)
}

// Pop returns the object put last, or nil when none is idle.
func (f *FreeList[T]) Pop() *T {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := len(f.items)
	if n == 0 {
		return nil
	}
	x := f.items[n-1]
	f.items = f.items[:n-1]
	return x
}

// Put makes x idle for a later Get or Pop. It allocates only when more
// objects are idle at once than ever before and than Reserve made room for.
func (f *FreeList[T]) Put(x *T) {
	f.mu.Lock()
	f.items = append(f.items, x)
	f.mu.Unlock()
}

// Reserve makes room for n idle objects, so Put allocates nothing until
// more than n are idle at once. A smaller n than the room there is does
// nothing.
func (f *FreeList[T]) Reserve(n int) {
	f.mu.Lock()
	if n > len(f.items) {
		f.items = slices.Grow(f.items, n-len(f.items))
	}
	f.mu.Unlock()
}

// SetLinger makes the pool's goroutines wait up to d by polling, on the
// CPU, before they park: a worker that finished a call, for the next one,
// and a caller that ran out of chunks, for the workers' chunks. A parked
// thread took 70-125 µs to run again on a virtual machine, each time; a
// polling one continues at once, so a series of regions with short gaps
// between them (the parallel regions of a training step) pays the wake-up
// once, not per region. The cost is up to d of CPU per wait that is not
// met, taken from other processes on a busy machine. d <= 0 (the default)
// parks at once.
func (p *Pool[S]) SetLinger(d time.Duration) { p.linger.Store(int64(d)) }

// nextJob returns the next queued call, polling for up to the linger time
// before it blocks.
func (p *Pool[S]) nextJob() *job[S] {
	if d := time.Duration(p.linger.Load()); d > 0 {
		for start := time.Now(); time.Since(start) < d; {
			select {
			case j := <-p.jobs:
				return j
			default:
			}
		}
	}
	return <-p.jobs
}

// waitLingering polls for up to the linger time until j's chunks are all
// done; the caller then waits on j.left without parking.
func (p *Pool[S]) waitLingering(j *job[S]) {
	if d := time.Duration(p.linger.Load()); d > 0 && j.pending.Load() > 0 {
		for start := time.Now(); j.pending.Load() > 0 && time.Since(start) < d; {
		}
	}
}
