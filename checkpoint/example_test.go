package checkpoint_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/brawn-ml/brawn/checkpoint"
)

func ExampleWrite() {
	dir, _ := os.MkdirTemp("", "ckpt")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "model.safetensors")

	err := checkpoint.Write(path, []checkpoint.Tensor{
		checkpoint.F32Tensor("0.weight", []int{2, 3}, []float32{1, 2, 3, 4, 5, 6}),
		checkpoint.F32Tensor("0.bias", []int{2}, []float32{0.5, -0.5}),
		checkpoint.I64Tensor("optimizer.step", nil, []int64{100}),
	}, map[string]string{"layers": "3,2"})
	if err != nil {
		fmt.Println(err)
		return
	}
	f, err := checkpoint.Read(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	w, _ := f.Get("0.weight")
	v, _ := w.Float32s()
	fmt.Println(w.Shape, v, f.Metadata["layers"])
	// Output: [2 3] [1 2 3 4 5 6] 3,2
}
