package data

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"unicode"
	"unicode/utf8"
)

// ReadCSV reads a CSV file of numeric features and one label column into a
// Dataset. The file may be gzip-compressed (detected from its content), use
// CRLF line ends, and end with blank lines; fields may be quoted (RFC 4180).
// Numbers are decimal, as pandas and numpy read them: Go's digit
// separators ("1_000") and hexadecimal floats ("0x1p4") are not numbers.
//
// Labels become class indices this way. Integer labels (such as "3" or
// "3.0") that include 0, none negative, are class indices, as PyTorch
// takes them, when they use at least half of the indices 0..max: Classes
// is the largest label + 1, and a class between them that no label uses
// (1 among labels 0 and 2) is a class without samples. Integer labels
// without 0 (1..K, as many UCI files number their classes) are names, as
// scikit-learn's LabelEncoder takes every label: each distinct value is a
// class, in the order of the values, 1, 2, 3 giving the classes 0, 1, 2
// with ClassNames "1", "2", "3". Integers that include 0 but are further
// apart (0, 100 and 200) are names too, but a largest label that would be
// class indices 0..m but for it (100000 among 0..9, once or in under 1% of
// the rows) is refused as a typo. Integers some of which are negative (-1
// and 1) are names too, in the order of their values, but one negative
// label among class indices (in under 1% of the rows) is refused as a
// typo. With CSVOptions.Task TaskClassification neither is a typo, and
// integer labels that leave a class index unused (0 and 2) are names:
// each distinct integer is a class named by its value, and only labels
// that are all of 0..max stay class indices. Otherwise labels are text,
// and the distinct labels sorted in byte order (sort.Strings) give the
// classes 0, 1, ... with ClassNames holding them. CSVOptions.Classes and
// ClassNames impose the training set's mapping on a test set instead. By
// default (TaskAuto), labels that look like continuous numbers are
// refused; CSVOptions.Task TaskRegression reads them, from one or several
// columns, as float targets.
//
// Errors name the file, the line and the column (by header name when there
// is one, and by index counted from 0, as LabelColumn counts) and say what
// is wrong: a ragged row, a cell that is not a finite number, a missing
// value (an empty cell, NA, N/A, NaN, null or ?), a label out of range or
// unknown to the training set, a label column that does not exist; a
// missing value, a ragged row and a header repeated in the data (as
// concatenated files leave it) say what to do too. Options
// that cannot be (an unknown Header or Task, Classes below 0 or other than
// ClassNames' count, a class name twice) are an error too.
//
// The file is read as a stream, decompressed and parsed as it is read,
// so that the memory it takes is that of the rows it keeps (their
// float32 features, labels and line numbers) and a few buffers of 64 KiB,
// not that of its text. CSVOptions.Limit stops reading early.
func ReadCSV(path string, opts CSVOptions) (*Dataset, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return decodeCSV(path, f, textSize(path, f), opts)
}

// DecodeCSV parses CSV content (raw or gzip-compressed); name is used in
// errors only. See ReadCSV.
func DecodeCSV(name string, content []byte, opts CSVOptions) (*Dataset, error) {
	size := len(content)
	if bytes.HasPrefix(content, gzipMagic) && len(content) >= gzipMinSize {
		size = gzipSizeHint(content[len(content)-4:], len(content))
	}
	return decodeCSV(name, bytes.NewReader(content), size, opts)
}

// decodeCSV parses the CSV text r holds (raw or gzip-compressed) as it
// reads it; size is the size of its text, or 0 when unknown, to size the
// rows' storage.
func decodeCSV(name string, r io.Reader, size int, opts CSVOptions) (*Dataset, error) {
	p, err := newCSVParser(name, r, size, opts)
	if err != nil {
		return nil, err
	}
	return p.parse()
}

// newCSVParser returns a parser of the CSV text of r, set up as
// CSVOptions say (see openText).
func newCSVParser(name string, r io.Reader, size int, opts CSVOptions) (*csvParser, error) {
	in, err := newTextInput(name, r)
	if err != nil {
		return nil, err
	}
	return textParser(name, in, size, opts)
}

// textParser returns a parser of the text in, set up as CSVOptions say
// (see openText).
func textParser(name string, in *textInput, size int, opts CSVOptions) (*csvParser, error) {
	p := &csvParser{name: name, opts: opts, size: size}
	if err := p.openText(in); err != nil {
		return nil, err
	}
	p.setDelimiter()
	return p, nil
}

