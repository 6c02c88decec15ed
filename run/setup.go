package run

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
	"github.com/brawn-ml/brawn/runplot"
)

// setup loads the data and builds the network, optimizer, schedules, loss
// and trainer; when resuming, it restores the saved weights and position.
func (r *trainRun) setup() error {
	tf := r.cfg
	ds, err := tf.Data.loadTrain(tf.ValSplit, tf.Seed)
	if err != nil {
		return err
	}
	r.ds = ds
	r.trainData = model.Identify(ds.Train)
	r.arch = tf.Arch
	r.arch.Inputs, r.arch.Classes, r.arch.Outputs = ds.Train.Features, ds.Train.Classes, 0
	if tf.Arch.Activation != "leakyrelu" {
		r.arch.LeakySlope = 0
	}
	if err := setTask(&r.arch, tf.Loss, ds.Train); err != nil {
		return err
	}
	if tf.Model != "" {
		if err := r.setupModule(); err != nil {
			return err
		}
	} else if err := r.setupMLP(); err != nil {
		return err
	}
	if m := r.resumed; m != nil {
		if err := sameData(m.TrainData, tf.Resume, r.trainData); err != nil {
			return err
		}
		// The same values under other column names would record the new
		// names, and eval would then refuse the files the run began on.
		if err := featureNames(m, ds.Train); err != nil {
			return fmt.Errorf("--resume %s: %w", tf.Resume, err)
		}
	}
	// One seeded generator draws the initial weights, then the seeds of
	// the shuffling and dropout generators, so --seed fixes everything.
	rng := nn.NewRNG(tf.Seed)
	if tf.Init == "pytorch" && r.spec != nil { // a module's layers start as PyTorch starts them
		r.net.ResetParameters(rng)
	} else {
		var bias nn.Initializer = nn.Zeros{}
		if tf.Init == "pytorch" {
			bias = nn.PyTorchLinearBias{}
		}
		r.net.Init(rng, initializer(tf.Init, tf.Arch.Activation, tf.Arch.LeakySlope), bias)
	}
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
	r.loss = tf.newLoss(r.arch.Classes)
	r.trainer = &nn.Trainer{
		Model: r.net, Loss: r.loss, Optimizer: opt,
		BatchSize: tf.Batch, Epochs: tf.Epochs, RNG: shuffle,
		Penalty:       nn.Penalty{L1: tf.L1, L2: tf.L2},
		ClipNorm:      tf.ClipNorm,
		TrackHealth:   true,
		EvalBatchSize: evalBatch(r.net),
	}
	r.trainer.Comm, r.trainer.Leaf = tf.Comm, tf.Leaf
	r.trainer.SetThreads(tf.Threads)
	// The schedules and early stopping come first among the callbacks
	// (trainCallbacks adds the others), and before Import, which restores
	// their state.
	for _, s := range epochSched {
		r.trainer.Callbacks = append(r.trainer.Callbacks, nn.NewLRScheduler(s))
	}
	for _, s := range stepSched {
		r.trainer.Callbacks = append(r.trainer.Callbacks, nn.NewStepLRScheduler(s))
	}
	var es *nn.EarlyStopping
	if tf.EarlyStop > 0 {
		es = nn.NewEarlyStopping(tf.EarlyStop)
		es.RestoreBest = true
		r.trainer.Callbacks = append(r.trainer.Callbacks, es)
	}
	r.health = &callbacks.Health{Init: tf.Init, Activation: tf.Arch.Activation, BatchNorm: r.normalized(), Module: r.spec != nil, Remedies: &FlagRemedies}
	r.health.Baseline(callbacks.LinearHealth(r.net, r.net.Stats()))
	r.ckpt = &callbacks.Checkpoint{
		Snapshot: func(*nn.Trainer) *model.Model { return r.snapshot() },
		Path:     tf.Save, Every: tf.SaveEvery, BestPath: tf.SaveBest, Monitor: tf.Monitor,
	}
	if !tf.Quiet {
		r.ckpt.W = r.errw
	}
	if m := r.resumed; m != nil {
		if m.State == nil {
			return fmt.Errorf("%s holds a model without its training state (optimizer, position), so it cannot be resumed", tf.Resume)
		}
		if err := r.net.LoadStateDict(m.Weights()); err != nil {
			return fmt.Errorf("%s: %w", tf.Resume, err)
		}
		r.restoreHorizon(m)
		// Config's Callbacks join the Trainer's after the schedules and
		// early stopping (trainCallbacks), so they are there for Import to
		// restore their state too.
		own := r.trainer.Callbacks
		r.trainer.Callbacks = append(slices.Clip(own), tf.Callbacks...)
		err := r.trainer.Import(withoutEntries(m.State, healthKey, bestKey))
		r.trainer.Callbacks = own
		if err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		if err := r.trainer.CheckPosition(r.ds.Train.Len()); err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		if err := r.health.ImportState(m.State); err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		r.ckpt.ImportState(m.State)
		r.hist.Epochs = append(r.hist.Epochs, m.History...)
		if es != nil && es.StoppedEpoch() != 0 {
			return fmt.Errorf("%s: this run already stopped early after epoch %d (no better validation loss for %s); there is nothing to resume", tf.Resume, es.StoppedEpoch(), Plural(tf.EarlyStop, "epoch"))
		}
		if r.trainer.Epoch() >= tf.Epochs {
			return BadField("epochs", tf.Epochs, "%s has already run %d epochs; ask for more to continue it", tf.Resume, r.trainer.Epoch())
		}
		if err := r.resumeSchedule(m); err != nil {
			return err
		}
	}
	return nil
}

