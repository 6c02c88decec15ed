package nn

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A pooled worker's scratch keeps no reference to the Conv2d it last ran
// for, nor to that batch: a server that reloads models would otherwise pin
// each old network, with its buffers, for as long as the pool lives.
func TestConv2dScratchReleasesTheLayer(t *testing.T) {
	for _, pad := range []int{1, 0} { // the flat path and the general one
		conv, err := NewConv2d(Conv2dConfig{InChannels: 2, OutChannels: 4, KernelSize: [2]int{3, 3}, Padding: [2]int{pad, pad}})
		require.NoError(t, err)
		net, err := NewSequential(Shape{2, 8, 8}, conv)
		require.NoError(t, err)
		net.SetThreads(1)
		net.Forward(FromSlice(make([]float32, 8*2*8*8), 8, 2*8*8))
		var worker convScratch
		conv.forwardChunks(0, 2, &worker)
		assert.Nil(t, worker.gather.l, "padding %d", pad)
		assert.Nil(t, worker.gather.x, "padding %d", pad)
	}
}
