package data

import (
	"fmt"
	"math"
)

// FitScaler computes the statistics of method over the training set d
// (accumulated in float64), over the features as Gather reads them. An
// empty dataset gives offsets 0 and scales 1.
//
// A feature that is constant, or nearly so, gets the scale 1, so that it
// becomes x - Offset, about 0, rather than noise blown up or NaN. Nearly
// constant follows scikit-learn's scalers: for NormMinMax a range under
// 10 float32 machine epsilons (10·2⁻²³, MinMaxScaler's
// _handle_zeros_in_scale on float32 data); for NormStandard a variance
// within the rounding error bound of its two-pass float64 computation
// (StandardScaler's _is_constant_feature, after Chan, Golub and LeVeque
// 1983). A standard deviation so small that its reciprocal overflows
// float32 (under about 2.9e-39, in the subnormals) gets the scale 1 too:
// scikit-learn divides by the deviation, but a Scaler multiplies by a
// float32 reciprocal, which would be infinite.
//
// The only error is for a method other than NormNone, NormMinMax and
// NormStandard.
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
			if r := hi[j] - lo[j]; r >= minMaxConstantRange {
				s.Scale[j] = float32(1 / r)
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
				ss[j] += float64(dv * dv) // unfused: the same bits on every architecture (nn/doc.go)
			}
		}
		for j := range mean {
			s.Offset[j] = float32(mean[j])
			v := ss[j] / float64(n)
			if constantVariance(v, mean[j], n) {
				continue
			}
			if inv := float32(1 / math.Sqrt(v)); !math.IsInf(float64(inv), 0) {
				s.Scale[j] = inv
			}
		}
	default:
		return nil, fmt.Errorf("data.FitScaler: unknown normalization %d for %s: expected NormNone, NormMinMax or NormStandard", int(method), d.Source)
	}
	return s, nil
}

// minMaxConstantRange is the range under which NormMinMax takes a feature
// for constant: scikit-learn's MinMaxScaler rule (a range under 10 machine
// epsilons of the data's type), for float32 data.
const minMaxConstantRange = 10 * 0x1p-23

// constantVariance reports whether the population variance v of n values
// with mean mean, computed in two float64 passes, cannot be told from 0:
// v <= n·ε·v + (n·mean·ε)², ε = 2⁻⁵² (scikit-learn's _is_constant_feature,
// from the error bound of the two-pass algorithm in Chan, Golub and
// LeVeque, "Algorithms for computing the sample variance: analysis and
// recommendations", 1983).
func constantVariance(v, mean float64, n int) bool {
	const eps = 0x1p-52
	nf := float64(n)
	return v <= float64(nf*eps*v)+float64((nf*mean*eps)*(nf*mean*eps)) // unfused: the same bits on every architecture (nn/doc.go)
}

// Apply scales d's features, x' = (x - Offset[j]) * Scale[j] in float32,
// as scikit-learn's transform does: it changes d and nothing else. Float
// features (X) that a reader allocated for d (ReadCSV, DecodeCSV,
// LoadFile, CSVReader.Read, an IDX file of floats) and that no view
// shares yet are scaled in place, so that scaling a large file costs no
// second copy of its features (a slice of X kept from before sees the
// scaled values). Other float features (the slice d was made of, a view's,
// or those a view of d was taken of) are scaled into a new slice that
// becomes d's X, so neither that slice nor a view of d (Slice, Subset,
// SplitValidation, SplitStratified) taken before is written; byte
// features (U8) keep their bytes, and Gather, Rows and Matrix scale their
// values from then on, with the same bits. Views taken from d before Apply
// therefore keep their unscaled values (apply the scaler to each: fit on
// the training part, apply to every part); views taken after share the
// scaled values and count as scaled.
//
// It returns an error, changing nothing, when d's feature count differs
// from the scaler's; when d is scaled already (Apply on d, or on the
// dataset d was taken from before d was taken, or on a copy of the
// Dataset struct sharing d's features scaled in place), since a second
// Apply would scale it twice; or when a scaled value is not finite (a
// value so far outside the training data's range that it overflows
// float32): that error names the file, line and column
// (Dataset.Position) and the value. A NormNone scaler changes nothing and
// does not count as scaling.
func (s *Scaler) Apply(d *Dataset) error {
	f := len(s.Offset)
	if d.Features != f || len(s.Scale) != f {
		return fmt.Errorf("%s: %d features per sample, but the normalization was fitted on %d", d.Source, d.Features, f)
	}
	if s.Method == NormNone {
		return nil
	}
	owned := d.ownedFeatures()
	applied := d.scaler
	if applied == nil && owned != nil {
		applied = owned.scaled
	}
	if applied != nil {
		return fmt.Errorf("%s: the features are scaled already (%s normalization, applied to this dataset or to the one it was taken from before it was taken): scaling them again would scale them twice",
			d.Source, applied.Method)
	}
	inPlace := owned != nil && !owned.shared.Load() && d.U8 == nil
	// Float features not scaled in place are written to a new slice: the
	// old one may be shared with views, or be the caller's.
	var x []float32
	if d.U8 == nil && !inPlace {
		x = make([]float32, d.Len()*f)
	}
	// Every value is checked before any is written in place, so that an
	// error changes nothing.
	for i, row := range d.Rows() {
		for j, v := range row {
			sv := (v - s.Offset[j]) * s.Scale[j]
			if math.IsNaN(float64(sv)) || math.IsInf(float64(sv), 0) {
				return fmt.Errorf("%s: the value %v scales to %v, which is not a finite float32 (%s normalization fitted on the training data: (x - %v) * %v)",
					d.Position(i, j), v, sv, s.Method, s.Offset[j], s.Scale[j])
			}
			if x != nil {
				x[i*f+j] = sv
			}
		}
	}
	switch {
	case inPlace:
		for _, row := range d.Rows() {
			for j, v := range row {
				row[j] = (v - s.Offset[j]) * s.Scale[j]
			}
		}
		owned.scaled = s
	case x != nil:
		d.X, d.rows = x, nil
	}
	d.scaler = s
	return nil
}
