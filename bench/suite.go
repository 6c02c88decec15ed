package bench

import (
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"slices"
	"time"

	"github.com/brawn-ml/brawn/kernels"
)

// Config chooses what a Suite measures and how long it spends. Zero fields
// take the defaults of the full run, or of the quick run when Quick is set.
type Config struct {
	// Quick trims sizes and repetitions so the whole suite takes under two
	// minutes on a small machine.
	Quick bool
	// Samples is the number of timed samples per implementation (default
	// 7; quick 3; at most MaxSamples).
	Samples int
	// MinSample is the least duration of one sample (default 50ms; quick
	// 10ms): fast operations are repeated to fill it.
	MinSample time.Duration
	// Threads are the goroutine counts of the rows (default 1 and
	// runtime.NumCPU()).
	Threads []int
	// SquareSizes are the n of the n×n×n GEMM rows (default 64 to 2048 by
	// doubling; quick 64 to 512).
	SquareSizes []int
	NoMLP       bool // drop the MLP- and GEMV-shaped GEMM rows
	// NaiveMaxFlop skips the naive loops on problems of more FLOPs
	// (default 2·512³; quick 2·256³): they would take minutes.
	NaiveMaxFlop float64
	// CopyBytes is the buffer size of the memory-bandwidth probe (default
	// four times the L3 size, at least 64 MiB).
	CopyBytes int
	// ElementSizes are the per-operand element counts of the elementwise
	// rows (default 4096, which stays in L1/L2, and twice the L3 size per
	// operand; quick: the L3 size).
	ElementSizes []int
	// TrainBatches are the batch sizes of the training-step rows (default
	// 32, 128, 512). The whole-epoch rows train on MNIST's training set
	// (found or fetched by data.MNISTDir), or, when SyntheticEpoch is set
	// or MNIST cannot be had, on EpochSamples synthetic samples of its
	// shape (default 60000). NoEpoch skips them.
	TrainBatches []int
	// CNNBatch is the batch size of the CNN's training-step rows (default
	// 128).
	CNNBatch       int
	SyntheticEpoch bool // train the epoch rows on synthetic samples even when MNIST is at hand
	EpochSamples   int  // number of synthetic samples of an epoch row (default 60000)
	NoEpoch        bool // skip the whole-epoch rows
	// Emit, when set, receives every measurement as it is made.
	Emit func(Result)
	// Progress, when set, receives a line as each row starts.
	Progress io.Writer
}

// MaxSamples bounds Config.Samples: a thousand samples of the 50ms a
// fast row's sample lasts already make a row of nearly a minute, and the
// rounds' figures are held in memory before they are summarised.
const MaxSamples = 1000

func (c Config) withDefaults() Config {
	if c.Samples <= 0 {
		c.Samples = 7
		if c.Quick {
			c.Samples = 3
		}
	}
	if c.MinSample <= 0 {
		c.MinSample = 50 * time.Millisecond
		if c.Quick {
			c.MinSample = 10 * time.Millisecond
		}
	}
	if len(c.Threads) == 0 {
		c.Threads = []int{1}
		if n := runtime.NumCPU(); n > 1 {
			c.Threads = append(c.Threads, n)
		}
	}
	if len(c.SquareSizes) == 0 {
		c.SquareSizes = []int{64, 128, 256, 512, 1024, 2048}
		if c.Quick {
			c.SquareSizes = []int{64, 128, 256, 512}
		}
	}
	if c.NaiveMaxFlop <= 0 {
		c.NaiveMaxFlop = 2 * 512 * 512 * 512
		if c.Quick {
			c.NaiveMaxFlop = 2 * 256 * 256 * 256
		}
	}
	if c.CopyBytes <= 0 {
		c.CopyBytes = max(4*kernels.Info().L3, 64<<20)
	}
	if len(c.ElementSizes) == 0 {
		// Out of cache: operands of twice the L3 size each (quick: the L3
		// size, so that two or more operands exceed it together).
		out := 2 * kernels.Info().L3 / 4
		if c.Quick {
			out /= 2
		}
		c.ElementSizes = []int{4096, max(out, 1<<22)}
	}
	if c.EpochSamples <= 0 {
		c.EpochSamples = mnistTrain
	}
	if c.CNNBatch <= 0 {
		c.CNNBatch = 128
	}
	if len(c.TrainBatches) == 0 {
		c.TrainBatches = []int{32, 128, 512}
	}
	return c
}

