package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// savedModel is what a brawn checkpoint holds: the network (architecture
// and state_dict), what the data needs to look like the training data (the
// scaler, the class names), and the run's position so --resume continues
// it exactly.
type savedModel struct {
	Arch       archSpec
	ClassNames []string // original text labels per class index; nil for integer labels
	Scaler     *data.Scaler
	Targets    *targetsJSON           // a regression's target names and standardization; nil for classes
	Weights    map[string]tensorEntry // PyTorch state_dict: "0.weight" [out, in], "0.bias" [out], ...
	Flags      map[string]string      // the train command's flags, by name
	History    []epochMetrics
	Epoch      int           // completed epochs
	State      *nn.State     // trainer, optimizer, schedules and RNGs; nil for a bare model
	TrainData  *dataIdentity // the training set of the run; nil when not recorded
	// WeightsOnly marks a file without training state or history (--save-weights,
	// brawn export): eval and predict read it, --resume does not.
	WeightsOnly bool
}

// tensorEntry is one named float32 tensor, row-major.
type tensorEntry struct {
	Shape []int
	Data  []float32
}

// Metadata keys and tensor name prefixes of the file layout. The model's
// tensors carry their state_dict names unchanged, so that
// torch.nn.Sequential(...).load_state_dict works after dropping the
// "brawn.state." tensors (training state: optimizer moments and the like).
const (
	metaArch    = "brawn.architecture"
	metaPyTorch = "brawn.pytorch_module"
	metaFlags   = "brawn.config"
	metaClasses = "brawn.class_names"
	metaScaler  = "brawn.scaler"
	metaHistory = "brawn.history"
	metaEpoch   = "brawn.epoch"
	statePrefix = "brawn.state."
	metaVersion = "brawn.version"
)

type scalerJSON struct {
	Method string    `json:"method"`
	Offset []float32 `json:"offset"`
	Scale  []float32 `json:"scale"`
}

// modelFromNet captures a trained network with its data description.
func modelFromNet(arch archSpec, net *nn.Sequential, classNames []string, scaler *data.Scaler) *savedModel {
	m := &savedModel{Arch: arch, ClassNames: classNames, Scaler: scaler, Weights: map[string]tensorEntry{}}
	for name, t := range net.StateDict() {
		m.Weights[name] = tensorEntry{Shape: slices.Clone(t.Shape), Data: t.Data}
	}
	return m
}

// encode lays the model out as named tensors and string metadata.
func (m *savedModel) encode() (map[string]tensorEntry, map[string]string, error) {
	tensors := maps.Clone(m.Weights)
	meta := map[string]string{"format": "pt", metaVersion: "1", metaEpoch: strconv.Itoa(m.Epoch), metaPyTorch: m.Arch.pytorch()}
	put := func(key string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", key, err)
		}
		meta[key] = string(b)
		return nil
	}
	if err := put(metaArch, m.Arch); err != nil {
		return nil, nil, err
	}
	if m.WeightsOnly {
		meta[metaContents] = contentsWeights
	}
	if m.Flags != nil {
		if err := put(metaFlags, m.Flags); err != nil {
			return nil, nil, err
		}
	}
	if m.ClassNames != nil {
		if err := put(metaClasses, m.ClassNames); err != nil {
			return nil, nil, err
		}
	}
	if m.Scaler != nil {
		if err := put(metaScaler, scalerJSON{m.Scaler.Method.String(), m.Scaler.Offset, m.Scaler.Scale}); err != nil {
			return nil, nil, err
		}
	}
	if err := put(metaHistory, m.History); err != nil {
		return nil, nil, err
	}
	if m.Targets != nil {
		if err := put(metaTargets, m.Targets); err != nil {
			return nil, nil, err
		}
	}
	if m.TrainData != nil {
		if err := put(metaTrainData, m.TrainData); err != nil {
			return nil, nil, err
		}
	}
	if m.State != nil {
		for k, v := range m.State.Tensors {
			tensors[statePrefix+k] = tensorEntry{Shape: []int{len(v)}, Data: v}
		}
		for k, v := range m.State.Strings() {
			meta[statePrefix+k] = v
		}
	}
	return tensors, meta, nil
}

