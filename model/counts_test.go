package model

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/nn"
)

// countsNet has two batch norms that count their batches, one inside a
// Residual block.
func countsNet(t *testing.T) *nn.Sequential {
	t.Helper()
	s, err := ParseModule("Sequential(Linear(2, 4), BatchNorm1d(4), Residual(Sequential(Linear(4, 4), BatchNorm1d(4, momentum=None))), Linear(4, 2))")
	require.NoError(t, err)
	net, err := s.Build()
	require.NoError(t, err)
	return net
}

// counter returns net's Int64 buffer name.
func counter(t *testing.T, net *nn.Sequential, name string) *nn.Buffer {
	t.Helper()
	for _, b := range net.Buffers() {
		if b.Name == name {
			require.True(t, b.Int64, name)
			return b
		}
	}
	t.Fatalf("no buffer %s", name)
	return nil
}

// A batch norm's num_batches_tracked is saved as PyTorch stores it, an
// int64 (I64), exactly beyond float32's 2^24, and loads back exactly; a
// checkpoint of an earlier brawn, which stored it as float32 (F32), still
// loads, as does any count of F32 a tool wrote; an I64 tensor that is not
// a count is refused.
func TestNumBatchesTrackedInt64(t *testing.T) {
	net := countsNet(t)
	const big = 1<<24 + 1 // not a float32
	counter(t, net, "1.num_batches_tracked").SetCount(7)
	counter(t, net, "2.f.1.num_batches_tracked").SetCount(big)
	path := tempFile(t)
	require.NoError(t, Save(path, &Model{Net: net}))

	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	for name, want := range map[string]int64{"1.num_batches_tracked": 7, "2.f.1.num_batches_tracked": big} {
		tn, err := f.Get(name)
		require.NoError(t, err)
		assert.Equal(t, checkpoint.I64, tn.DType, name)
		assert.Empty(t, tn.Shape, name)
		v, err := tn.Int64s()
		require.NoError(t, err)
		assert.Equal(t, []int64{want}, v, name)
	}
	w, err := f.Get("1.running_mean")
	require.NoError(t, err)
	assert.Equal(t, checkpoint.F32, w.DType)

	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, int64(7), counter(t, back.Net, "1.num_batches_tracked").Count())
	assert.Equal(t, int64(big), counter(t, back.Net, "2.f.1.num_batches_tracked").Count())
	assert.Equal(t, float32(7), counter(t, back.Net, "1.num_batches_tracked").Value.Data[0])

	// As an earlier brawn wrote it: every tensor F32.
	old := make([]checkpoint.Tensor, len(f.Tensors))
	for i, tn := range f.Tensors {
		old[i] = tn
		if tn.DType == checkpoint.I64 {
			v, err := tn.Int64s()
			require.NoError(t, err)
			old[i] = checkpoint.F32Tensor(tn.Name, tn.Shape, []float32{float32(v[0])})
		}
	}
	oldPath := filepath.Join(t.TempDir(), "old.safetensors")
	require.NoError(t, checkpoint.Write(oldPath, old, f.Metadata))
	back, err = Load(oldPath)
	require.NoError(t, err)
	assert.Equal(t, int64(7), counter(t, back.Net, "1.num_batches_tracked").Count())
	assert.Equal(t, int64(1<<24), counter(t, back.Net, "2.f.1.num_batches_tracked").Count(), "float32 rounds it")

	// An I64 weight is not brawn's.
	bad := append([]checkpoint.Tensor(nil), f.Tensors...)
	for i, tn := range bad {
		if tn.Name == "0.bias" {
			bad[i] = checkpoint.I64Tensor(tn.Name, tn.Shape, make([]int64, tn.NumElements()))
		}
	}
	badPath := filepath.Join(t.TempDir(), "bad.safetensors")
	require.NoError(t, checkpoint.Write(badPath, bad, f.Metadata))
	_, err = Load(badPath)
	require.EqualError(t, err, badPath+`: tensor "0.bias" has dtype I64, expected F32 (only a batch norm's num_batches_tracked may be I64)`)
}
