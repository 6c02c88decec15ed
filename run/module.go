package run

import (
	"fmt"
	"math"
	"os"
	"strings"
	"unicode"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// mlpFields are the settings of the MLP shorthand (Arch), which a module
// string (Model) replaces.
var mlpFields = []string{"layers", "activation", "leaky-slope", "dropout", "batchnorm"}

// ModuleText returns the module string Config.Model gives: the text
// itself, or, for "@FILE", the file's contents (trailing blanks
// dropped, leading ones kept so that a parse error's line is the
// file's). The error names --model and the file.
func ModuleText(spec string) (string, error) {
	path, ok := strings.CutPrefix(spec, "@")
	if !ok {
		return spec, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("--model %s: %w", spec, err)
	}
	// Editors on Windows start UTF-8 files with a byte order mark.
	text := strings.TrimRightFunc(strings.TrimPrefix(string(b), "\uFEFF"), unicode.IsSpace)
	if strings.TrimSpace(text) == "" {
		return "", fmt.Errorf("--model %s: the file is empty; it should hold a module string such as \"Sequential(Linear(784, 10))\"", spec)
	}
	return text, nil
}

// validateModel checks that Model parses and that no MLP setting is
// given with it.
func (c *Config) validateModel(given func(string) bool) error {
	if c.Model == "" {
		if given("model") {
			return BadField("model", "", "is empty; give a module string such as \"Sequential(Linear(784, 10))\" or @FILE, or leave the flag out for --layers' MLP")
		}
		return nil
	}
	for _, f := range mlpFields {
		if given(f) {
			what := fmt.Sprintf(": --%s shapes the MLP that --layers describes", f)
			if f == "layers" {
				what = ""
			}
			return fmt.Errorf("--model and --%s both say what the network is%s; give the whole network in --model, or use --layers without --model", f, what)
		}
	}
	text, err := ModuleText(c.Model)
	if err != nil {
		return err
	}
	if _, err := model.ParseModuleFor(text, nn.Shape{1}); err != nil {
		if strings.HasPrefix(c.Model, "@") {
			return fmt.Errorf("--model %s: %w", c.Model, err)
		}
		return fmt.Errorf("--model: %w", err)
	}
	return nil
}

// maxInputSize bounds the values of one sample InputShape may give.
const maxInputSize = 1 << 30

// validateInputShape checks InputShape: three positive sizes C,H,W, for a
// Model.
func (c *Config) validateInputShape() error {
	if c.InputShape == nil {
		return nil
	}
	if c.Model == "" {
		return BadField("input-shape", intList(c.InputShape), "applies only to a --model network whose first layer takes images; the MLP of --layers takes each sample as a vector")
	}
	if len(c.InputShape) != 3 {
		return BadField("input-shape", intList(c.InputShape), "takes three sizes C,H,W (channels, height, width), e.g. 1,28,28; it has %d", len(c.InputShape))
	}
	size := 1
	for _, n := range c.InputShape {
		if n <= 0 || n > maxInputSize/size {
			return BadField("input-shape", intList(c.InputShape), "must be positive sizes like 1,28,28 (channels, height, width), of at most %d values", maxInputSize)
		}
		size *= n
	}
	return nil
}

// headerImage is the image shape [1, rows, cols] that d's file header
// gives (an IDX file of 2-D items), or nil when the file gives none.
func headerImage(d *data.Dataset) nn.Shape {
	if len(d.Shape) != 2 {
		return nil
	}
	return nn.Shape{1, d.Shape[0], d.Shape[1]}
}

// headerConflict refuses in, the [C, H, W] sample shape that what gives,
// when d's file header says its images have another height and width;
// remedy says what to do then.
func headerConflict(what string, in []int, d *data.Dataset, remedy string) error {
	h := headerImage(d)
	if h == nil || len(in) != 3 || in[1] == h[1] && in[2] == h[2] {
		return nil
	}
	return fmt.Errorf("%s %s says images of %d×%d (height×width), but the IDX header of %s says its images are %d×%d (rows×cols); %s",
		what, intList(in), in[1], in[2], d.Source, h[1], h[2], remedy)
}

// imageLayers are the layers that take NCHW images: a network that starts
// with one is fed each sample as a [C, H, W] image.
var imageLayers = map[string]bool{
	"Conv2d": true, "BatchNorm2d": true, "MaxPool2d": true, "AvgPool2d": true,
	"AdaptiveAvgPool2d": true, "Dropout2d": true, "Residual": true,
}

// isImageLayer reports whether layer t takes images, in any case: a
// misspelt Conv2D is refused when built, for the image shape it would
// have taken.
func isImageLayer(t string) bool {
	for k := range imageLayers {
		if strings.EqualFold(k, t) {
			return true
		}
	}
	return false
}

// moduleSpec reads Model for the samples of d, each of shape InputShape
// when it is set, which must then agree with the image size d's file
// header gives. Otherwise a network whose first layer takes images sees
// each sample as the [1, rows, cols] image the header gives (MNIST as
// [1, 28, 28]), as does one whose first layer is a Flatten that gives its
// dimensions (Flatten(-3)); a network of images sees, for a file that
// gives none, each sample as a square [C, H, W]
// image: C is the first Conv2d's or BatchNorm2d's channels (1 when no such
// layer says it before pooling or a Residual block), and H = W = √(features/C).
func (c *Config) moduleSpec(d *data.Dataset) (model.Spec, error) {
	text, err := ModuleText(c.Model)
	if err != nil {
		return model.Spec{}, err
	}
	features := d.Features
	if c.InputShape != nil {
		in := nn.Shape(c.InputShape)
		if n := in.Size(); n != features {
			return model.Spec{}, fmt.Errorf("--input-shape %s: its %d values per sample (%s) are not the data's %d features", intList(c.InputShape), n, strings.ReplaceAll(intList(c.InputShape), ",", "×"), features)
		}
		if err := headerConflict("--input-shape", c.InputShape, d, "drop --input-shape to take the header's"); err != nil {
			return model.Spec{}, err
		}
		spec, err := model.ParseModuleFor(text, in)
		if err != nil {
			return model.Spec{}, fmt.Errorf("--model: %w", err)
		}
		return spec, nil
	}
	spec, err := model.ParseModuleFor(text, nn.Shape{features})
	if err != nil {
		return model.Spec{}, fmt.Errorf("--model: %w", err)
	}
	h := headerImage(d)
	// A first Flatten that says its dimensions (Flatten(-3)) flattens the
	// images its PyTorch model takes, as the header gives them.
	first := spec.Layers[0]
	flattensImages := first.Type == "Flatten" && len(first.Args)+len(first.Kwargs) > 0 && h != nil
	if !isImageLayer(first.Type) && !flattensImages {
		return spec, nil
	}
	if h != nil {
		return model.ParseModuleFor(text, h)
	}
	channels := 1
	if s, err := model.ParseModule(text); err == nil && len(s.Input) == 3 {
		channels = s.Input[0]
	}
	side := int(math.Round(math.Sqrt(float64(features) / float64(channels))))
	if channels*side*side != features {
		return model.Spec{}, fmt.Errorf("--model: its first layer, %s, takes images of %d channel(s), but the data's %d features are not %d square image(s) (C×H×W with H = W); give each sample's shape with --input-shape C,H,W",
			spec.Layers[0].Type, channels, features, channels)
	}
	return model.ParseModuleFor(text, nn.Shape{channels, side, side})
}

// buildModule builds Model for the training data and checks that its
// output fits the task: one value per class (one for bce), or per
// regression target. Errors name --model, and the layer whose input
// shape does not fit with both shapes, or the last layer when the
// output does not fit.
func (r *trainRun) buildModule() (*nn.Sequential, model.Spec, error) {
	spec, err := r.cfg.moduleSpec(r.ds.Train)
	if err != nil {
		return nil, model.Spec{}, err
	}
	net, err := spec.Build()
	if err != nil {
		return nil, model.Spec{}, fmt.Errorf("--model on %s's samples of shape %v: %w", r.trainName(), inputShape(spec), err)
	}
	want, what := r.arch.Classes, "classes"
	if r.arch.Outputs > 0 {
		want, what = r.arch.Outputs, "outputs"
		if r.arch.Classes == 0 {
			what = "regression targets"
		} else {
			what = "output (one logit for --loss bce)"
		}
	}
	if got := net.OutShape(); len(got) != 1 || got[0] != want {
		last := len(net.Layers) - 1
		return nil, model.Spec{}, fmt.Errorf("--model: the network's output has shape %v, but the data has %d %s: its last layer, layer %d (%s), should give [%d]", got, want, what, last, net.Layers[last].Type(), want)
	}
	return net, spec, nil
}

// trainName names the training data in --model's errors: "the MNIST
// training set" for --data mnist, whose file lies wherever MNISTDir found
// it (deep in the Go module cache), else the file.
func (r *trainRun) trainName() string {
	if r.cfg.Data.Data == "mnist" {
		return "the MNIST training set"
	}
	return r.ds.Train.Source
}

// inputShape is the shape of one sample spec takes.
func inputShape(s model.Spec) nn.Shape {
	if s.Input != nil {
		return s.Input
	}
	return nn.Shape{s.Inputs}
}
