package data

import (
	"context"
	"fmt"
)

// ReadProgress is how far the reading of a CSV file has got, as
// CSVOptions.Progress is told it.
type ReadProgress struct {
	Source string // the file, as errors name it
	// Read is the bytes of text read so far: for a gzip file, of the
	// decompressed text.
	Read int64
	// Size is the size of the text, 0 when unknown (not a regular file):
	// the file's, or for a gzip file the size its trailer announces, which
	// is the size modulo 4 GiB (RFC 1952), so that Read can pass it.
	Size int64
	Rows int  // data rows parsed so far
	Done bool // the reading has ended, with the dataset or an error: the last report
}

// progressRows is how many rows the reader parses between two reports to
// CSVOptions.Progress: a few thousandths of a second of parsing, so that
// a display can redraw as often as it likes, and a thousandth of the
// rows of a file of a million.
const progressRows = 1 << 10

// report tells CSVOptions.Progress, if set, how far the reading has got.
func (p *csvParser) report(done bool) {
	if p.opts.Progress == nil {
		return
	}
	p.opts.Progress(ReadProgress{Source: p.name, Read: p.in.n, Size: int64(p.size), Rows: p.count, Done: done})
}

// cancelled returns CSVOptions.Context's cause, naming the file and the
// row reached, once the context is done; nil before, or without one.
func (p *csvParser) cancelled() error {
	ctx := p.opts.Context
	if ctx == nil || ctx.Err() == nil {
		return nil
	}
	return fmt.Errorf("%s: reading stopped after %d rows: %w", p.name, p.count, context.Cause(ctx))
}
