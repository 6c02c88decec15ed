package run

import (
	"fmt"
	"math"
	"strconv"

	"github.com/brawn-ml/brawn/model"
	"github.com/brawn-ml/brawn/nn"
)

// resumeSchedule adapts the learning-rate schedule of a run resumed from
// m. --lr-schedule cosine keeps PyTorch's semantics: --t-max is fixed, and
// past it the rate rises again along the cosine rather than stay at
// --eta-min. Its default, --epochs, is the first run's, so a run resumed
// with more epochs would pass the end of its cosine. --t-max may therefore
// be given on resume: the cosine is stretched from the current epoch as if
// it had had that horizon from the start (nn.CosineAnnealingLR.SetTMax),
// and the new value is recorded in the checkpoints the run writes; it must
// end after the epochs already run.
func (r *trainRun) resumeSchedule(m *model.Model) error {
	tf := r.cfg
	if tf.Schedule != "cosine" {
		return nil
	}
	cos := r.cosine()
	if cos == nil {
		return nil
	}
	saved, ok := savedTMax(m)
	if ok && saved != tf.TMax {
		if done := r.trainer.Epoch(); tf.TMax <= done {
			return BadField("t-max", tf.TMax, "must be after the %d epochs %s has run: the cosine would have ended already", done, tf.Resume)
		}
		if err := cos.SetTMax(tf.TMax, warmupFactor(schedulers(r.trainer))); err != nil {
			return BadField("t-max", tf.TMax, "%v", err)
		}
		if !tf.Quiet {
			fmt.Fprintf(r.errw, "--t-max %d replaces the %d of the run saved in %s: the cosine now reaches --eta-min at epoch %d; the learning rate is %.3g after epoch %d\n",
				tf.TMax, saved, tf.Resume, tf.TMax, r.trainer.Optimizer.Groups()[0].LR, r.trainer.Epoch())
		}
	}
	return nil
}

// restoreHorizon gives the run's cosine, before Import, the T_max of the
// run saved in m, which its state must match; resumeSchedule then
// stretches it to --t-max.
func (r *trainRun) restoreHorizon(m *model.Model) {
	if cos := r.cosine(); cos != nil && r.cfg.Schedule == "cosine" {
		if saved, ok := savedTMax(m); ok {
			cos.TMax = saved
		}
	}
}

// cosine returns the run's CosineAnnealingLR, or nil.
func (r *trainRun) cosine() *nn.CosineAnnealingLR {
	var cos *nn.CosineAnnealingLR
	for _, s := range schedulers(r.trainer) {
		if c, ok := s.(*nn.CosineAnnealingLR); ok {
			cos = c
		}
	}
	return cos
}

// savedTMax returns the --t-max recorded in m, if it is a valid one.
func savedTMax(m *model.Model) (int, bool) {
	saved, err := strconv.Atoi(m.Config["t-max"])
	return saved, err == nil && saved >= 1
}

// useSavedDecay gives a resumed run whose WeightDecay is adamw's default
// (not given) the weight decay m was trained with: a checkpoint of a
// brawn whose adamw had no default decay records 0, or nothing, and a
// resumed run keeps its configuration. The CLI's recorded flags (Flags)
// say the same.
func (c *Config) useSavedDecay(m *model.Model) error {
	decay := 0.0
	if saved, ok := m.Config["weight-decay"]; ok {
		v, err := strconv.ParseFloat(saved, 64)
		if err != nil || v < 0 || math.IsInf(v, 0) || math.IsNaN(v) {
			return fmt.Errorf("%s: metadata %q records --weight-decay %q, which is not valid: it must be a finite number >= 0", c.Resume, model.MetaConfig, saved)
		}
		decay = v
	}
	c.WeightDecay, c.decayFromDefault = decay, false
	if c.Flags != nil {
		c.Flags["weight-decay"] = formatFloat(decay)
	}
	return nil
}

// warnShortCosine warns, for a new run and a resumed one alike, when the
// cosine ends before the run does.
func (r *trainRun) warnShortCosine() {
	tf := r.cfg
	if tf.Schedule == "cosine" && tf.TMax < tf.Epochs && !tf.Quiet {
		fmt.Fprintf(r.errw, "warning: the cosine schedule ends at epoch %d (--t-max %d), before --epochs %d; after it the learning rate rises again along the cosine, as PyTorch's CosineAnnealingLR does. Give --t-max %d to stretch it over the whole run\n",
			tf.TMax, tf.TMax, tf.Epochs, tf.Epochs)
	}
}

// schedulers are the Schedulers of t's LRScheduler callbacks.
func schedulers(t *nn.Trainer) []nn.Scheduler {
	var list []nn.Scheduler
	for _, c := range t.Callbacks {
		if l, ok := c.(*nn.LRScheduler); ok {
			list = append(list, l.Scheduler)
		}
	}
	return list
}

// warmupFactor is the factor the --warmup schedule among sched has applied
// to the rate so far (1 when there is none): the cosine needs it to
// restart from its bottom, where the rate no longer carries it.
func warmupFactor(sched []nn.Scheduler) float64 {
	for _, s := range sched {
		if w, ok := s.(*nn.LinearLR); ok {
			return w.Factor()
		}
	}
	return 1
}
