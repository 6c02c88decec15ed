package data

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// idxBytes builds an IDX file by the format's definition.
func idxBytes(typ byte, dims []uint32, body []byte) []byte {
	b := []byte{0, 0, typ, byte(len(dims))}
	for _, d := range dims {
		b = binary.BigEndian.AppendUint32(b, d)
	}
	return append(b, body...)
}

func gzipBytes(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	_, err := zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Bytes()
}

func writeTemp(t *testing.T, name string, b []byte) string {
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, b, 0o644))
	return p
}

func TestDecodeIDXRawAndGzip(t *testing.T) {
	body := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	raw := idxBytes(0x08, []uint32{2, 2, 3}, body)
	for name, b := range map[string][]byte{"raw": raw, "gzip": gzipBytes(t, raw)} {
		t.Run(name, func(t *testing.T) {
			// The name says neither; detection is by content.
			m, err := DecodeIDX("file.bin", b)
			require.NoError(t, err)
			assert.Equal(t, []int{2, 2, 3}, m.Dims)
			assert.Equal(t, body, m.Data)
		})
	}
}

func TestDecodeIDXErrors(t *testing.T) {
	hugeDims := "f.idx: truncated IDX file: the header announces 4294967295 items of 4294967295x4294967295 (more than 2^50 data bytes), but only 0 data bytes (0 whole items) follow"
	pastInt := "f.idx: truncated IDX file: the header announces 65535 items of 65535x65535 (281462092005375 data bytes), but only 0 data bytes (0 whole items) follow"
	if strconv.IntSize == 32 {
		hugeDims = "f.idx: IDX dimension 1 of 3 is 4294967295, more than an int counts on this 32-bit platform (at most 2147483647)"
		pastInt = "f.idx: truncated IDX file: the header announces 65535 items of 65535x65535 (more than 2147483647 data bytes), but only 0 data bytes (0 whole items) follow"
	}
	tests := []struct {
		name string
		b    []byte
		msg  string
	}{
		{"empty", nil, "f.idx: truncated IDX file: 0 bytes, shorter than the 4-byte magic number"},
		{"short magic", []byte{0, 0, 8}, "f.idx: truncated IDX file: 3 bytes, shorter than the 4-byte magic number"},
		{"wrong magic", []byte("PK\x03\x04rest"), "f.idx: wrong magic number 0x504B0304: not an IDX file"},
		{"unknown type", idxBytes(0x42, []uint32{1}, []byte{0}), "f.idx: wrong magic number 0x00004201: unknown IDX element type 0x42 (IDX defines 0x08, 0x09 and 0x0B to 0x0E)"},
		{"type 0x0A", idxBytes(0x0A, []uint32{1}, []byte{0}), "f.idx: wrong magic number 0x00000A01: unknown IDX element type 0x0A"},
		{"truncated dims", []byte{0, 0, 8, 3, 0, 0, 0, 2, 0, 0}, "f.idx: truncated IDX file: the header announces 3 dimensions (16 header bytes), but the file has only 10 bytes"},
		{"truncated data", idxBytes(0x08, []uint32{3, 2, 2}, make([]byte, 9)),
			"f.idx: truncated IDX file: the header announces 3 items of 2x2 (12 data bytes), but only 9 data bytes (2 whole items) follow"},
		{"truncated labels", idxBytes(0x08, []uint32{60000}, make([]byte, 100)),
			"f.idx: truncated IDX file: the header announces 60000 items of 1 byte (60000 data bytes), but only 100 data bytes (100 whole items) follow"},
		{"huge dims", idxBytes(0x08, []uint32{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, nil), hugeDims},
		{"dims past an int", idxBytes(0x08, []uint32{0xFFFF, 0xFFFF, 0xFFFF}, nil), pastInt},
		{"trailing bytes", idxBytes(0x08, []uint32{2}, []byte{1, 2, 3}), "f.idx: 1 unexpected bytes after the 2 data bytes the IDX header announces (2 items of shape 1 byte)"},
		{"corrupt gzip", []byte{0x1f, 0x8b, 1, 2, 3}, "f.idx: corrupt gzip header"},
		{"truncated gzip", gzipBytes(t, idxBytes(0x08, []uint32{100}, make([]byte, 100)))[:20], "f.idx: truncated gzip data"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := DecodeIDX("f.idx", tc.b)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestLoadIDX(t *testing.T) {
	img := writeTemp(t, "img", gzipBytes(t, idxBytes(0x08, []uint32{3, 1, 2}, []byte{0, 255, 51, 102, 255, 0})))
	lab := writeTemp(t, "lab", idxBytes(0x08, []uint32{3}, []byte{2, 0, 1}))
	d, err := LoadIDX(img, lab, 3)
	require.NoError(t, err)
	assert.Equal(t, 3, d.Len())
	assert.Equal(t, 2, d.Features)
	assert.Equal(t, 3, d.Classes)
	assert.Equal(t, []int{2, 0, 1}, d.Y)
	assert.Nil(t, d.X, "pixels stay bytes")
	assert.Equal(t, []uint8{0, 255, 51, 102, 255, 0}, d.U8)
	assert.Equal(t, []float32{0, 1, 0.2, 0.4, 1, 0}, d.Matrix(), "read as value/255")
	assert.Equal(t, []int{1, 2}, d.Shape, "the header's rows and cols")
	sub, err := d.Subset([]int{2, 0})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, sub.Shape, "a subset keeps the sample shape")

	d, err = LoadIDX(img, lab, 0)
	require.NoError(t, err)
	assert.Equal(t, 3, d.Classes, "classes from max label + 1")
}

func TestLoadIDXErrors(t *testing.T) {
	img := writeTemp(t, "images", idxBytes(0x08, []uint32{2, 2, 2}, make([]byte, 8)))
	lab2 := writeTemp(t, "labels2", idxBytes(0x08, []uint32{2}, []byte{1, 10}))
	lab3 := writeTemp(t, "labels3", idxBytes(0x08, []uint32{3}, []byte{1, 2, 3}))
	tests := []struct {
		name, images, labels string
		msg                  string
	}{
		{"counts differ", img, lab3, "image and label counts differ: " + img + " has 2 images but " + lab3 + " has 3 labels"},
		{"label out of range", img, lab2, lab2 + ": label 10 of item 1 is out of range: expected 0..9 (10 classes)"},
		{"swapped", lab2, img, lab2 + ": expected an image file with dimensions [n, rows, cols], found 1 dimension(s) [2] (is it a label file?)"},
		{"labels are images", img, img, img + ": expected a label file with one dimension [n], found 3 dimensions [2 2 2] (is it an image file?)"},
		{"missing file", img, filepath.Join(t.TempDir(), "nope"), "no such file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadIDX(tc.images, tc.labels, 10)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.msg)
		})
	}
}

func TestIDXLabelsPathAndLoadFile(t *testing.T) {
	dir := t.TempDir()
	imgPath := filepath.Join(dir, "train-images-idx3-ubyte")
	require.NoError(t, os.WriteFile(imgPath, idxBytes(0x08, []uint32{2, 1, 1}, []byte{0, 255}), 0o644))
	labPath := filepath.Join(dir, "train-labels-idx1-ubyte.gz")
	require.NoError(t, os.WriteFile(labPath, gzipBytes(t, idxBytes(0x08, []uint32{2}, []byte{1, 0})), 0o644))

	p, err := IDXLabelsPath(imgPath)
	require.NoError(t, err)
	assert.Equal(t, labPath, p)

	d, err := LoadFile(imgPath, CSVOptions{Classes: 2})
	require.NoError(t, err)
	assert.Equal(t, []int{1, 0}, d.Y)
	assert.Equal(t, []float32{0, 1}, d.Matrix())

	_, err = IDXLabelsPath(filepath.Join(dir, "pixels.idx"))
	assert.ErrorContains(t, err, "cannot guess the label file")
	_, err = IDXLabelsPath(filepath.Join(dir, "t10k-images-idx3-ubyte"))
	assert.ErrorContains(t, err, "label file not found (tried "+filepath.Join(dir, "t10k-labels-idx1-ubyte"))
}

func FuzzIDX(f *testing.F) {
	f.Add(idxBytes(0x08, []uint32{2, 2, 2}, make([]byte, 8)))
	f.Add(idxBytes(0x08, []uint32{3}, []byte{1, 2, 3}))
	f.Add(idxBytes(0x0D, []uint32{1}, make([]byte, 4)))
	for _, typ := range idxTypes {
		vals := []float64{0, 1, -1, 127, -128}
		if typ == IDXUnsignedByte {
			vals = []float64{0, 1, 255, 2, 3}
		}
		f.Add(idxBytes(byte(typ), []uint32{5, 1}, idxElems(typ, vals...)))
		f.Add(idxBytes(byte(typ), []uint32{5}, idxElems(typ, vals...)))
		f.Add(idxBytes(byte(typ), []uint32{2, 2}, idxElems(typ, 1, 2, 3)))             // truncated
		f.Add(idxBytes(byte(typ), []uint32{1, 1}, idxElems(typ, 1, 2)[:typ.Size()+1])) // a trailing byte
	}
	f.Add(idxBytes(0x0E, []uint32{2, 1}, idxElems(IDXFloat64, math.NaN(), 1e300)))
	f.Add(idxBytes(0x0D, []uint32{2, 1}, idxElems(IDXFloat32, math.Inf(1), -0.0)))
	f.Add(idxBytes(0x0C, []uint32{2}, idxElems(IDXInt32, math.MaxInt32, 1<<24+1)))
	f.Add(idxBytes(0x0E, []uint32{0xFFFFFFFF, 0xFFFFFFFF}, nil))
	f.Add(gzipBytes(f, idxBytes(0x08, []uint32{1, 1}, []byte{7})))
	f.Add([]byte{0, 0, 8, 200})
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := DecodeIDX("fuzz", b)
		checkReadIDXFirst(t, b, m, err)
		if err != nil {
			return
		}
		want := m.Type.Size()
		for _, d := range m.Dims {
			want *= d
		}
		if want == 0 || want != len(m.Data) {
			t.Fatalf("%v dims %v but %d data bytes", m.Type, m.Dims, len(m.Data))
		}
		// Use the file as images and its first elements as labels: no
		// panic, and what is accepted is in range and finite.
		lab := &IDX{Dims: m.Dims[:1], Type: m.Type, Data: m.Data[:m.Dims[0]*m.Type.Size()]}
		for _, classes := range []int{0, 3} {
			d, err := idxDataset("fuzz-images", m, m.Dims[0], "fuzz-labels", lab, classes)
			if err != nil {
				continue
			}
			for i, y := range d.Y {
				if y < 0 || y >= d.Classes {
					t.Fatalf("label %d of item %d accepted with %d classes", y, i, d.Classes)
				}
			}
			for i, v := range d.X {
				if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
					t.Fatalf("feature %d is %v", i, v)
				}
			}
		}
	})
}

