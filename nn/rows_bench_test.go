package nn

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/internal/cputime"
	"github.com/brawn-ml/brawn/internal/workpool"
)

// BenchmarkTrainStepRegions measures a training step of 784-256-128-10
// at batch 128, Adam, on 1 and 2 threads: with the row-piece step and
// workers that linger (path=rows, workerLinger), that park at once
// (path=rows-park), and layer by layer (path=layers, lingering): wall
// ns/step, samples/s, the process's CPU time per step, and the parallel
// regions and worker hand-offs (each may wake a parked thread) per step.
// On a quiet 2-core machine the bar is threads=2 at least 1.7 times
// threads=1 in samples/s. Run:
//
//	go test ./nn -run '^$' -bench TrainStepRegions -benchtime=2s -count=3
func BenchmarkTrainStepRegions(b *testing.B) {
	for _, path := range []string{"rows", "rows-park", "layers"} {
		for _, threads := range []int{1, 2} {
			b.Run(fmt.Sprintf("path=%s/threads=%d", path, threads), func(b *testing.B) {
				switch path {
				case "layers":
					withoutRows(b)
				case "rows-park":
					workers.SetLinger(0)
					b.Cleanup(func() { workers.SetLinger(workerLinger) })
				}
				const batch = 128
				tr, bt := mlp784(b, batch, threads)
				_, _, err := tr.TrainBatch(bt) // allocate the buffers
				require.NoError(b, err)
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := cputime.Process()
				r0, h0 := workpool.Counts()
				for b.Loop() {
					if _, _, err := tr.TrainBatch(bt); err != nil {
						b.Fatal(err)
					}
				}
				r1, h1 := workpool.Counts()
				n := float64(b.N)
				b.ReportMetric(batch*n/b.Elapsed().Seconds(), "samples/s")
				b.ReportMetric(float64((cputime.Process()-cpu0).Nanoseconds())/n, "cpu-ns/step")
				b.ReportMetric(float64(r1-r0)/n, "regions/step")
				b.ReportMetric(float64(h1-h0)/n, "handoffs/step")
			})
		}
	}
}

// BenchmarkRowStepWork times, on one goroutine, each unit of work of the
// row-piece step's three regions for 784-256-128-10 at batch 128 (the
// pieces of region 1, the weight-gradient tasks of region 2, the ranges
// of Adam's update on two threads in region 3) and the serial work between
// them, and reports each region's total (µs), the share of its work the larger half
// of a greedy two-way split of its units gets (50% is perfect balance),
// and the serial µs. Each unit's time is its fastest of the runs, which
// is robust to other processes on a shared machine. Run:
//
//	go test ./nn -run '^$' -bench RowStepWork -benchtime=200x
func BenchmarkRowStepWork(b *testing.B) {
	tr, bt := mlp784(b, 128, 1)
	_, _, err := tr.TrainBatch(bt)
	require.NoError(b, err)
	m, opt := tr.Model, tr.Optimizer.(*Adam)
	r := &m.step
	best := map[string][]time.Duration{}
	keep := func(region string, i int, d time.Duration) {
		s := best[region]
		for len(s) <= i {
			s = append(s, time.Hour)
		}
		s[i] = min(s[i], d)
		best[region] = s
	}
	timed := func(region string, i int, fn func()) {
		t0 := time.Now()
		fn()
		keep(region, i, time.Since(t0))
	}
	for b.Loop() {
		// What rowTrainStep does, unit by unit.
		require.True(b, r.bind(m.Layers))
		r.loss, r.first = tr.Loss.(rowLoss), m.firstParam
		var dy *Tensor
		timed("serial", 0, func() {
			x := m.viewInput(&bt.X)
			r.fwd.rows = x.Rows()
			for _, l := range r.fwd.layers {
				x = l.rowsBegin(x)
			}
			dy, err = r.loss.rowsBegin(x, bt)
			for i := len(r.fwd.layers) - 1; i >= r.first; i-- {
				dy = r.fwd.layers[i].rowsBackwardBegin(dy, i > r.first)
			}
		})
		require.NoError(b, err)
		for p := range pieces(r.fwd.rows) {
			timed("pieces", p, func() { r.pieces(p, p+1) })
		}
		timed("serial", 1, func() {
			for _, l := range r.fwd.layers {
				l.rowsEnd()
			}
			r.loss.rowsEnd()
		})
		for i := range r.tasks {
			timed("gradients", i, func() { r.gradTasks(i, i+1) })
		}
		var gnorm float64
		timed("serial", 2, func() {
			gnorm = GradNorm(m.Params())
			require.True(b, opt.proveStep(m.Params(), gnorm))
			opt.step++
			opt.params.Step = opt.step
			g := opt.groups[0]
			opt.params.LR, opt.params.Beta1, opt.params.Beta2, opt.params.Eps = float32(g.LR), 0.9, 0.999, 1e-8
			total := 0
			for _, p := range g.Params {
				total += len(p.Value.Data)
			}
			opt.cutParts(g.Params, 0, total, 2)
			opt.running = opt.chunk
		})
		for i := range opt.cut.ranges {
			timed("update", i, func() { opt.runRange(i) })
		}
		opt.endProvenStep()
	}
	var serial time.Duration
	for _, d := range best["serial"] {
		serial += d
	}
	b.ReportMetric(float64(serial.Microseconds()), "serial-µs")
	for _, region := range []string{"pieces", "gradients", "update"} {
		units := best[region]
		var total time.Duration
		for _, d := range units {
			total += d
		}
		b.ReportMetric(float64(total.Microseconds()), region+"-µs")
		b.ReportMetric(100*float64(greedyLarger(units))/float64(total), region+"-larger-%")
	}
}

// greedyLarger splits units between two workers that each take the next
// unit in order when free (the regions' claiming) and returns the larger
// worker's total.
func greedyLarger(units []time.Duration) time.Duration {
	var w [2]time.Duration
	for _, d := range units {
		i := slices.Index(w[:], min(w[0], w[1]))
		w[i] += d
	}
	return max(w[0], w[1])
}
