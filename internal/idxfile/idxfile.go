// Package idxfile writes small IDX image and label files for tests, by the
// format's definition (LeCun's MNIST page): a magic number of two zero
// bytes, the element type and the dimension count, the dimensions as
// big-endian uint32s, then the elements.
//
// Layer 0: a leaf, for tests. It may import the standard library.
package idxfile

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// Images writes n unsigned-byte images of rows×cols and their labels to
// dir/name-images.idx and dir/name-labels.idx, and returns both paths.
// Image i has label i%2: class 0 is bright in its left half, class 1 in
// its right half, so a small network can tell them apart. It fails t on
// a write error.
func Images(t testing.TB, dir, name string, n, rows, cols int) (images, labels string) {
	t.Helper()
	img, lab := header(n, rows, cols), header(n)
	for i := range n {
		for r := range rows {
			for c := range cols {
				v := byte((i*31 + r*7 + c*3) % 40)
				if (c < cols/2) == (i%2 == 0) {
					v += 200
				}
				img = append(img, v)
			}
		}
		lab = append(lab, byte(i%2))
	}
	images, labels = filepath.Join(dir, name+"-images.idx"), filepath.Join(dir, name+"-labels.idx")
	for path, b := range map[string][]byte{images: img, labels: lab} {
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return images, labels
}

// header is the IDX header of unsigned bytes (type 0x08) of dims.
func header(dims ...int) []byte {
	b := []byte{0, 0, 0x08, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, uint32(d))
	}
	return b
}
