package data

import (
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// IDX is a decoded IDX file (the format of LeCun et al.'s MNIST
// distribution): a magic number 0x00 0x00 <type> <ndims>, ndims big-endian
// uint32 dimension sizes, then the elements in row-major order. Only the
// unsigned byte type (0x08) is supported, which is what MNIST and its
// relatives (Fashion-MNIST, EMNIST, KMNIST) use.
type IDX struct {
	// Dims are the dimension sizes, outermost first ([n, rows, cols] for images, [n] for labels).
	Dims []int
	// Data holds the elements row-major; len(Data) is the product of Dims.
	Data []byte
}

// idxTypeNames names the element types the IDX format defines.
var idxTypeNames = map[byte]string{
	0x08: "unsigned byte", 0x09: "signed byte", 0x0B: "int16",
	0x0C: "int32", 0x0D: "float32", 0x0E: "float64",
}

const idxUbyte = 0x08

// maxIDXDims bounds the dimension count: images with channels have 4.
const maxIDXDims = 4

// ReadIDX reads and decodes an IDX file, raw or gzip-compressed (detected
// from the content, not the name). Errors name the file and say what is
// wrong: a wrong magic number, an unsupported element type, a truncated
// file (with the sizes expected and found) or bytes after the data.
func ReadIDX(path string) (*IDX, error) {
	b, err := readFile(path)
	if err != nil {
		return nil, err
	}
	return DecodeIDX(path, b)
}

// DecodeIDX decodes the bytes of an IDX file, raw or gzip-compressed; name
// is used in errors only. See ReadIDX.
func DecodeIDX(name string, b []byte) (*IDX, error) {
	b, err := gunzipIfCompressed(name, b)
	if err != nil {
		return nil, err
	}
	if len(b) < 4 {
		return nil, fmt.Errorf("%s: truncated IDX file: %d bytes, shorter than the 4-byte magic number", name, len(b))
	}
	if b[0] != 0 || b[1] != 0 {
		return nil, fmt.Errorf("%s: wrong magic number 0x%08X: not an IDX file (an IDX file starts with two zero bytes, a type byte and a dimension count)",
			name, binary.BigEndian.Uint32(b))
	}
	typ, ndims := b[2], int(b[3])
	if typ != idxUbyte {
		if tn, ok := idxTypeNames[typ]; ok {
			return nil, fmt.Errorf("%s: unsupported IDX element type 0x%02X (%s); only unsigned bytes (0x08) are supported", name, typ, tn)
		}
		return nil, fmt.Errorf("%s: wrong magic number 0x%08X: unknown IDX element type 0x%02X", name, binary.BigEndian.Uint32(b), typ)
	}
	if ndims == 0 || ndims > maxIDXDims {
		return nil, fmt.Errorf("%s: wrong magic number 0x%08X: %d dimensions; IDX images and labels have 1 to %d",
			name, binary.BigEndian.Uint32(b), ndims, maxIDXDims)
	}
	headerLen := 4 + 4*ndims
	if len(b) < headerLen {
		return nil, fmt.Errorf("%s: truncated IDX file: the header announces %d dimensions (%d header bytes), but the file has only %d bytes",
			name, ndims, headerLen, len(b))
	}
	dims := make([]int, ndims)
	itemSize := 1 // bytes per item: the product of all but the first dimension
	for i := range dims {
		dims[i] = int(binary.BigEndian.Uint32(b[4+4*i:]))
		if dims[i] == 0 {
			return nil, fmt.Errorf("%s: IDX dimension %d of %d is 0 (shape %s): the file holds no data", name, i+1, ndims, shapeString(dims[:i+1], "byte"))
		}
		if i > 0 {
			itemSize = satMul(itemSize, dims[i])
		}
	}
	body := b[headerLen:]
	items := 1
	if ndims > 0 {
		items = dims[0]
	}
	want := satMul(items, itemSize)
	if want > len(body) {
		whole := 0
		if itemSize > 0 {
			whole = len(body) / itemSize
		}
		return nil, fmt.Errorf("%s: truncated IDX file: the header announces %d items of %s (%s data bytes), but only %d data bytes (%d whole items) follow",
			name, items, shapeString(dims[min(1, ndims):], "byte"), sizeString(want), len(body), whole)
	}
	if want < len(body) {
		return nil, fmt.Errorf("%s: %d unexpected bytes after the %d data bytes the IDX header announces (%d items of shape %s)",
			name, len(body)-want, want, items, shapeString(dims[min(1, ndims):], "byte"))
	}
	return &IDX{Dims: dims, Data: body}, nil
}

// satMul multiplies non-negative a and b, saturating at maxSize so that
// sizes announced by a corrupt header cannot overflow.
func satMul(a, b int) int {
	if a != 0 && b > maxSize/a {
		return maxSize
	}
	return a * b
}

// maxSize stands for "more than any file holds" in size arithmetic.
const maxSize = 1 << 50

func sizeString(n int) string {
	if n == maxSize {
		return "more than 2^50"
	}
	return fmt.Sprint(n)
}

// shapeString formats item dimensions as "28x28" ("1 byte" when empty).
func shapeString(dims []int, unit string) string {
	if len(dims) == 0 {
		return "1 " + unit
	}
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "x")
}

