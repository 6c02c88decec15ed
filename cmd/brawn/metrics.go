package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// jfloat is a float64 that JSON encodes as null when it is NaN or infinite
// (JSON has no such numbers), e.g. a loss that diverged.
type jfloat float64

func (f jfloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return []byte("null"), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// epochMetrics is one epoch of a run as --json writes it. Accuracies are
// fractions in [0, 1]; Val* are absent without --val-split.
type epochMetrics struct {
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
	// A regression's scores in the targets' units (see regScores), of
	// the weights at the epoch's end in evaluation mode; absent for
	// classification, Val* also without --val-split.
	TrainMSE, TrainMAE, TrainR2 *float64
	ValMSE, ValMAE, ValR2       *float64
	TestMSE, TestMAE, TestR2    *float64
	// Layers is the health of every Linear layer at the epoch's end.
	Layers []layerMetrics `json:"layers,omitempty"`
}

// layerMetrics is one Linear layer's health after an epoch: the L2 norms of
// its weight matrix and of that matrix's gradient at the epoch's last step,
// and the fraction of the following ReLU's units never active during the
// epoch (absent without a ReLU).
type layerMetrics struct {
	Layer        string   `json:"layer"`
	WeightNorm   float64  `json:"weight_norm"`
	GradNorm     float64  `json:"grad_norm"`
	DeadFraction *float64 `json:"dead_relu_fraction,omitempty"`
}

// runMetrics is the whole --json document.
type runMetrics struct {
	Epochs         []epochMetrics `json:"epochs"`
	TestLoss       jfloat         `json:"test_loss"`
	TestAccuracy   jfloat         `json:"test_accuracy"`
	TestMSE        *jfloat        `json:"test_mse,omitempty"` // regression, in the targets' units
	TestMAE        *jfloat        `json:"test_mae,omitempty"`
	TestR2         *jfloat        `json:"test_r2,omitempty"`
	TotalSeconds   float64        `json:"total_seconds"`
	Parameters     int            `json:"parameters"`
	Weights        int            `json:"weights"`
	Biases         int            `json:"biases"`
	Stopped        string         `json:"stopped"` // "completed", "early-stop", "interrupted", "non-finite", "diverged"
	KernelLevel    string         `json:"kernel_level"`
	Threads        int            `json:"threads"`
	TrainSamples   int            `json:"train_samples"`
	TestSamples    int            `json:"test_samples"`
	ValSamples     int            `json:"val_samples,omitempty"`
	ResumedAtEpoch int            `json:"resumed_at_epoch,omitempty"`
	Config         map[string]any `json:"config"`
}

// writeJSONFile writes v as indented JSON through a temporary file and a
// rename, so a reader never sees half a file.
func writeJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}

// UnmarshalJSON reads null back as NaN.
func (f *jfloat) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*f = jfloat(math.NaN())
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = jfloat(v)
	return nil
}

// epochJSON is epochMetrics as JSON holds it: a diverged run's infinite
// or NaN numbers become null (JSON has no such numbers) instead of failing
// the encoding of the metrics and the checkpoint's history.
type epochJSON struct {
	Epoch         int            `json:"epoch"`
	TrainLoss     jfloat         `json:"train_loss"`
	TrainAccuracy jfloat         `json:"train_accuracy"`
	ValLoss       *jfloat        `json:"val_loss,omitempty"`
	ValAccuracy   *jfloat        `json:"val_accuracy,omitempty"`
	TestLoss      jfloat         `json:"test_loss"`
	TestAccuracy  jfloat         `json:"test_accuracy"`
	LR            jfloat         `json:"lr"`
	Seconds       jfloat         `json:"seconds"`
	SamplesPerSec jfloat         `json:"samples_per_sec"`
	TrainMSE      *jfloat        `json:"train_mse,omitempty"`
	TrainMAE      *jfloat        `json:"train_mae,omitempty"`
	TrainR2       *jfloat        `json:"train_r2,omitempty"`
	ValMSE        *jfloat        `json:"val_mse,omitempty"`
	ValMAE        *jfloat        `json:"val_mae,omitempty"`
	ValR2         *jfloat        `json:"val_r2,omitempty"`
	TestMSE       *jfloat        `json:"test_mse,omitempty"`
	TestMAE       *jfloat        `json:"test_mae,omitempty"`
	TestR2        *jfloat        `json:"test_r2,omitempty"`
	Layers        []layerMetrics `json:"layers,omitempty"`
}

// layerJSON is layerMetrics as JSON holds it (non-finite numbers as null).
type layerJSON struct {
	Layer        string  `json:"layer"`
	WeightNorm   jfloat  `json:"weight_norm"`
	GradNorm     jfloat  `json:"grad_norm"`
	DeadFraction *jfloat `json:"dead_relu_fraction,omitempty"`
}

func (m epochMetrics) MarshalJSON() ([]byte, error) {
	return json.Marshal(epochJSON{
		Epoch: m.Epoch, TrainLoss: jfloat(m.TrainLoss), TrainAccuracy: jfloat(m.TrainAccuracy),
		ValLoss: (*jfloat)(m.ValLoss), ValAccuracy: (*jfloat)(m.ValAccuracy),
		TestLoss: jfloat(m.TestLoss), TestAccuracy: jfloat(m.TestAccuracy), LR: jfloat(m.LR),
		Seconds: jfloat(m.Seconds), SamplesPerSec: jfloat(m.SamplesPerSec), Layers: m.Layers,
		TrainMSE: (*jfloat)(m.TrainMSE), TrainMAE: (*jfloat)(m.TrainMAE), TrainR2: (*jfloat)(m.TrainR2),
		ValMSE: (*jfloat)(m.ValMSE), ValMAE: (*jfloat)(m.ValMAE), ValR2: (*jfloat)(m.ValR2),
		TestMSE: (*jfloat)(m.TestMSE), TestMAE: (*jfloat)(m.TestMAE), TestR2: (*jfloat)(m.TestR2),
	})
}

func (m *epochMetrics) UnmarshalJSON(b []byte) error {
	var j epochJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*m = epochMetrics{
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

func (l layerMetrics) MarshalJSON() ([]byte, error) {
	return json.Marshal(layerJSON{l.Layer, jfloat(l.WeightNorm), jfloat(l.GradNorm), (*jfloat)(l.DeadFraction)})
}

func (l *layerMetrics) UnmarshalJSON(b []byte) error {
	var j layerJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*l = layerMetrics{j.Layer, float64(j.WeightNorm), float64(j.GradNorm), (*float64)(j.DeadFraction)}
	return nil
}
