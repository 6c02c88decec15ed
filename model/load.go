package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// Load reads a model that Save wrote (or brawn train, of any version).
// The returned Model's Net is in evaluation mode and holds the file's
// weights; building it draws from nn's default generator as nn's layer
// constructors do (see nn.ManualSeed). A file that is not valid
// safetensors (or fails its checksums), holds other dtypes, or whose
// metadata and tensors do not fit together (the architecture, the task,
// the scaling, the class names, the state's epoch; a tensor missing,
// extra, misshapen or not finite) is refused with an error that names the
// file and the entry.
func Load(path string) (*Model, error) {
	f, err := checkpoint.Read(path)
	if err != nil {
		return nil, fmt.Errorf("reading the model: %w", err)
	}
	return fromFile(path, f)
}

// Decode is Load for the bytes b of a file; name stands for the file in
// errors.
func Decode(name string, b []byte) (*Model, error) {
	f, err := checkpoint.Decode(name, b)
	if err != nil {
		return nil, fmt.Errorf("reading the model: %w", err)
	}
	return fromFile(name, f)
}

// fromFile decodes a read checkpoint file; source names it in errors.
func fromFile(source string, f *checkpoint.File) (*Model, error) {
	tensors := make(map[string]tensor, len(f.Tensors))
	for i := range f.Tensors {
		t := &f.Tensors[i]
		if t.DType == checkpoint.I64 { // a count, which decode checks
			counts, err := t.Int64s()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", source, err)
			}
			v := make([]float32, len(counts))
			for j, n := range counts {
				v[j] = float32(n)
			}
			tensors[t.Name] = tensor{t.Shape, v, counts}
			continue
		}
		v, err := t.Float32s()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", source, err)
		}
		tensors[t.Name] = tensor{shape: t.Shape, data: v}
	}
	return decode(source, tensors, f.Metadata)
}

// tensor is one named tensor of a file, row-major, as float32s: an I64
// one (num_batches_tracked, which brawn writes as PyTorch does and wrote
// as F32 before) converted, its exact values in counts.
type tensor struct {
	shape  []int
	data   []float32
	counts []int64 // an I64 tensor's values; nil for F32
}

// decoder reads a file's metadata; source names the file in errors.
type decoder struct {
	source string
	meta   map[string]string
}

// get unmarshals the JSON entry key into v; a missing entry is an error
// when required.
func (d *decoder) get(key string, v any, required bool) error {
	s, ok := d.meta[key]
	if !ok {
		if required {
			return fmt.Errorf("%s: not a brawn model: the metadata has no %q entry", d.source, key)
		}
		return nil
	}
	if err := json.Unmarshal([]byte(s), v); err != nil {
		return fmt.Errorf("%s: metadata %q is corrupt: %v", d.source, key, err)
	}
	return nil
}

// decode rebuilds a model from a file's tensors and metadata. It checks
// that the architecture builds and that the tensors are exactly its
// state_dict, with the right shapes and finite values.
func decode(source string, tensors map[string]tensor, meta map[string]string) (*Model, error) {
	d := &decoder{source, meta}
	m := &Model{}
	spec, err := d.spec(m)
	if err != nil {
		return nil, err
	}
	for _, e := range []struct {
		key string
		v   any
	}{{MetaConfig, &m.Config}, {MetaClassNames, &m.ClassNames}, {MetaFeatures, &m.FeatureNames}, {MetaHistory, &m.History}, {MetaTrainData, &m.TrainData}, {MetaValData, &m.ValData}} {
		if err := d.get(e.key, e.v, false); err != nil {
			return nil, err
		}
	}
	m.WeightsOnly = meta[MetaContents] == ContentsWeights
	m.Kernels = meta[MetaKernels]
	if err := d.inputShape(spec); err != nil {
		return nil, err
	}
	if err := d.scaler(m, spec); err != nil {
		return nil, err
	}
	if s, ok := meta[MetaEpoch]; ok {
		e, err := strconv.Atoi(s)
		if err != nil || e < 0 {
			return nil, fmt.Errorf("%s: metadata %q is %q, not a number of epochs", source, MetaEpoch, s)
		}
		m.Epoch = e
	}
	if err := d.targets(m); err != nil {
		return nil, err
	}
	if c := m.classes(); m.ClassNames != nil && len(m.ClassNames) != c {
		return nil, fmt.Errorf("%s: %d class names for a model of %d classes", source, len(m.ClassNames), c)
	}
	if m.FeatureNames != nil && len(m.FeatureNames) != spec.Inputs {
		return nil, fmt.Errorf("%s: metadata %q has %d names for %d input features", source, MetaFeatures, len(m.FeatureNames), spec.Inputs)
	}
	// Check the size before building, so that a corrupt architecture cannot
	// make us allocate much more than the file holds. An architecture a
	// little larger builds, so that the tensor that differs is named (by
	// weights) rather than only the totals.
	held := 0
	for name, t := range tensors {
		if !strings.HasPrefix(name, StatePrefix) {
			held += len(t.data)
		}
	}
	if need := spec.weightCount(); need > 2*float64(held)+buildSlack {
		return nil, fmt.Errorf("%s: the architecture %s needs %.0f weights and biases, the file holds %d values", source, m.describe(spec), need, held)
	}
	if m.Arch != nil {
		m.Net, err = m.Arch.Build()
	} else {
		m.Net, err = spec.Build()
	}
	if err != nil {
		return nil, fmt.Errorf("%s: architecture %s does not build: %v", source, d.archText(), err)
	}
	if m.State, err = d.state(m, tensors); err != nil {
		return nil, err
	}
	// The tensors first: a layer of another size is the likelier mistake
	// than a task of another width.
	if err := d.weights(m, spec, tensors); err != nil {
		return nil, err
	}
	if m.Arch == nil {
		if err := m.checkTask(); err != nil {
			return nil, fmt.Errorf("%s: metadata %q: %v", source, MetaTask, err)
		}
	}
	m.Net.Eval()
	return m, nil
}

