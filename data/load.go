package data

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// idxName matches the IDX naming convention, e.g. "t10k-labels-idx1-ubyte".
var idxName = regexp.MustCompile(`idx[0-9]-?ubyte`)

// namedIDX reports whether the file's name says it is IDX, whatever its
// content: such a file that is not IDX is an error, not CSV.
func namedIDX(path string) bool {
	return idxName.MatchString(strings.ToLower(filepath.Base(path)))
}

// LoadFile loads a dataset from one file, IDX or CSV, telling them apart by
// content (after gzip decompression, when compressed): a file starting with
// two zero bytes is IDX, anything else CSV, except that a file named like
// IDX (train-images-idx3-ubyte.gz) must be IDX. For an IDX image file the
// labels come from the file IDXLabelsPath names and classes from
// opts.Classes (0: max(label)+1); opts applies to CSV as in ReadCSV.
// Errors are those of reading the file, of DecodeCSV, or for IDX those
// LoadIDX returns (among them a label file IDXLabelsPath cannot find).
// A CSV file is read as a stream, as ReadCSV reads it; opts.Limit keeps
// the first rows of an IDX file too, which holds only those in memory
// (LoadIDXLimit). The file is opened and read once, so it may be a pipe
// (bash's <(zcat train-images.gz)).
func LoadFile(path string, opts CSVOptions) (*Dataset, error) {
	if namedIDX(path) {
		return loadNamedIDX(path, opts)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	d, text, err := loadCSV(path, f, opts)
	if text == nil {
		return d, err
	}
	// The file is read once, as a pipe (bash's <(zcat ...)) can be.
	img, count, err := text.readIDX(path, f, opts.Limit)
	if err != nil {
		return nil, err
	}
	return idxLabelled(path, img, count, opts)
}

// loadNamedIDX is LoadFile of a file named as IDX.
func loadNamedIDX(path string, opts CSVOptions) (*Dataset, error) {
	img, count, err := readIDXFirst(path, opts.Limit)
	if err != nil {
		return nil, err
	}
	return idxLabelled(path, img, count, opts)
}

// idxLabelled is the Dataset of images img, the first of the count the
// IDX file at path holds, with the labels of the file IDXLabelsPath finds.
func idxLabelled(path string, img *IDX, count int, opts CSVOptions) (*Dataset, error) {
	labelsPath, err := IDXLabelsPath(path)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDX(labelsPath)
	if err != nil {
		return nil, err
	}
	return idxDataset(path, img, count, labelsPath, lab, opts.Classes)
}

// fileText is the text of a file, not read yet.
type fileText struct {
	in      *textInput
	gzipped bool // the file's bytes are gzip data, of which in is the text
}

// readIDX reads t, the text of the open file f at path, as IDX data,
// holding its first n items (all for n <= 0), as readIDXFirst does.
func (t fileText) readIDX(path string, f *os.File, n int) (*IDX, int, error) {
	size, err := dataSize(path, f, t.gzipped)
	if err != nil {
		return nil, 0, err
	}
	return readIDXText(path, t.in, t.gzipped, size, n)
}

// peekText returns the text of the open file f at path, decompressed
// when its bytes are gzip data, and whether that text starts as IDX data
// does (two zero bytes). Nothing of the text is consumed.
func peekText(path string, f *os.File) (text fileText, isIDX bool, err error) {
	in, err := newTextInput(path, f)
	if err != nil {
		return fileText{}, false, err
	}
	br := bufio.NewReaderSize(in, streamBuffer)
	_, gzipped := in.r.(*gzipText)
	head, _ := br.Peek(2)
	return fileText{in: &textInput{r: br}, gzipped: gzipped}, len(head) == 2 && head[0] == 0 && head[1] == 0, nil
}

// loadCSV reads the open file f at path as ReadCSV does, unless its text
// starts with two zero bytes: it then returns that text instead, to read
// as IDX.
func loadCSV(path string, f *os.File, opts CSVOptions) (*Dataset, *fileText, error) {
	text, isIDX, err := peekText(path, f)
	if err != nil {
		return nil, nil, err
	}
	if isIDX {
		return nil, &text, nil
	}
	size, _ := dataSize(path, f, text.gzipped) // a hint: 0 when unknown or too large
	p, err := textParser(path, text.in, size, opts)
	if err != nil {
		return nil, nil, err
	}
	d, err := p.parse()
	return d, nil, err
}

// IsIDX reports whether the file at path holds IDX data, by the rule
// LoadFile uses: its first two bytes (after gzip decompression) are zero,
// or its name follows the IDX convention. Only the head of the file is
// read. A file too short to tell is not IDX (the CSV reader then says what
// is wrong with it). It returns an error when the file cannot be opened
// or starts as gzip data whose header is corrupt.
func IsIDX(path string) (bool, error) {
	if namedIDX(path) {
		return true, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return false, err
	}
	defer f.Close()
	br := bufio.NewReader(f)
	var r io.Reader = br
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0x1f && head[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return false, fmt.Errorf("%s: corrupt gzip data: %v", path, err)
		}
		r = zr
	}
	var head [2]byte
	if _, err := io.ReadFull(r, head[:]); err != nil {
		return false, nil
	}
	return head[0] == 0 && head[1] == 0, nil
}
