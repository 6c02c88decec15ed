package callbacks

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode"

	"github.com/brawn-ml/brawn/internal/atomicfile"
	"github.com/brawn-ml/brawn/nn"
)

// CSVLogger writes a row per epoch to Path, as keras.callbacks.CSVLogger
// does: a header, then the columns epoch, accuracy, learning_rate, loss,
// val_accuracy and val_loss (Keras's names, in Keras's order, which sorts
// them), the accuracies only for data with class labels and the
// validation columns only with a validation set. epoch counts from 1, as
// brawn counts epochs everywhere (Keras writes the 0-based index);
// learning_rate is the first group's rate at the epoch's last step
// (nn.EpochInfo.LR); a NaN is written NaN. pandas.read_csv reads the file.
//
// The file is rewritten atomically at the start of training and after
// every epoch (atomicfile.Write), so that a run killed at any moment
// leaves a file of whole lines; a fifo or device (/dev/stdout) is written
// in place instead, each line once. A fresh run starts the file afresh
// (with Append, as Keras's append=True, after the rows already in it); a
// continued run (resumed from a checkpoint, or Fit called again with more
// epochs) keeps the rows of the epochs the Trainer has done and drops
// those of later epochs, which a run killed after its last checkpoint
// wrote and will write again. A file whose header is not this run's
// columns is refused rather than appended to.
//
// Put it after the checkpoints in Trainer.Callbacks: Fit stops at the
// first callback error, and a full disk here must not cost the epoch's
// checkpoint.
type CSVLogger struct {
	nn.BaseCallback
	Path      string // the file to write (required)
	Separator rune   // the field separator (0: ','), as Keras's separator
	Append    bool   // a fresh run appends to the rows in Path, as Keras's append=True

	columns []string
	content []byte // the file's lines so far
	written int    // the bytes of content already written (in place)
	inPlace bool   // Path is a fifo or device: written, not replaced
}

// Setup implements nn.SetupCallback: it checks the settings, and that Path
// can be written (atomicfile.Probe), before training.
func (c *CSVLogger) Setup(*nn.Trainer) error {
	if c.Path == "" {
		return errors.New("callbacks: CSVLogger needs a Path")
	}
	if s := c.separator(); strings.ContainsRune("\"\n\r.-+", s) || unicode.IsLetter(s) || unicode.IsDigit(s) {
		return fmt.Errorf("callbacks: CSVLogger.Separator %q would not separate numbers; use ',', ';' or '\\t'", s)
	}
	if err := atomicfile.Probe(c.Path); err != nil {
		return fmt.Errorf("callbacks: CSVLogger.Path: %w", err)
	}
	return nil
}

func (c *CSVLogger) separator() rune {
	if c.Separator == 0 {
		return ','
	}
	return c.Separator
}

// OnTrainBegin implements nn.Callback: it works out the columns, reads
// the rows to keep and writes them with the header. It returns an error
// if Path cannot be read or written, or holds rows of other columns.
func (c *CSVLogger) OnTrainBegin(t *nn.Trainer) error {
	c.columns = c.columns[:0]
	for _, col := range []string{"epoch", "accuracy", "learning_rate", "loss", "val_accuracy", "val_loss"} {
		if col == "epoch" || col == "learning_rate" || t.CheckMetric(col) == nil {
			c.columns = append(c.columns, col)
		}
	}
	header := strings.Join(c.columns, string(c.separator())) + "\n"
	inPlace, err := atomicfile.InPlace(c.Path)
	if err != nil {
		return fmt.Errorf("callbacks: CSVLogger.Path: %w", err)
	}
	c.inPlace = inPlace
	c.content, c.written = []byte(header), 0
	fresh := freshRun(t)
	if c.inPlace || (fresh && !c.Append) {
		return c.write()
	}
	old, err := os.ReadFile(c.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return c.write()
	}
	if err != nil {
		return fmt.Errorf("callbacks: CSVLogger: %w", err)
	}
	if c.content, err = c.keep(old, header, fresh, t.Epoch()); err != nil {
		return err
	}
	return c.write()
}

// keep returns the lines of old, a file this logger wrote, to start the
// file with: its header, which must be header, and its whole rows, those
// of epochs after done dropped unless fresh. An empty file is a new one.
func (c *CSVLogger) keep(old []byte, header string, fresh bool, done int) ([]byte, error) {
	if len(old) == 0 {
		return []byte(header), nil
	}
	if end := bytes.LastIndexByte(old, '\n'); end >= 0 {
		old = old[:end+1] // a line a killed writer left half-written goes
	} else {
		old = nil
	}
	first, rest, _ := bytes.Cut(old, []byte("\n"))
	if string(first)+"\n" != header {
		return nil, fmt.Errorf("callbacks: CSVLogger: %s has the columns %q, but this run writes %q; give another file, or remove it", c.Path, strings.TrimSuffix(string(first), "\r"), strings.TrimSuffix(header, "\n"))
	}
	out := []byte(header)
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\n"))
		field, _, _ := strings.Cut(string(line), string(c.separator()))
		epoch, err := strconv.Atoi(field)
		if err != nil {
			return nil, fmt.Errorf("callbacks: CSVLogger: %s: the row %q does not start with an epoch; give another file, or remove it", c.Path, line)
		}
		if fresh || epoch <= done {
			out = append(append(out, line...), '\n')
		}
	}
	return out, nil
}

// OnEpochEnd implements nn.Callback: it adds the epoch's row and writes
// the file; the error is the write's, naming Path.
func (c *CSVLogger) OnEpochEnd(_ *nn.Trainer, e *nn.EpochInfo) error {
	values := epochValues(e) // a column is one of the epoch's metrics (OnTrainBegin)
	values["learning_rate"] = e.LR
	sep := string(c.separator())
	for i, col := range c.columns {
		if i > 0 {
			c.content = append(c.content, sep...)
		}
		if col == "epoch" {
			c.content = strconv.AppendInt(c.content, int64(e.Epoch), 10)
			continue
		}
		c.content = appendFloat(c.content, values[col])
	}
	c.content = append(c.content, '\n')
	return c.write()
}

// appendFloat appends v in the shortest form that reads back as v, NaN
// and ±Inf as pandas reads them.
func appendFloat(b []byte, v float64) []byte {
	switch {
	case math.IsNaN(v):
		return append(b, "NaN"...)
	case math.IsInf(v, 1):
		return append(b, "inf"...)
	case math.IsInf(v, -1):
		return append(b, "-inf"...)
	}
	return strconv.AppendFloat(b, v, 'g', -1, 64)
}

// write replaces the file with content, or writes to a fifo or device
// what it has not been written yet.
func (c *CSVLogger) write() error {
	err := atomicfile.Write(c.Path, 0o666, func(w io.Writer) error {
		if c.inPlace {
			_, err := w.Write(c.content[c.written:])
			return err
		}
		_, err := w.Write(c.content)
		return err
	})
	if err != nil {
		return fmt.Errorf("callbacks: CSVLogger: %w", err)
	}
	c.written = len(c.content)
	return nil
}
