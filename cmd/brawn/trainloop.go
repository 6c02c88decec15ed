package main

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/runplot"
)

// setup loads the data and builds the network, optimizer, schedules, loss
// and trainer; when resuming, it restores the saved weights and position.
func (r *trainRun) setup() error {
	tf := r.tf
	ds, err := r.df.loadTrain(tf.ValSplit, tf.Seed)
	if err != nil {
		return err
	}
	r.ds = ds
	r.trainData = model.Identify(ds.Train)
	r.arch = model.MLP{Inputs: ds.Train.Features, Hidden: tf.Layers, Classes: ds.Train.Classes, Activation: tf.Activation, Dropout: tf.Dropout, BatchNorm: tf.BatchNorm}
	if tf.Activation == "leakyrelu" {
		r.arch.LeakySlope = tf.LeakySlope
	}
	if err := setTask(&r.arch, tf.Loss, ds.Train); err != nil {
		return err
	}
	if m := r.resumed; m != nil && (m.Arch == nil || !reflect.DeepEqual(*m.Arch, r.arch)) {
		return fmt.Errorf("%s holds a %s network (%s), but these data and flags make %s (%s); resume with the data it was trained on",
			tf.Resume, m.ArchString(), m.PyTorch(), r.arch, r.arch.PyTorch())
	}
	if m := r.resumed; m != nil {
		if err := sameData(m.TrainData, tf.Resume, r.trainData); err != nil {
			return err
		}
	}
	if r.arch.Params() <= model.MaxParams {
		if err := checkMemory(r.arch, tf.Optimizer, tf.Batch, evalBatch); err != nil {
			return err
		}
	}
	if r.net, err = r.arch.Build(); err != nil {
		return err
	}
	// One seeded generator draws the initial weights, then the seeds of
	// the shuffling and dropout generators, so --seed fixes everything.
	rng := nn.NewRNG(tf.Seed)
	var bias nn.Initializer = nn.Zeros{}
	if tf.Init == "pytorch" {
		bias = nn.PyTorchLinearBias{}
	}
	r.net.Init(rng, initializer(tf.Init, tf.Activation, tf.LeakySlope), bias)
	shuffle := nn.NewRNG(rng.Uint64())
	r.net.SetRNG(nn.NewRNG(rng.Uint64()))

	opt, err := newOptimizer(tf, r.net.Params())
	if err != nil {
		return fmt.Errorf("--optimizer %s: %w", tf.Optimizer, err)
	}
	epochSched, stepSched, err := newSchedulers(tf, opt)
	if err != nil {
		return err
	}
	r.loss = newLoss(tf, r.arch.Classes)
	r.trainer = &nn.Trainer{
		Model: r.net, Loss: r.loss, Optimizer: opt,
		BatchSize: tf.Batch, Epochs: tf.Epochs, RNG: shuffle,
		EpochSchedulers: epochSched, StepSchedulers: stepSched,
		Penalty:       nn.Penalty{L1: tf.L1, L2: tf.L2},
		ClipNorm:      tf.ClipNorm,
		TrackHealth:   true,
		EvalBatchSize: evalBatch,
	}
	r.trainer.SetThreads(tf.Threads)
	if tf.EarlyStop > 0 {
		es := nn.NewEarlyStopping(tf.EarlyStop)
		es.RestoreBest = true
		r.trainer.EarlyStopping = es
	}
	r.health = newHealthMonitor()
	r.health.init, r.health.activation, r.health.batchNorm = tf.Init, tf.Activation, tf.BatchNorm
	r.health.baseline(r.layerHealth(r.net.Stats()))
	if m := r.resumed; m != nil {
		if m.State == nil {
			return fmt.Errorf("%s holds a model without its training state (optimizer, position), so it cannot be resumed", tf.Resume)
		}
		if err := r.net.LoadStateDict(m.Weights()); err != nil {
			return fmt.Errorf("%s: %w", tf.Resume, err)
		}
		if err := r.trainer.Import(m.State); err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		if err := r.trainer.CheckPosition(r.ds.Train.Len()); err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		if err := checkHealthState(m.State); err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		r.history = append(r.history, m.History...)
		if es := r.trainer.EarlyStopping; es != nil && es.StoppedEpoch() != 0 {
			return fmt.Errorf("%s: this run already stopped early after epoch %d (no better validation loss for %s); there is nothing to resume", tf.Resume, es.StoppedEpoch(), plural(tf.EarlyStop, "epoch"))
		}
		if r.trainer.Epoch() >= tf.Epochs {
			return badFlag("epochs", tf.Epochs, "%s has already run %d epochs; ask for more to continue it", tf.Resume, r.trainer.Epoch())
		}
		if err := r.resumeSchedule(m); err != nil {
			return err
		}
		if initial, ok := initialRMS(m); ok {
			r.health.initialRMS = initial
		}
		r.firstLoss = m.State.Scalars[firstLossKey]
	}
	return nil
}

