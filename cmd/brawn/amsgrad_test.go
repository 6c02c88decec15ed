package main

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
)

// --amsgrad trains with torch.optim's amsgrad=True: the checkpoint's
// optimizer state holds max_exp_avg_sq, which is never below exp_avg_sq
// (it is their running maximum) and above it where a second moment fell;
// with --early-stop the best weights are in the training state too.
func TestAMSGradFlag(t *testing.T) {
	train, test := blobFiles(t)
	modelPath := filepath.Join(t.TempDir(), "m.safetensors")
	out, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--amsgrad",
		"--val-split", "0.1", "--early-stop", "50")...)
	require.NoError(t, err)
	assert.Contains(t, out, "Adam (amsgrad), lr 0.01, batch 16")
	tensors, meta := readSafetensors(t, modelPath)
	assert.Contains(t, meta[model.MetaConfig], `"amsgrad":"true"`)
	for _, name := range []string{"0.weight", "0.bias", "2.weight", "2.bias"} {
		vmax, ok := tensors[model.StatePrefix+"optim."+name+".max_exp_avg_sq"]
		require.True(t, ok, name)
		v := tensors[model.StatePrefix+"optim."+name+".exp_avg_sq"]
		require.Len(t, vmax.Data, len(v.Data), name)
		above := 0
		for i := range v.Data {
			require.GreaterOrEqual(t, vmax.Data[i], v.Data[i], "%s[%d]", name, i)
			if vmax.Data[i] > v.Data[i] {
				above++
			}
		}
		assert.Positive(t, above, "%s: some second moment fell below its maximum", name)
		best, ok := tensors[model.StatePrefix+"early_stop.best."+name]
		require.True(t, ok, name)
		assert.Len(t, best.Data, len(tensors[name].Data), name)
	}
}
