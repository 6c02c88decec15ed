package callbacks

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// Checkpoint saves the run as a brawn checkpoint (model.Save) at the end
// of epochs, as keras.callbacks.ModelCheckpoint: to Path after every
// Every-th epoch (counted from 1), and to BestPath after each epoch whose
// Monitor value improves strictly on the best so far (Keras's np.less for
// a loss, np.greater for an accuracy, its mode "auto"; a NaN never
// improves). Monitor takes the names EarlyStopping does
// (nn.ResolveMonitor), the training set's "loss" and "accuracy" too, as
// Keras's ModelCheckpoint does: without a validation set, the best file is
// the epoch that fitted the training set best. Fit refuses a BestPath
// whose Monitor its epochs will not have (Setup): a validation metric
// without a validation set, an accuracy without class labels. Put it after
// Health, so a diverged epoch is never saved, and after EarlyStopping;
// put it before the callbacks that write reports (TensorBoard,
// JSONMetrics), whose error would end Fit before the epoch is saved. The
// save to Path due at an epoch that stops training early is made when
// training ends (OnTrainEnd), after EarlyStopping has restored the best
// weights (RestoreBest), so that the file holds the model training left. With OnInterrupt, an interrupted
// run is saved too, and with SaveAtEnd a finished one. Fit refuses a
// Checkpoint with neither Path nor BestPath, which would save nothing.
//
// Path may be a PathTemplate, as ModelCheckpoint's filepath may:
// "ck-{epoch:02d}-{val_loss:.4f}.safetensors" saves each epoch due a save
// to a file of its own, named by the epoch's number and metrics. Each such
// file holds its epoch as it ended: the epoch that stops training early
// is saved then too, with its own weights rather than those EarlyStopping
// restores, which are in the best epoch's file (when it was due a save).
// SaveAtEnd saves the last epoch of this Fit under its name, the one that
// stops early before the restore; OnInterrupt is refused with a template,
// whose names are of whole epochs.
type Checkpoint struct {
	nn.BaseCallback
	// Snapshot returns the checkpoint to write (required): the model, its
	// description and, to resume, the Trainer's state (Trainer.Export,
	// which holds the Checkpoint's best value, see StateKey).
	Snapshot func(t *nn.Trainer) *model.Model
	Path     string // file saved every Every epochs; "" saves none there
	Every    int    // 0 or 1: every epoch; negative is refused
	BestPath string // file saved when Monitor improves; "" saves none there
	Monitor  string // nn.ResolveMonitor's: "val_loss" (the default, ""), "val_accuracy", "loss", "accuracy", or Keras's "acc", "val_acc"
	// OnInterrupt saves to Path also when Fit ends because its context
	// was cancelled (context.Canceled, as signal.NotifyContext does on
	// SIGINT or SIGTERM) or passed its deadline (context.DeadlineExceeded,
	// a time budget given with context.WithTimeout), mid-epoch: the
	// checkpoint then holds the
	// position between two steps, from which a run resumes
	// bit-identically.
	OnInterrupt bool
	// SaveAtEnd saves to Path once more when Fit ends without an error
	// (all epochs done, or stopped early), whatever Every: the file then
	// holds the model as training left it (the best weights after an
	// early stop with RestoreBest), as a save after Fit would. Keras's
	// ModelCheckpoint saves only at epoch ends.
	SaveAtEnd bool
	// W, when set, receives a line for each improvement saved to BestPath.
	W io.Writer
	// LastSaved is the last epoch saved to Path (0: none yet).
	LastSaved int
	// LastPath is the file of the last save to Path: Path, or the name
	// its template gave ("" before the first).
	LastPath string

	best    float64
	bestSet bool
	// stopSave: the epoch that stopped training early was due a save to
	// Path, which OnTrainEnd makes.
	stopSave bool
	tmpl     *PathTemplate      // Path as a template (nil: a plain name)
	values   map[string]float64 // the last epoch's values, for tmpl
	saver    model.Saver        // encodes only the epochs of the history new since the last save
}

