package data

import (
	"fmt"
	"math"
)

// FitScaler computes the statistics of method over the training set d
// (accumulated in float64), over the features as Gather reads them. An
// empty dataset gives offsets 0 and scales 1.
func FitScaler(method Normalization, d *Dataset) (*Scaler, error) {
	f, n := d.Features, d.Len()
	s := &Scaler{Method: method, Offset: make([]float32, f), Scale: make([]float32, f)}
	for j := range s.Scale {
		s.Scale[j] = 1
	}
	if n == 0 {
		return s, nil
	}
	// Row by row, each feature's values are still met in sample order, so
	// the float64 sums are those of a column-by-column pass.
	switch method {
	case NormNone:
	case NormMinMax:
		lo, hi := make([]float64, f), make([]float64, f)
		for j := range lo {
			lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		}
		for _, row := range d.Rows() {
			for j, x := range row {
				v := float64(x)
				lo[j], hi[j] = math.Min(lo[j], v), math.Max(hi[j], v)
			}
		}
		for j := range lo {
			s.Offset[j] = float32(lo[j])
			if hi[j] > lo[j] {
				s.Scale[j] = float32(1 / (hi[j] - lo[j]))
			}
		}
	case NormStandard:
		mean, ss := make([]float64, f), make([]float64, f)
		for _, row := range d.Rows() {
			for j, x := range row {
				mean[j] += float64(x)
			}
		}
		for j := range mean {
			mean[j] /= float64(n)
		}
		for _, row := range d.Rows() {
			for j, x := range row {
				dv := float64(x) - mean[j]
				ss[j] += dv * dv
			}
		}
		for j := range mean {
			s.Offset[j] = float32(mean[j])
			if std := math.Sqrt(ss[j] / float64(n)); std > 0 {
				s.Scale[j] = float32(1 / std)
			}
		}
	default:
		return nil, fmt.Errorf("unknown normalization %d", int(method))
	}
	return s, nil
}

// Apply scales d's features, x' = (x - Offset[j]) * Scale[j] in float32:
// float features (X) in place, but a subset's (a view's) in a copy of its
// rows, which then become its X, so that the dataset it shares X with is
// not changed; byte features (U8) keep their bytes, and
// Gather, Rows and Matrix scale their values from then on, with the same
// bits. It returns an error, changing nothing, when d's feature count
// differs from the scaler's, when byte features are scaled already, or when
// a scaled value is not finite (a value so far outside the training data's
// range that it overflows float32): that error names the file, line and
// column (Dataset.Position) and the value.
func (s *Scaler) Apply(d *Dataset) error {
	f := len(s.Offset)
	if d.Features != f || len(s.Scale) != f {
		return fmt.Errorf("%s: %d features per sample, but the normalization was fitted on %d", d.Source, d.Features, f)
	}
	if s.Method == NormNone {
		return nil
	}
	if d.U8 != nil && d.scaler != nil {
		return fmt.Errorf("%s: the features are scaled already (%s normalization)", d.Source, d.scaler.Method)
	}
	for i, row := range d.Rows() {
		for j, x := range row {
			if v := (x - s.Offset[j]) * s.Scale[j]; math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return fmt.Errorf("%s: the value %v scales to %v, which is not a finite float32 (%s normalization fitted on the training data: (x - %v) * %v)",
					d.Position(i, j), x, v, s.Method, s.Offset[j], s.Scale[j])
			}
		}
	}
	if d.U8 != nil {
		d.scaler = s
		return nil
	}
	if d.rows != nil {
		// A subset's rows are shared with other datasets: scale a copy.
		d.X, d.rows = d.Matrix(), nil
	}
	for i := 0; i < len(d.X); i += f {
		row := d.X[i : i+f]
		for j := range row {
			row[j] = (row[j] - s.Offset[j]) * s.Scale[j]
		}
	}
	return nil
}