// LoadIDX reads an IDX image file (dimensions [n, ...], unsigned bytes) and
// its IDX label file (dimensions [n]) into a Dataset: features are the pixel
// bytes (Dataset.U8, read as value/255, so in [0, 1]), one row of
// prod(dims[1:]) features per image. classes is the number of classes (10 for MNIST); every label
// must be below it, or when classes <= 0 the count is max(label)+1.
// Errors name the file and say what is wrong, including image and label
// counts that differ and labels out of range (naming the item).
func LoadIDX(imagesPath, labelsPath string, classes int) (*Dataset, error) {
	img, err := ReadIDX(imagesPath)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDX(labelsPath)
	if err != nil {
		return nil, err
	}
	return idxDataset(imagesPath, img, labelsPath, lab, classes)
}

func idxDataset(imagesPath string, img *IDX, labelsPath string, lab *IDX, classes int) (*Dataset, error) {
	if err := checkImageDims(imagesPath, img); err != nil {
		return nil, err
	}
	if len(lab.Dims) != 1 {
		return nil, fmt.Errorf("%s: expected a label file with one dimension [n], found %d dimensions %v (is it an image file?)",
			labelsPath, len(lab.Dims), lab.Dims)
	}
	n := img.Dims[0]
	if lab.Dims[0] != n {
		return nil, fmt.Errorf("image and label counts differ: %s has %d images but %s has %d labels", imagesPath, n, labelsPath, lab.Dims[0])
	}
	features := imageFeatures(img)
	if classes <= 0 {
		for _, l := range lab.Data {
			classes = max(classes, int(l)+1)
		}
	}
	y := make([]int, n)
	for i, l := range lab.Data {
		if int(l) >= classes {
			return nil, fmt.Errorf("%s: label %d of item %d is out of range: expected 0..%d (%d classes)", labelsPath, l, i, classes-1, classes)
		}
		y[i] = int(l)
	}
	return &Dataset{U8: img.Data, Y: y, Features: features, Classes: classes, Source: imagesPath}, nil
}

// IDXLabelsPath returns the label file that goes with an IDX image file by
// the MNIST naming convention: "images" becomes "labels" and "idx3" becomes
// "idx1" in the file name (train-images-idx3-ubyte.gz ->
// train-labels-idx1-ubyte.gz). If that file does not exist it tries the name
// with and without a ".gz" suffix, and returns an error naming what it tried.
func IDXLabelsPath(imagesPath string) (string, error) {
	dir, base := filepath.Split(imagesPath)
	if !strings.Contains(base, "images") {
		return "", fmt.Errorf("%s: cannot guess the label file: the name does not contain \"images\" (expected MNIST-style names such as train-images-idx3-ubyte.gz)", imagesPath)
	}
	i := strings.LastIndex(base, "images")
	lb := base[:i] + "labels" + base[i+len("images"):]
	lb = strings.Replace(lb, "idx3", "idx1", 1)
	cand := filepath.Join(dir, lb)
	tries := []string{cand, strings.TrimSuffix(cand, ".gz")}
	if !strings.HasSuffix(cand, ".gz") {
		tries[1] = cand + ".gz"
	}
	for _, p := range tries {
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			return p, nil
		}
	}
	return "", fmt.Errorf("%s: label file not found (tried %s and %s)", imagesPath, tries[0], tries[1])
}

// LoadIDXImages reads an IDX image file alone into an unlabelled Dataset
// (Y nil, Classes 0), pixel bytes as LoadIDX reads them: input for
// prediction. Errors are those of ReadIDX, and a file with fewer than two
// dimensions (a label file) is refused.
func LoadIDXImages(path string) (*Dataset, error) {
	img, err := ReadIDX(path)
	if err != nil {
		return nil, err
	}
	if err := checkImageDims(path, img); err != nil {
		return nil, err
	}
	return &Dataset{U8: img.Data, Features: imageFeatures(img), Source: path}, nil
}

// checkImageDims refuses an IDX file that cannot hold images.
func checkImageDims(path string, img *IDX) error {
	if len(img.Dims) < 2 {
		return fmt.Errorf("%s: expected an image file with dimensions [n, rows, cols], found %d dimension(s) %v (is it a label file?)",
			path, len(img.Dims), img.Dims)
	}
	return nil
}

// imageFeatures is the number of values per image: prod(dims[1:]).
func imageFeatures(img *IDX) int {
	features := 1
	for _, d := range img.Dims[1:] {
		features *= d
	}
	return features
}
