package model

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/nn"
)

// BatchNorm1d takes affine=False and track_running_stats=False, as
// BatchNorm2d does (the refusal "brawn's BatchNorm1d has γ and β and
// tracks running statistics" is gone), in keywords or in PyTorch's
// positions; the module string brawn writes for the built layers parses
// back to them (the round trip).
func TestBatchNorm1dOptionsModuleStrings(t *testing.T) {
	for _, c := range []struct {
		in, out       string
		affine, track []bool
	}{
		{"Sequential(Linear(4, 5), BatchNorm1d(5, affine=False), ReLU(), Linear(5, 3))", "",
			[]bool{false}, []bool{true}},
		{"Sequential(Linear(4, 5), BatchNorm1d(5, track_running_stats=False), ReLU(), Linear(5, 3))", "",
			[]bool{true}, []bool{false}},
		{"Sequential(BatchNorm1d(4, eps=0.001, momentum=None, affine=False, track_running_stats=False), Linear(4, 3), BatchNorm1d(3, momentum=0.3, affine=False))", "",
			[]bool{false, false}, []bool{false, true}},
		{"Sequential(BatchNorm1d(4, 0.001, None, False, False), Linear(4, 3), BatchNorm1d(3, 1e-05, 0.1, True, True))",
			"Sequential(BatchNorm1d(4, eps=0.001, momentum=None, affine=False, track_running_stats=False), Linear(4, 3), BatchNorm1d(3))",
			[]bool{false, true}, []bool{false, true}},
		{"Sequential(Linear(4, 5), BatchNorm1d(num_features=5, affine=True, track_running_stats=False), Linear(5, 3))",
			"Sequential(Linear(4, 5), BatchNorm1d(5, track_running_stats=False), Linear(5, 3))",
			[]bool{true}, []bool{false}},
	} {
		want := c.out
		if want == "" {
			want = c.in
		}
		s, err := ParseModule(c.in)
		require.NoError(t, err, c.in)
		net, err := s.Build()
		require.NoError(t, err, c.in)
		var bns []*nn.BatchNorm1d
		for _, l := range net.Layers {
			if bn, ok := l.(*nn.BatchNorm1d); ok {
				bns = append(bns, bn)
			}
		}
		require.Len(t, bns, len(c.affine), c.in)
		for i, bn := range bns {
			assert.Equal(t, c.affine[i], bn.Affine(), "%s: %d", c.in, i)
			assert.Equal(t, c.affine[i], bn.Weight != nil && bn.Bias != nil, "%s: %d", c.in, i)
			assert.Equal(t, c.track[i], bn.TrackRunningStats(), "%s: %d", c.in, i)
			assert.Equal(t, c.track[i], bn.RunningMean != nil && bn.RunningVar != nil && bn.NumBatchesTracked != nil, "%s: %d", c.in, i)
		}
		of, err := SpecOf(net)
		require.NoError(t, err, c.in)
		require.Equal(t, want, of.String(), c.in)
		again, err := ParseModule(of.String())
		require.NoError(t, err, c.in)
		net2, err := again.Build()
		require.NoError(t, err, c.in)
		of2, err := SpecOf(net2)
		require.NoError(t, err, c.in)
		assert.Equal(t, want, of2.String(), c.in)
		assert.Equal(t, net.Describe(), net2.Describe(), c.in)
	}
	for _, c := range []struct{ in, err string }{
		{"Sequential(BatchNorm1d(4, affine=0))", `BatchNorm1d(4, affine=0): affine "0" is not True or False`},
		{"Sequential(BatchNorm1d(4, 1e-5, 0.1, True, True, True))", "takes 5 positional arguments, not 6"},
		{"Sequential(BatchNorm1d(4, momentum=2))", "BatchNorm1d(4, momentum=2): momentum 2 must be in [0, 1]"},
		{"Sequential(BatchNorm1d(4, eps=-1))", "BatchNorm1d(4, eps=-1): eps -1 must be a finite number >= 0"},
	} {
		s, err := ParseModule(c.in)
		if err == nil {
			_, err = s.Build()
		}
		require.Error(t, err, c.in)
		assert.Contains(t, err.Error(), c.err, c.in)
	}
}

// A network with BatchNorm1d layers without affine or running statistics
// saves and loads with exactly PyTorch's state_dict entries (no weight or
// bias, no running_mean, running_var or num_batches_tracked where the
// options leave them out), its module string, and the same outputs.
func TestBatchNorm1dOptionsCheckpointRoundTrips(t *testing.T) {
	net, err := nn.NewSequential(2, nn.NewLinear(2, 8), nn.NewBatchNorm1dWith(8, false, true), nn.NewTanh(),
		nn.NewBatchNorm1dWith(8, true, false), nn.NewLinear(8, 2))
	require.NoError(t, err)
	sc, _ := trainedXOR(t, net)
	path := tempFile(t)
	require.NoError(t, Save(path, &Model{Net: net, Scaler: sc}))
	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	assert.Equal(t, "Sequential(Linear(2, 8), BatchNorm1d(8, affine=False), Tanh(), BatchNorm1d(8, track_running_stats=False), Linear(8, 2))", f.Metadata[MetaPyTorch])
	var names []string
	for _, tn := range f.Tensors {
		names = append(names, tn.Name)
	}
	assert.ElementsMatch(t, []string{"0.weight", "0.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
		"3.weight", "3.bias", "4.weight", "4.bias"}, filterBrawn(names))
	got, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, net.StateDict(), got.Net.StateDict())
	x, _ := xorData()
	want, err := net.Predict(x, len(x)/2)
	require.NoError(t, err)
	out, err := got.Net.Predict(x, len(x)/2)
	require.NoError(t, err)
	assert.Equal(t, want, out)
}

// filterBrawn leaves out the "brawn.*" entries of a checkpoint's names.
func filterBrawn(names []string) []string {
	var out []string
	for _, n := range names {
		if !strings.HasPrefix(n, "brawn.") {
			out = append(out, n)
		}
	}
	return out
}