func TestLoadIDXImages(t *testing.T) {
	img := writeTemp(t, "img", idxBytes(0x08, []uint32{2, 1, 3}, []byte{0, 255, 51, 102, 0, 255}))
	d, err := LoadIDXImages(img)
	require.NoError(t, err)
	assert.Equal(t, 2, d.Len())
	assert.Equal(t, 3, d.Features)
	assert.False(t, d.Labelled())
	assert.Equal(t, []uint8{0, 255, 51, 102, 0, 255}, d.U8)
	assert.Equal(t, []float32{0, 1, 0.2, 0.4, 0, 1}, d.Matrix())
	assert.Equal(t, []int{1, 3}, d.Shape)

	lab := writeTemp(t, "lab", idxBytes(0x08, []uint32{2}, []byte{1, 2}))
	_, err = LoadIDXImages(lab)
	assert.EqualError(t, err, lab+": expected an image file with dimensions [n, rows, cols], found 1 dimension(s) [2] (is it a label file?)")
}

// checkReadIDXFirst checks that readIDXFirst, reading the file b from disk
// and keeping its first n items, fails as DecodeIDX does (m, err) or
// returns those items of m.
func checkReadIDXFirst(t *testing.T, b []byte, m *IDX, err error) {
	t.Helper()
	path := writeTemp(t, "f.idx", b)
	for _, n := range []int{1, 2, 3, math.MaxInt} {
		got, count, ferr := readIDXFirst(path, n)
		if err != nil {
			require.Error(t, ferr, "n %d: DecodeIDX fails with %v", n, err)
			assert.Equal(t, strings.Replace(err.Error(), "fuzz", path, 1), ferr.Error(), "n %d: the same error", n)
			continue
		}
		require.NoError(t, ferr, "n %d", n)
		kept := min(n, m.Dims[0])
		assert.Equal(t, m.Dims[0], count, "n %d: the file's item count", n)
		assert.Equal(t, append([]int{kept}, m.Dims[1:]...), got.Dims, "n %d", n)
		assert.Equal(t, m.Type, got.Type, "n %d", n)
		want := m.Data[:kept*len(m.Data)/m.Dims[0]]
		assert.Equal(t, want, got.Data, "n %d: the first items", n)
		assert.Equal(t, len(want), cap(got.Data), "n %d: and nothing more is held", n)
	}
}