// layerHealth turns nn's per-layer statistics into the warnings' input:
// one entry per Linear layer, with the dead fraction of the ReLU that
// follows it (after an optional BatchNorm1d).
func (r *trainRun) layerHealth(stats []nn.LayerStats) []layerHealth {
	var out []layerHealth
	for i, s := range stats {
		if s.Type != "Linear" {
			continue
		}
		l := r.net.Layers[i].Params()[0].Value
		h := layerHealth{
			Layer:      layerLabel(r.net, i),
			Index:      strconv.Itoa(i),
			WeightNorm: s.WeightNorm, GradNorm: s.GradNorm, Elements: len(l.Data), DeadFraction: -1,
		}
		for j := i + 1; j < len(stats) && stats[j].Type != "Linear"; j++ {
			if stats[j].HasDead {
				h.DeadFraction = stats[j].Dead
				break
			}
		}
		out = append(out, h)
	}
	return out
}

func (r *trainRun) startEpochProgress(n int) {
	r.stepLoss, r.stepCorrect, r.stepSamples = 0, 0, 0
	r.prog.startEpoch(r.trainer.Epoch()+1, r.tf.Epochs, n)
}

// testHookStep, when set (by tests only), runs after every training step.
var testHookStep func(r *trainRun, s *nn.StepInfo)

func (r *trainRun) onStep(s *nn.StepInfo) error {
	if testHookStep != nil {
		testHookStep(r, s)
	}
	if r.events != nil {
		if err := r.events.step(s); err != nil {
			return err
		}
	}
	if r.firstLoss == 0 {
		r.firstLoss = s.Loss
	}
	r.stepLoss += s.Loss * float64(s.Samples)
	r.stepCorrect += s.Correct
	r.stepSamples += s.Samples
	done := min(s.Step*r.tf.Batch, r.ds.Train.Len())
	r.prog.step(done, r.stepLoss/float64(r.stepSamples), float64(r.stepCorrect)/float64(r.stepSamples))
	return nil
}

func (r *trainRun) onEpoch(e *nn.EpochInfo) error {
	test, err := nn.Evaluate(r.net, r.loss, r.testDS, evalBatch)
	if err != nil {
		return err
	}
	secs := e.Duration.Seconds()
	m := model.EpochMetrics{
		Epoch: e.Epoch, TrainLoss: e.TrainLoss, TrainAccuracy: e.TrainAccuracy,
		TestLoss: test.Loss, TestAccuracy: test.Accuracy, LR: e.LR, Seconds: secs,
	}
	if secs > 0 {
		// The samples this process trained in the epoch: after a
		// mid-epoch resume, e.Samples also counts those before it.
		m.SamplesPerSec = float64(r.stepSamples) / secs
	}
	if e.HasVal {
		vl, va := e.ValLoss, e.ValAcc
		m.ValLoss, m.ValAccuracy = &vl, &va
	}
	if err := r.addScores(&m); err != nil {
		return err
	}
	lh := r.layerHealth(e.Stats)
	for _, l := range lh {
		lm := model.LayerMetrics{Layer: l.Layer, WeightNorm: l.WeightNorm, GradNorm: l.GradNorm}
		if l.DeadFraction >= 0 {
			d := l.DeadFraction
			lm.DeadFraction = &d
		}
		m.Layers = append(m.Layers, lm)
	}
	r.history = append(r.history, m)
	r.prog.endEpoch(m, e.HasVal)
	for _, w := range r.health.check(e.Epoch, e.TrainLoss, withoutDeadUnits(lh, e.Samples)) {
		if !r.tf.Quiet { // --quiet prints only errors and the result
			fmt.Fprintln(r.errw, w)
		}
	}
	// Stop before the checkpoint is overwritten with a diverged model.
	if err := r.checkDivergence(e.Epoch, e.TrainLoss, lh); err != nil {
		return err
	}
	r.lastGoodEpoch = e.Epoch
	if r.events != nil {
		if err := r.events.epoch(m, r.net, lh); err != nil {
			return err
		}
	}
	if err := r.saveBest(e); err != nil {
		return err
	}
	if r.tf.Save != "" && r.dueForSave(e.Epoch) {
		if err := r.saveCheckpoint(r.tf.Save); err != nil {
			return err
		}
		r.savedCheckpoints, r.lastSavedEpoch = true, e.Epoch
	}
	if e.Epoch < r.tf.Epochs && !e.StopEarly {
		r.startEpochProgress(r.ds.Train.Len())
	}
	return nil
}

