package data

import (
	"fmt"
	"math"
)

// TargetScaler standardizes regression targets per target column,
// t' = (t − Mean)/Std, as scikit-learn's StandardScaler: Std is the
// population standard deviation (ddof 0), and a column whose values are
// all equal gets Std 1. Statistics are computed in float64.
type TargetScaler struct {
	Mean, Std []float64 // one per target column (Dataset.Outputs)
}

// FitTargetScaler computes the statistics of d's targets. It returns an
// error when d has no targets or no samples, or a target is NaN or
// infinite (NewRegression refuses those; a Dataset built by hand may hold
// them).
func FitTargetScaler(d *Dataset) (*TargetScaler, error) {
	o, n := d.Outputs, d.Len()
	if o == 0 || n == 0 {
		return nil, fmt.Errorf("%s: no regression targets to standardize", d.Source)
	}
	s := &TargetScaler{Mean: make([]float64, o), Std: make([]float64, o)}
	for i := range n {
		for j, v := range d.Target(i) {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("%s: target %d is %v; targets must be finite numbers", d.SamplePosition(i), j, v)
			}
			s.Mean[j] += float64(v)
		}
	}
	for j := range s.Mean {
		s.Mean[j] /= float64(n)
	}
	for i := range n {
		for j, v := range d.Target(i) {
			e := float64(v) - s.Mean[j]
			s.Std[j] += float64(e * e) // unfused: the same bits on every architecture (nn/doc.go)
		}
	}
	for j := range s.Std {
		s.Std[j] = math.Sqrt(s.Std[j] / float64(n))
		if s.Std[j] == 0 {
			s.Std[j] = 1
		}
	}
	return s, nil
}

// Check returns an error when s does not fit targets of the given width,
// or holds a non-finite mean or a std that is not a finite number > 0.
func (s *TargetScaler) Check(outputs int) error {
	if len(s.Mean) != outputs || len(s.Std) != outputs {
		return fmt.Errorf("target standardization has %d means and %d stds for %d targets", len(s.Mean), len(s.Std), outputs)
	}
	for j := range s.Mean {
		if math.IsNaN(s.Mean[j]) || math.IsInf(s.Mean[j], 0) || !(s.Std[j] > 0) || math.IsInf(s.Std[j], 0) {
			return fmt.Errorf("target standardization of target %d is corrupt: mean %v, std %v", j, s.Mean[j], s.Std[j])
		}
	}
	return nil
}

// Transform returns the standardized copy of targets, row-major
// [n, len(Mean)].
func (s *TargetScaler) Transform(targets []float32) []float32 {
	out := make([]float32, len(targets))
	o := len(s.Mean)
	for i, v := range targets {
		out[i] = float32((float64(v) - s.Mean[i%o]) / s.Std[i%o])
	}
	return out
}

// Inverse maps standardized values, row-major [n, len(Mean)], back to the
// targets' units in place.
func (s *TargetScaler) Inverse(y []float32) {
	o := len(s.Mean)
	for i, v := range y {
		y[i] = float32(float64(float64(v)*s.Std[i%o]) + s.Mean[i%o]) // unfused: the same bits on every architecture (nn/doc.go)
	}
}
