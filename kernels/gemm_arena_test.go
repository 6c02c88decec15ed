package kernels

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestArenaPoolLists: an arena goes back to the list of the CPU that puts
// it and comes out of it for a goroutine on that CPU; a goroutine whose
// CPU's list is empty takes one from another list before a new one is
// made.
func TestArenaPoolLists(t *testing.T) {
	cpu := 3
	a := arenaPool{slot: func() int { return cpu }}
	x, y := a.Get(), a.Get()
	require.NotSame(t, x, y, "two holders, two arenas")
	a.Put(x)
	cpu = 5
	a.Put(y)
	require.Same(t, y, a.Get(), "CPU 5's own")
	require.Same(t, x, a.Get(), "CPU 5's list is empty: CPU 3's")
	z := a.Get()
	require.NotSame(t, x, z)
	require.NotSame(t, y, z)
	a.Put(x)
	cpu = 3
	a.Put(y)
	require.Same(t, y, a.Get())
	cpu = arenaSlots - 1
	require.Same(t, x, a.Get(), "the scan wraps around to list 5")
}

// TestArenaPoolHoldersAlone: arenas taken and put back by many goroutines
// at once, on whatever CPUs they run, are never held by two at a time
// (the race detector watches the writes too), and no more are made than
// goroutines hold at once.
func TestArenaPoolHoldersAlone(t *testing.T) {
	a := arenaPool{slot: gemmArenas.slot}
	var held sync.Map
	var clashes atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 2000 {
				x := a.Get()
				if _, loaded := held.LoadOrStore(x, true); loaded {
					clashes.Add(1)
				}
				x.lanes[0]++
				held.Delete(x)
				a.Put(x)
			}
		})
	}
	wg.Wait()
	require.Zero(t, clashes.Load())
	made := map[*gemmArena]bool{}
	for i := range a.slots {
		for x := a.slots[i].Pop(); x != nil; x = a.slots[i].Pop() {
			require.False(t, made[x], "an arena in two lists")
			made[x] = true
		}
	}
	require.LessOrEqual(t, len(made), 8)
	require.NotEmpty(t, made)
	require.Equal(t, len(made), a.made)
}

// TestArenaPoolPutAllocatesNothing: however the arenas end up spread over
// the lists, putting one back allocates nothing: a list has room for
// every arena made.
func TestArenaPoolPutAllocatesNothing(t *testing.T) {
	cpu := 0
	a := arenaPool{slot: func() int { return cpu }}
	var held []*gemmArena
	for range 5 {
		held = append(held, a.Get())
	}
	for i, x := range held {
		cpu = i % 2
		a.Put(x)
	}
	// The first pass counts: testing.AllocsPerRun's warm-up call would
	// let the lists grow. As AllocsPerRun, on one P; and after a
	// collection, so that no collection of the earlier tests' garbage, which
	// may allocate, runs during the pass.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for c := range arenaSlots { // every arena through every list
		cpu = c
		for i := range held {
			held[i] = a.Get()
		}
		for _, x := range held {
			a.Put(x)
		}
	}
	runtime.ReadMemStats(&after)
	require.Zero(t, after.Mallocs-before.Mallocs)
	require.Equal(t, 5, a.made)
}
