package nn

import (
	"encoding/json"
	"math"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
)

// TestConv2dPyTorch compares Conv2d's output and gradients with
// PyTorch's for the same input, weights and output gradient, from the
// fixtures testdata/torch/gen_conv.py writes.
func TestConv2dPyTorch(t *testing.T) {
	files, err := filepath.Glob("testdata/torch/conv2d_*.safetensors")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 7)
	for _, path := range files {
		f, err := checkpoint.Read(path)
		require.NoError(t, err)
		get := func(name string) ([]float32, []int) {
			tn, err := f.Get(name)
			require.NoError(t, err, path)
			v, err := tn.Float32s()
			require.NoError(t, err, path)
			return v, tn.Shape
		}
		var cfg Conv2dConfig
		require.NoError(t, json.Unmarshal([]byte(f.Metadata["config"]), &cfg), path)
		l, err := NewConv2d(cfg)
		require.NoError(t, err, path)
		x, xs := get("x")
		_, err = l.Build(Shape(xs[1:]), &Env{Training: true})
		require.NoError(t, err, path)
		w, ws := get("weight")
		require.Equal(t, ws, l.Weight.Value.Shape, path)
		copy(l.Weight.Value.Data, w)
		if l.Bias != nil {
			b, _ := get("bias")
			copy(l.Bias.Value.Data, b)
		}
		y := l.Forward(FromSlice(x, xs...))
		want, ys := get("y")
		require.Equal(t, ys, y.Shape, path)
		requireNear(t, want, y.Data, path+" y")
		dy, _ := get("dy")
		dx := l.Backward(FromSlice(dy, ys...), true)
		want, _ = get("dx")
		requireNear(t, want, dx.Data, path+" dx")
		want, _ = get("dweight")
		requireNear(t, want, l.Weight.Grad.Data, path+" dweight")
		if l.Bias != nil {
			want, _ = get("dbias")
			requireNear(t, want, l.Bias.Grad.Data, path+" dbias")
		} else {
			_, err := f.Get("bias")
			require.Error(t, err, "%s: bias=False has no bias", path)
		}
	}
}

// requireNear checks got against PyTorch's float64 results rounded to
// float32, within float32 accumulation error.
func requireNear(t *testing.T, want, got []float32, what string) {
	t.Helper()
	require.Len(t, got, len(want), what)
	for i := range want {
		require.InDelta(t, want[i], got[i], 1e-5*(1+math.Abs(float64(want[i]))), "%s[%d]", what, i)
	}
}
