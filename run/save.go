package run

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/runplot"
)

// snapshot captures the run as a checkpoint: weights, data description,
// flags, history and the trainer's full state.
func (r *trainRun) snapshot() *model.Model {
	m := &model.Model{
		Net: r.net, ClassNames: r.ds.Train.ClassNames, FeatureNames: r.ds.Train.FeatureNames, Scaler: r.ds.Scaler,
		Targets: model.NewTargets(r.ds.Train, r.ds.Targets), Config: map[string]string{},
	}
	if r.spec != nil { // the module string and input shape of Net say the network
		m.Classes, m.Outputs = r.arch.Classes, r.arch.Outputs
	} else {
		arch := r.arch
		m.Arch = &arch
	}
	for name, v := range r.flags() {
		if !OutputFields[name] {
			m.Config[name] = v
		}
	}
	if _, ok := m.Config["model"]; ok && r.spec != nil {
		m.Config["model"] = r.spec.String() // not "@FILE", which may change or go
	}
	m.History = r.hist.Epochs
	m.Epoch = r.trainer.Epoch()
	m.TrainData, m.ValData = r.trainData, r.valData
	m.State = r.trainer.Export()
	m.Kernels = kernels.Signature()
	return m
}

func (r *trainRun) saveCheckpoint(path string) error {
	return model.Save(path, r.snapshot())
}

// writeOutputs writes --plot, whatever way the run ended (the --json
// document is the JSONMetrics callback's).
func (r *trainRun) writeOutputs() error {
	if r.cfg.Plot != "" && len(r.hist.Epochs) > 0 {
		if err := runplot.Write(r.cfg.Plot, callbacks.HistoryScalars(r.hist.Epochs), ParamHistograms(r.net)); err != nil {
			return err
		}
	}
	return nil
}

// jsonMetrics is the --json writer: the history, the final test metrics
// and the run's flags, its time counted from start; with start zero (the
// callbacks a resumed run's state is imported into, before training) it
// is the writer as far as made, for the run's time to be imported into.
func (r *trainRun) jsonMetrics(start time.Time) *callbacks.JSONMetrics {
	if r.json == nil {
		// Made once: the one Import restores the run's time into (before
		// training, start zero) is the one that writes.
		r.json = &callbacks.JSONMetrics{History: r.hist}
	}
	c := r.json
	if start.IsZero() {
		return c
	}
	c.Path, c.Test, c.Start, c.Config, c.Monitor = r.cfg.JSON, r.testDS, start, map[string]any{}, r.bestMonitor()
	c.EarlyStopping = r.bestEarlyStopping()
	if r.ds.Targets != nil {
		c.TestScores = func(*nn.Trainer) (model.RegressionScores, error) {
			return regressionScores(r.net, r.ds.Test, r.ds.Targets, evalBatch(r.net))
		}
	}
	for name, v := range r.flags() {
		c.Config[name] = configValue(v)
	}
	// Lists are JSON arrays, whatever their length ("16" and "16,8" alike).
	if r.spec == nil {
		c.Config["layers"] = append([]int{}, r.cfg.Arch.Hidden...)
	} else {
		delete(c.Config, "layers") // --model says the network
		c.Config["model"] = r.spec.String()
	}
	c.Config["milestones"] = append([]int{}, r.cfg.Milestones...)
	c.Config["class-weights"] = append([]float64{}, r.cfg.ClassWeights...)
	return c
}

// flags are the run's settings as flag text: the CLI's Flags, or, for a
// library user's run, Config.FlagValues.
func (r *trainRun) flags() map[string]string {
	if r.cfg.Flags != nil {
		return r.cfg.Flags
	}
	return r.cfg.FlagValues()
}

// configValue turns a flag's text back into a JSON number or boolean where
// it is one.
func configValue(s string) any {
	if b, err := strconv.ParseBool(s); err == nil && (s == "true" || s == "false") {
		return b
	}
	if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
		return f
	}
	return s
}

// saveWeights writes --save-weights, the weights-only file, at the end of
// a run.
func (r *trainRun) saveWeights() error {
	if r.cfg.SaveWeights == "" {
		return nil
	}
	if err := model.Save(r.cfg.SaveWeights, model.WeightsOnly(r.snapshot())); err != nil {
		return fmt.Errorf("--save-weights: %w", err)
	}
	if !r.cfg.Quiet {
		fmt.Fprintf(r.out, "saved the weights to %s\n", r.cfg.SaveWeights)
	}
	return nil
}
