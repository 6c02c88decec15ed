package nn

import (
	"context"
	"fmt"
	"testing"

	"github.com/brawn-ml/brawn/dist"
)

// A CrossEntropyLoss whose Mean divides by the labels' weights (Weight,
// an ignored class) gives every leaf the whole batch's divisor in Fit
// too, where each rank holds only its leaves' samples: 3 ranks end with
// one process's weights, bit for bit, and both with the weights of whole
// batches, to rounding.
func TestDataParallelWeightedCrossEntropy(t *testing.T) {
	train := blobs(t, 100, 8, 3, 1)
	loss := func() Loss {
		return &CrossEntropyLoss{Weight: []float32{0.5, 3, 1.25}, LabelSmoothing: 0.1, Ignore: true, IgnoreIndex: 1}
	}
	fit := func(c dist.Comm, leaf int) ([][]float32, error) {
		tr := distTrainer(t, 24, leaf, false, c)
		tr.Loss = loss()
		tr.Model.Layers[2].(*Dropout).P = 0 // whole batches draw other masks than leaves
		err := tr.Fit(context.Background(), train, nil)
		return snapshot(tr.Model), err
	}
	want, err := fit(nil, 4)
	if err != nil {
		t.Fatal(err)
	}
	errs := dist.Run(3, func(c dist.Comm) error {
		got, err := fit(c, 4)
		if err != nil {
			return err
		}
		if d := sameBits(want, got, len(want)); d != "" {
			return fmt.Errorf("rank %d: %s", c.Rank(), d)
		}
		return nil
	})
	for r, err := range errs {
		if err != nil {
			t.Errorf("rank %d: %v", r, err)
		}
	}
	whole, err := fit(nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	for i := range whole {
		for j := range whole[i] {
			if d := whole[i][j] - want[i][j]; d > 1e-4 || d < -1e-4 {
				t.Fatalf("tensor %d, value %d: %v in whole batches, %v in leaves", i, j, whole[i][j], want[i][j])
			}
		}
	}
}