// spec reads the architecture: MetaArchitecture, which brawn train writes,
// or else the module string and MetaTask.
func (d *decoder) spec(m *Model) (Spec, error) {
	if _, ok := d.meta[MetaArchitecture]; ok {
		var a MLP
		if err := d.get(MetaArchitecture, &a, true); err != nil {
			return Spec{}, err
		}
		if err := a.Validate(); err != nil {
			return Spec{}, fmt.Errorf("%s: metadata %q: %v", d.source, MetaArchitecture, err)
		}
		m.Arch = &a
		s, err := a.Spec()
		if err != nil {
			return Spec{}, fmt.Errorf("%s: architecture %s does not build: %v", d.source, d.meta[MetaArchitecture], err)
		}
		return s, nil
	}
	text, ok := d.meta[MetaPyTorch]
	if !ok {
		return Spec{}, fmt.Errorf("%s: not a brawn model: the metadata has no %q or %q entry", d.source, MetaArchitecture, MetaPyTorch)
	}
	s, err := d.parseModule(text)
	if err != nil {
		return Spec{}, err
	}
	var t *taskJSON
	if err := d.get(MetaTask, &t, false); err != nil {
		return Spec{}, err
	}
	if t != nil {
		if err := validateTask(t.Classes, t.Outputs); err != nil {
			return Spec{}, fmt.Errorf("%s: metadata %q: %v", d.source, MetaTask, err)
		}
		m.Classes, m.Outputs = t.Classes, t.Outputs
	}
	return s, nil
}

// parseModule reads the module string for the images' [C, H, W] in
// MetaInputShape when the file has it, so that a network whose first
// layer does not say its input channels (pooling, a Residual block) loads
// too. The channels must be those of the module's first Conv2d or
// BatchNorm2d, where it names them; images flattened before the first
// Linear must hold its features.
func (d *decoder) parseModule(text string) (Spec, error) {
	var in nn.Shape
	if err := d.get(MetaInputShape, &in, false); err != nil {
		return Spec{}, err
	}
	s, err := ParseModule(text)
	if in == nil {
		if err != nil {
			return Spec{}, fmt.Errorf("%s: metadata %q: %v", d.source, MetaPyTorch, err)
		}
		return s, nil
	}
	ok := len(in) == 3
	for _, v := range in {
		ok = ok && v > 0 && v <= MaxParams
	}
	if !ok {
		return Spec{}, fmt.Errorf("%s: metadata %q is %v, not [channels, height, width] of images", d.source, MetaInputShape, in)
	}
	switch {
	case err != nil: // the shape may tell what the string does not: parsed below
	case s.Input != nil && in[0] != s.Input[0]:
		return Spec{}, fmt.Errorf("%s: metadata %q is %v, not [channels, height, width] with the channels of the module's first Conv2d (%v)", d.source, MetaInputShape, in, s.Input)
	case s.Input == nil && float64(in[0])*float64(in[1])*float64(in[2]) != float64(s.Inputs):
		// Images flattened before the first Linear (Flatten, activations
		// or Dropout before it): the sizes must agree.
		return Spec{}, fmt.Errorf("%s: metadata %q is %v, %.0f values a sample, but the module's first layer takes %d", d.source, MetaInputShape, in, float64(in[0])*float64(in[1])*float64(in[2]), s.Inputs)
	}
	if s, err = ParseModuleFor(text, in); err != nil {
		return Spec{}, fmt.Errorf("%s: metadata %q: %v", d.source, MetaPyTorch, err)
	}
	return s, nil
}

