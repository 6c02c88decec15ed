package data

import (
	"encoding/binary"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// idxTypes is every element type the IDX format defines.
var idxTypes = []IDXType{IDXUnsignedByte, IDXSignedByte, IDXInt16, IDXInt32, IDXFloat32, IDXFloat64}

// idxElems encodes vals as big-endian elements of typ, by the format's
// definition (integers are converted with Go's conversion rules).
func idxElems(typ IDXType, vals ...float64) []byte {
	var b []byte
	for _, v := range vals {
		switch typ {
		case IDXUnsignedByte:
			b = append(b, byte(v))
		case IDXSignedByte:
			b = append(b, byte(int8(v)))
		case IDXInt16:
			b = binary.BigEndian.AppendUint16(b, uint16(int16(v)))
		case IDXInt32:
			b = binary.BigEndian.AppendUint32(b, uint32(int32(v)))
		case IDXFloat32:
			b = binary.BigEndian.AppendUint32(b, math.Float32bits(float32(v)))
		case IDXFloat64:
			b = binary.BigEndian.AppendUint64(b, math.Float64bits(v))
		default:
			panic("idxElems: no such type")
		}
	}
	return b
}

func TestIDXTypeProperties(t *testing.T) {
	names := []string{"unsigned byte", "signed byte", "int16", "int32", "float32", "float64"}
	sizes := []int{1, 1, 2, 4, 4, 8}
	for i, typ := range idxTypes {
		assert.Equal(t, names[i], typ.String())
		assert.Equal(t, sizes[i], typ.Size(), typ.String())
		assert.Equal(t, i < 4, typ.Integer(), typ.String())
	}
	assert.Equal(t, "IDXType(0x0A)", IDXType(0x0A).String())
	assert.Zero(t, IDXType(0x0A).Size())
	assert.False(t, IDXType(0x0A).Integer())
}

// TestDecodeIDXEveryType decodes a file of each type, raw and gzip, with
// the extreme values of the type, and reads every element back.
func TestDecodeIDXEveryType(t *testing.T) {
	values := map[IDXType][]float64{
		IDXUnsignedByte: {0, 1, 127, 128, 254, 255},
		IDXSignedByte:   {0, 1, -1, 127, -128, -2},
		IDXInt16:        {0, 1, -1, 32767, -32768, 256},
		IDXInt32:        {0, -1, math.MaxInt32, math.MinInt32, 1 << 24, 65536},
		IDXFloat32:      {0, math.Copysign(0, -1), 0.1, -3.5e38, 1e-45, math.Inf(1)},
		IDXFloat64:      {0, 0.1, -1e300, 5e-324, math.MaxFloat64, math.NaN()},
	}
	for _, typ := range idxTypes {
		vals := values[typ]
		raw := idxBytes(byte(typ), []uint32{3, 2}, idxElems(typ, vals...))
		for enc, b := range map[string][]byte{"raw": raw, "gzip": gzipBytes(t, raw)} {
			t.Run(fmt.Sprintf("%v/%s", typ, enc), func(t *testing.T) {
				m, err := DecodeIDX("f.idx", b)
				require.NoError(t, err)
				assert.Equal(t, []int{3, 2}, m.Dims)
				assert.Equal(t, typ, m.Type)
				require.Equal(t, len(vals), m.Len())
				assert.Len(t, m.Data, len(vals)*typ.Size())
				for i, want := range vals {
					if typ == IDXFloat32 {
						want = float64(float32(want))
					}
					got := m.At(i)
					if math.IsNaN(want) {
						assert.True(t, math.IsNaN(got), "element %d = %v, want NaN", i, got)
						continue
					}
					assert.Equal(t, want, got, "element %d", i)
					assert.Equal(t, math.Signbit(want), math.Signbit(got), "sign of element %d", i)
				}
			})
		}
	}
}

// TestDecodeIDXTruncatedEveryType: each type's file cut anywhere in its
// data, or with a byte too many, is refused with the sizes in bytes.
func TestDecodeIDXTruncatedEveryType(t *testing.T) {
	for _, typ := range idxTypes {
		size := typ.Size()
		full := idxBytes(byte(typ), []uint32{3, 2, 2}, make([]byte, 12*size))
		header := len(full) - 12*size
		for cut := header; cut < len(full); cut++ {
			data := cut - header
			want := fmt.Sprintf("f.idx: truncated IDX file: the header announces 3 items of %s (%d data bytes), but only %d data bytes (%d whole items) follow",
				shapeString([]int{2, 2}, typ), 12*size, data, data/(4*size))
			for enc, b := range map[string][]byte{"raw": full[:cut], "gzip": gzipBytes(t, full[:cut])} {
				_, err := DecodeIDX("f.idx", b)
				require.EqualError(t, err, want, "%v %s cut at %d", typ, enc, cut)
			}
		}
		_, err := DecodeIDX("f.idx", append(full, 0))
		require.EqualError(t, err, fmt.Sprintf("f.idx: 1 unexpected bytes after the %d data bytes the IDX header announces (3 items of shape %s)",
			12*size, shapeString([]int{2, 2}, typ)), typ.String())
		_, err = DecodeIDX("f.idx", gzipBytes(t, full)[:30])
		require.ErrorContains(t, err, "f.idx: truncated gzip data", typ.String())
		_, err = DecodeIDX("f.idx", idxBytes(byte(typ), []uint32{0xFFFFFFFF, 0xFFFFFFFF}, make([]byte, size)))
		if strconv.IntSize == 32 {
			require.EqualError(t, err, "f.idx: IDX dimension 1 of 2 is 4294967295, more than an int counts on this 32-bit platform (at most 2147483647)", typ.String())
		} else {
			require.ErrorContains(t, err, "(more than 2^50 data bytes), but only "+fmt.Sprint(size)+" data bytes (0 whole items) follow", typ.String())
		}
	}
	assert.Equal(t, "2x2 int16", shapeString([]int{2, 2}, IDXInt16))
	assert.Equal(t, "1 float64", shapeString(nil, IDXFloat64))
	assert.Equal(t, "2x2", shapeString([]int{2, 2}, IDXUnsignedByte))
}

// TestLoadIDXEveryType: images of every type become features (unsigned
// bytes /255, the rest at their value), labels of every integer type
// become class indices.
func TestLoadIDXEveryType(t *testing.T) {
	imgVals := map[IDXType][]float64{
		IDXUnsignedByte: {0, 255, 51, 102},
		IDXSignedByte:   {-128, 127, 0, -1},
		IDXInt16:        {-32768, 32767, 5, -7},
		IDXInt32:        {math.MinInt32, 1<<24 + 1, 3, -3},
		IDXFloat32:      {0.1, -2.5, 3.4e38, -1e-45},
		IDXFloat64:      {0.1, -2.5, 3.4e38, 1e-300},
	}
	for _, typ := range idxTypes {
		img := writeTemp(t, "img", idxBytes(byte(typ), []uint32{2, 1, 2}, idxElems(typ, imgVals[typ]...)))
		want := make([]float32, 4)
		for i, v := range imgVals[typ] {
			want[i] = float32(v)
			if typ == IDXUnsignedByte {
				want[i] = float32(v) / 255
			}
		}
		for _, ltyp := range idxTypes[:4] {
			name := fmt.Sprintf("images %v, labels %v", typ, ltyp)
			lab := writeTemp(t, "lab", idxBytes(byte(ltyp), []uint32{2}, idxElems(ltyp, 4, 0)))
			d, err := LoadIDX(img, lab, 0)
			require.NoError(t, err, name)
			assert.Equal(t, want, d.Matrix(), name)
			assert.Equal(t, typ == IDXUnsignedByte, d.U8 != nil, "%s: only unsigned bytes stay bytes", name)
			assert.Equal(t, []int{4, 0}, d.Y, name)
			assert.Equal(t, 2, d.Features, name)
			assert.Equal(t, 5, d.Classes, name)
		}
		d, err := LoadIDXImages(img)
		require.NoError(t, err, typ.String())
		assert.Equal(t, want, d.Matrix(), typ.String())
	}
}

func TestLoadIDXTypeErrors(t *testing.T) {
	img := writeTemp(t, "images", idxBytes(0x08, []uint32{2, 2}, make([]byte, 4)))
	lab := func(typ IDXType, vals ...float64) string {
		return writeTemp(t, "labels", idxBytes(byte(typ), []uint32{uint32(len(vals))}, idxElems(typ, vals...)))
	}
	for _, tc := range []struct {
		name    string
		labels  string
		classes int
		msg     string
	}{
		{"float32 labels", lab(IDXFloat32, 1, 0), 0, "labels of type float32: IDX labels must be integers (unsigned or signed byte, int16 or int32)"},
		{"float64 labels", lab(IDXFloat64, 1, 0), 10, "labels of type float64: IDX labels must be integers"},
		{"negative int8", lab(IDXSignedByte, 1, -1), 10, "label -1 of item 1 is out of range: expected 0..9 (10 classes)"},
		{"negative int16", lab(IDXInt16, -300, 1), 0, "label -300 of item 0 is out of range: expected a class index 0..16777216"},
		{"huge int32", lab(IDXInt32, 1, math.MaxInt32), 0, "label 2147483647 of item 1 is out of range: expected a class index 0..16777216"},
		{"int32 above classes", lab(IDXInt32, 1, 10), 10, "label 10 of item 1 is out of range: expected 0..9 (10 classes)"},
		{"sparse", lab(IDXInt32, 1, 100000), 0, "label 100000 of item 1 makes 100001 classes (0..100000), but only 2 distinct labels occur; labels must be class indices 0..n-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadIDX(img, tc.labels, tc.classes)
			require.ErrorContains(t, err, tc.labels+": "+tc.msg)
		})
	}
}

