package callbacks

import "strings"

// vanishingAdvice lists the remedies for vanishing gradients that the run
// does not use already.
func (h *Health) vanishingAdvice() string {
	r := h.remedies()
	if h.Init == "" {
		return "use " + r.InitHe + " with ReLU, " + r.Activation("relu", h.Module) + " instead of sigmoid/tanh, fewer layers, or add " + r.BatchNorm(h.Module)
	}
	var tips []string
	switch {
	case h.Module:
		if !strings.HasPrefix(h.Init, "he") {
			tips = append(tips, r.InitHe+" (for ReLU)")
		}
	case h.Activation == "sigmoid" || h.Activation == "tanh":
		tips = append(tips, r.Activation("relu", false)+" instead of "+h.Activation+" (with "+r.InitHe+")")
	case !strings.HasPrefix(h.Init, "he"):
		tips = append(tips, r.InitHe+" (for "+h.Activation+")")
	}
	tips = append(tips, "fewer layers")
	if !h.BatchNorm {
		tips = append(tips, h.batchNormTip())
	}
	if len(tips) == 1 {
		return "try " + tips[0]
	}
	return "try " + strings.Join(tips[:len(tips)-1], ", ") + " or " + tips[len(tips)-1]
}

// batchNormTip names the way to add batch normalization.
func (h *Health) batchNormTip() string { return h.remedies().BatchNorm(h.Module) }

// activationTip names the way to use activation name ("relu",
// "leakyrelu").
func (h *Health) activationTip(name string) string { return h.remedies().Activation(name, h.Module) }

func (h *Health) remedies() *Remedies {
	if h.Remedies == nil {
		return &LibraryRemedies
	}
	return h.Remedies
}

// Remedies spells the remedies that Health's warnings advise, in the
// words of the program that trains: LibraryRemedies names the library's
// settings and layers; a command-line program gives its flags.
type Remedies struct {
	LR       string // the learning rate, to lower or raise
	ClipNorm string // gradient clipping at norm 1, to add
	Decay    string // the regularization, to lower
	AddDecay string // regularization, to add
	InitHe   string // He initialization, to use
	// BatchNorm names batch normalization, to add; module says the
	// network is a module string (Health.Module).
	BatchNorm func(module bool) string
	// Activation names an activation ("relu", "leakyrelu") to use.
	Activation func(name string, module bool) string
}

// LibraryRemedies are the remedies in the terms of brawn's packages.
var LibraryRemedies = Remedies{
	LR:        "the optimizer's learning rate (LR)",
	ClipNorm:  "gradient clipping (Trainer.ClipNorm = 1)",
	Decay:     "the weight decay and Trainer.Penalty (L1, L2)",
	AddDecay:  "weight decay or Trainer.Penalty.L2",
	InitHe:    "nn.HeNormal initialization",
	BatchNorm: func(bool) string { return "BatchNorm1d (or BatchNorm2d) layers" },
	Activation: func(name string, _ bool) string {
		return map[string]string{"leakyrelu": "LeakyReLU", "relu": "ReLU"}[name] + " activations"
	},
}
