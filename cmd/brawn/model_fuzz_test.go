package main

import (
	"context"
	"encoding/binary"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/brawn-ml/brawn/checkpoint"
)

// FuzzDecodeModel feeds corrupted model files through everything eval and
// predict do with one: decoding, rebuilding the network and a forward
// pass. Whatever the bytes, the result is a model or an error, never a
// panic.
func FuzzDecodeModel(f *testing.F) {
	b, err := os.ReadFile(fuzzModel(f, "--epochs", "1", "--layers", "4", "--normalize", "minmax"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	// The same file without its checksums, as another tool writes it: the
	// mutations of its weights and metadata reach the model's decoding
	// instead of failing the CRC.
	f.Add(withoutChecksums(f, b))
	f.Fuzz(func(t *testing.T, b []byte) {
		file, err := checkpoint.Decode("fuzz", b)
		if err != nil {
			return
		}
		tensors := map[string]tensorEntry{}
		for i := range file.Tensors {
			v, err := file.Tensors[i].Float32s()
			if err != nil {
				return
			}
			tensors[file.Tensors[i].Name] = tensorEntry{Shape: file.Tensors[i].Shape, Data: v}
		}
		m, err := decodeModel("fuzz", tensors, file.Metadata)
		if err != nil {
			return
		}
		net, err := m.network()
		if err != nil {
			return
		}
		x := make([]float32, 2*m.Arch.Inputs)
		predictions(net, x, m.Arch.Inputs, 2)
	})
}

// fuzzModel trains a small model on the blobs with the extra train flags
// and returns the path of its file, the seed of the model fuzz targets.
func fuzzModel(f *testing.F, extra ...string) string {
	dir := f.TempDir()
	train, test := filepath.Join(dir, "train.csv"), filepath.Join(dir, "test.csv")
	blobs(f, train, 60, 1)
	blobs(f, test, 30, 2)
	model := filepath.Join(dir, "m.safetensors")
	if _, _, err := runCLI(context.Background(), blobArgs(train, test, append([]string{"--save", model}, extra...)...)...); err != nil {
		f.Fatal(err)
	}
	return model
}

// withoutChecksums returns the safetensors file b with the checksum entry
// removed from its header's metadata; it fails f unless the result decodes.
func withoutChecksums(f *testing.F, b []byte) []byte {
	n := binary.LittleEndian.Uint64(b)
	var header map[string]json.RawMessage
	var meta map[string]string
	if err := json.Unmarshal(b[8:8+n], &header); err != nil {
		f.Fatal(err)
	}
	if err := json.Unmarshal(header["__metadata__"], &meta); err != nil {
		f.Fatal(err)
	}
	delete(meta, checkpoint.ChecksumKey)
	var err error
	if header["__metadata__"], err = json.Marshal(meta); err != nil {
		f.Fatal(err)
	}
	h, err := json.Marshal(header)
	if err != nil {
		f.Fatal(err)
	}
	out := append(binary.LittleEndian.AppendUint64(nil, uint64(len(h))), h...)
	out = append(out, b[8+n:]...)
	if _, err := checkpoint.Decode("unchecked", out); err != nil {
		f.Fatal(err)
	}
	return out
}
