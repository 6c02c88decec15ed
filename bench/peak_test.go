package bench

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

func TestFMAProbesRunAnyCount(t *testing.T) {
	// Zero and negative counts return at once; small counts complete.
	for _, p := range fmaProbes() {
		for _, n := range []int{-1, 0, 1, 3} {
			p.run(n)
		}
		assert.Positive(t, p.flopsPerIter, p.name)
		assert.NotEmpty(t, p.impl, p.name)
	}
}

// TestFMAProbesFollowLevels checks that each vector width the kernels can
// use has its probe, so that the peak GEMM rows divide by is the widest
// FMAs' rate, not a narrower one's.
func TestFMAProbesFollowLevels(t *testing.T) {
	var impls []string
	for _, p := range fmaProbes() {
		impls = append(impls, p.impl)
	}
	levels := kernels.Available()
	want := map[kernels.Level]string{kernels.AVX2: "fma-ymm", kernels.AVX512: "fma-zmm", kernels.NEON: "fma-neon"}
	for l, impl := range want {
		if slices.Contains(levels, l) {
			assert.Contains(t, impls, impl, "level %s available", l)
		} else {
			assert.NotContains(t, impls, impl, "level %s not available", l)
		}
	}
}

// TestPeakIsFastestProbe checks that the peak the GEMM rows divide by is
// the fastest probe's figure at each thread count.
func TestPeakIsFastestProbe(t *testing.T) {
	if len(fmaProbes()) == 0 {
		t.Skip("no FMA probe in this build")
	}
	s := NewSuite(Config{Threads: []int{1}, Samples: 1, MinSample: time.Millisecond, CopyBytes: 1 << 10})
	require.NoError(t, s.Peak())
	best := 0.0
	for _, r := range s.Results {
		if r.Op == "peak" {
			best = max(best, r.GFLOPS)
		}
	}
	assert.Positive(t, best)
	assert.Equal(t, best, s.peakAt(1))
}

// TestProbeRateUnits checks gflops against a hand count: one goroutine's
// fmaRounds rounds in one second (1e9 ns, as Stats gives times) is
// fmaRounds·flopsPerIter FLOP/s.
func TestProbeRateUnits(t *testing.T) {
	p := fmaProbe{flopsPerIter: 192}
	assert.InDelta(t, float64(fmaRounds)*192/1e9, p.gflops(1, 1e9), 1e-12)
	assert.InDelta(t, 2*float64(fmaRounds)*192/1e9/0.5, p.gflops(2, 0.5e9), 1e-12)
}

// BenchmarkFMAPeak reports each probe's single-goroutine FMA throughput:
//
//	go test ./bench -run '^$' -bench FMAPeak -benchtime=300ms
func BenchmarkFMAPeak(b *testing.B) {
	if len(fmaProbes()) == 0 {
		b.Skip("no FMA probe in this build")
	}
	for _, p := range fmaProbes() {
		b.Run(p.impl, func(b *testing.B) {
			for b.Loop() {
				p.run(fmaRounds)
			}
			b.ReportMetric(p.gflops(b.N, float64(b.Elapsed().Nanoseconds())), "GFLOP/s")
		})
	}
}

// TestPairedFraction checks the round-by-round fraction against a hand
// count: a case at half the probe's rate in one round and at the probe's
// rate in a round where both ran 3x slower gives 0.5 and 1, and three
// rounds their median.
func TestPairedFraction(t *testing.T) {
	p := fmaProbe{flopsPerIter: 100}
	probeNs := float64(fmaRounds * 100)  // 1 GFLOP/s on one goroutine
	flops := 1e3                         // the case's FLOPs per op
	caseNs := []float64{2e3, 3e3, 1.6e3} // 0.5, 1 (beside a 3x slower probe) and 0.625 GFLOP/s
	probe := []float64{probeNs, 3 * probeNs, probeNs}
	assert.InDelta(t, 0.625, pairedFraction(flops, caseNs, probe, p, 1), 1e-12)
	assert.InDelta(t, 0.5, pairedFraction(flops, caseNs[:1], probe[:1], p, 1), 1e-12)
	assert.InDelta(t, 1.0, pairedFraction(flops, caseNs[1:2], probe[1:2], p, 1), 1e-12)
}

// TestScalingNotes: a thread count whose FMA peak is under 0.75·n times
// one thread's gets a note saying the cores were shared while the probe
// ran, and no bound on the other rows, which can scale further when the
// host gets quieter; one that scales, or has no one-thread figure to
// compare with, none.
func TestScalingNotes(t *testing.T) {
	assert.Empty(t, scalingNotes(map[int]float64{1: 130, 2: 246}))
	assert.Empty(t, scalingNotes(map[int]float64{2: 120}))
	assert.Empty(t, scalingNotes(map[int]float64{1: 130}))
	notes := scalingNotes(map[int]float64{1: 130, 2: 150, 4: 500})
	require.Len(t, notes, 1)
	assert.True(t, strings.HasPrefix(notes[0], "While this table timed it, the FMA probe on 2 threads ran at 1.15x one thread's rate"), notes[0])
	assert.NotContains(t, notes[0], "cannot scale")
	assert.NotContains(t, notes[0], "beyond")
}