// archText is the architecture as the file spells it, for errors.
func (d *decoder) archText() string {
	if s, ok := d.meta[MetaArchitecture]; ok {
		return s
	}
	return d.meta[MetaPyTorch]
}

// describe names the architecture for errors before Net is built.
func (m *Model) describe(s Spec) string {
	if m.Arch != nil {
		return m.Arch.String()
	}
	return s.String()
}

// classes returns the classes of the task before Net is built: Arch's or
// MetaTask's; 0 when neither says (Net's width will).
func (m *Model) classes() int {
	if m.Arch != nil {
		return m.Arch.Classes
	}
	if m.Classes == 0 && m.Outputs == 0 && m.ClassNames != nil {
		return len(m.ClassNames)
	}
	return m.Classes
}

// regressionBefore reports whether the architecture (before Net is built)
// is a regression; false when the file does not say.
func (m *Model) regressionBefore() bool {
	c, o := m.recordedTask()
	return c == 0 && o > 0
}

// buildSlack is how many more weights than the file holds decode may
// build, besides twice the file's, to name the tensor that differs.
const buildSlack = 1 << 16

// inputShape refuses a network of images whose height and width the file
// does not say: MetaInputShape is missing.
func (d *decoder) inputShape(spec Spec) error {
	if spec.Input != nil && spec.Input.Size() == 0 {
		return fmt.Errorf("%s: metadata %q is missing: the module string %s starts with images of %d channels but does not say their height and width", d.source, MetaInputShape, spec, spec.Input[0])
	}
	return nil
}

func (d *decoder) scaler(m *Model, spec Spec) error {
	inputs := spec.Inputs
	var sc *scalerJSON
	if err := d.get(MetaScaler, &sc, false); err != nil || sc == nil {
		return err
	}
	method, err := data.ParseNormalization(sc.Method)
	if err != nil {
		return fmt.Errorf("%s: metadata %q: %v", d.source, MetaScaler, err)
	}
	if len(sc.Offset) != inputs || len(sc.Scale) != inputs {
		if spec.Input != nil {
			return fmt.Errorf("%s: metadata %q is %v, %d values a sample, but %q has %d offsets and %d scales: the input shape does not fit the data the model was trained on", d.source, MetaInputShape, spec.Input, inputs, MetaScaler, len(sc.Offset), len(sc.Scale))
		}
		return fmt.Errorf("%s: metadata %q has %d offsets and %d scales for a model of %d inputs", d.source, MetaScaler, len(sc.Offset), len(sc.Scale), inputs)
	}
	m.Scaler = &data.Scaler{Method: method, Offset: sc.Offset, Scale: sc.Scale}
	return nil
}

// targets reads and checks MetaTargets, which a regression may have and a
// classifier must not.
func (d *decoder) targets(m *Model) error {
	// brawn train always standardizes a regression's targets; a library
	// user's regression, with or without an MLP architecture, may predict
	// them as they are (Save writes it without the entry).
	reg := m.regressionBefore()
	if err := d.get(MetaTargets, &m.Targets, false); err != nil {
		return err
	}
	if m.Targets == nil {
		return nil
	}
	if m.Arch != nil && !reg || m.Arch == nil && (m.Classes > 0) {
		return fmt.Errorf("%s: metadata %q belongs to a regression, but the architecture %s is a classifier", d.source, MetaTargets, d.archName(m))
	}
	n := len(m.Targets.Mean)
	if reg {
		_, n = m.recordedTask()
	}
	if err := m.Targets.Scaler().Check(n); err != nil {
		return fmt.Errorf("%s: metadata %q: %v", d.source, MetaTargets, err)
	}
	if len(m.Targets.Names) != n {
		return fmt.Errorf("%s: metadata %q has %d names for %d targets", d.source, MetaTargets, len(m.Targets.Names), n)
	}
	return nil
}

// recordedTask returns the task the metadata records, before Net is built.
func (m *Model) recordedTask() (classes, outputs int) {
	if m.Arch != nil {
		return m.Arch.Classes, m.Arch.Outputs
	}
	return m.Classes, m.Outputs
}

func (d *decoder) archName(m *Model) string {
	if m.Arch != nil {
		return m.Arch.String()
	}
	return d.meta[MetaPyTorch]
}