// OnTrainEnd implements nn.Callback: with OnInterrupt, it saves an
// interrupted run to Path; with SaveAtEnd, a run that ended without an
// error; and the save to Path due at an epoch that stopped training early,
// made here so that it holds the weights EarlyStopping restored.
func (c *Checkpoint) OnTrainEnd(t *nn.Trainer, err error) error {
	stopSave := c.stopSave
	c.stopSave = false
	switch {
	case c.Path == "":
		return nil
	case err == nil && (c.SaveAtEnd || stopSave) && !(c.tmpl != nil && (c.values == nil || c.LastSaved == t.Epoch())):
		path := c.EpochPath()
		if err := c.save(t, path, t.Epoch()); err != nil {
			return fmt.Errorf("saving the final checkpoint: %w", err)
		}
		c.LastSaved, c.LastPath = t.Epoch(), path
	case c.OnInterrupt && interrupted(err):
		if err := c.save(t, c.Path, t.Epoch()); err != nil {
			return fmt.Errorf("interrupted, and saving the checkpoint failed: %w", err)
		}
		c.LastPath = c.Path
	}
	return nil
}

// save writes Snapshot's model to path, after epoch.
func (c *Checkpoint) save(t *nn.Trainer, path string, epoch int) error {
	m := c.Snapshot(t)
	if m == nil {
		return fmt.Errorf("callbacks: Checkpoint.Snapshot returned nil for %s after epoch %d; it must return the model to save", path, epoch)
	}
	return c.saver.Save(path, m)
}

// interrupted reports whether Fit ended with err because its context was
// cancelled or passed its deadline.
func interrupted(err error) bool {
	return errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)
}

// BestKey returns the state scalar that keeps the best value of monitor,
// so that a resumed run saves only what beats it.
func BestKey(monitor string) string { return checkpointKey + "." + monitor }

// monitor is Monitor's name in EpochInfo.Metric and in the state, "val_loss"
// for ""; check refuses a name that does not resolve.
func (c *Checkpoint) monitor() string {
	name, _ := nn.ResolveMonitor(c.Monitor)
	if name == "" {
		return nn.MetricValLoss
	}
	return name
}

// OnTrainBegin implements nn.Callback: it checks the configuration, and
// returns an error if Snapshot is nil, Path and BestPath are both empty,
// Monitor is not a metric name (nn.ResolveMonitor), or Every is negative.
func (c *Checkpoint) OnTrainBegin(*nn.Trainer) error {
	c.values = nil
	return c.check()
}

// Setup implements nn.SetupCallback: it checks the configuration, that
// Path and BestPath can be written (atomicfile.Probe: their directory
// exists and takes a new file) and, with BestPath, that the epochs of this
// Fit have the Monitor metric (a validation set, with class labels for
// "val_accuracy"), so that a checkpoint that could never be saved is
// refused before training rather than after the first epoch.
func (c *Checkpoint) Setup(t *nn.Trainer) error {
	if err := c.check(); err != nil {
		return err
	}
	for _, p := range []struct{ field, path string }{{"Path", c.Path}, {"BestPath", c.BestPath}} {
		if p.path == "" {
			continue
		}
		if err := atomicfile.Probe(p.path); err != nil {
			return fmt.Errorf("callbacks: Checkpoint.%s: %w", p.field, err)
		}
	}
	if c.BestPath != "" {
		if err := t.CheckMetric(c.monitor()); err != nil {
			return fmt.Errorf("callbacks: Checkpoint.BestPath: %w", err)
		}
	}
	return c.checkTemplateFields(t)
}