// TestPairRoundsProbeGFLOPS checks the divisor reported with the
// fractions against a hand count: the median of the probe's GFLOP/s over
// the rounds, 1, 1/3 and 0.8 giving 0.8.
func TestPairRoundsProbeGFLOPS(t *testing.T) {
	p := fmaProbe{flopsPerIter: 100}
	probeNs := float64(fmaRounds * 100) // 1 GFLOP/s on one goroutine
	times := [][]float64{{2e3, 3e3, 1.6e3}, {probeNs, 3 * probeNs, probeNs / 0.8}}
	got := pairRounds([]float64{1e3}, times, p, 1)
	assert.InDelta(t, 0.8, got.probeGFLOPS, 1e-12)
	require.Len(t, got.fractions, 1)
	assert.InDelta(t, pairedFraction(1e3, times[0], times[1], p, 1), got.fractions[0], 1e-12)

	var r Result
	got.set(&r, 0)
	assert.Equal(t, got.fractions[0], r.PeakFraction)
	assert.Equal(t, got.probeGFLOPS, r.ProbeGFLOPS)
	r = Result{}
	paired{}.set(&r, 0)
	assert.Zero(t, r.PeakFraction, "no probe, no fraction")
	assert.Zero(t, r.ProbeGFLOPS)
}

// TestGEMMNotesNameTheProbeSource: the SGEMM table's notes name the probe
// the rows were paired with, and speak of the peak table only when the
// peak suite ran.
func TestGEMMNotesNameTheProbeSource(t *testing.T) {
	if len(fmaProbes()) == 0 {
		t.Skip("no FMA probe in this build")
	}
	cfg := tinyConfig()
	cfg.Threads, cfg.SquareSizes, cfg.Samples = []int{1}, []int{8}, 1
	notes := func(parts ...string) string {
		s := NewSuite(cfg)
		require.NoError(t, s.Run(parts...))
		return strings.Join(s.Tables[len(s.Tables)-1].Notes, "\n")
	}
	alone := notes("gemm")
	assert.NotContains(t, alone, "peak table")
	assert.Contains(t, alone, "timed side by side before the first row paired with it; the peak suite had not run")
	withPeak := notes("peak", "gemm")
	assert.Contains(t, withPeak, "ran fastest in the peak table")
	for _, n := range []string{alone, withPeak} {
		assert.Contains(t, n, "probe_gflops")
		assert.Contains(t, n, "fma-", "the probe is named")
	}
}

// TestPeakProbesShareSlowSpells checks that the probe chosen to pair with
// the rows is the one that is faster when both run under the same
// conditions: the host slows this machine threefold for the first runs
// (a spell), and the probes are timed side by side, so the spell cannot
// fall on one kind alone and make the slower kind look faster.
func TestPeakProbesShareSlowSpells(t *testing.T) {
	advance := fakeClock(t)
	runs := 0
	probe := func(impl string, d time.Duration) fmaProbe {
		return fmaProbe{name: impl, impl: impl, flopsPerIter: 1, run: func(int) {
			took := d
			if runs++; runs <= 25 {
				took *= 3
			}
			advance(took)
		}}
	}
	wide, narrow := probe("fma-wide", time.Millisecond), probe("fma-narrow", 3*time.Millisecond/2)
	s := NewSuite(Config{Threads: []int{1}, Samples: 1, MinSample: time.Millisecond, CopyBytes: 1 << 10})
	stats := s.measurePeaks([]fmaProbe{wide, narrow}, 1)
	require.Len(t, stats, 2)
	assert.Equal(t, "fma-wide", s.probe[1].impl, "fastest samples: wide %v ns, narrow %v ns", stats[0].Min, stats[1].Min)
}

// A round trip of a microsecond or more, which no two cores take, adds a
// caution to the peak table's note; 60 and 340 ns do not.
func TestRoundTripCaution(t *testing.T) {
	for _, c := range []struct {
		ns      float64
		caution bool
	}{{60, false}, {340, false}, {999, false}, {1000, true}, {34781, true}} {
		notes := roundTripNotes(c.ns)
		assert.Contains(t, notes[0], fmt.Sprintf("round trip between two threads: %.0f ns", c.ns))
		if c.caution {
			require.Len(t, notes, 2, "%v ns", c.ns)
			assert.Contains(t, notes[1], fmt.Sprintf("CAUTION: a round trip of %.0f ns is more than any two cores take", c.ns))
		} else {
			assert.Len(t, notes, 1, "%v ns", c.ns)
		}
	}
}