// Suite runs the measurements and keeps their results and tables.
type Suite struct {
	cfg Config
	// peak is the measured FMA peak in GFLOP/s by thread count.
	peak map[int]float64
	// probe is the fastest probe by thread count, timed beside the GEMM
	// and training rows for their fraction of the peak (see
	// pairedFraction).
	probe map[int]fmaProbe
	// peakTable is set once the peak suite has run, and with it the
	// choice of probe.
	peakTable bool
	// start is when the first progress line was printed.
	start time.Time
	// loadStart is the load average when the suite was created.
	loadStart string
	// levels are the kernel levels the suite times, ascending: those this
	// CPU and build run, up to the one active when the suite was made, so
	// that under BRAWN_KERNELS=avx2 it times the machine as one without
	// AVX-512 (the FMA probe still measures the hardware's peak).
	levels []kernels.Level

	Results []Result // every measurement so far, in the order made
	Tables  []*Table // the report's tables so far, one per measurement run
}

// NewSuite returns a Suite that measures as cfg says.
func NewSuite(cfg Config) *Suite {
	return &Suite{cfg: cfg.withDefaults(), loadStart: loadAverage(), levels: levelsUpTo(kernels.Available(), kernels.Active())}
}

// levelsUpTo returns the levels of available, ascending, up to top.
func levelsUpTo(available []kernels.Level, top kernels.Level) []kernels.Level {
	i := slices.Index(available, top)
	if i < 0 {
		return available
	}
	return available[:i+1]
}

// top is the highest level the suite times: the training epochs and the
// CNN step run on it alone.
func (s *Suite) top() kernels.Level { return s.levels[len(s.levels)-1] }

// record stores r and passes it to Config.Emit.
func (s *Suite) record(r Result) {
	s.Results = append(s.Results, r)
	if s.cfg.Emit != nil {
		s.cfg.Emit(r)
	}
}

func (s *Suite) progress(format string, args ...any) {
	if s.cfg.Progress != nil {
		if s.start.IsZero() {
			s.start = time.Now()
		}
		fmt.Fprintf(s.cfg.Progress, "[%6.1fs] %s\n", time.Since(s.start).Seconds(), fmt.Sprintf(format, args...))
	}
}

func (s *Suite) measure(cases []Case, threads int) []Stats {
	return measureRow(cases, threads, s.cfg.Samples, s.cfg.MinSample)
}

// withLevel returns a Case.Before that selects kernel level l.
func withLevel(l kernels.Level) func() {
	return func() {
		if err := kernels.SetLevel(l); err != nil {
			panic(err) // l came from kernels.Available
		}
	}
}

// brawnImpl names brawn at level l as the JSON impl field does.
func brawnImpl(l kernels.Level) string {
	switch l {
	case kernels.AVX2:
		return "brawn-avx2"
	case kernels.NEON:
		return "brawn-neon"
	}
	return "brawn-" + l.String()
}

// restoreLevel puts the kernel level back after a part that switched it.
func restoreLevel() func() {
	l := kernels.Active()
	return func() { _ = kernels.SetLevel(l) }
}

func randSlice(rng *rand.Rand, n int) []float32 {
	s := make([]float32, n)
	for i := range s {
		s[i] = 2*rng.Float32() - 1
	}
	return s
}

// MNIST's training set: 60000 images of 28×28 pixels in 10 classes.
const (
	mnistTrain    = 60000
	mnistFeatures = 784
	mnistClasses  = 10
	epochBatch    = 128
)
