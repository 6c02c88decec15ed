package tensorboard

import (
	"math"
	"testing"
)

// BenchmarkNewHistogram bins 235,146 values, the parameter count of the
// default 784-256-128-10 network.
func BenchmarkNewHistogram(b *testing.B) {
	v := make([]float32, 235146)
	for i := range v {
		v[i] = float32(math.Sin(float64(i)) * 0.1)
	}
	b.SetBytes(int64(4 * len(v)))
	b.ReportAllocs()
	for b.Loop() {
		NewHistogram(v)
	}
}
