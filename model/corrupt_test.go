package model

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// savedParts saves a small brawn-train-like checkpoint (architecture,
// scaler, class names, trainer state) and returns its tensors and
// metadata as decode takes them.
func savedParts(t *testing.T) (map[string]tensor, map[string]string) {
	arch := MLP{Inputs: 2, Hidden: []int{4}, Classes: 2, Activation: "relu"}
	net, err := arch.Build()
	require.NoError(t, err)
	sc, tr := trainedXOR(t, net)
	m := &Model{Net: net, Arch: &arch, Scaler: sc, ClassNames: []string{"a", "b"}, Config: map[string]string{"lr": "0.05"}, Epoch: tr.Epoch(), State: tr.Export()}
	ts, meta, err := m.encode()
	require.NoError(t, err)
	tensors := map[string]tensor{}
	for _, x := range ts {
		v, err := x.Float32s()
		require.NoError(t, err)
		tensors[x.Name] = tensor{shape: x.Shape, data: v}
	}
	return tensors, meta
}

// Every inconsistency between a checkpoint's metadata and its tensors is
// refused with an error that names the file and the entry, before a
// network of the wrong size is built or a value that would make nn panic
// reaches it.
func TestDecodeRefusesCorruptCheckpoints(t *testing.T) {
	cases := []struct {
		name string
		edit func(tensors map[string]tensor, meta map[string]string)
		want string
	}{
		{"no architecture", func(_ map[string]tensor, m map[string]string) { delete(m, MetaArchitecture); delete(m, MetaPyTorch) },
			`f: not a brawn model: the metadata has no "brawn.architecture" or "brawn.pytorch_module" entry`},
		{"architecture not JSON", func(_ map[string]tensor, m map[string]string) { m[MetaArchitecture] = "{" },
			`f: metadata "brawn.architecture" is corrupt: unexpected end of JSON input`},
		{"dropout 1", func(_ map[string]tensor, m map[string]string) {
			m[MetaArchitecture] = `{"inputs":2,"hidden":[4],"classes":2,"activation":"relu","dropout":1}`
		}, `f: metadata "brawn.architecture": corrupt architecture: dropout 1 (must be in [0, 1))`},
		{"leaky slope", func(_ map[string]tensor, m map[string]string) {
			m[MetaArchitecture] = `{"inputs":2,"hidden":[4],"classes":2,"activation":"leakyrelu","leaky_slope":1e300}`
		}, `corrupt architecture: leaky_slope 1e+300 (must be >= 0 and at most float32's largest value 3.4028235e+38)`},
		{"unknown activation", func(_ map[string]tensor, m map[string]string) {
			m[MetaArchitecture] = `{"inputs":2,"hidden":[4],"classes":2,"activation":"gelu"}`
		}, `f: architecture {"inputs":2,"hidden":[4],"classes":2,"activation":"gelu"} does not build: unknown activation "gelu"`},
		{"more weights than the file holds", func(_ map[string]tensor, m map[string]string) {
			m[MetaArchitecture] = `{"inputs":2,"hidden":[4000000],"classes":2,"activation":"relu"}`
		}, `f: the architecture 2-4000000-2 needs 20000002 weights and biases, the file holds 22 values`},
		{"missing tensor", func(ts map[string]tensor, _ map[string]string) { delete(ts, "2.bias") },
			`f: tensor "2.bias" (layer 2, Linear(4, 2)) of the architecture 2-4-2 is missing`},
		{"extra tensor", func(ts map[string]tensor, _ map[string]string) {
			ts["5.weight"] = tensor{shape: []int{1}, data: []float32{0}}
		},
			`f: tensor "5.weight" does not belong to the architecture 2-4-2 (Sequential(Linear(2, 4), ReLU(), Linear(4, 2)))`},
		{"misshapen tensor", func(ts map[string]tensor, _ map[string]string) {
			ts["0.weight"] = tensor{shape: []int{2, 4}, data: ts["0.weight"].data}
		},
			`f: tensor "0.weight" (layer 0, Linear(2, 4)) has shape [2 4], the architecture 2-4-2 needs [4 2]`},
		{"NaN weight", func(ts map[string]tensor, _ map[string]string) {
			w := append([]float32(nil), ts["0.weight"].data...)
			w[3] = float32(math.NaN())
			ts["0.weight"] = tensor{shape: ts["0.weight"].shape, data: w}
		}, `f: tensor "0.weight" holds non-finite values (element 3 is NaN)`},
		{"scaler size", func(_ map[string]tensor, m map[string]string) {
			m[MetaScaler] = `{"method":"standard","offset":[0],"scale":[1]}`
		}, `f: metadata "brawn.scaler" has 1 offsets and 1 scales for a model of 2 inputs`},
		{"scaler method", func(_ map[string]tensor, m map[string]string) {
			m[MetaScaler] = `{"method":"cubic","offset":[0,0],"scale":[1,1]}`
		}, `f: metadata "brawn.scaler": `},
		{"class names", func(_ map[string]tensor, m map[string]string) { m[MetaClassNames] = `["a","b","c"]` },
			`f: 3 class names for a model of 2 classes`},
		{"epoch", func(_ map[string]tensor, m map[string]string) { m[MetaEpoch] = "-1" },
			`f: metadata "brawn.epoch" is "-1", not a number of epochs`},
		{"state epoch", func(_ map[string]tensor, m map[string]string) { m[StatePrefix+"trainer.epoch"] = "f:7" },
			`f: metadata "brawn.state.trainer.epoch" is 7, but "brawn.epoch" records 50 completed epochs`},
		{"state entry", func(_ map[string]tensor, m map[string]string) { m[StatePrefix+"optim.step"] = "7" },
			`f: training state: nn: state entry "optim.step": value "7" has no f: or u: prefix`},
		{"targets on a classifier", func(_ map[string]tensor, m map[string]string) {
			m[MetaTargets] = `{"names":["y","z"],"mean":[0,0],"std":[1,1]}`
		}, `f: metadata "brawn.targets" belongs to a regression, but the architecture 2-4-2 is a classifier`},
		{"module string", func(_ map[string]tensor, m map[string]string) {
			delete(m, MetaArchitecture)
			m[MetaPyTorch] = "Sequential(Linear(2, 4), ReLU(), Linear(4, 2)"
		}, `f: metadata "brawn.pytorch_module": module string at byte 45: want ',' or ')' after layer 2`},
		{"module of another network", func(_ map[string]tensor, m map[string]string) {
			delete(m, MetaArchitecture)
			m[MetaPyTorch] = "Sequential(Linear(2, 4), ReLU(), Linear(4, 3))"
		}, `f: tensor "2.weight" (layer 2, Linear(4, 3)) has shape [2 4], the architecture Sequential(Linear(2, 4), ReLU(), Linear(4, 3)) needs [3 4]`},
		{"module of another shape", func(_ map[string]tensor, m map[string]string) {
			delete(m, MetaArchitecture)
			m[MetaPyTorch] = "Sequential(Linear(2, 2), ReLU(), Linear(2, 2))"
			m[MetaTask] = `{"classes":2,"outputs":0}`
		}, `f: tensor "0.weight" (layer 0, Linear(2, 2)) has shape [4 2], the architecture Sequential(Linear(2, 2), ReLU(), Linear(2, 2)) needs [2 2]`},
		{"task", func(_ map[string]tensor, m map[string]string) {
			delete(m, MetaArchitecture)
			m[MetaTask] = `{"classes":3,"outputs":2}`
		}, `f: metadata "brawn.task": corrupt architecture: 2 outputs for 3 classes`},
		{"task of another width", func(_ map[string]tensor, m map[string]string) {
			delete(m, MetaArchitecture)
			delete(m, MetaClassNames)
			m[MetaTask] = `{"classes":5,"outputs":0}`
		}, `f: metadata "brawn.task": the network has 2 outputs, but it predicts 5 classes and 0 outputs`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tensors, meta := savedParts(t)
			c.edit(tensors, meta)
			_, err := decode("f", tensors, meta)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
	// Unedited, the parts decode: every refusal above is the edit's.
	tensors, meta := savedParts(t)
	_, err := decode("f", tensors, meta)
	require.NoError(t, err)
}
