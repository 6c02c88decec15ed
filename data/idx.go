package data

import (
	"encoding/binary"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

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
	h, err := decodeIDXHeader(name, b)
	if err != nil {
		return nil, err
	}
	body := b[h.size:]
	if err := h.checkBody(name, len(body)); err != nil {
		return nil, err
	}
	return &IDX{Dims: h.dims, Type: h.typ, Data: body}, nil
}

// idxHeader is what an IDX file's header says.
type idxHeader struct {
	typ      IDXType
	dims     []int
	size     int // bytes in the header
	itemSize int // bytes per item: the element size times all but the first dimension
}

// maxIDXHeader is the size of the longest IDX header.
const maxIDXHeader = 4 + 4*maxIDXDims

// decodeIDXHeader decodes the header at the start of b, which holds the
// whole (decompressed) file or at least its first maxIDXHeader bytes; name
// is used in errors only.
func decodeIDXHeader(name string, b []byte) (*idxHeader, error) {
	if len(b) < 4 {
		return nil, fmt.Errorf("%s: truncated IDX file: %d bytes, shorter than the 4-byte magic number", name, len(b))
	}
	if b[0] != 0 || b[1] != 0 {
		return nil, fmt.Errorf("%s: wrong magic number 0x%08X: not an IDX file (an IDX file starts with two zero bytes, a type byte and a dimension count)",
			name, binary.BigEndian.Uint32(b))
	}
	typ, ndims := IDXType(b[2]), int(b[3])
	if typ.Size() == 0 {
		return nil, fmt.Errorf("%s: wrong magic number 0x%08X: unknown IDX element type 0x%02X (IDX defines 0x08, 0x09 and 0x0B to 0x0E)",
			name, binary.BigEndian.Uint32(b), byte(typ))
	}
	if ndims == 0 || ndims > maxIDXDims {
		return nil, fmt.Errorf("%s: wrong magic number 0x%08X: %d dimensions; IDX images and labels have 1 to %d",
			name, binary.BigEndian.Uint32(b), ndims, maxIDXDims)
	}
	h := &idxHeader{typ: typ, dims: make([]int, ndims), size: 4 + 4*ndims, itemSize: typ.Size()}
	if len(b) < h.size {
		return nil, fmt.Errorf("%s: truncated IDX file: the header announces %d dimensions (%d header bytes), but the file has only %d bytes",
			name, ndims, h.size, len(b))
	}
	for i := range h.dims {
		d := binary.BigEndian.Uint32(b[4+4*i:])
		if uint64(d) > maxSize {
			// Only a 32-bit int stops short of a 32-bit dimension.
			return nil, fmt.Errorf("%s: IDX dimension %d of %d is %d, more than an int counts on this %d-bit platform (at most %d)",
				name, i+1, ndims, d, strconv.IntSize, maxSize)
		}
		h.dims[i] = int(d)
		if h.dims[i] == 0 {
			return nil, fmt.Errorf("%s: IDX dimension %d of %d is 0 (shape %s): the file holds no data", name, i+1, ndims, shapeString(h.dims[:i+1], typ))
		}
		if i > 0 {
			h.itemSize = satMul(h.itemSize, h.dims[i])
		}
	}
	return h, nil
}

// checkBody returns an error unless n, the number of bytes after the
// header, is the size the header announces; name is used in errors only.
func (h *idxHeader) checkBody(name string, n int) error {
	items := h.dims[0]
	want := satMul(items, h.itemSize)
	if want > n {
		return fmt.Errorf("%s: truncated IDX file: the header announces %d items of %s (%s data bytes), but only %d data bytes (%d whole items) follow",
			name, items, shapeString(h.dims[1:], h.typ), sizeString(want), n, n/h.itemSize)
	}
	if want < n {
		return fmt.Errorf("%s: %d unexpected bytes after the %d data bytes the IDX header announces (%d items of shape %s)",
			name, n-want, want, items, shapeString(h.dims[1:], h.typ))
	}
	return nil
}

