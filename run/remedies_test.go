package run

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
)

// brawn train's health warnings name its flags; for a --model network,
// the layers to put in the module string, not the MLP's --batchnorm and
// --activation.
func TestHealthAdviceNamesFlags(t *testing.T) {
	const n = 100
	layers := []callbacks.LayerHealth{
		{Layer: "0 (Conv2d 1->4 3x3)", WeightNorm: 1, GradNorm: 1e-8, Elements: n, DeadFraction: 0.9},
		{Layer: "3 (Linear 4->2)", WeightNorm: 1, GradNorm: 200, Elements: n, DeadFraction: -1},
	}
	h := &callbacks.Health{Init: "xavier-uniform", Module: true, Remedies: &FlagRemedies}
	h.Baseline([]callbacks.LayerHealth{{Layer: "0 (Conv2d 1->4 3x3)", WeightNorm: 1, Elements: n}, {Layer: "3 (Linear 4->2)", WeightNorm: 1, Elements: n}})
	got := h.Check(1, 0.5, layers)
	require.Len(t, got, 3)
	assert.Contains(t, got[0], "try --init he (for ReLU), fewer layers or BatchNorm2d (or BatchNorm1d) layers in --model")
	assert.Contains(t, got[1], "dead); lower --lr, use --init he, or LeakyReLU in --model")
	assert.Contains(t, got[2], "gradients explode (RMS 20 per weight); lower --lr, add --clip-norm 1, or add BatchNorm2d (or BatchNorm1d) layers in --model")
	for _, w := range got {
		assert.NotContains(t, w, "--batchnorm")
		assert.NotContains(t, w, "--activation")
	}

	h = &callbacks.Health{Init: "xavier-uniform", Activation: "tanh", Remedies: &FlagRemedies}
	h.Baseline([]callbacks.LayerHealth{{Layer: "0", WeightNorm: 1, Elements: n}, {Layer: "3", WeightNorm: 100, Elements: n}})
	got = h.Check(1, 0.5, []callbacks.LayerHealth{
		{Layer: "0", WeightNorm: 1, GradNorm: 1e-8, Elements: n, DeadFraction: -1},
		{Layer: "3", WeightNorm: 1, GradNorm: 200, Elements: n, DeadFraction: -1},
	})
	require.Len(t, got, 3)
	assert.True(t, strings.HasSuffix(got[0], "try --activation relu instead of tanh (with --init he), fewer layers or --batchnorm"), got[0])
	assert.True(t, strings.HasSuffix(got[1], "lower --lr, add --clip-norm 1, or add --batchnorm"), got[1])
	assert.True(t, strings.HasSuffix(got[2], "lower --weight-decay/--l2/--l1 or raise --lr"), got[2])
}

// The data package's advice, in CSVOptions' terms, reaches brawn's users
// as the flags that set those options, inside the errors that wrap it.
func TestFlagAdvice(t *testing.T) {
	for _, c := range []struct {
		content, want string
		opts          data.CSVOptions
	}{
		{"a;b;label\n1;2;0\n3;4;1\n", `give it, e.g. --delimiter ';')`, data.CSVOptions{}},
		{"3,2,,\nA,B,C,D\n1,2,3,0\n", `skip it with --skip-rows 1`, data.CSVOptions{}},
		{"a,y1,y2\n1,2,3\n", `only a regression (--task regression) reads a list of target columns`, data.CSVOptions{LabelColumn: "y1,y2"}},
	} {
		_, err := data.DecodeCSV("t.csv", []byte(c.content), c.opts)
		require.Error(t, err, c.content)
		wrapped := fmt.Errorf("--train: %w", err)
		got := FlagAdvice(wrapped)
		assert.Contains(t, got.Error(), c.want, c.content)
		assert.True(t, strings.HasPrefix(got.Error(), "--train: t.csv"), got.Error())
		assert.NotContains(t, got.Error(), "CSVOptions", c.content)
		assert.ErrorIs(t, got, err, "the original error is wrapped")
	}
	plain := errors.New("no advice")
	assert.Equal(t, plain, FlagAdvice(plain))
}

// --threads is bounded by MaxThreads, not by the CPUs: a job requeued
// onto a smaller node still runs (warnThreads says it is slower).
func TestThreadsLimit(t *testing.T) {
	c := DefaultConfig()
	c.Data.Data = "mnist"
	c.Threads = runtime.NumCPU() + 1
	require.NoError(t, c.Validate(nil))
	c.Threads = MaxThreads + 1
	err := c.Validate(nil)
	require.Error(t, err)
	assert.Equal(t, fmt.Sprintf(`invalid --threads "%d": must be at most %d (0 = GOMAXPROCS, %d)`, MaxThreads+1, MaxThreads, runtime.GOMAXPROCS(0)), err.Error())
}