func (p *csvParser) parse() (*Dataset, error) {
	defer p.report(true)
	if err := p.begin(); err != nil {
		return nil, err
	}
	limit := p.opts.Limit
	if _, err := p.readRows(limit); err != nil {
		return nil, err
	}
	if limit > 0 && p.needsAllLabels() {
		// The classes come from every row's label: read on for them only.
		p.labelsOnly = true
		if _, err := p.readRows(0); err != nil {
			return nil, err
		}
	}
	d, err := p.dataset()
	if err != nil {
		return nil, err
	}
	if n := len(p.rowLine); d.Y != nil && len(d.Y) > n {
		d.Y = slices.Clip(d.Y[:n])
	}
	return d, nil
}

// loneCR turns the line ends of a text that has no '\n' at all, lone CRs
// (classic Mac OS), which encoding/csv does not take, into '\n', as pandas
// reads them. It holds the text back until it has seen a '\n' or the end:
// a text with line feeds then passes as it is, one without them (held
// whole) translated.
type loneCR struct {
	r       io.Reader
	head    []byte // text held back, to pass on first
	decided bool
	eof     bool // the whole text is in head
}

func (c *loneCR) Read(b []byte) (int, error) {
	if !c.decided {
		if err := c.decide(); err != nil {
			return 0, err
		}
	}
	if len(c.head) > 0 {
		n := copy(b, c.head)
		c.head = c.head[n:]
		return n, nil
	}
	if c.eof {
		return 0, io.EOF
	}
	return c.r.Read(b)
}