// The state keys of Health and Checkpoint, which join the Trainer's
// callbacks after Import and are restored by their ImportState.
const (
	healthKey = "health."
	bestKey   = "save_best."
)

// withoutEntries returns a copy of s without the entries whose names start
// with one of prefixes.
func withoutEntries(s *nn.State, prefixes ...string) *nn.State {
	drop := func(k string) bool {
		return slices.ContainsFunc(prefixes, func(p string) bool { return strings.HasPrefix(k, p) })
	}
	o := nn.NewState()
	o.Merge("", s)
	maps.DeleteFunc(o.Tensors, func(k string, _ []float32) bool { return drop(k) })
	maps.DeleteFunc(o.Scalars, func(k string, _ float64) bool { return drop(k) })
	maps.DeleteFunc(o.Words, func(k string, _ uint64) bool { return drop(k) })
	return o
}

// setupMLP builds the MLP of Arch (--layers and its settings).
func (r *trainRun) setupMLP() error {
	tf := r.cfg
	if m := r.resumed; m != nil && (m.Arch == nil || !reflect.DeepEqual(*m.Arch, r.arch)) {
		return fmt.Errorf("%s holds a %s network (%s), but these data and flags make %s (%s); resume with the data it was trained on",
			tf.Resume, m.ArchString(), m.PyTorch(), r.arch, r.arch.PyTorch())
	}
	if r.arch.Params() <= model.MaxParams {
		if err := checkMemory(r.arch, tf.Optimizer, tf.Batch, EvalBatch); err != nil {
			return err
		}
	}
	var err error
	if r.net, err = r.arch.Build(); err != nil && r.arch.Params() > model.MaxParams {
		return fmt.Errorf("%s (--layers)", err)
	}
	return err
}

// setupModule builds the network of Model (--model); a resumed run's
// checkpoint must hold the same one, for the same sample shape.
func (r *trainRun) setupModule() error {
	r.arch = model.MLP{Inputs: r.arch.Inputs, Classes: r.arch.Classes, Outputs: r.arch.Outputs}
	if m := r.resumed; m != nil {
		if err := headerConflict(fmt.Sprintf("%s: %q", r.cfg.Resume, model.MetaInputShape), m.Net.InShape(), r.ds.Train, "resume with the data it was trained on"); err != nil {
			return err
		}
	}
	net, spec, err := r.buildModule()
	if err != nil {
		return err
	}
	// The built network's module string is canonical, as the checkpoint's
	// is: --model may spell the same network otherwise (print(model)'s
	// keywords, (3, 3) for 3, inplace=True).
	built := (&model.Model{Net: net}).PyTorch()
	if m := r.resumed; m != nil && (m.Arch != nil || m.PyTorch() != built || !slices.Equal(m.Net.InShape(), net.InShape())) {
		return fmt.Errorf("%s holds the network %s for samples of shape %v, but --model and these data make %s for samples of shape %v (%s); resume with the same --model and data",
			r.cfg.Resume, m.PyTorch(), m.Net.InShape(), built, net.InShape(), networkDifference(m, net))
	}
	r.net, r.spec = net, &spec
	return checkNetMemory(net, r.cfg.Optimizer, r.cfg.Batch, evalBatch(net))
}

// normalized reports whether the network has batch normalization: the
// MLP's --batchnorm, or a module's BatchNorm1d or BatchNorm2d layer.
func (r *trainRun) normalized() bool {
	if r.spec == nil {
		return r.cfg.Arch.BatchNorm
	}
	return hasBatchNorm(r.spec.Layers)
}

