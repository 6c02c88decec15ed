package callbacks

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"runtime"
	"time"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// The values of RunMetrics.Stopped.
const (
	StoppedRunning     = "running"     // written at an epoch's end, training goes on
	StoppedCompleted   = "completed"   // Fit reached Trainer.Epochs
	StoppedEarly       = "early-stop"  // Fit ended without an error before Trainer.Epochs
	StoppedInterrupted = "interrupted" // Fit's context was cancelled (SIGINT, SIGTERM) or passed its deadline
	StoppedNonFinite   = "non-finite"  // a step met a non-finite value (*nn.NonFiniteError)
	StoppedError       = "error"       // Fit ended with another error
	// A run Health stops ends with its DivergedError.Stopped.
)

// RunMetrics is the JSON document of a run (`brawn train --json`): the
// History's epochs, the final test metrics (NaN, written null, before the
// first epoch or without a test set; a regression's MSE, MAE and R² in the
// targets' units), the time since the run started in seconds, the model's
// parameter counts, how training stopped, the kernel level, the threads,
// the sizes of the data sets, the epoch a resumed run started from, the
// best epoch of a monitored metric beside the epoch whose weights the
// model ends with (they differ when training ran on past the best epoch,
// and no EarlyStopping restored it), and the run's configuration.
type RunMetrics struct {
	Epochs         []model.EpochMetrics `json:"epochs"`                     // History.Epochs so far; [] before the first epoch's end
	TestLoss       model.JSONFloat      `json:"test_loss"`                  // final test loss, per sample
	TestAccuracy   model.JSONFloat      `json:"test_accuracy"`              // final test accuracy, a fraction in [0, 1]
	TestMSE        *model.JSONFloat     `json:"test_mse,omitempty"`         // a regression's, in the targets' units squared
	TestMAE        *model.JSONFloat     `json:"test_mae,omitempty"`         // a regression's, in the targets' units
	TestR2         *model.JSONFloat     `json:"test_r2,omitempty"`          // a regression's coefficient of determination
	TotalSeconds   float64              `json:"total_seconds"`              // wall-clock seconds of the run: since JSONMetrics.Start, plus a resumed run's earlier processes
	Parameters     int                  `json:"parameters"`                 // trainable values, Weights + Biases + Normalization
	Weights        int                  `json:"weights"`                    // values in weight tensors (nn.LayerInfo.Weights)
	Biases         int                  `json:"biases"`                     // values in bias vectors (nn.LayerInfo.Biases)
	Normalization  int                  `json:"normalization,omitempty"`    // batch norm's scales and shifts (nn.LayerInfo.Norm); left out for none
	Stopped        string               `json:"stopped"`                    // how training stopped: a Stopped* value
	KernelLevel    string               `json:"kernel_level"`               // kernels.Active(), e.g. "avx2-fma"
	Threads        int                  `json:"threads"`                    // the model's threads (GOMAXPROCS when it sets none)
	TrainSamples   int                  `json:"train_samples"`              // samples in the training set (Trainer.TrainLen)
	TestSamples    int                  `json:"test_samples"`               // samples in the test set; 0 without one
	ValSamples     int                  `json:"val_samples,omitempty"`      // samples in the validation split; 0 without one
	ResumedAtEpoch int                  `json:"resumed_at_epoch,omitempty"` // epochs done when a resumed run started; 0 for a fresh run
	Monitor        string               `json:"monitor,omitempty"`          // the metric best_epoch is of: JSONMetrics.Monitor, resolved
	BestEpoch      int                  `json:"best_epoch,omitempty"`       // the epoch with the best monitor value (History.BestBy: JSONMetrics.EarlyStopping's best epoch, or History.Best's); 0 before one
	WeightsEpoch   int                  `json:"weights_epoch,omitempty"`    // the epoch whose end the model's weights are of: the last, or the one EarlyStopping restored; 0 mid-epoch
	Config         map[string]any       `json:"config"`                     // JSONMetrics.Config, the run's settings
}

