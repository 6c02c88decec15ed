package nn

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
)

// torchLayerCases build, for each fixture case of
// testdata/torch/gen_layers.py, the layers of its module string.
var torchLayerCases = map[string]func(t *testing.T) []Layer{
	"maxpool_basic": func(*testing.T) []Layer { return []Layer{NewMaxPool2d(2)} },
	"maxpool_stride_pad_dilation": func(*testing.T) []Layer {
		m := NewMaxPool2d(1)
		m.KernelSize, m.Stride, m.Padding, m.Dilation = [2]int{3, 2}, [2]int{2, 1}, [2]int{1, 1}, [2]int{2, 1}
		return []Layer{m}
	},
	"maxpool_ceil": func(*testing.T) []Layer {
		m := NewMaxPool2d(3)
		m.Stride, m.Padding, m.CeilMode = [2]int{2, 2}, [2]int{1, 1}, true
		return []Layer{m}
	},
	"avgpool_basic":    func(*testing.T) []Layer { return []Layer{NewAvgPool2d(2)} },
	"maxpool_2x2_wide": func(*testing.T) []Layer { return []Layer{NewMaxPool2d(2)} },
	"avgpool_2x2_wide": func(*testing.T) []Layer { return []Layer{NewAvgPool2d(2)} },
	"maxpool_2x2_ceil": func(*testing.T) []Layer {
		m := NewMaxPool2d(2)
		m.CeilMode = true
		return []Layer{m}
	},
	"avgpool_pad": func(*testing.T) []Layer {
		a := NewAvgPool2d(3)
		a.Stride, a.Padding = [2]int{2, 2}, [2]int{1, 1}
		return []Layer{a}
	},
	"avgpool_exclude_pad": func(*testing.T) []Layer {
		a := NewAvgPool2d(1)
		a.KernelSize, a.Stride, a.Padding, a.CountIncludePad = [2]int{3, 2}, [2]int{2, 1}, [2]int{1, 1}, false
		return []Layer{a}
	},
	"avgpool_ceil_pad": func(*testing.T) []Layer {
		a := NewAvgPool2d(3)
		a.Stride, a.Padding, a.CeilMode = [2]int{2, 2}, [2]int{1, 1}, true
		return []Layer{a}
	},
	"avgpool_ceil_divisor": func(*testing.T) []Layer {
		a := NewAvgPool2d(3)
		a.Stride, a.CeilMode, a.DivisorOverride = [2]int{2, 2}, true, 5
		return []Layer{a}
	},
	"adaptive_global":  func(*testing.T) []Layer { return []Layer{NewAdaptiveAvgPool2d(1, 1)} },
	"adaptive_overlap": func(*testing.T) []Layer { return []Layer{NewAdaptiveAvgPool2d(3, 4)} },
	"adaptive_none":    func(*testing.T) []Layer { return []Layer{NewAdaptiveAvgPool2d(0, 2)} },
	"bn2d_train":       func(*testing.T) []Layer { return []Layer{NewBatchNorm2d(3)} },
	"bn2d_train_batch1": func(*testing.T) []Layer {
		b := NewBatchNorm2d(2)
		b.Momentum = 0.3
		return []Layer{b}
	},
	"bn2d_eval": func(*testing.T) []Layer {
		b := NewBatchNorm2d(3)
		b.Eps = 0.001
		return []Layer{b}
	},
	"bn2d_no_affine":     func(*testing.T) []Layer { return []Layer{NewBatchNorm2dWith(2, false, true)} },
	"bn2d_no_stats_eval": func(*testing.T) []Layer { return []Layer{NewBatchNorm2dWith(2, true, false)} },
	"bn2d_cumulative": func(*testing.T) []Layer {
		b := NewBatchNorm2d(2)
		b.CumulativeAverage = true
		return []Layer{b}
	},
	"bn1d_train":     func(*testing.T) []Layer { return []Layer{NewBatchNorm1d(4)} },
	"bn1d_no_affine": func(*testing.T) []Layer { return []Layer{NewBatchNorm1dWith(4, false, true)} },
	"bn1d_no_affine_eval": func(*testing.T) []Layer {
		b := NewBatchNorm1dWith(4, false, true)
		b.Eps = 0.001
		return []Layer{b}
	},
	"bn1d_no_stats": func(*testing.T) []Layer {
		b := NewBatchNorm1dWith(3, true, false)
		b.Momentum = 0.3
		return []Layer{b}
	},
	"bn1d_no_stats_eval": func(*testing.T) []Layer { return []Layer{NewBatchNorm1dWith(3, true, false)} },
	"bn1d_bare_eval":     func(*testing.T) []Layer { return []Layer{NewBatchNorm1dWith(5, false, false)} },
	"bn1d_cumulative_no_affine": func(*testing.T) []Layer {
		b := NewBatchNorm1dWith(4, false, true)
		b.CumulativeAverage = true
		return []Layer{NewLinear(3, 4), b, NewReLU(), NewLinear(4, 2)}
	},
	"residual_identity":   func(t *testing.T) []Layer { return []Layer{basicBlock(t, 3, 3, 1)} },
	"residual_downsample": func(t *testing.T) []Layer { return []Layer{basicBlock(t, 2, 4, 2)} },
	"residual_eval":       func(t *testing.T) []Layer { return []Layer{basicBlock(t, 2, 4, 2)} },
	"resnet_small": func(t *testing.T) []Layer {
		return []Layer{conv(t, 1, 4, 3, 1, 1, true), NewBatchNorm2d(4), NewReLU(),
			basicBlock(t, 4, 4, 1), NewReLU(), NewMaxPool2d(2),
			basicBlock(t, 4, 8, 2), NewReLU(), NewAdaptiveAvgPool2d(1, 1), NewFlatten(), NewLinear(8, 3)}
	},
}

