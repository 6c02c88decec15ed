package workpool

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunCoversEachIndexOnce: every index of [0, n) is visited exactly
// once, in chunks of the given size, for sizes that do and do not divide
// n and any number of helpers, with goroutines that park at once and that
// linger (SetLinger).
func TestRunCoversEachIndexOnce(t *testing.T) {
	for _, linger := range []time.Duration{0, 200 * time.Microsecond} {
		coversEachIndexOnce(t, linger)
	}
}

func coversEachIndexOnce(t *testing.T, linger time.Duration) {
	var p Pool[int]
	p.SetLinger(linger)
	for _, n := range []int{1, 7, 64, 1000} {
		for _, size := range []int{1, 3, 64, 2000} {
			for _, helpers := range []int{0, 1, 3} {
				hits := make([]atomic.Int32, n)
				var caller int
				p.Run(n, size, helpers, &caller, func(lo, hi int, s *int) {
					require.LessOrEqual(t, hi-lo, size)
					require.Zero(t, lo%size)
					for i := lo; i < hi; i++ {
						hits[i].Add(1)
					}
				})
				for i := range hits {
					require.EqualValues(t, 1, hits[i].Load(), "n=%d size=%d helpers=%d linger=%v index %d", n, size, helpers, linger, i)
				}
			}
		}
	}
}

// TestRunState: the caller's chunks get the caller's state and each
// worker its own, never the caller's.
func TestRunState(t *testing.T) {
	var p Pool[int]
	caller := -1
	var mu sync.Mutex
	seen := map[*int]int{}
	p.Run(64, 1, 3, &caller, func(lo, hi int, s *int) {
		mu.Lock()
		seen[s]++
		mu.Unlock()
	})
	total := 0
	for s, c := range seen {
		total += c
		if s != &caller {
			require.Zero(t, *s, "a worker's state is its own zero S")
		}
	}
	require.Equal(t, 64, total)
}

// TestRunConcurrentAndAllocs: several goroutines run loops at once (under
// -race in make test), and a single caller's steady-state calls allocate
// nothing, with goroutines that park at once and that linger.
func TestRunConcurrentAndAllocs(t *testing.T) {
	for _, linger := range []time.Duration{0, 200 * time.Microsecond} {
		concurrentAndAllocs(t, linger)
	}
}

func concurrentAndAllocs(t *testing.T, linger time.Duration) {
	var p Pool[struct{}]
	p.SetLinger(linger)
	var wg sync.WaitGroup
	for g := range 6 {
		wg.Go(func() {
			for it := range 50 {
				n := 100 + g*37 + it
				var sum atomic.Int64
				p.RunFunc(n, 16, 2, func(lo, hi int) {
					for i := lo; i < hi; i++ {
						sum.Add(int64(i))
					}
				})
				require.EqualValues(t, n*(n-1)/2, sum.Load())
			}
		})
	}
	wg.Wait()

	var q Pool[struct{}]
	q.SetLinger(linger)
	var count atomic.Int64
	fn := func(lo, hi int) { count.Add(int64(hi - lo)) }
	q.RunFunc(1000, 100, 2, fn)
	runs := 1
	if !raceEnabled {
		require.Zero(t, testing.AllocsPerRun(100, func() { q.RunFunc(1000, 100, 2, fn) }))
		runs += 101 // AllocsPerRun calls once more to warm up
	}
	require.EqualValues(t, runs*1000, count.Load())
}

// TestCounts: a region asking for workers counts once, with the workers
// queued for it (none while others are queued and not yet received), and a
// loop of one chunk, run on the caller alone, counts as no region.
func TestCounts(t *testing.T) {
	var p Pool[struct{}]
	fn := func(lo, hi int) {}
	r0, h0 := Counts()
	p.RunFunc(1, 1, 3, fn)
	if r, h := Counts(); r != r0 || h != h0 {
		t.Fatalf("a one-chunk loop counted %d regions and %d hand-offs, want none", r-r0, h-h0)
	}
	p.RunFunc(4, 1, 3, fn)
	r, h := Counts()
	if r-r0 != 1 || h-h0 < 0 || h-h0 > 3 {
		t.Fatalf("a four-chunk loop on 3 workers counted %d regions and %d hand-offs, want 1 and 0-3", r-r0, h-h0)
	}
}

