package run

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/brawn-ml/brawn/callbacks"
	"github.com/brawn-ml/brawn/model"
)

// A Save whose file name has braces is a template of Keras's
// ModelCheckpoint (callbacks.PathTemplate): each epoch due a save
// (SaveEvery) is written to a file of its own, named by the epoch and its
// metrics, "ck-{epoch:02d}-{val_loss:.4f}.safetensors", so that a run
// keeps one checkpoint per epoch. Each file holds its epoch as it ended
// (the epoch that stops early its own weights, not the ones early
// stopping keeps, which are the best epoch's file). An interrupted run is
// saved to brawn-interrupted.safetensors, as without Save, since the
// template names whole epochs. ResumeAuto continues the file of the
// latest epoch the template names (which needs an {epoch} field). The
// outputs' lock is taken on the template: a second run with the same
// template is refused.

// saveTemplate returns Save as a template, nil when it is a plain name.
func (c *Config) saveTemplate() (*callbacks.PathTemplate, error) {
	if !callbacks.IsPathTemplate(c.Save) {
		return nil, nil
	}
	p, err := callbacks.ParsePathTemplate(c.Save)
	if err != nil {
		return nil, BadField("save", c.Save, "is a file name template, as Keras's ModelCheckpoint takes: %v", err)
	}
	return p, nil
}

// validateSaveTemplate refuses a template of fields the run will not have
// (a validation metric without a validation set, an accuracy of a
// regression), and ResumeAuto without an {epoch} to find the latest file
// by.
func (c *Config) validateSaveTemplate() error {
	p, err := c.saveTemplate()
	if p == nil {
		return err
	}
	for _, f := range p.Fields() {
		switch {
		case strings.HasPrefix(f, "val_") && !c.hasVal():
			return BadField("save", c.Save, "has the field {%s}, which needs a validation set: add --val-split, e.g. --val-split 0.1, or --val FILE", f)
		case strings.HasSuffix(f, "accuracy") && c.Data.Task == taskRegression:
			return BadField("save", c.Save, "has the field {%s}, but a regression has no accuracy", f)
		}
	}
	if (c.Resume == ResumeAuto || c.resumeAuto) && !slices.Contains(p.Fields(), "epoch") {
		return BadField("save", c.Save, "is a template without {epoch}: --resume auto finds the latest file by its epoch; add {epoch}, or give --resume FILE")
	}
	return nil
}

// latestTemplateFile returns the file of the latest epoch that p names
// ("" when there is none yet), for ResumeAuto; two files of that epoch
// (left by runs of other settings) are an error naming both.
func latestTemplateFile(p *callbacks.PathTemplate) (string, error) {
	entries, err := os.ReadDir(p.Dir())
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("--resume auto: reading the directory of --save %s: %w", p, err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() {
			names = append(names, e.Name())
		}
	}
	epochs, _ := p.Epochs(names)
	epoch := 0
	for _, e := range epochs {
		epoch = max(epoch, e)
	}
	if epoch == 0 {
		return "", nil
	}
	var latest []string // the files of the latest epoch, sorted
	for n, e := range epochs {
		if e == epoch {
			latest = append(latest, n)
		}
	}
	slices.Sort(latest)
	if len(latest) > 1 {
		return "", fmt.Errorf("--resume auto: %s and %s are both epoch %d's files of --save %s; move the one of another run away, or give --resume FILE",
			filepath.Join(p.Dir(), latest[0]), filepath.Join(p.Dir(), latest[1]), epoch, p)
	}
	return filepath.Join(p.Dir(), latest[0]), nil
}

// epochFile is the file the template p names for the epoch e of the
// run's history.
func epochFile(p *callbacks.PathTemplate, e model.EpochMetrics) string {
	v := map[string]float64{"epoch": float64(e.Epoch), "loss": e.TrainLoss, "accuracy": e.TrainAccuracy}
	if e.ValLoss != nil {
		v["val_loss"] = *e.ValLoss
	}
	if e.ValAccuracy != nil {
		v["val_accuracy"] = *e.ValAccuracy
	}
	return p.Format(v)
}

// lastEpochFile names, for the message of a run interrupted with --resume
// auto and a Save template, the file the same command would continue.
func (r *trainRun) lastEpochFile() string {
	switch {
	case r.ckpt.LastSaved > 0:
		return fmt.Sprintf(": %s, after epoch %d", r.ckpt.LastPath, r.ckpt.LastSaved)
	case r.resumed != nil:
		return fmt.Sprintf(": %s, after epoch %d", r.cfg.Resume, r.resumed.Epoch)
	}
	return ": none yet, so it would start the run anew"
}

// savedPath is the file the last save to Save went to: Save, or the name
// its template gave.
func (r *trainRun) savedPath() string {
	if r.ckpt.LastPath != "" {
		return r.ckpt.LastPath
	}
	return r.cfg.Save
}

// keptWeightsFile says, after early stopping restored the best epoch's
// weights in a run whose Save is a template, which file holds them.
func (r *trainRun) keptWeightsFile() string {
	p, _ := r.cfg.saveTemplate()
	best := 0
	if r.es != nil {
		best = r.es.BestEpoch()
	}
	if p == nil || best <= 0 || !r.cfg.EarlyStopRestore {
		return ""
	}
	for _, e := range r.hist.Epochs {
		if e.Epoch == best && best%r.cfg.SaveEvery == 0 {
			return fmt.Sprintf("; the weights early stopping kept, epoch %d's, are in %s", best, epochFile(p, e))
		}
	}
	return fmt.Sprintf("; the weights early stopping kept, epoch %d's, are in no --save file (--save-every %d); --save-weights FILE writes them", best, r.cfg.SaveEvery)
}
