package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
)

// Checkpoints store num_batches_tracked as PyTorch does, an int64; one of
// an earlier brawn, which stored it as a float32, still resumes (to the
// same bits), evaluates, predicts and exports, and export writes the count
// as an int64 too.
func TestNumBatchesTrackedDTypes(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	ckpt := filepath.Join(dir, "m.safetensors")
	_, errOut, err := runCLI(context.Background(), blobArgs(train, test, "--batchnorm", "--epochs", "2", "--save", ckpt)...)
	require.NoError(t, err, errOut)
	tensors, _ := readSafetensors(t, ckpt)
	require.Equal(t, "I64", tensors["1.num_batches_tracked"].Dtype)
	assert.Equal(t, []float32{38}, tensors["1.num_batches_tracked"].Data, "2 epochs of 19 batches")
	assert.Equal(t, "F32", tensors["1.running_mean"].Dtype)

	f, err := checkpoint.Read(ckpt)
	require.NoError(t, err)
	for i, tn := range f.Tensors {
		if tn.DType == checkpoint.I64 {
			n, err := tn.Int64s()
			require.NoError(t, err)
			f.Tensors[i] = checkpoint.F32Tensor(tn.Name, tn.Shape, []float32{float32(n[0])})
		}
	}
	old := filepath.Join(dir, "old.safetensors")
	require.NoError(t, checkpoint.Write(old, f.Tensors, f.Metadata))

	resumed := map[string]map[string]stTensor{}
	for _, from := range []string{ckpt, old} {
		out := filepath.Join(dir, "resumed-"+filepath.Base(from))
		_, errOut, err := runCLI(context.Background(), blobArgs(train, test, "--batchnorm", "--epochs", "3", "--resume", from, "--save", out)...)
		require.NoError(t, err, errOut)
		resumed[from], _ = readSafetensors(t, out)
		assert.Equal(t, []float32{57}, resumed[from]["1.num_batches_tracked"].Data, from)

		evalOut, errOut, err := runCLI(context.Background(), "eval", "--model", from, "--test", test, "--label-col", "species")
		require.NoError(t, err, errOut)
		assert.Contains(t, evalOut, "accuracy  ", from)
		predOut, errOut, err := runCLI(context.Background(), "predict", "--model", from, "--input", test, "--label-col", "species")
		require.NoError(t, err, errOut)
		assert.Contains(t, predOut, "row,class,p_a,p_b,p_c\n", from)
		weights := filepath.Join(dir, "w-"+filepath.Base(from))
		_, errOut, err = runCLI(context.Background(), "export", "--model", from, "-o", weights)
		require.NoError(t, err, errOut)
		exported, _ := readSafetensors(t, weights)
		assert.Equal(t, "I64", exported["1.num_batches_tracked"].Dtype, from)
	}
	requireSameBits(t, resumed[ckpt], resumed[old], "resumed from I64", "resumed from F32")
}
