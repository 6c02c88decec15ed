package tensorboard

import (
	"fmt"
	"math"
	"sort"
	"sync"
)

// Histogram is a TensorFlow HistogramProto: summary statistics and bucket
// counts of a set of values. Bucket[i] counts the values v with
// BucketLimit[i-1] <= v < BucketLimit[i] (from -DBL_MAX for i == 0).
type Histogram struct {
	Min, Max    float64   // smallest and largest value (DBL_MAX and -DBL_MAX when empty, as TensorFlow)
	Num         float64   // number of values
	Sum         float64   // sum of the values
	SumSquares  float64   // sum of the squared values
	BucketLimit []float64 // each bucket's upper edge, increasing, as long as Bucket
	Bucket      []float64 // number of values in each bucket (float64, as TensorFlow's proto)
}

// DefaultBucketLimits returns TensorFlow's default histogram bucket edges
// (tensorflow/core/lib/histogram): 0, the limits ±1e-12 * 1.1^k while below
// 1e20 in magnitude, and ±DBL_MAX, in increasing order; each bucket is 10%
// wider than the one before it. The slice is shared: do not modify it.
func DefaultBucketLimits() []float64 { return defaultLimits() }

var defaultLimits = sync.OnceValue(func() []float64 {
	var pos []float64
	// Repeated multiplication, as TensorFlow does it, gives bit-identical edges.
	for v := 1e-12; v < 1e20; v *= 1.1 {
		pos = append(pos, v)
	}
	pos = append(pos, math.MaxFloat64)
	limits := make([]float64, 0, 2*len(pos)+1)
	for i := len(pos) - 1; i >= 0; i-- {
		limits = append(limits, -pos[i])
	}
	limits = append(limits, 0)
	return append(limits, pos...)
})

// NewHistogram bins values into TensorFlow's default buckets and encodes
// them as TensorFlow's HistogramSummary op does (EncodeToProto without
// preserving empty buckets): each run of empty buckets is merged into one
// entry whose limit is the run's last limit, and a histogram with no values
// has the single bucket (DBL_MAX, 0). Statistics are accumulated in
// float64 in order. NaN values are left out (they belong to no bucket);
// +Inf counts in the last bucket, -Inf in the first.
func NewHistogram(values []float32) *Histogram {
	limits := defaultLimits()
	counts := make([]float64, len(limits))
	h := &Histogram{Min: math.MaxFloat64, Max: -math.MaxFloat64}
	for _, f := range values {
		v := float64(f)
		if math.IsNaN(v) {
			continue
		}
		// The first limit above v (C++ std::upper_bound).
		b := sort.Search(len(limits), func(i int) bool { return limits[i] > v })
		counts[min(b, len(limits)-1)]++
		h.Min, h.Max = math.Min(h.Min, v), math.Max(h.Max, v)
		h.Num++
		h.Sum += v
		h.SumSquares += v * v
	}
	for i := 0; i < len(counts); {
		end, count := limits[i], counts[i]
		i++
		if count <= 0 {
			for i < len(counts) && counts[i] <= 0 {
				end, count = limits[i], counts[i]
				i++
			}
		}
		h.BucketLimit = append(h.BucketLimit, end)
		h.Bucket = append(h.Bucket, count)
	}
	return h
}

// Validate returns an error saying why h cannot be drawn or binned again,
// or nil: a
// min, max or num that is not finite, a num below 0, a bucket limit that is
// not finite, a bucket count that is not finite or is negative, a range
// from min to max wider than a float64 holds, or counts that add up to
// more than a float64 holds. Histograms of values that overflowed (a
// diverged run's weights) have such fields; drawing code given them would
// compute NaN or infinite coordinates. A histogram NewHistogram built from
// finite values passes.
func (h *Histogram) Validate() error {
	for _, f := range []struct {
		name string
		v    float64
	}{{"min", h.Min}, {"max", h.Max}, {"num", h.Num}} {
		if !finite(f.v) {
			return fmt.Errorf("%s is %g", f.name, f.v)
		}
	}
	if h.Num < 0 {
		return fmt.Errorf("num is %g, below 0", h.Num)
	}
	for i, l := range h.BucketLimit {
		if !finite(l) {
			return fmt.Errorf("bucket_limit %d is %g", i, l)
		}
	}
	var total float64
	for i, c := range h.Bucket {
		if !finite(c) || c < 0 {
			return fmt.Errorf("bucket %d counts %g values", i, c)
		}
		total += c
	}
	if h.Max > h.Min && !finite(h.Max-h.Min) {
		return fmt.Errorf("its range from min %g to max %g is wider than a float64 holds", h.Min, h.Max)
	}
	if !finite(total) {
		return fmt.Errorf("its counts add up to more than a float64 holds")
	}
	return nil
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }
