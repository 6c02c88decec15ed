package bench

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
)

// fmaRounds is the number of probe rounds per goroutine in one operation:
// about 100 million FLOPs per goroutine, about a millisecond. Each
// operation starts its goroutines afresh, and waking a parked thread takes
// tens of microseconds on a virtual machine; with rounds a hundred times
// shorter that wake-up had cut the two-goroutine figure below the
// one-goroutine one.
const fmaRounds = 1 << 19

// fmaProbe is an assembly loop of independent fused multiply-adds on one
// vector width.
type fmaProbe struct {
	name         string // the instruction and chains, for the table
	impl         string // Result.Impl: "fma-ymm", "fma-zmm", "fma-neon"
	flopsPerIter int    // FLOPs of one round
	run          func(iters int)
}

// gflops returns the probe's rate in GFLOP/s when threads goroutines each
// ran fmaRounds rounds in ns nanoseconds (a Stats figure).
func (p fmaProbe) gflops(threads int, ns float64) float64 {
	return float64(threads*fmaRounds*p.flopsPerIter) / ns
}

// peakCase is probe p on threads goroutines at once. One operation is
// fmaRounds rounds on each goroutine.
func peakCase(p fmaProbe, threads int) Case {
	return Case{Impl: p.impl, Run: func() { parallel(threads, func(int) { p.run(fmaRounds) }) }}
}

// copyCase copies src to dst split into threads contiguous parts, one
// goroutine each.
func copyCase(threads int, dst, src []byte) Case {
	return Case{Impl: "go-copy", Run: func() {
		parallel(threads, func(t int) {
			lo, hi := part(len(src), threads, t)
			copy(dst[lo:hi], src[lo:hi])
		})
	}}
}

// parallel runs f(0..threads-1), f(0) on the calling goroutine, and waits.
func parallel(threads int, f func(t int)) {
	if threads <= 1 {
		f(0)
		return
	}
	var wg sync.WaitGroup
	for t := 1; t < threads; t++ {
		wg.Go(func() { f(t) })
	}
	f(0)
	wg.Wait()
}

// part returns the bounds of the t-th of parts near-equal pieces of n.
func part(n, parts, t int) (lo, hi int) {
	return n * t / parts, n * (t + 1) / parts
}

// slowRoundTrip is a cache line's round trip, in ns, beyond what any two
// cores of a machine take (300-390 ns across the CCDs of an AMD EPYC):
// slower, the two threads took turns on one core.
const slowRoundTrip = 1000

// roundTripNotes are the peak table's notes on a round trip of ns: what
// it says of where the threads run, and a caution when it is slowRoundTrip
// or slower.
func roundTripNotes(ns float64) []string {
	notes := []string{fmt.Sprintf("A cache line's round trip between two threads: %.0f ns (JSON op \"round-trip\", round_trip_ns). "+
		"About 50-70 ns between cores that share a cache; 300-350 ns on a virtual machine whose host has put its vCPUs on two CCDs of an AMD EPYC, "+
		"where the two-thread training rows gain less from the second thread (the epoch rows time it again).", ns)}
	if ns >= slowRoundTrip {
		notes = append(notes, fmt.Sprintf("CAUTION: a round trip of %.0f ns is more than any two cores take: the two threads did not run at once "+
			"(the host ran both vCPUs on one core's time, or another program took a CPU), and the two-thread rows of this run measure that, not brawn. Rerun on a quiet machine.", ns))
	}
	return notes
}