// readIDXFirst keeps the first items of a file, raw or gzipped, and fails
// as ReadIDX does on every malformed file DecodeIDX refuses.
func TestReadIDXFirst(t *testing.T) {
	raw := idxBytes(0x08, []uint32{4, 1, 3}, []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
	cases := [][]byte{raw, gzipBytes(t, raw), idxBytes(0x0D, []uint32{2, 1}, idxElems(IDXFloat32, 1.5, -2)),
		nil, {0, 0, 8}, []byte("PK\x03\x04rest"), idxBytes(0x42, []uint32{1}, []byte{0}),
		{0, 0, 8, 3, 0, 0, 0, 2, 0, 0}, idxBytes(0x08, []uint32{3, 2, 2}, make([]byte, 9)),
		gzipBytes(t, idxBytes(0x08, []uint32{3, 2, 2}, make([]byte, 13))),
		idxBytes(0x08, []uint32{0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, nil), idxBytes(0x08, []uint32{0xFFFF, 0xFFFF, 0xFFFF}, []byte{1}),
		idxBytes(0x08, []uint32{2}, []byte{1, 2, 3}), {0x1f, 0x8b, 1, 2, 3},
		gzipBytes(t, idxBytes(0x08, []uint32{100}, make([]byte, 100)))[:20],
		[]byte("\x1f\x8b\bA0000002\x1c00")} // a gzip error after a wrong magic number: the gzip error, as ReadIDX
	corrupt := gzipBytes(t, raw)
	corrupt[len(corrupt)-5] ^= 1 // the CRC
	cases = append(cases, corrupt)
	for _, b := range cases {
		m, err := DecodeIDX("fuzz", b)
		checkReadIDXFirst(t, b, m, err)
	}
	_, _, err := readIDXFirst(filepath.Join(t.TempDir(), "nope"), 1)
	assert.ErrorIs(t, err, os.ErrNotExist)
}

// OpenFile tells IDX images from CSV as LoadFile does, by content (raw
// or gzip) or by an IDX name, and gives them as LoadIDXImages reads them,
// with no reader; a label file is refused as it refuses one.
func TestOpenFileIDXImages(t *testing.T) {
	body := []byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}
	raw := idxBytes(0x08, []uint32{3, 2, 2}, body)
	for name, b := range map[string][]byte{"images.bin": raw, "images.bin.gz": gzipBytes(t, raw), "t-images-idx3-ubyte": raw} {
		path := writeTemp(t, name, b)
		want, err := LoadIDXImages(path)
		require.NoError(t, err, name)
		r, got, err := OpenFile(path, CSVOptions{Unlabelled: true})
		require.NoError(t, err, name)
		assert.Nil(t, r, name)
		assert.Equal(t, want, got, name)
		assert.Equal(t, body, got.U8, name)
		assert.Equal(t, []int{2, 2}, got.Shape, name)
	}
	labels := writeTemp(t, "labels.bin", idxBytes(0x08, []uint32{3}, []byte{0, 1, 2}))
	_, _, err := OpenFile(labels, CSVOptions{Unlabelled: true})
	assert.ErrorContains(t, err, "is it a label file?")
	_, _, err = OpenFile(filepath.Join(t.TempDir(), "none.csv"), CSVOptions{Unlabelled: true})
	assert.ErrorIs(t, err, fs.ErrNotExist)
}
