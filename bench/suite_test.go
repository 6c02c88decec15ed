package bench

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
)

func jsonKeys(t *testing.T, line []byte) []string {
	var m map[string]any
	require.NoError(t, json.Unmarshal(line, &m), "%s", line)
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func TestResultJSONFieldNames(t *testing.T) {
	var buf bytes.Buffer
	r := fromStats(Result{Op: "sgemm", Impl: "gonum", M: 128, N: 10, K: 784, TransA: boolPtr(false), TransB: boolPtr(true), Threads: 2},
		Stats{Samples: 3, Median: 1000, Min: 900, Max: 1100})
	r.GFLOPS, r.PeakFraction, r.ProbeGFLOPS = 2.5, 0.1, 25
	require.NoError(t, WriteJSON(&buf, r))
	line := buf.Bytes()
	require.Equal(t, byte('\n'), line[len(line)-1], "one object per line")
	assert.Equal(t, []string{"allocs_per_op", "gflops", "impl", "k", "m", "n", "ns_per_op", "op", "peak_fraction",
		"probe_gflops", "samples", "spread", "threads", "trans_a", "trans_b"}, jsonKeys(t, line))
	assert.Contains(t, string(line), `"trans_a":false`, "false transposes are reported, not dropped")
	assert.Contains(t, string(line), `"allocs_per_op":0`, "zero allocations are reported, not dropped")

	buf.Reset()
	require.NoError(t, WriteJSON(&buf, Result{Op: "train-step", Model: ModelCNN, Impl: "brawn-generic", Batch: 32, Threads: 1, SamplesPerS: 10, NsPerOp: 5}))
	assert.Equal(t, []string{"batch", "impl", "model", "ns_per_op", "op", "samples", "samples_per_s", "threads"}, jsonKeys(t, buf.Bytes()))
	assert.Contains(t, buf.String(), `"model":"cnn"`)

	buf.Reset()
	require.NoError(t, WriteJSON(&buf, Result{Op: "Saxpy", Impl: "go-loop", Size: 4096, Threads: 1, GBps: 3, NsPerOp: 5}))
	assert.Equal(t, []string{"gbps", "impl", "ns_per_op", "op", "samples", "size", "threads"}, jsonKeys(t, buf.Bytes()))
}

func TestMLPShapes(t *testing.T) {
	got := MLPShapes()
	want := []GEMMShape{
		{Label: "fc1 fwd", M: 128, N: 256, K: 784},
		{Label: "fc2 fwd", M: 128, N: 128, K: 256},
		{Label: "fc3 fwd", M: 128, N: 10, K: 128},
		{Label: "fc1 dW", M: 784, N: 256, K: 128, TransA: true},
		{Label: "fc2 dW", M: 256, N: 128, K: 128, TransA: true},
		{Label: "fc3 dW", M: 128, N: 10, K: 128, TransA: true},
		{Label: "fc1 dX", M: 128, N: 784, K: 256, TransB: true},
		{Label: "fc2 dX", M: 128, N: 256, K: 128, TransB: true},
		{Label: "fc3 dX", M: 128, N: 128, K: 10, TransB: true},
	}
	assert.Equal(t, want, got)
}

func TestCheckAgreeCatchesAWrongResult(t *testing.T) {
	g := GEMMShape{M: 2, N: 2, K: 4}
	impls := []gemmImpl{{name: "x"}, {name: "y"}}
	require.NoError(t, checkAgree(g, impls, [][]float32{{1, 2, 3, 4}, {1, 2, 3, 4 + 1e-6}}))
	err := checkAgree(g, impls, [][]float32{{1, 2, 3, 4}, {1, 2, 3.5, 4}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "C[1][0]")
}

// tinyConfig keeps the whole suite to a second or two.
func tinyConfig() Config {
	return Config{
		Samples: 2, MinSample: time.Millisecond, Threads: []int{1, 2},
		SquareSizes: []int{8, 24}, NoMLP: true, NaiveMaxFlop: 2 * 8 * 8 * 8,
		CopyBytes: 1 << 20, ElementSizes: []int{512, 2000}, TrainBatches: []int{4}, CNNBatch: 2, SyntheticEpoch: true, EpochSamples: 300,
	}
}

func TestSuiteRunsEverythingAndReports(t *testing.T) {
	var lines bytes.Buffer
	cfg := tinyConfig()
	cfg.Emit = func(r Result) { require.NoError(t, WriteJSON(&lines, r)) }
	s := NewSuite(cfg)
	require.NoError(t, s.Run("all"))
	require.Equal(t, kernels.Best(), kernels.Active(), "the suite restores the kernel level")

	// Every measurement was emitted as a line of JSON.
	emitted := strings.Split(strings.TrimSpace(lines.String()), "\n")
	require.Len(t, emitted, len(s.Results))

	count := map[string]int{}
	for _, r := range s.Results {
		count[r.Op+"/"+r.Impl]++
		assert.Greater(t, r.NsPerOp, 0.0, "%+v", r)
		if r.Op == "peak" {
			assert.Equal(t, peakSamples, r.Samples)
		} else {
			assert.Equal(t, 2, r.Samples)
		}
		if r.Op == "sgemm" {
			assert.Greater(t, r.GFLOPS, 0.0)
			assert.InDelta(t, 2*float64(r.M*r.N*r.K)/r.NsPerOp, r.GFLOPS, 1e-9*r.GFLOPS)
			if len(fmaProbes()) > 0 {
				assert.Greater(t, r.PeakFraction, 0.0)
				assert.Greater(t, r.ProbeGFLOPS, 0.0, "the divisor is reported with the fraction")
			}
		}
	}
	// Naive only at size 8 (NaiveMaxFlop) and 1 thread; the others at both
	// sizes and both thread counts.
	assert.Equal(t, 1, count["sgemm/naive-ijk"])
	assert.Equal(t, 1, count["sgemm/naive-ikj"])
	assert.Equal(t, 4, count["sgemm/gonum"])
	for _, l := range kernels.Available() {
		assert.Equal(t, 4, count["sgemm/"+brawnImpl(l)])
		assert.Equal(t, 2, count["Softmax/"+brawnImpl(l)])
	}
	if OpenBLASAvailable {
		assert.Equal(t, 4, count["sgemm/openblas"])
	}
	assert.Equal(t, 2, count["copy/go-copy"])
	assert.Equal(t, 1, count["round-trip/round-trip"], "on the most threads (2)")
	assert.Equal(t, 2, count["AdamStep/go-loop"])
	for _, p := range fmaProbes() {
		assert.Equal(t, 2, count["peak/"+p.impl], p.name)
	}
	for _, l := range kernels.Available() {
		want := 2 // the MLP at batch 4 on 1 and 2 threads
		if l == kernels.Best() {
			want += 2 // the CNN
		}
		assert.Equal(t, want, count["train-step/"+brawnImpl(l)])
	}
	assert.Equal(t, 2, count["train-epoch/"+brawnImpl(kernels.Best())])
	cnnRows := 0
	for _, r := range s.Results {
		if strings.HasPrefix(r.Op, "train-") {
			assert.Contains(t, []string{ModelMLP, ModelCNN}, r.Model, "every training row names its model")
			if len(fmaProbes()) > 0 {
				assert.Greater(t, r.PeakFraction, 0.0, "%+v", r)
				assert.Greater(t, r.ProbeGFLOPS, 0.0, "%+v", r)
			}
		}
		if r.Op == "train-step" && r.Model == ModelCNN {
			assert.Equal(t, 2, r.Batch)
			assert.Equal(t, brawnImpl(kernels.Best()), r.Impl)
			cnnRows++
		}
		if r.Op == "train-step" && r.Model == ModelMLP {
			assert.Equal(t, 4, r.Batch)
			assertScaling(t, r)
			assert.InDelta(t, 4e9/r.NsPerOp, r.SamplesPerS, 1e-9*r.SamplesPerS)
		}
		if r.Op == "round-trip" {
			assert.Greater(t, r.RoundTripNs, 0.0, "%+v", r)
		}
		if r.Op == "train-epoch" {
			assert.Equal(t, ModelMLP, r.Model)
			assert.InDelta(t, 300e9/r.NsPerOp, r.SamplesPerS, 1e-9*r.SamplesPerS)
			if r.Threads > 1 { // where the host placed the threads, timed beside the epochs
				assert.Greater(t, r.RoundTripNs, 0.0, "%+v", r)
			} else {
				assert.Zero(t, r.RoundTripNs, "%+v", r)
			}
			assertScaling(t, r)
		}
	}

	assert.Equal(t, 2, cnnRows, "the CNN on 1 and 2 threads")

	var text bytes.Buffer
	require.NoError(t, s.WriteText(&text))
	assert.Contains(t, text.String(), "SGEMM")
	assert.Contains(t, text.String(), "24x24x24 NN")
	assert.Contains(t, text.String(), "skipped")
	assert.Contains(t, text.String(), "Training the default network")
	assert.Contains(t, text.String(), "epoch on 2 threads: a cache line's round trip between two of them")
	assert.Contains(t, text.String(), "epoch scaling, the thread counts' epochs taking turns round by round: 2 threads ")
	assert.Contains(t, text.String(), "step scaling at "+brawnImpl(kernels.Best())+", the thread counts' steps taking turns round by round: batch 4, 2 threads: ")

	var md bytes.Buffer
	require.NoError(t, s.WriteMarkdown(&md, time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), []string{"brawn bench all"}, "sgemm.png"))
	for _, want := range []string{"## Machine", kernels.Info().Level.String(), "2026-01-02 03:04 UTC", "brawn bench all", "| 8x8x8 NN | 1 | naive-ikj |", "---:", "](sgemm.png)"} {
		assert.Contains(t, md.String(), want)
	}

	if loadAverage() != "" {
		assert.Contains(t, md.String(), "- Load average (1, 5, 15 min) at start:")
	}

	png := filepath.Join(t.TempDir(), "gemm.png")
	require.NoError(t, s.Plot(png))
	b, err := os.ReadFile(png)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(b, []byte("\x89PNG")), "a PNG file")
}