// JSONMetrics writes the run's RunMetrics to Path, as indented JSON and
// atomically (a reader sees the previous document or the new one, never
// half of one), after every epoch (Stopped "running") and at the end of
// training, however Fit ends. Put it after its History (and after Health,
// whose stop it reports) in Trainer.Callbacks.
//
// It is a nn.StatefulCallback: the Trainer's state holds the run's
// seconds so far under "json_metrics.total_seconds", so that a resumed
// run's TotalSeconds counts the processes before it, up to the state they
// saved (the time between a save and the process's end, and between the
// processes, is not counted).
//
// The final test metrics are the last epoch's (History.Test), except after
// an early stop, which may have restored the best weights: Test is then
// evaluated again, and TestScores, when set, gives a regression's scores
// in the targets' units.
type JSONMetrics struct {
	nn.BaseCallback
	// Path is the file to write (required).
	Path string
	// History supplies the epochs (required).
	History *History
	// Test is the test set as the model trains on it (History.Test): its
	// size, and the final metrics after an early stop (nil: History.Test;
	// without either, test_samples is 0 and the test metrics null).
	Test *data.Dataset
	// TestScores, when set, returns a regression's test scores in the
	// targets' units, for the final metrics after an early stop; the
	// other final scores are the last epoch's (EpochMetrics.TestR2 ...).
	TestScores func(t *nn.Trainer) (model.RegressionScores, error)
	// Config is written as the document's "config" (nil: {}).
	Config map[string]any
	// Monitor is the metric whose best epoch the document gives
	// (nn.ResolveMonitor's names; "": "val_loss", or "loss" for a run
	// without validation), as Checkpoint.Monitor.
	Monitor string
	// EarlyStopping, when set, makes the best epoch the one it counts
	// best (History.BestBy), as a run that keeps its weights reports it;
	// its Monitor must be Monitor (Setup refuses another). nil:
	// History.Best's, as a Checkpoint's BestPath keeps it.
	EarlyStopping *nn.EarlyStopping
	// Start is when the run started, for TotalSeconds (zero: when Fit
	// began training; a later fresh run with the same JSONMetrics then
	// starts its own clock).
	Start time.Time
	// autoStart is the Start OnTrainBegin set, not the caller.
	autoStart time.Time
	// before is the seconds a resumed run took before Start (Import).
	before float64

	resumedAt int
}

// OnTrainBegin implements nn.Callback: it checks the configuration and
// notes where a resumed run starts. It returns an error if Path is empty
// or History is nil.
func (c *JSONMetrics) OnTrainBegin(t *nn.Trainer) error {
	if err := c.check(); err != nil {
		return err
	}
	fresh := freshRun(t)
	if c.Start.IsZero() || fresh && c.Start.Equal(c.autoStart) {
		c.Start = time.Now()
		c.autoStart = c.Start
	}
	c.resumedAt = 0
	if t.GlobalStep() > 0 {
		c.resumedAt = t.Epoch()
	}
	if fresh {
		c.before = 0 // an earlier run's, had this one been imported
	}
	return nil
}

// seconds is the run's wall-clock time so far: before, and since Start.
func (c *JSONMetrics) seconds() float64 {
	if c.Start.IsZero() {
		return c.before
	}
	return c.before + time.Since(c.Start).Seconds()
}

// jsonMetricsKey is JSONMetrics's StateKey for n 0.
const jsonMetricsKey = "json_metrics"

// StateKey implements nn.StatefulCallback: "json_metrics" (then
// "json_metrics_<n>").
func (c *JSONMetrics) StateKey(n int) string { return indexedKey(jsonMetricsKey, n) }

// Export implements nn.StatefulCallback: "total_seconds", the run's
// seconds so far, as TotalSeconds would say now.
func (c *JSONMetrics) Export() *nn.State {
	s := nn.NewState()
	s.Scalars["total_seconds"] = c.seconds()
	return s
}

