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
// (LoadIDXLimit).
func LoadFile(path string, opts CSVOptions) (*Dataset, error) {
	if !namedIDX(path) {
		d, idx, err := loadCSV(path, opts)
		if !idx {
			return d, err
		}
	}
	img, count, err := readIDXFirst(path, opts.Limit)
	if err != nil {
		return nil, err
	}
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

// loadCSV reads the file at path as ReadCSV does, unless its text starts
// with two zero bytes, when it reports that it is IDX instead.
func loadCSV(path string, opts CSVOptions) (d *Dataset, idx bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, false, err
	}
	defer f.Close()
	in, err := newTextInput(path, f)
	if err != nil {
		return nil, false, err
	}
	br := bufio.NewReaderSize(in, streamBuffer)
	if head, _ := br.Peek(2); len(head) == 2 && head[0] == 0 && head[1] == 0 {
		return nil, true, nil
	}
	p := &csvParser{name: path, opts: opts, size: textSize(path, f)}
	if err := p.openText(&textInput{r: br}); err != nil {
		return nil, false, err
	}
	p.setDelimiter()
	d, err = p.parse()
	return d, false, err
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
