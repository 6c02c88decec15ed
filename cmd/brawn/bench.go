package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/bench"
	"github.com/brawn-ml/brawn/run"
)

func newBenchCmd() *cobra.Command {
	var (
		jsonOut  bool
		quick    bool
		plotFile string
		mdFile   string
		samples  int
	)
	cmd := &cobra.Command{
		Use:   "bench peak|gemm|elementwise|train|all ...",
		Short: "Measure brawn against naive Go, gonum and OpenBLAS on this machine",
		Long: `bench measures, on this machine and in one run:
  peak         the FMA peak (assembly probe) and plain-copy memory bandwidth
  gemm         SGEMM GFLOP/s, square 64..2048, MLP and GEMV shapes: naive loops,
               gonum, brawn generic and assembly (and OpenBLAS when built with
               -tags openblas), with the fraction of the measured peak
  elementwise  every kernel against a plain Go loop, in and out of cache
  train        one training step of the default network at batch 32, 128, 512
               ("model": "mlp"), of the CNN of bench.CNNModule at batch 128
               ("model": "cnn"), and a whole epoch of MNIST's training set
               (synthetic data of its shape when MNIST cannot be found or
               fetched), with the fraction of the measured peak (the FLOPs
               of the products: 1.007 MFLOP a sample for the MLP, 25.0 for
               the CNN)
  all          all of the above
Implementations are interleaved within a row and GOMAXPROCS is pinned per row;
figures are medians of repeated samples, with their spread. brawn is timed at
every kernel level the CPU has, up to the one BRAWN_KERNELS forces
(BRAWN_KERNELS=avx2 times the machine as one without AVX-512; the training
epochs and the CNN run on that level; the FMA probe still measures the CPU's
peak).

--json prints one object per measurement, one a line, on stdout (progress goes
to stderr), after a first line that describes the run ("op": "machine"):
  cpu, arch, os  the CPU model, GOARCH and GOOS
  logical_cpus   the logical CPUs the OS reports
  features       the CPU's SIMD features
  kernel_level   the level active at the start: BRAWN_KERNELS's, else the best
  levels         the levels brawn is timed at: the CPU's, up to kernel_level
  go             the Go version
  openblas       whether this build times OpenBLAS (go build -tags openblas)
  date           when the run started, RFC 3339 in UTC
  command        the command line
In the measurements' lines, fields that do not apply to a row are left out:
  op             "peak" (FMA probe), "copy", "round-trip", "sgemm", "train-step", "train-epoch",
                 or an elementwise kernel's name ("Saxpy")
  impl           "naive-ijk", "gonum", "brawn-avx512", "openblas", "fma-zmm",
                 "go-loop", "go-copy", ...
  model          training rows: "mlp" or "cnn"
  m, n, k        sgemm: C (m×n) = op(A) (m×k) · op(B) (k×n)
  trans_a, trans_b  sgemm: whether A, B are stored transposed
  size           elementwise: elements per operand; copy: bytes copied
  batch          training rows: samples per step
  threads        GOMAXPROCS, and the thread count given to the implementation
  ns_per_op      median time of one operation (an epoch for train-epoch), ns
  gflops         1e9 FLOPs a second, a fused multiply-add counting 2; the median
                 sample's, except for peak rows: the fastest sample's
  peak_fraction  the median, over the row's rounds, of its FLOP/s over the FMA
                 probe's timed in the same round (0.5: half the peak)
  probe_gflops   the median of that probe's GFLOP/s over the row's rounds: the
                 divisor of peak_fraction (near gflops/peak_fraction, not equal)
  gbps           1e9 bytes a second, bytes read plus bytes written
  samples_per_s  training samples a second
  round_trip_ns  a cache line's round trip between two threads, ns: on
                 round-trip rows (peak), and on train-epoch rows of 2 threads
                 or more, timed beside each epoch; where the host placed the
                 vCPUs (above about 150 ns, on cores that share no cache)
  vs_one_thread  train-step and train-epoch rows of 2 threads or more: the
                 median over the rounds of the one-thread row's time over
                 this row's, the thread counts taking turns in each round
  probe_vs_one_thread  on the same rows: the FMA probe's GFLOP/s on the row's
                 thread count over one thread's, in the same rounds: what the
                 host gave the extra threads (near 1: one core's worth)
  allocs_per_op  heap allocations per operation, counted in the last sample
  spread         (slowest - fastest sample) / median, a fraction: 0.1 is what
                 the tables print as ±5%; left out for a single sample (the
                 tables' "-"), which measures no spread
  samples        the number of timed samples the figures come from
  speedup_naive  sgemm: gflops over the faster naive loop's (at 1 thread)
  speedup_gonum  sgemm: gflops over gonum's at the same thread count`,
		Args:      cobra.MinimumNArgs(1),
		ValidArgs: []string{"peak", "gemm", "elementwise", "train", "all"},
		RunE: func(cmd *cobra.Command, args []string) error {
			for _, a := range args {
				switch a {
				case "peak", "gemm", "elementwise", "train", "all":
				default:
					return fmt.Errorf("bench: unknown benchmark %q (want peak, gemm, elementwise, train or all)", a)
				}
			}
			// Check the outputs before minutes of measuring, not after.
			if cmd.Flags().Changed("samples") && (samples <= 0 || samples > bench.MaxSamples) {
				return run.BadField("samples", samples, "must be an integer from 1 to %d", bench.MaxSamples)
			}
			for _, f := range []string{"plot", "markdown"} {
				if cmd.Flags().Changed(f) && cmd.Flags().Lookup(f).Value.String() == "" {
					return run.BadField(f, "", "must name a file")
				}
			}
			if ext := strings.ToLower(filepath.Ext(plotFile)); plotFile != "" && ext != ".png" && ext != ".svg" && ext != ".pdf" {
				return run.BadField("plot", plotFile, "must name a .png, .svg or .pdf file")
			}
			for _, f := range []struct{ name, path string }{{"plot", plotFile}, {"markdown", mdFile}} {
				if err := run.CheckOutputFile(f.name, f.path); err != nil {
					return err
				}
			}
			if plotFile != "" && !slices.Contains(args, "gemm") && !slices.Contains(args, "all") {
				return fmt.Errorf("bench: --plot %s charts SGEMM results: add gemm (or all) to the benchmarks", plotFile)
			}
			out := cmd.OutOrStdout()
			cfg := bench.Config{Quick: quick, Samples: samples, Progress: cmd.ErrOrStderr()}
			if jsonOut {
				var werr error
				cfg.Emit = func(r bench.Result) {
					if werr == nil {
						werr = bench.WriteJSON(out, r)
					}
				}
				defer func() {
					if werr != nil {
						fmt.Fprintln(cmd.ErrOrStderr(), "brawn bench: writing JSON:", werr)
					}
				}()
			}
			s := bench.NewSuite(cfg)
			if jsonOut {
				if err := bench.WriteMachineJSON(out, s.Machine(time.Now(), commandLine(cmd, args))); err != nil {
					return err
				}
			}
			if err := s.Run(args...); err != nil {
				return err
			}
			if !jsonOut {
				if err := s.WriteText(out); err != nil {
					return err
				}
			}
			if plotFile != "" {
				if err := s.Plot(plotFile); err != nil {
					return err
				}
			}
			if mdFile != "" {
				chart := ""
				if plotFile != "" {
					if rel, err := filepath.Rel(filepath.Dir(mdFile), plotFile); err == nil {
						chart = filepath.ToSlash(rel)
					}
				}
				command := commandLine(cmd, args)
				if bench.OpenBLASAvailable {
					command += "    # brawn built with -tags openblas (cgo), as make bench-openblas builds it"
				}
				if err := s.WriteMarkdownFile(mdFile, time.Now(), []string{command}, chart); err != nil {
					return fmt.Errorf("bench: --markdown %s: %w", mdFile, err)
				}
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&jsonOut, "json", false, "print one JSON object per measurement, one per line, instead of tables")
	f.BoolVar(&quick, "quick", false, "fewer sizes and samples: the whole suite in under two minutes")
	intVar(f, &samples, "samples", 0, fmt.Sprintf("timed samples per implementation, at most %d (default 7, or 3 with --quick)", bench.MaxSamples))
	f.StringVar(&plotFile, "plot", "", "write a chart of SGEMM GFLOP/s against size to `FILE` (.png, .svg or .pdf)")
	f.StringVar(&mdFile, "markdown", "", "write a Markdown report (machine, date, command, tables) to `FILE`")
	return cmd
}

// commandLine spells out the command as run: its path, the benchmarks and
// the flags that were set, for the report.
func commandLine(cmd *cobra.Command, args []string) string {
	parts := append([]string{cmd.CommandPath()}, args...)
	cmd.Flags().Visit(func(f *pflag.Flag) {
		if f.Value.Type() == "bool" {
			parts = append(parts, "--"+f.Name)
			return
		}
		parts = append(parts, "--"+f.Name, f.Value.String())
	})
	return strings.Join(parts, " ")
}
