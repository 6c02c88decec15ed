package main

import (
	"github.com/brawn-ml/brawn/kernels"
	"github.com/brawn-ml/brawn/nn"
)

// predictions runs net (in evaluation mode) over x [n, features] in batches
// and returns the softmax probabilities [n, classes] and the predicted
// class of each row (the first of equal maxima, as torch.argmax).
func predictions(net *nn.Sequential, x []float32, features, batch int) (probs []float32, class []int) {
	n := len(x) / features
	c := net.OutFeatures()
	probs = make([]float32, n*c)
	class = make([]int, n)
	for lo := 0; lo < n; lo += batch {
		hi := min(lo+batch, n)
		in := nn.FromSlice(x[lo*features:hi*features], hi-lo, features)
		out := net.Forward(in)
		p := probs[lo*c : hi*c]
		kernels.Softmax(p, out.Data, hi-lo, c)
		kernels.RowArgmax(class[lo:hi], out.Data, hi-lo, c)
	}
	return probs, class
}

// confusion counts rows by true class (first index) and predicted class.
func confusion(labels, pred []int, classes int) [][]int {
	m := make([][]int, classes)
	for i := range m {
		m[i] = make([]int, classes)
	}
	for i, y := range labels {
		m[y][pred[i]]++
	}
	return m
}
