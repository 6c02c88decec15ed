package data

import "fmt"

// Normalization selects how features are scaled.
type Normalization int

const (
	// NormNone leaves features as they are.
	NormNone Normalization = iota
	// NormMinMax maps each feature linearly so that the training set's
	// minimum becomes 0 and its maximum 1: x' = (x - min) / (max - min)
	// (scikit-learn's MinMaxScaler).
	NormMinMax
	// NormStandard subtracts each feature's training-set mean and divides
	// by its population standard deviation: x' = (x - mean) / std
	// (scikit-learn's StandardScaler).
	NormStandard
)

// String returns the name ParseNormalization accepts.
func (n Normalization) String() string {
	switch n {
	case NormNone:
		return "none"
	case NormMinMax:
		return "minmax"
	case NormStandard:
		return "standard"
	}
	return fmt.Sprintf("Normalization(%d)", int(n))
}

// ParseNormalization parses "none", "minmax" or "standard"; any other
// string is an error listing them.
func ParseNormalization(s string) (Normalization, error) {
	for _, n := range []Normalization{NormNone, NormMinMax, NormStandard} {
		if s == n.String() {
			return n, nil
		}
	}
	return 0, fmt.Errorf("unknown normalization %q: expected none, minmax or standard", s)
}

// Scaler is a per-feature affine map x' = (x - Offset[j]) * Scale[j] whose
// parameters come from a training set (FitScaler) and are then applied
// unchanged to validation, test and prediction data. Its fields are
// exported so that they can be saved with a model.
type Scaler struct {
	// Method is the normalization the parameters were fitted for.
	Method Normalization
	// Offset is subtracted from feature j (min or mean; 0 for NormNone).
	Offset []float32
	// Scale multiplies feature j after the offset (1/(max-min) or 1/std;
	// 1 for NormNone, and for a constant or nearly constant feature, see
	// FitScaler, so that it becomes about 0 rather than NaN or noise
	// blown up).
	Scale []float32
}
