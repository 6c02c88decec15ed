package main

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/brawn-ml/brawn/checkpoint"
)

// saveModel writes m as a safetensors file, atomically (checkpoint.Write:
// temporary file, fsync, rename). Tensors are float32 ("F32"), the model's
// first in state_dict order, then the training state's.
func saveModel(path string, m *savedModel) error {
	tensors, meta, err := m.encode()
	if err != nil {
		return err
	}
	names := make([]string, 0, len(tensors))
	for name := range tensors {
		names = append(names, name)
	}
	slices.SortFunc(names, compareTensorNames)
	out := make([]checkpoint.Tensor, len(names))
	for i, name := range names {
		t := tensors[name]
		out[i] = checkpoint.F32Tensor(name, t.Shape, t.Data)
	}
	if err := checkpoint.Write(path, out, meta); err != nil {
		return fmt.Errorf("saving the model: %w", err)
	}
	return nil
}

// compareTensorNames orders state_dict names as PyTorch does: by layer
// index ("2.weight" before "10.weight"), then weight, bias and the
// buffers; training state ("brawn.state.") comes last.
func compareTensorNames(a, b string) int {
	sa, sb := strings.HasPrefix(a, statePrefix), strings.HasPrefix(b, statePrefix)
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

// loadModel reads a model saved by saveModel. A file that is not valid
// safetensors, holds other dtypes, or whose tensors do not fit the
// architecture in its metadata is refused with an error naming the file.
func loadModel(path string) (*savedModel, error) {
	f, err := checkpoint.Read(path)
	if err != nil {
		return nil, fmt.Errorf("reading the model: %w", err)
	}
	tensors := make(map[string]tensorEntry, len(f.Tensors))
	for i := range f.Tensors {
		t := &f.Tensors[i]
		v, err := t.Float32s()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		tensors[t.Name] = tensorEntry{Shape: t.Shape, Data: v}
	}
	return decodeModel(path, tensors, f.Metadata)
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
