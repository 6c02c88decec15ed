package bench

import (
	"math"
	"slices"
)

// Stats summarises repeated timings of one operation, in nanoseconds per
// operation.
type Stats struct {
	Samples  int     // number of samples
	Median   float64 // median ns/op: the reported figure
	Min, Max float64 // fastest and slowest sample, ns/op
	// AllocsPerOp is the heap allocations per operation counted over the
	// last sample's batch (runtime.MemStats.Mallocs).
	AllocsPerOp float64
}

// Summarize returns the median, minimum and maximum of the samples (ns/op).
// The median of an even count is the mean of the two middle values. An
// empty input gives NaN figures.
func Summarize(samples []float64) Stats {
	if len(samples) == 0 {
		nan := math.NaN()
		return Stats{Median: nan, Min: nan, Max: nan}
	}
	s := slices.Clone(samples)
	slices.Sort(s)
	n := len(s)
	med := s[n/2]
	if n%2 == 0 {
		med = (s[n/2-1] + s[n/2]) / 2
	}
	return Stats{Samples: n, Median: med, Min: s[0], Max: s[n-1]}
}

// Spread is the range of the samples relative to their median,
// (Max-Min)/Median: 0.05 means the slowest and fastest samples lie 5% of
// the median apart. It is NaN for fewer than two samples, where no spread
// was measured (a single sample's range of 0 would claim one).
func (s Stats) Spread() float64 {
	if s.Samples < 2 || s.Median == 0 {
		return math.NaN()
	}
	return (s.Max - s.Min) / s.Median
}
