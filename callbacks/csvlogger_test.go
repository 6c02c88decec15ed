package callbacks

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/brawn-ml/brawn/nn"
)

// readCSV returns the lines of path, split at commas.
func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	require.True(t, strings.HasSuffix(string(b), "\n"), "whole lines")
	var rows [][]string
	for _, line := range strings.Split(strings.TrimSuffix(string(b), "\n"), "\n") {
		rows = append(rows, strings.Split(line, ","))
	}
	return rows
}

// The file has Keras's columns in Keras's order and a row per epoch with
// the History's values, written after every epoch; without a validation
// set it has no validation columns.
func TestCSVLoggerRows(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 3)
	path := filepath.Join(t.TempDir(), "log.csv")
	h := &History{}
	var during []int
	c := &CSVLogger{Path: path}
	tr.Callbacks = []nn.Callback{h, c, &Lambda{EpochEnd: func(*nn.Trainer, *nn.EpochInfo) error {
		during = append(during, len(readCSV(t, path)))
		return nil
	}}}
	require.NoError(t, tr.Fit(context.Background(), ds, ds))
	assert.Equal(t, []int{2, 3, 4}, during, "a row at each epoch's end")
	rows := readCSV(t, path)
	require.Equal(t, []string{"epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"}, rows[0])
	require.Len(t, rows, 4)
	for i, e := range h.Epochs {
		num := func(s string) float64 {
			v, err := strconv.ParseFloat(s, 64)
			require.NoError(t, err)
			return v
		}
		assert.Equal(t, strconv.Itoa(e.Epoch), rows[i+1][0])
		assert.Equal(t, []float64{e.TrainAccuracy, e.LR, e.TrainLoss, *e.ValAccuracy, *e.ValLoss},
			[]float64{num(rows[i+1][1]), num(rows[i+1][2]), num(rows[i+1][3]), num(rows[i+1][4]), num(rows[i+1][5])})
	}

	tr, ds = blobTrainer(t, 12, 1)
	tr.Callbacks = []nn.Callback{&CSVLogger{Path: path, Separator: ';'}}
	require.NoError(t, tr.Fit(context.Background(), ds, nil))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Regexp(t, `^epoch;accuracy;learning_rate;loss\n1;[^;]+;0\.1;[^;]+\n$`, string(b), "a fresh run starts the file afresh")
}

// A continued run keeps the rows of the epochs done and rewrites those a
// run killed after its checkpoint had written, so that the file is the
// uninterrupted run's; a half-written last line is dropped. Append keeps
// a fresh run's predecessor's rows; a file of other columns is refused.
func TestCSVLoggerContinues(t *testing.T) {
	dir := t.TempDir()
	full, ds := blobTrainer(t, 12, 4)
	first, _ := blobTrainer(t, 12, 2)
	require.NoError(t, first.Model.LoadStateDict(weightsOf(full.Model)), "the same initial weights")
	want := filepath.Join(dir, "full.csv")
	full.Callbacks = []nn.Callback{&CSVLogger{Path: want}}
	require.NoError(t, full.Fit(context.Background(), ds, ds))

	path := filepath.Join(dir, "log.csv")
	first.Callbacks = []nn.Callback{&CSVLogger{Path: path}}
	require.NoError(t, first.Fit(context.Background(), ds, ds))
	state := first.Export()
	wantBytes, err := os.ReadFile(want)
	require.NoError(t, err)
	lines := strings.SplitAfter(string(wantBytes), "\n")
	// The run went on to write epoch 3's row and half of epoch 4's before
	// it was killed; its checkpoint holds epoch 2.
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines[:4], "")+"4,0.5"), 0o644))

	second, _ := blobTrainer(t, 12, 4)
	second.Callbacks = []nn.Callback{&CSVLogger{Path: path}}
	require.NoError(t, second.Model.LoadStateDict(weightsOf(first.Model)))
	require.NoError(t, second.Import(state))
	require.NoError(t, second.Fit(context.Background(), ds, ds))
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, string(wantBytes), string(got))

	again, _ := blobTrainer(t, 12, 1)
	again.Callbacks = []nn.Callback{&CSVLogger{Path: path, Append: true}}
	require.NoError(t, again.Fit(context.Background(), ds, ds))
	rows := readCSV(t, path)
	require.Len(t, rows, 6)
	assert.Equal(t, []string{"1", "2", "3", "4", "1"}, []string{rows[1][0], rows[2][0], rows[3][0], rows[4][0], rows[5][0]})

	other, _ := blobTrainer(t, 12, 1)
	other.Callbacks = []nn.Callback{&CSVLogger{Path: path, Append: true}}
	require.EqualError(t, other.Fit(context.Background(), ds, nil), `nn: Callbacks[0] (*callbacks.CSVLogger) OnTrainBegin at global step 0: callbacks: CSVLogger: `+path+` has the columns "epoch,accuracy,learning_rate,loss,val_accuracy,val_loss", but this run writes "epoch,accuracy,learning_rate,loss"; give another file, or remove it`)
}

// Settings Fit refuses before training.
func TestCSVLoggerSettings(t *testing.T) {
	tr, ds := blobTrainer(t, 12, 1)
	for _, c := range []struct {
		logger *CSVLogger
		want   string
	}{
		{&CSVLogger{}, "callbacks: CSVLogger needs a Path"},
		{&CSVLogger{Path: filepath.Join(t.TempDir(), "x.csv"), Separator: '.'}, `callbacks: CSVLogger.Separator '.' would not separate numbers; use ',', ';' or '\t'`},
		{&CSVLogger{Path: filepath.Join(t.TempDir(), "no", "x.csv")}, "callbacks: CSVLogger.Path: "},
	} {
		tr.Callbacks = []nn.Callback{c.logger}
		require.ErrorContains(t, tr.Fit(context.Background(), ds, nil), c.want)
	}
}
