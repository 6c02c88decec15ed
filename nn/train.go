package nn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/dist"
)

// Trainer trains a Sequential: Epochs passes over shuffled mini-batches of
// the training set, an optimizer step per batch, optional evaluation,
// penalties and clipping, and Callbacks around it (learning-rate schedules
// and early stopping are callbacks: LRScheduler, EarlyStopping). Configure
// the exported fields, then call Fit. Its position (epoch, step, shuffle
// order, the RNGs, the optimizer's state and the StatefulCallbacks' state)
// can be exported and imported so an interrupted run resumes
// bit-identically.
type Trainer struct {
	Model     *Sequential // built by NewSequential
	Loss      Loss        // of Model's output against each batch's labels or targets
	Optimizer Optimizer   // over Model's parameters
	BatchSize int         // samples per optimizer step (the last batch may be smaller)
	Epochs    int         // Fit trains until this many epochs are complete, resumed ones included
	// RNG shuffles the training set at each epoch start (nil: no shuffling).
	RNG     *RNG
	Penalty Penalty // L1/L2 on weight matrices, added to the loss and gradients; Fit refuses a negative or non-finite coefficient
	// ClipNorm > 0 clips gradients by global norm; ClipValue > 0 clamps
	// them (after norm clipping); see ClipGradNorm (Pascanu et al. 2013)
	// and ClipGradValue. 0 turns either off; Fit refuses a negative or
	// non-finite one. Neither applies to non-finite gradients: they stop
	// Fit (see NonFiniteError).
	ClipNorm, ClipValue float64
	// TrackHealth records per-layer statistics (EpochInfo.Stats) and the
	// epoch's mean gradient norm (EpochInfo.MeanGradNorm).
	TrackHealth bool
	// EvalBatchSize is the batch size for evaluation (0: BatchSize).
	EvalBatchSize int
	// Leaf > 0 computes every training batch in leaves of Leaf
	// consecutive samples: each leaf's forward and backward passes on its
	// own rows, its gradients from zero, and the batch's gradient as the
	// fold of the leaves' in order (see package dist). The result does not
	// depend on how many processes share the leaves, which is what makes
	// data-parallel training (Comm) bit-identical to one process with the
	// same Leaf. BatchNorm1d then normalises over each leaf (ghost batch
	// normalisation). 0 computes each batch whole, or with a Comm (of any
	// size) in leaves of DefaultLeaf.
	Leaf int
	// Comm, when it has more than one rank, makes Fit data-parallel over
	// its ranks (Horovod's design; see package dist): BatchSize is the
	// global batch, which the ranks' number must divide; rank r computes
	// its run of each batch's leaves; every rank takes the same optimizer
	// step on the gathered gradient; rank 0's weights and buffers are
	// broadcast when Fit starts, its buffers (running statistics) at the
	// end of each epoch. The Callbacks run on every rank, which see the
	// same losses and metrics, so schedules and early stopping agree; give
	// the callbacks that write (checkpoints, logs, progress) to rank 0
	// alone, as Horovod asks. A callback's stop (ErrStop, StopEarly) or
	// error, a cancelled ctx or an error on any rank ends Fit on every
	// rank at the same point (see RankError). Every rank must call Fit
	// with the same configuration, callbacks that steer training and data.
	// Each rank evaluates the whole validation set.
	Comm dist.Comm
	// Callbacks are called in order at the start and end of training, of
	// each epoch and after each step (see Callback); each is listed once
	// (Fit refuses a nil one or a repeat). The state of those
	// that are StatefulCallbacks (LRScheduler, EarlyStopping) is part of
	// Export. Set them before Import.
	Callbacks []Callback

	// Position, exported by Export.
	epoch, step, global int // completed epochs; completed steps in the current epoch
	epochLoss           float64
	epochCorrect        int
	epochSamples        int
	epochIgnored        int // samples whose label the loss ignores, which the accuracy leaves out
	epochGradNorm       float64
	epochStartHi        uint64 // shuffle RNG state at the current epoch's start
	epochStartLo        uint64
	haveEpochStart      bool
	// epochDrawn: the current epoch's order is drawn (startEpoch ran),
	// though Fit may have stopped before its first step.
	epochDrawn bool
	// resumedGradNorms: the layers' gradient norms an Import restored,
	// until the next step (see importGradNorms).
	resumedGradNorms []float64
	// Whether the current Fit's training and validation sets have class
	// labels (an accuracy, CheckMetric).
	labeled, valLabeled bool

	perm   []int
	valLen int
	batch  Batch
	argmax []int
	info   StepInfo
	undo   stepUndo
	leaves leafBuffers
	sums   stepSums
}

