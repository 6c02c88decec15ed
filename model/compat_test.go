package model

import (
	"bytes"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/data"
)

// testdata/brawn-train-v1.safetensors was written by brawn train before
// this package existed (commit 51d8972: --layers 5 --batchnorm --dropout
// 0.1 --normalize standard --optimizer adam --epochs 2 on 4-feature
// blobs). It loads with every entry, and saved again it is the same file,
// byte for byte, but for num_batches_tracked, which brawn now writes as
// PyTorch stores it, an int64 (I64) rather than a float32: the entry
// names, the JSON and the tensor order are the ones brawn has always
// written.
func TestCheckpointWrittenBeforeLoadsAndSavesIdentically(t *testing.T) {
	const path = "testdata/brawn-train-v1.safetensors"
	m, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, &MLP{Inputs: 4, Hidden: []int{5}, Classes: 3, Activation: "relu", Dropout: 0.1, BatchNorm: true}, m.Arch)
	assert.Equal(t, "Sequential(Linear(4, 5), BatchNorm1d(5), ReLU(), Dropout(0.1), Linear(5, 3))", m.PyTorch())
	assert.Equal(t, []string{"a", "b", "c"}, m.ClassNames)
	assert.Equal(t, data.NormStandard, m.Scaler.Method)
	assert.Equal(t, 2, m.Epoch)
	assert.Len(t, m.History, 2)
	assert.Equal(t, "adam", m.Config["optimizer"])
	require.NotNil(t, m.State)
	assert.Equal(t, 2.0, m.State.Scalars["trainer.epoch"])
	assert.Contains(t, m.State.Tensors, "optim.0.weight.exp_avg")
	assert.Equal(t, 60, m.TrainData.Samples)

	again := tempFile(t)
	require.NoError(t, Save(again, m))
	f, err := checkpoint.Read(again)
	require.NoError(t, err)
	for i, tn := range f.Tensors {
		if tn.Name == "1.num_batches_tracked" {
			require.Equal(t, checkpoint.I64, tn.DType)
			n, err := tn.Int64s()
			require.NoError(t, err)
			assert.Equal(t, []int64{16}, n, "the count the file holds")
			f.Tensors[i] = checkpoint.F32Tensor(tn.Name, tn.Shape, []float32{float32(n[0])})
		}
	}
	var got bytes.Buffer
	require.NoError(t, checkpoint.Encode(&got, f.Tensors, f.Metadata))
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, want, got.Bytes())
}
