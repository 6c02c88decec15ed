package nn

import (
	"fmt"
	"strings"
)

// Conv2dConfig holds torch.nn.Conv2d's constructor arguments. Pairs are
// (height, width). The zero values of Stride, Dilation and Groups mean
// PyTorch's defaults (1); Padding defaults to 0 on every side (PyTorch's
// padding=0, the same as padding='valid').
type Conv2dConfig struct {
	InChannels  int    // C of the input [C, H, W]
	OutChannels int    // channels of the output, one filter each
	KernelSize  [2]int // (Kh, Kw), each >= 1
	Stride      [2]int // step between windows; 0 means 1
	// Padding is the number of zeros added before and after the rows
	// (Padding[0]) and the columns (Padding[1]) of each input channel.
	Padding [2]int
	// Same is PyTorch's padding='same': each output channel has the
	// input's size, the total padding dilation·(kernel−1) being split with
	// the odd zero after (below, right of) the input, as PyTorch splits
	// it. It needs a stride of 1, as PyTorch's; Padding is then ignored.
	Same bool
	// Dilation is the spacing of a kernel's taps; 0 means 1.
	Dilation [2]int
	// Groups splits the channels into Groups independent convolutions of
	// InChannels/Groups inputs and OutChannels/Groups outputs each; both
	// must be multiples of it.
	Groups int
	// NoBias is PyTorch's bias=False: no "bias" parameter.
	NoBias bool
}

// NewConv2d returns a Conv2d initialised as torch.nn.Conv2d's
// reset_parameters does: the weight from kaiming_uniform_(a=√5), i.e.
// U(−1/√fanIn, 1/√fanIn) with fanIn = InChannels/Groups·Kh·Kw, then the
// bias from U(−1/√fanIn, 1/√fanIn), drawn from the default generator (see
// ManualSeed), as NewLinear does. It returns an error, naming the
// argument, for sizes below 1, channels that are not multiples of Groups,
// Same with a stride other than 1, sizes above 2^30, or a weight of more
// than 2^30 values.
func NewConv2d(c Conv2dConfig) (*Conv2d, error) {
	for i, p := range []*int{&c.Stride[0], &c.Stride[1], &c.Dilation[0], &c.Dilation[1], &c.Groups} {
		if *p == 0 {
			*p = 1
		}
		if *p < 0 {
			return nil, fmt.Errorf("nn.NewConv2d: %s is %d (must be positive)", [...]string{"stride[0]", "stride[1]", "dilation[0]", "dilation[1]", "groups"}[i], *p)
		}
	}
	switch {
	case c.InChannels < 1 || c.OutChannels < 1:
		return nil, fmt.Errorf("nn.NewConv2d: in_channels %d and out_channels %d must be positive", c.InChannels, c.OutChannels)
	case c.KernelSize[0] < 1 || c.KernelSize[1] < 1:
		return nil, fmt.Errorf("nn.NewConv2d: kernel_size %v must be positive", pair(c.KernelSize))
	case c.Padding[0] < 0 || c.Padding[1] < 0:
		return nil, fmt.Errorf("nn.NewConv2d: padding %v must not be negative", pair(c.Padding))
	case c.InChannels%c.Groups != 0:
		return nil, fmt.Errorf("nn.NewConv2d: in_channels %d must be divisible by groups %d", c.InChannels, c.Groups)
	case c.OutChannels%c.Groups != 0:
		return nil, fmt.Errorf("nn.NewConv2d: out_channels %d must be divisible by groups %d", c.OutChannels, c.Groups)
	case c.Same && c.Stride != [2]int{1, 1}:
		return nil, fmt.Errorf("nn.NewConv2d: padding='same' is not supported for strided convolutions (stride %v)", pair(c.Stride))
	case max(c.InChannels, c.OutChannels, c.KernelSize[0], c.KernelSize[1], c.Stride[0], c.Stride[1],
		c.Padding[0], c.Padding[1], c.Dilation[0], c.Dilation[1]) > maxConvArg:
		return nil, fmt.Errorf("nn.NewConv2d: channels, kernel_size, stride, padding and dilation must be at most %d", maxConvArg)
	}
	if n := float64(c.OutChannels) * float64(c.InChannels/c.Groups) * float64(c.KernelSize[0]) * float64(c.KernelSize[1]); n > maxConvWeights {
		return nil, fmt.Errorf("nn.NewConv2d: the weight [%d, %d, %d, %d] would hold %.4g values, more than %d", c.OutChannels, c.InChannels/c.Groups, c.KernelSize[0], c.KernelSize[1], n, maxConvWeights)
	}
	if c.Same {
		c.Padding = [2]int{}
	}
	l := &Conv2d{Conv2dConfig: c}
	l.Weight = newParam("weight", KindWeight, c.OutChannels, c.InChannels/c.Groups, c.KernelSize[0], c.KernelSize[1])
	if !c.NoBias {
		l.Bias = newParam("bias", KindBias, c.OutChannels)
	}
	resetFromDefault(l)
	return l, nil
}

// pair spells (a, b) as PyTorch prints a tuple.
func pair(p [2]int) string { return fmt.Sprintf("(%d, %d)", p[0], p[1]) }

// String returns the layer as PyTorch prints it, e.g. "Conv2d(1, 32,
// kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))".
func (l *Conv2d) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Conv2d(%d, %d, kernel_size=%s, stride=%s", l.InChannels, l.OutChannels, pair(l.KernelSize), pair(l.Stride))
	switch {
	case l.Same:
		b.WriteString(", padding=same")
	case l.Padding != [2]int{}:
		fmt.Fprintf(&b, ", padding=%s", pair(l.Padding))
	}
	if l.Dilation != [2]int{1, 1} {
		fmt.Fprintf(&b, ", dilation=%s", pair(l.Dilation))
	}
	if l.Groups != 1 {
		fmt.Fprintf(&b, ", groups=%d", l.Groups)
	}
	if l.NoBias {
		b.WriteString(", bias=False")
	}
	b.WriteString(")")
	return b.String()
}

// fans returns PyTorch's fan_in (InChannels/Groups·Kh·Kw) and fan_out
// (OutChannels·Kh·Kw) of the weight.
func (l *Conv2d) fans() (in, out int) {
	r := l.KernelSize[0] * l.KernelSize[1]
	return l.InChannels / l.Groups * r, l.OutChannels * r
}

// ResetParameters draws the weight, then the bias, from rng as
// torch.nn.Conv2d's reset_parameters: PyTorchLinear and PyTorchLinearBias
// with the weight's fan_in.
func (l *Conv2d) ResetParameters(rng *RNG) {
	l.initParams(PyTorchLinear{}, PyTorchLinearBias{}, rng)
}

func (l *Conv2d) initParams(weight, bias Initializer, rng *RNG) {
	fanIn, fanOut := l.fans()
	weight.Fill(l.Weight.Value.Data, fanIn, fanOut, rng)
	if l.Bias != nil {
		bias.Fill(l.Bias.Value.Data, fanIn, fanOut, rng)
	}
}