// SetThreads sets the goroutines the model and the optimizer use (<= 0:
// GOMAXPROCS). Results do not depend on it.
func (t *Trainer) SetThreads(n int) {
	if t.Model != nil {
		t.Model.SetThreads(n)
	}
	if o, ok := t.Optimizer.(interface{ SetThreads(int) }); ok {
		o.SetThreads(n)
	}
}

// Epoch returns the number of completed epochs.
func (t *Trainer) Epoch() int { return t.epoch }

// EpochStep returns the number of completed steps in the current epoch
// (0 between epochs).
func (t *Trainer) EpochStep() int { return t.step }

// TrainLen returns the number of training samples per epoch of the
// current (or last) Fit, from its OnTrainBegin on; 0 before the first Fit.
func (t *Trainer) TrainLen() int { return len(t.perm) }

// GlobalStep returns the number of completed optimizer steps.
func (t *Trainer) GlobalStep() int { return t.global }

// ValLen returns the number of validation samples of the current (or
// last) Fit, from its callbacks' Setup on (0 without a validation set).
func (t *Trainer) ValLen() int { return t.valLen }

// fresh reports whether no step has been done: Fit then starts a new run
// rather than resume one.
func (t *Trainer) fresh() bool { return t.epoch == 0 && t.step == 0 && t.global == 0 }

func (t *Trainer) check(train *data.Dataset) error {
	switch {
	case t.Model == nil || t.Loss == nil || t.Optimizer == nil:
		return errors.New("nn: Trainer needs a Model, a Loss and an Optimizer")
	case nilPointer(t.Optimizer) || nilPointer(t.Loss):
		return fmt.Errorf("nn: Trainer's Optimizer (%T) or Loss (%T) is a nil pointer; did its constructor return an error?", t.Optimizer, t.Loss)
	}
	if err := t.Model.CheckBuilt(); err != nil {
		return err
	}
	switch {
	case t.BatchSize <= 0:
		return fmt.Errorf("nn: batch size %d must be positive", t.BatchSize)
	case t.Epochs < 0:
		return fmt.Errorf("nn: epochs %d is negative", t.Epochs)
	case train == nil:
		return errors.New("nn: Fit needs a training set (got nil)")
	}
	if err := t.checkCoefficients(); err != nil {
		return err
	}
	if err := t.checkCallbacks(); err != nil {
		return err
	}
	if err := t.checkOptimizerParams(); err != nil {
		return err
	}
	if err := t.checkLeaves(); err != nil {
		return err
	}
	if t.distributed() && t.BatchSize%t.Comm.Size() != 0 {
		return fmt.Errorf("nn: the batch size %d is not a multiple of the %d ranks: the ranks share the global batch's leaves of %d samples in contiguous runs", t.BatchSize, t.Comm.Size(), t.leafSize())
	}
	if err := checkData(t.Model, t.Loss, train, "training"); err != nil {
		return err
	}
	if err := t.CheckPosition(train.Len()); err != nil {
		return err
	}
	if err := t.checkBatchSizes(train.Len()); err != nil {
		return err
	}
	return t.checkLeafSizes(train.Len())
}

// checkBatchSizes refuses, before the first step, a run whose batches
// include one the model cannot train on: with BatchNorm1d, a batch of one
// sample, whether BatchSize is 1 or the epoch's last partial batch has 1
// sample. PyTorch fails at that step, mid-epoch, with the same message;
// Keras's BatchNormalization has no such limit.
func (t *Trainer) checkBatchSizes(n int) error {
	full := min(t.BatchSize, n)
	if err := t.Model.checkBatch(full, true); err != nil {
		if full == n {
			return fmt.Errorf("%w; the training set has %d sample(s)", err, n)
		}
		return fmt.Errorf("%w; the batch size is %d", err, full)
	}
	if last := n % t.BatchSize; last > 0 && last < full {
		if err := t.Model.checkBatch(last, true); err != nil {
			return fmt.Errorf("%w; %d training samples in batches of %d leave a last batch of %d: choose a batch size that leaves a last batch of at least 2, or none", err, n, t.BatchSize, last)
		}
	}
	return nil
}

