package nn

import (
	"fmt"
	"testing"
)

// transposeAddBiasScalar is the scalar form transposeAddBias replaced,
// kept as the benchmark's baseline.
func transposeAddBiasScalar(dst, src, bias []float32, rows, cols int) {
	const tile = 16
	for i0 := 0; i0 < rows; i0 += tile {
		i1 := min(i0+tile, rows)
		for j0 := 0; j0 < cols; j0 += tile {
			j1 := min(j0+tile, cols)
			for i := i0; i < i1; i++ {
				d := dst[i*cols : i*cols+j1]
				for j := j0; j < j1; j++ {
					d[j] = src[j*rows+i] + bias[j]
				}
			}
		}
	}
}

// BenchmarkTransposeAddBias compares, side by side, Linear's transposed
// forward form's last pass on a 64-row piece of each of 784-256-128-10's
// layers: the scalar loop it replaced and kernels.Transpose with
// kernels.AddBias. Run:
//
//	go test ./nn -run '^$' -bench TransposeAddBias -count=6
func BenchmarkTransposeAddBias(b *testing.B) {
	for _, cols := range []int{256, 128, 10} {
		for _, how := range []string{"scalar", "kernels"} {
			b.Run(fmt.Sprintf("64x%d/%s", cols, how), func(b *testing.B) {
				rows := 64
				src, dst, bias := make([]float32, rows*cols), make([]float32, rows*cols), make([]float32, cols)
				for b.Loop() {
					if how == "scalar" {
						transposeAddBiasScalar(dst, src, bias, rows, cols)
					} else {
						transposeAddBias(dst, src, bias, rows, cols)
					}
				}
			})
		}
	}
}
