//go:build openblas && cgo

package openblas

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSgemmRowMajorWithTransposes(t *testing.T) {
	// A = [1 2 3; 4 5 6] (2×3), B = [7 8; 9 10; 11 12] (3×2):
	// A·B = [58 64; 139 154].
	a := []float32{1, 2, 3, 4, 5, 6}
	b := []float32{7, 8, 9, 10, 11, 12}
	c := make([]float32, 4)
	Sgemm(false, false, 2, 2, 3, 1, a, 3, b, 2, 0, c, 2)
	assert.Equal(t, []float32{58, 64, 139, 154}, c)

	at := []float32{1, 4, 2, 5, 3, 6}    // Aᵀ stored 3×2
	bt := []float32{7, 9, 11, 8, 10, 12} // Bᵀ stored 2×3
	c = []float32{1, 1, 1, 1}
	Sgemm(true, true, 2, 2, 3, 2, at, 2, bt, 3, 1, c, 2)
	assert.Equal(t, []float32{117, 129, 279, 309}, c)
}
