package model

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/brawn-ml/brawn/checkpoint"
)

// fuzzSeed saves a small trained checkpoint (architecture, min-max
// scaling, class names, adam's state) and returns its bytes.
func fuzzSeed(f *testing.F) []byte {
	arch := MLP{Inputs: 2, Hidden: []int{4}, Classes: 2, Activation: "relu"}
	net, err := arch.Build()
	if err != nil {
		f.Fatal(err)
	}
	sc, tr := trainedXOR(f, net)
	path := tempFile(f)
	m := &Model{Net: net, Arch: &arch, Scaler: sc, ClassNames: []string{"a", "b"}, Epoch: tr.Epoch(), State: tr.Export()}
	if err := Save(path, m); err != nil {
		f.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// withoutChecksums returns the safetensors file b with the checksum entry
// removed from its header's metadata, as another tool writes it; it fails
// f unless the result decodes.
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

// FuzzDecodeModel feeds corrupted model files through everything eval and
// predict do with one: decoding, rebuilding the network, a forward pass
// and saving it again. Whatever the bytes, the result is a model or an
// error naming the file, never a panic.
func FuzzDecodeModel(f *testing.F) {
	b := fuzzSeed(f)
	f.Add(b)
	// Without its checksums, the mutations of its weights and metadata
	// reach the model's decoding instead of failing the CRC.
	f.Add(withoutChecksums(f, b))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode("fuzz", b)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz: ") && !strings.HasPrefix(err.Error(), "reading the model: ") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		x := make([]float32, 2*m.Net.InFeatures())
		m.Predict(x, 2)
		var buf bytes.Buffer
		tensors, meta, err := m.encode()
		if err != nil {
			t.Fatalf("a decoded model does not encode: %v", err)
		}
		if err := checkpoint.Encode(&buf, tensors, meta); err != nil {
			t.Fatalf("a decoded model does not encode: %v", err)
		}
		if _, err := Decode("again", buf.Bytes()); err != nil {
			t.Fatalf("a decoded model, saved again, does not decode: %v", err)
		}
	})
}
