package bench

import "github.com/brawn-ml/brawn/nn"

// trainFLOPs returns the FLOPs of one training step of m per sample: the
// products of its Linear and Conv2d layers, a multiply-add counting 2,
// each run three times (forward, weight gradient, input gradient) except
// that the first layer with weights computes no input gradient. A layer
// does Weights multiply-adds per output position: one for Linear, OH·OW
// for Conv2d (each weight meets every output pixel). The elementwise
// layers, pooling, normalization, the loss and the optimizer are not
// counted: they move memory, not FMAs. This is the physical limit the
// "of peak" column divides by: 1.007 MFLOP a sample for the default MLP
// (784-256-128-10), 25.0 for CNNModule.
func trainFLOPs(m *nn.Sequential) float64 {
	var flops float64
	first := true
	for _, l := range m.Describe() {
		positions := 1
		switch l.Type {
		case "Linear":
		case "Conv2d":
			positions = l.OutShape[1] * l.OutShape[2]
		default:
			continue
		}
		macs := float64(l.Weights) * float64(positions)
		passes := 3.0
		if first {
			passes, first = 2, false
		}
		flops += 2 * macs * passes
	}
	return flops
}
