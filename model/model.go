package model

import (
	"fmt"
	"strconv"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// Model is everything a brawn checkpoint holds: the network with its
// weights, what new data needs to look like the training data (the
// feature scaling, the class names, a regression's target scaling), and
// the run that trained it (configuration, history, training data, and the
// trainer's state so that a resumed run continues it exactly).
//
// Only Net is required to Save; a Model that Load returns has Net in
// evaluation mode with the file's weights.
type Model struct {
	// Net is the network; its state_dict is saved under PyTorch's names.
	Net *nn.Sequential
	// Arch is the architecture brawn train's flags built Net from
	// (metadata "brawn.architecture"); nil for another network, which is
	// then described by its module string alone.
	Arch *MLP
	// Classes and Outputs are what the network predicts, as in MLP: Classes
	// > 0 class logits (Outputs 0), or one logit of a binary classifier
	// (Classes 2, Outputs 1), or Outputs > 0 regression targets (Classes
	// 0). Both 0 on Save: taken from Arch, else from Net's output width
	// (see Task).
	Classes, Outputs int
	// ClassNames are the labels of the class indices as the training file
	// spelt them (text, or integers read as names, such as 1..K); nil when
	// the labels were the class indices (data.Dataset.ClassNames).
	ClassNames []string
	// FeatureNames are the training file's names of the input features,
	// in order (data.Dataset.FeatureNames); nil when it had none. Data
	// with a header is checked against them (run.CheckData), as
	// scikit-learn checks feature_names_in_.
	FeatureNames []string
	// Scaler is the feature scaling fitted on the training data; nil for
	// none.
	Scaler *data.Scaler
	// Targets are a regression's target names and standardization; nil
	// for classes.
	Targets *Targets
	// Config is the training configuration, brawn train's flags by name.
	Config map[string]string
	// History is the run's metrics, one entry per completed epoch.
	History []EpochMetrics
	// Epoch is the number of completed epochs.
	Epoch int
	// State is the trainer's state (nn.Trainer.Export: optimizer,
	// schedules, RNGs, early stopping, plus any entries the caller adds),
	// saved as the "brawn.state." entries; nil for a model without it.
	State *nn.State
	// TrainData identifies the training set; nil when not recorded.
	TrainData *DataIdentity
	// ValData identifies the validation set (--val-split's part of the
	// training file, or --val's); nil for a run without one, and when not
	// recorded.
	ValData *DataIdentity
	// WeightsOnly marks a file without training state and history (see
	// WeightsOnly): inference reads it, resuming does not.
	WeightsOnly bool
	// Kernels names the kernels the weights and training state were
	// computed with, as kernels.Signature does: the level and its SGEMM's
	// slice depths ("avx512 kc=256"; files of earlier versions give the
	// level alone, "avx512"), "" when not recorded. Each level, and each
	// depth, adds in its own order, so a run resumed with others goes on,
	// but not bit for bit as it would have with these.
	Kernels string
}

// Targets are a regression's target column names and the standardization
// (per target, the mean and population std of the training targets) that
// the network's outputs are undone with: metadata "brawn.targets".
type Targets struct {
	Names []string  `json:"names"` // one per target column (data.Dataset.TargetNames), in output order
	Mean  []float64 `json:"mean"`  // one per target column
	Std   []float64 `json:"std"`   // one per target column
}

// Scaler returns the standardization as data's TargetScaler.
func (t *Targets) Scaler() *data.TargetScaler {
	return &data.TargetScaler{Mean: t.Mean, Std: t.Std}
}

// NewTargets records the target names of train and the standardization ts
// fitted on it; nil when ts is nil (classification).
func NewTargets(train *data.Dataset, ts *data.TargetScaler) *Targets {
	if ts == nil {
		return nil
	}
	return &Targets{Names: train.TargetNames, Mean: ts.Mean, Std: ts.Std}
}

// Task returns what the network predicts (see Model.Classes): Arch's
// classes and outputs when it is set, else the Model's when one is
// non-zero, else inferred from Net's output width w: a regression of w
// targets when Targets is set, one logit of a binary classifier when w is
// 1, and w classes otherwise.
func (m *Model) Task() (classes, outputs int) {
	switch {
	case m.Arch != nil:
		return m.Arch.Classes, m.Arch.Outputs
	case m.Classes != 0 || m.Outputs != 0:
		return m.Classes, m.Outputs
	}
	w := m.Net.OutFeatures()
	switch {
	case m.Targets != nil:
		return 0, w
	case w == 1:
		return 2, 1
	}
	return w, 0
}

// Regression reports whether the model predicts float targets.
func (m *Model) Regression() bool {
	c, o := m.Task()
	return c == 0 && o > 0
}

// Binary reports whether the model is a binary classifier with one logit.
func (m *Model) Binary() bool {
	c, o := m.Task()
	return c == 2 && o == 1
}

// NumClasses returns the classes a classifier tells apart (0 for a
// regression).
func (m *Model) NumClasses() int {
	c, _ := m.Task()
	return c
}

// NumOutputs returns the values a regression predicts per sample (0 for a
// classifier).
func (m *Model) NumOutputs() int {
	c, o := m.Task()
	if c > 0 {
		return 0
	}
	return o
}

// Spec returns the architecture as layers: Arch's when it is set, else
// SpecOf(Net). It fails as those do: for an Arch of unknown activation, or
// a layer SpecOf cannot describe.
func (m *Model) Spec() (Spec, error) {
	if m.Arch != nil {
		return m.Arch.Spec()
	}
	return SpecOf(m.Net)
}

// PyTorch returns the PyTorch module string of the network, or "" when it
// has none (see SpecOf).
func (m *Model) PyTorch() string {
	s, err := m.Spec()
	if err != nil {
		return ""
	}
	return s.String()
}

// ArchString names the architecture for messages: Arch's sizes
// ("784-256-10") when it is set, else the module string.
func (m *Model) ArchString() string {
	if m.Arch != nil {
		return m.Arch.String()
	}
	return m.PyTorch()
}

// Weights returns Net's state_dict values by name (the network's own
// slices, not copies), the form nn.Sequential.LoadStateDict takes.
func (m *Model) Weights() map[string][]float32 {
	sd := m.Net.StateDict()
	out := make(map[string][]float32, len(sd))
	for k, t := range sd {
		out[k] = t.Data
	}
	return out
}

// WeightsOnly returns the part of m that inference needs: the network, the
// architecture, the scaling, the class names or a regression's target
// standardization, the configuration (brawn eval reads the loss and the
// --test-split from it), the epochs trained and the training data's
// identity; without the trainer's state and the history. Saved, it is
// about a third of a checkpoint trained with adam (two moment tensors per
// weight).
func WeightsOnly(m *Model) *Model {
	return &Model{
		Net: m.Net, Arch: m.Arch, Classes: m.Classes, Outputs: m.Outputs, ClassNames: m.ClassNames, FeatureNames: m.FeatureNames,
		Scaler: m.Scaler, Targets: m.Targets, Config: m.Config, Epoch: m.Epoch, TrainData: m.TrainData, WeightsOnly: true,
	}
}

// checkTask validates the task against the network's output width and the
// class names and targets.
func (m *Model) checkTask() error {
	c, o := m.Task()
	if err := validateTask(c, o); err != nil {
		return err
	}
	width := c // the logits of c classes
	if o > 0 {
		width = o // a regression's targets, or one binary logit
	}
	if m.Net.OutFeatures() != width {
		return fmt.Errorf("the network has %d outputs, but it predicts %d classes and %d outputs", m.Net.OutFeatures(), c, o)
	}
	if m.Targets != nil && (c > 0 || len(m.Targets.Mean) != o) {
		return fmt.Errorf("target scaling of %d targets for a network of %d outputs and %d classes", len(m.Targets.Mean), o, c)
	}
	if m.ClassNames != nil && len(m.ClassNames) != c {
		return fmt.Errorf("%d class names for a model of %d classes", len(m.ClassNames), c)
	}
	return nil
}

// TargetNames returns a regression's target names: Targets.Names, or the
// output indices "0", "1", ... when the model records none.
func (m *Model) TargetNames() []string {
	if m.Targets != nil {
		return m.Targets.Names
	}
	names := make([]string, m.NumOutputs())
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	return names
}

// TargetScaler returns the standardization a regression's outputs are
// undone with: Targets.Scaler(), or the identity (mean 0, std 1) when the
// model records none.
func (m *Model) TargetScaler() *data.TargetScaler {
	if m.Targets != nil {
		return m.Targets.Scaler()
	}
	ts := &data.TargetScaler{Mean: make([]float64, m.NumOutputs()), Std: make([]float64, m.NumOutputs())}
	for i := range ts.Std {
		ts.Std[i] = 1
	}
	return ts
}