// conv returns Conv2d(in, out, k, stride=stride, padding=pad, bias=bias).
func conv(t *testing.T, in, out, k, stride, pad int, bias bool) *Conv2d {
	c, err := NewConv2d(Conv2dConfig{InChannels: in, OutChannels: out, KernelSize: [2]int{k, k},
		Stride: [2]int{stride, stride}, Padding: [2]int{pad, pad}, NoBias: !bias})
	require.NoError(t, err)
	return c
}

// basicBlock is ResNet's basic block without its last ReLU: two 3×3
// convolutions with BatchNorm2d, and, when it changes the shape, a strided
// 1×1 convolution and BatchNorm2d as the shortcut.
func basicBlock(t *testing.T, in, out, stride int) *Residual {
	f := []Layer{conv(t, in, out, 3, stride, 1, true), NewBatchNorm2d(out), NewReLU(),
		conv(t, out, out, 3, 1, 1, true), NewBatchNorm2d(out)}
	var down []Layer
	if in != out || stride != 1 {
		down = []Layer{conv(t, in, out, 1, stride, 0, false), NewBatchNorm2d(out)}
	}
	return NewResidual(f, down)
}

// TestLayersPyTorch compares the layers' outputs, input and parameter
// gradients and running statistics with PyTorch's for the same input,
// state and output gradient, from the fixtures testdata/torch/gen_layers.py
// writes. Loading the fixture's state_dict into brawn's model also checks
// that the names (nested ones included) are PyTorch's.
func TestLayersPyTorch(t *testing.T) {
	files, err := filepath.Glob("testdata/torch/layers_*.safetensors")
	require.NoError(t, err)
	require.Len(t, files, len(torchLayerCases))
	for _, path := range files {
		f, err := checkpoint.Read(path)
		require.NoError(t, err)
		name := f.Metadata["case"]
		build, ok := torchLayerCases[name]
		require.True(t, ok, "%s: no case %q", path, name)
		get := func(name string) ([]float32, []int) {
			tn, err := f.Get(name)
			require.NoError(t, err, path)
			v, err := tn.Float32s()
			require.NoError(t, err, path)
			return v, tn.Shape
		}
		x, xs := get("x")
		m, err := NewSequential(Shape(xs[1:]), build(t)...)
		require.NoError(t, err, path)
		state := map[string][]float32{}
		for _, tn := range f.Tensors {
			if k, ok := strings.CutPrefix(tn.Name, "param."); ok {
				state[k], _ = get(tn.Name)
			} else if k, ok := strings.CutPrefix(tn.Name, "buffer."); ok {
				state[k], _ = get(tn.Name)
			}
		}
		require.NoError(t, m.LoadStateDict(state), path)
		if f.Metadata["mode"] == "eval" {
			m.Eval()
		}
		y := m.Forward(FromSlice(x, xs...))
		want, ys := get("y")
		require.Equal(t, ys, y.Shape, path)
		requireNear(t, want, y.Data, path+" y")
		dy, _ := get("dy")
		g := FromSlice(dy, ys...)
		for i := len(m.Layers) - 1; i >= 0; i-- {
			g = m.Layers[i].Backward(g, true)
		}
		want, _ = get("dx")
		requireNear(t, want, g.Data, path+" dx")
		for _, p := range m.Params() {
			want, _ = get("grad." + p.Name)
			requireNear(t, want, p.Grad.Data, path+" grad "+p.Name)
		}
		for _, b := range m.Buffers() {
			want, _ = get("after." + b.Name)
			requireNear(t, want, b.Value.Data, path+" "+b.Name)
		}
	}
}
