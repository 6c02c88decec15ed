package checkpoint

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"unicode/utf8"

	"github.com/brawn-ml/brawn/internal/atomicfile"
)

// headerEntry is one tensor's description in the JSON header.
type headerEntry struct {
	DType       DType     `json:"dtype"`
	Shape       []int     `json:"shape"`
	DataOffsets [2]uint64 `json:"data_offsets"`
}

// Encode writes tensors and metadata to w in the safetensors format: the
// data section holds the tensors in the order given, back to back; the
// header is padded with spaces so that the data section starts at a
// multiple of 8 bytes. metadata may be nil; Encode adds the ChecksumKey
// entry to it. It returns an error, before writing anything, for an invalid
// tensor (empty or duplicate name, unknown dtype, negative dimension, data
// length not matching the shape), metadata that is not valid UTF-8, or
// metadata that has a ChecksumKey entry of its own.
func Encode(w io.Writer, tensors []Tensor, metadata map[string]string) error {
	header, err := encodeHeader(tensors, metadata)
	if err != nil {
		return err
	}
	var n [8]byte
	binary.LittleEndian.PutUint64(n[:], uint64(len(header)))
	if _, err := w.Write(n[:]); err != nil {
		return err
	}
	if _, err := w.Write(header); err != nil {
		return err
	}
	for i := range tensors {
		if _, err := w.Write(tensors[i].Data); err != nil {
			return err
		}
	}
	return nil
}

// encodeHeader returns the padded JSON header.
func encodeHeader(tensors []Tensor, metadata map[string]string) ([]byte, error) {
	entries := make(map[string]any, len(tensors)+1)
	var offset uint64
	for i := range tensors {
		t := &tensors[i]
		if err := t.check(); err != nil {
			return nil, err
		}
		if _, dup := entries[t.Name]; dup {
			return nil, fmt.Errorf("tensor name %q appears twice", t.Name)
		}
		end := offset + uint64(len(t.Data))
		entries[t.Name] = headerEntry{DType: t.DType, Shape: cloneInts(t.Shape), DataOffsets: [2]uint64{offset, end}}
		offset = end
	}
	metadata, err := withChecksums(tensors, metadata)
	if err != nil {
		return nil, err
	}
	if len(metadata) > 0 {
		for k, v := range metadata {
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return nil, fmt.Errorf("metadata %q: keys and values must be valid UTF-8", k)
			}
		}
		entries[metadataKey] = metadata
	}
	header, err := json.Marshal(entries) // keys sorted: the header is deterministic
	if err != nil {
		return nil, err
	}
	for len(header)%8 != 0 {
		header = append(header, ' ')
	}
	return header, nil
}

// Write stores tensors and metadata (see Encode) in a safetensors file at
// path, atomically: it writes a temporary file in the same directory,
// fsyncs it, renames it over path and fsyncs the directory, so that path
// holds either its old content or the complete new file, even after a
// crash. A symbolic link is followed (the file it points to is replaced);
// a fifo or device is written in place. The file gets mode 0644. Errors
// name the path.
func Write(path string, tensors []Tensor, metadata map[string]string) error {
	err := atomicfile.Write(path, 0o666, func(w io.Writer) error {
		return Encode(w, tensors, metadata)
	})
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