// snapshot captures the run as a checkpoint: weights, data description,
// flags, history and the trainer's full state.
func (r *trainRun) snapshot() *model.Model {
	arch := r.arch
	m := &model.Model{
		Net: r.net, Arch: &arch, ClassNames: r.ds.Train.ClassNames, Scaler: r.ds.Scaler,
		Targets: model.NewTargets(r.ds.Train, r.ds.Targets), Config: map[string]string{},
	}
	r.fs.VisitAll(func(f *pflag.Flag) {
		if !outputFlags[f.Name] {
			m.Config[f.Name] = f.Value.String()
		}
	})
	m.History = r.history
	m.Epoch = r.trainer.Epoch()
	m.TrainData = r.trainData
	m.State = r.trainer.Export()
	for k, v := range r.health.initialRMS {
		m.State.Scalars[initialRMSPrefix+k] = v
	}
	if r.firstLoss != 0 {
		m.State.Scalars[firstLossKey] = r.firstLoss
	}
	r.exportBest(m.State)
	return m
}

func (r *trainRun) saveCheckpoint(path string) error {
	return model.Save(path, r.snapshot())
}

// checkHealthState checks the yardsticks of the health warnings and the
// divergence check that brawn adds to nn's state: the first loss and the
// initial weight RMS are finite numbers >= 0.
func checkHealthState(s *nn.State) error {
	for _, k := range slices.Sorted(maps.Keys(s.Scalars)) {
		v := s.Scalars[k]
		if (k == firstLossKey || strings.HasPrefix(k, initialRMSPrefix)) && !(v >= 0 && !math.IsInf(v, 1)) {
			return &nn.StateError{Key: k, Problem: fmt.Sprintf("is %v, want a finite number >= 0", v)}
		}
	}
	return nil
}

// initialRMSPrefix names the saved initial weight RMS of each layer.
const initialRMSPrefix = "health.initial_rms."

// initialRMS returns the per-layer weight RMS at the start of the run,
// saved so that a resumed run's warnings compare with the same baseline.
func initialRMS(m *model.Model) (map[string]float64, bool) {
	out := map[string]float64{}
	for k, v := range m.State.Scalars {
		if name, ok := strings.CutPrefix(k, initialRMSPrefix); ok {
			out[name] = v
		}
	}
	return out, len(out) > 0
}

// writeOutputs writes --json and --plot, whatever way the run ended.
func (r *trainRun) writeOutputs(final nn.Metrics, total time.Duration) error {
	tf := r.tf
	if tf.JSON != "" {
		weights, biases := r.net.NumParams()
		doc := runMetrics{
			Epochs: r.history, TestLoss: model.JSONFloat(final.Loss), TestAccuracy: model.JSONFloat(final.Accuracy),
			TotalSeconds: total.Seconds(), Parameters: weights + biases, Weights: weights, Biases: biases,
			Stopped: r.stopped, KernelLevel: kernels.Active().String(), Threads: r.threads(),
			TrainSamples: r.ds.Train.Len(), TestSamples: r.ds.Test.Len(), ValSamples: lenOf(r.ds.Val),
			Config: map[string]any{},
		}
		if r.resumed != nil {
			doc.ResumedAtEpoch = r.resumed.Epoch
		}
		r.finalScores(&doc)
		r.fs.VisitAll(func(f *pflag.Flag) { doc.Config[f.Name] = configValue(f.Value.String()) })
		// Lists are JSON arrays, whatever their length ("16" and "16,8" alike).
		doc.Config["layers"] = append([]int{}, tf.Layers...)
		doc.Config["milestones"] = append([]int{}, tf.Milestones...)
		if err := writeJSONFile(tf.JSON, doc); err != nil {
			return err
		}
	}
	if tf.Plot != "" && len(r.history) > 0 {
		if err := runplot.Write(tf.Plot, historyScalars(r.history), paramHistograms(r.net)); err != nil {
			return err
		}
	}
	return nil
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

// deadUnitsMinSamples is the epoch size below which units that never fired
// say nothing: on a handful of samples many healthy ReLU units stay off.
const deadUnitsMinSamples = 64

// withoutDeadUnits drops the dead-unit fractions from the warnings' input
// when the epoch saw too few samples for them to mean anything.
func withoutDeadUnits(lh []layerHealth, samples int) []layerHealth {
	if samples >= deadUnitsMinSamples {
		return lh
	}
	out := slices.Clone(lh)
	for i := range out {
		out[i].DeadFraction = -1
	}
	return out
}
