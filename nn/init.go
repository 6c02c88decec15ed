package nn

import (
	"fmt"
	"math"
)

// Initializer fills a parameter of fanIn inputs and fanOut outputs (for a
// Linear weight [out, in]: fanIn = in, fanOut = out) with draws from rng.
// The initializers scaled by a fan panic if that fan is below 1 while w
// has elements.
// Definitions follow torch.nn.init (Glorot & Bengio 2010 for Xavier, He et
// al. 2015 for Kaiming, LeCun et al. 1998 for LeCun).
type Initializer interface {
	// Fill sets every element of w, drawing from rng. w is one
	// parameter's values, row-major, of any length (0 included): a Linear
	// weight [out, in], out·in values, with fanIn = in and fanOut = out;
	// a Conv2d weight [out_channels, in_channels/groups, kH, kW] with
	// PyTorch's fanIn = in_channels/groups·kH·kW and fanOut =
	// out_channels·kH·kW; a bias [out] with its layer's weight's fans.
	// Every element is drawn alike, so only the fans, not w's shape,
	// change the draws.
	Fill(w []float32, fanIn, fanOut int, rng *RNG)
}

// Zeros sets every element to 0 (the default for biases).
type Zeros struct{}

// Fill implements Initializer: it sets each element of w, of any length,
// to 0; the fans and rng are unused.
func (Zeros) Fill(w []float32, _, _ int, _ *RNG) { clear(w) }

// Constant sets every element to Value.
type Constant struct {
	Value float64 // stored in w as float32
}

// Fill implements Initializer: it sets each element of w, of any length,
// to float32(Value); the fans and rng are unused.
func (c Constant) Fill(w []float32, _, _ int, _ *RNG) {
	for i := range w {
		w[i] = float32(c.Value)
	}
}

// Uniform draws from U(Low, High), as torch.nn.init.uniform_ (whose
// default is Low 0, High 1; the zero value here gives zeros).
type Uniform struct {
	Low, High float64 // bounds of the interval; draws fall in [Low, High)
}

// Fill implements Initializer: it draws each element of w, of any length,
// from U(Low, High); the fans are unused.
func (u Uniform) Fill(w []float32, _, _ int, rng *RNG) { fillUniform(w, u.Low, u.High, rng) }

// Normal draws from N(Mean, Std²), as torch.nn.init.normal_.
type Normal struct {
	Mean float64 // centre of the distribution
	Std  float64 // standard deviation, not variance; 0 fills w with Mean
}

// Fill implements Initializer: it draws each element of w, of any length,
// from N(Mean, Std²); the fans are unused.
func (n Normal) Fill(w []float32, _, _ int, rng *RNG) { fillNormal(w, n.Mean, n.Std, rng) }

// XavierUniform (GlorotUniform) draws from U(-a, a) with
// a = Gain*sqrt(6/(fanIn+fanOut)) (Glorot & Bengio 2010). A zero Gain
// means 1.
type XavierUniform struct {
	Gain float64 // scale for the activation that follows, as from Gain(); 0 means 1
}

// Fill implements Initializer: it draws each element of w, of any length.
// It panics if fanIn+fanOut is below 1 while w has elements.
func (x XavierUniform) Fill(w []float32, fanIn, fanOut int, rng *RNG) {
	a := gainOr1(x.Gain) * math.Sqrt(6/fan("XavierUniform", fanIn+fanOut, w))
	fillUniform(w, -a, a, rng)
}

// XavierNormal (GlorotNormal) draws from N(0, std²) with
// std = Gain*sqrt(2/(fanIn+fanOut)) (Glorot & Bengio 2010). A zero Gain
// means 1.
type XavierNormal struct {
	Gain float64 // scale for the activation that follows, as from Gain(); 0 means 1
}

// Fill implements Initializer: it draws each element of w, of any length.
// It panics if fanIn+fanOut is below 1 while w has elements.
func (x XavierNormal) Fill(w []float32, fanIn, fanOut int, rng *RNG) {
	fillNormal(w, 0, gainOr1(x.Gain)*math.Sqrt(2/fan("XavierNormal", fanIn+fanOut, w)), rng)
}

// GlorotUniform is Keras's name for XavierUniform.
type GlorotUniform = XavierUniform

// GlorotNormal is Keras's name for XavierNormal.
type GlorotNormal = XavierNormal

// FanMode selects the fan that Kaiming initialisation preserves.
type FanMode uint8

const (
	// FanIn preserves the variance of activations in the forward pass
	// (PyTorch's default, mode='fan_in').
	FanIn FanMode = iota
	// FanOut preserves the variance of gradients in the backward pass.
	FanOut
)

// Nonlinearity names an activation for Gain, as
// torch.nn.init.calculate_gain spells it.
type Nonlinearity string

// Nonlinearities known to Gain.
const (
	NLLinear    Nonlinearity = "linear"
	NLSigmoid   Nonlinearity = "sigmoid"
	NLTanh      Nonlinearity = "tanh"
	NLReLU      Nonlinearity = "relu"
	NLLeakyReLU Nonlinearity = "leaky_relu"
	NLSELU      Nonlinearity = "selu"
)

// Gain returns torch.nn.init.calculate_gain(nl, param): 1 for linear and
// sigmoid, 5/3 for tanh, sqrt(2) for relu, sqrt(2/(1+param²)) for
// leaky_relu (param is the negative slope), 3/4 for selu. It returns an
// error for other names.
func Gain(nl Nonlinearity, param float64) (float64, error) {
	switch nl {
	case NLLinear, NLSigmoid, "":
		return 1, nil
	case NLTanh:
		return 5.0 / 3, nil
	case NLReLU:
		return math.Sqrt2, nil
	case NLLeakyReLU:
		return math.Sqrt(2 / (1 + float64(param*param))), nil // unfused: see nn/doc.go
	case NLSELU:
		return 0.75, nil
	}
	return 0, fmt.Errorf("nn: unknown nonlinearity %q (want linear, sigmoid, tanh, relu, leaky_relu or selu)", nl)
}

