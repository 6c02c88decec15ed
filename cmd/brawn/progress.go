package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/brawn-ml/brawn/model"
)

// progress shows how an epoch is going. A bar redraws in place on a
// terminal; elsewhere (CI logs, pipes) plain lines appear every few seconds.
type progress interface {
	// startEpoch begins epoch (1-based) of epochs over n training samples.
	startEpoch(epoch, epochs, n int)
	// step reports done samples so far with the running mean loss and accuracy.
	step(done int, loss, acc float64)
	// endEpoch closes the epoch with its summary line.
	endEpoch(m model.EpochMetrics, val bool)
}

// newProgress picks the bar when w is a terminal, plain lines otherwise,
// and nothing when quiet.
func newProgress(w io.Writer, quiet bool, every time.Duration) progress {
	if quiet {
		return quietProgress{}
	}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return &barProgress{w: w}
	}
	return &lineProgress{w: w, every: every}
}

type quietProgress struct{}

func (quietProgress) startEpoch(int, int, int)          {}
func (quietProgress) step(int, float64, float64)        {}
func (quietProgress) endEpoch(model.EpochMetrics, bool) {}

type barProgress struct {
	w     io.Writer
	bar   *progressbar.ProgressBar
	n     int
	label string    // "epoch 2/5"
	last  time.Time // of the last redraw
}

// barRedraw is the shortest time between redraws: faster is invisible and
// would cost a formatted string per training step.
const barRedraw = 100 * time.Millisecond

func (p *barProgress) startEpoch(epoch, epochs, n int) {
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

func (p *barProgress) step(done int, loss, acc float64) {
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
	p.bar.Describe(fmt.Sprintf("%s loss %s%s", p.label, lossString(loss), accString(" acc %5.2f%%", acc)))
}

func (p *barProgress) endEpoch(m model.EpochMetrics, val bool) {
	if p.bar != nil {
		_ = p.bar.Finish()
		p.bar = nil
	}
	fmt.Fprintln(p.w, epochLine(m, val))
}

type lineProgress struct {
	w              io.Writer
	every          time.Duration
	epoch, epochs  int
	n              int
	start, lastOut time.Time
}

func (p *lineProgress) startEpoch(epoch, epochs, n int) {
	p.epoch, p.epochs, p.n = epoch, epochs, n
	p.start = time.Now()
	p.lastOut = p.start
}

func (p *lineProgress) step(done int, loss, acc float64) {
	now := time.Now()
	if now.Sub(p.lastOut) < p.every || done >= p.n {
		return
	}
	p.lastOut = now
	rate := float64(done) / now.Sub(p.start).Seconds()
	fmt.Fprintf(p.w, "epoch %d/%d  %d/%d samples  loss %s%s  %s samples/s\n",
		p.epoch, p.epochs, done, p.n, lossString(loss), accString("  acc %.2f%%", acc), thousands(int(rate)))
}

func (p *lineProgress) endEpoch(m model.EpochMetrics, val bool) { fmt.Fprintln(p.w, epochLine(m, val)) }

// epochLine is the one-line summary of a finished epoch.
func epochLine(m model.EpochMetrics, val bool) string {
	if m.TestR2 != nil {
		return regressionEpochLine(m, val)
	}
	s := fmt.Sprintf("epoch %d  loss %s  acc %.2f%%", m.Epoch, lossString(m.TrainLoss), 100*m.TrainAccuracy)
	if val && m.ValLoss != nil {
		s += fmt.Sprintf("  val_loss %s  val_acc %.2f%%", lossString(*m.ValLoss), 100**m.ValAccuracy)
	}
	s += fmt.Sprintf("  test_loss %s  test_acc %.2f%%  lr %.3g  %.1fs  %s samples/s",
		lossString(m.TestLoss), 100*m.TestAccuracy, m.LR, m.Seconds, thousands(int(m.SamplesPerSec)))
	return s
}

// lossString formats a loss with 4 decimals, or in %g form once it is so
// large (a diverging run) that fixed-point would print dozens of digits.
func lossString(v float64) string {
	if math.Abs(v) >= 1e6 || math.IsNaN(v) {
		return strconv.FormatFloat(v, 'g', 4, 64)
	}
	return strconv.FormatFloat(v, 'f', 4, 64)
}