func hasBatchNorm(layers []model.Layer) bool {
	for _, l := range layers {
		if l.Type == "BatchNorm1d" || l.Type == "BatchNorm2d" {
			return true
		}
		for _, sub := range l.Sub {
			if hasBatchNorm(sub) {
				return true
			}
		}
	}
	return false
}

// archString names the network for the summary: the MLP's sizes, or the
// module string.
func (r *trainRun) archString() string {
	if r.spec != nil {
		return r.spec.String()
	}
	return r.arch.String()
}

// trainCallbacks are the run's callbacks after the schedules and early
// stopping, in order: the history (with the test set's metrics), the
// Config's Callbacks, the progress display (unless --quiet), the health warnings and the
// divergence stop, the TensorBoard events (--logdir), the --json metrics
// (timed from start) and the checkpoints.
func (r *trainRun) trainCallbacks(start time.Time) []nn.Callback {
	r.hist.Test = r.testDS
	r.hist.Extra = r.epochExtras
	list := append([]nn.Callback{r.hist}, r.cfg.Callbacks...)
	if !r.cfg.Quiet { // --quiet prints only errors and the result
		prog := callbacks.NewProgress(r.errw, time.Duration(r.cfg.LogEvery*float64(time.Second)))
		prog.Line = func(e *nn.EpochInfo) string { return epochLine(*r.hist.Last(), e.HasVal) }
		list = append(list, prog)
		r.health.W = r.errw
	}
	list = append(list, r.health)
	list = append(list, &callbacks.Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error { r.lastGoodEpoch = e.Epoch; return nil }})
	if r.events != nil {
		list = append(list, r.events)
	}
	if r.cfg.JSON != "" {
		list = append(list, r.jsonMetrics(start))
	}
	if r.ckpt.Path == "" && r.ckpt.BestPath == "" {
		return list
	}
	return append(list, r.ckpt)
}

// epochExtras adds to the history's entry of an epoch a regression's
// scores and every Linear layer's health.
func (r *trainRun) epochExtras(_ *nn.Trainer, e *nn.EpochInfo, m *model.EpochMetrics) error {
	if err := r.addScores(m); err != nil {
		return err
	}
	lh := callbacks.LinearHealth(r.net, e.Stats)
	for _, l := range lh {
		lm := model.LayerMetrics{Layer: l.Layer, WeightNorm: l.WeightNorm, GradNorm: l.GradNorm}
		if l.DeadFraction >= 0 {
			d := l.DeadFraction
			lm.DeadFraction = &d
		}
		m.Layers = append(m.Layers, lm)
	}
	return nil
}

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
	m.TrainData = r.trainData
	m.State = r.trainer.Export()
	r.health.ExportState(m.State)
	r.ckpt.ExportState(m.State)
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
// and the run's flags, from start.
func (r *trainRun) jsonMetrics(start time.Time) *callbacks.JSONMetrics {
	c := &callbacks.JSONMetrics{Path: r.cfg.JSON, History: r.hist, Test: r.testDS, Start: start, Config: map[string]any{}}
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

// sameData refuses to resume on training data other than the run's
// (saved, from the checkpoint); a checkpoint that records none (an older
// file) is not checked.
func sameData(saved *model.DataIdentity, checkpoint string, now *model.DataIdentity) error {
	if saved == nil || saved.Matches(now) {
		return nil
	}
	return fmt.Errorf("%s was trained on other data: %s gave %d samples of %d features (checksum %s), %s gives %d samples of %d features (checksum %s); resume with the data it was trained on",
		checkpoint, saved.Source, saved.Samples, saved.Features, saved.Checksum, now.Source, now.Samples, now.Features, now.Checksum)
}

// networkDifference says where a resumed checkpoint's network first
// differs from the one built for this run, so that a long module string
// need not be compared by eye: a layer, the number of layers, or the
// sample shape.
func networkDifference(saved *model.Model, net *nn.Sequential) string {
	if !slices.Equal(saved.Net.InShape(), net.InShape()) {
		return fmt.Sprintf("samples of shape %v, not %v", net.InShape(), saved.Net.InShape())
	}
	a, errA := saved.Spec()
	b, errB := model.SpecOf(net)
	if errA != nil || errB != nil {
		return "the networks differ"
	}
	for i := range min(len(a.Layers), len(b.Layers)) {
		if x, y := a.Layers[i].String(), b.Layers[i].String(); x != y {
			return fmt.Sprintf("layer %d is %s, not %s", i, y, x)
		}
	}
	if len(a.Layers) == len(b.Layers) {
		return "the networks differ"
	}
	return fmt.Sprintf("%d layers, not %d", len(b.Layers), len(a.Layers))
}
