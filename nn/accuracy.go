package nn

import "github.com/brawn-ml/brawn/kernels"

// countCorrect compares the row-wise argmax of out with the labels (for a
// single output, out > 0 means class 1).
func countCorrect(out *Tensor, labels []int, argmax *[]int) int {
	rows, cols := out.Rows(), out.Cols()
	correct := 0
	if cols == 1 {
		for i, y := range labels {
			if (out.Data[i] > 0) == (y == 1) {
				correct++
			}
		}
		return correct
	}
	if cap(*argmax) < rows {
		*argmax = make([]int, rows)
	}
	am := (*argmax)[:rows]
	kernels.RowArgmax(am, out.Data, rows, cols)
	for i, y := range labels {
		if am[i] == y {
			correct++
		}
	}
	return correct
}