// state reads the training state's entries; nil when there are none.
func (d *decoder) state(m *Model, tensors map[string]tensor) (*nn.State, error) {
	state := nn.NewState()
	strs := map[string]string{}
	for k, v := range d.meta {
		if rest, ok := strings.CutPrefix(k, StatePrefix); ok {
			strs[rest] = v
		}
	}
	if err := state.ParseStrings(strs); err != nil {
		return nil, fmt.Errorf("%s: training state: %v", d.source, err)
	}
	// The state is exported with the model, so its completed epochs are
	// the file's; any other value is corruption (a negative or NaN one
	// made a resumed run train without end).
	if e, ok := state.Scalars["trainer.epoch"]; ok && e != float64(m.Epoch) {
		return nil, fmt.Errorf("%s: metadata %q is %v, but %q records %d completed epochs", d.source, StatePrefix+"trainer.epoch", e, MetaEpoch, m.Epoch)
	}
	for name, t := range tensors {
		if rest, ok := strings.CutPrefix(name, StatePrefix); ok {
			if t.counts != nil {
				return nil, fmt.Errorf("%s: tensor %q has dtype I64, expected F32", d.source, name)
			}
			state.Tensors[rest] = t.data
		}
	}
	if len(state.Tensors)+len(state.Scalars)+len(state.Words) == 0 {
		return nil, nil
	}
	return state, nil
}

// weights checks the file's model tensors against Net's state_dict and
// loads them.
func (d *decoder) weights(m *Model, spec Spec, tensors map[string]tensor) error {
	want := m.Net.StateDict()
	vals := make(map[string][]float32, len(want))
	counters := map[string]*nn.Buffer{}
	for _, b := range m.Net.Buffers() {
		if b.Int64 {
			counters[b.Name] = b
		}
	}
	names := slices.Collect(maps.Keys(tensors))
	slices.SortFunc(names, CompareTensorNames)
	for _, name := range names {
		if strings.HasPrefix(name, StatePrefix) {
			continue
		}
		t := tensors[name]
		w, ok := want[name]
		if !ok {
			return fmt.Errorf("%s: tensor %q does not belong to the architecture %s (%s)", d.source, name, m.describe(spec), spec)
		}
		if !slices.Equal(w.Shape, t.shape) {
			return fmt.Errorf("%s: tensor %q%s has shape %v, the architecture %s needs %v", d.source, name, spec.layerOfTensor(name), t.shape, m.describe(spec), w.Shape)
		}
		if _, ok := counters[name]; t.counts != nil && !ok {
			return fmt.Errorf("%s: tensor %q has dtype I64, expected F32 (only a batch norm's num_batches_tracked may be I64)", d.source, name)
		}
		if i := slices.IndexFunc(t.data, nonFinite32); i >= 0 {
			return fmt.Errorf("%s: tensor %q holds non-finite values (element %d is %v)", d.source, name, i, t.data[i])
		}
		vals[name] = t.data
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := vals[name]; !ok {
			return fmt.Errorf("%s: tensor %q%s of the architecture %s is missing", d.source, name, spec.layerOfTensor(name), m.describe(spec))
		}
	}
	if err := m.Net.LoadStateDict(vals); err != nil {
		return fmt.Errorf("%s: %w", d.source, err)
	}
	for name, b := range counters {
		if c := tensors[name].counts; len(c) == 1 { // exact beyond float32's 2^24
			b.SetCount(c[0])
		}
	}
	return nil
}

// layerOfTensor names the layer a state_dict entry belongs to, " (layer
// 2, Linear(4, 3))", or "" when its name does not say.
func (s Spec) layerOfTensor(name string) string {
	first, _, _ := strings.Cut(name, ".")
	i, err := strconv.Atoi(first)
	if err != nil || i < 0 || i >= len(s.Layers) {
		return ""
	}
	return fmt.Sprintf(" (layer %d, %s)", i, s.Layers[i])
}

func nonFinite32(v float32) bool {
	f := float64(v)
	return math.IsNaN(f) || math.IsInf(f, 0)
}

// StateError reports an error of nn.Trainer's Import or CheckPosition for
// the checkpoint path: a bad entry is named as the file spells it (the
// scalars are metadata, the tensors tensors, both StatePrefix).
func StateError(path string, state *nn.State, err error) error {
	var se *nn.StateError
	if !errors.As(err, &se) {
		return fmt.Errorf("%s: the training state does not fit this run: %w", path, err)
	}
	kind := "metadata"
	if _, ok := state.Tensors[se.Key]; ok {
		kind = "tensor"
	}
	return fmt.Errorf("%s: corrupt training state: %s %q %s", path, kind, StatePrefix+se.Key, se.Problem)
}
