package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/bench"
	"github.com/brawn-ml/brawn/kernels"
)

func TestBenchRejectsUnknownBenchmark(t *testing.T) {
	_, _, err := runCLI(context.Background(), "bench", "gemv")
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"gemv"`)

	_, _, err = runCLI(context.Background(), "bench")
	require.Error(t, err, "a benchmark name is required")
}

// TestBenchPeakJSONAndMarkdown runs the cheapest benchmark once with both
// outputs: JSON lines on stdout, the report in a file.
func TestBenchPeakJSONAndMarkdown(t *testing.T) {
	md := filepath.Join(t.TempDir(), "BENCH.md")
	out, stderr, err := runCLI(context.Background(), "bench", "peak", "--json", "--quick", "--samples", "1", "--markdown", md)
	require.NoError(t, err)
	// The copy probe runs in every build (purego ones have no FMA probe).
	assert.Contains(t, stderr, "peak: copy", "progress goes to stderr")
	lines := strings.Split(strings.TrimSpace(out), "\n")
	require.Greater(t, len(lines), 1)
	var machine map[string]any
	require.NoError(t, json.Unmarshal([]byte(lines[0]), &machine))
	assert.Equal(t, "machine", machine["op"], "the first line describes the run")
	assert.Equal(t, kernels.Info().Model(), machine["cpu"])
	assert.Equal(t, kernels.Active().String(), machine["kernel_level"])
	assert.Equal(t, "brawn bench peak --json --markdown "+md+" --quick --samples 1", machine["command"])
	date, err := time.Parse(time.RFC3339, machine["date"].(string))
	require.NoError(t, err)
	assert.WithinDuration(t, time.Now(), date, time.Hour)
	ops := map[string]int{}
	for _, l := range lines[1:] {
		var m map[string]any
		require.NoError(t, json.Unmarshal([]byte(l), &m), "line %q", l)
		ops[m["op"].(string)]++
		assert.Contains(t, m, "threads")
		assert.Contains(t, m, "ns_per_op")
		assert.Contains(t, m, "impl")
	}
	assert.Positive(t, ops["copy"], "the bandwidth probe always runs")
	assert.NotContains(t, out, "Peak: FMA throughput", "no tables with --json")

	b, err := os.ReadFile(md)
	require.NoError(t, err)
	for _, want := range []string{"## Machine", "- CPU:", "- Kernel level:", "- Date:", "brawn bench peak --json --markdown " + md + " --quick --samples 1", "| copy"} {
		assert.Contains(t, string(b), want)
	}
	if bench.OpenBLASAvailable {
		assert.Contains(t, string(b), "--samples 1    # brawn built with -tags openblas", "the command says how the binary was built")
	} else {
		assert.NotContains(t, string(b), "-tags openblas")
	}
}

// TestBenchKeepsMemorySection: regenerating the report keeps the memory
// and MPI sections measured by hand, and writes none of its own.
func TestBenchKeepsMemorySection(t *testing.T) {
	md := filepath.Join(t.TempDir(), "BENCH.md")
	memory := "## Memory\n\nPeak RSS 100 MB.\n\n### Variants\n\n| a | b |\n"
	mpi := "## Distributed training (MPI)\n\n| ranks |\n"
	require.NoError(t, os.WriteFile(md, []byte("# old\n\n## Results\n\nold table\n\n"+mpi+"\n"+memory+"\n## Later\n\nx\n"), 0o644))
	_, _, err := runCLI(context.Background(), "bench", "peak", "--quick", "--samples", "1", "--markdown", md)
	require.NoError(t, err)
	b, err := os.ReadFile(md)
	require.NoError(t, err)
	assert.NotContains(t, string(b), "old table")
	assert.True(t, strings.HasSuffix(string(b), "\n\n"+memory+"\n"+mpi), "memory and MPI sections at the end:\n%s", b)
	assert.Equal(t, 1, strings.Count(string(b), "## Memory"))
	assert.Equal(t, 1, strings.Count(string(b), "## Distributed training (MPI)"))
}

func TestBenchPlotNeedsGEMM(t *testing.T) {
	_, _, err := runCLI(context.Background(), "bench", "peak", "--plot", filepath.Join(t.TempDir(), "x.png"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "gemm")
}

// TestBenchSamplesBounded: --samples outside 1..bench.MaxSamples is
// refused at once, naming the flag, before anything is measured.
func TestBenchSamplesBounded(t *testing.T) {
	for _, n := range []string{"0", "1001", "2000000000", "9000000000000000000"} {
		out, stderr, err := runCLI(context.Background(), "bench", "peak", "--samples", n)
		require.Error(t, err, n)
		assert.Contains(t, err.Error(), "samples", n)
		if _, atoiErr := strconv.Atoi(n); atoiErr != nil {
			// Past a 32-bit int: refused as the flag is parsed.
			assert.Contains(t, err.Error(), "on this 32-bit platform", n)
		} else {
			assert.Contains(t, err.Error(), "1000", n)
		}
		assert.Empty(t, out, n)
		assert.NotContains(t, stderr, "peak:", "%s: nothing measured", n)
	}
}

// TestBenchHelpListsJSONFields: every field of the JSON form of
// bench.Result and of bench.Machine (the first line) is
// explained in brawn bench --help, and the spread's two spellings are
// related.
func TestBenchHelpListsJSONFields(t *testing.T) {
	out, _, err := runCLI(context.Background(), "bench", "--help")
	require.NoError(t, err)
	for _, typ := range []reflect.Type{reflect.TypeFor[bench.Result](), reflect.TypeFor[bench.Machine]()} {
		for i := range typ.NumField() {
			name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
			assert.Regexp(t, `(?m)^  ([a-z_]+, )*`+regexp.QuoteMeta(name)+`\b`, out, "%s field %s", typ.Name(), name)
		}
	}
	assert.Contains(t, out, "(slowest - fastest sample) / median")
	assert.Contains(t, out, "±5%")
}

// TestBenchRefusesEmptyOutputPaths: --markdown "" or --plot "" is refused
// before anything is measured, not taken as no file after the run.
func TestBenchRefusesEmptyOutputPaths(t *testing.T) {
	for _, f := range []string{"--markdown", "--plot"} {
		out, stderr, err := runCLI(context.Background(), "bench", "gemm", "--quick", f, "")
		require.Error(t, err, f)
		assert.Contains(t, err.Error(), `invalid `+f+` "": must name a file`)
		assert.Empty(t, out, f)
		assert.NotContains(t, stderr, "gemm:", "%s: nothing measured", f)
	}
}
