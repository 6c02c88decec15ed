package run

import (
	"fmt"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// newOptimizer builds the optimizer --optimizer names over the model's
// parameters, with PyTorch's defaults for what the flags leave unset
// (RMSprop: alpha 0.99, eps 1e-8, momentum 0; Adagrad: eps 1e-10). Weight decay goes to weight matrices only (nn.Groups); for
// adamw it is decoupled (Loshchilov & Hutter 2019), for the others it is
// PyTorch's weight_decay (added to the gradient).
func newOptimizer(t *Config, params []*nn.Param) (nn.Optimizer, error) {
	groups := nn.Groups(params, t.LR, t.WeightDecay, false)
	adam := nn.AdamConfig{Beta1: t.Beta1, Beta2: t.Beta2, Eps: t.Eps, AMSGrad: t.AMSGrad}
	switch t.Optimizer {
	case "sgd":
		return nn.NewSGD(groups, nn.SGDConfig{})
	case "momentum":
		return nn.NewSGD(groups, nn.SGDConfig{Momentum: t.Momentum})
	case "nesterov":
		return nn.NewSGD(groups, nn.SGDConfig{Momentum: t.Momentum, Nesterov: true})
	case "adam":
		return nn.NewAdam(groups, adam)
	case "adamw":
		return nn.NewAdamW(groups, adam)
	case "rmsprop":
		cfg := nn.DefaultRMSpropConfig()
		if t.epsSet {
			cfg.Eps = t.Eps
		}
		if t.momentumSet {
			cfg.Momentum = t.Momentum
		}
		return nn.NewRMSprop(groups, cfg)
	case "adagrad":
		cfg := nn.DefaultAdagradConfig()
		if t.epsSet {
			cfg.Eps = t.Eps
		}
		return nn.NewAdagrad(groups, cfg)
	}
	return nil, fmt.Errorf("unknown optimizer %q", t.Optimizer)
}

// newSchedulers builds the per-epoch schedule and the per-step warm-up,
// or onecycle, stepped per optimizer step over epochs of steps steps.
// The warm-up is PyTorch's LinearLR(start_factor=1/(N+1), total_iters=N)
// stepped after every optimizer step: the rate of step k (from 0) is
// lr·(k+1)/(N+1) for k < N, then lr; it composes with the epoch schedule
// as chained PyTorch schedulers do.
func newSchedulers(t *Config, opt nn.Optimizer, steps int) (epoch, step []nn.Scheduler, err error) {
	var s nn.Scheduler
	switch t.Schedule {
	case "onecycle":
		c, err := t.oneCycle(opt, steps)
		if err != nil {
			return nil, nil, fmt.Errorf("--lr-schedule onecycle over %s of %s: %w", Plural(t.Epochs, "epoch"), Plural(steps, "step"), err)
		}
		step = append(step, c)
	case "cosine-restarts":
		s, err = nn.NewCosineAnnealingWarmRestarts(opt, t.T0, t.TMult, t.EtaMin)
	case "step":
		s, err = nn.NewStepLR(opt, t.StepSize, t.Gamma)
	case "multistep":
		s, err = nn.NewMultiStepLR(opt, t.Milestones, t.Gamma)
	case "exponential":
		s = nn.NewExponentialLR(opt, t.Gamma)
	case "cosine":
		s, err = nn.NewCosineAnnealingLR(opt, t.TMax, t.EtaMin)
	case "plateau":
		p := nn.NewReduceLROnPlateau(opt)
		p.Patience, p.Factor = t.PlateauPatience, t.PlateauFactor
		p.Cooldown, p.MinLR, p.Threshold, p.ThresholdMode = t.PlateauCooldown, t.PlateauMinLR, t.PlateauThreshold, t.PlateauThresholdMode
		s = p
	}
	if err != nil {
		return nil, nil, fmt.Errorf("--lr-schedule %s: %w", t.Schedule, err)
	}
	if s != nil {
		epoch = append(epoch, s)
	}
	if t.Warmup > 0 {
		w, err := nn.NewLinearLR(opt, 1/(float64(t.Warmup)+1), 1, t.Warmup)
		if err != nil {
			return nil, nil, fmt.Errorf("--warmup %d: %w", t.Warmup, err)
		}
		step = append(step, w)
	}
	return epoch, step, nil
}

// MaxWarmup is the longest warm-up (Config.Warmup) Validate accepts: 2^31-1
// optimizer steps, weeks of training at a millisecond a step, beyond
// which a value is a slip rather than a schedule.
const MaxWarmup = math.MaxInt32

// ModelLoss is the loss m was trained with, as its recorded configuration
// names it (cross-entropy, or bce for a binary model, when it records
// none), with its recorded settings. Class weights (--class-weights) or a
// positive weight (--pos-weight) that are not valid, or not one per class,
// are an error naming the metadata entry.
func ModelLoss(m *model.Model) (nn.Loss, error) {
	c := Config{Loss: m.Config["loss"]}
	switch {
	case c.Loss != "" || m.Regression():
	case m.Binary():
		c.Loss = "bce"
	default:
		c.Loss = "cross-entropy"
	}
	c.Smoothing, _ = strconv.ParseFloat(m.Config["label-smoothing"], 64)
	c.HuberDelta, _ = strconv.ParseFloat(m.Config["huber-delta"], 64)
	bad := func(flag string, err error) error {
		return fmt.Errorf("metadata %q records --%s %q, which is not valid: %w", model.MetaConfig, flag, m.Config[flag], err)
	}
	var err error
	if c.ClassWeights, err = ParseFloatList("class-weights", m.Config["class-weights"], "weights like 1,2.5"); err != nil {
		return nil, bad("class-weights", err)
	}
	if v := m.Config["pos-weight"]; v != "" {
		if c.PosWeight, err = strconv.ParseFloat(v, 64); err != nil {
			return nil, bad("pos-weight", err)
		}
	}
	if err := c.checkLossWeights(func(string) bool { return false }); err != nil {
		return nil, bad("class-weights", err)
	}
	if !m.Regression() {
		if err := checkClassCount(c.ClassWeights, m.NumClasses(), m.ClassNames, "the model"); err != nil {
			return nil, bad("class-weights", err)
		}
	}
	return c.newLoss(m.NumClasses()), nil
}

// newLoss builds Loss. For classes (classes > 0), MSE compares the
// logits with one-hot targets; a regression (classes 0) compares the
// outputs with the standardized targets.
func (t *Config) newLoss(classes int) nn.Loss {
	if l := t.regressionLoss(classes); l != nil {
		return l
	}
	if t.Loss == "mse" {
		return &oneHotMSE{classes: classes}
	}
	ce := nn.NewCrossEntropyLoss()
	ce.LabelSmoothing = t.Smoothing
	ce.Weight, _ = t.lossWeights()
	return ce
}

// oneHotMSE is nn.MSELoss against one-hot encodings of class labels (as
// torch.nn.MSELoss on F.one_hot(y)), so a classifier can be trained on the
// squared error. The target buffer is reused from batch to batch.
type oneHotMSE struct {
	classes int
	mse     nn.MSELoss
	batch   nn.Batch
}

func (l *oneHotMSE) Name() string { return "MSELoss" }

func (l *oneHotMSE) Forward(pred *nn.Tensor, b *nn.Batch) (float64, error) {
	n := len(b.Labels)
	if pred.Cols() != l.classes || pred.Rows() != n {
		return 0, fmt.Errorf("MSELoss: output shape %v for %d labels of %d classes", pred.Shape, n, l.classes)
	}
	t := &l.batch.Targets
	if len(t.Data) != n*l.classes {
		*t = *nn.NewTensor(n, l.classes)
	} else {
		clear(t.Data)
	}
	for i, y := range b.Labels {
		if y < 0 || y >= l.classes {
			return 0, fmt.Errorf("MSELoss: label %d of sample %d is outside [0, %d)", y, i, l.classes)
		}
		t.Data[i*l.classes+y] = 1
	}
	return l.mse.Forward(pred, &l.batch)
}

func (l *oneHotMSE) Backward() *nn.Tensor { return l.mse.Backward() }

// setTask sizes the output layer for the task: a regression's targets, or
// one logit for --loss bce, which needs exactly two classes.
func setTask(a *model.MLP, loss string, train *data.Dataset) error {
	switch {
	case train.Outputs > 0:
		a.Classes, a.Outputs = 0, train.Outputs
	case loss == "bce":
		if train.Classes != 2 {
			if occur := distinctLabels(train.Y); train.ClassNames == nil && occur == 2 {
				return BadField("loss", loss, "is binary cross-entropy on one logit and needs 2 classes; %s has %d: its integer labels are the class indices 0..%d, and 2 of them occur (relabel the two classes 0 and 1, give --task classification to make the two labels the classes, or use cross-entropy)",
					train.Source, train.Classes, train.Classes-1)
			}
			return BadField("loss", loss, "is binary cross-entropy on one logit and needs 2 classes; %s has %d (use cross-entropy)", train.Source, train.Classes)
		}
		a.Outputs = 1
	}
	return nil
}

// distinctLabels counts the distinct class labels in y.
func distinctLabels(y []int) int {
	seen := map[int]bool{}
	for _, c := range y {
		seen[c] = true
	}
	return len(seen)
}

// regressionLoss builds the losses without a classification wrapper:
// a regression's mse, l1 and huber (classes 0) and bce's
// BCEWithLogitsLoss on the class labels 0 and 1; nil otherwise.
func (t *Config) regressionLoss(classes int) nn.Loss {
	switch {
	case t.Loss == "bce":
		l := nn.NewBCEWithLogitsLoss()
		_, l.PosWeight = t.lossWeights()
		return l
	case classes > 0:
		return nil
	case t.Loss == "l1":
		return nn.NewL1Loss()
	case t.Loss == "huber":
		return &nn.HuberLoss{Delta: t.HuberDelta}
	}
	return nn.NewMSELoss()
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
