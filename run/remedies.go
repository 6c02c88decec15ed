package run

import (
	"errors"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/data"
)

// FlagRemedies spell callbacks.Health's advice in brawn train's flags; for
// a --model network, the layers to put in the module string.
var FlagRemedies = callbacks.Remedies{
	LR:        "--lr",
	ClipNorm:  "--clip-norm 1",
	Decay:     "--weight-decay/--l2/--l1",
	AddDecay:  "--weight-decay or --l2",
	InitHe:    "--init he",
	BatchNorm: flagBatchNorm,
	Activation: func(name string, module bool) string {
		if module {
			return map[string]string{"leakyrelu": "LeakyReLU", "relu": "ReLU"}[name] + " in --model"
		}
		return "--activation " + name
	},
}

// flagBatchNorm names the way to add batch normalization: --batchnorm, or
// for a --model network, the layers to put in it.
func flagBatchNorm(module bool) string {
	if module {
		return "BatchNorm2d (or BatchNorm1d) layers in --model"
	}
	return "--batchnorm"
}

// FlagAdvice returns err with the advice of a data.OptionHint in it
// spelled as brawn's flags ("--skip-rows 1" for CSVOptions.SkipRows = 1);
// err itself when it has none. The result wraps err.
func FlagAdvice(err error) error {
	var h *data.OptionHint
	if !errors.As(err, &h) {
		return err
	}
	flag := map[string]string{"SkipRows": "--skip-rows", "Comma": "--delimiter", "Whitespace": "--delimiter", "Task": "--task"}[h.Option]
	if flag == "" {
		return err
	}
	spelled := h.Respell(func(_, value string) string {
		switch h.Option {
		case "Task":
			value = strings.ToLower(strings.TrimPrefix(value, "Task"))
		case "Whitespace":
			value = whitespaceDelimiter
		}
		return flag + " " + value
	})
	return &respelled{msg: strings.Replace(err.Error(), h.Error(), spelled, 1), err: err}
}

// respelled is an error with another message, wrapping the original.
type respelled struct {
	msg string
	err error
}

func (e *respelled) Error() string { return e.msg }
func (e *respelled) Unwrap() error { return e.err }