func (c *loneCR) decide() error {
	chunk := make([]byte, streamBuffer)
	for {
		n, err := c.r.Read(chunk)
		c.head = append(c.head, chunk[:n]...)
		if bytes.IndexByte(chunk[:n], '\n') >= 0 {
			c.decided = true
			return nil
		}
		if err == io.EOF {
			c.head = bytes.ReplaceAll(c.head, []byte{'\r'}, []byte{'\n'})
			c.decided, c.eof = true, true
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// skipLeadingLines returns r with its first n lines emptied
// (CSVOptions.SkipRows) as blankLeadingLines empties them. It reads
// ahead the skipped lines, and the white space after them up to the
// first other character, and hands them to blankLeadingLines: a whole
// file when there is nothing more, so that its error counts the lines.
func skipLeadingLines(name string, r io.Reader, n int) (io.Reader, error) {
	if n <= 0 {
		_, err := blankLeadingLines(name, nil, n)
		return r, err
	}
	br := bufio.NewReaderSize(r, streamBuffer)
	var head []byte
	eof := false
	for i := 0; i < n && !eof; i++ {
		line, err := br.ReadBytes('\n')
		head = append(head, line...)
		if err == io.EOF {
			eof = true
		} else if err != nil {
			return nil, err
		}
	}
	skipped := len(head)
	chunk := make([]byte, 4096)
	for !eof {
		rest := bytes.TrimLeftFunc(head[skipped:], unicode.IsSpace)
		if len(rest) > 0 && utf8.FullRune(rest) {
			break
		}
		k, err := br.Read(chunk)
		head = append(head, chunk[:k]...)
		if err == io.EOF {
			eof = true
		} else if err != nil {
			return nil, err
		}
	}
	head, err := blankLeadingLines(name, head, n)
	if err != nil {
		return nil, err
	}
	return io.MultiReader(bytes.NewReader(head), br), nil
}

// blankFields is the text of r with its fields separated by runs of
// spaces and tabs (CSVOptions.Whitespace) rewritten as tab-separated, as
// blankState rewrites a text.
type blankFields struct {
	r    io.Reader
	s    blankState
	in   []byte
	out  []byte // rewritten text not read yet
	buf  []byte // out's storage
	err  error  // r's error, passed on once out is read
	init bool
}

func (w *blankFields) Read(b []byte) (int, error) {
	if !w.init {
		w.in, w.buf, w.s.lineStart, w.init = make([]byte, streamBuffer), make([]byte, 0, streamBuffer), true, true
	}
	for len(w.out) == 0 {
		if w.err != nil {
			return 0, w.err
		}
		n, err := w.r.Read(w.in)
		w.out = w.s.rewrite(w.buf[:0], w.in[:n])
		w.err = err
	}
	n := copy(b, w.out)
	w.out = w.out[n:]
	return n, nil
}

// openText sets p up to read the CSV text of in as DecodeCSV reads
// content, in the order of its checks: the text's first block (gzip
// data corrupt from the start), the options, a byte order mark, lone CR line
// ends, CSVOptions.SkipRows and CSVOptions.Whitespace.
func (p *csvParser) openText(in *textInput) error {
	var err error
	p.in = in
	br := bufio.NewReaderSize(in, streamBuffer)
	br.Peek(len(utf8BOM) + 1) // reads a first block: a gzip stream corrupt from its start is reported first
	if in.err != nil {
		return in.err
	}
	if err := p.opts.check(p.name); err != nil {
		return err
	}
	if head, _ := br.Peek(len(utf8BOM)); bytes.Equal(head, utf8BOM) { // as spreadsheet programs write
		br.Discard(len(utf8BOM))
	}
	head, _ := br.Peek(4)
	if enc := wideEncoding(head); enc != "" {
		return fmt.Errorf("%s: the file is %s text (it starts with a %s byte order mark); save it as UTF-8", p.name, enc, enc)
	}
	var text io.Reader = &loneCR{r: br}
	if text, err = skipLeadingLines(p.name, text, p.opts.SkipRows); err != nil {
		if in.err != nil {
			return in.err
		}
		return err
	}
	if p.opts.Whitespace {
		text = &blankFields{r: text}
	}
	p.r = csv.NewReader(bufio.NewReaderSize(text, streamBuffer))
	return nil
}

// reserveRows is how many rows the reader parses before it sizes the
// storage of the rows for the whole text (reserve).
const reserveRows = 1 << 12

// readRows parses the pending records and then the file's next ones,
// until it has parsed max rows (all when max <= 0) or met the end of the
// file, which it reports.
func (p *csvParser) readRows(max int) (eof bool, err error) {
	n := 0
	for max <= 0 || n < max {
		var pr pendingRow
		if len(p.pending) > 0 {
			pr = p.pending[0]
			p.pending = p.pending[1:]
		} else {
			rec, line, err := p.next()
			if err != nil {
				return false, err
			}
			if rec == nil {
				return true, nil
			}
			pr = pendingRow{rec, line, p.fieldLines}
		}
		if err := p.row(pr.rec, pr.line, pr.fieldLines); err != nil {
			return false, err
		}
		n++
		if p.count%progressRows == 0 {
			p.report(false)
			if err := p.cancelled(); err != nil {
				return false, err
			}
		}
		if p.count == reserveRows {
			p.reserve(max)
		}
		if p.count%reserveRows == 0 {
			p.collect()
		}
	}
	return false, nil
}

// reserve sizes the storage of the rows for as many as the text holds,
// estimated from the bytes the rows read so far took, and at most max
// rows of features when max > 0, so that the storage need not grow (and
// be copied, the old and new storage held at once) as it fills. It does
// so once, and not for a text of unknown size. Storage reserved beyond
// the rows is not written, so takes no physical memory.
func (p *csvParser) reserve(max int) {
	read := p.r.InputOffset()
	if p.reserved || p.size <= 0 || read <= 0 || p.count == 0 {
		return
	}
	p.reserved = true
	rows := int(float64(p.count)*float64(p.size)/float64(read)*1.1) + 64
	rows = min(rows, math.MaxInt32)
	xRows := rows
	switch {
	case p.labelsOnly:
		xRows = 0
	case max > 0:
		xRows = min(rows, max)
	}
	perRow := p.features()
	p.x = growTo(p.x, xRows*perRow)
	p.rowLine = growTo(p.rowLine, xRows)
	if p.label >= 0 && !p.opts.DropLabels {
		labelRows := xRows
		if p.needsAllLabels() {
			labelRows = rows
		}
		p.labels = growTo(p.labels, labelRows)
		p.lines = growTo(p.lines, labelRows)
	}
	if k := len(p.targets); k > 0 && !p.opts.DropLabels {
		p.y = growTo(p.y, xRows*k)
	}
}

// growTo returns s with room for n elements at least.
func growTo[S ~[]E, E any](s S, n int) S {
	if n <= cap(s) {
		return s
	}
	return slices.Grow(s, n-len(s))
}

// collectEvery is how many bytes of text the reader parses between two
// garbage collections (collect).
const collectEvery = 32 << 20

// collect runs a garbage collection when the reader has parsed
// collectEvery bytes of text since the last: the text of the records
// parsed since is garbage, and the collector would otherwise let it grow
// to the size of the rows kept (its default goal, GOGC=100), doubling the
// memory a load takes. A collection costs little here: the rows' features
// hold no pointers.
func (p *csvParser) collect() {
	if at := p.r.InputOffset(); at-p.collected >= collectEvery {
		p.collected = at
		runtime.GC()
	}
}

// CSVReader reads a CSV file a block of rows at a time, for data too
// large to hold whole: brawn predict reads, predicts and writes a block
// before it reads the next. Each block is a Dataset of its rows, as
// ReadCSV would return them from the whole file with the same options,
// its positions (SamplePosition, Position) the file's lines. Errors are
// ReadCSV's, met as the block holding them is read.
type CSVReader struct {
	p *csvParser
	f *os.File
}

// OpenCSV opens the CSV file at path (raw or gzip-compressed) and reads
// as far as its first data row: the header, if any, and the label or
// target columns are known once it returns. The labels must not need the
// whole file to map to classes: opts must read no labels (Unlabelled or
// DropLabels), regression targets (TaskRegression), or classes imposed by
// Classes or ClassNames; opts.Limit, opts.Progress and opts.Context are
// ignored. Close the reader when done.
func OpenCSV(path string, opts CSVOptions) (*CSVReader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	in, err := newTextInput(path, f)
	if err != nil {
		f.Close()
		return nil, err
	}
	return startCSVReader(path, f, in, opts)
}

// startCSVReader reads the text in of the open file f at path, as OpenCSV
// does, as far as its first data row; it closes f on an error.
func startCSVReader(path string, f *os.File, in *textInput, opts CSVOptions) (*CSVReader, error) {
	opts.Limit, opts.Progress, opts.Context = 0, nil, nil
	p, err := textParser(path, in, 0, opts)
	if err == nil {
		err = p.begin()
	}
	if err == nil && p.needsAllLabels() {
		err = fmt.Errorf("%s: reading a CSV file in blocks needs its classes imposed (CSVOptions.Classes or ClassNames), or no labels", path)
	}
	if err != nil {
		f.Close()
		return nil, err
	}
	p.reserved = true // each block is sized by Read
	return &CSVReader{p: p, f: f}, nil
}

// Read returns the next block of at most n rows (n > 0), or io.EOF when
// the file has no rows left.
func (r *CSVReader) Read(n int) (*Dataset, error) {
	p := r.p
	if n <= 0 {
		return nil, fmt.Errorf("%s: CSVReader.Read of %d rows: the count must be > 0", p.name, n)
	}
	perRow := p.features()
	size := min(n, readBlockRows) // a larger block's storage grows as it fills
	p.x, p.rowLine, p.labels, p.lines, p.y = make([]float32, 0, size*perRow), make([]int, 0, size), nil, nil, nil
	eof, err := p.readRows(n)
	if err != nil {
		return nil, err
	}
	if eof && len(p.rowLine) == 0 {
		return nil, io.EOF
	}
	return p.dataset()
}

// Features returns the number of features per row of the blocks Read
// returns.
func (r *CSVReader) Features() int {
	return r.p.features()
}

// readBlockRows is the most rows CSVReader.Read sizes a block's storage
// for at once.
const readBlockRows = 1 << 16

// Close closes the file.
func (r *CSVReader) Close() error {
	return r.f.Close()
}

// wideEncoding names the Unicode encoding other than UTF-8 whose byte
// order mark content starts with, or returns "". UTF-32's little-endian
// mark begins with UTF-16's, so it is tried first.
func wideEncoding(content []byte) string {
	for _, bom := range []struct {
		mark []byte
		enc  string
	}{
		{[]byte{0xff, 0xfe, 0, 0}, "UTF-32"}, {[]byte{0, 0, 0xfe, 0xff}, "UTF-32"},
		{[]byte{0xff, 0xfe}, "UTF-16"}, {[]byte{0xfe, 0xff}, "UTF-16"},
	} {
		if bytes.HasPrefix(content, bom.mark) {
			return bom.enc
		}
	}
	return ""
}
