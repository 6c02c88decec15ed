package tensorboard

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// SourceWriter names this writer in the first Event's SourceMetadata
// (TensorFlow writes "tensorflow.core.util.events_writer" there).
const SourceWriter = "brawn"

// Writer appends events to one event file. Its methods are safe for
// concurrent use. Events are buffered: Flush makes them visible to a
// running TensorBoard, Close flushes, fsyncs and closes the file. After the
// first write error every method returns that error.
type Writer struct {
	mu   sync.Mutex
	f    *os.File
	bw   *bufio.Writer
	path string
	now  func() time.Time
	err  error
	buf  []byte // record scratch, reused
}

// NewWriter creates logdir (and its parents) if needed and a new event file
// in it named as TensorFlow names them, events.out.tfevents.<unix seconds
// as 10 digits>.<hostname> (with a ".1", ".2", ... suffix if a file of that
// name exists already, so that two writers never share a file), and writes
// the first event (file_version and SourceMetadata). Errors name the path.
func NewWriter(logdir string) (*Writer, error) {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return newWriter(logdir, host, time.Now)
}

func newWriter(logdir, host string, now func() time.Time) (*Writer, error) {
	if err := os.MkdirAll(logdir, 0o755); err != nil {
		return nil, fmt.Errorf("tensorboard log directory: %w", err)
	}
	start := now()
	base := filepath.Join(logdir, fmt.Sprintf("events.out.tfevents.%010d.%s", start.Unix(), host))
	path := base
	var f *os.File
	for i := 1; ; i++ {
		var err error
		f, err = os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) || i > 1000 {
			return nil, fmt.Errorf("tensorboard event file: %w", err)
		}
		path = fmt.Sprintf("%s.%d", base, i)
	}
	w := &Writer{f: f, bw: bufio.NewWriter(f), path: path, now: now}
	w.mu.Lock()
	defer w.mu.Unlock()
	// Like TensorFlow, the first event's time is the whole second in the name.
	w.write(encodeFirstEvent(float64(start.Unix()), SourceWriter))
	if err := w.flush(); err != nil {
		f.Close()
		return nil, err
	}
	return w, nil
}

// Path returns the event file's path.
func (w *Writer) Path() string { return w.path }

// wallTime converts t to seconds since the Unix epoch with microseconds,
// the Event.wall_time unit.
func wallTime(t time.Time) float64 { return float64(t.UnixMicro()) / 1e6 }

// AddScalar writes an Event at step holding one scalar value (a point of
// the curve tag in TensorBoard's Scalars tab; tags such as "loss/train"
// group by the part before the slash). The event is buffered: the error
// is that of a write after Close, or the first failed write to the file,
// which this and every later call return.
func (w *Writer) AddScalar(tag string, value float64, step int64) error {
	return w.addSummary(step, encodeScalarSummary(tag, float32(value)))
}

// AddHistogram writes an Event at step holding the histogram of values,
// of any length (TensorFlow's default buckets; see NewHistogram),
// shown in TensorBoard's Histograms and Distributions tabs. Its errors are
// AddScalar's.
func (w *Writer) AddHistogram(tag string, values []float32, step int64) error {
	return w.AddHistogramProto(tag, NewHistogram(values), step)
}

// AddHistogramProto writes an Event at step holding a histogram built by
// the caller. len(h.Bucket) must equal len(h.BucketLimit); it returns an
// error otherwise.
func (w *Writer) AddHistogramProto(tag string, h *Histogram, step int64) error {
	if len(h.Bucket) != len(h.BucketLimit) || len(h.Bucket) == 0 {
		return fmt.Errorf("%s: histogram %q has %d buckets and %d bucket limits; they must be equal and non-zero",
			w.path, tag, len(h.Bucket), len(h.BucketLimit))
	}
	return w.addSummary(step, encodeHistogramSummary(tag, h))
}

func (w *Writer) addSummary(step int64, summary []byte) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil && w.err == nil {
		return fmt.Errorf("%s: write after Close", w.path)
	}
	w.write(encodeEvent(wallTime(w.now()), step, "", summary))
	return w.err
}

// write frames event as a record and buffers it; w.mu is held.
func (w *Writer) write(event []byte) {
	if w.err != nil {
		return
	}
	w.buf = appendRecord(w.buf[:0], event)
	if _, err := w.bw.Write(w.buf); err != nil {
		w.err = fmt.Errorf("%s: %w", w.path, err)
	}
}

// Flush writes buffered events to the file. It returns the first failed
// write to the file, now or earlier; nil after Close when none failed.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.flush()
}

func (w *Writer) flush() error {
	if w.err == nil && w.f != nil {
		if err := w.bw.Flush(); err != nil {
			w.err = fmt.Errorf("%s: %w", w.path, err)
		}
	}
	return w.err
}

// Close flushes buffered events, fsyncs and closes the file. It returns
// the first error of any write, the fsync or the close; closing twice is
// harmless and returns the same error.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.f == nil {
		return w.err
	}
	w.flush()
	if err := w.f.Sync(); err != nil && w.err == nil {
		w.err = fmt.Errorf("%s: %w", w.path, err)
	}
	if err := w.f.Close(); err != nil && w.err == nil {
		w.err = fmt.Errorf("%s: %w", w.path, err)
	}
	w.f = nil
	return w.err
}
