package model

import (
	"fmt"
	"reflect"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/checkpoint"
	"github.com/brawn-ml/brawn/nn"
)

// nonDefaults sets every argument of every layer brawn builds to a value
// other than PyTorch's default (print(model) leaves some out: AvgPool2d's
// ceil_mode, count_include_pad and divisor_override).
const nonDefaults = "Sequential(Conv2d(2, 6, (3, 2), stride=(2, 1), padding=(1, 2), dilation=(1, 2), groups=2, bias=False), " +
	"BatchNorm2d(6, eps=0.001, momentum=None, affine=False, track_running_stats=False), LeakyReLU(-0.2), " +
	"MaxPool2d((3, 2), stride=(2, 1), padding=1, dilation=(1, 2), ceil_mode=True), " +
	"AvgPool2d((3, 2), stride=(1, 2), padding=1, ceil_mode=True, count_include_pad=False, divisor_override=4), Dropout2d(0.3), " +
	"Residual(Sequential(Conv2d(6, 6, 4, padding='same'), BatchNorm2d(6, eps=0.01, momentum=0.3, track_running_stats=False)), " +
	"downsample=Sequential(AvgPool2d(1, count_include_pad=False), BatchNorm2d(6, momentum=0.2))), " +
	"AdaptiveAvgPool2d((None, 2)), Flatten(), Linear(48, 8, bias=False), BatchNorm1d(8, eps=0.01, momentum=0.2, affine=False), Tanh(), " +
	"Dropout(0.25), BatchNorm1d(8, momentum=None, track_running_stats=False), Linear(8, 3), Softmax(dim=1))"

// The module string brawn writes into a checkpoint carries every argument
// that differs from PyTorch's default, so the network Load rebuilds is
// the one saved: every setting of every layer, inside Residual blocks
// too, the same.
func TestCheckpointKeepsEverySetting(t *testing.T) {
	s, err := ParseModuleFor(nonDefaults, nn.Shape{2, 12, 9})
	require.NoError(t, err)
	net, err := s.Build()
	require.NoError(t, err)
	m := &Model{Net: net}
	path := tempFile(t)
	require.NoError(t, Save(path, m))
	f, err := checkpoint.Read(path)
	require.NoError(t, err)
	assert.Equal(t, nonDefaults, f.Metadata[MetaPyTorch])
	back, err := Load(path)
	require.NoError(t, err)
	assert.Equal(t, settings(net.Layers), settings(back.Net.Layers))
	assert.NotEmpty(t, settings(net.Layers))
}

// settings lists each layer's exported settings (fields that are not
// parameters, buffers or layers), inner layers of a Residual after it.
func settings(layers []nn.Layer) []string {
	var out []string
	for i, l := range layers {
		v := reflect.ValueOf(l).Elem()
		for j := range v.NumField() {
			f, ft := v.Field(j), v.Type().Field(j)
			if !ft.IsExported() {
				continue
			}
			switch ft.Type.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Interface:
				continue
			}
			out = append(out, fmt.Sprintf("%d %s.%s = %v", i, l.Type(), ft.Name, f.Interface()))
		}
		if r, ok := l.(*nn.Residual); ok {
			out = append(out, settings(r.F)...)
			out = append(out, settings(r.Downsample)...)
		}
	}
	return out
}
