package bench

import (
	"runtime"
	"time"
)

// Case is one implementation in a measured row.
type Case struct {
	Impl string // the implementation's name, as Result.Impl
	// Before, if not nil, runs before each batch of Run calls, outside the
	// timing: it selects a kernel level or a library's thread count.
	Before func()
	// Run performs the operation once.
	Run func()
}

// maxBatch bounds the calls per sample for very fast operations.
const maxBatch = 1 << 24

// Rows with a batch longer than slowBatch get at most slowSamples samples.
const (
	slowBatch   = time.Second
	slowSamples = 3
)

// measureRow times every case of a row with GOMAXPROCS set to threads. Each
// case is run once to warm up and once more calibrated to a batch lasting
// at least minSample; then samples rounds follow, each timing one batch of
// every case, with the starting case rotating by one each round so that
// load changes on the machine hit all cases alike. It returns one Stats per
// case, in the order of cases. A row whose slowest batch lasts over
// slowBatch takes at most slowSamples samples, so that sizes where one call
// lasts seconds do not stall the suite.
func measureRow(cases []Case, threads, samples int, minSample time.Duration) []Stats {
	return summarizeRounds(measureRounds(cases, threads, samples, minSample))
}

// summarizeRounds returns one Stats per case of measureRounds' figures.
func summarizeRounds(times [][]float64, allocs []float64) []Stats {
	out := make([]Stats, len(times))
	for i := range times {
		out[i] = Summarize(times[i])
		out[i].AllocsPerOp = allocs[i]
	}
	return out
}

// measureRounds is measureRow's timing: times[i][r] is case i's ns/op in
// round r, so a case can be compared round by round with another timed
// beside it (see pairedFraction), and allocs[i] its allocations per op.
func measureRounds(cases []Case, threads, samples int, minSample time.Duration) (times [][]float64, allocs []float64) {
	prev := runtime.GOMAXPROCS(threads)
	defer runtime.GOMAXPROCS(prev)

	batch := make([]int, len(cases))
	for i, c := range cases {
		var ns float64
		batch[i], ns = calibrate(c, minSample)
		if ns*float64(batch[i]) > float64(slowBatch) {
			samples = min(samples, slowSamples)
		}
	}
	return timeRounds(cases, batch, samples, true)
}

// timeRounds times samples rounds of every case, batch[i] calls of case i
// a round, starting each round one case later when rotate is set:
// times[i][r] is case i's ns/op in round r, allocs[i] its allocations per
// op in the last round.
func timeRounds(cases []Case, batch []int, samples int, rotate bool) (times [][]float64, allocs []float64) {
	times = make([][]float64, len(cases))
	for i := range times {
		// Full capacity up front: growing it inside the last round
		// would count as the case's allocation.
		times[i] = make([]float64, 0, samples)
	}
	allocs = make([]float64, len(cases))
	for r := 0; r < samples; r++ {
		last := r == samples-1
		for j := range cases {
			i := j
			if rotate {
				i = (r + j) % len(cases)
			}
			var ms0, ms1 runtime.MemStats
			if last {
				// Counting allocations stops the world, so it happens
				// outside the timed region of the last round only.
				runtime.ReadMemStats(&ms0)
			}
			times[i] = append(times[i], timeBatch(cases[i], batch[i]))
			if last {
				runtime.ReadMemStats(&ms1)
				allocs[i] = float64(ms1.Mallocs-ms0.Mallocs) / float64(batch[i])
			}
		}
	}
	return times, allocs
}

// calibrate warms c up and returns the number of calls that make a batch
// last at least minSample, and the time per call it measured last.
func calibrate(c Case, minSample time.Duration) (n int, nsPerCall float64) {
	n = 1
	for {
		nsPerCall = timeBatch(c, n)
		ns := nsPerCall * float64(n)
		if ns >= float64(minSample) || n >= maxBatch {
			return n, nsPerCall
		}
		// Aim 20% past the target from the rate seen so far, growing by at
		// most 100x per step so a first call slowed by page faults does
		// not mislead.
		want := int(float64(minSample) * 1.2 / max(ns/float64(n), 1))
		n = min(max(want, n+1), n*100, maxBatch)
	}
}

// now is the clock timeBatch reads: time.Now, or a test's fake clock that
// each Run advances by a set duration, so that the harness's tests do not
// depend on how fast the machine runs them.
var now = time.Now

// timeBatch runs c n times and returns the time per call in nanoseconds.
func timeBatch(c Case, n int) float64 {
	if c.Before != nil {
		c.Before()
	}
	start := now()
	for range n {
		c.Run()
	}
	return float64(now().Sub(start).Nanoseconds()) / float64(n)
}

// measureColdRounds times samples rounds of single runs of every case,
// with GOMAXPROCS set to threads and no warm-up run: for operations that
// last seconds and warm themselves up, such as a training epoch, whose
// first step is a small part of it. times[i][r] is case i's ns in round r;
// allocs[i] its allocations over its run in the last round.
func measureColdRounds(cases []Case, threads, samples int) (times [][]float64, allocs []float64) {
	prev := runtime.GOMAXPROCS(threads)
	defer runtime.GOMAXPROCS(prev)
	batch := make([]int, len(cases))
	for i := range batch {
		batch[i] = 1
	}
	return timeRounds(cases, batch, samples, false)
}