// Import implements nn.StatefulCallback: it restores the seconds the run
// took before it resumes. A state without them (saved before they were
// recorded) counts from Start; a value that is not a finite number >= 0
// is a *nn.StateError, and changes nothing.
func (c *JSONMetrics) Import(s *nn.State) error {
	v, ok := s.Scalars["total_seconds"]
	if !ok {
		c.before = 0
		return nil
	}
	if !(v >= 0) || math.IsInf(v, 0) {
		return &nn.StateError{Key: "total_seconds", Problem: fmt.Sprintf("is %v, want the run's seconds so far, a finite number >= 0", v)}
	}
	c.before = v
	return nil
}

// Setup implements nn.SetupCallback: it checks the configuration, that
// History is in Trainer.Callbacks before it, and that Path can be written (atomicfile.Probe: its directory exists and takes a
// new file), so that a document that could never be written is refused
// before training rather than after the first epoch.
func (c *JSONMetrics) Setup(t *nn.Trainer) error {
	if err := c.check(); err != nil {
		return err
	}
	if err := checkHistoryBefore(t, c.History, c, "JSONMetrics"); err != nil {
		return err
	}
	if err := atomicfile.Probe(c.Path); err != nil {
		return fmt.Errorf("callbacks: JSONMetrics.Path: %w", err)
	}
	return nil
}

func (c *JSONMetrics) check() error {
	switch {
	case c.Path == "":
		return errors.New("callbacks: JSONMetrics needs a Path")
	case c.History == nil:
		return errors.New("callbacks: JSONMetrics needs a History")
	}
	name, err := nn.ResolveMonitor(c.Monitor)
	if err != nil {
		return fmt.Errorf("callbacks: JSONMetrics.Monitor: %w", err)
	}
	if c.EarlyStopping != nil {
		// "" is val_loss or loss as the run has validation or not: only
		// two names that both resolve can be told to differ here.
		watched, err := nn.ResolveMonitor(c.EarlyStopping.Monitor)
		if err == nil && name != "" && watched != "" && watched != name {
			return fmt.Errorf("callbacks: JSONMetrics.Monitor %q is not the metric its EarlyStopping watches (%q): the best epoch would be another metric's", c.Monitor, c.EarlyStopping.Monitor)
		}
	}
	return nil
}

// OnEpochEnd implements nn.Callback: it writes the document so far. It
// returns the JSON encoding's or atomicfile.WriteFile's error, prefixed
// with Path.
func (c *JSONMetrics) OnEpochEnd(t *nn.Trainer, _ *nn.EpochInfo) error {
	doc := c.document(t, StoppedRunning)
	c.lastEpochTest(&doc)
	return c.write(doc)
}

// OnTrainEnd implements nn.Callback: it writes the final document, with
// how Fit ended (err) and the final test metrics.
func (c *JSONMetrics) OnTrainEnd(t *nn.Trainer, err error) error {
	doc := c.document(t, c.stopped(t, err))
	if doc.Stopped != StoppedEarly {
		c.lastEpochTest(&doc)
	} else if ferr := c.finalTest(t, &doc); ferr != nil {
		return ferr
	}
	return c.write(doc)
}

// stopped says how Fit ended with err.
func (c *JSONMetrics) stopped(t *nn.Trainer, err error) string {
	var nonFinite *nn.NonFiniteError
	var diverged *DivergedError
	switch {
	case err == nil:
		if last := c.History.Last(); last != nil && last.Epoch < t.Epochs {
			return StoppedEarly
		}
		return StoppedCompleted
	case interrupted(err):
		return StoppedInterrupted
	case errors.As(err, &nonFinite):
		return StoppedNonFinite
	case errors.As(err, &diverged):
		return diverged.Stopped
	}
	return StoppedError
}

