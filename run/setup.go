package run

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// setup loads the data and builds the network, optimizer, schedules, loss
// and trainer; when resuming, it restores the saved weights and position.
// ctx stops the reading of CSV files.
func (r *trainRun) setup(ctx context.Context) error {
	tf := r.cfg
	// A resumed run reads its data with the checkpoint's label mapping:
	// one of an earlier brawn took labels 1..K as class indices 0..K.
	classes, names := 0, []string(nil)
	if m := r.resumed; m != nil && !m.Regression() {
		classes, names = m.NumClasses(), m.ClassNames
	}
	load := tf.Data
	load.ctx = ctx
	load.loss = tf.newLoss(2) // any class count: only a classifier's loss ignores a label
	if load.Progress == nil && !tf.Quiet {
		load.ShowLoading(r.errw, tf.LogEvery)
	}
	ds, err := load.loadTrain(tf.ValSplit, tf.Seed, classes, names)
	if err != nil {
		return err
	}
	r.ds = ds
	r.trainData = model.Identify(ds.Train)
	if ds.Val != nil {
		r.valData = model.Identify(ds.Val)
		if tf.Data.Val == "" { // held out of --train: name the part, not the whole file
			r.valData.Source = "the --val-split part of " + ds.Val.Source
		}
	}
	if err := checkRanksData(tf.Comm, r.trainData, r.valData); err != nil {
		return err
	}
	r.arch = tf.Arch
	r.arch.Inputs, r.arch.Classes, r.arch.Outputs = ds.Train.Features, ds.Train.Classes, 0
	if tf.Arch.Activation != "leakyrelu" {
		r.arch.LeakySlope = 0
	}
	if err := setTask(&r.arch, tf.Loss, ds.Train); err != nil {
		return err
	}
	if err := checkClassCount(tf.ClassWeights, ds.Train.Classes, ds.Train.ClassNames, ds.Train.Source); err != nil {
		return err
	}
	if tf.Model != "" {
		if err := r.setupModule(); err != nil {
			return err
		}
	} else if err := r.setupMLP(); err != nil {
		return err
	}
	if err := r.checkEvalSets(); err != nil {
		return err
	}
	if m := r.resumed; m != nil {
		if err := sameData("trained", m.TrainData, tf.Resume, r.trainData); err != nil {
			return err
		}
		if err := sameData("validated", m.ValData, tf.Resume, r.valData); err != nil {
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
	epochSched, stepSched, err := newSchedulers(tf, opt, stepsPerEpoch(ds.Train.Len(), tf.Batch))
	if err != nil {
		return err
	}
	r.loss = tf.newLoss(r.arch.Classes)
	r.trainer = &nn.Trainer{
		Model: r.net, Loss: r.loss, Optimizer: opt,
		BatchSize: tf.Batch, Epochs: tf.Epochs, RNG: shuffle,
		Penalty:       nn.Penalty{L1: tf.L1, L2: tf.L2},
		ClipNorm:      tf.ClipNorm,
		ClipValue:     tf.ClipValue,
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
		r.trainer.Callbacks = append(r.trainer.Callbacks, nn.NewLRSchedulerPerStep(s))
	}
	var es *nn.EarlyStopping
	if tf.EarlyStop > 0 {
		es = tf.earlyStopping()
		r.es = es
		r.trainer.Callbacks = append(r.trainer.Callbacks, es)
	}
	r.health = &callbacks.Health{Init: tf.Init, Activation: tf.Arch.Activation, BatchNorm: r.normalized(), Module: r.spec != nil, Remedies: &FlagRemedies}
	r.health.Baseline(callbacks.LinearHealth(r.net, r.net.Stats()))
	if !tf.Quiet {
		r.health.W = r.errw
	}
	r.ckpt = &callbacks.Checkpoint{
		Snapshot: func(*nn.Trainer) *model.Model { return r.snapshot() },
		Path:     tf.Save, Every: tf.SaveEvery, BestPath: tf.SaveBest, Monitor: tf.Monitor,
		// A template's last epoch is saved under its own name (the one
		// that stops early before the restore); a plain --save is saved
		// at the end by run.
		SaveAtEnd: callbacks.IsPathTemplate(tf.Save),
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
		if err := tf.checkCycleEpochs(m); err != nil {
			return err
		}
		// Import restores every stateful callback of the run: the
		// schedules and early stopping, and the ones trainCallbacks adds
		// when training starts, in their order there, so that each reads
		// the entries it wrote.
		own := r.trainer.Callbacks
		r.trainer.Callbacks = append(slices.Clip(own), r.trainCallbacks(time.Time{})...)
		err := r.trainer.Import(m.State)
		r.trainer.Callbacks = own
		if err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		if err := r.trainer.CheckPosition(r.ds.Train.Len()); err != nil {
			return model.StateError(tf.Resume, m.State, err)
		}
		if w := kernelsChange(tf.Resume, m.Kernels, kernels.Signature()); w != "" && !tf.Quiet {
			fmt.Fprintln(r.errw, w)
		}
		r.hist.Epochs = append(r.hist.Epochs, m.History...)
		if tf.resumeAuto && es != nil && es.StoppedEpoch() != 0 {
			r.complete = r.completeRun(es.StoppedEpoch(), es.BestEpoch())
			return nil
		}
		if tf.resumeAuto && r.trainer.Epoch() >= tf.Epochs {
			r.complete = r.completeRun(0, 0)
			return nil
		}
		if es != nil && es.StoppedEpoch() != 0 {
			return fmt.Errorf("%s: this run already stopped early after epoch %d (%s); there is nothing to resume", tf.Resume, es.StoppedEpoch(), tf.earlyStopWhy())
		}
		if r.trainer.Epoch() >= tf.Epochs {
			return BadField("epochs", tf.Epochs, "%s has already run %s; ask for more to continue it", tf.Resume, Plural(r.trainer.Epoch(), "epoch"))
		}
		if err := r.resumeSchedule(m); err != nil {
			return err
		}
	}
	return nil
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

// checkEvalSets refuses, before training, a validation or test set that
// the network would have to evaluate one sample alone at evalBatch
// (nn.Sequential.CheckEvalBatches), naming the flag that gives it more:
// brawn train has none for the evaluation batch, which leaves a batch of
// one only for a set of one sample (nn.Sequential.EvalBatchEnd evens out
// the last two batches otherwise).
func (r *trainRun) checkEvalSets() error {
	d := r.cfg.Data
	testFix, valFix := "give --test a file of 2 or more samples", "use a larger --val-split, or none"
	if d.Val != "" {
		valFix = "give --val a file of 2 or more samples"
	}
	switch {
	case d.TestSplit > 0:
		testFix = "use a larger --test-split"
	case d.TestLimit > 0:
		testFix = "use a larger --test-limit"
	}
	for _, s := range []struct {
		set       *data.Dataset
		name, fix string
	}{{r.ds.Val, "validation", valFix}, {r.ds.Test, "test", testFix}} {
		if s.set == nil {
			continue
		}
		err := r.net.CheckEvalBatches(s.set.Len(), evalBatch(r.net))
		var e *nn.EvalBatchError
		switch {
		case errors.As(err, &e) && e.N == 1:
			return fmt.Errorf("the %s set has 1 sample, which the network cannot evaluate: it normalises with its batch's statistics "+
				"(a batch norm without running statistics), and one sample has no batch variance; %s", s.name, s.fix)
		case err != nil:
			return fmt.Errorf("the %s set: %w", s.name, err)
		}
	}
	return nil
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
// short module string its checkpoint records, whichever spelling --model
// gave (print(model)'s keywords).
func (r *trainRun) archString() string {
	if r.spec != nil {
		return (&model.Model{Net: r.net}).PyTorch()
	}
	return r.arch.String()
}

// trainCallbacks are the run's callbacks after the schedules and early
// stopping, in order: the history (with the test set's metrics), the
// Config's Callbacks, the progress display (unless --quiet), the health
// warnings and the divergence stop, the checkpoints, then the TensorBoard
// events (--logdir), the --json metrics (timed from start) and the
// --csv-log rows. Among them
// are the stateful callbacks whose state a checkpoint holds and a resumed
// run restores (setup's Import): the Config's, Health and Checkpoint.
//
// The order is that of what each needs: the history first, as the
// checkpoint's snapshot, the events and the metrics hold its entry of the
// epoch; the health check before the checkpoint, so that a diverged
// epoch is never saved; the stateful callbacks before the checkpoint, so
// that it holds their state at the end of the epoch it saves; and the
// reports that write files after the checkpoint, because Fit stops at the
// first callback error: a full disk or a lost directory under --logdir or
// --json must not cost the epoch that just finished. (The progress
// display never fails, and stays before the health warnings, which
// follow its epoch line.)
func (r *trainRun) trainCallbacks(start time.Time) []nn.Callback {
	list := append([]nn.Callback{r.hist}, r.cfg.Callbacks...)
	if !r.cfg.Quiet { // --quiet prints only errors and the result
		prog := callbacks.NewProgress(r.errw, time.Duration(r.cfg.LogEvery*float64(time.Second)))
		prog.Line = func(e *nn.EpochInfo) string { return epochLine(*r.hist.Last(), e.HasVal) }
		list = append(list, prog)
	}
	list = append(list, r.health)
	list = append(list, &callbacks.Lambda{EpochEnd: func(_ *nn.Trainer, e *nn.EpochInfo) error { r.lastGoodEpoch = e.Epoch; return nil }})
	if r.ckpt.Path == "" && r.ckpt.BestPath == "" {
		// Fit refuses a Checkpoint that saves nothing, but the best value
		// a resumed run restored into it stays in the checkpoints this
		// run writes, for a later --save-best to improve on.
		list = append(list, &stateOnly{c: r.ckpt})
	} else {
		list = append(list, r.ckpt)
	}
	if r.events != nil {
		list = append(list, r.events)
	}
	if j := r.jsonMetrics(start); r.cfg.JSON != "" {
		list = append(list, j)
	} else {
		// The run's time so far goes on in the checkpoints without
		// --json too, for a resumed run's --json to count it.
		list = append(list, &stateOnly{c: j})
	}
	if r.cfg.CSVLog != "" {
		list = append(list, &callbacks.CSVLogger{Path: r.cfg.CSVLog})
	}
	return list
}

// stateOnly is a StatefulCallback's state without its hooks: Fit keeps
// it in the Trainer's state (Export, Import), and calls nothing else.
type stateOnly struct {
	nn.BaseCallback
	c nn.StatefulCallback
}

// StateKey implements nn.StatefulCallback: the callback's.
func (s *stateOnly) StateKey(n int) string { return s.c.StateKey(n) }

// Export implements nn.StatefulCallback: the callback's state.
func (s *stateOnly) Export() *nn.State { return s.c.Export() }

// Import implements nn.StatefulCallback: it restores the callback's
// state.
func (s *stateOnly) Import(st *nn.State) error { return s.c.Import(st) }

// epochExtras adds to the history's entry of an epoch a regression's
// scores and every Linear layer's health.
func (r *trainRun) epochExtras(_ *nn.Trainer, e *nn.EpochInfo, m *model.EpochMetrics) error {
	if err := r.addScores(m); err != nil {
		return err
	}
	if e.Stats != nil { // health tracked
		g := e.MeanGradNorm
		m.GradNorm = &g
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
