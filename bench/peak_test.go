package bench

import (
	"testing"
)

func TestFMAProbeRunsAnyCount(t *testing.T) {
	// Zero and negative counts return at once; small counts complete.
	for _, n := range []int{-1, 0, 1, 3} {
		fmaChains(n)
	}
	if hasFMAProbe() && fmaFlopsPerIter == 0 {
		t.Fatal("a probe without FLOPs per round")
	}
}

// BenchmarkFMAPeak reports the single-goroutine FMA throughput:
//
//	go test ./bench -run '^$' -bench FMAPeak -benchtime=300ms
func BenchmarkFMAPeak(b *testing.B) {
	if !hasFMAProbe() {
		b.Skip("no FMA probe in this build")
	}
	for b.Loop() {
		fmaChains(fmaRounds)
	}
	b.ReportMetric(float64(b.N)*fmaRounds*fmaFlopsPerIter/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
