package bench

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/brawn-ml/brawn/kernels"
)

// stepCase is one row of the training steps: a kernel level on a thread
// count, case index i of its batch's measurement.
type stepCase struct {
	level   kernels.Level
	threads int
	i       int
}

// trainSteps times one training step of the default network at each of
// Config.TrainBatches, for every kernel level and thread count. The
// thread counts of a batch take turns within each of its rounds (each
// case sets GOMAXPROCS before its calls), each with its FMA probe, so a
// row of two threads compares with the row of one timed in the same
// rounds, under the same load on the host: the ratio of their times,
// round by round, is the note's scaling and the JSON's vs_one_thread, and
// the probes' is what the host gave the extra threads in those rounds
// (probe_vs_one_thread). The rows are added by thread count, then batch,
// then level.
func (s *Suite) trainSteps(t *Table) error {
	levels := s.levels
	rows := map[[2]int][]Result{} // by thread count and batch, one per level
	stats := map[[2]int][]Stats{}
	var notes []string
	for _, batch := range s.cfg.TrainBatches {
		var cases []Case
		var flops []float64
		var rowCases []stepCase
		probes := map[int]int{} // thread count → its probe's case
		var trainErr error
		for _, th := range s.cfg.Threads {
			for _, l := range levels {
				c, f, err := stepCaseFor(batch, th, l, &trainErr)
				if err != nil {
					return err
				}
				rowCases = append(rowCases, stepCase{l, th, len(cases)})
				cases, flops = append(cases, c), append(flops, f)
			}
			if s.peakAt(th) != 0 {
				probes[th] = len(cases)
				c := peakCase(s.probe[th], th)
				c.Before = setProcs(th)
				cases, flops = append(cases, c), append(flops, 0)
			}
		}
		s.progress("train: step, batch %d, %v threads in turn", batch, s.cfg.Threads)
		times, allocs := s.warmRounds(cases, maxInts(s.cfg.Threads))
		if trainErr != nil {
			return trainErr
		}
		all := summarizeRounds(times, allocs)
		for _, rc := range rowCases {
			r := fromStats(Result{Op: "train-step", Model: ModelMLP, Impl: brawnImpl(rc.level), Batch: batch, Threads: rc.threads}, all[rc.i])
			if p, ok := probes[rc.threads]; ok {
				pairRounds([]float64{flops[rc.i], 0}, [][]float64{times[rc.i], times[p]}, s.probe[rc.threads], rc.threads).set(&r, 0)
			}
			if rc.threads > 1 {
				if one, ok := findStepCase(rowCases, rc.level, 1); ok {
					var probeOne, probeMany []float64
					p1, ok1 := probes[1]
					pn, okn := probes[rc.threads]
					if ok1 && okn {
						probeOne, probeMany = times[p1], times[pn]
					}
					sc, text := scaling(s.probe, rc.threads, times[one.i], times[rc.i], probeOne, probeMany)
					r.VsOneThread, r.ProbeVsOneThread = sc.vsOne, sc.probeVsOne
					if rc.level == s.top() {
						notes = append(notes, fmt.Sprintf("batch %d, %d threads: %s", batch, rc.threads, text))
					}
				}
			}
			key := [2]int{rc.threads, batch}
			rows[key], stats[key] = append(rows[key], r), append(stats[key], all[rc.i])
		}
	}
	for _, th := range s.cfg.Threads {
		for _, batch := range s.cfg.TrainBatches {
			key := [2]int{th, batch}
			for i, r := range rows[key] {
				s.addTrainRow(t, "step", r, batch, stats[key][i])
			}
		}
	}
	if len(notes) > 0 {
		t.Notes = append(t.Notes, "step scaling at "+brawnImpl(s.top())+", the thread counts' steps taking turns round by round: "+
			strings.Join(notes, "; ")+" (median of the rounds; JSON vs_one_thread and probe_vs_one_thread: the FMA probe on the same thread counts in the same rounds, "+
			"what the host gave the extra threads; the rows' scaling can only be compared with it).")
	}
	return nil
}

