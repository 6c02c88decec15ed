package bench

import "sync/atomic"

// roundTrips is how many times a roundTripCase bounces its cache line:
// about 1-7 ms at 50-350 ns a round trip.
const roundTrips = 20000

// roundTripCase times a cache line bounced between two goroutines,
// roundTrips times a run: a run's time over roundTrips is one round trip,
// a write seen by the other core and its answer seen back. On a
// virtual machine it tells where the host placed the two vCPUs: about
// 50-70 ns between cores that share a cache (one Zen 4 CCX), 300-350 ns
// between cores that do not (two CCDs), where every piece of data a
// training step hands from one core to the other costs as much more. It
// needs two threads (GOMAXPROCS 2 or more): on one, the goroutines take
// turns only when the runtime preempts them.
func roundTripCase() Case {
	return Case{Impl: "round-trip", Run: func() { roundTrip(roundTrips) }}
}

// roundTrip bounces a cache line n times between the calling goroutine,
// which writes the odd values, and another one, which answers each with
// the next even one.
func roundTrip(n int) {
	line := new(struct {
		_ [64]byte // the counter on a line of its own
		v atomic.Int64
		_ [56]byte
	})
	done := make(chan struct{})
	go func() {
		for i := int64(0); i < int64(n); i++ {
			for line.v.Load() != 2*i+1 {
			}
			line.v.Store(2*i + 2)
		}
		close(done)
	}()
	for i := int64(0); i < int64(n); i++ {
		line.v.Store(2*i + 1)
		for line.v.Load() != 2*i+2 {
		}
	}
	<-done
}