// decodeModel rebuilds a model from a file's tensors and metadata; source
// names the file in errors. It checks that the architecture builds and that
// the tensors are exactly its state_dict, with the right shapes.
func decodeModel(source string, tensors map[string]tensorEntry, meta map[string]string) (*savedModel, error) {
	m := &savedModel{Weights: map[string]tensorEntry{}}
	get := func(key string, v any, required bool) error {
		s, ok := meta[key]
		if !ok {
			if required {
				return fmt.Errorf("%s: not a brawn model: the metadata has no %q entry", source, key)
			}
			return nil
		}
		if err := json.Unmarshal([]byte(s), v); err != nil {
			return fmt.Errorf("%s: metadata %q is corrupt: %v", source, key, err)
		}
		return nil
	}
	if err := get(metaArch, &m.Arch, true); err != nil {
		return nil, err
	}
	if err := m.Arch.validate(); err != nil {
		return nil, fmt.Errorf("%s: metadata %q: %v", source, metaArch, err)
	}
	if err := get(metaFlags, &m.Flags, false); err != nil {
		return nil, err
	}
	m.WeightsOnly = meta[metaContents] == contentsWeights
	if err := get(metaClasses, &m.ClassNames, false); err != nil {
		return nil, err
	}
	if err := get(metaHistory, &m.History, false); err != nil {
		return nil, err
	}
	if err := get(metaTrainData, &m.TrainData, false); err != nil {
		return nil, err
	}
	var sc *scalerJSON
	if err := get(metaScaler, &sc, false); err != nil {
		return nil, err
	}
	if sc != nil {
		method, err := data.ParseNormalization(sc.Method)
		if err != nil {
			return nil, fmt.Errorf("%s: metadata %q: %v", source, metaScaler, err)
		}
		if len(sc.Offset) != m.Arch.Inputs || len(sc.Scale) != m.Arch.Inputs {
			return nil, fmt.Errorf("%s: metadata %q has %d offsets and %d scales for a model of %d inputs", source, metaScaler, len(sc.Offset), len(sc.Scale), m.Arch.Inputs)
		}
		m.Scaler = &data.Scaler{Method: method, Offset: sc.Offset, Scale: sc.Scale}
	}
	if s, ok := meta[metaEpoch]; ok {
		e, err := strconv.Atoi(s)
		if err != nil || e < 0 {
			return nil, fmt.Errorf("%s: metadata %q is %q, not a number of epochs", source, metaEpoch, s)
		}
		m.Epoch = e
	}
	if err := m.decodeTargets(source, get); err != nil {
		return nil, err
	}
	if m.ClassNames != nil && len(m.ClassNames) != m.Arch.Classes {
		return nil, fmt.Errorf("%s: %d class names for a model of %d classes", source, len(m.ClassNames), m.Arch.Classes)
	}
	// Check the size before building, so that a corrupt architecture cannot
	// make us allocate more than the file holds.
	held := 0
	for name, t := range tensors {
		if !strings.HasPrefix(name, statePrefix) {
			held += len(t.Data)
		}
	}
	if need := m.Arch.params(); need > float64(held) {
		return nil, fmt.Errorf("%s: the architecture %s needs %.0f weights and biases, the file holds %d values", source, m.Arch, need, held)
	}
	net, err := m.Arch.build()
	if err != nil {
		return nil, fmt.Errorf("%s: architecture %s does not build: %v", source, meta[metaArch], err)
	}
	state := nn.NewState()
	strs := map[string]string{}
	for k, v := range meta {
		if rest, ok := strings.CutPrefix(k, statePrefix); ok {
			strs[rest] = v
		}
	}
	if err := state.ParseStrings(strs); err != nil {
		return nil, fmt.Errorf("%s: training state: %v", source, err)
	}
	// The state is exported with the model, so its completed epochs are
	// the file's; any other value is corruption (a negative or NaN one
	// made a resumed run train without end).
	if e, ok := state.Scalars["trainer.epoch"]; ok && e != float64(m.Epoch) {
		return nil, fmt.Errorf("%s: metadata %q is %v, but %q records %d completed epochs", source, statePrefix+"trainer.epoch", e, metaEpoch, m.Epoch)
	}
	want := net.StateDict()
	names := slices.Collect(maps.Keys(tensors))
	slices.SortFunc(names, compareTensorNames)
	for _, name := range names {
		t := tensors[name]
		if rest, ok := strings.CutPrefix(name, statePrefix); ok {
			state.Tensors[rest] = t.Data
			continue
		}
		w, ok := want[name]
		if !ok {
			return nil, fmt.Errorf("%s: tensor %q does not belong to the architecture %s (%s)", source, name, m.Arch, m.Arch.pytorch())
		}
		if !slices.Equal(w.Shape, t.Shape) {
			return nil, fmt.Errorf("%s: tensor %q has shape %v, the architecture %s needs %v", source, name, t.Shape, m.Arch, w.Shape)
		}
		if i := slices.IndexFunc(t.Data, nonFinite32); i >= 0 {
			return nil, fmt.Errorf("%s: tensor %q holds non-finite values (element %d is %v)", source, name, i, t.Data[i])
		}
		m.Weights[name] = t
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := m.Weights[name]; !ok {
			return nil, fmt.Errorf("%s: tensor %q of the architecture %s is missing", source, name, m.Arch)
		}
	}
	if len(state.Tensors)+len(state.Scalars)+len(state.Words) > 0 {
		m.State = state
	}
	return m, nil
}

