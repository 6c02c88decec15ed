package model

import (
	"encoding/json"
	"math"
	"reflect"
	"strconv"
)

// EpochMetrics is one epoch of a run, as the checkpoint's "brawn.history"
// and brawn train --json record it. Losses are the training loss's
// values; accuracies are fractions in [0, 1]; Val* are nil without a
// validation split. Its JSON is its fields' tags, with NaN and infinite
// numbers (a diverged run) null: see MarshalJSON.
type EpochMetrics struct {
	// Epoch counts from 1.
	Epoch int `json:"epoch"`
	// TrainLoss is the training loss per sample over the epoch's steps,
	// penalty included (nn.EpochInfo.TrainLoss).
	TrainLoss float64 `json:"train_loss"`
	// TrainAccuracy is the fraction of the epoch's training samples
	// classified right during its steps; NaN without class labels.
	TrainAccuracy float64 `json:"train_accuracy"`
	// ValLoss and ValAccuracy are the validation split's, of the weights
	// at the epoch's end in evaluation mode.
	ValLoss     *float64 `json:"val_loss,omitempty"`
	ValAccuracy *float64 `json:"val_accuracy,omitempty"` // a fraction in [0, 1]; NaN without class labels
	// TestLoss and TestAccuracy are the test set's, likewise; NaN
	// without a test set.
	TestLoss     float64 `json:"test_loss"`
	TestAccuracy float64 `json:"test_accuracy"` // a fraction in [0, 1]; NaN without class labels
	// LR is the first parameter group's learning rate at the epoch's
	// last step.
	LR float64 `json:"lr"`
	// Seconds is the epoch's duration (nn.EpochInfo.Duration) in seconds.
	Seconds float64 `json:"seconds"`
	// SamplesPerSec is the samples this process trained in the epoch per
	// second of Seconds (after a mid-epoch resume, those since it); 0
	// for an epoch resumed after its last step, of which it trained none.
	SamplesPerSec float64 `json:"samples_per_sec"`
	// The Train*, Val* and Test* MSE, MAE and R2 are a regression's
	// scores in the data's own target units, not the standardized ones
	// training uses (scikit-learn's mean_squared_error,
	// mean_absolute_error, r2_score), of the weights at the epoch's end
	// in evaluation mode; nil for classification, Val* also without a
	// validation split.
	TrainMSE *float64 `json:"train_mse,omitempty"` // in the targets' units squared
	TrainMAE *float64 `json:"train_mae,omitempty"` // in the targets' units
	TrainR2  *float64 `json:"train_r2,omitempty"`  // unitless; 1 is a perfect fit, below 0 worse than the mean
	ValMSE   *float64 `json:"val_mse,omitempty"`   // in the targets' units squared
	ValMAE   *float64 `json:"val_mae,omitempty"`   // in the targets' units
	ValR2    *float64 `json:"val_r2,omitempty"`    // unitless, as TrainR2
	TestMSE  *float64 `json:"test_mse,omitempty"`  // in the targets' units squared
	TestMAE  *float64 `json:"test_mae,omitempty"`  // in the targets' units
	TestR2   *float64 `json:"test_r2,omitempty"`   // unitless, as TrainR2
	// GradNorm is the global L2 norm of the gradients (every parameter's,
	// the penalties included) before clipping, the mean over the epoch's
	// steps (nn.EpochInfo.MeanGradNorm); nil without health tracking.
	GradNorm *float64 `json:"grad_norm,omitempty"`
	// Layers is the health of every Linear and Conv2d layer (at the top
	// of the network or inside a Residual block) at the epoch's end.
	Layers []LayerMetrics `json:"layers,omitempty"`
}