func TestSuiteRejectsUnknownPart(t *testing.T) {
	err := NewSuite(tinyConfig()).Run("gemv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"gemv"`)
}

func TestPlotWithoutGEMMIsAnError(t *testing.T) {
	s := NewSuite(tinyConfig())
	require.Error(t, s.Plot(filepath.Join(t.TempDir(), "x.png")))
}

// TestRunNamesEachPartOnce: a part named twice, or named beside "all",
// runs once, so its table and results are not repeated.
func TestRunNamesEachPartOnce(t *testing.T) {
	cfg := tinyConfig()
	cfg.Threads = []int{1}
	s := NewSuite(cfg)
	require.NoError(t, s.Run("peak", "peak"))
	require.Len(t, s.Tables, 1)
	copies := 0
	for _, r := range s.Results {
		if r.Op == "copy" {
			copies++
		}
	}
	assert.Equal(t, 1, copies)

	// An unknown name is refused before anything runs.
	s = NewSuite(cfg)
	require.Error(t, s.Run("peak", "gemv"))
	assert.Empty(t, s.Results)
}

// TestMarkdownChartLink: a PNG or SVG chart is shown as an image, a PDF
// one, which Markdown viewers do not show inline, as a plain link.
func TestMarkdownChartLink(t *testing.T) {
	s := NewSuite(Config{})
	md := func(chart string) string {
		var b bytes.Buffer
		require.NoError(t, s.WriteMarkdown(&b, time.Now(), nil, chart))
		return b.String()
	}
	assert.Contains(t, md("sgemm.png"), "![SGEMM GFLOP/s against n](sgemm.png)")
	assert.Contains(t, md("plots/sgemm.svg"), "![SGEMM GFLOP/s against n](plots/sgemm.svg)")
	pdf := md("../sgemm.PDF")
	assert.NotContains(t, pdf, "![")
	assert.Contains(t, pdf, "[SGEMM GFLOP/s against n (PDF)](../sgemm.PDF)")
	assert.NotContains(t, md(""), "SGEMM GFLOP/s against n")
}

// assertScaling checks a training row's scaling over one thread: on two
// threads or more, timed in the same rounds as the one-thread row's, with
// the probe's beside it when there is a probe; on one, none.
func assertScaling(t *testing.T, r Result) {
	t.Helper()
	if r.Threads == 1 {
		assert.Zero(t, r.VsOneThread, "%+v", r)
		assert.Zero(t, r.ProbeVsOneThread, "%+v", r)
		return
	}
	assert.Greater(t, r.VsOneThread, 0.0, "%+v", r)
	if len(fmaProbes()) > 0 {
		assert.Greater(t, r.ProbeVsOneThread, 0.0, "%+v", r)
	}
}

// levelsUpTo keeps the available levels up to the active one.
func TestLevelsUpTo(t *testing.T) {
	all := []kernels.Level{kernels.Generic, kernels.AVX2, kernels.AVX512}
	assert.Equal(t, []kernels.Level{kernels.Generic, kernels.AVX2}, levelsUpTo(all, kernels.AVX2))
	assert.Equal(t, all, levelsUpTo(all, kernels.AVX512))
	assert.Equal(t, []kernels.Level{kernels.Generic}, levelsUpTo(all, kernels.Generic))
	assert.Equal(t, all[:2], levelsUpTo(all[:2], kernels.NEON), "a level not available: all of them")
}

// A suite made while a lower level is active (BRAWN_KERNELS=avx2 on an
// AVX-512 CPU) times the levels up to it and no higher: the GEMM rows,
// the elementwise rows and the training steps, and the epochs and the CNN
// run on it, where they ran on the best level; the level it was made on
// is active again afterwards.
func TestSuiteTimesLevelsUpToTheActiveOne(t *testing.T) {
	levels := kernels.Available()
	if len(levels) < 2 {
		t.Skipf("skipped: this CPU and build have one kernel level (%v), none to leave out", levels)
	}
	lower := levels[len(levels)-2]
	require.NoError(t, kernels.SetLevel(lower))
	defer func() { require.NoError(t, kernels.SetLevel(kernels.Best())) }()
	s := NewSuite(tinyConfig())
	for _, part := range []string{"gemm", "elementwise", "train"} {
		require.NoError(t, s.Run(part))
	}
	assert.Equal(t, lower, kernels.Active())
	seen := map[string]bool{}
	for _, r := range s.Results {
		assert.NotEqual(t, brawnImpl(kernels.Best()), r.Impl, "%+v", r)
		seen[r.Op+"/"+r.Impl] = true
		if r.Op == "train-epoch" || r.Model == ModelCNN {
			assert.Equal(t, brawnImpl(lower), r.Impl, "%+v", r)
		}
	}
	for _, l := range levels[:len(levels)-1] {
		assert.True(t, seen["sgemm/"+brawnImpl(l)], l)
		assert.True(t, seen["train-step/"+brawnImpl(l)], l)
	}
	assert.True(t, seen["train-epoch/"+brawnImpl(lower)])
}
