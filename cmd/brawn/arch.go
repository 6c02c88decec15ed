package main

import (
	"strconv"

	"github.com/brawn-ml/brawn/nn"
)

// summaryRows describes the model's layers for writeSummary: a Linear
// layer's output width is its weight's first dimension ([out, in]); other
// layers keep their input's width.
func summaryRows(m *nn.Sequential) []layerInfo {
	rows := make([]layerInfo, len(m.Layers))
	width := m.InFeatures()
	for i, l := range m.Layers {
		r := layerInfo{Name: strconv.Itoa(i), Type: l.Type()}
		for _, p := range l.Params() {
			switch p.Kind {
			case nn.KindWeight:
				r.Weights += len(p.Value.Data)
				width = p.Value.Shape[0]
			case nn.KindNorm:
				r.Norm += len(p.Value.Data)
			default:
				r.Biases += len(p.Value.Data)
			}
		}
		for _, b := range l.Buffers() {
			r.Buffers += len(b.Value.Data)
		}
		r.Out = width
		rows[i] = r
	}
	return rows
}

// initializer maps --init to nn's weight initializer: He (Kaiming, fan_in)
// with the gain of the hidden activation (ReLU, or LeakyReLU's slope),
// Xavier/Glorot with gain 1, LeCun normal, or PyTorch's Linear default.
func initializer(name, activation string, slope float64) nn.Initializer {
	a := 0.0
	if activation == "leakyrelu" {
		a = slope
	}
	switch name {
	case "he-uniform":
		return nn.KaimingUniform{A: a}
	case "xavier-normal":
		return nn.XavierNormal{}
	case "xavier-uniform":
		return nn.XavierUniform{}
	case "lecun":
		return nn.LeCunNormal{}
	case "pytorch":
		return nn.PyTorchLinear{}
	}
	return nn.KaimingNormal{A: a}
}