// TestLoadIDXNonFiniteFeatures: a feature that is not a finite float32
// (NaN, an infinity, a float64 beyond float32's range) is refused, naming
// the item and the element.
func TestLoadIDXNonFiniteFeatures(t *testing.T) {
	lab := writeTemp(t, "labels", idxBytes(0x08, []uint32{2}, []byte{0, 1}))
	for _, tc := range []struct {
		typ  IDXType
		bad  float64
		text string
	}{
		{IDXFloat32, math.NaN(), "NaN"},
		{IDXFloat32, math.Inf(-1), "-Inf"},
		{IDXFloat64, math.Inf(1), "+Inf"},
		{IDXFloat64, 1e39, "1e+39"},
		{IDXFloat64, -math.MaxFloat64, "-1.7976931348623157e+308"},
	} {
		img := writeTemp(t, "images", idxBytes(byte(tc.typ), []uint32{2, 3}, idxElems(tc.typ, 1, 2, 3, 4, tc.bad, 6)))
		want := img + ": item 1, element 1: " + tc.text + " is not a finite float32 (features must be finite)"
		_, err := LoadIDX(img, lab, 2)
		require.EqualError(t, err, want)
		_, err = LoadIDXImages(img)
		require.EqualError(t, err, want)
	}
	// 3.4028235e38 (float32's largest value) as a float64 is still finite.
	img := writeTemp(t, "images", idxBytes(0x0E, []uint32{2, 1}, idxElems(IDXFloat64, math.MaxFloat32, -math.MaxFloat32)))
	d, err := LoadIDX(img, lab, 2)
	require.NoError(t, err)
	assert.Equal(t, []float32{math.MaxFloat32, -math.MaxFloat32}, d.X)
}

// TestLoadFileFloatIDX: a float IDX file is told from CSV by its content
// and loads with its labels through LoadFile.
func TestLoadFileFloatIDX(t *testing.T) {
	dir := t.TempDir()
	img := filepath.Join(dir, "train-images.idx")
	require.NoError(t, os.WriteFile(img, idxBytes(0x0D, []uint32{2, 2}, idxElems(IDXFloat32, 0.5, -1, 2, 3)), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "train-labels.idx"), idxBytes(0x0B, []uint32{2}, idxElems(IDXInt16, 1, 0)), 0o644))
	d, err := LoadFile(img, CSVOptions{})
	require.NoError(t, err)
	assert.Equal(t, []float32{0.5, -1, 2, 3}, d.X)
	assert.Equal(t, []int{1, 0}, d.Y)
	assert.Equal(t, 2, d.Classes)
}
