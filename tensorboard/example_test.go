package tensorboard_test

import (
	"fmt"
	"os"

	"github.com/brawn-ml/brawn/tensorboard"
)

func ExampleWriter() {
	logdir, _ := os.MkdirTemp("", "runs")
	defer os.RemoveAll(logdir)

	w, err := tensorboard.NewWriter(logdir)
	if err != nil {
		fmt.Println(err)
		return
	}
	for step := int64(1); step <= 3; step++ {
		_ = w.AddScalar("loss/train", 1/float64(step), step)
	}
	_ = w.AddHistogram("0.weight", []float32{-0.1, 0.02, 0.3}, 3)
	if err := w.Close(); err != nil {
		fmt.Println(err)
		return
	}
	h := tensorboard.NewHistogram([]float32{-0.1, 0.02, 0.3})
	fmt.Println(h.Num, h.Min < 0, h.Max > 0.29)
	// Output: 3 true true
}

func ExampleReadDir() {
	logdir, _ := os.MkdirTemp("", "runs")
	defer os.RemoveAll(logdir)
	w, _ := tensorboard.NewWriter(logdir)
	for epoch := int64(1); epoch <= 2; epoch++ {
		_ = w.AddScalar(tensorboard.MetricTag(tensorboard.MetricLoss, tensorboard.SplitTrain), 1/float64(epoch), epoch)
		_ = w.AddHistogram(tensorboard.WeightsPrefix+"0.weight", []float32{-0.1, 0.02, 0.3}, epoch)
	}
	_ = w.Close()

	run, err := tensorboard.ReadDir(logdir)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range run.Warnings {
		fmt.Println("warning:", w)
	}
	fmt.Println(run.Scalars["loss/train"])
	last, _ := run.LastHistograms(tensorboard.WeightsPrefix)
	fmt.Println(last["weights/0.weight"].Step, last["weights/0.weight"].Histogram.Num)
	// Output:
	// [{1 1} {2 0.5}]
	// 2 3
}