// checkOptimizerParams refuses an Optimizer built on parameters that are
// not the Model's (another model's, or a copy): its steps would update
// tensors the model never reads, and training would silently do nothing.
func (t *Trainer) checkOptimizerParams() error {
	own := t.Model.Params()
	for _, g := range t.Optimizer.Groups() {
		for _, p := range g.Params {
			if !slices.Contains(own, p) {
				return fmt.Errorf("nn: the Optimizer's parameter %q is not one of the Model's; build the optimizer on Model.Params()", p.Name)
			}
		}
	}
	return nil
}

// Fit trains from the current position up to Epochs completed epochs,
// evaluating on val (may be nil) after each epoch. Before any step, it
// returns an error if the configuration or the data do not fit the model,
// including a batch of one sample (BatchSize 1, or an epoch's last partial
// batch) for a model with BatchNorm1d, which PyTorch refuses mid-epoch
// with "Expected more than 1 value per channel when training", and a
// batch of one sample in the validation pass for a model that normalises
// with its batch's statistics in evaluation too (see
// Sequential.CheckEvalBatches). It returns
// nil when done or stopped early (by a callback's EpochInfo.StopEarly or
// ErrStop; a run EarlyStopping has stopped returns nil at once, its Setup
// returning ErrStop, and a run with no step done starts EarlyStopping
// afresh), a *NonFiniteError when
// a step's loss, gradients or update are not finite (the model then holds
// the weights before that step; see NonFiniteError), ctx's error when ctx
// is cancelled (checked before every step and, in one process, before
// every batch of the validation pass and, with EvaluateContext, of an
// EpochEvaluator's; the position is then consistent and
// can be exported), or a callback's error. The Callbacks
// run around it as Callback describes. A panic in training (a callback's,
// a layer's) runs the begun callbacks' OnTrainEnd with a *PanicError, then
// Fit panics again with the same value. Fit leaves the model in training
// mode, as a PyTorch training loop does; Evaluate, Sequential.Predict and
// model.Model's inference set evaluation mode themselves and restore the
// mode they found.
func (t *Trainer) Fit(ctx context.Context, train, val *data.Dataset) error {
	err := t.checkFit(train, val)
	if ctx == nil {
		err = errors.New("nn: Trainer.Fit needs a context (got nil; context.Background() is one that never ends)")
	}
	if t.distributed() {
		// Every rank learns of another's bad configuration or data.
		if err = t.agree(err); err == nil {
			err = t.startDistributed(train.Len())
		}
	}
	if err != nil {
		return err
	}
	n := train.Len()
	if len(t.perm) != n {
		t.perm = make([]int, n)
		for i := range t.perm {
			t.perm[i] = i
		}
	}
	t.valLen = 0
	if val != nil {
		t.valLen = val.Len()
	}
	t.labeled, t.valLabeled = train.Y != nil, val != nil && val.Y != nil
	if err := t.agree(t.setup()); err != nil {
		return stopErr(err)
	}
	t.Model.SetTrackHealth(t.TrackHealth)
	began, ending := 0, false
	defer func() {
		if ending {
			return
		}
		if r := recover(); r != nil {
			// The callbacks that began still end (TensorBoard flushes its
			// events); a panic in their OnTrainEnd must not hide r.
			t.trainEnd(began, &PanicError{Value: r})
			panic(r)
		}
	}()
	err = t.agree(t.trainBegin(&began))
	if err == nil {
		err = t.run(ctx, train, val)
	}
	ending = true
	err, panicked := t.trainEnd(began, stopErr(err))
	if panicked != nil {
		panic(panicked)
	}
	return err
}

