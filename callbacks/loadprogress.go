package callbacks

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/brawn-ml/brawn/data"
)

// LoadProgress shows how the reading of large data files goes, as
// Progress shows training: on a terminal, a bar per file that redraws in
// place with the bytes of text read of its size, the rows parsed, the
// rate and the time left, erased once the file is read; elsewhere (CI
// logs, pipes, files), a plain line every Every. A file shows nothing
// unless its text is loadShowBytes or more and its reading has taken
// loadShowAfter: small files never, so that tests and quick runs print
// what they did, and quick loads of large ones neither.
type LoadProgress struct {
	w     io.Writer
	bar   bool // w is a terminal
	every time.Duration
	now   func() time.Time
}

// NewLoadProgress returns a LoadProgress that writes to w: a bar when w
// is a terminal (as NewProgress tells), else plain lines, at most one
// per every.
func NewLoadProgress(w io.Writer, every time.Duration) *LoadProgress {
	f, ok := w.(interface{ Fd() uintptr })
	return &LoadProgress{w: w, bar: ok && isTerminal(f), every: every, now: time.Now}
}

// loadShowBytes is the size of text from which a file's reading is
// shown: about half a second of parsing at the 70 MB/s a 1M x 50 CSV
// file parses at (a 2-core Xeon), and far more than any test's file.
const loadShowBytes = 32 << 20

// loadShowAfter is how long a reading goes unshown: a shorter wait is
// not noticed, and a bar that appeared only to be erased would flicker.
const loadShowAfter = time.Second

// Reading starts showing the reading of the file at path, which the
// function it returns is told of: give it to the reader as
// data.CSVOptions.Progress.
func (l *LoadProgress) Reading(path string) func(data.ReadProgress) {
	v := &loadView{LoadProgress: l, path: path, start: l.now()}
	v.lastOut = v.start
	return v.report
}

// loadView shows the reading of one file.
type loadView struct {
	*LoadProgress
	path           string
	start, lastOut time.Time                // lastOut: of the last line or redraw
	bar            *progressbar.ProgressBar // nil until startBar, and off a terminal
	unknown        bool                     // the bar's size is unknown
}

func (v *loadView) report(r data.ReadProgress) {
	if r.Done {
		if v.bar != nil {
			_ = v.bar.Clear()
			_ = v.bar.Exit()
			v.bar = nil
		}
		return
	}
	size := r.Size
	if size < r.Read {
		size = 0 // unknown, or a gzip trailer's size modulo 4 GiB, passed
	}
	if max(size, r.Read) < loadShowBytes {
		return
	}
	if v.LoadProgress.bar && v.bar == nil {
		v.startBar(size)
	}
	now := v.now()
	if now.Sub(v.start) < loadShowAfter {
		return
	}
	if v.bar != nil {
		v.drawBar(now, r, size)
		return
	}
	if now.Sub(v.lastOut) < v.every {
		return
	}
	v.lastOut = now
	of := ""
	if size > 0 {
		of = fmt.Sprintf(" of %s (%d%%)", FormatBytes(float64(size)), 100*r.Read/size)
	}
	rate := float64(r.Read) / now.Sub(v.start).Seconds()
	fmt.Fprintf(v.w, "loading %s  %s%s  %s rows  %s/s\n", v.path, FormatBytes(float64(r.Read)), of, Thousands(r.Rows), FormatBytes(rate))
}

// startBar makes the bar of a text of size bytes (0: unknown) without
// drawing it: as soon as the reading is known to be of a large file, so
// that the bar's clock, which its rate and time left are of, starts near
// the reading's start.
func (v *loadView) startBar(size int64) {
	max := size
	if max == 0 {
		max, v.unknown = -1, true
	}
	v.bar = progressbar.NewOptions64(max,
		progressbar.OptionSetWriter(v.w),
		progressbar.OptionSetDescription("loading "+filepath.Base(v.path)),
		progressbar.OptionShowBytes(true),
		progressbar.OptionUseIECUnits(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetWidth(25),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetSpinnerChangeInterval(0), // redrawn as rows are read, without a goroutine
	)
	v.bar.StartWithoutRender()
}

// drawBar redraws the bar, at most every barRedraw.
func (v *loadView) drawBar(now time.Time, r data.ReadProgress, size int64) {
	if now.Sub(v.lastOut) < barRedraw {
		return
	}
	v.lastOut = now
	if size == 0 && !v.unknown {
		v.bar.ChangeMax64(-1)
		v.unknown = true
	}
	// Count first: Describe redraws, and a redraw at count 0 shows a rate
	// of 0 B/s.
	_ = v.bar.Set64(r.Read)
	v.bar.Describe(fmt.Sprintf("loading %s  %s rows", filepath.Base(v.path), Thousands(r.Rows)))
}
