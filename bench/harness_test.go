package bench

import (
	"bytes"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSummarize(t *testing.T) {
	s := Summarize([]float64{5, 1, 4, 2, 3})
	assert.Equal(t, Stats{Samples: 5, Median: 3, Min: 1, Max: 5}, s)
	assert.InDelta(t, 4.0/3.0, s.Spread(), 1e-12)

	s = Summarize([]float64{10, 40, 20, 30})
	assert.Equal(t, 25.0, s.Median)
	assert.InDelta(t, 30.0/25.0, s.Spread(), 1e-12)

	s = Summarize([]float64{7})
	assert.Equal(t, Stats{Samples: 1, Median: 7, Min: 7, Max: 7}, s)
	assert.True(t, math.IsNaN(s.Spread()), "one sample measures no spread")

	s = Summarize(nil)
	assert.True(t, math.IsNaN(s.Median))
	assert.Equal(t, 0, s.Samples)
}

func TestSummarizeDoesNotReorderInput(t *testing.T) {
	in := []float64{3, 1, 2}
	Summarize(in)
	assert.Equal(t, []float64{3, 1, 2}, in)
}

// fakeClock makes timeBatch read a clock that only the returned advance
// moves (a Case's Run calls it with the duration the call "lasts"), so the
// harness's figures are exact whatever the machine's speed or load. It
// restores time.Now when the test ends.
func fakeClock(t *testing.T) (advance func(time.Duration)) {
	var elapsed time.Duration
	t.Cleanup(func() { now = time.Now })
	now = func() time.Time { return time.Unix(0, 0).Add(elapsed) }
	return func(d time.Duration) { elapsed += d }
}

func TestMeasureRowAlternatesAndPinsThreads(t *testing.T) {
	advance := fakeClock(t)
	var order []string
	var procs []int
	mk := func(name string) Case {
		return Case{
			Impl:   name,
			Before: func() { order = append(order, name); procs = append(procs, runtime.GOMAXPROCS(0)) },
			Run:    func() { advance(50 * time.Microsecond) },
		}
	}
	prev := runtime.GOMAXPROCS(0)
	stats := measureRow([]Case{mk("a"), mk("b"), mk("c")}, 3, 4, time.Millisecond)
	assert.Equal(t, prev, runtime.GOMAXPROCS(0), "GOMAXPROCS restored")
	for _, p := range procs {
		assert.Equal(t, 3, p, "GOMAXPROCS pinned during the row")
	}
	require.Len(t, stats, 3)
	for _, s := range stats {
		assert.Equal(t, 4, s.Samples)
		assert.Equal(t, 50e3, s.Median, "every call lasts 50µs")
		assert.Equal(t, 50e3, s.Min)
		assert.Equal(t, 50e3, s.Max)
	}
	// Calibration calls each case's Before once a batch it tries (1, 24
	// calls), in order; the timed rounds then start one case later each
	// round.
	assert.Equal(t, []string{
		"a", "a", "b", "b", "c", "c",
		"a", "b", "c", "b", "c", "a", "c", "a", "b", "a", "b", "c",
	}, order)
}

var sinkSlice []byte

func TestMeasureRowCountsAllocations(t *testing.T) {
	stats := measureRow([]Case{
		{Impl: "none", Run: func() {}},
		{Impl: "two", Run: func() { sinkSlice = make([]byte, 64); sinkSlice = make([]byte, 128) }},
	}, 1, 2, 200*time.Microsecond)
	assert.Equal(t, 0.0, stats[0].AllocsPerOp)
	assert.InDelta(t, 2.0, stats[1].AllocsPerOp, 0.01)
}

// calibrate aims 20% past minSample from the rate it measured, growing
// the batch at most 100-fold a step.
func TestCalibrateFillsMinSample(t *testing.T) {
	advance := fakeClock(t)
	slow := Case{Run: func() { advance(100 * time.Microsecond) }}
	n, ns := calibrate(slow, 5*time.Millisecond)
	// 1 call (100µs), then 1.2·5ms/100µs = 60 calls (6ms ≥ 5ms).
	assert.Equal(t, 60, n)
	assert.Equal(t, 100e3, ns)

	fast := Case{Run: func() { advance(2 * time.Nanosecond) }}
	n, ns = calibrate(fast, 5*time.Millisecond)
	// 1, 100, 10⁴, 10⁶ calls (2ms), then 1.2·5ms/2ns = 3·10⁶.
	assert.Equal(t, 3_000_000, n)
	assert.Equal(t, 2.0, ns)

	var calls int
	slower := Case{Run: func() { calls++; advance(7 * time.Millisecond) }}
	n, ns = calibrate(slower, 5*time.Millisecond)
	assert.Equal(t, 1, n, "one call already fills the sample")
	assert.Equal(t, 7e6, ns)
	assert.Equal(t, 1, calls)
}

// A row whose slowest batch lasts over slowBatch takes slowSamples samples
// for every case, fast ones too.
func TestMeasureRowTrimsSamplesOfSlowRows(t *testing.T) {
	advance := fakeClock(t)
	fast := Case{Impl: "fast", Run: func() { advance(time.Microsecond) }}
	slow := Case{Impl: "slow", Run: func() { advance(slowBatch + time.Millisecond) }}
	stats := measureRow([]Case{fast, slow}, 1, 7, time.Millisecond)
	assert.Equal(t, slowSamples, stats[0].Samples, "the whole row is trimmed, so it stays interleaved")
	assert.Equal(t, slowSamples, stats[1].Samples)

	stats = measureRow([]Case{fast}, 1, 7, time.Millisecond)
	assert.Equal(t, 7, stats[0].Samples, "fast rows keep every sample")

	justSlow := Case{Impl: "at the bound", Run: func() { advance(slowBatch) }}
	stats = measureRow([]Case{justSlow}, 1, 7, time.Millisecond)
	assert.Equal(t, 7, stats[0].Samples, "a batch of exactly slowBatch is not over it")
}

// measureColdRounds runs each case once per round, in order, with no
// warm-up and GOMAXPROCS pinned, and counts the allocations of each
// case's run in the last round.
func TestMeasureColdRounds(t *testing.T) {
	order, procs := make([]string, 0, 8), make([]int, 0, 8) // no growth in the counted runs
	mk := func(name string, allocs int) Case {
		return Case{
			Impl:   name,
			Before: func() { order = append(order, name); procs = append(procs, runtime.GOMAXPROCS(0)) },
			Run: func() {
				for range allocs {
					sinkSlice = make([]byte, 64)
				}
			},
		}
	}
	prev := runtime.GOMAXPROCS(0)
	times, allocs := measureColdRounds([]Case{mk("a", 0), mk("b", 1000)}, 2, 3)
	assert.Equal(t, prev, runtime.GOMAXPROCS(0), "GOMAXPROCS restored")
	assert.Equal(t, []int{2, 2, 2, 2, 2, 2}, procs, "GOMAXPROCS pinned during the rounds")
	assert.Equal(t, []string{"a", "b", "a", "b", "a", "b"}, order, "one run of each case a round, no warm-up")
	require.Len(t, times, 2)
	for _, ts := range times {
		require.Len(t, ts, 3)
		for _, ns := range ts {
			assert.Greater(t, ns, 0.0)
		}
	}
	// Mallocs counts the whole process's allocations, a few of them
	// another goroutine's at times: b's thousand stand well clear.
	assert.GreaterOrEqual(t, allocs[1], 1000.0)
	assert.Less(t, allocs[0], 100.0)
	assert.Less(t, allocs[1], 1100.0)
}

// TestRunRefusesTooManySamples: a Config.Samples over MaxSamples is an
// error before anything is measured, not a run that never ends or an
// allocation that fails.
func TestRunRefusesTooManySamples(t *testing.T) {
	var progress bytes.Buffer
	s := NewSuite(Config{Samples: MaxSamples + 1, Progress: &progress})
	err := s.Run("peak")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "1001 samples")
	assert.Empty(t, progress.String(), "nothing measured")
	assert.Empty(t, s.Results)
}

