package data

import (
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
func LoadFile(path string, opts CSVOptions) (*Dataset, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	if len(b) >= 2 && b[0] == 0 && b[1] == 0 || namedIDX(path) {
		img, err := DecodeIDX(path, b)
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
		return idxDataset(path, img, labelsPath, lab, opts.Classes)
	}
	return DecodeCSV(path, b, opts)
}
