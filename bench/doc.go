// Package bench measures brawn against naive Go, gonum and (with the
// openblas build tag) OpenBLAS on the machine it runs on, and renders the
// measurements as aligned tables, JSON lines, Markdown and a chart. It backs
// `brawn bench` and `make bench`.
//
// Every figure comes from the same harness: each implementation is warmed up,
// calibrated so one sample lasts at least Config.MinSample, and then sampled
// Config.Samples times with the implementations of a row interleaved (the
// order rotates each round) so that a busy, shared machine slows them alike.
// The reported figure is the median sample; the spread is (max-min)/median.
// Rows whose calls last seconds take fewer samples.
// GOMAXPROCS is pinned to the row's thread count for the row's duration.
//
// The naive GEMMs here are deliberately simple loops, but they are correct:
// they are tested against a float64 reference.
//
// Layer 5: above model, nn, data and kernels; only the CLI imports it. It
// may import model, nn, data, kernels, internal/atomicfile, bench/internal/openblas,
// github.com/klauspost/cpuid/v2, gonum.org/v1/gonum/blas,
// gonum.org/v1/plot and the standard library.
package bench
