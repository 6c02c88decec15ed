package run

import (
	"fmt"
	"io"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/nn"
)

// writeSummary prints the model as Keras' model.summary() does: one row per
// layer with its output shape (None = the batch dimension, as in (None,
// 32, 28, 28) for 32 channels of 28×28) and parameter count, then the
// totals, split into weights and biases, and the machine settings the run
// uses: the kernel level, the threads, and the ranks of a distributed run
// (ranks > 1).
func writeSummary(w io.Writer, title string, layers []nn.LayerInfo, kernelLevel string, threads, ranks int) {
	const nameW, shapeW, paramW = 30, 22, 14
	line := strings.Repeat("_", nameW+shapeW+paramW)
	fmt.Fprintf(w, "Model: %q\n%s\n", title, line)
	fmt.Fprintf(w, "%-*s%-*s%*s\n", nameW, " Layer (type)", shapeW, "Output Shape", paramW, "Param #")
	fmt.Fprintln(w, strings.Repeat("=", len(line)))
	var weights, biases, norm, buffers int
	for i, l := range layers {
		shape := l.OutShape
		if shape == nil { // a LayerInfo written by hand, with Out only
			shape = nn.Shape{l.Out}
		}
		fmt.Fprintf(w, "%-*s%-*s%*s\n", nameW, fmt.Sprintf(" %d (%s)", l.Index, l.Type),
			shapeW, shape.Batched(), paramW, callbacks.Thousands(l.Params+l.Buffers))
		weights += l.Weights
		biases += l.Biases
		norm += l.Norm
		buffers += l.Buffers
		if i < len(layers)-1 {
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w, strings.Repeat("=", len(line)))
	total := weights + biases + norm
	fmt.Fprintf(w, "Total params: %s (%s)\n", callbacks.Thousands(total+buffers), byteSize(4*(total+buffers)))
	split := fmt.Sprintf("%s weights + %s biases", callbacks.Thousands(weights), callbacks.Thousands(biases))
	if norm > 0 {
		split += fmt.Sprintf(" + %s normalisation parameters", callbacks.Thousands(norm))
	}
	fmt.Fprintf(w, "Trainable params: %s (%s)\n", callbacks.Thousands(total), split)
	fmt.Fprintf(w, "Non-trainable params: %s\n", callbacks.Thousands(buffers))
	fmt.Fprintln(w, line)
	fmt.Fprintf(w, "Kernels: %s, threads: %d", kernelLevel, threads)
	if ranks > 1 {
		fmt.Fprintf(w, ", ranks: %d (data-parallel)", ranks)
	}
	fmt.Fprintln(w)
}

// byteSize formats a byte count as Keras does (KB = 1024 bytes).
func byteSize(b int) string {
	switch {
	case b >= 1<<20:
		return fmt.Sprintf("%.2f MB", float64(b)/(1<<20))
	case b >= 1<<10:
		return fmt.Sprintf("%.2f KB", float64(b)/(1<<10))
	}
	return fmt.Sprintf("%d B", b)
}