// KaimingUniform (HeUniform) draws from U(-b, b) with
// b = gain*sqrt(3/fan), fan chosen by Mode and gain =
// sqrt(2/(1+A²)) — the leaky_relu gain of negative slope A, as
// torch.nn.init.kaiming_uniform_ computes it with its default
// nonlinearity. A = 0 gives the ReLU gain sqrt(2) (He et al. 2015).
type KaimingUniform struct {
	A    float64 // negative slope of the leaky ReLU that follows; 0 for ReLU
	Mode FanMode // which fan to scale by; the zero value is FanIn
}

// Fill implements Initializer: it draws each element of w, of any length.
// It panics if the fan Mode picks is below 1 while w has elements.
func (k KaimingUniform) Fill(w []float32, fanIn, fanOut int, rng *RNG) {
	b := math.Sqrt(2/(1+float64(k.A*k.A))) * math.Sqrt(3/fan("KaimingUniform", pickFan(k.Mode, fanIn, fanOut), w))
	fillUniform(w, -b, b, rng)
}

// KaimingNormal (HeNormal) draws from N(0, std²) with
// std = sqrt(2/(1+A²))/sqrt(fan) (He et al. 2015), as
// torch.nn.init.kaiming_normal_.
type KaimingNormal struct {
	A    float64 // negative slope of the leaky ReLU that follows; 0 for ReLU
	Mode FanMode // which fan to scale by; the zero value is FanIn
}

// Fill implements Initializer: it draws each element of w, of any length.
// It panics if the fan Mode picks is below 1 while w has elements.
func (k KaimingNormal) Fill(w []float32, fanIn, fanOut int, rng *RNG) {
	std := math.Sqrt(2/(1+float64(k.A*k.A))) / math.Sqrt(fan("KaimingNormal", pickFan(k.Mode, fanIn, fanOut), w))
	fillNormal(w, 0, std, rng)
}

// HeUniform is Keras's name for KaimingUniform.
type HeUniform = KaimingUniform

// HeNormal is Keras's name for KaimingNormal.
type HeNormal = KaimingNormal

// LeCunUniform draws from U(-b, b) with b = sqrt(3/fanIn) (variance
// 1/fanIn, LeCun et al. 1998; Keras lecun_uniform).
type LeCunUniform struct{}

// Fill implements Initializer: it draws each element of w, of any length;
// fanOut is unused. It panics if fanIn is below 1 while w has elements.
func (LeCunUniform) Fill(w []float32, fanIn, _ int, rng *RNG) {
	b := math.Sqrt(3 / fan("LeCunUniform", fanIn, w))
	fillUniform(w, -b, b, rng)
}

// LeCunNormal draws from N(0, 1/fanIn) (LeCun et al. 1998). Unlike Keras's
// lecun_normal it does not truncate.
type LeCunNormal struct{}

// Fill implements Initializer: it draws each element of w, of any length;
// fanOut is unused. It panics if fanIn is below 1 while w has elements.
func (LeCunNormal) Fill(w []float32, fanIn, _ int, rng *RNG) {
	fillNormal(w, 0, 1/math.Sqrt(fan("LeCunNormal", fanIn, w)), rng)
}

// PyTorchLinear is torch.nn.Linear's reset_parameters for the weight:
// kaiming_uniform_(a=sqrt(5)), which works out to U(-1/sqrt(fanIn),
// 1/sqrt(fanIn)).
type PyTorchLinear struct{}

// Fill implements Initializer: it draws each element of w, of any length;
// fanOut is unused. It panics if fanIn is below 1 while w has elements.
func (PyTorchLinear) Fill(w []float32, fanIn, fanOut int, rng *RNG) {
	KaimingUniform{A: math.Sqrt(5)}.Fill(w, fanIn, fanOut, rng)
}

// PyTorchLinearBias is torch.nn.Linear's reset_parameters for the bias:
// U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn being the weight's.
type PyTorchLinearBias struct{}

// Fill implements Initializer: it draws each element of w, of any length;
// fanOut is unused. It panics if fanIn is below 1 while w has elements,
// so a bias must be given its weight's fanIn.
func (PyTorchLinearBias) Fill(w []float32, fanIn, _ int, rng *RNG) {
	b := 1 / math.Sqrt(fan("PyTorchLinearBias", fanIn, w))
	fillUniform(w, -b, b, rng)
}

func gainOr1(g float64) float64 {
	if g == 0 {
		return 1
	}
	return g
}

// fan returns n, the fan the initializer called name scales by, as a
// float64. It panics, naming the initializer, if n is below 1 and w has
// elements to fill (the scale would be infinite); an empty w is left as
// it is, as torch.nn.init leaves a tensor without elements.
func fan(name string, n int, w []float32) float64 {
	if n < 1 && len(w) > 0 {
		panic(fmt.Sprintf("nn: %s.Fill: fan %d must be positive", name, n))
	}
	return float64(max(n, 1))
}

func pickFan(m FanMode, fanIn, fanOut int) int {
	if m == FanOut {
		return fanOut
	}
	return fanIn
}

// fillUniform and fillNormal round their products explicitly (see
// nn/doc.go).
func fillUniform(w []float32, lo, hi float64, rng *RNG) {
	for i := range w {
		w[i] = float32(lo + float64((hi-lo)*rng.Float64()))
	}
}

func fillNormal(w []float32, mean, std float64, rng *RNG) {
	for i := range w {
		w[i] = float32(mean + float64(std*rng.NormFloat64()))
	}
}