// TestSingleSampleHasNoSpread: one sample measures no spread, so the
// tables print "-" and the JSON leaves the field out, where two equal
// samples measure a spread of 0.
func TestSingleSampleHasNoSpread(t *testing.T) {
	one := Summarize([]float64{7})
	assert.Equal(t, "-", fmtSpread(one.Spread()))
	r := fromStats(Result{Op: "train-epoch", Impl: "brawn-avx2", Threads: 1}, one)
	assert.Nil(t, r.Spread)
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, r))
	assert.NotContains(t, buf.String(), "spread")
	assert.Contains(t, buf.String(), `"samples":1`)

	two := Summarize([]float64{7, 7})
	assert.Equal(t, "±0%", fmtSpread(two.Spread()))
	r = fromStats(Result{Op: "sgemm", Impl: "gonum", Threads: 1}, two)
	require.NotNil(t, r.Spread)
	assert.Zero(t, *r.Spread)
}

// TestHeaderCountsSamples: the text and Markdown reports say how many
// samples the figures are medians of, naming the operations whose rows
// took another count than Config.Samples.
func TestHeaderCountsSamples(t *testing.T) {
	s := NewSuite(Config{Samples: 7})
	for _, r := range []Result{
		{Op: "peak", Samples: 15}, {Op: "copy", Samples: 7}, {Op: "sgemm", Samples: 7},
		{Op: "sgemm", Samples: 3}, {Op: "train-epoch", Samples: 1}, {Op: "train-epoch", Samples: 3},
	} {
		s.Results = append(s.Results, r)
	}
	want := "medians of 7 samples a row (peak rows 15, some sgemm rows 3, train-epoch rows 1 or 3)"
	var text, md bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	assert.Contains(t, text.String(), want)
	require.NoError(t, s.WriteMarkdown(&md, time.Now(), nil, ""))
	assert.Contains(t, md.String(), want)
	assert.NotContains(t, md.String(), "sampled 7 times")
}