// LayerMetrics is one Linear or Conv2d layer's health after an epoch. Its
// JSON is its fields' tags, NaN and infinities null, as EpochMetrics'.
type LayerMetrics struct {
	// Layer names the layer as callbacks.LayerHealth does, e.g.
	// "0 (Linear 784->256)" or "2.f.0 (Conv2d 32->32 3x3)".
	Layer string `json:"layer"`
	// WeightNorm is the L2 norm of the layer's weight at the epoch's end.
	WeightNorm float64 `json:"weight_norm"`
	// GradNorm is the L2 norm of that weight's gradient at the epoch's
	// last step, as the optimizer applied it: after the penalties and
	// clipping (EpochMetrics.GradNorm is the global norm before
	// clipping).
	GradNorm float64 `json:"grad_norm"`
	// DeadFraction is the fraction of the following ReLU's units never
	// active during the epoch; nil without a ReLU.
	DeadFraction *float64 `json:"dead_relu_fraction,omitempty"`
}

// JSONFloat is a float64 that JSON encodes as null when it is NaN or
// infinite (JSON has no such numbers), e.g. a loss that diverged, and
// decodes null as NaN.
type JSONFloat float64

// MarshalJSON implements json.Marshaler. Its error is always nil.
func (f JSONFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler: null is NaN. It returns
// json.Unmarshal's error for anything else that is not a number.
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

// The types JSON holds EpochMetrics and LayerMetrics as, built from
// their fields and tags (jsonMirror): the tags are the one description
// of the JSON, so a field added with its tag is written and read with
// the others.
var (
	epochJSON = jsonMirror(reflect.TypeFor[EpochMetrics]())
	layerJSON = jsonMirror(reflect.TypeFor[LayerMetrics]())
)

// jsonMirror returns a struct type with t's fields, names and tags, but
// float64 as JSONFloat and *float64 as *JSONFloat, so that JSON holds a
// NaN or infinity as null.
func jsonMirror(t reflect.Type) reflect.Type {
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		f := t.Field(i)
		typ := f.Type
		switch typ {
		case reflect.TypeFor[float64]():
			typ = reflect.TypeFor[JSONFloat]()
		case reflect.TypeFor[*float64]():
			typ = reflect.TypeFor[*JSONFloat]()
		}
		fields[i] = reflect.StructField{Name: f.Name, Type: typ, Tag: f.Tag}
	}
	return reflect.StructOf(fields)
}

// marshalMirror encodes v, a struct, as its mirror type does.
func marshalMirror(v any, mirror reflect.Type) ([]byte, error) {
	src := reflect.ValueOf(v)
	dst := reflect.New(mirror).Elem()
	for i := range mirror.NumField() {
		dst.Field(i).Set(src.Field(i).Convert(mirror.Field(i).Type))
	}
	return json.Marshal(dst.Interface())
}

// unmarshalMirror decodes b as the mirror type and sets *ptr from it,
// every field replaced.
func unmarshalMirror(b []byte, ptr any, mirror reflect.Type) error {
	src := reflect.New(mirror)
	if err := json.Unmarshal(b, src.Interface()); err != nil {
		return err
	}
	dst := reflect.ValueOf(ptr).Elem()
	for i := range mirror.NumField() {
		dst.Field(i).Set(src.Elem().Field(i).Convert(dst.Field(i).Type()))
	}
	return nil
}

// MarshalJSON implements json.Marshaler: the fields as their tags say,
// NaN and infinities as null. Its error is always nil.
func (m EpochMetrics) MarshalJSON() ([]byte, error) { return marshalMirror(m, epochJSON) }

// UnmarshalJSON implements json.Unmarshaler: null is NaN, or nil for a
// pointer field; a field the JSON leaves out is zero. It returns
// json.Unmarshal's error for JSON that is not an object of the fields'
// types.
func (m *EpochMetrics) UnmarshalJSON(b []byte) error { return unmarshalMirror(b, m, epochJSON) }

// MarshalJSON implements json.Marshaler, as EpochMetrics' does (its error
// is always nil).
func (l LayerMetrics) MarshalJSON() ([]byte, error) { return marshalMirror(l, layerJSON) }

// UnmarshalJSON implements json.Unmarshaler, as EpochMetrics' does, errors
// included.
func (l *LayerMetrics) UnmarshalJSON(b []byte) error { return unmarshalMirror(b, l, layerJSON) }
