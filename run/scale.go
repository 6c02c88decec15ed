package run

import (
	"fmt"
	"runtime"

	"github.com/brawn-ml/brawn/data"
)

// unscaledRatio is the ratio of the widest to the narrowest feature range
// from which unscaled features are worth a warning: the first layer's sums
// are then dominated by the widest features, and one learning rate cannot
// suit weights whose gradients differ as much (the reason scikit-learn's
// MLPClassifier documentation asks for scaled inputs).
const unscaledRatio = 100

// featureScales compares the features' ranges (max - min) over a data set,
// leaving out constant features.
type featureScales struct {
	Ratio          float64 // widest range / narrowest range
	Wide, Narrow   int     // their features
	WideR, NarrowR float64 // their ranges
}

// measureScales returns the features' widest and narrowest ranges; ok is
// false when fewer than two features vary.
func measureScales(d *data.Dataset) (s featureScales, ok bool) {
	n := d.Len()
	if n == 0 {
		return s, false
	}
	lo, hi := make([]float64, d.Features), make([]float64, d.Features)
	for i, row := range d.Rows() {
		for j, x := range row {
			v := float64(x)
			if i == 0 {
				lo[j], hi[j] = v, v
			}
			lo[j], hi[j] = min(lo[j], v), max(hi[j], v)
		}
	}
	varying := 0
	for j := range d.Features {
		r := hi[j] - lo[j]
		if !(r > 0) {
			continue
		}
		if varying == 0 || r > s.WideR {
			s.Wide, s.WideR = j, r
		}
		if varying == 0 || r < s.NarrowR {
			s.Narrow, s.NarrowR = j, r
		}
		varying++
	}
	if varying < 2 {
		return s, false
	}
	s.Ratio = s.WideR / s.NarrowR
	return s, true
}

// unscaledWarning returns the warning for training data whose feature
// ranges differ by unscaledRatio or more, and the short advice the health
// warnings add; both "" when the scales are comparable.
func unscaledWarning(d *data.Dataset) (warning, advice string) {
	s, ok := measureScales(d)
	if !ok || s.Ratio < unscaledRatio {
		return "", ""
	}
	ratio := formatRatio(s.Ratio)
	warning = fmt.Sprintf("warning: %s: the feature ranges differ %sx (%s spans %.4g, %s spans %.4g) and --normalize is none, so the widest features dominate the first layer and training is slow or stalls; add --normalize standard",
		d.Source, ratio, d.FeatureName(s.Wide), s.WideR, d.FeatureName(s.Narrow), s.NarrowR)
	advice = fmt.Sprintf("the features are not scaled (ranges differ %sx): add --normalize standard first", ratio)
	return warning, advice
}

// formatRatio writes a ratio in whole numbers up to a million and in
// scientific notation beyond (ranges of float32 features can differ by 1e76).
func formatRatio(r float64) string {
	if r < 1e6 {
		return fmt.Sprintf("%.0f", r)
	}
	return fmt.Sprintf("%.2g", r)
}

// warnUnscaled checks the training features' scales when they are not
// normalised, prints the warning and gives the health warnings its advice.
// IDX images are skipped: their pixels are read as value/255 in [0, 1], and
// a border pixel that is rarely lit makes a narrow range that means nothing.
func (r *trainRun) warnUnscaled() {
	d := &r.cfg.Data
	if d.Normalize != "none" || d.Data != "" {
		return
	}
	if idx, err := data.IsIDX(d.Train); err != nil || idx {
		return
	}
	warning, advice := unscaledWarning(r.ds.Train)
	if warning == "" {
		return
	}
	r.health.Unscaled = advice
	if !r.cfg.Quiet {
		fmt.Fprintln(r.errw, warning)
	}
}

// MaxThreads bounds Config.Threads: more goroutines than CPUs only share
// them, and each holds its own scratch.
const MaxThreads = 1024

// warnThreads says when Threads asks for more goroutines than the CPUs
// this process may run on (its CPU affinity, as runtime.NumCPU reads it):
// a job requeued onto a smaller node runs, with the same results, slower.
func (r *trainRun) warnThreads() {
	if n := max(runtime.NumCPU(), runtime.GOMAXPROCS(0)); r.cfg.Threads > n && !r.cfg.Quiet {
		fmt.Fprintf(r.errw, "warning: --threads %d is more than the %s this process may run on; the results are the same bits, but it runs slower than with --threads %d\n", r.cfg.Threads, Plural(n, "CPU"), n)
	}
}