// checkFit returns Fit's error for a configuration or data it cannot
// train with, before anything runs.
func (t *Trainer) checkFit(train, val *data.Dataset) error {
	if err := t.check(train); err != nil {
		return err
	}
	if val != nil {
		if err := checkData(t.Model, t.Loss, val, "validation"); err != nil {
			return err
		}
		if err := t.checkValBatches(val.Len()); err != nil {
			return err
		}
	}
	return nil
}

// checkValBatches refuses, before the first step, a validation set of n
// samples whose pass at each epoch's end would run a batch of one sample
// through a layer that normalises with its batch's statistics (see
// Sequential.CheckEvalBatches), rather than fail after the first epoch.
func (t *Trainer) checkValBatches(n int) error {
	var e *EvalBatchError
	if err := t.Model.CheckEvalBatches(n, t.EvalBatch()); !errors.As(err, &e) {
		return err
	}
	if e.N == 1 {
		return e.reword("the validation set has 1 sample: give it 2 or more, or none")
	}
	field := "EvalBatchSize"
	if t.EvalBatchSize <= 0 {
		field = "BatchSize"
	}
	return e.reword(fmt.Sprintf("the validation set's %d samples at %s %d leave a batch of %d: set EvalBatchSize to 3 or more", e.N, field, e.BatchSize, e.Rows))
}

// EvalBatch is the batch size of the Trainer's evaluation passes (its
// validation set's, and callbacks' such as callbacks.History's test set):
// EvalBatchSize, or BatchSize when that is 0.
func (t *Trainer) EvalBatch() int {
	if t.EvalBatchSize > 0 {
		return t.EvalBatchSize
	}
	return t.BatchSize
}

// run is Fit's loop over epochs and steps, from the current position.
func (t *Trainer) run(ctx context.Context, train, val *data.Dataset) error {
	n := train.Len()
	steps := (n + t.BatchSize - 1) / t.BatchSize
	for t.epoch < t.Epochs {
		start := time.Now()
		if err := t.agree(ctx.Err()); err != nil {
			return err
		}
		// An epoch drawn by a Fit that stopped before its first step keeps
		// its order: a second draw would advance the shuffle RNG again.
		if t.step == 0 && !t.epochDrawn {
			t.startEpoch()
		} else if err := t.restorePerm(); err != nil {
			return err
		}
		resumed := t.epochSamples
		if err := t.agree(t.epochBegin()); err != nil {
			return err
		}
		t.Model.Train()
		for t.step < steps {
			if err := t.agree(ctx.Err()); err != nil {
				return err
			}
			lo := t.step * t.BatchSize
			idx := t.perm[lo:min(lo+t.BatchSize, n)]
			if err := t.trainStep(train, idx, steps); err != nil {
				return err
			}
			if err := t.agree(t.stepEnd()); err != nil {
				return err
			}
		}
		if err := t.shareHealth(); err != nil {
			return err
		}
		info, err := t.endEpoch(ctx, val, time.Since(start), resumed)
		if err := t.agree(err); err != nil {
			return err
		}
		err = t.epochEnd(info)
		if err == nil && info.StopEarly {
			err = t.restoreAtStop()
		}
		if err == nil && info.StopEarly && t.distributed() {
			err = ErrStop // a callback's stop, which every rank must learn of
		}
		if err := t.agree(err); err != nil {
			return err
		}
		if info.StopEarly {
			return nil
		}
	}
	return nil
}

// stopRestorer is a callback with something to do once every callback's
// OnEpochEnd has seen the epoch that stops training, before OnTrainEnd:
// EarlyStopping's restore of the best weights, which the epoch's
// callbacks must not see, as its metrics are not theirs.
type stopRestorer interface {
	restoreBest(m *Sequential) error
}

// restoreAtStop runs the stopRestorers among the callbacks.
func (t *Trainer) restoreAtStop() error {
	for _, c := range t.Callbacks {
		if r, ok := c.(stopRestorer); ok {
			if err := r.restoreBest(t.Model); err != nil {
				return err
			}
		}
	}
	return nil
}

// startEpoch records the shuffle RNG state and draws the epoch's order.
func (t *Trainer) startEpoch() {
	t.epochLoss, t.epochCorrect, t.epochSamples, t.epochIgnored, t.epochGradNorm = 0, 0, 0, 0, 0
	t.Model.ResetStats()
	if t.RNG == nil {
		return
	}
	t.epochStartHi, t.epochStartLo = t.RNG.State()
	t.haveEpochStart = true
	t.RNG.Permute(t.perm)
	t.epochDrawn = true
}

