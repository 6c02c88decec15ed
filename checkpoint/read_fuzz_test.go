package checkpoint

import (
	"bytes"
	"encoding/binary"
	"strings"
	"testing"
)

// FuzzRead feeds arbitrary bytes through the public read API as a user of
// the package would: Decode, then Get and the typed accessors on every
// tensor. Whatever the bytes: no panic; an error names the file; a file
// accepted is consistent (unique names, each tensor's data exactly its
// shape's byte length, the tensors covering the data section with nothing
// left over, the checksum entry gone from the metadata) and its accessors
// agree with its dtype.
func FuzzRead(f *testing.F) {
	var buf bytes.Buffer
	if err := Encode(&buf, []Tensor{
		F32Tensor("0.weight", []int{2, 2}, []float32{1, -2, 0.5, 3}),
		F32Tensor("0.bias", []int{2}, []float32{0, 1}),
		I64Tensor("step", nil, []int64{7}),
		U64Tensor("rng", []int{1}, []uint64{1 << 63}),
		F64Tensor("lr", []int{1}, []float64{1e-3}),
		F32Tensor("empty", []int{0, 3}, nil),
	}, map[string]string{"format": "pt", "k": "v"}); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	for _, s := range []struct{ header, data string }{
		{`{}`, ""},
		{`{"__metadata__":{"a":"b"}}   `, ""},
		{`{"s":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}`, "\x00\x00\x80\x3f"},
		{`{"z":{"dtype":"BF16","shape":[0],"data_offsets":[0,0]},"y":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`, "\x07"},
		{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}`, "\x00\x00\x00\x00"},
		{`{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}`, "\x00\x00\x00\x00"},
		{`{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}`, "\x00\x00\x00\x00"},
		{`{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,0]}}`, "\x00\x00\x00\x00\x00\x00\x00\x00"},
		{`{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}`, "\x00\x00\x00\x00\x00\x00"},
		{`{"a":{"dtype":"X9","shape":[1],"data_offsets":[0,1]}}`, "\x00"},
		{`{"__metadata__":{"a":1}}`, ""},
		{"{\"\xff\":1}", ""},
		{`{"__metadata__":{"brawn.crc32c":"{\"__metadata__\":\"00000000\",\"a\":\"0000000g\"}"},"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]}}`, "\x01"},
		{`{"__metadata__":{"brawn.crc32c":"[1]"}}`, ""},
	} {
		f.Add(rawFile(s.header, []byte(s.data)))
	}
	f.Add([]byte{})
	f.Add([]byte{8, 0, 0, 0, 0, 0, 0, 0, '{', '}'})
	f.Add(binary.LittleEndian.AppendUint64(nil, 1<<63))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := Decode("fuzz.safetensors", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.safetensors: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		if _, ok := file.Metadata[ChecksumKey]; ok {
			t.Fatalf("the checksum entry %q is left in the metadata", ChecksumKey)
		}
		dataLen := len(b) - 8 - int(binary.LittleEndian.Uint64(b))
		covered := 0
		for i := range file.Tensors {
			tn := &file.Tensors[i]
			if got, err := file.Get(tn.Name); err != nil || got != tn {
				t.Fatalf("Get(%q) = %v, %v: not the tensor listed", tn.Name, got, err)
			}
			if want := tn.NumElements() * tn.DType.Size(); len(tn.Data) != want {
				t.Fatalf("tensor %q: %s shape %v but %d data bytes", tn.Name, tn.DType, tn.Shape, len(tn.Data))
			}
			covered += len(tn.Data)
			checkAccessor(t, tn, F32, func() (int, error) { v, err := tn.Float32s(); return len(v), err })
			checkAccessor(t, tn, F64, func() (int, error) { v, err := tn.Float64s(); return len(v), err })
			checkAccessor(t, tn, I64, func() (int, error) { v, err := tn.Int64s(); return len(v), err })
			checkAccessor(t, tn, U64, func() (int, error) { v, err := tn.Uint64s(); return len(v), err })
		}
		if covered != dataLen {
			t.Fatalf("the tensors hold %d bytes of a %d-byte data section", covered, dataLen)
		}
	})
}

// checkAccessor fails t unless get, a typed accessor of tn for dtype d,
// returns all of tn's elements when tn has that dtype and an error
// otherwise.
func checkAccessor(t *testing.T, tn *Tensor, d DType, get func() (int, error)) {
	t.Helper()
	n, err := get()
	switch {
	case tn.DType == d && (err != nil || n != tn.NumElements()):
		t.Fatalf("tensor %q (%s, shape %v): %d elements, error %v", tn.Name, d, tn.Shape, n, err)
	case tn.DType != d && err == nil:
		t.Fatalf("tensor %q of dtype %s read as %s", tn.Name, tn.DType, d)
	}
}
