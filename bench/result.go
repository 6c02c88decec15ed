package bench

import (
	"encoding/json"
	"io"
	"math"
)

// Result is one measurement: one operation, one implementation, one shape
// and thread count. Fields that do not apply to the operation are left out
// of its JSON form. Times are nanoseconds, rates are per second of wall
// time, and every figure derives from the median sample, except the FMA
// peak's gflops, which comes from the fastest (load can only slow the
// probe down).
type Result struct {
	Op string `json:"op"` // "peak", "copy", "round-trip", "sgemm", "train-step", "train-epoch" or a kernel's name ("Saxpy")
	// Model is the network a training row trains: ModelMLP or ModelCNN.
	Model   string `json:"model,omitempty"`
	Impl    string `json:"impl"`              // "naive-ijk", "naive-ikj", "gonum", "brawn-generic", "brawn-avx2", "brawn-avx512", "brawn-neon", "openblas", "go-loop", "fma-ymm", "fma-zmm", "fma-neon", "go-copy"
	M       int    `json:"m,omitempty"`       // sgemm only: C is M×N
	N       int    `json:"n,omitempty"`       // sgemm only
	K       int    `json:"k,omitempty"`       // sgemm only: the inner dimension of A·B
	TransA  *bool  `json:"trans_a,omitempty"` // set for sgemm only
	TransB  *bool  `json:"trans_b,omitempty"` // set for sgemm only
	Size    int    `json:"size,omitempty"`    // elements per operand (elementwise) or bytes copied (copy)
	Batch   int    `json:"batch,omitempty"`   // samples per training step
	Threads int    `json:"threads"`           // GOMAXPROCS and the thread count given to the implementation

	GFLOPS float64 `json:"gflops,omitempty"` // 1e9 FLOPs per second, a fused multiply-add counting 2
	// PeakFraction is the median, over the row's rounds, of the FLOP/s
	// (GFLOPS, or a training row's trainFLOPs per second) over the GFLOP/s
	// of the FMA probe timed in the same round (pairedFraction).
	// ProbeGFLOPS is the median of that probe's GFLOP/s over the rounds:
	// the divisor, near GFLOPS/PeakFraction but not exactly it, since a
	// median of ratios is not a ratio of medians. Both are left out when
	// there is no probe, and on peak, copy and elementwise rows.
	PeakFraction float64 `json:"peak_fraction,omitempty"`
	ProbeGFLOPS  float64 `json:"probe_gflops,omitempty"`  // GFLOP/s, see PeakFraction
	GBps         float64 `json:"gbps,omitempty"`          // bytes read plus bytes written, 1e9 per second
	SamplesPerS  float64 `json:"samples_per_s,omitempty"` // training samples per second
	// RoundTripNs, on round-trip rows and on train-epoch rows of two
	// threads or more, is the median time of a cache line's round trip
	// between two threads (roundTripCase; for train-epoch rows timed
	// beside each epoch): where the host placed the vCPUs.
	RoundTripNs float64 `json:"round_trip_ns,omitempty"`
	// VsOneThread, on train-step and train-epoch rows of two threads or
	// more, is the median over the rounds of the one-thread row's time
	// (same level and batch) over this row's, the two timed in the same
	// round (see Suite.Train): how much the extra threads gained, under
	// the same load on the machine.
	VsOneThread float64 `json:"vs_one_thread,omitempty"`
	// ProbeVsOneThread goes with VsOneThread: the median over the same
	// rounds of the FMA probe's GFLOP/s on this row's thread count over
	// its GFLOP/s on one thread, what the host gave the extra threads
	// (about the thread count on idle cores, near 1 when the host ran
	// the vCPUs on one core's worth). 0 without a probe.
	ProbeVsOneThread float64  `json:"probe_vs_one_thread,omitempty"`
	NsPerOp          float64  `json:"ns_per_op"`               // median nanoseconds per call (per step or per epoch on training rows)
	AllocsPerOp      *float64 `json:"allocs_per_op,omitempty"` // heap allocations per call over the last sample (runtime.MemStats.Mallocs)
	Spread           *float64 `json:"spread,omitempty"`        // (slowest-fastest)/median of the samples, a fraction: the tables print ± half of it, as a percentage; nil (left out) for a single sample

	Samples int `json:"samples"` // number of timed samples

	// SpeedupNaive and SpeedupGonum compare a GEMM result with the faster
	// naive loop (measured single-threaded) and with gonum at the same
	// thread count; 0 when there is no such measurement.
	SpeedupNaive float64 `json:"speedup_naive,omitempty"` // GFLOPS over the naive loop's
	SpeedupGonum float64 `json:"speedup_gonum,omitempty"` // GFLOPS over gonum's
}

func boolPtr(b bool) *bool        { return &b }
func floatPtr(f float64) *float64 { return &f }

// fromStats fills the timing fields of r from s.
func fromStats(r Result, s Stats) Result {
	r.NsPerOp = s.Median
	if sp := s.Spread(); !math.IsNaN(sp) {
		r.Spread = floatPtr(sp)
	}
	r.Samples = s.Samples
	r.AllocsPerOp = floatPtr(s.AllocsPerOp)
	return r
}

// WriteJSON writes r as one line of JSON. It returns w's error.
func WriteJSON(w io.Writer, r Result) error { return writeJSONLine(w, r) }

// writeJSONLine writes v as one line of JSON.
func writeJSONLine(w io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
