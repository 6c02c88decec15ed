package model

import (
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/checkpoint"
)

// Save writes m to path as a safetensors file, atomically (temporary file,
// fsync, rename) with CRC-32C checksums (checkpoint.Write). The tensors
// are float32 ("F32"): Net's state_dict in PyTorch's order, then the
// training state's. It fails if path is empty, if m or m.Net is nil, if
// m.Net was not made by nn.NewSequential (nn.ErrUnbuilt: it has no
// tensors), if its layers have no PyTorch module string (SpecOf), if the
// task does not fit the network (see Model.Classes) or if the file cannot
// be written.
func Save(path string, m *Model) error { return save(path, m, new(Saver)) }

// Save writes m to path as the package's Save does, with its errors.
func (s *Saver) Save(path string, m *Model) error { return save(path, m, s) }

// save is Save, the history's JSON from s.
func save(path string, m *Model, s *Saver) error {
	if path == "" {
		return fmt.Errorf("saving the model: the path is empty")
	}
	if m == nil {
		return fmt.Errorf("saving the model: the model is nil")
	}
	if m.Net == nil {
		return fmt.Errorf("saving the model: Model.Net is nil")
	}
	if err := m.Net.CheckBuilt(); err != nil {
		return fmt.Errorf("saving the model: Model.Net: %w", err)
	}
	tensors, meta, err := m.encodeWith(s)
	if err != nil {
		return fmt.Errorf("saving the model: %w", err)
	}
	if err := checkpoint.Write(path, tensors, meta); err != nil {
		return fmt.Errorf("saving the model: %w", err)
	}
	return nil
}

// encode lays the model out as named tensors, in file order, and string
// metadata.
func (m *Model) encode() ([]checkpoint.Tensor, map[string]string, error) {
	return m.encodeWith(new(Saver))
}

// encodeWith is encode, the history's JSON from s.
func (m *Model) encodeWith(s *Saver) ([]checkpoint.Tensor, map[string]string, error) {
	if err := m.checkTask(); err != nil {
		return nil, nil, err
	}
	spec, err := m.Spec()
	if err != nil {
		return nil, nil, err
	}
	meta := map[string]string{"format": "pt", MetaVersion: "1", MetaEpoch: strconv.Itoa(m.Epoch), MetaPyTorch: spec.String()}
	put := func(key string, v any) error {
		b, err := json.Marshal(v)
		if err != nil {
			return fmt.Errorf("encoding %s: %w", key, err)
		}
		meta[key] = string(b)
		return nil
	}
	type entry struct {
		key   string
		value any
		keep  bool
	}
	c, o := m.Task()
	var sc *scalerJSON
	if m.Scaler != nil {
		sc = &scalerJSON{m.Scaler.Method.String(), m.Scaler.Offset, m.Scaler.Scale}
	}
	for _, e := range []entry{
		{MetaArchitecture, m.Arch, m.Arch != nil},
		{MetaInputShape, spec.Input, spec.Input != nil},
		{MetaTask, taskJSON{c, o}, m.Arch == nil},
		{MetaConfig, m.Config, m.Config != nil},
		{MetaClassNames, m.ClassNames, m.ClassNames != nil},
		{MetaFeatures, m.FeatureNames, m.FeatureNames != nil},
		{MetaScaler, sc, sc != nil},
		{MetaTargets, m.Targets, m.Targets != nil},
		{MetaTrainData, m.TrainData, m.TrainData != nil},
		{MetaValData, m.ValData, m.ValData != nil},
	} {
		if !e.keep {
			continue
		}
		if err := put(e.key, e.value); err != nil {
			return nil, nil, err
		}
	}
	history, err := s.historyJSON(m.History) // the epochs s encoded before are reused
	if err != nil {
		return nil, nil, fmt.Errorf("encoding %s: %w", MetaHistory, err)
	}
	meta[MetaHistory] = string(history)
	if m.WeightsOnly {
		meta[MetaContents] = ContentsWeights
	}
	if m.Kernels != "" {
		meta[MetaKernels] = m.Kernels
	}
	shapes := map[string][]int{}
	values := map[string][]float32{}
	for name, t := range m.Net.StateDict() {
		shapes[name], values[name] = t.Shape, t.Data
	}
	if m.State != nil {
		for k, v := range m.State.Tensors {
			shapes[StatePrefix+k], values[StatePrefix+k] = []int{len(v)}, v
		}
		for k, v := range m.State.Strings() {
			meta[StatePrefix+k] = v
		}
	}
	names := make([]string, 0, len(values))
	for name := range values {
		names = append(names, name)
	}
	slices.SortFunc(names, CompareTensorNames)
	// Counts (num_batches_tracked) are int64s, as PyTorch stores them.
	counts := map[string]int64{}
	for _, b := range m.Net.Buffers() {
		if b.Int64 {
			counts[b.Name] = b.Count()
		}
	}
	out := make([]checkpoint.Tensor, len(names))
	for i, name := range names {
		if n, ok := counts[name]; ok {
			out[i] = checkpoint.I64Tensor(name, shapes[name], []int64{n})
			continue
		}
		out[i] = checkpoint.F32Tensor(name, shapes[name], values[name])
	}
	return out, meta, nil
}

// CompareTensorNames orders state_dict names as PyTorch does: by layer
// index ("2.weight" before "10.weight"), then weight, bias and the
// buffers; training state (StatePrefix) comes last.
func CompareTensorNames(a, b string) int {
	sa, sb := strings.HasPrefix(a, StatePrefix), strings.HasPrefix(b, StatePrefix)
	if sa != sb {
		if sa {
			return 1
		}
		return -1
	}
	ia, ra, okA := strings.Cut(a, ".")
	ib, rb, okB := strings.Cut(b, ".")
	na, errA := strconv.Atoi(ia)
	nb, errB := strconv.Atoi(ib)
	if okA && okB && errA == nil && errB == nil && na != nb {
		return cmp.Compare(na, nb)
	}
	if okA && okB && errA == nil && errB == nil {
		return cmp.Or(cmp.Compare(localRank(ra), localRank(rb)), cmp.Compare(ra, rb))
	}
	return cmp.Compare(a, b)
}

// localRank is the position of a tensor within its layer's state_dict.
func localRank(name string) int {
	for i, n := range []string{"weight", "bias", "running_mean", "running_var", "num_batches_tracked"} {
		if name == n {
			return i
		}
	}
	return 5
}
