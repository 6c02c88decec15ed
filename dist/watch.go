package dist

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Watch returns c with a stall check, as Horovod's: a collective that has
// waited warn for the other ranks (one of them stopped, hung, or far
// behind) writes a warning to w naming this rank, the operation and the
// wait, and again after every further warn while it waits; when shutdown
// is positive, a collective that has waited shutdown writes why and ends
// the process with status 1, so that mpirun ends the job instead of
// leaving it waiting. warn <= 0 turns the warnings off. The check runs on
// a goroutine of its own, every warn/4 (at most every second).
func Watch(c Comm, warn, shutdown time.Duration, w io.Writer) Comm {
	if warn <= 0 && shutdown <= 0 {
		return c
	}
	wc := &watched{Comm: c, watch: stallWatch{warn: warn, shutdown: shutdown, w: w, exit: os.Exit, clock: time.Now,
		rank: c.Rank(), size: c.Size()}}
	every := min(time.Second, max(min(positive(warn), positive(shutdown))/4, time.Millisecond))
	go func() {
		for now := range time.Tick(every) {
			wc.watch.check(now)
		}
	}()
	return wc
}

// positive returns d, or the largest Duration for d <= 0.
func positive(d time.Duration) time.Duration {
	if d <= 0 {
		return 1<<63 - 1
	}
	return d
}

// watched is a Comm whose collectives the stall check times.
type watched struct {
	Comm
	watch stallWatch
}

// Allgather implements Comm.
func (c *watched) Allgather(send, recv []float32, counts []int) error {
	defer c.watch.enter("Allgather")()
	return c.Comm.Allgather(send, recv, counts)
}

// Allgather64 implements Comm.
func (c *watched) Allgather64(send, recv []float64, counts []int) error {
	defer c.watch.enter("Allgather")()
	return c.Comm.Allgather64(send, recv, counts)
}

// AllreduceSum implements Comm.
func (c *watched) AllreduceSum(buf []float32) error {
	defer c.watch.enter("Allreduce")()
	return c.Comm.AllreduceSum(buf)
}

// Broadcast implements Comm.
func (c *watched) Broadcast(buf []float32, root int) error {
	defer c.watch.enter("Broadcast")()
	return c.Comm.Broadcast(buf, root)
}

// BroadcastBytes implements Comm.
func (c *watched) BroadcastBytes(buf []byte, root int) error {
	defer c.watch.enter("Broadcast")()
	return c.Comm.BroadcastBytes(buf, root)
}

// Barrier implements Comm.
func (c *watched) Barrier() error {
	defer c.watch.enter("Barrier")()
	return c.Comm.Barrier()
}

// stallWatch is the state of the stall check: the collective under way,
// if any, and when it began.
type stallWatch struct {
	warn, shutdown time.Duration
	w              io.Writer
	exit           func(code int)
	clock          func() time.Time
	rank, size     int

	mu     sync.Mutex
	op     string    // "" between collectives
	since  time.Time // when op began
	warned int       // warnings written for op
}

// enter records the start of collective op and returns the function that
// records its end.
func (s *stallWatch) enter(op string) func() {
	s.mu.Lock()
	s.op, s.since, s.warned = op, s.clock(), 0
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.op = ""
		s.mu.Unlock()
	}
}

// check writes the warnings due at now and ends the process when the
// collective under way has waited shutdown.
func (s *stallWatch) check(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.op == "" {
		return
	}
	waited := now.Sub(s.since)
	if s.shutdown > 0 && waited >= s.shutdown {
		fmt.Fprintf(s.w, "brawn: rank %d of %d: %s waited %s for the other ranks, the stall shutdown time: ending this process so that the job ends\n",
			s.rank, s.size, s.op, waited.Round(time.Second))
		s.exit(1)
		return
	}
	if s.warn > 0 && waited >= time.Duration(s.warned+1)*s.warn {
		s.warned = int(waited / s.warn)
		fmt.Fprintf(s.w, "brawn: warning: rank %d of %d has waited %s in %s for the other ranks: one of them may be stopped, hung or far behind (the job waits for it)\n",
			s.rank, s.size, waited.Round(time.Second), s.op)
	}
}
