package main

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

// evalJSON is eval's --json document; class_names label the confusion
// matrix's rows (true) and columns (predicted).
type evalJSON struct {
	Model                string          `json:"model"`
	Data                 string          `json:"data"`
	Samples              int             `json:"samples"`
	Ignored              int             `json:"ignored,omitempty"` // samples of the label the loss ignores, in samples but in no score
	Loss                 model.JSONFloat `json:"loss"`
	Accuracy             model.JSONFloat `json:"accuracy"` // null when every label is ignored
	ConfusionMatrix      [][]int         `json:"confusion_matrix"`
	ClassNames           []string        `json:"class_names"`
	ClassificationReport map[string]any  `json:"classification_report"`
}

// names are the classes of the confusion matrix's rows and columns.
func writeEvalJSON(path, modelPath, source string, names []string, r evalResult, report model.ClassificationReport) error {
	return run.WriteJSONFile(path, evalJSON{
		Model: modelPath, Data: source, Samples: r.Samples, Ignored: r.Ignored, Loss: model.JSONFloat(r.Loss), Accuracy: model.JSONFloat(r.Accuracy),
		ConfusionMatrix: r.Confusion, ClassNames: names,
		ClassificationReport: report.JSON(),
	})
}

// holdsBest reports whether m's weights are the best weights its early
// stopping state keeps (true when it keeps none to compare with).
func holdsBest(m *model.Model) bool {
	for name, w := range m.Weights() {
		if best, ok := m.State.Tensors["early_stop.best."+name]; ok && !slices.Equal(best, w) {
			return false
		}
	}
	return true
}

// checkEvalJSON refuses a --json eval could not write, or that would
// overwrite its model or data files.
func checkEvalJSON(path, model string, df *run.DataConfig) error {
	if path == "" {
		return nil
	}
	if in, ok := run.FindInput(path, append(df.InputFiles(), run.InputFile{Field: "model", Path: model})); ok {
		return run.BadField("json", path, "is the --%s file; writing it would overwrite it", in.Field)
	}
	return run.CheckOutputFile("json", path)
}

// evalResult is what eval computes.
type evalResult struct {
	Loss, Accuracy float64
	Samples        int
	Ignored        int // of Samples, those whose label the loss ignores
	Confusion      [][]int
}

// restoredBest notes, for a run that stopped early (--early-stop), whose
// weights the file holds: the best epoch's, which early stopping
// restored, or (--early-stop-restore=false, or the file of the stopping
// epoch that a --save template names) the last epoch's.
func restoredBest(m *model.Model) string {
	if m.State == nil {
		return ""
	}
	best, ok := m.State.Scalars["early_stop.best_epoch"]
	patience, err := strconv.Atoi(m.Config["early-stop"])
	if !ok || err != nil || patience <= 0 || m.State.Scalars["early_stop.wait"] < float64(patience) || int(best) >= m.Epoch {
		return ""
	}
	if restore, err := strconv.ParseBool(m.Config["early-stop-restore"]); (err == nil && !restore) || !holdsBest(m) {
		return fmt.Sprintf(" (stopped early, keeping its last weights; the best %s was epoch %d's)", run.EarlyStopMetric(m.Config["early-stop-monitor"]), int(best))
	}
	return fmt.Sprintf(" (stopped early: the weights are epoch %d's, the best %s)", int(best), run.EarlyStopMetric(m.Config["early-stop-monitor"]))
}
