package callbacks

import (
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/brawn-ml/brawn/nn"
)

// Progress shows how training is going, as Keras's ProgbarLogger: on a
// terminal, a bar per epoch that redraws in place with the samples done,
// the running mean loss and accuracy, the rate and the time left; elsewhere
// (CI logs, pipes, files), a plain line every Every. Each epoch ends with a
// summary line, Line's.
type Progress struct {
	nn.BaseCallback
	// Line returns the summary line of a finished epoch (nil:
	// EpochLine). It runs in OnEpochEnd, so it may read what callbacks
	// before Progress in the list computed for the epoch.
	Line func(*nn.EpochInfo) string

	view              progressView
	loss              float64 // running sums of the current epoch
	correct, samples  int
	ignored           int  // samples whose label the loss ignores (nn.StepInfo.Ignored)
	done, epochLength int  // samples done in the current epoch, of epochLength
	labelled          bool // the training set has class labels (an accuracy)
	hasWriter         bool // view writes to a non-nil writer
}

// NewProgress returns a Progress that writes to w: a bar when w is a
// terminal (an *os.File on a TTY, or a writer onto one that has its Fd
// method), else plain lines, at most one per every (plus each epoch's
// summary). A nil w is refused when training begins.
func NewProgress(w io.Writer, every time.Duration) *Progress {
	if f, ok := w.(interface{ Fd() uintptr }); ok && isTerminal(f) {
		return &Progress{view: &barView{w: w}, hasWriter: true}
	}
	return NewProgressLines(w, every)
}

// isTerminal reports whether f's descriptor is a terminal; a nil *os.File
// is not (its Fd is ^uintptr(0)).
func isTerminal(f interface{ Fd() uintptr }) bool {
	fd := f.Fd()
	return fd != ^uintptr(0) && term.IsTerminal(int(fd))
}

// NewProgressLines returns a Progress that writes plain lines to w, at
// most one per every during an epoch, and each epoch's summary. A nil w
// is refused when training begins.
func NewProgressLines(w io.Writer, every time.Duration) *Progress {
	return &Progress{view: &lineView{w: w, every: every}, hasWriter: w != nil && w != (*os.File)(nil)}
}

// Setup implements nn.SetupCallback: it refuses a Progress without a
// writer (a nil one, or a Progress not made by NewProgress).
func (p *Progress) Setup(*nn.Trainer) error {
	if !p.hasWriter {
		return errors.New("callbacks: Progress has no writer: make it with NewProgress(w, every) for a non-nil w")
	}
	return nil
}

// OnEpochBegin implements nn.Callback: it starts the epoch's bar or lines.
// Its error is always nil: Progress ignores the writer's errors, as a
// progress display should not stop training.
func (p *Progress) OnEpochBegin(t *nn.Trainer, epoch int) error {
	p.loss, p.correct, p.samples, p.ignored = 0, 0, 0, 0
	p.labelled = t.CheckMetric(nn.MetricAccuracy) == nil // a regression has no accuracy
	p.epochLength = t.TrainLen()
	p.done = t.EpochStep() * t.BatchSize // a resumed epoch's steps so far
	p.view.startEpoch(epoch, t.Epochs, p.epochLength)
	return nil
}

// OnStepEnd implements nn.Callback: it updates the bar, or prints a line
// when Every has passed since the last one. It allocates only when it
// draws. Its error is always nil (write errors are ignored).
func (p *Progress) OnStepEnd(_ *nn.Trainer, s *nn.StepInfo) error {
	p.loss += float64(s.Loss * float64(s.Samples)) // unfused: the same bits on every architecture (nn/doc.go)
	p.correct += s.Correct
	p.samples += s.Samples
	p.ignored += s.Ignored
	p.done += s.Samples
	acc := math.NaN()
	if p.labelled {
		acc = nn.Accuracy(p.correct, p.samples, p.ignored)
	}
	p.view.step(p.done, p.loss/float64(p.samples), acc)
	return nil
}