// restorePerm redraws the current epoch's order after Import, from the
// shuffle state saved at the epoch's start, leaving the RNG where it was.
func (t *Trainer) restorePerm() error {
	if t.RNG == nil {
		return nil
	}
	if !t.haveEpochStart {
		return errors.New("nn: resuming mid-epoch needs the shuffle state of the epoch's start")
	}
	hi, lo := t.RNG.State()
	t.RNG.SetState(t.epochStartHi, t.epochStartLo)
	t.RNG.Permute(t.perm)
	t.RNG.SetState(hi, lo)
	return nil
}

func (t *Trainer) trainStep(train *data.Dataset, idx []int, steps int) error {
	lr := t.Optimizer.Groups()[0].LR
	var loss, gnorm float64
	var correct int
	var err error
	if g := t.leafSize(); g > 0 {
		plan := t.planLeaves(len(idx), g, t.distributed())
		t.setMeanWeight(train, idx, nil)
		err = t.batch.Gather(train, idx[plan.lo:plan.hi])
		loss, correct, gnorm, err = t.leafStep(&t.batch, plan, err)
	} else if err = t.batch.gatherThreads(train, idx, t.Model.env.threads()); err == nil {
		loss, correct, gnorm, err = t.step1(&t.batch)
	}
	if err != nil {
		var nf *NonFiniteError
		if errors.As(err, &nf) {
			nf.Epoch, nf.Step, nf.GlobalStep = t.epoch+1, t.step+1, t.global+1
		}
		return err
	}
	bs := len(idx) // the global batch, also when each rank computes a part
	ignored := CountIgnored(t.Loss, train.Y, idx)
	t.resumedGradNorms = nil
	t.step++
	t.global++
	t.epochLoss += float64(loss * sampleWeight(t.Loss, bs)) // unfused: see nn/doc.go
	t.epochCorrect += correct
	t.epochSamples += bs
	t.epochIgnored += ignored
	t.epochGradNorm += gnorm
	t.info = StepInfo{Epoch: t.epoch + 1, Step: t.step, Steps: steps, GlobalStep: t.global,
		Samples: bs, Loss: loss, Correct: correct, Ignored: ignored, LR: lr, GradNorm: gnorm}
	return nil
}

// TrainBatch runs one training step on b outside Fit's bookkeeping:
// forward, loss, backward, penalty, clipping and the optimizer step (no
// callback runs, so no LRScheduler steps). It returns the loss (penalty included) and the number
// of correctly classified samples. A non-finite loss, gradient or update
// returns a *NonFiniteError (Epoch and Step 0) and leaves the model and
// the optimizer as they were before the call; a nil batch, one whose X is
// not a batch of the model's samples, or one the model refuses in its
// current mode (Sequential.CheckBatch) gives an error before anything
// runs. Once buffers exist for b's size, it allocates nothing. With Leaf,
// it computes b in leaves, in this process whatever Comm says.
func (t *Trainer) TrainBatch(b *Batch) (loss float64, correct int, err error) {
	if b == nil {
		return 0, 0, fmt.Errorf("nn: TrainBatch: the batch is nil")
	}
	if err := t.Model.checkInput(&b.X); err != nil {
		return 0, 0, fmt.Errorf("nn: TrainBatch: %w", err)
	}
	if err := t.Model.CheckBatch(b.X.Rows()); err != nil {
		return 0, 0, err
	}
	if t.Leaf > 0 {
		if err := t.checkLeaves(); err != nil {
			return 0, 0, err
		}
		if err := t.Model.CheckBatch(min(t.Leaf, b.Len())); err != nil {
			return 0, 0, err
		}
		if last := b.Len() % t.Leaf; last > 0 {
			if err := t.Model.CheckBatch(last); err != nil {
				return 0, 0, err
			}
		}
		t.setMeanWeight(nil, nil, b.Labels)
		loss, correct, _, err = t.leafStep(b, t.planLeaves(b.Len(), t.Leaf, false), nil)
		return loss, correct, err
	}
	loss, correct, _, err = t.step1(b)
	return loss, correct, err
}

