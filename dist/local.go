package dist

import (
	"fmt"
	"sync"
)

// Local returns n communicators of one process, one per rank, whose
// collectives meet in memory: rank r's Comm is Local(n)[r], meant to be
// used by its own goroutine (see Run). A collective whose ranks disagree
// (different operations, counts, roots or lengths) returns an error on
// every rank rather than hanging or corrupting memory. It panics if n < 1.
func Local(n int) []Comm {
	if n < 1 {
		panic(fmt.Sprintf("dist.Local: %d ranks; need at least 1", n))
	}
	h := &hub{size: n, slots: make([]localCall, n)}
	h.cond = sync.NewCond(&h.mu)
	comms := make([]Comm, n)
	for r := range comms {
		comms[r] = &localComm{h: h, rank: r}
	}
	return comms
}

// Run calls f with each rank's communicator of Local(n) on its own
// goroutine and returns the ranks' errors, indexed by rank. A rank whose f
// returns an error aborts the others (their pending collectives return an
// *AbortError), as a failing MPI process ends the job.
func Run(n int, f func(c Comm) error) []error {
	comms := Local(n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for r, c := range comms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := f(c); err != nil {
				errs[r] = err
				c.Abort(1, err.Error())
			}
		}()
	}
	wg.Wait()
	return errs
}

// hub is where Local's ranks meet. A collective is two phases: every rank
// posts its call in slots and waits until all have; each then reads the
// others' buffers; a second wait keeps every buffer alive until all have
// read.
type hub struct {
	mu      sync.Mutex
	cond    *sync.Cond
	size    int
	slots   []localCall
	arrived int
	gen     uint64 // counts completed phases
	aborted *AbortError
}

// localCall is one rank's side of a collective.
type localCall struct {
	op      string
	root    int
	counts  []int
	f32     []float32
	f64     []float64
	bytes   []byte
	n       int // length of the rank's buffer
	failure string
}

type localComm struct {
	h    *hub
	rank int
}

func (c *localComm) Rank() int { return c.rank }
func (c *localComm) Size() int { return c.h.size }

// wait blocks until every rank has reached the same phase, and returns
// the abort error if a rank aborted.
func (h *hub) wait() error {
	if h.aborted != nil {
		return h.aborted
	}
	gen := h.gen
	h.arrived++
	if h.arrived == h.size {
		h.arrived = 0
		h.gen++
		h.cond.Broadcast()
		return nil
	}
	for gen == h.gen && h.aborted == nil {
		h.cond.Wait()
	}
	if gen == h.gen {
		return h.aborted
	}
	return nil
}

// collective posts call, waits for every rank, checks that the calls
// match, runs read (which may read every rank's slot) and waits again.
func (c *localComm) collective(call localCall, read func(slots []localCall)) error {
	h := c.h
	h.mu.Lock()
	defer h.mu.Unlock()
	h.slots[c.rank] = call
	if err := h.wait(); err != nil {
		return err
	}
	mismatch := h.mismatch()
	if mismatch == "" {
		h.mu.Unlock()
		read(h.slots)
		h.mu.Lock()
	}
	if err := h.wait(); err != nil {
		return err
	}
	if mismatch != "" {
		return fmt.Errorf("dist: rank %d: %s", c.rank, mismatch)
	}
	return nil
}

// mismatch describes how the posted calls disagree, or returns "".
func (h *hub) mismatch() string {
	a := &h.slots[0]
	for r := range h.slots {
		s := &h.slots[r]
		if s.failure != "" {
			return fmt.Sprintf("rank %d: %s", r, s.failure)
		}
		switch {
		case s.op != a.op:
			return fmt.Sprintf("rank 0 called %s, rank %d called %s", a.op, r, s.op)
		case s.root != a.root:
			return fmt.Sprintf("%s: rank 0 has root %d, rank %d has root %d", a.op, a.root, r, s.root)
		case (a.op == "Allgather" || a.op == "Allgather64") && !equalInts(s.counts, a.counts):
			return fmt.Sprintf("%s: rank 0 has counts %v, rank %d has %v", a.op, a.counts, r, s.counts)
		case (a.op != "Allgather" && a.op != "Allgather64") && s.n != a.n:
			return fmt.Sprintf("%s: rank 0 has %d values, rank %d has %d", a.op, a.n, r, s.n)
		}
	}
	return ""
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func (c *localComm) Allgather(send, recv []float32, counts []int) error {
	call := localCall{op: "Allgather", counts: counts, f32: send}
	if err := CheckCounts(c, len(send), len(recv), counts); err != nil {
		call.failure = err.Error()
	}
	return c.collective(call, func(slots []localCall) {
		at := 0
		for _, s := range slots {
			at += copy(recv[at:], s.f32)
		}
	})
}

func (c *localComm) Allgather64(send, recv []float64, counts []int) error {
	call := localCall{op: "Allgather64", counts: counts, f64: send}
	if err := CheckCounts(c, len(send), len(recv), counts); err != nil {
		call.failure = err.Error()
	}
	return c.collective(call, func(slots []localCall) {
		at := 0
		for _, s := range slots {
			at += copy(recv[at:], s.f64)
		}
	})
}

// AllreduceSum adds the ranks' buffers in rank order, ((b0 + b1) + b2)...,
// into a private sum that every rank then copies.
func (c *localComm) AllreduceSum(buf []float32) error {
	sum := make([]float32, len(buf))
	call := localCall{op: "AllreduceSum", f32: buf, n: len(buf)}
	err := c.collective(call, func(slots []localCall) {
		copy(sum, slots[0].f32)
		for _, s := range slots[1:] {
			for i, v := range s.f32 {
				sum[i] += v
			}
		}
	})
	if err == nil {
		copy(buf, sum)
	}
	return err
}

func (c *localComm) Broadcast(buf []float32, root int) error {
	call := localCall{op: "Broadcast", root: root, f32: buf, n: len(buf)}
	if root < 0 || root >= c.Size() {
		call.failure = fmt.Sprintf("Broadcast: root %d is not a rank of %d", root, c.Size())
	}
	return c.collective(call, func(slots []localCall) {
		if c.rank != root {
			copy(buf, slots[root].f32)
		}
	})
}

func (c *localComm) BroadcastBytes(buf []byte, root int) error {
	call := localCall{op: "BroadcastBytes", root: root, bytes: buf, n: len(buf)}
	if root < 0 || root >= c.Size() {
		call.failure = fmt.Sprintf("BroadcastBytes: root %d is not a rank of %d", root, c.Size())
	}
	return c.collective(call, func(slots []localCall) {
		if c.rank != root {
			copy(buf, slots[root].bytes)
		}
	})
}

func (c *localComm) Barrier() error {
	return c.collective(localCall{op: "Barrier"}, func([]localCall) {})
}

// Abort makes every pending and later collective of every rank return an
// *AbortError; the first Abort's rank and message are kept.
func (c *localComm) Abort(code int, msg string) {
	h := c.h
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.aborted == nil {
		h.aborted = &AbortError{Rank: c.rank, Msg: msg}
	}
	h.cond.Broadcast()
}
