package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// FromSlice refuses a negative dimension as NewTensor does, even when the
// product of the shape matches len(data).
func TestFromSliceNegativeDimension(t *testing.T) {
	assert.PanicsWithValue(t, "nn.FromSlice: dimension 0 is negative (-2)", func() {
		FromSlice(make([]float32, 6), -2, -3)
	})
	assert.PanicsWithValue(t, "nn.FromSlice: dimension 1 is negative (-3)", func() {
		FromSlice(nil, 0, -3)
	})
	assert.PanicsWithValue(t, "nn.NewTensor: dimension 1 is negative (-3)", func() {
		NewTensor(2, -3)
	})
	x := FromSlice(make([]float32, 6), 2, 3)
	assert.Equal(t, []int{2, 3}, x.Shape)
}