// readIDXFirst reads the IDX file at path, raw or gzip-compressed, as
// ReadIDX does and with its errors, but keeps only its first n items (all
// of them when n <= 0 or n is not below their count): it reads the file
// as a stream, holding those items and never the rest. It also returns
// the number of items the file holds.
func readIDXFirst(path string, n int) (*IDX, int, error) {
	f, br, gzipped, size, err := openData(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	in, err := newTextInput(path, br)
	if err != nil {
		return nil, 0, err
	}
	return readIDXText(path, in, gzipped, size, n)
}

// readIDXText is readIDXFirst of the file's text in, read from its start,
// decompressed when gzipped; size is the size of the data (dataSize).
func readIDXText(path string, in *textInput, gzipped bool, size, n int) (*IDX, int, error) {
	// The error reading the (decompressed) stream met, in readFile's words.
	streamError := func() error {
		if gzipped {
			return in.err // gzipText's, naming the file
		}
		return fmt.Errorf("%s: %w", path, in.err)
	}
	var hb [maxIDXHeader]byte
	k, _ := io.ReadFull(in, hb[:])
	h, err := decodeIDXHeader(path, hb[:k])
	if err != nil {
		// ReadIDX decompresses the whole file first: a gzip error anywhere
		// in it comes before what is wrong with the header.
		if io.Copy(io.Discard, in); in.err != nil {
			return nil, 0, streamError()
		}
		return nil, 0, err
	}
	items := h.dims[0]
	if n > 0 && n < items {
		items = n
	}
	// A corrupt header may announce more than the file holds: the buffer
	// grows with what is read, from at most the size the file announces.
	keep := satMul(items, h.itemSize)
	data := make([]byte, 0, min(keep, size))
	data = append(data, hb[h.size:k][:min(k-h.size, keep)]...)
	data = readUpTo(in, data, keep)
	// The rest is read only to check the file's size, as ReadIDX does.
	if io.Copy(io.Discard, in); in.err != nil {
		return nil, 0, streamError()
	}
	if err := h.checkBody(path, int(min(in.n-int64(h.size), maxSize))); err != nil {
		return nil, 0, err
	}
	dims := slices.Clone(h.dims)
	dims[0] = items
	return &IDX{Dims: dims, Type: h.typ, Data: data}, h.dims[0], nil
}

// readUpTo appends what r yields to b until b holds limit bytes or r ends
// or fails, growing b only when it is full.
func readUpTo(r io.Reader, b []byte, limit int) []byte {
	for len(b) < limit {
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
		k, err := r.Read(b[len(b):min(cap(b), limit)])
		b = b[:len(b)+k]
		if err != nil {
			break
		}
	}
	return b
}

// satMul multiplies non-negative a and b, saturating at maxSize so that
// sizes announced by a corrupt header cannot overflow.
func satMul(a, b int) int {
	if a != 0 && b > maxSize/a {
		return maxSize
	}
	return a * b
}

// maxSize stands for "more than any file holds" in size arithmetic. A
// 32-bit int stops short of 2^50; no slice there is longer than its
// largest value.
const maxSize = min(1<<50, math.MaxInt)

func sizeString(n int) string {
	if n == maxSize {
		if maxSize == math.MaxInt {
			return fmt.Sprintf("more than %d", maxSize)
		}
		return "more than 2^50"
	}
	return fmt.Sprint(n)
}

// shapeString formats item dimensions as "28x28" ("1 byte" when empty),
// followed by the element type unless it is unsigned bytes ("28x28
// float32", "1 int16").
func shapeString(dims []int, typ IDXType) string {
	unit := ""
	if typ != IDXUnsignedByte {
		unit = " " + typ.String()
	}
	if len(dims) == 0 {
		if unit == "" {
			return "1 byte"
		}
		return "1" + unit
	}
	parts := make([]string, len(dims))
	for i, d := range dims {
		parts[i] = fmt.Sprint(d)
	}
	return strings.Join(parts, "x") + unit
}

// LoadIDX reads an IDX image file (dimensions [n, ...]) and its IDX label
// file (dimensions [n]) into a Dataset, one row of prod(dims[1:]) features
// per image, and Shape dims[1:] ([rows, cols] for images of one channel).
// Unsigned-byte images are pixels: they stay bytes (Dataset.U8)
// and read as value/255 (so in [0, 1]); images of any other type are taken at their values, converted to
// float32 (rounded to nearest, so int32 values beyond 2^24 may round), and
// each must be a finite float32: no type but unsigned bytes has a
// conventional range to scale by, so scale them with a Scaler.
//
// Labels must have an integer type (unsigned or signed byte, int16 or
// int32). classes is the number of classes (10 for MNIST); every label must
// be in [0, classes), or when classes <= 0 the count is max(label)+1, with
// the bounds CSV's integer labels have (at most 2^24, and above 1000
// classes at least half of them must occur). Errors name the file and say
// what is wrong, including image and label counts that differ, labels out
// of range and features that are not finite (naming the item).
func LoadIDX(imagesPath, labelsPath string, classes int) (*Dataset, error) {
	img, err := ReadIDX(imagesPath)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDX(labelsPath)
	if err != nil {
		return nil, err
	}
	return idxDataset(imagesPath, img, img.Dims[0], labelsPath, lab, classes)
}

// LoadIDXLimit is LoadIDX keeping only the first n images and their
// labels (all of them when n <= 0 or n is not below their count). Both
// files are checked whole, with LoadIDX's errors, and the class count is
// the whole label file's, but only the kept images are ever held in
// memory, not the whole file's.
func LoadIDXLimit(imagesPath, labelsPath string, classes, n int) (*Dataset, error) {
	if n <= 0 {
		return LoadIDX(imagesPath, labelsPath, classes)
	}
	img, count, err := readIDXFirst(imagesPath, n)
	if err != nil {
		return nil, err
	}
	lab, err := ReadIDX(labelsPath)
	if err != nil {
		return nil, err
	}
	return idxDataset(imagesPath, img, count, labelsPath, lab, classes)
}

// idxDataset makes the Dataset of images img, the first img.Dims[0] of
// the count the file at imagesPath holds, and their labels in lab, which
// must hold count labels.
func idxDataset(imagesPath string, img *IDX, count int, labelsPath string, lab *IDX, classes int) (*Dataset, error) {
	if err := checkImageDims(imagesPath, img); err != nil {
		return nil, err
	}
	if len(lab.Dims) != 1 {
		return nil, fmt.Errorf("%s: expected a label file with one dimension [n], found %d dimensions %v (is it an image file?)",
			labelsPath, len(lab.Dims), lab.Dims)
	}
	if lab.Dims[0] != count {
		return nil, fmt.Errorf("image and label counts differ: %s has %d images but %s has %d labels", imagesPath, count, labelsPath, lab.Dims[0])
	}
	y, classes, err := idxLabels(labelsPath, lab, classes)
	if err != nil {
		return nil, err
	}
	if n := img.Dims[0]; n < len(y) {
		y = append(make([]int, 0, n), y[:n]...) // not the whole file's labels
	}
	d, err := idxFeatures(imagesPath, img)
	if err != nil {
		return nil, err
	}
	d.Y, d.Classes = y, classes
	return d, nil
}

// idxLabels returns the class indices lab holds and the class count: classes
// when > 0, else max(label)+1 within the bounds of CSV's integer labels.
func idxLabels(path string, lab *IDX, classes int) ([]int, int, error) {
	if !lab.Type.Integer() {
		return nil, 0, fmt.Errorf("%s: labels of type %v: IDX labels must be integers (unsigned or signed byte, int16 or int32)", path, lab.Type)
	}
	y := make([]int, lab.Len())
	for i := range y {
		y[i] = int(lab.At(i))
	}
	limit := classes
	if classes <= 0 {
		limit = maxClass + 1
	}
	for i, l := range y {
		if l < 0 || l >= limit {
			if classes <= 0 {
				return nil, 0, fmt.Errorf("%s: label %d of item %d is out of range: expected a class index 0..%d", path, l, i, maxClass)
			}
			return nil, 0, fmt.Errorf("%s: label %d of item %d is out of range: expected 0..%d (%d classes)", path, l, i, classes-1, classes)
		}
	}
	if classes > 0 {
		return y, classes, nil
	}
	classes = slices.Max(y) + 1
	if distinct, sparse := sparseClasses(y, classes, sparseClassesLimit); sparse {
		return nil, 0, fmt.Errorf("%s: label %d of item %d makes %d classes (0..%d), but only %d distinct labels occur; labels must be class indices 0..n-1",
			path, classes-1, slices.Index(y, classes-1), classes, classes-1, distinct)
	}
	return y, classes, nil
}

// idxFeatures returns an unlabelled Dataset of img's elements as features:
// unsigned bytes as they are (U8, read as value/255), other types as
// float32 at their value, each a finite float32.
func idxFeatures(path string, img *IDX) (*Dataset, error) {
	per, shape := imageFeatures(img), slices.Clone(img.Dims[1:])
	if img.Type == IDXUnsignedByte {
		return &Dataset{U8: img.Data, Features: per, Shape: shape, Source: path}, nil
	}
	x := make([]float32, img.Len())
	for i := range x {
		v := img.At(i)
		x[i] = float32(v)
		if f := float64(x[i]); math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%s: item %d, element %d: %v is not a finite float32 (features must be finite)", path, i/per, i%per, v)
		}
	}
	return ownX(&Dataset{X: x, Features: per, Shape: shape, Source: path}), nil
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
// (Y nil, Classes 0), its features as LoadIDX makes them (unsigned-byte
// pixels kept as bytes, read as value/255): input for prediction. Errors are those of
// ReadIDX, a file with fewer than two dimensions (a label file) is refused,
// and so is a value that is not a finite float32.
func LoadIDXImages(path string) (*Dataset, error) {
	img, err := ReadIDX(path)
	if err != nil {
		return nil, err
	}
	if err := checkImageDims(path, img); err != nil {
		return nil, err
	}
	return idxFeatures(path, img)
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
