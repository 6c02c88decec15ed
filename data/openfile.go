package data

import "os"

// OpenFile opens the file at path to read in blocks, telling IDX from CSV
// by LoadFile's rule. A CSV file gives a CSVReader, as OpenCSV opens it,
// and no images; an IDX image file is read whole, as LoadIDXImages reads
// it, and gives its images (unlabelled) and no reader. The file is opened
// and read once, so it may be a pipe (brawn predict --input /dev/stdin).
func OpenFile(path string, opts CSVOptions) (*CSVReader, *Dataset, error) {
	if namedIDX(path) {
		d, err := LoadIDXImages(path)
		return nil, d, err
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	text, isIDX, err := peekText(path, f)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !isIDX {
		r, err := startCSVReader(path, f, text.in, opts)
		return r, nil, err
	}
	defer f.Close()
	img, _, err := text.readIDX(path, f, 0)
	if err != nil {
		return nil, nil, err
	}
	if err := checkImageDims(path, img); err != nil {
		return nil, nil, err
	}
	d, err := idxFeatures(path, img)
	return nil, d, err
}