// TestRunFuncOwnedCoversEachIndexOnce: RunFuncOwned visits every index
// once, with no helper, with helpers beyond maxOwners (who own nothing),
// with goroutines that park at once and that linger, and steady-state
// calls allocate nothing.
func TestRunFuncOwnedCoversEachIndexOnce(t *testing.T) {
	for _, linger := range []time.Duration{0, 200 * time.Microsecond} {
		var p Pool[struct{}]
		p.SetLinger(linger)
		for _, n := range []int{0, 1, 2, 7, 64, 1000} {
			for _, helpers := range []int{0, 1, 3, maxOwners + 2} {
				hits := make([]atomic.Int32, n)
				p.RunFuncOwned(n, helpers, func(lo, hi int) {
					require.Equal(t, lo+1, hi)
					hits[lo].Add(1)
				})
				for i := range hits {
					require.EqualValues(t, 1, hits[i].Load(), "n=%d helpers=%d linger=%v index %d", n, helpers, linger, i)
				}
			}
		}
		var count atomic.Int64
		fn := func(lo, hi int) { count.Add(int64(hi - lo)) }
		p.RunFuncOwned(100, 1, fn)
		if !raceEnabled {
			require.Zero(t, testing.AllocsPerRun(100, func() { p.RunFuncOwned(100, 1, fn) }))
		}
	}
}

// TestOwnedClaimOrder: in a RunFuncOwned call, participant p claims its
// own chunks (c % owners == p) in order, then the next participants'
// left, and one beyond the owners starts with participant 0's; every
// chunk is claimed once.
func TestOwnedClaimOrder(t *testing.T) {
	j := &job[struct{}]{nc: 10, owners: 3}
	var got []int
	claim := func(id, times int) {
		for range times {
			got = append(got, j.claim(id))
		}
	}
	claim(1, 2) // its own 1 and 4
	claim(0, 5) // its own 0, 3, 6, 9, then participant 1's 7
	claim(5, 2) // beyond the owners: 0's and 1's are all claimed, so 2's 2 and 5
	claim(2, 2) // its own 8, then none left (nc)
	claim(0, 1)
	require.Equal(t, []int{1, 4, 0, 3, 6, 9, 7, 2, 5, 8, 10, 10}, got)
}

// TestFreeList: Pop returns the object put last, and nil when none is
// idle, where Get makes a new one; after Reserve(n), putting back n
// objects allocates nothing, and a smaller Reserve keeps the room.
func TestFreeList(t *testing.T) {
	var f FreeList[[4]int]
	require.Nil(t, f.Pop())
	x, y := f.Get(), f.Get()
	require.NotSame(t, x, y)
	f.Put(x)
	f.Put(y)
	require.Same(t, y, f.Pop())
	require.Same(t, x, f.Get())
	require.Nil(t, f.Pop())

	held := make([]*[4]int, 6)
	for i := range held {
		held[i] = f.Get()
	}
	f.Reserve(len(held))
	f.Reserve(2)
	// As kernels' TestArenaPoolPutAllocatesNothing: on one P, after a
	// collection, so that no collection runs while the Puts are counted.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for _, h := range held {
		f.Put(h)
	}
	runtime.ReadMemStats(&after)
	require.Zero(t, after.Mallocs-before.Mallocs, "Put after Reserve allocated")
	for i := len(held) - 1; i >= 0; i-- {
		require.Same(t, held[i], f.Pop())
	}
	require.Nil(t, f.Pop())
}