// step1 runs one training step. On an error, the model's buffers and RNG
// are put back as they were, and the update is not applied (see
// NonFiniteError).
func (t *Trainer) step1(b *Batch) (loss float64, correct int, gnorm float64, err error) {
	m := t.Model
	t.undo.saveModel(m)
	defer func() {
		if err != nil {
			t.undo.restoreModel(m)
		}
	}()
	// The penalty changes the gradients after the backward pass.
	out, loss, err := t.forwardBackward(b, t.Penalty.none())
	if err != nil {
		return 0, 0, 0, err
	}
	if b.Labels != nil {
		correct = countCorrect(out, b.Labels, t.Loss, &t.argmax)
	}
	loss, gnorm, err = t.update(loss)
	if err != nil {
		return loss, 0, gnorm, err
	}
	return loss, correct, gnorm, nil
}

// epochLR is the first group's rate used by the epoch's last step: after
// it a step schedule has already set the next step's. Without a step of
// the epoch in this Fit (resumed after its last one), it is the rate now.
func (t *Trainer) epochLR() float64 {
	if t.info.Epoch == t.epoch+1 && t.info.Step == t.step && t.step > 0 {
		return t.info.LR
	}
	return t.Optimizer.Groups()[0].LR
}

// endEpoch ends the epoch: its EpochInfo, with the validation metrics,
// once the EpochEvaluators have scored it. A ctx done during the
// validation pass or an EpochEvaluator's stops it with ctx's error, the
// epoch's steps done and the epoch not yet ended, so that a resumed Fit
// evaluates it again; not with ranks, which must all stop at one point
// and only agree on it between steps.
func (t *Trainer) endEpoch(ctx context.Context, val *data.Dataset, d time.Duration, resumed int) (*EpochInfo, error) {
	info := &EpochInfo{
		Epoch:          t.epoch + 1,
		TrainLoss:      t.epochLoss / float64(t.epochSamples),
		TrainAccuracy:  math.NaN(),
		LR:             t.epochLR(),
		Samples:        t.epochSamples,
		ResumedSamples: resumed,
		Duration:       d,
	}
	if t.labeled {
		info.TrainAccuracy = Accuracy(t.epochCorrect, t.epochSamples, t.epochIgnored)
	}
	if t.TrackHealth {
		info.Stats = t.Model.Stats()
		if len(t.resumedGradNorms) == len(info.Stats) {
			// No step since the import: the gradients are not the
			// epoch's last step's, which importGradNorms kept.
			for i := range info.Stats {
				info.Stats[i].GradNorm = t.resumedGradNorms[i]
			}
		}
		info.MeanGradNorm = t.epochGradNorm / float64(t.step)
	}
	if t.distributed() {
		ctx = context.Background() // ranks stop together, between steps
	}
	if val != nil {
		m, err := EvaluateContext(ctx, t.Model, t.Loss, val, t.EvalBatch())
		if err != nil {
			return nil, err
		}
		info.HasVal, info.ValLoss, info.ValAccuracy = true, m.Loss, m.Accuracy
		t.Model.Train()
	}
	if err := t.evaluateEpoch(ctx, info); err != nil {
		return nil, err
	}
	t.epoch++
	t.step = 0
	t.epochDrawn = false
	return info, nil
}

// checkCoefficients refuses a clipping bound or penalty coefficient that
// is negative or not finite: as given, a negative ClipNorm or L2 would be
// ignored or reverse the penalty, and a NaN would only show as a NaN loss
// steps later, blamed on training.
func (t *Trainer) checkCoefficients() error {
	for _, c := range []struct {
		name string
		v    float64
	}{{"ClipNorm", t.ClipNorm}, {"ClipValue", t.ClipValue}, {"Penalty.L1", t.Penalty.L1}, {"Penalty.L2", t.Penalty.L2}} {
		if !(c.v >= 0 && !math.IsInf(c.v, 1)) {
			return fmt.Errorf("nn: Trainer.%s %g must be a finite number >= 0 (0 turns it off)", c.name, c.v)
		}
	}
	return nil
}
