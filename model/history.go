package model

import (
	"encoding/json"
	"math"
	"strconv"
)

// EpochMetrics is one epoch of a run, as the checkpoint's "brawn.history"
// and brawn train --json record it. Losses are the training loss's
// values; accuracies are fractions in [0, 1]; Val* are nil without a
// validation split. In JSON, a NaN or infinite number (a diverged run) is
// null.
type EpochMetrics struct {
	Epoch         int      `json:"epoch"`
	TrainLoss     float64  `json:"train_loss"`
	TrainAccuracy float64  `json:"train_accuracy"`
	ValLoss       *float64 `json:"val_loss,omitempty"`
	ValAccuracy   *float64 `json:"val_accuracy,omitempty"`
	TestLoss      float64  `json:"test_loss"`
	TestAccuracy  float64  `json:"test_accuracy"`
	LR            float64  `json:"lr"`
	Seconds       float64  `json:"seconds"`
	SamplesPerSec float64  `json:"samples_per_sec"`
	// A regression's scores in the targets' units (scikit-learn's
	// mean_squared_error, mean_absolute_error, r2_score), of the weights
	// at the epoch's end in evaluation mode; nil for classification, Val*
	// also without a validation split.
	TrainMSE, TrainMAE, TrainR2 *float64
	ValMSE, ValMAE, ValR2       *float64
	TestMSE, TestMAE, TestR2    *float64
	// Layers is the health of every Linear and Conv2d layer (at the top
	// of the network or inside a Residual block) at the epoch's end.
	Layers []LayerMetrics `json:"layers,omitempty"`
}

// LayerMetrics is one Linear or Conv2d layer's health after an epoch: the
// L2 norms of its weight and of that weight's gradient at the epoch's last
// step, and the fraction of the following ReLU's units never active during
// the epoch (nil without a ReLU). Layer names it as callbacks.LayerHealth
// does, e.g. "0 (Linear 784->256)" or "2.f.0 (Conv2d 32->32 3x3)".
type LayerMetrics struct {
	Layer        string   `json:"layer"`
	WeightNorm   float64  `json:"weight_norm"`
	GradNorm     float64  `json:"grad_norm"`
	DeadFraction *float64 `json:"dead_relu_fraction,omitempty"`
}

// JSONFloat is a float64 that JSON encodes as null when it is NaN or
// infinite (JSON has no such numbers), e.g. a loss that diverged, and
// decodes null as NaN.
type JSONFloat float64

// MarshalJSON implements json.Marshaler.
func (f JSONFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler: null is NaN.
func (f *JSONFloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = JSONFloat(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = JSONFloat(v)
	return nil
}

// epochJSON is EpochMetrics as JSON holds it.
type epochJSON struct {
	Epoch         int            `json:"epoch"`
	TrainLoss     JSONFloat      `json:"train_loss"`
	TrainAccuracy JSONFloat      `json:"train_accuracy"`
	ValLoss       *JSONFloat     `json:"val_loss,omitempty"`
	ValAccuracy   *JSONFloat     `json:"val_accuracy,omitempty"`
	TestLoss      JSONFloat      `json:"test_loss"`
	TestAccuracy  JSONFloat      `json:"test_accuracy"`
	LR            JSONFloat      `json:"lr"`
	Seconds       JSONFloat      `json:"seconds"`
	SamplesPerSec JSONFloat      `json:"samples_per_sec"`
	TrainMSE      *JSONFloat     `json:"train_mse,omitempty"`
	TrainMAE      *JSONFloat     `json:"train_mae,omitempty"`
	TrainR2       *JSONFloat     `json:"train_r2,omitempty"`
	ValMSE        *JSONFloat     `json:"val_mse,omitempty"`
	ValMAE        *JSONFloat     `json:"val_mae,omitempty"`
	ValR2         *JSONFloat     `json:"val_r2,omitempty"`
	TestMSE       *JSONFloat     `json:"test_mse,omitempty"`
	TestMAE       *JSONFloat     `json:"test_mae,omitempty"`
	TestR2        *JSONFloat     `json:"test_r2,omitempty"`
	Layers        []LayerMetrics `json:"layers,omitempty"`
}

// layerJSON is LayerMetrics as JSON holds it.
type layerJSON struct {
	Layer        string     `json:"layer"`
	WeightNorm   JSONFloat  `json:"weight_norm"`
	GradNorm     JSONFloat  `json:"grad_norm"`
	DeadFraction *JSONFloat `json:"dead_relu_fraction,omitempty"`
}

// MarshalJSON implements json.Marshaler.
func (m EpochMetrics) MarshalJSON() ([]byte, error) {
	return json.Marshal(epochJSON{
		Epoch: m.Epoch, TrainLoss: JSONFloat(m.TrainLoss), TrainAccuracy: JSONFloat(m.TrainAccuracy),
		ValLoss: (*JSONFloat)(m.ValLoss), ValAccuracy: (*JSONFloat)(m.ValAccuracy),
		TestLoss: JSONFloat(m.TestLoss), TestAccuracy: JSONFloat(m.TestAccuracy), LR: JSONFloat(m.LR),
		Seconds: JSONFloat(m.Seconds), SamplesPerSec: JSONFloat(m.SamplesPerSec), Layers: m.Layers,
		TrainMSE: (*JSONFloat)(m.TrainMSE), TrainMAE: (*JSONFloat)(m.TrainMAE), TrainR2: (*JSONFloat)(m.TrainR2),
		ValMSE: (*JSONFloat)(m.ValMSE), ValMAE: (*JSONFloat)(m.ValMAE), ValR2: (*JSONFloat)(m.ValR2),
		TestMSE: (*JSONFloat)(m.TestMSE), TestMAE: (*JSONFloat)(m.TestMAE), TestR2: (*JSONFloat)(m.TestR2),
	})
}

// UnmarshalJSON implements json.Unmarshaler.
func (m *EpochMetrics) UnmarshalJSON(b []byte) error {
	var j epochJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*m = EpochMetrics{
		Epoch: j.Epoch, TrainLoss: float64(j.TrainLoss), TrainAccuracy: float64(j.TrainAccuracy),
		ValLoss: (*float64)(j.ValLoss), ValAccuracy: (*float64)(j.ValAccuracy),
		TestLoss: float64(j.TestLoss), TestAccuracy: float64(j.TestAccuracy), LR: float64(j.LR),
		Seconds: float64(j.Seconds), SamplesPerSec: float64(j.SamplesPerSec), Layers: j.Layers,
		TrainMSE: (*float64)(j.TrainMSE), TrainMAE: (*float64)(j.TrainMAE), TrainR2: (*float64)(j.TrainR2),
		ValMSE: (*float64)(j.ValMSE), ValMAE: (*float64)(j.ValMAE), ValR2: (*float64)(j.ValR2),
		TestMSE: (*float64)(j.TestMSE), TestMAE: (*float64)(j.TestMAE), TestR2: (*float64)(j.TestR2),
	}
	return nil
}

// MarshalJSON implements json.Marshaler.
func (l LayerMetrics) MarshalJSON() ([]byte, error) {
	return json.Marshal(layerJSON{l.Layer, JSONFloat(l.WeightNorm), JSONFloat(l.GradNorm), (*JSONFloat)(l.DeadFraction)})
}

// UnmarshalJSON implements json.Unmarshaler.
func (l *LayerMetrics) UnmarshalJSON(b []byte) error {
	var j layerJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*l = LayerMetrics{j.Layer, float64(j.WeightNorm), float64(j.GradNorm), (*float64)(j.DeadFraction)}
	return nil
}
