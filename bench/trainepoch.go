package bench

import (
	"context"
	"fmt"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// epochRow is one thread count's whole-epoch row: its cases (the epoch,
// then the FMA probe when there is one, then the round trip on two
// threads or more) and their times round by round.
type epochRow struct {
	threads int
	cases   []Case
	flops   []float64
	probe   bool
	times   [][]float64
	allocs  []float64
	err     error
}

// trainEpochs times whole epochs at the best kernel level on each thread
// count. An epoch lasts seconds, so it gets no warm-up run and at most
// three samples; with Quick, one sample on all cores only. The thread
// counts take turns round by round (one epoch on one thread, one on two,
// then the next round), so that the ratio of two rows compares epochs
// timed seconds apart, under the same load on the host, rather than rows
// timed a minute apart.
func (s *Suite) trainEpochs(t *Table, ds *data.Dataset) error {
	samples := min(s.cfg.Samples, 3)
	threads := s.cfg.Threads
	if s.cfg.Quick {
		samples = 1
		threads = threads[len(threads)-1:]
	}
	best := s.top()
	rows := make([]*epochRow, len(threads))
	for i, th := range threads {
		r, err := s.newEpochRow(ds, best, th)
		if err != nil {
			return err
		}
		rows[i] = r
	}
	s.progress("train: %d rounds of an epoch of %d samples on each of %v threads in turn", samples, ds.Len(), threads)
	for range samples {
		for _, r := range rows {
			times, allocs := measureColdRounds(r.cases, r.threads, 1)
			for i := range times {
				r.times[i] = append(r.times[i], times[i]...)
			}
			r.allocs = allocs
			if r.err != nil {
				return r.err
			}
		}
	}
	note, scaling := epochScaling(rows, s.probe)
	for _, r := range rows {
		s.addEpochRow(t, r, best, ds.Len(), scaling[r.threads])
	}
	if note != "" {
		t.Notes = append(t.Notes, note)
	}
	return nil
}

// newEpochRow builds the default network's trainer on threads goroutines
// and the cases of its row.
func (s *Suite) newEpochRow(ds *data.Dataset, level kernels.Level, threads int) (*epochRow, error) {
	tr, err := newDefaultTrainer(epochBatch, threads)
	if err != nil {
		return nil, err
	}
	tr.RNG = nn.NewRNG(2)
	r := &epochRow{threads: threads}
	c := Case{Impl: brawnImpl(level), Before: withLevel(level), Run: func() {
		tr.Epochs++
		if err := tr.Fit(context.Background(), ds, nil); err != nil && r.err == nil {
			r.err = fmt.Errorf("bench: train epoch, %d threads: %w", threads, err)
		}
	}}
	r.cases, r.flops = []Case{c}, []float64{float64(ds.Len()) * trainFLOPs(tr.Model)}
	if s.peakAt(threads) != 0 {
		r.cases, r.flops, r.probe = append(r.cases, peakCase(s.probe[threads], threads)), append(r.flops, 0), true
	}
	if threads > 1 {
		r.cases, r.flops = append(r.cases, roundTripCase()), append(r.flops, 0)
	}
	r.times = make([][]float64, len(r.cases))
	return r, nil
}

// addEpochRow adds r's row to t, with its fraction of the probe timed
// beside it and, on two threads or more, the round trip (see
// roundTripCase) and sc, its scaling over one thread (see epochScaling;
// zero for none).
func (s *Suite) addEpochRow(t *Table, r *epochRow, level kernels.Level, samples int, sc epochScale) {
	stats := summarizeRounds(r.times, r.allocs)
	res := fromStats(Result{Op: "train-epoch", Model: ModelMLP, Impl: brawnImpl(level), Batch: epochBatch, Threads: r.threads}, stats[0])
	res.VsOneThread, res.ProbeVsOneThread = sc.vsOne, sc.probeVsOne
	if r.probe {
		pairRounds(r.flops[:2], r.times[:2], s.probe[r.threads], r.threads).set(&res, 0)
	}
	if r.threads > 1 {
		res.RoundTripNs = stats[len(stats)-1].Median / roundTrips
		t.Notes = append(t.Notes, fmt.Sprintf("epoch on %d threads: a cache line's round trip between two of them, timed beside each epoch, took %.0f ns (median; JSON round_trip_ns): "+
			"about 50-70 ns between cores that share a cache, 300-350 ns where the host has placed the vCPUs on cores that share none (two CCDs of an AMD EPYC), "+
			"where each line a step hands from core to core costs as much more (docs/BENCHMARKS.md).", r.threads, res.RoundTripNs))
	}
	s.addTrainRow(t, "epoch", res, samples, stats[0])
}

// epochScaling compares each epoch row of more than one thread with the
// one-thread row, round by round: the one-thread epoch's time over the
// other's in each round, and the probes timed beside them (probes by
// thread count). It returns a note that gives them and their medians, and
// the medians by thread count; nothing without a one-thread row.
func epochScaling(rows []*epochRow, probes map[int]fmaProbe) (string, map[int]epochScale) {
	var one *epochRow
	for _, r := range rows {
		if r.threads == 1 {
			one = r
		}
	}
	if one == nil {
		return "", nil
	}
	scales := map[int]epochScale{}
	var parts []string
	for _, r := range rows {
		if r.threads == 1 {
			continue
		}
		var probeOne, probeMany []float64
		if one.probe && r.probe {
			probeOne, probeMany = one.times[1], r.times[1]
		}
		sc, text := scaling(probes, r.threads, one.times[0], r.times[0], probeOne, probeMany)
		scales[r.threads] = sc
		parts = append(parts, fmt.Sprintf("%d threads %s", r.threads, text))
	}
	return "epoch scaling, the thread counts' epochs taking turns round by round: " + strings.Join(parts, "; ") +
		" (median of the rounds; JSON vs_one_thread and probe_vs_one_thread: the FMA probe on the same thread counts in the same rounds, " +
		"what the host gave the extra threads).", scales
}