// document is everything but the test metrics.
func (c *JSONMetrics) document(t *nn.Trainer, stopped string) RunMetrics {
	var weights, biases, norm int
	for _, l := range t.Model.Describe() {
		weights, biases, norm = weights+l.Weights, biases+l.Biases, norm+l.Norm
	}
	threads := t.Model.Threads()
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	doc := RunMetrics{
		Epochs: c.History.Epochs, TestLoss: model.JSONFloat(math.NaN()), TestAccuracy: model.JSONFloat(math.NaN()),
		Parameters: weights + biases + norm, Weights: weights, Biases: biases, Normalization: norm,
		Stopped: stopped, KernelLevel: kernels.Active().String(), Threads: threads,
		TrainSamples: t.TrainLen(), ValSamples: t.ValLen(), ResumedAtEpoch: c.resumedAt, Config: c.Config,
	}
	if doc.Config == nil {
		doc.Config = map[string]any{}
	}
	if doc.Epochs == nil {
		doc.Epochs = []model.EpochMetrics{} // [], not null, before the first epoch's end
	}
	if test := c.testSet(); test != nil {
		doc.TestSamples = test.Len()
	}
	// check refused a Monitor these would not know.
	if doc.BestEpoch, _, _ = c.History.BestBy(c.Monitor, c.EarlyStopping); doc.BestEpoch > 0 {
		doc.Monitor, _ = c.History.monitored(c.Monitor)
	}
	doc.WeightsEpoch = WeightsEpoch(t)
	return doc
}

// WeightsEpoch returns the epoch whose end the weights of t's model are
// of, between epochs: the last epoch done, or the best one an
// EarlyStopping among t.Callbacks loaded when it stopped the run
// (RestoredEpoch). It returns 0 in the middle of an epoch, and before the
// first.
func WeightsEpoch(t *nn.Trainer) int {
	if t.EpochStep() != 0 {
		return 0
	}
	w := t.Epoch()
	for _, c := range t.Callbacks {
		if es, ok := c.(*nn.EarlyStopping); ok && es.RestoredEpoch() != 0 {
			w = es.RestoredEpoch() // the last to restore loaded its weights last
		}
	}
	return w
}

// testSet returns Test, or History.Test when Test is nil.
func (c *JSONMetrics) testSet() *data.Dataset {
	if c.Test != nil {
		return c.Test
	}
	return c.History.Test
}

// lastEpochTest sets the test metrics to the last epoch's.
func (c *JSONMetrics) lastEpochTest(doc *RunMetrics) {
	last := c.History.Last()
	if last == nil {
		return
	}
	doc.TestLoss, doc.TestAccuracy = model.JSONFloat(last.TestLoss), model.JSONFloat(last.TestAccuracy)
	if last.TestR2 != nil {
		doc.TestMSE, doc.TestMAE, doc.TestR2 = (*model.JSONFloat)(last.TestMSE), (*model.JSONFloat)(last.TestMAE), (*model.JSONFloat)(last.TestR2)
	}
}

// finalTest evaluates the model as it ends (the restored best weights).
func (c *JSONMetrics) finalTest(t *nn.Trainer, doc *RunMetrics) error {
	test := c.testSet()
	if test == nil {
		return nil
	}
	m, err := nn.Evaluate(t.Model, t.Loss, test, t.EvalBatch())
	if err != nil {
		return fmt.Errorf("JSONMetrics: the final test metrics: %w", err)
	}
	doc.TestLoss, doc.TestAccuracy = model.JSONFloat(m.Loss), model.JSONFloat(m.Accuracy)
	if c.TestScores == nil {
		return nil
	}
	s, err := c.TestScores(t)
	if err != nil {
		return fmt.Errorf("JSONMetrics: the final test scores: %w", err)
	}
	doc.TestMSE, doc.TestMAE, doc.TestR2 = (*model.JSONFloat)(&s.MSE), (*model.JSONFloat)(&s.MAE), (*model.JSONFloat)(&s.R2)
	return nil
}

// write writes doc to Path atomically, with the time taken so far.
func (c *JSONMetrics) write(doc RunMetrics) error {
	doc.TotalSeconds = c.seconds()
	b, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("encoding %s: %w", c.Path, err)
	}
	if err := atomicfile.WriteFile(c.Path, append(b, '\n'), 0o666); err != nil {
		return fmt.Errorf("writing %s: %w", c.Path, err)
	}
	return nil
}
