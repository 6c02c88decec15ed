package main

import (
	"github.com/brawn-ml/brawn/nn"
)

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
