package callbacks

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/data"
	"github.com/brawn-ml/brawn/nn"
)

// The bar's first redraw shows the samples done, not a rate of 0 per hour.
func TestBarStartsWithARate(t *testing.T) {
	var b strings.Builder
	p := &barView{w: &b}
	p.startEpoch(1, 5, 60000)
	p.step(128, 2.3, 0.1)
	assert.NotContains(t, b.String(), "samples/hr")
	assert.Contains(t, b.String(), "128/60000")
}

// blobTrainer trains a linear classifier of 4 features and 2 classes on n
// samples in batches of 4.
func blobTrainer(t *testing.T, n, epochs int) (*nn.Trainer, *data.Dataset) {
	x := make([]float32, 4*n)
	y := make([]int, n)
	for i := range n {
		y[i] = i % 2
		for j := range 4 {
			x[4*i+j] = float32(y[i]) + 0.1*float32(j)
		}
	}
	ds, err := data.NewClassification(x, 4, y, 2)
	require.NoError(t, err)
	m, err := nn.NewSequential(4, nn.NewLinear(4, 2))
	require.NoError(t, err)
	opt, err := nn.NewSGD(nn.Groups(m.Params(), 0.1, 0, false), nn.SGDConfig{})
	require.NoError(t, err)
	return &nn.Trainer{Model: m, Loss: nn.NewCrossEntropyLoss(), Optimizer: opt, BatchSize: 4, Epochs: epochs, RNG: nn.NewRNG(1)}, ds
}

// Plain lines: with an interval longer than the run, only each epoch's
// summary appears, from Line.
func TestProgressLines(t *testing.T) {
	var b strings.Builder
	tr, ds := blobTrainer(t, 10, 2)
	p := NewProgressLines(&b, time.Hour)
	var seen []int
	p.Line = func(e *nn.EpochInfo) string {
		seen = append(seen, e.Epoch)
		return fmt.Sprintf("done %d", e.Epoch)
	}
	tr.Callbacks = []nn.Callback{p}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	assert.Equal(t, "done 1\ndone 2\n", b.String())
	assert.Equal(t, []int{1, 2}, seen)
}

// The default summary line names the epoch, the losses and accuracies.
func TestEpochLine(t *testing.T) {
	e := &nn.EpochInfo{Epoch: 3, TrainLoss: 0.5, TrainAccuracy: 0.75, HasVal: true, ValLoss: 0.25, ValAccuracy: 0.875,
		LR: 0.01, Samples: 1000, Duration: 2 * time.Second}
	assert.Equal(t, "epoch 3  loss 0.5000  acc 75.00%  val_loss 0.2500  val_acc 87.50%  lr 0.01  2.0s  500 samples/s", EpochLine(e))
}

// stepLosses records each step's loss.
type stepLosses struct {
	nn.BaseCallback
	loss []float64
}

func (c *stepLosses) OnStepEnd(_ *nn.Trainer, s *nn.StepInfo) error {
	c.loss = append(c.loss, s.Loss)
	return nil
}

// A plain progress line counts the samples done in the epoch, also after a
// mid-epoch resume, with the running mean loss over this process's steps;
// none appears at the epoch's last step. An interval of 0 prints at every
// other step.
func TestProgressLineAfterResume(t *testing.T) {
	tr, ds := blobTrainer(t, 10, 1) // 3 steps: 4, 4 and 2 samples
	ctx, cancel := context.WithCancel(context.Background())
	tr.Callbacks = []nn.Callback{&Lambda{StepEnd: func(*nn.Trainer, *nn.StepInfo) error { cancel(); return nil }}}
	require.ErrorIs(t, tr.Fit(ctx, ds, nil), context.Canceled)
	require.Equal(t, 1, tr.EpochStep())

	var b strings.Builder
	p := NewProgressLines(&b, 0)
	p.Line = func(*nn.EpochInfo) string { return "end" }
	losses := &stepLosses{}
	tr.Callbacks = []nn.Callback{losses, p}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	require.Len(t, losses.loss, 2)
	lines := strings.Split(b.String(), "\n")
	require.Len(t, lines, 3, b.String())
	assert.Regexp(t, `^epoch 1/1  8/10 samples  loss `+regexp.QuoteMeta(FormatLoss(losses.loss[0]))+`  acc [0-9.]+%  [0-9,]+ samples/s$`, lines[0])
	assert.Equal(t, []string{"end", ""}, lines[1:])
}

// A Progress without a writer (nil, or not made by NewProgress) is refused
// when training begins, with an error rather than a nil-pointer panic.
func TestProgressWithoutWriter(t *testing.T) {
	var nilFile *os.File
	for _, p := range []*Progress{NewProgress(nil, time.Second), NewProgressLines(nil, time.Second), NewProgress(nilFile, time.Second), {}} {
		tr, d := blobTrainer(t, 12, 1)
		tr.Callbacks = []nn.Callback{p}
		err := tr.Fit(context.Background(), d, nil)
		require.EqualError(t, err, "callbacks: Progress has no writer: make it with NewProgress(w, every) for a non-nil w")
	}
}