func (c *Checkpoint) check() error {
	if c.Snapshot == nil {
		return errors.New("callbacks: Checkpoint needs a Snapshot function")
	}
	if c.Path == "" && c.BestPath == "" {
		return errors.New("callbacks: Checkpoint has neither a Path nor a BestPath: it would save nothing")
	}
	if _, err := nn.ResolveMonitor(c.Monitor); err != nil {
		return fmt.Errorf("callbacks: Checkpoint.Monitor: %w", err)
	}
	if c.Every < 0 {
		return fmt.Errorf("callbacks: Checkpoint.Every %d is negative; 0 or 1 saves every epoch", c.Every)
	}
	return c.parseTemplate()
}

// OnEpochEnd implements nn.Callback: the best model first, then the
// periodic checkpoint. It returns an error if Snapshot returns nil or
// model.Save fails (the best model's prefixed "best model: "); the
// periodic save is not attempted after a failed best one.
func (c *Checkpoint) OnEpochEnd(t *nn.Trainer, e *nn.EpochInfo) error {
	if err := c.saveBest(t, e); err != nil {
		return err
	}
	c.values = epochValues(e)
	// A template's file of the epoch that stops is its epoch's, written
	// before EarlyStopping restores other weights.
	lastOfTemplate := c.tmpl != nil && c.SaveAtEnd && e.StopEarly
	if c.Path == "" || (e.Epoch%max(c.Every, 1) != 0 && !lastOfTemplate) {
		return nil
	}
	if e.StopEarly && c.tmpl == nil {
		// EarlyStopping restores the best weights after this epoch's
		// callbacks: the file is to hold those, as training leaves them.
		c.stopSave = true
		return nil
	}
	path := c.EpochPath()
	if err := c.save(t, path, e.Epoch); err != nil {
		return err
	}
	c.LastSaved, c.LastPath = e.Epoch, path
	return nil
}

func (c *Checkpoint) saveBest(t *nn.Trainer, e *nn.EpochInfo) error {
	if c.BestPath == "" {
		return nil
	}
	v, err := e.Metric(c.monitor())
	if err != nil {
		// Setup saw that Fit's epochs have the metric: this is an epoch
		// of hooks called by hand, without validation or with a NaN
		// accuracy, and neither improves.
		return nil
	}
	mode, _ := nn.MonitorMode("auto", c.monitor())
	if !c.bestSet {
		c.best, c.bestSet = math.Inf(1), true
		if mode == "max" {
			c.best = math.Inf(-1)
		}
	}
	improved := v < c.best
	if mode == "max" {
		improved = v > c.best
	}
	if !improved {
		return nil
	}
	from := c.best
	c.best = v
	if err := c.save(t, c.BestPath, e.Epoch); err != nil {
		return fmt.Errorf("best model: %w", err)
	}
	if c.W != nil {
		was := "no value"
		if !math.IsInf(from, 0) {
			was = strconv.FormatFloat(from, 'g', 5, 64)
		}
		fmt.Fprintf(c.W, "epoch %d: %s improved from %s to %.5g, saved the model to %s\n", e.Epoch, c.monitor(), was, v, c.BestPath)
	}
	return nil
}

// checkpointKey is Checkpoint's StateKey for n 0: BestKey's prefix.
const checkpointKey = "save_best"

// StateKey implements nn.StatefulCallback: "save_best" (then
// "save_best_<n>"), so Trainer.Export holds the best value under BestKey.
func (c *Checkpoint) StateKey(n int) string { return indexedKey(checkpointKey, n) }

// Export implements nn.StatefulCallback: the best monitored value so far,
// once there is one, under the monitor's name ("val_loss").
func (c *Checkpoint) Export() *nn.State {
	s := nn.NewState()
	if c.bestSet && !math.IsInf(c.best, 0) {
		s.Scalars[c.monitor()] = c.best
	}
	return s
}

// Import implements nn.StatefulCallback: it restores the best value Export
// saved; a state without one leaves the best unset. Its error is always
// nil: any value is accepted.
func (c *Checkpoint) Import(s *nn.State) error {
	if v, ok := s.Scalars[c.monitor()]; ok {
		c.best, c.bestSet = v, true
	}
	return nil
}