// OnEpochEnd implements nn.Callback: it closes the bar and prints the
// epoch's summary line. Its error is always nil (write errors are
// ignored).
func (p *Progress) OnEpochEnd(_ *nn.Trainer, e *nn.EpochInfo) error {
	line := EpochLine
	if p.Line != nil {
		line = p.Line
	}
	p.view.endEpoch(line(e))
	return nil
}

// EpochLine is Progress's default summary of a finished epoch: its number,
// training loss and accuracy, validation loss and accuracy when there is a
// validation set, the learning rate, the duration and the samples per
// second (those trained in Duration: after a mid-epoch resume, Samples
// less ResumedSamples; none for an epoch that trained none, FormatRate).
func EpochLine(e *nn.EpochInfo) string {
	s := fmt.Sprintf("epoch %d  loss %s%s", e.Epoch, FormatLoss(e.TrainLoss), FormatAccuracy("  acc %.2f%%", e.TrainAccuracy))
	if e.HasVal {
		s += fmt.Sprintf("  val_loss %s%s", FormatLoss(e.ValLoss), FormatAccuracy("  val_acc %.2f%%", e.ValAccuracy))
	}
	secs := e.Duration.Seconds()
	rate := 0.0
	if secs > 0 {
		rate = float64(e.Samples-e.ResumedSamples) / secs
	}
	return s + fmt.Sprintf("  lr %.3g  %.1fs", e.LR, secs) + FormatRate(rate)
}

// progressView draws one epoch's progress.
type progressView interface {
	// startEpoch begins epoch (1-based) of epochs over n training samples.
	startEpoch(epoch, epochs, n int)
	// step reports done samples so far with the running mean loss and accuracy.
	step(done int, loss, acc float64)
	// endEpoch closes the epoch with its summary line.
	endEpoch(line string)
}

type barView struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	n     int
	label string    // "epoch 2/5"
	last  time.Time // of the last redraw
}

// barRedraw is the shortest time between redraws: faster is invisible and
// would cost a formatted string per training step.
const barRedraw = 100 * time.Millisecond

func (p *barView) startEpoch(epoch, epochs, n int) {
	p.n = n
	p.label = fmt.Sprintf("epoch %d/%d", epoch, epochs)
	p.bar = progressbar.NewOptions(n,
		progressbar.OptionSetWriter(p.w),
		progressbar.OptionSetDescription(p.label),
		progressbar.OptionSetItsString("samples"),
		progressbar.OptionShowIts(),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(25),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
		progressbar.OptionSetPredictTime(true),
	)
}

func (p *barView) step(done int, loss, acc float64) {
	if p.bar == nil {
		return
	}
	if now := time.Now(); now.Sub(p.last) >= barRedraw || done >= p.n {
		p.last = now
	} else {
		return
	}
	// Count first: Describe redraws, and a redraw at count 0 shows a rate
	// of "0 samples/hr".
	_ = p.bar.Set(done)
	p.bar.Describe(fmt.Sprintf("%s loss %s%s", p.label, FormatLoss(loss), FormatAccuracy(" acc %5.2f%%", acc)))
}

func (p *barView) endEpoch(line string) {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
	fmt.Fprintln(p.w, line)
}

type lineView struct {
	w              io.Writer
	every          time.Duration
	epoch, epochs  int
	n              int
	start, lastOut time.Time
}

func (p *lineView) startEpoch(epoch, epochs, n int) {
	p.epoch, p.epochs, p.n = epoch, epochs, n
	p.start = time.Now()
	p.lastOut = p.start
}

func (p *lineView) step(done int, loss, acc float64) {
	now := time.Now()
	if now.Sub(p.lastOut) < p.every || done >= p.n {
		return
	}
	p.lastOut = now
	rate := float64(done) / now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "epoch %d/%d  %d/%d samples  loss %s%s  %s samples/s\n",
		p.epoch, p.epochs, done, p.n, FormatLoss(loss), FormatAccuracy("  acc %.2f%%", acc), Thousands(int(rate)))
}

func (p *lineView) endEpoch(line string) { fmt.Fprintln(p.w, line) }
