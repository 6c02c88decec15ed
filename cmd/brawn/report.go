package main

import (
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/run"
)

// evalJSON is eval's --json document; class_names label the confusion
// matrix's rows (true) and columns (predicted).
type evalJSON struct {
	Model                string          `json:"model"`
	Data                 string          `json:"data"`
	Samples              int             `json:"samples"`
	Loss                 model.JSONFloat `json:"loss"`
	Accuracy             float64         `json:"accuracy"`
	ConfusionMatrix      [][]int         `json:"confusion_matrix"`
	ClassNames           []string        `json:"class_names"`
	ClassificationReport map[string]any  `json:"classification_report"`
}

// names are the classes of the confusion matrix's rows and columns.
func writeEvalJSON(path, modelPath, source string, names []string, r evalResult, report model.ClassificationReport) error {
	return run.WriteJSONFile(path, evalJSON{
		Model: modelPath, Data: source, Samples: r.Samples, Loss: model.JSONFloat(r.Loss), Accuracy: r.Accuracy,
		ConfusionMatrix: r.Confusion, ClassNames: names,
		ClassificationReport: report.JSON(),
	})
}

// checkEvalJSON refuses a --json eval could not write, or that would
// overwrite its model or data files.
func checkEvalJSON(path, model string, df *run.DataConfig) error {
	if path == "" {
		return nil
	}
	for _, in := range []struct{ name, path string }{
		{"model", model}, {"test", df.Test}, {"test-labels", df.TestLabels}, {"train", df.Train}, {"train-labels", df.TrainLabels},
	} {
		if in.path != "" && run.SamePath(path, in.path) {
			return run.BadField("json", path, "is the --%s file; writing it would overwrite it", in.name)
		}
	}
	return run.CheckOutputFile("json", path)
}
