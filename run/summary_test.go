package run

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// The default network 784-256-128-10: weights 784*256 + 256*128 + 128*10 =
// 200704 + 32768 + 1280 = 234752, biases 256 + 128 + 10 = 394.
func TestSummaryTotalsDefaultNetwork(t *testing.T) {
	layers := []nn.LayerInfo{
		{Index: 0, Type: "Linear", Out: 256, Params: 784*256 + 256, Weights: 784 * 256, Biases: 256},
		{Index: 1, Type: "ReLU", Out: 256},
		{Index: 2, Type: "Linear", Out: 128, Params: 256*128 + 128, Weights: 256 * 128, Biases: 128},
		{Index: 3, Type: "ReLU", Out: 128},
		{Index: 4, Type: "Linear", Out: 10, Params: 128*10 + 10, Weights: 128 * 10, Biases: 10},
	}
	var b strings.Builder
	writeSummary(&b, "sequential", layers, "avx2-fma", 2, 1)
	out := b.String()
	assert.Contains(t, out, "Total params: 235,146 (918.54 KB)")
	assert.Contains(t, out, "Trainable params: 235,146 (234,752 weights + 394 biases)")
	assert.Contains(t, out, "Non-trainable params: 0")
	assert.Contains(t, out, "Kernels: avx2-fma, threads: 2\n")
	b.Reset()
	writeSummary(&b, "sequential", layers, "avx2-fma", 1, 3)
	assert.Contains(t, b.String(), "Kernels: avx2-fma, threads: 1, ranks: 3 (data-parallel)\n", "a distributed run names its ranks")
	var rows []string
	for _, l := range strings.Split(out, "\n") {
		if strings.HasPrefix(l, " 0 (Linear)") || strings.HasPrefix(l, " 4 (Linear)") {
			rows = append(rows, strings.Join(strings.Fields(l), " "))
		}
	}
	require.Len(t, rows, 2)
	assert.Equal(t, "0 (Linear) (None, 256) 200,960", rows[0])
	assert.Equal(t, "4 (Linear) (None, 10) 1,290", rows[1])
}

// BatchNorm1d(16) has 32 trainable parameters (weight, bias) and 32
// running statistics (running_mean, running_var; not the step counter
// num_batches_tracked); its row counts all 64, as Keras's Param # does
// for BatchNormalization. 80 + 64 + 51 = 195 in all.
func TestSummaryBatchNorm(t *testing.T) {
	a := model.MLP{Inputs: 4, Hidden: []int{16}, Classes: 3, Activation: "leakyrelu", LeakySlope: 0.01, Dropout: 0.1, BatchNorm: true}
	net, err := a.Build()
	require.NoError(t, err)
	var b strings.Builder
	writeSummary(&b, a.String(), net.Describe(), "generic", 1, 1)
	out := b.String()
	assert.Regexp(t, `(?m)^ 1 \(BatchNorm1d\)\s+\(None, 16\)\s+64$`, out)
	assert.Contains(t, out, "Total params: 195 (780 B)")
	assert.Contains(t, out, "Trainable params: 163 (112 weights + 19 biases + 32 normalisation parameters)")
	assert.Contains(t, out, "Non-trainable params: 32")
	assert.Equal(t, "Sequential(Linear(4, 16), BatchNorm1d(16), LeakyReLU(0.01), Dropout(0.1), Linear(16, 3))", a.PyTorch())
}

func TestNumberFormats(t *testing.T) {
	assert.Equal(t, "1 epoch", Plural(1, "epoch"))
	assert.Equal(t, "0 epochs", Plural(0, "epoch"))
	assert.Equal(t, "12 epochs", Plural(12, "epoch"))
	for _, c := range []struct {
		d    time.Duration
		want string
	}{{46300 * time.Nanosecond, "46.3µs"}, {12345678 * time.Nanosecond, "12.35ms"}, {62345678900 * time.Nanosecond, "1m2.35s"}, {300 * time.Nanosecond, "300ns"}} {
		assert.Equal(t, c.want, roundDuration(c.d), "%v", c.d)
	}
}
