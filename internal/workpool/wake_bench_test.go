package workpool

import (
	"slices"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRunWake measures what a parallel region loses to waking a
// parked worker: each region is two 200 µs chunks on the caller and one
// helper, and the benchmark reports the median and 90th-percentile delay
// from Run's start to the moment the second chunk starts (about 0 if the
// worker were awake, 200 µs when the caller had to run it itself) and the
// share of regions in which the caller ran both chunks. Run it on an
// otherwise idle machine with GOMAXPROCS >= 2:
//
//	go test ./internal/workpool -run '^$' -bench RunWake -benchtime=400x
func BenchmarkRunWake(b *testing.B) {
	const work = 200 * time.Microsecond
	var p Pool[struct{}]
	var start time.Time
	var second atomic.Int64
	var callerBoth atomic.Int32
	chunk := func(lo, hi int) {
		if lo == 1 {
			second.Store(int64(time.Since(start)))
		}
		busy(work)
	}
	p.RunFunc(2, 1, 1, chunk) // start the worker
	delays := make([]time.Duration, 0, b.N)
	for b.Loop() {
		start = time.Now()
		p.RunFunc(2, 1, 1, chunk)
		d := time.Duration(second.Load())
		delays = append(delays, d)
		if d >= work {
			callerBoth.Add(1)
		}
	}
	slices.Sort(delays)
	b.ReportMetric(float64(delays[len(delays)/2].Microseconds()), "wake-p50-µs")
	b.ReportMetric(float64(delays[len(delays)*9/10].Microseconds()), "wake-p90-µs")
	b.ReportMetric(100*float64(callerBoth.Load())/float64(len(delays)), "caller-did-both-%")
}

// busy keeps the calling goroutine on its CPU for d.
func busy(d time.Duration) {
	for end := time.Now().Add(d); time.Now().Before(end); {
	}
}