// Peak measures the FMA peak of the machine on 1 and all cores, with each
// probe fmaProbes returns, and the bandwidth of a plain copy. The peak at a
// thread count is the fastest probe's: later GEMM rows report their
// fraction of it, so a level that cannot issue the widest FMAs shows what
// it leaves unused. Without a probe (purego builds, other architectures)
// the peak is reported as unavailable. It returns nil: the error result
// is the signature Run calls every measurement through.
func (s *Suite) Peak() error {
	s.peak = map[int]float64{}
	s.peakTable = true
	t := &Table{
		Title:  "Peak: FMA throughput and memory bandwidth",
		Header: []string{"probe", "threads", "GFLOP/s", "GB/s", "spread"},
	}
	probes := fmaProbes()
	if len(probes) == 0 {
		t.Notes = append(t.Notes, "No FMA probe for this build (purego or an architecture without one): peak fractions are not reported.")
	}
	for _, th := range s.cfg.Threads {
		if len(probes) > 0 {
			s.progress("peak: %s, %d threads", probeNames(probes), th)
		}
		for i, st := range s.measurePeaks(probes, th) {
			p := probes[i]
			r := fromStats(Result{Op: "peak", Impl: p.impl, Threads: th}, st)
			r.GFLOPS = p.gflops(th, st.Min)
			s.record(r)
			t.add(p.name, fmt.Sprint(th), fmtG(r.GFLOPS), "", fmtSpread(st.Spread()))
		}
	}
	nb := s.cfg.CopyBytes
	src, dst := make([]byte, nb), make([]byte, nb)
	for i := range src {
		src[i] = byte(i)
	}
	for _, th := range s.cfg.Threads {
		s.progress("peak: copy %d MiB, %d threads", nb>>20, th)
		st := s.measure([]Case{copyCase(th, dst, src)}, th)[0]
		r := fromStats(Result{Op: "copy", Impl: "go-copy", Size: nb, Threads: th}, st)
		r.GBps = 2 * float64(nb) / st.Median
		s.record(r)
		t.add("copy "+byteSize(nb), fmt.Sprint(th), "", fmtG(r.GBps), fmtSpread(st.Spread()))
	}
	if th := s.cfg.Threads[len(s.cfg.Threads)-1]; th > 1 {
		s.progress("peak: a cache line's round trip, %d threads", th)
		st := s.measure([]Case{roundTripCase()}, th)[0]
		r := fromStats(Result{Op: "round-trip", Impl: "round-trip", Threads: th}, st)
		r.RoundTripNs = st.Median / roundTrips
		s.record(r)
		t.Notes = append(t.Notes, roundTripNotes(r.RoundTripNs)...)
	}
	t.Notes = append(t.Notes,
		"GFLOP/s counts a fused multiply-add as 2 FLOPs; all goroutines run the probe at once.",
		"The peak is the fastest sample of the fastest probe, not the median: load on the machine can only slow a probe down. "+
			"The SGEMM and training rows' \"of peak\" is not divided by this figure: the fastest probe is timed again in every round of each of those rows (their probe column).",
		"GB/s counts bytes read plus bytes written (2x the buffer) per copy.")
	t.Notes = append(t.Notes, scalingNotes(s.peak)...)
	s.Tables = append(s.Tables, t)
	return nil
}

// scalingNotes warns, for each thread count n above 1 at which the FMA
// peak is under 0.75·n times one thread's, that the cores were shared
// while the probe ran: the logical CPUs are SMT siblings, or the host gave
// the machine less CPU time than it shows cores, as virtual machines'
// hosts do under load. The probe's samples last milliseconds, so this is
// the state of the host at that time, not a bound on the rows timed
// later (whose "of peak" pairs them with a probe in their own rounds).
func scalingNotes(peak map[int]float64) []string {
	one := peak[1]
	var notes []string
	for _, n := range slices.Sorted(maps.Keys(peak)) {
		if n > 1 && one > 0 && peak[n] < 0.75*float64(n)*one {
			notes = append(notes, fmt.Sprintf("While this table timed it, the FMA probe on %d threads ran at %.2fx one thread's rate: "+
				"the %d logical CPUs were sharing cores then (SMT siblings, or a host giving this machine less CPU time than it shows). "+
				"That is the host at the time of the probe's samples, not a limit on the other rows, which may scale further when the host is quieter; "+
				"their \"of peak\" pairs each with the probe timed in its own rounds.", n, peak[n]/one, n))
		}
	}
	return notes
}

// peakAt returns the measured peak at threads, measuring it first when no
// Peak part has run; 0 when there is no probe.
func (s *Suite) peakAt(threads int) float64 {
	if p, ok := s.peak[threads]; ok {
		return p
	}
	s.measurePeaks(fmaProbes(), threads)
	return s.peak[threads]
}

// keepPeak records probe p's rate at threads, and p as the probe to pair
// with the GEMM rows when it is the fastest so far.
func (s *Suite) keepPeak(threads int, p fmaProbe, gflops float64) {
	if s.probe == nil {
		s.probe = map[int]fmaProbe{}
	}
	if s.peak == nil {
		s.peak = map[int]float64{}
	}
	if gflops > s.peak[threads] {
		s.peak[threads], s.probe[threads] = gflops, p
	}
}