// stepCaseFor returns the case that runs one training step of a fresh
// default network at batch on threads goroutines and level l, and the
// step's FLOPs; the step's first error goes to *trainErr.
func stepCaseFor(batch, threads int, l kernels.Level, trainErr *error) (Case, float64, error) {
	tr, err := newDefaultTrainer(batch, threads)
	if err != nil {
		return Case{}, 0, err
	}
	b, err := syntheticBatch(batch)
	if err != nil {
		return Case{}, 0, err
	}
	level, procs := withLevel(l), setProcs(threads)
	return Case{Impl: brawnImpl(l), Before: func() { procs(); level() }, Run: func() {
		if _, _, err := tr.TrainBatch(b); err != nil && *trainErr == nil {
			*trainErr = fmt.Errorf("bench: train step, batch %d, %d threads, %s: %w", batch, threads, brawnImpl(l), err)
		}
	}}, float64(batch) * trainFLOPs(tr.Model), nil
}

// setProcs returns a Case.Before that sets GOMAXPROCS to threads, for the
// cases of several thread counts timed in one row's rounds.
func setProcs(threads int) func() {
	return func() { runtime.GOMAXPROCS(threads) }
}

// findStepCase returns the row case of level l on threads.
func findStepCase(cases []stepCase, l kernels.Level, threads int) (stepCase, bool) {
	for _, c := range cases {
		if c.level == l && c.threads == threads {
			return c, true
		}
	}
	return stepCase{}, false
}

// epochScale is a row's scaling over the one-thread row (see scaling):
// the median of the rounds' ratios of the times, and of the FMA probes'
// GFLOP/s (0 without probes).
type epochScale struct{ vsOne, probeVsOne float64 }

// scaling compares a row on threads goroutines with the one-thread row
// timed in the same rounds (their times, ns, round by round): the median
// of the rounds' ratios, and of the FMA probes' beside them (probes by
// thread count) when both rows have one (probeOne and probeMany; nil for
// none, and 0 in the result), and the text that gives them, "1.85x one
// (rounds: ...), the probe 1.86x (...)".
func scaling(probes map[int]fmaProbe, threads int, one, many, probeOne, probeMany []float64) (epochScale, string) {
	ratios := roundRatios(one, many)
	sc := epochScale{vsOne: Summarize(ratios).Median}
	text := fmt.Sprintf("%.2fx one (rounds: %s)", sc.vsOne, fmtRatios(ratios))
	if probeOne != nil && probeMany != nil {
		pr := probeRatios(probes[1], probeOne, probes[threads], threads, probeMany)
		sc.probeVsOne = Summarize(pr).Median
		text += fmt.Sprintf(", the probe %.2fx (%s)", sc.probeVsOne, fmtRatios(pr))
	}
	return sc, text
}

// roundRatios returns base[r]/x[r] for every round r: how many times
// faster x ran than base in the same round.
func roundRatios(base, x []float64) []float64 {
	out := make([]float64, len(x))
	for r := range x {
		out[r] = base[r] / x[r]
	}
	return out
}

// probeRatios returns, round by round, probe p's GFLOP/s on threads
// goroutines (its times, ns) over probe one's on one goroutine (oneTimes),
// timed in the same rounds: how much more of the machine the host gave
// the extra threads then, about threads on idle cores, nearer 1 when the
// host ran the vCPUs on fewer cores than it shows.
func probeRatios(one fmaProbe, oneTimes []float64, p fmaProbe, threads int, times []float64) []float64 {
	out := make([]float64, len(times))
	for r := range times {
		out[r] = p.gflops(threads, times[r]) / one.gflops(1, oneTimes[r])
	}
	return out
}

// fmtRatios prints ratios with two decimals, comma-separated.
func fmtRatios(ratios []float64) string {
	cells := make([]string, len(ratios))
	for i, v := range ratios {
		cells[i] = fmt.Sprintf("%.2f", v)
	}
	return strings.Join(cells, ", ")
}

// maxInts returns the largest of xs (1 for none).
func maxInts(xs []int) int {
	m := 1
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