// stateError reports an error of nn.Trainer's Import or CheckPosition for
// the checkpoint path: a bad entry is named as the file spells it (the
// scalars are metadata, the tensors tensors, both "brawn.state.").
func stateError(path string, state *nn.State, err error) error {
	var se *nn.StateError
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: the training state does not fit this run: %w", path, err)
	}
	kind := "metadata"
	if _, ok := state.Tensors[se.Key]; ok {
		kind = "tensor"
	}
	return fmt.Errorf("%s: corrupt training state: %s %q %s", path, kind, statePrefix+se.Key, se.Problem)
}

func nonFinite32(v float32) bool {
	f := float64(v)
	return math.IsNaN(f) || math.IsInf(f, 0)
}

// network builds the model's Sequential in evaluation mode with its weights.
func (m *savedModel) network() (*nn.Sequential, error) {
	net, err := m.Arch.build()
	if err != nil {
		return nil, err
	}
	vals := make(map[string][]float32, len(m.Weights))
	for k, t := range m.Weights {
		vals[k] = t.Data
	}
	if err := net.LoadStateDict(vals); err != nil {
		return nil, err
	}
	net.Eval()
	return net, nil
}

// check verifies that d fits the model (features, labels) and scales it as
// the training data was scaled.
func (m *savedModel) check(d *data.Dataset) error {
	if err := d.CheckFeatures(m.Arch.Inputs); err != nil {
		return m.labelColumnMistake(d, err)
	}
	if d.Labelled() {
		if err := d.CheckClasses(m.Arch.Classes); err != nil {
			return err
		}
	}
	if m.Scaler != nil {
		return m.Scaler.Apply(d)
	}
	return nil
}

// pytorch writes the architecture as PyTorch code builds it, e.g.
// "Sequential(Linear(784, 256), ReLU(), Linear(256, 10))".
func (a archSpec) pytorch() string {
	ls, err := a.layers()
	if err != nil {
		return ""
	}
	parts := make([]string, len(ls))
	in := a.Inputs
	hi := 0
	for i, l := range ls {
		switch l.Type() {
		case "Linear":
			out := a.width()
			if hi < len(a.Hidden) {
				out = a.Hidden[hi]
				hi++
			}
			parts[i] = fmt.Sprintf("Linear(%d, %d)", in, out)
			in = out
		case "BatchNorm1d":
			parts[i] = fmt.Sprintf("BatchNorm1d(%d)", in)
		case "LeakyReLU":
			parts[i] = fmt.Sprintf("LeakyReLU(%g)", a.LeakySlope)
		case "Dropout":
			parts[i] = fmt.Sprintf("Dropout(%g)", a.Dropout)
		default:
			parts[i] = l.Type() + "()"
		}
	}
	return "Sequential(" + strings.Join(parts, ", ") + ")"
}