// pairedFraction returns the median over rounds of a case's GFLOP/s
// (flops per op over its ns/op, caseNs[r]) divided by FMA probe p's on
// threads goroutines in the same round (probeNs[r]), both timed in one
// row by measureRounds. A virtual machine's core can run at one rate for
// seconds and at a much lower one for the next (seen here: a zmm probe at
// 90 and at 145 GFLOP/s within a minute, with nothing else running);
// divided by the fastest probe of the whole run, a case timed in a slow
// spell looks less efficient than it is, while the probe beside it in
// its round ran in the same spell.
func pairedFraction(flops float64, caseNs, probeNs []float64, p fmaProbe, threads int) float64 {
	r := make([]float64, min(len(caseNs), len(probeNs)))
	for i := range r {
		r[i] = flops / caseNs[i] / p.gflops(threads, probeNs[i])
	}
	return Summarize(r).Median
}

// peakSamples is the least number of samples of the FMA probe: the peak is
// the fastest of them, and on a shared machine a few more samples (of a
// few milliseconds each) make catching an undisturbed one likelier.
const peakSamples = 15

// measurePeaks times the probes on threads goroutines side by side, one
// sample of each per round, so that a spell in which the host slows this
// machine slows every kind alike. Timed one kind after the other, a kind
// whose samples all fell in such a spell lost to a narrower kind timed
// after it: on an Intel Xeon whose zmm rate is twice its ymm rate, the
// two-thread rows were once paired with fma-ymm and read 110% "of peak".
// It keeps the fastest (keepPeak) and returns each probe's Stats.
func (s *Suite) measurePeaks(probes []fmaProbe, threads int) []Stats {
	if len(probes) == 0 {
		return nil
	}
	cases := make([]Case, len(probes))
	for i, p := range probes {
		cases[i] = peakCase(p, threads)
	}
	stats := measureRow(cases, threads, max(s.cfg.Samples, peakSamples), s.cfg.MinSample)
	for i, p := range probes {
		s.keepPeak(threads, p, p.gflops(threads, stats[i].Min))
	}
	return stats
}

// probeNames is the probes' names for a progress line: "A and B".
func probeNames(probes []fmaProbe) string {
	names := make([]string, len(probes))
	for i, p := range probes {
		names[i] = p.name
	}
	if len(names) <= 2 {
		return strings.Join(names, " and ")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// warmRounds is measureRounds with the Suite's samples and sample length.
func (s *Suite) warmRounds(cases []Case, threads int) ([][]float64, []float64) {
	return measureRounds(cases, threads, s.cfg.Samples, s.cfg.MinSample)
}

// paired is what measurePaired found for the cases of one row: each
// case's fraction of the peak (pairedFraction) and the probe's median
// GFLOP/s over the row's rounds, against which they were computed.
// fractions is nil when there is no probe.
type paired struct {
	fractions   []float64
	probeGFLOPS float64
}

// set fills r's PeakFraction and ProbeGFLOPS from case i's pairing; it
// leaves them 0 when there was no probe.
func (p paired) set(r *Result, i int) {
	if p.fractions == nil {
		return
	}
	r.PeakFraction, r.ProbeGFLOPS = p.fractions[i], p.probeGFLOPS
}

// measurePaired times cases in warm rounds (warmRounds), the fastest FMA
// probe at threads being one more case of every round when there is a
// probe, and returns their Stats and their pairing with the probe for
// flops[i] FLOPs an operation of case i.
func (s *Suite) measurePaired(cases []Case, flops []float64, threads int) ([]Stats, paired) {
	if s.peakAt(threads) == 0 {
		return summarizeRounds(s.warmRounds(cases, threads)), paired{}
	}
	probe := s.probe[threads]
	times, allocs := s.warmRounds(append(cases[:len(cases):len(cases)], peakCase(probe, threads)), threads)
	return summarizeRounds(times[:len(cases)], allocs), pairRounds(flops, times, probe, threads)
}

// pairRounds returns pairedFraction for each case of times but the last,
// which is probe p's, and the median of p's GFLOP/s over the rounds.
func pairRounds(flops []float64, times [][]float64, p fmaProbe, threads int) paired {
	probeNs := times[len(times)-1]
	out := paired{fractions: make([]float64, len(times)-1)}
	for i := range out.fractions {
		out.fractions[i] = pairedFraction(flops[i], times[i], probeNs, p, threads)
	}
	rates := make([]float64, len(probeNs))
	for i, ns := range probeNs {
		rates[i] = p.gflops(threads, ns)
	}
	out.probeGFLOPS = Summarize(rates).Median
	return out
}
