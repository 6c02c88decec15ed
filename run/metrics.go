package run

import (
	"encoding/json"
	"fmt"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/model"
)

// runMetrics is the whole --json document.
type runMetrics struct {
	Epochs         []model.EpochMetrics `json:"epochs"`
	TestLoss       model.JSONFloat      `json:"test_loss"`
	TestAccuracy   model.JSONFloat      `json:"test_accuracy"`
	TestMSE        *model.JSONFloat     `json:"test_mse,omitempty"` // regression, in the targets' units
	TestMAE        *model.JSONFloat     `json:"test_mae,omitempty"`
	TestR2         *model.JSONFloat     `json:"test_r2,omitempty"`
	TotalSeconds   float64              `json:"total_seconds"`
	Parameters     int                  `json:"parameters"`
	Weights        int                  `json:"weights"`
	Biases         int                  `json:"biases"`
	Stopped        string               `json:"stopped"` // "completed", "early-stop", "interrupted", "non-finite", "diverged"
	KernelLevel    string               `json:"kernel_level"`
	Threads        int                  `json:"threads"`
	TrainSamples   int                  `json:"train_samples"`
	TestSamples    int                  `json:"test_samples"`
	ValSamples     int                  `json:"val_samples,omitempty"`
	ResumedAtEpoch int                  `json:"resumed_at_epoch,omitempty"`
	Config         map[string]any       `json:"config"`
}

// WriteJSONFile writes v as indented JSON through a temporary file and a
// rename, so a reader never sees half a file.
func WriteJSONFile(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", path, err)
	}
	if err := atomicfile.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
