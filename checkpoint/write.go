package checkpoint

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"unicode/utf8"
)

// metadataKey is the header key of the string-to-string metadata map.
const metadataKey = "__metadata__"

// headerEntry is one tensor's description in the JSON header.
type headerEntry struct {
	DType       DType     `json:"dtype"`
	Shape       []int     `json:"shape"`
	DataOffsets [2]uint64 `json:"data_offsets"`
}

// Encode writes tensors and metadata to w in the safetensors format: the
// data section holds the tensors in the order given, back to back; the
// header is padded with spaces so that the data section starts at a
// multiple of 8 bytes. metadata may be nil. It returns an error, before
// writing anything, for an invalid tensor (empty or duplicate name, unknown
// dtype, negative dimension, data length not matching the shape) or
// metadata that is not valid UTF-8.
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
// crash. The file gets mode 0644. Errors name the path.
func Write(path string, tensors []Tensor, metadata map[string]string) (err error) {
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("%s: %w", path, err)
		}
	}()
	bw := bufio.NewWriterSize(f, 1<<20)
	if err = Encode(bw, tensors, metadata); err != nil {
		return err
	}
	if err = bw.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir fsyncs a directory so that a rename in it is durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !isUnsupportedSync(err) {
		return err
	}
	return nil
}
