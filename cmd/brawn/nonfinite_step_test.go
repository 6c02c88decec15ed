package main

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// A step whose loss is finite but whose backward pass overflows float32
// (here: the output layer's weights scaled up to about 1e30 after epoch
// 2's first step, so the logits, about 1e30, and the loss stay finite
// but the first layer's gradient does not) stops the run with status 3
// before the update, naming the step, the quantity, the layer and the
// parameter and what to change. The model keeps the weights from before
// that step; the checkpoint on disk is still epoch 1's, byte for byte,
// loads with finite weights and state, and resumes.
func TestBackwardOverflowKeepsLastCheckpoint(t *testing.T) {
	for _, opt := range []string{"sgd", "adam"} {
		t.Run(opt, func(t *testing.T) {
			train, test := blobFiles(t)
			dir := t.TempDir()
			modelPath, metrics := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "m.json")
			var epoch1 []byte
			var scaled [][]float32 // the weights after the scaling, the last finite ones
			var net *nn.Sequential
			hook := stepHook(func(r *nn.Trainer, s *nn.StepInfo) {
				net = r.Model
				if s.Epoch == 2 && s.Step == 1 {
					var err error
					epoch1, err = os.ReadFile(modelPath)
					require.NoError(t, err)
					kernels.Sscal(1e30, r.Model.Params()[2].Value.Data)
					for _, p := range r.Model.Params() {
						scaled = append(scaled, append([]float32(nil), p.Value.Data...))
					}
				}
			})
			args := blobArgs(train, test, "--save", modelPath, "--json", metrics, "--optimizer", opt)
			_, _, err := runCLIWith(context.Background(), hook, args...)
			var ee *exitError
			require.ErrorAs(t, err, &ee)
			assert.Equal(t, exitNonFinite, ee.code)
			assert.Regexp(t, `^training stopped at epoch 2, step 2 \(global step \d+\): the gradient of 0\.weight in layer 0 \(Linear 4->16\) (overflows float32 \(its norm is \+Inf\)|is [+-]Inf at element \d+), so the step's update was not applied; kept the last good checkpoint .*m\.safetensors \(epoch 1\)\. Try a lower --lr \(now 0\.01\), --clip-norm 1, --normalize standard for features of large range, or --batchnorm$`, err.Error())

			onDisk, err := os.ReadFile(modelPath)
			require.NoError(t, err)
			assert.Equal(t, epoch1, onDisk, "the checkpoint is epoch 1's")
			m, err := model.Load(modelPath)
			require.NoError(t, err)
			assert.Equal(t, 1, m.Epoch)
			for name, w := range m.Weights() {
				assert.True(t, allFinite32(w), "%s", name)
			}
			for name, v := range m.State.Tensors {
				assert.True(t, allFinite32(v), "%s", name)
			}
			assert.Equal(t, "non-finite", readMetrics(t, metrics)["stopped"])

			require.NotNil(t, scaled)
			for i, p := range net.Params() {
				assert.Equal(t, scaled[i], p.Value.Data, "%s: the weights from before the bad step", p.Name)
			}

			_, _, err = runCLI(context.Background(), append(args, "--resume", modelPath)...)
			require.NoError(t, err, "the checkpoint resumes")
		})
	}
}

func allFinite32(x []float32) bool {
	for _, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return false
		}
	}
	return true
}

// A run that stops on a non-finite step names the checkpoint that is
// really the last good one: after --resume, the resumed file (which --save
// may name too); with --save-every, the epochs that finished but were not
// due for a save.
func TestNonFiniteStopNamesTheLastGoodCheckpoint(t *testing.T) {
	train, test := blobFiles(t)
	dir := t.TempDir()
	modelPath, other := filepath.Join(dir, "m.safetensors"), filepath.Join(dir, "other.safetensors")
	_, _, err := runCLI(context.Background(), blobArgs(train, test, "--save", modelPath, "--epochs", "2")...)
	require.NoError(t, err)
	epoch2, err := os.ReadFile(modelPath)
	require.NoError(t, err)
	var hook []nn.Callback
	poisonEpoch := func(epoch int) {
		hook = stepHook(func(r *nn.Trainer, s *nn.StepInfo) {
			if s.Epoch == epoch && s.Step == 1 {
				r.Model.Params()[0].Value.Data[0] = float32(math.Inf(1))
			}
		})
	}
	stop := func(args ...string) string {
		_, _, err := runCLIWith(context.Background(), hook, args...)
		var ee *exitError
		require.ErrorAs(t, err, &ee)
		assert.Equal(t, exitNonFinite, ee.code)
		return err.Error()
	}

	poisonEpoch(3)
	msg := stop(blobArgs(train, test, "--save", modelPath, "--resume", modelPath)...)
	assert.Contains(t, msg, "; kept the last good checkpoint "+modelPath+" (epoch 2).")
	onDisk, err := os.ReadFile(modelPath)
	require.NoError(t, err)
	assert.Equal(t, epoch2, onDisk)

	msg = stop(blobArgs(train, test, "--save", other, "--resume", modelPath)...)
	assert.Contains(t, msg, "; nothing was written to "+other+"; the last good checkpoint is the one resumed, "+modelPath+" (epoch 2).")
	assert.NoFileExists(t, other)

	msg = stop(blobArgs(train, test, "--resume", modelPath)...)
	assert.Contains(t, msg, "; the last good checkpoint is the one resumed, "+modelPath+" (epoch 2).")

	msg = stop(blobArgs(train, test, "--save", other, "--save-every", "5")...)
	assert.Contains(t, msg, "; epochs 1 to 2 finished but no checkpoint was written: --save-every 5 saves after epoch 5.")
	assert.NoFileExists(t, other)

	poisonEpoch(2)
	msg = stop(blobArgs(train, test, "--save", other, "--save-every", "5")...)
	assert.Contains(t, msg, "; epoch 1 finished but no checkpoint was written: --save-every 5 saves after epoch 5.")
}
