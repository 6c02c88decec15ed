package model

import (
	"math"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// cloneTestNet is a small CNN with every kind of state a clone must copy:
// parameters, BatchNorm2d's running statistics and dropout's generator.
func cloneTestNet(t *testing.T) *nn.Sequential {
	t.Helper()
	spec, err := ParseModuleFor("Sequential(Conv2d(1, 4, 3, padding=1), BatchNorm2d(4), ReLU(), MaxPool2d(2), Flatten(), Dropout(p=0.5), Linear(64, 3))", nn.Shape{1, 8, 8})
	require.NoError(t, err)
	net, err := spec.Build()
	require.NoError(t, err)
	net.ResetParameters(nn.NewRNG(5))
	net.SetRNG(nn.NewRNG(9))
	net.SetThreads(1)
	net.Forward(nn.FromSlice(randomValues(16*64, 1), 16, 64)) // training mode: running statistics move
	return net
}

func randomValues(n int, seed uint64) []float32 {
	r := nn.NewRNG(seed)
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(r.NormFloat64())
	}
	return v
}

// A clone has the original's state bit for bit, computes the same bits
// (in training mode too: the same dropout masks), and is its own: changing
// or running one leaves the other alone.
func TestCloneNet(t *testing.T) {
	net := cloneTestNet(t)
	c, err := CloneNet(net)
	require.NoError(t, err)
	sd, csd := net.StateDict(), c.StateDict()
	require.Equal(t, len(sd), len(csd))
	require.Contains(t, sd, "1.running_mean")
	assert.NotEqual(t, make([]float32, 4), sd["1.running_mean"].Data, "the running mean moved")
	for k, v := range sd {
		assert.Equal(t, math.Float32bits(v.Data[0]), math.Float32bits(csd[k].Data[0]), k)
		assert.Equal(t, v.Data, csd[k].Data, k)
		assert.NotSame(t, &v.Data[0], &csd[k].Data[0], "%s shares memory", k)
	}
	assert.Equal(t, net.Threads(), c.Threads())
	assert.True(t, c.Training())

	x := nn.FromSlice(randomValues(5*64, 2), 5, 64)
	want := append([]float32(nil), net.Forward(x).Data...)
	assert.Equal(t, want, c.Forward(x).Data, "training mode: the same dropout draws")
	net.Eval()
	c.Eval()
	want = append([]float32(nil), net.Forward(x).Data...)
	assert.Equal(t, want, c.Forward(x).Data)

	csd["6.weight"].Data[0]++
	assert.NotEqual(t, csd["6.weight"].Data[0], sd["6.weight"].Data[0])
	assert.Equal(t, want, net.Forward(x).Data, "the original is unchanged")
}

// Clones of a Model predict on several goroutines at once, each the same
// bits as the original alone (the race detector watches this in make
// test-race).
func TestModelClonesPredictConcurrently(t *testing.T) {
	m, d := inferModel(t, 10, 0, 300)
	want, err := m.PredictData(d, 64)
	require.NoError(t, err)
	var wg sync.WaitGroup
	got := make([]*Prediction, 4)
	errs := make([]error, 4)
	for g := range got {
		c, err := m.Clone()
		require.NoError(t, err)
		assert.Same(t, m.Scaler, c.Scaler)
		assert.NotSame(t, m.Net, c.Net)
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[g], errs[g] = c.PredictData(d, 7+g*50)
		}()
	}
	wg.Wait()
	for g := range got {
		require.NoError(t, errs[g])
		assert.Equal(t, want.Probs, got[g].Probs, "goroutine %d", g)
	}
}
